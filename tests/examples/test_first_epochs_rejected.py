"""Where the run memorises early and no count caps the list, the examples the first epochs argued
against decisively join the list (``descend.examples.first_epochs_rejected``)."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend.examples import FIRST_EPOCHS, first_epochs_means, rejected_first
from descend.training import ExampleRecord

EARLY, QUICK, HARD = [0, 1, 2, 3, 4], [50, 51, 52, 53, 54], [5, 6, 7, 8, 9]


def _memorised_early() -> ExampleRecord:
    """100 examples over 10 epochs, two classes of 50, margins +-2 (relative +-1) for most:

    - 0-4, flips argued against for 4 epochs and fitted in the fifth (the onset: 100% fitted);
    - 50-54, flips fitted by the fourth epoch: relative margins 0.2, -0.6, -1, 0.25, 0.5, 1, ...;
    - 5-9, clean examples learned late: 0, -0.5, 0, -0.2, 0.1, 1, ...
    """
    labels = np.repeat([0, 1], 50).astype(np.int64)
    margin = np.full((10, 100), 2.0)
    margin[:4, EARLY] = -2.0
    margin[:5, QUICK] = np.array([0.4, -1.2, -2.0, 0.5, 1.0])[:, None]
    margin[:5, HARD] = np.array([0.0, -1.0, 0.0, -0.4, 0.2])[:, None]
    predicted = np.where(margin > 0, labels, 1 - labels)
    return ExampleRecord.from_arrays(
        task="classification", labels=labels, epochs=list(range(10)), loss=np.ones((10, 100)),
        p_label=np.full((10, 100), 0.5), margin=margin, predicted=predicted, classes=2,
    )  # fmt: skip


def test_flips_the_first_epochs_rejected_join_the_list_of_an_early_memorising_run():
    record = _memorised_early()
    old = ds.find_label_issues(record, rejected_first_epochs=None)
    # onset in epoch 5 of 10: the rule reads 5 epochs, memorised early, no count
    assert old.onset == 4 and old.epochs == 5 and old.estimated is None
    # the quick flips: early half -0.2, late half -0.08, relative AUM -0.13: not decisive in either half
    assert sorted(old.indices.tolist()) == EARLY
    issues = ds.find_label_issues(record)
    # their first three epochs average (0.2 - 0.6 - 1) / 3 = -0.47 < -0.3; the clean ones -0.17
    assert issues.indices.tolist() == old.indices.tolist() + QUICK
    assert issues.estimated is None and FIRST_EPOCHS == 3
    # over two epochs the quick flips average -0.2: not decisive yet
    assert ds.find_label_issues(record, rejected_first_epochs=2).indices.tolist() == old.indices.tolist()
    # a run that does not memorise early keeps its list: the same margins, read whole
    assert (
        ds.find_label_issues(record, memorised_at=None).indices.tolist()
        == ds.find_label_issues(record, memorised_at=None, rejected_first_epochs=None).indices.tolist()
    )


def test_first_epochs_means_and_rejected_first():
    record = _memorised_early()
    means = first_epochs_means(record.margin[:5])
    assert means[QUICK].round(4).tolist() == [round((0.2 - 0.6 - 1) / 3, 4)] * 5
    assert means[HARD].round(4).tolist() == [round(-0.5 / 3, 4)] * 5
    assert means[EARLY].tolist() == [-1.0] * 5
    assert first_epochs_means(record.margin[:2], 3)[QUICK].round(4).tolist() == [-0.2] * 5  # fewer epochs: all of them
    argued = np.zeros(100, bool)
    argued[EARLY + QUICK + HARD] = True
    assert rejected_first(record.margin[:5], np.array(EARLY), argued, below=-0.3).tolist() == EARLY + QUICK
    assert rejected_first(record.margin[:5], np.array([], int), argued, below=-0.3).tolist() == EARLY + QUICK
    assert rejected_first(record.margin[:5], np.array(EARLY), argued, below=-0.3, epochs=None).tolist() == EARLY


@pytest.mark.parametrize("bad", [0, 2.5, True, -1])
def test_bad_epochs_raise_one_clear_error(bad):
    with pytest.raises(ValueError, match=r"^rejected_first_epochs must be"):
        ds.find_label_issues(_memorised_early(), rejected_first_epochs=bad)
