"""Knowledge distillation: a larger network's output as a second target for a smaller one.

The x2 photo floor of issue 23 is out of reach for today's network trained on the ground truth
alone (even when trained on nothing but the floor's own case), while a network of 2.2x the FLOPs
comes closer. A teacher's output is a target the student can fit more easily than the ground
truth (it holds only what a restoration network can predict from the input), so the student
learns `(1 - weight) * L(student, gt) + weight * L(student, teacher)`. Measured on that floor
(training/plans/photo-distil-sr.json, models/NOTES.md): today's network took none of a 0.055 dB margin.
"""
from __future__ import annotations

from pathlib import Path

import torch

from .arch import RestorationTransformer
from .checkpoint import load_ema_model, load_exported
from .losses import pixel_loss


def load_teacher(path: str, scale: int, device: torch.device) -> RestorationTransformer:
    """The teacher as a frozen eval-mode model: a checkpoint's EMA weights or an exported folder.
    Its scale must be the student's, or its output would not line up with the target."""
    model = load_exported(path)[0] if Path(path).is_dir() else load_ema_model(path)[0]
    if model.args.scale != scale:
        raise ValueError(f"teacher {path} is a x{model.args.scale} model; the student is x{scale}")
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval().to(device)


def check_distil_weight(weight: float) -> None:
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"distil must be between 0 and 1, got {weight}")


def training_loss(out: torch.Tensor, gt: torch.Tensor, lq: torch.Tensor, kind: str,
                  teacher: RestorationTransformer | None, weight: float) -> torch.Tensor:
    """out, gt: (B, 3, sH, sW); lq: (B, 3, H, W), the input both networks saw."""
    loss = pixel_loss(out, gt, kind)
    if teacher is None or weight == 0.0:
        return loss
    with torch.no_grad():
        target = teacher(lq)  # (B, 3, sH, sW)
    return (1.0 - weight) * loss + weight * pixel_loss(out, target, kind)
