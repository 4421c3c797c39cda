"""Opening a study, never over another's: a new study starts in a new or empty folder, a
continued one (``resume``) must be there with the settings it was started with, and the trials a
dead process left running are re-queued; a study that finished no trial leaves nothing behind.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import optuna

from .._checks import InvalidArgument
from ._job import Job, is_estimator, sampler_of
from .storage import DATABASE, open_storage, requeue, storage_url
from .study_pruner import study_pruner

__all__ = ["check_folder", "open_study", "clear_folder", "stored_settings"]

_KILLED = "its process ended while it ran (killed or interrupted); re-queued with the same parameters"
# The study's user attribute of the trials its last call was to finish: a resume that gives none
# (descend tune --out S --resume) finishes those, not descend.tune's default.
_TRIALS = "trials"
# Seconds a process waits for the settings of a study another process has just created: it stores
# them right after (milliseconds; seconds on a busy database).
_CREATOR_WAIT = 30


def check_folder(folder: Path, resume: bool, storage: str | None, job: Job) -> None:
    """A study folder is never overwritten: ``resume`` continues it; a fresh one must be empty.

    On a shared ``storage`` the workers that join a study share its folder, so a folder holding
    files is taken only for a study that exists there already: a new study's outputs would
    replace another study's (``trials/NNNN/``, ``trials.csv``, ``best.yaml``, the report).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); (folder / "notes.txt").touch()
    >>> check_folder(folder, resume=False, storage=None, job=None)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: out: ... holds files (notes.txt) but no study (study.db); nothing was changed: ...
    """
    held = [p for p in folder.iterdir() if p.name != ".descend.lock"] if folder.is_dir() else []
    if held and not resume and storage is not None:
        if job.name not in optuna.study.get_all_study_names(open_storage(job.url)):
            raise InvalidArgument(
                f"out: {folder} already holds files ({_names(held)}) and study "
                f"{job.name!r} is new on storage {storage}: a new study starts in a new or empty folder (the "
                "workers that join it share that folder); choose another folder"
            )
    if resume and storage is None and not (folder / DATABASE).is_file():
        raise InvalidArgument(f"resume: {folder} holds no study ({DATABASE}) to continue; start it without --resume")
    if held and not resume and storage is None and (folder / DATABASE).is_file():
        raise InvalidArgument(
            f"out: {folder} already holds a study ({_names(held)}): resume it with --resume (resume=True), or "
            "choose another folder"
        )
    if held and not resume and storage is None:
        raise InvalidArgument(
            f"out: {folder} holds files ({_names(held)}) but no study ({DATABASE}); nothing was changed: a study "
            "starts in a new or empty folder, choose another one"
        )


def _names(paths: list[Path]) -> str:
    """The first three of ``paths``' names, sorted, and "..." where there are more."""
    names = sorted(p.name for p in paths)
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


def clear_folder(folder: Path) -> None:
    """Remove what a study that finished no trial wrote in ``folder`` (its lock stays ours).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); (folder / "trials").mkdir(); (folder / ".descend.lock").touch()
    >>> clear_folder(folder); [p.name for p in folder.iterdir()]
    ['.descend.lock']
    """
    for child in folder.iterdir():
        if child.name == ".descend.lock":
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def stored_settings(folder: Path | None, storage: str | None, name: str | None) -> dict[str, Any] | None:
    """The settings the study ``name`` (default: the folder's name) was started with, as
    :func:`open_study` stored them (``model``, ``data``, ``space``, ``metric``, ``direction``,
    ``settings``, the runs' fixed settings, and ``options``, how its trials are drawn and pruned,
    absent from a study stored before them), and ``trials``, those the last call that opened it
    was to finish (absent from a study stored before session 40); ``None`` where there is no
    such study yet.

    >>> import tempfile
    >>> stored_settings(Path(tempfile.mkdtemp()), None, None) is None
    True
    """
    if storage is None and (folder is None or not (folder / DATABASE).is_file()):
        return None
    opened = open_storage(storage_url(storage, folder))
    try:
        study_id = opened.get_study_id_from_name(name or (folder.name if folder is not None else "descend"))
    except KeyError:
        return None
    attrs = opened.get_study_user_attrs(study_id)
    if attrs.get("settings") is None:
        return None
    trials = {_TRIALS: attrs[_TRIALS]} if _TRIALS in attrs else {}
    return {**json.loads(attrs["settings"]), **trials}


# What "the same model" is for a module: every trial of a study starts from its weights as given.
_SAME_MODULE = " (a module: the same layers at the same weights, built after the same torch.manual_seed say)"


def open_study(job: Job, resume: bool, *, local: bool) -> optuna.Study:
    """Create or load the study, checking that a continued one has the same settings.

    >>> job = Job("linear", None, None, {"lr": [0.1]}, {}, "val_loss", "minimize", True, 5, None, "tpe", "none", 0,
    ...           None, "s", None)
    >>> study = open_study(job, resume=False, local=True)  # in memory: job.url is None
    >>> study.study_name, study.direction.name, study.user_attrs["settings"] == job.fingerprint()
    ('s', 'MINIMIZE', True)
    """
    storage = open_storage(job.url)  # creates an RDB's tables, once, before any worker
    names = optuna.study.get_all_study_names(storage) if job.url is not None else []
    exists = job.name in names
    if resume and not exists:
        raise InvalidArgument(
            f"resume: there is no study {job.name!r} in {job.url} to continue; start it without --resume"
        )
    fingerprint = job.fingerprint()  # before the study is created: its creator stores it at once
    created = _created(storage, job)
    study = optuna.load_study(storage=storage, study_name=job.name, sampler=sampler_of(job, 0))
    saved = None if created else _settings_of(study)
    if saved is None:
        study.set_user_attr("settings", fingerprint)
    elif not job.agrees(saved):
        module = "" if isinstance(job.model, str) else _SAME_MODULE
        same = (
            "estimator, X and y, space, cv, scoring and options (sampler, pruner, doctor, start_at_defaults, seed)"
            if is_estimator(job.model)
            else f"model{module}, data, space, metric, settings and options (sampler, pruner, doctor, start_at_defaults)"
        )
        raise InvalidArgument(
            f"study {job.name!r} in {job.url} was started with other settings ({job.differences(saved)}); continue "
            f"it with the same {same}, or give another study name (study_name=; descend tune --study)"
        )
    elif exists and not resume and local:
        raise InvalidArgument(f"study {job.name!r} already exists in {job.url}: continue it with --resume")
    if job.trials is not None and study.user_attrs.get(_TRIALS) != job.trials:
        study.set_user_attr(_TRIALS, job.trials)
    if resume and local:  # this process holds the folder: whatever still runs was left by a dead one
        requeue(study, _KILLED)
    study.pruner = study_pruner(study, job.pruner, job.model)  # decided once, stored with the study
    return study


def _created(storage: optuna.storages.BaseStorage, job: Job) -> bool:
    """Create the study ``job`` names in ``storage``; whether this process did (``False``: it
    was there, or another process created it at the same moment). Of several machines started
    at once on a new study exactly one creates it (the storage's unique study name), and only
    that one stores its settings: the others compare theirs with those. Each storing where it
    read none (Optuna's ``set_study_user_attr`` overwrites) let two machines with different
    settings both run, the study left with the last one's.

    >>> storage = optuna.storages.InMemoryStorage()
    >>> job = Job("linear", None, None, {}, {}, "val_loss", "minimize", True, 5, None, "tpe", "none", 0, None, "s", None)
    >>> _created(storage, job), _created(storage, job)
    (True, False)
    """
    try:
        storage.create_new_study([optuna.study.StudyDirection[job.direction.upper()]], job.name)
    except optuna.exceptions.DuplicatedStudyError:
        return False
    return True


def _settings_of(study: optuna.Study) -> str | None:
    """The settings stored with ``study``; where there are none yet, those its creator stores
    once it has created it (another machine, at the same moment: polled up to ``_CREATOR_WAIT``
    seconds, while it holds no trial); ``None`` for a study stored without them (by Optuna
    itself, or by a process killed before it stored them)."""
    deadline = time.monotonic() + _CREATOR_WAIT
    while True:
        saved = study.user_attrs.get("settings")
        if saved is not None or time.monotonic() > deadline or study.get_trials(deepcopy=False):
            return saved
        time.sleep(0.05)
