"""Score a model with the papers' conventions, on the benchmark cases or the photo cases:
python -m training.evaluate --ckpt runs/sr-x2-iln/ckpt.pt [--set Set5] [--cases photo] [--json out.json]
python -m training.evaluate --model models/denoise-photo-iln --pairs DIR   # real pairs of your own
python -m training.evaluate --before models/dejpeg-photo-iln --model models/sr-x2-photo-iln --cases photo
    # a chain (the app's Restore as suggested): each --before model first, its result the next one's input

SR: PSNR/SSIM on Y with `scale` border pixels cropped, HR cropped to a multiple of the scale,
baseline = MATLAB bicubic upscaling of the input. Denoise/JPEG: RGB, baseline = the degraded
input. Derain: Y, baseline = the rainy input. Real pairs (DIR/input, DIR/target, matching names;
training/val_data.py): for SR an input as large as its target is first reduced by area averaging
over scale x scale blocks (City100's protocol), an input 1/scale of it is used as it is.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from .checkpoint import load_ema_model, load_exported
from . import degrade as D
from .data import DEFAULT_DATA
from .val_data import val_pairs
from .inference import baseline, keep_freed_memory, restore, score
from .tasks import get_task, model_name

DEFAULT_SETTINGS = {"denoise": [("sigma", s) for s in (15, 25, 50)],
                    "dejpeg": [("quality", q) for q in (10, 20, 30, 40, 90)]}
# The photo models' cases: the photo-like synthetic cases, the real pairs, and one benchmark
# setting each so a photo model's benchmark ability shows beside them.
# A web image's history (val_data.py): saved at q=35, then re-saved at q=90 (on a moved grid: a crop
# of 5 px from the top and 3 px from the left between the saves).
RESAVED = {"quality": 35, "resave": 90}
RESAVED_SHIFTED = {**RESAVED, "shift": (5, 3)}
PHOTO_EVAL = {
    "sr-x2": [("Kodak24", {"downscale": "pil", "quality": 70}), ("Kodak24", {"downscale": "pil", **RESAVED}),
              ("City100-iPhoneX", {}), ("Set5", {}), ("Set14", {})],
    "sr-x4": [("Kodak24", {"downscale": "pil", "quality": 70}), ("Kodak24", {"downscale": "pil", **RESAVED}),
              ("Set5", {}), ("Set14", {})],
    "denoise": [("PolyU", {}), ("Kodak24", {"sigma": 15, "quality": 90}), ("CBSD68", {"sigma": 25}),
                ("Kodak24", {"sigma": 10, "quality": 70, "resave": 90})],
    "dejpeg": [("Kodak24", {"sigma": 8, "quality": 40}), ("Kodak24", RESAVED), ("Kodak24", RESAVED_SHIFTED),
               *(("LIVE1", {"quality": q}) for q in (10, 30, 90))],
    "derain": [("Rain100H", {"quality": 75}), ("Rain100H", {})],
}
# A model must leave a clean photo alone: Kodak24 without degradation, scored against its input.
IDENTITY_SETS = {"benchmark": {"derain": ["Kodak24"]},
                 "photo": {"denoise": ["Kodak24"], "dejpeg": ["Kodak24"], "derain": ["Kodak24"]}}
CASES = ("benchmark", "photo")


def eval_cases(task_name: str, cases: str = "benchmark") -> list[tuple[str, dict]]:
    """(set, setting) of every scored case, without the identity checks."""
    if cases not in CASES:
        raise ValueError(f"cases must be one of {', '.join(CASES)}, got {cases!r}")
    if cases == "photo":
        if task_name not in PHOTO_EVAL:
            raise ValueError(f"{task_name} has no photo cases; tasks with them: {', '.join(PHOTO_EVAL)}")
        return [(s, dict(kw)) for s, kw in PHOTO_EVAL[task_name]]
    return [(s, {k: v} if k else {}) for s in get_task(task_name).val_sets
            for k, v in DEFAULT_SETTINGS.get(task_name, [(None, None)])]


def restore_through(model, lq: np.ndarray) -> np.ndarray:
    """One model, or a list run in order (the result of each the input of the next)."""
    out = lq
    for m in model if isinstance(model, list) else [model]:
        out = D.to_float(restore(m, out))
    return D.to_uint8(out)


def evaluate_set(model, task_name: str, set_name: str, data: Path, limit: int | None = None,
                 save_inputs: Path | None = None, folder: Path | None = None, **degradation) -> dict:
    task = get_task(task_name)
    rows = []
    t0 = time.time()
    setting = ",".join(f"{k}={v}" for k, v in degradation.items())
    for name, lq, clean in val_pairs(task, set_name, data, limit, folder=folder, **degradation):
        if save_inputs:  # the exact degraded inputs, so `npm run eval -- --inputs` scores the same
            folder = save_inputs / set_name / (setting or "default")
            folder.mkdir(parents=True, exist_ok=True)
            np.save(folder / f"{name}.npy", lq.astype(np.float32))
        p, s = score(task, restore_through(model, lq), clean)
        row = {"image": name, "psnr": p, "ssim": s}
        if degradation.get("input") != "clean":  # an undegraded input has no baseline to beat
            row["baselinePsnr"], row["baselineSsim"] = score(task, baseline(task, lq), clean)
        rows.append(row)
    mean = {k: round(float(np.mean([r[k] for r in rows])), 4)
            for k in ("psnr", "ssim", "baselinePsnr", "baselineSsim") if k in rows[0]}
    return {"set": set_name, "setting": setting, "space": task.metric_space, "n": len(rows),
            **mean, "seconds": round(time.time() - t0, 1), "images": rows}


def evaluate_model(model, task_name: str, data: str | Path | None = None,
                   sets: list[str] | None = None, limit: int | None = None,
                   save_inputs: Path | None = None, clean: bool = False,
                   cases: str = "benchmark") -> list[dict]:
    """Every case (`cases`: the benchmark's or the photo models'; `sets` keeps only those
    sets), then the identity checks; `clean` scores only the given sets with clean inputs
    (the model should return them unchanged)."""
    task = get_task(task_name)
    root = Path(data) if data else DEFAULT_DATA
    identity = IDENTITY_SETS[cases].get(task_name, [])
    if clean:
        return [evaluate_set(model, task_name, s, root, limit, save_inputs, input="clean")
                for s in sets or identity or task.val_sets]
    chosen = [(s, kw) for s, kw in eval_cases(task_name, cases) if not sets or s in sets]
    chosen += [(s, {}) for s in sets or [] if s not in {c for c, _ in chosen}]
    results = [evaluate_set(model, task_name, s, root, limit, save_inputs, **kw) for s, kw in chosen]
    for set_name in [] if sets else identity:
        results.append(evaluate_set(model, task_name, set_name, root, limit, input="clean"))
    return results


def format_table(task_name: str, results: list[dict]) -> str:
    base = "bicubic" if get_task(task_name).scale > 1 else "input"
    lines = [f"{'set':16} {'setting':24} {'n':>3} {'PSNR':>8} {'SSIM':>7} {base + ' PSNR':>13} "
             f"{base + ' SSIM':>13}"]
    for r in results:
        base_psnr, base_ssim = (f"{r['baselinePsnr']:13.2f}", f"{r['baselineSsim']:13.4f}") \
            if "baselinePsnr" in r else (f"{'(identity)':>13}", f"{'-':>13}")
        lines.append(f"{r['set']:16} {r['setting'] or '-':24} {r['n']:>3} {r['psnr']:8.2f} "
                     f"{r['ssim']:7.4f} {base_psnr} {base_ssim}")
    return "\n".join(lines)


def load_any(path: Path):
    """A checkpoint's EMA network or an exported model folder's."""
    return load_ema_model(path)[0] if path.suffix == ".pt" else load_exported(path)[0]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--ckpt", type=Path, help="a training checkpoint (its EMA weights)")
    src.add_argument("--model", type=Path, help="an exported model folder (what the browser runs)")
    p.add_argument("--before", type=Path, action="append", default=[],
                   help="an exported model or checkpoint to run first (repeatable, in order): a chain")
    p.add_argument("--set", action="append", help="a folder under val/ (repeatable); default: the task's")
    p.add_argument("--pairs", type=Path, help="a folder of real pairs (input/, target/) to score")
    p.add_argument("--cases", choices=CASES,
                   help="the benchmark's cases or the photo models' (default: the model's kind)")
    p.add_argument("--data", default=str(DEFAULT_DATA))
    p.add_argument("--limit", type=int, help="only the first N images of each set")
    p.add_argument("--json", type=Path, help="also write the results here")
    p.add_argument("--clean", action="store_true",
                   help="same-size tasks: feed the clean images and score the output against them")
    p.add_argument("--save-inputs", type=Path,
                   help="write each degraded input as <dir>/<set>/<setting>/<image>.npy (float32)")
    a = p.parse_args(argv)
    keep_freed_memory()
    if a.ckpt:
        model, state = load_ema_model(a.ckpt)
        task, norm, label = state["config"]["task"], state["arch"]["norm"], f"step {state['step']}"
        variant = state["config"].get("variant", "benchmark")
    else:
        model, manifest = load_exported(a.model)
        task, norm, label = manifest["task"], manifest["arch"]["norm"], str(a.model)
        variant = manifest.get("variant", "benchmark")
    if a.before:
        model = [load_any(m) for m in a.before] + [model]
        label = " then ".join([*map(str, a.before), label])
    if a.pairs:
        results = [evaluate_set(model, task, a.pairs.name, Path(a.data), a.limit, a.save_inputs,
                                folder=a.pairs)]
    else:
        results = evaluate_model(model, task, a.data, a.set, a.limit, a.save_inputs, a.clean,
                                 a.cases or variant)
    print(f"{model_name(task, norm, variant)} ({label})")
    print(format_table(task, results))
    if a.json:
        a.json.write_text(json.dumps({"task": task, "norm": norm, "source": label, "results": results},
                                     indent=1))


if __name__ == "__main__":
    main()
