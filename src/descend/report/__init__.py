"""``report.html``: one self-contained page per run folder.

The page holds the run's configuration (``config.yaml``), a summary table
(``summary.json``, or figures computed from the logs), the doctor's findings
(``diagnosis.json``) with the change of settings each proposes, the last readings of the
instruments in words, and every picture in ``plots/``, embedded as ``data:`` URIs. It has inline
CSS and no scripts, fonts or links to anywhere else, so it opens offline, can be mailed as
one file and runs nothing when opened.
"""

from __future__ import annotations

import base64
import json
import os
import shlex
from pathlib import Path
from typing import Any

import yaml

from .. import plots
from .._checks import unwritten
from .._plural import counted
from ..doctor import diagnose, unread_words
from ..examples import examples, find_label_issues
from ..examples.issues_table import EXTENDED, WINDOW_AUM
from ..examples.run_findings import DivergedRun
from ..examples.target_units import target_units
from ..training import run_folder
from ..training.cut_epoch import cut_epoch
from ..training.findings import merged_change
from ..training.history import History
from .cells import cell, escape, key_table, table_of_rows
from .instruments_section import instruments_section

__all__ = ["write_report"]

# The logs a run folder holds (History.load reads what there is), and what each holds.
_LOGS = {
    run_folder.STEPS: "the per-step losses, learning rates and gradient norms",
    run_folder.EPOCHS: "the per-epoch losses and metrics",
    run_folder.HISTORY: "why the run stopped, its best epoch, the instruments' readings and the per-layer ratios",
}

# Captions of the pictures the library draws, by file name; other files are named by stem.
# The look of a finding's row: a converged run, advice about efficiency, else a problem.
_ROW_CLASS = {"converged": "converged", "batch_size": "advice"}

_CAPTIONS = {
    "training.png": "Training dynamics: loss and metric per epoch, the loss, learning rate, gradient norm and "
    "update-to-weight ratio per step, the stability ratio and the gradient noise scale at the instruments' "
    "sampled steps, with the doctor's findings marked where they happened.",
    "curves.png": "Several runs compared: loss (validation dashed) and metric per epoch.",
    "lr_find.png": "Learning-rate range test: loss against learning rate, with the suggestion marked.",
    "landscape_1d.png": "Loss along a filter-normalised random direction through the trained weights (α = 0).",
    "landscape_2d.png": "Loss over the plane of two filter-normalised random directions; + marks the trained weights.",
    "landscape_pca.png": "Loss over the plane of the training trajectory's two principal directions, "
    "with the trajectory projected on it.",
    run_folder.DATA_MAP: "Data map (Dataset Cartography): per training example, the mean probability of its label over "
    "epochs against its standard deviation, coloured by the share of epochs predicted right; circled: likely "
    "mislabelled (relative AUM < 0, and below −0.3 over the early or the late half of training, each epoch's "
    "relative margin clipped to ±1; at most as many "
    "as the early half's tails imply are mislabelled).",
    run_folder.CLASS_LOSS: "Mean training loss per epoch of each class's examples (by given label); a regression's, of "
    "all its examples.",
    run_folder.GALLERY: "The likely mislabelled (else hardest) training examples: index, given → suggested label.",
}

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1d2430; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d8dde6; padding-bottom: 0.2rem; }
.folder { color: #5b6577; font-size: 0.9rem; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #d8dde6; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f4f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.finding-converged td.kind { color: #207a3c; font-weight: 600; }
tr.finding-problem td.kind { color: #b42318; font-weight: 600; }
tr.finding-advice td.kind { color: #1f4e99; font-weight: 600; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e4e7ee; }
figcaption { color: #3c4556; font-size: 0.9rem; margin-top: 0.3rem; }
pre { background: #f6f8fa; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
.none { color: #5b6577; font-style: italic; }
.note { border-left: 3px solid #c98a00; padding-left: 0.6rem; }
"""


def write_report(run_dir: str | os.PathLike, title: str | None = None) -> Path:
    """Write ``run_dir/report.html`` and return its path.

    ``run_dir`` is a run folder (see the run-folder layout in the README): the training
    logs of ``descend.train(..., log_dir=run_dir)`` at least; ``config.yaml``,
    ``summary.json`` and ``plots/*.png`` where present. When ``plots/training.png`` is
    missing, or older than the logs (the run was resumed since), it is drawn first, from
    :meth:`descend.History.load`; the per-example pictures likewise, but for the gallery of
    ``descend examples`` (drawn from the training inputs), which is left out, and named, where it is
    older than the record. A log the folder lacks (``steps.csv``, ``epochs.csv``,
    ``history.json``) is named in a note at the top, with what the page cannot show without it,
    and a ``training.png`` drawn before is then kept, not redrawn from what is left. Everything
    read from the folder is HTML-escaped.

    >>> import tempfile, descend as ds
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False, log_dir=tmp)
    ...     page = write_report(tmp, title="iris")
    ...     text = page.read_text()
    >>> page.name, "<h1>iris</h1>" in text, "<h2>Examples</h2>" in text   # iris is small: examples tracked
    ('report.html', True, True)
    >>> text.count('<img src="data:image/png;base64,')   # training, data map, loss per class
    3
    """
    folder = Path(run_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no run folder at {folder}")
    history = History.load(folder)
    missing = [name for name in _LOGS if not (folder / name).is_file()]
    pictures = folder / run_folder.PLOTS
    # Logs missing since training.png was drawn: a picture redrawn from them would show less.
    kept = bool(missing) and (pictures / "training.png").is_file()
    if not kept and _stale(pictures / "training.png", folder / run_folder.HISTORY, folder / run_folder.DIAGNOSIS):
        if history.steps.get("step"):
            plots.training(history, pictures / "training.png")
    record = history.examples  # None where History.load skipped an unreadable examples.npz, with a warning
    issues = refused = None
    if record is not None and record.task == "classification":
        try:  # from the history, with the doctor's findings: their notes, or no list for a diverged run
            issues = find_label_issues(history)
        except DivergedRun as err:
            refused = str(err)
    if record is not None and _stale(pictures / run_folder.CLASS_LOSS, folder / run_folder.EXAMPLES):
        if issues is not None:
            plots.data_map(record, issues=issues, path=pictures / run_folder.DATA_MAP)
        plots.class_loss_curves(record, path=pictures / run_folder.CLASS_LOSS)
    # The gallery needs the training inputs, which the page cannot rebuild: one drawn before the
    # record's last epochs (a resume since `descend examples`) shows another list than the page's.
    gallery = pictures / run_folder.GALLERY  # drawn by `descend examples`, never by the report
    left_out = {}
    if record is not None and _stale(gallery, folder / run_folder.EXAMPLES):
        left_out[gallery.name] = _BEHIND
    if refused is not None:  # a data map circles a list: one drawn before the run diverged circles a stale one
        left_out[run_folder.DATA_MAP] = _NO_LIST
    config = _config(folder / run_folder.CONFIG)
    summary = _summary(folder, history)
    sections = [
        f"<h1>{escape(title or folder.resolve().name)}</h1>",
        f'<p class="folder">run folder: {escape(str(folder.resolve()))}</p>',
        _missing_logs(missing, kept),
        "<h2>Summary</h2>",
        key_table(_said(run_folder.with_non_finite(summary, history)), readable_keys=True) + _cut_note(history),
        "<h2>Configuration</h2>",
        _configuration(folder / run_folder.CONFIG, config),
        "<h2>Findings</h2>",
        _findings(folder, history, summary.get("instruments")),
        "<h2>Instruments</h2>",
        instruments_section(history, config),
        *(
            ["<h2>Examples</h2>", _examples(record, issues, history.scaling, refused) + _record_behind(record, history)]
            if record is not None
            else []
        ),
        "<h2>Pictures</h2>",
        _pictures(pictures, history, left_out),
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title or folder.resolve().name)} — descend report</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )
    out = folder / run_folder.REPORT
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as err:
        raise unwritten(err, out, "the report") from err
    return out


def _missing_logs(missing: list[str], kept: bool) -> str:
    """A note naming the logs the folder lacks and what the page cannot show without them (a
    run stopped before it wrote them, or a file deleted or moved since); ``""`` where none is."""
    if not missing:
        return ""
    said = "; ".join(f"{escape(name)} ({_LOGS[name]})" for name in missing)
    kept_note = " plots/training.png, drawn before, is shown as it was, not redrawn from what is left." if kept else ""
    return (
        f'<p class="note">Not in this run folder: {said}. The page shows what the other files hold: its figures '
        f"from the missing file are left out or counted as none.{kept_note}</p>"
    )


def _stale(picture: Path, *logs: Path) -> bool:
    """Whether ``picture`` is missing or older than one of the ``logs`` it is drawn from: the run
    went on (a resume) since it was drawn, and a page showing it would contradict its summary."""
    if not picture.is_file():
        return True
    drawn = picture.stat().st_mtime_ns
    return any(log.is_file() and log.stat().st_mtime_ns > drawn for log in logs)


def _summary(folder: Path, history: History) -> dict[str, Any]:
    path = folder / run_folder.SUMMARY
    if path.is_file():
        try:
            saved = json.loads(path.read_text())
        except ValueError as err:  # JSONDecodeError, UnicodeDecodeError: say which file
            raise ValueError(f"{path} is corrupt or not a descend summary ({' '.join(str(err).split())})") from err
        if isinstance(saved, dict):
            return saved
    # Trained from Python, no summary.json: the same numbers descend train writes there.
    outcome = {**run_folder.run_outcome(history), "converged": history.converged}
    if not outcome["stopped_because"]:  # set when a run ends; its logs were written epoch by epoch before
        outcome["stopped_because"] = (
            "the run did not finish (stopped by an error or an interrupt, or still running): its logs end after "
            + (f"epoch {len(history.loss)}" if history.loss else "no epoch")
        )
    return outcome


# summary.json's keys whose rows say what their number is.
_SAID = {
    "best_epoch": "best epoch (numbered from 0, as in epochs.csv)",
    "seconds": "seconds in the epochs' batch loops",
}


def _said(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary`` with the rows that read as another number said as what they are: beside
    'epochs 15' (a count), 'best epoch 14' read as the 14th of them, where it is the 15th (from 0,
    as in epochs.csv); 'seconds 5.5', the epochs' batch loops, beside a time budget's wall clock of 6.0 s."""
    return {_SAID.get(key, key): value for key, value in summary.items()}


def _config(path: Path) -> dict[str, Any] | None:
    """The run's settings from ``config.yaml``; ``None`` where there is none or it is no mapping."""
    if not path.is_file():
        return None
    try:
        config = yaml.safe_load(path.read_text())
    except yaml.YAMLError:
        return None
    return config if isinstance(config, dict) else None


def _cut_note(history: History) -> str:
    """A note where the run stopped part of the way through its last epoch: the summary's final
    training loss and metric are that epoch's row, the means of the few batches it ran."""
    cut = cut_epoch(history)
    if cut is None:
        return ""
    metric = next(
        (name for key, name in (("accuracy", " and accuracy"), ("r2", " and R²")) if key in history.epochs), ""
    )
    return (
        f'<p class="note">The run stopped {counted(cut.steps, "update")} into epoch {cut.epoch} (a whole epoch makes '
        f"{cut.full}): the final training loss{metric} above are of those updates' batches alone, not of the "
        f"training set; epoch {history.epochs['epoch'][-2]} is the last whole one.</p>"
    )


def _configuration(path: Path, config: dict[str, Any] | None) -> str:
    """The settings of ``config.yaml`` at ``path`` (``config``, as :func:`_config` read them) as a
    table; its text where it is no mapping."""
    if not path.is_file():
        return '<p class="none">No config.yaml in this run folder (it was trained from Python).</p>'
    return key_table(config) if config is not None else f"<pre>{escape(path.read_text())}</pre>"


def _findings(folder: Path, history: History, said: Any = None) -> str:
    """The doctor's findings as a table, what they rest on without readings (``said``: what a
    watched run's summary says of its instruments) and how to apply their changes."""
    if (folder / run_folder.DIAGNOSIS).is_file():  # read by History.load: the finished run's findings
        found, note = history.diagnoses, ""
    else:
        found = diagnose(history)
        note = '<p class="none">The run has not finished: the doctor read the logs so far.</p>'
    unread = unread_words(history, said if isinstance(said, str) else None)
    if unread is not None:
        note += f'<p class="none">Without instrument readings {escape(unread)}.</p>'
    if not found:
        return note + '<p class="none">The doctor had no findings for this run.</p>'
    rows = "".join(
        f'<tr class="finding-{_ROW_CLASS.get(d.kind, "problem")}">'
        f'<td class="kind">{escape(d.kind)}</td>{cell(d.step)}<td>{escape(d.evidence)}</td>'
        f"<td>{escape(d.advice)}</td><td>{_settings(getattr(d, 'change', None) or {})}</td></tr>"
        for d in found
    )
    return (
        note + "<table><thead><tr><th>kind</th><th>step</th><th>evidence</th><th>advice</th>"
        f"<th>change</th></tr></thead><tbody>{rows}</tbody></table>" + _apply(folder, merged_change(found))
    )


def _apply(folder: Path, change: dict[str, Any]) -> str:
    """How to run again with the findings' changes merged (:meth:`History.advice`): from the
    command line where the run was (``config.yaml``: ``descend doctor`` prints the command and
    starts it with ``--apply``), else as keywords of ``descend.train``."""
    if not change:
        return ""
    settings = ", ".join(f"{key}={value!r}" for key, value in change.items())
    if (folder / run_folder.CONFIG).is_file():
        where = shlex.quote(str(folder.resolve()))
        return (
            f"<p>All the changes together: <code>{escape(settings)}</code>. "
            f"<code>descend doctor {escape(where)}</code> prints the <code>descend train</code> command line "
            f"with them applied; <code>descend doctor {escape(where)} --apply</code> runs it in a new folder.</p>"
        )
    if run_folder.watched_by(folder):  # descend.watch's run: the loop is the user's own
        return (
            f"<p>All the changes together: <code>{escape(settings)}</code>, as settings of the watched loop "
            "(<code>lr</code>: its optimizer's learning rate).</p>"
        )
    return f"<p>All the changes together: <code>ds.train(..., {escape(settings)})</code>.</p>"


def _settings(change: dict[str, Any]) -> str:
    """A finding's change of settings, as ``train`` keywords (``lr=0.004``)."""
    return " ".join(f"<code>{escape(key)}={escape(_number(value))}</code>" for key, value in change.items()) or "-"


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _examples(record: Any, issues: Any, scaling: dict[str, Any] | None = None, refused: str | None = None) -> str:
    """The run's per-example dynamics: its data-map regions and likely mislabelled examples
    (``issues``: :func:`~descend.examples.find_label_issues` of a classification ``record``;
    ``refused``: why it made no list, in its place); a regression's worst fitted, in the units
    ``scaling`` (``History.scaling``) says."""
    table = examples(record)
    if record.task == "regression":
        units = target_units(scaling or {})
        said = "highest final loss" + ("" if units is None else f"; {units}")
        return f"<p>The training examples the run fits worst ({escape(said)}):</p>" + table_of_rows(table.top(10))
    counts = ", ".join(f"{name}: {int((table['region'] == name).sum())}" for name in sorted(set(table["region"])))
    seen = f"<p>{counted(record.n, 'training example')} over {counted(len(record.epochs), 'epoch')}; data-map regions {escape(counts)}. "
    if refused is not None:  # a diverged run: why no list
        return f'{seen}No list of likely mislabelled examples:</p><p class="note">{escape(refused)}</p>'
    said = (
        f"{seen}{len(issues)} likely mislabelled (relative AUM &lt; {issues.threshold:g}, and &lt; "
        f"{issues.threshold - issues.decisiveness:g} over the early or the late half, each epoch's relative margin "
        "clipped to ±1: over training, the model scored "
        "another class above the given label"
        + ("" if issues.estimated is None else f"; at most the {issues.estimated:.0f} the early half's tails imply")
        + (
            f", then {issues.extended} {EXTENDED}"
            if issues.extended and issues.joint is None and issues.decisive is None  # the caps it names
            else ""
        )
        + f"), most suspect first (<code>{WINDOW_AUM}</code>: the relative AUM over the epochs the rule read, "
        "which ranks the list; the other columns are over the whole record); <code>descend examples RUN_DIR</code> "
        "writes them all.</p>"
    )
    if issues.note is not None:  # the run had not fitted its training set: the list may be too long
        said += f'<p class="note">{escape(issues.note)}</p>'
    return said + (table_of_rows(issues.head(10)) if len(issues) else "")


def _record_behind(record: Any, history: History) -> str:
    """A note where the per-example record holds fewer epochs than the logs: ``examples.npz``
    is written after an epoch only while that is cheap, and at the run's end, which a run
    stopped by an error or an interrupt does not reach."""
    recorded, logged = len(record.epochs), len(history.loss)
    if recorded >= logged:
        return ""
    return (
        f'<p class="note">The per-example record holds {counted(recorded, "epoch")} of the logs\' {logged}: '
        "examples.npz is written after an epoch only while that is cheap, and at the run's end, which this run "
        f"did not reach; the figures above stop at epoch {recorded}.</p>"
    )


# Why a picture left in plots/ is not shown (HTML).
_BEHIND = (
    "drawn before the per-example record's last epochs (the run went on since): "
    "<code>descend examples RUN_DIR</code> draws it again."
)
_NO_LIST = (
    "drawn by an earlier <code>descend examples</code>, circling a list of likely mislabelled examples this run "
    "no longer has: the doctor found it diverged (see Examples)."
)


def _pictures(folder: Path, history: History, left_out: dict[str, str]) -> str:
    """Every picture in ``folder`` but those ``left_out`` names (drawn from an older record, or
    for a list the run no longer has), each named in a note saying why instead."""
    files = sorted(folder.glob("*.png"), key=lambda p: (p.name != "training.png", p.name)) if folder.is_dir() else []
    files = [f for f in files if f.name not in left_out]
    figures = [
        f'<p class="note">Not shown: {escape(name)}, {why}</p>'
        for name, why in left_out.items()
        if (folder / name).is_file()
    ]
    if not files:
        why = "" if history.steps.get("step") else ": the record holds no step with a loss to draw"
        return "".join(figures) + f'<p class="none">No pictures in plots/{why}.</p>'
    for f in files:
        data = base64.b64encode(f.read_bytes()).decode("ascii")
        caption = _CAPTIONS.get(f.name, f.stem.replace("_", " "))
        figures.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(f.name)}">'
            f"<figcaption><strong>{escape(f.name)}</strong>: {escape(caption)}</figcaption></figure>"
        )
    return "\n".join(figures)
