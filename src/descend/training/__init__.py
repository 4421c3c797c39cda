"""The training engine and everything it runs on: data adapters, losses, built-in models,
callbacks, checkpoints, the run record (:class:`History`) and its files. ``descend.train``
composes them."""

from .callbacks import Callback, Convergence, Divergence, EarlyStopping, TimeBudget
from . import data
from .data import Prepared, prepare
from .history import History
from .engine import Engine
from .run import Run
from . import losses
from . import models
from .models import build_model

__all__ = [
    "Engine", "History", "Run", "Callback", "Convergence", "Divergence", "EarlyStopping", "TimeBudget",
    "prepare", "Prepared", "data", "build_model", "models", "losses",
]
