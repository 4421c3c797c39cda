"""Training: ``train()`` for any PyTorch model, its data adapters, losses, built-in models,
callbacks and checkpoints."""

from .callbacks import Callback, Convergence, Divergence, EarlyStopping, TimeBudget
from .data import DATASETS, Prepared, prepare
from .history import History
from .loop import Run, train
from . import losses
from . import models
from .models import build_model

__all__ = [
    "train", "History", "Run", "Callback", "Convergence", "Divergence", "EarlyStopping", "TimeBudget",
    "prepare", "Prepared", "DATASETS", "build_model", "models", "losses",
]
