"""The Python environment the pipeline needs: torch, numpy, Pillow, OpenBLAS as the BLAS."""
from pathlib import Path

import torch


def test_tiny_conv_runs():
    y = torch.nn.Conv2d(3, 4, 3, padding=1)(torch.rand(1, 3, 8, 8))
    assert y.shape == (1, 4, 8, 8)


def test_openblas_is_the_blas_in_use():
    torch.rand(64, 64) @ torch.rand(64, 64)
    torch.linalg.svd(torch.rand(8, 8))  # LAPACK pulls in the system BLAS
    maps = Path("/proc/self/maps").read_text()
    blas = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line.lower()})
    assert any("openblas" in path for path in blas), f"BLAS libraries loaded: {blas}"
