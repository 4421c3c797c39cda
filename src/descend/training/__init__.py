"""The training engine and everything it runs on: data adapters, losses, built-in models,
callbacks, checkpoints, the run record (:class:`History`) and its files. ``descend.train``
composes them."""

from . import data, losses, models
from .callbacks import Callback, Convergence, Divergence, EarlyStopping, TimeBudget
from .data import Prepared, prepare
from .engine import Engine
from .examples_record import ExampleRecord
from .history import History
from .models import build_model
from .run import Run

__all__ = [
    "Engine",
    "History",
    "ExampleRecord",
    "Run",
    "Callback",
    "Convergence",
    "Divergence",
    "EarlyStopping",
    "TimeBudget",
    "prepare",
    "Prepared",
    "data",
    "build_model",
    "models",
    "losses",
]
