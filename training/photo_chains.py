"""Photo degradation chains: what the photo models train on, one chain per task, each with a
config of ranges (frozen dataclasses; the defaults are the recipe, chosen by the ablations in
models/NOTES.md). Every draw comes from the numpy Generator passed in, so a seed fixes a patch.

- super-resolution: a second-order chain after Real-ESRGAN, milder (phones and the web rarely
  blur or compress as hard as its worst case), mixed with clean bicubic inputs (the benchmark's)
  and one-step web thumbnails (a resize then JPEG);
- denoise: a camera's noise (Poisson-Gaussian on linear intensities through a Bayer mosaic)
  then the camera's JPEG, mixed with plain Gaussian noise before and after JPEG and clean inputs;
- dejpeg: JPEG (4:2:0 or 4:4:4, at a random block offset) of images that already carry light
  camera noise, sometimes compressed twice;
- derain: synthetic streaks, heavy or light, then light camera noise and the camera's JPEG.
The named recipes that combine them are in photo_recipes.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import degrade as D
from . import photo_degrade as P

Range = tuple[float, float]


def uniform(rng: np.random.Generator, r: Range) -> float:
    return float(rng.uniform(*r))


def log_uniform(rng: np.random.Generator, r: Range) -> float:
    return float(math.exp(rng.uniform(math.log(r[0]), math.log(r[1]))))


@dataclass(frozen=True)
class KernelRanges:
    """A random blur kernel: its odd size, kind (weights need not sum to 1) and parameters."""
    sigma: Range = (0.2, 3.0)
    sizes: tuple[int, ...] = (7, 9, 11, 13, 15, 17, 19, 21)
    kinds: tuple[tuple[str, float], ...] = (("iso", 0.45), ("aniso", 0.25),
                                            ("generalized", 0.12), ("plateau", 0.12), ("sinc", 0.06))
    beta_generalized: Range = (0.5, 4.0)
    beta_plateau: Range = (1.0, 2.0)


def random_kernel(rng: np.random.Generator, r: KernelRanges) -> np.ndarray:
    k = int(rng.choice(r.sizes))
    names, weights = zip(*r.kinds)
    kind = names[int(rng.choice(len(names), p=np.array(weights) / sum(weights)))]
    if kind == "sinc":
        return P.sinc_kernel(k, uniform(rng, (math.pi / 3 if k < 13 else math.pi / 5, math.pi)))
    sx = uniform(rng, r.sigma)
    sy = sx if kind == "iso" else uniform(rng, r.sigma)
    theta = uniform(rng, (-math.pi, math.pi))
    if kind == "generalized":
        return P.generalized_gaussian_kernel(k, sx, sy, theta, uniform(rng, r.beta_generalized))
    if kind == "plateau":
        return P.plateau_kernel(k, sx, sy, theta, uniform(rng, r.beta_plateau))
    return P.gaussian_kernel(k, sx, sy, theta)


@dataclass(frozen=True)
class NoiseRanges:
    prob: float = 0.6
    gaussian_share: float = 0.5  # else Poisson
    sigma: Range = (1.0, 15.0)  # Gaussian, 0-255 scale
    poisson_scale: Range = (0.05, 1.5)
    grey_prob: float = 0.4


def add_noise(img: np.ndarray, rng: np.random.Generator, r: NoiseRanges) -> np.ndarray:
    if rng.random() >= r.prob:
        return img
    grey = bool(rng.random() < r.grey_prob)
    if rng.random() < r.gaussian_share:
        return P.gaussian_noise(img, uniform(rng, r.sigma), grey, rng)
    return P.poisson_noise(img, uniform(rng, r.poisson_scale), grey, rng)


@dataclass(frozen=True)
class JpegRanges:
    quality: Range = (40, 95)
    share_420: float = 0.7  # else 4:4:4


def random_jpeg(img: np.ndarray, rng: np.random.Generator, r: JpegRanges) -> np.ndarray:
    """JPEG at a random quality, subsampling and block offset (a crop of a larger image)."""
    q = int(round(uniform(rng, r.quality)))
    sub = "4:2:0" if rng.random() < r.share_420 else "4:4:4"
    block = 16 if sub == "4:2:0" else 8
    offset = (int(rng.integers(block)), int(rng.integers(block)))
    return P.jpeg(img.clip(0, 1), q, sub, offset)


def random_resize(img: np.ndarray, height: int, width: int, rng: np.random.Generator,
                  methods: tuple[str, ...] = P.RESIZE_METHODS) -> np.ndarray:
    method = methods[int(rng.integers(len(methods)))]
    return P.resize(img.clip(0, 1), max(1, height), max(1, width), method)


# ---- super-resolution ------------------------------------------------------------------------

@dataclass(frozen=True)
class SRChain:
    """HR (p*s square) -> LR (p square). Shares: clean bicubic (the benchmark's input; the
    sampler supplies it), a web thumbnail (resize + JPEG), else the second-order chain. Blur
    sigmas are in HR pixels at x4 and scale with s / 4."""
    clean_share: float = 0.15
    web_share: float = 0.25
    web_jpeg: JpegRanges = JpegRanges(quality=(30, 95))
    web_resize: tuple[str, ...] = P.RESIZE_METHODS  # the web thumbnails' resize methods
    blur1: KernelRanges = KernelRanges(sigma=(0.2, 3.0))
    blur1_prob: float = 0.8
    resize1: tuple[Range, Range] = ((0.5, 1.0), (1.0, 1.5))  # down, up (relative to HR)
    resize1_probs: tuple[float, float, float] = (0.5, 0.2, 0.3)  # down, up, keep
    noise1: NoiseRanges = NoiseRanges()
    jpeg1_prob: float = 0.8
    jpeg1: JpegRanges = JpegRanges()
    second_prob: float = 0.5
    blur2: KernelRanges = KernelRanges(sigma=(0.2, 1.5))
    blur2_prob: float = 0.6
    resize2: Range = (0.6, 1.2)  # relative to the final LR size
    noise2: NoiseRanges = NoiseRanges(prob=0.5, sigma=(1.0, 10.0), poisson_scale=(0.05, 1.0))
    final_sinc_prob: float = 0.4
    final_jpeg: JpegRanges = JpegRanges()


def scaled(r: KernelRanges, factor: float) -> KernelRanges:
    return KernelRanges(sigma=(r.sigma[0], max(r.sigma[0], r.sigma[1] * factor)), sizes=r.sizes,
                        kinds=r.kinds, beta_generalized=r.beta_generalized, beta_plateau=r.beta_plateau)


def sr_kind(rng: np.random.Generator, c: SRChain) -> str:
    u = rng.random()
    return "clean" if u < c.clean_share else "web" if u < c.clean_share + c.web_share else "chain"


def sr_web(hr: np.ndarray, scale: int, rng: np.random.Generator, c: SRChain) -> np.ndarray:
    p = hr.shape[0] // scale
    return random_jpeg(random_resize(hr, p, p, rng, c.web_resize), rng, c.web_jpeg)


def sr_chain(hr: np.ndarray, scale: int, rng: np.random.Generator, c: SRChain) -> np.ndarray:
    """The second-order chain; hr float (p*s, p*s, 3) -> lr float (p, p, 3)."""
    p, x = hr.shape[0] // scale, hr
    if rng.random() < c.blur1_prob:
        x = P.blur(x, random_kernel(rng, scaled(c.blur1, scale / 4)))
    direction = int(rng.choice(3, p=c.resize1_probs))
    if direction < 2:
        f = uniform(rng, c.resize1[direction])
        x = random_resize(x, round(x.shape[0] * f), round(x.shape[1] * f), rng)
    x = add_noise(x, rng, c.noise1)
    if rng.random() < c.jpeg1_prob:
        x = random_jpeg(x, rng, c.jpeg1)
    if rng.random() < c.second_prob:
        if rng.random() < c.blur2_prob:
            x = P.blur(x, random_kernel(rng, scaled(c.blur2, scale / 4)))
        mid = round(p * uniform(rng, c.resize2))
        x = add_noise(random_resize(x, mid, mid, rng), rng, c.noise2)
    return final_steps(x, p, rng, c)


def final_steps(x: np.ndarray, p: int, rng: np.random.Generator, c: SRChain) -> np.ndarray:
    """Resize to p (+ a sinc's ringing) and JPEG, in a random order as Real-ESRGAN does."""
    def to_size(img):
        img = random_resize(img, p, p, rng)
        if rng.random() < c.final_sinc_prob:
            img = P.blur(img, random_kernel(rng, KernelRanges(kinds=(("sinc", 1.0),))))
        return img

    if rng.random() < 0.5:
        return random_jpeg(to_size(x), rng, c.final_jpeg)
    return to_size(random_jpeg(x, rng, c.final_jpeg)).clip(0, 1)


# ---- denoise ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DenoiseChain:
    """clean (input = target) | Gaussian, unclipped (the benchmark) | Gaussian then JPEG |
    a camera's noise then (usually) its JPEG."""
    clean_share: float = 0.1
    gaussian_share: float = 0.25
    gaussian_jpeg_share: float = 0.25
    gaussian_sigma: Range = (0.0, 50.0)
    gaussian_jpeg_sigma: Range = (1.0, 30.0)
    grey_prob: float = 0.2
    shot: Range = (1e-4, 1e-2)  # log-uniform; variance per unit of linear intensity
    bayer_prob: float = 0.7
    # what a camera's noise reduction leaves (camera_noise): coarse grain, little colour noise
    smooth_prob: float = 0.0
    smooth: Range = (0.5, 1.5)
    chroma: Range = (1.0, 1.0)  # drawn when smoothing
    camera_jpeg_prob: float = 0.9
    jpeg: JpegRanges = JpegRanges(quality=(60, 98))


def denoise_chain(clean: np.ndarray, rng: np.random.Generator, c: DenoiseChain) -> np.ndarray:
    u = rng.random()
    if u < c.clean_share:
        return clean.copy()
    if u < c.clean_share + c.gaussian_share:
        return P.gaussian_noise(clean, uniform(rng, c.gaussian_sigma), False, rng)
    if u < c.clean_share + c.gaussian_share + c.gaussian_jpeg_share:
        grey = bool(rng.random() < c.grey_prob)
        noisy = P.gaussian_noise(clean, uniform(rng, c.gaussian_jpeg_sigma), grey, rng)
        return random_jpeg(noisy, rng, c.jpeg)
    shot, bayer = log_uniform(rng, c.shot), bool(rng.random() < c.bayer_prob)
    smooth, chroma = 0.0, 1.0
    if c.smooth_prob and rng.random() < c.smooth_prob:
        smooth, chroma = uniform(rng, c.smooth), uniform(rng, c.chroma)
    noisy = P.camera_noise(clean, shot, rng, bayer, smooth, chroma)
    if rng.random() < c.camera_jpeg_prob:
        return random_jpeg(noisy, rng, c.jpeg)
    return P.quantize(noisy)


# ---- dejpeg ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DejpegChain:
    """Light camera noise (sometimes), an earlier JPEG (sometimes), then the JPEG to remove,
    its quality drawn as q_min + (q_max - q_min) * u**power (power 2 favours low qualities)."""
    clean_share: float = 0.05
    noise_prob: float = 0.4
    shot: Range = (1e-4, 2e-3)
    first_jpeg_prob: float = 0.3
    first_jpeg: JpegRanges = JpegRanges(quality=(50, 95))
    quality: Range = (10, 90)
    quality_power: float = 2.0
    share_420: float = 0.7


def dejpeg_chain(clean: np.ndarray, rng: np.random.Generator, c: DejpegChain) -> np.ndarray:
    if rng.random() < c.clean_share:
        return clean.copy()
    x = clean
    if rng.random() < c.noise_prob:
        x = P.camera_noise(x, log_uniform(rng, c.shot), rng, bool(rng.random() < 0.5))
    if rng.random() < c.first_jpeg_prob:
        x = random_jpeg(x, rng, c.first_jpeg)
    lo, hi = c.quality
    q = lo + (hi - lo) * rng.random() ** c.quality_power
    return random_jpeg(x, rng, JpegRanges(quality=(q, q), share_420=c.share_420))


# ---- derain ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DerainChain:
    """A photo of rain as a camera saves it: rain-free (input = target, so a dry photo is left
    alone) | streaks, Rain100H-heavy or light (fewer layers, a thinner veil: most real rain),
    light camera noise (sometimes), then the camera's JPEG (usually). The target is the clean
    image, so the model also undoes the JPEG around the streaks."""
    clean_share: float = 0.2
    light_share: float = 0.5
    light_layers: tuple[int, int] = (1, 2)
    light_veil: float = 0.04
    noise_prob: float = 0.4
    shot: Range = (1e-4, 3e-3)
    jpeg_prob: float = 0.85
    jpeg: JpegRanges = JpegRanges(quality=(60, 95))


def derain_chain(clean: np.ndarray, rng: np.random.Generator, c: DerainChain) -> np.ndarray:
    if rng.random() < c.clean_share:
        return clean.copy()
    if rng.random() < c.light_share:
        x = D.add_rain(clean, rng, c.light_layers, c.light_veil)
    else:
        x = D.add_rain(clean, rng)
    if rng.random() < c.noise_prob:
        x = P.camera_noise(x, log_uniform(rng, c.shot), rng, bool(rng.random() < 0.5))
    if rng.random() < c.jpeg_prob:
        return random_jpeg(x, rng, c.jpeg)
    return P.quantize(x)
