"""Document-like training images: text, thin lines, flat fills, checkers and gradients on paper.

The photo sets have almost none of this, and it showed: the JPEG models smoothed text below the
JPEG input and the derain models changed the brightness of white paper. The images are drawn
from a fixed seed with Pillow's built-in bitmap font only (no system fonts), so every machine
trains on the same pixels.
"""
from __future__ import annotations

import string

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

GRAPHICS_SEED = 20261129
CHARS = string.ascii_letters + string.digits + " .,:;-+=()%/"


def _colour(rng: np.random.Generator, light: bool) -> tuple[int, int, int]:
    lo, hi = (200, 256) if light else (0, 120)
    return tuple(int(v) for v in rng.integers(lo, hi, 3))


def _text_block(img: Image.Image, rng: np.random.Generator, ink) -> None:
    """A few lines of random text, drawn at 1x and enlarged 1-3x (bigger glyphs, same font)."""
    zoom = int(rng.integers(1, 4))
    w, h = img.width // zoom, int(rng.integers(20, 90))
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    font = ImageFont.load_default()
    for row in range(0, h - 10, int(rng.integers(11, 16))):
        text = "".join(rng.choice(list(CHARS), int(rng.integers(8, 60))))
        d.text((int(rng.integers(0, 20)), row), text, fill=255, font=font)
    layer = layer.resize((w * zoom, h * zoom), Image.BILINEAR if rng.random() < 0.5 else Image.NEAREST)
    y = int(rng.integers(0, max(1, img.height - layer.height)))
    img.paste(Image.new("RGB", layer.size, ink), (0, y), layer)


def _shapes(d: ImageDraw.ImageDraw, rng: np.random.Generator, w: int, h: int) -> None:
    for _ in range(int(rng.integers(3, 10))):
        kind = rng.integers(5)
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        x1, y1 = x0 + int(rng.integers(8, w // 2)), y0 + int(rng.integers(8, h // 2))
        colour, width = _colour(rng, rng.random() < 0.3), int(rng.integers(1, 4))
        if kind == 0:
            d.line([(x0, y0), (x1, y1)], fill=colour, width=width)
        elif kind == 1:
            d.rectangle([x0, y0, x1, y1], fill=colour)
        elif kind == 2:
            d.ellipse([x0, y0, x1, y1], outline=colour, width=width)
        elif kind == 3:  # hatching: converging or parallel thin lines
            step = int(rng.integers(2, 7))
            for k in range(0, y1 - y0, step):
                d.line([(x0, y0 + k), (x1, y0 + (k if rng.random() < 0.5 else (y1 - y0) // 2))],
                       fill=colour)
        else:  # a checker
            cell = int(rng.integers(3, 12))
            for yy in range(y0, y1, cell):
                for xx in range(x0, x1, cell):
                    if ((xx - x0) // cell + (yy - y0) // cell) % 2:
                        d.rectangle([xx, yy, xx + cell - 1, yy + cell - 1], fill=colour)


def graphics_image(rng: np.random.Generator, h: int = 256, w: int = 256) -> np.ndarray:
    """One document-like image, uint8 (h, w, 3)."""
    paper = _colour(rng, light=rng.random() < 0.8)
    img = Image.new("RGB", (w, h), paper)
    if rng.random() < 0.3:  # a gradient band
        ramp = np.linspace(0, 255, w)[None, :, None] * np.ones((int(rng.integers(10, 60)), 1, 3))
        img.paste(Image.fromarray(ramp.astype(np.uint8)), (0, int(rng.integers(0, h - 10))))
    _shapes(ImageDraw.Draw(img), rng, w, h)
    light_paper = sum(paper) > 450
    for _ in range(int(rng.integers(1, 4))):
        _text_block(img, rng, _colour(rng, light=not light_paper))
    if rng.random() < 0.3:  # a scan or a screenshot: slightly soft, or crisp
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.8))))
    return np.asarray(img)


def graphics_set(count: int, seed: int = GRAPHICS_SEED) -> list[np.ndarray]:
    """The same `count` images on every machine."""
    rng = np.random.default_rng(seed)
    return [graphics_image(rng) for _ in range(count)]
