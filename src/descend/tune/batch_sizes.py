"""A train study's batch sizes against its training set: ``train`` refuses a batch larger than
the training examples it was given, so a space offering one would stop the study at whichever
trial first drew it (the default space's 64 on a CSV file of 60 rows, ``batch_size: [32, 64, 128,
full]`` on iris' 120 training examples), with ``train``'s words and no word of the space.

The default space keeps its sizes that fit, the full batch in place of those that do not
(:func:`fit_batches`); a space of yours offering a larger one is refused before any trial
(:func:`check_batch_sizes`), naming the size and the training set's. Data given as a
``DataLoader`` brings its own batches, which ``train`` keeps: the default space searches no batch
size on it, and a space of yours that does is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._checks import InvalidArgument
from .space import Space, is_full_batch
from .space_values import bounding_values

__all__ = ["fit_batches", "check_batch_sizes"]

_FULL = "full"


def fit_batches(spec: Mapping[str, Any], n_train: int, loader: bool = False) -> dict[str, Any]:
    """``spec`` (the default space) with only the batch sizes of at most ``n_train`` training
    examples, and the full batch in place of the larger ones; without ``batch_size`` where the
    full batch is all that is left (``train``'s default batch is then the full batch itself), or
    where the data is a ``loader``'s, which brings its own batches.

    >>> fit_batches({"lr": [0.1, 1.0], "batch_size": [16, 32, 64]}, 40)
    {'lr': [0.1, 1.0], 'batch_size': [16, 32, 'full']}
    >>> fit_batches({"lr": [0.1, 1.0], "batch_size": [16, 32, 64]}, 12)
    {'lr': [0.1, 1.0]}
    """
    choices = spec.get("batch_size")
    if not isinstance(choices, list) or (not loader and all(is_full_batch(c) or c <= n_train for c in choices)):
        return dict(spec)
    kept = [] if loader else [c for c in choices if not is_full_batch(c) and c <= n_train] + [_FULL]
    fitted = {name: value for name, value in spec.items() if name != "batch_size"}
    if len(kept) > 1:
        fitted["batch_size"] = kept
    return fitted


def check_batch_sizes(space: Space, n_train: int, loader: bool = False) -> None:
    """Refuse a batch size of ``space`` (a choice, a range's end, a fixed value) larger than
    the ``n_train`` training examples, and any where the data is a ``loader``'s.

    >>> check_batch_sizes(Space.parse({"batch_size": [16, 32, "full"]}), 120)
    >>> check_batch_sizes(Space.parse({"batch_size": [32, 64, 128, "full"]}), 120)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: batch_size: choice 128 is larger than the 120 training examples, so a trial drawing it would fail: offer sizes up to 120, or the full batch ('full', a choice)
    """
    if "batch_size" in space.fixed:
        values = [("value", space.fixed["batch_size"])]
    elif "batch_size" in space.distributions:
        values = bounding_values(space.distributions["batch_size"])
    else:
        return
    if loader:
        raise InvalidArgument(
            "space: batch_size: the data is a DataLoader, which brings its own batches (train keeps them): leave "
            "batch_size out of the space, or give the data as arrays or a Dataset to search it"
        )
    for where, value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > n_train:
            raise InvalidArgument(
                f"space: batch_size: {where} {value} is larger than the {n_train} training examples, so a trial "
                f"drawing it would fail: offer sizes up to {n_train}, or the full batch ('full', a choice)"
            )
