"""The per-example record's container: construction, the ``correct`` view, the npz round trip
and its bad inputs."""

import numpy as np
import pytest
import torch

from descend.training import ExampleRecord, run_folder


def _classification():
    return ExampleRecord.from_arrays(
        task="classification",
        labels=[0, 1, 2],
        epochs=[0, 1],
        loss=[[0.5, 1.5, np.nan], [0.1, 0.2, 0.3]],
        p_label=[[0.6, 0.2, np.nan], [0.9, 0.8, 0.7]],
        margin=[[0.4, -1.0, np.nan], [2.0, 1.5, 1.0]],
        predicted=[[0, 2, -1], [0, 1, 2]],
    )


def test_correct_is_one_zero_and_nan_where_not_seen():
    r = _classification()
    assert r.n == 3 and r.classes == 3
    np.testing.assert_array_equal(r.correct, [[1, 0, np.nan], [1, 1, 1]])
    assert r.correct.dtype == np.float32
    assert r.loss.dtype == np.float32 and r.predicted.dtype == np.int32 and r.labels.dtype == np.int64


def test_npz_round_trip_is_exact(tmp_path):
    r = _classification()
    path = r.save(tmp_path / run_folder.EXAMPLES)
    assert path.name == "examples.npz" and path.is_file()
    back = ExampleRecord.load(path)
    assert back.equals(r) and back.task == "classification"
    np.testing.assert_array_equal(back.margin, r.margin)
    assert not list(tmp_path.glob(".*tmp*"))


def test_regression_round_trip(tmp_path):
    r = ExampleRecord.from_arrays(task="regression", epochs=[0, 1, 2], loss=np.arange(6.0).reshape(3, 2))
    back = ExampleRecord.load(r.save(tmp_path / "r.npz"))
    assert back.equals(r) and back.labels is None and back.classes is None and back.p_label is None
    with pytest.raises(ValueError, match="correct needs a classification record"):
        _ = back.correct


def test_bad_inputs_name_the_value():
    with pytest.raises(ValueError, match="task must be one of 'classification', 'regression', got 'ranking'"):
        ExampleRecord.from_arrays(task="ranking", epochs=[0], loss=[[1.0]])
    with pytest.raises(ValueError, match=r"loss must be an array of shape \(2, n\).*got shape \(1, 2\)"):
        ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1.0, 2.0]])
    with pytest.raises(ValueError, match="p_label must be an array for a classification record, got None"):
        ExampleRecord.from_arrays(task="classification", labels=[0], epochs=[0], loss=[[1.0]])
    with pytest.raises(ValueError, match=r"labels must have one entry per example \(2\), got shape \(3,\)"):
        ExampleRecord.from_arrays(
            task="classification",
            labels=[0, 1, 1],
            epochs=[0],
            loss=[[1, 2]],
            p_label=[[1, 2]],
            margin=[[1, 2]],
            predicted=[[0, 1]],
        )


def test_loading_a_file_that_is_not_a_record_says_so(tmp_path):
    bad = tmp_path / "examples.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="is not a descend examples record"):
        ExampleRecord.load(bad)
    np.savez_compressed(tmp_path / "other.npz", x=np.zeros(2))
    with pytest.raises(ValueError, match="no task, epochs or loss array"):
        ExampleRecord.load(tmp_path / "other.npz")
    # Arrays that do not fit together: was "labels must have one entry per example (2), ...", naming no file.
    np.savez_compressed(
        tmp_path / "odd.npz", task=np.array("classification"), classes=np.array(2), epochs=np.arange(1),
        loss=np.ones((1, 2)), labels=np.zeros(3, np.int64), p_label=np.ones((1, 2)), margin=np.ones((1, 2)),
        predicted=np.zeros((1, 2), np.int64),
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"odd\.npz is not a descend examples record \(labels must have one entry"):
        ExampleRecord.load(tmp_path / "odd.npz")


class _RepeatingSource:
    """Three examples in two batches that share example 1 (a sampler with replacement)."""

    n = 3

    def indices_problem(self):
        return None

    def example_batches(self, epoch, start=0, reuse=True, part=(0, 1)):
        y = torch.tensor([0, 1])
        yield torch.tensor([0, 1]), (torch.zeros(2, 1), y)
        yield torch.tensor([1, 2]), (torch.zeros(2, 1), y.flip(0))


def test_an_example_drawn_twice_in_an_epoch_keeps_its_later_batch():
    from descend.training.examples_tracking import ExampleTracker

    source = _RepeatingSource()
    tracker = ExampleTracker("classification", source, "cross_entropy", classes=2)
    logits = iter([torch.tensor([[2.0, 0.0], [0.0, 1.0]]), torch.tensor([[0.0, 3.0], [2.0, 0.0]])])
    for _, yb in tracker.batches(source, epoch=0):
        tracker.add(next(logits), yb)
    record = tracker.end_epoch(0)
    # Example 1 (label 1): margin 1 in the first batch, 3 in the second, which wins.
    np.testing.assert_allclose(record.margin[0], [2.0, 3.0, 2.0])
    assert record.predicted[0].tolist() == [0, 1, 0]


def test_updates_per_epoch_is_kept_saved_and_checked(tmp_path):
    r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], updates_per_epoch=np.int64(3))
    assert r.updates_per_epoch == 3 and type(r.updates_per_epoch) is int
    assert repr(r) == "ExampleRecord(2 examples, 1 epoch, regression, 3 updates per epoch)"
    back = ExampleRecord.load(r.save(tmp_path / "r.npz"))
    assert back.updates_per_epoch == 3 and back.equals(r)
    unknown = _classification()
    assert unknown.updates_per_epoch is None and "update" not in repr(unknown)
    assert ExampleRecord.load(unknown.save(tmp_path / "u.npz")).updates_per_epoch is None
    # the count is part of the record: the same arrays with another count are another record
    assert not back.equals(ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]]))
    for bad in (0, -1, 1.5, "1", True):
        with pytest.raises(ValueError, match=f"updates_per_epoch must be an integer >= 1 or None.*got {bad!r}"):
            ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0]], updates_per_epoch=bad)


def test_a_file_saved_before_updates_per_epoch_loads_with_none(tmp_path):
    r = _classification()
    old = tmp_path / "old.npz"  # the keys save wrote before the count was kept
    np.savez_compressed(
        old,
        task=np.array(r.task),
        classes=np.array(r.classes, dtype=np.int64),
        epochs=r.epochs,
        loss=r.loss,
        labels=r.labels,
        p_label=r.p_label,
        margin=r.margin,
        predicted=r.predicted,
    )
    back = ExampleRecord.load(old)
    assert back.updates_per_epoch is None and back.equals(r)
