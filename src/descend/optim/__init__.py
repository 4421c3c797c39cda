"""descend's update rules, drop-in compatible with ``torch.optim``.

Each rule is a small function on lists of tensors written in its paper's symbols (``adam``,
``sgd``, ...) plus a ``torch.optim.Optimizer`` subclass with the same constructor arguments and
defaults as its ``torch.optim`` counterpart (``Adam``, ``SGD``, ...).

>>> import torch, descend as ds
>>> model = torch.nn.Linear(3, 1)
>>> opt = ds.optim.Adam(model.parameters(), lr=1e-3)
>>> opt = ds.optim.create("momentum", model.parameters(), lr=0.01)
"""

from ._registry import (
    build,
    check_keywords,
    check_rate_name,
    create,
    full_batch_rule,
    get,
    names,
    refuse_maximize,
    rule_class,
)
from ._unhooked_step import step_unhooked
from .adadelta import Adadelta, adadelta
from .adafactor import Adafactor, adafactor
from .adagrad import Adagrad, adagrad
from .adam import Adam, AdamW, adam, adam_moments
from .adamax import Adamax, adamax
from .asgd import ASGD, asgd
from .default_rate import default_rate
from .large_batch import LAMB, LARS, lamb, lars
from .lbfgs import LBFGS, curvature_pair, lbfgs
from .lion import Lion, lion
from .muon import Muon, muon
from .muon_aux_adam import MuonWithAuxAdam
from .nadam import NAdam, nadam
from .prodigy import Prodigy, prodigy
from .radam import RAdam, radam
from .rmsprop import RMSprop, rmsprop
from .rprop import Rprop, rprop
from .sam import SAM, sam
from .schedule_free import ScheduleFreeAdamW, schedule_free_adamw
from .sgd import GD, SGD, sgd, takes_plain_steps
from .sparse_adam import SparseAdam, sparse_adam
from .sparse_gradients import dense_gradient_names, refuse_sparse_rule_on_dense_gradients, sparse_only

__all__ = [
    "GD",
    "SGD",
    "Adagrad",
    "RMSprop",
    "Adadelta",
    "Adam",
    "AdamW",
    "NAdam",
    "RAdam",
    "Lion",
    "ScheduleFreeAdamW",
    "Prodigy",
    "Adamax",
    "ASGD",
    "Rprop",
    "Adafactor",
    "SparseAdam",
    "LBFGS",
    "Muon",
    "MuonWithAuxAdam",
    "LARS",
    "LAMB",
    "SAM",
    "sgd",
    "adagrad",
    "rmsprop",
    "adadelta",
    "adam",
    "adam_moments",
    "nadam",
    "radam",
    "lion",
    "schedule_free_adamw",
    "prodigy",
    "adamax",
    "asgd",
    "rprop",
    "adafactor",
    "sparse_adam",
    "lbfgs",
    "muon",
    "lars",
    "lamb",
    "sam",
    "curvature_pair",
    "build",
    "check_keywords",
    "check_rate_name",
    "create",
    "default_rate",
    "full_batch_rule",
    "rule_class",
    "refuse_maximize",
    "refuse_sparse_rule_on_dense_gradients",
    "sparse_only",
    "dense_gradient_names",
    "get",
    "names",
    "takes_plain_steps",
    "step_unhooked",
]
