import math

import pytest
import torch

from descend import functions
from descend.functions import TestFunction

ALL = [functions.get(name) for name in functions.names()] + [
    functions.quadratic(100.0, dim=5),
    functions.quadratic(1.0, dim=1),
]
IDS = [f"{f.name}-d{f.dim}" for f in ALL]
SMOOTH = [f for f in ALL if f.lipschitz is not None]
N_DIMENSIONAL = [functions.rosenbrock, functions.rastrigin, functions.ackley, functions.styblinski_tang]


def points(f: TestFunction, shape: tuple[int, ...], seed: int = 0) -> torch.Tensor:
    """Random float64 points of shape ``(*shape, f.dim)`` inside the plot bounds."""
    lo, hi = torch.tensor(f.bounds, dtype=torch.float64).T if f.bounds else (-2.0, 2.0)
    u = torch.rand(*shape, f.dim, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return lo + (hi - lo) * u


def gradient(f: TestFunction, x: torch.Tensor) -> torch.Tensor:
    x = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)
    return g


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_metadata_has_the_functions_dimension(f):
    assert all(len(m) == f.dim for m in f.minima)
    assert len(f.start) == f.dim
    assert f.bounds is None or f.dim == 2


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_value_at_each_minimum_is_the_minimum_value(f):
    for m in f.minima:
        assert f(torch.tensor(m, dtype=torch.float64)).item() == pytest.approx(f.minimum_value, abs=1e-10)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_gradient_vanishes_at_each_minimum(f):
    for m in f.minima:
        assert gradient(f, torch.tensor(m, dtype=torch.float64)).norm() < 1e-6


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_start_is_above_the_minimum(f):
    # quadratic(1.0, dim=1) starts at 1: f = 0.5 > 0.
    assert f(torch.tensor(f.start, dtype=torch.float64)).item() > f.minimum_value + 0.1


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_values_below_the_minimum_value_never_occur(f):
    values = f(points(f, (1000,)))
    assert values.min().item() >= f.minimum_value - 1e-10


@pytest.mark.parametrize("f", [f for f in ALL if f.dim == 2], ids=lambda f: f.name)
def test_contour_grid_in_one_call_matches_pointwise(f):
    (x0, x1), (y0, y1) = f.bounds
    xs, ys = torch.meshgrid(
        torch.linspace(x0, x1, 5, dtype=torch.float64), torch.linspace(y0, y1, 5, dtype=torch.float64), indexing="xy"
    )
    grid = torch.stack([xs, ys], dim=-1)
    values = f(grid)
    assert values.shape == (5, 5)
    pointwise = torch.stack([torch.stack([f(p) for p in row]) for row in grid])
    torch.testing.assert_close(values, pointwise, rtol=1e-14, atol=0.0)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_batched_random_points_match_pointwise(f):
    x = points(f, (3, 4))
    values = f(x)
    assert values.shape == (3, 4)
    pointwise = torch.stack([f(p) for p in x.reshape(-1, f.dim)]).view(3, 4)
    torch.testing.assert_close(values, pointwise, rtol=1e-14, atol=0.0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_output_keeps_the_input_dtype(f, dtype):
    x = points(f, (2,)).to(dtype)
    assert f(x).dtype == dtype
    assert gradient(f, x[0]).dtype == dtype


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_autograd_gradient_matches_central_differences(f):
    x = points(f, (), seed=1)
    h = 1e-6
    steps = h * torch.eye(f.dim, dtype=torch.float64)
    numeric = torch.stack([(f(x + e) - f(x - e)) / (2 * h) for e in steps])
    exact = gradient(f, x)
    assert (exact - numeric).norm() <= 1e-6 * exact.norm()


@pytest.mark.parametrize("f", SMOOTH, ids=lambda f: f"{f.name}-d{f.dim}")
def test_lipschitz_is_the_largest_hessian_eigenvalue(f):
    def top_eigenvalue(x):
        return torch.linalg.eigvalsh(torch.autograd.functional.hessian(f.fn, x)).max().item()

    # Each of these attains its largest curvature at the minimum.
    minimum = torch.tensor(f.minima[0], dtype=torch.float64)
    assert top_eigenvalue(minimum) == pytest.approx(f.lipschitz)
    for x in points(f, (20,), seed=2):
        assert top_eigenvalue(x) <= f.lipschitz * (1 + 1e-12)


def test_ackley_gradient_at_the_origin_is_finite():
    for dtype in (torch.float32, torch.float64):
        g = gradient(functions.ackley, torch.zeros(2, dtype=dtype))
        assert torch.equal(g, torch.zeros(2, dtype=dtype))


@pytest.mark.parametrize("f", N_DIMENSIONAL, ids=lambda f: f.name)
def test_generalises_to_more_dimensions(f):
    d = 5
    x = torch.full((d,), f.minima[0][0], dtype=torch.float64)
    per_coordinate = f.minimum_value / f.dim
    assert f(x).item() == pytest.approx(per_coordinate * d, abs=1e-10)
    assert gradient(f, x).norm() < 1e-6


def test_himmelblau_has_four_distinct_minima_and_camel_two():
    assert len(set(functions.himmelblau.minima)) == 4
    assert len(set(functions.six_hump_camel.minima)) == 2


@pytest.mark.parametrize(
    "f", [functions.beale, functions.booth, functions.himmelblau, functions.six_hump_camel], ids=lambda f: f.name
)
def test_two_dimensional_functions_reject_other_shapes(f):
    message = rf"{f.name} takes points of shape \(\.\.\., 2\), got shape \(3,\)"
    with pytest.raises(ValueError, match=message):
        f(torch.zeros(3))


def test_quadratic_rejects_a_point_of_another_dimension():
    """Was torch's 'The size of tensor a (2) must match the size of tensor b (3)' (also from
    descend minimize quadratic --x0=1,2,3)."""
    with pytest.raises(ValueError, match=r"^this quadratic takes points of shape \(\.\.\., 2\), got shape \(3,\)"):
        functions.quadratic()(torch.zeros(3))
    assert functions.quadratic(dim=3)(torch.ones(4, 3)).shape == (4,)


def test_rosenbrock_needs_two_coordinates():
    with pytest.raises(ValueError, match=r"d >= 2"):
        functions.rosenbrock(torch.zeros(1))


def test_quadratic_eigenvalues_are_log_spaced_from_one_to_the_condition_number():
    f = functions.quadratic(100.0, dim=3)
    axis_values = [f(e).item() for e in torch.eye(3, dtype=torch.float64)]
    assert axis_values == pytest.approx([0.5, 5.0, 50.0])
    assert f.lipschitz == 100.0
    assert f.bounds is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"condition_number": 0.5}, r"condition_number must be a number >= 1, got 0\.5"),
        ({"condition_number": math.nan}, r"condition_number must be a finite number >= 1, got nan"),
        ({"condition_number": math.inf}, r"condition_number must be a finite number >= 1, got inf"),
        ({"condition_number": "10"}, r"condition_number must be a number >= 1, got '10'"),
        ({"dim": 0}, r"dim must be an integer >= 1, got 0"),
        ({"dim": 2.0}, r"dim must be an integer >= 1, got 2\.0"),
        ({"dim": True}, r"dim must be an integer >= 1, got True"),
        ({"dim": 1}, r"1-D quadratic has condition number 1, got condition_number=10\.0"),
    ],
)
def test_quadratic_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        functions.quadratic(**kwargs)


def test_names_are_the_registry_and_each_function_knows_its_name():
    assert functions.names() == [
        "quadratic",
        "rosenbrock",
        "beale",
        "booth",
        "himmelblau",
        "rastrigin",
        "ackley",
        "styblinski_tang",
        "six_hump_camel",
    ]
    for name in functions.names():
        assert functions.get(name).name == name


@pytest.mark.parametrize("spelling", ["six_hump_camel", "six-hump-camel", "Six Hump Camel", " SIX_HUMP_CAMEL "])
def test_get_ignores_case_and_separators(spelling):
    assert functions.get(spelling) is functions.six_hump_camel


def test_get_default_quadratic():
    f = functions.get("quadratic")
    assert (f.dim, f.lipschitz) == (2, 10.0)


def test_get_unknown_name_suggests_the_closest_and_lists_all():
    with pytest.raises(
        ValueError,
        match=r"unknown test function 'rosenbrok'\. "
        r"Did you mean 'rosenbrock'\?",
    ) as info:
        functions.get("rosenbrok")
    assert all(name in str(info.value) for name in functions.names())


def test_get_unknown_name_without_close_match_has_no_suggestion():
    with pytest.raises(ValueError, match="unknown test function 'zzz'") as info:
        functions.get("zzz")
    assert "Did you mean" not in str(info.value)


def test_get_rejects_non_strings():
    with pytest.raises(TypeError, match="must be a string"):
        functions.get(3)


def test_test_function_is_frozen_and_not_a_pytest_class():
    assert TestFunction.__test__ is False
    with pytest.raises(AttributeError):
        functions.rosenbrock.start = (0.0, 0.0)


def test_a_test_function_takes_integers_and_lists_of_numbers():
    # was "RuntimeError: mean(): could not infer output dtype ... Got: Long" from inside torch for
    # ackley at an integer point, and "AttributeError: 'list' object has no attribute 'ndim'" for a list
    assert float(functions.ackley(torch.tensor([0, 0]))) == 0.0
    value = functions.booth([1, 3])
    assert value.dtype == torch.float64 and float(value) == 0.0
    with pytest.raises(
        TypeError, match=r"^booth takes a tensor of points, or a list or array of numbers, got str 'abc'$"
    ):
        functions.booth("abc")
