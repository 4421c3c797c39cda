"""``batch_size="auto"`` with a rule for full-batch gradients (L-BFGS, Rprop): the full batch,
with no noise-scale warm-up (at batch 32 L-BFGS's line search diverges), in ``train`` and the
estimators, the record saying why."""

import numpy as np
import pytest
import torch

import descend as ds
from descend.estimators import GDRegressor


def _data(n=300, d=3):
    # a low-noise problem: the noise-scale rule would pick batch 32
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, d, generator=g)
    return x, x @ torch.full((d,), 3.0)


@pytest.mark.parametrize(("optimizer", "name"), [("lbfgs", "LBFGS"), ("rprop", "Rprop"), (torch.optim.LBFGS, "LBFGS")])
def test_train_takes_the_full_batch_and_says_why(optimizer, name):
    history = ds.train(torch.nn.Linear(3, 1), _data(), optimizer=optimizer, batch_size="auto", epochs=2, progress=False)
    choice = history.batch_choice
    assert choice["batch_size"] is None  # the parent: 32 (a class was refused as not a name)
    assert choice["reason"] == f"full batch: {name} is a rule for full-batch gradients"
    assert "b_simple" not in choice and "warmup_steps" not in choice


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_the_estimators_take_the_full_batch():
    x, y = (t.numpy() for t in _data())
    fitted = GDRegressor(optimizer="lbfgs", lr=1.0, batch_size="auto", max_epochs=2, random_state=0).fit(x, y)
    assert fitted.batch_size_ is None
    assert fitted.history_.batch_choice["reason"] == "full batch: LBFGS is a rule for full-batch gradients"
    assert np.isfinite(fitted.predict(x)).all()
