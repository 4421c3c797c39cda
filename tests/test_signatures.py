"""Everything after the model and the data (``train``, ``lr_find``) or the function and the
start (``minimize``) is keyword-only: a positional setting is a clear TypeError, never a
silently misplaced value."""

import inspect

import pytest
import torch

import descend as ds


@pytest.mark.parametrize(
    ("fn", "leading"),
    [
        (ds.train, ["model", "data"]),
        (ds.lr_find, ["model", "data"]),
        (ds.minimize, ["fn", "x0"]),
        (ds.watch, ["model", "optimizer"]),
    ],
)
def test_only_the_leading_arguments_are_positional(fn, leading):
    params = inspect.signature(fn).parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert positional == leading


def test_a_setting_passed_by_position_is_a_type_error():
    with pytest.raises(TypeError, match=r"takes 2 positional arguments but 3 were given"):
        ds.train("softmax", "iris", "cross_entropy")
    with pytest.raises(TypeError, match=r"takes 2 positional arguments but 3 were given"):
        ds.minimize(ds.functions.booth, torch.zeros(2), "adam")
