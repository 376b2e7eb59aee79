"""The restoration Transformer: a compact SwinIR with LN or i-LN as a constructor switch.

shallow conv3x3 (3->C) -> patch-embed norm -> G residual groups (L Swin layers + conv3x3 +
group residual) -> final norm -> conv3x3 + long skip -> reconstruction added to the input
(bilinear-upsampled for super-resolution), so the network learns a residual from the start.

Same-size tasks may run everything between the input and the reconstruction at half resolution
(`unshuffle=2`): pixel-unshuffle x2 (3 -> 12 channels) in front of the shallow conv, pixel-shuffle
x2 after the reconstruction conv (C -> 12), and the full-resolution input added back. The body
then sees a quarter of the tokens, so training steps and inference cost about a quarter.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .norms import NORMS, outer_norm
from .swin import SwinLayer, trunc_normal_init

ARCH_VERSION = 2  # 2 added `unshuffle`; version 1 records mean unshuffle=1


@dataclass(frozen=True)
class ArchArgs:
    """Args:
    dim: channels C of every token.
    groups: number of residual groups G.
    depth: Swin layers L per group (shift on every second layer).
    heads: attention heads H (dim must divide by it).
    window: attention window size; the input is padded to a multiple of it.
    mlp_ratio: hidden width of the MLP as a multiple of dim.
    scale: 1 for same-size tasks, 2/3/4 for super-resolution.
    norm: "ln" (per-token LayerNorm) or "iln" (i-LN, whole-image statistics).
    unshuffle: 1, or 2 / 4 to run the network at half / quarter resolution (same-size tasks only).
    mlp_conv: a depthwise 3x3 conv on the MLP's hidden features, added to them (locality inside
        each Transformer layer); zero at first, so a network grown from one without it starts as
        its function. Training only so far: the tfjs engine has no counterpart.
    """

    dim: int = 48
    groups: int = 2
    depth: int = 2
    heads: int = 2
    window: int = 8
    mlp_ratio: float = 2.0
    scale: int = 1
    norm: str = "iln"
    unshuffle: int = 1
    mlp_conv: bool = False

    def __post_init__(self):
        if self.norm not in NORMS:
            raise ValueError(f"norm must be one of {NORMS}, got {self.norm!r}")
        if self.scale not in (1, 2, 3, 4):
            raise ValueError(f"scale must be 1, 2, 3 or 4, got {self.scale}")
        if self.dim % self.heads:
            raise ValueError(f"dim {self.dim} is not divisible by heads {self.heads}")
        if self.window % 2:
            raise ValueError(f"window must be even, got {self.window}")
        if self.unshuffle not in (1, 2, 4):
            raise ValueError(f"unshuffle must be 1, 2 or 4, got {self.unshuffle}")
        if self.unshuffle > 1 and self.scale > 1:
            raise ValueError("unshuffle is for same-size tasks (scale 1) only")

    @property
    def pad_multiple(self) -> int:
        """Input sides are padded to this: a whole number of windows at the body's resolution."""
        return self.window * self.unshuffle


def pad_to_multiple(x: torch.Tensor, multiple: int) -> tuple[torch.Tensor, int, int]:
    """Pad bottom/right so H, W are multiples of `multiple`: reflect, or edge where the
    image is too small to reflect (reflect needs pad < size). Returns (padded, pad_h, pad_w)."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % multiple, (-w) % multiple
    if ph or pw:
        mode = "reflect" if ph < h and pw < w else "replicate"
        x = F.pad(x, (0, pw, 0, ph), mode=mode)
    return x, ph, pw


class ResidualGroup(nn.Module):
    """L Swin layers, then a conv3x3 in image space, plus the group's input."""

    def __init__(self, a: ArchArgs):
        super().__init__()
        shift = a.window // 2
        self.layers = nn.ModuleList(
            SwinLayer(a.dim, a.heads, a.window, shift if i % 2 else 0, a.mlp_ratio, a.norm,
                      a.mlp_conv)
            for i in range(a.depth)
        )
        self.conv = nn.Conv2d(a.dim, a.dim, 3, padding=1)

    def forward(self, x: torch.Tensor, h: int, w: int, record=None) -> torch.Tensor:
        b, n, c = x.shape  # (B, H*W, C)
        y = x
        for layer in self.layers:
            y = layer(y, h, w)
            if record is not None:
                record(y)
        y = self.conv(y.transpose(1, 2).reshape(b, c, h, w))  # (B, C, H, W)
        # token-major (contiguous) layout: a linear layer on a channel-major view falls off
        # PyTorch's fast 2D matmul path (it made i-LN's MLP several times slower than LN's)
        return y.flatten(2).transpose(1, 2).contiguous() + x


class RestorationTransformer(nn.Module):
    def __init__(self, args: ArchArgs):
        super().__init__()
        self.args = args
        c, u2 = args.dim, args.unshuffle**2
        self.conv_first = nn.Conv2d(3 * u2, c, 3, padding=1)
        self.patch_norm = outer_norm(args.norm, c)
        self.groups = nn.ModuleList(ResidualGroup(args) for _ in range(args.groups))
        self.norm = outer_norm(args.norm, c)
        self.conv_after_body = nn.Conv2d(c, c, 3, padding=1)
        self.conv_last = nn.Conv2d(c, 3 * args.scale**2 * u2, 3, padding=1)
        self.apply(trunc_normal_init)

    def body(self, feat: torch.Tensor, record=None) -> torch.Tensor:
        b, c, h, w = feat.shape
        x = self.patch_norm(feat.flatten(2).transpose(1, 2).contiguous())  # (B, H*W, C)
        for group in self.groups:
            x = group(x, h, w, record)
        x = self.norm(x)  # (B, H*W, C)
        return x.transpose(1, 2).reshape(b, c, h, w)

    def forward(self, img: torch.Tensor, record=None) -> torch.Tensor:
        """img: (B, 3, H, W) in [0, 1] -> (B, 3, sH, sW). `record(tokens)` sees every layer."""
        h, w = img.shape[-2:]
        s, u = self.args.scale, self.args.unshuffle
        x, _, _ = pad_to_multiple(img, self.args.pad_multiple)  # (B, 3, Hp, Wp)
        small = F.pixel_unshuffle(x, u) if u > 1 else x  # (B, 3*u*u, Hp/u, Wp/u)
        feat = self.conv_first(small)  # (B, C, Hp/u, Wp/u)
        feat = self.conv_after_body(self.body(feat, record)) + feat  # long skip
        res = self.conv_last(feat)  # (B, 3*s*s*u*u, Hp/u, Wp/u)
        if u > 1:
            res = F.pixel_shuffle(res, u)  # (B, 3, Hp, Wp)
        if s > 1:
            res = F.pixel_shuffle(res, s)  # (B, 3, s*Hp, s*Wp)
            base = F.interpolate(x, scale_factor=s, mode="bilinear", align_corners=False)
        else:
            base = x
        return (base + res)[..., : h * s, : w * s]


def build_model(args: ArchArgs | dict) -> RestorationTransformer:
    return RestorationTransformer(args if isinstance(args, ArchArgs) else ArchArgs(**args))


def arch_dict(args: ArchArgs) -> dict:
    return {"version": ARCH_VERSION, **asdict(args)}


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
