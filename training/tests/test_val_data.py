import numpy as np
import pytest
from PIL import Image

from training import degrade as D
from training.data import PatchSampler
from training.tasks import check_variant, get_task, model_name, parse_model_name
from training.val_data import area_downscale, prepare_pair, val_pairs


def write(path, img):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(path)


def test_area_downscale_is_the_rounded_block_mean():
    img = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)
    out = area_downscale(img, 2)
    ref = np.floor(img.astype(float).reshape(2, 2, 3, 2, 3).mean(axis=(1, 3)) + 0.5)
    assert out.shape == (2, 3, 3) and np.array_equal(out, ref.astype(np.uint8))


def test_real_sr_pairs_take_a_registered_input_by_area_or_a_small_one_as_it_is():
    task = get_task("sr-x2")
    gt = np.random.default_rng(0).integers(0, 256, (21, 30, 3), dtype=np.uint8)
    lq, hr = prepare_pair(task, "a", gt.copy(), gt)  # City100: input as large as the target
    assert hr.shape == (20, 30, 3) and np.array_equal(lq, area_downscale(gt[:20], 2))
    small = gt[:10, :15]
    assert prepare_pair(task, "b", small, gt)[0] is small
    with pytest.raises(ValueError, match="c: for x2 the input must be the target's size or 1/2 of it"):
        prepare_pair(task, "c", gt[:7, :7], gt)
    with pytest.raises(ValueError, match="d: input 7x7 and target 30x21 differ in size"):
        prepare_pair(get_task("denoise"), "d", gt[:7, :7], gt)


def test_a_folder_with_input_and_target_is_read_as_real_pairs(tmp_path):
    rng = np.random.default_rng(0)
    clean = rng.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    write(tmp_path / "pairs" / "target" / "x.png", clean)
    write(tmp_path / "pairs" / "input" / "x.png", 255 - clean)
    [(name, lq, gt)] = val_pairs(get_task("denoise"), "pairs", tmp_path, folder=tmp_path / "pairs")
    assert name == "x.png" and np.array_equal(gt, clean) and np.allclose(lq, (255 - clean) / 255)
    (tmp_path / "pairs" / "input" / "x.png").unlink()
    with pytest.raises(FileNotFoundError, match="no input for target x.png"):
        val_pairs(get_task("denoise"), "pairs", tmp_path, folder=tmp_path / "pairs")


def test_photo_cases_degrade_as_stated(tmp_path):
    rng = np.random.default_rng(1)
    clean = np.clip(rng.normal(128, 40, (32, 48, 3)), 0, 255).astype(np.uint8)
    write(tmp_path / "val" / "K" / "k.png", clean)
    [(_, sr, _)] = val_pairs(get_task("sr-x2"), "K", tmp_path, downscale="pil", quality=70)
    small = np.asarray(Image.fromarray(clean).resize((24, 16), Image.BICUBIC))
    assert np.array_equal(D.to_uint8(sr), D.jpeg_roundtrip(small, 70))
    [(_, dn, _)] = val_pairs(get_task("denoise"), "K", tmp_path, sigma=15, quality=90)
    noisy = D.add_gaussian_noise(D.to_float(clean), 15, np.random.default_rng([0, 0]))
    assert np.array_equal(D.to_uint8(dn), D.jpeg_roundtrip(D.to_uint8(noisy), 90))
    [(_, plain, _)] = val_pairs(get_task("denoise"), "K", tmp_path)  # the benchmark: sigma 25
    assert plain.min() < 0 or plain.max() > 1  # unclipped, as before
    with pytest.raises(ValueError, match="downscale must be one of"):
        val_pairs(get_task("sr-x4"), "K", tmp_path, downscale="lanczos")


def test_real_pairs_with_a_quality_take_the_input_through_jpeg(tmp_path):
    rng = np.random.default_rng(2)
    rainy = np.clip(rng.normal(128, 40, (32, 48, 3)), 0, 255).astype(np.uint8)
    write(tmp_path / "R" / "target" / "r.png", rainy // 2)
    write(tmp_path / "R" / "input" / "r.png", rainy)
    [(_, lq, gt)] = val_pairs(get_task("derain"), "R", tmp_path, quality=75, folder=tmp_path / "R")
    assert np.array_equal(D.to_uint8(lq), D.jpeg_roundtrip(rainy, 75)) and np.array_equal(gt, rainy // 2)
    [(_, plain, _)] = val_pairs(get_task("derain"), "R", tmp_path, folder=tmp_path / "R")
    assert np.array_equal(D.to_uint8(plain), rainy)


def test_model_names_round_trip_and_photo_models_exist_for_every_task():
    assert model_name("sr-x2", "iln", "photo") == "sr-x2-photo-iln"
    assert model_name("derain", "ln") == "derain-ln"
    assert parse_model_name("sr-x2-photo-iln@a1") == ("sr-x2", "iln", "photo")
    assert parse_model_name("sr-x2-ln@seed1") == ("sr-x2", "ln", "benchmark")
    check_variant("denoise", "photo")
    check_variant("derain", "photo")
    with pytest.raises(ValueError, match="sr-x3 has no photo model"):
        check_variant("sr-x3", "photo")


def test_photo_sampler_adds_the_photo_sets_and_degrades_with_the_chains(fake_datasets):
    photo_dir = fake_datasets / "train" / "debian_photos"
    write(photo_dir / "p.png", np.full((96, 96, 3), 90, np.uint8))
    task = get_task("sr-x4")
    bench = PatchSampler(task, fake_datasets, 16, np.random.default_rng(0))
    photo = PatchSampler(task, fake_datasets, 16, np.random.default_rng(0), variant="photo")
    # the fake debian_photos and BSDS500_test (two each) and this one; derain: no Berkeley photos
    assert len(photo.gt) == len(bench.gt) + 5
    lq, gt = photo.pair()
    assert lq.shape == (16, 16, 3) and gt.shape == (64, 64, 3)
    dn = PatchSampler(get_task("denoise"), fake_datasets, 16, np.random.default_rng(0), variant="photo")
    pairs = [dn.pair() for _ in range(60)]
    assert any(np.array_equal(a, b) for a, b in pairs) and not all(np.array_equal(a, b) for a, b in pairs)
    dr = PatchSampler(get_task("derain"), fake_datasets, 16, np.random.default_rng(0), variant="photo")
    assert len(dr.gt) == len(PatchSampler(get_task("derain"), fake_datasets, 16,
                                          np.random.default_rng(0)).gt) + 3
    assert dr.degrade(np.full((16, 16, 3), 60, np.uint8)).mean() > 0  # the derain chain runs


def test_photo_sampler_is_deterministic_and_the_benchmark_sampler_unchanged(fake_datasets):
    def batch(variant, seed=0):
        s = PatchSampler(get_task("sr-x2"), fake_datasets, 16, np.random.default_rng(seed), variant=variant)
        return s.batch(6)

    a, b = batch("photo"), batch("photo")
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    bench = batch("benchmark")
    # the benchmark input is exactly the MATLAB-bicubic LR of its target, as before
    for lq, hr in zip(*bench):
        img = (hr.numpy().transpose(1, 2, 0) * 255).round().astype(np.uint8)
        ref = D.imresize_bicubic(img, 0.5)  # away from the patch's border, where the crop differs
        assert np.abs(lq.numpy().transpose(1, 2, 0) * 255 - ref)[3:-3, 3:-3].max() <= 1
