"""Golden vectors: a fixed small input, selected activations and the output, all NHWC
float32, for the TypeScript engine's parity tests (golden.json describes golden.bin)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import torch

from .arch import RestorationTransformer

GOLDEN_H, GOLDEN_W = 9, 13  # not multiples of the window: padding and cropping are exercised


def golden_input(h: int = GOLDEN_H, w: int = GOLDEN_W) -> np.ndarray:
    """A deterministic image with smooth gradients and fine texture, (h, w, 3) in [0, 1]."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 0.5 + 0.4 * np.sin(x * 0.9 + y * 0.3)
    g = 0.5 + 0.4 * np.cos(x * 0.25 - y * 1.1)
    b = (x + 2 * y) / (w + 2 * h)
    return np.stack([r, g, b], axis=-1).astype(np.float32)


def fp16_rounded(model: RestorationTransformer) -> RestorationTransformer:
    """A copy whose weights are what the browser gets from a float16 export."""
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.half().float())
    return m


def to_nhwc(t: torch.Tensor, h: int, w: int) -> np.ndarray:
    """(B, C, H, W) or tokens (B, H*W, C) -> (B, H, W, C) float32."""
    if t.dim() == 3:
        return t.reshape(t.shape[0], h, w, t.shape[2]).numpy()
    return t.permute(0, 2, 3, 1).numpy()


@torch.no_grad()
def activations(model: RestorationTransformer, img: np.ndarray) -> dict[str, np.ndarray]:
    x = torch.from_numpy(img.transpose(2, 0, 1).copy())[None]
    pad, u = model.args.pad_multiple, model.args.unshuffle
    # activations live at the body's resolution: the padded input divided by the unshuffle
    hp, wp = -(-img.shape[0] // pad) * pad // u, -(-img.shape[1] // pad) * pad // u
    acts: dict[str, np.ndarray] = {}
    hooks = [model.conv_first.register_forward_hook(
        lambda m, i, o: acts.__setitem__("conv_first", to_nhwc(o, hp, wp)))]
    for g, group in enumerate(model.groups):
        hooks.append(group.register_forward_hook(
            lambda m, i, o, g=g: acts.__setitem__(f"group{g}", to_nhwc(o, hp, wp))))
    layers: list[np.ndarray] = []
    out = model.eval()(x, record=lambda t: layers.append(to_nhwc(t, hp, wp)))
    for h in hooks:
        h.remove()
    for i, a in enumerate(layers[:2]):  # an unshifted and a shifted layer
        acts[f"layer{i}"] = a
    acts["output"] = to_nhwc(out, *out.shape[-2:])
    return acts


def write_golden(model: RestorationTransformer, out: Path, float16: bool) -> None:
    img = golden_input()
    acts = activations(fp16_rounded(model) if float16 else model, img)
    acts["output_float32_weights"] = activations(model, img)["output"]
    tensors, chunks, offset = [], [img[None]], img.size * 4
    for name, a in acts.items():
        tensors.append({"name": name, "shape": list(a.shape), "offset": offset})
        chunks.append(a.astype("<f4"))
        offset += a.size * 4
    (out / "golden.bin").write_bytes(b"".join(c.astype("<f4").tobytes() for c in chunks))
    meta = {"input": {"shape": [1, *img.shape], "offset": 0}, "tensors": tensors,
            "weightsDtype": "float16" if float16 else "float32",
            "tolerance": {"activations": 1e-4, "activations_relative_to_peak_above": 1.0,
                          "output_vs_float32_weights": 2e-3}}
    (out / "golden.json").write_text(json.dumps(meta, indent=1))
