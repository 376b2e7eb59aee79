"""Copy a budgeted subset of ../shared/datasets into a folder that can travel to a lent GPU
machine (the device tool sends at most 64 MiB with the working tree, and not ../shared):
python -m training.pack_data --out data --budget-mb 52
python -m training.pack_data --out data --variant photo --sets debian_photos,T91,mate_nature,\
    General100,BSD200 --webp --budget-mb 30      (the photo SR stages: scripts/gpu-campaign.sh)

Every training set the tasks use is taken whole while the budget allows and then in part (files in
sorted order, so the subset is reproducible); validation keeps only what training-time validation
reads (the first `--val-images` of each task's first val set, or of its photo case's set with
`--variant photo`). `--webp` stores lossless images as lossless WebP (the same pixels in about 0.7
of PNG's bytes); JPEG files travel as they are. The card of a model trained on the subset lists
how many images of each set it read; the final metrics are measured here on the full sets.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from PIL import Image

from .data import DEFAULT_DATA, list_images, load_rgb
from .tasks import TASKS
from .val_data import PHOTO_CASES

# the order sets are filled in: the small ones every task shares first
TRAIN_ORDER = ("T91", "General100", "mate_nature", "BSD200")


def val_files(root: Path, val_images: int, variant: str = "benchmark") -> list[Path]:
    files: list[Path] = []
    if variant == "photo":
        sets = [PHOTO_CASES[t][0] for t in TASKS if t in PHOTO_CASES]
    else:
        sets = [t.val_sets[0] for t in TASKS.values()]
    for set_name in dict.fromkeys(sets):
        folder = root / "val" / set_name
        if set_name == "Rain100H":
            names = [p.name for p in list_images(folder / "target")][:val_images]
            files += [folder / sub / n for sub in ("input", "target") for n in names]
        else:
            files += list_images(folder / "HR" if (folder / "HR").is_dir() else folder)[:val_images]
    return files


def copy_image(src: Path, dest: Path, webp: bool) -> int:
    """Copies one image (a lossless one as lossless WebP when `webp`); returns the bytes written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if webp and src.suffix.lower() not in (".jpg", ".jpeg", ".webp"):
        dest = dest.with_suffix(".webp")
        Image.fromarray(load_rgb(src)).save(dest, "WEBP", lossless=True, quality=100, method=5)
    else:
        shutil.copyfile(src, dest)
    return dest.stat().st_size


def pack(root: Path, out: Path, budget: int, val_images: int, sets=TRAIN_ORDER,
         variant: str = "benchmark", webp: bool = False) -> dict[str, int]:
    """Copies files until `budget` bytes; returns how many files of each set were taken."""
    used, taken = 0, {}
    for f in val_files(root, val_images, variant):
        used += copy_image(f, out / f.relative_to(root), webp)
    for name in sets:
        taken[name] = 0
        (out / "train" / name).mkdir(parents=True, exist_ok=True)  # a set may end up empty
        for f in list_images(root / "train" / name):
            size = copy_image(f, out / "train" / name / f.name, webp)
            if used + size > budget:
                next(p for p in (out / "train" / name).iterdir() if p.stem == f.stem).unlink()
                break
            used += size
            taken[name] += 1
    return taken


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--budget-mb", type=float, default=52.0)
    p.add_argument("--val-images", type=int, default=5)
    p.add_argument("--sets", default=",".join(TRAIN_ORDER), help="training sets, in fill order")
    p.add_argument("--variant", choices=("benchmark", "photo"), default="benchmark",
                   help="photo: validation images of the photo cases (Kodak24)")
    p.add_argument("--webp", action="store_true", help="lossless images as lossless WebP")
    a = p.parse_args(argv)
    if a.out.exists():
        shutil.rmtree(a.out)
    taken = pack(a.data, a.out, int(a.budget_mb * 2**20), a.val_images, a.sets.split(","),
                 a.variant, a.webp)
    total = sum(f.stat().st_size for f in a.out.rglob("*") if f.is_file())
    print(f"{a.out}: {total / 2**20:.1f} MiB; training images per set: {taken}")


if __name__ == "__main__":
    main()
