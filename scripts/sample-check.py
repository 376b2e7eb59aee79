"""PSNR-RGB of checkpoints on the 128x96 crop of a bundled sample that the e2e test uses, to see how
a model does on content unlike its validation photos (e.g. the text and flat paper of "patterns"):
  dejpeg: the crop JPEG-compressed by Pillow at q = 10, 20, 30, 90 (the app's default is 20);
  derain: the clean crop itself, so any change is damage (plus the mean brightness before/after).
  PYTHONPATH=. /usr/bin/python3 scripts/sample-check.py dejpeg patterns runs/dejpeg-iln runs/dejpeg-iln-s3
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from training.checkpoint import load_ema_model
from training.degrade import jpeg_roundtrip
from training.inference import restore
from training.metrics import psnr


def main(task: str, sample: str, runs: list[str]) -> None:
    # the crop e2e/tasks.e2e.mjs drops into the app: 128x96 at (100, 90)
    img = Image.open(f"public/samples/{sample}.png").convert("RGB").crop((100, 90, 228, 186))
    clean = np.asarray(img)  # uint8, like every input and output below
    models = {Path(r).name: load_ema_model(Path(r) / "ckpt.pt")[0] for r in runs}
    qualities = (10, 20, 30, 90) if task == "dejpeg" else ()
    inputs = {f"q{q}": jpeg_roundtrip(clean, q) for q in qualities} or {"clean": clean}
    for label, lq in inputs.items():
        row = [f"{label} input {psnr(lq, clean):.2f} dB, brightness {lq.mean() / 255:.3f}"]
        for name, model in models.items():
            out = restore(model, lq.astype(np.float32) / 255)
            row.append(f"{name} {psnr(out, clean):.2f} dB, {out.mean() / 255:.3f}")
        print(" | ".join(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
