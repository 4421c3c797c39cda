"""``descend train``: train a model and write a run folder (settings, logs, checkpoints,
pictures and ``report.html``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click

from ..doctor import diagnose
from ..lr_find import LRFinderResult, lr_find
from ..training.history import History
from ..training.loop import train
from ._app import close_figure
from ._config import RunConfig, TrainOptions, default_lr, read_config_file, resolve
from ._options import hidden_option, hyper_option, model_options_from, setting, typed
from ._run_folder import (CONFIG, check_free, read_config, training_batches, write_config,
                          write_summary)
from ._tables import fields, findings, number

__all__ = ["train_command", "run_training", "learning_rate"]

# The settings typed as options; the rest of TrainOptions come from files.
_OPTIONS = ("data", "target", "val_data", "model", "loss", "optimizer", "lr", "batch_size",
            "epochs", "schedule", "seed", "tol", "patience", "time_budget", "device", "out",
            "resume", "progress", "hidden", "hyper")


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
@setting("batch_size")
@setting("epochs")
@setting("schedule")
@setting("seed")
@setting("tol")
@setting("patience")
@setting("time_budget")
@setting("device")
@setting("out")
@click.option("--resume", is_flag=True, default=False, show_default=True,
              help="continue the run in --out from its last checkpoint (its config.yaml "
                   "supplies the settings not given)")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="a YAML or TOML file of settings (the keys are the option names); options "
                   "given on the command line override it")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="show a progress bar while training")
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
    options, saved_lr = _settings(ctx, config_file)
    out = Path(options.out) if options.out else _default_out(options)
    history, summary, found = run_training(options.run_config(), out, resume=options.resume,
                                           progress=options.progress, saved_lr=saved_lr)
    _print_summary(out, summary, found)
    findings(history.diagnoses)


def _settings(ctx: click.Context, config_file: str | None) -> tuple[TrainOptions, float | None]:
    """The merged settings: a resumed run's config.yaml < the --config file < the options."""
    typed_here = model_options_from(typed(ctx, _OPTIONS))
    from_file = read_config_file(config_file) if config_file else {}
    layers: list[tuple[str, dict[str, Any]]] = []
    saved_lr = None
    resume = typed_here.get("resume", from_file.get("resume", False))
    out = typed_here.get("out", from_file.get("out"))
    if resume is True:
        if not out:
            raise click.UsageError("--resume needs --out: the folder of the run to continue", ctx=ctx)
        if (Path(out) / CONFIG).is_file():
            saved, saved_lr = read_config(Path(out))
            layers.append((f"config {Path(out) / CONFIG}", saved.model_dump()))
    if config_file:
        layers.append((f"config {config_file}", from_file))
    layers.append(("command line", typed_here))
    return resolve(TrainOptions, layers), saved_lr


def _default_out(options: TrainOptions) -> Path:
    return Path("runs") / f"{Path(options.data).stem}-{options.model}"


def run_training(config: RunConfig, out: Path, *, resume: bool = False, progress: bool = True,
                 saved_lr: float | None = None,
                 pictures: bool = True) -> tuple[History, dict[str, Any], LRFinderResult | None]:
    """Train with ``config`` into the run folder ``out``; returns ``(history, summary, range test)``.

    The range test is the :class:`~descend.LRFinderResult` behind ``lr="auto"`` (``None``
    otherwise). ``descend.train`` with ``lr="auto"`` runs the same test on the same seeded
    model and restores everything after it, so training from its suggestion is that run.
    ``pictures=False`` leaves out the loss landscapes (the slowest pictures).
    """
    from .. import plots, report
    from ..landscape import TrajectoryRecorder
    from .landscape import draw_run

    check_free(out, resume)
    existed, empty = out.exists(), not out.exists() or not any(out.iterdir())
    lr_used, found = learning_rate(config, saved_lr if resume else None)
    write_config(out, config, lr_used)
    kwargs = config.train_kwargs()
    kwargs["lr"] = lr_used
    try:
        history = train(**kwargs, checkpoint_dir=out / "checkpoints", log_dir=out, resume=resume,
                        callbacks=[TrajectoryRecorder(out / "trajectory.pt")], progress=progress)
    except BaseException:
        if empty and not (out / "checkpoints" / "last.pt").exists():
            _clear(out, remove=not existed)  # nothing worth resuming: leave no half-made run
        raise
    if resume and not history.diagnoses:  # the run had finished before: train() returned at once
        history.diagnoses = diagnose(history)
    summary = write_summary(out, history, lr_used)
    folder = out / "plots"
    folder.mkdir(exist_ok=True)
    close_figure(plots.training(history, folder / "training.png", diagnoses=history.diagnoses))
    if found is not None:
        close_figure(plots.lr_find(found, folder / "lr_find.png"))
    if pictures:
        draw_run(out, folder)
    report.write_report(out)
    return history, summary, found


def learning_rate(config: RunConfig, saved_lr: float | None) -> tuple[float, LRFinderResult | None]:
    """The learning rate the run starts from, and the range test when ``lr="auto"`` ran one."""
    if config.lr is None:
        return default_lr(config.optimizer, config.hyper), None
    if config.lr != "auto":
        return float(config.lr), None
    if saved_lr is not None:  # resuming: the run's range test already chose
        return float(saved_lr), None
    # The arguments descend.train(lr="auto") gives the range test: the run's own batches, and
    # pilot runs sized to its budget of optimizer steps (tests/cli checks the two agree).
    budget = config.epochs * len(training_batches(config))
    found = lr_find(config.model, config.data, loss=config.loss, optimizer=config.optimizer,
                    batch_size=config.batch_size, seed=config.seed, device=config.device,
                    target=config.target, model_options=config.model_options, budget=budget,
                    **config.hyper)
    if found.suggestion is None:
        lr = default_lr(config.optimizer, config.hyper)
        click.echo(f"warning: lr=auto: the range test gave no suggestion ({found.reason}); "
                   f"using {config.optimizer}'s default learning rate {lr:g}", err=True)
        return lr, found
    return found.suggestion, found


def _print_summary(out: Path, summary: dict[str, Any], found: LRFinderResult | None) -> None:
    lr = number(summary["lr_used"])
    if found is not None and found.suggestion is not None:
        lr += f" (lr=auto: {found.rule})"
    rows = [("run folder", str(out)),
            ("epochs", f"{summary['epochs']} (best {summary['best_epoch']})"),
            ("steps", summary["steps"]),
            ("train loss", number(summary["final_loss"]))]
    if summary["final_val_loss"] is not None:
        rows.append(("val loss", number(summary["final_val_loss"])))
    for key in ("val_accuracy", "val_r2", "accuracy", "r2"):
        if key in summary:
            rows.append((key.replace("_", " "), number(summary[key])))
            break
    rows += [("lr used", lr), ("training time", f"{summary['seconds']:.1f} s"),
             ("stopped", summary["stopped_because"]), ("report", str(out / "report.html"))]
    click.echo(fields(rows))


def _clear(folder: Path, remove: bool) -> None:
    if remove:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
