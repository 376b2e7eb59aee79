import numpy as np
import pytest
from PIL import Image

from training.data import PatchSampler, load_rgb, with_pyramid
from training.graphics import graphics_set
from training.tasks import get_task


def test_clean_share_gives_undegraded_pairs_at_that_rate(fake_datasets):
    sampler = PatchSampler(get_task("derain"), fake_datasets, 16, np.random.default_rng(0),
                           clean_share=0.3)
    pairs = [sampler.pair() for _ in range(400)]
    identical = np.mean([np.array_equal(lq, gt) for lq, gt in pairs])
    assert 0.22 < identical < 0.38
    rainy = [lq for lq, gt in pairs if not np.array_equal(lq, gt)]
    assert all(lq.mean() > 0 for lq in rainy)


def test_without_clean_share_every_pair_is_degraded(fake_datasets):
    sampler = PatchSampler(get_task("derain"), fake_datasets, 16, np.random.default_rng(0))
    assert not any(np.array_equal(*sampler.pair()) for _ in range(100))


def test_graphics_are_the_same_on_every_run_and_join_the_photos(fake_datasets):
    a, b = graphics_set(3), graphics_set(3)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert a[0].dtype == np.uint8 and a[0].shape == (256, 256, 3)
    assert not np.array_equal(a[0], a[1])
    photos = PatchSampler(get_task("dejpeg"), fake_datasets, 16, np.random.default_rng(0))
    mixed = PatchSampler(get_task("dejpeg"), fake_datasets, 16, np.random.default_rng(0), graphics=3)
    assert len(mixed.gt) == len(photos.gt) + 3
    assert np.array_equal(mixed.gt[-1], a[2])


def test_jpeg_q_power_draws_low_qualities_more_often_and_keeps_the_range(fake_datasets):
    def qualities(power):
        sampler = PatchSampler(get_task("dejpeg"), fake_datasets, 16, np.random.default_rng(0),
                               jpeg_quality=(10, 90), jpeg_q_power=power)
        return np.array([sampler.jpeg_q() for _ in range(4000)])

    uniform, low = qualities(1.0), qualities(2.0)
    assert uniform.min() == 10 and uniform.max() == 90 and low.min() == 10 and low.max() > 85
    assert abs(np.mean(uniform <= 30) - 21 / 81) < 0.03  # 21 of the 81 qualities
    assert abs(np.mean(low <= 30) - np.sqrt(21 / 81)) < 0.03  # P(u**2 < 21/81)


def test_load_rgb_turns_a_phone_portrait_upright(tmp_path):
    # a phone stores a portrait photo as landscape pixels with EXIF Orientation 6 (turn clockwise)
    stored = np.zeros((2, 3, 3), np.uint8)
    stored[0, 0] = 255  # top-left as stored: after the turn, top-right
    exif = Image.Exif()
    exif[0x0112] = 6
    for name, kw in (("p.jpg", {"quality": 100, "exif": exif.tobytes()}), ("p.png", {"exif": exif.tobytes()}),
                     ("p.tif", {"tiffinfo": {0x0112: 6}})):
        Image.fromarray(stored).save(tmp_path / name, **kw)
        upright = load_rgb(tmp_path / name)
        assert upright.shape == (3, 2, 3), name
        assert upright[0, 1].min() > 200 and upright[0, 0].max() < 60, name


def test_area_sampling_draws_each_image_by_its_patch_positions(fake_datasets):
    big = np.random.default_rng(1).integers(0, 256, (160, 240, 3), dtype=np.uint8)
    Image.fromarray(big).save(fake_datasets / "train/BSD200/big.png")
    task, rng = get_task("sr-x2"), np.random.default_rng(0)
    sampler = PatchSampler(task, fake_datasets, 16, rng, sampling="area")
    i_big = next(i for i, g in enumerate(sampler.gt) if g.shape[:2] == (160, 240))
    positions = np.array([(g.shape[0] // 2 - 15) * (g.shape[1] // 2 - 15) for g in sampler.gt])
    draws = np.array([sampler.image_index() for _ in range(6000)])
    assert abs(np.mean(draws == i_big) - positions[i_big] / positions.sum()) < 0.02
    assert positions[i_big] / positions.sum() > 2 / len(sampler.gt)  # more than an equal share
    by_image = PatchSampler(task, fake_datasets, 16, np.random.default_rng(0))
    assert by_image.weights is None


def test_pyramid_adds_lanczos_copies_of_the_large_photos_only():
    large = np.random.default_rng(0).integers(0, 256, (1000, 1200, 3), dtype=np.uint8)
    small = np.zeros((481, 321, 3), np.uint8)
    out = with_pyramid([small, large], (0.5, 0.25))
    assert [o.shape for o in out] == [(481, 321, 3), (1000, 1200, 3), (500, 600, 3), (250, 300, 3)]
    assert out[2].dtype == np.uint8 and abs(float(out[2].mean()) - float(large.mean())) < 1.0
    assert len(with_pyramid([small, large], ())) == 2


def test_an_unknown_sampling_is_refused(fake_datasets):
    with pytest.raises(ValueError, match="sampling must be one of"):
        PatchSampler(get_task("sr-x2"), fake_datasets, 16, np.random.default_rng(0), sampling="pixel")
