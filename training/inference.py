"""Whole-image inference and scoring shared by training-time validation and evaluation."""
from __future__ import annotations

import numpy as np
import torch

from . import degrade as D
from .metrics import psnr, ssim
from .tasks import Task


@torch.no_grad()
def restore(model: torch.nn.Module, lq: np.ndarray) -> np.ndarray:
    """float (H, W, 3) -> uint8 (sH, sW, 3), the whole image in one pass."""
    device = next(model.parameters()).device
    x = torch.from_numpy(np.ascontiguousarray(lq.transpose(2, 0, 1)))[None].float().to(device)
    y = model(x)[0].clamp(0, 1).cpu().numpy().transpose(1, 2, 0)
    return D.to_uint8(y)


def baseline(task: Task, lq: np.ndarray) -> np.ndarray:
    """What the user had before: bicubic upscaling for SR, the degraded input otherwise."""
    if task.scale == 1:
        return D.to_uint8(lq)
    return D.imresize_bicubic(D.to_uint8(lq), float(task.scale))


def score(task: Task, out: np.ndarray, clean: np.ndarray) -> tuple[float, float]:
    border = task.scale if task.scale > 1 else 0
    return psnr(out, clean, border, task.metric_space), ssim(out, clean, border, task.metric_space)
