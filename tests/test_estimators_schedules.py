"""schedule=: a name is sized to the fit as train sizes it and sets the lr of every update, a
schedule object and a plateau drive the optimizer, partial_fit continues the schedule (also after
pickling), and a bad value is named with what is allowed."""

from __future__ import annotations

import math
import pickle

import pytest
import torch

from _estimators import linear_problem, quiet
from descend import schedules
from descend.estimators import GDRegressor


def _fit_quietly(estimator, X, y):
    return quiet(estimator.fit, X, y)


@pytest.mark.parametrize("batch_size, per_epoch", [(None, 1), (50, 4)])
def test_a_named_schedule_sets_the_lr_of_every_update(batch_size, per_epoch):
    X, y = linear_problem()  # 200 rows
    reg = _fit_quietly(
        GDRegressor(
            optimizer="sgd",
            lr=0.1,
            schedule="Cosine",
            max_epochs=6,
            batch_size=batch_size,
            tol=0,
            n_iter_no_change=100,
            random_state=0,
        ),
        X,
        y,
    )
    expected = schedules.values(schedules.cosine(0.1, total_steps=6 * per_epoch), 6 * per_epoch)
    # the epoch's row holds the rate of its last update
    assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(expected[per_epoch - 1 :: per_epoch])
    assert reg.lr_ == 0.1


def test_every_schedule_name_is_sized_to_the_fit_as_train_sizes_it():
    X, y = linear_problem()
    for name in ("step", "multistep", "exponential"):
        reg = _fit_quietly(
            GDRegressor(
                optimizer="sgd",
                lr=0.1,
                schedule=name,
                max_epochs=8,
                batch_size=50,
                tol=0,
                n_iter_no_change=100,
                random_state=0,
            ),
            X,
            y,
        )
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        expected = schedules.values(schedules.for_run(name, opt, 8 * 4).schedule, 8 * 4)
        assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(expected[3::4])


def test_a_schedule_object_and_a_plateau_drive_the_optimizer():
    X, y = linear_problem()
    decay = schedules.step_decay(0.2, step_size=2, gamma=0.5)
    reg = _fit_quietly(
        GDRegressor(optimizer="gd", schedule=decay, batch_size=None, max_epochs=6, tol=0, n_iter_no_change=100), X, y
    )
    assert [row[0] for row in reg.history_.epochs["lr"]] == schedules.values(decay, 6)
    # plateau: the training loss of a too-large lr rises, so the rate halves after each epoch
    # (patience=0) whose loss is not a new best
    plateau = schedules.plateau(1.5, factor=0.5, patience=0)
    reg = _fit_quietly(
        GDRegressor(optimizer="gd", schedule=plateau, batch_size=None, max_epochs=8, tol=0, n_iter_no_change=100), X, y
    )
    curve, lrs = reg.loss_curve_, [row[0] for row in reg.history_.epochs["lr"]]
    expected = [1.5]
    for e in range(1, 8):
        worse = curve[e - 1] >= min(curve[: e - 1], default=math.inf) - 1e-4 * abs(min(curve[: e - 1], default=0))
        expected.append(expected[-1] * (0.5 if worse else 1.0))
    assert lrs == pytest.approx(expected) and min(lrs) < 1.5
    assert plateau.scale == 1.0  # the user's object is left as it was


def test_partial_fit_continues_the_schedule_also_after_pickling():
    X, y = linear_problem()
    kw = dict(optimizer="sgd", lr=0.1, schedule="cosine", batch_size=None, max_epochs=8, random_state=0)
    reg = GDRegressor(**kw)
    for _ in range(3):
        reg.partial_fit(X, y)
    reg = pickle.loads(pickle.dumps(reg))
    for _ in range(3):
        reg.partial_fit(X, y)
    assert [row[0] for row in reg.history_.epochs["lr"]] == pytest.approx(
        schedules.values(schedules.cosine(0.1, total_steps=8), 6)
    )
    # the same rates as a fit's, whose schedule every fit restarts
    fitted = _fit_quietly(GDRegressor(tol=0, n_iter_no_change=100, **kw), X, y)
    assert fitted.history_.epochs["lr"][:6] == reg.history_.epochs["lr"]
    assert _fit_quietly(fitted, X, y).history_.epochs["lr"][:6] == reg.history_.epochs["lr"]


def test_an_estimator_with_a_schedule_object_pickles_and_continues_its_plateau():
    """pickle.dumps said "Can't pickle local object 'constant.<locals>.<lambda>'": a fitted
    estimator given a schedule object could not be saved, nor partial_fit after a reload."""
    X, y = linear_problem()

    def rates(reload):
        kw = dict(optimizer="gd", batch_size=None, max_epochs=8, random_state=0)
        reg = GDRegressor(schedule=schedules.plateau(1.5, factor=0.5, patience=0), **kw)
        for call in range(6):
            reg.partial_fit(X, y)
            if reload and call == 2:
                reg = pickle.loads(pickle.dumps(reg))
        return [row[0] for row in reg.history_.epochs["lr"]]

    uninterrupted = rates(reload=False)
    assert rates(reload=True) == uninterrupted and min(uninterrupted) < 1.5


@pytest.mark.parametrize(
    "params, pattern",
    [
        (
            dict(schedule="cosin"),
            r"^The 'schedule' parameter of GDRegressor must be None, a "
            r"descend.schedules.Schedule or one of 'constant', 'step', "
            r"'multistep', .*'plateau', 'warmup\+constant', .*'warmup\+cosine' \(sized to the fit from lr and "
            r"max_epochs\); got 'cosin' instead. Did you mean 'cosine'\?",
        ),
        (
            dict(schedule=3),
            r"'schedule' parameter of GDRegressor must be None, an instance of 'str' "
            r"or an instance of 'descend.schedules(\.\w+)?\.Schedule'. Got 3 instead",
        ),
        (
            dict(lr="auto", schedule=schedules.constant(0.1)),
            r"lr='auto' cannot be combined with schedule=constant\(lr=0.1\): a schedule object sets",
        ),
        (
            dict(lr=0.5, schedule=schedules.constant(0.1)),  # was fitted at 0.1, lr unused
            r"^lr=0.5 beside schedule=constant\(lr=0.1\), whose first rate is 0.1: a schedule object sets every "
            r"learning rate itself, so lr would go unused\. Leave lr out",
        ),
    ],
)
def test_bad_lr_and_schedule_values_name_the_value_and_what_is_allowed(params, pattern):
    X, y = linear_problem(n=20)
    with pytest.raises(ValueError, match=pattern):
        GDRegressor(batch_size=None, **params).fit(X, y)
