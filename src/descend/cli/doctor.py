"""``descend doctor``: the doctor's findings on a run folder, and the run that applies them."""

from __future__ import annotations

import inspect
import json
import math
import shlex
from pathlib import Path
from typing import Any

import click

from .. import optim
from ..doctor import diagnose
from ..training import run_folder
from ..training.findings import ADVISORY, merged_change
from ..training.history import History
from ._app import Failure
from ._resolve import option_name, resolve
from ._run_folder import holds_files, read_config, refuse_held_runs, refuse_study
from ._settings import RunConfig, TrainOptions
from ._tables import findings
from ._workers import launch_workers
from .train import run_training

__all__ = ["doctor_command", "applied", "train_command_line"]

# Settings that are spelled on the command line in words rather than as a number.
_NONE_AS = {"batch_size": "full"}
# The settings of a run that are never worth repeating when they hold their default.
_ALWAYS = ("data", "model")


@click.command("doctor", short_help="The doctor's findings on a run folder, and the run that applies them.")
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, default=False, help="start the advised run in a new folder")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="RUN_DIR-doctor",
    help="the folder of the advised run (in its command line; --apply trains into it)",
)
@click.option(
    "--progress/--no-progress", default=True, show_default=True, help="show a progress bar while training (--apply)"
)
def doctor_command(run_dir: Path, apply_: bool, out: Path | None, progress: bool) -> None:
    """Print the doctor's findings on the run in RUN_DIR (kind, step, evidence, advice) and a
    ready-to-run `descend train` command line with its advice applied (the run's settings, with
    the changes the findings name); --apply starts that run in a new folder (--out, by default
    RUN_DIR-doctor).

    \b
    Examples:
      descend doctor runs/digits
      descend doctor runs/digits --apply --out runs/digits-fixed
    """
    history = _history(run_dir)
    found = history.diagnoses if (run_dir / run_folder.DIAGNOSIS).is_file() else diagnose(history)
    if any(not d.change and d.kind not in ("converged", *ADVISORY) for d in found):
        # A diagnosis.json written before findings carried a change loads them empty: the
        # record is diagnosed again (a finding with nothing to change comes back as it was).
        found = diagnose(history)
    findings(found)
    change = merged_change(found)
    if not change and isinstance(history.schedule, str) and any(d.kind != "converged" for d in found):
        # a schedule object set the rates: its advice is that object scaled, a call a command line
        # cannot give, and a run folder keeps the object only as its text
        written = _written_schedule_calls(run_dir)
        call = written[0] if written else "ds.schedules.scaled(<that schedule>, factor=...)"
        where = (
            f"the rates of the run in {run_dir} came from the schedule object {history.schedule}, which a command "
            f"line cannot give; apply the findings' advice in Python: ds.train(..., schedule={call})"
        )
        if apply_:
            raise Failure(f"nothing to apply from the command line: {where}")
        click.echo(f"nothing to change on a command line: {where}")
        return
    if not change:
        if apply_:
            raise Failure(f"nothing to apply: the doctor's findings on {run_dir} name no setting to change")
        click.echo("nothing to change: no finding names a setting of the run")
        return
    if not (run_dir / run_folder.CONFIG).is_file():
        keywords = ", ".join(f"{key}={repr(value)}" for key, value in change.items())
        watcher = run_folder.watched_by(run_dir)
        if watcher is not None:  # the loop, its optimizer and its data are the user's own
            if apply_:
                raise Failure(
                    f"{run_dir} is a loop watched by {watcher}: the doctor cannot rerun it; apply the advice in "
                    f"your training code: {_loop_settings(change)}"
                )
            click.echo(
                f"advice, as settings of your optimizer and loop (a loop watched by {watcher}; no descend train "
                f"command line to run): {_loop_settings(change)}"
            )
            return
        if apply_:
            raise Failure(
                f"{run_dir} has no {run_folder.CONFIG} (a run of the Python API): the doctor cannot "
                f"rerun it; apply the advice in Python: ds.train(..., {keywords})"
            )
        click.echo(f"advice, as keyword arguments of descend.train (a run of the Python API): {keywords}")
        return
    config, _ = read_config(run_dir)
    advised = applied(config, change)
    target = out if out is not None else _beside(run_dir)
    workers = _trained_workers(run_dir)
    click.echo(f"advice: {', '.join(f'{key}={value}' for key, value in change.items())}")
    try:
        click.echo(train_command_line(advised, target) + (f" --nproc {workers}" if workers > 1 else ""))
    except ValueError as err:
        click.echo(f"no command line: {err}")
    if not apply_:
        return
    _check_new(target)
    if workers > 1:  # as many workers as the run had: worker 0 prints the summary and the findings
        options = TrainOptions(**advised.model_dump(), out=str(target), nproc=workers, progress=progress)
        launch_workers(options, target)
    else:
        new_history, _, _ = run_training(advised, target, progress=progress)
        findings(new_history.diagnoses, title=f"doctor ({target})")
    click.echo(f"run folder: {target}")


def _trained_workers(run_dir: Path) -> int:
    """The data-parallel workers the run in ``run_dir`` last trained on (its ``summary.json``'s
    ``workers``; 1 where it says none)."""
    try:
        workers = json.loads((run_dir / run_folder.SUMMARY).read_text()).get("workers", 1)
    except (OSError, ValueError, AttributeError):
        return 1
    return workers if isinstance(workers, int) and workers > 1 else 1


def _check_new(target: Path) -> None:
    """Refuse a --out that already holds files in the doctor's words (train's own refusal offers
    --resume, an option doctor does not have)."""
    if holds_files(target):
        held = (target / run_folder.CONFIG).is_file()
        raise Failure(
            f"{target} already holds {'a run' if held else 'files'}; nothing was changed: give the advised run "
            "a new folder with --out"
            + (f" (descend train --out {target} --resume continues the run there)" if held else "")
        )


def _history(run_dir: Path) -> History:
    """The run's record, with one clear line for a folder that holds none."""
    if not run_dir.is_dir():
        raise Failure(f"no run folder at {run_dir}")
    try:
        return History.load(run_dir)
    except FileNotFoundError:
        refuse_study(run_dir, "doctor", reads_trials=True)
        refuse_held_runs(run_dir, "doctor")
        raise Failure(
            f"{run_dir} holds no training logs ({run_folder.STEPS}, {run_folder.EPOCHS} or {run_folder.HISTORY}): "
            "give the folder of a run (descend train --out, or descend.train(..., log_dir=...))"
        ) from None


# The doctor's settings in a watched loop's words: what the user changes in their own code.
_LOOP_WORDS = {
    "lr": "the optimizer's learning rate lr={value}",
    "clip_grad_norm": "clip the gradients' norm at {value} before each step (torch.nn.utils.clip_grad_norm_)",
    "batch_size": "{value} examples per update (batch_size)",
    "epochs": "{value} epochs",
    "max_steps": "stop after {value} optimizer steps (max_steps)",
    "optimizer": "the optimizer {value}",
}


def _loop_settings(change: dict[str, Any]) -> str:
    """The advised ``change`` as settings of a watched loop: its optimizer's and its own.

    >>> _loop_settings({"lr": 0.66, "momentum": 0.9, "batch_size": None})
    "the optimizer's learning rate lr=0.66, momentum=0.9, the whole training set per update (batch_size=None)"
    """
    said = []
    for key, value in change.items():
        if key == "batch_size" and value is None:
            said.append("the whole training set per update (batch_size=None)")
        else:
            said.append(_LOOP_WORDS.get(key, "{key}={value}").format(key=key, value=repr(value)))
    return ", ".join(said)


def _written_schedule_calls(run_dir: Path) -> list[str]:
    """The scaled schedules the doctor advised at the end of the run in ``run_dir``, as the text
    of their calls in its diagnosis.json (a loaded history holds the schedule only as text, so
    diagnosing it again cannot write them), the faults' first; none where the file has none."""
    try:
        written = json.loads((run_dir / run_folder.DIAGNOSIS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    rows = [row for row in written if isinstance(row, dict) and isinstance(row.get("change"), dict)]
    rows.sort(key=lambda row: row.get("kind") in ADVISORY)
    return [row["change"]["schedule"] for row in rows if isinstance(row["change"].get("schedule"), str)]


def _beside(run_dir: Path) -> Path:
    """``RUN_DIR-doctor``, next to the run folder (also for ``.`` or ``..``)."""
    folder = run_dir if run_dir.name not in ("", ".", "..") else run_dir.resolve()
    return folder.with_name(f"{folder.name}-doctor")


def applied(config: RunConfig, change: dict[str, Any]) -> RunConfig:
    """``config`` with ``change`` applied: the settings of the run go in as themselves, the
    rest (``momentum``, ``weight_decay``) as optimizer hyper-parameters; a clipping bound
    replaces the other kind (the two cannot be combined); a change of optimizer keeps only the
    hyper-parameters the new one takes (SGD's momentum means nothing to Adam).

    >>> config = RunConfig(data="iris", model="softmax", optimizer="sgd", lr=0.5, clip_grad_value=2.0)
    >>> new = applied(config, {"lr": 0.05, "clip_grad_norm": 1.0, "momentum": 0.5})
    >>> new.lr, new.clip_grad_norm, new.clip_grad_value, new.hyper
    (0.05, 1.0, None, {'momentum': 0.5})
    >>> config = RunConfig(data="iris", model="mlp", optimizer="sgd", hyper={"momentum": 0.9, "weight_decay": 1e-4})
    >>> new = applied(config, {"standardize": True, "optimizer": "adam", "lr": 0.01})
    >>> new.optimizer, new.hyper, new.standardize
    ('adam', {'weight_decay': 0.0001}, True)
    """
    settings = config.model_dump()
    for key, value in change.items():
        if key in RunConfig.model_fields and key != "hyper":
            settings[key] = value
        else:
            settings["hyper"] = {**settings["hyper"], key: value}
    if settings["optimizer"] != config.optimizer:
        takes = inspect.signature(optim.get(settings["optimizer"])).parameters
        settings["hyper"] = {k: v for k, v in settings["hyper"].items() if k in takes}
    if "clip_grad_norm" in change:
        settings["clip_grad_value"] = None
    elif "clip_grad_value" in change:
        settings["clip_grad_norm"] = None
    return resolve(RunConfig, [("the doctor's advice", settings)], files=False)


def train_command_line(config: RunConfig, out: Path) -> str:
    """The ``descend train`` command that runs ``config`` into ``out``: the data and model, and
    every setting that differs from its default. A ``ValueError`` for model options that have
    no command-line option.

    >>> print(train_command_line(RunConfig(data="iris", model="softmax", lr=0.05, tol=None), Path("runs/x")))
    descend train --data iris --model softmax --lr 0.05 --tol none --out runs/x
    >>> print(train_command_line(RunConfig(data="iris", model="mlp", standardize=False, instruments=False), Path("r")))
    descend train --data iris --no-standardize --model mlp --no-instruments --out r
    """
    defaults = RunConfig(data=config.data, model=config.model).model_dump()
    words = ["descend", "train"]
    for key, value in config.model_dump().items():
        if key not in _ALWAYS and value == defaults[key]:
            continue
        if key == "hyper":
            words += [w for name, v in value.items() for w in ("--hyper", f"{name}={json.dumps(v)}")]
        elif key == "model_options":
            words += _model_options(value)
        elif isinstance(value, bool):  # a flag: --standardize, --no-instruments
            words.append(option_name(key) if value else option_name(key).replace("--", "--no-", 1))
        else:
            words += [option_name(key), _spelled(key, value)]
    return shlex.join([*words, "--out", str(out)])


def _model_options(options: dict[str, Any]) -> list[str]:
    other = sorted(set(options) - {"hidden"})
    if other:  # no option of their own: only a --config file holds them
        raise ValueError(
            f"the run's model options {', '.join(other)} have no command-line option: put them in a "
            "--config file with the advised settings (or use --apply)"
        )
    return ["--hidden", ",".join(map(str, options["hidden"]))] if "hidden" in options else []


def _spelled(key: str, value: Any) -> str:
    if value is None:
        return _NONE_AS.get(key, "none")
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:g}" if float(f"{value:g}") == value else repr(value)
    return str(value)
