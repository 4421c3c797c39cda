"""The updates descend.train makes: the steps an epoch a batch size gives, full-batch gradient
descent as the textbook writes it, a linear model brought to the least-squares solution and a
softmax model that learns digits."""

import pytest
import torch
from _small_runs import linear_data as _linear_data

from descend import train


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (1, 64), (10, 7), (64, 1)])
def test_batch_size_sets_the_steps_per_epoch(batch_size, steps_per_epoch):
    h = train(
        "linear", _linear_data(), optimizer="sgd", lr=0.01, batch_size=batch_size, epochs=2, tol=None, progress=False
    )
    assert len(h.steps["loss"]) == 2 * steps_per_epoch
    assert h.steps["epoch"] == [0] * steps_per_epoch + [1] * steps_per_epoch
    assert h.steps["step"] == list(range(1, 2 * steps_per_epoch + 1))


def test_full_batch_gd_is_textbook_gradient_descent():
    # One step per epoch on the whole set: w <- w - lr * grad of the mean squared error.
    X, y = _linear_data()
    model = torch.nn.Linear(3, 1)
    w, b = model.weight.detach().clone(), model.bias.detach().clone()
    train(model, (X, y), loss="mse", optimizer="gd", lr=0.1, epochs=5, tol=None, batch_size=None, progress=False)
    for _ in range(5):
        r = (X @ w.T + b).squeeze(1) - y
        w, b = w - 0.1 * 2 * (r[:, None] * X).mean(0), b - 0.1 * 2 * r.mean()
    torch.testing.assert_close(model.weight.detach(), w, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(model.bias.detach(), b, rtol=1e-5, atol=1e-6)


def test_linear_regression_converges_to_least_squares():
    X, y = _linear_data(n=200, noise=0.1)
    model = torch.nn.Linear(3, 1)
    h = train(model, (X, y), optimizer="gd", lr=0.2, epochs=2000, tol=1e-9, patience=3, batch_size=None, progress=False)
    A = torch.cat([X, torch.ones(200, 1)], 1).double()
    solution = torch.linalg.lstsq(A, y.double()[:, None]).solution.squeeze(1)
    got = torch.cat([model.weight.detach().flatten(), model.bias.detach()]).double()
    torch.testing.assert_close(got, solution, atol=1e-4, rtol=0)
    assert h.converged and h.stopped_because.startswith("converged")
    assert h.epochs["r2"][-1] > 0.99


@pytest.mark.slow
def test_classification_records_accuracy_and_learns_digits():
    h = train("softmax", "digits", lr=0.01, batch_size=64, epochs=15, progress=False)
    assert h.task == "classification"
    assert h.epochs["val_accuracy"][-1] > 0.9 and h.epochs["accuracy"][-1] > 0.9
    assert h.loss[-1] < h.loss[0]
    assert set(h.epochs) >= {"epoch", "loss", "val_loss", "accuracy", "val_accuracy", "lr", "grad_norm", "seconds"}
