"""The ``descend`` program: help with defaults, version, exit codes, one-line errors, --debug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import descend

SCRIPT = Path(sys.executable).with_name("descend")  # the console script installed with the package


@pytest.mark.parametrize(
    "command, defaults",
    [
        ([], []),
        (
            ["train"],
            [
                "--epochs N",
                "[default: 10]",
                "--optimizer NAME",
                "[default: adam]",
                "--batch-size full|auto|1|N",
                "[default: (32; the full batch for lbfgs, rprop or fewer examples)]",
                "--patience N",
                "[default: 5]",
            ],
        ),
        (["minimize"], ["--max-iter", "[default: 1000; x>=0]", "[default: gd]", "[default: 1e-05; x>=0]"]),
        (["compare"], ["--lr FLOAT|auto", "[default: auto]", "[default: 32]"]),
        (["lr-find"], ["[default: lr_find.png]", "[default: 100; x>=5]", "[default: 1e-07; x>0]"]),
        (["landscape"], ["--points", "[default: 21; x>=3]"]),
        (["report"], ["--title", "[default: (the run folder's name)]"]),
    ],
)
def test_help_lists_the_options_with_their_defaults(command, defaults, cli):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # undo click's line wrapping
    assert text.startswith(f"Usage: descend {' '.join(command)}".rstrip())
    for default in defaults:
        assert default in text, default
    if not command:
        for name in ("train", "minimize", "compare", "lr-find", "landscape", "report", "--debug", "--version"):
            assert name in text


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout == f"descend {descend.__version__}\n"


def test_unknown_option_is_a_usage_error_in_one_line(cli):
    result = cli("train", "--optimiser", "adam")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: No such option '--optimiser'. Did you mean '--optimizer'? (see 'descend train --help')\n"
    )


@pytest.mark.parametrize("option", ["--log-dir", "--checkpoint-dir"])
def test_descend_trains_folder_keywords_as_options_name_out(option, tmp_path, cli):
    """Was "error: No such option '--log-dir'. Did you mean '--lr'?": click's guess by spelling."""
    result = cli("train", "--data", "iris", "--model", "mlp", option, tmp_path / "run")
    assert result.exit_code == 2
    assert result.stderr == f"error: No such option '{option}': use --out (see 'descend train --help')\n"
    assert not (tmp_path / "run").exists()


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


BROKEN = "def broken(x):\n    return undefined_name + x.sum()\n"


# Each subprocess pays for importing torch: one run per test keeps every test short.


@pytest.mark.slow
def test_console_script_usage_error_exits_2_with_one_line(tmp_path):
    usage = _run("minimize", "booth", "--lr", "-1", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stdout == ""
    assert usage.stderr == (
        "error: Invalid value for '--lr': a learning rate must be > 0 or 'auto', "
        "got '-1' (see 'descend minimize --help')\n"
    )


@pytest.mark.slow
def test_console_script_failure_exits_1_with_one_line(tmp_path):
    (tmp_path / "f.py").write_text(BROKEN)
    failure = _run("minimize", "f.py:broken", "--x0=1,2", cwd=tmp_path)
    assert failure.returncode == 1
    assert failure.stderr == (
        "error: NameError: name 'undefined_name' is not defined (run with --debug for the traceback)\n"
    )


@pytest.mark.slow
def test_a_reader_that_stops_early_gets_no_error(tmp_path):
    """``descend minimize booth | head -1`` said "error: [Errno 32] Broken pipe" on stderr."""
    process = subprocess.Popen(
        [str(SCRIPT), "minimize", "booth"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    process.stdout.close()  # the reader is gone before the first line
    told = process.stderr.read()
    assert process.wait(timeout=120) == 1
    assert told == ""


@pytest.mark.slow
def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "f.py").write_text(BROKEN)
    result = _run("--debug", "minimize", "f.py:broken", "--x0=1,2", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "return undefined_name + x.sum()" in result.stderr
    assert result.stderr.rstrip().endswith("NameError: name 'undefined_name' is not defined")


def test_the_command_line_starts_without_scikit_learn_or_matplotlib():
    # they are a third of its start-up: imported by the commands that train or draw, when they do
    code = "import sys, descend.cli; print([m for m in ('sklearn', 'scipy', 'matplotlib') if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout == "[]\n"


@pytest.mark.slow
def test_python_m_descend_runs_the_command_line_and_exits_0(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "descend", "minimize", "booth", "--lr", "0.05", "--max-iter", "5"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "status         max_iter (not converged)" in result.stdout
