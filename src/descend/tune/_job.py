"""A study's job, as the processes running its trials receive it: the settings (picklable),
and the sampler, pruner and objective built from them."""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import torch

from .._wrappers import inner_module
from .estimator_study import stored_form
from .objective import CrossValidated, TrainObjective
from .search import PRUNERS, SAMPLERS, make_sampler
from .space import TRAIN_PARAMETERS, Space

__all__ = ["Job", "is_estimator", "objective_of", "sampler_of", "space_of", "SAMPLERS", "PRUNERS"]


# The parts of a study's fingerprint added after studies were first stored: its options (session
# 39) and an estimator study's cv and scoring (session 40). A study stored before has none.
_LATER_PARTS = ("options", "cross_validation")


@dataclass
class Job:
    """What a worker process needs to run trials of the study (picklable)."""

    model: Any
    data: Any
    y: Any
    space: dict[str, Any]
    settings: dict[str, Any]
    metric: str
    direction: str
    doctor: bool
    cv: Any
    scoring: Any
    sampler: str
    pruner: str
    seed: int
    url: str | None
    name: str
    trials_dir: str | None
    salt: int = 0  # of the sampler's seed: this process's id on a storage other machines share
    parallel: bool = False  # several processes draw points at once
    trials: int | None = None  # the study's trials to finish (no advice is queued past them)
    opened_at: int = 0  # the trials a resumed study held when this call opened it: its samplers draw on from there
    start_at_defaults: bool = True  # a new study's first trial at the defaults (tune enqueues it)
    constant_loss: float | None = None  # the constant prediction's metric, measured once by tune (.plateau_wait)

    def fingerprint(self, parts: Iterable[str] = _LATER_PARTS) -> str:
        """The settings that define the study, as text: a study joined or resumed must agree.
        ``parts``: those of :data:`_LATER_PARTS` to hold: the study's :meth:`options` that decide
        how trials are drawn and pruned, and an estimator study's :meth:`cross_validation`; a study
        stored before a part was has none, and is compared without it."""
        what: dict[str, Any] = {"model": _model_named(self.model), "space": self.space}
        # callbacks are the user's objects, new at each call: they do not name the study
        settings = {k: v for k, v in self.settings.items() if k != "callbacks"}
        what.update(metric=self.metric, direction=self.direction, settings=settings)
        what["data"] = self.data if isinstance(self.data, str) else type(self.data).__name__
        if "options" in parts:
            what["options"] = self.options()
        if "cross_validation" in parts and is_estimator(self.model):
            what["cross_validation"] = self.cross_validation()
        # the space as given, in its order: a resume without one (descend tune --resume) draws in it
        return json.dumps(what, default=repr)

    def options(self) -> dict[str, Any]:
        """The study's options that decide how its trials are drawn and pruned: ``sampler``,
        ``pruner``, ``doctor``, ``start_at_defaults`` and ``seed`` (a train study's is in its
        settings already). Not ``workers``: each process, each machine, has its own.

        >>> Job("mlp", "iris", None, {}, {"seed": 0}, "val_loss", "minimize", False, 5, None, "tpe",
        ...     "median", 0, None, "s", None).options()
        {'sampler': 'tpe', 'pruner': 'median', 'doctor': False, 'start_at_defaults': True}
        """
        drawn = {"sampler": self.sampler, "pruner": self.pruner, "doctor": self.doctor}
        drawn["start_at_defaults"] = self.start_at_defaults
        if "seed" not in self.settings:
            drawn["seed"] = self.seed
        return drawn

    def cross_validation(self) -> dict[str, Any]:
        """How an estimator study values its trials: its ``cv`` and ``scoring``
        (:func:`.estimator_study.stored_form`; no scoring: the estimator's own ``score``), stored with it.

        >>> from descend.estimators import GDClassifier
        >>> job = Job(GDClassifier(), None, None, {}, {}, "score", "maximize", True, 3, "f1_macro", "tpe",
        ...           "median", 0, None, "s", None)
        >>> job.cross_validation()
        {'cv': 3, 'scoring': 'f1_macro'}
        >>> job.scoring = None; job.cross_validation()
        {'cv': 3, 'scoring': 'GDClassifier.score'}
        """
        from sklearn.metrics import check_scoring  # scikit-learn: for an estimator's study only

        scoring = check_scoring(self.model) if self.scoring is None else self.scoring
        return {"cv": stored_form(self.cv), "scoring": stored_form(scoring, folds=False)}

    def agrees(self, saved: str) -> bool:
        """Whether the study's stored :meth:`fingerprint` ``saved`` is this job's (without the
        parts ``saved`` has not: a study stored before they were), whatever the order of their
        keys: a study stored before session 40 holds them sorted, and the same space in another
        order is the same study.

        >>> job = Job("mlp", "iris", None, {"lr": [0.1, 1.0], "dropout": [0.0, 0.5]}, {}, "val_loss", "minimize",
        ...           True, 5, None, "tpe", "successive_halving", 0, None, "s", None)
        >>> job.agrees(json.dumps(json.loads(job.fingerprint()), sort_keys=True))
        True
        """
        return json.loads(saved) == json.loads(self.fingerprint(_parts(saved)))

    def differences(self, saved: str) -> str:
        """What differs between the study's stored :meth:`fingerprint` ``saved`` and this job's,
        in words: ``"epochs was 3, is 4"``, the settings by name (the first three).

        >>> job = Job("mlp", "iris", None, {"lr": [0.1]}, {"epochs": 4}, "val_loss", "minimize", True, 5, None,
        ...           "tpe", "successive_halving", 0, None, "s", None)
        >>> job.differences(job.fingerprint().replace('"epochs": 4', '"epochs": 3'))
        'epochs was 3, is 4'
        """
        then = json.loads(saved)
        now = json.loads(self.fingerprint(_parts(saved)))
        flat = {}
        for side, what in (("then", then), ("now", now)):
            for key, value in what.items():
                grouped = key in ("settings", *_LATER_PARTS) and isinstance(value, dict)
                items = value.items() if grouped else [(key, value)]
                for name, v in items:
                    flat.setdefault(name, {})[side] = v
        changed = []
        for name, pair in sorted(flat.items()):
            if pair.get("then", _MISSING) != pair.get("now", _MISSING):
                was, is_ = (_shown(pair.get(side, _MISSING)) for side in ("then", "now"))
                changed.append(f"{name} was {was}, is {is_}")
        return "; ".join(changed[:3]) + ("; ..." if len(changed) > 3 else "")


def is_estimator(model: Any) -> bool:
    """Whether ``model`` is a scikit-learn estimator (tuned by cross-validation), not a ``train`` model."""
    return hasattr(model, "get_params") and hasattr(model, "fit")


def objective_of(job: Job, space: Space) -> TrainObjective | CrossValidated:
    if is_estimator(job.model):
        return CrossValidated(
            job.model, job.data, job.y, space, cv=job.cv, scoring=job.scoring, doctor=job.doctor, seed=job.seed
        )
    trials_dir = Path(job.trials_dir) if job.trials_dir is not None else None
    objective = TrainObjective(
        job.model,
        job.data,
        space,
        job.settings,
        metric=job.metric,
        direction=job.direction,
        doctor=job.doctor,
        # Several processes: a queued trial may be handed to two of them (SQLite has no row
        # locks), so the doctor's advice is queued only where one process draws the trials.
        follow_advice=not job.parallel,
        too_small=not job.parallel,  # a rate pruned as too small comes back only through the advice
        trials=job.trials,
        trials_dir=trials_dir,
    )
    objective.constant_loss = job.constant_loss  # tune's measure: no process reads the data again for it
    return objective


def sampler_of(job: Job, worker: int) -> optuna.samplers.BaseSampler:
    """The sampler of ``worker`` (0: this process): workers and machines draw different points, and
    so does a study resumed (``opened_at``), which would otherwise draw its first call's points again."""
    seed = job.seed + 1000 * worker + job.salt
    if job.opened_at:
        seed = int(np.random.SeedSequence([seed, job.opened_at]).generate_state(1)[0])
    return make_sampler(job.sampler, seed=seed % 2**32, parallel=job.parallel)  # numpy's seeds: below 2**32


def space_of(job: Job) -> Space:
    """The study's space, parsed again where its trials run: :func:`descend.tune` parsed it and
    said its warnings already, so quietly (they were said twice)."""
    known = tuple(job.model.get_params(deep=False)) if is_estimator(job.model) else TRAIN_PARAMETERS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Space.parse(job.space, known)


_MISSING = object()


def _parts(saved: str) -> list[str]:
    """The parts of :data:`_LATER_PARTS` that the stored fingerprint ``saved`` holds."""
    then = json.loads(saved)
    return [part for part in _LATER_PARTS if part in then]


def _model_named(model: Any) -> str:
    """A study's model in its fingerprint: a name as given; a module as its class (inside
    ``torch.compile``'s wrapper, so compiled or not is one study) and a digest of its layers and
    weights as given, since every trial starts from those: a study resumed on another module, or
    on the same one trained since, would mix trials from other starting points; an estimator as
    its class.

    >>> _ = torch.manual_seed(0); a = _model_named(torch.nn.Linear(2, 1))
    >>> _ = torch.manual_seed(0); a == _model_named(torch.nn.Linear(2, 1)), a[:16]
    (True, 'Linear (weights ')
    """
    if isinstance(model, str):
        return model
    if not isinstance(model, torch.nn.Module):
        return type(model).__name__
    module = inner_module(model)
    digest = hashlib.sha256(repr(module).encode())
    for name, tensor in module.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes())
    return f"{type(module).__name__} (weights {digest.hexdigest()[:12]})"


def _shown(value: Any) -> str:
    """A setting's value in a message: "not set" for none, a flag as Python writes it (``doctor``
    given as ``False``), else its JSON, cut at 60 characters where it is a space or a list (a
    text is whole: a splitter's two reprs may differ in their last argument).

    >>> _shown({"lr": list(range(30))})[-10:], _shown("ShuffleSplit(n_splits=3, random_state=0, test_size=None, train_size=0.5)")
    ('13, 14,...', '"ShuffleSplit(n_splits=3, random_state=0, test_size=None, train_size=0.5)"')
    """
    if value is _MISSING:
        return "not set"
    if isinstance(value, bool):
        return str(value)
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 60 or isinstance(value, str) else text[:57] + "..."
