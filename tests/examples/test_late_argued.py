"""Where a run of three or more classes fits 0.8-0.85 of its labels and its list holds at least 0.16
of the training set, the examples outside it with relative AUM below 0 whose late half is under the
bar join its end, most negative first, up to a tenth of the list (``descend.examples.late_argued``,
session 21, round 44); ``late_argued_share=None`` restores the rule before it."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import LATE_ARGUED, LATE_ARGUED_BELOW, LATE_ARGUED_FROM, LATE_ARGUED_LIST, late_argued


def _scores(n: int = 200):
    """40 listed (0-39); outside: 10 argued against in both (40-49, relative AUM -0.4 down to -0.85,
    late half -0.5), 5 below 0 whose late half has come back (50-54, late -0.1), 5 above 0 (55-59,
    late -0.9), the rest fitted."""
    rel, late = np.ones(n), np.ones(n)
    rel[:40], late[:40] = -1.0, -1.0
    rel[40:50], late[40:50] = -0.4 - 0.05 * np.arange(10), -0.5
    rel[50:55], late[50:55] = -0.6, -0.1
    rel[55:60], late[55:60] = 0.1, -0.9
    return np.arange(40), rel, late


def test_the_examples_the_late_half_still_argues_against_join_the_list():
    order, rel, late = _scores()
    assert (LATE_ARGUED, LATE_ARGUED_FROM, LATE_ARGUED_BELOW, LATE_ARGUED_LIST) == (0.1, 0.8, 0.85, 0.16)
    more = late_argued(order, rel, late, fits=0.82, classes=3, bar=-0.15)  # 40 >= 0.16 x 200: at most 4
    assert more.tolist() == [49, 48, 47, 46]
    assert late_argued(order, rel, late, fits=0.82, classes=3, bar=-0.15, share=1.0).tolist() == list(range(49, 39, -1))
    assert late_argued(order, rel, late, fits=0.82, classes=3, bar=-0.15, share=None).tolist() == []


def test_the_gates():
    order, rel, late = _scores()
    for fits, classes in ((0.79, 3), (0.85, 3), (float("nan"), 3), (0.82, 2)):
        assert late_argued(order, rel, late, fits=fits, classes=classes, bar=-0.15).tolist() == []
    order, rel, late = _scores(250)  # 40 listed = 0.16 x 250
    assert late_argued(order, rel, late, fits=0.82, classes=3, bar=-0.15).tolist() == [49, 48, 47, 46]
    order, rel, late = _scores(251)  # 40 < 0.16 x 251
    assert late_argued(order, rel, late, fits=0.82, classes=3, bar=-0.15).tolist() == []


@pytest.mark.parametrize("bad", [0, -0.1, float("nan"), "0.1"])
def test_bad_shares_raise(bad):
    labels = np.arange(60) % 3
    p = np.full((4, 60), 0.8)
    record = ds.training.ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(4)), loss=-np.log(p),
        p_label=p, margin=np.full((4, 60), 1.0), predicted=np.tile(labels, (4, 1)), classes=3,
    )  # fmt: skip
    assert ds.find_label_issues(record, late_argued_share=None).indices.tolist() == []
    with pytest.raises((ValueError, TypeError), match="late_argued"):
        ds.find_label_issues(record, late_argued_share=bad)
