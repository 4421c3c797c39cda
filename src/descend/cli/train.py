"""``descend train``: train a model and write a run folder (settings, logs, checkpoints,
pictures and ``report.html``)."""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from .. import plots, report
from ..doctor import diagnose
from ..landscape import TrajectoryRecorder
from ..lr_find import LRFinderResult
from ..train import train
from ..training import checkpoint, run_folder
from ..training.callbacks import Callback
from ..training.history import History
from ..training.lock import locked
from ..training.resume import saved_rate, set_rate
from ..training.run_folder import CHECKPOINTS, LAST, PLOTS, REPORT, TRAJECTORY, with_non_finite
from ._options import hidden_option, hyper_option, setting, setting_default, standardize_option
from ._run_folder import check_free, clear_unsaved_start, holds_files, read_config, write_config, write_summary
from ._settings import RunConfig, TrainOptions
from ._tables import fields, findings, number
from ._train_settings import default_batch, train_settings
from ._worker_rank import in_worker, launched_workers, worker_rank
from ._workers import launch_workers, resume_command
from .landscape import draw_run

__all__ = ["train_command", "run_training", "StartingRate", "default_batch"]


@click.command("train", short_help="Train a model and write a run folder with its report.")
@setting("data")
@setting("target")
@setting("val_data")
@setting("model")
@hidden_option()
@setting("loss")
@setting("optimizer")
@hyper_option()
@setting("lr")
@setting("batch_size", shown="32; the full batch for lbfgs, rprop or fewer examples")
@setting("epochs")
@setting("schedule")
@setting("seed")
@setting("tol")
@setting("patience")
@setting("time_budget")
@setting("device")
@setting("accumulate")
@setting("clip_grad_norm")
@setting("clip_grad_value")
@setting("precision")
@setting("out")
@setting("tensorboard_every")
@setting("nproc")
@click.option(
    "--resume",
    is_flag=True,
    default=setting_default("resume"),
    show_default=True,
    help="continue the run in --out from its last checkpoint (its config.yaml "
    "supplies the settings not given; a larger --epochs trains a finished run on)",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="a YAML or TOML file of settings (the keys are the option names); options "
    "given on the command line override it; a relative data: or val_data: path in it is read from "
    "the current folder, not the file's",
)
@click.option(
    "--instruments/--no-instruments",
    default=setting_default("instruments"),
    show_default=True,
    help="record sampled readings of the run: sharpness against the optimizer's stability "
    "threshold, gradient noise scale, step quality (a few percent of the training time)",
)
@click.option(
    "--track-examples",
    "track_examples",
    flag_value=True,
    type=click.UNPROCESSED,  # True, False, or the default "auto"
    default=setting_default("track_examples"),
    show_default="auto: for training sets of at most 50,000 examples",
    help="record each training example's loss, probability of its label, margin and prediction "
    "per epoch into examples.npz (for `descend examples`; 20 bytes per example per epoch)",
)
@click.option(
    "--no-track-examples",
    "track_examples",
    flag_value=False,
    type=click.UNPROCESSED,
    help="record no per-example values",
)
@standardize_option()
@click.option(
    "--progress/--no-progress",
    default=setting_default("progress"),
    show_default=True,
    help="show a progress bar while training",
)
@click.pass_context
def train_command(ctx: click.Context, config_file: str | None, **_: Any) -> None:
    """Train a model by gradient descent and write a run folder.

    The folder (--out) gets config.yaml, steps.csv, epochs.csv, metrics.jsonl,
    diagnosis.json, tensorboard/, checkpoints/, trajectory.pt, summary.json, plots/ and
    report.html. A folder that already holds files is never overwritten: use --resume to
    continue the run in it, or another --out.

    \b
    Examples:
      descend train --data digits --model mlp --lr auto --batch-size 32 --epochs 20
      descend train --config run.yaml --epochs 5
    """
    options = train_settings(ctx, config_file)
    out = Path(options.out) if options.out else _default_out(options)
    if options.nproc > 1 and not in_worker():
        launch_workers(options, out, debug=bool(ctx.find_root().params.get("debug")))
        return
    try:
        history, summary, found = run_training(
            options.run_config(), out, resume=options.resume, progress=options.progress
        )
    except KeyboardInterrupt:
        if worker_rank() == 0 and (out / CHECKPOINTS / LAST).is_file():  # else the folder was cleared
            click.echo(
                f"the run in {out} stopped; continue it with: {resume_command(out, launched_workers())}", err=True
            )
        raise
    if worker_rank() == 0:
        _print_summary(out, with_non_finite(summary, history), found, _kept_values(history))
        if not (options.progress and sys.stderr.isatty()):  # else train() printed them already
            findings(history.diagnoses)


def _default_out(options: TrainOptions) -> Path:
    return Path("runs") / f"{Path(options.data).stem}-{options.model}"


def run_training(
    config: RunConfig, out: Path, *, resume: bool = False, progress: bool = True, pictures: bool = True
) -> tuple[History, dict[str, Any], LRFinderResult | None]:
    """Train with ``config`` into the run folder ``out``; returns ``(history, summary, range test)``.

    The range test is the :class:`~descend.LRFinderResult` that ``descend.train`` ran for
    ``lr="auto"`` (``None`` otherwise, and on a resumed run, which keeps its checkpoint's
    rate). ``pictures=False`` leaves out the loss landscapes (the slowest pictures). The
    folder is locked for the whole run (see :mod:`descend.training.lock`).
    """
    main = worker_rank() == 0  # under torchrun, worker 0 writes the folder
    if main:
        check_free(out, resume)
    existed = out.exists()
    made = [folder for folder in (out, *out.parents) if not folder.exists()]  # innermost first
    try:
        # One writer per run folder: a second process gets an error naming this one's pid.
        with locked(out) if main else contextlib.nullcontext():
            if main:
                check_free(out, resume)  # again, holding the lock: another run may have begun meanwhile
                if not resume:
                    clear_unsaved_start(out)  # a run killed before its first checkpoint: nothing to keep
            return _train_into(
                config, out, resume=resume, progress=progress, pictures=pictures, main=main, existed=existed
            )
    except BaseException:
        if main and not out.exists():  # the run left nothing: nor the empty folders made for it (runs/)
            _remove_empty(made[1:])
        raise


def _train_into(
    config: RunConfig, out: Path, *, resume: bool, progress: bool, pictures: bool, main: bool, existed: bool
) -> tuple[History, dict[str, Any], LRFinderResult | None]:
    """:func:`run_training`'s work, in the run folder ``out`` it holds the lock of."""
    empty = not holds_files(out)
    starting = StartingRate(out, config)
    if main and not resume:
        write_config(out, config, None)  # the settings, before anything can fail
    try:
        history = train(
            **config.train_kwargs(),
            checkpoint_dir=out / CHECKPOINTS,
            log_dir=out,
            resume=resume,
            progress=progress,
            strategy="ddp" if in_worker() else None,
            callbacks=[TrajectoryRecorder(out / TRAJECTORY), starting],
        )
    except BaseException:
        if main and empty and not (out / CHECKPOINTS / LAST).exists():
            _clear(out, remove=not existed)  # nothing worth resuming: leave no half-made run
        raise
    found = history.lr_finder
    if not main:
        return history, {}, found
    if resume and not history.diagnoses:  # the run had finished before: train() returned at once
        history.diagnoses = diagnose(history)
    # A resumed run that trained nothing more never started: its rate is the one saved.
    lr = starting.lr if math.isfinite(starting.lr) else _saved_rate(out)
    summary = write_summary(out, history, lr, int(os.environ.get("WORLD_SIZE", "1")))
    folder = out / PLOTS
    folder.mkdir(exist_ok=True)
    plots.training(history, folder / "training.png", diagnoses=history.diagnoses)
    if found is not None:
        plots.lr_find(found, folder / "lr_find.png")
    if pictures:
        draw_run(out, folder)
    report.write_report(out)
    return history, summary, found


def _saved_rate(out: Path) -> float:
    """The learning rate the run in ``out`` started from: ``lr_used`` in its config.yaml, else
    the one its last checkpoint records (:func:`~descend.training.resume.saved_rate`)."""
    _, lr_used = read_config(out)
    if isinstance(lr_used, (int, float)) and not isinstance(lr_used, bool) and math.isfinite(lr_used):
        return float(lr_used)
    return saved_rate(checkpoint.load(out / CHECKPOINTS / LAST))


class StartingRate(Callback):
    """Records the learning rate a run starts from (the range test's pick for ``lr="auto"``,
    the checkpoint's on resume; before any schedule) and, given a run folder, writes it to
    ``config.yaml`` as ``lr_used``.

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> rate = StartingRate()
    >>> _ = ds.train("linear", (X, 2 * X + 1), optimizer="sgd", lr=0.1, schedule="cosine", epochs=2,
    ...              progress=False, callbacks=[rate])
    >>> rate.lr  # the schedule's first rate, before it decays
    0.1
    """

    def __init__(self, out: Path | None = None, config: RunConfig | None = None) -> None:
        self.out, self.config, self.lr = out, config, math.nan

    def on_train_begin(self, run) -> None:
        # The rate the optimizer was given, not group 0's initial_lr: a torch OneCycleLR or
        # CyclicLR writes its own there (0.004 for max_lr=0.1).
        self.lr = float(set_rate(run.optimizer))
        if self.out is not None and run.rank == 0:
            write_config(self.out, self.config, self.lr)


def _print_summary(
    out: Path, summary: dict[str, Any], found: LRFinderResult | None, kept: dict[str, float] | None = None
) -> None:
    """The run's summary; ``kept``: the values of the epoch whose weights the run keeps, where it
    is not the last (:func:`_kept_values`), said beside the last epoch's."""
    kept = kept or {}

    def last_and_kept(key: str, last: float | str) -> str:
        if isinstance(last, str):  # an R² of fewer than 2 rows, undefined at every epoch (with_non_finite)
            return last
        if key not in kept:
            return number(last)
        return (
            f"{number(last)} (the last epoch's; the best, epoch {summary['best_epoch']}, whose weights the run "
            f"keeps: {number(kept[key])})"
        )

    lr = number(summary["lr_used"])
    if found is not None and found.suggestion is not None:
        lr += f" (lr=auto: {found.rule})"
    rows = [
        ("run folder", str(out)),
        ("batch size", str(summary.get("batch_size_used") or "full")),
        *_workers_row(summary.get("workers", 1)),
        ("epochs", _epochs(summary["epochs"], summary["best_epoch"])),
        ("steps", summary["steps"]),
        ("train loss", number(summary["final_loss"])),
    ]
    if summary["final_val_loss"] is not None:
        rows.append(("val loss", last_and_kept("val_loss", summary["final_val_loss"])))
    for key in ("val_accuracy", "val_r2", "accuracy", "r2"):
        if key in summary:
            rows.append((key.replace("_", " "), last_and_kept(key, summary[key])))
            break
    rows += [
        ("lr used", lr),
        (
            "training time",
            f"{_seconds(summary['seconds'])} in the epochs' batch loops (the wall clock also counts "
            "validation, logs and checkpoints)",
        ),
        ("stopped", summary["stopped_because"]),
        ("report", str(out / REPORT)),
    ]
    click.echo(fields(rows))


def _kept_values(history: Any) -> dict[str, float]:
    """The validation loss and the summary's accuracy or R² of the epoch whose weights the run
    keeps (its best), where that is not its last epoch: the summary's last-epoch values are not
    the kept model's (``descend tune``'s best.yaml names a trial's best epoch's value, and its
    retrained run printed the last one's).

    >>> import torch, descend as ds
    >>> X = torch.linspace(-1, 1, 8).unsqueeze(1)
    >>> h = ds.train("linear", (X, X), val_data=(X, -X), optimizer="sgd", lr=0.5, epochs=3, progress=False)
    >>> kept = _kept_values(h)
    >>> h.best_epoch, sorted(kept), round(kept["val_loss"], 4) == round(h.epochs["val_loss"][0], 4)
    (0, ['r2', 'val_loss', 'val_r2'], True)
    """
    epochs = history.epochs
    best = history.best_epoch
    if best is None or "val_loss" not in epochs or best not in epochs["epoch"][:-1]:
        return {}
    at = epochs["epoch"].index(best)
    return {
        key: float(epochs[key][at]) for key in ("val_loss", "val_accuracy", "val_r2", "accuracy", "r2") if key in epochs
    }


def _epochs(epochs: int, best: int | None) -> str:
    """The epochs trained and the best one, said as a count and an epoch's number: 'epochs 15
    (best 14)' read as 14 of 15 epochs, where epoch 14 is the 15th (epochs.csv numbers them from 0)."""
    return f"{epochs}" if best is None else f"{epochs} (the best: epoch {best}, numbered from 0 as in epochs.csv)"


def _workers_row(workers: int) -> list[tuple[str, str]]:
    """The summary's row saying how many data-parallel workers trained (none for one process)."""
    return [("workers", f"{workers}, data-parallel (the batch size is the global batch)")] if workers > 1 else []


def _seconds(seconds: float) -> str:
    """A duration to a tenth of a second, or under a second to 2 significant digits: a run of 37 ms
    printed 'training time 0.0 s', as if it had taken none."""
    return f"{seconds:.1f} s" if seconds >= 0.95 else f"{number(seconds, 2)} s"


def _remove_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (innermost first) while it is empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty (another run writes there too), or gone
            return


def _clear(folder: Path, remove: bool) -> None:
    if remove:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir():
        if child.name == run_folder.LOCK:  # still ours until the lock is released
            continue
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
