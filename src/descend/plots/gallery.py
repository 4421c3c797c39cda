"""The gallery of a run's hardest or likely mislabelled training examples: their inputs drawn
as images, or shown as a table of their rows, with their given and predicted (or suggested)
labels."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._plural import counted
from ..examples import ExampleTable, LabelIssues
from ..examples.issues_table import WINDOW_AUM
from ..examples.table import LABEL_COLUMNS, ranked_by
from ._common import finish, short_repr
from ._example_table import example_table

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["example_gallery"]

_GALLERY_COLUMNS = 8  # images per row
_TABLE_FEATURES = 8  # feature columns shown for tabular data


def example_gallery(
    run: Any,
    inputs: Any,
    *,
    k: int = 16,
    by: str | None = None,
    image_shape: Any = "auto",
    columns: Sequence[str] | None = None,
    classes: Sequence[Any] | None = None,
    path: str | os.PathLike | None = None,
) -> Figure:
    """The ``k`` hardest training examples (``run``'s table, :meth:`~descend.examples.ExampleTable.top`
    by ``by``), or the examples of a :func:`descend.find_label_issues` result in its order,
    shown from ``inputs``, the data the run was given (row ``i`` the example of index ``i``,
    :func:`descend.examples`: the training inputs in their order, or, where a validation split
    drew them, all the rows of the data split): as images where ``image_shape`` is given ((height, width); colour
    (channels, height, width), descend's order, or (height, width, channels)) or, with
    ``"auto"``, for inputs shaped as images ((n, height, width), or with channels) and for 64
    features (the 8x8 digits), titled with the index and the given vs predicted (or
    suggested) label; otherwise as a table of their rows (the first 8 features, numbers to 3
    digits and text, a DataFrame's text or categorical columns, as it is, headed by
    ``columns``, their names, where given: a CSV file's or a DataFrame's, else ``x0``, ``x1``, ...;
    after the labels, the column the rows are ranked by: ``by``, else relative AUM (a label-issues
    list's over the epochs its rule read), or a regression's final loss).
    ``classes``: the label of each class index (a CSV file's text labels), shown in its place;
    by default the table's own (a ``GDClassifier``'s ``classes_``).

    >>> import numpy as np
    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0],
    ...     loss=[[0.1, 2.0]], p_label=[[0.9, 0.1]], margin=[[2.0, -2.0]], predicted=[[0, 0]])
    >>> fig = example_gallery(r, np.zeros((2, 64)), k=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['#1: 1 → 0', '#0: 0 → 0']
    >>> fig = example_gallery(r, np.zeros((2, 64)), k=2, classes=["cat", "dog"])
    >>> [ax.get_title() for ax in fig.axes]
    ['#1: dog → cat', '#0: cat → cat']
    """
    from matplotlib.figure import Figure

    table = example_table(run)
    classes = table.classes if classes is None else _class_names(classes, table)
    if columns is None and hasattr(inputs, "iloc"):  # a pandas DataFrame: its column names
        columns = [str(c) for c in inputs.columns]
    X = _input_rows(inputs)
    if table.n_rows is not None and len(X) != table.n_rows:  # the table's index counts the rows of the data given
        raise ValueError(
            f"inputs must be the data given to train, all its rows in their order ({counted(table.n_rows, 'row')}: "
            f"the examples' index counts them), got {counted(len(X), 'row')}"
        )
    if len(X) < len(table) and not isinstance(table, LabelIssues):
        raise ValueError(f"inputs must hold one row per training example ({len(table)}), got {counted(len(X), 'row')}")
    if isinstance(table, LabelIssues):
        shown = table.head(k) if by is None else table.top(k, by=by)
        other, other_name = shown.positions("suggested"), "suggested"
    else:
        shown = table.top(k, by=by)
        other, other_name = (
            (shown.positions("predicted"), "predicted") if table.task == "classification" else (None, "")
        )
    index = shown["index"]
    if len(index) and index.max() >= len(X):
        raise ValueError(
            f"inputs hold {counted(len(X), 'row')}, but example {int(index.max())} is shown: pass the data the run "
            "was given (all its rows, where a validation split drew the training set)"
        )
    flat = X.reshape(len(X), -1)
    numbers = flat.dtype != object
    auto = image_shape == "auto"
    shape = _auto_shape(X, flat) if auto and numbers else None if auto else image_shape
    if shape is not None:
        shape = _image_shape(shape, flat.shape[1])
        if not numbers:
            raise ValueError(
                f"inputs must be numbers to be drawn as images of shape {shape}, got text such as "
                f"{_first_text(flat)!r}; leave image_shape='auto' for a table of the rows as they are"
            )
        rows = max(1, -(-len(index) // _GALLERY_COLUMNS))
        cols = min(len(index), _GALLERY_COLUMNS) or 1
        fig = Figure(figsize=(max(1.5 * cols, 6.0), 1.7 * rows + 0.5), layout="constrained")
        for j, i in enumerate(index):
            ax = fig.add_subplot(rows, cols, j + 1)
            ax.imshow(_image(flat[i], shape), cmap="gray_r")
            given = _label(shown.positions("label")[j], classes) if "label" in shown.columns else ""
            ax.set_title(f"#{i}: {given} → {_label(other[j], classes)}" if other is not None else f"#{i}", fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
        what = _shown_examples(table, len(index), by)
        fig.suptitle(f"{what} (#index: given → {other_name})" if other_name else f"{what} (#index)")
        return finish(fig, path)
    if columns is not None and len(columns) != flat.shape[1]:
        raise ValueError(f"columns must name each of the {flat.shape[1]} features, got {counted(len(columns), 'name')}")
    ranked = by if by is not None else WINDOW_AUM if isinstance(table, LabelIssues) else ranked_by(table.task)
    score = ranked if ranked in shown.columns and ranked not in ("index", *LABEL_COLUMNS) else None
    what = _shown_examples(table, len(index), by)
    return _row_table(shown, flat, other, other_name, path, columns, classes, what, score)


def _auto_shape(X: np.ndarray, flat: np.ndarray) -> tuple[int, ...] | None:
    """The image shape ``image_shape="auto"`` draws: the inputs' own per-example shape where it
    is one (images given as (n, height, width) or with channels), 8x8 for 64 features (the
    digits); else ``None``, a table of rows."""
    if X.ndim >= 3:
        try:
            return _image_shape(X.shape[1:], flat.shape[1])
        except ValueError:  # (n, 2, 3, 5): not a picture
            return None
    return (8, 8) if flat.shape[1] == 64 else None


def _shown_examples(table: ExampleTable, shown: int, by: str | None) -> str:
    """What a gallery of ``shown`` rows of ``table`` shows, in words: of a label-issues list, how
    many of the flagged, most suspect first; else the hardest, or the first by ``by``."""
    if isinstance(table, LabelIssues):
        listed = counted(table.flagged, "likely mislabelled training example")
        if shown == table.flagged:
            return listed
        return f"the {shown} most suspect of {listed}" if by is None else f"{shown} of {listed}, first by {by}"
    return (
        counted(shown, "hardest training example")
        if by is None
        else f"{counted(shown, 'training example')}, first by {by}"
    )


def _class_names(classes: Any, table: ExampleTable) -> list[Any]:
    """``classes`` as the names of the classes by position: one at least for each class the
    table's label columns hold (fewer would show some classes by name and others by number)."""
    names = list(classes) if hasattr(classes, "__len__") and not isinstance(classes, (str, bytes, dict)) else None
    held = [table.positions(c) for c in LABEL_COLUMNS if c in table.columns]
    needed = int(max((int(c.max()) for c in held if len(c)), default=-1)) + 1
    if names is None or len(names) < needed:
        raise ValueError(
            f"classes must name each class by its position, {needed} at least (the table's labels run to "
            f"{needed - 1}), got {short_repr(classes)}"
        )
    return names


def _input_rows(inputs: Any) -> np.ndarray:
    """``inputs`` as an array of rows: float64 where every value is a number, else the values as
    given (a DataFrame's text or categorical columns), for the table of rows to show."""
    values = np.asarray(inputs.detach().cpu() if hasattr(inputs, "detach") else inputs)
    if values.ndim == 0:  # None, a number, a path: no rows to show
        raise ValueError(
            "inputs must be the data given to train, all its rows in their order (an array, tensor or DataFrame), "
            f"got {short_repr(inputs)}"
        )
    try:
        return values.astype(np.float64)
    except (TypeError, ValueError):
        return values.astype(object)


def _first_text(flat: np.ndarray) -> Any:
    """The first value of ``flat`` that is not a number (what makes it an object array)."""
    return next(v for v in flat.ravel() if not isinstance(v, (int, float, np.number)))


def _feature(value: Any) -> str:
    """A feature value as the table of rows shows it: a number to 3 significant digits, else as given."""
    return f"{value:.3g}" if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) else str(value)


def _image_shape(value: Any, size: int) -> tuple[int, ...]:
    """``value`` as the shape an input row of ``size`` values is drawn in: (height, width), or
    for colour (3 or 4 channels, height, width), descend's order, or (height, width, channels);
    sizes of 1 are dropped ((1, 8, 8) -> (8, 8))."""
    sizes = value if isinstance(value, (tuple, list, np.ndarray)) else [value]
    whole = all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in sizes)
    shape = tuple(int(s) for s in sizes if s != 1) if whole else ()
    colour = len(shape) == 3 and (shape[0] in (3, 4) or shape[2] in (3, 4))
    if not whole or int(np.prod(shape)) != size or not (len(shape) == 2 or colour):
        raise ValueError(
            f"image_shape must be positive whole numbers whose product is the {size} values of an input row, as "
            f"(height, width), (channels, height, width) or (height, width, channels) with 3 or 4 channels, "
            f"or 'auto'; got {value!r}"
        )
    return shape


def _image(row: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """An input row as ``imshow`` draws it: grey (height, width), or colour (height, width,
    channels) scaled to [0, 1] (standardized pixels are not)."""
    image = row.reshape(shape)
    if len(shape) == 2:
        return image
    if shape[0] in (3, 4):  # channels first, as descend's image data
        image = np.moveaxis(image, 0, -1)
    low, high = np.nanmin(image), np.nanmax(image)
    return (image - low) / (high - low) if high > low else np.zeros_like(image)


def _label(value: Any, classes: Sequence[Any] | None = None) -> str:
    """A class as shown: "-" for -1 (no prediction, or no class other than the given one),
    its name where ``classes`` names them."""
    if value < 0:
        return "-"
    return str(classes[int(value)]) if classes is not None and int(value) < len(classes) else str(value)


def _row_table(
    shown: ExampleTable,
    flat: np.ndarray,
    other: Any,
    other_name: str,
    path: Any,
    columns: Any,
    classes: Any,
    what: str,
    score: str | None,
) -> Figure:
    """The table of the ``shown`` rows: index, labels, the ``score`` column they are ranked by
    (where it is not one of those), then the first features."""
    from matplotlib.figure import Figure

    features = min(flat.shape[1], _TABLE_FEATURES)
    head = ["index", *(["given", other_name] if other is not None else []), *([score] if score else [])]
    head += [str(columns[j]) if columns is not None else f"x{j}" for j in range(features)]
    cells = []
    for j, i in enumerate(shown["index"]):
        row = [str(i)]
        if other is not None:
            row += [_label(shown.positions("label")[j], classes), _label(other[j], classes)]
        if score:
            row.append(_feature(shown[score][j]))
        cells.append(row + [_feature(v) for v in flat[i, :features]])
    fig = Figure(figsize=(1.0 * len(head) + 1, 0.3 * len(cells) + 1.0), layout="constrained")
    ax = fig.add_subplot()
    ax.axis("off")
    if cells:
        ax.table(cellText=cells, colLabels=head, loc="center")
    some = "" if features == flat.shape[1] else f"; first {features} of {counted(flat.shape[1], 'feature')}"
    ax.set_title(f"{what} (rows of their inputs{some})")
    return finish(fig, path)
