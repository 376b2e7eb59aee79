"""Pixel losses of a training step: out and target are (B, 3, H, W) RGB in 0..1.

"l1" and "l2" treat R, G and B alike. "l1-luma" is L1 in YCbCr (ITU-R BT.601, the space the
super-resolution papers score in, training/metrics.py) with the two chroma channels at a quarter
of luma's weight: a JPEG thumbnail's 4:2:0 chroma holds a quarter of its colour samples, and a
network scored on luma need not spend as much of its capacity rebuilding colour detail. An
ablation for issue 23's x2 photo floor (models/NOTES.md says what it measured).
"""
from __future__ import annotations

import torch

LOSSES = ("l1", "l2", "l1-luma")
# Rows: Y, Cb, Cr from R, G, B (BT.601, 16-235 scaling without the offsets, which cancel).
YCBCR = torch.tensor([[65.481, 128.553, 24.966],
                      [-37.797, -74.203, 112.0],
                      [112.0, -93.786, -18.214]]) / 255.0
LUMA_CHANNEL_WEIGHTS = (1.0, 0.25, 0.25)


def check_loss(kind: str) -> None:
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}: {', '.join(LOSSES)}")


def pixel_loss(out: torch.Tensor, target: torch.Tensor, kind: str) -> torch.Tensor:
    err = out - target  # (B, 3, H, W)
    if kind == "l2":
        return err.square().mean()
    if kind == "l1-luma":
        ycc = torch.einsum("kc,bchw->bkhw", YCBCR.to(err), err).abs().mean(dim=(0, 2, 3))  # (3,)
        w = torch.tensor(LUMA_CHANNEL_WEIGHTS).to(err)
        return (ycc * w).sum() / w.sum()
    return err.abs().mean()
