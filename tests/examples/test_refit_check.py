"""Step (5) of find_label_issues: a mini-batch list's late learners confirmed by a refit without the list."""

import numpy as np
import pytest

import descend as ds
from descend._checks import InvalidArgument
from descend.examples import refit_gate, refit_leavers, refit_predicted
from descend.training import ExampleRecord


def _late_learner_run(updates_per_epoch: int = 4) -> ExampleRecord:
    """Ten examples, eight fitted from the start; example 8 rejected for seven epochs and fitted at the
    last, example 9 rejected to the end."""
    epochs, n = 8, 10
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1])
    margin = np.full((epochs, n), 2.0)
    margin[:, 8] = [-2, -2, -2, -2, -2, -2, -1, 0.5]
    margin[:, 9] = -2.0
    return ExampleRecord.from_arrays(
        task="classification",
        labels=labels,
        epochs=range(epochs),
        loss=np.ones((epochs, n)),
        p_label=np.where(margin > 0, 0.8, 0.2),
        margin=margin,
        predicted=np.where(margin > 0, labels, 1 - labels),
        updates_per_epoch=updates_per_epoch,
    )


def _refit(classes: dict[int, int], n: int = 10) -> np.ndarray:
    out = np.full(n, -1)
    for i, c in classes.items():
        out[i] = c
    return out


def test_the_late_learner_leaves_where_the_refit_places_it_in_its_class():
    run = _late_learner_run()
    assert sorted(ds.find_label_issues(run).indices.tolist()) == [8, 9]
    assert ds.find_label_issues(run, refit=_refit({8: 0, 9: 0})).indices.tolist() == [9]


def test_it_stays_where_the_refit_places_it_elsewhere():
    run = _late_learner_run()
    assert sorted(ds.find_label_issues(run, refit=_refit({8: 1, 9: 0})).indices.tolist()) == [8, 9]


def test_an_example_still_wrong_at_the_end_stays_whatever_the_refit():
    run = _late_learner_run()
    assert 9 in ds.find_label_issues(run, refit=_refit({8: 0, 9: 1})).indices.tolist()


def test_full_batch_lists_never_change():
    run = _late_learner_run(updates_per_epoch=1)
    refit = _refit({8: 0, 9: 1})
    assert not refit_gate(run)
    assert ds.find_label_issues(run, refit=refit).indices.tolist() == ds.find_label_issues(run).indices.tolist()


def test_refit_leavers_reads_the_last_epoch_and_the_refit():
    run = _late_learner_run()
    assert refit_leavers(run, np.array([8, 9]), _refit({8: 0, 9: 1})).tolist() == [True, False]


def test_refit_predicted_trains_without_the_list_for_a_quarter_of_the_epochs():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 100)
    X = (rng.normal(size=(200, 2)) + 4.0 * y[:, None]).astype(np.float32)
    y[0] = 1  # a flip, deep in class 0
    F = refit_predicted("mlp", (X, y), [0, 150], lr=0.01, batch_size=16, epochs=20)
    assert F[0] == 0 and F[150] == 1 and (np.delete(F, [0, 150]) == -1).all()
    assert (refit_predicted("mlp", (X, y), [], epochs=20) == -1).all()  # nothing listed: no run


def test_bad_refit_is_one_clear_error():
    run = _late_learner_run()
    with pytest.raises(InvalidArgument, match="refit must be refit_predicted's 10 integer classes"):
        ds.find_label_issues(run, refit=np.zeros(3, dtype=int))
    with pytest.raises(InvalidArgument, match="listed must index the 200 examples"):
        refit_predicted("mlp", (np.zeros((200, 2), np.float32), np.zeros(200, int)), [200])
