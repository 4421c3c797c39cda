"""The data as every trial of a train study has it: ``data`` split and prepared by
:func:`descend.training.data.prepare` with the study's fixed settings, as ``train`` prepares it;
read once within :func:`read_once` (a study's checks, its space and its constant prediction)."""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator, Mapping
from typing import Any

from ..training.data import Prepared, prepare
from ..training.tasks import is_classifier

__all__ = ["trial_data", "read_once"]

# The reads of the read_once in force (one dict, shared by those within it): key -> (the data and
# validation data read, Prepared).
_READS: contextvars.ContextVar[dict[tuple[Any, ...], tuple[Any, Prepared]] | None] = contextvars.ContextVar(
    "descend_tune_reads", default=None
)


def trial_data(model: Any, data: Any, settings: Mapping[str, Any]) -> Prepared:
    """``data`` (and ``settings``' ``val_data``, ``target``, ``seed``, ``standardize``, ``loss``)
    prepared as each trial's ``train(model, data, **settings)`` prepares it, batches aside; the
    same read again where one was made within :func:`read_once`.

    >>> trial_data("mlp", "iris", {"seed": 0}).train.n  # iris' 150 examples, 20% held out for validation
    120
    """
    read = (data, settings.get("val_data"))
    keywords = {
        "target": settings.get("target"),
        "seed": settings.get("seed", 0),
        "standardize": settings.get("standardize"),
        "task": "classification" if is_classifier(model, settings.get("loss")) else None,
    }
    reads = _READS.get()
    key = (*map(_key, read), *keywords.values())
    if reads is not None and key in reads:
        return reads[key][1]
    prepared = prepare(*read, batch_size=None, **keywords)
    if reads is not None:
        reads[key] = (read, prepared)  # the data held too: an object's id is its key while the reads live
    return prepared


@contextlib.contextmanager
def read_once() -> Iterator[None]:
    """Within it, :func:`trial_data` reads each data set once (a CSV file is parsed once, not by
    each of a study's checks); within another, the outer one's reads are shared. Each drops the
    reads as it ends, an outer one's too: ``descend.tune``'s ends before the trials, whose runs
    read their own data, and a copy held on would double what they hold.

    >>> with read_once():
    ...     trial_data("mlp", "iris", {}) is trial_data("mlp", "iris", {"seed": 0})
    True
    >>> trial_data("mlp", "iris", {}) is trial_data("mlp", "iris", {})
    False
    """
    reads = _READS.get()
    token = _READS.set({}) if reads is None else None
    try:
        yield
    finally:
        _READS.get().clear()
        if token is not None:
            _READS.reset(token)


def _key(data: Any) -> Any:
    """``data`` in a read's key: a name or a path by its text; anything else (arrays, a data
    set) by its identity, so that no object is compared or hashed."""
    return os.fspath(data) if isinstance(data, (str, os.PathLike)) else id(data)
