import numpy as np
from PIL import Image

from training.data import list_images, load_rgb
from training.pack_data import pack


def test_a_photo_pack_keeps_every_pixel_in_webp_and_stays_in_budget(tmp_path, fake_datasets):
    kodak = fake_datasets / "val" / "Kodak24"
    kodak.mkdir(parents=True)
    for i in range(3):
        img = np.random.default_rng(i).integers(0, 256, (40, 48, 3), dtype=np.uint8)
        Image.fromarray(img).save(kodak / f"kodim{i:02d}.png")
    rain = fake_datasets / "val" / "Rain100H"  # the derain photo case's real pairs
    for sub in ("input", "target"):
        (rain / sub).mkdir(parents=True)
        for i in range(3):
            Image.fromarray(np.full((16, 16, 3), 40 * i, np.uint8)).save(rain / sub / f"{i}.png")
    out = tmp_path / "packed"
    taken = pack(fake_datasets, out, 10**9, 2, ["T91", "BSD200"], "photo", webp=True)
    assert taken == {"T91": 2, "BSD200": 2}
    assert [p.name for p in list_images(out / "val" / "Kodak24")] == ["kodim00.webp", "kodim01.webp"]
    for sub in ("input", "target"):
        assert [p.name for p in list_images(out / "val" / "Rain100H" / sub)] == ["0.webp", "1.webp"]
    for src in list_images(fake_datasets / "train" / "T91"):
        assert np.array_equal(load_rgb(out / "train" / "T91" / f"{src.stem}.webp"), load_rgb(src))
    # a budget that holds the validation images and one training image takes just that one
    val_bytes = sum(p.stat().st_size for p in (out / "val").rglob("*.webp"))
    one = (out / "train" / "T91" / "0.webp").stat().st_size
    small = pack(fake_datasets, tmp_path / "small", val_bytes + one, 2, ["T91", "BSD200"], "photo", True)
    assert small == {"T91": 1, "BSD200": 0}
    assert not (tmp_path / "small" / "train" / "T91" / "1.webp").exists()
