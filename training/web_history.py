"""A web image's history: what happens to a photo between the camera and the page a user saves it
from, one function per step, with a config of ranges (the defaults are the recipe's, chosen by the
ablations in models/NOTES.md).

Most images on the web were saved more than once: a low-quality save whose 8 x 8 blocks are baked
in, then (sometimes) a crop that moves the block grid, a resize at web sizes, a CMS's sharpening,
and a re-save at a high quality whose quantization tables then read q~90 while the blocks are
those of q~35 (FBCNN's double JPEG, aligned and non-aligned). A model that has only seen one save
enlarges or keeps those blocks. The photo recipes (photo_recipes.py) mix these histories with each
task's chain (photo_chains.py) by the shares of HistoryMix; the training sampler (data.py) draws
them. Every draw comes from the numpy Generator passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import photo_degrade as P
from .photo_chains import JpegRanges, Range, log_uniform, uniform

BLOCK = 16  # a 4:2:0 JPEG's chroma block: offsets modulo this place both grids


@dataclass(frozen=True)
class WebHistory:
    """Two saves and what happens between them. `first`: the save whose blocks stay; `second`:
    the re-save. Between them the grid stays (a plain re-save), moves (`shift_prob`: a crop) or the
    image is resized (`resize_prob`, by a scale from `resize_scale` with one of `resize_methods`);
    `sharpen_prob` of the images get an unsharp mask before the re-save, `phone_sharpen_prob`
    one before the first save (a phone's processing)."""
    first: JpegRanges = JpegRanges(quality=(15, 60), share_420=0.85)
    second: JpegRanges = JpegRanges(quality=(70, 95), share_420=0.7)
    shift_prob: float = 0.4
    resize_prob: float = 0.3
    resize_scale: Range = (0.3, 1.0)
    resize_methods: tuple[str, ...] = P.WEB_RESIZE_METHODS
    sharpen_prob: float = 0.2
    phone_sharpen_prob: float = 0.2
    sharpen_amount: Range = (0.2, 1.0)
    sharpen_radius: Range = (0.5, 1.5)


@dataclass(frozen=True)
class HistoryMix:
    """The share of each task's patches that carry a history instead of the task's own chain
    (0: the chain alone, and the chain's draws are exactly as before). Denoise's history starts
    with a camera's noise (shot noise drawn log-uniformly from `shot`) and saves at the camera's
    qualities."""
    sr_share: float = 0.0
    dejpeg_share: float = 0.0
    denoise_share: float = 0.0
    web: WebHistory = field(default_factory=WebHistory)
    camera: WebHistory = field(default_factory=lambda: WebHistory(
        first=JpegRanges(quality=(50, 92), share_420=0.85), resize_prob=0.2))
    shot: Range = (1e-4, 3e-3)


def random_offset(rng: np.random.Generator) -> tuple[int, int]:
    return int(rng.integers(BLOCK)), int(rng.integers(BLOCK))


def shifted_offset(offset: tuple[int, int], rng: np.random.Generator) -> tuple[int, int]:
    """Another grid position: a crop of 1-7 px along one or both axes (never a whole block)."""
    dy, dx = int(rng.integers(8)), int(rng.integers(8))
    if dy == 0 and dx == 0:
        dx = int(rng.integers(1, 8))
    return (offset[0] + dy) % BLOCK, (offset[1] + dx) % BLOCK


def maybe_sharpen(img: np.ndarray, prob: float, rng: np.random.Generator, h: WebHistory) -> np.ndarray:
    if rng.random() >= prob:
        return img
    return P.sharpen(img, uniform(rng, h.sharpen_amount), uniform(rng, h.sharpen_radius))


def save(img: np.ndarray, r: JpegRanges, offset: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    q = int(round(uniform(rng, r.quality)))
    sub = "4:2:0" if rng.random() < r.share_420 else "4:4:4"
    return P.jpeg(img.clip(0, 1), q, sub, offset)


def two_saves(src: np.ndarray, size: int, rng: np.random.Generator, h: WebHistory) -> np.ndarray:
    """src float (m, m, 3), saved at its size -> float (size, size, 3) re-saved: resized between
    the saves when m != size (the grid then lands anywhere), else on the same or a moved grid."""
    first_offset = random_offset(rng)
    x = save(maybe_sharpen(src, h.phone_sharpen_prob, rng, h), h.first, first_offset, rng)
    if x.shape[0] != size:
        method = h.resize_methods[int(rng.integers(len(h.resize_methods)))]
        x, offset = P.resize(x, size, size, method), random_offset(rng)
    elif rng.random() < h.shift_prob:
        offset = shifted_offset(first_offset, rng)
    else:
        offset = first_offset
    return save(maybe_sharpen(x, h.sharpen_prob, rng, h), h.second, offset, rng)


def first_save_size(size: int, max_size: int, rng: np.random.Generator, h: WebHistory) -> int:
    """The side the image had at its first save: `size` (no resize), or size / scale, at most
    max_size (the largest the source allows)."""
    if rng.random() >= h.resize_prob:
        return size
    lo = max(h.resize_scale[0], size / max_size)
    return min(max_size, round(size / uniform(rng, (lo, max(lo, h.resize_scale[1])))))


def sr_history(hr: np.ndarray, scale: int, rng: np.random.Generator, h: WebHistory) -> np.ndarray:
    """hr float (p*s, p*s, 3) -> lr float (p, p, 3): made small (perhaps not yet to its final
    size), saved, perhaps resized, re-saved."""
    p = hr.shape[0] // scale
    m = first_save_size(p, hr.shape[0], rng, h)
    method = h.resize_methods[int(rng.integers(len(h.resize_methods)))]
    return two_saves(P.resize(hr, m, m, method), p, rng, h)


def same_size_history(clean: np.ndarray, rng: np.random.Generator, h: WebHistory) -> np.ndarray:
    """clean float (p, p, 3) -> degraded (p, p, 3). A resize between the saves is approximated
    by saving a Lanczos-enlarged copy (the patch is all the sampler gives): the first save's
    blocks then shrink onto the final grid as they do when a larger image was saved."""
    p = clean.shape[0]
    m = first_save_size(p, 3 * p, rng, h)
    src = clean if m == p else P.resize(clean, m, m, "lanczos")
    return two_saves(src, p, rng, h)


def dejpeg_history(clean: np.ndarray, rng: np.random.Generator, mix: HistoryMix) -> np.ndarray:
    return same_size_history(clean, rng, mix.web)


def denoise_history(clean: np.ndarray, rng: np.random.Generator, mix: HistoryMix) -> np.ndarray:
    """A camera's noise, its JPEG, and a re-save (a photo shared, then saved again)."""
    noisy = P.camera_noise(clean, log_uniform(rng, mix.shot), rng, bool(rng.random() < 0.7))
    return same_size_history(noisy, rng, mix.camera)


def draws_history(share: float, rng: np.random.Generator) -> bool:
    """Whether this patch carries a history; draws nothing when share is 0, so a recipe without
    histories makes exactly the patches it made before they existed."""
    return share > 0 and bool(rng.random() < share)
