"""Known answers for the last-batch penalty of a pilot's loss estimate
(:func:`descend.training.pilot_run.pilot_loss`): a penalty, never a credit."""

import sys

import pytest
import torch

from descend.training.data import prepare
from descend.training.pilot_run import pilot_loss

pilot_run = sys.modules["descend.training.pilot_run"]


def _scripted(monkeypatch, rise):
    """40 rows in batches of 16: epochs of three steps whose last batch (8 rows) is half the size.
    Steps do nothing; the probe reads 1.0 except right after an epoch's last step, where it reads
    1.0 + ``rise``: the last step's rise exceeds the step before's (0) by ``rise``."""
    steps = [0]
    monkeypatch.setattr(pilot_run, "update", lambda *a, **k: steps.__setitem__(0, steps[0] + 1))
    monkeypatch.setattr(
        pilot_run, "probe_loss", lambda *a, **k: 1.0 + (rise if steps[0] and steps[0] % 3 == 0 else 0.0)
    )
    X = torch.linspace(-1, 1, 40).reshape(-1, 1)
    source = prepare((X, X[:, 0]), batch_size=16).train
    assert len(source) == 3 and 2 * source.rows(2) <= source.rows(0)
    model = torch.nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    mse = lambda out, t: ((out[:, 0] - t) ** 2).mean()  # noqa: E731
    return pilot_loss(model, opt, source, mse, source.head(40), 0.1, 0, 12, (None, None))


def test_a_negative_last_batch_rise_gets_no_credit(monkeypatch):
    # the median excess is -5: crediting it would read -4, below every loss measured (1.0 and -4.0
    # right after the epoch ends, which the tail leaves out); the estimate is the tail's mean
    assert _scripted(monkeypatch, -5.0) == pytest.approx(1.0, abs=1e-12)


def test_a_positive_last_batch_rise_is_still_added(monkeypatch):
    assert _scripted(monkeypatch, 0.5) == pytest.approx(1.5, abs=1e-12)
