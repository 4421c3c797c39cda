"""In a run of three or more classes fitting 0.75-0.9 of its labels whose list holds at least 0.16 of
the training set, the examples outside the list argued against decisively in the early half and
fitted only from the run's second half join its end, most argued against first, at most 0.05 of its
length (``descend.examples.memorised_flips``, session 21, round 45); ``memorised_flips=None``
restores the rule before it."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    MEMORISED_FLIPS,
    MEMORISED_FLIPS_BELOW,
    MEMORISED_FLIPS_EARLY,
    MEMORISED_FLIPS_FROM,
    MEMORISED_FLIPS_LIST,
    join_memorised,
    stays_fitted_from,
)


def _run(n: int = 1000, epochs: int = 20):
    """A list of 200 (0-199); outside it, 10 memorised flips (200-209: early half -0.9 ... -0.81, fitted
    from epoch 15 on), 5 examples argued against early but fitted from epoch 5 (210-214), 5 fitted late
    but not argued against (215-219); the rest fitted throughout."""
    early = np.full(n, 0.8)
    early[:200] = -0.9
    early[200:210] = -0.9 + 0.01 * np.arange(10)
    early[210:215] = -0.95
    correct = np.ones((epochs, n))
    correct[:, :200] = 0
    correct[:15, 200:210] = 0
    correct[:5, 210:215] = 0
    correct[:15, 215:220] = 0
    return np.arange(200), early, correct


def test_memorised_flips_outside_a_long_list_join_its_end():
    order, early, correct = _run()
    assert (MEMORISED_FLIPS, MEMORISED_FLIPS_FROM, MEMORISED_FLIPS_BELOW) == (0.05, 0.75, 0.9)
    assert (MEMORISED_FLIPS_LIST, MEMORISED_FLIPS_EARLY) == (0.16, -0.5)
    out = join_memorised(order, early, correct, fits=0.8, classes=3)
    assert out.tolist() == list(range(210))  # 0.05 x 200 = 10, most argued against first
    capped = join_memorised(order[:180], early, correct, fits=0.8, classes=3)  # 180 >= 160: 9 join,
    assert capped.tolist() == list(range(189))  # the never fitted left out of the list first (-0.9, lower index)
    assert join_memorised(order, early, correct, fits=0.8, classes=3, share=None).tolist() == order.tolist()


@pytest.mark.parametrize(
    ("fits", "classes", "listed"),
    [(0.74, 3, 200), (0.9, 3, 200), (0.8, 2, 200), (0.8, 3, 159)],  # outside the band, two classes, a short list
)
def test_memorised_flips_stay_out_outside_the_gates(fits, classes, listed):
    order, early, correct = _run()
    out = join_memorised(order[:listed], early, correct, fits=fits, classes=classes)
    assert out.tolist() == order[:listed].tolist()


def test_stays_fitted_from_counts_unseen_epochs_as_not_fitted():
    correct = np.array([[1, 0, 1], [1, 1, np.nan], [1, 1, 1]])
    assert stays_fitted_from(correct).tolist() == [0, 1, 2]


def test_find_label_issues_takes_the_keyword():
    r = ds.training.ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1], epochs=[0, 1],
        loss=[[0.4, 0.5, 2.0], [0.1, 0.2, 2.5]], p_label=[[0.7, 0.6, 0.1], [0.9, 0.8, 0.1]],
        margin=[[0.8, 0.4, -2.0], [2.0, 1.4, -2.5]], predicted=[[0, 1, 0], [0, 1, 0]],
    )  # fmt: skip
    assert ds.find_label_issues(r, memorised_flips=None).indices.tolist() == [2]
    assert ds.find_label_issues(r).indices.tolist() == [2]
    with pytest.raises(ValueError):
        ds.find_label_issues(r, memorised_flips=1.5)
