"""``report.html``: one self-contained page per run folder.

The page holds the run's configuration (``config.yaml``), a summary table
(``summary.json``, or figures computed from the logs), the doctor's findings
(``diagnosis.json``) with the change of settings each proposes, the last readings of the
instruments in words, and every picture in ``plots/``, embedded as ``data:`` URIs. It has inline
CSS and no scripts, fonts or links to anywhere else, so it opens offline, can be mailed as
one file and runs nothing when opened.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .. import plots
from .._checks import unwritten
from ..examples import find_label_issues
from ..examples.run_findings import DivergedRun
from ..training import run_folder
from ..training.history import History
from ._examples_section import examples_section, record_behind
from ._findings_section import findings_section
from ._pictures_section import BEHIND, NO_LIST, pictures_section, stale
from ._summary_section import run_summary, summary_section
from .cells import escape, key_table
from .instruments_section import instruments_section

__all__ = ["write_report"]

# The logs a run folder holds (History.load reads what there is), and what each holds.
_LOGS = {
    run_folder.STEPS: "the per-step losses, learning rates and gradient norms",
    run_folder.EPOCHS: "the per-epoch losses and metrics",
    run_folder.HISTORY: "why the run stopped, its best epoch, the instruments' readings and the per-layer ratios",
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
    if not kept and stale(pictures / "training.png", folder / run_folder.HISTORY, folder / run_folder.DIAGNOSIS):
        if history.steps.get("step"):
            plots.training(history, pictures / "training.png")
    record = history.examples  # None where History.load skipped an unreadable examples.npz, with a warning
    issues = refused = None
    if record is not None and record.task == "classification":
        try:  # from the history, with the doctor's findings: their notes, or no list for a diverged run
            issues = find_label_issues(history)
        except DivergedRun as err:
            refused = str(err)
    if record is not None and stale(pictures / run_folder.CLASS_LOSS, folder / run_folder.EXAMPLES):
        if issues is not None:
            plots.data_map(record, issues=issues, path=pictures / run_folder.DATA_MAP)
        plots.class_loss_curves(record, path=pictures / run_folder.CLASS_LOSS, scaling=history.scaling)
    # The gallery needs the training inputs, which the page cannot rebuild: one drawn before the
    # record's last epochs (a resume since `descend examples`) shows another list than the page's.
    gallery = pictures / run_folder.GALLERY  # drawn by `descend examples`, never by the report
    left_out = {}
    if record is not None and stale(gallery, folder / run_folder.EXAMPLES):
        left_out[gallery.name] = BEHIND
    if refused is not None:  # a data map circles a list: one drawn before the run diverged circles a stale one
        left_out[run_folder.DATA_MAP] = NO_LIST
    config = _config(folder / run_folder.CONFIG)
    summary = run_summary(folder, history)
    sections = [
        f"<h1>{escape(title or folder.resolve().name)}</h1>",
        f'<p class="folder">run folder: {escape(str(folder.resolve()))}</p>',
        _missing_logs(missing, kept),
        "<h2>Summary</h2>",
        summary_section(summary, history),
        "<h2>Configuration</h2>",
        _configuration(folder / run_folder.CONFIG, config),
        "<h2>Findings</h2>",
        findings_section(folder, history, summary.get("instruments")),
        "<h2>Instruments</h2>",
        instruments_section(history, config),
        *(
            [
                "<h2>Examples</h2>",
                examples_section(record, issues, history.scaling, refused) + record_behind(record, history),
            ]
            if record is not None
            else []
        ),
        "<h2>Pictures</h2>",
        pictures_section(pictures, history, left_out),
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


def _config(path: Path) -> dict[str, Any] | None:
    """The run's settings from ``config.yaml``; ``None`` where there is none or it is no mapping."""
    if not path.is_file():
        return None
    try:
        config = yaml.safe_load(path.read_text())
    except yaml.YAMLError:
        return None
    return config if isinstance(config, dict) else None


def _configuration(path: Path, config: dict[str, Any] | None) -> str:
    """The settings of ``config.yaml`` at ``path`` (``config``, as :func:`_config` read them) as a
    table; its text where it is no mapping."""
    if not path.is_file():
        return '<p class="none">No config.yaml in this run folder (it was trained from Python).</p>'
    return key_table(config) if config is not None else f"<pre>{escape(path.read_text())}</pre>"
