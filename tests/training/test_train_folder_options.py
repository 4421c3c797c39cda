"""train's callbacks and folders, checked before any work: a callback that is not in a list
(or is not a Callback) and a folder that is not a path named as such, not Python's or
pathlib's error from deep inside."""

import pytest
import torch

import descend as ds
from descend.training import Callback


def _data():
    g = torch.Generator().manual_seed(0)
    return torch.randn(32, 3, generator=g), torch.randn(32, 1, generator=g)


def _train(**options):
    options = {"epochs": 1, "progress": False, "instruments": False, "track_examples": False, **options}
    return ds.train(torch.nn.Linear(3, 1), _data(), **options)


def test_a_lone_function_as_callbacks_is_named():
    with pytest.raises(
        ValueError, match=r"callbacks must be a list or tuple of descend.training.Callback objects, got function"
    ):
        _train(callbacks=lambda h: None)


def test_a_bad_element_of_callbacks_is_named_by_place_and_type():
    with pytest.raises(TypeError, match=r"callbacks\[1\] must be a descend.training.Callback .* of type function"):
        _train(callbacks=[Callback(), lambda h: None])


@pytest.mark.parametrize("option", ["checkpoint_dir", "log_dir"])
def test_a_folder_that_is_not_a_path_is_named(option, tmp_path):
    with pytest.raises(TypeError, match=rf"^{option} must be a folder path \(str or os.PathLike\) or None, got 42$"):
        _train(**{option: 42})
