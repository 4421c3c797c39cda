"""A train study's space, made and checked against what only the study's model and data can
tell: a setting both fixed and searched, a model option its model does not take or cannot be
built with, a batch larger than the training set. ``descend.tune`` calls it before any trial;
``descend tune --config`` calls it first, so that these mistakes in a file are named as the
file's, as its other mistakes are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..training.data import Prepared
from .batch_sizes import check_batch_sizes, fit_batches
from .space import TRAIN_PARAMETERS, Space, default_space
from .space_settings import check_model_options, check_settings, unfixed
from .start import train_defaults
from .trial_data import trial_data

__all__ = ["train_space"]


def train_space(
    model: Any,
    data: Any,
    space: Mapping[str, Any] | None,
    settings: Mapping[str, Any],
    prepared: Prepared | None = None,
) -> tuple[dict[str, Any], Space, int | None]:
    """The space of a train study (``space``, else the default space without what ``settings``
    fixes and with the batch sizes the training set allows) as given and parsed, checked
    against ``settings`` and ``model``, and the training examples where the batch size is
    searched or fixed in it (``None`` elsewhere: the data is not read, unless ``prepared``
    already, by :func:`.trial_data`, so that its own errors come first).

    >>> spec, space, n_train = train_space("mlp", "iris", {"batch_size": [16, 32]}, {})
    >>> sorted(space.distributions), n_train
    (['batch_size'], 120)
    >>> train_space("mlp", "iris", {"dropout": [0.1, 1.5]}, {})
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: space: dropout: choice 1.5 cannot be trained: ...
    """
    n_train = None
    if space is None:
        spec = unfixed(default_space(model if isinstance(model, str) else None, settings.get("optimizer")), settings)
        if "batch_size" in spec:
            prepared = prepared or trial_data(model, data, settings)
            n_train = prepared.train.n
            spec = fit_batches(spec, n_train, prepared.name == "loader")
    else:
        spec = dict(space)
    checked = Space.parse(spec, TRAIN_PARAMETERS)
    check_settings(checked, settings, train_defaults()["optimizer"])
    check_model_options(checked, model, settings.get("model_options"))
    if space is not None and ("batch_size" in checked.distributions or "batch_size" in checked.fixed):
        prepared = prepared or trial_data(model, data, settings)
        n_train = prepared.train.n
        check_batch_sizes(checked, n_train, prepared.name == "loader")
    return spec, checked, n_train
