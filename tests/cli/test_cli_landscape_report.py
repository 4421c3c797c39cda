"""``descend landscape`` and ``descend report`` on a trained run folder."""

from __future__ import annotations

import pytest
import torch

import descend as ds
from descend.cli import _run_folder


@pytest.mark.slow
def test_landscape_redraws_into_the_run_folder(trained_run, cli):
    out, _ = trained_run
    result = cli("landscape", out, "--points", "5")
    assert result.exit_code == 0, result.output
    names = ["landscape_1d.png", "landscape_2d.png", "landscape_pca.png"]
    assert result.stdout.split() == [str(out / "plots" / n) for n in names]


@pytest.mark.slow
def test_landscape_next_to_out(trained_run, tmp_path, cli):
    out, _ = trained_run
    target = tmp_path / "pictures" / "iris.png"
    result = cli("landscape", out, "--out", target, "--points", "5")
    assert result.exit_code == 0, result.output
    written = [target, target.with_name("iris_1d.png"), target.with_name("iris_pca.png")]
    assert sorted(result.stdout.split()) == sorted(map(str, written))
    assert all(p.stat().st_size > 5_000 for p in written)
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(p.name for p in written)


def test_landscape_out_under_a_file_is_one_line(trained_run, tmp_path, cli):
    """Was "error: [Errno 17] File exists: '.../notes.txt'"."""
    out, _ = trained_run
    (tmp_path / "notes.txt").write_text("a file")
    result = cli("landscape", out, "--out", tmp_path / "notes.txt" / "iris.png", "--points", "3")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot write the landscape to '{tmp_path / 'notes.txt' / 'iris.png'}': '{tmp_path / 'notes.txt'}' "
        "is a file, not a folder\n"
    )


def test_the_landscape_of_a_file_sorted_by_class_reads_every_class(tmp_path):
    """The first 2048 rows of a run's training file (no validation data) were its first classes."""
    import numpy as np

    y = np.repeat([0, 1, 2], 1000)
    X = np.random.default_rng(0).normal(size=(3000, 2)) + y[:, None]
    np.savetxt(tmp_path / "sorted.csv", np.c_[X, y], delimiter=",", header="a,b,label", comments="", fmt="%g")
    config = _run_folder.RunConfig(data=str(tmp_path / "sorted.csv"), target="label", model="softmax")
    _, labels, _ = _run_folder.training_sample(config, 2048)
    assert len(labels) == 2048 and np.bincount(labels.numpy()).tolist() == [683, 682, 683]


def test_the_landscape_is_the_training_loss_at_the_best_checkpoint_and_says_so(trained_run, tmp_path, monkeypatch):
    """Was: the surface under the training trajectory was the validation loss at the best
    checkpoint, labelled "loss": digits' colour bar bottomed at 0.127 where the training loss
    ended at 0.0063, the path's end on a 0.3-0.5 contour. Now it is the loss the path descended,
    on the training examples, and the pictures name it and the checkpoint they are centred on."""
    from descend.cli import landscape as command

    out, _ = trained_run
    config, _ = _run_folder.read_config(out)
    prepared = _run_folder.prepared_data(config)
    train_X, _ = prepared.train.head(prepared.train.n)
    drawn = {}
    monkeypatch.setattr(command, "draw", lambda model, loss, data, *a, **k: drawn.update(k, model=model, data=data))
    command.draw_run(out, tmp_path)
    X, y = drawn["data"]
    assert len(X) == prepared.train.n == 120  # iris less its validation split: all of them
    assert {tuple(row) for row in X.tolist()} == {tuple(row) for row in train_X.tolist()}
    assert drawn["loss_label"] == "training loss (120 training examples)"
    best = ds.History.load(out).best_epoch
    assert drawn["centre"] == f"best checkpoint (end of epoch {best})"
    model, loss = _run_folder.rebuild(config, prepared)
    model.load_state_dict(_run_folder.trained_checkpoint(out)[0]["model"])
    assert _same_weights(model, drawn["model"])


def _same_weights(a, b):
    return all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))


def test_landscape_of_a_folder_without_a_run(tmp_path, cli):
    result = cli("landscape", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} is not a run folder: it has no config.yaml; descend landscape needs the folder "
        "of a run of descend train (descend train --out)\n"
    )


def test_landscape_of_a_python_api_run_says_it_needs_descend_trains_config(tmp_path, cli):
    X = torch.randn(20, 3, generator=torch.Generator().manual_seed(0))
    ds.train("linear", (X, X.sum(1)), optimizer="gd", lr=1e-3, epochs=2, tol=None, log_dir=tmp_path, progress=False)
    result = cli("landscape", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} has no config.yaml (a run of the Python API): descend landscape rebuilds the "
        "model from the config.yaml that descend train --out writes\n"
    )


def test_report_of_a_folder_without_a_run_names_what_it_needs(tmp_path, cli):
    (tmp_path / "notes.txt").write_text("not a run")
    result = cli("report", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} is not a run folder: it holds neither config.yaml nor history.json; descend report "
        "needs the folder of a run (descend train --out, descend.train(..., log_dir=...) or descend.watch)\n"
    )


def test_report_rebuilds_the_html(trained_run, cli):
    out, _ = trained_run
    (out / "report.html").unlink()
    result = cli("report", out, "--title", "iris run")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out / 'report.html'}\n"
    page = (out / "report.html").read_text()
    assert "<h1>iris run</h1>" in page
    assert page.count('<img src="data:image/png;base64,') == len(list((out / "plots").glob("*.png")))


def test_report_of_a_missing_folder(tmp_path, cli):
    result = cli("report", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr == f"error: no run folder at {tmp_path / 'nowhere'}\n"


def test_an_even_points_is_a_usage_error_naming_the_option(tmp_path, cli):
    """Was exit 1 after the run folder was read: "error: points must be odd, ... got 4: 3 or 5"."""
    result = cli("landscape", tmp_path / "no-such-run", "--points", "4")
    assert result.exit_code == 2
    assert "Invalid value for '--points': must be odd, so that the middle of the grid is the trained weights" in (
        result.stderr
    )
    assert "got 4: 3 or 5" in result.stderr
