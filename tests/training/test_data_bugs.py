"""Bad data that used to pass silently or fail with a raw error: a validation CSV with its
columns in another order, a non-UTF-8 CSV, a DataLoader without a batch size, a model built
for another number of features."""

import csv

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import descend as ds
from descend.training.data import prepare


def _write(path, header, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


TRAIN_ROWS = [[1, 10, 0.5], [2, 20, 1.5], [3, 30, 2.5], [4, 40, 3.5]]


def test_a_validation_csv_is_matched_to_the_training_csv_by_column_name(tmp_path):
    train = _write(tmp_path / "train.csv", ["a", "b", "t"], TRAIN_ROWS)
    # The same examples, columns in another order (the target in the middle too).
    val = _write(tmp_path / "val.csv", ["b", "t", "a"], [[b, t, a] for a, b, t in TRAIN_ROWS])
    p = prepare(train, val, target="t")
    X, y = next(p.val.batches())
    assert X.tolist() == [[1, 10], [2, 20], [3, 30], [4, 40]]  # a, b: the training order
    assert y.tolist() == [0.5, 1.5, 2.5, 3.5]


def test_validation_metrics_do_not_depend_on_the_validation_files_column_order(tmp_path):
    g = np.random.default_rng(0)
    rows = [[a, b, 2 * a - b] for a, b in g.normal(size=(40, 2)).round(4)]
    train = _write(tmp_path / "train.csv", ["a", "b", "t"], rows[:30])
    same = _write(tmp_path / "same.csv", ["a", "b", "t"], rows[30:])
    swapped = _write(tmp_path / "swapped.csv", ["b", "a", "t"], [[b, a, t] for a, b, t in rows[30:]])
    run = dict(model="linear", target="t", lr=0.05, epochs=3, tol=None, progress=False)
    h_same = ds.train(data=train, val_data=same, **run)
    h_swapped = ds.train(data=train, val_data=swapped, **run)
    assert h_swapped.epochs["val_loss"] == h_same.epochs["val_loss"]


@pytest.mark.parametrize(
    "header, message",
    [
        (["a", "t"], "it lacks the column 'b'"),
        (["a", "b", "c", "t"], "it has the column 'c', which the training file has not"),
        (["a", "c", "t"], "it lacks the column 'b'; it has the column 'c'"),
        (["a", "a", "t"], "it lacks the column 'b'; the column 'a' appears more than once"),
    ],
)
def test_a_validation_csv_with_other_columns_is_one_clear_error(tmp_path, header, message):
    train = _write(tmp_path / "train.csv", ["a", "b", "t"], TRAIN_ROWS)
    val = _write(tmp_path / "val.csv", header, [list(range(len(header)))])
    with pytest.raises(ValueError) as err:
        prepare(train, val, target="t")
    text = str(err.value)
    assert text.startswith(
        f"val_data {str(val)!r} does not have the feature columns of the training file {str(train)!r}: "
    )
    assert message in text and text.endswith("the training file's are: a, b")


def test_a_non_utf8_csv_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("a,b,t\n1,2,x\n3,4,caf\xe9\n".encode("latin-1"))
    with pytest.raises(
        ValueError,
        match=r"^latin\.csv is not UTF-8 text: line 3 holds the byte "
        r"0xe9, which UTF-8 does not allow there; save the file "
        r"as UTF-8",
    ):
        prepare(path, target="t")


def test_a_non_utf8_validation_csv_error_names_that_file(tmp_path):
    train = _write(tmp_path / "train.csv", ["a", "b", "t"], TRAIN_ROWS)
    val = tmp_path / "val.csv"
    val.write_bytes(b"a,b,t\n1,2,\xff\n")
    with pytest.raises(
        ValueError,
        match=r"^val\.csv is not UTF-8 text: line 2 holds the "
        r"byte 0xff",
    ):
        prepare(train, val, target="t")


@pytest.mark.parametrize("as_val", [False, True])
def test_a_dataloader_without_a_batch_size_is_one_clear_error(as_val):
    data = TensorDataset(torch.randn(20, 3), torch.randn(20))
    unbatched = DataLoader(data, batch_size=None)
    what = "val_data" if as_val else "data"
    with pytest.raises(
        ValueError,
        match=rf"^{what} is a DataLoader with batch_size=None, which "
        r"yields single examples, not batches; give it a batch "
        r"size",
    ):
        if as_val:
            ds.train("linear", DataLoader(data, batch_size=5), val_data=unbatched, epochs=1, progress=False)
        else:
            ds.train("linear", unbatched, epochs=1, progress=False)


def test_a_dataloader_with_its_own_batch_sampler_is_still_accepted():
    data = TensorDataset(torch.randn(20, 3), torch.randn(20))
    sampler = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(data), 6, False)
    h = ds.train("linear", DataLoader(data, batch_sampler=sampler), epochs=1, tol=None, progress=False)
    assert len(h.steps["loss"]) == 4


def test_a_model_built_for_another_input_size_is_one_clear_error():
    X, y = torch.randn(40, 5), torch.randn(40)
    with pytest.raises(ValueError) as err:
        ds.train(torch.nn.Linear(3, 1), (X, y), epochs=1, progress=False)
    assert str(err.value) == (
        "the model does not take the data's examples of shape (5,): the model "
        "(Linear(in_features=3, out_features=1, bias=True)) expects 3 input features but got 5 "
        "(an input of shape (32, 5)); build the model for this data, or give it data of the "
        "size it takes"
    )
    assert isinstance(err.value.__cause__, RuntimeError)  # torch's own error, kept as the cause


def test_an_inner_layer_of_the_wrong_size_is_named():
    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with pytest.raises(
        ValueError,
        match=r"its layer '2' \(Linear\(in_features=3, .*\) "
        r"expects 3 input features but got 4 \(an input of "
        r"shape \(8, 4\)\)",  # train's check of its first batch, before any step
    ):
        ds.train(model, (torch.randn(40, 5), torch.randn(40)), batch_size=8, epochs=1, progress=False)


def test_a_conv_layer_with_other_channels_is_named():
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3), torch.nn.Flatten(), torch.nn.LazyLinear(2))
    X, y = torch.randn(10, 1, 8, 8), torch.randint(0, 2, (10,))
    with pytest.raises(
        ValueError,
        match=r"examples of shape \(1, 8, 8\): its layer '0' "
        r"\(Conv2d\(3, 2, .*\) expects 3 input channels but "
        r"got 1",
    ):
        ds.train(model, (X, y), epochs=1, progress=False)


def test_other_errors_of_the_first_forward_pass_are_torchs_own():
    class Broken(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(5, 1)

        def forward(self, x):
            raise RuntimeError("the user's own bug")

    with pytest.raises(RuntimeError, match="the user's own bug"):
        ds.train(Broken(), (torch.randn(40, 5), torch.randn(40)), epochs=1, progress=False)


def test_the_first_forward_pass_leaves_no_hooks_behind():
    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.Linear(4, 1))
    ds.train(model, (torch.randn(40, 5), torch.randn(40)), epochs=1, progress=False)
    for module in model.modules():
        assert not module._forward_pre_hooks and not module._forward_hooks
