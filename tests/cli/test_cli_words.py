"""The library's errors that reach ``descend`` users read in the command line's words."""

from __future__ import annotations

import torch

from descend.cli._cli_words import cli_words

IRIS = ("--data", "iris", "--model", "softmax", "--no-progress")


def test_a_batch_larger_than_the_data_names_the_option_and_full(tmp_path, cli):
    result = cli("train", *IRIS, "--batch-size", "500", "--epochs", "1", "--out", tmp_path / "run")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --batch-size 500 is larger than the 120 training examples; use --batch-size full for full-batch\n"
    )
    found = cli("lr-find", "--data", "iris", "--model", "softmax", "--batch-size", "500")
    assert found.exit_code == 1 and "use --batch-size full for full-batch" in found.stderr


def test_cuda_asked_for_without_one_says_device_auto(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = cli("train", *IRIS, "--device", "cuda:1", "--epochs", "1", "--out", tmp_path / "run")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --device cuda:1 asked for CUDA, but no CUDA device is available; use --device auto\n"
    )


def test_fp16_without_cuda_names_both_precisions_as_options(tmp_path, cli, monkeypatch):
    """The alternative 'fp32' was left in Python's quotes: 'use --precision bf16, ..., or 'fp32''."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    result = cli("train", *IRIS, "--precision", "fp16", "--epochs", "1", "--out", tmp_path / "run")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "this run is on cpu: use --precision bf16, which works on the CPU too, or --precision fp32\n"
    )


def test_a_resume_with_other_settings_names_the_options_and_out(tmp_path, cli):
    out = tmp_path / "run"
    assert cli("train", *IRIS, "--lr", "0.1", "--epochs", "1", "--out", out).exit_code == 0
    result = cli("train", *IRIS, "--lr", "0.5", "--epochs", "2", "--out", out, "--resume")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot resume from {out / 'checkpoints' / 'last.pt'}: it was trained with --lr 0.1, this call "
        "has --lr 0.5; use the same settings, or another --out\n"
    )


def test_a_resume_without_a_checkpoint_says_out_and_resume(tmp_path, cli):
    out = tmp_path / "run"
    assert cli("train", *IRIS, "--epochs", "1", "--out", out).exit_code == 0
    (out / "checkpoints" / "last.pt").unlink()
    result = cli("train", *IRIS, "--epochs", "2", "--out", out, "--resume")
    assert result.exit_code == 1
    # Until session 40 it ended "or leave out --resume to start a new run", which then refused the folder
    # (its best.pt and logs) with "Use --resume"; a new run has to go elsewhere.
    assert result.stderr.startswith(
        f"error: cannot resume from {out / 'checkpoints' / 'last.pt'}: there is no such file, so no run to resume "
        "(a run saves it after its first epoch: one killed before then saved none); give --out of a run to continue, "
        f"or leave out --resume to start a new run in another folder ({out / 'checkpoints'} keeps best.pt; {out} keeps "
    )


def test_a_csv_without_target_names_the_option(tmp_path, cli):
    (tmp_path / "table.csv").write_text("a,b\n1,0\n2,1\n")
    result = cli("train", "--data", tmp_path / "table.csv", "--model", "mlp", "--out", tmp_path / "run")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: a CSV file needs --target naming its label column;")


def test_python_calls_and_other_commands_keywords_are_left_as_they_are():
    options = {"--lr", "--batch-size", "--out"}
    assert cli_words("rerun: descend.train(..., lr=0.1, batch_size=None)", options) == (
        "rerun: descend.train(..., lr=0.1, batch_size=None)"
    )
    assert cli_words("momentum=0.9 and lr=0.1 clash", options) == "momentum=0.9 and --lr 0.1 clash"
    assert cli_words("lr=0.1; another checkpoint_dir", {"--x0"}) == "lr=0.1; another checkpoint_dir"
    assert cli_words("tol=None", {"--tol"}) == "--tol none"


def test_accumulation_past_a_full_batch_names_the_one_value_allowed(tmp_path, cli):
    """lbfgs steps on accumulated batches since session 40 (its closure reads them all); its full
    batch is one batch an epoch, where the refusal said 'use --accumulate 1 or fewer'."""
    result = cli("train", *IRIS, "--optimizer", "lbfgs", "--accumulate", "2", "--epochs", "1", "--out", tmp_path / "r")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "use --accumulate 1 (one update of the full batch per epoch), or a smaller --batch-size\n"
    )  # options as typed on the command line, not Python keywords


def test_lbfgs_with_clipping_names_the_options_to_leave_out(tmp_path, cli):
    """Was 'train LBFGS without clip_grad_norm/clip_grad_value'."""
    result = cli(
        "train", *IRIS, "--optimizer", "lbfgs", "--clip-grad-norm", "1", "--epochs", "1", "--out", tmp_path / "r"
    )
    assert result.exit_code == 1
    assert result.stderr.endswith("train LBFGS without --clip-grad-norm or --clip-grad-value\n")
    assert not (tmp_path / "r").exists()


def test_flags_and_asides_in_parentheses():
    flags = {"--track-examples", "--no-track-examples", "--resume"}
    assert cli_words("or set track_examples=False", flags) == "or set --no-track-examples"
    assert cli_words("with track_examples=True", flags) == "with --track-examples"
    assert cli_words("or resume=False to start a new run", flags) == "or leave out --resume to start a new run"
    assert cli_words("resume it with --resume (resume=True)", flags) == "resume it with --resume (resume=True)"


def test_a_warning_names_the_options_of_the_command_run(tmp_path, cli):
    out = tmp_path / "run"
    assert cli("train", *IRIS, "--lr", "0.1", "--epochs", "2", "--out", out).exit_code == 0
    result = cli("train", *IRIS, "--lr", "0.1", "--epochs", "2", "--out", out, "--resume")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"warning: --resume: the run in {out / 'checkpoints'} had finished, so nothing more is trained: it had "
        "trained its 2 epochs and this call has --epochs 2; give --epochs > 2 to train on\n"
    )


def test_a_setting_named_bare_reads_as_its_option(tmp_path, cli):
    """--val-data of other columns was named 'val_data' on the command line."""
    (tmp_path / "train.csv").write_text("a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n")
    (tmp_path / "val.csv").write_text("a,y\n1,0\n2,1\n")
    result = cli(
        "train", "--data", tmp_path / "train.csv", "--target", "y", "--model", "mlp",
        "--val-data", tmp_path / "val.csv", "--out", tmp_path / "run",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: --val-data '{tmp_path / 'val.csv'}' does not have the feature columns")
    assert cli_words("give batch_size or clip_grad_norm", {"--batch-size"}) == "give --batch-size or clip_grad_norm"
    assert (
        cli_words("see runs/val_data/x.csv and ds.val_data", {"--val-data"})
        == "see runs/val_data/x.csv and ds.val_data"
    )
