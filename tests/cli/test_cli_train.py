"""``descend train``: the run folder, the settings, refusing to overwrite, resuming."""

from __future__ import annotations

import json
import re

import pytest
import torch
import yaml

import descend as ds
from _tensorboard import scalar_steps
from descend import schedules
from descend.cli import train as train_command
from descend.training import checkpoint

CONTRACT = [
    "config.yaml",
    "steps.csv",
    "epochs.csv",
    "metrics.jsonl",
    "diagnosis.json",
    "tensorboard",
    "checkpoints/last.pt",
    "checkpoints/best.pt",
    "trajectory.pt",
    "summary.json",
    "plots/training.png",
    "plots/lr_find.png",
    "plots/landscape_1d.png",
    "plots/landscape_2d.png",
    "plots/landscape_pca.png",
    "report.html",
]


def test_train_writes_every_file_of_the_run_folder(trained_run):
    out, result = trained_run
    missing = [name for name in CONTRACT if not (out / name).exists()]
    assert missing == []
    summary = json.loads((out / "summary.json").read_text())
    assert summary["epochs"] == 3 and summary["steps"] == 3 * 8  # 120 examples, batches of 16
    assert set(summary) >= {
        "final_loss",
        "final_val_loss",
        "accuracy",
        "val_accuracy",
        "seconds",
        "stopped_because",
        "converged",
        "lr_used",
    }
    trajectory = torch.load(out / "trajectory.pt", weights_only=True)
    assert trajectory["params"].shape == (4, 4 * 3 + 3)  # start + 3 epochs; softmax on 4 features
    for line in ("run folder", "val accuracy", "lr used", "stopped", "report"):
        assert line in result.stdout
    assert "doctor" in result.stdout


def test_command_line_overrides_the_config_file(trained_run):
    out, _ = trained_run
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["epochs"] == 3 and config["lr"] == "auto"  # from the command line
    assert config["batch_size"] == 16 and config["tol"] is None  # from the file
    assert config["model"] == "softmax" and config["data"] == "iris"
    assert 0 < config["lr_used"] < 10


def test_lr_auto_trains_the_run_the_library_trains(trained_run):
    out, _ = trained_run
    config = yaml.safe_load((out / "config.yaml").read_text())
    hist = ds.train("softmax", "iris", lr="auto", batch_size=16, epochs=3, tol=None, progress=False)
    assert config["lr_used"] == hist.steps["lr"][0][0]  # no schedule: the rate of every step
    weights = checkpoint.load(out / "checkpoints" / "best.pt")["model"]
    for name, value in hist.model.state_dict().items():
        assert torch.equal(weights[name], value), name


@pytest.mark.parametrize(
    "where, schedule, planned",
    [
        ("command line", "cosine", schedules.cosine(0.1, total_steps=24)),
        ("config file", "step", schedules.step_decay(0.1, step_size=8)),  # /10 after each third
    ],
)
@pytest.mark.slow
def test_schedule_sets_the_lr_of_every_step(where, schedule, planned, tmp_path, cli):
    out = tmp_path / "run"
    args = [
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizer",
        "sgd",
        "--lr",
        "0.1",
        "--batch-size",
        "16",
        "--epochs",
        "3",
        "--tol",
        "none",
        "--out",
        out,
        "--no-progress",
    ]
    if where == "config file":
        (tmp_path / "run.yaml").write_text(f"schedule: {schedule}\n")
        args += ["--config", tmp_path / "run.yaml"]
    else:
        args += ["--schedule", schedule]
    result = cli("train", *args)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["schedule"] == schedule and config["lr_used"] == 0.1
    history = ds.History.load(out)  # steps.csv and epochs.csv of the run folder
    lrs = [lr for (lr,) in history.steps["lr"]]
    assert lrs == pytest.approx(schedules.values(planned, 3 * 8), rel=1e-12, abs=0)
    assert lrs[0] == 0.1 and lrs[-1] < 0.1 / 50
    epoch_lrs = [lr for (lr,) in history.epochs["lr"]]
    assert epoch_lrs[0] > epoch_lrs[1] > epoch_lrs[2]


@pytest.mark.slow
def test_a_warmup_schedule_by_name(tmp_path, cli):
    out = tmp_path / "run"
    result = cli(
        "train",
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizer",
        "sgd",
        "--lr",
        "0.1",
        "--batch-size",
        "16",
        "--epochs",
        "5",
        "--tol",
        "none",
        "--out",
        out,
        "--no-progress",
        "--schedule",
        "warmup+cosine",
    )
    assert result.exit_code == 0, result.output
    lrs = [lr for (lr,) in ds.History.load(out).steps["lr"]]
    planned = schedules.warmup(2, then=schedules.cosine(0.1, total_steps=38))  # 5% of 40 updates
    assert lrs == pytest.approx(schedules.values(planned, 40), rel=1e-12, abs=0)


def test_a_second_run_into_the_same_folder_is_refused(trained_run, cli):
    out, _ = trained_run
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = cli("train", "--data", "iris", "--model", "linear", "--out", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out} already holds a run; nothing was changed.")
    assert "--resume" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_failed_start_leaves_no_half_made_folder(tmp_path, cli):
    out = tmp_path / "run"
    (tmp_path / "t.csv").write_text("a,y\n1,0\n2,1\n")
    result = cli("train", "--data", tmp_path / "t.csv", "--model", "softmax", "--out", out)
    assert result.exit_code == 1
    assert result.stderr == "error: a CSV file needs --target naming its label column; the columns of t.csv are: a, y\n"
    assert not out.exists()


def test_a_cnn_on_flat_rows_that_are_no_square_says_how_to_give_their_image_shape(tmp_path, cli):
    """Was "... give model_options={'image_shape': (channels, height, width)}, or inputs of shape (n,
    channels, height, width)": a Python keyword and an array shape, neither of which a command line takes."""
    header = ",".join(f"f{i}" for i in range(48)) + ",label\n"
    rows = "".join(",".join(str((i * j) % 5) for j in range(48)) + f",{i % 2}\n" for i in range(20))
    (tmp_path / "img.csv").write_text(header + rows)
    args = ("--data", tmp_path / "img.csv", "--target", "label", "--model", "cnn", "--epochs", "1", "--no-progress")
    result = cli("train", *args, "--out", tmp_path / "flat")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 'cnn' needs square one-channel images, but 48 features are not a perfect square (8x8 images have "
        "64, 28x28 have 784); give 'model_options: {image_shape: [channels, height, width]}' in a --config file\n"
    )
    (tmp_path / "img.yaml").write_text("model_options: {image_shape: [3, 4, 4]}\n")  # as it says
    shaped = cli("train", *args, "--config", tmp_path / "img.yaml", "--no-instruments", "--out", tmp_path / "shaped")
    assert shaped.exit_code == 0, shaped.output


def test_a_validation_file_for_built_in_data_is_a_usage_error(tmp_path, cli):
    """Was a failure (exit 1) once the data was read, in Python's words: "error: the built-in data set
    'iris' is split automatically; --val-data must be None or 'split', got str '.../v.csv'"."""
    (tmp_path / "v.csv").write_text("a,y\n1,0\n")
    out = tmp_path / "run"
    result = cli("train", "--data", "iris", "--val-data", tmp_path / "v.csv", "--model", "softmax", "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --val-data: the built-in data set 'iris' holds out its own validation part (20%), so a validation "
        "file is not taken; leave --val-data out, or train on a CSV file to validate on v.csv\n"
    )
    assert not out.exists()


def test_a_target_column_for_built_in_data_is_a_usage_error(tmp_path, cli):
    """Was a failure (exit 1) once the data was read: "error: --target species names the label
    column of a CSV file; it does not apply to the built-in data set 'iris'"."""
    out = tmp_path / "run"
    result = cli("train", "--data", "iris", "--target", "species", "--model", "softmax", "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --target: 'species' would name the label column of a CSV file; the built-in data set 'iris' "
        "comes with its labels: leave --target out\n"
    )
    (tmp_path / "run.yaml").write_text("data: wine\nmodel: mlp\ntarget: class\n")
    result = cli("train", "--config", tmp_path / "run.yaml", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: config {tmp_path / 'run.yaml'}: target: 'class' would name")
    assert result.stderr.endswith("comes with its labels: leave target out\n")
    assert not out.exists()


class _Crash(ds.training.Callback):
    def on_epoch_end(self, run):
        if run.epoch == 1:
            raise RuntimeError("simulated crash")


@pytest.mark.slow
def test_resume_finishes_a_crashed_run_as_if_never_interrupted(tmp_path, cli, monkeypatch):
    import descend.cli.train as train_module

    args = [
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizer",
        "momentum",
        "--lr",
        "0.05",
        "--batch-size",
        "16",
        "--epochs",
        "4",
        "--tol",
        "none",
        "--no-progress",
    ]
    real_train = train_module.train
    monkeypatch.setattr(
        train_module, "train", lambda **kw: real_train(**{**kw, "callbacks": [*kw["callbacks"], _Crash()]})
    )
    crashed = cli("train", *args, "--out", tmp_path / "crashed")
    assert crashed.exit_code == 1 and crashed.stderr.strip() == "error: simulated crash"
    assert (tmp_path / "crashed" / "checkpoints" / "last.pt").is_file()
    monkeypatch.undo()

    # Only the folder is named: its config.yaml gives the settings.
    resumed = cli("train", "--out", tmp_path / "crashed", "--resume", "--no-progress")
    assert resumed.exit_code == 0, resumed.output
    whole = cli("train", *args, "--out", tmp_path / "whole")
    assert whole.exit_code == 0, whole.output
    a = checkpoint.load(tmp_path / "crashed" / "checkpoints" / "last.pt")
    b = checkpoint.load(tmp_path / "whole" / "checkpoints" / "last.pt")
    assert a["step"] == b["step"] == 4 * 8
    for name in b["model"]:
        assert torch.equal(a["model"][name], b["model"][name]), name
    assert (tmp_path / "crashed" / "epochs.csv").read_text().count("\n") == 1 + 4


class _Interrupt(ds.training.Callback):
    def __init__(self, epoch):
        self.epoch = epoch

    def on_epoch_end(self, run):
        if run.epoch == self.epoch:
            raise KeyboardInterrupt


@pytest.mark.slow
@pytest.mark.parametrize("epoch", [0, 1])
def test_ctrl_c_says_how_to_resume_where_a_checkpoint_was_kept(epoch, tmp_path, cli, monkeypatch):
    """Was only "error: interrupted", though the folder kept a run that --resume continues."""
    import descend.cli.train as train_module

    real_train = train_module.train
    monkeypatch.setattr(
        train_module, "train", lambda **kw: real_train(**{**kw, "callbacks": [*kw["callbacks"], _Interrupt(epoch)]})
    )
    out = tmp_path / "run"
    result = cli("train", "--data", "iris", "--model", "linear", "--epochs", "3", "--no-progress", "--out", out)
    assert result.exit_code == 130
    kept = (out / "checkpoints" / "last.pt").is_file()
    assert kept == (epoch == 1)  # the first epoch's interrupt leaves nothing to resume: no folder
    told = f"the run in {out} stopped; continue it with: descend train --out {out} --resume\n"
    assert result.stderr.startswith(told) == kept
    assert result.stderr.endswith("error: interrupted\n")


def test_resume_needs_the_run_folder(cli):
    result = cli("train", "--data", "iris", "--model", "linear", "--resume")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --resume needs --out: the folder of the run to continue")


@pytest.mark.slow
def test_train_on_a_csv_file_with_a_target_column(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = ["a,b,y"] + [f"{i % 7},{i % 5},{2 * (i % 7) - (i % 5) + 0.5}" for i in range(60)]
    (tmp_path / "points.csv").write_text("\n".join(rows) + "\n")
    result = cli(
        "train",
        "--data",
        "points.csv",
        "--target",
        "y",
        "--val-data",
        "split",
        "--model",
        "linear",
        "--optimizer",
        "gd",
        "--lr",
        "0.01",
        "--epochs",
        "2",
        "--no-progress",
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "runs" / "points-linear"  # the default folder
    config = yaml.safe_load((out / "config.yaml").read_text())
    assert config["data"] == str(tmp_path / "points.csv")  # absolute: readable from anywhere
    assert "val r2" in result.stdout
    assert (out / "plots" / "landscape_2d.png").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--optimizer", "adamm"],
            "error: --optimizer: unknown optimizer 'adamm'. Did you mean 'adam'? Known: gd, sgd,",
        ),
        (["--epochs", "0"], "error: --epochs: input should be greater than or equal to 1, got '0'"),
        (["--batch-size", "some"], "error: --batch-size: expected 'full', 'auto' or an integer >= 1, got 'some'"),
        (["--lr", "fast"], "error: --lr: expected a learning rate > 0 or 'auto', got 'fast'"),
        (
            ["--model", "mlpp"],
            "error: --model: unknown model 'mlpp'. Did you mean 'mlp'? Known: linear, logistic, softmax, mlp, cnn.",
        ),
        (["--data", "irs"], "error: --data: 'irs' is neither a built-in data set nor a CSV file. Did you mean 'iris'?"),
        (
            ["--hyper", "momentom=0.9", "--optimizer", "sgd"],
            "error: --hyper: optimizer 'sgd' has no hyper-parameter 'momentom'. Did you mean 'momentum'?",
        ),
        (["--schedule", "cosin"], "error: --schedule: unknown schedule 'cosin'. Did you mean 'cosine'?"),
        (
            ["--hidden", "64,x"],
            "error: Invalid value for '--hidden': expected comma-separated integers such as 64,64, got 'x'",
        ),
    ],
)
def test_bad_option_values_are_one_line_usage_errors(args, message, cli, tmp_path):
    settings = {"--data": "iris", "--model": "mlp"}
    settings.update(dict(zip(args[::2], args[1::2])))
    result = cli("train", *[x for kv in settings.items() for x in kv], "--out", tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "run").exists()


def test_resume_names_a_missing_run_folder_before_the_settings_it_would_give(tmp_path, cli):
    # `descend train --out runs/typo --resume`: the folder is the problem, not a missing --data.
    result = cli("train", "--out", tmp_path / "typo", "--resume")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: there is no run to resume in {tmp_path / 'typo'}: the folder does not exist; "
        "start the run without --resume\n"
    )


def test_resume_refuses_a_folder_that_holds_no_run(tmp_path, cli):
    (tmp_path / "steps.csv").write_text("mine\n")
    result = cli("train", "--data", "iris", "--model", "linear", "--out", tmp_path, "--resume")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} holds files but no config.yaml: it is not a run folder to resume; nothing was changed\n"
    )
    assert (tmp_path / "steps.csv").read_text() == "mine\n"


@pytest.mark.slow
def test_nproc_trains_data_parallel_through_torchrun_and_matches_one_process(cli, tmp_path):
    # --nproc 2 runs the same command as two torchrun workers: worker 0 writes the run folder,
    # and the weights equal the one-process run's (the batch size is the global batch).
    common = [
        "--data",
        "iris",
        "--model",
        "mlp",
        "--hidden",
        "8",
        "--optimizer",
        "momentum",
        "--lr",
        "0.05",
        "--batch-size",
        "15",
        "--epochs",
        "2",
        "--tol",
        "none",
        "--device",
        "cpu",
        "--no-progress",
    ]
    one = cli("train", *common, "--out", tmp_path / "one")
    assert one.exit_code == 0, one.output
    two = cli("train", *common, "--nproc", "2", "--out", tmp_path / "two")
    assert two.exit_code == 0, two.output
    for name in ("config.yaml", "summary.json", "report.html", "trajectory.pt", "checkpoints/last.pt"):
        assert (tmp_path / "two" / name).exists(), name
    w1 = checkpoint.load(tmp_path / "one" / "checkpoints" / "last.pt")["model"]
    w2 = checkpoint.load(tmp_path / "two" / "checkpoints" / "last.pt")["model"]
    assert all(torch.allclose(w1[k], w2[k], atol=1e-6, rtol=0) for k in w1)
    assert json.loads((tmp_path / "two" / "summary.json").read_text())["workers"] == 2
    assert json.loads((tmp_path / "one" / "summary.json").read_text())["workers"] == 1
    config = yaml.safe_load((tmp_path / "two" / "config.yaml").read_text())
    assert "nproc" not in config and config["lr_used"] == 0.05  # how it ran is not what it is
    refused = cli("train", *common, "--nproc", "2", "--out", tmp_path / "two")
    assert refused.exit_code == 1 and "already holds" in refused.stderr  # checked before launching


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_train_on_the_gpu_writes_the_run_the_cpu_writes(tmp_path, cli):
    runs = {}
    for device in ("cpu", "cuda"):
        out = tmp_path / device
        result = cli("train", "--data", "iris", "--model", "softmax", "--epochs", "3", "--device", device, "--out", out)
        assert result.exit_code == 0, result.output
        runs[device] = out
    assert yaml.safe_load((runs["cuda"] / "config.yaml").read_text())["device"] == "cuda"
    summary = {d: json.loads((out / "summary.json").read_text()) for d, out in runs.items()}
    assert summary["cuda"]["final_loss"] == pytest.approx(summary["cpu"]["final_loss"], rel=1e-4)
    kinds = {d: [f["kind"] for f in json.loads((out / "diagnosis.json").read_text())] for d, out in runs.items()}
    assert kinds["cuda"] == kinds["cpu"]


def test_a_training_time_under_a_second_is_not_printed_as_none(tmp_path, capsys):
    """Was: 'training time  0.0 s' for the 37 ms of a 5-epoch wine run (and 0.1 s for 87 ms)."""
    summary = {"batch_size_used": 32, "epochs": 5, "best_epoch": 1, "steps": 25, "final_loss": 0.5,
               "final_val_loss": None, "lr_used": 0.1, "stopped_because": "reached the maximum of 5 epochs"}  # fmt: skip
    for seconds, shown in ((0.037, "0.037 s"), (0.087, "0.087 s"), (4.067, "4.1 s"), (1234.5, "1234.5 s")):
        train_command._print_summary(tmp_path, {**summary, "seconds": seconds}, None)
        assert f"training time  {shown} in the epochs' batch loops" in capsys.readouterr().out


def test_a_diverged_runs_validation_loss_of_inf_is_shown_not_dropped(tmp_path, cli):
    """Was: summary.json holds a non-finite value as null, and diabetes' linear model under SGD at
    lr=50 (inf at step 9) printed no 'val loss' line and its report 'final val loss -', as if the
    run had no validation data."""
    out = tmp_path / "run"
    result = cli("train", "--data", "diabetes", "--model", "linear", "--optimizer", "sgd", "--lr", "50",
                 "--epochs", "2", "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["final_val_loss"] is None  # standard JSON, as before
    assert "val loss       inf\n" in result.stdout
    words = " ".join(re.sub(r"<[^>]+>", " ", (out / "report.html").read_text()).split())
    assert "final val loss inf" in words


@pytest.mark.parametrize("given", ["option", "file"])
def test_tensorboard_every_from_the_option_or_the_config_file(given, tmp_path, cli):
    """Was: no --tensorboard-every, and 'unknown key' for a config file's tensorboard_every."""
    config = tmp_path / "run.yaml"
    config.write_text(
        "data: iris\nmodel: softmax\nbatch_size: 16\nepochs: 2\n"
        + ("tensorboard-every: 3\n" if given == "file" else "")
    )
    option = ["--tensorboard-every", "3"] if given == "option" else []
    out = tmp_path / "run"
    result = cli("train", "--config", config, *option, "--out", out, "--no-progress", "--no-instruments")
    assert result.exit_code == 0, result.output
    assert len((out / "steps.csv").read_text().splitlines()) == 1 + 16  # every step, 8 an epoch
    assert scalar_steps(out) == [1, 3, 6, 9, 12, 15, 16]  # every 3rd, the first and the last
    assert yaml.safe_load((out / "config.yaml").read_text())["tensorboard_every"] == 3  # a resume keeps it


@pytest.mark.parametrize(
    "given, shown",
    [
        (["--tensorboard-every", "0"], "--tensorboard-every: expected {}, got '0'"),
        (["--tensorboard-every", "-2"], "--tensorboard-every: expected {}, got '-2'"),
        (["--tensorboard-every", "2.5"], "--tensorboard-every: expected {}, got '2.5'"),
        (["--tensorboard-every", "often"], "--tensorboard-every: expected {}, got 'often'"),
        (["--tensorboard-every", ""], "--tensorboard-every: expected {}, got ''"),
        ("tensorboard_every: 0", "tensorboard_every: expected {}, got 0"),
        ("tensorboard_every: true", "tensorboard_every: expected {}, got True"),
        ("tensorboard_every: 2.5", "tensorboard_every: expected {}, got 2.5"),
        ("tensorboard_every: sometimes", "tensorboard_every: expected {}, got 'sometimes'"),
        ("tensorboard_every:", "tensorboard_every: expected {}, got None"),
    ],
)
def test_a_bad_tensorboard_every_is_a_usage_error_in_the_librarys_words(given, shown, tmp_path, cli):
    allowed = "'auto' or an integer >= 1 (TensorBoard gets every N-th step's scalars; steps.csv every step)"
    config = tmp_path / "run.yaml"
    config.write_text("data: iris\nmodel: softmax\n" + (given if isinstance(given, str) else ""))
    result = cli("train", "--config", config, *([] if isinstance(given, str) else given), "--out", tmp_path / "run")
    where = "" if isinstance(given, list) else f"config {config}: "
    assert result.exit_code == 2
    assert result.stderr == f"error: {where}{shown.format(allowed)}\n", result.stderr
    assert not (tmp_path / "run").exists()


def test_the_summary_gives_the_kept_epochs_val_loss_and_accuracy_beside_the_last(tmp_path, cli):
    # Until session 39 it printed the last epoch's alone ("val loss 0.9992"; "val accuracy 0.7333"
    # where the kept epoch's is 0.7667), while the run keeps the best epoch's weights: a tune
    # study's best.yaml, valued by its best epoch, looked unrepeatable.
    out = tmp_path / "run"
    args = ["--data", "iris", "--model", "softmax", "--optimizer", "sgd", "--lr", "30", "--epochs", "3"]
    result = cli("train", *args, "--tol", "none", "--out", out, "--no-progress")
    assert result.exit_code == 0, result.output
    epochs = [line.split(",") for line in (out / "epochs.csv").read_text().splitlines()]
    val = [float(row[epochs[0].index("val_loss")]) for row in epochs[1:]]
    accuracy = [float(row[epochs[0].index("val_accuracy")]) for row in epochs[1:]]
    best = val.index(min(val))
    assert best < len(val) - 1 and accuracy[best] != accuracy[-1]  # the set-up: the kept epoch is not the last
    kept = f"(the last epoch's; the best, epoch {best}, whose weights the run keeps:"
    assert f"val loss       {val[-1]:.4g} {kept} {val[best]:.4g})\n" in result.stdout
    assert f"val accuracy   {accuracy[-1]:.4g} {kept} {accuracy[best]:.4g})\n" in result.stdout
