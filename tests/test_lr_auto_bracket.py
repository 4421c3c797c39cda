"""lr="auto" in train: the stable rate of the initial weights, the share of the output curvature
the initial outputs keep, and the pilots' bracket read from them and from the range test (on a
plateau, from the ramp alone)."""

import copy
import functools
import warnings

import matplotlib
import pytest
import torch

import descend as ds
from _lr_auto_problems import no_bias_linear, scaled_regression
from descend import initial_curvature
from descend.lr_find import output_curvature_ratio, stable_lr
from descend.training.losses import get as get_loss

matplotlib.use("Agg")


@pytest.mark.parametrize("optimizer, factor", [("gd", 2.0), ("sgd", 2.0), ("momentum", 3.8), ("nesterov", 3.8 / 2.8)])
def test_stable_lr_is_the_rules_threshold_over_the_top_eigenvalue(optimizer, factor):
    X, y = scaled_regression()
    lam = float(torch.linalg.eigvalsh(2 * X.T @ X / len(X))[-1])
    assert lam == pytest.approx(200, rel=1e-4)
    eta = stable_lr(no_bias_linear(), (X, y), get_loss("mse"), optimizer)
    assert eta == pytest.approx(factor / lam, rel=1e-3)


def _preconditioned_top_eigenvalue(optimizer, X, y):
    """λ_max of P^-1 H on _scaled_regression, whose Hessian diag(2, 200) is diagonal, with P
    the preconditioner 100 updates of the rule leave when every gradient is the initial one, g:
    Adam's (1 - β1^100)(sqrt(v_hat) + eps), v_hat = g^2; RMSprop's sqrt((1 - α^100) g^2) + eps."""
    w = no_bias_linear().weight.detach()[0]
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
    X, y = scaled_regression()
    eta = stable_lr(no_bias_linear(), (X, y), get_loss("mse"), optimizer)
    assert eta == pytest.approx(constant / _preconditioned_top_eigenvalue(optimizer, X, y), rel=1e-3)


def test_stable_lr_of_adagrad_is_that_of_its_first_update():
    """Adagrad's sum of squares grows without bound (no steady state): its preconditioner is read
    where it is smallest, after one update, P = sqrt(g^2) + eps, and the threshold is 2 / lr."""
    X, y = scaled_regression()
    w = no_bias_linear().weight.detach()[0]
    g = 2 * X.T @ (X @ w - y) / len(X)
    eps = ds.optim.create("adagrad", [torch.nn.Parameter(torch.zeros(1))]).defaults["eps"]
    top = float((torch.tensor([2.0, 200.0]) / (g.abs() + eps)).max())
    eta = stable_lr(no_bias_linear(), (X, y), get_loss("mse"), "adagrad")
    assert eta == pytest.approx(2.0 / top, rel=1e-3)


def test_stable_lr_reads_an_optimizer_instance_at_its_own_state():
    X, y = scaled_regression()
    model = no_bias_linear()
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
    X, y = scaled_regression()
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
    X, y = scaled_regression()
    model = torch.nn.Sequential(_Distances(), torch.nn.Linear(3, 1))
    assert stable_lr(model, (X, y), get_loss("mse"), "sgd") is None
    found = ds.lr_find(model, (X, y), loss="mse", optimizer="sgd", batch_size=32, num=60, budget=40)
    assert found.stable_lr is None and found.suggestion is not None


def test_the_pilots_bracket_reaches_the_stable_rate_for_gd_family_rules():
    """Badly scaled linear regression with momentum (the case lr="auto" picked a rate far too
    small for): the bracket reaches the stable rate (2 + 2 * 0.9) / 200 = 0.019 and starts no
    lower than 1/64 of it."""
    X, y = scaled_regression()
    found = ds.lr_find(no_bias_linear(), (X, y), loss="mse", optimizer="momentum", batch_size=32, num=60, budget=80)
    assert found.stable_lr == pytest.approx(3.8 / 200, rel=1e-3)
    assert max(found.candidates) >= found.stable_lr * (1 - 1e-9)
    assert min(found.candidates) >= found.stable_lr / 64 * (1 - 1e-9)
    assert "η_s = 0.019" in found.rule


def test_the_pilots_bracket_of_adam_reaches_its_stable_rate():
    X, y = scaled_regression()
    found = ds.lr_find(no_bias_linear(), (X, y), loss="mse", optimizer="adam", batch_size=32, num=60, budget=80)
    eta = 3.8 / 0.1 / _preconditioned_top_eigenvalue("adam", X, y)
    assert found.stable_lr == pytest.approx(eta, rel=1e-3)
    top = min(eta, found.lrs[-1])  # capped at the range test's last rate (here its end, 10, just below eta)
    assert max(found.candidates) >= top * (1 - 1e-3) and min(found.candidates) >= top / 64 * (1 - 1e-3)
    assert f"η_s = {found.stable_lr:.3g}" in found.rule
    steepest = ds.lr_find(no_bias_linear(), (X, y), loss="mse", optimizer="adam", batch_size=32, num=60).suggestion
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
    monkeypatch.setattr(initial_curvature, "stable_lr", lambda *args, **kwargs: None)
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
    clf = ds.GDClassifier(lr="auto", optimizer="adam", max_epochs=2, scale_features=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X.numpy() * 10, y.numpy().astype(int))
        reg = ds.GDRegressor(lr="auto", max_epochs=2, random_state=0).fit(*(t.numpy() for t in _raw_features()))
    assert clf.lr_finder_.curvature_ratio < 1e-2
    assert reg.lr_finder_.curvature_ratio == 1.0
