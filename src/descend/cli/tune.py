"""``descend tune``: a hyper-parameter search (:func:`descend.tune`) from the command line, a
YAML or TOML file, or both.

The file holds the study's keys (:class:`StudyOptions`: ``space``, ``trials``, ``metric``...)
and fixed settings of every trial's run, checked as ``descend train --config`` checks them
(:class:`._settings.RunConfig`: ``data`` and ``model`` at least, which ``--data`` and
``--model`` give without a file, as ``--target``, ``--val-data`` and ``--epochs`` give theirs;
options win over the file). A resumed study (``--out S --resume``) starts from the settings it
stored when it began; what is given again must agree with them.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Literal

import click
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .._checks import InvalidArgument
from .._names import choice, did_you_mean
from ..training import models
from ..tune import PRUNERS, SAMPLERS
from ..tune import tune as run_study
from ..tune.objective import METRICS
from ..tune.outputs import BEST, NO_BEST_BECAUSE, TRIALS, best_value_text, failed, finished, typed_form
from ..tune.storage import DATABASE
from ..tune.study_opening import stored_settings
from ..tune.study_report import REPORT
from ..tune.train_space import train_space
from ..tune.trial_data import read_once, trial_data
from ._app import ConfigError
from ._config_files import settings_file
from ._options import model_options_from, setting
from ._resolve import keyword_defaults, resolve
from ._settings import RunConfig
from ._tables import fields, number

__all__ = ["tune_command", "StudyOptions"]

# descend.tune's keyword parameters and their defaults: the one source of the study's defaults.
_TUNE_DEFAULTS = keyword_defaults(run_study)


class StudyOptions(BaseModel):
    """The keys of a tune file that describe the study rather than a run.

    >>> StudyOptions(trials=5).pruner
    'successive_halving'
    """

    model_config = ConfigDict(extra="forbid")

    space: dict[str, Any] | None = Field(
        _TUNE_DEFAULTS["space"], description="setting -> list of choices or {low, high, log}"
    )
    trials: int = Field(
        _TUNE_DEFAULTS["trials"], ge=1, description="trials to finish (complete, pruned or failed), over all workers"
    )
    metric: str = Field(_TUNE_DEFAULTS["metric"], description="what a trial is valued by (its best epoch)")
    direction: Literal["minimize", "maximize"] | None = Field(
        _TUNE_DEFAULTS["direction"], description="by default from the metric"
    )
    out: str | None = Field(_TUNE_DEFAULTS["out"], description="the study folder")
    storage: str | None = Field(
        _TUNE_DEFAULTS["storage"], description="a database URL or journal:PATH shared by machines"
    )
    study: str | None = Field(
        _TUNE_DEFAULTS["study_name"], description="the study's name in the storage (default: the folder's name)"
    )
    workers: int = Field(_TUNE_DEFAULTS["workers"], ge=1, description="trial processes on this machine")
    sampler: Literal[SAMPLERS] = _TUNE_DEFAULTS["sampler"]  # type: ignore[valid-type]
    pruner: Literal[PRUNERS] = _TUNE_DEFAULTS["pruner"]  # type: ignore[valid-type]
    doctor: bool = Field(_TUNE_DEFAULTS["doctor"], strict=True, description="let the doctor prune hopeless trials")
    start_at_defaults: bool = Field(
        _TUNE_DEFAULTS["start_at_defaults"], strict=True, description="the first trial at train's default settings"
    )
    resume: bool = Field(_TUNE_DEFAULTS["resume"], strict=True)
    progress: bool = Field(_TUNE_DEFAULTS["progress"], strict=True)

    @field_validator("metric", mode="before")
    @classmethod
    def _metric(cls, value: Any) -> str:
        # Checked with the file's other keys, before any trial: descend.tune names none of the file.
        if not isinstance(value, str):  # choice's TypeError would escape pydantic, naming no file
            raise ValueError(f"expected one of {', '.join(METRICS)}, got {value!r}")
        return choice(value, METRICS, "metric")

    @field_validator("trials", "workers", mode="before")
    @classmethod
    def _not_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"expected an integer >= 1, got {value!r}")
        return value


# The run settings typed as options (every other one comes from the file); the rest are the study's.
_RUN_OPTIONS = ("data", "target", "val_data", "model", "epochs")


@click.command("tune", short_help="Search hyper-parameters with Optuna; the doctor prunes hopeless trials.")
@click.option(
    "--config",
    "config_file",
    default=None,
    type=click.Path(dir_okay=False),
    help="the study's YAML or TOML file (a relative data: or val_data: path in it is read from the current folder)",
)
@click.option(
    "--data", default=None, metavar="NAME|PATH.csv", help="a built-in data set or a CSV file (else the file's data:)"
)
@setting("target", default=None, help="the label column of a CSV file (else the file's target:)")
@setting(
    "val_data",
    default=None,
    help="'split' to hold out 20% of a CSV file, or the path of a validation CSV file (else the file's val_data:)",
)
@click.option(
    "--model",
    default=None,
    metavar="|".join(models.names()),
    help="the model every trial trains (else the file's model:)",
)
@click.option(
    "--epochs",
    default=None,
    metavar="N",
    help="each trial's epochs, the pruner's last rung (else the file's or train's)",
)
@click.option("--out", default=None, metavar="DIRECTORY", help="the study folder (default studies/DATA-MODEL)")
@click.option("--resume", is_flag=True, default=None, help="continue the study in --out (a killed one too)")
@click.option(
    "--workers",
    default=None,
    metavar="N",
    help=f"trial processes on this machine [{_TUNE_DEFAULTS['workers']}]",
)
@click.option(
    "--storage", default=None, metavar="URL", help="postgresql://USER@HOST:PORT/DB or journal:PATH, shared by machines"
)
@click.option("--study", default=None, metavar="NAME", help="the study's name in --storage")
@click.option(
    "--trials",
    default=None,
    metavar="N",
    help=f"trials to finish over all workers [{_TUNE_DEFAULTS['trials']}]",
)
@click.option("--progress/--no-progress", default=None, help="show a progress bar and the best so far")
def tune_command(config_file: str | None, **typed: Any) -> None:
    """Search train's settings with Optuna (TPE), each trial a training run whose
    validation loss is reported to successive halving and which the doctor stops at once when it
    diverges or its rate is far too small; a trial stopped for its rate is tried again at the
    doctor's rate.

    The study folder gets study.db (the SQLite storage), trials/ (each trial's logs),
    trials.csv, best.yaml (for descend train --config best.yaml) and report.html. It is
    never overwritten: --resume continues it, also after the process was killed.

    \b
    Examples:
      descend tune --data digits --model mlp --trials 20   # the default space
      descend tune --config tune.yaml --trials 40
      descend tune --config tune.yaml --workers 4
      descend tune --config tune.yaml --storage postgresql://tuner@db:5432/studies
    """
    with read_once():  # the file's checks and the study's: one read of the data
        study, run = _settings(config_file, {k: v for k, v in typed.items() if v is not None})
        settings = _fixed(run)
        out = Path(study.out) if study.out else Path("studies") / f"{Path(run.data).stem}-{run.model}"
        try:
            result = _tune(study, run, out, settings)
        except KeyboardInterrupt:
            # kept (a new one with no trial finished is not)
            if study.storage is not None or (out / DATABASE).is_file():
                files = ", ".join(name for name in (TRIALS, BEST, REPORT) if (out / name).is_file())
                kept = f"; its finished trials are in {files}" if files else ""
                click.echo(f"the study in {out} stopped{kept}; continue it with --resume", err=True)
            raise
    failures = failed(result.study)
    counted = finished(result.study) + failures  # not a trial a killed process left: it ran again
    pruned = sum(t.state.name == "PRUNED" for t in counted)
    also = f", {len(failures)} failed" if failures else ""
    rows = [("study folder", str(out)), ("trials", f"{len(counted)} ({pruned} pruned{also})")]
    if result.best_value is not None:
        rows.append(
            (f"best {study.metric}", f"{best_value_text(result.best_value)} (trial {result.study.best_trial.number})")
        )
        rows += [(k, number(v) if isinstance(v, float) else str(typed_form(v))) for k, v in result.best_params.items()]
        rows.append(("train it", f"descend train --config {out / 'best.yaml'}"))
    else:
        rows.append(
            (
                "best",
                f"none yet: {NO_BEST_BECAUSE} ({out / TRIALS} says why each stopped); --resume --trials N",
            )
        )
    rows.append(("report", str(out / "report.html")))
    click.echo(fields(rows))


def _tune(study: StudyOptions, run: RunConfig, out: Path, settings: dict[str, Any]) -> Any:
    """:func:`descend.tune` with the study's options and the runs' fixed settings."""
    return run_study(
        run.model,
        run.data,
        space=study.space,
        trials=study.trials,
        metric=study.metric,
        direction=study.direction,
        out=out,
        resume=study.resume,
        workers=study.workers,
        storage=study.storage,
        study_name=study.study,
        sampler=study.sampler,
        pruner=study.pruner,
        doctor=study.doctor,
        start_at_defaults=study.start_at_defaults,
        progress=study.progress,
        **settings,
    )


def _settings(config_file: str | None, typed: dict[str, Any]) -> tuple[StudyOptions, RunConfig]:
    """The study's options and the runs' fixed settings: the file (if any), then the options typed."""
    where = f"config {config_file}"
    content = model_options_from(settings_file(config_file)) if config_file is not None else {}
    study_keys = set(StudyOptions.model_fields)
    typed_run = {k: typed.pop(k) for k in _RUN_OPTIONS if k in typed}
    file_study = {k: v for k, v in content.items() if k in study_keys}
    study = resolve(StudyOptions, [(where, file_study), ("command line", typed)])
    stored_study, stored_run = _stored(study)
    if stored_study or stored_run:
        study = resolve(StudyOptions, [(_STORED, stored_study), (where, file_study), ("command line", typed)])
    run_part = {k: v for k, v in content.items() if k not in study_keys}
    unknown = [k for k in run_part if k not in RunConfig.model_fields]
    if unknown:
        known = sorted(study_keys | set(RunConfig.model_fields) - {"lr_used"})
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}.{did_you_mean(unknown[0], known)} Known keys: {', '.join(known)}."
        )
    run = resolve(RunConfig, [(_STORED, stored_run), (where, run_part), ("command line", typed_run)])
    if config_file is not None:  # the file's space and settings against its model and data: the file's mistakes
        fixed = _fixed(run)
        prepared = trial_data(run.model, run.data, fixed)  # the data's own errors are not the file's
        try:
            with warnings.catch_warnings():  # the study checks them again, and warns then: once
                warnings.simplefilter("ignore")
                train_space(run.model, run.data, study.space, fixed, prepared)
        except InvalidArgument as err:
            raise ConfigError(f"{where}: {err}") from None
    return study, run


def _fixed(run: RunConfig) -> dict[str, Any]:
    """The settings every trial's run is given: ``descend.train``'s keywords set, ``--hyper``'s unpacked."""
    settings = run.model_dump(exclude={"hyper", "data", "model"}, exclude_unset=True)
    settings.update(run.hyper)
    return settings


_STORED = "the study's stored settings"


def _stored(study: StudyOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a resumed study was started with (:func:`descend.tune.study_opening.stored_settings`),
    as the study's keys and the runs' settings: the lowest layer of a resume, so that
    ``--out S --resume`` needs nothing else (a killed study of 40 trials goes on to 40, the
    number its last call was given); whatever the file or the options give again wins here, and
    :func:`descend.tune` refuses it, naming the difference, where it differs (not ``trials``)."""
    if not study.resume or (study.out is None and study.storage is None):
        return {}, {}
    saved = stored_settings(Path(study.out) if study.out else None, study.storage, study.study)
    if saved is None or not isinstance(saved.get("data"), str) or saved.get("model") not in models.names():
        return {}, {}  # no such study yet (tune says so), or one of a module or arrays: not the command line's
    study_part = {k: saved[k] for k in ("space", "trials", "metric", "direction") if k in saved}
    # its options (none in a study stored before them: the defaults, as then); seed is a run's setting here
    study_part.update({k: v for k, v in saved.get("options", {}).items() if k in StudyOptions.model_fields})
    run_part: dict[str, Any] = {"data": saved["data"], "model": saved["model"], "hyper": {}}
    for key, value in saved.get("settings", {}).items():
        if key in RunConfig.model_fields:
            run_part[key] = value
        else:  # an optimizer's hyper-parameter: the settings hold --hyper's unpacked
            run_part["hyper"][key] = value
    return study_part, run_part
