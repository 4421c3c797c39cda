"""The settings a train study passes to every trial's ``descend.train`` that a study cannot take
as given: the folders it sets per trial itself, and callbacks each trial must copy."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .._checks import InvalidArgument
from ..training.run_options import check_callbacks

__all__ = ["check_trial_settings"]

# train's settings that a study sets for each trial itself, and why one given is refused.
_SET_PER_TRIAL = {
    "log_dir": "a study logs each trial's run itself, into trials/NNNN of its folder: give out= (the study folder) "
    "instead",
    "checkpoint_dir": "every trial would write its checkpoints into that one folder, which the second trial refuses; "
    "a study is continued with out= and resume=True, and its best trial trained again with "
    "descend.train(**result.best_settings)",
}


def check_trial_settings(settings: Mapping[str, Any]) -> None:
    """Refuse ``log_dir`` and ``checkpoint_dir`` (a study sets them per trial) and callbacks that
    are not callbacks or cannot be copied (each trial runs a copy of its own).

    >>> check_trial_settings({"epochs": 3})
    >>> check_trial_settings({"log_dir": "runs"})
    Traceback (most recent call last):
    descend._checks.InvalidArgument: log_dir runs: a study logs each trial's run itself, into trials/NNNN of its folder: give out= (the study folder) instead
    """
    for name, why in _SET_PER_TRIAL.items():
        if name in settings:
            raise InvalidArgument(f"{name} {settings[name]}: {why}")
    if "callbacks" in settings:
        check_callbacks(settings["callbacks"])
        _check_copyable(settings["callbacks"])


def _check_copyable(callbacks: list[Any] | tuple[Any, ...]) -> None:
    """Refuse a callback that cannot be copied, naming it: each trial runs a copy of its own."""
    for i, callback in enumerate(callbacks):
        try:
            copy.deepcopy(callback)
        except Exception as err:  # whatever its contents raise: a lock, an open file, a generator...
            raise InvalidArgument(
                f"callbacks[{i}] ({type(callback).__name__}) cannot be copied ({err}): each trial of a study runs "
                "a copy of its own; open what it holds (a file, a lock, a connection) in its on_train_begin "
                "instead, or give it a __deepcopy__"
            ) from None
