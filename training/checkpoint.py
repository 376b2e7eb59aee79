"""Checkpoints that carry their constructor args, so a model rebuilds from the file alone."""
from __future__ import annotations

import io
import pickle
import zipfile
from dataclasses import asdict
from pathlib import Path

import torch

from .arch import ArchArgs, build_model, RestorationTransformer


def save_checkpoint(path: Path, arch: ArchArgs, config: dict, model, ema, opt, step: int,
                    elapsed_s: float, log: dict, rng_state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save({"arch": asdict(arch), "config": config, "model": model.state_dict(),
                "ema": ema.state_dict(), "opt": opt.state_dict(), "step": step,
                "elapsed_s": elapsed_s, "log": log, "rng": rng_state}, tmp)
    tmp.replace(path)  # never leave a half-written checkpoint behind


class _NoTensors(pickle.Unpickler):
    """Unpickles a checkpoint's record with every tensor left out (None): its step, stage, log
    and config, without reading a byte of the weights or Adam's moments."""

    def find_class(self, module: str, name: str):
        if module.split(".")[0] == "torch":
            return _left_out
        return super().find_class(module, name)

    def persistent_load(self, pid):
        return None  # a storage: not read


def _left_out(*args, **kwargs) -> None:
    return None


def read_record(path: Path) -> dict:
    """The checkpoint without its tensors (torch.save's zip format): for a status that reads
    the steps of many checkpoints."""
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith("data.pkl"))
        return _NoTensors(io.BytesIO(z.read(name))).load()


def load_checkpoint(path: Path, model, ema, opt) -> dict:
    state = torch.load(path, map_location=next(model.parameters()).device)
    model.load_state_dict(state["model"])
    ema.load_state_dict(state["ema"])
    opt.load_state_dict(state["opt"])
    return state


STAGE_RECIPE = ("batch", "patch", "lr", "min_lr", "warmup", "ema", "grad_clip", "seed", "steps",
                "init_from", "graphics", "clean_share", "variant", "photo_recipe", "teacher", "distil")


def stage_recipe(cfg: dict) -> dict:
    """The training arguments a model card reports (the JPEG qualities only for dejpeg)."""
    jpeg = ("jpeg_q_min", "jpeg_q_max", "jpeg_q_power")
    keys = STAGE_RECIPE + (jpeg if cfg.get("task") == "dejpeg" else ())
    recipe = {k: cfg[k] for k in keys if k in cfg}
    if cfg.get("variant") != "photo":  # benchmark stages: no photo recipe to report
        recipe.pop("photo_recipe", None)
    if not cfg.get("teacher"):  # only distilled stages name a teacher and its weight
        recipe.pop("teacher", None)
        recipe.pop("distil", None)
    return recipe


def stage_history(path: Path | str) -> list[dict]:
    """The training stages behind a checkpoint, newest first: the checkpoint's own stage, then the
    stages it was initialised from. A model card needs the whole chain (e.g. denoise continued from
    denoise, which began from dejpeg) to say how long a model really trained. A checkpoint that
    predates this record is followed through its `init_from` path while that file still exists.
    An exported model folder (models/<task>-<norm>) reads the chain from its card."""
    if Path(path).is_dir():
        return card_stage_history(Path(path))
    state = torch.load(path, map_location="cpu")
    cfg = state["config"]
    own = {"task": cfg["task"], "norm": cfg["norm"], "steps": state["step"],
           "wallTimeS": round(state["elapsed_s"]), "hardware": cfg.get("hardware", ""),
           "recipe": stage_recipe(cfg), **stage_curves(state["log"])}
    src = cfg.get("init_from", "")
    if "earlier" in state["log"]:
        return [own, *with_curves(state["log"]["earlier"], src)]
    return [own, *(stage_history(src) if src and Path(src).exists() else [])]


def stage_curves(log: dict) -> dict:
    """A stage's curves as a card keeps them: about 100 loss points and every validation."""
    loss = log.get("loss", [])
    return {"lossCurve": loss[:: max(1, len(loss) // 100)], "valCurve": log.get("val", [])}


def with_curves(earlier: list[dict], init_from: str) -> list[dict]:
    """Earlier stages (newest first) recorded before stages kept their curves: fill each one's
    curves from the file it was initialised from, where that file is still here and is that
    stage (an exported folder may since hold a newer model: its steps must match)."""
    out = []
    for stage in earlier:
        if "lossCurve" not in stage and init_from and Path(init_from).exists():
            curves = source_curves(Path(init_from), stage["steps"])
            stage = {**stage, **curves} if curves else stage
        out.append(stage)
        init_from = stage.get("recipe", {}).get("init_from", "")
    return out


def source_curves(path: Path, steps: int) -> dict | None:
    if path.is_dir():
        t = card_stage_history(path)[0]
        return {k: t[k] for k in ("lossCurve", "valCurve") if k in t} if t["steps"] == steps else None
    state = torch.load(path, map_location="cpu")
    return stage_curves(state["log"]) if state["step"] == steps else None


def card_stage_history(model_dir: Path) -> list[dict]:
    """The stages behind an exported model, newest first, as its card records them."""
    import json

    card = json.loads((model_dir / "card.json").read_text())
    t = card["training"]
    own = {"task": card["task"], "norm": card["norm"], "steps": t["steps"],
           "wallTimeS": t["wallTimeS"], "hardware": t.get("hardware", ""),
           "recipe": t["recipe"], "exported": str(model_dir),
           **{k: t[k] for k in ("lossCurve", "valCurve") if k in t}}
    return [own, *t.get("earlierStages", [])]


def initial_weights(path: Path | str) -> dict:
    """The weights a new stage starts from: a checkpoint's EMA, or an exported model folder's
    weights (float16-rounded when it was exported so), for when its checkpoint is gone."""
    if Path(path).is_dir():
        return load_exported(path)[0].state_dict()
    return torch.load(path, map_location="cpu")["ema"]


def load_ema_model(path: Path | str) -> tuple[RestorationTransformer, dict]:
    """The EMA weights of a checkpoint as an eval-mode model, plus the whole checkpoint."""
    state = torch.load(path, map_location="cpu")
    model = build_model(state["arch"])
    model.load_state_dict(state["ema"])
    return model.eval(), state


def load_exported(model_dir: Path | str) -> tuple[RestorationTransformer, dict]:
    """A model rebuilt from an export (model.json + weights.bin, float16 or float32): what the
    browser runs, in PyTorch. Returns the model and the manifest."""
    import json

    import numpy as np

    model_dir = Path(model_dir)
    manifest = json.loads((model_dir / "model.json").read_text())
    a = manifest["arch"]
    model = build_model({"dim": a["dim"], "groups": a["groups"], "depth": a["depth"], "heads": a["heads"],
                         "window": a["window"], "mlp_ratio": a["mlpRatio"], "scale": a["scale"],
                         "norm": a["norm"], "unshuffle": a.get("unshuffle", 1)})
    group = manifest["weightsManifest"][0]
    data = b"".join((model_dir / p).read_bytes() for p in group["paths"])
    state, offset = {}, 0
    for spec in group["weights"]:
        dtype = "<f2" if spec.get("quantization") else "<f4"
        n = int(np.prod(spec["shape"]))
        arr = np.frombuffer(data, dtype, n, offset).astype(np.float32).reshape(spec["shape"])
        offset += n * np.dtype(dtype).itemsize
        if arr.ndim == 4:  # HWIO -> (O, I, kh, kw)
            arr = arr.transpose(3, 2, 0, 1)
        elif arr.ndim == 2 and not spec["name"].endswith("relative_position_bias_table"):
            arr = arr.T
        state[spec["name"]] = torch.from_numpy(np.ascontiguousarray(arr))
    model.load_state_dict(state)
    return model.eval(), manifest
