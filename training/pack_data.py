"""Copy a budgeted subset of ../shared/datasets into a folder that can travel to a lent GPU
machine (the device tool sends at most 64 MiB with the working tree, and not ../shared):
python -m training.pack_data --out data --budget-mb 52

Every training set the tasks use is taken whole while the budget allows and then in part (files in
sorted order, so the subset is reproducible); validation keeps only what training-time validation
reads (the first `--val-images` of each task's first val set). The card of a model trained on the
subset lists the folders it read; the final metrics are measured here on the full sets.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from .data import DEFAULT_DATA, list_images
from .tasks import TASKS

# the order sets are filled in: the small ones every task shares first
TRAIN_ORDER = ("T91", "General100", "mate_nature", "BSD200")


def val_files(root: Path, val_images: int) -> list[Path]:
    files: list[Path] = []
    for set_name in dict.fromkeys(t.val_sets[0] for t in TASKS.values()):
        folder = root / "val" / set_name
        if set_name == "Rain100H":
            names = [p.name for p in list_images(folder / "target")][:val_images]
            files += [folder / sub / n for sub in ("input", "target") for n in names]
        else:
            files += list_images(folder / "HR" if (folder / "HR").is_dir() else folder)[:val_images]
    return files


def pack(root: Path, out: Path, budget: int, val_images: int) -> dict[str, int]:
    """Copies files until `budget` bytes; returns how many files of each set were taken."""
    used, taken = 0, {}
    for f in val_files(root, val_images):
        dest = out / f.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
        used += f.stat().st_size
    for name in TRAIN_ORDER:
        taken[name] = 0
        (out / "train" / name).mkdir(parents=True, exist_ok=True)  # a set may end up empty
        for f in list_images(root / "train" / name):
            if used + f.stat().st_size > budget:
                break
            dest = out / "train" / name / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest)
            used += f.stat().st_size
            taken[name] += 1
    return taken


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--budget-mb", type=float, default=52.0)
    p.add_argument("--val-images", type=int, default=5)
    a = p.parse_args(argv)
    if a.out.exists():
        shutil.rmtree(a.out)
    taken = pack(a.data, a.out, int(a.budget_mb * 2**20), a.val_images)
    total = sum(f.stat().st_size for f in a.out.rglob("*") if f.is_file())
    print(f"{a.out}: {total / 2**20:.1f} MiB; training images per set: {taken}")


if __name__ == "__main__":
    main()
