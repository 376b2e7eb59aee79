"""Normalization layers for the restoration Transformer.

Tokens are laid out as (B, N, C) with N = H*W. Two families:

- ``ln``: per-token LayerNorm over the C channels of each pixel (SwinIR's choice).
- ``iln``: i-LN from "Rethinking LayerNorm in Image Restoration Transformers"
  (arXiv 2504.06629): one mean and one biased variance per image over all N*C values,
  eps 1e-4, per-channel gamma/beta. It also returns the input's std so the caller can
  put the scale back on the residual branch (``x + std * f(iLN(x))``).
"""
from __future__ import annotations

import torch
from torch import nn

ILN_EPS = 1e-4
LN_EPS = 1e-5
NORMS = ("ln", "iln")


class TokenLayerNorm(nn.LayerNorm):
    """Per-token LayerNorm. Returns (normalized, scale=None) so blocks treat both norms alike."""

    def __init__(self, dim: int):
        super().__init__(dim, eps=LN_EPS)

    def forward(self, x: torch.Tensor):  # x: (B, N, C)
        return super().forward(x), None


class ImageLayerNorm(nn.Module):
    """i-LN: statistics over the whole feature map of each image, never across the batch."""

    def __init__(self, dim: int, eps: float = ILN_EPS):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor):  # x: (B, N, C)
        mean = x.mean(dim=(1, 2), keepdim=True)  # (B, 1, 1)
        var = x.var(dim=(1, 2), keepdim=True, unbiased=False)  # (B, 1, 1)
        std = torch.sqrt(var + self.eps)  # (B, 1, 1); no stop-gradient, as in the paper
        normed = (x - mean) / std * self.weight + self.bias  # (B, N, C)
        return normed, std


class ChannelAffine(nn.Module):
    """gamma * x + beta per channel, no normalization: i-LN's patch-embed and final norm."""

    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: (B, N, C)
        return x * self.weight + self.bias


def block_norm(norm: str, dim: int) -> nn.Module:
    """The norm in front of each residual branch."""
    if norm == "ln":
        return TokenLayerNorm(dim)
    if norm == "iln":
        return ImageLayerNorm(dim)
    raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")


def outer_norm(norm: str, dim: int) -> nn.Module:
    """The norm after patch embedding and the final norm (plain affine for i-LN)."""
    if norm == "ln":
        return nn.LayerNorm(dim, eps=LN_EPS)
    if norm == "iln":
        return ChannelAffine(dim)
    raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")


def add_residual(x: torch.Tensor, branch: torch.Tensor, scale: torch.Tensor | None) -> torch.Tensor:
    """x + branch for LN; x + std * branch for i-LN (the input's scale restored)."""
    return x + branch if scale is None else x + scale * branch
