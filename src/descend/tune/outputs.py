"""A study's files: ``trials.csv`` (every trial) and ``best.yaml`` (the best settings, in the
form ``descend train --config best.yaml`` reads)."""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import optuna
import yaml

from ..training import run_folder
from .space import SCALARS, Space

__all__ = [
    "write_trials",
    "write_best",
    "run_config",
    "TRIALS",
    "TRIALS_DIR",
    "BEST",
    "NO_BEST_BECAUSE",
    "FAILED_BECAUSE",
    "finished",
    "failed",
    "retries",
    "stopped_because",
    "LAST_VALUE",
    "shown_value",
    "best_value_text",
    "trial_folder",
    "write_trial_config",
    "best_trial_number",
    "typed_form",
    "shown_params",
]

TRIALS = "trials.csv"
TRIALS_DIR = "trials"  # each trial's training logs (a run folder each), in the study folder
BEST = "best.yaml"
# Why a study wrote no BEST, where the command line says so (its summary, a command refusing its folder).
NO_BEST_BECAUSE = "every trial was pruned or failed"
_BEST_HEAD = "# best trial {} of the study: "
_HYPER = ("momentum", "weight_decay", "betas", "nesterov", "eps", "dampening")
# train's keywords that a run folder's config.yaml (descend train's settings) has no key for.
_NO_CONFIG_KEY = ("callbacks", "checkpoint_every", "strategy")
_FINISHED = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
# The user attribute of a trial Optuna failed for its value (NaN) while the study went on.
FAILED_BECAUSE = "failed_because"
# The user attribute of a pruned trial: its metric at the last epoch it trained. Optuna values a
# pruned trial by the last value reported to its pruner, and the doctor prunes before the epoch's
# report: that value is an epoch old, or missing where the doctor pruned the first epoch. An
# estimator's pruned trial: its mean score over the folds it fitted, the fold pruned included.
LAST_VALUE = "last_value"


def finished(study: optuna.Study) -> list[optuna.trial.FrozenTrial]:
    """The trials of ``study`` that ran to their end: complete or pruned.

    >>> import optuna
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    >>> len(finished(s))
    2
    """
    return study.get_trials(deepcopy=False, states=_FINISHED)


def failed(study: optuna.Study) -> list[optuna.trial.FrozenTrial]:
    """The failed trials of ``study`` that count toward its trials: those Optuna failed for
    their value (NaN) while the study went on (marked ``FAILED_BECAUSE``); not one a killed
    process left (run again as another trial), nor one whose error stopped the study.

    >>> optuna.logging.set_verbosity(optuna.logging.ERROR)
    >>> s = optuna.create_study()
    >>> s.enqueue_trial({}, user_attrs={FAILED_BECAUSE: "its value came out nan"})
    >>> s.optimize(lambda t: float("nan"), n_trials=2)
    >>> [t.number for t in failed(s)]
    [0]
    """
    return [
        t
        for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.FAIL,))
        if FAILED_BECAUSE in t.user_attrs
    ]


def best_value_text(value: float) -> str:
    """A study's best value as its summary, ``report.html`` and ``best.yaml`` all show it: to 6
    significant figures, enough to tell apart trials that agree to 4.

    >>> best_value_text(0.123456789), best_value_text(2.0)
    ('0.123457', '2')
    """
    return f"{value:.6g}"


def shown_value(trial: optuna.trial.FrozenTrial) -> float | None:
    """``trial``'s value as ``trials.csv`` shows it: a pruned trial's metric at the last epoch it
    trained (:data:`LAST_VALUE`, where the study recorded it), else Optuna's value.

    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.enqueue_trial({}, user_attrs={LAST_VALUE: 7.5})
    >>> def pruned_at_once(trial): raise optuna.TrialPruned()
    >>> s.optimize(pruned_at_once, n_trials=1)
    >>> s.trials[0].value, shown_value(s.trials[0])
    (None, 7.5)
    """
    if trial.state == optuna.trial.TrialState.PRUNED and LAST_VALUE in trial.user_attrs:
        return float(trial.user_attrs[LAST_VALUE])
    return trial.value


def typed_form(value: Any) -> Any:
    """A setting's value as a user types it in a space (``space=``, a tune file): a list or a
    tuple of choices as ``[128, 64]``; any other value as it is (a number is formatted where it
    is shown). The one form of a model size in ``trials.csv``, ``report.html``, ``descend tune``'s
    summary and ``best.yaml``, where Optuna stores the choice ``[128, 64]`` by its label ``128x64``.

    >>> typed_form([128, 64]), typed_form((16,)), typed_form([]), typed_form(["relu", "tanh"]), typed_form(0.5)
    ('[128, 64]', '[16]', '[]', '[relu, tanh]', 0.5)
    """
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(typed_form(v)) for v in value) + "]"
    return value


def shown_params(params: Mapping[str, Any], space: Space | None) -> dict[str, Any]:
    """A trial's stored ``params`` as a study's outputs show them: decoded, in the order
    ``space`` draws them (:meth:`.Space.drawn`), each in its :func:`typed_form`; without a
    ``space``, as Optuna stores them.

    >>> shown_params({"lr": 0.1, "hidden": "16x8"}, Space.parse({"hidden": [[8], [16, 8]], "lr": [0.1, 1.0]}))
    {'hidden': '[16, 8]', 'lr': 0.1}
    """
    drawn = space.drawn(params) if space is not None else params
    return {name: typed_form(value) for name, value in drawn.items()}


def write_trials(study: optuna.Study, path: Path, space: Space | None = None) -> Path:
    """``trials.csv``: one row per trial: its number, state, value (a pruned trial's:
    :func:`shown_value`, its metric at the last epoch it trained), parameters (``param_*``: in
    the order ``space`` draws them, each as :func:`shown_params` shows it, ``[128, 64]``;
    without a ``space``, sorted, as Optuna stores them), epochs trained, seconds, why it was pruned or
    stopped (a trial a killed process left is stopped by that, and says which trial ran it
    again), which trial's doctor advice it follows.

    >>> import optuna, tempfile, pathlib
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_trials(s, pathlib.Path(d) / "trials.csv")
    ...     p.read_text().splitlines()[0]
    'number,state,value,epochs,seconds,pruned_because,stopped_because,advised_by,param_x'
    """
    trials = study.get_trials(deepcopy=False)
    retried = retries(trials)
    stored = {name for t in trials for name in t.params}
    params = [name for name in space.order() if name in stored] if space is not None else []
    params += sorted(stored - set(params))
    attributes = ("epochs", "seconds", "pruned_because", "stopped_because", "advised_by")
    columns = ["number", "state", "value", *attributes]
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns + [f"param_{p}" for p in params])
        for t in trials:
            attrs = {**t.user_attrs, "stopped_because": stopped_because(t, retried)}
            value = shown_value(t)
            row = [t.number, t.state.name, "" if value is None else value]
            row += [attrs.get(k, "") for k in attributes]
            shown = shown_params(t.params, space)
            writer.writerow(row + [shown.get(p, "") for p in params])
    return path


def retries(trials: list[optuna.trial.FrozenTrial]) -> dict[int, optuna.trial.FrozenTrial]:
    """The trials that run others again (:func:`~descend.tune.storage.requeue`'s), by the
    number of the trial each runs again.

    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> _ = s.tell(s.ask(), state=optuna.trial.TrialState.FAIL)  # trial 0, left by a killed process
    >>> s.enqueue_trial({}, user_attrs={"retry_of": 0, "retried_because": "killed"})
    >>> s.optimize(lambda t: 1.0, n_trials=1)  # trial 1 runs it again
    >>> {n: t.number for n, t in retries(s.get_trials()).items()}
    {0: 1}
    """
    return {t.user_attrs["retry_of"]: t for t in trials if "retry_of" in t.user_attrs}


def stopped_because(trial: optuna.trial.FrozenTrial, retried: Mapping[int, optuna.trial.FrozenTrial]) -> str:
    """Why ``trial`` stopped (``""`` where it said nothing, or only that it was pruned, which
    ``pruned_because`` says; a failed one: why it failed); one a killed process left says which
    trial of ``retried`` (:func:`retries`) ran it again.

    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> _ = s.tell(s.ask(), state=optuna.trial.TrialState.FAIL)
    >>> s.enqueue_trial({}, user_attrs={"retry_of": 0, "retried_because": "killed"})
    >>> s.optimize(lambda t: 1.0, n_trials=1)
    >>> trials = s.get_trials()
    >>> stopped_because(trials[0], retries(trials)), stopped_because(trials[1], retries(trials))
    ('killed as trial 1', '')
    """
    said = trial.user_attrs.get(FAILED_BECAUSE, trial.user_attrs.get("stopped_because"))
    if said is None and trial.number in retried:  # storage.requeue's mark
        retry = retried[trial.number]
        return f"{retry.user_attrs.get('retried_because', 're-queued')} as trial {retry.number}"
    if said == f"pruned by {trial.user_attrs.get('pruned_because')}":  # the run's words for its pruning
        return ""  # said once, in pruned_because
    return said or ""


def run_config(settings: Mapping[str, Any]) -> dict[str, Any]:
    """``train`` keyword arguments as the keys of a ``descend train --config`` file: optimizer
    hyper-parameters under ``hyper``, ``batch_size: full`` for full batches, lists for tuples,
    text for paths.

    >>> run_config({"data": "digits", "optimizer": "sgd", "momentum": 0.9, "batch_size": None})
    {'data': 'digits', 'optimizer': 'sgd', 'batch_size': 'full', 'hyper': {'momentum': 0.9}}
    >>> import pathlib
    >>> run_config({"data": "train.csv", "val_data": pathlib.Path("val.csv")})
    {'data': 'train.csv', 'val_data': 'val.csv'}
    """
    out: dict[str, Any] = {}
    hyper: dict[str, Any] = {}
    for key, value in settings.items():
        value = _plain(value)
        if key in _HYPER:
            hyper[key] = value
        elif key == "batch_size" and value is None:
            out[key] = "full"
        else:
            out[key] = value
    if hyper:
        out["hyper"] = hyper
    return out


def write_best(trial: optuna.trial.FrozenTrial, settings: Mapping[str, Any], path: Path, metric: str) -> Path:
    """``best.yaml``: the settings of the best ``trial`` (``settings``: its train keyword
    arguments), with a comment naming the trial and its value, and how to train it again: with
    ``descend train --config``, or, where the study's model or data were objects (a module,
    arrays) the file cannot hold, in Python.

    >>> import optuna, tempfile, pathlib
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.optimize(lambda t: t.suggest_float("lr", 0.01, 0.1), n_trials=1)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_best(s.best_trial, {"data": "iris", "model": "mlp", "lr": 0.05}, pathlib.Path(d) / "best.yaml",
    ...                    "val_loss")
    ...     p.read_text().splitlines()[1:]
    ['# train it again with: descend train --config best.yaml --out runs/best', 'data: iris', 'model: mlp', 'lr: 0.05']
    """
    value = trial.value if trial.value is not None and math.isfinite(trial.value) else None
    head = _BEST_HEAD.format(trial.number) + f"{metric} = {best_value_text(value)}\n" if value is not None else ""
    unnamed = [key for key in ("model", "data") if key not in settings]
    if unnamed:  # a module, arrays: the study's objects, which a file cannot name
        are = "(objects, not names) are" if len(unnamed) > 1 else "(an object, not a name) is"
        head += (
            f"# the study's {' and '.join(unnamed)} {are} not in this file: train it again in Python, "
            "descend.train(model, data, **result.best_settings)\n"
        )
    else:
        head += "# train it again with: descend train --config best.yaml --out runs/best\n"
    objects = [key for key, value in settings.items() if not _in_a_file(value)]
    for key in objects:  # the user's objects (callbacks, validation arrays): a file cannot hold them
        again = (
            "are not in this file: pass them again (callbacks=[...])"
            if key == "callbacks"
            else f"is not in this file (an object, not a setting): pass it again ({key}=...)"
        )
        head += f"# the study's {key} {again}\n"
    settings = {k: v for k, v in settings.items() if k not in objects}
    path.write_text(head + yaml.dump(run_config(settings), Dumper=_TypedLists, sort_keys=False))
    return path


def trial_folder(trials_dir: Path, number: int) -> Path:
    """The folder of trial ``number``'s logs (a run folder) under ``trials_dir``.

    >>> trial_folder(Path("studies/digits/trials"), 2).as_posix()
    'studies/digits/trials/0002'
    """
    return trials_dir / f"{number:04d}"


def write_trial_config(folder: Path, settings: Mapping[str, Any], lr_used: float | None) -> Path | None:
    """A trial's ``config.yaml`` in its run ``folder``, as ``descend train --out`` writes one: its
    ``settings`` (``train``'s keyword arguments, ``model`` and ``data`` included) in the form
    :func:`run_config` gives, with ``lr_used``, the rate its run started from; so that
    ``descend examples``, ``landscape`` and ``train --config`` read the trial as a run of
    ``descend train``. ``None``, and no file, where a setting is an object a file cannot name
    (arrays, a module) or one ``config.yaml`` has no key for (callbacks, even none): that run
    cannot be rebuilt from a file.

    >>> import tempfile, numpy as np
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_trial_config(Path(d), {"data": "iris", "model": "mlp", "batch_size": None}, 0.1)
    ...     p.read_text().splitlines(), write_trial_config(Path(d), {"data": np.zeros(3), "model": "mlp"}, 0.1)
    (['data: iris', 'model: mlp', 'batch_size: full', 'lr_used: 0.1'], None)
    >>> write_trial_config(Path("unwritten"), {"data": "iris", "model": "mlp", "callbacks": []}, 0.1) is None
    True
    """
    named = all(isinstance(settings.get(key), (str, os.PathLike)) for key in ("model", "data"))
    keyless = any(key in settings for key in _NO_CONFIG_KEY)
    if not named or keyless or not all(_in_a_file(value) for value in settings.values()):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / run_folder.CONFIG
    path.write_text(yaml.safe_dump({**run_config(settings), "lr_used": _plain(lr_used)}, sort_keys=False))
    return path


def best_trial_number(path: Path) -> int | None:
    """The number of the trial the ``best.yaml`` at ``path`` holds (:func:`write_best`'s first
    line); ``None`` where there is no such file or it names no trial.

    Read from the file, not from the study's storage (Optuna's ``best_trial``): a study on a
    shared storage (PostgreSQL, a journal) has no database in its folder, whose files are then
    all there is; and the trial named is the one whose settings ``best.yaml`` holds, the ones a
    user is told to train, while a study still running may have a newer best. ``descend
    train --config`` refuses any key but a run's, so the number is in the file's comment.

    >>> import optuna, tempfile
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.optimize(lambda t: t.suggest_float("lr", 0.01, 0.1), n_trials=3)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_best(s.trials[2], {"data": "iris", "model": "mlp"}, Path(d) / "best.yaml", "val_loss")
    ...     best_trial_number(p), best_trial_number(Path(d) / "none.yaml")
    (2, None)
    """
    try:
        first = path.read_text().partition("\n")[0]
    except OSError:
        return None
    found = re.fullmatch(re.escape(_BEST_HEAD).replace(r"\{\}", r"(\d+)") + ".*", first)
    return int(found[1]) if found else None


class _TypedLists(yaml.SafeDumper):
    """YAML's safe dumper with each list on one line, as it is typed (:func:`typed_form`:
    ``hidden: [128, 64]``), where ``safe_dump`` writes one line per item; mappings in blocks."""


_TypedLists.add_representer(
    list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)
)


def _in_a_file(value: Any) -> bool:
    """Whether YAML can write ``value`` as settings: names, paths, numbers, and lists and mappings
    of them; not arrays, tensors, data sets or functions (``val_data=(X_val, y_val)``).

    >>> import numpy as np
    >>> _in_a_file({"betas": (0.9, 0.99)}), _in_a_file(np.float32(0.5)), _in_a_file((np.zeros(3), np.zeros(3)))
    (True, True, False)
    """
    if isinstance(value, (tuple, list)):
        return all(_in_a_file(v) for v in value)
    if isinstance(value, Mapping):
        return all(_in_a_file(v) for v in value.values())
    return value is None or isinstance(value, (os.PathLike, *SCALARS))


def _plain(value: Any) -> Any:
    """``value`` as YAML writes it safely: tuples as lists, numpy scalars as numbers, paths as text."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value
