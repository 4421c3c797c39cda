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
import html
import json
import math
import os
import shlex
from pathlib import Path
from typing import Any

import yaml

from . import plots
from .doctor import diagnose
from .examples import examples, find_label_issues, record_of
from .instruments.thresholds import rule_of_row
from .training import run_folder
from .training.findings import merged_change
from .training.history import History

__all__ = ["write_report"]

# Captions of the pictures the library draws, by file name; other files are named by stem.
# The look of a finding's row: a converged run, advice about efficiency, else a problem.
_ROW_CLASS = {"converged": "converged", "batch_size": "advice"}

_CAPTIONS = {
    "training.png": "Training dynamics: loss and metric per epoch, learning rate, gradient norm and "
    "update-to-weight ratio per step, the stability ratio and the gradient noise scale at the instruments' "
    "sampled steps, with the doctor's findings marked where they happened.",
    "curves.png": "Several runs compared: loss (validation dashed) and metric per epoch.",
    "lr_find.png": "Learning-rate range test: loss against learning rate, with the suggestion marked.",
    "landscape_1d.png": "Loss along a filter-normalised random direction through the trained weights (α = 0).",
    "landscape_2d.png": "Loss over the plane of two filter-normalised random directions; + marks the trained weights.",
    "landscape_pca.png": "Loss over the plane of the training trajectory's two principal directions, "
    "with the trajectory projected on it.",
    "data_map.png": "Data map (Dataset Cartography): per training example, the mean probability of its label over "
    "epochs against its standard deviation, coloured by the share of epochs predicted right; circled: likely "
    "mislabelled (relative AUM < 0).",
    "class_loss.png": "Mean training loss of each class's examples (by given label) per epoch.",
    "gallery.png": "The likely mislabelled (else hardest) training examples: index, given → suggested label.",
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
"""


def write_report(run_dir: str | os.PathLike, title: str | None = None) -> Path:
    """Write ``run_dir/report.html`` and return its path.

    ``run_dir`` is a run folder (see the run-folder layout in the README): the training
    logs of ``descend.train(..., log_dir=run_dir)`` at least; ``config.yaml``,
    ``summary.json`` and ``plots/*.png`` where present. When ``plots/training.png`` is
    missing it is drawn first, from :meth:`descend.History.load`. Everything read from the
    folder is HTML-escaped.

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
    pictures = folder / run_folder.PLOTS
    if not (pictures / "training.png").is_file() and history.steps.get("step"):
        plots.training(history, pictures / "training.png")
    has_examples = (folder / run_folder.EXAMPLES).is_file()
    if has_examples and not (pictures / "class_loss.png").is_file():
        record = record_of(folder)
        if record.task == "classification":
            plots.data_map(record, issues=find_label_issues(record), path=pictures / "data_map.png")
        plots.class_loss_curves(record, path=pictures / "class_loss.png")
    sections = [
        f"<h1>{_e(title or folder.resolve().name)}</h1>",
        f'<p class="folder">run folder: {_e(str(folder.resolve()))}</p>',
        "<h2>Summary</h2>",
        _table(_summary(folder, history), readable_keys=True),
        "<h2>Configuration</h2>",
        _configuration(folder / run_folder.CONFIG),
        "<h2>Findings</h2>",
        _findings(folder, history),
        "<h2>Instruments</h2>",
        _instruments(history),
        *(["<h2>Examples</h2>", _examples(folder)] if has_examples else []),
        "<h2>Pictures</h2>",
        _pictures(pictures),
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title or folder.resolve().name)} — descend report</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )
    out = folder / run_folder.REPORT
    out.write_text(page, encoding="utf-8")
    return out


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _summary(folder: Path, history: History) -> dict[str, Any]:
    path = folder / run_folder.SUMMARY
    if path.is_file():
        try:
            saved = json.loads(path.read_text())
        except ValueError as err:  # JSONDecodeError, UnicodeDecodeError: say which file
            raise ValueError(f"{path} is corrupt or not a descend summary ({' '.join(str(err).split())})") from err
        if isinstance(saved, dict):
            return saved
    epochs = history.epochs
    rows: dict[str, Any] = {
        "epochs": len(history.loss),
        "steps": len(history.steps.get("step", [])),
        "final_loss": history.loss[-1] if history.loss else None,
    }
    if history.val_loss:
        rows["final_val_loss"] = history.val_loss[-1]
    for key in ("accuracy", "val_accuracy", "r2", "val_r2"):
        if epochs.get(key):
            rows[f"final_{key}"] = epochs[key][-1]
    rows.update(
        best_epoch=history.best_epoch, converged=history.converged, stopped_because=history.stopped_because or "-"
    )
    return rows


def _table(rows: dict[str, Any], readable_keys: bool = False) -> str:
    body = "".join(
        f'<tr><th scope="row">{_e(str(key).replace("_", " ") if readable_keys else key)}</th>{_cell(value)}</tr>'
        for key, value in rows.items()
    )
    return f"<table>{body}</table>"


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return f"<td>{_e('-' if value is None else value)}</td>"
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    if isinstance(value, float):
        return f'<td class="num">{_e(f"{value:.6g}" if math.isfinite(value) else value)}</td>'
    if isinstance(value, (dict, list)):
        return f"<td><code>{_e(json.dumps(value))}</code></td>"
    return f"<td>{_e(value)}</td>"


def _configuration(path: Path) -> str:
    if not path.is_file():
        return '<p class="none">No config.yaml in this run folder (it was trained from Python).</p>'
    text = path.read_text()
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError:
        config = None
    if isinstance(config, dict):
        return _table(config)
    return f"<pre>{_e(text)}</pre>"


def _findings(folder: Path, history: History) -> str:
    if (folder / run_folder.DIAGNOSIS).is_file():  # read by History.load: the finished run's findings
        found, note = history.diagnoses, ""
    else:
        found = diagnose(history)
        note = '<p class="none">The run has not finished: the doctor read the logs so far.</p>'
    if not found:
        return note + '<p class="none">The doctor had no findings for this run.</p>'
    rows = "".join(
        f'<tr class="finding-{_ROW_CLASS.get(d.kind, "problem")}">'
        f'<td class="kind">{_e(d.kind)}</td>{_cell(d.step)}<td>{_e(d.evidence)}</td>'
        f"<td>{_e(d.advice)}</td><td>{_settings(getattr(d, 'change', None) or {})}</td></tr>"
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
            f"<p>All the changes together: <code>{_e(settings)}</code>. "
            f"<code>descend doctor {_e(where)}</code> prints the <code>descend train</code> command line "
            f"with them applied; <code>descend doctor {_e(where)} --apply</code> runs it in a new folder.</p>"
        )
    if _watched(folder):  # descend.watch's run: the loop is the user's own
        return (
            f"<p>All the changes together: <code>{_e(settings)}</code>, as settings of the watched loop "
            "(<code>lr</code>: its optimizer's learning rate).</p>"
        )
    return f"<p>All the changes together: <code>ds.train(..., {_e(settings)})</code>.</p>"


def _watched(folder: Path) -> bool:
    """Whether the run folder is that of a loop ``descend.watch`` watched (its summary says so)."""
    try:
        return json.loads((folder / run_folder.SUMMARY).read_text()).get("watched_by") == "descend.watch"
    except (OSError, ValueError, AttributeError):
        return False


def _settings(change: dict[str, Any]) -> str:
    """A finding's change of settings, as ``train`` keywords (``lr=0.004``)."""
    return " ".join(f"<code>{_e(key)}={_e(_number(value))}</code>" for key, value in change.items()) or "-"


def _number(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


# Instruments' columns in the table: row key -> header.
_READINGS = {
    "step": "step",
    "probe_loss": "probe loss",
    "sharpness": "λ_max",
    "threshold": "threshold",
    "stability": "λ_max / threshold",
    "noise_scale": "B_simple",
    "batch_size": "batch size",
    "alpha": "α",
}


def _instruments(history: History) -> str:
    """The instruments' last readings in words, then every reading in a table."""
    rows = history.instruments
    if not rows:
        return (
            '<p class="none">No instrument readings in this run '
            "(<code>descend.train(..., instruments=True)</code> records them).</p>"
        )
    said = [text for text in (_stability_words(rows, history.steps), _noise_words(rows), _alpha_words(rows)) if text]
    words = "".join(f"<p>{_e(text)}</p>" for text in said) or '<p class="none">Every reading was NaN.</p>'
    head = "".join(f"<th>{_e(name)}</th>" for name in _READINGS.values())
    body = "".join("<tr>" + "".join(_cell(row.get(key)) for key in _READINGS) + "</tr>" for row in rows)
    return f"{words}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _last(rows: list[dict[str, Any]], key: str, finite: bool = True) -> dict[str, Any] | None:
    """The last row whose ``key`` reading was taken (not NaN; finite unless ``finite`` is off)."""
    for row in reversed(rows):
        v = row.get(key)
        if isinstance(v, (int, float)) and not math.isnan(v) and (math.isfinite(v) or not finite):
            return row
    return None


def _stability_words(rows: list[dict[str, Any]], steps: dict[str, list[Any]]) -> str:
    row = _last(rows, "stability")
    if row is None:
        return ""
    r, threshold = row["stability"], row["threshold"]
    rates = dict(zip(steps.get("step", []), steps.get("lr", [])))
    lr = rates.get(row["step"] + 1, rates.get(row["step"]))  # the rate of the next update
    lr = lr[0] if isinstance(lr, (list, tuple)) and lr else lr  # group 0's
    known = isinstance(lr, (int, float)) and lr > 0 and 0 < threshold < math.inf
    # The rule as the row recorded it (older rows: recovered from threshold × the run's rate).
    c, gain, preconditioned = rule_of_row(row, threshold * lr if known else math.nan)
    lr = c / threshold if math.isfinite(c) and 0 < threshold < math.inf else math.nan
    form = f" = {c:.3g}/lr at lr = {lr:.3g}" if math.isfinite(lr) and lr > 0 else ""
    sharpness = (
        "λ_max(P⁻¹H) = {:.3g} (the top eigenvalue of the loss's Hessian on the probe batch, preconditioned as "
        "the rule scales its steps)"
        if preconditioned
        else "λ_max = {:.3g} (the top eigenvalue of the loss's Hessian on the probe batch)"
    ).format(row["sharpness"])
    said = (
        f"Stability, at step {row['step']}: the sharpness {sharpness} against the optimizer's stability "
        f"threshold {threshold:.3g}{form}: ratio {r:.3g}."
    )
    if gain != 1 and r > 0:
        said += (
            f" With the gradient noise, the rule moves like gradient descent at its effective rate, whose "
            f"threshold is {gain:.3g} times lower: effective ratio {r * gain:.3g}."
        )
        r *= gain
    if r > 1:
        return said + (
            " Above 1, a step of this rate overshoots along the sharpest direction and grows there instead of "
            "shrinking (Cohen et al. 2021); well above 1 is the evidence of a learning rate too large."
        )
    if r >= 0.5:
        return said + (
            " Near 1: the run is at the edge of stability, where gradient descent typically settles "
            "while the loss keeps falling over the long run (Cohen et al. 2021)."
        )
    if r <= 0:  # a rate of 0 (the end of a cosine schedule): an infinite threshold
        return said + " The rate is 0 there: no step is taken, nothing can go unstable."
    return said + (
        f" Below 1 the step is stable along every direction; the rate could be {1 / r:.3g}× larger "
        "before it reached the threshold."
    )


def _noise_words(rows: list[dict[str, Any]]) -> str:
    row = _last(rows, "noise_scale", finite=False)
    if row is None:
        return ""
    b, batch = row["noise_scale"], row.get("batch_size")
    where = f"Gradient noise scale, at step {row['step']}: "
    if not math.isfinite(b):
        return where + (
            "the true gradient was lost in the noise of the probe batch (its squared norm estimated at zero or "
            "less), so the noise scale is beyond measure: far above any batch size."
        )
    said = where + f"B_simple = tr(Σ)/|G|² = {b:.3g} examples"
    if not isinstance(batch, (int, float)) or batch <= 0:
        return said + " (McCandlish et al. 2018)."
    said += f" against the batch size {batch:g}."
    if batch < b:
        return said + (
            f" The batch is {b / batch:.3g}× smaller than the noise scale: its gradient is mostly noise, and a "
            "larger batch with a rate scaled with it would take fewer steps for about the same number of "
            "examples (McCandlish et al. 2018)."
        )
    return said + (
        f" The batch is {batch / b:.3g}× the noise scale: past it, more examples per step save few steps "
        "(McCandlish et al. 2018)."
    )


def _alpha_words(rows: list[dict[str, Any]]) -> str:
    row = _last(rows, "alpha")
    if row is None:
        return ""
    a = row["alpha"]
    said = (
        f"Where the step lands, at step {row['step']}: α = {a:.2g} on a quadratic fit of the loss along the "
        "update (Cockpit, Schneider et al. 2021: -1 no move, 0 at the minimum along the step, 1 at the far side "
        "at the starting height)."
    )
    if a > 1:
        return said + " Beyond 1: the step went past the far side, to a loss higher than where it started."
    if a > 0.1:
        return said + " Past the minimum along its direction (overshoot), still lower than where it started."
    if a >= -0.1:
        return said + " About at the minimum along its direction."
    return said + " Short of the minimum along its direction (undershoot): a longer step would go further."


def _examples(folder: Path) -> str:
    """The run's per-example dynamics: its data-map regions and likely mislabelled examples."""
    record = record_of(folder)
    table = examples(record)
    if record.task == "regression":
        worst = table.top(min(10, len(table)), by="final_loss")
        return "<p>The training examples the run fits worst (highest final loss):</p>" + _rows(worst)
    counts = ", ".join(f"{name}: {int((table['region'] == name).sum())}" for name in sorted(set(table["region"])))
    issues = find_label_issues(record)
    said = (
        f"<p>{record.n} training examples over {len(record.epochs)} epochs; data-map regions {_e(counts)}. "
        f"{len(issues)} likely mislabelled (relative AUM &lt; {issues.threshold:g}: over training, the model scored "
        "another class above the given label), most suspect first; <code>descend examples RUN_DIR</code> writes "
        "them all.</p>"
    )
    return said + (_rows(issues.head(10)) if len(issues) else "")


def _rows(table: Any) -> str:
    head = "".join(f"<th>{_e(name)}</th>" for name in table.columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row.values()) + "</tr>" for row in table.rows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pictures(folder: Path) -> str:
    files = sorted(folder.glob("*.png"), key=lambda p: (p.name != "training.png", p.name)) if folder.is_dir() else []
    if not files:
        return '<p class="none">No pictures in plots/.</p>'
    figures = []
    for f in files:
        data = base64.b64encode(f.read_bytes()).decode("ascii")
        caption = _CAPTIONS.get(f.name, f.stem.replace("_", " "))
        figures.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{_e(f.name)}">'
            f"<figcaption><strong>{_e(f.name)}</strong>: {_e(caption)}</figcaption></figure>"
        )
    return "\n".join(figures)
