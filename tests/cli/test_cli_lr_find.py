"""``descend lr-find``: the suggestion, or why there is none, and the range-test picture."""

from __future__ import annotations

import pytest

import descend as ds


@pytest.mark.slow
def test_lr_find_prints_the_suggestion_and_saves_the_plot(tmp_path, cli):
    plot = tmp_path / "range.png"
    result = cli(
        "lr-find",
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizer",
        "sgd",
        "--batch-size",
        "16",
        "--num",
        "60",
        "--plot",
        plot,
    )
    assert result.exit_code == 0, result.output
    found = ds.lr_find("softmax", "iris", optimizer="sgd", batch_size=16, num=60)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["suggestion", f"{found.suggestion:.3g}"]
    assert lines[1].split(maxsplit=1) == ["rule", found.rule]
    assert plot.read_bytes()[:4] == b"\x89PNG" and plot.stat().st_size > 10_000


def test_lr_find_says_why_it_has_no_suggestion(tmp_path, cli):
    result = cli(
        "lr-find",
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizer",
        "sgd",
        "--batch-size",
        "16",
        "--end",
        "1e-5",
        "--plot",
        tmp_path / "range.png",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no suggestion: the loss never fell by 5% of its start")
    assert (tmp_path / "range.png").is_file()


def test_lr_find_needs_data_and_model(cli):
    result = cli("lr-find", "--model", "mlp")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Missing option '--data'.")


def _small_csv(tmp_path):
    rows = "\n".join(f"{i % 5},{(i * 3) % 7},{i % 5 + (i * 3) % 7}" for i in range(20))
    (tmp_path / "small.csv").write_text("a,b,y\n" + rows + "\n")
    return ("--data", tmp_path / "small.csv", "--target", "y", "--model", "linear")


def test_the_default_batch_on_fewer_examples_is_the_full_batch_with_a_warning(tmp_path, cli):
    extra = ("--num", "20", "--plot", tmp_path / "lr.png")
    result = cli("lr-find", *_small_csv(tmp_path), *extra)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: --batch-size 32 (the default) is more than the 20 training examples: full-batch steps instead; "
        "pass --batch-size full to say so, or a smaller one\n"
    )
    for command, options in (("lr-find", extra), ("compare", ("--epochs", "1"))):
        chosen = cli(command, *_small_csv(tmp_path), "--batch-size", "32", *options)
        assert chosen.exit_code == 1
        assert chosen.stderr == (
            "error: --batch-size 32 is larger than the 20 training examples; use --batch-size full for full-batch\n"
        )


def test_batch_size_auto_is_refused_before_any_work_and_the_help_does_not_offer_it(tmp_path, cli):
    """Was offered by the help ("full|auto|1|N") and then, after loading the data, "error:
    --batch-size must be an integer >= 1 or None, got 'auto'" (exit code 1)."""
    plot = tmp_path / "lr.png"
    result = cli("lr-find", "--data", "iris", "--model", "mlp", "--batch-size", "auto", "--plot", plot)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for '--batch-size': the range test steps on one batch size: give 'full' or an "
        "integer >= 1, got 'auto' (descend train --lr auto --batch-size auto runs it at the batch it picks) "
        "(see 'descend lr-find --help')\n"
    )
    assert not plot.exists()
    shown = cli("lr-find", "--help").stdout
    assert "--batch-size full|1|N" in shown and "auto (from the gradient" not in " ".join(shown.split())


def test_lbfgs_steps_on_the_full_batch_by_default_as_in_train(tmp_path, cli):
    """Was batch 32, on which L-BFGS stalls: "no suggestion: ... LBFGS on mini-batches of 32
    stalls; give batch_size=None (the full batch)", a Python keyword for the option to give."""
    args = ("lr-find", "--data", "iris", "--model", "mlp", "--optimizer", "lbfgs", "--num", "10")
    result = cli(*args, "--plot", tmp_path / "full.png")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("suggestion  ")
    assert "--batch-size full|1|N" in cli("lr-find", "--help").stdout
    chosen = cli(*args, "--batch-size", "32", "--plot", tmp_path / "32.png")
    assert chosen.exit_code == 0, chosen.output
    assert chosen.stdout.startswith("no suggestion: ")
    assert "LBFGS on mini-batches of 32 stalls; give --batch-size full (the full batch)\n" in chosen.stdout
