"""find_label_issues on a run whose sampler left examples out of every batch (their labels, never
read, are -1 in the record): it reads the others, and names the run's own indices."""

import numpy as np
import torch
from _example_records import flips_from_class_0

import descend as ds
from descend.training import ExampleRecord


def _with_unseen(record: ExampleRecord, at: list[int]) -> ExampleRecord:
    """``record`` with examples never in a batch inserted at positions ``at`` of the result."""
    n, epochs = record.n + len(at), len(record.epochs)
    seen = np.setdiff1d(np.arange(n), at)

    def spread(values, fill, dtype):
        out = np.full((epochs, n), fill, dtype)
        out[:, seen] = values
        return out

    labels = np.full(n, -1)
    labels[seen] = record.labels
    return ExampleRecord.from_arrays(
        task="classification",
        epochs=record.epochs,
        labels=labels,
        loss=spread(record.loss, np.nan, np.float32),
        p_label=spread(record.p_label, np.nan, np.float32),
        margin=spread(record.margin, np.nan, np.float32),
        predicted=spread(record.predicted, -1, np.int32),
        classes=record.classes,
    )


def test_examples_no_batch_held_are_left_out_and_the_indices_are_the_runs():
    """Was numpy's "'list' argument must have no negative elements" from deep in the count."""
    trained = flips_from_class_0([12, 10], flips=[3, 7])
    record = _with_unseen(trained, at=[0, 5, 23])
    issues, alone = ds.find_label_issues(record), ds.find_label_issues(trained)
    seen = np.setdiff1d(np.arange(record.n), [0, 5, 23])
    assert len(alone) > 0 and issues["index"].tolist() == seen[alone["index"]].tolist()
    assert issues["suggested"].tolist() == alone["suggested"].tolist()
    assert (
        "of 22 training examples flagged (not counted: the record's 3 other rows, held out for validation or in no batch"
        in repr(issues)
    )


def test_a_subset_sampler_run_is_read():
    torch.manual_seed(0)
    x = torch.randn(24, 3)
    data = torch.utils.data.TensorDataset(x, (x[:, 0] > 0).long())
    sampler = torch.utils.data.SubsetRandomSampler(range(16))
    loader = torch.utils.data.DataLoader(data, batch_size=8, sampler=sampler)
    run = ds.train("softmax", loader, lr=0.1, epochs=2, progress=False, instruments=False, track_examples=True)
    issues = ds.find_label_issues(run)
    assert issues.n_examples == 24 and issues.unseen == 8 and set(issues["index"]) <= set(range(16))
