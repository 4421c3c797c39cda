"""Bad input to the command line: a user's files are never silently replaced, JSON is standard,
usage errors exit 2 and runtime failures 1, each with one line naming the value."""

from __future__ import annotations

import json
import math
import os
import shutil

import pytest
import torch

import descend as ds
from descend.cli._run_folder import write_summary


def _files(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _strict_json(text):
    """``json.loads`` that refuses NaN and Infinity, as every non-Python JSON reader does."""

    def refuse(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


# --- nothing of the user's is replaced ----------------------------------------------------------


@pytest.mark.slow
def test_compare_out_refuses_a_folder_that_holds_files(tmp_path, cli):
    out = tmp_path / "cmp"
    out.mkdir()
    (out / "curves.png").write_bytes(b"the user's own picture")
    before = _files(out)
    result = cli(
        "compare", "--data", "iris", "--model", "softmax", "--optimizers", "sgd", "--epochs", "1", "--out", out
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out} already holds files; nothing was changed.")
    assert result.stderr.count("\n") == 1
    assert _files(out) == before and list(out.iterdir()) == [out / "curves.png"]


def test_compare_checks_its_settings_before_refusing_or_writing(tmp_path, cli):
    out = tmp_path / "cmp"
    result = cli("compare", "--data", "iris", "--model", "softmax", "--epochs", "0", "--out", out)
    assert result.exit_code == 2
    assert not out.exists()


def test_lr_find_never_replaces_a_default_plot_but_replaces_a_named_one(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lr_find.png").write_bytes(b"kept")
    args = ("lr-find", "--data", "iris", "--model", "softmax", "--num", "5")
    refused = cli(*args)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: lr_find.png already exists; nothing was changed. Name the "
        "file with --plot (--plot lr_find.png replaces it)\n"
    )
    assert (tmp_path / "lr_find.png").read_bytes() == b"kept"
    named = cli(*args, "--plot", "lr_find.png")  # documented: a file named with --plot is replaced
    assert named.exit_code == 0, named.output
    assert (tmp_path / "lr_find.png").read_bytes()[:4] == b"\x89PNG"


# --- standard JSON ------------------------------------------------------------------------------


def test_summary_json_writes_a_non_finite_number_as_null(tmp_path):
    history = ds.train("softmax", "iris", lr=0.05, epochs=1, progress=False)
    summary = write_summary(tmp_path, history, math.nan)
    saved = _strict_json((tmp_path / "summary.json").read_text())
    assert saved["lr_used"] is None and summary["lr_used"] is None
    assert saved["epochs"] == 1


def test_every_json_log_of_a_diverged_run_is_standard_json(tmp_path):
    # Huge targets and lr=10 send the loss to inf within the first epoch: the logs hold it.
    X = torch.randn(50, 3, generator=torch.Generator().manual_seed(0)) * 100
    history = ds.train(
        "linear",
        (X, X.sum(1) * 1e3),
        optimizer="sgd",
        lr=10.0,
        batch_size=10,
        epochs=3,
        progress=False,
        log_dir=tmp_path,
    )
    assert history.non_finite_loss == math.inf
    for line in (tmp_path / "metrics.jsonl").read_text().splitlines():
        _strict_json(line)
    _strict_json((tmp_path / "diagnosis.json").read_text())
    _strict_json((tmp_path / "history.json").read_text())


# --- a corrupt file is named --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["diagnosis.json", "history.json", "steps.csv", "epochs.csv"])
def test_a_corrupt_log_is_named_by_history_load(name, tmp_path):
    ds.train("softmax", "iris", lr=0.05, epochs=2, progress=False, log_dir=tmp_path)
    (tmp_path / name).write_text('{"kind": "div' if name.endswith(".json") else "step,loss\n1,oops\n")
    with pytest.raises(ValueError, match=f"^{tmp_path / name} is corrupt or not a descend log "):
        ds.History.load(tmp_path)


@pytest.mark.parametrize("name", ["summary.json", "diagnosis.json"])
@pytest.mark.slow
def test_report_names_a_corrupt_json_file(name, trained_run, tmp_path, cli):
    run = tmp_path / "run"
    shutil.copytree(trained_run[0], run)
    (run / name).write_text('{"final_loss": 0.5,')
    result = cli("report", run)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {run / name} is corrupt")
    assert result.stderr.count("\n") == 1


# --- config files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nepochs: 2\nepochs: 3\n",
            "epochs is given twice (the second time on line 4): keep one",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nhyper: {momentum: 0.9, momentum: 0.5}\n",
            "momentum is given twice (the second time on line 3): keep one",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nbatch_size: 8\nbatch-size: 16\n",
            "batch_size is given twice, as 'batch_size' and 'batch-size': keep one",
        ),
        (
            "run.toml",
            'data = "iris"\nmodel = "mlp"\nbatch_size = 8\nbatch-size = 16\n',
            "batch_size is given twice, as 'batch_size' and 'batch-size': keep one",
        ),
        ("run.yaml", "data: iris\nmodel: mlp\nepochs: true\n", "epochs: expected an integer >= 1, got True"),
        ("run.yaml", "data: iris\nmodel: mlp\nseed: false\n", "seed: expected an integer >= 0, got False"),
        ("run.yaml", "data: iris\nmodel: mlp\ntol: true\n", "tol: expected a number >= 0 or 'none', got True"),
        ("run.yaml", "data: iris\nmodel: mlp\nnproc: true\n", "nproc: expected an integer >= 1, got True"),
        ("run.yaml", "data: iris\nmodel: mlp\nresume: 'no'\n", "resume: input should be a valid boolean, got 'no'"),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\nclip_grad_norm: 1\nclip_grad_value: 1\n",
            "clip_grad_value: give clip_grad_norm or clip_grad_value, not both: they are two ways of bounding the "
            "same gradient",
        ),
        (
            "run.yaml",
            "data: iris\nmodel: mlp\ndevice: mps\n",
            "device: expected 'auto', 'cpu', 'cuda' or 'cuda:N', got 'mps'",
        ),
    ],
)
def test_config_files_refuse_repeated_keys_and_true_for_a_number(name, text, message, tmp_path, cli):
    path = tmp_path / name
    path.write_text(text)
    result = cli("train", "--config", path, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == f"error: config {path}: {message}\n"
    assert not (tmp_path / "run").exists()


# --- usage errors exit 2 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, start",
    [
        (
            ["minimize", "rosenbrock", "--hyper", "momentum=0.9"],
            "error: Invalid value for '--hyper': optimizer 'gd' has no hyper-parameter 'momentum'.",
        ),
        (
            ["minimize", "rosenbrock", "--hyper", "lr=0.1"],
            "error: Invalid value for '--hyper': the learning rate is an option of its own: use --lr",
        ),
        (
            ["minimize", "rosenbrock", "--x0=1"],
            "error: Invalid value for '--x0': rosenbrock takes points of shape (..., d >= 2), got (1,)",
        ),
        (
            ["compare", "booth", "--optimizers", "adam", "--hyper", "momentum=0.9"],
            "error: Invalid value for '--hyper': optimizer 'adam' has no hyper-parameter 'momentum'.",
        ),
        (
            ["compare", "booth", "--optimizers", "gd,adam,gd"],
            "error: Invalid value for '--optimizers': 'gd' listed twice in 'gd,adam,gd': name each optimizer once",
        ),
        (
            ["lr-find", "--data", "iris", "--model", "softmax", "--start", "1", "--end", "0.1"],
            "error: Invalid value for '--start': must be below --end (0.1), got 1",
        ),
        (
            ["lr-find", "--data", "iris", "--model", "softmax", "--device", "mps"],
            "error: --device: expected 'auto', 'cpu', 'cuda' or 'cuda:N', got 'mps'",
        ),
        (
            ["train", "--data", "iris", "--model", "softmax", "--clip-grad-norm", "1", "--clip-grad-value", "1"],
            "error: --clip-grad-value: give --clip-grad-norm or --clip-grad-value, not both",
        ),
        (
            ["train", "--data", "iris", "--model", "softmax", "--precision", "fp16", "--device", "cpu"],
            "error: --precision: 'fp16' needs a CUDA device",
        ),
        (
            ["train", "--data", "iris", "--model", "mlp", "--seed", "-1"],
            "error: --seed: input should be greater than or equal to 0, got '-1'",
        ),
        (
            ["train", "--data", "iris", "--model", "mlp", "--hidden", "64,0"],
            "error: Invalid value for '--hidden': expected layer widths >= 1 such as 64,64, got '64,0'",
        ),
        # A picture's file type is checked before the work, not after it
        (
            ["minimize", "rosenbrock", "--plot", "path.txt"],
            "error: Invalid value for '--plot': expected a picture file (.png, .pdf, .svg, .jpg, ...), got "
            "'path.txt': matplotlib cannot write .txt files",
        ),
        (
            ["minimize", "rosenbrock", "--animate", "path.png"],
            "error: Invalid value for '--animate': animate writes .gif or .mp4 files, got 'path.png'",
        ),
        (
            ["compare", "booth", "--plot", "paths.doc"],
            "error: Invalid value for '--plot': expected a picture file (.png, .pdf, .svg, .jpg, ...), got "
            "'paths.doc': matplotlib cannot write .doc files",
        ),
        (
            ["lr-find", "--data", "iris", "--model", "softmax", "--plot", "lr.txt"],
            "error: Invalid value for '--plot': expected a picture file (.png, .pdf, .svg, .jpg, ...), got "
            "'lr.txt': matplotlib cannot write .txt files",
        ),
        # The first problem explained, the others named: a second try does not meet them one by one.
        (
            ["train", "--data", "irs", "--batch-size", "0"],
            "error: --data: 'irs' is neither a built-in data set nor a CSV file. Did you mean 'iris'? Built-in data "
            "sets: digits, breast_cancer, diabetes, iris, wine. (and 2 more problems: --model missing, --batch-size "
            "invalid)",
        ),
    ],
)
def test_bad_option_values_are_usage_errors(args, start, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(start), result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "device, allowed",
    [
        ("mps", "device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'mps': descend trains on the CPU or CUDA GPUs"),
        ("gpu", "device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'gpu'"),
    ],
)
def test_train_names_a_device_it_cannot_use(device, allowed):
    with pytest.raises(ValueError) as err:
        ds.train("softmax", "iris", device=device, epochs=1, progress=False)
    assert str(err.value) == allowed


def test_a_run_that_fails_leaves_no_folder_made_for_it(tmp_path, cli, monkeypatch):
    # The CSV names no target: the run fails after its folder (and runs/ above it) was made.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "table.csv").write_text("a,b\n1,0\n2,1\n")
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "notes.txt").write_text("mine")
    for out in ([], ["--out", "deep/er/run"], ["--out", "kept/run"]):
        result = cli("train", "--data", "table.csv", "--model", "mlp", *out)
        assert result.exit_code == 1 and result.stderr.startswith("error: a CSV file needs --target "), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "table.csv"]  # no runs/, no deep/
    assert [p.name for p in (tmp_path / "kept").iterdir()] == ["notes.txt"]


def test_an_out_below_a_file_is_named_with_the_file_in_the_way(tmp_path, cli):
    """Was: error: [Errno 20] Not a directory: '.../notes.txt/run' (from inside the folder lock)."""
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "run"
    for nproc in ("1", "2"):  # --nproc 2 locks the folder before it starts the workers
        result = cli("train", "--data", "iris", "--model", "mlp", "--device", "cpu", "--nproc", nproc, "--out", out)
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: cannot write the run's folder to {str(out)!r}: {str(tmp_path / 'notes.txt')!r} is a file, "
            "not a folder\n"
        )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_config_files_layer_widths_are_checked_as_the_options_are(tmp_path, cli):
    config = tmp_path / "run.yaml"
    config.write_text("data: iris\nmodel: mlp\nmodel_options: {hidden: [16, 0]}\n")
    result = cli("train", "--config", config, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: config {config}: model_options: expected layer widths >= 1 such as 64,64, got [16, 0]\n"
    )
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(
    "settings, message",
    [
        (
            "model: mlp\nmodel_options: {activaton: tanh}",
            "model 'mlp' has no option 'activaton'. Did you mean 'activation'? It takes: hidden, activation, dropout.",
        ),
        (
            "model: mlp\nmodel_options: {activation: swish}",
            "unknown activation 'swish'. Known: relu, tanh, gelu, sigmoid.",
        ),
        ("model: mlp\nmodel_options: {dropout: 2}", "dropout must be a probability in [0, 1), got 2"),
        ("model: linear\nhidden: [8]", "model 'linear' has no option 'hidden'. It takes no options."),
    ],
)
def test_a_model_option_the_model_does_not_take_is_a_usage_error_naming_the_file(settings, message, tmp_path, cli):
    """Was a failure (exit 1) after the data was loaded, naming neither the file nor the key:
    "error: model 'mlp' has no option 'activaton'. ..." """
    config = tmp_path / "run.yaml"
    config.write_text(f"data: iris\n{settings}\n")
    result = cli("train", "--config", config, "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == f"error: config {config}: model_options: {message}\n"
    assert not (tmp_path / "run").exists()


def test_hidden_for_a_model_without_hidden_layers_names_the_option(tmp_path, cli):
    result = cli("train", "--data", "iris", "--model", "linear", "--hidden", "8", "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == "error: --hidden: model 'linear' has no option 'hidden'. It takes no options.\n"
    assert not (tmp_path / "run").exists()


def test_nproc_beyond_the_cores_or_the_examples_is_refused_before_any_worker_starts(tmp_path, cli, monkeypatch):
    """Was: --nproc 200 on a 2-CPU machine started 200 torchrun workers without a word."""
    from descend.cli import _workers
    from descend.training import distributed

    def no_torchrun(*args, **kwargs):
        raise AssertionError("torchrun was started")

    monkeypatch.setattr(_workers, "_torchrun", no_torchrun)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    too_many = cli(
        "train", "--data", "iris", "--model", "mlp", "--device", "cpu", "--nproc", cores + 1, "--out", tmp_path / "a"
    )
    assert too_many.exit_code != 0
    assert too_many.stderr.startswith(
        f"error: --nproc {cores + 1}: {cores + 1} CPU worker processes (gloo) on {cores} core"
    )
    assert f"give nproc 1 to {cores}" in too_many.stderr and too_many.stderr.count("\n") == 1
    monkeypatch.setattr(distributed, "usable_cores", lambda: 1000, raising=False)
    csv = tmp_path / "five.csv"
    csv.write_text("a,t\n" + "".join(f"{i},{i % 2}\n" for i in range(5)))
    more = cli("train", "--data", csv, "--target", "t", "--model", "linear", "--nproc", 9, "--out", tmp_path / "b")
    assert more.exit_code != 0
    assert more.stderr.startswith("error: --nproc 9: more workers than the ")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_numpy_file_as_data_is_a_usage_error_saying_what_is_read(tmp_path, cli):
    """Was "error: d.npz is not UTF-8 text: line 1 holds the byte 0x.. ...; save the file as UTF-8
    (a spreadsheet's 'CSV UTF-8' format)" (exit 1), advice that cannot work."""
    import numpy as np

    np.savez(tmp_path / "d.npz", X=np.zeros((10, 2)), y=np.zeros(10))
    np.save(tmp_path / "d.npy", np.zeros((10, 3)))
    (tmp_path / "t.csv").write_text("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(10)))
    told = (
        "is a binary file, not a CSV file (text: a header row, then one row per example); save the arrays as CSV "
        "(numpy.savetxt with a header), or train on them from Python: descend.train(model, (X, y))\n"
    )
    for option, name in (("--data", "d.npz"), ("--data", "d.npy"), ("--val-data", "d.npz")):
        data = ("--data", tmp_path / "t.csv", "--target", "y") if option == "--val-data" else ()
        result = cli("train", *data, option, tmp_path / name, "--model", "linear", "--out", tmp_path / "run")
        assert result.exit_code == 2
        assert result.stderr == f"error: {option}: {str(tmp_path / name)!r} {told}"
        assert not (tmp_path / "run").exists()
    # UTF-16 text has NUL bytes too: it is a CSV file, which the reader tells to save as UTF-8.
    (tmp_path / "u.csv").write_text("a,y\n1,0\n2,1\n", encoding="utf-16")
    result = cli("train", "--data", tmp_path / "u.csv", "--target", "y", "--model", "linear", "--out", tmp_path / "r")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: u.csv is not UTF-8 text")


@pytest.mark.parametrize(
    "command, option, name",
    [
        (("lr-find", "--data", "iris", "--model", "linear", "--num", "5"), "--plot", "x.png"),
        (("minimize", "booth"), "--plot", "x.png"),
        (("minimize", "booth"), "--animate", "x.gif"),
        (("compare", "booth", "--optimizers", "gd"), "--plot", "x.png"),
    ],
)
def test_a_picture_under_a_file_is_refused_before_any_work(command, option, name, tmp_path, cli):
    """Was, after the work: lr-find "error: [Errno 17] File exists: '.../notes.txt'"; minimize and
    compare printed their results, then failed (exit 1) saving the picture."""
    (tmp_path / "notes.txt").write_text("mine")
    target = tmp_path / "notes.txt" / name
    result = cli(*command, option, target)
    assert result.exit_code == 2
    assert result.stdout == ""
    what = "the animation" if option == "--animate" else "the picture"
    assert result.stderr == (
        f"error: Invalid value for '{option}': cannot write {what} to {str(target)!r}: "
        f"{str(tmp_path / 'notes.txt')!r} is a file, not a folder (see 'descend {command[0]} --help')\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_val_data_none_on_built_in_data_is_refused(tmp_path, cli):
    # Was accepted, and the built-in data split all the same: a run with validation.
    out = tmp_path / "run"
    result = cli("train", "--data", "iris", "--model", "softmax", "--val-data", "none", "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --val-data: the built-in data set 'iris' always holds out its own validation part (20%), which "
        "'none' cannot turn off; leave it out, or train on a CSV file to run without validation\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("command", ["report", "examples", "doctor"])
def test_a_tune_study_folder_is_named_as_such(tmp_path, cli, command):
    # Was "the run folder ... has no examples.npz" (examples), "... is not a run folder: it holds
    # neither config.yaml nor history.json" (report), "... holds no training logs" (doctor).
    for name in ("trials.csv", "best.yaml", "report.html"):
        (tmp_path / name).write_text("")
    result = cli(command, tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} is the folder of a descend tune study (trials.csv, best.yaml), not of a run, and "
        f"descend tune wrote its report ({tmp_path / 'report.html'}); descend {command} needs a run folder: train "
        f"the best settings into one with descend train --config {tmp_path / 'best.yaml'} --out DIR\n"
    )


@pytest.mark.parametrize("command", ["examples", "doctor"])
def test_a_tune_study_folder_points_at_its_best_trials_run_folder(tmp_path, cli, command):
    # Until session 39 the only way offered was to train the best settings again, though the best
    # trial's own folder holds its logs and per-example record, which both commands read.
    (tmp_path / "trials.csv").write_text("")
    (tmp_path / "best.yaml").write_text("# best trial 2 of the study: val_loss = 0.108\ndata: digits\n")
    (tmp_path / "trials" / "0002").mkdir(parents=True)
    result = cli(command, tmp_path)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"--out DIR, or read the best trial's own: descend {command} {tmp_path / 'trials' / '0002'}\n"
    )


@pytest.mark.parametrize("command", ["report", "examples", "doctor"])
def test_a_tune_study_folder_whose_every_trial_was_pruned_names_what_it_holds(tmp_path, cli, command):
    # Until session 39 the error named best.yaml (train it with descend train --config best.yaml),
    # which a study whose every trial was pruned has not written. Until session 40 it said "no trial
    # finished" of pruned trials, which descend tune's summary counts as finished.
    (tmp_path / "trials.csv").write_text("number,state,value\n0,PRUNED,2.3\n1,PRUNED,2.1\n")
    for number in ("0000", "0001"):
        (tmp_path / "trials" / number).mkdir(parents=True)
    result = cli(command, tmp_path)
    assert result.exit_code == 1
    read = f", or read a trial's own: descend {command} {tmp_path / 'trials' / '0001'}" if command != "report" else ""
    assert result.stderr == (
        f"error: {tmp_path} is the folder of a descend tune study (trials.csv; no best.yaml: every trial was "
        f"pruned or failed, trials.csv says why each stopped), not of a run, and descend tune wrote its report "
        f"({tmp_path / 'report.html'}); descend {command} needs a run folder: continue the study with descend tune "
        f"--out {tmp_path} --resume --trials N{read}\n"
    )


def test_an_estimator_study_folder_is_not_told_that_no_trial_finished(tmp_path, cli):
    # An estimator's study writes no best.yaml: its best parameters are descend.tune's result.
    (tmp_path / "trials.csv").write_text("number,state,value\n0,COMPLETE,0.9\n")
    result = cli("examples", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: {tmp_path} is the folder of a descend tune study of an estimator (trials.csv; its best parameters "
        "are descend.tune's result), not of a run"
    )
