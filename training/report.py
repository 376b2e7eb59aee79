"""models/README.md from the model cards: one table of every metric, LN beside i-LN, the
training curves and the per-layer feature statistics of each pair as PNG plots.
python -m training.report [--models models]"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TASK_ORDER = ["sr-x2", "sr-x4", "denoise", "dejpeg", "derain"]
# each task's benchmark models, then its photo models (a group is <task> or <task>-photo)
GROUP_ORDER = [g for t in TASK_ORDER for g in (t, f"{t}-photo")]
NORM_LABEL = {"ln": "LN", "iln": "i-LN"}


def load_cards(root: Path) -> dict[str, dict[str, dict]]:
    """{group: {norm: card}}, a group being <task> (benchmark models) or <task>-photo."""
    cards: dict[str, dict[str, dict]] = {}
    for path in sorted(root.glob("*/card.json")):
        card = json.loads(path.read_text())
        group = card["task"] + ("-photo" if card.get("variant") == "photo" else "")
        cards.setdefault(group, {})[card["norm"]] = card
    return cards


def metric_rows(task: str, pair: dict[str, dict]) -> list[str]:
    rows = []
    metrics = {n: {(m["set"], m["setting"]): m for m in c.get("metrics", [])} for n, c in pair.items()}
    keys = list(dict.fromkeys(k for n in ("iln", "ln") for k in metrics.get(n, {})))
    for key in keys:
        cells = []
        for n in ("ln", "iln"):
            m = metrics.get(n, {}).get(key)
            cells.append(f"{m['psnr']:.2f} / {m['ssim']:.4f}" if m else "—")
        any_m = next(metrics[n][key] for n in metrics if key in metrics[n])
        base = (f"{any_m['baselinePsnr']:.2f} / {any_m['baselineSsim']:.4f}" if "baselinePsnr" in any_m
                else "identity (vs its input)")
        rows.append(f"| {task} | {key[0]} | {key[1] or '—'} | {any_m['space'].upper()} | {base} | {cells[0]} | {cells[1]} |")
    return rows


def plot_pair(task: str, pair: dict[str, dict], out: Path) -> list[str]:
    """Two figures per task: training curves, and per-layer magnitude and entropy."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.6))
    for n, c in sorted(pair.items()):
        loss, val, starts = stitched_curves(c["training"])
        a.plot([s for s, _ in loss], [v for _, v in loss], label=NORM_LABEL[n])
        b.plot([s for s, _ in val], [v for _, v in val], marker="o" if len(val) < 40 else None,
               markersize=3, label=NORM_LABEL[n])
    for start in starts:  # stage boundaries (the same for both norms: one plan)
        for ax in (a, b):
            ax.axvline(start, color="grey", linestyle=":", linewidth=1)
    longest = max((c["training"] for c in pair.values()), key=lambda t: len(t.get("earlierStages", [])))
    xlabel = curve_xlabel(longest)
    a.set(title=f"{task}: training L1 loss", xlabel=xlabel, yscale="log")
    b.set(title=f"{task}: validation PSNR (dB)", xlabel=xlabel)
    for ax in (a, b):
        ax.legend()
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / f"{task}-curves.png", dpi=90)
    plt.close(fig)
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.6))
    for n, c in sorted(pair.items()):
        layers = c["featureStats"]["layers"]
        a.plot([s["layer"] for s in layers], [s["mean_square"] for s in layers], marker="o", label=NORM_LABEL[n])
        b.plot([s["layer"] for s in layers], [s["channel_entropy"] for s in layers], marker="o", label=NORM_LABEL[n])
    probe = next(iter(pair.values()))["featureStats"]["image"]
    a.set(title=f"{task}: mean-square feature magnitude", xlabel="Transformer layer", yscale="log")
    b.set(title=f"{task}: channel-wise entropy (nats)", xlabel="Transformer layer")
    for ax in (a, b):
        ax.legend()
        ax.grid(alpha=0.3)
    for ax in (a, b):
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(f"probe image: {probe}", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / f"{task}-features.png", dpi=90)
    plt.close(fig)
    return [f"{task}-curves.png", f"{task}-features.png"]


def stitched_curves(t: dict) -> tuple[list, list, list[int]]:
    """A card's loss and validation curves over all its stages on one step axis, oldest stage
    first, and the steps where later stages began; just the last stage's when an earlier stage
    has no curves on record (cards from before stages kept them)."""
    earlier = t.get("earlierStages", [])
    if not all_stages_have_curves(t):
        return t["lossCurve"], t["valCurve"], []
    loss, val, starts, offset = [], [], [], 0
    for stage in [*reversed(earlier), t]:
        if offset:
            starts.append(offset)
        loss += [[offset + step, v] for step, v in stage["lossCurve"]]
        val += [[offset + step, v] for step, v in stage["valCurve"]]
        offset += stage["steps"]
    return loss, val, starts


def all_stages_have_curves(t: dict) -> bool:
    return all("lossCurve" in s for s in t.get("earlierStages", []))


def curve_xlabel(t: dict) -> str:
    """Say whether the curves cover every stage (dotted lines where each began) or the last only."""
    stages = len(t.get("earlierStages", [])) + 1
    if stages == 1:
        return "step"
    if all_stages_have_curves(t):
        return f"step, all {stages} stages (dotted: where each began)"
    return f"step of the last stage ({stages} of {stages})"


def feature_summary(task: str, pair: dict[str, dict]) -> str:
    parts = []
    for n in ("ln", "iln"):
        if n in pair:
            layers = pair[n]["featureStats"]["layers"]
            ms = [s["mean_square"] for s in layers]
            ent = [s["channel_entropy"] for s in layers]
            parts.append(f"{NORM_LABEL[n]}: magnitude {min(ms):.3g}–{max(ms):.3g}, entropy {min(ent):.2f}–{max(ent):.2f}")
    return f"- {task}: " + "; ".join(parts)


def steps_cell(t: dict) -> str:
    """Steps of a card, with the stages it was initialised from, oldest first."""
    earlier = t.get("earlierStages", [])
    if not earlier:
        return str(t["steps"])
    chain = " → ".join(f"{s['task']} {s['steps']}" for s in reversed(earlier))
    return f"{t['totalSteps']} ({chain} → {t['steps']})"


def card_line(c: dict) -> str:
    t = c["training"]
    return (f"| {c['name']} | {c['params']:,} | {c['weightsBytes'] / 1024:.0f} kB ({c['weightsDtype']}) | "
            f"{steps_cell(t)} | {t.get('totalWallTimeS', t['wallTimeS']) / 60:.0f} min | {t['hardware']} |")


def seed_curves(runs: list[dict], task: str, norm: str) -> tuple[list[int], list[float], list[float]]:
    """Steps, mean and sample standard deviation of the validation curves of one task and norm
    over its seeds (steps that every seed recorded)."""
    import numpy as np

    curves = [dict(map(tuple, r["valCurve"])) for r in runs if r["task"] == task and r["norm"] == norm]
    steps = sorted(set.intersection(*(set(c) for c in curves))) if curves else []
    values = np.array([[c[s] for s in steps] for c in curves])
    if not steps:
        return [], [], []
    std = values.std(axis=0, ddof=1) if len(curves) > 1 else np.zeros(len(steps))
    return steps, values.mean(axis=0).tolist(), std.tolist()


def seed_study_section(study: dict, out: Path) -> list[str]:
    """The seed study's table (mean ± sample std over seeds, and the i-LN - LN gap with its
    standard error) and one plot of the validation curves per task, mean ± std as a band."""
    runs, summary = study["runs"], study["summary"]
    tasks = list(dict.fromkeys(r["task"] for r in runs))
    fig, axes = plt.subplots(1, len(tasks), figsize=(5 * len(tasks), 3.6), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        for norm in ("iln", "ln"):  # the order (and so the colours) of the other plots
            steps, mean, std = seed_curves(runs, task, norm)
            ax.plot(steps, mean, marker="o", ms=3, label=NORM_LABEL[norm])
            ax.fill_between(steps, [m - s for m, s in zip(mean, std)], [m + s for m, s in zip(mean, std)],
                            alpha=0.25)
        seeds = len({r["seed"] for r in runs if r["task"] == task})
        ax.set(title=f"{task}: validation PSNR (dB), mean ± std of {seeds} seeds", xlabel="step")
        ax.legend()
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "seed-study.png", dpi=90)
    plt.close(fig)
    lines = ["## LN against i-LN over seeds", "",
             "Same short schedule, seeds differ (initialisation and data order); generated from "
             "`models/seed-study.json` (`python -m training.seed_study`). Mean ± sample standard "
             "deviation over the seeds; the gap is i-LN minus LN with its standard error.", "",
             "| task | set | seeds | LN | i-LN | gap (i-LN − LN) |", "|---|---|---|---|---|---|"]
    for r in summary:
        lines.append(f"| {r['task']} | {r['set']} | {r['seeds']} | {r['lnMean']:.2f} ± {r['lnStd']:.2f} | "
                     f"{r['ilnMean']:.2f} ± {r['ilnStd']:.2f} | {r['gap']:+.2f} ± {r['gapStdErr']:.2f} |")
    return lines + ["", "![seed-study.png](plots/seed-study.png)", ""]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--models", type=Path, default=Path("models"))
    p.add_argument("--notes", type=Path, help="a markdown file with the reading of the results, appended")
    a = p.parse_args(argv)
    cards = load_cards(a.models)
    plots = a.models / "plots"
    plots.mkdir(exist_ok=True)
    lines = ["# Models", "", "Generated by `python -m training.report` from the model cards; every number",
             "comes from `python -m training.export --eval` (see each card's `metricsCommand`). The",
             "measurements and decisions behind them, dated: [NOTES.md](NOTES.md).", "",
             "| model | parameters | download | steps | wall time | hardware |", "|---|---|---|---|---|---|"]
    for task in GROUP_ORDER:
        lines += [card_line(cards[task][n]) for n in ("ln", "iln") if n in cards.get(task, {})]
    lines += ["", "## Metrics (PSNR dB / SSIM)", "",
              "| task | set | setting | space | baseline (bicubic or input) | LN | i-LN |", "|---|---|---|---|---|---|---|"]
    for task in GROUP_ORDER:
        if task in cards:
            lines += metric_rows(task, cards[task])
    lines += ["", "## Training curves and feature statistics", ""]
    for task in GROUP_ORDER:
        if task in cards:
            for png in plot_pair(task, cards[task], plots):
                lines.append(f"![{png}](plots/{png})")
            lines.append("")
    lines += ["Per-layer feature statistics (min–max over layers):", ""]
    lines += [feature_summary(t, cards[t]) for t in GROUP_ORDER if t in cards]
    study = a.models / "seed-study.json"
    if study.exists():
        lines += [""] + seed_study_section(json.loads(study.read_text()), plots)
    if a.notes and a.notes.exists():
        lines += ["", a.notes.read_text().strip()]
    (a.models / "README.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {a.models / 'README.md'} and {len(list(plots.glob('*.png')))} plots")


if __name__ == "__main__":
    main()
