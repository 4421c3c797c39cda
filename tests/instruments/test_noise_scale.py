"""The gradient noise scale (McCandlish et al. 2018): the per-example estimator against a
hand computation, the two-batch estimator against it in expectation, its growth as the loss
falls, no side effects, and the messages for bad input."""

from __future__ import annotations

import copy
import math

import pytest
import torch
from torch import nn

from descend.instruments import NoiseScale, gradient_noise_scale, noise_scale_from_norms


def _mse(out, target):
    return ((out.squeeze(-1) - target) ** 2).mean()


def _regression(n=200, d=4, noise=0.5, seed=0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g, dtype=dtype)
    y = x @ torch.linspace(-1, 1, d, dtype=dtype) + noise * torch.randn(n, generator=g, dtype=dtype)
    return x, y


def _hand_estimate(per_example: torch.Tensor) -> tuple[float, float]:
    """Unbiased tr(Σ) and |G|² from an (n, p) matrix of per-example gradients."""
    n = len(per_example)
    mean = per_example.mean(0)
    trace = float(((per_example - mean) ** 2).sum() / (n - 1))
    return trace, float(mean @ mean) - trace / n


def test_linear_regression_matches_the_hand_computation_in_float64():
    x, y = _regression()
    model = nn.Linear(4, 1).double()
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[0.3, -0.2, 0.1, 0.4]]))
        model.bias.fill_(0.2)
    # loss_i = (w·x_i + b − y_i)²: ∇_w = 2 r_i x_i, ∇_b = 2 r_i.
    r = (x @ model.weight.detach().squeeze(0) + model.bias.detach() - y).unsqueeze(1)
    trace, grad_sq = _hand_estimate(torch.cat([2 * r * x, 2 * r], dim=1))

    ns = gradient_noise_scale(model, _mse, x, y)

    assert ns.examples == 200
    assert ns.trace == pytest.approx(trace, rel=1e-10)
    assert ns.grad_sq == pytest.approx(grad_sq, rel=1e-10)
    assert ns.b_simple == pytest.approx(trace / grad_sq, rel=1e-10)


def test_per_example_gradients_of_an_mlp_match_one_backward_pass_per_example():
    torch.manual_seed(1)
    x, y = _regression(n=24, d=3)
    model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 1)).double()
    rows = []
    for i in range(len(x)):
        grads = torch.autograd.grad(_mse(model(x[i : i + 1]), y[i : i + 1]), list(model.parameters()))
        rows.append(torch.cat([g.reshape(-1) for g in grads]))
    trace, grad_sq = _hand_estimate(torch.stack(rows))

    ns = gradient_noise_scale(model, _mse, x, y)

    assert (ns.trace, ns.grad_sq) == pytest.approx((trace, grad_sq), rel=1e-9)


def test_the_two_batch_estimator_agrees_with_the_per_example_one_in_expectation():
    # A finite population of N examples: its exact |G|² and tr(Σ), and batches drawn from it
    # with replacement, where both estimators are unbiased.
    x, y = _regression(n=1000, d=3, noise=1.0, seed=2)
    w = torch.tensor([0.5, 0.5, 0.5], dtype=torch.float64)
    per_example = 2 * (x @ w - y).unsqueeze(1) * x
    population_mean = per_example.mean(0)
    true_trace = float(((per_example - population_mean) ** 2).sum(1).mean())
    true_grad_sq = float(population_mean @ population_mean)

    g = torch.Generator().manual_seed(3)
    from_examples, from_norms = [], []
    for _ in range(600):
        batch = per_example[torch.randint(0, len(x), (32,), generator=g)]
        from_examples.append(_hand_estimate(batch))
        small_sq = float(batch.reshape(4, 8, -1).mean(1).pow(2).sum(1).mean())
        big = batch.mean(0)
        ns = noise_scale_from_norms(small_sq, 8, float(big @ big), 32)
        from_norms.append((ns.trace, ns.grad_sq))

    for estimates in (from_examples, from_norms):
        trace = sum(t for t, _ in estimates) / len(estimates)
        grad_sq = sum(s for _, s in estimates) / len(estimates)
        assert trace == pytest.approx(true_trace, rel=0.05)
        assert grad_sq == pytest.approx(true_grad_sq, rel=0.1)


def test_the_fallback_for_batchnorm_in_training_mode_matches_the_group_sample_variance():
    # BatchNorm in training mode cannot take one example at a time; the fallback reads 8
    # groups of 64 consecutive examples. Reference: the k-group sample variance, by hand on a
    # copy of the model, S = Σ_k |g_k − ḡ|²/(k − 1) estimates tr(Σ)/64 and |ḡ|² − S/k |G|².
    torch.manual_seed(4)
    x, y = _regression(n=512, d=3, dtype=torch.float32)
    model = nn.Sequential(nn.Linear(3, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 1))
    twin = copy.deepcopy(model)
    groups = []
    for k in range(8):
        part = slice(64 * k, 64 * (k + 1))
        grads = torch.autograd.grad(_mse(twin(x[part]), y[part]), list(twin.parameters()))
        groups.append(torch.cat([g.double().reshape(-1) for g in grads]))
    spread, grad_sq = _hand_estimate(torch.stack(groups))
    ns = gradient_noise_scale(model, _mse, x, y)
    assert ns.examples == 512
    assert ns.trace == pytest.approx(64 * spread, rel=1e-4)
    assert ns.grad_sq == pytest.approx(grad_sq, rel=1e-4)
    assert ns.b_simple == pytest.approx(64 * spread / grad_sq, rel=1e-4)


def test_b_simple_grows_as_the_loss_falls():
    torch.manual_seed(5)
    x = torch.randn(600, 2)
    y = (x[:, 0] + 0.5 * x[:, 1] + 0.3 * torch.randn(600) > 0).float()
    model = nn.Linear(2, 1)

    def bce(out, target):
        return nn.functional.binary_cross_entropy_with_logits(out.squeeze(-1), target)

    before = gradient_noise_scale(model, bce, x, y)
    with torch.no_grad():
        loss_before = float(bce(model(x), y))
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    for _ in range(300):
        optimizer.zero_grad()
        bce(model(x), y).backward()
        optimizer.step()
    after = gradient_noise_scale(model, bce, x, y)

    with torch.no_grad():
        assert float(bce(model(x), y)) < 0.7 * loss_before
    assert after.b_simple > 5 * before.b_simple


@pytest.mark.parametrize("batchnorm", [False, True], ids=["vmap", "fallback"])
def test_no_side_effects_on_weights_buffers_grads_mode_or_rng(batchnorm):
    torch.manual_seed(6)
    x, y = _regression(n=64, d=3, dtype=torch.float32)
    layers = [nn.Linear(3, 8), nn.BatchNorm1d(8) if batchnorm else nn.Identity(), nn.Dropout(0.2), nn.Linear(8, 1)]
    model = nn.Sequential(*layers)
    model(x)  # running statistics away from their initial values
    _mse(model(x), y).backward()
    state = {k: v.clone() for k, v in model.state_dict().items()}
    grads = [p.grad.clone() for p in model.parameters()]
    model.train()
    rng = torch.get_rng_state()

    gradient_noise_scale(model, _mse, x, y)

    assert torch.equal(torch.get_rng_state(), rng)
    assert model.training
    for key, value in model.state_dict().items():
        assert torch.equal(value, state[key]), key
    for p, g in zip(model.parameters(), grads, strict=True):
        assert torch.equal(p.grad, g)


def test_no_grad_stays_no_grad():
    x, y = _regression(n=16, d=2)
    model = nn.Linear(2, 1).double()
    gradient_noise_scale(model, _mse, x, y)
    assert all(p.grad is None for p in model.parameters())


def test_a_gradient_lost_in_the_noise_gives_an_infinite_scale():
    # At the least-squares solution the mean gradient is 0: |G|² is estimated <= 0.
    x, y = _regression(n=100, d=2)
    solution = torch.linalg.lstsq(torch.cat([x, torch.ones(100, 1, dtype=x.dtype)], 1), y.unsqueeze(1)).solution
    model = nn.Linear(2, 1).double()
    with torch.no_grad():
        model.weight.copy_(solution[:2].T)
        model.bias.copy_(solution[2])
    ns = gradient_noise_scale(model, _mse, x, y)
    assert ns.grad_sq <= 0 and ns.b_simple == math.inf
    assert isinstance(ns, NoiseScale)


@pytest.mark.parametrize(
    "args, message",
    [
        (("model", _mse, torch.zeros(4, 2), torch.zeros(4)), "model must be a torch.nn.Module, got str"),
        ((nn.Linear(2, 1), "mse", torch.zeros(4, 2), torch.zeros(4)), "loss_fn must be a callable"),
        ((nn.Linear(2, 1), _mse, [[0.0, 0.0]] * 4, torch.zeros(4)), "x must be a tensor with a batch axis, got list"),
        ((nn.Linear(2, 1), _mse, torch.zeros(4, 2), torch.zeros(3)), "x and y must hold the same number of examples"),
        ((nn.Linear(2, 1), _mse, torch.zeros(1, 2), torch.zeros(1)), "x must hold at least 2 examples"),
        ((nn.Linear(2, 1).requires_grad_(False), _mse, torch.zeros(4, 2), torch.zeros(4)), "at least one parameter"),
    ],
)
def test_bad_input_names_the_value(args, message):
    with pytest.raises(ValueError, match=message):
        gradient_noise_scale(*args)


@pytest.mark.parametrize("batchnorm", [False, True], ids=["vmap", "fallback"])
def test_inputs_that_do_not_fit_the_model_are_named_not_retried(batchnorm):
    # 4 features for a model of 3: the caller's error, not a reason for vmap's fallback.
    layers = [nn.Linear(3, 4), nn.BatchNorm1d(4) if batchnorm else nn.Identity(), nn.Linear(4, 1)]
    with pytest.raises(ValueError, match=r"x of shape \(16, 4\) and y of shape \(16,\) must fit the model and loss_fn"):
        gradient_noise_scale(nn.Sequential(*layers), _mse, torch.zeros(16, 4), torch.zeros(16))


def test_a_negative_trace_estimate_is_no_reading():
    # |G_big|² > |G_small|²: tr(Σ) = (1 - 2)/(1/4 - 1/8) = -8 < 0, not a noise-free gradient.
    ns = noise_scale_from_norms(1.0, 4, 2.0, 8)
    assert ns.trace == -8.0 and ns.grad_sq == 3.0
    assert math.isnan(ns.b_simple)


@pytest.mark.parametrize(
    "args, message",
    [
        ((1.0, 8, 0.5, 8), "b_big must be an integer > b_small = 8, got 8"),
        ((1.0, 0, 0.5, 8), "b_small must be an integer >= 1, got 0"),
        ((-1.0, 1, 0.5, 8), "small_sq must be a number >= 0, got -1.0"),
        ((1.0, 1, float("nan"), 8), "big_sq must be a finite number >= 0, got nan"),
    ],
)
def test_bad_norms_name_the_value(args, message):
    with pytest.raises(ValueError, match=message):
        noise_scale_from_norms(*args)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_a_non_finite_loss_reads_nan_not_the_inf_of_a_gradient_lost_in_noise(bad):
    x, y = _regression(n=16)
    x[0, 0] = bad
    found = gradient_noise_scale(nn.Linear(4, 1).double(), _mse, x, y)
    assert math.isnan(found.b_simple), found
