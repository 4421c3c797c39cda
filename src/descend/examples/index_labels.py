"""The ``index_label`` column of an estimator's tables: a pandas user's row labels.

A ``GDClassifier`` / ``GDRegressor`` keys its per-example record by the rows of ``X``, so a
table's ``index`` is a row's position (``X.iloc[index]``). Fitted on a DataFrame (or Series)
whose index is not those positions (a filtered or shuffled frame, string ids), the estimator
keeps the labels (``examples_index_``) and :func:`~descend.examples.examples` and
:func:`~descend.examples.find_label_issues` add them as the column ``index_label`` beside
``index``: ``df.loc[table["index_label"]]`` reads the same rows. In a Pipeline the last step
sees them where the steps before pass a DataFrame on (``set_output(transform="pandas")``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .table import ExampleTable

__all__ = ["index_labels_of", "with_index_labels"]


def index_labels_of(run: Any) -> np.ndarray | None:
    """The pandas index labels of the rows of the estimator behind ``run`` (a Pipeline's last
    step, a search's ``best_estimator_``, as :func:`~descend.examples.summaries.record_of`
    reads them); ``None`` for anything else or where the estimator kept none.

    >>> index_labels_of("runs/a") is None
    True
    """
    if hasattr(run, "steps") and hasattr(run, "fit"):
        return index_labels_of(run.steps[-1][1])
    if hasattr(run, "best_estimator_"):
        return index_labels_of(run.best_estimator_)
    labels = getattr(run, "examples_index_", None) if hasattr(run, "history_") else None
    return None if labels is None else np.asarray(labels)


def with_index_labels(table: ExampleTable, labels: np.ndarray | None) -> ExampleTable:
    """``table`` with the column ``index_label`` after ``index``: the label of each row's
    example (``labels[index]``); ``table`` itself where ``labels`` is ``None``.

    >>> t = ExampleTable({"index": [1, 0], "aum": [0.5, -1.0]}, task="regression")
    >>> with_index_labels(t, np.array(["b7", "a3"])).columns, with_index_labels(t, np.array(["b7", "a3"]))["index_label"].tolist()
    (['index', 'index_label', 'aum'], ['a3', 'b7'])
    """
    if labels is None:
        return table
    columns = {}
    for name in table.columns:
        columns[name] = table[name]
        if name == "index":
            columns["index_label"] = labels[table[name]]
    out = table._subset(np.arange(len(table)))
    out._columns = columns
    return out
