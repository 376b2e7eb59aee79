"""Checkpoints that carry their constructor args, so a model rebuilds from the file alone."""
from __future__ import annotations

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


def load_checkpoint(path: Path, model, ema, opt) -> dict:
    state = torch.load(path, map_location="cpu")
    model.load_state_dict(state["model"])
    ema.load_state_dict(state["ema"])
    opt.load_state_dict(state["opt"])
    return state


def load_ema_model(path: Path | str) -> tuple[RestorationTransformer, dict]:
    """The EMA weights of a checkpoint as an eval-mode model, plus the whole checkpoint."""
    state = torch.load(path, map_location="cpu")
    model = build_model(state["arch"])
    model.load_state_dict(state["ema"])
    return model.eval(), state
