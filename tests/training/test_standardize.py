"""``train(..., standardize=...)``: features (and a regression target) scaled with the
training part's statistics, kept in ``History.scaling`` to predict on raw inputs, checked on
resume, and a known answer: raw features of very different scales saturate a tanh layer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import descend as ds
from descend.training.data import prepare


def _raw_regression(n: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """Three features of scales 1, 100 and 1000, centred far from 0; a linear target in
    units of 50."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 3)) * [1.0, 100.0, 1000.0] + [0.0, 500.0, -3000.0]
    y = 50.0 * (X[:, 0] + 0.01 * (X[:, 1] - 500) - 0.001 * (X[:, 2] + 3000)) + 7.0
    return X.astype(np.float32), y.astype(np.float32)


def test_standardize_records_the_training_statistics_that_predict_on_raw_inputs():
    X, y = _raw_regression()
    hist = ds.train("linear", (X, y), optimizer="gd", lr=0.3, epochs=60, standardize=True, progress=False)
    scaling = hist.scaling
    assert sorted(scaling) == ["feature_mean", "feature_scale", "target_mean", "target_scale"]
    torch.testing.assert_close(scaling["feature_mean"], torch.tensor(X.mean(0)), rtol=1e-4, atol=1e-2)
    # The formula the docstring gives, on raw inputs, fits the raw target.
    with torch.no_grad():
        z = (torch.tensor(X) - scaling["feature_mean"]) / scaling["feature_scale"]
        pred = hist.model(z).squeeze(-1) * scaling["target_scale"] + scaling["target_mean"]
    r2 = 1 - float(((pred - torch.tensor(y)) ** 2).mean() / torch.tensor(y).var())
    assert r2 > 0.999


def test_raw_data_is_left_raw_by_default_and_builtin_data_is_scaled():
    X, y = _raw_regression(60)
    assert ds.train("linear", (X, y), lr=1e-9, epochs=1, progress=False).scaling == {}
    assert sorted(ds.train("softmax", "iris", epochs=1, progress=False).scaling) == ["feature_mean", "feature_scale"]
    assert ds.train("softmax", "iris", epochs=1, standardize=False, progress=False).scaling == {}


def test_scaling_survives_the_run_folder(tmp_path):
    X, y = _raw_regression(60)
    live = ds.train("linear", (X, y), lr=0.1, epochs=2, standardize=True, progress=False, log_dir=tmp_path)
    saved = ds.History.load(tmp_path)
    assert sorted(saved.scaling) == sorted(live.scaling)
    for name, value in live.scaling.items():
        torch.testing.assert_close(saved.scaling[name], value)


def test_a_resume_refuses_another_standardisation(tmp_path):
    X, y = _raw_regression(60)
    ds.train("linear", (X, y), lr=0.1, epochs=2, standardize=True, progress=False, checkpoint_dir=tmp_path)
    with pytest.raises(ValueError, match=r"trained with standardize=True, this call has standardize=False"):
        ds.train("linear", (X, y), lr=0.1, epochs=4, progress=False, checkpoint_dir=tmp_path, resume=True)
    resumed = ds.train(
        "linear", (X, y), lr=0.1, epochs=4, standardize=True, progress=False, checkpoint_dir=tmp_path, resume=True
    )
    assert len(resumed.loss) == 4


@pytest.mark.parametrize("value", ["yes", 1, 0.0])
def test_standardize_must_be_a_bool_or_none(value, tmp_path):
    with pytest.raises(ValueError, match=rf"standardize must be True, False or None, got {value!r}"):
        ds.train("softmax", "iris", standardize=value, progress=False, log_dir=tmp_path)
    assert not any(tmp_path.iterdir())  # refused before anything was written
    with pytest.raises(ValueError, match=r"standardize must be True, False or None"):
        prepare("iris", standardize=value)


class _Pairs(torch.utils.data.Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return torch.full((2,), float(i)), torch.tensor(float(i))


def test_standardize_needs_in_memory_data():
    with pytest.raises(ValueError, match=r"standardize=True needs in-memory data .*not a dataset"):
        ds.train("linear", _Pairs(), standardize=True, progress=False)


def test_standardising_raw_features_unsaturates_a_tanh_layer():
    """Known answer: with features of scale 1000 a tanh layer's units sit at +-1, their
    gradient vanishes, and full-batch GD at a rate fit for the output layer barely trains;
    the same run on standardised features fits the target (loss compared relative to the
    variance of the target each run sees)."""
    X, y = _raw_regression()
    settings = dict(model="mlp", optimizer="gd", lr=0.05, epochs=150, tol=None, progress=False)
    settings["model_options"] = {"hidden": [16], "activation": "tanh"}

    def fraction_left(standardize: bool) -> float:
        hist = ds.train(data=(X, y / y.std()), standardize=standardize, **settings)
        target_var = 1.0 if standardize else float(np.var(y / y.std()))
        return hist.loss[-1] / target_var

    raw, scaled = fraction_left(False), fraction_left(True)
    assert scaled < 0.05 < raw
