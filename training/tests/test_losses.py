import numpy as np
import pytest
import torch

from training.losses import check_loss, pixel_loss
from training.metrics import Y_WEIGHTS


def test_l1_luma_is_l1_in_ycbcr_with_chroma_at_a_quarter():
    g = torch.Generator().manual_seed(0)
    out, target = torch.rand(2, 3, 5, 7, generator=g), torch.rand(2, 3, 5, 7, generator=g)
    err = (out - target).permute(0, 2, 3, 1).numpy().astype(np.float64)  # (B, H, W, 3)
    y = err @ Y_WEIGHTS  # the luma that training/metrics.py scores, without its offset
    cb = err @ (np.array([-37.797, -74.203, 112.0]) / 255)
    cr = err @ (np.array([112.0, -93.786, -18.214]) / 255)
    expected = (np.abs(y).mean() + 0.25 * np.abs(cb).mean() + 0.25 * np.abs(cr).mean()) / 1.5
    assert float(pixel_loss(out, target, "l1-luma")) == pytest.approx(expected, rel=1e-5)


def test_l1_luma_charges_a_colour_error_less_than_a_brightness_error_of_the_same_l1():
    target = torch.full((1, 3, 4, 4), 0.5)
    grey = target + torch.tensor([0.1, 0.1, 0.1]).view(1, 3, 1, 1)
    # a change of hue that keeps luma: R up, G down by R's luma share over G's
    step = torch.tensor([1.0, -Y_WEIGHTS[0] / Y_WEIGHTS[1], 0.0])
    hue = target + (step * 0.3 / step.abs().sum()).view(1, 3, 1, 1).float()
    l1 = [float(pixel_loss(x, target, "l1")) for x in (grey, hue)]
    luma = [float(pixel_loss(x, target, "l1-luma")) for x in (grey, hue)]
    assert l1[0] == pytest.approx(l1[1], rel=1e-5)  # the same error in RGB L1
    assert luma[1] < 0.5 * luma[0]  # under half the cost in luma-weighted L1 (0.36 here)


def test_an_unknown_loss_is_named():
    with pytest.raises(ValueError, match="unknown loss 'huber': l1, l2, l1-luma"):
        check_loss("huber")
