"""Validation pairs: a benchmark set degraded by a fixed, reproducible setting, or real pairs.

A folder with `input/` and `target/` (matching names) holds real pairs (Rain100H, PolyU,
City100-iPhoneX, or any `--pairs DIR`); any other folder holds clean images that a setting
degrades. Settings (each optional, so a photo case is a combination of them):
- super-resolution: `downscale` "matlab" (the benchmark's bicubic) or "pil" (Pillow's
  bicubic, what most software does), then JPEG at `quality` if given;
- denoise: Gaussian noise of `sigma` (default 25; seeded per image), then, if `quality` is
  given, clipped to 8 bits and saved as JPEG at that quality (as a camera or a web page would);
- dejpeg: if `sigma` is given, that noise first (clipped to 8 bits), then JPEG at `quality`
  (default 20).
A web image's history (training/web_history.py): `resave` saves the JPEG again at that quality,
after cropping `shift` = (dy, dx) pixels off its top and left (a crop between the saves moves the
block grid; same-size tasks only, the target is cropped alike).
Real pairs take `quality` too: the input saved as JPEG at that quality first (Rain100H's rainy
photos as a camera saves them).
JPEG is Pillow's, 4:2:0, as the benchmarks and most phones make it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from . import degrade as D
from .data import list_images, load_rgb
from .tasks import SHARED, Task

VAL_NOISE_SIGMA = 25
VAL_JPEG_QUALITY = 20
DOWNSCALES = ("matlab", "pil")
# The photo case each photo model is validated on while it trains (the floors' cases).
PHOTO_CASES = {name: (t["photo_case"]["set"], dict(t["photo_case"]["degrade"]))
               for name, t in SHARED["tasks"].items() if "photo_case" in t}
# A web image's history (saved at q=35, re-saved at q=90): the case the second photo models are
# validated on while they train (TrainConfig.val_case "history").
HISTORY_CASES = {
    "sr-x2": ("Kodak24", {"downscale": "pil", "quality": 35, "resave": 90}),
    "sr-x4": ("Kodak24", {"downscale": "pil", "quality": 35, "resave": 90}),
    "denoise": ("Kodak24", {"sigma": 10, "quality": 70, "resave": 90}),
    "dejpeg": ("Kodak24", {"quality": 35, "resave": 90}),
}
VAL_CASES = {"photo": PHOTO_CASES, "history": HISTORY_CASES}


def check_val_case(case: str, task: str) -> None:
    if case not in VAL_CASES:
        raise ValueError(f"val_case must be one of {', '.join(VAL_CASES)}, got {case!r}")
    if task not in VAL_CASES[case]:
        raise ValueError(f"{task} has no {case} validation case; tasks with one: {', '.join(VAL_CASES[case])}")


def is_pair_folder(folder: Path) -> bool:
    return (folder / "input").is_dir() and (folder / "target").is_dir()


def area_downscale(img: np.ndarray, s: int) -> np.ndarray:
    """uint8 (H, W, 3), H and W multiples of s -> the mean of each s x s block, rounded half up
    (integer arithmetic, so the command line computes the same bytes)."""
    h, w = img.shape[0] // s, img.shape[1] // s
    blocks = img[: h * s, : w * s].astype(np.int64).reshape(h, s, w, s, 3).sum(axis=(1, 3))
    return ((2 * blocks + s * s) // (2 * s * s)).astype(np.uint8)


def prepare_pair(task: Task, name: str, lq: np.ndarray, gt: np.ndarray):
    """A real pair as a model takes it: same-size tasks need equal sizes; for SR the target is
    cropped to a multiple of the scale and the input is either scale times smaller (used as it
    is) or as large as the target (an upsampled, registered shot, as City100: reduced by area
    averaging over scale x scale blocks first)."""
    s = task.scale
    if s == 1:
        if lq.shape != gt.shape:
            raise ValueError(f"{name}: input {lq.shape[1]}x{lq.shape[0]} and target "
                             f"{gt.shape[1]}x{gt.shape[0]} differ in size")
        return lq, gt
    if lq.shape == gt.shape:
        lq = area_downscale(D.crop_to_multiple(lq, s), s)
    gt = D.crop_to_multiple(gt, s)
    if lq.shape[0] * s != gt.shape[0] or lq.shape[1] * s != gt.shape[1]:
        raise ValueError(f"{name}: for x{s} the input must be the target's size or 1/{s} of it, "
                         f"got {lq.shape[1]}x{lq.shape[0]} for {gt.shape[1]}x{gt.shape[0]}")
    return lq, gt


def real_pairs(task: Task, folder: Path, limit: int | None = None):
    """[(name, input float, target uint8)] from folder/input and folder/target."""
    names = [p.name for p in list_images(folder / "target")][:limit]
    if not names:
        raise ValueError(f"{folder / 'target'} holds no image")
    out = []
    for n in names:
        src = folder / "input" / n
        if not src.exists():
            raise FileNotFoundError(f"{src}: no input for target {n}")
        lq, gt = prepare_pair(task, n, load_rgb(src), load_rgb(folder / "target" / n))
        out.append((n, D.to_float(lq), gt))
    return out


def pil_downscale(img: np.ndarray, s: int) -> np.ndarray:
    h, w = img.shape[0] // s, img.shape[1] // s
    return np.asarray(Image.fromarray(img).resize((w, h), Image.BICUBIC))


def resaved(img_u8: np.ndarray, quality: int | None, shift: tuple[int, int]) -> np.ndarray:
    """A saved JPEG saved again at `quality` after a crop of `shift` (dy, dx) off its top-left."""
    if not quality:
        return img_u8
    return D.jpeg_roundtrip(np.ascontiguousarray(img_u8[shift[0]:, shift[1]:]), quality)


def degrade_clean(task: Task, clean: np.ndarray, rng: np.random.Generator, sigma=None,
                  quality=None, downscale: str = "matlab", resave=None,
                  shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    """One clean uint8 image -> its degraded float input under a setting (module docstring)."""
    if resave and not quality:
        raise ValueError("resave needs a first quality")
    if shift != (0, 0) and (task.scale > 1 or not resave):
        raise ValueError("shift is a crop between two saves of a same-size task's input")
    if task.scale > 1:
        if downscale not in DOWNSCALES:
            raise ValueError(f"downscale must be one of {DOWNSCALES}, got {downscale!r}")
        lq = (D.imresize_bicubic(clean, 1.0 / task.scale) if downscale == "matlab"
              else pil_downscale(clean, task.scale))
        return D.to_float(resaved(D.jpeg_roundtrip(lq, quality), resave, shift) if quality else lq)
    if task.name == "denoise":
        noisy = D.add_gaussian_noise(D.to_float(clean), VAL_NOISE_SIGMA if sigma is None else sigma, rng)
        if not quality:
            return noisy
        return D.to_float(resaved(D.jpeg_roundtrip(D.to_uint8(noisy), quality), resave, shift))
    if task.name == "dejpeg":
        src = D.to_uint8(D.add_gaussian_noise(D.to_float(clean), sigma, rng)) if sigma else clean
        saved = D.jpeg_roundtrip(src, VAL_JPEG_QUALITY if quality is None else quality)
        return D.to_float(resaved(saved, resave, shift))
    return D.add_rain(D.to_float(clean), rng)


def val_pairs(task: Task, set_name: str, data_root: Path, limit: int | None = None,
              sigma: float | None = None, quality: int | None = None, seed: int = 0,
              input: str = "degraded", downscale: str = "matlab", folder: Path | None = None,
              resave: int | None = None, shift: tuple[int, int] = (0, 0)):
    """[(name, degraded float (H, W, 3), clean uint8)] with fixed, reproducible degradations.
    input="clean" gives a same-size model the clean image itself (does it leave it alone?).
    `folder` overrides data_root/val/set_name (e.g. a user's folder of real pairs)."""
    if input not in ("degraded", "clean"):
        raise ValueError(f"input must be 'degraded' or 'clean', got {input!r}")
    folder = folder or data_root / "val" / set_name
    if is_pair_folder(folder):
        pairs = real_pairs(task, folder, limit)
        if quality:  # the input as a camera saves it (a photo of rain is a JPEG)
            pairs = [(n, D.to_float(D.jpeg_roundtrip(D.to_uint8(lq), quality)), gt) for n, lq, gt in pairs]
        return pairs
    if set_name == "Set5" and (folder / "HR").is_dir():
        folder = folder / "HR"
    out = []
    for i, path in enumerate(list_images(folder)[:limit]):
        clean = D.crop_to_multiple(load_rgb(path), task.scale)
        if input == "clean" and task.scale == 1:
            lq = D.to_float(clean)
        else:
            lq = degrade_clean(task, clean, np.random.default_rng([seed, i]), sigma, quality,
                               downscale, resave, tuple(shift))
            clean = np.ascontiguousarray(clean[shift[0]:, shift[1]:])
        out.append((path.name, lq, clean))
    return out
