"""The five restoration tasks: what degrades the input, what trains and what validates them.
What the app shares (names, scales, metric spaces, validation sets, photo cases) is read from
src/shared/tasks.json, which the app reads too; the training sets are training's own."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SHARED = json.loads((Path(__file__).resolve().parents[1] / "src" / "shared" / "tasks.json").read_text())

# Rain100H's clean targets are Berkeley photos: a deraining model never sees BSD images.
COLOUR_TRAIN = ("T91", "General100", "BSD200", "mate_nature")
NO_BERKELEY_TRAIN = ("T91", "General100", "mate_nature")
# Photo models also see these large photographs (their noise and optics are a camera's) and, from
# the second generation of photo models on, BSDS500's 200 test photographs (in no validation set).
PHOTO_TRAIN = ("debian_photos", "BSDS500_test")
# Derain's photo model trains without Berkeley photos (Rain100H's targets are Berkeley's).
DERAIN_PHOTO_TRAIN = ("debian_photos",)
# benchmark: the paper's clean synthetic degradation; photo: what real photos carry.
VARIANTS = tuple(SHARED["variants"])
PHOTO_TASKS = tuple(SHARED["photo_tasks"])
# Derain trains without Berkeley photos; every other task on the colour sets.
TRAIN_SETS = {"derain": (NO_BERKELEY_TRAIN, DERAIN_PHOTO_TRAIN)}


@dataclass(frozen=True)
class Task:
    name: str
    scale: int
    train_sets: tuple[str, ...]
    val_sets: tuple[str, ...]
    metric_space: str  # "y" (YCbCr luma, 16-235) or "rgb"
    description: str
    photo_train_sets: tuple[str, ...] = PHOTO_TRAIN


def _task(name: str, shared: dict) -> Task:
    train, photo_train = TRAIN_SETS.get(name, (COLOUR_TRAIN, PHOTO_TRAIN))
    return Task(name, shared["scale"], train, tuple(shared["val_sets"]), shared["metric_space"],
                shared["description"], photo_train)


TASKS: dict[str, Task] = {name: _task(name, shared) for name, shared in SHARED["tasks"].items()}


def check_variant(task: str, variant: str) -> None:
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    if variant == "photo" and task not in PHOTO_TASKS:
        raise ValueError(f"{task} has no photo model; photo models: {', '.join(PHOTO_TASKS)}")


def model_name(task: str, norm: str, variant: str = "benchmark") -> str:
    """sr-x2-iln (benchmark) or sr-x2-photo-iln: the model's folder and campaign name."""
    return f"{task}-photo-{norm}" if variant == "photo" else f"{task}-{norm}"


def parse_model_name(name: str) -> tuple[str, str, str]:
    """<task>[-photo]-<norm>[@anything] -> (task, norm, variant)."""
    stem, norm = name.split("@")[0].rsplit("-", 1)
    if stem.endswith("-photo"):
        return stem[: -len("-photo")], norm, "photo"
    return stem, norm, "benchmark"


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}; expected one of {', '.join(TASKS)}")
    return TASKS[name]
