"""A rule that evaluates the loss itself (LBFGS, SAM) on an update of several batches: the
closure evaluates all of them, weighted as the loop weighs them, so the step is the one of a
single batch of their examples (until session 40 such an update was refused: the estimators'
full batch of a sparse ``X`` wider than the dense-piece budget could not be fitted with
``optimizer="lbfgs"`` at all, and ``train(..., accumulate=K)`` refused both rules)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from numpy.testing import assert_allclose
from torch.utils.data import DataLoader, Dataset

import descend as ds
import descend.estimators as est
from descend import GDClassifier, GDRegressor

N = 64


def regression(n=N):
    gen = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=gen, dtype=torch.float64)
    noise = 0.3 * torch.randn(n, 1, generator=gen, dtype=torch.float64)
    return X, (X @ torch.tensor([1.0, -1.0, 2.0], dtype=torch.float64) + 0.5).unsqueeze(1) + noise


def sparse_problem(classify):
    rng = np.random.default_rng(0)
    X = sp.random(60, 12, density=0.4, format="csr", random_state=0)
    signal = X @ rng.normal(size=12)
    noisy = signal + rng.normal(scale=0.5, size=60)  # the loss stays well above rounding
    return X, (noisy > np.median(noisy)).astype(int) if classify else noisy


def fitted(estimator, X, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_epochs reached
        return estimator(max_epochs=6, random_state=0, **kw).fit(X, y)


@pytest.mark.parametrize("estimator", [GDClassifier, GDRegressor])
@pytest.mark.parametrize(("optimizer", "hyper"), [("lbfgs", {}), ("sam", dict(lr=0.1, batch_size=None))])
def test_a_sparse_full_batch_in_pieces_fits_as_in_one(monkeypatch, estimator, optimizer, hyper):
    X, y = sparse_problem(estimator is GDClassifier)
    whole = fitted(estimator, X, y, optimizer=optimizer, **hyper)  # 60 x 12: one piece
    monkeypatch.setattr(est.data, "DENSE_CHUNK", 7 * 12)  # pieces of 7 rows: 9 pieces, the last of 4
    pieces = fitted(estimator, X, y, optimizer=optimizer, **hyper)
    assert_allclose(pieces.loss_curve_, whole.loss_curve_, rtol=1e-10, atol=0)
    assert_allclose(pieces.coef_, whole.coef_, rtol=1e-10, atol=1e-12)
    assert_allclose(pieces.intercept_, whole.intercept_, rtol=1e-10, atol=1e-12)


def test_lbfgs_reads_a_sparse_full_batch_a_piece_at_a_time(monkeypatch):
    X, y = sparse_problem(classify=True)
    monkeypatch.setattr(est.data, "DENSE_CHUNK", 7 * 12)
    made = []
    dense = est.data.ArrayData.dense

    def recorded(self, X, rows):
        made.append(None if rows is None else len(rows))
        return dense(self, X, rows)

    monkeypatch.setattr(est.data.ArrayData, "dense", recorded)
    fitted(GDClassifier, X, y, optimizer="lbfgs")
    assert None not in made and max(made) == 7  # never all 60 rows at once
    assert len(made) > 9 * 6 * 2  # the line search evaluated each step's pieces again


@pytest.mark.parametrize(("optimizer", "hyper"), [("lbfgs", {}), ("sam", dict(lr=0.1, rho=0.05))])
@pytest.mark.parametrize(("batch_size", "accumulate"), [(16, 4), (24, 3)])  # 24 + 24 + 16
def test_train_with_accumulated_batches_steps_as_on_one_batch(optimizer, hyper, batch_size, accumulate):
    def run(**kw):
        torch.manual_seed(0)
        model = torch.nn.Linear(3, 1).double()
        history = ds.train(
            model, regression(), loss="mse", optimizer=optimizer, epochs=4, tol=None, progress=False, **kw, **hyper
        )
        return torch.cat([p.detach().flatten() for p in model.parameters()]), history.steps["loss"]

    whole, whole_losses = run(batch_size=None)
    parts, part_losses = run(batch_size=batch_size, accumulate=accumulate)
    torch.testing.assert_close(parts, whole, rtol=1e-10, atol=1e-12)
    assert_allclose(part_losses, whole_losses, rtol=1e-10, atol=0)


class _Augmented(Dataset):
    """Each read of an example adds fresh noise to it (as a random augmentation would)."""

    def __init__(self):
        self.X, self.y = regression()
        self.reads = 0

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        self.reads += 1
        return self.X[i] + 0.01 * torch.randn(3, dtype=torch.float64), self.y[i]


def test_lbfgs_keeps_a_loaders_accumulated_batches_instead_of_reading_them_again():
    # A closure that read the loader again would see other examples at each evaluation.
    data = _Augmented()
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1).double()
    loader = DataLoader(data, batch_size=16, shuffle=True)
    history = ds.train(model, loader, loss="mse", optimizer="lbfgs", accumulate=4, epochs=3, tol=None, progress=False)
    assert len(history.steps["loss"]) == 3  # one update of four batches an epoch
    assert history.steps["loss"][-1] < 0.2 * history.steps["loss"][0]
    epochs_read = data.reads / N
    assert epochs_read < 3 + 2  # the loop's epochs and the run's start checks (4.5 in all), not each evaluation


def test_accumulating_more_batches_than_an_epoch_has_is_refused_for_lbfgs_too():
    with pytest.raises(ValueError, match=r"accumulate=2 batches per update, but an epoch has 1 batch \(64 examples"):
        ds.train(
            torch.nn.Linear(3, 1).double(), regression(), loss="mse", optimizer="lbfgs", accumulate=2, progress=False
        )
