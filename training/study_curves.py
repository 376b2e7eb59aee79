"""Validation curves of a study's checkpoints on one step axis, with reference levels.

A missed floor is reported with its curves (developers' guide): the shipped model's level, the
runs that tried to pass it, and where each stands. Each run is `PATH|LABEL|OFFSET`: a checkpoint
(its log keeps every validation), the legend, and the step its run started at (a fork of a longer
run starts at the fork's step). Each reference is `VALUE|LABEL`, drawn as a dashed level.

  python -m training.study_curves --out models/plots/sr-x2-photo-capacity.png \
      --title "x2 photo: validation on five Kodak24 q70 thumbnails" \
      --run "checkpoints/sr-x2-photo-iln@c64.pt|i-LN C=64 L=3|0" --ref "30.904|shipped i-LN"
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402


@dataclass(frozen=True)
class Run:
    path: str
    label: str
    offset: int = 0


def parse_run(spec: str) -> Run:
    parts = spec.split("|")
    if len(parts) not in (2, 3):
        raise ValueError(f"a run is PATH|LABEL or PATH|LABEL|OFFSET, got {spec!r}")
    return Run(parts[0], parts[1], int(parts[2]) if len(parts) == 3 else 0)


def parse_ref(spec: str) -> tuple[float, str]:
    value, sep, label = spec.partition("|")
    if not sep:
        raise ValueError(f"a reference is VALUE|LABEL, got {spec!r}")
    return float(value), label


def val_curve(run: Run) -> list[tuple[int, float]]:
    """(step on the study's axis, validation dB) for every validation the checkpoint recorded."""
    log = torch.load(run.path, map_location="cpu")["log"]
    return [(run.offset + step, value) for step, value in log["val"]]


def plot_study(runs: list[Run], refs: list[tuple[float, str]], title: str, out: Path,
               ymin: float | None = None) -> None:
    """ymin: the lowest level shown (early validations would otherwise flatten the late ones)."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for run in runs:
        curve = val_curve(run)
        ax.plot([s for s, _ in curve], [v for _, v in curve], marker="o", markersize=3,
                label=run.label)
    for i, (value, label) in enumerate(refs):
        ax.axhline(value, linestyle="--", linewidth=1, color=f"C{len(runs) + i}", label=label)
    ax.set(title=title, xlabel="training step", ylabel="PSNR-Y (dB)")
    if ymin is not None:
        ax.set_ylim(bottom=ymin)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=90)
    plt.close(fig)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--run", action="append", required=True, help="PATH|LABEL[|OFFSET]")
    p.add_argument("--ref", action="append", default=[], help="VALUE|LABEL")
    p.add_argument("--title", default="validation")
    p.add_argument("--ymin", type=float, default=None, help="the lowest dB shown")
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    plot_study([parse_run(r) for r in a.run], [parse_ref(r) for r in a.ref], a.title, a.out, a.ymin)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
