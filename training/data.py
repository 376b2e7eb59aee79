"""Training patches and validation pairs for every task, read from ../shared/datasets."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps

from . import degrade as D
from . import photo_chains as C
from . import web_history as H
from .graphics import graphics_set
from .photo_recipes import PhotoRecipe
from .tasks import VARIANTS, Task

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")


def load_rgb(path: Path) -> np.ndarray:
    """RGB pixels as the image is meant to be seen: a phone's EXIF orientation applied, as the app
    (createImageBitmap) and the command line (src/cli/orientation.ts) do."""
    image = Image.open(path)
    image.load()  # Pillow turns a TIFF upright while loading it, and keeps the tag
    if image.format != "TIFF":
        image = ImageOps.exif_transpose(image)
    return np.asarray(image.convert("RGB"))


def list_images(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FileNotFoundError(f"image folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def augment(arrays: list[np.ndarray], k: int) -> list[np.ndarray]:
    """The 8 dihedral transforms, k in [0, 8), applied alike to every array."""
    out = [np.rot90(a, k % 4) for a in arrays]
    return [np.ascontiguousarray(a[:, ::-1] if k >= 4 else a) for a in out]


def to_batch(images: list[np.ndarray]) -> torch.Tensor:
    """list of float (H, W, 3) -> (B, 3, H, W) float32."""
    return torch.from_numpy(np.stack(images).transpose(0, 3, 1, 2).copy()).float()


SAMPLINGS = ("image", "area")
PYRAMID_MIN_SIDE = 1000  # the large photographs (mate_nature, debian_photos), not BSD's 481x321


def with_pyramid(images: list[np.ndarray], scales: tuple[float, ...]) -> list[np.ndarray]:
    """The images, then Lanczos-downscaled copies of the large ones: sharper, cleaner targets at
    the pixel scale of smaller photos (a phone's 8 MP frame is soft and JPEG'd at full size), and
    more distinct patches from the few large photographs there are."""
    copies = []
    for img in images:
        if min(img.shape[:2]) < PYRAMID_MIN_SIDE:
            continue
        for f in scales:
            size = (max(1, round(img.shape[1] * f)), max(1, round(img.shape[0] * f)))
            copies.append(np.asarray(Image.fromarray(img).resize(size, Image.LANCZOS)))
    return images + copies


def patch_positions(images: list[np.ndarray], patch: int, scale: int) -> np.ndarray:
    """Cumulative share of each image in the patch positions of all: draw by area."""
    counts = np.array([(g.shape[0] // scale - patch + 1) * (g.shape[1] // scale - patch + 1)
                       for g in images], dtype=np.float64)
    cumulative = np.cumsum(counts / counts.sum())
    cumulative[-1] = 1.0
    return cumulative


@dataclass(frozen=True)
class SamplerConfig:
    """What a PatchSampler makes: `patch` is the degraded input's size. `graphics` adds that many
    document-like images (training/graphics.py) to the photos; `clean_share` of the patches of a
    same-size task come undegraded (input = target), so the model learns to leave a clean image
    alone. JPEG qualities are drawn as q_min + floor((q_max - q_min + 1) * u**jpeg_q_power) for a
    uniform u: power 1 is uniform, 2 puts half the patches in the lowest quarter of the range while
    still training the high qualities (where the model must do no harm). variant "photo" degrades
    with the task's photo chain (photo_chains.py, `recipe`) instead, and adds the task's photo
    training sets. `sampling` "image" draws every image alike, "area" by its number of patch
    positions (an 8 MP photograph then counts as much as 200 thumbnails of 40 kP); `pyramid` adds
    downscaled copies (those scales) of every image whose short side is at least
    PYRAMID_MIN_SIDE, as Real-ESRGAN does with DIV2K."""

    patch: int
    jpeg_quality: tuple[int, int] = D.JPEG_QUALITY_RANGE
    graphics: int = 0
    clean_share: float = 0.0
    jpeg_q_power: float = 1.0
    variant: str = "benchmark"
    recipe: PhotoRecipe = field(default_factory=PhotoRecipe)
    sampling: str = "image"
    pyramid: tuple[float, ...] = ()

    def __post_init__(self):
        if self.sampling not in SAMPLINGS:
            raise ValueError(f"sampling must be one of {SAMPLINGS}, got {self.sampling!r}")
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {self.variant!r}")


class PatchSampler:
    """Random (degraded, clean) training patches of a task's training images, as `config`
    (a SamplerConfig, or its patch size and fields by keyword) says, drawn from `rng`."""

    def __init__(self, task: Task, data_root: Path, config: SamplerConfig | int,
                 rng: np.random.Generator, **fields):
        cfg = config if isinstance(config, SamplerConfig) else SamplerConfig(config, **fields)
        patch, sampling, pyramid, graphics = cfg.patch, cfg.sampling, cfg.pyramid, cfg.graphics
        self.config, self.task, self.rng = cfg, task, rng
        self.patch, self.jpeg_quality = cfg.patch, cfg.jpeg_quality
        self.clean_share, self.jpeg_q_power = cfg.clean_share, cfg.jpeg_q_power
        self.variant, self.recipe = cfg.variant, cfg.recipe
        variant = cfg.variant
        s = task.scale
        sets = task.train_sets + (task.photo_train_sets if variant == "photo" else ())
        per_set = {name: list_images(data_root / "train" / name) for name in sets}
        self.images_read = {name: len(files) for name, files in per_set.items()}  # for the card
        paths = [p for files in per_set.values() for p in files]
        self.gt: list[np.ndarray] = []
        self.lq: list[np.ndarray] = []
        for img in with_pyramid([*map(load_rgb, paths), *graphics_set(graphics)], pyramid):
            img = D.crop_to_multiple(img, s)
            if min(img.shape[:2]) < patch * s:
                continue
            self.gt.append(img)
            if s > 1:
                self.lq.append(D.imresize_bicubic(img, 1.0 / s))
        if not self.gt:
            raise ValueError(f"no training image of {task.name} is at least {patch * s}px")
        self.weights = patch_positions(self.gt, patch, s) if sampling == "area" else None

    def reseeded(self, rng: np.random.Generator) -> PatchSampler:
        """The same sampler (its images shared, not copied) drawing from `rng`."""
        twin = copy.copy(self)
        twin.rng = rng
        return twin

    def image_index(self) -> int:
        """The image the next patch comes from (`sampling`)."""
        if self.weights is None:
            return int(self.rng.integers(len(self.gt)))
        return int(np.searchsorted(self.weights, self.rng.random(), side="right"))

    def pair(self) -> tuple[np.ndarray, np.ndarray]:
        """One (lq, gt) float pair: (p, p, 3) and (p*s, p*s, 3)."""
        i = self.image_index()
        gt, p, s = self.gt[i], self.patch, self.task.scale
        h, w = gt.shape[0] // s, gt.shape[1] // s
        y, x = int(self.rng.integers(h - p + 1)), int(self.rng.integers(w - p + 1))
        hr = gt[y * s : (y + p) * s, x * s : (x + p) * s]
        k = int(self.rng.integers(8))
        if s > 1 and self.variant == "photo" and H.draws_history(self.recipe.history.sr_share, self.rng):
            (hr,) = augment([hr], k)
            return H.sr_history(D.to_float(hr), s, self.rng, self.recipe.history.web), D.to_float(hr)
        if s > 1 and self.variant == "photo":
            kind = C.sr_kind(self.rng, self.recipe.sr)
            if kind != "clean":  # else the benchmark's bicubic input, below
                (hr,) = augment([hr], k)
                chain = C.sr_web if kind == "web" else C.sr_chain
                return chain(D.to_float(hr), s, self.rng, self.recipe.sr), D.to_float(hr)
        if s > 1:
            lq, hr = augment([self.lq[i][y : y + p, x : x + p], hr], k)
            return D.to_float(lq), D.to_float(hr)
        (hr,) = augment([hr], k)
        if self.clean_share and self.rng.random() < self.clean_share:
            return D.to_float(hr), D.to_float(hr)
        return self.degrade(hr), D.to_float(hr)

    def degrade(self, clean_u8: np.ndarray) -> np.ndarray:
        name, rng = self.task.name, self.rng
        if self.variant == "photo":
            return self.degrade_photo(D.to_float(clean_u8))
        if name == "denoise":
            sigma = rng.uniform(*D.NOISE_SIGMA_RANGE)
            return D.add_gaussian_noise(D.to_float(clean_u8), sigma, rng)
        if name == "dejpeg":
            return D.to_float(D.jpeg_roundtrip(clean_u8, self.jpeg_q()))
        if name == "derain":
            return D.add_rain(D.to_float(clean_u8), rng)
        raise ValueError(f"task {name} has no patch degradation")

    def degrade_photo(self, clean: np.ndarray) -> np.ndarray:
        name, rng, recipe = self.task.name, self.rng, self.recipe
        if name == "denoise" and H.draws_history(recipe.history.denoise_share, rng):
            return H.denoise_history(clean, rng, recipe.history)
        if name == "dejpeg" and H.draws_history(recipe.history.dejpeg_share, rng):
            return H.dejpeg_history(clean, rng, recipe.history)
        if name == "denoise":
            return C.denoise_chain(clean, rng, recipe.denoise)
        if name == "dejpeg":
            return C.dejpeg_chain(clean, rng, recipe.dejpeg)
        if name == "derain":
            return C.derain_chain(clean, rng, recipe.derain)
        raise ValueError(f"task {name} has no photo degradation")

    def jpeg_q(self) -> int:
        lo, hi = self.jpeg_quality
        return min(hi, lo + int((hi - lo + 1) * self.rng.random() ** self.jpeg_q_power))

    def batch(self, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        pairs = [self.pair() for _ in range(size)]
        return to_batch([p[0] for p in pairs]), to_batch([p[1] for p in pairs])
