"""Bad inputs of the Python API met walking ``lr_find``, ``train(lr="auto")``, ``examples`` and
``diagnose``: one error naming the value and what is allowed, not torch's or NumPy's from deep
inside."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import descend as ds
from descend.training import ExampleRecord

X = torch.randn(40, 4, generator=torch.Generator().manual_seed(0))
Y = X.sum(1)


def test_lr_find_of_a_model_built_for_other_data_names_both_sizes():
    with pytest.raises(ValueError) as err:
        ds.lr_find(torch.nn.Linear(3, 1), (X, Y), batch_size=8)
    assert str(err.value) == (
        "the model does not take the data's examples of shape (4,): the model (Linear(in_features=3, "
        "out_features=1, bias=True)) expects 3 input features but got 4 (an input of shape (40, 4)); "
        "build the model for this data, or give it data of the size it takes"
    )


def test_train_with_lr_auto_of_a_model_built_for_other_data_names_both_sizes():
    with pytest.raises(ValueError, match=r"^the model does not take the data's examples of shape \(4,\)"):
        ds.train(torch.nn.Linear(3, 1), (X, Y), lr="auto", epochs=1, progress=False)


def test_lr_find_of_a_model_with_outputs_of_another_shape_names_them():
    with pytest.raises(ValueError) as err:
        ds.lr_find(torch.nn.Linear(4, 5), (X, Y), batch_size=8)
    assert str(err.value) == (
        "model output has shape (40, 5) but the target has shape (40,); mse compares them element by element"
    )


def test_a_loss_that_returns_more_than_one_number_is_named():
    with pytest.raises(ValueError) as err:
        ds.lr_find("linear", (X, Y), loss=lambda out, y: out - y[:, None], batch_size=8)
    assert str(err.value) == (
        "the loss must return one number (a tensor of one element) to descend on, got a tensor of shape "
        "(40, 1); reduce it, e.g. with .mean()"
    )


def _per_example(out, y):
    return (out - y[:, None]) ** 2  # reduction="none": one number per example


@pytest.mark.parametrize("batch_size", [None, 8])
def test_train_with_a_loss_of_more_than_one_number_names_it_before_any_file(tmp_path, batch_size):
    folder = tmp_path / "run"
    with pytest.raises(ValueError) as err:
        ds.train("linear", (X, Y), loss=_per_example, lr=0.1, batch_size=batch_size, log_dir=folder, progress=False)
    first = 40 if batch_size is None else batch_size  # the check reads one batch's examples
    assert str(err.value) == (
        "the loss must return one number (a tensor of one element) to descend on, got a tensor of shape "
        f"({first}, 1); reduce it, e.g. with .mean()"
    )
    assert not folder.exists()  # made by the call, left empty, removed


@pytest.mark.parametrize(
    "options",
    [
        {"epochs": 1},  # 5 steps: the instruments' first reading is before the first
        {"instruments": 1},
        {"instruments": False},
        {"lr": "auto"},
        {"accumulate": 2},
        {"val_data": (X, Y), "epochs": 1},
    ],
    ids=["instruments", "instruments-every-step", "no-instruments", "lr-auto", "accumulate", "validated"],
)
def test_a_loss_of_more_than_one_number_from_a_loader_is_named_before_any_step_or_file(tmp_path, options):
    # A user's DataLoader: its first batch is checked before the run, as tensors' are (the
    # instruments' first reading raised torch's "grad can be implicitly created only for scalar
    # outputs"; the logger had already removed the folder's earlier logs, a folder train now
    # refuses before anything: a file of the user's stands for them).
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=8, shuffle=True)
    kept, logs = tmp_path / "checkpoints" / "mine.txt", tmp_path / "logs"
    kept.parent.mkdir()
    kept.write_text("mine")
    logs.mkdir()
    (logs / "notes.txt").write_text("mine")
    with pytest.raises(ValueError) as err:
        ds.train(
            torch.nn.Linear(4, 1),
            loader,
            loss=_per_example,
            checkpoint_dir=kept.parent,
            log_dir=logs,
            progress=False,
            **{"lr": 0.1, **options},
        )
    assert str(err.value) == (
        "the loss must return one number (a tensor of one element) to descend on, got a tensor of shape "
        "(8, 1); reduce it, e.g. with .mean()"
    )
    assert kept.read_text() == "mine" and sorted(p.name for p in kept.parent.iterdir()) == ["mine.txt"]
    assert sorted(p.name for p in logs.iterdir()) == ["notes.txt"]
    assert (logs / "notes.txt").read_text() == "mine"


def test_a_loss_that_returns_no_tensor_from_a_loader_is_named():
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, Y), batch_size=8)
    with pytest.raises(TypeError, match=r"^the loss must return a tensor, got float$"):
        ds.train(torch.nn.Linear(4, 1), loader, loss=lambda out, y: 1.0, lr=0.1, instruments=1, progress=False)


def test_the_first_batch_check_changes_nothing_of_the_model():
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.Linear(8, 1))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    ds.training.input_check.check_first_batch(model, (X, Y[:, None]), "mse", torch.nn.functional.mse_loss)
    assert model.training and all(torch.equal(before[k], v) for k, v in model.state_dict().items())


@pytest.mark.parametrize("call", ["lr_find", "train"])
def test_model_options_that_are_not_a_mapping_are_named(call):
    run = ds.lr_find if call == "lr_find" else ds.train
    with pytest.raises(ValueError) as err:
        run("mlp", "iris", model_options=[16])
    assert str(err.value) == (
        "model_options must be a dict of the model's options such as {'hidden': (64,)}, or None, got list [16]"
    )


@pytest.mark.parametrize("content", [b"", b"hello", "one .npy array", "half a record"])
def test_examples_of_a_file_that_is_no_npz_says_so_without_numpys_pickle_advice(tmp_path, content):
    """A lone .npy array was Python's TypeError "'numpy.ndarray' object does not support the
    context manager protocol"; a truncated record did not say it may be one."""
    path = tmp_path / "examples.npz"
    if content == "one .npy array":
        with path.open("wb") as f:
            np.save(f, np.arange(3))
    elif content == "half a record":
        record = ExampleRecord.from_arrays(task="regression", epochs=[0], loss=[[1.0, 2.0]]).save(path)
        path.write_bytes(record.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError) as err:
        ds.examples(path)
    assert str(err.value) == (
        f"{path} is not a descend examples record: not an .npz archive of plain arrays (the examples.npz "
        "a run with track_examples=True writes): a truncated or damaged copy (an interrupted copy, a full disk), "
        "or another file"
    )


def test_diagnose_of_an_object_names_its_type_not_its_whole_repr():
    class Table:
        def __repr__(self) -> str:
            return "row\n" * 1000

    with pytest.raises(TypeError) as err:
        ds.diagnose(Table())
    assert str(err.value) == (
        "diagnose takes a minimize result, a train History or the folder a run logged to, got an object of "
        "type test_diagnose_of_an_object_names_its_type_not_its_whole_repr.<locals>.Table"
    )
    with pytest.raises(TypeError, match=r"got \[1\.0, 2\.0\] \(list\)$"):
        ds.diagnose([1.0, 2.0])


@pytest.mark.parametrize(
    ("call", "given", "ours"),
    [
        (lambda **kw: ds.minimize(lambda x: (x**2).sum(), torch.ones(2), **kw), "steps", "max_iter"),
        (lambda **kw: ds.minimize(lambda x: (x**2).sum(), torch.ones(2), **kw), "n_iter", "max_iter"),
        (lambda **kw: ds.train("mlp", (X, Y), progress=False, **kw), "learning_rate", "lr"),
        (lambda **kw: ds.train("mlp", (X, Y), progress=False, **kw), "max_iter", "epochs"),
        (lambda **kw: ds.train("mlp", (X, Y), progress=False, **kw), "random_state", "seed"),
        (lambda **kw: ds.lr_find("mlp", (X, Y), **kw), "num_iter", "num"),
        (lambda **kw: ds.lr_find("mlp", (X, Y), **kw), "max_lr", "end"),
    ],
)
def test_a_keyword_named_as_another_library_names_it_is_pointed_to_ours(call, given, ours):
    # scikit-learn's n_iter and max_iter (epochs for its MLP) and random_state, Keras's
    # learning_rate, fastai's num_iter: difflib finds none of them ("steps" was told 'eps').
    with pytest.raises(TypeError, match=rf"takes no keyword '{given}'.*\. Did you mean '{ours}'\?"):
        call(**{given: 3})
