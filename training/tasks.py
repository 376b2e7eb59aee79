"""The five restoration tasks: what degrades the input, what trains and what validates them."""
from __future__ import annotations

from dataclasses import dataclass

# Rain100H's clean targets are Berkeley photos: a deraining model never sees BSD images.
COLOUR_TRAIN = ("T91", "General100", "BSD200", "mate_nature")
NO_BERKELEY_TRAIN = ("T91", "General100", "mate_nature")


@dataclass(frozen=True)
class Task:
    name: str
    scale: int
    train_sets: tuple[str, ...]
    val_sets: tuple[str, ...]
    metric_space: str  # "y" (YCbCr luma, 16-235) or "rgb"
    description: str


TASKS: dict[str, Task] = {
    t.name: t
    for t in (
        Task("sr-x2", 2, COLOUR_TRAIN, ("Set5", "Set14"), "y", "super-resolution x2"),
        Task("sr-x4", 4, COLOUR_TRAIN, ("Set5", "Set14"), "y", "super-resolution x4"),
        Task("denoise", 1, COLOUR_TRAIN, ("CBSD68", "Kodak24"), "rgb", "blind Gaussian denoising"),
        Task("dejpeg", 1, COLOUR_TRAIN, ("LIVE1",), "rgb", "JPEG artifact removal"),
        Task("derain", 1, NO_BERKELEY_TRAIN, ("Rain100H",), "y", "rain streak removal"),
    )
}


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}; expected one of {', '.join(TASKS)}")
    return TASKS[name]
