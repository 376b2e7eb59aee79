"""PSNR-RGB of dejpeg checkpoints on the 128x96 crop of a bundled sample that the e2e test uses,
JPEG-compressed by Pillow at q = 10, 20, 30 (the app's default is 20). Shows how a model does on
content unlike LIVE1's photos, e.g. the text and fine lines of "patterns":
  PYTHONPATH=. /usr/bin/python3 scripts/dejpeg-sample-check.py patterns runs/dejpeg-iln runs/dejpeg-iln-s3
"""
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from training.checkpoint import load_ema_model
from training.inference import restore


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(10 * np.log10(1 / np.mean((a - b) ** 2)))


def main(sample: str, runs: list[str]) -> None:
    # the crop e2e/tasks.e2e.mjs drops into the app: 128x96 at (100, 90)
    img = Image.open(f"public/samples/{sample}.png").convert("RGB").crop((100, 90, 228, 186))
    clean = np.asarray(img).astype(np.float32) / 255
    models = {Path(r).name: load_ema_model(Path(r) / "ckpt.pt")[0] for r in runs}
    for q in (10, 20, 30):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q)
        lq = np.asarray(Image.open(buf)).astype(np.float32) / 255
        row = [f"q{q} input {psnr(lq, clean):.2f}"]
        row += [f"{name} {psnr(restore(m, lq) / 255, clean):.2f}" for name, m in models.items()]
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
