"""PSNR and SSIM with the conventions the restoration papers use.

Inputs are uint8 (H, W, 3) RGB. Luma is ITU-R BT.601 Y in the 16-235 range, computed in
float from the uint8 values, as BasicSR and the SwinIR evaluation scripts do.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

Y_WEIGHTS = np.array([65.481, 128.553, 24.966]) / 255.0


def rgb_to_y(img_u8: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 -> (H, W, 1) float64 luma on the 0-255 scale (16-235)."""
    return (img_u8.astype(np.float64) @ Y_WEIGHTS + 16.0)[..., None]


def prepare(a: np.ndarray, b: np.ndarray, border: int, space: str) -> tuple[np.ndarray, np.ndarray]:
    if a.shape != b.shape:
        raise ValueError(f"images differ in shape: {a.shape} vs {b.shape}")
    if border:
        a, b = a[border:-border, border:-border], b[border:-border, border:-border]
    if space == "y":
        return rgb_to_y(a), rgb_to_y(b)
    if space == "rgb":
        return a.astype(np.float64), b.astype(np.float64)
    raise ValueError(f"space must be 'y' or 'rgb', got {space!r}")


def psnr(a: np.ndarray, b: np.ndarray, border: int = 0, space: str = "rgb") -> float:
    x, y = prepare(a, b, border, space)
    mse = np.mean((x - y) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))


def _gaussian_1d(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    g = torch.exp(-((torch.arange(size, dtype=torch.float64) - size // 2) ** 2) / (2 * sigma**2))
    return g / g.sum()  # (size,); the 2-D window is its outer product


def _blur(maps: torch.Tensor) -> torch.Tensor:
    """(N, 1, H, W) float64 -> (N, 1, H-10, W-10): the 'valid' 11x11 Gaussian window, applied as
    two 1-D passes (the window is separable): equal to the 2-D convolution to float64 rounding
    and about 5x faster, which made scoring cost less than running the network."""
    g = _gaussian_1d()
    return F.conv2d(F.conv2d(maps, g.view(1, 1, -1, 1)), g.view(1, 1, 1, -1))


def _ssim_channel(x: torch.Tensor, y: torch.Tensor) -> float:
    """Wang et al. SSIM on one (1, 1, H, W) channel, 'valid' 11x11 Gaussian window."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my, exx, eyy, exy = _blur(torch.cat([x, y, x * x, y * y, x * y]))  # each (1, H', W')
    sxx, syy, sxy = exx - mx**2, eyy - my**2, exy - mx * my
    num = (2 * mx * my + c1) * (2 * sxy + c2)
    den = (mx**2 + my**2 + c1) * (sxx + syy + c2)
    return float((num / den).mean())


def ssim(a: np.ndarray, b: np.ndarray, border: int = 0, space: str = "rgb") -> float:
    """Mean SSIM over channels (one channel for Y)."""
    x, y = prepare(a, b, border, space)
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[:, None]
    ty = torch.from_numpy(np.ascontiguousarray(y.transpose(2, 0, 1)))[:, None]
    return float(np.mean([_ssim_channel(tx[c : c + 1], ty[c : c + 1]) for c in range(tx.shape[0])]))
