"""Where ds.train meets schedules: what it takes as ``schedule=`` beside ``lr`` and an optimizer."""

from __future__ import annotations

import sys

import pytest
import torch

import descend as ds


def _data(n=40):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    return X, X @ torch.tensor([1.0, 2.0, 3.0])


def test_lr_auto_beside_a_schedule_object_is_refused_before_any_work(monkeypatch):
    """The object sets every rate itself: train ran the range test and its pilot runs, then
    trained at the object's rates, with History.lr_finder holding a suggestion never used."""
    monkeypatch.setattr(sys.modules["descend.train"], "rate_for_run", lambda *a, **k: pytest.fail("range test ran"))
    with pytest.raises(
        ValueError,
        match=r"^lr='auto' cannot be combined with schedule=cosine\(lr=0.1, total_steps=10, final_lr=0.0\): a "
        r"schedule object sets every learning rate itself\. Give a schedule name \(lr='auto' then picks its base "
        r"rate\) or a number for lr\.$",
    ):
        ds.train("linear", _data(), lr="auto", schedule=ds.schedules.cosine(0.1, 10), progress=False)
