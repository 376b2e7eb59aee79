"""The same-size architecture ablation (issue 14): denoise i-LN runs of each network, compared at
equal training compute and by inference cost. For each run folder it measures the cost of one
training step on one thread (median of 5 timed steps after 2 warm-ups, nothing else running),
reads the validation curve from the checkpoint, and scores the final EMA weights on all of
CBSD68 at sigma = 25.

  PYTHONPATH=. /usr/bin/python3 scripts/arch-ablation.py runs/ablation/A-full-d48-p48 ...
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import torch

from training.arch import build_model
from training.checkpoint import load_ema_model
from training.data import DEFAULT_DATA
from training.evaluate import evaluate_set


def step_seconds(arch: dict, batch: int, patch: int) -> float:
    """One training step (forward, backward, Adam) on random data, one thread."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = build_model(arch)
    opt = torch.optim.Adam(model.parameters())
    x = torch.rand(batch, 3, patch, patch)
    times = []
    for i in range(7):
        t0 = time.perf_counter()
        loss = (model(x) - x).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def macs_per_pixel(arch: dict) -> float:
    """Multiply-adds per output pixel, as src/engine/cost.ts counts them."""
    c, n, u2 = arch["dim"], arch["window"] ** 2, arch.get("unshuffle", 1) ** 2
    layer = 3 * c * c + c * c + 2 * n * c + 2 * c * int(c * arch["mlp_ratio"])
    conv = lambda cin, cout: 9 * cin * cout  # noqa: E731
    macs = conv(3 * u2, c) + arch["groups"] * (arch["depth"] * layer + conv(c, c)) + conv(c, c) \
        + conv(c, 3 * u2)
    return macs / u2


def main(dirs: list[str]) -> None:
    rows = []
    for d in map(Path, dirs):
        model, state = load_ema_model(d / "ckpt.pt")
        cfg, arch = state["config"], state["arch"]
        cost = step_seconds(arch, cfg["batch"], cfg["patch"])
        final = evaluate_set(model, "denoise", "CBSD68", DEFAULT_DATA, sigma=25)["psnr"]
        rows.append({"run": d.name, "unshuffle": arch.get("unshuffle", 1), "dim": arch["dim"],
                     "patch": cfg["patch"], "steps": state["step"], "stepSeconds": round(cost, 3),
                     "coreSeconds": round(cost * state["step"]), "gmacsPerMp": round(macs_per_pixel(arch) / 1e3, 1),
                     "valCurve": state["log"]["val"], "cbsd68Sigma25": round(final, 3)})
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "valCurve"}), flush=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
