import pytest
import torch

from training.arch import ArchArgs, build_model, count_params, pad_to_multiple
from training.norms import ChannelAffine, ImageLayerNorm, TokenLayerNorm
from training.swin import SwinLayer, WindowAttention, relative_position_index, shift_mask, window_partition, window_reverse
from training.tasks import TASKS


@pytest.mark.parametrize("task", list(TASKS))
@pytest.mark.parametrize("norm", ["ln", "iln"])
def test_output_shape_for_every_task(task, norm, tiny_args):
    s = TASKS[task].scale
    model = build_model(tiny_args(norm=norm, scale=s))
    y = model(torch.rand(2, 3, 11, 6))  # not a multiple of the window
    assert y.shape == (2, 3, 11 * s, 6 * s)


def test_default_size_is_small_enough_for_the_browser():
    n = count_params(build_model(ArchArgs(scale=4)))
    assert n * 2 < 1.5e6  # float16 download under 1.5 MB


def test_iln_statistics_are_per_image_over_all_tokens_and_channels():
    norm = ImageLayerNorm(4)
    x = torch.randn(3, 10, 4) * torch.tensor([1.0, 5.0, 0.1])[:, None, None] + 3
    y, std = norm(x)
    assert std.shape == (3, 1, 1)
    assert torch.allclose(std.flatten() ** 2 - 1e-4, x.var(dim=(1, 2), unbiased=False), atol=1e-5)
    assert torch.allclose(y.mean(dim=(1, 2)), torch.zeros(3), atol=1e-5)
    alone, _ = norm(x[1:2])  # never across the batch
    assert torch.allclose(alone, y[1:2], atol=1e-6)


def test_token_ln_normalizes_each_token():
    y, scale = TokenLayerNorm(6)(torch.randn(2, 5, 6) * 4)
    assert scale is None
    assert torch.allclose(y.mean(-1), torch.zeros(2, 5), atol=1e-5)


def test_affine_has_no_normalization():
    affine = ChannelAffine(3)
    with torch.no_grad():
        affine.weight.copy_(torch.tensor([2.0, 1.0, -1.0]))
        affine.bias.copy_(torch.tensor([0.5, 0.0, 1.0]))
    x = torch.randn(1, 4, 3) * 100
    assert torch.allclose(affine(x), x * torch.tensor([2.0, 1.0, -1.0]) + torch.tensor([0.5, 0.0, 1.0]))
    model = build_model(ArchArgs(norm="iln"))
    assert isinstance(model.patch_norm, ChannelAffine) and isinstance(model.norm, ChannelAffine)


def relative_gap(a, b):
    return float((a - b).abs().max() / b.abs().max())


@pytest.mark.parametrize("shift", [0, 2])
def test_iln_layer_is_equivariant_to_positive_rescaling_and_ln_is_not(shift):
    torch.manual_seed(1)
    x = torch.randn(2, 8 * 8, 8)
    iln = SwinLayer(8, 2, 4, shift, 2.0, "iln").eval()
    ln = SwinLayer(8, 2, 4, shift, 2.0, "ln").eval()
    with torch.no_grad():
        for layer in (iln, ln):  # non-trivial affines and biases
            for p in layer.parameters():
                p.add_(torch.randn_like(p) * 0.3)
        # eps = 1e-4 breaks exact equivariance by ~1e-4 relative; LN misses by far more
        assert relative_gap(iln(7.0 * x, 8, 8), 7.0 * iln(x, 8, 8)) < 1e-3
        assert relative_gap(ln(7.0 * x, 8, 8), 7.0 * ln(x, 8, 8)) > 0.05


def test_window_attention_matches_a_per_head_reference():
    """The qkv linear's rows are [q | k | v], each split into heads of d channels: the
    layout the exported weights carry. Checked against a loop over heads, no reshaping."""
    torch.manual_seed(0)
    dim, heads, ws = 8, 2, 2
    attn = WindowAttention(dim, heads, ws)
    x = torch.randn(3, ws * ws, dim)  # (windows, N, C)
    w, b, d = attn.qkv.weight, attn.qkv.bias, dim // heads
    bias = attn.relative_position_bias_table[attn.rel_index.view(-1)].view(ws * ws, ws * ws, heads)
    outs = []
    for h in range(heads):
        rows = [slice(i * dim + h * d, i * dim + (h + 1) * d) for i in range(3)]  # q, k, v of head h
        q, k, v = (x @ w[r].T + b[r] for r in rows)  # each (windows, N, d)
        q = q * d ** -0.5
        outs.append(((q @ k.transpose(1, 2)) + bias[..., h]).softmax(-1) @ v)
    expected = attn.proj(torch.cat(outs, dim=-1))
    torch.testing.assert_close(attn(x, None), expected)


def test_window_partition_and_reverse_are_inverses():
    x = torch.randn(2, 8, 12, 5)
    w = window_partition(x, 4)
    assert w.shape == (2 * 2 * 3, 16, 5)
    assert torch.equal(window_reverse(w, 4, 8, 12), x)
    assert torch.equal(w[1], x[0, 0:4, 4:8].reshape(16, 5))  # row-major window order


def test_shift_mask_separates_regions_and_is_symmetric():
    m = shift_mask(8, 8, 4, 2)
    assert m.shape == (4, 16, 16)
    assert torch.equal(m, m.transpose(1, 2))
    assert torch.all(m[0] == 0)  # the top-left window holds one region only
    assert torch.all(torch.diagonal(m, dim1=1, dim2=2) == 0)
    assert (m[3] != 0).any()  # the bottom-right window mixes four regions
    x = torch.randn(1, 8, 8, 3)
    rolled = torch.roll(torch.roll(x, (-2, -2), (1, 2)), (2, 2), (1, 2))
    assert torch.equal(rolled, x)


def test_relative_position_index_covers_the_table():
    idx = relative_position_index(4)
    assert idx.shape == (16, 16) and idx.min() == 0 and idx.max() == 48
    assert torch.all(torch.diagonal(idx) == 24)  # zero offset is the table's centre


def test_padding_reflects_and_falls_back_to_edge_for_tiny_images():
    x = torch.arange(6.0).view(1, 1, 2, 3)
    padded, ph, pw = pad_to_multiple(x, 4)
    assert (ph, pw) == (2, 1) and padded.shape == (1, 1, 4, 4)
    assert torch.equal(padded[0, 0, :2, :3], x[0, 0])
    assert torch.equal(padded[0, 0, 3], padded[0, 0, 1])  # edge: 2 rows cannot reflect 2 rows
    big, _, _ = pad_to_multiple(torch.arange(20.0).view(1, 1, 4, 5), 4)
    assert torch.equal(big[0, 0, :, 5], big[0, 0, :, 3])  # reflect


def test_model_is_batch_independent(tiny_args):
    model = build_model(tiny_args(norm="iln")).eval()
    x = torch.rand(3, 3, 8, 8)
    with torch.no_grad():
        assert torch.allclose(model(x)[1:2], model(x[1:2]), atol=1e-5)


def test_bad_args_are_rejected():
    with pytest.raises(ValueError, match="norm must be one of"):
        ArchArgs(norm="bn")
    with pytest.raises(ValueError, match="not divisible by heads"):
        ArchArgs(dim=30, heads=4)


@pytest.mark.parametrize("norm", ["ln", "iln"])
@pytest.mark.parametrize("u, size, padded", [(2, (11, 6), (16, 8)), (4, (17, 30), (32, 32))])
def test_reduced_resolution_body_sees_one_token_per_u_by_u_pixels(norm, u, size, padded, tiny_args):
    model = build_model(tiny_args(norm=norm, scale=1, unshuffle=u))
    assert model.args.pad_multiple == u * model.args.window
    seen = []
    y = model(torch.rand(2, 3, *size), record=lambda t: seen.append(t.shape))
    assert y.shape == (2, 3, *size)
    assert seen[0] == (2, (padded[0] // u) * (padded[1] // u), model.args.dim)
    assert model.conv_first.in_channels == 3 * u * u == model.conv_last.out_channels


def test_half_resolution_starts_as_the_identity_plus_a_residual(tiny_args):
    """The full-resolution input is added back: zeroing the reconstruction conv gives the input."""
    model = build_model(tiny_args(scale=1, unshuffle=2))
    with torch.no_grad():
        model.conv_last.weight.zero_()
        model.conv_last.bias.zero_()
    x = torch.rand(1, 3, 10, 13)
    assert torch.equal(model(x), x)


def test_unshuffle_is_for_same_size_tasks_only():
    with pytest.raises(ValueError, match="same-size"):
        ArchArgs(scale=2, unshuffle=2)
    with pytest.raises(ValueError, match="unshuffle must be 1, 2 or 4"):
        ArchArgs(unshuffle=3)
