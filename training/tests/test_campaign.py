import json
import shutil

import torch

from training import campaign
from training.campaign import load_plan, next_stage, run_worker, save_committed, status_rows
from training.photo_recipes import photo_recipe

TINY = {"batch": 2, "patch": 16, "lr": 2e-3, "warmup": 1, "dim": 8, "groups": 1, "depth": 2,
        "heads": 2, "log_every": 2, "ckpt_every": 3, "val_every": 1000}


def write_plan(tmp_path, data, **stage_args):
    args = {**TINY, "data": str(data), **stage_args}
    plan = {"models": {"denoise-iln": {"stages": [
        {"name": "s1", "steps": 8, "args": args},
        {"name": "s2", "steps": 4, "args": {**args, "init_from": "previous", "lr": 5e-4}},
    ]}}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    return load_plan(path)


def final_weights(stage):
    return torch.load(stage.run_dir / "ckpt.pt", map_location="cpu")["ema"]


def test_a_stopped_and_resumed_run_equals_an_uninterrupted_one(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(tmp_path, fake_datasets)
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    whole = {k: v.clone() for k, v in final_weights(plan["denoise-iln"][1]).items()}
    log_whole = torch.load(plan["denoise-iln"][1].run_dir / "ckpt.pt")["log"]
    shutil.rmtree("runs")
    shutil.rmtree("checkpoints")

    stopped = write_plan(tmp_path, fake_datasets, stop_after=5)  # a session ends mid-stage
    run_worker(stopped, ["denoise-iln"], minutes=0, threads=1)
    assert torch.load("runs/denoise-iln-s1/ckpt.pt")["step"] == 5
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)  # the next session, same machine
    resumed = final_weights(plan["denoise-iln"][1])
    assert all(torch.equal(resumed[k], whole[k]) for k in whole)  # bit for bit
    assert torch.load(plan["denoise-iln"][1].run_dir / "ckpt.pt")["log"]["loss"] == log_whole["loss"]


def test_a_fresh_machine_resumes_from_the_committed_checkpoint(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(tmp_path, fake_datasets)
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    whole = {k: v.clone() for k, v in final_weights(plan["denoise-iln"][1]).items()}
    shutil.rmtree("runs")
    shutil.rmtree("checkpoints")

    run_worker(write_plan(tmp_path, fake_datasets, stop_after=5), ["denoise-iln"], 0, 1)
    committed = save_committed(plan["denoise-iln"][0])
    state = torch.load(committed)
    assert state["stage"] == "s1" and state["step"] == 5
    moments = [t for s in state["opt"]["state"].values() for t in s.values() if t.dim()]
    assert moments and all(t.dtype == torch.bfloat16 for t in moments)
    shutil.rmtree("runs")  # a new machine has only what was committed

    assert [r["step"] for r in status_rows(plan)] == [5, 0]
    assert next_stage(plan["denoise-iln"]).name == "s1"
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    assert [r["step"] for r in status_rows(plan)] == [8, 4]
    assert next_stage(plan["denoise-iln"]) is None
    resumed = final_weights(plan["denoise-iln"][1])
    # bfloat16 moments differ from float32 ones in the third digit; the weights barely move
    for k in whole:
        assert torch.allclose(resumed[k], whole[k], rtol=1e-3, atol=1e-4), k
    history = torch.load(plan["denoise-iln"][1].run_dir / "ckpt.pt")["log"]["earlier"]
    assert [(s["task"], s["steps"]) for s in history] == [("denoise", 8)]
    shutil.rmtree("runs")  # the next machine: checkpoints/ holds s2 only, s1 still counts as done
    assert [r["step"] for r in status_rows(plan)] == [8, 4]


def test_a_model_held_by_a_live_worker_is_skipped(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(tmp_path, fake_datasets)
    stage = plan["denoise-iln"][0]
    campaign.lock_path(stage).parent.mkdir(parents=True)
    campaign.lock_path(stage).write_text("1")  # pid 1 is alive
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    assert status_rows(plan)[0]["step"] == 0
    campaign.lock_path(stage).write_text("999999999")  # no such process: a stale lock
    assert campaign.claim(stage)


def test_status_marks_only_the_stage_being_trained_as_running(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(tmp_path, fake_datasets)
    assert campaign.claim(plan["denoise-iln"][0])  # the lock is per model, not per stage
    assert [r["running"] for r in status_rows(plan)] == [True, False]


def test_every_stage_of_the_shipped_plans_is_a_valid_training_run():
    # a typo in campaign.json would otherwise surface only when a worker reaches that stage,
    # maybe sessions later on another machine
    plans = ("seed-study.json", "photo-ablation.json", "photo-seed-study.json", "photo-ablation-sr.json")
    for path in (campaign.PLAN, *(campaign.PLAN.with_name(p) for p in plans)):
        for model, stages in load_plan(path).items():
            for i, stage in enumerate(stages):
                cfg = stage.config()
                cfg.arch()  # raises on a network that cannot be built
                photo_recipe(cfg.photo_recipe)  # raises on a recipe that does not exist
                init = cfg.init_from
                if init and not init.startswith("models/"):
                    assert i > 0 and init == str(stages[i - 1].run_dir / "ckpt.pt"), (model, stage.name)


def test_status_reads_each_step_without_loading_a_tensor(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(tmp_path, fake_datasets, stop_after=5)
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    save_committed(plan["denoise-iln"][0])

    def no_tensors(*args, **kwargs):
        raise AssertionError("status loaded a checkpoint's tensors")

    monkeypatch.setattr(torch, "load", no_tensors)
    rows = status_rows(plan)
    assert [(r["stage"], r["step"]) for r in rows] == [("s1", 5), ("s2", 0)]


def test_main_works_from_the_repository_root_whatever_the_callers_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    campaign.main(["status", "--plan", str(campaign.PLAN)])
    assert campaign.Path.cwd() == campaign.ROOT


def test_a_finished_plan_is_a_record_no_worker_trains_again(tmp_path, fake_datasets, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "done.json"
    path.write_text(json.dumps({"finished": "2026-12-07: results in the notes", "models": {
        "denoise-iln": {"stages": [{"name": "s1", "steps": 8, "args": {**TINY, "data": str(fake_datasets)}}]}}}))
    plan = load_plan(path)
    assert next_stage(plan["denoise-iln"]) is None
    assert [(r["step"], r["steps"]) for r in status_rows(plan)] == [(8, 8)]
    run_worker(plan, ["denoise-iln"], minutes=0, threads=1)
    assert not (tmp_path / "runs" / "denoise-iln-s1").exists()
