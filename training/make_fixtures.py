"""Tiny exported models for the TypeScript engine's tests (not for users): random weights,
perturbed so every part of the network matters, exported exactly as real models are.
python -m training.make_fixtures [--out tests/fixtures]"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch

from .arch import ArchArgs, build_model
from .export import export

FIXTURES = {
    "tiny-sr2-iln": ArchArgs(dim=8, groups=2, depth=2, heads=2, window=4, scale=2, norm="iln"),
    "tiny-sr2-ln": ArchArgs(dim=8, groups=2, depth=2, heads=2, window=4, scale=2, norm="ln"),
    "tiny-dn-iln": ArchArgs(dim=8, groups=1, depth=2, heads=2, window=4, scale=1, norm="iln"),
    "tiny-dn-half-ln": ArchArgs(dim=8, groups=1, depth=2, heads=2, window=4, scale=1, norm="ln",
                                unshuffle=2),
    "tiny-dn-quarter-iln": ArchArgs(dim=8, groups=1, depth=2, heads=2, window=4, scale=1,
                                    norm="iln", unshuffle=4),
}


def make(out: Path, name: str, args: ArchArgs, float16: bool) -> None:
    torch.manual_seed(sum(map(ord, name)))
    model = build_model(args)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    task = "sr-x2" if args.scale == 2 else "denoise"
    config = {"task": task, "threads": 1, "batch": 1, "patch": 8, "lr": 0.0, "min_lr": 0.0,
              "warmup": 0, "ema": 0.0, "grad_clip": 0.0, "seed": 0, "steps": 0, "init_from": ""}
    ckpt = out / f"{name}.pt"
    torch.save({"arch": vars(args).copy() if hasattr(args, "__dict__") else {},
                "config": config, "ema": model.state_dict(), "step": 0, "elapsed_s": 0.0,
                "log": {"loss": [], "val": []}}, ckpt)
    export(ckpt, out / (name + ("" if float16 else "-f32")), float16=float16)
    ckpt.unlink()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=Path("tests/fixtures"))
    a = p.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    for name, args in FIXTURES.items():
        for float16 in (False, True):
            make(a.out, name, args, float16)
    print(f"wrote {len(FIXTURES) * 2} fixture models to {a.out}")


if __name__ == "__main__":
    main()
