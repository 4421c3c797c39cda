"""prepare(): every input kind, built-in data sets, splits, standardisation, batch order and
resume, CSV files, and one clear error for every kind of bad input."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, TensorDataset

from descend.training.data import Prepared, Source, get, names, prepare
from descend.training.data.sources import DatasetSource, LoaderSource, TensorSource, WeightedSource

N, D = 23, 3
# Column 0 is the row index, so a batch tells which examples it holds.
X = torch.cat([torch.arange(N, dtype=torch.float32)[:, None], torch.randn(N, D - 1)], dim=1)
Y = torch.arange(N) % 3


class PairDataset(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i]


def write_csv(path, header, rows):
    path.write_text("\n".join([",".join(header), *(",".join(map(str, r)) for r in rows)]) + "\n")
    return path


def as_csv(tmp_path):
    rows = [[*map(repr, x.tolist()), int(label)] for x, label in zip(X, Y)]
    return write_csv(tmp_path / "data.csv", ["a", "b", "c", "label"], rows)


# Each builds the same (X, Y) in another form; the batches must not depend on the form.
INPUT_KINDS = {
    "tensors": lambda tmp: ((X, Y), {}),
    "numpy": lambda tmp: ((X.numpy(), Y.numpy()), {}),
    "numpy_float64": lambda tmp: ((X.double().numpy(), Y.numpy()), {}),
    "lists": lambda tmp: ((X.tolist(), Y.tolist()), {}),
    "tensor_dataset": lambda tmp: (TensorDataset(X, Y), {}),
    "dataset": lambda tmp: (PairDataset(X, Y), {}),
    "csv": lambda tmp: (as_csv(tmp), {"target": "label"}),
    "csv_str_path": lambda tmp: (str(as_csv(tmp)), {"target": "label"}),
}


def epoch_batches(source: Source, epoch: int, start: int = 0):
    return [(xb.clone(), yb.clone()) for xb, yb in source.batches(epoch, start)]


def row_ids(batches):
    return [xb[:, 0].long().tolist() for xb, _ in batches]


@pytest.mark.parametrize("kind", list(INPUT_KINDS))
@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_every_input_kind_gives_the_same_batches(kind, batch_size, tmp_path):
    data, options = INPUT_KINDS[kind](tmp_path)
    reference = prepare((X, Y), batch_size=batch_size, seed=3)
    prepared = prepare(data, batch_size=batch_size, seed=3, **options)
    assert (prepared.task, prepared.n_features, prepared.n_outputs) == ("classification", 3, 3)
    assert prepared.input_shape == (D,)
    for epoch in (0, 1):
        got, want = epoch_batches(prepared.train, epoch), epoch_batches(reference.train, epoch)
        assert len(got) == len(want)
        for (xg, yg), (xw, yw) in zip(got, want):
            assert xg.dtype == torch.float32 and yg.dtype == torch.int64
            torch.testing.assert_close(xg, xw)
            assert torch.equal(yg, yw)


BUILTINS = {  # name: (n_features, n_outputs, task, examples)
    "digits": (64, 10, "classification", 1797),
    "breast_cancer": (30, 2, "classification", 569),
    "diabetes": (10, 1, "regression", 442),
    "iris": (4, 3, "classification", 150),
    "wine": (13, 3, "classification", 178),
}


def test_builtin_table_covers_every_dataset():
    assert set(BUILTINS) == set(names())


@pytest.mark.parametrize("name", list(BUILTINS))
def test_get_returns_the_loader_of_a_builtin(name):
    n_features, _, _, n = BUILTINS[name]
    X, y = get(name)()
    assert X.shape == (n, n_features) and y.shape == (n,)
    assert get(f" {name.upper()} ") is get(name)


def test_get_an_unknown_builtin_says_did_you_mean():
    with pytest.raises(
        ValueError,
        match="unknown data set 'wien'. Did you mean 'wine'\\? Known: digits, breast_cancer, diabetes, iris, wine.",
    ):
        get("wien")


@pytest.mark.parametrize("name", list(BUILTINS))
def test_builtin_datasets_load_split_and_standardise(name):
    n_features, n_outputs, task, n = BUILTINS[name]
    p = prepare(name, seed=0)
    assert isinstance(p, Prepared)
    assert (p.n_features, p.n_outputs, p.task, p.name) == (n_features, n_outputs, task, name)
    assert p.input_shape == (n_features,)
    assert p.val.n == math.ceil(0.2 * n) and p.train.n + p.val.n == n
    ((x_train, y_train),) = p.train.batches(0)
    ((x_val, y_val),) = p.val.batches(0)
    assert x_train.shape == (p.train.n, n_features) and x_train.dtype == torch.float32
    # Fitted on the training part only: exactly standard there, only roughly on validation.
    varying = x_train.std(0) > 0
    torch.testing.assert_close(x_train.mean(0), torch.zeros(n_features), atol=1e-5, rtol=0)
    torch.testing.assert_close(
        x_train[:, varying].std(0, unbiased=False), torch.ones(int(varying.sum())), atol=1e-4, rtol=0
    )
    assert x_val.mean(0).abs().max() > 1e-3
    if task == "classification":
        assert y_train.dtype == torch.int64 and y_train.shape == (p.train.n,)
        assert p.target_mean is None and p.target_scale is None
    else:
        assert y_train.dtype == torch.float32 and y_train.shape == (p.train.n,)
        assert abs(float(y_train.mean())) < 1e-5


def test_digits_is_an_8x8_image_and_others_are_not():
    assert prepare("digits").image_shape == (1, 8, 8)
    assert prepare("iris").image_shape is None


def test_stratified_split_keeps_class_proportions():
    p = prepare("iris", seed=5)
    ((_, y_val),) = p.val.batches(0)
    assert torch.bincount(y_val).tolist() == [10, 10, 10]


def test_regression_target_maps_back_to_original_units():
    from sklearn.datasets import load_diabetes

    raw = np.sort(load_diabetes().target)
    p = prepare("diabetes", seed=2)
    ((_, y_train),) = p.train.batches(0)
    ((_, y_val),) = p.val.batches(0)
    back = torch.cat([y_train, y_val]) * p.target_scale + p.target_mean
    np.testing.assert_allclose(np.sort(back.numpy()), raw, rtol=1e-5)


def test_split_depends_on_seed_only():
    a, b, c = prepare("wine", seed=1), prepare("wine", seed=1), prepare("wine", seed=2)
    assert torch.equal(a.val.X, b.val.X)
    assert not torch.equal(a.val.X, c.val.X)


def test_builtin_without_standardisation():
    p = prepare("iris", standardize=False)
    assert p.feature_mean is None and float(p.train.X.min()) >= 0  # raw measurements


def test_user_arrays_are_neither_split_nor_standardised_by_default():
    p = prepare((X, Y))
    assert p.val is None and p.feature_mean is None and p.name == "arrays"
    assert torch.equal(p.train.X, X)


def test_split_on_request_and_standardise_on_request():
    p = prepare((X, Y), "split", seed=0, val_fraction=0.3)
    assert (p.train.n, p.val.n) == (N - 7, 7)
    assert sorted(p.train.X[:, 0].tolist() + p.val.X[:, 0].tolist()) == list(range(N))
    s = prepare((X, Y), "split", standardize=True)
    torch.testing.assert_close(s.train.X.mean(0), torch.zeros(D), atol=1e-5, rtol=0)


def test_regression_target_standardised_on_request():
    y = torch.linspace(10, 20, N)
    p = prepare((X, y), standardize=True)
    assert float(p.target_mean) == pytest.approx(15.0)
    torch.testing.assert_close(p.train.y * p.target_scale + p.target_mean, y)


def test_explicit_validation_data():
    p = prepare((X, Y), (X[:5], Y[:5]), batch_size=4)
    assert p.val.n == 5 and p.val.batch_size is None and not p.val.shuffle
    ((xv, yv),) = p.val.batches(0)
    assert torch.equal(xv, X[:5]) and torch.equal(yv, Y[:5])


def test_validation_data_may_be_a_dataset_or_loader():
    for val in (PairDataset(X[:6], Y[:6]), DataLoader(TensorDataset(X[:6], Y[:6]), batch_size=4)):
        p = prepare((X, Y), val)
        assert torch.equal(torch.cat([y for _, y in p.val.batches(0)]), Y[:6])


def test_validation_labels_widen_the_class_count():
    p = prepare((X, Y), (X[:2], torch.tensor([0, 4])))
    assert p.n_outputs == 5


# --- order -----------------------------------------------------------------------------------


def test_same_seed_same_order_other_seed_or_epoch_other_order():
    a = prepare((X, Y), batch_size=4, seed=7).train
    b = prepare((X, Y), batch_size=4, seed=7).train
    c = prepare((X, Y), batch_size=4, seed=8).train
    assert row_ids(epoch_batches(a, 0)) == row_ids(epoch_batches(b, 0))
    assert row_ids(epoch_batches(a, 0)) != row_ids(epoch_batches(c, 0))
    orders = {tuple(sum(row_ids(epoch_batches(a, e)), [])) for e in range(5)}
    assert len(orders) == 5


@pytest.mark.parametrize("batch_size", [1, 4, N])
def test_every_example_once_per_epoch(batch_size):
    source = prepare((X, Y), batch_size=batch_size).train
    for epoch in range(3):
        assert sorted(sum(row_ids(epoch_batches(source, epoch)), [])) == list(range(N))


@pytest.mark.parametrize("batch_size, n_batches", [(None, 1), (1, N), (5, 5), (N, 1)])
def test_number_of_batches(batch_size, n_batches):
    source = prepare((X, Y), batch_size=batch_size).train
    assert len(source) == n_batches == len(epoch_batches(source, 0))
    assert source.n == N and source.batch_size == batch_size


def test_full_batch_is_the_whole_set_in_order():
    ((xb, yb),) = prepare((X, Y)).train.batches(4)
    assert torch.equal(xb, X) and torch.equal(yb, Y)


def test_last_partial_batch_is_kept():
    sizes = [len(y) for _, y in prepare((X, Y), batch_size=5).train.batches(0)]
    assert sizes == [5, 5, 5, 5, 3]


@pytest.mark.parametrize("kind", ["tensors", "dataset"])
@pytest.mark.parametrize("start", [0, 1, 3, 5])
def test_resume_mid_epoch_gives_the_tail(kind, start, tmp_path):
    data, _ = INPUT_KINDS[kind](tmp_path)
    source = prepare(data, batch_size=5, seed=1).train
    full = epoch_batches(source, 2)
    tail = epoch_batches(source, 2, start=start)
    assert row_ids(tail) == row_ids(full[start:])


def _every_source_kind():
    loader = DataLoader(PairDataset(X, Y), batch_size=5, shuffle=True, generator=torch.Generator().manual_seed(0))
    for batch_size in (None, 1, 5):
        for shuffle in (False, True):  # shuffle with one full batch too: the order must still agree
            yield TensorSource(X, Y, batch_size, shuffle, seed=4)
            yield WeightedSource(X, Y, torch.ones(N), batch_size, shuffle, seed=4)
            yield DatasetSource(PairDataset(X, Y), np.arange(N), batch_size, shuffle, seed=4, task="classification")
    yield LoaderSource(loader, N, task="classification")


@pytest.mark.parametrize("source", list(_every_source_kind()), ids=repr)
@pytest.mark.parametrize("part", [(0, 1), (1, 2)])
def test_example_indices_name_the_rows_each_batch_holds(source, part):
    # One ordering rule per source: the indices are those the batch was drawn with.
    for epoch, start in ((0, 0), (1, len(source) - 1)):
        for idx, (xb, *_) in source.example_batches(epoch, start, reuse=True, part=part):
            assert xb[:, 0].long().tolist() == idx.tolist()


def test_global_rng_is_untouched():
    source = prepare((X, Y), batch_size=4).train
    state = torch.get_rng_state()
    epoch_batches(source, 0)
    assert torch.equal(state, torch.get_rng_state())


@pytest.mark.parametrize("own", [False, True], ids=["global-generator", "own-generator"])
def test_a_loaders_first_batch_is_read_with_its_generators_put_back(own):
    # train checks a user's loader's first batch before the run: reading it must leave the
    # run's order (drawn from torch's generator, or the loader's own) as it was.
    generator = torch.Generator().manual_seed(7) if own else None
    loader = DataLoader(PairDataset(X, Y), batch_size=5, shuffle=True, generator=generator)
    source = LoaderSource(loader, N, task="classification")
    torch.manual_seed(0)
    state = generator.get_state() if own else None
    first = source.first_batch()
    read_after = [xb[:, 0].tolist() for xb, _ in source.batches(0)]
    torch.manual_seed(0)
    if own:
        generator.set_state(state)
    plain = [xb[:, 0].tolist() for xb, _ in source.batches(0)]
    assert read_after == plain and first[0][:, 0].tolist() == plain[0]


def test_to_device_keeps_the_order():
    source = prepare((X, Y), batch_size=4, seed=2).train
    moved = source.to("cpu")
    assert row_ids(epoch_batches(moved, 1)) == row_ids(epoch_batches(source, 1))


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_to_cuda_keeps_the_order_and_moves_every_batch():
    source = prepare((X, Y), batch_size=4, seed=2).train
    moved = epoch_batches(source.to("cuda"), 1)
    assert all(xb.is_cuda and yb.is_cuda for xb, yb in moved)
    assert row_ids(moved) == row_ids(epoch_batches(source, 1))


def test_explicit_validation_data_is_standardised_with_training_statistics():
    p = prepare((X, Y), (X[:5], Y[:5]), standardize=True)
    torch.testing.assert_close(p.val.X, (X[:5] - p.feature_mean) / p.feature_scale)


def test_scalar_dataset_examples_become_one_feature():
    p = prepare(PairDataset(torch.arange(6.0), torch.arange(6) % 2), batch_size=4)
    assert p.input_shape == (1,)
    assert [tuple(xb.shape) for xb, _ in p.train.batches(0)] == [(4, 1), (2, 1)]


# --- DataLoaders -----------------------------------------------------------------------------


def test_loader_is_iterated_as_given_and_resumes_by_skipping():
    loader = DataLoader(TensorDataset(X, Y.float()), batch_size=4)
    p = prepare(loader)
    assert (p.name, p.task, p.n_outputs, p.train.n, len(p.train)) == ("loader", "regression", 1, N, 6)
    assert row_ids(epoch_batches(p.train, 0)) == [list(range(i, min(i + 4, N))) for i in range(0, N, 4)]
    assert row_ids(epoch_batches(p.train, 0, start=4)) == [[16, 17, 18, 19], [20, 21, 22]]


def test_preparing_a_shuffling_loader_leaves_its_randomness_alone():
    generator = torch.Generator().manual_seed(0)
    loader = DataLoader(PairDataset(X, Y), batch_size=4, shuffle=True, generator=generator)
    torch_state, gen_state = torch.get_rng_state(), generator.get_state()
    p = prepare(loader)
    assert p.n_outputs == 3 and p.train.shuffle
    assert torch.equal(torch_state, torch.get_rng_state())
    assert torch.equal(gen_state, generator.get_state())


def test_loader_labels_from_targets_attribute():
    dataset = PairDataset(X, Y)
    dataset.targets, dataset.classes = Y, ["a", "b", "c", "d"]
    p = prepare(DataLoader(dataset, batch_size=8))
    assert p.n_outputs == 4 and p.classes == ["a", "b", "c", "d"]


def test_dataset_split_and_image_inputs():
    images = torch.rand(20, 1, 8, 8)
    p = prepare(PairDataset(images, torch.arange(20) % 2), "split", batch_size=4)
    assert (p.train.n, p.val.n) == (16, 4)
    assert p.input_shape == (1, 8, 8) and p.image_shape == (1, 8, 8) and p.n_features == 64
    xb, _ = next(p.train.batches(0))
    assert xb.shape == (4, 1, 8, 8)


# --- labels and tasks ------------------------------------------------------------------------


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


# --- CSV -------------------------------------------------------------------------------------


def test_csv_with_text_labels(tmp_path):
    path = write_csv(
        tmp_path / "pets.csv",
        ["weight", "species", "height"],
        [[4.0, "cat", 25], [30.5, "dog", 60], [3.5, "cat", 23], [0.02, "ant", 1]],
    )
    p = prepare(path, target="species")
    assert (p.name, p.task, p.classes, p.n_features) == ("csv:pets.csv", "classification", ["ant", "cat", "dog"], 2)
    assert p.train.y.tolist() == [1, 2, 1, 0]
    torch.testing.assert_close(p.train.X[1], torch.tensor([30.5, 60.0]))


def test_csv_with_numeric_targets(tmp_path):
    rows = [[1, 2, 0], [3, 4, 1], [5, 6, 1]]
    p = prepare(write_csv(tmp_path / "ints.csv", ["a", "b", "y"], rows), target="y")
    assert p.task == "classification" and p.train.y.tolist() == [0, 1, 1]
    rows = [[1, 2, 0.5], [3, 4, 1.5], [5, 6, -2.0]]
    p = prepare(write_csv(tmp_path / "floats.csv", ["a", "b", "y"], rows), target="y")
    assert p.task == "regression" and p.train.y.tolist() == [0.5, 1.5, -2.0]


def test_csv_validation_file(tmp_path):
    train = write_csv(tmp_path / "train.csv", ["a", "y"], [[1, "x"], [2, "y"], [3, "x"]])
    val = write_csv(tmp_path / "val.csv", ["a", "y"], [[4, "y"]])
    p = prepare(train, val, target="y")
    assert p.val.y.tolist() == [1]


# --- errors ----------------------------------------------------------------------------------


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
