"""descend.examples.initial_regime: find_label_issues does not read the leading epochs that are no
better than a constant prediction (labelfull, session 26)."""

import numpy as np
import pytest

import descend as ds
from descend.examples.initial_regime import initial_regime_epochs, one_update_per_epoch, past_initial_regime
from descend.examples.memorisation import first_epochs
from descend.training import ExampleRecord, History

_ARRAYS = ("task", "labels", "epochs", "loss", "p_label", "margin", "predicted")


def _record(margin, predicted, loss, labels):
    margin = np.asarray(margin, dtype=float)
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=range(len(margin)),
        loss=loss,
        p_label=1 / (1 + np.exp(-margin)),
        margin=margin,
        predicted=predicted,
        classes=2,
    )


def _full_batch_like():
    """40 clean examples, 2 classes. Epoch 0 (the initial weights) predicts class 0 everywhere
    (accuracy 0.45, the commonest share 0.5); from epoch 1 the run fits all but two examples it
    always gets wrong; three class-1 examples (20-22) are right from epoch 1 with small margins."""
    n, epochs = 40, 6
    labels = np.repeat([0, 1], 20)
    margin, predicted, loss = np.zeros((epochs, n)), np.zeros((epochs, n), int), np.zeros((epochs, n))
    margin[0], loss[0] = np.where(labels == 0, 1.0, -1.0), 0.72
    for e in range(1, epochs):
        margin[e], predicted[e], loss[e] = 1.0 + e, labels, 0.5 / e
    margin[1:, [20, 21, 22]] = 0.05
    margin[:, [0, 1]], predicted[:, [0, 1]] = -3.0, 1
    return _record(margin, predicted, loss, labels)


def _history(record, updates_per_epoch):
    h = History()
    h.examples = record
    h.steps["epoch"] = [e for e in range(len(record.epochs)) for _ in range(updates_per_epoch)]
    return h


def test_known_answer_the_initial_epoch_no_longer_flags_slow_clean_examples():
    r = _full_batch_like()
    assert initial_regime_epochs(r) == 1
    assert ds.find_label_issues(r, initial_regime=True).indices.tolist() == [0, 1]
    # the parent read epoch 0, where the initial weights rejected every class-1 example
    assert ds.find_label_issues(r, initial_regime=False).indices.tolist() == [0, 1, 20, 21, 22]
    assert ds.find_label_issues(past_initial_regime(r), initial_regime=False).indices.tolist() == [0, 1]


def test_known_answer_by_default_only_a_full_batch_run_skips_the_initial_regime():
    """labelfull2: the test lowered the mini-batch headline, so by default it reads only runs that
    show one update per epoch; a record alone cannot say and is read whole (as before the test)."""
    r = _full_batch_like()
    full_batch, mini_batch = _history(r, 1), _history(r, 2)
    assert one_update_per_epoch(full_batch) and not one_update_per_epoch(mini_batch)
    assert not one_update_per_epoch(r)
    assert ds.find_label_issues(full_batch).indices.tolist() == [0, 1]
    assert ds.find_label_issues(mini_batch).indices.tolist() == [0, 1, 20, 21, 22]
    assert ds.find_label_issues(r).indices.tolist() == [0, 1, 20, 21, 22]
    # the explicit flag overrides the run's batch either way
    assert ds.find_label_issues(mini_batch, initial_regime=True).indices.tolist() == [0, 1]
    assert ds.find_label_issues(full_batch, initial_regime=False).indices.tolist() == [0, 1, 20, 21, 22]


def test_a_run_folder_says_whether_it_was_full_batch(tmp_path):
    X = np.random.default_rng(0).normal(size=(40, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    ds.train("softmax", (X, y), epochs=2, progress=False, log_dir=tmp_path / "full")
    ds.train("softmax", (X, y), epochs=2, batch_size=16, progress=False, log_dir=tmp_path / "mini")
    assert one_update_per_epoch(tmp_path / "full") and not one_update_per_epoch(tmp_path / "mini")
    assert not one_update_per_epoch(tmp_path / "nothing")


def test_a_record_says_whether_its_run_was_full_batch():
    r = _full_batch_like()
    full = ExampleRecord.from_arrays(**{k: getattr(r, k) for k in _ARRAYS}, updates_per_epoch=1)
    mini = ExampleRecord.from_arrays(**{k: getattr(r, k) for k in _ARRAYS}, updates_per_epoch=2)
    assert one_update_per_epoch(full) and not one_update_per_epoch(mini) and not one_update_per_epoch(r)
    assert ds.find_label_issues(full).indices.tolist() == [0, 1]
    assert ds.find_label_issues(mini).indices.tolist() == [0, 1, 20, 21, 22]
    assert ds.find_label_issues(full, initial_regime=False).indices.tolist() == [0, 1, 20, 21, 22]
    # the record cut past the initial regime, or to its first epochs, keeps the count
    assert past_initial_regime(full).updates_per_epoch == 1 and first_epochs(mini, 3).updates_per_epoch == 2


def _issues(run):
    return ds.find_label_issues(run).indices.tolist()


@pytest.mark.parametrize("batch_size", [None, 16], ids=["full-batch", "mini-batch"])
def test_a_runs_record_saved_or_not_gives_its_historys_list(tmp_path, batch_size):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3)).astype(np.float32)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)
    y[:5] = 1 - y[:5]
    h = ds.train(
        "softmax",
        (X, y),
        epochs=10,
        lr=0.05,
        batch_size=batch_size,
        seed=0,
        progress=False,
        track_examples=True,
        log_dir=tmp_path,
    )
    assert h.examples.updates_per_epoch == (1 if batch_size is None else 4)
    listed = _issues(h)
    assert _issues(h.examples) == _issues(tmp_path / "examples.npz") == _issues(tmp_path) == listed
    assert one_update_per_epoch(tmp_path / "examples.npz") == (batch_size is None)
    whole = ds.find_label_issues(h.examples, initial_regime=False).indices.tolist()
    if batch_size is None:  # the initial regime matters here, and the record alone now skips it
        assert listed != whole
    else:  # a mini-batch record's list is the one it gave before the count was kept
        assert listed == whole
    # a record without the count (an older file) is read whole, as before
    unknown = ExampleRecord.from_arrays(**{k: getattr(h.examples, k) for k in (*_ARRAYS, "classes")})
    assert unknown.updates_per_epoch is None and _issues(unknown) == whole


def test_a_run_folder_without_steps_reads_its_records_count(tmp_path):
    r = _full_batch_like()
    ExampleRecord.from_arrays(**{k: getattr(r, k) for k in _ARRAYS}, updates_per_epoch=1).save(
        tmp_path / "examples.npz"
    )
    assert one_update_per_epoch(tmp_path) and _issues(tmp_path) == [0, 1]
    h = History()
    h.examples = ExampleRecord.load(tmp_path / "examples.npz")
    assert one_update_per_epoch(h)  # a History with no per-update log
    (tmp_path / "notes.txt").write_text("not a record")
    assert not one_update_per_epoch(tmp_path / "notes.txt")


def test_epochs_better_than_a_constant_are_all_read():
    r = _full_batch_like()
    learnt = _record(r.margin[1:], r.predicted[1:], r.loss[1:], r.labels)  # a mini-batch-like start
    assert initial_regime_epochs(learnt) == 0
    assert past_initial_regime(learnt) is learnt
    assert (
        ds.find_label_issues(learnt).indices.tolist()
        == ds.find_label_issues(learnt, initial_regime=False).indices.tolist()
    )


def test_either_level_marks_the_regime_and_ties_count():
    labels = [0, 0, 1, 1]
    right, margin = [[0, 0, 1, 1]] * 4, np.ones((4, 4))
    low = [[0.2] * 4] * 4
    # accuracy 0.5 = the commonest share (a tie) in epoch 0; loss above log 2 in epoch 1
    predicted = [[0, 0, 0, 0]] + right[1:]
    loss = [[0.2] * 4, [0.8] * 4, [0.2] * 4, [0.2] * 4]
    assert initial_regime_epochs(_record(margin, predicted, loss, labels)) == 2
    assert initial_regime_epochs(_record(margin, right, low, labels)) == 0


def test_a_record_left_with_fewer_than_two_epochs_is_read_whole():
    labels, margin = [0, 0, 1, 1], np.ones((3, 4))
    predicted = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1]]
    assert initial_regime_epochs(_record(margin, predicted, [[0.2] * 4] * 3, labels)) == 0
    never = [[0, 0, 0, 0]] * 3
    assert initial_regime_epochs(_record(margin, never, [[0.2] * 4] * 3, labels)) == 0


def test_bad_flag_names_the_value():
    with pytest.raises(Exception, match="initial_regime"):
        ds.find_label_issues(_full_batch_like(), initial_regime="yes")
