"""Degradations, each deterministic under a numpy Generator.

Images are float32 arrays (H, W, 3) in [0, 1] unless a function says uint8.
"""
from __future__ import annotations

import io
import math

import numpy as np
import torch
from PIL import Image

NOISE_SIGMA_RANGE = (0.0, 50.0)  # on the 0-255 scale
JPEG_QUALITY_RANGE = (10, 90)
RAIN_VEIL_MAX = 0.08  # the misty veil's strongest blend: its floor stays under Rain100H's


# ---- MATLAB-style antialiased bicubic --------------------------------------------------

def _cubic(x: np.ndarray) -> np.ndarray:
    ax = np.abs(x)
    near = (1.5 * ax**3 - 2.5 * ax**2 + 1) * (ax <= 1)
    far = (-0.5 * ax**3 + 2.5 * ax**2 - 4 * ax + 2) * ((ax > 1) & (ax <= 2))
    return near + far


def resize_weights(in_len: int, out_len: int, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """MATLAB imresize's bicubic along one axis: (out_len, taps) source indices (0-based,
    symmetric borders) and weights, with its antialiasing (kernel widened by 1/scale)."""
    width = 4.0 / scale if scale < 1 else 4.0
    x = np.arange(1, out_len + 1, dtype=np.float64)
    u = x / scale + 0.5 * (1 - 1 / scale)
    left = np.floor(u - width / 2)
    taps = int(math.ceil(width)) + 2
    idx = left[:, None] + np.arange(taps)[None, :]  # 1-based source indices
    dist = u[:, None] - idx
    w = scale * _cubic(scale * dist) if scale < 1 else _cubic(dist)
    w /= w.sum(axis=1, keepdims=True)
    mirror = np.concatenate([np.arange(in_len), np.arange(in_len)[::-1]])
    return mirror[np.mod(idx.astype(np.int64) - 1, 2 * in_len)], w


def _resize_axis0(img: np.ndarray, out_len: int, scale: float) -> np.ndarray:
    """Resize along the first axis and round to uint8 levels, as MATLAB does for uint8."""
    idx, w = resize_weights(img.shape[0], out_len, scale)
    out = np.zeros((out_len,) + img.shape[1:])
    for t in range(idx.shape[1]):
        out += w[:, t, None, None] * img[idx[:, t]]
    return np.clip(np.floor(out + 0.5), 0, 255)  # MATLAB rounds halves away from zero


def imresize_bicubic(img: np.ndarray, scale: float) -> np.ndarray:
    """MATLAB imresize(img, scale, 'bicubic') for uint8 (H, W, 3) -> uint8: rows first,
    then columns, rounding after each pass (identical to Set5/LR_bicubic at x2, x3, x4)."""
    h, w = img.shape[:2]
    oh, ow = int(math.ceil(h * scale)), int(math.ceil(w * scale))
    rows = _resize_axis0(img.astype(np.float64), oh, scale)
    cols = _resize_axis0(rows.transpose(1, 0, 2), ow, scale)
    return cols.transpose(1, 0, 2).astype(np.uint8)


def crop_to_multiple(img: np.ndarray, scale: int) -> np.ndarray:
    h, w = img.shape[:2]
    return img[: h - h % scale, : w - w % scale]


def bicubic_lr(hr: np.ndarray, scale: int) -> np.ndarray:
    """uint8 HR -> uint8 LR, as the SR benchmarks make it (HR cropped to a multiple of scale)."""
    return imresize_bicubic(crop_to_multiple(hr, scale), 1.0 / scale)


# ---- noise and JPEG ------------------------------------------------------------------

def add_gaussian_noise(img: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Additive white Gaussian noise of `sigma` on the 0-255 scale; not clipped."""
    return (img + rng.normal(0.0, sigma / 255.0, img.shape)).astype(np.float32)


def jpeg_roundtrip(img_u8: np.ndarray, quality: int) -> np.ndarray:
    """Real JPEG encode/decode with Pillow (colour, its default 4:2:0 subsampling)."""
    buf = io.BytesIO()
    Image.fromarray(img_u8).save(buf, format="JPEG", quality=int(quality))
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"))


# ---- synthetic rain --------------------------------------------------------------------

def _line_kernel(length: int, angle_deg: float, thickness: float) -> torch.Tensor:
    """A normalised anti-aliased line of `length` px at `angle_deg` from vertical."""
    size = length | 1
    c = size // 2
    yy, xx = torch.meshgrid(torch.arange(size) - c, torch.arange(size) - c, indexing="ij")
    t = math.radians(angle_deg)
    dx, dy = math.sin(t), math.cos(t)
    along = xx * dx + yy * dy
    across = (xx * dy - yy * dx).abs()
    k = torch.clamp(1 - across / thickness, min=0) * (along.abs() <= length / 2)
    return (k / k.sum()).float()


def rain_layer(h: int, w: int, rng: np.random.Generator, angle: float) -> np.ndarray:
    """One layer of streaks: sparse bright drops smeared along a line."""
    density = rng.uniform(0.003, 0.008)
    drops = (rng.random((h, w)) < density) * rng.uniform(0.5, 1.0, (h, w))
    length = int(rng.integers(25, 70))
    kernel = _line_kernel(length, angle + rng.uniform(-5, 5), rng.uniform(1.0, 2.2))
    streaks = smear_drops(drops.astype(np.float32), kernel.numpy())
    return streaks * rng.uniform(10.0, 22.0)  # a long kernel spreads a drop thin: boost it


def smear_drops(drops: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """(h, w) sparse drops correlated with a (k, k) kernel, reflect-padded, output (h, w).

    Equal to F.conv2d on the padded drops to float rounding, but it stamps the kernel once per
    drop (under 1 % of pixels are drops), which is 4-8x faster than the dense convolution and
    made derain's training patches cost as much as the training step itself."""
    size = kernel.shape[0]
    pad, (h, w) = size // 2, drops.shape
    padded = np.pad(drops, pad, mode="reflect" if min(h, w) > pad else "edge")
    flipped = kernel[::-1, ::-1]
    out = np.zeros((h + 2 * size - 2, w + 2 * size - 2), np.float32)
    for y, x in zip(*np.nonzero(padded)):  # a drop at (y, x) lands on out[y - a, x - b] * k[a, b]
        out[y:y + size, x:x + size] += padded[y, x] * flipped
    return out[size - 1:size - 1 + h, size - 1:size - 1 + w]


def add_rain(img: np.ndarray, rng: np.random.Generator, layers: tuple[int, int] = (2, 5),
             veil_max: float = RAIN_VEIL_MAX) -> np.ndarray:
    """Rain100H-like heavy rain: several streak layers, most sharing a dominant angle and some
    crossing it, over a misty veil (Rain100H's inputs are brighter everywhere, not only on the
    streaks), blended additively (whitish, slightly translucent) and clipped to [0, 1]."""
    h, w = img.shape[:2]
    angle = rng.uniform(-30, 30)
    count = int(rng.integers(*layers, endpoint=True))
    angles = [angle if rng.random() < 0.75 else angle + rng.uniform(-35, 35) for _ in range(count)]
    rain = sum(rain_layer(h, w, rng, a) for a in angles)
    rain = np.clip(rain, 0, 1)[..., None] * rng.uniform(0.7, 0.95)
    veil = rng.uniform(0.0, veil_max)
    misty = img * (1 - veil) + veil * rng.uniform(0.75, 1.0)
    return np.clip(misty + rain * (1 - misty * 0.3), 0, 1).astype(np.float32)


# ---- helpers ---------------------------------------------------------------------------

def to_float(img_u8: np.ndarray) -> np.ndarray:
    return img_u8.astype(np.float32) / 255.0


def to_uint8(img: np.ndarray) -> np.ndarray:
    return np.clip(np.round(img * 255.0), 0, 255).astype(np.uint8)
