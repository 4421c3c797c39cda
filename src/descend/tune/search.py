"""The sampler and the pruner of a study, as ``descend tune`` sets them up.

- ``"tpe"``: Optuna's TPE, multivariate (one joint density over the parameters, which finds
  better points than one density per parameter: Falkner et al. 2018, Optuna's
  ``multivariate`` option), grouped (``group=True``: the optimizer's own hyper-parameters,
  momentum for SGD and betas for Adam, are conditional), after ``STARTUP_TRIALS`` random
  start-up trials instead of Optuna's 10 (the first trial sits at train's defaults,
  :mod:`descend.tune.start`, so the start-up holds a good point already; a study of 20 trials
  would otherwise be half random search), with the constant liar (running trials count as
  bad) where several processes draw at once;
- ``"random"``: Optuna's random sampler;
- pruners: ``"successive_halving"`` (asynchronous successive halving, Li et al. 2020: a trial
  goes on past epochs 1, 3, 9... only in the top third of the trials that reached them; a
  study of a model of one weight matrix gets ``"median"`` instead: :mod:`descend.tune.study_pruner`;
  a trial no better than a constant prediction after epoch 1 or 3, in a study whose median
  there is no better either, is not judged there: :mod:`descend.tune.plateau_wait`),
  ``"hyperband"``, ``"median"``, ``"none"``.
"""

from __future__ import annotations

import warnings

import optuna

from .._checks import InvalidArgument
from .plateau_wait import PlateauWaitingHalving

__all__ = ["SAMPLERS", "PRUNERS", "STARTUP_TRIALS", "make_sampler", "make_pruner", "pruner_words"]

SAMPLERS = ("tpe", "random")
PRUNERS = ("successive_halving", "hyperband", "median", "none")
STARTUP_TRIALS = 5  # TPE's random start-up trials (Optuna's default: 10)


def make_sampler(name: str, *, seed: int | None = None, parallel: bool = False) -> optuna.samplers.BaseSampler:
    """The sampler called ``name`` (:data:`SAMPLERS`); ``parallel``: several processes draw
    points at once (TPE's constant liar).

    >>> type(make_sampler("tpe", seed=0)).__name__, type(make_sampler("random")).__name__
    ('TPESampler', 'RandomSampler')
    """
    if name == "tpe":
        with warnings.catch_warnings():  # multivariate, group and constant_liar are "experimental"
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return optuna.samplers.TPESampler(
                seed=seed,
                n_startup_trials=STARTUP_TRIALS,
                multivariate=True,
                group=True,
                constant_liar=parallel,
            )
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise InvalidArgument(f"sampler: unknown {name!r}; known: {', '.join(SAMPLERS)}")


def make_pruner(name: str) -> optuna.pruners.BasePruner:
    """The pruner called ``name`` (:data:`PRUNERS`).

    >>> type(make_pruner("successive_halving")).__name__
    'PlateauWaitingHalving'
    """
    if name == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=1, reduction_factor=3)
    if name == "successive_halving":  # its first cut waits for a trial still on the plateau
        return PlateauWaitingHalving()
    if name == "median":
        return optuna.pruners.MedianPruner()
    if name == "none":
        return optuna.pruners.NopPruner()
    raise InvalidArgument(f"pruner: unknown {name!r}; known: {', '.join(PRUNERS)}")


def pruner_words(pruner: optuna.pruners.BasePruner) -> str:
    """The pruner as a study's settings name it (``pruner: successive_halving``), in words, for a
    pruned trial's reason; another pruner by its class.

    >>> pruner_words(make_pruner("successive_halving")), pruner_words(make_pruner("median"))
    ('successive halving', 'the median pruner')
    """
    for kind, words in (
        (optuna.pruners.SuccessiveHalvingPruner, "successive halving"),
        (optuna.pruners.HyperbandPruner, "hyperband"),
        (optuna.pruners.MedianPruner, "the median pruner"),
    ):
        if isinstance(pruner, kind):
            return words
    return type(pruner).__name__
