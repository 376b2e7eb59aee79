"""Whole-image inference and scoring shared by training-time validation and evaluation."""
from __future__ import annotations

import ctypes

import numpy as np
import torch

from . import degrade as D
from .metrics import psnr, ssim
from .tasks import Task


def keep_freed_memory() -> None:
    """Have glibc keep freed buffers in the process instead of handing each one back to the kernel.

    Whole-image inference frees and reallocates tens of MB per op; by default glibc unmaps them
    and the next op faults the pages in again, zeroed. That was half of an evaluation's wall time
    on this CPU (10 s of system time out of 31 s for six Kodak24 images; 0.5 s of 14 s with this).
    A no-op where there is no glibc."""
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3  # glibc's <malloc.h>
    mallopt(m_mmap_threshold, 32 << 20)  # the largest glibc allows: bigger blocks are still mapped
    mallopt(m_trim_threshold, (1 << 31) - 1)
    mallopt(m_top_pad, 256 << 20)


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
