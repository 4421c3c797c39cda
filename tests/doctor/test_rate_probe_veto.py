"""The doctor's "too small" rests on the counterfactual probe (descend.doctor._rate_probe): a run whose larger
rate did not lower the loss from the run's last weights gets no slow_progress; a rate-held run's
probe reads about the factor, and the finding stands."""

from __future__ import annotations

import dataclasses

import pytest
import torch

import descend as ds
from descend.doctor import diagnose
from descend.doctor._curves import from_history
from descend.doctor._progress import slow_progress
from descend.doctor._rate_probe import no_gain, probe_speedup


def _too_small_run():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(200, 5, generator=g)
    y = X @ torch.randn(5, generator=g) + 0.1 * torch.randn(200, generator=g)
    return ds.train("linear", (X, y), loss="mse", optimizer="sgd", lr=1e-4, epochs=150, batch_size=None, progress=False)


def test_a_rate_held_run_reads_about_the_factor_and_stays_too_small():
    h = _too_small_run()
    c = from_history(h)
    assert probe_speedup(c) == pytest.approx(h.rate_probe["factor"], rel=0.05)
    assert not no_gain(c)
    assert "slow_progress" in [d.kind for d in diagnose(h)]


def test_a_larger_rate_that_raised_the_loss_takes_the_finding_away():
    h = _too_small_run()
    c = from_history(h)
    probe = h.rate_probe
    raised = [probe["start"] * 1.01] * len(probe["at_factor"])  # the larger rate's updates raised the loss
    vetoed = dataclasses.replace(c, rate_probe={**probe, "at_factor": raised})
    assert no_gain(vetoed) and slow_progress(vetoed) is None
    assert slow_progress(dataclasses.replace(c, rate_probe=None)) is not None  # no probe: the other evidence decides
