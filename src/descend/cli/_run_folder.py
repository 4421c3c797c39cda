"""A run folder on disk: what ``descend train`` writes and the other subcommands read back.

``config.yaml`` holds the resolved :class:`RunConfig` and ``lr_used``; ``summary.json`` the
outcome; ``checkpoints/best.pt`` (else ``last.pt``) the weights; ``trajectory.pt`` the
flattened parameters after each epoch. From ``config.yaml`` the model and its evaluation data
are rebuilt exactly: same data, split, standardisation and architecture.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import torch
import yaml

from ..landscape.slices import spread_rows
from ..training import checkpoint, new_run, run_folder
from ..training.data import prepare
from ..training.losses import default_loss
from ..training.losses import get as get_loss
from ..training.models import build_for
from ..training.run_folder import CHECKPOINTS, CONFIG, HISTORY, REPORT, SUMMARY
from ..tune.outputs import BEST, NO_BEST_BECAUSE, TRIALS, TRIALS_DIR, best_trial_number, trial_folder
from ._app import Failure
from ._resolve import resolve
from ._settings import RunConfig

__all__ = [
    "check_free",
    "clear_unsaved_start",
    "require_run",
    "holds_files",
    "write_config",
    "read_config",
    "write_summary",
    "prepared_data",
    "rebuild",
    "refuse_held_runs",
    "trained_checkpoint",
    "training_sample",
    "trajectory",
]


def check_free(out: Path, resume: bool) -> None:
    """Refuse to write a new run over a folder that already holds files, and to resume in a
    folder that holds no run."""
    if out.exists() and not out.is_dir():
        raise Failure(f"--out {out} is a file, not a folder")
    if not holds_files(out):
        if resume:
            what = "is empty" if out.exists() else "does not exist"
            raise Failure(f"there is no run to resume in {out}: the folder {what}; start the run without --resume")
        return
    is_run = (out / CONFIG).is_file()
    if is_run and not new_run.has_checkpoint(out / CHECKPOINTS):
        _refuse_unsaved_run(out, resume)
        return
    if resume and not is_run:
        raise Failure(f"{out} holds files but no {CONFIG}: it is not a run folder to resume; nothing was changed")
    if not resume:
        if not is_run:  # no run to continue: --resume would refuse it
            raise Failure(
                new_run.not_a_run(str(out), run_folder.held_files(out), "descend train", f"no {CONFIG}", "--out")
            )
        how = "Use --resume to continue that run, or choose another --out"
        if not (out / CHECKPOINTS / run_folder.LAST).is_file():  # a resume continues from last.pt only
            how = (
                f"Its run saved no {CHECKPOINTS}/{run_folder.LAST}, so it cannot be resumed: choose another --out "
                f"(its best weights are in {out / CHECKPOINTS / run_folder.BEST})"
            )
        raise Failure(f"{out} already holds a run; nothing was changed. {how}")


def _unsaved_keeps(out: Path) -> list[str]:
    """What ``out``, the folder of a run that saved no checkpoint, holds that a new run must not
    remove: what the library's rule keeps (:func:`~descend.training.new_run.unsaved_keeps`: a
    log with a step or epoch row, ...), and anything that is not the run's own (a name outside
    ``config.yaml`` and ``RUN_FILES``)."""
    users = [name for name in run_folder.held_files(out) if name != CONFIG and name not in run_folder.RUN_FILES]
    return users + new_run.unsaved_keeps(out)


def _refuse_unsaved_run(out: Path, resume: bool) -> None:
    """Refuse a resume of the run in ``out``, which saved no checkpoint: a ``descend train``
    killed (SIGKILL, out of memory) before its first one, which a run saves after its first epoch
    (an interrupt or an error clears the folder instead). A new run may start there where the
    folder keeps nothing of value (:func:`clear_unsaved_start` clears it); else neither may."""
    kept = _unsaved_keeps(out)
    why = "descend train saves one after the first epoch: the run was killed before it; a descend tune trial keeps none"
    if resume:
        anew = f"descend train --config {out / CONFIG} --out"
        how = f"{anew} {out}" if not kept else f"{anew} DIR (another folder: {out} keeps {run_folder.shown(kept)})"
        raise Failure(
            f"there is nothing to resume in {out}: its run saved no checkpoint ({why}); start it anew with: {how}"
        )
    if kept:
        raise Failure(
            f"{out} holds a run that saved no checkpoint ({why}), so it cannot be resumed, and files a new run must "
            f"not remove ({run_folder.shown(kept)}); nothing was changed. Choose another --out"
        )


def clear_unsaved_start(out: Path) -> None:
    """Remove from ``out`` what a run killed before its first checkpoint left, where it keeps
    nothing of value (:func:`_unsaved_keeps`): its ``config.yaml`` and empty logs, so that a
    new run starts there (the lock file stays: the caller holds it)."""
    if not (out / CONFIG).is_file() or new_run.has_checkpoint(out / CHECKPOINTS) or _unsaved_keeps(out):
        return
    new_run.clear_unsaved_run(out)
    (out / CONFIG).unlink()


def require_run(run_dir: Path, command: str, *, python_runs: bool) -> None:
    """Refuse, in one line naming ``run_dir`` and what ``descend COMMAND`` needs, a folder that
    holds no run it can read: ``config.yaml`` (written by ``descend train``) or, where
    ``python_runs``, ``history.json`` (written by ``descend.train(..., log_dir=...)`` and
    ``descend.watch``)."""
    if not run_dir.is_dir():
        raise Failure(f"no run folder at {run_dir}")
    if (run_dir / CONFIG).is_file():
        return
    refuse_study(run_dir, command)
    has_history = (run_dir / HISTORY).is_file()
    if not has_history:
        refuse_held_runs(run_dir, command, HISTORY if python_runs else CONFIG)
    if python_runs:
        if has_history:
            return
        raise Failure(
            f"{run_dir} is not a run folder: it holds neither {CONFIG} nor {HISTORY}; descend {command} needs "
            "the folder of a run (descend train --out, descend.train(..., log_dir=...) or descend.watch)"
        )
    if has_history:
        raise Failure(
            f"{run_dir} has no {CONFIG} (a run of the Python API): descend {command} rebuilds the model from "
            f"the {CONFIG} that descend train --out writes"
        )
    raise Failure(
        f"{run_dir} is not a run folder: it has no {CONFIG}; descend {command} needs the folder of a run "
        "of descend train (descend train --out)"
    )


def refuse_study(run_dir: Path, command: str, reads_trials: bool = False) -> None:
    """Refuse, saying what it is, the folder of a ``descend tune`` study (its ``trials.csv``):
    it holds no run of its own, and ``descend tune`` wrote its report. ``reads_trials``: the
    command reads a trial's own folder (its logs, record and config.yaml), named where the
    study has a best trial (else its last trial's, where every trial was pruned or failed and
    there is no ``best.yaml``)."""
    if not (run_dir / TRIALS).is_file():
        return
    study = f"{run_dir} is the folder of a descend tune study"
    report = (
        f"not of a run, and descend tune wrote its report ({run_dir / REPORT}); descend {command} needs a run folder"
    )
    if not (run_dir / BEST).is_file() and _completed(run_dir / TRIALS):  # an estimator's study writes none
        raise Failure(f"{study} of an estimator ({TRIALS}; its best parameters are descend.tune's result), {report}")
    if not (run_dir / BEST).is_file():  # every trial so far pruned or failed: no best settings to train
        trials = sorted(p for p in (run_dir / TRIALS_DIR).glob("[0-9]*") if p.is_dir())
        read = f", or read a trial's own: descend {command} {trials[-1]}" if reads_trials and trials else ""
        raise Failure(
            f"{study} ({TRIALS}; no {BEST}: {NO_BEST_BECAUSE}, {TRIALS} says why each stopped), {report}: continue "
            f"the study with descend tune --out {run_dir} --resume --trials N{read}"
        )
    best = best_trial_number(run_dir / BEST)
    trial = trial_folder(run_dir / TRIALS_DIR, best) if best is not None else None
    read = (
        f", or read the best trial's own: descend {command} {trial}"
        if reads_trials and trial and trial.is_dir()
        else ""
    )
    raise Failure(
        f"{study} ({TRIALS}, {BEST}), {report}: train the best settings into one with descend train --config "
        f"{run_dir / BEST} --out DIR{read}"
    )


def _completed(trials_csv: Path) -> bool:
    """Whether a study's ``trials.csv`` holds a completed trial."""
    with open(trials_csv, newline="") as file:
        return any(row.get("state") == "COMPLETE" for row in csv.DictReader(file))


def refuse_held_runs(run_dir: Path, command: str, holding: str = HISTORY) -> None:
    """Refuse, naming them, a folder that holds run folders (those holding ``holding``) instead
    of being one: ``descend compare --out`` writes one per optimizer."""
    runs = run_folder.held_runs(run_dir, holding)
    if runs:
        raise Failure(
            f"{run_dir} is not a run folder but holds the run folders {run_folder.shown(runs)} (descend compare --out "
            f"writes one per optimizer): give one of them, such as descend {command} {run_dir / runs[0]}"
        )


def holds_files(out: Path) -> bool:
    """Whether the folder ``out`` exists and holds anything but a run's lock file."""
    return bool(run_folder.held_files(out))


def write_config(out: Path, config: RunConfig, lr_used: float | None) -> None:
    """``config.yaml``: the settings, with ``lr_used``, the learning rate actually started from
    (``None`` until training has started)."""
    out.mkdir(parents=True, exist_ok=True)
    content = {**config.model_dump(), "lr_used": lr_used}
    (out / CONFIG).write_text(yaml.safe_dump(content, sort_keys=False))


def read_config(run_dir: Path) -> tuple[RunConfig, float | None]:
    """The settings of the run in ``run_dir`` and its ``lr_used``."""
    path = run_dir / CONFIG
    if not run_dir.is_dir():
        raise Failure(f"no run folder at {run_dir}")
    if not path.is_file():
        raise Failure(f"{run_dir} is not a run folder: it has no {CONFIG}")
    try:
        content = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as err:
        raise Failure(f"{path} is not valid YAML: {' '.join(str(err).split())}") from None
    if not isinstance(content, dict):
        raise Failure(f"{path} does not hold a mapping of settings")
    lr_used = content.pop("lr_used", None)
    return resolve(RunConfig, [(f"config {path}", content)]), lr_used


def write_summary(out: Path, history: Any, lr_used: float, workers: int = 1) -> dict[str, Any]:
    """``summary.json``: the last epoch's numbers and how the run ended; returns them.

    ``seconds`` is the training time of all epochs, counted across resumes; ``workers`` the
    number of data-parallel processes of the last (part of the) run.
    """
    summary: dict[str, Any] = run_folder.run_outcome(history)
    summary.update(
        {
            "converged": bool(history.converged),
            "lr_used": run_folder.json_number(lr_used),
            "batch_size_used": history.batch_choice.get("batch_size"),
            "workers": workers,
        }
    )
    # Standard JSON: a number that is not finite is null (json_number); allow_nan=False makes a
    # forgotten one an error here rather than a NaN no other JSON reader accepts.
    (out / SUMMARY).write_text(json.dumps(summary, indent=1, allow_nan=False))
    return summary


def prepared_data(config: RunConfig) -> Any:
    """The run's data as ``descend train`` prepared it: the same split, standardisation and task
    (:meth:`RunConfig.task`: a regression loss on class labels reads them as numbers)."""
    return prepare(
        config.data,
        config.val_data,
        target=config.target,
        seed=config.seed,
        standardize=config.standardize,
        task=config.task(),
    )


def training_sample(config: RunConfig, limit: int) -> tuple[torch.Tensor, torch.Tensor, Any]:
    """``(X, y, prepared)``: at most ``limit`` of the run's training examples, spread evenly over
    the set (in file order: the first rows of a file sorted by class would be one class),
    prepared exactly as in training (``prepared.train.n`` counts them all). Read a batch at a
    time, keeping only those rows: the training set is not copied whole."""
    prepared = prepared_data(config)
    rows = spread_rows(prepared.train.n, limit)
    xs, ys, start = [], [], 0
    for xb, yb, *_ in prepared.train.batches(0):
        pick = rows[(rows >= start) & (rows < start + len(yb))] - start
        xs.append(xb[pick])
        ys.append(yb[pick])
        start += len(yb)
    return torch.cat(xs), torch.cat(ys), prepared


def rebuild(config: RunConfig, prepared: Any) -> tuple[torch.nn.Module, Any]:
    """The run's model (untrained, as ``build_model`` makes it) and its loss function."""
    model = build_for(config.model, prepared, **config.model_options)
    loss = get_loss(config.loss or default_loss(prepared.task, model=config.model))
    return model, loss


def trained_checkpoint(run_dir: Path) -> tuple[dict[str, Any], Path]:
    """The checkpoint ``checkpoints/best.pt``, else ``last.pt`` (its ``"model"``: the model's
    state dict; its ``"epoch"`` and ``"batch"``: where a resume starts), and that path."""
    for name in (run_folder.BEST, run_folder.LAST):
        path = run_dir / CHECKPOINTS / name
        if path.is_file():
            return checkpoint.load(path), path
    raise Failure(
        f"{run_dir} has no checkpoints/best.pt or checkpoints/last.pt (a descend tune trial keeps none): train its "
        f"settings into a run folder first: descend train --config {run_dir / CONFIG} --out DIR"
    )


def trajectory(run_dir: Path) -> torch.Tensor | None:
    """The flattened parameters after each epoch, from ``trajectory.pt`` (``None`` without it)."""
    path = run_dir / run_folder.TRAJECTORY
    if not path.is_file():
        return None
    try:
        return torch.load(path, map_location="cpu", weights_only=True)["params"]
    except Exception as err:
        raise Failure(f"{path} is not a readable trajectory: {' '.join(str(err).split())}") from None
