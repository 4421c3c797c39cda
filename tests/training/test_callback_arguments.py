"""The stopping rules built by hand (``callbacks=[...]``) check their arguments as ``train``
checks its own: one clear error naming the value and what is allowed, before any run."""

import pytest

from descend.training import Convergence, Divergence, EarlyStopping, TimeBudget


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: TimeBudget(-1), "seconds must be a number of seconds > 0, got -1"),
        (lambda: TimeBudget("10"), "seconds must be a number of seconds > 0, got '10'"),
        (lambda: EarlyStopping(patience=-3), "patience must be an integer >= 1, got -3"),
        (lambda: EarlyStopping(tol=-0.1), "tol must be a number >= 0, got -0.1"),
        (lambda: EarlyStopping(restore_best="yes"), "restore_best must be True or False, got 'yes'"),
        (lambda: Convergence(tol="x"), "tol must be a number >= 0, got 'x'"),
        (lambda: Convergence(patience=2.5), "patience must be an integer >= 1, got 2.5"),
        (lambda: Divergence(factor=0), "factor must be a number > 0, got 0"),
    ],
)
def test_a_bad_argument_is_named_with_what_is_allowed(build, message):
    with pytest.raises(ValueError) as caught:
        build()
    assert str(caught.value) == message


def test_good_arguments_are_kept_as_plain_numbers():
    rule = EarlyStopping(patience=3, tol=0, restore_best=False)
    assert (rule.patience, rule.tol, rule.restore_best) == (3, 0.0, False)
    assert TimeBudget(2).seconds == 2.0 and Convergence(1e-3, 2).patience == 2
