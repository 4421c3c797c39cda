"""Pictures of per-example training dynamics (:mod:`descend.examples`): the data map, a
gallery of the hardest or likely mislabelled examples (:mod:`~descend.plots.gallery`), and the
loss per class per epoch."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from .._plural import counted
from ..examples import AMBIGUOUS_VARIABILITY, EASY_CONFIDENCE, ExampleTable, LabelIssues, record_of
from ._common import finish, integer_ticks, short_repr
from ._example_table import example_table
from .gallery import example_gallery
from .marks import cut_tail, loss_label, mark_zeros, spans_decades, without_zeros

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["data_map", "example_gallery", "class_loss_curves"]

# Correctness from dark blue (0) to light yellow (1): a lightness that rises end to end, which a
# red-green colour-blind reader can read (RdYlGn's two ends, dark red and dark green, look alike).
_CORRECTNESS_CMAP = "cividis"


def _examples_in(table: ExampleTable) -> int:
    """The indices ``table``'s examples are named by run below this: the number of rows of the
    data its run was given, where the table knows it; else the size of the training set it was
    made from, or its largest index + 1 where larger (the rows of a validation split's data in a
    record saved before their number was kept; a table read back from a CSV file of some rows)."""
    if table.n_rows is not None:
        return table.n_rows
    return max(table.n_examples, int(table["index"].max()) + 1 if len(table) else 0)


def _flagged(issues: Any, n: int, table: ExampleTable) -> np.ndarray:
    """``issues`` as the indices of examples (a table's ``index``): a :class:`LabelIssues`' own
    (of ``table``'s run), indices in [0, n), or a boolean mask of the n rows; anything else
    is one error."""
    if isinstance(issues, LabelIssues):
        _check_same_run(issues, n, table)
        return issues.indices
    values = np.asarray(issues)
    mask = values.ndim == 1 and values.dtype == bool
    if mask and len(values) == n:
        return np.flatnonzero(values)
    if not mask and values.ndim == 1 and (values.size == 0 or values.dtype.kind in "iu"):
        if np.all((values >= 0) & (values < n)):
            return values.astype(np.int64)
    if table.n_rows is None or table.n_rows == table.n_examples:  # the training set is the data given
        allowed = f"training-set indices in [0, {n}) or a mask of the {counted(n, 'example')}"
    else:  # a validation split's training set: the table's index counts the rows of all the data
        allowed = f"rows of the data the run was given, in [0, {n}), or a mask of its {counted(n, 'row')}"
    got = f"a mask of {len(values)}" if mask else short_repr(issues)
    raise ValueError(f"issues must be a find_label_issues result, {allowed} (True where flagged), got {got}")


def _check_same_run(issues: LabelIssues, n: int, table: ExampleTable) -> None:
    """Refuse the issues of another run: another training set's size ``n``, an index past it,
    or a flagged example whose given label is not the table's (the record keeps no run
    identity: the labels are what the two must share)."""
    indices = issues.indices
    sizes = (table.n_examples, n)  # n: a partial table's read back from CSV
    among = (  # None: a list read back from CSV, which does not keep its training set's size
        f"among {counted(issues.n_examples, 'example')}"
        if issues.n_examples is not None
        else f"up to example {int(indices.max()) if len(indices) else -1}"
    )
    if (issues.n_examples is not None and issues.n_examples not in sizes) or np.any((indices < 0) | (indices >= n)):
        raise ValueError(
            f"issues are not this run's: find_label_issues flagged them {among}, "
            f"the table's run has {table.n_examples}: give the issues of the run drawn, "
            "data_map(run, issues=descend.find_label_issues(run))"
        )
    if "label" not in table.columns or "label" not in issues.columns:
        return
    rows = {int(i): r for r, i in enumerate(table["index"])}
    for i, label in zip(indices.tolist(), issues["label"].tolist()):
        if i in rows and table["label"][rows[i]] != label:
            raise ValueError(
                f"issues are not this run's: they give example {i} the label {label}, the table {table['label'][rows[i]]}: "
                "give the issues of the run drawn, data_map(run, issues=descend.find_label_issues(run))"
            )


def data_map(run: Any, *, issues: Any = None, path: str | os.PathLike | None = None) -> Figure:
    """The data map of Dataset Cartography (Swayamdipta et al. 2020): per training example,
    confidence (mean probability of its label over epochs) against variability (its standard
    deviation), coloured by correctness, with the regions of :mod:`descend.examples.summaries`
    marked. ``run`` is anything :func:`descend.examples` takes, or its table; ``issues`` (a
    :func:`descend.find_label_issues` result of the same run, indices of examples (a table's
    ``index``: rows of the data the run was given), or a boolean mask of those rows, one entry
    per row, a validation split's too) are circled; another run's (another training set's size,
    or other given labels) are refused.

    >>> import numpy as np
    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1],
    ...     loss=np.ones((2, 3)), p_label=[[0.9, 0.2, 0.5], [0.95, 0.1, 0.9]],
    ...     margin=[[2.0, -1.0, 0.0], [3.0, -2.0, 2.0]], predicted=[[0, 0, 1], [0, 0, 1]])
    >>> fig = data_map(r, issues=[1])
    >>> fig.axes[0].get_xlabel()
    'variability (std of p(label) over epochs)'
    """
    from matplotlib.figure import Figure

    table = example_table(run)
    if table.task != "classification":
        raise ValueError("data_map needs a classification run (probabilities of labels), got a regression one")
    fig = Figure(figsize=(7, 5.5), layout="constrained")
    ax = fig.add_subplot()
    points = ax.scatter(
        table["variability"], table["confidence"], c=table["correctness"], cmap=_CORRECTNESS_CMAP, vmin=0, vmax=1, s=12
    )
    fig.colorbar(points, ax=ax, label="correctness (share of epochs predicted right)")
    if issues is not None:
        where = np.isin(table["index"], _flagged(issues, _examples_in(table), table))
        ax.scatter(
            table["variability"][where], table["confidence"][where], s=60, facecolors="none",
            edgecolors="black", linewidths=1, label=f"likely mislabelled ({int(where.sum())})",
        )  # fmt: skip
        ax.legend(loc="lower right")
    top = max(0.5, float(np.nanmax(table["variability"], initial=0.0)) + 0.02)
    ax.axvline(AMBIGUOUS_VARIABILITY, color="grey", ls="--", lw=1)
    ax.plot([0, AMBIGUOUS_VARIABILITY], [EASY_CONFIDENCE] * 2, color="grey", ls="--", lw=1)
    counts = {name: int((table["region"] == name).sum()) for name in ("easy to learn", "hard to learn", "ambiguous")}
    style = {"fontsize": 9, "color": "#333", "ha": "center"}
    ax.text(AMBIGUOUS_VARIABILITY / 2, 1.02, f"easy to learn ({counts['easy to learn']})", **style)
    ax.text(AMBIGUOUS_VARIABILITY / 2, -0.06, f"hard to learn ({counts['hard to learn']})", **style)
    ax.text((AMBIGUOUS_VARIABILITY + top) / 2, 1.02, f"ambiguous ({counts['ambiguous']})", **style)
    ax.set_xlim(-0.02 * top, top)  # examples of variability 0 (one epoch, or always right) in full view
    ax.set_ylim(-0.1, 1.08)
    ax.set_xlabel("variability (std of p(label) over epochs)")
    ax.set_ylabel("confidence (mean p(label) over epochs)")
    unseen = int((table["region"] == "unseen").sum())  # held out for early stopping, or in no batch
    drawn = counted(len(table) - unseen, "training example")
    ax.set_title(
        f"Data map: {drawn}, {counted(table.epochs, 'epoch')}"
        + ("" if not unseen else f" ({counted(unseen, 'other row')}, never trained on, not drawn)")
    )
    return finish(fig, path)


def class_loss_curves(run: Any, path: str | os.PathLike | None = None, scaling: Any = None) -> Figure:
    """The mean training loss of each class's examples per epoch (of their given labels),
    from the per-example record of ``run`` (anything :func:`descend.examples` takes but a
    table); one line for a regression run. A class whose curve stays high holds the
    examples the model cannot fit. ``scaling`` (``History.scaling``; a History ``run``'s own
    where not given) names a standardised regression target's units on the loss axis.

    >>> import numpy as np
    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1],
    ...     loss=[[1.0, 2.0], [0.5, 1.5]], p_label=np.ones((2, 2)) / 2, margin=np.zeros((2, 2)),
    ...     predicted=[[0, 1], [0, 1]])
    >>> [line.get_label() for line in class_loss_curves(r).axes[0].get_lines()]
    ['class 0 (1)', 'class 1 (1)']
    """
    from matplotlib.figure import Figure

    if scaling is not None and not isinstance(scaling, dict):
        raise TypeError(
            "scaling must be a run's standardisation statistics, a dict as History.scaling holds them "
            f"(target_mean, target_scale, ...), or None, got {short_repr(scaling)}"
        )
    record = record_of(run)
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    names = record.class_names or [f"class {c}" for c in range(record.classes or 0)]
    groups = (
        [(f"{names[c]} ({int((record.labels == c).sum())})", record.labels == c) for c in range(record.classes)]
        if record.task == "classification"
        else [(f"all {counted(record.n, 'example')}", np.ones(record.n, dtype=bool))]
    )
    means = []
    for name, members in groups:
        if members.any():
            losses = record.loss[:, members].astype(np.float64)
            seen = ~np.isnan(losses)
            means.append(
                (name, np.where(seen.any(axis=1), np.nansum(losses, axis=1) / np.maximum(seen.sum(axis=1), 1), np.nan))
            )
    # The scale of the curves drawn, not of the examples' own losses, which span decades where
    # the means do not (diabetes' mean 0.40-0.71 was on a log axis, as one example's 1e-4 asked).
    log = spans_decades([v for _, mean in means for v in mean], zeros=True)
    # A last epoch that saw fewer examples than every epoch before it (a run stopped inside it):
    # its means are of those examples alone (a CNN on digits stopped 1 update into epoch 15 drew
    # class 9's mean jump from 0.07 to 0.28, as if the run had begun to unlearn it).
    counts = (~np.isnan(record.loss)).sum(axis=1)  # examples seen in each epoch
    cut = len(counts) >= 2 and counts[-1] < counts[:-1].min()
    whole = len(record.epochs) - 1 if cut else len(record.epochs)
    epochs = [int(e) for e in record.epochs]
    for i, (name, mean) in enumerate(means):
        shown = without_zeros(list(mean), log)
        ax.plot(epochs[:whole], shown[:whole], marker="." if len(epochs) < 30 else None, color=f"C{i % 10}", label=name)
        if cut:
            cut_tail(ax, epochs, shown, f"C{i % 10}")
        if log:
            mark_zeros(ax, epochs, list(mean), f"C{i % 10}", f"{name}: mean loss")
    if cut:
        ax.plot([], [], ls=":", marker="o", mfc="white", color="0.4",
                label=f"epoch {epochs[-1]}: {counts[-1]} of {counts[:-1].min()} examples seen")  # fmt: skip
    if log:
        ax.set_yscale("log")
    integer_ticks(ax)
    ax.set_xlabel("epoch")
    if record.task == "classification":
        ax.set_ylabel("mean training loss of the class's examples")
        ax.set_title("Loss per class (by given label)")
    else:  # a regression has no classes: one line, of every example
        scaling = run.scaling if scaling is None and isinstance(getattr(run, "scaling", None), dict) else scaling
        ax.set_ylabel(loss_label("mean training loss of the examples", scaling))
        ax.set_title("Loss per epoch, mean over the training examples")
    ax.legend(fontsize=8, ncol=2 if len(groups) > 6 else 1)
    return finish(fig, path)
