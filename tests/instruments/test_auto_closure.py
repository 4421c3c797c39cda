"""``lr="auto"`` and ``batch_size="auto"`` with rules that step through a closure (LBFGS,
SAM): their range test, pilots and warm-up give ``step`` the closure the training loop gives."""

from __future__ import annotations

import pytest
import torch

import descend as ds
from descend._checks import InvalidArgument
from descend.training.pilots import update


def _least_squares(n=64):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 3, generator=g)
    return X, X @ torch.tensor([1.0, -2.0, 0.5])


def test_update_steps_lbfgs_through_a_closure_to_the_least_squares_solution():
    X, y = _least_squares()
    model = torch.nn.Linear(3, 1, bias=False)
    opt = ds.optim.LBFGS(model.parameters(), lr=1.0, max_iter=50)
    mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()  # noqa: E731
    update(opt, mse(model(X), y), (None, None), (X, y), model, mse)
    assert model.weight.detach().squeeze() == pytest.approx(torch.tensor([1.0, -2.0, 0.5]), abs=1e-3)


def test_update_of_a_closure_rule_without_its_batch_is_refused():
    model = torch.nn.Linear(3, 1)
    opt = ds.optim.SAM(model.parameters())
    with pytest.raises(InvalidArgument, match="SAM steps through a closure: update\\(\\) needs the batch"):
        update(opt, model(torch.ones(2, 3)).sum(), (None, None))


@pytest.mark.slow
@pytest.mark.parametrize("optimizer", ["sam", "lbfgs"])
@pytest.mark.parametrize("auto", [{"lr": "auto"}, {"batch_size": "auto", "lr": 0.05}])
def test_auto_settings_train_with_closure_rules(optimizer, auto):
    # LBFGS is a full-batch method: lr="auto" on train's default batch 32 blows it up (0.96 -> 189.6).
    settings = {"batch_size": None} | auto
    h = ds.train("softmax", "iris", optimizer=optimizer, epochs=4, progress=False, seed=0, **settings)
    rate = h.steps["lr"][0][0]
    assert 0 < rate < float("inf") and h.non_finite_step is None
    assert h.steps["loss"][-1] < h.steps["loss"][0]
