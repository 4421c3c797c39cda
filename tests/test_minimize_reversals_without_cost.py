"""minimize's oscillation finding: steps that reverse direction are an overshoot only when it
costs the run something (a loss that does not fall at every step, or a reversing direction
that sets the pace so far that half the rate would converge faster); at the best rate of
gradient descent or of heavy ball on a quadratic the stiff direction flips sign at every step
while the loss falls at every step."""

import math

import torch

import descend as ds
from descend import functions as F

_A = torch.diag(torch.tensor([1.0, 50.0], dtype=torch.float64))


def _stiff(x):
    return 0.5 * x @ _A @ x


def _kinds(res):
    return [d.kind for d in res.diagnoses]


def test_the_best_gradient_descent_rate_is_no_oscillation():
    # lr = 2/(mu + L): was "oscillation", advising lr=0.0196, which ends 3.5e-6 against 6e-10.
    res = ds.minimize(_stiff, [1.0, 1.0], lr=2 / 51, max_iter=300)
    assert res.fun < 1e-9 and "oscillation" not in _kinds(res)
    assert res.advice().get("lr", math.inf) >= 2 / 51
    assert (torch.diff(torch.tensor(res.history.loss)) < 0).all()  # it fell at every step
    # At exactly 2/L the stiff direction no longer contracts: a 2-cycle, still an oscillation.
    cycle = ds.minimize(F.quadratic(100.0, dim=5), [1.0] * 5, lr=0.02, max_iter=300)
    assert cycle.fun > 49 and _kinds(cycle) == ["oscillation"] and cycle.advice() == {"lr": 0.01}
    assert "100% of the steps reversed direction" in cycle.diagnoses[0].evidence


def test_the_best_heavy_ball_settings_are_no_oscillation():
    # Polyak's rate and momentum for mu = 1, L = 50: was "oscillation", advising lr=0.0307 (f 3.2e-5).
    beta = ((math.sqrt(50) - 1) / (math.sqrt(50) + 1)) ** 2
    lr = 4 / (math.sqrt(50) + 1) ** 2
    res = ds.minimize(_stiff, [1.0, 1.0], optimizer="momentum", lr=lr, momentum=beta, max_iter=60)
    assert res.fun < 1e-9 and "oscillation" not in _kinds(res)
    # Nesterov circling Ackley's kink at the origin: the loss stands still, still an oscillation.
    f = F.ackley
    kink = ds.minimize(f, list(f.start), optimizer="nesterov", lr=0.01, max_iter=300)
    assert _kinds(kink) == ["oscillation"] and kink.advice() == {"lr": 0.005}
