import numpy as np
import pytest
import torch
import torch.nn.functional as F

from training import metrics as M


def ssim_with_a_2d_window(a: np.ndarray, b: np.ndarray) -> float:
    """Wang et al.'s SSIM written the direct way: one 11x11 Gaussian window, per RGB channel."""
    g = M._gaussian_1d()
    win = (g[:, None] @ g[None, :])[None, None]
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    values = []
    for c in range(3):
        x = torch.from_numpy(a[..., c].astype(np.float64))[None, None]
        y = torch.from_numpy(b[..., c].astype(np.float64))[None, None]
        mx, my = F.conv2d(x, win), F.conv2d(y, win)
        sxx, syy = F.conv2d(x * x, win) - mx**2, F.conv2d(y * y, win) - my**2
        sxy = F.conv2d(x * y, win) - mx * my
        values.append(float(((2 * mx * my + c1) * (2 * sxy + c2)
                             / ((mx**2 + my**2 + c1) * (sxx + syy + c2))).mean()))
    return float(np.mean(values))


@pytest.mark.parametrize("shape", [(40, 37, 3), (64, 96, 3)])
def test_ssim_equals_the_direct_2d_window(shape):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 256, shape, dtype=np.uint8)
    b = np.clip(a.astype(int) + rng.integers(-30, 31, shape), 0, 255).astype(np.uint8)
    assert M.ssim(a, b) == pytest.approx(ssim_with_a_2d_window(a, b), abs=1e-12)
    assert M.ssim(a, b) < 0.99 and M.ssim(a, a) == pytest.approx(1.0)


def test_psnr_of_an_error_of_one_level_everywhere():
    a = np.full((8, 8, 3), 100, np.uint8)
    assert M.psnr(a, a + 1) == pytest.approx(20 * np.log10(255.0), abs=1e-9)
