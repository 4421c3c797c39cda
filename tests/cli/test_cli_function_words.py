"""``descend minimize`` and ``descend compare`` on a function: an optimizer they cannot run
(``sam``) is a usage error in the command line's words and is not offered, and a bad ``--x0``
has no Python words (``fn``, ``step(closure)``, ``quadratic(condition_number, dim=d)``)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "command", [("minimize", "rosenbrock", "--optimizer", "sam"), ("compare", "rosenbrock", "--optimizers", "gd,sam")]
)
def test_sam_on_a_function_is_a_usage_error(cli, command):
    # Was exit 1: "optimizer SAM evaluates fn itself, ..., through step(closure), ...; ... with ds.train"
    result = cli(*command, "--max-iter", "2")
    assert result.exit_code == 2, result.output
    assert "sam takes each step from a gradient at a second, perturbed point" in result.output
    assert "descend train --optimizer sam" in result.output
    for python in ("fn ", "step(closure)", "ds.train"):
        assert python not in result.output


def test_minimize_does_not_offer_sam(cli):
    help_text = " ".join(cli("minimize", "--help").output.split())
    assert "lars, lamb, bfgs, cg [default: gd]" in help_text and "sam" not in help_text.split("--lr")[0]


def test_a_wrong_start_for_the_quadratic_has_no_python_call(cli):
    result = cli("minimize", "quadratic", "--x0=1,2,3")
    assert result.exit_code == 2
    assert "Invalid value for '--x0': this quadratic takes points of shape (..., 2), got shape (3,)" in result.output
    assert "quadratic(condition_number" not in result.output


def test_minimize_refuses_sparse_adam_in_its_words(cli):
    """Was torch's "error: SparseAdam does not support dense gradients, please consider Adam instead"
    after the run began, with sparse_adam offered in --help."""
    result = cli("minimize", "rosenbrock", "--optimizer", "sparse_adam")
    assert result.exit_code == 2
    assert "optimizer SparseAdam takes sparse gradients only" in result.stderr
    assert "sparse_adam" not in " ".join(cli("minimize", "--help").output.split())
