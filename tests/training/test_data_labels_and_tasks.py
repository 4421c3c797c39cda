"""Labels and tasks: float labels mean regression (column targets stay 2-D), bool and text labels
are classes, task= overrides the guess, a single feature and column labels are reshaped."""

from __future__ import annotations

import numpy as np
import torch
from _data import N, X, Y

from descend.training.data import prepare


def test_float_labels_mean_regression_and_column_targets_stay_2d():
    y2 = torch.randn(N, 2, dtype=torch.float64)
    p = prepare((X, y2))
    assert (p.task, p.n_outputs) == ("regression", 2)
    assert p.train.y.dtype == torch.float32 and p.train.y.shape == (N, 2)


def test_bool_and_text_labels_are_classes():
    p = prepare((X, (Y > 0).numpy()))
    assert (p.task, p.n_outputs, p.classes) == ("classification", 2, [False, True])
    names = np.array(["cat", "dog", "ant"])[Y.numpy()]
    p = prepare((X, names), (X[:3], names[:3]))
    assert p.classes == ["ant", "cat", "dog"]
    assert p.train.y[:3].tolist() == [1, 2, 0] and p.val.y.tolist() == [1, 2, 0]


def test_task_override():
    p = prepare((X, Y.double()), task="classification")
    assert p.task == "classification" and p.train.y.dtype == torch.int64
    p = prepare((X, Y), task="regression")
    assert p.task == "regression" and p.train.y.dtype == torch.float32


def test_one_feature_and_column_labels():
    p = prepare((X[:, 0], Y[:, None]))
    assert p.input_shape == (1,) and p.train.y.shape == (N,)
