import json
from pathlib import Path

import numpy as np

from training.features import layer_feature_stats
from training.checkpoint import load_ema_model
from training.train import TrainConfig, Trainer, lr_at, parse_args


def tiny_config(tmp_path, data, **kw):
    base = dict(task="sr-x2", norm="iln", steps=20, batch=4, patch=16, lr=2e-3, warmup=1,
                dim=8, groups=1, depth=2, heads=2, log_every=5, ckpt_every=10, val_every=1000,
                data=str(data), out=str(tmp_path / "run"))
    return TrainConfig(**{**base, **kw})


def test_twenty_steps_lower_the_loss_and_checkpoint(tmp_path, fake_datasets):
    cfg = tiny_config(tmp_path, fake_datasets)
    Trainer(cfg, resume=False).run()
    log = json.loads((tmp_path / "run" / "log.json").read_text())
    losses = [loss for _, loss in log["loss"]]
    assert log["step"] == 20 and len(losses) == 4
    assert losses[-1] < losses[0]
    model, state = load_ema_model(tmp_path / "run" / "ckpt.pt")
    assert state["arch"]["dim"] == 8 and state["config"]["task"] == "sr-x2"


def test_resume_continues_from_the_checkpoint(tmp_path, fake_datasets):
    Trainer(tiny_config(tmp_path, fake_datasets, steps=10, task="denoise"), resume=False).run()
    trainer = Trainer(tiny_config(tmp_path, fake_datasets, steps=15, task="denoise"), resume=True)
    assert trainer.step == 10
    trainer.run()
    assert json.loads((tmp_path / "run" / "log.json").read_text())["step"] == 15


def test_a_run_initialised_from_another_records_the_whole_chain(tmp_path, fake_datasets):
    # three stages, like denoise stage 2 <- denoise stage 1 <- dejpeg (the fixtures have no LIVE1)
    first = tiny_config(tmp_path, fake_datasets, steps=4, task="denoise", out=str(tmp_path / "a"))
    Trainer(first, resume=False).run()
    second = tiny_config(tmp_path, fake_datasets, steps=3, task="denoise", out=str(tmp_path / "b"),
                         init_from=str(tmp_path / "a" / "ckpt.pt"))
    Trainer(second, resume=False).run()
    (tmp_path / "a" / "ckpt.pt").unlink()  # the chain must survive its source files
    third = tiny_config(tmp_path, fake_datasets, steps=2, task="denoise", out=str(tmp_path / "c"),
                        init_from=str(tmp_path / "b" / "ckpt.pt"), lr=5e-4)
    Trainer(third, resume=False).run()
    log = json.loads((tmp_path / "c" / "log.json").read_text())
    assert [(s["task"], s["steps"]) for s in log["earlier"]] == [("denoise", 3), ("denoise", 4)]
    assert log["earlier"][0]["recipe"]["init_from"].endswith("a/ckpt.pt")
    assert log["earlier"][1]["recipe"]["lr"] == 2e-3
    # every stage keeps its curves, so a card can draw the whole run
    assert all("lossCurve" in s and "valCurve" in s for s in log["earlier"])


def log_of(run: Path) -> dict:
    return json.loads((run / "log.json").read_text())


def test_earlier_stages_recorded_without_curves_get_them_from_their_source(tmp_path, fake_datasets):
    from training.checkpoint import stage_curves, with_curves

    first = tiny_config(tmp_path, fake_datasets, steps=20, task="denoise", out=str(tmp_path / "a"))
    Trainer(first, resume=False).run()
    old_record = [{"task": "denoise", "steps": 20, "recipe": {"init_from": ""}}]  # no curves
    filled = with_curves(old_record, str(tmp_path / "a" / "ckpt.pt"))
    assert filled[0]["lossCurve"] == stage_curves(log_of(tmp_path / "a"))["lossCurve"] != []
    # a source that has since moved on to another stage (different steps) is not taken for it
    moved_on = with_curves([{**old_record[0], "steps": 7}], str(tmp_path / "a" / "ckpt.pt"))
    assert "lossCurve" not in moved_on[0]


def test_schedule_warms_up_then_decays_to_min_lr():
    cfg = TrainConfig(steps=100, warmup=10, lr=1e-3, min_lr=1e-5)
    assert lr_at(cfg, 0) < lr_at(cfg, 9) == cfg.lr
    assert abs(lr_at(cfg, 100) - cfg.min_lr) < 1e-12


def test_cli_rejects_an_unknown_task():
    import pytest

    with pytest.raises(ValueError, match="unknown task"):
        parse_args(["--task", "sr-x9"])


def test_the_l2_loss_is_the_mean_squared_error(tmp_path, fake_datasets):
    import pytest
    import torch

    losses = {}
    for loss in ("l1", "l2"):
        torch.manual_seed(0)
        trainer = Trainer(tiny_config(tmp_path / loss, fake_datasets, loss=loss, lr=0.0), resume=False)
        lq, gt = trainer.sampler.batch(4)
        trainer.batches = iter([(lq, gt)])
        with torch.no_grad():
            err = trainer.model(lq) - gt
        losses[loss] = (trainer.train_step(), err)
    assert losses["l1"][0] == pytest.approx(float(losses["l1"][1].abs().mean()), rel=1e-5)
    assert losses["l2"][0] == pytest.approx(float(losses["l2"][1].square().mean()), rel=1e-5)
    with pytest.raises(ValueError, match="unknown loss"):
        parse_args(["--loss", "huber"])


def test_the_data_options_parse_from_the_command_line():
    cfg, _ = parse_args(["--sampling", "area", "--pyramid", "0.5", "0.25"])
    assert cfg.sampling == "area" and list(cfg.pyramid) == [0.5, 0.25]
    assert parse_args([])[0].pyramid == ()


def test_feature_stats_cover_every_layer(tiny_args):
    from training.arch import build_model

    for norm in ("ln", "iln"):
        model = build_model(tiny_args(norm=norm, groups=2, depth=2))
        stats = layer_feature_stats(model, np.random.default_rng(0).random((12, 12, 3)).astype(np.float32))
        assert [s["layer"] for s in stats] == [0, 1, 2, 3]
        assert all(s["mean_square"] > 0 and 0 < s["channel_entropy"] <= np.log(8) + 1e-9 for s in stats)


def test_dejpeg_patches_come_from_the_configured_qualities(fake_datasets):
    from training.data import PatchSampler
    from training.tasks import get_task

    def mean_error(quality):
        sampler = PatchSampler(get_task("dejpeg"), fake_datasets, 32, np.random.default_rng(0),
                               jpeg_quality=(quality, quality))
        return float(np.mean([np.abs(lq - gt).mean() for lq, gt in (sampler.pair() for _ in range(8))]))

    assert mean_error(10) > 2 * mean_error(90)


def test_data_workers_make_the_same_batches_whatever_their_number(tmp_path, fake_datasets):
    import torch

    from training.train import batch_stream

    cfg = tiny_config(tmp_path, fake_datasets, task="sr-x2", variant="photo", steps=6)
    trainer = Trainer(cfg, resume=False)
    streams = [batch_stream(trainer.sampler, TrainConfig(**{**cfg.__dict__, "data_workers": n}), 2, False)
               for n in (1, 3)]
    for _ in range(4):  # steps 2..5, each from its own seed
        (lq1, gt1), (lq3, gt3) = (next(s) for s in streams)
        assert torch.equal(lq1, lq3) and torch.equal(gt1, gt3)
    one_proc = batch_stream(trainer.sampler, cfg, 0, False)  # data_workers 0: the run's generator
    assert not torch.equal(next(one_proc)[0], lq1)


def test_a_run_with_data_workers_trains_and_records_what_it_read(tmp_path, fake_datasets):
    cfg = tiny_config(tmp_path, fake_datasets, task="denoise", steps=10, data_workers=2)
    Trainer(cfg, resume=False).run()
    log = log_of(tmp_path / "run")
    assert log["step"] == 10 and log["loss"][-1][1] < log["loss"][0][1]
    assert log["trainImages"] == {"T91": 2, "General100": 2, "BSD200": 2, "mate_nature": 2}


def test_a_deeper_model_starts_as_the_shallower_one(tmp_path):
    """init_from a depth-2 checkpoint into depth 3: the new layer is a copy of layer 0 whose
    branch outputs are zero, so the output is unchanged and the copied weights are live."""
    import torch
    from training.arch import ArchArgs, build_model
    from training.train import init_body_from

    torch.manual_seed(0)
    small = build_model(ArchArgs(dim=8, groups=1, depth=2, heads=2, scale=2))
    torch.save({"ema": small.state_dict()}, tmp_path / "ckpt.pt")
    deep = build_model(ArchArgs(dim=8, groups=1, depth=3, heads=2, scale=2))
    init_body_from(deep, str(tmp_path / "ckpt.pt"))
    x = torch.rand(1, 3, 16, 16)
    with torch.no_grad():
        assert torch.allclose(deep(x), small(x), atol=1e-6)
    new, old = deep.groups[0].layers[2], small.groups[0].layers[0]
    assert torch.equal(new.attn.qkv.weight, old.attn.qkv.weight)
    assert torch.equal(new.mlp.fc1.weight, old.mlp.fc1.weight)
    assert not new.attn.proj.weight.any() and not new.mlp.fc2.weight.any()


def test_an_mlp_conv_grown_from_a_network_without_one_starts_as_its_function(tmp_path):
    """init_from a network without the MLP's depthwise conv: the conv starts at zero, so the
    output is the source's; once its weights move, the output changes (the conv is live, not a
    no-op)."""
    import torch
    from training.arch import ArchArgs, build_model
    from training.train import init_body_from

    torch.manual_seed(0)
    plain = build_model(ArchArgs(dim=8, groups=1, depth=2, heads=2, scale=2))
    torch.save({"ema": plain.state_dict()}, tmp_path / "ckpt.pt")
    conv = build_model(ArchArgs(dim=8, groups=1, depth=2, heads=2, scale=2, mlp_conv=True))
    init_body_from(conv, str(tmp_path / "ckpt.pt"))
    x = torch.rand(1, 3, 16, 16)
    with torch.no_grad():
        assert torch.allclose(conv(x), plain(x), atol=1e-6)
        conv.groups[0].layers[0].mlp.dwconv.weight.normal_()
        assert (conv(x) - plain(x)).abs().max() > 1e-5  # a fresh net's outputs are small


def test_a_teacher_is_a_second_target_weighted_by_distil(tmp_path, fake_datasets):
    import pytest
    import torch

    teacher_run = tiny_config(tmp_path, fake_datasets, steps=3, out=str(tmp_path / "teacher"))
    Trainer(teacher_run, resume=False).run()
    teacher_ckpt = str(tmp_path / "teacher" / "ckpt.pt")
    teacher, _ = load_ema_model(teacher_ckpt)
    for weight in (0.0, 0.5, 1.0):
        torch.manual_seed(0)
        cfg = tiny_config(tmp_path / str(weight), fake_datasets, lr=0.0, teacher=teacher_ckpt,
                          distil=weight)
        trainer = Trainer(cfg, resume=False)
        lq, gt = trainer.sampler.batch(4)
        trainer.batches = iter([(lq, gt)])
        with torch.no_grad():
            out = trainer.model(lq)
            to_gt, to_teacher = (out - gt).abs().mean(), (out - teacher(lq)).abs().mean()
        expected = (1 - weight) * to_gt + weight * to_teacher
        assert trainer.train_step() == pytest.approx(float(expected), rel=1e-5)
    assert float(to_gt) != pytest.approx(float(to_teacher), rel=1e-3)  # the two targets differ
    # a distilled stage's recipe names its teacher, so a card says what the student learnt from
    from dataclasses import asdict

    from training.checkpoint import stage_recipe

    assert stage_recipe(asdict(cfg))["teacher"] == teacher_ckpt
    assert "distil" not in stage_recipe(asdict(teacher_run))
    with pytest.raises(ValueError, match="distil must be between 0 and 1"):
        parse_args(["--distil", "1.5"])


def test_a_teacher_of_another_scale_is_refused(tmp_path, fake_datasets):
    import pytest

    Trainer(tiny_config(tmp_path, fake_datasets, steps=1, task="sr-x4", out=str(tmp_path / "x4")),
            resume=False).run()
    with pytest.raises(ValueError, match="teacher .* is a x4 model; the student is x2"):
        Trainer(tiny_config(tmp_path, fake_datasets, teacher=str(tmp_path / "x4" / "ckpt.pt")),
                resume=False)


def test_sigterm_stops_after_the_step_and_checkpoints_it(tmp_path, fake_datasets):
    """What `pkill -f training.campaign` sends: the run ends cleanly with its last step saved,
    instead of dying with everything since the last checkpoint lost."""
    import signal
    import subprocess
    import sys

    out = tmp_path / "run"
    args = ["--task", "sr-x2", "--steps", "500", "--batch", "2", "--patch", "16", "--dim", "8",
            "--groups", "1", "--depth", "2", "--log-every", "1", "--ckpt-every", "1000",
            "--val-every", "100000", "--data", str(fake_datasets), "--out", str(out)]
    proc = subprocess.Popen([sys.executable, "-m", "training.train", *args], stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).parents[2])
    for line in proc.stdout:
        if line.startswith("step 3/"):
            proc.send_signal(signal.SIGTERM)
            break
    rest = proc.stdout.read()
    assert proc.wait(timeout=60) == 0, rest
    assert "stopped by a signal at step" in rest
    step = json.loads((out / "log.json").read_text())["step"]
    assert 3 <= step < 500
    _, state = load_ema_model(out / "ckpt.pt")
    assert state["step"] == step
