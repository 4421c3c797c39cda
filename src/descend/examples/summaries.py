"""Per-example summaries of a run's training dynamics, and where to find the record.

For example i, over the recorded epochs that saw it (NaN entries skipped):

- confidence = mean of p(given label), variability = its standard deviation (population,
  as allenai/cartography's ``np.std``), correctness = share of epochs predicted right
  (Dataset Cartography, Swayamdipta et al. 2020);
- AUM = mean margin, the given label's logit minus the largest other (Area Under the Margin,
  Pleiss et al. 2020): negative when, over training, the model scored another class higher;
- relative_aum = the mean over epochs of margin / (that epoch's median |margin| over the
  examples): the AUM with every epoch in the units of its typical margin. Logits grow as
  training goes on, so the raw AUM is dominated by the late epochs, exactly those in which a
  network memorises mislabelled examples; in relative units each epoch weighs the same;
- forgetting = the number of forgetting events, transitions from correct to incorrect between
  consecutive presentations (Toneva et al. 2019; an example never learned has none, and its
  correctness of 0 says so);
- final_loss, predicted: the loss and the predicted class at the last epoch that saw it.

Regions of the data map (:data:`AMBIGUOUS_VARIABILITY`, :data:`EASY_CONFIDENCE`): an example
is *ambiguous* when its variability is at least 0.2 (the model kept changing its mind), else
*easy to learn* when its confidence is at least 0.5 and *hard to learn* below. Cartography
draws these regions by eye (high variability; high confidence and low variability; low
confidence and low variability); the thresholds make the rule exact. Regression records only
losses: mean_loss, loss_variability and final_loss, and no regions.
"""

from __future__ import annotations

import copy
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .._checks import InvalidArgument
from ..training import ExampleRecord, History, run_folder
from .index_labels import naming_columns
from .table import ExampleTable

__all__ = [
    "examples",
    "column_means",
    "record_of",
    "summarize",
    "regions",
    "relative_aum",
    "relative_margins",
    "forgetting_events",
    "last_seen",
    "AMBIGUOUS_VARIABILITY",
    "EASY_CONFIDENCE",
]

AMBIGUOUS_VARIABILITY = 0.2  # variability at or above: "ambiguous"
EASY_CONFIDENCE = 0.5  # else confidence at or above: "easy to learn", below: "hard to learn"
_NO_RECORD = "has no per-example record: train with track_examples=True (descend train --track-examples) to record one"


def examples(run: Any) -> ExampleTable:
    """The per-example summaries of a run, one row per training example (see the module).

    ``run`` is a :class:`descend.History`, an :class:`~descend.training.ExampleRecord`, a run
    folder holding ``examples.npz`` (or that file's path), or a fitted ``GDClassifier`` /
    ``GDRegressor`` trained with ``track_examples=True`` (also as a Pipeline's last step, or
    the ``best_estimator_`` of a search such as ``GridSearchCV``). Columns for classification: index,
    label, predicted, confidence, variability, correctness, aum, relative_aum, forgetting,
    final_loss, region; for regression: index, mean_loss, loss_variability, final_loss. ``index``
    is the example's row in the data the run was given (a CSV file's data rows in file order, an
    array's or DataFrame's rows, an estimator's rows of ``X``), a validation split drawn from it
    or not (:attr:`~descend.training.ExampleRecord.rows`; a record saved before rows were kept,
    by descend 0.x runs with ``val_data="split"``, names its examples by their position in the
    training split instead); a run (or an estimator) given a pandas DataFrame whose index is not
    those positions adds ``index_label``, the row's label there (:mod:`~descend.examples.index_labels`).

    >>> import numpy as np
    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1],
    ...     loss=[[0.7, 0.9], [0.2, 1.2]], p_label=[[0.5, 0.4], [0.8, 0.3]],
    ...     margin=[[0.0, -0.4], [1.4, -0.8]], predicted=[[0, 0], [0, 0]])
    >>> t = examples(r)
    >>> t["confidence"].round(2).tolist(), t["aum"].round(2).tolist(), t["region"].tolist()
    ([0.65, 0.35], [0.7, -0.6], ['easy to learn', 'hard to learn'])
    """
    return summarize(record_of(run))


def record_of(run: Any) -> ExampleRecord:
    """The :class:`ExampleRecord` behind ``run`` (see :func:`examples`), or one clear error.

    >>> record_of(History())
    Traceback (most recent call last):
    descend._checks.InvalidArgument: this History has no per-example record: train with track_examples=True (descend train --track-examples) to record one
    """
    if isinstance(run, ExampleRecord):
        return run
    if isinstance(run, History):
        if run.examples is None:
            raise InvalidArgument(f"this History {_NO_RECORD}")
        return run.examples
    if isinstance(run, (str, os.PathLike)):
        path = Path(run)
        if path.is_dir():
            file = path / run_folder.EXAMPLES
            if not file.is_file() and run_folder.watched_by(path):  # the user's loop: no train() to change
                raise InvalidArgument(
                    f"the run folder {path} is a loop descend.watch watched, which keeps no per-example record "
                    f"(no {run_folder.EXAMPLES}): descend.train(..., track_examples=True), descend train "
                    "--track-examples and GDClassifier/GDRegressor(track_examples=True) record one"
                )
            runs = [] if file.is_file() else run_folder.held_runs(path, run_folder.EXAMPLES)
            if runs:  # descend compare's folder: the records are in its run folders
                raise InvalidArgument(
                    f"{path} holds no {run_folder.EXAMPLES} but the run folders {run_folder.shown(runs)}, which do "
                    f"(descend compare --out writes one per optimizer): give one of them, such as {path / runs[0]}"
                )
            if not file.is_file():
                raise InvalidArgument(f"the run folder {path} has no {run_folder.EXAMPLES}: it {_NO_RECORD}")
            return ExampleRecord.load(file)
        if path.is_file():
            return ExampleRecord.load(path)
        raise FileNotFoundError(f"no run folder or examples file at {path}")
    if hasattr(run, "get_params") and hasattr(run, "fit"):  # a scikit-learn estimator
        return _estimator_record(run)
    raise InvalidArgument(
        "run must be a History, an ExampleRecord, a run folder (or its examples.npz) or a fitted "
        f"GDClassifier/GDRegressor, got {type(run).__name__}"
    )


def _estimator_record(estimator: Any) -> ExampleRecord:
    """The record of a ``GDClassifier`` / ``GDRegressor`` fitted with ``track_examples=True``:
    the estimator itself, a Pipeline's last step (its rows are the Pipeline's) or a search's
    refitted ``best_estimator_``."""
    name = type(estimator).__name__
    if hasattr(estimator, "steps"):  # a Pipeline: the same rows reach its last step
        return _estimator_record(estimator.steps[-1][1])
    if hasattr(estimator, "best_estimator_"):  # GridSearchCV, RandomizedSearchCV: refitted on all of X
        return _estimator_record(estimator.best_estimator_)
    if hasattr(estimator, "history_"):  # a fitted descend estimator
        record = getattr(estimator, "examples_record_", None)
        if not isinstance(record, ExampleRecord):
            raise InvalidArgument(
                f"this {name} has no per-example record: fit it with track_examples=True to record one"
            )
        return _with_class_values(record, getattr(estimator, "classes_", None))
    params = estimator.get_params(deep=False)
    if "track_examples" in params:
        raise InvalidArgument(f"this {name} is not fitted yet: call fit first")
    if "refit" in params and "estimator" in params:  # a search without its refitted best_estimator_
        if not hasattr(estimator, "cv_results_"):
            raise InvalidArgument(
                f"this {name} is not fitted yet: call fit first (with refit=True, the default, its best_estimator_ "
                "is refitted on all of X and holds the record)"
            )
        raise InvalidArgument(
            f"this {name} was fitted with refit={params['refit']!r}: it keeps no best_estimator_, whose record "
            "descend.examples reads (the searched fits on each fold keep none); fit it with refit=True, the default, "
            "to refit the best parameters on all of X"
        )
    raise InvalidArgument(
        f"a {name} keeps no per-example record: descend.examples reads a GDClassifier or GDRegressor fitted with "
        "track_examples=True (alone, as a Pipeline's last step, or a search's best_estimator_)"
    )


def _with_class_values(record: ExampleRecord, classes: Any) -> ExampleRecord:
    """``record`` naming its classes by the estimator's ``classes_`` where it names them by their
    text (a record pickled before session 41 kept ``3`` as ``'3'``): the tables give ``predict``'s
    values."""
    if classes is None or record.class_names is None:
        return record
    values = tuple(np.asarray(classes).tolist())
    if record.class_names == values or record.class_names != tuple(str(c) for c in values):
        return record
    upgraded = copy.copy(record)
    upgraded.class_names = values
    return upgraded


def summarize(record: ExampleRecord) -> ExampleTable:
    """The :class:`ExampleTable` of ``record`` (what :func:`examples` returns).

    >>> r = ExampleRecord.from_arrays(task="regression", epochs=[0, 1], loss=[[1.0, 4.0], [3.0, 2.0]])
    >>> summarize(r)["mean_loss"].tolist(), summarize(r)["final_loss"].tolist()
    ([2.0, 3.0], [3.0, 2.0])
    """
    E = len(record.epochs)
    loss = record.loss.astype(np.float64)
    if record.task == "regression":
        columns = {
            **naming_columns(record),
            "mean_loss": column_means(loss),
            "loss_variability": _std(loss),
            "final_loss": last_seen(loss),
        }
        return ExampleTable(columns, task="regression", epochs=E, n_rows=record.n_rows)
    p = record.p_label.astype(np.float64)
    confidence, variability = column_means(p), _std(p)
    columns = {
        **naming_columns(record),
        "label": record.labels,
        "predicted": last_seen(np.where(record.predicted < 0, np.nan, record.predicted)),
        "confidence": confidence,
        "variability": variability,
        "correctness": column_means(record.correct.astype(np.float64)),
        "aum": column_means(record.margin.astype(np.float64)),
        "relative_aum": relative_aum(record.margin),
        "forgetting": forgetting_events(record.correct),
        "final_loss": last_seen(loss),
        "region": regions(confidence, variability),
    }
    columns["predicted"] = np.nan_to_num(columns["predicted"], nan=-1).astype(np.int64)
    return ExampleTable(columns, task="classification", epochs=E, classes=record.class_names, n_rows=record.n_rows)


def regions(confidence: np.ndarray, variability: np.ndarray) -> np.ndarray:
    """The data-map region of each example: "ambiguous" (variability >= 0.2), else "easy to
    learn" (confidence >= 0.5) or "hard to learn"; "unseen" where there is no reading.

    >>> regions(np.array([0.9, 0.6, 0.1]), np.array([0.05, 0.3, 0.1])).tolist()
    ['easy to learn', 'ambiguous', 'hard to learn']
    """
    out = np.where(confidence >= EASY_CONFIDENCE, "easy to learn", "hard to learn").astype(object)
    out[variability >= AMBIGUOUS_VARIABILITY] = "ambiguous"
    out[np.isnan(confidence)] = "unseen"
    return out


def relative_aum(margin: np.ndarray) -> np.ndarray:
    """Per example, the mean over epochs of its margin divided by that epoch's median absolute
    margin over all examples (``margin`` is ``(E, n)``, NaN where unseen; an epoch whose
    median is 0 is left out).

    >>> relative_aum(np.array([[1.0, -1.0, 2.0], [10.0, 2.0, -20.0]])).tolist()
    [1.0, -0.4, 0.0]
    """
    return column_means(relative_margins(margin))


def relative_margins(margin: np.ndarray) -> np.ndarray:
    """``(E, n)``: each epoch's margins divided by that epoch's median absolute margin over the
    examples (NaN where unseen, and for every example in an epoch whose median is 0).

    >>> relative_margins(np.array([[1.0, -1.0, 2.0], [10.0, 2.0, -20.0]])).tolist()
    [[1.0, -1.0, 2.0], [1.0, 0.2, -2.0]]
    """
    margin = margin.astype(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scale = np.nanmedian(np.abs(margin), axis=1, keepdims=True) if len(margin) else np.ones((0, 1))
    scale = np.where(scale > 0, scale, np.nan)
    return margin / scale


def forgetting_events(correct: np.ndarray) -> np.ndarray:
    """Per example, the transitions from correct (1) to incorrect (0) between consecutive
    epochs that saw it (``correct`` is ``(E, n)``, NaN where unseen).

    >>> forgetting_events(np.array([[1, 1], [0, np.nan], [1, 0], [0, 1]], dtype=float)).tolist()
    [2, 1]
    """
    previous = np.full(correct.shape[1], np.nan)
    count = np.zeros(correct.shape[1], dtype=np.int64)
    for row in correct:
        seen = ~np.isnan(row)
        count += seen & (previous == 1) & (row == 0)
        previous[seen] = row[seen]
    return count


def last_seen(values: np.ndarray) -> np.ndarray:
    """Per column, the last value that is not NaN (NaN where there is none).

    >>> last_seen(np.array([[1.0, 2.0], [3.0, np.nan]])).tolist()
    [3.0, 2.0]
    """
    out = np.full(values.shape[1], np.nan)
    for row in values:
        seen = ~np.isnan(row)
        out[seen] = row[seen]
    return out


def column_means(values: np.ndarray) -> np.ndarray:
    """Per column (example), the mean of its values that are not NaN; NaN where there is none.

    >>> column_means(np.array([[1.0, np.nan], [3.0, np.nan]])).tolist()
    [2.0, nan]
    """
    with warnings.catch_warnings():  # an example no epoch saw: NaN, without a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=0) if len(values) else np.full(values.shape[1], np.nan)


def _std(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanstd(values, axis=0) if len(values) else np.full(values.shape[1], np.nan)
