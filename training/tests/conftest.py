import numpy as np
import pytest
import torch
from PIL import Image

from training.arch import ArchArgs


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


@pytest.fixture
def tiny_args():
    def make(norm="iln", scale=1, **kw):
        base = dict(dim=8, groups=1, depth=2, heads=2, window=4, scale=scale, norm=norm)
        return ArchArgs(**{**base, **kw})

    return make


@pytest.fixture
def fake_datasets(tmp_path):
    """A datasets root with tiny synthetic train images for every training folder."""
    rng = np.random.default_rng(0)
    folders = ["train/T91", "train/General100", "train/BSD200", "train/mate_nature", "train/debian_photos",
               "train/BSDS500_test",
               "val/Set5/HR", "val/Set14", "val/CBSD68"]
    for folder in folders:
        d = tmp_path / folder
        d.mkdir(parents=True)
        for i in range(2):
            y, x = np.mgrid[0:72, 0:80]
            img = 127 + 100 * np.sin(x / (3 + i) + folder.__len__()) * np.cos(y / 5)
            img = np.stack([img, img[::-1], img[:, ::-1]], -1) + rng.normal(0, 5, (72, 80, 3))
            Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(d / f"{i}.png")
    return tmp_path
