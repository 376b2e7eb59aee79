"""LN against i-LN with error bars: the same short schedule, three seeds per norm.

python -m training.campaign run --plan training/plans/seed-study.json     (on each core)
python -m training.seed_study [--out models/seed-study.json]           score every finished run
python -m training.seed_study --plan training/plans/photo-seed-study.json --out models/photo-seed-study.json

Benchmark models are scored on their task's validation sets, photo models
(<task>-photo-<norm>@seed<k>) on the photo cases (training/evaluate.py's PHOTO_EVAL).

The plan names its models <task>-<norm>@seed<k> with --seed k; everything else is identical.
The summary keeps, per run, the final PSNR on the task's full validation sets (EMA weights,
`training.evaluate` conventions) and the training-time validation curve, so `training.report`
can draw the curves and the table without the checkpoints.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from .campaign import load_plan, stage_state
from .checkpoint import load_ema_model
from .evaluate import eval_cases, evaluate_set
from .data import DEFAULT_DATA
from .tasks import get_task

PLAN = Path(__file__).resolve().parent / "plans" / "seed-study.json"
OUT = Path("models/seed-study.json")
SETTINGS = {"denoise": {"sigma": 25}}


def score_run(ckpt: Path, data: Path) -> dict:
    model, state = load_ema_model(ckpt)
    cfg = state["config"]
    task = get_task(cfg["task"])
    if cfg.get("variant") == "photo":
        cases = eval_cases(task.name, "photo")
        names = [s for s, _ in cases]  # a set scored in two settings is named by both
        final = {(s if names.count(s) == 1 else f"{s} {','.join(f'{k}={v}' for k, v in kw.items())}"):
                 evaluate_set(model, task.name, s, data, **kw)["psnr"] for s, kw in cases}
    else:
        final = {s: evaluate_set(model, task.name, s, data, **SETTINGS.get(task.name, {}))["psnr"]
                 for s in task.val_sets}
    return {"task": task.name, "norm": cfg["norm"], "seed": cfg["seed"], "steps": state["step"],
            "wallTimeS": round(state["elapsed_s"]), "final": final, "valCurve": state["log"]["val"]}


def summarize(runs: list[dict]) -> list[dict]:
    """Per task, set and norm: mean and sample standard deviation over the seeds, and the
    i-LN minus LN gap of the means with its standard error."""
    rows = []
    for task in dict.fromkeys(r["task"] for r in runs):
        sets = list(next(r for r in runs if r["task"] == task)["final"])
        for s in sets:
            by = {n: np.array([r["final"][s] for r in runs if r["task"] == task and r["norm"] == n])
                  for n in ("ln", "iln")}
            if any(len(v) < 2 for v in by.values()):
                continue
            gap_se = float(np.sqrt(sum(v.var(ddof=1) / len(v) for v in by.values())))
            rows.append({"task": task, "set": s, "seeds": len(by["iln"]),
                         **{f"{n}Mean": round(float(v.mean()), 3) for n, v in by.items()},
                         **{f"{n}Std": round(float(v.std(ddof=1)), 3) for n, v in by.items()},
                         "gap": round(float(by["iln"].mean() - by["ln"].mean()), 3),
                         "gapStdErr": round(gap_se, 3)})
    return rows


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plan", type=Path, default=PLAN)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=OUT)
    a = p.parse_args(argv)
    plan = load_plan(a.plan)
    runs = []
    for model, stages in plan.items():
        stage = stages[-1]
        state = stage_state(stage)
        if state is None or state["step"] < stage.steps:
            print(f"{model}: not finished, left out")
            continue
        runs.append(score_run(stage.run_dir / "ckpt.pt", a.data))
        print(model, runs[-1]["final"], flush=True)
    summary = summarize(runs)
    a.out.write_text(json.dumps({"plan": str(a.plan), "summary": summary, "runs": runs}, indent=1))
    for r in summary:
        print(f"{r['task']} {r['set']}: LN {r['lnMean']:.3f}±{r['lnStd']:.3f}  i-LN {r['ilnMean']:.3f}"
              f"±{r['ilnStd']:.3f}  gap {r['gap']:+.3f}±{r['gapStdErr']:.3f} (n={r['seeds']})")


if __name__ == "__main__":
    main()
