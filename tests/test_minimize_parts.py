"""minimize over a start point in parts: a dict, list or tuple of tensors (was refused: "x0 must
be a tensor or an array-like of numbers, got dict")."""

import collections

import pytest
import torch

import descend as ds

X = torch.randn(50, 3, generator=torch.Generator().manual_seed(0))
Y = X @ torch.tensor([1.0, -2.0, 0.5]) + 0.3


def _mse(p):
    return ((X @ p["w"] + p["b"] - Y) ** 2).mean()


@pytest.mark.parametrize("method", [None, "lbfgs"])
def test_a_dict_of_tensors_is_fitted_and_handed_back_as_a_dict(method):
    start = {"w": torch.zeros(3), "b": torch.zeros(())}
    options = {"method": method} if method else {"optimizer": "adam", "lr": 0.1, "max_iter": 3000}
    res = ds.minimize(_mse, start, **options)
    assert res.converged and set(res.x) == {"w", "b"}
    assert res.x["w"].shape == (3,) and res.x["b"].shape == ()
    torch.testing.assert_close(res.x["w"], torch.tensor([1.0, -2.0, 0.5]), atol=1e-4, rtol=0)
    assert abs(float(res.x["b"]) - 0.3) < 1e-4
    assert start["w"].tolist() == [0.0, 0.0, 0.0]  # x0 is not changed


def test_a_list_and_a_namedtuple_keep_their_kind_for_fn_the_callback_and_the_result():
    seen = []
    res = ds.minimize(
        lambda p: ((X @ p[0] + p[1] - Y) ** 2).mean(),
        [torch.zeros(3), torch.zeros(1)],
        lr=0.1,
        max_iter=3,
        callback=seen.append,
    )
    assert isinstance(res.x, list) and [tuple(t.shape) for t in res.x] == [(3,), (1,)]
    assert isinstance(seen[0].x, list) and [tuple(t.shape) for t in seen[0].x] == [(3,), (1,)]
    Pair = collections.namedtuple("Pair", "w b")
    res = ds.minimize(lambda p: ((X @ p.w + p.b - Y) ** 2).mean(), Pair(torch.zeros(3), torch.zeros(1)), lr=0.1)
    assert isinstance(res.x, Pair) and res.converged


def test_parts_share_the_dtype_torch_promotes_them_to_and_bounds_count_their_coordinates():
    start = {"a": torch.ones(2), "b": torch.full((2,), 3.0, dtype=torch.float64)}
    res = ds.minimize(
        lambda p: (p["a"] ** 2).sum() + (p["b"] ** 2).sum(), start, lr=0.1, bounds=[(None, None)] * 2 + [(1, 5)] * 2
    )
    assert res.x["a"].dtype == res.x["b"].dtype == torch.float64
    assert res.x["b"].tolist() == [1.0, 1.0]  # held at its lower bound
    assert res.history.x.shape == (res.nit + 1, 4)


@pytest.mark.parametrize(
    "x0, message",
    [
        ({}, "x0 is an empty dict: give at least one tensor to minimize over"),
        ({"w": torch.zeros(3), "b": "x"}, "x0['b'] must be a tensor or an array-like of numbers, got str: 'x'"),
        (
            {"w": torch.tensor([0.0, float("nan"), 0.0])},
            "x0['w'] must be finite, got [0.0, nan, 0.0] (non-finite at index [1])",
        ),
    ],
)
def test_a_bad_part_is_named(x0, message):
    with pytest.raises((TypeError, ValueError)) as err:
        ds.minimize(_mse, x0)
    assert str(err.value) == message


def test_a_function_of_one_tensor_given_parts_says_it_got_them():
    with pytest.raises(TypeError) as err:
        ds.minimize(ds.functions.booth, {"a": torch.zeros(2)})
    assert str(err.value) == (
        "fn raised TypeError: booth takes a tensor of points, or a list or array of numbers, got dict; "
        "x0 came in parts, a dict of tensors, "
        "and fn gets them as that dict: write fn of the dict, or give x0 as one tensor"
    )
