import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from training import photo_chains as C
from training import photo_degrade as P
from training import photo_recipes as R


def card(h=32, w=40, seed=3):
    return np.random.default_rng(seed).random((h, w, 3)).astype(np.float32)


@pytest.mark.parametrize("kernel", [
    P.gaussian_kernel(9, 1.5, 1.5),
    P.gaussian_kernel(11, 2.5, 0.6, 0.7),
    P.generalized_gaussian_kernel(13, 2.0, 1.0, 0.3, 0.5),
    P.plateau_kernel(15, 1.2, 2.2, -1.0, 1.5),
    P.sinc_kernel(21, math.pi / 4),
])
def test_kernels_are_normalised_odd_and_point_symmetric(kernel):
    k = kernel.shape[0]
    assert kernel.shape == (k, k) and k % 2 == 1 and kernel.dtype == np.float32
    assert abs(kernel.sum() - 1) < 1e-5
    assert np.allclose(kernel, kernel[::-1, ::-1], atol=1e-7)


def test_isotropic_gaussian_is_round_and_anisotropic_follows_its_angle():
    iso = P.gaussian_kernel(9, 1.5, 1.5)
    assert np.allclose(iso, iso.T, atol=1e-7)
    wide = P.gaussian_kernel(15, 3.0, 0.5, 0.0)  # long along x
    assert wide[7, 7 + 4] > 10 * wide[7 + 4, 7]
    turned = P.gaussian_kernel(15, 3.0, 0.5, math.pi / 2)  # long along y
    assert np.allclose(turned, wide.T, atol=1e-6)


def test_sinc_kernel_rings_and_its_centre_is_the_limit():
    k = P.sinc_kernel(21, math.pi / 3)
    assert k.min() < 0  # the ringing that sharp resamplers leave
    assert k[10, 10] == k.max()


def test_blur_is_reflect_padded_correlation_and_keeps_flat_images_flat():
    img = card()
    kernel = np.random.default_rng(1).random((7, 7)).astype(np.float32)
    kernel /= kernel.sum()
    x = F.pad(torch.from_numpy(img.transpose(2, 0, 1).copy())[None], [3] * 4, mode="reflect")
    ref = F.conv2d(x, torch.from_numpy(kernel)[None, None].expand(3, 1, 7, 7), groups=3)
    assert np.abs(P.blur(img, kernel) - ref[0].numpy().transpose(1, 2, 0)).max() < 1e-4
    flat = np.full((20, 20, 3), 0.4, np.float32)
    assert np.abs(P.blur(flat, P.gaussian_kernel(21, 3, 3)) - 0.4).max() < 1e-5


@pytest.mark.parametrize("method", P.RESIZE_METHODS)
def test_resize_gives_the_size_asked_and_stays_in_range(method):
    out = P.resize(card(), 13, 17, method)
    assert out.shape == (13, 17, 3) and out.min() >= 0 and out.max() <= 1
    with pytest.raises(ValueError, match="resize method must be one of"):
        P.resize(card(), 13, 17, "nearest")


def test_gaussian_noise_sigma_and_grey_noise_is_shared_by_the_channels():
    zero = np.zeros((200, 200, 3), np.float32)
    colour = P.gaussian_noise(zero, 20, False, np.random.default_rng(0))
    grey = P.gaussian_noise(zero, 20, True, np.random.default_rng(0))
    assert abs(colour.std() * 255 - 20) < 0.5 and abs(grey.std() * 255 - 20) < 0.5
    assert np.array_equal(grey[..., 0], grey[..., 2]) and not np.array_equal(colour[..., 0], colour[..., 2])


def test_poisson_noise_grows_with_brightness():
    rng = np.random.default_rng(0)
    dark, bright = np.full((100, 100, 3), 0.05, np.float32), np.full((100, 100, 3), 0.8, np.float32)
    assert P.poisson_noise(bright, 1.0, False, rng).std() > 2 * P.poisson_noise(dark, 1.0, False, rng).std()


def test_srgb_curve_round_trips_and_mosaic_of_a_flat_colour_demosaics_to_it():
    img = card()
    assert np.abs(P.linear_to_srgb(P.srgb_to_linear(img)) - img).max() < 1e-5
    flat = np.ones((8, 10, 3), np.float32) * np.array([0.2, 0.5, 0.7], np.float32)
    assert np.abs(P.demosaic_bilinear(P.bayer_mosaic(flat)) - flat).max() < 1e-6


def test_camera_noise_through_the_mosaic_is_correlated_between_neighbours():
    flat = np.full((64, 64, 3), 0.3, np.float32)
    rng = np.random.default_rng(0)
    noise = P.camera_noise(flat, 5e-3, rng, bayer=True)[..., 1] - 0.3
    plain = P.camera_noise(flat, 5e-3, rng, bayer=False)[..., 1] - 0.3

    def neighbour_corr(n):
        return np.corrcoef(n[:, :-1].ravel(), n[:, 1:].ravel())[0, 1]

    assert neighbour_corr(noise) > 0.2 and abs(neighbour_corr(plain)) < 0.1


def test_jpeg_block_offset_and_subsampling():
    img = card(48, 48)
    aligned, shifted = P.jpeg(img, 30), P.jpeg(img, 30, offset=(5, 3))
    assert aligned.shape == shifted.shape == img.shape and not np.array_equal(aligned, shifted)
    y, x = np.mgrid[0:48, 0:48]
    stripes = np.stack([(x % 2) * 1.0, np.zeros_like(x), 1.0 - (x % 2)], -1).astype(np.float32)
    err = [np.abs(P.jpeg(stripes, 95, s) - stripes).mean() for s in ("4:4:4", "4:2:0")]
    assert err[0] < err[1] / 2  # 4:2:0 halves colour resolution: alternating colours blur
    with pytest.raises(ValueError, match="subsampling must be one of"):
        P.jpeg(img, 50, "4:2:2")


CHAINS = {
    "sr-x2": lambda hr, rng: C.sr_chain(hr, 2, rng, C.SRChain()),
    "sr-x4": lambda hr, rng: C.sr_chain(hr, 4, rng, C.SRChain()),
    "sr-web": lambda hr, rng: C.sr_web(hr, 4, rng, C.SRChain()),
    "denoise": lambda hr, rng: C.denoise_chain(hr, rng, C.DenoiseChain()),
    "dejpeg": lambda hr, rng: C.dejpeg_chain(hr, rng, C.DejpegChain()),
    "derain": lambda hr, rng: C.derain_chain(hr, rng, C.DerainChain()),
}


@pytest.mark.parametrize("name", CHAINS)
def test_chains_are_deterministic_under_a_seed_with_the_right_shape(name):
    hr = card(64, 64)
    size = {"sr-x2": 32, "sr-x4": 16, "sr-web": 16}.get(name, 64)
    for seed in range(12):
        a = CHAINS[name](hr, np.random.default_rng(seed))
        b = CHAINS[name](hr, np.random.default_rng(seed))
        assert np.array_equal(a, b) and a.shape == (size, size, 3) and a.dtype == np.float32


def test_sr_chain_output_is_an_8_bit_image_or_its_resize():
    hr = card(64, 64)
    outs = [C.sr_chain(hr, 4, np.random.default_rng(s), C.SRChain()) for s in range(20)]
    assert all(o.min() >= 0 and o.max() <= 1 for o in outs)


def test_web_thumbnails_use_only_the_chains_resize_methods():
    hr = card(64, 64)
    lossless = C.JpegRanges(quality=(100, 100), share_420=0.0)
    for method in P.RESIZE_METHODS:
        chain = C.SRChain(web_resize=(method,), web_jpeg=lossless)
        exact = P.resize(hr, 32, 32, method)
        others = [P.resize(hr, 32, 32, m) for m in P.RESIZE_METHODS if m != method]
        for seed in range(4):
            out = C.sr_web(hr, 2, np.random.default_rng(seed), chain)
            err = np.abs(out - exact).mean()
            assert all(err < np.abs(out - o).mean() / 2 for o in others)


def test_sr_case_is_the_x2_floors_case_only():
    sr = R.photo_recipe("sr-case").sr
    assert sr.clean_share == 0.0 and sr.web_share == 1.0 and sr.web_resize == ("bicubic",)
    assert sr.web_jpeg.quality == (70, 70) and sr.web_jpeg.share_420 == 1.0


def test_sr_kind_shares_follow_the_config():
    rng = np.random.default_rng(0)
    kinds = [C.sr_kind(rng, C.SRChain()) for _ in range(4000)]
    assert abs(kinds.count("clean") / 4000 - 0.15) < 0.02 and abs(kinds.count("web") / 4000 - 0.25) < 0.025


def test_denoise_chain_mixes_clean_gaussian_and_camera_inputs():
    hr = card(32, 32)
    outs = [C.denoise_chain(hr, np.random.default_rng(s), C.DenoiseChain()) for s in range(300)]
    clean = np.mean([np.array_equal(o, hr) for o in outs])
    unclipped = np.mean([o.min() < 0 or o.max() > 1 for o in outs])  # the benchmark's Gaussian
    assert 0.05 < clean < 0.16 and 0.15 < unclipped < 0.35


def test_dejpeg_chain_quality_draw_and_clean_share():
    hr = card(32, 32)
    outs = [C.dejpeg_chain(hr, np.random.default_rng(s), C.DejpegChain()) for s in range(300)]
    assert 0.01 < np.mean([np.array_equal(o, hr) for o in outs]) < 0.1
    assert all(o.min() >= 0 and o.max() <= 1 for o in outs)


def test_derain_chain_leaves_a_share_dry_brightens_with_rain_and_stays_8_bit():
    hr = np.full((48, 48, 3), 0.3, np.float32)
    outs = [C.derain_chain(hr, np.random.default_rng(s), C.DerainChain()) for s in range(200)]
    dry = [np.array_equal(o, hr) for o in outs]
    assert 0.12 < np.mean(dry) < 0.28  # clean_share 0.2
    rainy = [o for o, d in zip(outs, dry) if not d]
    assert all(o.min() >= 0 and o.max() <= 1 and np.allclose(o * 255, np.round(o * 255), atol=1e-4)
               for o in rainy)  # 8-bit, as a saved photo
    assert np.mean([o.mean() for o in rainy]) > 0.32  # streaks and veil are bright
    light = C.DerainChain(clean_share=0.0, light_share=1.0, noise_prob=0.0, jpeg_prob=0.0)
    heavy = C.DerainChain(clean_share=0.0, light_share=0.0, noise_prob=0.0, jpeg_prob=0.0)
    gain = {name: np.mean([C.derain_chain(hr, np.random.default_rng(s), c).mean() - 0.3 for s in range(40)])
            for name, c in (("light", light), ("heavy", heavy))}
    assert 0 < gain["light"] < gain["heavy"] / 2


def test_random_kernel_draws_every_kind_within_its_sizes():
    rng = np.random.default_rng(0)
    r = C.KernelRanges()
    kernels = [C.random_kernel(rng, r) for _ in range(300)]
    assert {k.shape[0] for k in kernels} <= set(r.sizes)
    assert any(k.min() < 0 for k in kernels)  # sinc
    assert all(abs(k.sum() - 1) < 1e-4 for k in kernels)


def test_unknown_recipe_is_refused_by_name():
    assert R.photo_recipe("default") == R.PhotoRecipe()
    with pytest.raises(ValueError, match="unknown photo recipe 'heavy'"):
        R.photo_recipe("heavy")


def test_smoothed_camera_noise_is_coarser_at_the_same_strength():
    flat = np.full((64, 64, 3), 0.3, np.float32)

    def grain(smooth):
        n = P.camera_noise(flat, 5e-3, np.random.default_rng(0), bayer=True, smooth=smooth)[..., 1] - 0.3
        return n.std(), np.corrcoef(n[:, :-1].ravel(), n[:, 1:].ravel())[0, 1]

    (fine_std, fine_corr), (coarse_std, coarse_corr) = grain(0.0), grain(1.0)
    assert coarse_corr > fine_corr + 0.2
    assert 0.6 * fine_std < coarse_std < 1.2 * fine_std
