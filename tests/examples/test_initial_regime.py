"""descend.examples.initial_regime: find_label_issues does not read the leading epochs that are no
better than a constant prediction (labelfull, session 26)."""

import numpy as np
import pytest

import descend as ds
from descend.examples.initial_regime import initial_regime_epochs, past_initial_regime
from descend.examples.memorisation import first_epochs
from descend.training import ExampleRecord

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


def _counted(record, updates_per_epoch):
    """``record`` as a run that made ``updates_per_epoch`` updates in each epoch recorded it."""
    return ExampleRecord.from_arrays(**{k: getattr(record, k) for k in _ARRAYS}, updates_per_epoch=updates_per_epoch)


def test_known_answer_the_initial_epoch_no_longer_flags_slow_clean_examples():
    r = _full_batch_like()
    assert initial_regime_epochs(r) == 1
    assert ds.find_label_issues(r, initial_regime=True).indices.tolist() == [0, 1]
    # the parent read epoch 0, where the initial weights rejected every class-1 example
    assert ds.find_label_issues(r, initial_regime=False).indices.tolist() == [0, 1, 20, 21, 22]
    assert ds.find_label_issues(past_initial_regime(r), initial_regime=False).indices.tolist() == [0, 1]


def test_known_answer_by_default_only_a_full_batch_run_skips_the_initial_regime():
    """labelfull2: the test lowered the mini-batch headline, so by default it reads only records
    of one update per epoch; a record that does not know its count is read whole (as before)."""
    r = _full_batch_like()
    full_batch, mini_batch = _counted(r, 1), _counted(r, 2)
    assert ds.find_label_issues(full_batch).indices.tolist() == [0, 1]
    assert ds.find_label_issues(mini_batch).indices.tolist() == [0, 1, 20, 21, 22]
    assert ds.find_label_issues(r).indices.tolist() == [0, 1, 20, 21, 22]
    # the explicit flag overrides the run's batch either way
    assert ds.find_label_issues(mini_batch, initial_regime=True).indices.tolist() == [0, 1]
    neither = ds.find_label_issues(full_batch, initial_regime=False, late_learners=False)
    assert neither.indices.tolist() == [0, 1, 20, 21, 22]
    # (by default a full-batch run's late learners leave too: 20-22 are right at its end, learnt_late)
    assert ds.find_label_issues(full_batch, initial_regime=False).indices.tolist() == [0, 1]
    # the record cut past the initial regime, or to its first epochs, keeps the count
    assert past_initial_regime(full_batch).updates_per_epoch == 1
    assert first_epochs(mini_batch, 3).updates_per_epoch == 2


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
    assert ExampleRecord.load(tmp_path / "examples.npz").updates_per_epoch == h.examples.updates_per_epoch
    whole = ds.find_label_issues(h.examples, initial_regime=False, late_learners=False).indices.tolist()
    if batch_size is None:  # the full-batch tests matter here, and the record alone now applies them
        assert listed != whole
    else:  # a mini-batch record's list is the one it gave before the count was kept
        assert listed == whole
    # a record without the count (an older file) is read whole, as before
    unknown = ExampleRecord.from_arrays(**{k: getattr(h.examples, k) for k in (*_ARRAYS, "classes")})
    assert unknown.updates_per_epoch is None and _issues(unknown) == whole


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
