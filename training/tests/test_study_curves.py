import pytest
import torch
from PIL import Image

from training.study_curves import Run, parse_ref, parse_run, plot_study, val_curve


def fake_checkpoint(path, val):
    torch.save({"log": {"val": val, "loss": []}}, path)
    return str(path)


def test_a_fork_is_drawn_from_the_step_it_started_at(tmp_path):
    path = fake_checkpoint(tmp_path / "fork.pt", [[500, 30.9], [1000, 30.93]])
    assert val_curve(Run(path, "fork", 4400)) == [(4900, 30.9), (5400, 30.93)]
    assert parse_run(f"{path}|fork|4400") == Run(path, "fork", 4400)
    assert parse_run(f"{path}|long") == Run(path, "long", 0)
    assert parse_ref("30.904|shipped i-LN") == (30.904, "shipped i-LN")
    with pytest.raises(ValueError, match=r"a run is PATH\|LABEL"):
        parse_run(path)
    with pytest.raises(ValueError, match=r"a reference is VALUE\|LABEL"):
        parse_ref("30.9")


def test_the_study_plot_is_written(tmp_path):
    runs = [Run(fake_checkpoint(tmp_path / "a.pt", [[1000, 30.2], [2000, 30.7]]), "a"),
            Run(fake_checkpoint(tmp_path / "b.pt", [[500, 30.8]]), "b", 1500)]
    out = tmp_path / "plots" / "study.png"
    plot_study(runs, [(30.9, "shipped")], "title", out)
    assert Image.open(out).size[0] > 300
