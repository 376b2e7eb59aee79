import json

from training.report import main


def fake_card(norm: str, psnr: float) -> dict:
    layers = [{"layer": i, "mean_square": 10.0 ** i, "channel_entropy": 3.0 - 0.1 * i} for i in range(4)]
    return {
        "name": f"sr-x2-{norm}", "task": "sr-x2", "norm": norm, "params": 1000, "weightsBytes": 2048,
        "weightsDtype": "float16",
        "training": {"steps": 10, "wallTimeS": 120, "hardware": "test CPU",
                     "lossCurve": [[1, 0.1], [10, 0.05]], "valCurve": [[5, 30.0], [10, 31.0]]},
        "metrics": [{"set": "Set5", "setting": "", "space": "y", "psnr": psnr, "ssim": 0.9,
                     "baselinePsnr": 33.0, "baselineSsim": 0.8}],
        "featureStats": {"image": "Set5/baby.png", "layers": layers},
    }


def test_report_tables_both_norms_and_draws_plots(tmp_path):
    for norm, psnr in (("ln", 35.5), ("iln", 35.9)):
        (tmp_path / f"sr-x2-{norm}").mkdir()
        (tmp_path / f"sr-x2-{norm}" / "card.json").write_text(json.dumps(fake_card(norm, psnr)))
    main(["--models", str(tmp_path)])
    text = (tmp_path / "README.md").read_text()
    assert "| sr-x2 | Set5 | — | Y | 33.00 / 0.8000 | 35.50 / 0.9000 | 35.90 / 0.9000 |" in text
    assert (tmp_path / "plots" / "sr-x2-curves.png").stat().st_size > 1000
    assert (tmp_path / "plots" / "sr-x2-features.png").stat().st_size > 1000


def test_steps_cell_counts_the_stages_a_model_was_initialised_from():
    from training.report import steps_cell

    t = {"steps": 600, "totalSteps": 4600,
         "earlierStages": [{"task": "denoise", "steps": 2000}, {"task": "dejpeg", "steps": 2000}]}
    assert steps_cell(t) == "4600 (dejpeg 2000 → denoise 2000 → 600)"
    assert steps_cell({"steps": 300}) == "300"


def test_curve_label_says_when_the_curves_are_only_the_last_stage():
    from training.report import curve_xlabel

    assert curve_xlabel({"steps": 300}) == "step"
    t = {"steps": 1800, "earlierStages": [{"task": "dejpeg", "steps": 1000}, {"task": "dejpeg", "steps": 2000}]}
    assert curve_xlabel(t) == "step of the last stage (3 of 3)"


def test_curves_of_every_stage_are_drawn_on_one_step_axis():
    from training.report import curve_xlabel, stitched_curves

    t = {"steps": 20, "lossCurve": [[10, 0.3], [20, 0.2]], "valCurve": [[20, 30.5]],
         "earlierStages": [
             {"steps": 100, "lossCurve": [[50, 0.5], [100, 0.4]], "valCurve": [[100, 30.0]]},
             {"steps": 300, "lossCurve": [[300, 0.9]], "valCurve": [[300, 29.0]]}]}
    loss, val, starts = stitched_curves(t)
    assert loss == [[300, 0.9], [350, 0.5], [400, 0.4], [410, 0.3], [420, 0.2]]
    assert val == [[300, 29.0], [400, 30.0], [420, 30.5]]
    assert starts == [300, 400]
    assert curve_xlabel(t) == "step, all 3 stages (dotted: where each began)"


def test_seed_study_summary_and_report_section(tmp_path):
    from training.seed_study import summarize

    runs = [{"task": "sr-x2", "norm": n, "seed": s, "final": {"Set5": base + 0.1 * s},
             "valCurve": [[50, base - 1 + 0.1 * s], [100, base + 0.1 * s]]}
            for n, base in (("ln", 36.0), ("iln", 36.3)) for s in range(3)]
    summary = summarize(runs)
    assert summary == [{"task": "sr-x2", "set": "Set5", "seeds": 3, "lnMean": 36.1, "ilnMean": 36.4,
                        "lnStd": 0.1, "ilnStd": 0.1, "gap": 0.3, "gapStdErr": 0.082}]
    for norm, psnr in (("ln", 35.5), ("iln", 35.9)):
        (tmp_path / f"sr-x2-{norm}").mkdir()
        (tmp_path / f"sr-x2-{norm}" / "card.json").write_text(json.dumps(fake_card(norm, psnr)))
    (tmp_path / "seed-study.json").write_text(json.dumps({"runs": runs, "summary": summary}))
    main(["--models", str(tmp_path)])
    text = (tmp_path / "README.md").read_text()
    assert "| sr-x2 | Set5 | 3 | 36.10 ± 0.10 | 36.40 ± 0.10 | +0.30 ± 0.08 |" in text
    assert (tmp_path / "plots" / "seed-study.png").stat().st_size > 1000


def test_seed_study_scores_a_finished_run_on_the_full_sets(tmp_path, fake_datasets):
    from training.seed_study import score_run
    from training.train import TrainConfig, Trainer

    cfg = TrainConfig(task="sr-x2", norm="ln", steps=4, batch=2, patch=16, warmup=1, dim=8,
                      groups=1, depth=2, heads=2, val_every=2, seed=2, data=str(fake_datasets),
                      out=str(tmp_path / "run"))
    Trainer(cfg, resume=False).run()
    run = score_run(tmp_path / "run" / "ckpt.pt", fake_datasets)
    assert (run["task"], run["norm"], run["seed"], run["steps"]) == ("sr-x2", "ln", 2, 4)
    assert set(run["final"]) == {"Set5", "Set14"} and all(v > 5 for v in run["final"].values())
    assert [s for s, _ in run["valCurve"]] == [2, 4]
