"""The paper's Fig. 1 quantities, per Transformer layer, for LN and i-LN alike.

- mean-square magnitude: mean of x^2 over all tokens and channels of the layer's output
  (the residual stream), which LN-trained networks inflate by orders of magnitude.
- channel-wise entropy: the Shannon entropy (nats) of how the feature energy is spread over
  channels, p_c = E_hw[x_c^2] / sum_c E_hw[x_c^2]; log(C) when even, near 0 when a few
  channels carry everything (the collapse the paper reports for LN).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from .arch import RestorationTransformer


def channel_entropy(tokens: torch.Tensor) -> float:
    """tokens: (B, N, C) -> entropy of the per-channel energy distribution, averaged over B."""
    energy = tokens.double().pow(2).mean(dim=1)  # (B, C)
    p = energy / energy.sum(dim=1, keepdim=True).clamp_min(1e-300)
    ent = -(p * torch.log(p.clamp_min(1e-300))).sum(dim=1)  # (B,)
    return float(ent.mean())


@torch.no_grad()
def layer_feature_stats(model: RestorationTransformer, img: np.ndarray) -> list[dict]:
    """img: float (H, W, 3) -> one {layer, mean_square, channel_entropy} per Swin layer."""
    stats: list[dict] = []

    def record(tokens: torch.Tensor) -> None:
        stats.append({
            "layer": len(stats),
            "mean_square": float(tokens.double().pow(2).mean()),
            "channel_entropy": channel_entropy(tokens),
        })

    x = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))[None].float()
    model.eval()(x, record=record)
    return stats


def max_entropy(dim: int) -> float:
    return math.log(dim)
