"""torch's ReduceLROnPlateau as the schedule of train and minimize: stepped on the run's metric."""

import functools

import pytest
import torch

import descend as ds

# threshold=10 (relative): no metric counts as better, so with patience=0 each one halves the rate.
HALVING = functools.partial(torch.optim.lr_scheduler.ReduceLROnPlateau, patience=0, factor=0.5, threshold=10)


def test_train_steps_it_on_each_epochs_loss():
    """Was, at the first update: torch's "ReduceLROnPlateau.step() missing 1 required positional
    argument: 'metrics'"."""
    X = torch.randn(32, 3)
    history = ds.train(
        torch.nn.Linear(3, 1),
        (X, X.sum(1, keepdim=True)),
        optimizer="sgd",
        lr=0.1,
        epochs=3,
        schedule=HALVING,
        progress=False,
    )
    assert [lrs[0] for lrs in history.epochs["lr"]] == pytest.approx([0.1, 0.05, 0.025])


def test_minimize_steps_it_on_each_iterations_f():
    res = ds.minimize(lambda x: ((x - 1) ** 2).sum(), [3.0], optimizer="gd", lr=0.1, schedule=HALVING, max_iter=3)
    assert res.history.lr[:3].tolist() == pytest.approx([0.1, 0.05, 0.025])


def test_a_class_is_built_over_the_optimizer():
    res = ds.minimize(
        lambda x: ((x - 1) ** 2).sum(),
        [3.0],
        optimizer="gd",
        lr=0.1,
        schedule=torch.optim.lr_scheduler.ReduceLROnPlateau,
        max_iter=100,
    )
    assert res.converged and set(res.history.lr[:-1]) == {0.1}  # f falls at every iteration: no cut
