"""The doctor's rules on problems whose answer is known: an idle layer is not a vanishing
gradient, a blow-up inside the first epoch is a rate too large without any reading, a
divergence with no reading is cut for an unknown momentum, an adaptive rule's cut is held to a
decade."""

from __future__ import annotations

import math

import pytest
import torch

import descend as ds
from descend.doctor._stability import Reading, rate_at_target


class _IdleHead(torch.nn.Module):
    """A trunk and head that learn, and a second head whose output the loss ignores (a
    detector's branch with no object at its scale): its gradient is exactly 0."""

    def __init__(self) -> None:
        super().__init__()
        self.trunk = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.ReLU())
        self.head = torch.nn.Linear(16, 1)
        self.idle = torch.nn.Linear(16, 1)

    def forward(self, x):
        h = self.trunk(x)
        return self.head(h) + 0.0 * self.idle(h)


def _data(n=64, d=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, d, generator=g), torch.randn(n, generator=g)


def test_a_layer_without_signal_is_idle_not_vanishing():
    torch.manual_seed(0)
    model = _IdleHead()
    h = ds.train(model, _data(), optimizer="sgd", lr=0.01, epochs=3, tol=None, progress=False, instruments=False)
    ratios = h.layer_grad_ratios[-1]
    assert ratios["idle.weight"] == 0.0 and ratios["trunk.0.weight"] > 1e-4  # what the old rule called vanishing
    assert "vanishing_gradients" not in [d.kind for d in h.diagnoses]


def _minibatch_history(losses, per_epoch, lr):
    n = len(losses)
    epochs = math.ceil(n / per_epoch)
    return ds.History(
        steps={
            "step": list(range(1, n + 1)),
            "epoch": [i // per_epoch for i in range(n)],
            "loss": list(losses),
            "lr": [[r] for r in lr],
            "grad_norm": [1.0] * n,
        },
        epochs={"loss": [sum(losses[e * per_epoch : (e + 1) * per_epoch]) / per_epoch for e in range(epochs)]},
        stopped_because=f"reached the maximum of {epochs} epochs",
    )


def _blow_up(end):
    # a noisy fall for 6 batches, then a blow-up to ~20x the start, then a plateau at `end`
    noise = [1.0, 1.3, 0.8, 1.2, 0.9, 1.1]
    losses = [2.0 * k * (1 - 0.02 * i) for i, k in enumerate(noise)]
    losses += [4.0, 9.0, 25.0, 40.0, 38.0, 30.0, 20.0]
    return losses + [end * k for k in noise * 3 + noise[:1]]


@pytest.mark.parametrize(("end", "kind"), [(8.0, "divergence"), (1.5, "oscillation")])
def test_a_blow_up_inside_the_first_epoch_is_a_rate_too_large_without_readings(end, kind):
    # 2 epochs of 16 batches; a warm-up from 0.03 to the given rate 0.3 over the first 4 steps,
    # then a linear decay: the advice is a tenth of the rate the run blew up at, not of its end.
    losses = _blow_up(end)
    n = len(losses)
    lr = [0.03 + 0.27 * min(i, 4) / 4 for i in range(5)] + [0.3 * (1 - (i - 4) / n) for i in range(5, n)]
    findings = ds.diagnose(_minibatch_history(losses, 16, lr))
    assert [d.kind for d in findings] == [kind]
    assert findings[0].change == {"lr": 0.03} and "no readings" in findings[0].evidence
    assert "rose from 2 to" in findings[0].evidence  # the median of the first window, not one batch


def test_batch_noise_in_a_short_run_is_no_blow_up():
    # single batches 3x their neighbours, as small batches give: no finding of a rate too large
    losses = [2.0 * (1 - 0.01 * i) * (3.0 if i % 7 == 3 else 1.0) for i in range(32)]
    findings = ds.diagnose(_minibatch_history(losses, 16, [0.1] * 32))
    assert not {"divergence", "oscillation"} & {d.kind for d in findings}


def test_divergence_without_readings_allows_for_momentum_on_a_known_quadratic():
    # Least squares with Hessian 2 XᵀX / n (λ_max known), heavy-ball momentum 0.9 on batches of
    # 16 at lr·λ ≈ 9: it diverges. Without readings the advice must hold for momentum 0.9, whose
    # mini-batch steps move at lr / (1 - β): the advised rate puts λ·lr/(1-β) near 2 × 0.5.
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 3, generator=g) * torch.tensor([3.0, 1.0, 0.3])
    y = X @ torch.tensor([1.0, -1.0, 2.0]) + 0.1 * torch.randn(256, generator=g)
    Xa = torch.cat([X, torch.ones(256, 1)], 1)
    lam = float(torch.linalg.eigvalsh(2 * Xa.T @ Xa / 256).max())
    settings = {"loss": "mse", "optimizer": "sgd", "momentum": 0.9, "batch_size": 16, "epochs": 5, "tol": None}
    settings |= {"progress": False, "instruments": False}
    h = ds.train("linear", (X, y), lr=0.5, **settings)
    (d, *_) = h.diagnoses
    assert d.kind == "divergence" and "momentum up to 0.9" in d.advice
    effective = d.change["lr"] * lam / (1 - 0.9) / 2
    assert 0.25 <= effective <= 1.0
    fixed = ds.train("linear", (X, y), **settings, **d.change)
    assert fixed.non_finite_step is None and fixed.loss[-1] < 0.5 * fixed.loss[0]
    assert not {"divergence", "oscillation"} & {f.kind for f in fixed.diagnoses}


def test_plain_sgd_divergence_without_readings_keeps_a_tenth():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 3, generator=g) * 3.0
    y = X.sum(1)
    h = ds.train(
        "linear", (X, y), loss="mse", optimizer="sgd", lr=1.0, batch_size=16, epochs=3, tol=None,
        progress=False, instruments=False,
    )  # fmt: skip
    (d, *_) = h.diagnoses
    assert d.kind == "divergence" and h.plain_steps and d.change == {"lr": 0.1}


def test_an_adaptive_rule_is_cut_by_a_decade_at_most_and_a_plain_one_by_its_reading():
    adam = Reading(step=5, sharpness=4e5, threshold=380.0, stability=1050.0, lr=0.027, noise_gain=19.0, adaptive=True)
    sgd = Reading(step=5, sharpness=400.0, threshold=20.0, stability=20.0, lr=0.1, noise_gain=1.0)
    assert rate_at_target(adam) == pytest.approx(0.0027)  # not 0.027 * 0.5 / 19950 = 6.8e-7
    assert rate_at_target(sgd) == pytest.approx(0.0025)  # 2/λ_max · 0.5 = 0.0025: the reading's own
    raise_adam = Reading(
        step=5, sharpness=1.0, threshold=380.0, stability=1e-5, lr=1e-4, noise_gain=19.0, adaptive=True
    )
    assert rate_at_target(raise_adam) == pytest.approx(1e-4 * 0.5 / 1.9e-4)  # a raise is not held


def test_a_loss_compounding_through_the_layers_is_cut_by_two_decades_not_its_growth():
    # An MLP at lr 5 with momentum 0.9 (Lightning, no probe): 1e9x a step is no lr·λ to read;
    # the cut is held at (2 + 8 + 1/8) / 0.1 = 101, not 10 (still diverging) or 10^5.
    losses = [1.0, 0.9, 1e9, 1e18, math.inf]
    h = _minibatch_history(losses, 16, [5.0] * 5)
    h.non_finite_step, h.non_finite_loss = None, None
    (d,) = [f for f in ds.diagnose(h) if f.kind == "divergence"]
    assert d.change == {"lr": pytest.approx(5.0 / 101.25, rel=5e-3)} and "read as 64×" in d.advice
