"""Step (2) of ``find_label_issues``: the halves' means of relative margins, each epoch's clipped
to +-1 (``descend.examples.half_clipped_aum``), so one extreme epoch decides nothing."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import (
    MARGIN_CLIP,
    half_clipped_aum,
    half_relative_aum,
)
from descend.training import ExampleRecord


def test_one_extreme_epoch_does_not_make_an_example_decisively_wrong():
    # 4 examples, 6 epochs, every epoch's median |margin| 1. Example 1 is argued against once,
    # in the first epoch (-9: a network near its initialisation), then weakly confirmed (0.2):
    # the plain mean of its early half is -2.87, clipped to +-1 -0.2. Example 2 is argued
    # against in every early epoch and memorised in the last two. Example 3 is clean, argued
    # against in two of the three early epochs and confirmed after.
    r = ExampleRecord.from_arrays(
        task="classification", labels=[0, 1, 1, 0], epochs=list(range(6)),
        loss=np.ones((6, 4)), p_label=np.full((6, 4), 0.5),
        margin=[[1.0, -9.0, -1.0, -1.0], [1.0, 0.2, -1.0, -1.0], [1.0, 0.2, -1.0, 1.0],
                [1.0, 0.2, -1.0, 1.0], [1.0, 0.2, 1.0, 1.0], [1.0, 0.2, 1.0, 1.0]],
        predicted=[[0, 0, 0, 1], [0, 1, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0]],
    )  # fmt: skip
    assert MARGIN_CLIP == 1.0
    assert half_relative_aum(r.margin).tolist() == pytest.approx([1.0, -8.6 / 3, -1.0, -1 / 3])
    assert half_clipped_aum(r.margin).tolist() == pytest.approx([1.0, -0.6 / 3, -1.0, -1 / 3])
    # all six epochs read; step (2c) off (below)
    issues = ds.find_label_issues(r, tail=None, memorised_at=None, memorised_above=None)
    # 1 (relative AUM -1.33 < 0) is not flagged: no half argues against it through more than one
    # epoch; 3 is not either (relative AUM 0.33: the model confirms it over the run); 2 is (-0.33, -1)
    assert issues.indices.tolist() == [2]
    assert issues["half_clipped_aum"].tolist() == [-1.0]
    # the last epoch fits 2, all its early half rejected: step (2c) lets the early half flag alone,
    # and 3 (early clipped mean -1/3) joins, last; 1 (early -0.2) still does not
    with_2c = ds.find_label_issues(r, tail=None, memorised_at=None)
    assert with_2c.indices.tolist() == [2, 3]
    # a wider clip lets the first epoch decide again
    assert half_clipped_aum(r.margin, clip=9.0)[1] == pytest.approx(-8.6 / 3)


def test_the_clipped_halves_skip_unseen_epochs_and_halves():
    nan = np.nan
    margin = np.array([[1.0, nan, nan], [1.0, -1.0, nan], [-1.0, nan, nan], [-1.0, 1.0, nan]])
    # example 0: means 1 and -1; 1: each half saw it once (-1 early, 1 late); 2: never seen
    out = half_clipped_aum(margin)
    assert out[:2].tolist() == [-1.0, -1.0] and np.isnan(out[2])
    assert half_clipped_aum(np.ones((1, 2))).tolist() == [1.0, 1.0]  # one epoch: the late half alone


@pytest.mark.parametrize("clip", [0, -1.0])
def test_a_bad_clip_is_one_clear_error(clip):
    with pytest.raises(ValueError, match=r"^clip must be a number > 0, got "):
        half_clipped_aum(np.ones((2, 2)), clip=clip)
