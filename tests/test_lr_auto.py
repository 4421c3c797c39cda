"""lr="auto" in train: the pilot runs (successive halving, the pick between the finalists,
their loss) and what happens without a suggestion; the bracket they search is in
test_lr_auto_bracket.py."""

import math
import sys

import matplotlib
import pytest
import torch

import descend as ds
from _lr_auto_problems import no_bias_linear, scaled_regression
from descend.training import prepare
from descend.training.losses import get as get_loss
from descend.training.pilots import final_choice, pilot_loss

matplotlib.use("Agg")


@pytest.mark.slow
def test_train_with_lr_auto_uses_the_budgeted_range_test_suggestion():
    budget = 3 * len(ds.training.prepare("digits", batch_size=32).train)
    found = ds.lr_find("mlp", "digits", optimizer="adam", batch_size=32, budget=budget)
    h = ds.train("mlp", "digits", optimizer="adam", lr="auto", batch_size=32, epochs=3, progress=False)
    assert h.steps["lr"][0] == [found.suggestion]
    assert min(found.candidates) <= found.suggestion <= max(found.candidates)
    assert "successive halving" in found.rule


def _isotropic_regression(n=16, d=4):
    """Centred columns with X^T X / n = I: the mse Hessian is 2 I (weights and bias alike), so
    full-batch gradient descent contracts the error by |1 - 2 lr| per step."""
    g = torch.Generator().manual_seed(0)
    Q, _ = torch.linalg.qr(torch.randn(n, d, generator=g) - 0.0)
    X = Q - Q.mean(0)
    X = X / X.pow(2).mean(0).sqrt()
    Q, _ = torch.linalg.qr(X)
    X = Q * n**0.5
    y = X @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 1.5
    return X, y


def test_pilots_pick_the_candidate_that_contracts_fastest_on_an_isotropic_quadratic():
    X, y = _isotropic_regression()
    assert torch.allclose(X.T @ X / len(X), torch.eye(4), atol=1e-5) and X.mean(0).abs().max() < 1e-5
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, num=60, budget=200)
    assert len(found.candidates) == len(found.pilot_losses) == 6
    assert found.candidates == sorted(found.candidates)
    # the known best constant rate for any budget is the one nearest 1/L = 0.5 in |1 - 2 lr|
    known = min(found.candidates, key=lambda lr: abs(1 - 2 * lr))
    assert found.suggestion == known
    assert found.pilot_losses[found.candidates.index(known)] == min(found.pilot_losses)
    assert found.pilot_steps == 200 and "successive halving of 6 pilot rates" in found.rule


@pytest.mark.parametrize("budget, first, finalists_steps", [(3, 3, 3), (40, 12, 40), (5000, 288, 1000)])
@pytest.mark.slow
def test_pilot_rounds_fit_the_budget(budget, first, finalists_steps):
    """The first round trains 29% of the horizon (the budget, up to 1000 steps; at least 5 steps,
    never more than the horizon) and the two finalists the whole horizon: 3.15 horizons in all."""
    X, y = _isotropic_regression()
    found = ds.lr_find(
        torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, num=60, budget=budget
    )
    assert found.pilot_steps == finalists_steps
    assert f"{first} to {finalists_steps} steps" in found.rule
    if budget > 5:
        assert found.pilot_cost == 6 * first + 2 * (finalists_steps - first)
        assert found.pilot_cost == pytest.approx(3.15 * finalists_steps, rel=0.02)


def test_final_choice_breaks_near_ties_toward_the_smaller_rate():
    lrs = [0.1, 0.2, 0.4]
    assert final_choice(lrs, [1.04, 1.5, 1.0]) == (0.1, "the smallest within 5% of the best")
    assert final_choice(lrs, [2.0, 1.06, 1.0]) == (0.4, "the lowest pilot loss")
    # signs do not matter: within 5% of |best|
    assert final_choice(lrs, [-0.96, 3.0, -1.0])[0] == 0.1


def test_two_adjacent_finalists_within_the_tie_pick_their_geometric_mean():
    # the pilots' two finalists, read within 5% of each other: the middle of the two, not the smaller one
    assert final_choice([0.01, 0.04], [1.04, 1.0]) == (0.02, "the geometric mean of two rates within 5% of each other")
    assert final_choice([0.1, 0.2, 0.4], [2.0, 1.04, 1.0])[0] == pytest.approx(math.sqrt(0.08), rel=1e-12)
    assert final_choice([0.1, 0.2, 0.4], [-0.96, -1.0, 3.0])[0] == pytest.approx(math.sqrt(0.02), rel=1e-12)
    assert final_choice([0.01, 0.04], [1.0, 1.04]) == (0.01, "the lowest pilot loss")  # the smaller one leads
    # the larger one's tail rises late (its second half's mean more than 5% above its first half's): the smaller
    assert final_choice([0.01, 0.04], [1.04, 1.0], [[1.0, 1.0], [0.9, 1.1]]) == (
        0.01,
        "the smallest within 5% of the best",
    )
    assert final_choice([0.01, 0.04], [1.04, 1.0], [[1.0, 1.0], [1.0, 1.04]])[0] == pytest.approx(0.02, rel=1e-12)


def test_final_choice_refines_a_middle_winner_to_the_parabola_minimum():
    # losses exactly quadratic in log(lr), minimum at lr = 0.25
    lrs = [0.1, 0.2, 0.4]
    losses = [1 + math.log(lr / 0.25) ** 2 for lr in lrs]
    lr, how = final_choice(lrs, losses)
    assert lr == pytest.approx(0.25, rel=1e-12) and how == "a parabola through the last three"
    assert final_choice([0.1, 0.2], [2.0, 1.0])[0] == 0.2  # two finalists: no parabola


def _two_level_data(n):
    """n examples with x = 1 and y = +-1: a step of lr 0.25 on mse moves a Linear(1, 1)'s
    prediction exactly to its batch's mean target, so the model right after a one-example
    batch predicts +-1 and has loss 2, right after a full batch about 1."""
    y = torch.tensor([(-1.0) ** i for i in range(n)])
    return torch.ones(n, 1), y


@pytest.mark.parametrize("n, returned", [(65, 2.0), (64, 1.0)])
def test_pilot_loss_estimates_the_loss_right_after_a_one_example_last_batch(n, returned):
    X, y = _two_level_data(n)
    source = prepare((X, y), batch_size=32, standardize=False).train
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.25)
    probe = source.head(1024)
    estimate = pilot_loss(model, opt, source, get_loss("mse"), probe, 0.25, 0, 10 * len(source), (None, None))
    # what a run of that length returns: the model right after the epoch's last batch
    h = ds.train(
        torch.nn.Linear(1, 1),
        (X, y),
        loss="mse",
        optimizer="sgd",
        lr=0.25,
        batch_size=32,
        epochs=10,
        tol=None,
        progress=False,
    )
    with torch.no_grad():
        final = float(get_loss("mse")(h.model(X), y))
    assert final == pytest.approx(returned, abs=0.05)
    assert estimate == pytest.approx(final, abs=0.05)


def test_full_batch_lr_auto_on_fewer_rows_than_a_default_batch():
    X, y = _isotropic_regression(n=12)
    h = ds.train(
        "linear",
        (X, y),
        loss="mse",
        optimizer="sgd",
        lr="auto",
        batch_size=None,
        epochs=30,
        tol=None,
        progress=False,
        val_data=None,
    )
    assert h.non_finite_step is None and h.loss[-1] < 1e-3 * h.loss[0]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(budget=0), "budget must be an integer >= 1 or None, got 0"),
        (dict(budget=10, pilots=1), "pilots must be an integer >= 2, got 1"),
        (dict(budget=100.0), "budget must be an integer >= 1 or None, got 100.0"),
        (dict(budget=10, clip_grad_norm=-1.0), "clip_grad_norm must be a number > 0 or None, got -1.0"),
    ],
)
def test_bad_budget_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ds.lr_find("softmax", "iris", **kwargs)


def test_lr_auto_without_a_suggestion_warns_and_uses_the_default_rate():
    # A loss that does not depend on the weights never falls: the curve suggests nothing, and
    # no pilot lowers it either.
    def flat(out, y):
        return 0.0 * out.sum() + 1.0

    with pytest.warns(UserWarning, match=r"lr='auto': the range test gave no suggestion \(.+\); using sgd's default"):
        hist = ds.train("softmax", "iris", loss=flat, optimizer="sgd", lr="auto", epochs=1, progress=False)
    assert hist.lr_finder.suggestion is None and "no pilot run lowered the probe loss" in hist.lr_finder.reason
    assert hist.steps["lr"][0] == [ds.optim.create("sgd", [torch.nn.Parameter(torch.zeros(1))]).defaults["lr"]]


@pytest.mark.parametrize(
    "optimizer, winner, finalists", [("sgd", 2, [1, 2]), ("momentum", 2, [1, 2]), ("sgd", 5, [4, 5])]
)
def test_the_first_round_keeps_its_winner_and_the_rate_below_it(monkeypatch, optimizer, winner, finalists):
    """Pilots shorter than the run favour large rates, so the winner of the first round (29% of
    the budget with 6 pilots) and the rate just below it continue, with momentum too (a winner
    at the bottom of the bracket: test_lr_auto_below.py)."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        calls.append((lr, done, until))
        first_round = [c for c in calls if c[1] == 0]
        return 1.0 + abs(len(first_round) - 1 - winner) if done == 0 else 1.0

    monkeypatch.setattr(sys.modules["descend.training.pilots"], "pilot_loss", fake)
    X, y = scaled_regression()
    found = ds.lr_find(no_bias_linear(), (X, y), loss="mse", optimizer=optimizer, batch_size=32, num=60, budget=80)
    first = [lr for lr, done, _ in calls if done == 0]
    assert first == found.candidates
    assert [found.candidates.index(lr) for lr, done, _ in calls if done > 0] == finalists
    assert {until for _, done, until in calls if done == 0} == {23} and found.pilot_steps == 80
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23)


def test_a_rate_whose_loss_first_rises_is_picked_when_it_ends_best(monkeypatch):
    """A catapult: the largest rate's loss first rises for 10% of the run, then falls below every
    other rate's; the others' losses fall steadily, to a level that is higher the smaller the rate. The known
    best rate for the whole budget is the largest. A first round of 5% of the budget (as before
    session 12) read it mid-rise and dropped it; a round of 29% reads it after the rise."""

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        top = lr == max(candidates)
        if top:
            return 10.0 if until <= 0.1 * budget else 0.01
        return 1.0 / (1.0 + lr) + 1.0 / until

    candidates: list[float] = []
    budget = 200
    real_bracket = sys.modules["descend.training.pilots"]._bracket

    def bracket(found, pilots):
        rates, words = real_bracket(found, pilots)
        candidates[:] = rates
        return rates, words

    monkeypatch.setattr(sys.modules["descend.training.pilots"], "_bracket", bracket)
    monkeypatch.setattr(sys.modules["descend.training.pilots"], "pilot_loss", fake)
    X, y = _isotropic_regression()
    found = ds.lr_find(
        torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, num=60, budget=budget
    )
    assert found.suggestion == max(found.candidates)
