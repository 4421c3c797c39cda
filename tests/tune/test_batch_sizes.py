"""A train study's batch sizes against its training set: the default space fits a small one,
and a space of the user's offering a batch larger than it is refused before any trial."""

from __future__ import annotations

import numpy as np
import pytest

import descend as ds
from descend._checks import InvalidArgument


def _small(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, (X[:, 0] > 0).astype(int)


def test_the_default_space_fits_a_training_set_smaller_than_its_batches():
    """The default space offers batches of 16, 32 and 64, and the first trial runs at train's
    32: on 30 training examples the study stopped at its first trial ("batch_size=32 is larger
    than the 30 training examples; use batch_size=None for full-batch")."""
    result = ds.tune("mlp", _small(30, 0), val_data=_small(10, 1), trials=4, epochs=1, progress=False)
    drawn = [t.params["batch_size"] for t in result.study.trials]
    assert len(drawn) == 4 and set(drawn) <= {16, "full"}
    assert drawn[0] == "full"  # train's default batch of 32 on 30 examples: the full batch


def test_a_training_set_below_every_default_batch_is_not_searched_over_batches():
    result = ds.tune("mlp", _small(12, 0), val_data=_small(10, 1), trials=2, epochs=1, progress=False)
    assert all("batch_size" not in t.params for t in result.study.trials)


@pytest.mark.parametrize(
    ("batch_size", "said"),
    [([32, 64, 128, "full"], "choice 128"), ({"low": 8, "high": 1000, "log": True}, "high 1000")],
)
def test_a_space_offering_a_batch_larger_than_the_training_set_is_refused_first(tmp_path, batch_size, said):
    """Was train's ValueError from whichever trial first drew it, the study stopped there, its
    words for Python (batch_size=None) and none for the space."""
    space = {"lr": {"low": 1e-3, "high": 1.0, "log": True}, "batch_size": batch_size}
    with pytest.raises(InvalidArgument) as caught:
        ds.tune("mlp", "iris", space=space, trials=4, epochs=1, out=tmp_path / "study", progress=False)
    assert str(caught.value) == (
        f"space: batch_size: {said} is larger than the 120 training examples, so a trial drawing it would fail: "
        "offer sizes up to 120, or the full batch ('full', a choice)"
    )
    assert not (tmp_path / "study").exists()


def test_a_study_of_a_data_loader_leaves_its_batches_alone():
    """A DataLoader brings its own batches: with the default space every study of one stopped at
    its first trial ("a DataLoader brings its own batch size (10); leave batch_size=None, got
    batch_size=32"); a space searching batch_size stopped there too."""
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    X = torch.randn(100, 3)
    loader = DataLoader(TensorDataset(X, (X[:, 0] > 0).long()), batch_size=10)
    result = ds.tune("mlp", loader, trials=2, epochs=1, metric="loss", progress=False)
    assert len(result.study.trials) == 2 and all("batch_size" not in t.params for t in result.study.trials)
    with pytest.raises(InvalidArgument, match=r"^space: batch_size: the data is a DataLoader, which brings its own"):
        ds.tune("mlp", loader, space={"batch_size": [8, 16]}, trials=2, epochs=1, metric="loss", progress=False)
