"""``report.html`` of a study: the best settings, the optimisation history, the parameters'
importances (Optuna's fANOVA, :func:`optuna.importance.get_param_importances`), the best
trial's training dynamics (:func:`descend.plots.training` on its logs), the pruned and the
failed trials with their reasons and what led to each."""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import optuna

from .. import plots
from ..training.history import History
from .outputs import (
    BEST,
    TRIALS,
    best_value_text,
    finished,
    retries,
    shown_params,
    shown_value,
    stopped_because,
    trial_folder,
)
from .space import Space

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn
    from matplotlib.figure import Figure

__all__ = ["write_study_report", "REPORT", "PICTURES"]

REPORT = "report.html"
PICTURES = "plots"


def write_study_report(
    study: optuna.Study,
    folder: Path,
    metric: str,
    trials_dir: Path | None = None,
    valued_by: str | None = None,
    space: Space | None = None,
) -> Path:
    """Draw the study's pictures into ``folder/plots`` and write ``folder/report.html``: the best
    trial's dynamics from its logs in ``trials_dir`` (``None``: the trials keep none, as an
    estimator's), ``valued_by`` said beside ``metric`` (an estimator study's cross-validation),
    the best settings as ``trials.csv`` shows them (:func:`~.outputs.shown_params`: in the order
    ``space`` draws them, a model size as ``[128, 64]``).

    >>> import optuna, tempfile, pathlib
    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> s.optimize(lambda t: (t.suggest_float("x", -1, 1) - 0.3) ** 2 + 0.1 * t.suggest_float("y", 0, 1), n_trials=8)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = write_study_report(s, pathlib.Path(d), "value")
    ...     "importances.png" in page.read_text()
    True
    """
    pictures = folder / PICTURES
    pictures.mkdir(parents=True, exist_ok=True)
    done = finished(study)
    complete = [t for t in done if t.state == optuna.trial.TrialState.COMPLETE]
    sections = [
        f"<h1>Study {html.escape(study.study_name)}</h1>",
        _summary(study, done, complete, metric, valued_by, (folder / BEST).is_file(), space),
    ]
    if done:
        _history_picture(study, done, metric, pictures / "history.png")
        sections.append(
            _figure("Optimisation history", "history.png", f"each trial's {metric}; the line: the best so far")
        )
    importances = _importances(study, complete)
    if importances is not None:
        _importance_picture(importances, pictures / "importances.png")
        sections.append(_figure("Parameter importances", "importances.png", "fANOVA share of the value's variance"))
    else:
        sections.append("<p>Parameter importances need at least two complete trials that differ.</p>")
    best_logs = trial_folder(trials_dir, study.best_trial.number) if complete and trials_dir is not None else None
    if best_logs is not None and best_logs.is_dir():
        history = History.load(best_logs)
        plots.training(history, pictures / "best_trial.png", diagnoses=history.diagnoses)
        sections.append(
            _figure(f"Training dynamics of the best trial ({study.best_trial.number})", "best_trial.png", "")
        )
    elif best_logs is not None:
        sections.append("<p>The best trial's logs are not in this folder (it ran on another machine).</p>")
    sections.append(_pruned(done))
    failed = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.FAIL,))
    if failed:
        sections.append(_failed(failed, retries(study.get_trials(deepcopy=False))))
    page = folder / REPORT
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>descend tune</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}td,th{padding:2px 8px;text-align:left}"
        "img{max-width:100%}</style></head><body>" + "\n".join(sections) + "</body></html>"
    )
    return page


def _summary(
    study: optuna.Study,
    done: list,
    complete: list,
    metric: str,
    valued_by: str | None,
    has_best: bool,
    space: Space | None,
) -> str:
    pruned = len(done) - len(complete)
    # a trial its process left (killed, Ctrl-C) ran again as another: counted once, as descend tune counts it
    stopped = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.FAIL,))
    retried = retries(study.get_trials(deepcopy=False))
    again = sum(t.number in retried for t in stopped)
    failed = len(stopped) - again
    also = f", {failed} failed" if failed else ""
    rows = [("trials finished", f"{len(done) + failed} ({len(complete)} complete, {pruned} pruned{also})")]
    if again:
        rows.append(("trials run again", f"{again} (their process ended while they ran: listed below)"))
    if valued_by is not None:
        rows.append((metric, valued_by))
    rows.append(
        ("epochs trained", str(sum(int(t.user_attrs.get("epochs", 0)) for t in study.get_trials(deepcopy=False))))
    )
    if complete:
        best = study.best_trial
        advised = best.user_attrs.get("advised_by")
        led = f", at the doctor's advice: {advised}" if advised else ""
        rows.append((f"best {metric}", f"{best_value_text(best.value)} (trial {best.number}{led})"))
        rows += [(f"best {k}", _value(v)) for k, v in shown_params(best.params, space).items()]
    rows.append(("files", f"{BEST} (descend train --config {BEST}), {TRIALS}" if has_best else TRIALS))
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _history_picture(study: optuna.Study, done: list, metric: str, path: Path) -> Figure:
    from matplotlib.figure import Figure  # as in descend.plots: imported when a picture is drawn
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 3.5), layout="constrained")
    ax = fig.subplots()
    minimize = study.direction == optuna.study.StudyDirection.MINIMIZE
    for state, colour in (("COMPLETE", "tab:blue"), ("PRUNED", "tab:grey")):
        points = [(t.number, _last_value(t)) for t in done if t.state.name == state]
        points = [(n, v) for n, v in points if v is not None]
        if points:
            ax.scatter(*zip(*points), s=14, color=colour, label=state.lower())
    line = _best_so_far(done, minimize)
    if line:
        # One complete trial, the last: a step line of one point draws nothing, so a dash marks it
        # (the legend and the report's caption named a line the picture did not have).
        ax.step(*zip(*line), where="post", color="tab:red", label="best so far",
                marker="_" if len(line) == 1 else "", ms=16, mew=2)  # fmt: skip
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # trials are numbered, not measured
    values = [v for _, v in line]
    if values and min(values) > 0 and max(values) / min(values) > 30:
        ax.set_yscale("log")
    ax.set_xlabel("trial")
    ax.set_ylabel(metric)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    else:  # every trial stopped before reporting a value (the doctor pruned it in its first epoch)
        ax.text(0.5, 0.5, f"no trial reported {metric} yet", ha="center", va="center", transform=ax.transAxes)
    fig.savefig(path, dpi=100)
    return fig


def _best_so_far(done: list[optuna.trial.FrozenTrial], minimize: bool) -> list[tuple[int, float]]:
    """The best value of the complete trials among ``done`` after each of them, as (trial,
    value) steps, held to the last trial of ``done``: a step line of a single point draws
    nothing, and one that ended at the last complete trial hid that the later ones did no better.

    >>> optuna.logging.set_verbosity(optuna.logging.WARNING)
    >>> s = optuna.create_study()
    >>> for value in (0.5, None, 0.3, None):  # None: a pruned trial
    ...     t = s.ask(); _ = s.tell(t, value, state=optuna.trial.TrialState.PRUNED if value is None else None)
    >>> _best_so_far(s.trials, minimize=True)
    [(0, 0.5), (2, 0.3), (3, 0.3)]
    """
    best, line = math.inf if minimize else -math.inf, []
    for t in sorted((t for t in done if t.state.name == "COMPLETE"), key=lambda t: t.number):
        best = min(best, t.value) if minimize else max(best, t.value)
        line.append((t.number, best))
    if line and (last := max(t.number for t in done)) > line[-1][0]:
        line.append((last, line[-1][1]))
    return line


def _last_value(trial: optuna.trial.FrozenTrial) -> float | None:
    """A trial's value as ``trials.csv`` shows it (:func:`~.outputs.shown_value`: a pruned one's
    metric at the last epoch it trained); else its last reported value (``None`` without one)."""
    value = shown_value(trial)
    if value is not None:
        return value
    reported = [v for v in trial.intermediate_values.values() if math.isfinite(v)]
    return reported[-1] if reported else None


def _importances(study: optuna.Study, complete: list) -> dict[str, float] | None:
    if len(complete) < 2 or len({t.value for t in complete}) < 2:
        return None
    try:
        return optuna.importance.get_param_importances(study)
    except (RuntimeError, ValueError):  # e.g. no parameter common to all complete trials
        return None


def _importance_picture(importances: dict[str, float], path: Path) -> None:
    from matplotlib.figure import Figure

    names = list(importances)[::-1]
    fig = Figure(figsize=(6, 0.4 * len(names) + 1), layout="constrained")
    ax = fig.subplots()
    ax.barh(names, [importances[n] for n in names], color="tab:blue")
    ax.set_xlabel("importance")
    fig.savefig(path, dpi=100)


def _pruned(done: list) -> str:
    rows = [(t.number, t.user_attrs.get("pruned_because", ""), _led_by(t)) for t in done if t.state.name == "PRUNED"]
    if not rows:
        return "<p>No trial was pruned.</p>"
    return _table("Pruned trials", ("trial", "why", "why it ran"), rows)


def _failed(failed: list, retried: dict) -> str:
    rows = [(t.number, stopped_because(t, retried) or "an error (trials.csv, the trial's logs)") for t in failed]
    return _table("Failed trials", ("trial", "why"), rows)


def _led_by(trial: optuna.trial.FrozenTrial) -> str:
    """Which trial led to ``trial``: the doctor's advice on one, or one a killed process left."""
    if "advised_by" in trial.user_attrs:
        return f"the doctor's advice: {trial.user_attrs['advised_by']}"
    if "retry_of" in trial.user_attrs:
        return f"again, for trial {trial.user_attrs['retry_of']}"
    return ""


def _table(title: str, head: tuple[str, ...], rows: list[tuple]) -> str:
    top = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<h2>{html.escape(title)}</h2><table><tr>{top}</tr>{body}</table>"


def _figure(title: str, name: str, caption: str) -> str:
    return f"<h2>{html.escape(title)}</h2><img src='{PICTURES}/{name}' alt='{html.escape(title)}'><p>{html.escape(caption)}</p>"


def _value(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
