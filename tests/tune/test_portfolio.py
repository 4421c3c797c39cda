"""The portfolio of first trials (descend.tune.portfolio): the greedy choice on tables with a
known answer, its points moved into a study's space, and a study trying them after the defaults."""

from __future__ import annotations

import math

import optuna

import descend as ds
from descend.tune import PORTFOLIO, PORTFOLIO_SIZE, Space, greedy_portfolio, portfolio_points, starting_point


def test_the_greedy_choice_covers_the_tasks_one_point_misses():
    # row 0 is fair everywhere, best nowhere; rows 1, 2, 3 are each best on one task (0, 1, 2).
    # Scaled (best 0, median 1): row 0 scores 0.4, 0.4, 0.67 on the tasks, mean 0.49; the others 0.67
    losses = [[0.5, 0.5, 0.5], [0.0, 5.0, 1.0], [5.0, 0.0, 1.0], [2.0, 2.0, 0.0]]
    assert greedy_portfolio(losses, 1) == [0]  # alone, the all-rounder loses least
    # then the point best where row 0 is weakest (task 2), then task 0's best (a tie with task 1's:
    # the lower row)
    assert greedy_portfolio(losses, 3) == [0, 3, 1]
    assert greedy_portfolio(losses, 2, first=[2])[0] == 2  # the first points are kept


def test_units_do_not_weigh_a_task_more():
    # task 1 is in units 1000 times larger: scaled per task, the choice is the same
    small = [[0.0, 2.0], [2.0, 0.0], [1.0, 1.0]]
    large = [[a, 1000 * b] for a, b in small]
    assert greedy_portfolio(small, 2) == greedy_portfolio(large, 2)


def test_a_candidate_that_failed_counts_as_the_worst():
    losses = [[math.inf, math.inf], [1.0, 1.0], [0.5, 3.0], [3.0, 0.5]]
    assert greedy_portfolio(losses, 1) != [0]
    assert 0 not in greedy_portfolio(losses, 3)


def test_points_are_moved_into_the_space_and_repeats_left_out():
    space = Space.parse(
        {"optimizer": ["sgd", "adam"], "lr": {"low": 1e-4, "high": 0.1, "log": True}, "batch_size": [16, 64]}
    )
    given = [{"optimizer": "adam", "lr": 3.0, "batch_size": 16}, {"optimizer": "adam", "lr": 0.5, "batch_size": 16}]
    assert portfolio_points(space, portfolio=given) == [{"optimizer": "adam", "lr": 0.1, "batch_size": 16}]


def test_a_point_for_another_optimizer_than_the_studys_is_left_out():
    space = Space.parse({"lr": {"low": 1e-4, "high": 1.0, "log": True}})
    given = [{"optimizer": "sgd", "lr": 0.1, "momentum": 0.9}, {"optimizer": "adam", "lr": 0.01}]
    assert portfolio_points(space, "adam", given) == [{"lr": 0.01}]


def test_the_portfolio_is_in_the_default_space():
    assert len(PORTFOLIO) <= PORTFOLIO_SIZE - 1  # the defaults are the first point
    space = Space.parse(ds.tune.default_space("mlp"))
    points = portfolio_points(space)
    assert len(points) == len(PORTFOLIO)
    for point in points:
        for name, value in point.items():
            assert space.distributions[name]._contains(space.distributions[name].to_internal_repr(value))


def test_a_study_tries_the_defaults_then_the_portfolio():
    space = ds.tune.default_space("mlp")
    result = ds.tune("mlp", "iris", space=space, trials=PORTFOLIO_SIZE, epochs=2, progress=False, doctor=False)
    tried = [t.params for t in result.study.trials]
    parsed = Space.parse(space)
    expected = [starting_point(parsed)] + [p for p in portfolio_points(parsed) if p != starting_point(parsed)]
    assert tried[: len(expected)] == expected
    assert all(t.state != optuna.trial.TrialState.FAIL for t in result.study.trials)
