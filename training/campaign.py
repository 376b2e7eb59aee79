"""The training campaign: every model's planned stages, resumable on any machine.

python -m training.campaign status                       where every model stands
python -m training.campaign run [MODEL ...] [--minutes M]  train the next unfinished stages
python -m training.campaign save                         compact checkpoints into checkpoints/

The plan (training/plans/campaign.json) fixes each stage's length up front, so the cosine schedule is
the same however many sessions a stage takes. A stage trains in runs/<model>-<stage>/ (full
checkpoint, bit-exact resume). `save` writes checkpoints/<model>.pt, small enough to commit: the
weights and EMA in float32, Adam's moments in bfloat16 (float32's range, so tiny second moments
do not underflow as they would in float16). A fresh machine resumes a stage from that file.
Workers claim models through lock files, so `run` on each core shares out the plan.

A model is named <task>-<norm> (a benchmark model) or <task>-photo-<norm> (a photo model, trained
on training/photo_chains.py), optionally with a tag after "@" (e.g. sr-x2-ln@seed1 in the seed
study's plan, training/plans/seed-study.json); a plan with "commit": false is never compacted
into checkpoints/ (short studies that are cheaper to rerun than to store). A plan whose runs are
done has "finished": a sentence saying when and where its results are; it stays as the record of
what was trained, its checkpoints leave the tree, and no worker trains it again.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

import torch

from .checkpoint import read_record
from .tasks import parse_model_name
from .train import TrainConfig, Trainer

# Plans live in training/plans/; checkpoints/ and runs/ are the repository's (main() works from
# its root, whatever the caller's directory), named relative to it so cards never carry a
# machine's paths.
ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "training" / "plans" / "campaign.json"
COMMITTED = Path("checkpoints")
RUNS = Path("runs")


@dataclass(frozen=True)
class Stage:
    model: str  # <task>-<norm>[@variant]
    name: str  # e.g. "s2"; the run folder is runs/<model>-<name>
    steps: int
    args: dict = field(default_factory=dict)  # training.train arguments of this stage
    commit: bool = True  # compacted into checkpoints/ by `save`
    finished: bool = False  # the plan is a record: its runs are done and their files removed

    @property
    def run_dir(self) -> Path:
        return RUNS / f"{self.model}-{self.name}"

    def config(self, threads: int = 1, minutes: float = 0.0, **machine) -> TrainConfig:
        """`machine`: where this run trains (device, data, data_workers), not part of the recipe."""
        task, norm, variant = parse_model_name(self.model)
        known = {f.name for f in fields(TrainConfig)}
        unknown = set(self.args) - known
        if unknown:
            raise ValueError(f"{self.model} {self.name}: unknown training arguments {sorted(unknown)}")
        return TrainConfig(**{**self.args, "task": task, "norm": norm, "variant": variant,
                              "steps": self.steps,
                              "out": str(self.run_dir), "threads": threads, "minutes": minutes,
                              **machine})


def load_plan(path: Path = PLAN) -> dict[str, list[Stage]]:
    """{model: [stages in order]}; a stage's init_from "previous" is the stage before it."""
    raw = json.loads(Path(path).read_text())
    commit = bool(raw.get("commit", True))
    finished = bool(raw.get("finished"))
    plan: dict[str, list[Stage]] = {}
    for model, spec in raw["models"].items():
        stages = []
        for s in spec["stages"]:
            args = dict(s.get("args", {}))
            if args.get("init_from") == "previous":
                args["init_from"] = str(stages[-1].run_dir / "ckpt.pt")
            stages.append(Stage(model, s["name"], int(s["steps"]), args, commit, finished))
        plan[model] = stages
    return plan


# ---- checkpoints: the run's own, and the compact committed one -------------------------

def compact(state: dict, stage: str) -> dict:
    """A checkpoint to commit: Adam's moments in bfloat16, everything else as it was."""
    opt = state["opt"]
    moments = {i: {k: (v.to(torch.bfloat16) if torch.is_tensor(v) and v.dim() else v)
                   for k, v in s.items()} for i, s in opt["state"].items()}
    return {**state, "opt": {**opt, "state": moments}, "stage": stage}


def committed_path(model: str, root: Path = COMMITTED) -> Path:
    return root / f"{model}.pt"


def save_committed(stage: Stage, root: Path = COMMITTED) -> Path | None:
    """Compact the stage's run checkpoint into checkpoints/<model>.pt (None if it has none)."""
    ckpt = stage.run_dir / "ckpt.pt"
    if not stage.commit or not ckpt.exists():
        return None
    root.mkdir(parents=True, exist_ok=True)
    out = committed_path(stage.model, root)
    tmp = out.with_suffix(".tmp")
    torch.save(compact(torch.load(ckpt, map_location="cpu"), stage.name), tmp)
    tmp.replace(out)
    return out


def restore_run(stage: Stage, root: Path = COMMITTED) -> bool:
    """Put the committed checkpoint of this stage where the trainer resumes from, unless the
    run folder already has one at least as far along. Adam's load_state_dict casts the moments
    back to float32."""
    src, dst = committed_path(stage.model, root), stage.run_dir / "ckpt.pt"
    if not src.exists():
        return False
    state = torch.load(src, map_location="cpu")
    if state.get("stage") != stage.name:
        return False
    if dst.exists() and read_record(dst)["step"] >= state["step"]:
        return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, dst)
    return True


# ---- where a stage stands --------------------------------------------------------------

def stage_state(stage: Stage, root: Path = COMMITTED) -> dict | None:
    """The furthest checkpoint of a stage: its run folder's or the committed one."""
    best = None
    for path in (stage.run_dir / "ckpt.pt", committed_path(stage.model, root)):
        if path.exists():
            s = read_record(path)  # the step and log, not the tensors
            if path.parent == stage.run_dir or s.get("stage") == stage.name:
                best = s if best is None or s["step"] > best["step"] else best
    return best


def stage_progress(stage: Stage, root: Path = COMMITTED) -> tuple[int, float | None]:
    if stage.finished:
        return stage.steps, None
    state = stage_state(stage, root)
    if state is None:
        return 0, None
    val = state["log"]["val"]
    return state["step"], (val[-1][1] if val else None)


def next_stage(stages: list[Stage], root: Path = COMMITTED) -> Stage | None:
    """The first stage not finished; a stage counts as finished once a later one has begun."""
    return first_unfinished(stages, [stage_progress(s, root)[0] for s in stages])


def first_unfinished(stages: list[Stage], steps_done: list[int]) -> Stage | None:
    for i, s in enumerate(stages):
        later_started = any(p > 0 for p in steps_done[i + 1:])
        if steps_done[i] < s.steps and not later_started:
            return s
    return None


def status_rows(plan: dict[str, list[Stage]], root: Path = COMMITTED) -> list[dict]:
    rows = []
    for model, stages in plan.items():
        progress = [stage_progress(s, root) for s in stages]
        # the lock is the model's; only this stage runs
        current = first_unfinished(stages, [step for step, _ in progress])
        for i, (s, (step, val)) in enumerate(zip(stages, progress)):
            if any(later > 0 for later, _ in progress[i + 1:]):
                # finished: on a fresh machine the committed file holds only the later stage
                step = s.steps
            rows.append({"model": model, "stage": s.name, "step": step, "steps": s.steps,
                         "val": val, "running": s is current and lock_path(s).exists()})
    return rows


def format_status(rows: list[dict]) -> str:
    width = max([12, *(len(r["model"]) for r in rows)])
    lines = [f"{'model':{width}} {'stage':6} {'steps':>13} {'done':>5} {'last val':>9}"]
    for r in rows:
        done = f"{100 * r['step'] / r['steps']:.0f}%"
        val = f"{r['val']:.3f}" if r["val"] is not None else "-"
        lines.append(f"{r['model']:{width}} {r['stage']:6} {r['step']:>6}/{r['steps']:<6} {done:>5} "
                     f"{val:>9}{'  (running)' if r['running'] else ''}")
    return "\n".join(lines)


# ---- workers -----------------------------------------------------------------------------

def lock_path(stage: Stage) -> Path:
    return RUNS / f"{stage.model}.lock"


def claim(stage: Stage) -> bool:
    """One worker per model: an exclusive lock file holding the worker's pid; a lock whose
    process has died is taken over."""
    path = lock_path(stage)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                os.kill(int(path.read_text() or 0), 0)
                return False  # alive
            except (ProcessLookupError, ValueError):
                path.unlink(missing_ok=True)
                continue
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        return True
    return False


def run_worker(plan: dict[str, list[Stage]] | Path, models: list[str], minutes: float,
               threads: int, **machine) -> None:
    """Train the next unfinished stage of each model in turn (skipping models another worker
    holds) until the plan is done or the time budget is spent; save after every stage. Given a
    plan file, it is read again before each stage, so stages added meanwhile are picked up."""
    deadline = time.time() + minutes * 60 if minutes else None
    source = plan
    while True:
        plan = load_plan(source) if isinstance(source, Path) else source
        chosen = models or list(plan)
        left = (deadline - time.time()) / 60 if deadline else 0.0
        if deadline and left < 1:
            return
        stage = next((s for m in chosen if (s := next_stage(plan[m])) and claim(s)), None)
        if stage is None:
            return
        try:
            for earlier in plan[stage.model][: plan[stage.model].index(stage)]:
                restore_run(earlier)  # a fresh machine: the stage this one starts from
            if restore_run(stage):
                print(f"{stage.model} {stage.name}: resumed from {committed_path(stage.model)}")
            trainer = Trainer(stage.config(threads, left, **machine), resume=True)
            trainer.run()
            save_committed(stage)
        finally:
            lock_path(stage).unlink(missing_ok=True)
        if trainer.step < stage.steps:
            return  # stopped by its budget, not finished


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=("status", "run", "save"))
    p.add_argument("models", nargs="*", help="default: every model in the plan, in plan order")
    p.add_argument("--plan", type=Path, default=PLAN)
    p.add_argument("--minutes", type=float, default=0.0, help="stop this worker after M minutes")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="cpu", help="cpu or cuda (scripts/gpu-campaign.sh)")
    p.add_argument("--data", default=None, help="datasets root (default ../shared/datasets)")
    p.add_argument("--data-workers", type=int, default=0,
                   help="processes making batches ahead of the step (a GPU run)")
    a = p.parse_args(argv)
    a.plan = a.plan.resolve()  # named from the caller's directory
    if a.data:
        a.data = str(Path(a.data).resolve())
    os.chdir(ROOT)
    plan = load_plan(a.plan)
    models = a.models or list(plan)
    for m in models:
        if m not in plan:
            raise SystemExit(f"{m} is not in the plan ({', '.join(plan)})")
    if a.command == "status":
        print(format_status(status_rows({m: plan[m] for m in models})))
    elif a.command == "run":
        machine = {"device": a.device, "data_workers": a.data_workers,
                   **({"data": a.data} if a.data else {})}
        run_worker(a.plan, a.models, a.minutes, a.threads, **machine)
    else:
        for m in models:
            for s in plan[m]:
                if (out := save_committed(s)) is not None:
                    print(f"saved {s.model} {s.name} -> {out} ({out.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
