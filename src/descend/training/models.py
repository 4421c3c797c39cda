"""Models by name for ``descend.train``: linear, logistic and softmax regression, an MLP and a
small CNN. Weights use torch's default initialisation, so seeding torch before
:func:`build_model` makes them reproducible.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import nn

from .._checks import InvalidArgument
from .._names import Registry, choice, did_you_mean
from .tasks import TASKS

__all__ = [
    "build_model",
    "build_for",
    "floating_dtype",
    "check_model_options",
    "names",
    "get",
    "default_options",
    "filled_options",
    "ACTIVATIONS",
]

_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "gelu": nn.GELU,
    "sigmoid": nn.Sigmoid,
}

#: Activation names the ``"mlp"`` model accepts.
ACTIVATIONS = tuple(_ACTIVATIONS)

# Options each named model takes, with their defaults.
_OPTIONS: dict[str, dict[str, Any]] = {
    "linear": {},
    "logistic": {},
    "softmax": {},
    "mlp": {"hidden": (64,), "activation": "relu", "dropout": 0.0},
    "cnn": {"channels": (16, 32)},
}
# Two 2x2 poolings halve each side twice, so a side below 4 pixels would vanish.
_CNN_MIN_SIDE = 4


def build_model(
    spec: str | nn.Module,
    n_features: int,
    n_outputs: int,
    *,
    task: str,
    input_shape: Sequence[int] | None = None,
    image_shape: Sequence[int] | None = None,
    **options: Any,
) -> nn.Module:
    """A model for ``n_features`` inputs and ``n_outputs`` outputs; a module passes through.

    Names (:func:`names`):

    - ``"linear"``: ``nn.Linear(n_features, n_outputs)``, linear regression.
    - ``"logistic"``: ``nn.Linear(n_features, 1)``, binary logistic regression; it outputs
      one logit per example, so train it with ``loss="bce"``. More than two classes raise:
      use ``"softmax"``.
    - ``"softmax"``: ``nn.Linear(n_features, n_classes)``, multinomial logistic regression
      (train with ``"cross_entropy"``).
    - ``"mlp"``: options ``hidden=(64,)`` (layer widths; ``()`` is a linear model),
      ``activation`` in :data:`ACTIVATIONS` (``"relu"``) and ``dropout=0.0``.
    - ``"cnn"``: two 3x3 convolutions (option ``channels=(16, 32)``), each followed by ReLU
      and 2x2 max-pooling, and a linear head. Flat inputs are viewed as
      ``image_shape`` ``(c, h, w)`` inside the model, or as one-channel square images when
      ``image_shape`` is ``None`` (64 features: 8x8, 784: 28x28). :func:`build_for` takes
      the image shape of the data, or ``image_shape`` among the options (``train``'s
      ``model_options={"image_shape": (3, 8, 12)}``).

    Inputs with more than one axis per example (``input_shape``) are flattened first, except
    by the CNN, which views them as its image.

    >>> import torch
    >>> model = build_model("mlp", 64, 10, task="classification", hidden=(32, 16))
    >>> tuple(model(torch.zeros(5, 64)).shape)
    (5, 10)
    """
    if isinstance(spec, nn.Module):
        if options:
            raise TypeError(
                f"options ({', '.join(options)}) apply to named models only; the "
                f"module {type(spec).__name__} is used as given"
            )
        return spec
    name = _model_name(spec)
    task = choice(task, TASKS, "task")
    n_features = _positive_int(n_features, "n_features")
    n_outputs = _positive_int(n_outputs, "n_outputs")
    if input_shape is not None:
        input_shape = _shape(input_shape, "input_shape")
        if math.prod(input_shape) != n_features:
            raise ValueError(
                f"input_shape {input_shape} has {math.prod(input_shape)} elements but n_features={n_features}"
            )
    if image_shape is not None:
        image_shape = _shape(image_shape, "image_shape")
        if len(image_shape) != 3 or math.prod(image_shape) != n_features:
            raise ValueError(
                f"image_shape must be (channels, height, width) with {n_features} elements in all, got {image_shape}"
            )
    options = _with_defaults(name, options)
    flatten = [nn.Flatten()] if input_shape is not None and len(input_shape) > 1 else []

    return _BUILDERS.get(name)(flatten, n_features, n_outputs, task=task, image_shape=image_shape, **options)


def build_for(spec: str | nn.Module, prepared: Any, **options: Any) -> nn.Module:
    """:func:`build_model` sized from a prepared data set (:func:`descend.training.data.prepare`):
    its features, outputs, task and input shape.

    >>> from descend.training.data import prepare
    >>> build_for("softmax", prepare("iris"))
    Linear(in_features=4, out_features=3, bias=True)
    """
    image_shape = prepared.image_shape
    if "image_shape" in options:  # the CNN's view of flat inputs, the user's (model_options)
        image_shape = options.pop("image_shape")
        if not (isinstance(spec, str) and _model_name(spec) == "cnn"):
            name = spec if isinstance(spec, str) else type(spec).__name__
            raise TypeError(
                f"image_shape is an option of model 'cnn' (the image it views flat inputs as), not of {name!r}"
            )
    return build_model(
        spec,
        prepared.n_features,
        prepared.n_outputs,
        task=prepared.task,
        input_shape=prepared.input_shape,
        image_shape=image_shape,
        **options,
    )


def floating_dtype(model: nn.Module) -> torch.dtype | None:
    """The one floating dtype of ``model``'s parameters, what its inputs must have (``None``
    where it has none, or several).

    >>> floating_dtype(nn.Linear(2, 1).double()), floating_dtype(nn.ReLU())
    (torch.float64, None)
    """
    found = {p.dtype for p in model.parameters() if p.is_floating_point()}
    return found.pop() if len(found) == 1 else None


def check_model_options(model_options: Any) -> dict[str, Any]:
    """``model_options`` as the keywords of the model's builder: a mapping (``None``: none);
    anything else raises one error naming it.

    >>> check_model_options(None), check_model_options({"hidden": (8,)})
    ({}, {'hidden': (8,)})
    >>> check_model_options([8])
    Traceback (most recent call last):
    descend._checks.InvalidArgument: model_options must be a dict of the model's options such as {'hidden': (64,)}, or None, got list [8]
    """
    if model_options is None:
        return {}
    if not isinstance(model_options, Mapping) or not all(isinstance(key, str) for key in model_options):
        raise InvalidArgument(
            "model_options must be a dict of the model's options such as {'hidden': (64,)}, or None, "
            f"got {type(model_options).__name__} {reprlib.repr(model_options)}"
        )
    return dict(model_options)


def _maybe_sequential(flatten: list[nn.Module], layer: nn.Module) -> nn.Module:
    return nn.Sequential(*flatten, layer) if flatten else layer


def _linear(flatten: list[nn.Module], n_features: int, n_outputs: int, **_: Any) -> nn.Module:
    return _maybe_sequential(flatten, nn.Linear(n_features, n_outputs))


def _logistic(flatten: list[nn.Module], n_features: int, n_outputs: int, *, task: str, **_: Any) -> nn.Module:
    if task != "classification":
        raise ValueError("'logistic' is a binary classifier; for regression use 'linear'")
    if n_outputs > 2:
        raise ValueError(
            f"'logistic' is a binary classifier (one output), but the data has "
            f"{n_outputs} classes; use 'softmax' for multi-class"
        )
    return _maybe_sequential(flatten, nn.Linear(n_features, 1))


def _softmax(flatten: list[nn.Module], n_features: int, n_outputs: int, *, task: str, **_: Any) -> nn.Module:
    if task != "classification":
        raise ValueError("'softmax' is a classifier; for regression use 'linear'")
    return _maybe_sequential(flatten, nn.Linear(n_features, n_outputs))


def _mlp(
    flatten: list[nn.Module], n_features: int, n_outputs: int, *, hidden: Any, activation: Any, dropout: Any, **_: Any
) -> nn.Module:
    widths = _widths(hidden, "hidden", allow_empty=True)
    act = _ACTIVATIONS[choice(activation, ACTIVATIONS, "activation")]
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise ValueError(f"dropout must be a probability in [0, 1), got {dropout!r}")
    layers: list[nn.Module] = list(flatten)
    width_in = n_features
    for width in widths:
        layers += [nn.Linear(width_in, width), act()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width_in = width
    layers.append(nn.Linear(width_in, n_outputs))
    return nn.Sequential(*layers)


def _cnn(
    flatten: list[nn.Module],
    n_features: int,
    n_outputs: int,
    *,
    image_shape: tuple[int, ...] | None,
    channels: Any,
    **_: Any,
) -> nn.Module:
    if image_shape is None:
        side = math.isqrt(n_features)
        if side * side != n_features:
            raise ValueError(
                f"'cnn' needs square one-channel images, but {n_features} features "
                f"are not a perfect square (8x8 images have 64, 28x28 have 784); give "
                f"model_options={{'image_shape': (channels, height, width)}}, or inputs of shape "
                f"(n, channels, height, width)"
            )
        image_shape = (1, side, side)
    c, h, w = image_shape
    if min(h, w) < _CNN_MIN_SIDE:
        raise ValueError(f"'cnn' needs images of at least {_CNN_MIN_SIDE}x{_CNN_MIN_SIDE} pixels, got {h}x{w}")
    c1, c2 = _widths(channels, "channels", allow_empty=False, length=2)
    return nn.Sequential(
        nn.Flatten(),  # any input layout with n_features per example, then the image view
        nn.Unflatten(1, (c, h, w)),
        nn.Conv2d(c, c1, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(c1, c2, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(c2 * (h // 4) * (w // 4), n_outputs),
    )


_BUILDERS: Registry[Callable[..., nn.Module]] = Registry(
    "model",
    {
        "linear": _linear,
        "logistic": _logistic,
        "softmax": _softmax,
        "mlp": _mlp,
        "cnn": _cnn,
    },
)


def names() -> list[str]:
    """The model names :func:`build_model` knows.

    >>> names()
    ['linear', 'logistic', 'softmax', 'mlp', 'cnn']
    """
    return _BUILDERS.names()


def get(name: str) -> Callable[..., nn.Module]:
    """The builder of the model called ``name``: ``(flatten, n_features, n_outputs, *, task,
    image_shape, **options) -> nn.Module``; :func:`build_model` checks its arguments first.

    >>> get("MLP").__name__
    '_mlp'
    """
    return _BUILDERS.get(name)


# ---------------------------------------------------------------------------------------------
# Argument checks
# ---------------------------------------------------------------------------------------------


def default_options(name: str) -> dict[str, Any]:
    """The options the built-in model ``name`` takes, with the values it uses when not given.

    >>> default_options("mlp")
    {'hidden': (64,), 'activation': 'relu', 'dropout': 0.0}
    >>> default_options("linear")
    {}
    """
    return dict(_OPTIONS[_model_name(name)])


def filled_options(model: Any, options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` of ``model`` with the defaults of the built-in model filled in for the others,
    so that two spellings of one model compare equal (``{}`` and ``{"hidden": (64,)}`` for the
    mlp); the options as given for any other model (a module's class name, or an unknown name).

    >>> filled_options("mlp", {"hidden": (8,)})
    {'hidden': (8,), 'activation': 'relu', 'dropout': 0.0}
    >>> filled_options("MyNet", {"width": 3})
    {'width': 3}
    """
    if not isinstance(model, str) or model.strip().lower() not in names():
        return dict(options)
    return {**default_options(model), **options}


def _model_name(spec: Any) -> str:
    if not isinstance(spec, str):
        raise TypeError(f"model must be a name ({', '.join(names())}) or a torch.nn.Module, got {type(spec).__name__}")
    return choice(spec, tuple(names()), "model")


def _with_defaults(name: str, options: dict[str, Any]) -> dict[str, Any]:
    allowed = _OPTIONS[name]
    for key in options:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            takes = f"It takes: {', '.join(allowed)}." if allowed else "It takes no options."
            raise TypeError(f"model {name!r} has no option {key!r}.{hint} {takes}")
    return {**allowed, **options}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _positive_int(value: Any, what: str) -> int:
    if not _is_int(value) or value <= 0:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return value


def _shape(value: Any, what: str) -> tuple[int, ...]:
    try:
        shape = tuple(value)
    except TypeError:
        raise TypeError(f"{what} must be a tuple of positive integers, got {value!r}") from None
    if not shape or not all(_is_int(v) and v > 0 for v in shape):
        raise ValueError(f"{what} must be a tuple of positive integers, got {value!r}")
    return shape


def _widths(value: Any, what: str, *, allow_empty: bool, length: int | None = None) -> tuple[int, ...]:
    widths = (value,) if _is_int(value) else value
    ok = isinstance(widths, (tuple, list)) and all(_is_int(w) and w > 0 for w in widths)
    if ok and length is not None:
        ok = len(widths) == length
    if ok and not allow_empty:
        ok = len(widths) > 0
    if not ok:
        count = f"{length} " if length is not None else ""
        raise ValueError(f"{what} must be a tuple of {count}positive integers (layer widths), got {value!r}")
    return tuple(widths)
