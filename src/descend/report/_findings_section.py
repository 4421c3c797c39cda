"""The Findings section of ``report.html``: the doctor's findings as a table, what they rest on
without instrument readings, and how to run again with their changes applied."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from ..doctor import diagnose, unread_words
from ..training import run_folder
from ..training.findings import merged_change
from ..training.history import History
from .cells import cell, escape

__all__ = ["findings_section"]

# The look of a finding's row: a converged run, advice about efficiency, else a problem.
_ROW_CLASS = {"converged": "converged", "batch_size": "advice"}


def findings_section(folder: Path, history: History, said: Any = None) -> str:
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
