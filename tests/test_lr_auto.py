"""lr="auto" in train: the pilot runs (successive halving, the pick between the finalists,
their loss), the stable rate of the initial weights and the bracket read from it and from the
range test."""

import copy
import functools
import math
import sys
import warnings

import matplotlib
import pytest
import torch

import descend as ds
from descend.lr_find import output_curvature_ratio, stable_lr
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
    assert final_choice(lrs, [2.0, 1.04, 1.0]) == (0.2, "the smallest within 5% of the best")
    assert final_choice(lrs, [1.04, 1.5, 1.0])[0] == 0.1
    assert final_choice(lrs, [2.0, 1.06, 1.0]) == (0.4, "the lowest pilot loss")
    # signs do not matter: within 5% of |best|
    assert final_choice(lrs, [-0.96, -1.0, 3.0])[0] == 0.1


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


def _scaled_regression(n=256):
    """Two centred, orthogonal columns of variance 1 and 100 (features on scales 100x apart):
    with no bias, the mse Hessian is 2 X^T X / n = diag(2, 200), so lambda_max = 200."""
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(n, 2, generator=g)
    Q, _ = torch.linalg.qr(Z - Z.mean(0))
    X = Q * n**0.5 * torch.tensor([1.0, 10.0])
    return X, X @ torch.tensor([1.0, 0.1]) + 0.1 * torch.randn(n, generator=g)


def _no_bias_linear():
    torch.manual_seed(0)
    return torch.nn.Linear(2, 1, bias=False)


@pytest.mark.parametrize("optimizer, factor", [("gd", 2.0), ("sgd", 2.0), ("momentum", 3.8), ("nesterov", 3.8 / 2.8)])
def test_stable_lr_is_the_rules_threshold_over_the_top_eigenvalue(optimizer, factor):
    X, y = _scaled_regression()
    lam = float(torch.linalg.eigvalsh(2 * X.T @ X / len(X))[-1])
    assert lam == pytest.approx(200, rel=1e-4)
    eta = stable_lr(_no_bias_linear(), (X, y), get_loss("mse"), optimizer)
    assert eta == pytest.approx(factor / lam, rel=1e-3)


def _preconditioned_top_eigenvalue(optimizer, X, y):
    """λ_max of P^-1 H on _scaled_regression, whose Hessian diag(2, 200) is diagonal, with P
    the preconditioner 100 updates of the rule leave when every gradient is the initial one, g:
    Adam's (1 - β1^100)(sqrt(v_hat) + eps), v_hat = g^2; RMSprop's sqrt((1 - α^100) g^2) + eps."""
    w = _no_bias_linear().weight.detach()[0]
    g = 2 * X.T @ (X @ w - y) / len(X)
    defaults = ds.optim.create(optimizer, [torch.nn.Parameter(torch.zeros(1))]).defaults
    if optimizer == "adam":
        beta1 = defaults["betas"][0]
        pre = (1 - beta1**100) * (g.abs() + defaults["eps"])
    else:
        pre = ((1 - defaults["alpha"] ** 100) * g**2).sqrt() + defaults["eps"]
    return float((torch.tensor([2.0, 200.0]) / pre).max())


@pytest.mark.parametrize("optimizer, constant", [("adam", (2 + 2 * 0.9) / (1 - 0.9)), ("rmsprop", 2.0)])
def test_stable_lr_of_an_adaptive_rule_is_its_threshold_over_the_preconditioned_top_eigenvalue(optimizer, constant):
    """Cohen et al. 2022: Adam is stable along the top direction of P^-1 H while
    λ_max(P^-1 H) < (2 + 2 β1) / ((1 - β1) lr), RMSprop (no momentum) while it is < 2 / lr."""
    X, y = _scaled_regression()
    eta = stable_lr(_no_bias_linear(), (X, y), get_loss("mse"), optimizer)
    assert eta == pytest.approx(constant / _preconditioned_top_eigenvalue(optimizer, X, y), rel=1e-3)


def test_stable_lr_is_none_for_a_rule_without_a_steady_preconditioner():
    X, y = _scaled_regression()  # Adagrad's sum of squares grows without bound: no stable rate to read
    assert stable_lr(_no_bias_linear(), (X, y), get_loss("mse"), "adagrad") is None


def test_stable_lr_reads_an_optimizer_instance_at_its_own_state():
    X, y = _scaled_regression()
    model = _no_bias_linear()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    assert stable_lr(model, (X, y), get_loss("mse"), opt) is None  # no update yet: no preconditioner
    get_loss("mse")(model(X), y).backward()
    opt.step()
    state = copy.deepcopy(opt.state_dict())
    assert stable_lr(model, (X, y), get_loss("mse"), opt) > 0
    assert str(opt.state_dict()) == str(state)  # read, not stepped


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_stable_lr_leaves_the_model_and_the_random_state_as_they_were(optimizer):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 8), torch.nn.BatchNorm1d(8), torch.nn.Dropout(0.5), torch.nn.Linear(8, 1)
    )
    model.train()
    model[0].weight.grad = torch.ones_like(model[0].weight)
    before = copy.deepcopy(model.state_dict())
    rng = torch.get_rng_state()
    X, y = _scaled_regression()
    assert stable_lr(model, (X, y), get_loss("mse"), optimizer) > 0
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert torch.equal(torch.get_rng_state(), rng)
    assert all(m.training for m in model.modules())
    assert torch.equal(model[0].weight.grad, torch.ones_like(model[0].weight))


class _Distances(torch.nn.Module):
    """Distances to 3 learned centres: torch.cdist, off its matrix-product path, has no double backward."""

    def __init__(self) -> None:
        super().__init__()
        self.centres = torch.nn.Parameter(torch.randn(3, 2))

    def forward(self, x):
        return torch.cdist(x, self.centres, compute_mode="donot_use_mm_for_euclid_dist")


def test_stable_lr_is_none_without_a_double_backward():
    X, y = _scaled_regression()
    model = torch.nn.Sequential(_Distances(), torch.nn.Linear(3, 1))
    assert stable_lr(model, (X, y), get_loss("mse"), "sgd") is None
    found = ds.lr_find(model, (X, y), loss="mse", optimizer="sgd", batch_size=32, num=60, budget=40)
    assert found.stable_lr is None and found.suggestion is not None


def test_the_pilots_bracket_reaches_the_stable_rate_for_gd_family_rules():
    """Badly scaled linear regression with momentum (the case lr="auto" picked a rate far too
    small for): the bracket reaches the stable rate (2 + 2 * 0.9) / 200 = 0.019 and starts no
    lower than 1/64 of it."""
    X, y = _scaled_regression()
    found = ds.lr_find(_no_bias_linear(), (X, y), loss="mse", optimizer="momentum", batch_size=32, num=60, budget=80)
    assert found.stable_lr == pytest.approx(3.8 / 200, rel=1e-3)
    assert max(found.candidates) >= found.stable_lr * (1 - 1e-9)
    assert min(found.candidates) >= found.stable_lr / 64 * (1 - 1e-9)
    assert "η_s = 0.019" in found.rule


def test_the_pilots_bracket_of_adam_reaches_its_stable_rate():
    X, y = _scaled_regression()
    found = ds.lr_find(_no_bias_linear(), (X, y), loss="mse", optimizer="adam", batch_size=32, num=60, budget=80)
    eta = 3.8 / 0.1 / _preconditioned_top_eigenvalue("adam", X, y)
    assert found.stable_lr == pytest.approx(eta, rel=1e-3)
    top = min(eta, found.lrs[-1])  # capped at the range test's last rate (here its end, 10, just below eta)
    assert max(found.candidates) >= top * (1 - 1e-3) and min(found.candidates) >= top / 64 * (1 - 1e-3)
    assert f"η_s = {found.stable_lr:.3g}" in found.rule
    steepest = ds.lr_find(_no_bias_linear(), (X, y), loss="mse", optimizer="adam", batch_size=32, num=60).suggestion
    assert found.steepest_lr == pytest.approx(steepest)  # the curve's rate, kept beside the pilots' choice


def _adam_run(model, X, y, loss, lr, *, epochs, seed):
    """``model`` trained by Adam at ``lr`` in batches of 32: its loss over ``X``, ``y`` after
    training (evaluation mode) and its ``lr_finder``."""
    h = ds.train(
        model,
        (X, y),
        loss=loss,
        optimizer="adam",
        lr=lr,
        batch_size=32,
        epochs=epochs,
        tol=None,
        progress=False,
        seed=seed,
        device="cpu",
    )
    h.model.eval()
    with torch.no_grad():
        return float(get_loss(loss)(h.model(X), y)), h.lr_finder


def _raw_features(n=256):
    """Three uncentred features on scales 1, 30 and 1000 (raw measurements), a linear target."""
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(n, 3, generator=g)
    scale = torch.tensor([1.0, 30.0, 1000.0])
    return Z * scale + 3 * scale, Z @ torch.tensor([1.0, -0.5, 0.3]) + 0.3 * torch.randn(n, generator=g)


def test_auto_with_adam_on_raw_features_gets_near_the_least_squares_minimum(monkeypatch):
    """On raw features Adam's range test bottoms out while the large feature's weight still
    swings; from the curve alone lr="auto" picked 0.074 and ended 2700x above the least-squares
    minimum after 160 steps. The bracket reaching Adam's stable rate (about 17) picks a rate
    near 0.5 and ends within 8x of it."""
    X, y = _raw_features()
    A = torch.cat([X, torch.ones(len(X), 1)], 1).double()
    fitted = A @ torch.linalg.lstsq(A, y.double()[:, None]).solution
    minimum = float((fitted[:, 0] - y.double()).pow(2).mean())

    auto = functools.partial(_adam_run, "linear", X, y, "mse", "auto", epochs=20, seed=0)
    loss, found = auto()
    ratio = loss / minimum
    assert found.stable_lr > 1 and ratio < 20
    # descend.lr_find is also the function's name on the package: the module by its path
    monkeypatch.setattr(sys.modules["descend.lr_find"], "stable_lr", lambda *args, **kwargs: None)
    without, found = auto()  # the curve's bracket alone
    assert found.stable_lr is None and without / minimum > 100 * ratio


def _saturated_logistic(n=256):
    """Two classes split by a plane through the mean of 4 normal features, which are then shifted
    by 5 and scaled by 1, 3, 10 and 30 (raw, uncentred): the initial logits reach about 100 in
    size, where the loss is linear in them."""
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(n, 4, generator=g)
    y = (Z @ torch.tensor([1.0, -1.0, 1.0, 1.0]) > 0).float()
    return (Z + 5) * torch.tensor([1.0, 3.0, 10.0, 30.0]), y


def test_adams_stable_rate_at_saturated_logits_is_capped_at_the_range_tests_last_rate():
    """At saturated logits the curvature vanishes but the gradient does not, so Adam's stable
    rate at the initial weights reads about 4900 here, far above the range test's end (10). A
    bracket starting at 1/64 of it picked 77 and ended at a loss near 250, almost 700x the best
    of five fixed rates. Capped at the range test's last rate, every pilot lies within the rates
    the test tried, and lr="auto" ends within 1.5x of that best. The saturated logits keep
    almost none of the loss's curvature, so the bracket's floor is the curve's."""
    X, y = _saturated_logistic()

    def final_loss(lr):
        return _adam_run("logistic", X, y, "bce", lr, epochs=10, seed=1)

    auto, found = final_loss("auto")
    end = found.lrs[-1]
    assert found.stable_lr > 100 * end  # the reading itself is kept
    assert found.curvature_ratio < 1e-3 and min(found.candidates) == pytest.approx(found.steepest_lr / 3)
    assert max(found.candidates) == pytest.approx(end)
    assert f"capped at the range test's last rate, {end:.3g}" in found.rule
    best = min(final_loss(lr)[0] for lr in (0.01, 0.03, 0.1, 0.3, 1.0))
    assert auto < 1.5 * best


def test_the_curvature_ratio_is_the_share_of_the_output_curvature_the_initial_logits_keep():
    """Cross-entropy's curvature in a logit is p(1 - p) (1/4 at zero logits), summed over the
    classes for softmax (1 - 1/K at zero logits); mean squared error's is the same everywhere."""
    logits = torch.tensor([[-3.0], [0.5], [4.0], [9.0]])
    x, y = torch.eye(4), torch.tensor([1.0, 0.0, 1.0, 0.0])
    model = torch.nn.Linear(4, 1, bias=False)
    with torch.no_grad():
        model.weight.copy_(logits.T)
    p = torch.sigmoid(logits)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    assert output_curvature_ratio(model, (x, y[:, None]), bce) == pytest.approx(float((4 * p * (1 - p)).mean()))
    assert output_curvature_ratio(model, (x, y[:, None]), torch.nn.functional.mse_loss) == pytest.approx(1.0)

    scores = torch.tensor([[2.0, -1.0, 0.0], [8.0, 0.0, -8.0], [0.0, 0.0, 0.0], [1.0, 3.0, 2.0]])
    softmax = torch.nn.Linear(4, 3, bias=False)
    with torch.no_grad():
        softmax.weight.copy_(scores.T)
    q = torch.softmax(scores, 1)
    expected = float((q * (1 - q)).sum(1).mean() / (1 - 1 / 3))
    assert output_curvature_ratio(softmax, (x, torch.tensor([0, 1, 2, 0])), torch.nn.functional.cross_entropy) == (
        pytest.approx(expected)
    )


def test_at_saturated_logits_the_bracket_reaches_below_the_stable_rates_floor():
    """Raw, uncentred inputs saturate the initial logits, so the Hessian of the initial weights
    reads flatter than the one the run meets; the bracket's floor then falls from the capped
    stable rate / 64 (where the pilots' rates all lay above the best of six fixed rates) to the
    curve's, and the bracket reaches the best fixed rate. Without saturation (mean squared
    error) the floor is the stable rate's, as before."""
    X, y = _saturated_logistic()
    _, found = _adam_run("logistic", X, y, "bce", "auto", epochs=10, seed=1)
    finals = {lr: _adam_run("logistic", X, y, "bce", lr, epochs=10, seed=1)[0] for lr in (0.003, 0.01, 0.03, 0.1, 0.3)}
    best = min(finals, key=finals.__getitem__)
    assert found.curvature_ratio < 1e-3 and found.lrs[-1] / 64 > best
    assert min(found.candidates) <= best <= max(found.candidates)

    X, y = _raw_features()
    _, found = _adam_run("linear", X, y, "mse", "auto", epochs=2, seed=0)
    assert found.curvature_ratio == 1.0
    assert min(found.candidates) == pytest.approx(max(found.steepest_lr / 3, min(found.stable_lr, found.lrs[-1]) / 64))


@pytest.mark.parametrize(
    "optimizer, winner, finalists", [("sgd", 2, [1, 2]), ("momentum", 2, [1, 2]), ("sgd", 0, [0, 1])]
)
def test_the_first_round_keeps_its_winner_and_the_rate_below_it(monkeypatch, optimizer, winner, finalists):
    """Pilots shorter than the run favour large rates, so the winner of the first round (29% of
    the budget with 6 pilots) and the rate just below it continue, with momentum too; a winner
    at the bottom of the bracket continues with the rate above it."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip):
        calls.append((lr, done, until))
        first_round = [c for c in calls if c[1] == 0]
        return 1.0 + abs(len(first_round) - 1 - winner) if done == 0 else 1.0

    monkeypatch.setattr(sys.modules["descend.training.pilots"], "pilot_loss", fake)
    X, y = _scaled_regression()
    found = ds.lr_find(_no_bias_linear(), (X, y), loss="mse", optimizer=optimizer, batch_size=32, num=60, budget=80)
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

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip):
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


def test_without_a_suggestion_the_pilots_run_below_the_rate_at_which_the_ramp_blew_up():
    """XOR through four sigmoid layers at torch's default initialisation starts on a plateau at
    chance: the range test's loss never falls by 5%, so the curve gives no suggestion, while
    RMSprop's ramp blows up near 25. The pilots then run over [r_b/1000, r_b/3] (r_b the last rate
    the ramp trained at); before session 12d no pilot ran and the default rate was used."""
    g = torch.Generator().manual_seed(0)
    X = torch.rand(256, 2, generator=g) * 2 - 1
    y = (X[:, 0] * X[:, 1] > 0).long()
    found = ds.lr_find(
        "mlp",
        (X, y),
        loss="cross_entropy",
        optimizer="rmsprop",
        batch_size=32,
        num=60,
        end=100.0,
        budget=60,
        seed=0,
        model_options=dict(hidden=(16, 16, 16, 16), activation="sigmoid"),
    )
    assert "blew up" in found.stopped_because and found.blowup_lr == found.lrs[-1]
    r_b = found.blowup_lr
    assert found.steepest_lr is None  # the curve itself suggested nothing
    assert found.candidates == pytest.approx([r_b / 1000 * (1000 / 3) ** (i / 5) for i in range(6)])
    assert f"r_b = {r_b:.3g} where the range test blew up" in found.rule and "never fell" in found.rule
    assert found.pilot_cost == 6 * 18 + 2 * (60 - 18) and found.pilot_steps == 60
    assert found.suggestion in found.candidates and found.reason == ""


def test_on_a_plateau_the_ramp_never_blew_up_on_the_pilots_run_below_its_end():
    """Least squares on tiny isotropic features (Hessian 2 c^2 I, c^2 = 2e-4): full-batch GD's ramp
    to end=10 lowers the loss by under 5% and never blows up, so the curve suggests nothing. The
    pilots run over [end/1000, end/3]; every rate there is stable and the loss gap to the minimum
    shrinks by (1 - eta * lam)^2 per step, so the largest wins and the run ends where that
    predicts, far below the default rate's gap."""
    n, steps, lam = 256, 300, 4e-4
    g = torch.Generator().manual_seed(0)
    Q, _ = torch.linalg.qr(torch.randn(n, 2, generator=g))
    X = Q * n**0.5 * (lam / 2) ** 0.5  # X^T X / n = (lam / 2) I
    y = X @ torch.tensor([3.0, -2.0])  # the minimum is 0, at w = (3, -2)

    def run(lr):
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 1, bias=False)
        with torch.no_grad():
            start = float(get_loss("mse")(model(X), y))
        hist = ds.train(
            model, (X, y), loss="mse", optimizer="gd", lr=lr, batch_size=None, epochs=steps, tol=None, progress=False
        )
        with torch.no_grad():
            return hist, start, float(get_loss("mse")(hist.model(X), y))

    hist, start, auto = run("auto")
    found = hist.lr_finder
    assert found.steepest_lr is None and found.blowup_lr is None and "never fell" in found.rule
    end = found.lrs[-1]
    assert end == pytest.approx(10.0) and "ended without blowing up" in found.rule
    assert found.candidates == pytest.approx([end / 1000 * (1000 / 3) ** (i / 5) for i in range(6)])
    assert found.suggestion == pytest.approx(max(found.candidates))
    assert auto == pytest.approx(start * (1 - found.suggestion * lam) ** (2 * steps), rel=1e-3)
    _, _, default = run(None)
    assert auto < default / 2


def test_the_estimators_auto_reads_the_curvature_its_initial_logits_keep():
    """GDClassifier(lr="auto") measures the same share as train: all of it on a regression,
    almost none at logits saturated by raw, uncentred inputs."""
    X, y = _saturated_logistic()
    clf = ds.GDClassifier(lr="auto", optimizer="adam", max_epochs=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X.numpy() * 10, y.numpy().astype(int))
        reg = ds.GDRegressor(lr="auto", max_epochs=2, random_state=0).fit(*(t.numpy() for t in _raw_features()))
    assert clf.lr_finder_.curvature_ratio < 1e-2
    assert reg.lr_finder_.curvature_ratio == 1.0
