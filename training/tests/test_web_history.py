import numpy as np
import pytest
from PIL import Image

from training import degrade as D
from training import photo_degrade as P
from training import web_history as H
from training.photo_chains import JpegRanges
from training.photo_recipes import photo_recipe
from training.tasks import get_task
from training.val_data import val_pairs


def photo(h=64, w=64, seed=0):
    """A smooth image with edges (JPEG's blocks show on smooth areas, halos at edges)."""
    y, x = np.mgrid[0:h, 0:w] / max(h, w)
    base = np.stack([0.3 + 0.4 * x, 0.5 + 0.2 * np.sin(6 * y), 0.4 + 0.3 * x * y], axis=2)
    base[h // 3 : 2 * h // 3, w // 4 : w // 2] += 0.3
    noise = np.random.default_rng(seed).normal(0, 0.01, base.shape)
    return np.clip(base + noise, 0, 1).astype(np.float32)


def block_edge_energy(img: np.ndarray, offset: int) -> float:
    """Mean |step| across the columns on an 8-px grid at `offset` over the mean |step| elsewhere."""
    luma = img @ np.array([0.299, 0.587, 0.114], np.float32)
    steps = np.abs(np.diff(luma, axis=1)).mean(axis=0)  # step between column j and j+1
    on_grid = np.array([(j + 1 - offset) % 8 == 0 for j in range(steps.size)])
    return float(steps[on_grid].mean() / steps[~on_grid].mean())


def test_lanczos_resize_gives_the_size_keeps_flat_images_and_differs_from_bicubic():
    img = photo()
    out = P.resize(img, 23, 31, "lanczos")
    assert out.shape == (23, 31, 3) and out.dtype == np.float32 and 0 <= out.min() and out.max() <= 1
    assert np.abs(out - P.resize(img, 23, 31, "bicubic")).max() > 1e-3
    flat = np.full((20, 20, 3), 0.4, np.float32)
    assert np.abs(P.resize(flat, 9, 9, "lanczos") - 0.4).max() < 1e-5
    with pytest.raises(ValueError, match="resize method must be one of"):
        P.resize(img, 9, 9, "nearest")


def test_sharpen_draws_a_halo_on_both_sides_of_an_edge_and_leaves_flat_areas():
    step = np.full((16, 32, 3), 0.3, np.float32)
    step[:, 16:] = 0.7
    out = P.sharpen(step, 1.0, 1.0)
    assert out[:, 15].max() < 0.29 and out[:, 16].min() > 0.71  # undershoot, overshoot
    assert np.abs(out[:, 2:8] - 0.3).max() < 1e-4 and np.abs(out[:, 26:30] - 0.7).max() < 1e-4


def test_a_resave_on_the_same_grid_keeps_the_first_saves_blocks():
    img, rng = photo(), np.random.default_rng(0)
    h = H.WebHistory(first=JpegRanges(quality=(15, 15), share_420=1.0),
                     second=JpegRanges(quality=(90, 90), share_420=1.0),
                     shift_prob=0.0, resize_prob=0.0, sharpen_prob=0.0, phone_sharpen_prob=0.0)
    out = H.two_saves(img, 64, rng, h)
    offset = H.random_offset(np.random.default_rng(0))  # the first save's grid, drawn first
    low = P.jpeg(img, 15, "4:2:0", offset)
    high = P.jpeg(img, 90, "4:2:0", offset)
    assert np.abs(out - low).mean() < 0.5 * np.abs(out - high).mean()
    # jpeg() pads dx columns on the left: its block edges fall before the columns -dx (mod 8)
    assert block_edge_energy(out, -offset[1] % 8) > 1.3  # the blocks of q=15 are still there
    assert block_edge_energy(high, -offset[1] % 8) < block_edge_energy(out, -offset[1] % 8)


def test_a_moved_grid_is_never_the_same_grid():
    rng = np.random.default_rng(3)
    for _ in range(200):
        start = H.random_offset(rng)
        moved = H.shifted_offset(start, rng)
        assert (moved[0] - start[0]) % 8 or (moved[1] - start[1]) % 8
        assert all(0 <= v < H.BLOCK for v in moved)


def test_the_first_save_is_never_smaller_than_the_result_nor_larger_than_its_source():
    rng, h = np.random.default_rng(4), H.WebHistory(resize_prob=1.0)
    sizes = [H.first_save_size(48, 96, rng, h) for _ in range(300)]
    assert min(sizes) >= 48 and max(sizes) <= 96 and len(set(sizes)) > 10
    assert H.first_save_size(48, 96, rng, H.WebHistory(resize_prob=0.0)) == 48


@pytest.mark.parametrize("share_key, task", [("sr_share", "sr-x2"), ("sr_share", "sr-x4"),
                                             ("dejpeg_share", "dejpeg"), ("denoise_share", "denoise")])
def test_histories_make_patches_of_the_sizes_training_takes(share_key, task):
    rng, s = np.random.default_rng(5), get_task(task).scale
    hr = photo(48 * s, 48 * s)
    mix = H.HistoryMix(web=H.WebHistory(resize_prob=0.5, sharpen_prob=0.5))
    for _ in range(6):
        if s > 1:
            out = H.sr_history(hr, s, rng, mix.web)
        elif task == "dejpeg":
            out = H.dejpeg_history(hr, rng, mix)
        else:
            out = H.denoise_history(hr, rng, mix)
        assert out.shape == (48, 48, 3) and out.dtype == np.float32
        assert 0 <= out.min() and out.max() <= 1 and np.abs(out - (hr if s == 1 else 0)).max() > 0


def test_a_recipe_without_histories_draws_exactly_what_it_drew_before():
    rng = np.random.default_rng(6)
    before = rng.bit_generator.state
    assert not H.draws_history(0.0, rng) and rng.bit_generator.state == before
    assert photo_recipe("sr-web").history.sr_share == 0.0
    web = photo_recipe("web-30").history
    assert web.sr_share == 0.3 and web.dejpeg_share == 0.3 and photo_recipe("web-30").sr == photo_recipe("sr-web").sr


def test_the_resaved_validation_cases_save_twice_and_crop_the_target_alike(tmp_path):
    clean = (photo(40, 48) * 255).astype(np.uint8)
    (tmp_path / "val" / "K").mkdir(parents=True)
    Image.fromarray(clean).save(tmp_path / "val" / "K" / "k.png")
    [(_, lq, gt)] = val_pairs(get_task("dejpeg"), "K", tmp_path, quality=35, resave=90, shift=(5, 3))
    first = D.jpeg_roundtrip(clean, 35)
    assert np.array_equal(D.to_uint8(lq), D.jpeg_roundtrip(np.ascontiguousarray(first[5:, 3:]), 90))
    assert np.array_equal(gt, clean[5:, 3:])
    [(_, sr, hr)] = val_pairs(get_task("sr-x2"), "K", tmp_path, downscale="pil", quality=35, resave=90)
    small = np.asarray(Image.fromarray(clean).resize((24, 20), Image.BICUBIC))
    assert np.array_equal(D.to_uint8(sr), D.jpeg_roundtrip(D.jpeg_roundtrip(small, 35), 90))
    assert hr.shape == clean.shape
    with pytest.raises(ValueError, match="shift is a crop between two saves"):
        val_pairs(get_task("sr-x2"), "K", tmp_path, quality=35, resave=90, shift=(1, 1))


def test_the_second_photo_models_validate_on_the_resaved_case():
    from training.val_data import HISTORY_CASES, check_val_case

    assert HISTORY_CASES["sr-x2"] == ("Kodak24", {"downscale": "pil", "quality": 35, "resave": 90})
    check_val_case("history", "dejpeg")
    with pytest.raises(ValueError, match="derain has no history validation case"):
        check_val_case("history", "derain")
    with pytest.raises(ValueError, match="val_case must be one of photo, history"):
        check_val_case("web", "sr-x2")


def test_a_chain_is_scored_on_the_last_models_output_of_the_first_ones():
    import torch

    from training.arch import ArchArgs, build_model
    from training.evaluate import restore_through
    from training.inference import restore

    torch.manual_seed(0)
    first = build_model(ArchArgs(dim=8, groups=1, depth=2, heads=2, scale=1)).eval()
    second = build_model(ArchArgs(dim=8, groups=1, depth=2, heads=2, scale=2)).eval()
    lq = photo(16, 16)
    chained = restore_through([first, second], lq)
    assert chained.shape == (32, 32, 3)
    assert np.array_equal(chained, restore(second, D.to_float(restore(first, lq))))
    assert np.array_equal(restore_through(second, lq), restore(second, lq))


def test_a_model_card_says_what_share_of_its_patches_carried_a_history():
    from training.export import photo_training

    card = photo_training({"variant": "photo", "task": "sr-x2", "photo_recipe": "web-30"})["photoRecipe"]
    assert card["webHistory"]["share"] == 0.3 and card["webHistory"]["first"]["quality"] == (15, 60)
    denoise = photo_training({"variant": "photo", "task": "denoise", "photo_recipe": "web-30"})
    assert denoise["photoRecipe"]["webHistory"]["first"]["quality"] == (50, 92)
    assert "webHistory" not in photo_training({"variant": "photo", "task": "sr-x2",
                                               "photo_recipe": "sr-web"})["photoRecipe"]
