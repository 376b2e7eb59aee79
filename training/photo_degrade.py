"""The degradations real photos carry, one function each, deterministic under a numpy Generator.

In the spirit of BSRGAN / Real-ESRGAN (blur kernels, resizing, Gaussian and Poisson noise, JPEG)
plus a camera's own noise (Poisson-Gaussian on linear intensities, through a Bayer mosaic).
Images are float32 (H, W, 3) in [0, 1]; every function returns a new array. The chains that
combine them for each task, with their ranges, are in photo_chains.py.
"""
from __future__ import annotations

import io
import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

RESIZE_METHODS = ("area", "bilinear", "bicubic")
# What web pages, CMSs and image editors resize with: the above plus Lanczos (Pillow's, ImageMagick's
# and most CMSs' default), which rings a little at edges.
WEB_RESIZE_METHODS = RESIZE_METHODS + ("lanczos",)
# PIL's subsampling codes: 4:4:4 keeps full-resolution colour, 4:2:0 halves it both ways (the
# default of phones and of most encoders). Its blocks then cover 16 x 16 pixels.
SUBSAMPLING = {"4:4:4": 0, "4:2:0": 2}


# ---- blur kernels (odd size k, normalised to sum 1) ----------------------------------------

def _grid(k: int) -> tuple[np.ndarray, np.ndarray]:
    r = np.arange(k, dtype=np.float64) - k // 2
    return np.meshgrid(r, r, indexing="xy")


def _mahalanobis(k: int, sigma_x: float, sigma_y: float, theta: float) -> np.ndarray:
    """d^T Sigma^-1 d on a k x k grid for a Gaussian of axes sigma_x, sigma_y rotated by theta."""
    x, y = _grid(k)
    c, s = math.cos(theta), math.sin(theta)
    u, v = c * x + s * y, -s * x + c * y
    return (u / sigma_x) ** 2 + (v / sigma_y) ** 2


def _normalised(k: np.ndarray) -> np.ndarray:
    return (k / k.sum()).astype(np.float32)


def gaussian_kernel(k: int, sigma_x: float, sigma_y: float, theta: float = 0.0) -> np.ndarray:
    """Isotropic when sigma_x == sigma_y, else anisotropic at angle theta (radians)."""
    return _normalised(np.exp(-0.5 * _mahalanobis(k, sigma_x, sigma_y, theta)))


def generalized_gaussian_kernel(k: int, sigma_x: float, sigma_y: float, theta: float,
                                beta: float) -> np.ndarray:
    """exp(-0.5 (d^T S^-1 d)^beta): beta < 1 a peaked, heavy-tailed blur, beta > 1 a flat disc."""
    return _normalised(np.exp(-0.5 * _mahalanobis(k, sigma_x, sigma_y, theta) ** beta))


def plateau_kernel(k: int, sigma_x: float, sigma_y: float, theta: float, beta: float) -> np.ndarray:
    """1 / (1 + (d^T S^-1 d)^beta): a flat top with soft shoulders (defocus-like)."""
    return _normalised(1.0 / (1.0 + _mahalanobis(k, sigma_x, sigma_y, theta) ** beta))


def sinc_kernel(k: int, cutoff: float) -> np.ndarray:
    """The ideal circular low-pass of `cutoff` (radians per pixel, < pi): the ringing that
    sharp resampling filters and over-sharpened photos show."""
    x, y = _grid(k)
    r = np.sqrt(x**2 + y**2)
    j1 = torch.special.bessel_j1(torch.from_numpy(cutoff * r)).numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        kern = cutoff * j1 / (2 * np.pi * r)
    kern[k // 2, k // 2] = cutoff**2 / (4 * np.pi)  # the limit at r = 0
    return _normalised(kern)


def blur(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Each channel correlated with the kernel, reflect-padded, same size. Through the FFT: a
    21 x 21 kernel on a 192 px patch took 10 ms as a convolution, a sixth of a training step's
    share."""
    k, (h, w) = kernel.shape[0], img.shape[:2]
    x = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1), dtype=np.float32))[None]
    mode = "reflect" if min(h, w) > k // 2 else "replicate"
    x = F.pad(x, [k // 2] * 4, mode=mode)[0]
    size = x.shape[-2:]
    # correlation = convolution with the kernel turned by 180 degrees
    spectrum = torch.fft.rfft2(x, s=size) * torch.fft.rfft2(torch.from_numpy(kernel[::-1, ::-1].copy()), s=size)
    out = torch.fft.irfft2(spectrum, s=size)[:, k - 1 : k - 1 + h, k - 1 : k - 1 + w]
    return out.numpy().transpose(1, 2, 0).copy()


# ---- resizing --------------------------------------------------------------------------------

def resize(img: np.ndarray, height: int, width: int, method: str) -> np.ndarray:
    """To (height, width) by area averaging, or antialiased bilinear / bicubic / Lanczos (what
    image editors and browsers do), clipped to [0, 1] (bicubic and Lanczos overshoot)."""
    if method not in WEB_RESIZE_METHODS:
        raise ValueError(f"resize method must be one of {WEB_RESIZE_METHODS}, got {method!r}")
    if method == "lanczos":  # Pillow's, one float channel at a time
        planes = [Image.fromarray(np.ascontiguousarray(img[..., c], dtype=np.float32))
                  for c in range(img.shape[2])]
        channels = [np.asarray(p.resize((width, height), Image.LANCZOS)) for p in planes]
        return np.stack(channels, axis=2).clip(0, 1).astype(np.float32)
    x = torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1)))[None]
    if method == "area":
        y = F.interpolate(x, size=(height, width), mode="area")
    else:
        y = F.interpolate(x, size=(height, width), mode=method, align_corners=False, antialias=True)
    return y[0].clamp(0, 1).numpy().transpose(1, 2, 0).copy()


def sharpen(img: np.ndarray, amount: float, radius: float) -> np.ndarray:
    """An unsharp mask, as a phone's processing or a CMS applies it: img + amount * (img - a
    Gaussian blur of `radius`), clipped. Its halos (a bright and a dark rim along each edge) are
    what a restoration model must not take for detail."""
    k = 2 * math.ceil(3 * radius) + 1
    soft = blur(img, gaussian_kernel(k, radius, radius))
    return (img + amount * (img - soft)).clip(0, 1).astype(np.float32)


# ---- noise -----------------------------------------------------------------------------------

def gaussian_noise(img: np.ndarray, sigma: float, grey: bool, rng: np.random.Generator) -> np.ndarray:
    """White Gaussian noise of `sigma` on the 0-255 scale; grey: the same value on all channels
    (luminance noise), else independent per channel (colour noise). Not clipped."""
    shape = img.shape[:2] + (1,) if grey else img.shape
    return (img + rng.normal(0.0, sigma / 255.0, shape)).astype(np.float32)


def poisson_noise(img: np.ndarray, scale: float, grey: bool, rng: np.random.Generator) -> np.ndarray:
    """Shot noise as Real-ESRGAN draws it: Poisson counts at 8-bit levels, the deviation from
    the image multiplied by `scale`; grey: drawn on the luma and added to every channel."""
    src = img.clip(0, 1)
    if grey:
        src = (src @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    levels = 255.0
    noise = rng.poisson(src * levels) / levels - src
    return (img + scale * noise).astype(np.float32)


# ---- a camera's noise ------------------------------------------------------------------------

def srgb_to_linear(img: np.ndarray) -> np.ndarray:
    """The inverse of the sRGB tone curve: what the sensor measured, up to white balance."""
    x = img.clip(0, 1)
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4).astype(np.float32)


def linear_to_srgb(img: np.ndarray) -> np.ndarray:
    x = img.clip(0, 1)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * x ** (1 / 2.4) - 0.055).astype(np.float32)


def read_noise_for(shot: float, rng: np.random.Generator) -> float:
    """Read-noise variance matching a shot-noise level, from the log-linear relation that
    Brooks et al. (Unprocessing Images, CVPR 2019) fit to real camera sensors."""
    log_read = 2.18 * math.log(shot) + 1.20 + rng.normal(0.0, 0.26)
    return math.exp(log_read)


def bayer_mosaic(img: np.ndarray) -> np.ndarray:
    """RGGB: one colour sample per pixel, (H, W) float."""
    m = np.empty(img.shape[:2], np.float32)
    m[0::2, 0::2] = img[0::2, 0::2, 0]
    m[0::2, 1::2] = img[0::2, 1::2, 1]
    m[1::2, 0::2] = img[1::2, 0::2, 1]
    m[1::2, 1::2] = img[1::2, 1::2, 2]
    return m


def demosaic_bilinear(mosaic: np.ndarray) -> np.ndarray:
    """RGGB mosaic -> (H, W, 3) by bilinear interpolation of each colour's samples (the
    simplest demosaicing: it turns per-photosite noise into correlated, coloured grain)."""
    h, w = mosaic.shape
    masks = np.zeros((3, h, w), np.float32)
    masks[0, 0::2, 0::2] = 1
    masks[1, 0::2, 1::2] = masks[1, 1::2, 0::2] = 1
    masks[2, 1::2, 1::2] = 1
    rb = torch.tensor([[0.25, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 0.25]])
    g = torch.tensor([[0.0, 0.25, 0.0], [0.25, 1.0, 0.25], [0.0, 0.25, 0.0]])
    kernels = torch.stack([rb, g, rb])[:, None]
    x = torch.from_numpy(masks * mosaic[None].astype(np.float32))[None]
    x = F.pad(x, [1, 1, 1, 1], mode="reflect" if min(h, w) > 1 else "replicate")
    out = F.conv2d(x, kernels, groups=3)[0]
    return out.numpy().transpose(1, 2, 0).copy()


def camera_noise(img: np.ndarray, shot: float, rng: np.random.Generator,
                 bayer: bool = True, smooth: float = 0.0, chroma: float = 1.0) -> np.ndarray:
    """Sensor noise as a camera sees it: back to linear intensities, Poisson-Gaussian noise of
    variance shot * x + read there (per photosite of an RGGB mosaic, then demosaiced, if
    `bayer`: the noise is interpolated as a camera's demosaicing spreads it, the image itself
    stays as sharp as a good demosaicer leaves it), and the sRGB tone curve again. What a camera's own noise reduction leaves:
    `smooth` > 0 low-passes the noise with a Gaussian of that sigma, keeping its strength
    (coarse grain), and `chroma` < 1 scales its colour part (cameras remove colour noise far
    more than luminance noise). Returns float, clipped to [0, 1] as a pipeline does."""
    lin = srgb_to_linear(img)
    read = read_noise_for(shot, rng)
    if bayer:
        std = np.sqrt(shot * bayer_mosaic(lin) + read)
        noise = demosaic_bilinear((rng.normal(0.0, 1.0, std.shape) * std).astype(np.float32))
    else:
        noise = rng.normal(0.0, 1.0, lin.shape) * np.sqrt(shot * lin + read)
    if smooth > 0 or chroma != 1.0:
        noise = processed_noise(noise.astype(np.float32), smooth, chroma)
    return linear_to_srgb(lin + noise)


def processed_noise(noise: np.ndarray, smooth: float, chroma: float) -> np.ndarray:
    """Noise after a camera's noise reduction: low-passed (strength kept) and its colour part
    (the deviation from the per-pixel channel mean) scaled by `chroma`."""
    if smooth > 0:
        k = 2 * math.ceil(3 * smooth) + 1
        coarse = blur(noise, gaussian_kernel(k, smooth, smooth))
        noise = coarse * (noise.std() / max(float(coarse.std()), 1e-8))
    luma = noise.mean(axis=2, keepdims=True)
    return luma + chroma * (noise - luma)


# ---- JPEG ------------------------------------------------------------------------------------

def jpeg(img: np.ndarray, quality: int, subsampling: str = "4:2:0",
         offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """Encode and decode with Pillow (libjpeg). `offset` shifts the 8 x 8 (16 x 16 at 4:2:0)
    block grid by (dy, dx) pixels, as a crop of a larger JPEG has it: the image is padded at
    the top-left by reflection, compressed and cropped back."""
    if subsampling not in SUBSAMPLING:
        raise ValueError(f"subsampling must be one of {tuple(SUBSAMPLING)}, got {subsampling!r}")
    dy, dx = offset
    u8 = np.clip(np.round(img * 255.0), 0, 255).astype(np.uint8)
    if dy or dx:
        u8 = np.pad(u8, ((dy, 0), (dx, 0), (0, 0)), mode="symmetric")
    buf = io.BytesIO()
    Image.fromarray(u8).save(buf, format="JPEG", quality=int(quality),
                             subsampling=SUBSAMPLING[subsampling])
    buf.seek(0)
    out = np.asarray(Image.open(buf).convert("RGB"))[dy:, dx:]
    return out.astype(np.float32) / 255.0


def quantize(img: np.ndarray) -> np.ndarray:
    """To 8-bit levels and back: what saving as PNG does."""
    return (np.clip(np.round(img * 255.0), 0, 255) / 255.0).astype(np.float32)
