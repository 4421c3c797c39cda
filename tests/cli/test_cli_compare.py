"""``descend compare``: optimizers on a function (table and contour), or on a data set (curves)."""

from __future__ import annotations

import pytest
import torch
import yaml

import descend as ds


def _rows(output: str) -> dict[str, list[str]]:
    """The table's rows by their first cell (the lines after the dashes, until a blank line)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("---")) + 1
    rows = {}
    for line in lines[start:]:
        if not line.strip():
            break
        cells = line.split()
        rows[cells[0]] = cells[1:]
    return rows


def test_compare_optimizers_on_a_function(tmp_path, cli):
    plot = tmp_path / "paths.png"
    result = cli("compare", "booth", "--optimizers", "gd,Adam", "--lr", "0.05", "--max-iter", "300", "--plot", plot)
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[2].split()
    assert header[:3] == ["optimizer", "lr", "final"] and header[-1] == "converged"
    rows = _rows(result.stdout)
    assert list(rows) == ["gd", "adam"]
    start = torch.tensor(ds.functions.booth.start, dtype=torch.float64)
    gd = ds.minimize(ds.functions.booth, start, optimizer="gd", lr=0.05, max_iter=300)
    reached = next(k for k, f in enumerate(gd.history.loss) if f <= 1e-6)
    assert rows["gd"][:4] == ["0.05", f"{gd.fun:.4g}", str(reached), str(gd.nit)]
    assert rows["gd"][-2:] == ["yes", "(gtol)"]
    assert plot.read_bytes()[:4] == b"\x89PNG" and plot.stat().st_size > 10_000


def test_compare_runs_lbfgs_as_its_line_search_method(cli):
    """lbfgs, one of the names --optimizers lists, was an error at its turn: 'method='lbfgs' searches
    its own step ...: lr is a setting of gradient descent (method=None) only', whatever --lr."""
    for lr in ("auto", "0.05"):
        result = cli("compare", "booth", "--optimizers", "gd,lbfgs", "--lr", lr, "--max-iter", "300")
        assert result.exit_code == 0, result.output
        row = _rows(result.stdout)["lbfgs"]
        res = ds.minimize(ds.functions.booth, list(ds.functions.booth.start), method="lbfgs", max_iter=300)
        assert row[0] == "searched" and row[3] == str(res.nit) and row[-2:] == ["yes", "(gtol)"]


def test_compare_runs_every_quasi_newton_method_minimize_has(cli):
    """Was "unknown optimizer 'bfgs'. Did you mean 'lbfgs'?": descend minimize --method bfgs or cg,
    and ds.minimize(optimizer="bfgs"), ran them, but compare could not set them beside the others."""
    result = cli("compare", "rosenbrock", "--optimizers", "lbfgs,bfgs,cg")
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    for method in ("bfgs", "cg"):
        res = ds.minimize(ds.functions.rosenbrock, list(ds.functions.rosenbrock.start), method=method)
        assert (
            rows[method][0] == "searched" and rows[method][3] == str(res.nit) and rows[method][-2:] == ["yes", "(gtol)"]
        )
    refused = cli("compare", "rosenbrock", "--optimizers", "bfgs", "--hyper", "momentum=0.9")
    assert "method='bfgs' takes no option momentum (its options: none)" in refused.stderr
    on_data = cli("compare", "--data", "iris", "--model", "softmax", "--optimizers", "sgd,bfgs")
    assert on_data.exit_code == 2
    assert on_data.stderr.startswith(
        "error: Invalid value for '--optimizers': bfgs: quasi-Newton method of descend minimize, for a FUNCTION; "
        "on a data set give optimizers of descend train (lbfgs among them)"
    )


def test_compare_marks_runs_that_never_reach_the_tolerance(cli):
    result = cli("compare", "rosenbrock", "--optimizers", "gd", "--lr", "1e-4", "--max-iter", "20")
    assert result.exit_code == 0, result.output
    row = _rows(result.stdout)["gd"]
    assert row[2] == "-" and row[-2:] == ["no", "(max_iter)"]


@pytest.mark.slow
def test_compare_training_runs_on_a_data_set(tmp_path, cli):
    out = tmp_path / "cmp"
    result = cli(
        "compare",
        "--data",
        "iris",
        "--model",
        "softmax",
        "--optimizers",
        "sgd,adam",
        "--lr",
        "0.05",
        "--batch-size",
        "16",
        "--epochs",
        "2",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    assert "val accuracy" in result.stdout.splitlines()[0]
    rows = _rows(result.stdout)
    assert list(rows) == ["sgd", "adam"]
    hist = ds.train("softmax", "iris", optimizer="adam", lr=0.05, batch_size=16, epochs=2, progress=False)
    assert rows["adam"][:5] == [
        "0.05",
        f"{hist.loss[-1]:.4g}",
        f"{hist.val_loss[-1]:.4g}",
        f"{hist.epochs['val_accuracy'][-1]:.4g}",
        "2",
    ]
    assert (out / "curves.png").stat().st_size > 10_000
    for name in ("sgd", "adam"):
        assert yaml.safe_load((out / name / "config.yaml").read_text())["optimizer"] == name
        assert (out / name / "summary.json").is_file() and (out / name / "report.html").is_file()


def test_compare_takes_each_run_s_batch_as_descend_train_does(tmp_path, cli):
    # Was compare's own default, lr-find's: a warning on fewer rows than 32 where descend train is
    # quiet, and lbfgs on batches of 32 where descend train gives it the full batch.
    rows = "\n".join(f"{i % 5},{(i * 3) % 7},{i % 5 + (i * 3) % 7}" for i in range(20))
    (tmp_path / "small.csv").write_text("a,b,y\n" + rows + "\n")
    small = ("--data", tmp_path / "small.csv", "--target", "y", "--model", "linear", "--epochs", "1")
    result = cli("compare", *small, "--lr", "0.01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = tmp_path / "cmp"
    ran = cli("compare", "--data", "iris", "--model", "softmax", "--optimizers", "sgd,lbfgs", "--lr", "0.01",
              "--epochs", "1", "--out", out)  # fmt: skip
    assert ran.exit_code == 0, ran.output
    batches = {
        name: yaml.safe_load((out / name / "config.yaml").read_text())["batch_size"] for name in ("sgd", "lbfgs")
    }
    assert batches == {"sgd": 32, "lbfgs": None}


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--optimizers", "gd,adamm"],
            "error: Invalid value for '--optimizers': unknown optimizer 'adamm'. Did you mean 'adam'?",
        ),
        (
            ["--data", "iris", "--model", "softmax"],
            "error: give a FUNCTION or --data (with --model), not both or neither",
        ),
        (["--epochs", "3"], "error: --epochs only applies when comparing on a data set (--data)"),
        (  # was accepted and ignored: the table printed, nothing drawn
            ["--surface"],
            "error: --surface adds a 3-D surface to the picture --plot saves: give --plot FILE too",
        ),
    ],
)
def test_compare_usage_errors(args, message, cli):
    result = cli("compare", "booth", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr


def test_compare_on_data_refuses_function_options(cli):
    result = cli("compare", "--data", "iris", "--model", "softmax", "--x0=1,2")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --x0 only applies when comparing on a FUNCTION")  # was "only apply"


def test_a_val_data_that_is_no_file_says_so(tmp_path, cli):
    # Was "expected 'split' or the path of a CSV file, got 'nope.csv'": it was the path of one,
    # of a file not there, and 'none' is allowed too.
    for command in ("compare", "train"):
        result = cli(command, "--data", "iris", "--model", "softmax", "--val-data", tmp_path / "nope.csv")
        assert result.exit_code != 0
        assert result.stderr.startswith(
            f"error: --val-data: expected 'split', 'none' or the path of a CSV file; no such file: "
            f"'{tmp_path / 'nope.csv'}'\n"
        ), result.stderr
    result = cli("compare", "--data", "iris", "--model", "softmax", "--val-data", tmp_path)
    assert result.stderr.startswith(
        f"error: --val-data: expected 'split', 'none' or the path of a CSV file, got '{tmp_path}' (a directory)"
    )
