"""A labelled set for the app's diagnosis (src/shared/diagnose): images whose history is known,
made from Kodak24 (and PolyU's real noisy photos), each with the steps that restore it; and the
confusion table of what `npm run diagnose` suggested for them.

  python -m training.diagnose_set make DIR            # DIR/<class>/<image>, DIR/labels.json
  npm run diagnose -- DIR/*/* --json DIR/diagnosis.json
  python -m training.diagnose_set score DIR           # the table (models/NOTES.md, Diagnosis)

  python -m training.diagnose_set sweep DIR           # DIR/sweep/q<Q>/<image>: one save per quality
  npm run diagnose -- DIR/sweep/*/* --json DIR/sweep.json
  python -m training.diagnose_set sweep-table DIR     # median blocking strength per quality

A suggestion is right when it is one of the label's step lists: a thumbnail may also get
"dejpeg" before its scale step (its JPEG removed first); PolyU's noisy photos (saved at q=75)
either step that restores them, as measured (python -m training.evaluate --model
models/dejpeg-photo-iln --set PolyU: +1.87 dB; the denoise photo model +1.51). Draws are seeded
per image.
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from . import photo_degrade as P
from .data import DEFAULT_DATA, list_images, load_rgb

# class -> the step lists that restore it (the first is the label)
LABELS = {
    "clean": [[]], "clean-jpeg95": [[]], "gaussian": [["denoise"]], "camera-jpeg": [["denoise"]],
    "jpeg": [["dejpeg"]], "resaved": [["dejpeg"]], "thumb-x2": [["sr-x2"], ["dejpeg", "sr-x2"]],
    "thumb-x4": [["sr-x4"], ["dejpeg", "sr-x4"]], "polyu": [["denoise"], ["dejpeg"]],
}
SWEEP_QUALITIES = (10, 20, 30, 40, 50, 60, 70, 80, 90)


def jpeg_bytes(img: np.ndarray, quality: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=int(quality))
    return buf.getvalue()


def decoded(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def png_bytes(img: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def thumbnail(img: np.ndarray, s: int) -> np.ndarray:
    h, w = img.shape[0] // s, img.shape[1] // s
    return np.asarray(Image.fromarray(img).resize((w, h), Image.BICUBIC))


def make_class(name: str, clean: np.ndarray, rng: np.random.Generator) -> tuple[bytes, str, dict]:
    """(file bytes, extension, what was done) for one clean uint8 image."""
    if name == "clean":
        return png_bytes(clean), "png", {}
    if name == "clean-jpeg95":
        return jpeg_bytes(clean, 95), "jpg", {"quality": 95}
    if name == "gaussian":
        sigma = float(rng.uniform(5, 50))
        noisy = clean / 255.0 + rng.normal(0, sigma / 255.0, clean.shape)
        return png_bytes(np.clip(np.round(noisy * 255), 0, 255).astype(np.uint8)), "png", {"sigma": round(sigma, 1)}
    if name == "camera-jpeg":
        shot, q = float(np.exp(rng.uniform(np.log(2e-3), np.log(1e-2)))), int(rng.integers(75, 96))
        noisy = P.camera_noise(clean / np.float32(255), shot, rng, True)
        noisy_u8 = np.clip(np.round(noisy * 255), 0, 255).astype(np.uint8)
        return jpeg_bytes(noisy_u8, q), "jpg", {"shot": round(shot, 5), "quality": q}
    if name == "jpeg":
        q = int(rng.integers(10, 61))
        return jpeg_bytes(clean, q), "jpg", {"quality": q}
    if name == "resaved":
        q1, q2 = int(rng.integers(20, 51)), int(rng.integers(80, 96))
        return jpeg_bytes(decoded(jpeg_bytes(clean, q1)), q2), "jpg", {"quality": q1, "resave": q2}
    s = 2 if name == "thumb-x2" else 4
    q = int(rng.integers(30, 91))
    return jpeg_bytes(thumbnail(clean, s), q), "jpg", {"scale": s, "quality": q}


def make(out: Path, data: Path, seed: int = 0) -> None:
    labels = []
    kodak = list_images(data / "val" / "Kodak24")
    for c, name in enumerate(k for k in LABELS if k != "polyu"):
        (out / name).mkdir(parents=True, exist_ok=True)
        for i, path in enumerate(kodak):
            body, ext, how = make_class(name, load_rgb(path), np.random.default_rng([seed, c, i]))
            file = out / name / f"{path.stem}.{ext}"
            file.write_bytes(body)
            labels.append({"file": str(file), "class": name, "steps": LABELS[name], **how})
    (out / "polyu").mkdir(parents=True, exist_ok=True)
    for path in list_images(data / "val" / "PolyU" / "input"):
        shutil.copyfile(path, out / "polyu" / path.name)
        labels.append({"file": str(out / "polyu" / path.name), "class": "polyu", "steps": LABELS["polyu"]})
    (out / "labels.json").write_text(json.dumps(labels, indent=1))
    print(f"{len(labels)} images in {out}")


def is_right(accepted: list[list[str]], suggested: list[str]) -> bool:
    return suggested in accepted


def sweep(out: Path, data: Path) -> None:
    for q in SWEEP_QUALITIES:
        (out / "sweep" / f"q{q}").mkdir(parents=True, exist_ok=True)
        for path in list_images(data / "val" / "Kodak24"):
            (out / "sweep" / f"q{q}" / f"{path.stem}.jpg").write_bytes(jpeg_bytes(load_rgb(path), q))


def sweep_table(out: Path) -> None:
    rows = json.loads((out / "sweep.json").read_text())
    for q in SWEEP_QUALITIES:
        values = [r["blockiness"] for r in rows if Path(r["file"]).parent.name == f"q{q}"]
        print(f"q={q}: median blockiness {np.median(values):.3f} "
              f"(10-90 %: {np.percentile(values, 10):.3f}-{np.percentile(values, 90):.3f}, n={len(values)})")


def score(out: Path) -> dict:
    labels = {Path(r["file"]).resolve(): r for r in json.loads((out / "labels.json").read_text())}
    rows = json.loads((out / "diagnosis.json").read_text())
    table: dict[str, Counter] = {name: Counter() for name in LABELS}
    right = Counter()
    for r in rows:
        label = labels[Path(r["file"]).resolve()]
        steps = " ".join(r["suggested"]) or "none"
        table[label["class"]][steps] += 1
        right[label["class"]] += is_right(label["steps"], r["suggested"])
    total = sum(sum(c.values()) for c in table.values())
    print(f"{'class':14} {'n':>4} {'right':>6}  suggested (count)")
    for name, counts in table.items():
        n = sum(counts.values())
        print(f"{name:14} {n:4} {right[name] / max(1, n):6.0%}  "
              + ", ".join(f"{k} ({v})" for k, v in counts.most_common()))
    share = sum(right.values()) / max(1, total)
    print(f"all            {total:4} {share:6.1%}")
    return {"right": share, "n": total}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=("make", "score", "sweep", "sweep-table"))
    p.add_argument("dir", type=Path)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--seed", type=int, default=0, help="make: another draw of every class's degradation")
    a = p.parse_args(argv)
    actions = {"make": lambda: make(a.dir, a.data, a.seed), "score": lambda: score(a.dir),
               "sweep": lambda: sweep(a.dir, a.data), "sweep-table": lambda: sweep_table(a.dir)}
    actions[a.action]()


if __name__ == "__main__":
    main()
