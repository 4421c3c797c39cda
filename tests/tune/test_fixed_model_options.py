"""A study's fixed ``model_options`` that its model cannot be built with are refused before any
trial, naming the option, the value and what is allowed: the first trial used to stop the study
with the builder's error from deep in ``train``, or the options were a module given where a name
or a number goes."""

from __future__ import annotations

import pytest
import torch
from _tuning import SMALL

import descend as ds
from descend._checks import InvalidArgument

LR = {"lr": {"low": 1e-3, "high": 1.0, "log": True}}


@pytest.mark.parametrize(
    ("model", "options", "message"),
    [
        (
            "mlp",
            {"activation": torch.nn.ReLU()},
            "model_options: activation: value ReLU() cannot be trained: activation must be one of relu, tanh, gelu, "
            "sigmoid; got ReLU()",
        ),
        (
            "mlp",
            {"hidden": torch.nn.Linear(2, 2)},
            "model_options: hidden: value Linear(in_features=2, out_features=2, bias=True) cannot be trained: hidden "
            "must be a tuple of positive integers (layer widths), got Linear(in_features=2, out_features=2, bias=True)",
        ),
        (
            "mlp",
            {"dropout": 1.5},
            "model_options: dropout: value 1.5 cannot be trained: dropout must be a probability in [0, 1), got 1.5",
        ),
        (
            "mlp",
            {"channels": [4, 8]},
            "model_options: channels: model 'mlp' has no option 'channels'. It takes: hidden, activation, dropout.",
        ),
        (
            "mlp",
            {"image_shape": (1, 2, 2)},
            "model_options: image_shape: image_shape is an option of model 'cnn' (the image it views flat inputs as), "
            "not of 'mlp'",
        ),
        (
            "cnn",
            {"image_shape": (3, 8)},
            "model_options: image_shape: image_shape must be (channels, height, width), three positive integers, "
            "got (3, 8)",
        ),
        (
            "mlp",
            torch.nn.ReLU(),
            "model_options must be a dict of the model's options such as {'hidden': (64,)}, or None, got ReLU ReLU()",
        ),
        (
            torch.nn.Linear(4, 3),
            {"hidden": [8]},
            "model_options (hidden): model options apply to named models (such as 'mlp'); the module Linear is used "
            "as given: set them in the module itself and leave model_options out",
        ),
    ],
)
def test_fixed_model_options_the_model_cannot_take_are_refused_before_any_trial(tmp_path, model, options, message):
    out = tmp_path / "study"
    with pytest.raises(InvalidArgument) as refused:
        ds.tune(model, "iris", space=LR, trials=1, out=out, progress=False, model_options=options, **SMALL)
    assert str(refused.value) == message
    assert not out.exists()
