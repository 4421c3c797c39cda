"""descend.train's bad options, model and data: one clear error each, naming the value and what
is allowed."""

import pytest
import torch
from _small_runs import linear_data as _linear_data

import descend as ds
from descend import train


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(epochs=0), ValueError, "epochs must be an integer >= 1, got 0"),
        (dict(patience=-2), ValueError, "patience must be an integer >= 1, got -2"),
        (dict(tol=-1.0), ValueError, "tol must be a number >= 0 or None, got -1.0"),
        (dict(time_budget=0), ValueError, "time_budget must be a number of seconds > 0"),
        (dict(resume=True), ValueError, "resume=True needs checkpoint_dir"),
        (dict(optimizer="adamm"), ValueError, "unknown optimizer 'adamm'. Did you mean 'adam'"),
        (dict(optimizer="adam", momentum=0.9), TypeError, "has no hyper-parameter 'momentum'"),
        (dict(lr=-1.0), ValueError, "lr must be a finite number > 0, got -1.0"),  # as in minimize
        (dict(device="tpu"), ValueError, "device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got 'tpu'"),
        (dict(batch_size=0), ValueError, "batch_size"),
        (dict(batch_size=1000), ValueError, "larger than"),
        (dict(loss="msee"), ValueError, "Did you mean 'mse'"),
        # A misspelt keyword of train's own is said to be one, not only the optimizer's.
        (
            dict(epoch=3),
            TypeError,
            r"train\(\) takes no keyword 'epoch', and optimizer 'adam' has no hyper-parameter 'epoch'\. "
            r"Did you mean 'epochs'\? train takes: model, data, .*epochs.*; optimizer 'adam' takes: lr, betas",
        ),
        (
            dict(optimizer=torch.optim.SGD, lr=0.1, checkpoint_direct="x"),
            TypeError,
            r"train\(\) takes no keyword 'checkpoint_direct', and optimizer SGD has no hyper-parameter "
            r"'checkpoint_direct'\. Did you mean 'checkpoint_dir'\?",
        ),
    ],
)
def test_bad_options_raise_one_clear_error(kwargs, error, match):
    with pytest.raises(error, match=match):
        train("linear", _linear_data(), progress=False, **kwargs)


def test_bad_model_and_data_raise_clear_errors():
    X, y = _linear_data()
    with pytest.raises(ValueError, match="Did you mean 'mlp'"):
        train("mpl", (X, y), progress=False)
    with pytest.raises(ValueError, match="64 rows"):
        train("linear", (X, y[:10]), progress=False)
    with pytest.raises(ValueError, match="(?i)nan"):
        train("linear", (X.masked_fill(X > 2, float("nan")), y), progress=False)
    with pytest.raises(ValueError, match=r"shape"):
        train(torch.nn.Linear(3, 2), (X, y), loss="mse", progress=False)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\)"):
        train(torch.nn.Linear(3, 3), (X, torch.arange(64) % 5), progress=False)
    other = torch.nn.Linear(3, 1)
    with pytest.raises(ValueError, match="does not hold this model's parameters"):
        train(torch.nn.Linear(3, 1), (X, y), optimizer=ds.optim.SGD(other.parameters()), progress=False)
