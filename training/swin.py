"""Shifted-window self-attention pieces (Swin/SwinIR style), written for exact export.

Every function here has a one-to-one counterpart in the TypeScript engine, so the layout
conventions (row-major windows, roll direction, mask values) are part of the model format.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .norms import add_residual, block_norm

MASK_VALUE = -100.0  # added to logits between pixels that come from different image regions


def window_partition(x: torch.Tensor, ws: int) -> torch.Tensor:
    """(B, H, W, C) -> (B * H/ws * W/ws, ws*ws, C), windows in row-major order."""
    b, h, w, c = x.shape
    x = x.view(b, h // ws, ws, w // ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, ws * ws, c)


def window_reverse(windows: torch.Tensor, ws: int, h: int, w: int) -> torch.Tensor:
    """(B * H/ws * W/ws, ws*ws, C) -> (B, H, W, C); exact inverse of window_partition."""
    c = windows.shape[-1]
    b = windows.shape[0] // ((h // ws) * (w // ws))
    x = windows.view(b, h // ws, w // ws, ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(b, h, w, c)


def relative_position_index(ws: int) -> torch.Tensor:
    """(ws*ws, ws*ws) indices into the (2ws-1)^2 bias table."""
    coords = torch.stack(torch.meshgrid(torch.arange(ws), torch.arange(ws), indexing="ij"))
    flat = coords.flatten(1)  # (2, ws*ws)
    rel = (flat[:, :, None] - flat[:, None, :]).permute(1, 2, 0) + (ws - 1)  # (N, N, 2)
    return rel[..., 0] * (2 * ws - 1) + rel[..., 1]


def shift_mask(h: int, w: int, ws: int, shift: int) -> torch.Tensor:
    """(nW, ws*ws, ws*ws) additive mask for a cyclic shift of `shift` on an h x w map."""
    region = torch.zeros(1, h, w, 1)
    bounds = (slice(0, -ws), slice(-ws, -shift), slice(-shift, None))
    label = 0
    for hs in bounds:
        for wsl in bounds:
            region[:, hs, wsl, :] = label
            label += 1
    ids = window_partition(region, ws).squeeze(-1)  # (nW, ws*ws)
    diff = ids[:, None, :] - ids[:, :, None]  # (nW, N, N)
    return torch.where(diff != 0, torch.tensor(MASK_VALUE), torch.tensor(0.0))


class WindowAttention(nn.Module):
    """Multi-head self-attention inside a window with a learned relative-position bias."""

    def __init__(self, dim: int, heads: int, ws: int):
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads, self.ws = heads, ws
        self.scale = (dim // heads) ** -0.5
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * ws - 1) ** 2, heads))
        nn.init.trunc_normal_(self.relative_position_bias_table, std=0.02)
        self.register_buffer("rel_index", relative_position_index(ws), persistent=False)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        bw, n, c = x.shape  # (B*nW, N, C)
        # The linear's output is [q | k | v], each heads x d. One transposing copy, then q, k, v
        # as blocks of it: indexing a permuted (3, ...) view instead made the backward fill and
        # add three zero tensors the size of qkv, and splitting the last axis made it a slow
        # strided cat (a fifth to two fifths of a CPU step; the same values, bitwise)
        heads, d = self.heads, c // self.heads
        qkv = self.qkv(x).view(bw, n, 3 * heads, d).transpose(1, 2).contiguous()  # (B*nW, 3h, N, d)
        q, k, v = qkv.chunk(3, dim=1)
        q = q * self.scale  # each (B*nW, heads, N, d)
        attn = q @ k.transpose(-2, -1)  # (B*nW, heads, N, N)
        bias = self.relative_position_bias_table[self.rel_index.view(-1)]  # (N*N, heads)
        attn = attn + bias.view(n, n, -1).permute(2, 0, 1).unsqueeze(0)
        if mask is not None:
            nw = mask.shape[0]
            attn = attn.view(bw // nw, nw, self.heads, n, n) + mask[None, :, None]
            attn = attn.view(bw, self.heads, n, n)
        out = (attn.softmax(-1) @ v).transpose(1, 2).reshape(bw, n, c)  # (B*nW, N, C)
        return self.proj(out)


class Mlp(nn.Module):
    """Linear -> GELU (tanh form, available on every tfjs backend) -> [+ depthwise 3x3] -> Linear.

    The optional depthwise conv gives each layer's MLP a 3x3 neighbourhood (attention only mixes
    inside windows); zero-initialised, so it starts as the identity on the hidden features."""

    def __init__(self, dim: int, ratio: float, conv: bool = False):
        super().__init__()
        hidden = int(dim * ratio)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)
        self.dwconv = nn.Conv2d(hidden, hidden, 3, padding=1, groups=hidden) if conv else None
        if self.dwconv is not None:
            nn.init.zeros_(self.dwconv.weight)
            nn.init.zeros_(self.dwconv.bias)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:  # x: (B, H*W, C)
        y = F.gelu(self.fc1(x), approximate="tanh")  # (B, H*W, hidden)
        if self.dwconv is not None:
            b, n, k = y.shape
            grid = y.transpose(1, 2).reshape(b, k, h, w)  # (B, hidden, H, W)
            y = y + self.dwconv(grid).flatten(2).transpose(1, 2)
        return self.fc2(y)


class SwinLayer(nn.Module):
    """Pre-norm Swin Transformer layer; with i-LN each branch output is rescaled by the input std."""

    def __init__(self, dim: int, heads: int, ws: int, shift: int, mlp_ratio: float, norm: str,
                 mlp_conv: bool = False):
        super().__init__()
        self.ws, self.shift = ws, shift
        self.norm1 = block_norm(norm, dim)
        self.attn = WindowAttention(dim, heads, ws)
        self.norm2 = block_norm(norm, dim)
        self.mlp = Mlp(dim, mlp_ratio, mlp_conv)
        self._masks: dict[tuple[int, int], torch.Tensor] = {}

    def mask_for(self, h: int, w: int, device: torch.device) -> torch.Tensor | None:
        if not self.shift:
            return None
        key = (h, w)
        if key not in self._masks:
            self._masks[key] = shift_mask(h, w, self.ws, self.shift)
        return self._masks[key].to(device)

    def attention_branch(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:
        b, _, c = x.shape  # x: (B, H*W, C), already normalized
        x = x.view(b, h, w, c)
        if self.shift:
            x = torch.roll(x, shifts=(-self.shift, -self.shift), dims=(1, 2))
        windows = self.attn(window_partition(x, self.ws), self.mask_for(h, w, x.device))
        x = window_reverse(windows, self.ws, h, w)  # (B, H, W, C)
        if self.shift:
            x = torch.roll(x, shifts=(self.shift, self.shift), dims=(1, 2))
        return x.reshape(b, h * w, c)

    def forward(self, x: torch.Tensor, h: int, w: int) -> torch.Tensor:  # x: (B, H*W, C)
        normed, scale = self.norm1(x)
        x = add_residual(x, self.attention_branch(normed, h, w), scale)
        normed, scale = self.norm2(x)
        return add_residual(x, self.mlp(normed, h, w), scale)


def trunc_normal_init(module: nn.Module) -> None:
    """SwinIR's initialisation of the linears: truncated normal weights (std 0.02), zero biases.
    The norms need none: they are built with unit γ and zero β (norms.py)."""
    if isinstance(module, nn.Linear):
        nn.init.trunc_normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)

