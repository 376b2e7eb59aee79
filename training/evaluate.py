"""Score a model on the benchmark sets with the papers' conventions:
python -m training.evaluate --ckpt runs/sr-x2-iln/ckpt.pt [--set Set5] [--json out.json]

SR: PSNR/SSIM on Y with `scale` border pixels cropped, HR cropped to a multiple of the scale,
baseline = MATLAB bicubic upscaling. Denoise/JPEG: RGB, baseline = the degraded input.
Derain: Y, baseline = the rainy input.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from .checkpoint import load_ema_model, load_exported
from .data import DEFAULT_DATA, val_pairs
from .inference import baseline, keep_freed_memory, restore, score
from .tasks import get_task

DEFAULT_SETTINGS = {"denoise": [("sigma", s) for s in (15, 25, 50)],
                    "dejpeg": [("quality", q) for q in (10, 20, 30, 40, 90)]}
# A model must leave a clean photo alone: derain on rain-free Kodak24, scored against its input.
IDENTITY_SETS = {"derain": ["Kodak24"]}


def evaluate_set(model, task_name: str, set_name: str, data: Path, limit: int | None = None,
                 save_inputs: Path | None = None, **degradation) -> dict:
    task = get_task(task_name)
    rows = []
    t0 = time.time()
    setting = ",".join(f"{k}={v}" for k, v in degradation.items())
    for name, lq, clean in val_pairs(task, set_name, data, limit, **degradation):
        if save_inputs:  # the exact degraded inputs, so `npm run eval -- --inputs` scores the same
            folder = save_inputs / set_name / (setting or "default")
            folder.mkdir(parents=True, exist_ok=True)
            np.save(folder / f"{name}.npy", lq.astype(np.float32))
        p, s = score(task, restore(model, lq), clean)
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
                   save_inputs: Path | None = None, clean: bool = False) -> list[dict]:
    """Every default setting of every set, then the identity checks; `clean` scores only the
    given sets with clean inputs (the model should return them unchanged)."""
    task = get_task(task_name)
    root = Path(data) if data else DEFAULT_DATA
    if clean:
        return [evaluate_set(model, task_name, s, root, limit, save_inputs, input="clean")
                for s in sets or IDENTITY_SETS.get(task_name, task.val_sets)]
    results = []
    for set_name in sets or task.val_sets:
        for key, value in DEFAULT_SETTINGS.get(task_name, [(None, None)]):
            kw = {key: value} if key else {}
            results.append(evaluate_set(model, task_name, set_name, root, limit, save_inputs, **kw))
    for set_name in [] if sets else IDENTITY_SETS.get(task_name, []):
        results.append(evaluate_set(model, task_name, set_name, root, limit, input="clean"))
    return results


def format_table(task_name: str, results: list[dict]) -> str:
    base = "bicubic" if get_task(task_name).scale > 1 else "input"
    lines = [f"{'set':10} {'setting':12} {'n':>3} {'PSNR':>8} {'SSIM':>7} {base + ' PSNR':>13} "
             f"{base + ' SSIM':>13}"]
    for r in results:
        base_psnr, base_ssim = (f"{r['baselinePsnr']:13.2f}", f"{r['baselineSsim']:13.4f}") \
            if "baselinePsnr" in r else (f"{'(identity)':>13}", f"{'-':>13}")
        lines.append(f"{r['set']:10} {r['setting'] or '-':12} {r['n']:>3} {r['psnr']:8.2f} "
                     f"{r['ssim']:7.4f} {base_psnr} {base_ssim}")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--ckpt", type=Path, help="a training checkpoint (its EMA weights)")
    src.add_argument("--model", type=Path, help="an exported model folder (what the browser runs)")
    p.add_argument("--set", action="append", help="a folder under val/ (repeatable); default: the task's")
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
    else:
        model, manifest = load_exported(a.model)
        task, norm, label = manifest["task"], manifest["arch"]["norm"], str(a.model)
    results = evaluate_model(model, task, a.data, a.set, a.limit, a.save_inputs, a.clean)
    print(f"{task}-{norm} ({label})")
    print(format_table(task, results))
    if a.json:
        a.json.write_text(json.dumps({"task": task, "norm": norm, "source": label, "results": results},
                                     indent=1))


if __name__ == "__main__":
    main()
