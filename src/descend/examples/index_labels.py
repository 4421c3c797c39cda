"""The ``index_label`` column of the per-example tables: a pandas user's row labels.

A table's ``index`` is an example's row of the data given (``X.iloc[index]``). Where that data
was a DataFrame (or Series) whose index is not those positions (a frame read with
``index_col=``, a filtered or shuffled frame, string ids), ``descend.train`` and a
``GDClassifier`` / ``GDRegressor`` keep its labels in the record
(:attr:`~descend.training.ExampleRecord.index_labels`, in ``examples.npz``, found by
:func:`~descend.training.data.index_labels.index_labels`), and
:func:`~descend.examples.examples` and :func:`~descend.examples.find_label_issues` add them as
the column ``index_label`` beside ``index``: ``df.loc[table["index_label"]]`` reads the same
rows. In a Pipeline the last step sees them where the steps before pass a DataFrame on
(``set_output(transform="pandas")``).
"""

from __future__ import annotations

import numpy as np

from ..training import ExampleRecord

__all__ = ["naming_columns"]


def naming_columns(record: ExampleRecord) -> dict[str, np.ndarray]:
    """The columns that name ``record``'s examples: ``index``, each one's row of the data given
    (its position where the training set is that data in its order), then ``index_label``,
    that row's pandas index label, where the record keeps them.

    >>> r = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]], rows=[1, 0],
    ...     index_labels=["b7", "a3"])
    >>> {name: values.tolist() for name, values in naming_columns(r).items()}
    {'index': [1, 0], 'index_label': ['a3', 'b7']}
    """
    index = np.arange(record.n) if record.rows is None else record.rows
    if record.index_labels is None:
        return {"index": index}
    return {"index": index, "index_label": record.index_labels[index]}
