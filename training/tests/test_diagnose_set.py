import io

import numpy as np
from PIL import Image

from training.diagnose_set import LABELS, is_right, make_class


def test_every_class_makes_a_file_of_its_history():
    clean = (np.random.default_rng(0).random((64, 96, 3)) * 255).astype(np.uint8)
    for name in (k for k in LABELS if k != "polyu"):
        body, ext, how = make_class(name, clean, np.random.default_rng(1))
        img = Image.open(io.BytesIO(body))
        assert img.format == ("JPEG" if ext == "jpg" else "PNG")
        scale = {"thumb-x2": 2, "thumb-x4": 4}.get(name, 1)
        assert img.size == (96 // scale, 64 // scale)
        if name == "resaved":
            assert 20 <= how["quality"] <= 50 and 80 <= how["resave"] <= 95
        if name == "clean":
            assert np.array_equal(np.asarray(img), clean)


def test_a_suggestion_is_right_when_it_is_one_of_the_labels_step_lists():
    assert is_right(LABELS["thumb-x2"], ["dejpeg", "sr-x2"]) and is_right(LABELS["thumb-x2"], ["sr-x2"])
    assert not is_right(LABELS["thumb-x2"], ["denoise", "sr-x2"])
    assert is_right(LABELS["clean"], []) and not is_right(LABELS["clean"], ["sr-x2"])
    assert is_right(LABELS["polyu"], ["dejpeg"]) and not is_right(LABELS["jpeg"], ["denoise"])
