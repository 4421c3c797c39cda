"""Hyper-parameter search on Optuna, where the doctor prunes hopeless trials.

``descend.tune(model, data, space=..., trials=...)`` (this module is callable: it is
:func:`descend.tune.tune`) searches ``train``'s settings (:mod:`.space`), starting at the
default settings of ``train`` (:mod:`.start`), one ``train`` run per trial (:mod:`.objective`), drawn by
TPE and pruned by Optuna's pruner (:mod:`.search`) and the doctor (:mod:`.pruning`), kept in a
storage that survives a killed process and is shared by workers and machines (:mod:`.storage`);
the study folder gets ``trials.csv``, ``best.yaml`` (:mod:`.outputs`) and ``report.html``
(:mod:`.study_report`). ``import descend`` does not import this package (nor Optuna): it is
imported on first use of ``descend.tune``.

>>> import descend as ds
>>> sorted(ds.tune.default_space("mlp"))[:3]
['batch_size', 'dropout', 'hidden']
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any

from .objective import CrossValidated, TrainObjective, direction_of
from .pruning import TrialPruning
from .search import STARTUP_TRIALS, make_pruner, make_sampler
from .space import TRAIN_PARAMETERS, Space, default_space, settings_of
from .start import starting_point
from .storage import open_storage, storage_url
from .study import PRUNERS, SAMPLERS, TuneResult, tune

__all__ = [
    "tune",
    "TuneResult",
    "Space",
    "default_space",
    "settings_of",
    "starting_point",
    "make_sampler",
    "make_pruner",
    "STARTUP_TRIALS",
    "TRAIN_PARAMETERS",
    "TrialPruning",
    "TrainObjective",
    "CrossValidated",
    "direction_of",
    "open_storage",
    "storage_url",
    "SAMPLERS",
    "PRUNERS",
]


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`tune` (so that ``descend.tune(...)`` runs a study and
    ``descend.tune.Space`` is still reachable)."""

    def __call__(self, *args: Any, **kwargs: Any) -> TuneResult:
        return tune(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
__signature__ = inspect.signature(tune)
