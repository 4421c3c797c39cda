"""One clear error, naming the value and what is allowed (never a torch traceback), for every kind of
bad input to prepare() (arrays, labels, data sets, loaders, validation data, CSV files) and to
batches(); large finite values are not mistaken for infinity."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from _data import N, PairDataset, X, Y, write_csv
from torch.utils.data import DataLoader, IterableDataset, TensorDataset

from descend.training.data import prepare


def _nan_x():
    bad = X.clone()
    bad[17, 1] = float("nan")
    bad[20, 2] = float("nan")
    bad[5, 0] = float("inf")
    return bad


def _inf_y():
    y = torch.zeros(N)
    y[3] = float("-inf")
    return y


class _Triples(PairDataset):
    def __getitem__(self, i):
        return self.X[i], self.y[i], 0


class _Stream(IterableDataset):
    def __iter__(self):
        yield from zip(X, Y)


ERRORS = {  # name: (call, exception, message pattern)
    "row_mismatch": (
        lambda: prepare((torch.zeros(100, 2), torch.zeros(99))),
        ValueError,
        "X has 100 rows but y has 99",
    ),
    "nan_and_inf_in_x": (
        lambda: prepare((_nan_x(), Y)),
        ValueError,
        r"X contains NaN in 2 rows \(first: row 17\) and infinity in 1 row "
        r"\(first: row 5\)",
    ),
    "inf_in_y": (lambda: prepare((X, _inf_y())), ValueError, r"y contains infinity in 1 row \(first: row 3\)"),
    "empty": (
        lambda: prepare((np.zeros((0, 2)), np.zeros(0, dtype=int))),
        ValueError,
        "data is empty: X and y have 0 rows",
    ),
    "batch_size_zero": (
        lambda: prepare((X, Y), batch_size=0),
        ValueError,
        "batch_size must be an integer >= 1 or None, got 0",
    ),
    "batch_size_float": (
        lambda: prepare((X, Y), batch_size=2.5),
        TypeError,
        "batch_size must be an integer >= 1 or None, got 2.5",
    ),
    "batch_size_bool": (lambda: prepare((X, Y), batch_size=True), TypeError, "got True"),
    "batch_size_too_large": (
        lambda: prepare("digits", batch_size=2000),
        ValueError,
        "batch_size=2000 is larger than the 1437 training examples; use batch_size=None for full-batch",
    ),
    "negative_label": (
        lambda: prepare((X[:3], torch.tensor([0, -1, 1]))),
        ValueError,
        r"class indices >= 0, got -1 \(first negative label in row 1\)",
    ),
    "fractional_label": (
        lambda: prepare((X[:3], [0.0, 0.5, 1.0]), task="classification"),
        ValueError,
        "must be whole numbers, got 0.5 in row 1",
    ),
    "one_class": (lambda: prepare((X[:3], [0, 0, 0])), ValueError, "at least 2 classes, but every label is 0"),
    "one_class_dataset": (
        lambda: prepare(PairDataset(X[:3], torch.zeros(3, dtype=torch.long))),
        ValueError,
        "at least 2 classes",
    ),
    "unknown_dataset": (
        lambda: prepare("digts"),
        ValueError,
        "unknown data set 'digts'. Did you mean 'digits'.*breast_cancer",
    ),
    "missing_file": (lambda: prepare("no/such/data.csv", target="y"), ValueError, "no such file: 'no/such/data.csv'"),
    "wrong_type": (lambda: prepare(42), TypeError, "data must be a pair .* got int 42"),
    "x_only": (lambda: prepare(X), TypeError, "data must be a pair"),
    "text_features": (
        lambda: prepare((np.array([["a"], ["b"]]), [0, 1])),
        ValueError,
        "X must be numeric, got an array of dtype <U1",
    ),
    "ragged_features": (lambda: prepare(([[1, 2], [3]], [0, 1])), ValueError, "X could not be turned into an array"),
    "y_3d": (
        lambda: prepare((X, torch.zeros(N, 2, 2))),
        ValueError,
        r"regression targets must have shape \(n,\) or \(n, k\), got \(23, 2, 2\)",
    ),
    "labels_2d": (
        lambda: prepare((X, torch.zeros(N, 2, dtype=torch.long))),
        ValueError,
        r"classification labels must have shape \(n,\), got \(23, 2\)",
    ),
    "text_labels_regression": (
        lambda: prepare((X[:2], ["a", "b"]), task="regression"),
        ValueError,
        "holds text labels .* task='regression'",
    ),
    "unknown_task": (
        lambda: prepare((X, Y), task="classify"),
        ValueError,
        "unknown task 'classify'. Did you mean 'classification'",
    ),
    "negative_seed": (lambda: prepare((X, Y), seed=-1), ValueError, "seed must be an integer >= 0, got -1"),
    "float_seed": (lambda: prepare((X, Y), seed=0.5), TypeError, "seed must be an integer"),
    "val_fraction": (
        lambda: prepare((X, Y), "split", val_fraction=1.5),
        ValueError,
        r"val_fraction must be a number in \(0, 1\), got 1.5",
    ),
    "split_one_example": (lambda: prepare((X[:1], [0.0]), "split"), ValueError, "cannot split 1 example"),
    "target_with_arrays": (
        lambda: prepare((X, Y), target="y"),
        ValueError,
        "target='y' names the label column of a CSV file",
    ),
    "builtin_with_val": (
        lambda: prepare("iris", (X, Y)),
        ValueError,
        "'iris' is split automatically; val_data must be None or 'split'",
    ),
    "val_unknown_string": (
        lambda: prepare((X, Y), "splt"),
        ValueError,
        "val_data must be 'split', validation data or the path of a CSV file; got 'splt'",
    ),
    "val_shape": (
        lambda: prepare((X, Y), (X[:, :2], Y)),
        ValueError,
        r"val_data examples have shape \(2,\) but the training examples have "
        r"shape \(3,\)",
    ),
    "val_unseen_class": (
        lambda: prepare((X[:2], ["a", "b"]), (X[:1], ["c"])),
        ValueError,
        "label 'c', which is not among the training classes: 'a', 'b'",
    ),
    "val_text_vs_numbers": (
        lambda: prepare((X, Y), (X[:1], ["c"])),
        ValueError,
        "val_data y holds text labels .* training labels are numbers",
    ),
    # Validation labels follow the training task; fractional ones cannot be classes.
    "val_fractional_labels": (
        lambda: prepare(PairDataset(X, Y), (X, Y + 0.5)),
        ValueError,
        "val_data y: classification labels must be whole numbers, got 0.5 in row 0",
    ),
    "standardize_dataset": (
        lambda: prepare(PairDataset(X, Y), standardize=True),
        ValueError,
        "standardize=True needs in-memory data",
    ),
    "loader_batch_size": (
        lambda: prepare(DataLoader(TensorDataset(X, Y), batch_size=4), batch_size=8),
        ValueError,
        r"a DataLoader brings its own batch size \(4\); leave batch_size="
        r"None, got batch_size=8",
    ),
    "loader_split": (
        lambda: prepare(DataLoader(TensorDataset(X, Y)), "split"),
        ValueError,
        "cannot split a DataLoader",
    ),
    "iterable_dataset": (lambda: prepare(_Stream()), TypeError, "IterableDataset, which cannot be reshuffled by index"),
    "dataset_items": (
        lambda: prepare(_Triples(X, Y)),
        ValueError,
        r"data example 0 must be an \(x, y\) pair, got tuple",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_bad_input_raises_one_clear_error(case):
    call, exception, pattern = ERRORS[case]
    with pytest.raises(exception, match=pattern):
        call()


CSV_ERRORS = {  # name: (header, rows, target, message pattern)
    "no_target": (
        ["a", "y"],
        [[1, 0]],
        None,
        "a CSV file needs target= naming its label column; the columns of t.csv are: a, y",
    ),
    "target_missing": (
        ["a", "b", "label"],
        [[1, 2, 0]],
        "lable",
        "target column 'lable' is not in t.csv. Did you mean 'label'\\? Its columns are: a, b, label",
    ),
    "no_header": (  # was: the columns listed as 1, 0.5, 0 with no word on why
        ["1", "0.5", "0"],
        [[2, 1.5, 1]],
        "y",
        r"target column 'y' is not in t.csv. Its columns are: 1, 0.5, 0 \(its first line, read as the header, holds "
        "only numbers: give the file a header line naming its columns\\)$",
    ),
    "text_feature": (
        ["a", "color", "y"],
        [[1, "blue", 0], [2, "red", 1]],
        "y",
        "feature column 'color' of t.csv is not numeric: line 2 holds 'blue'",
    ),
    "missing_target": (
        ["a", "y"],
        [[1, 0], [2, 1], [3, ""]],
        "y",
        "target column 'y' of t.csv has a missing value on line 4",
    ),
    "nan_target": (["a", "y"], [[1, 0.5], [2, "NaN"]], "y", "target column 'y' of t.csv has a missing value on line 3"),
    "missing_feature": (
        ["a", "b", "y"],
        [[1, 2, 0], [1, "", 1]],
        "y",
        "feature column 'b' of t.csv has a missing value on line 3",
    ),
    "ragged_row": (["a", "y"], [[1, 0], [2, 1, 7]], "y", "line 3 of t.csv has 3 fields but the header has 2"),
    "header_only": (["a", "y"], [], "y", "t.csv is empty: it has a header but no rows"),
    "only_target": (["y"], [[1], [0]], "y", "t.csv has only the target column 'y'"),
    "inf_feature": (["a", "y"], [[1, 0], [2, 1], ["inf", 1]], "y", r"X contains infinity in 1 row \(first: line 4\)"),
}


@pytest.mark.parametrize("case", list(CSV_ERRORS))
def test_bad_csv_raises_one_clear_error(case, tmp_path):
    header, rows, target, pattern = CSV_ERRORS[case]
    path = write_csv(tmp_path / "t.csv", header, rows)
    with pytest.raises(ValueError, match=pattern):
        prepare(path, target=target)


def test_empty_csv_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("")
    with pytest.raises(ValueError, match="t.csv is empty: no header and no rows"):
        prepare(path, target="y")


def test_directory_is_not_a_csv(tmp_path):
    with pytest.raises(ValueError, match="is a directory, not a CSV file"):
        prepare(tmp_path, target="y")


BATCHES_ERRORS = {
    "negative_epoch": (dict(epoch=-1), ValueError, "epoch must be an integer >= 0, got -1"),
    "float_epoch": (dict(epoch=1.0), TypeError, "epoch must be an integer >= 0, got 1.0"),
    "start_too_large": (dict(epoch=0, start=7), ValueError, r"start must be an integer in \[0, 6\], got 7"),
    "start_text": (dict(epoch=0, start="1"), TypeError, "start must be an integer"),
}


@pytest.mark.parametrize("case", list(BATCHES_ERRORS))
def test_bad_batches_arguments(case):
    kwargs, exception, pattern = BATCHES_ERRORS[case]
    source = prepare((X, Y), batch_size=4).train
    with pytest.raises(exception, match=pattern):
        source.batches(**kwargs)


def test_errors_name_the_bad_value_without_a_torch_traceback():
    with pytest.raises(ValueError) as info:
        prepare((torch.zeros(100, 2), torch.zeros(99)))
    assert info.value.__cause__ is None
    assert re.search(r"100 .* 99", str(info.value))


def test_large_finite_values_are_not_mistaken_for_infinity():
    # Their sum overflows float32, which the quick finiteness check must not report.
    from descend.training import prepare

    X = torch.full((4, 2), 3e38)
    prepared = prepare((X, torch.zeros(4)))
    assert prepared.train.n == 4
