"""Draws the app's icons (public/icons/), made by the project (CC0): a before/after square split by
a slider, in the app's accent colour. Run: /usr/bin/python3 scripts/make_icons.py"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "public" / "icons"
ACCENT = (47, 111, 219)


def icon(size: int, maskable: bool = False) -> Image.Image:
    img = Image.new("RGB", (size, size), ACCENT)
    d = ImageDraw.Draw(img)
    pad = size // (5 if maskable else 8)  # maskable icons keep their content in the safe zone
    box = [pad, pad, size - pad, size - pad]
    d.rounded_rectangle(box, radius=size // 12, fill=(235, 240, 250))
    half = size // 2
    cell = max(2, (size - 2 * pad) // 12)
    for y in range(pad, size - pad, cell):  # the "before" half: coarse blocks
        for x in range(pad, half, cell):
            if ((x - pad) // cell + (y - pad) // cell) % 2:
                d.rectangle([x, y, min(x + cell, half) - 1, min(y + cell, size - pad) - 1],
                            fill=(150, 175, 225))
    d.rectangle([half - size // 64, pad, half + size // 64, size - pad], fill=(255, 255, 255))
    r = size // 14
    d.ellipse([half - r, half - r, half + r, half + r], fill=(255, 255, 255), outline=ACCENT,
              width=max(1, size // 96))
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for s in (192, 512):
        icon(s).save(OUT / f"icon-{s}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    print("wrote", sorted(p.name for p in OUT.iterdir()))
