"""Recording the per-example record during ``descend.train``: the values equal a hand
computation from the outputs the training steps' own forward passes gave (mini-batch,
full-batch, stochastic, accumulated; softmax, one-logit binary, regression), from in-memory
data, a Dataset and a DataLoader; resume; the run folder; bad inputs."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, IterableDataset, TensorDataset

import descend as ds
from descend import History
from descend.training import Callback, ExampleRecord, examples_tracking, run_folder

N = 11


def _data(task: str = "multiclass"):
    g = torch.Generator().manual_seed(1)
    X = torch.randn(N, 3, generator=g)  # distinct rows: a batch's rows say which examples it holds
    if task == "multiclass":
        y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 2, 1])
    elif task == "binary":
        y = torch.tensor([0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1])
    else:
        y = X[:, 0] * 2 - X[:, 1] + 0.1 * torch.randn(N, generator=g)
    return X, y


class Watched(torch.nn.Module):
    """A linear layer that keeps the input and output of every training forward pass."""

    def __init__(self, outputs: int) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.layer = torch.nn.Linear(3, outputs)
        self.seen: list[tuple[torch.Tensor, torch.Tensor]] = []

    def forward(self, x):
        out = self.layer(x)
        if self.training and torch.is_grad_enabled():
            self.seen.append((x.detach().clone(), out.detach().clone()))
        return out


def _rows_of(X: torch.Tensor, xb: torch.Tensor) -> np.ndarray:
    match = (xb[:, None, :] == X[None, :, :]).all(-1)
    assert bool((match.sum(1) == 1).all())
    return match.float().argmax(1).numpy()


def _by_hand(model: Watched, X, y, task: str, epochs: int) -> dict[str, np.ndarray]:
    """The record computed in float64 from the outputs the training forward passes gave."""
    per_epoch = len(model.seen) // epochs
    loss = np.full((epochs, N), np.nan)
    p = np.full((epochs, N), np.nan)
    margin = np.full((epochs, N), np.nan)
    predicted = np.full((epochs, N), -1)
    for k, (xb, out) in enumerate(model.seen):
        e, rows = k // per_epoch, _rows_of(X, xb)
        z, labels = out.double().numpy(), y.numpy()[rows]
        if task == "regression":
            loss[e, rows] = (z[:, 0] - labels) ** 2
            continue
        if task == "binary":  # logits (0, z): p(1) = sigmoid(z)
            z = np.stack([np.zeros(len(z)), z[:, 0]], 1)
        logp = z - z.max(1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
        given = z[np.arange(len(z)), labels]
        others = np.where(np.eye(z.shape[1], dtype=bool)[labels], -np.inf, z).max(1)
        loss[e, rows] = -logp[np.arange(len(z)), labels]
        p[e, rows] = np.exp(logp[np.arange(len(z)), labels])
        margin[e, rows] = given - others
        predicted[e, rows] = z.argmax(1)
    return {"loss": loss, "p_label": p, "margin": margin, "predicted": predicted}


RUN = dict(optimizer="sgd", lr=0.3, epochs=3, tol=None, instruments=False, progress=False, seed=5)


@pytest.mark.parametrize(
    ("batch_size", "accumulate"),
    [(4, 1), (None, 1), (1, 1), (3, 2)],
    ids=["mini-batch", "full-batch", "stochastic", "accumulated"],
)
@pytest.mark.parametrize("task", ["multiclass", "binary", "regression"])
def test_the_record_is_the_hand_computation_from_the_training_outputs(task, batch_size, accumulate):
    X, y = _data(task)
    model = Watched(3 if task == "multiclass" else 1)
    loss = {"multiclass": "cross_entropy", "binary": "bce", "regression": "mse"}[task]
    h = ds.train(model, (X, y), loss=loss, batch_size=batch_size, accumulate=accumulate, track_examples=True, **RUN)
    r = h.examples
    assert isinstance(r, ExampleRecord) and r.n == N
    assert r.epochs.tolist() == [0, 1, 2]
    assert not np.isnan(r.loss).any()  # every example seen once an epoch
    want = _by_hand(model, X, y, task, 3)
    np.testing.assert_allclose(r.loss, want["loss"], rtol=2e-6, atol=1e-6)
    if task == "regression":
        assert r.task == "regression" and r.labels is None and r.p_label is None
        return
    assert r.task == "classification" and r.classes == (3 if task == "multiclass" else 2)
    assert r.labels.tolist() == y.tolist()
    np.testing.assert_allclose(r.p_label, want["p_label"], rtol=2e-6, atol=1e-6)
    np.testing.assert_allclose(r.margin, want["margin"], rtol=2e-6, atol=1e-6)
    np.testing.assert_array_equal(r.predicted, want["predicted"])
    np.testing.assert_array_equal(r.correct, (want["predicted"] == y.numpy()).astype(np.float32))


def test_a_dataset_and_a_shuffling_loader_are_recorded_by_their_examples_indices():
    X, y = _data()
    for data in (
        TensorDataset(X, y),
        DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(3)),
    ):
        model = Watched(3)
        h = ds.train(model, data, batch_size=4 if isinstance(data, TensorDataset) else None, track_examples=True, **RUN)
        want = _by_hand(model, X, y, "multiclass", 3)
        np.testing.assert_allclose(h.examples.loss, want["loss"], rtol=2e-6, atol=1e-6)
        np.testing.assert_array_equal(h.examples.predicted, want["predicted"])


def test_tracking_changes_nothing_else_in_the_run():
    X, y = _data()
    for data in ((X, y), DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True)):
        runs = []
        for track in (True, False):
            torch.manual_seed(7)  # a shuffling loader draws its order from the global generator
            runs.append(
                ds.train(
                    "softmax", data, track_examples=track, batch_size=4 if isinstance(data, tuple) else None, **RUN
                )
            )
        assert runs[0].steps["loss"] == runs[1].steps["loss"]
        assert runs[1].examples is None


def test_auto_tracks_training_sets_up_to_the_limit(monkeypatch):
    X, y = _data()
    assert ds.train("softmax", (X, y), **RUN).examples is not None  # the default is "auto"
    monkeypatch.setattr(examples_tracking, "AUTO_LIMIT", N - 1)
    assert ds.train("softmax", (X, y), **RUN).examples is None
    assert ds.train("softmax", (X, y), track_examples=True, **RUN).examples is not None


class _Stream(IterableDataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __iter__(self):
        return iter(zip(self.X, self.y))

    def __len__(self):
        return len(self.X)


def test_bad_inputs_get_one_clear_error():
    X, y = _data()
    with pytest.raises(ValueError, match="track_examples must be True, False or 'auto', got 'yes'"):
        ds.train("softmax", (X, y), track_examples="yes", **RUN)
    with pytest.raises(
        ValueError,
        match="track_examples needs the index of every training example; the DataLoader's dataset is an IterableDataset",
    ):
        ds.train("softmax", DataLoader(_Stream(X, y), batch_size=4), track_examples=True, **RUN)

    def scalar_loss(out, target):
        return torch.nn.functional.cross_entropy(out, target)

    with pytest.raises(
        ValueError,
        match="track_examples needs a loss that gives one value per example, got loss=.*scalar_loss, which takes no reduction argument",
    ):
        ds.train("softmax", (X, y), loss=scalar_loss, track_examples=True, **RUN)

    def ignores_reduction(out, target, **kwargs):
        return torch.nn.functional.cross_entropy(out, target)

    with pytest.raises(ValueError, match=r"one loss value per example: the loss with reduction='none' gave shape \(\)"):
        ds.train("softmax", (X, y), loss=ignores_reduction, track_examples=True, **RUN)
    # "auto" (the default) quietly records nothing where it cannot; False never records.
    assert ds.train("softmax", DataLoader(_Stream(X, y), batch_size=4), **RUN).examples is None
    assert ds.train("softmax", (X, y), loss=scalar_loss, **RUN).examples is None
    assert ds.train("softmax", (X, y), loss=ignores_reduction, **RUN).examples is None
    assert ds.train("softmax", (X, y), track_examples=False, **RUN).examples is None


def test_a_loss_module_and_a_function_with_reduction_are_split_per_example():
    X, y = _data()
    base = ds.train("softmax", (X, y), batch_size=4, track_examples=True, **RUN).examples
    for loss in (
        torch.nn.CrossEntropyLoss(),
        lambda out, t, reduction="mean": torch.nn.functional.cross_entropy(out, t, reduction=reduction),
    ):
        other = ds.train("softmax", (X, y), loss=loss, batch_size=4, track_examples=True, **RUN).examples
        np.testing.assert_allclose(other.loss, base.loss, rtol=1e-6)
        np.testing.assert_array_equal(other.predicted, base.predicted)


class _Crash(Callback):
    def __init__(self, at):
        self.at = at

    def on_step_end(self, run):
        if run.step == self.at:
            raise KeyboardInterrupt  # as if the process were stopped here


@pytest.mark.parametrize(
    ("crash_at", "every"),
    [(5, 1), (7, 1), (8, None)],
    ids=["mid-epoch", "after-an-epochs-last-batch", "epoch-end"],
)
def test_a_resumed_run_records_what_the_uninterrupted_one_does(tmp_path, crash_at, every):
    X, y = _data()
    run = dict(RUN, batch_size=4, epochs=4)  # 3 batches an epoch
    whole = ds.train("softmax", (X, y), track_examples=True, checkpoint_dir=tmp_path / "whole", **run)
    with pytest.raises(KeyboardInterrupt):
        ds.train(
            "softmax",
            (X, y),
            track_examples=True,
            checkpoint_dir=tmp_path / "cut",
            checkpoint_every=every,
            callbacks=[_Crash(crash_at)],
            **run,
        )
    resumed = ds.train("softmax", (X, y), track_examples=True, checkpoint_dir=tmp_path / "cut", resume=True, **run)
    assert resumed.steps["loss"] == whole.steps["loss"]
    assert resumed.examples.equals(whole.examples)
    assert resumed.examples.updates_per_epoch == whole.examples.updates_per_epoch == 3
    # A finished run trained on to more epochs records as one asked for them from the start.
    more = ds.train(
        "softmax", (X, y), track_examples=True, checkpoint_dir=tmp_path / "whole", resume=True, **{**run, "epochs": 6}
    )
    longer = ds.train("softmax", (X, y), track_examples=True, **{**run, "epochs": 6})
    assert more.examples.equals(longer.examples) and more.examples.epochs.tolist() == list(range(6))
    assert more.examples.updates_per_epoch == 3


def test_the_run_folder_holds_the_record_and_history_load_reads_it(tmp_path):
    X, y = _data()
    h = ds.train("softmax", (X, y), track_examples=True, log_dir=tmp_path, batch_size=4, **RUN)
    path = tmp_path / run_folder.EXAMPLES
    assert path.name == "examples.npz" and path.is_file()
    assert ExampleRecord.load(path).equals(h.examples)
    assert History.load(tmp_path).examples.equals(h.examples)
    untracked = tmp_path / "untracked"
    ds.train("softmax", (X, y), track_examples=False, log_dir=untracked, **RUN)
    assert not (untracked / run_folder.EXAMPLES).exists() and History.load(untracked).examples is None


def test_estimators_expose_the_record_keyed_by_the_rows_of_x():
    from descend import GDClassifier, GDRegressor

    X, y = _data()
    labels = np.array(["a", "b", "c"])[y.numpy()]
    clf = GDClassifier(track_examples=True, max_epochs=3, tol=0, random_state=0, batch_size=4, lr=0.1)
    with pytest.warns(Warning):
        clf.fit(X.numpy(), labels)
    r = clf.examples_record_
    assert r.n == N and r.classes == 3 and r.epochs.tolist() == [0, 1, 2]
    assert r.labels.tolist() == y.tolist()  # indices into classes_
    assert not np.isnan(r.loss).any() and ((r.p_label > 0) & (r.p_label < 1)).all()
    held = GDClassifier(track_examples=True, max_epochs=2, random_state=0, early_stopping=True, validation_fraction=0.3)
    with pytest.warns(Warning):
        held.fit(X.numpy(), y.numpy())
    unseen = np.isnan(held.examples_record_.loss).all(0)
    assert 0 < unseen.sum() < N and (held.examples_record_.predicted[:, unseen] == -1).all()
    assert held.examples_record_.labels.tolist() == y.tolist()  # the held-out rows' labels too
    X2, t = _data("regression")
    with pytest.warns(Warning):
        reg = GDRegressor(track_examples=True, max_epochs=2, random_state=0).fit(X2.numpy(), t.numpy())
    assert reg.examples_record_.task == "regression" and reg.examples_record_.loss.shape == (2, N)
    with pytest.warns(Warning):
        assert GDRegressor(max_epochs=2, random_state=0).fit(X2.numpy(), t.numpy()).examples_record_ is None


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_tracking_estimators_pass_scikit_learns_checks():
    from sklearn.utils.estimator_checks import check_estimator

    from descend import GDClassifier, GDRegressor
    from descend.estimators.base import expected_failed_checks

    for est in (
        GDClassifier(track_examples=True, hidden_layer_sizes=(8,), lr=0.02, batch_size=8, max_epochs=10),
        GDRegressor(track_examples=True, lr=0.1, batch_size=None, max_epochs=10),
    ):
        results = check_estimator(est, expected_failed_checks=expected_failed_checks(est), on_fail=None)
        assert [r["check_name"] for r in results if r["status"] == "failed"] == []


def test_the_record_keeps_the_runs_updates_per_epoch(tmp_path):
    X, y = _data()  # 12 rows
    assert ds.train("softmax", (X, y), track_examples=True, **RUN).examples.updates_per_epoch == 1
    assert ds.train("softmax", (X, y), track_examples=True, batch_size=5, **RUN).examples.updates_per_epoch == 3
    h = ds.train("softmax", (X, y), track_examples=True, batch_size=4, accumulate=2, log_dir=tmp_path, **RUN)
    assert h.examples.updates_per_epoch == 2  # 3 batches, an update every 2 and at the epoch's end
    assert ExampleRecord.load(tmp_path / run_folder.EXAMPLES).updates_per_epoch == 2
    clf = ds.GDClassifier(track_examples=True, max_epochs=3, tol=0, random_state=0, batch_size=5, lr=0.1)
    with pytest.warns(Warning):  # not converged in 3 epochs
        clf.fit(X.numpy(), y.numpy())
    assert clf.examples_record_.updates_per_epoch == 3


def test_a_count_that_changes_between_epochs_is_unknown():
    from descend.training.data import prepare
    from descend.training.examples_tracking import ExampleTracker

    src = prepare((torch.randn(6, 2), torch.tensor([0, 1, 0, 1, 1, 0])), batch_size=4).train
    model = torch.nn.Linear(2, 2)

    def epoch(tracker, e, count):
        tracker.note_updates_per_epoch(count)
        for xb, yb in tracker.batches(src, epoch=e):
            tracker.add(model(xb), yb)
        return tracker.end_epoch(e)

    tracker = ExampleTracker("classification", src, "cross_entropy")
    assert tracker.record() is None and tracker.updates_per_epoch is None
    assert epoch(tracker, 0, 2).updates_per_epoch == 2
    state = tracker.state_dict()
    assert epoch(tracker, 1, 3).updates_per_epoch is None
    assert epoch(tracker, 2, 2).updates_per_epoch is None  # once changed, unknown for good
    resumed = ExampleTracker("classification", src, "cross_entropy")
    resumed.load_state_dict(state)  # a resumed run continues with the count it saved
    assert resumed.record().updates_per_epoch == 2 and epoch(resumed, 1, 2).updates_per_epoch == 2
    old = {k: v for k, v in state.items() if k != "updates_per_epoch"}  # a checkpoint from before
    resumed = ExampleTracker("classification", src, "cross_entropy")
    resumed.load_state_dict(old)
    assert epoch(resumed, 1, 2).updates_per_epoch is None
