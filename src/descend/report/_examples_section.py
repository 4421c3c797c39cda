"""The Examples section of ``report.html``: the run's per-example dynamics (data-map regions and
the likely mislabelled examples of a classification, a regression's worst fitted), and a note
where the per-example record holds fewer epochs than the logs."""

from __future__ import annotations

from typing import Any

from .._plural import counted
from ..examples import examples
from ..examples.issues_table import EXTENDED, WINDOW_AUM
from ..examples.target_units import target_units
from ..examples.unranked_losses import unranked_because
from ..training.history import History
from .cells import escape, table_of_rows

__all__ = ["examples_section", "record_behind"]


def examples_section(
    record: Any, issues: Any, scaling: dict[str, Any] | None = None, refused: str | None = None
) -> str:
    """The run's per-example dynamics: its data-map regions and likely mislabelled examples
    (``issues``: :func:`~descend.examples.find_label_issues` of a classification ``record``;
    ``refused``: why it made no list, in its place); a regression's worst fitted, in the units
    ``scaling`` (``History.scaling``) says, or none where an example's loss is not finite (a
    run stopped at an infinite loss)."""
    table = examples(record)
    if record.task == "regression":
        unranked = unranked_because(table)
        if unranked is not None:  # ranked by inf and nan, the table said nothing true of the examples
            return f"<p>{escape(unranked)}</p>"
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


def record_behind(record: Any, history: History) -> str:
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
