"""build_model(): every named model's output shape, options, pass-through and errors."""

from __future__ import annotations

import pytest
import torch
from torch import nn

import descend as ds
from descend.training.models import build_model, names

# name: (n_features, n_outputs, task, options, input batch, output shape)
SHAPES = {
    "linear": (10, 1, "regression", {}, torch.zeros(5, 10), (5, 1)),
    "linear_multi": (10, 3, "regression", {}, torch.zeros(5, 10), (5, 3)),
    "logistic": (30, 2, "classification", {}, torch.zeros(5, 30), (5, 1)),
    "softmax": (64, 10, "classification", {}, torch.zeros(5, 64), (5, 10)),
    "mlp": (64, 10, "classification", {}, torch.zeros(5, 64), (5, 10)),
    "mlp_deep": (
        64,
        10,
        "classification",
        dict(hidden=(32, 16), activation="tanh", dropout=0.1),
        torch.zeros(5, 64),
        (5, 10),
    ),
    "mlp_no_hidden": (4, 3, "classification", dict(hidden=()), torch.zeros(5, 4), (5, 3)),
    "mlp_regression": (10, 1, "regression", dict(hidden=8, activation="GELU"), torch.zeros(5, 10), (5, 1)),
    "cnn_8x8": (64, 10, "classification", {}, torch.zeros(5, 64), (5, 10)),
    "cnn_28x28": (784, 10, "classification", {}, torch.zeros(5, 784), (5, 10)),
    "cnn_channels": (64, 10, "classification", dict(channels=(4, 8)), torch.zeros(5, 64), (5, 10)),
}


def test_shape_table_covers_every_model():
    assert {case.split("_")[0] for case in SHAPES} == set(names())


@pytest.mark.parametrize("case", list(SHAPES))
def test_output_shapes(case):
    n_features, n_outputs, task, options, batch, shape = SHAPES[case]
    model = build_model(case.split("_")[0], n_features, n_outputs, task=task, **options)
    assert tuple(model(batch).shape) == shape


@pytest.mark.parametrize("name", ["linear", "softmax", "mlp", "cnn"])
def test_image_inputs_are_flattened_or_viewed(name):
    model = build_model(name, 784, 10, task="classification", input_shape=(1, 28, 28), image_shape=(1, 28, 28))
    assert tuple(model(torch.zeros(2, 1, 28, 28)).shape) == (2, 10)


def test_cnn_uses_the_image_shape():
    model = build_model("cnn", 3 * 8 * 12, 4, task="classification", image_shape=(3, 8, 12))
    assert tuple(model(torch.zeros(2, 3 * 8 * 12)).shape) == (2, 4)
    assert model[2].in_channels == 3


def test_train_takes_the_cnns_image_shape_among_its_model_options():
    """model_options={'image_shape': ...}, which the CNN's own error advised, was Python's
    "build_model() got multiple values for keyword argument 'image_shape'"."""
    X, y = torch.randn(24, 3 * 8 * 12), torch.arange(24) % 4
    h = ds.train("cnn", (X, y), model_options={"image_shape": (3, 8, 12)}, epochs=1, lr=0.01, progress=False)
    assert h.model[2].in_channels == 3
    with pytest.raises(ValueError, match=r"give model_options=\{'image_shape': \(channels, height, width\)\}"):
        ds.train("cnn", (X[:, :60], y), epochs=1, progress=False)
    with pytest.raises(TypeError, match=r"^image_shape is an option of model 'cnn' .*, not of 'mlp'$"):
        ds.train("mlp", (X, y), model_options={"image_shape": (3, 8, 12)}, epochs=1, progress=False)


def test_flat_linear_models_are_plain_linear_layers():
    model = build_model("softmax", 4, 3, task="classification")
    assert isinstance(model, nn.Linear) and model.weight.shape == (3, 4)


def test_mlp_layers_follow_the_options():
    model = build_model("mlp", 4, 3, task="classification", hidden=(8, 6), activation="sigmoid", dropout=0.5)
    kinds = [type(layer).__name__ for layer in model]
    assert kinds == ["Linear", "Sigmoid", "Dropout", "Linear", "Sigmoid", "Dropout", "Linear"]


def test_seeded_initialisation_is_reproducible():
    torch.manual_seed(0)
    a = build_model("mlp", 4, 3, task="classification")
    torch.manual_seed(0)
    b = build_model("mlp", 4, 3, task="classification")
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_a_module_passes_through():
    module = nn.Linear(3, 2)
    assert build_model(module, 99, 99, task="regression") is module


ERRORS = {  # name: (args, options, exception, message pattern)
    "unknown_name": (
        ("mpl", 4, 3, "classification"),
        {},
        ValueError,
        "unknown model 'mpl'. Did you mean 'mlp'\\? Known: linear, logistic, softmax, mlp, cnn",
    ),
    "not_a_name": (
        (3, 4, 3, "classification"),
        {},
        TypeError,
        r"model must be a name \(linear, .*\) or a torch.nn.Module, got int",
    ),
    "logistic_multiclass": (
        ("logistic", 4, 3, "classification"),
        {},
        ValueError,
        "'logistic' is a binary classifier .* 3 classes; use 'softmax'",
    ),
    "logistic_regression": (("logistic", 4, 1, "regression"), {}, ValueError, "for regression use 'linear'"),
    "softmax_regression": (
        ("softmax", 4, 1, "regression"),
        {},
        ValueError,
        "'softmax' is a classifier; for regression use 'linear'",
    ),
    "unknown_activation": (
        ("mlp", 4, 3, "classification"),
        dict(activation="relu6"),
        ValueError,
        "unknown activation 'relu6'. Did you mean 'relu'",
    ),
    "bad_hidden": (
        ("mlp", 4, 3, "classification"),
        dict(hidden=(8, 0)),
        ValueError,
        r"hidden must be a tuple of positive integers \(layer widths\), got \(8, 0\)",
    ),
    "hidden_float": (
        ("mlp", 4, 3, "classification"),
        dict(hidden=2.5),
        ValueError,
        "hidden must be a tuple of positive integers .* got 2.5",
    ),
    "bad_dropout": (
        ("mlp", 4, 3, "classification"),
        dict(dropout=1.0),
        ValueError,
        r"dropout must be a probability in \[0, 1\), got 1.0",
    ),
    "unknown_option": (
        ("mlp", 4, 3, "classification"),
        dict(hiden=(8,)),
        TypeError,
        "model 'mlp' has no option 'hiden'. Did you mean 'hidden'\\? It takes: hidden, activation, dropout",
    ),
    "option_for_linear": (
        ("linear", 4, 1, "regression"),
        dict(hidden=(8,)),
        TypeError,
        "model 'linear' has no option 'hidden'. It takes no options",
    ),
    "options_for_module": (
        (nn.Linear(2, 2), 2, 2, "regression"),
        dict(hidden=(8,)),
        TypeError,
        r"options \(hidden\) apply to named models only",
    ),
    "cnn_not_square": (
        ("cnn", 30, 2, "classification"),
        {},
        ValueError,
        "'cnn' needs square one-channel images, but 30 features are not a perfect square",
    ),
    "cnn_too_small": (
        ("cnn", 9, 2, "classification"),
        {},
        ValueError,
        "'cnn' needs images of at least 4x4 pixels, got 3x3",
    ),
    "cnn_channels": (
        ("cnn", 64, 2, "classification"),
        dict(channels=(8,)),
        ValueError,
        "channels must be a tuple of 2 positive integers",
    ),
    "bad_image_shape": (
        ("cnn", 64, 2, "classification"),
        dict(image_shape=(8, 8)),
        ValueError,
        r"image_shape must be \(channels, height, width\) with 64 elements in "
        r"all, got \(8, 8\)",
    ),
    "input_shape_mismatch": (
        ("mlp", 64, 2, "classification"),
        dict(input_shape=(1, 28, 28)),
        ValueError,
        r"input_shape \(1, 28, 28\) has 784 elements but "
        r"n_features=64",
    ),
    "zero_outputs": (("linear", 4, 0, "regression"), {}, ValueError, "n_outputs must be a positive integer, got 0"),
    "unknown_task": (
        ("linear", 4, 1, "regresion"),
        {},
        ValueError,
        "unknown task 'regresion'. Did you mean 'regression'",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors(case):
    (spec, n_features, n_outputs, task), options, exception, pattern = ERRORS[case]
    with pytest.raises(exception, match=pattern):
        build_model(spec, n_features, n_outputs, task=task, **options)
