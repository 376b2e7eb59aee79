"""Export a checkpoint for the browser:
python -m training.export --ckpt runs/sr-x2-iln/ckpt.pt [--out models/sr-x2-iln] [--float32] [--eval]

Writes model.json (TensorFlow.js weights-manifest format), weights.bin, card.json and the
golden test vectors (golden.json + golden.bin) that the TypeScript engine must reproduce.
"""
from __future__ import annotations

import argparse
import json
import platform
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from .arch import ARCH_VERSION, RestorationTransformer, count_params
from .checkpoint import load_ema_model, stage_curves, stage_recipe, with_curves
from .features import layer_feature_stats
from .golden import golden_input, write_golden
from .inference import keep_freed_memory
from .photo_recipes import photo_recipe
from .tasks import get_task, model_name

MODEL_FORMAT = "iln-restore"
SIZE_RATIONALE = (
    "C=48, G=2, L=2, H=2 (147K parameters, under 300 kB at float16): on the 2-core training "
    "machine a step of 16x48^2 patches cost 0.97 s at C=32/L=2, 1.69-1.88 s at C=32/L=4 and "
    "1.13-1.31 s at C=48/L=2 (2 threads), so width was nearly free and depth was not; two heads "
    "train faster than four on CPU; and the browser runs the network on every tile, so a small, "
    "shallow net keeps WASM and software GPUs usable."
)


def tfjs_layout(name: str, t: torch.Tensor) -> np.ndarray:
    """PyTorch layout -> the engine's: conv (O, I, kh, kw) -> HWIO, linear (out, in) -> (in, out)."""
    a = t.detach().float().numpy()
    if a.ndim == 4:
        return a.transpose(2, 3, 1, 0)
    if a.ndim == 2 and not name.endswith("relative_position_bias_table"):
        return a.T
    return a


def weight_entries(model: RestorationTransformer) -> list[tuple[str, np.ndarray]]:
    return [(name, np.ascontiguousarray(tfjs_layout(name, t))) for name, t in model.state_dict().items()]


def write_weights(entries, out: Path, float16: bool) -> dict:
    """weights.bin and its manifest; float16 uses tfjs's quantization field, so
    tf.io.decodeWeights dequantizes it to float32."""
    specs, chunks = [], []
    for name, a in entries:
        spec = {"name": name, "shape": list(a.shape), "dtype": "float32"}
        if float16:
            spec["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
            chunks.append(a.astype("<f2").tobytes())
        else:
            chunks.append(a.astype("<f4").tobytes())
        specs.append(spec)
    data = b"".join(chunks)
    (out / "weights.bin").write_bytes(data)
    return {"paths": ["weights.bin"], "weights": specs, "bytes": len(data)}


def model_manifest(model: RestorationTransformer, task: str, manifest: dict,
                   variant: str = "benchmark") -> dict:
    a = model.args
    if a.mlp_conv:
        raise ValueError("this network has a depthwise conv in its MLPs (mlp_conv), which the "
                         "tfjs engine does not run yet: it cannot be exported")
    return {
        "format": MODEL_FORMAT,
        "task": task,
        "variant": variant,
        "arch": {"version": ARCH_VERSION, "dim": a.dim, "groups": a.groups, "depth": a.depth,
                 "heads": a.heads, "window": a.window, "mlpRatio": a.mlp_ratio, "scale": a.scale,
                 "norm": a.norm, "unshuffle": a.unshuffle},
        "padMultiple": a.pad_multiple,
        "padMode": "reflect, or edge where the image is smaller than the padding",
        "weightsManifest": [{"paths": manifest["paths"], "weights": manifest["weights"]}],
    }


def is_default_size(a) -> bool:
    return (a.dim, a.groups, a.depth, a.heads) == (48, 2, 2, 2)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine() or "unknown CPU"


def photo_training(cfg: dict) -> dict:
    """What a photo model's degradations were: the recipe's name and every range it holds."""
    if cfg.get("variant") != "photo":
        return {}
    recipe = photo_recipe(cfg.get("photo_recipe", "default"))
    chain = {"sr-x2": recipe.sr, "sr-x4": recipe.sr, "denoise": recipe.denoise,
             "dejpeg": recipe.dejpeg, "derain": recipe.derain}[cfg["task"]]
    card = {"name": cfg.get("photo_recipe", "default"), "chain": asdict(chain),
            "source": "training/photo_chains.py"}
    history = recipe.history
    share = {"sr-x2": history.sr_share, "sr-x4": history.sr_share, "dejpeg": history.dejpeg_share,
             "denoise": history.denoise_share}.get(cfg["task"], 0.0)
    if share:  # a web image's history for that share of the patches (training/web_history.py)
        card["webHistory"] = {"share": share, **asdict(history.camera if cfg["task"] == "denoise"
                                                       else history.web),
                              "source": "training/web_history.py"}
    return {"photoRecipe": card}


def build_card(model, state: dict, task: str, weight_bytes: int, float16: bool) -> dict:
    cfg, t = state["config"], get_task(task)
    log = state["log"]
    earlier = with_curves(log.get("earlier", []), cfg.get("init_from", ""))
    variant = cfg.get("variant", "benchmark")
    sets = t.train_sets + (t.photo_train_sets if variant == "photo" else ())
    return {
        "name": model_name(task, model.args.norm, variant),
        "task": task,
        "variant": variant,
        "description": t.description + (" for photos" if variant == "photo" else ""),
        "norm": model.args.norm,
        "arch": model_manifest(model, task, {"paths": [], "weights": []}, variant)["arch"],
        "padMultiple": model.args.pad_multiple,
        "scale": model.args.scale,
        "params": count_params(model),
        "sizeRationale": SIZE_RATIONALE if is_default_size(model.args) else "a non-default size",
        "weightsBytes": weight_bytes,
        "weightsDtype": "float16" if float16 else "float32",
        "training": {
            "data": [f"train/{s}" for s in sets],
            **({"imagesRead": log["trainImages"]} if "trainImages" in log else {}),
            **photo_training(cfg),
            "steps": state["step"],
            "wallTimeS": round(state["elapsed_s"]),
            "hardware": cfg.get("hardware") or f"{cpu_name()}, {cfg['threads']} torch thread(s), torch {torch.__version__}",
            "recipe": stage_recipe(cfg),
            # the stages this one was initialised from, newest first; totals count them all
            "earlierStages": earlier,
            "totalSteps": state["step"] + sum(s["steps"] for s in earlier),
            "totalWallTimeS": round(state["elapsed_s"]) + sum(s["wallTimeS"] for s in earlier),
            **stage_curves(log),
        },
    }


def feature_probe(model, task: str, data: str | None) -> dict:
    """Per-layer feature magnitude and channel entropy on a fixed image: the first image of
    the task's first validation set, degraded as for evaluation (the golden input without data)."""
    from .data import DEFAULT_DATA
    from .val_data import val_pairs

    t = get_task(task)
    try:
        name, lq, _ = val_pairs(t, t.val_sets[0], Path(data) if data else DEFAULT_DATA, limit=1)[0]
    except FileNotFoundError:
        name, lq = "golden input", golden_input()
    return {"image": f"{t.val_sets[0]}/{name}" if name != "golden input" else name,
            "layers": layer_feature_stats(model, lq)}


def export(ckpt: Path, out: Path, float16: bool = True, run_eval: bool = False, data: str = "") -> dict:
    model, state = load_ema_model(ckpt)
    task, variant = state["config"]["task"], state["config"].get("variant", "benchmark")
    out.mkdir(parents=True, exist_ok=True)
    manifest = write_weights(weight_entries(model), out, float16)
    (out / "model.json").write_text(json.dumps(model_manifest(model, task, manifest, variant), indent=1))
    card = build_card(model, state, task, manifest["bytes"], float16)
    if run_eval:
        from .evaluate import evaluate_model  # imported late: it reads the datasets

        card["metrics"] = evaluate_model(model, task, data or None, cases=variant)
        card["metricsCommand"] = f"python -m training.evaluate --ckpt {ckpt}"
    card["featureStats"] = feature_probe(model, task, data or None)
    write_golden(model, out, float16)
    (out / "card.json").write_text(json.dumps(card, indent=1))
    return card


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ckpt", required=True, type=Path)
    p.add_argument("--out", type=Path, help="default models/<task>[-photo]-<norm>")
    p.add_argument("--float32", action="store_true", help="store float32 weights (default float16)")
    p.add_argument("--eval", action="store_true", help="measure the validation sets into card.json")
    p.add_argument("--data", default="", help="datasets root (default ../shared/datasets)")
    a = p.parse_args(argv)
    keep_freed_memory()
    state = torch.load(a.ckpt, map_location="cpu")
    cfg = state["config"]
    out = a.out or Path("models") / model_name(cfg["task"], state["arch"]["norm"], cfg.get("variant", "benchmark"))
    card = export(a.ckpt, out, not a.float32, a.eval, a.data)
    print(f"wrote {out}: {card['params']} params, {card['weightsBytes']} bytes of weights")


if __name__ == "__main__":
    main()
