"""Draws the app's sample images (public/samples/), made by the project and free to
redistribute (CC0). Run: /usr/bin/python3 scripts/make_samples.py"""
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent.parent / "public" / "samples"


def lighthouse(w: int = 256, h: int = 192) -> Image.Image:
    y = np.linspace(0, 1, h)[:, None, None]
    sky = (1 - y) * np.array([70, 130, 200]) + y * np.array([250, 200, 150])
    img = Image.fromarray(np.broadcast_to(sky, (h, w, 3)).astype(np.uint8))
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(3)
    d.polygon([(0, 150), (60, 120), (140, 135), (256, 110), (256, 192), (0, 192)], fill=(60, 90, 60))
    for i in range(40):  # waves
        x0, y0 = rng.integers(0, w), rng.integers(160, h)
        d.arc([x0, y0, x0 + 14, y0 + 6], 180, 360, fill=(200, 220, 240), width=1)
    d.rectangle([170, 60, 186, 125], fill=(235, 235, 230))
    for k in range(4):
        d.rectangle([170, 66 + 16 * k, 186, 72 + 16 * k], fill=(200, 40, 40))
    d.polygon([(166, 60), (178, 44), (190, 60)], fill=(40, 40, 50))
    d.rectangle([173, 50, 183, 58], fill=(255, 240, 120))
    d.ellipse([40, 25, 70, 55], fill=(255, 245, 200))
    for i in range(6):  # birds
        bx, by = 90 + 15 * i, 40 + (i % 3) * 6
        d.line([(bx, by), (bx + 4, by - 3), (bx + 8, by)], fill=(30, 30, 30), width=1)
    return img.filter(ImageFilter.SMOOTH)


def patterns(w: int = 256, h: int = 192) -> Image.Image:
    img = Image.new("RGB", (w, h), (245, 245, 240))
    d = ImageDraw.Draw(img)
    for i in range(0, 96, 4):  # converging lines: aliasing shows up at once
        d.line([(0, i), (96, 48)], fill=(20, 20, 20))
    for r in range(4, 48, 4):
        d.ellipse([150 - r, 50 - r, 150 + r, 50 + r], outline=(30, 60, 160))
    for yy in range(100, 192, 8):
        for xx in range(0, 96, 8):
            if (xx // 8 + yy // 8) % 2:
                d.rectangle([xx, yy, xx + 7, yy + 7], fill=(200, 60, 40))
    font = ImageFont.load_default()
    for k, text in enumerate(["iLN Restore", "sharp text, fine lines", "0123456789 ABCDEF"]):
        d.text((104, 110 + 22 * k), text, fill=(10, 10, 10), font=font)
    grad = np.linspace(0, 255, 56).astype(np.uint8)
    img.paste(Image.fromarray(np.stack([np.tile(grad, (20, 1))] * 3, -1)), (200, 10))
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    lighthouse().save(OUT / "lighthouse.png")
    patterns().save(OUT / "patterns.png")
    (OUT / "LICENSE.txt").write_text("These sample images were drawn by scripts/make_samples.py for iLN Restore.\n"
                                     "They are dedicated to the public domain (CC0 1.0).\n")
    print("wrote", sorted(p.name for p in OUT.iterdir()))
