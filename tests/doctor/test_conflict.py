"""Session 20: a classifier whose examples conflict (some examples' losses rose over the run while
the others' fell: a finite minimum) is no finding from ``FINITE_LEFT`` (0.2) of its level left
by an exact reading; a separable one, a regression, a run without a per-example record, and
``FINITE_LEFT = None`` keep ``LITTLE_LEFT`` (0.15) (_conflict.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor import _conflict
from descend.doctor._conflict import conflict, finite_minimum, little_left_bar
from descend.doctor._curves import from_history
from descend.doctor._progress import share_left, slow_progress
from descend.doctor._thresholds import LITTLE_LEFT
from descend.training import ExampleRecord, History

N = 200
LEFT = 0.17  # between LITTLE_LEFT and FINITE_LEFT
FIRST = np.full(10, 0.69)
CONFLICTING = np.array([0.9] * 3 + [0.55] * 7)  # 3 rose by 0.21 (0.63), 7 fell by 0.14 (0.98): 0.64
SEPARATING = np.array([0.66] * 3 + [0.55] * 7)  # every example fell


def _run(last: np.ndarray | None = None, task: str = "classification"):
    """A slow full-batch run (0.69 -> 0.63, a finite minimum by its gradient: no minimum nearby
    is not read), steps far below the useful ratio, an exact reading of ``LEFT`` left at its end,
    and a per-example record ending at ``last``."""
    loss = np.linspace(0.69, 0.63, N)
    c = full_batch_run(loss, lr=0.01, stability=1e-3, grad_norm=np.sqrt(loss - 0.52))
    c.instruments[-1].update(probe_loss=0.63, decrease=LEFT * 0.63, decrease_exact=1.0)
    if last is None:
        return c
    return dataclasses.replace(c, example_loss=np.stack([FIRST, last]), example_task=task)


def test_the_built_runs_read_as_intended():
    assert share_left(_run()) == (pytest.approx(LEFT), N, True)
    assert LITTLE_LEFT < LEFT < _conflict.FINITE_LEFT
    assert conflict(_run(CONFLICTING)) == pytest.approx(0.63 / 0.98)
    assert conflict(_run(SEPARATING)) == 0.0
    assert conflict(_run(CONFLICTING, "regression")) is None and conflict(_run()) is None


def test_a_classifier_whose_examples_conflict_is_no_finding_under_the_larger_bar():
    assert finite_minimum(_run(CONFLICTING))
    assert little_left_bar(_run(CONFLICTING)) == _conflict.FINITE_LEFT
    assert slow_progress(_run(CONFLICTING)) is None


def test_a_separable_classifier_a_regression_or_no_record_is_still_too_small():
    for run in (_run(SEPARATING), _run(CONFLICTING, "regression"), _run()):
        assert little_left_bar(run) == LITTLE_LEFT
        found = slow_progress(run)
        assert found is not None and found.kind == "slow_progress"


def test_the_rule_before_finds_it_too_small(monkeypatch):
    assert little_left_bar(_run(CONFLICTING), finite_left=None) == LITTLE_LEFT
    monkeypatch.setattr(_conflict, "FINITE_LEFT", None)
    found = slow_progress(_run(CONFLICTING))
    assert found is not None and found.kind == "slow_progress"


def test_the_curves_carry_the_first_and_last_epoch_of_the_record():
    h = History()
    h.steps = {"loss": [0.7, 0.6, 0.5], "grad_norm": [1.0, 0.8, 0.6], "lr": [[0.1]] * 3, "epoch": [0, 1, 2]}
    h.epochs = {"loss": [0.7, 0.6, 0.5]}
    h.examples = ExampleRecord.from_arrays(
        task="classification",
        labels=[0, 1],
        epochs=[0, 1, 2],
        loss=[[0.7, 0.7], [0.5, 0.8], [0.3, 0.9]],
        p_label=[[0.5, 0.5], [0.6, 0.45], [0.74, 0.41]],
        margin=[[0.0, 0.0], [0.4, -0.2], [1.0, -0.4]],
        predicted=[[0, 1], [0, 0], [0, 0]],
    )
    c = from_history(h)
    assert c.example_task == "classification"
    np.testing.assert_allclose(c.example_loss, [[0.7, 0.7], [0.3, 0.9]], rtol=1e-6)
    assert conflict(c) == pytest.approx(0.5)
    assert from_history(History()).example_loss is None
