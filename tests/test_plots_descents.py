"""The pictures of minimize runs: trajectories over a function's contours (and surface), their
animation, the contour levels, and the curves of f per iteration."""

import numpy as np
import pytest
import torch
from PIL import Image

import descend as ds
from _png import is_png
from descend import functions as F
from descend import plots


@pytest.fixture(scope="module")
def runs():
    f = F.rosenbrock
    return {
        "momentum": ds.minimize(f, f.start, optimizer="momentum", lr=1e-3, max_iter=200),
        "adam": ds.minimize(f, f.start, optimizer="adam", lr=0.05, max_iter=200),
    }


@pytest.mark.slow
def test_trajectories_draw_each_path_the_start_and_the_minimum(runs, tmp_path):
    fig = plots.trajectories(F.rosenbrock, runs, tmp_path / "paths.png")
    assert is_png(tmp_path / "paths.png", 30_000)
    (ax,) = fig.axes
    lines = {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}
    f_of = {name: f"{name} (f={res.fun:.3g})" for name, res in runs.items()}
    assert list(lines) == [f_of["momentum"], f_of["adam"], "start", "global minimum"]
    assert np.array_equal(lines[f_of["adam"]].get_xydata(), runs["adam"].history.x)
    assert lines["start"].get_xydata() == pytest.approx(np.array([F.rosenbrock.start]))
    assert lines["global minimum"].get_xydata().tolist() == [[1.0, 1.0]]
    assert ax.collections  # the contour
    assert ax.get_xlim() == F.rosenbrock.bounds[0] and ax.get_ylim() == F.rosenbrock.bounds[1]


def test_trajectories_mark_where_each_path_ends_over_a_colourless_surface(runs):
    # Was: no end marker (where gd stopped at f=1.5 against adam's 1e-10 could not be seen), and
    # the viridis contour's dark valley hid the blue and purple paths.
    (ax,) = plots.trajectories(F.rosenbrock, runs).axes
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    for name, res in runs.items():
        ends = [
            line
            for line in ax.get_lines()
            if line.get_marker() == "s" and line.get_xydata().tolist() == [res.history.x[-1].tolist()]
        ]
        assert len(ends) == 1 and ends[0].get_color() == colours[f"{name} (f={res.fun:.3g})"]
        assert ends[0].get_zorder() > max(line.get_zorder() for line in ax.get_lines() if line.get_marker() != "s")
    assert {c.get_cmap().name for c in ax.collections} == {"Greys"}
    assert ax.get_legend().get_texts()[-1].get_text() == "end (in the path's colour)"


def test_trajectories_widen_the_view_to_a_path_outside_the_bounds_and_mark_every_minimum():
    f = F.himmelblau
    res = ds.minimize(f, [-7.0, 0.0], lr=0.01, max_iter=100)
    fig = plots.trajectories(f, res)
    (ax,) = fig.axes
    assert ax.get_xlim()[0] < -7.0 < f.bounds[0][0]
    assert ax.get_ylim() == pytest.approx(f.bounds[1], abs=1.0)
    minima = [line for line in ax.get_lines() if line.get_label() == "global minima"]
    assert len(minima[0].get_xdata()) == 4


def test_curves_compare_minimize_runs_by_f_per_iteration(runs):
    # Was: TypeError "curves (run 'momentum') draws a History ..., got Result".
    (ax,) = plots.curves(runs).axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["momentum", "adam"]
    assert np.array_equal(lines["adam"].get_ydata(), runs["adam"].history.loss)
    assert list(lines["adam"].get_xdata()) == list(range(runs["adam"].nit + 1))
    assert (ax.get_xlabel(), ax.get_yscale()) == ("iteration", "log")
    camel = F.six_hump_camel  # f below 0: a linear scale
    (ax,) = plots.curves({"gd": ds.minimize(camel, camel.start, lr=0.05, max_iter=20)}).axes
    assert ax.get_yscale() == "linear"
    with pytest.raises(
        TypeError, match=r"^curves draws either minimize Results .* not both: 'adam' minimize, 'h' not$"
    ):
        plots.curves({"adam": runs["adam"], "h": ds.History()})


def test_a_path_that_leaves_the_view_is_named_so_in_the_legend_and_marked_where_it_leaves():
    # Was: a diverging run's line ran off the edge with nothing saying it left the picture.
    f = F.rosenbrock
    res = ds.minimize(f, f.start, lr=0.01, max_iter=50)
    assert res.status == "diverged"
    ax, surface = plots.trajectories(f, {"gd": res}, surface=True).axes
    (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
    xy = res.history.x
    inside = (xy[:, 0] >= x_lo) & (xy[:, 0] <= x_hi) & (xy[:, 1] >= y_lo) & (xy[:, 1] <= y_hi)
    k = int(np.argmin(inside))
    assert k > 0 and inside[:k].all()
    labels = [line.get_label() for line in ax.get_lines()]
    assert f"gd (f={res.fun:.3g}), leaves the view at iteration {k}" in labels
    (last,) = [line for line in ax.get_lines() if line.get_marker() == "X"]
    assert last.get_xydata().tolist() == [xy[k - 1].tolist()]
    assert len(surface.get_lines()[0].get_data_3d()[0]) == k  # lifted up to where it leaves
    inside_run = ds.minimize(f, f.start, lr=1e-3, max_iter=20)
    assert [line.get_label() for line in plots.trajectories(f, {"gd": inside_run}).axes[0].get_lines()][0] == (
        f"gd (f={inside_run.fun:.3g})"
    )


def test_an_animation_of_a_path_that_leaves_the_view_says_so_in_the_title(tmp_path, monkeypatch):
    from matplotlib.axes import Axes

    titles = []
    real = Axes.set_title
    monkeypatch.setattr(Axes, "set_title", lambda ax, label, *a, **k: titles.append(label) or real(ax, label, *a, **k))
    f = F.rosenbrock
    res = ds.minimize(f, f.start, lr=0.01, max_iter=50)
    plots.animate(f, res, tmp_path / "gone.gif", max_frames=3)
    assert titles[-1] == f"rosenbrock — iteration {res.nit} (outside the view)"
    assert titles[0] == "rosenbrock — iteration 0"


def test_runs_in_one_dimension_are_drawn_on_the_functions_curve():
    # Was: "result 'gd' is a run in 1 dimension; only 2-D trajectories can be drawn on a contour".
    q = F.quadratic(1.0, dim=1)
    runs = {"gd": ds.minimize(q, [2.0], lr=0.5, max_iter=5), "too large": ds.minimize(q, [2.0], lr=2.1, max_iter=5)}
    (ax,) = plots.trajectories(q, runs).axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert ["gd", "too large", "start", "global minimum"] == [k for k in lines if not k.startswith("_")]
    x = runs["too large"].history.x[:, 0]
    assert np.allclose(lines["too large"].get_xdata(), x) and np.allclose(lines["too large"].get_ydata(), x**2 / 2)
    assert ax.get_xlim()[0] < x.min() and ax.get_xlim()[1] > x.max()  # the whole zigzag is in view
    assert lines["global minimum"].get_xydata().tolist() == [[0.0, 0.0]]
    with pytest.raises(
        ValueError, match=r"^surface=True draws functions of 2 variables; these runs are in 1 dimension$"
    ):
        plots.trajectories(q, runs, surface=True)
    with pytest.raises(
        ValueError, match=r"^the runs must be in one dimension to be drawn together, got 'gd': 1, 'r': 2$"
    ):
        plots.trajectories(q, {"gd": runs["gd"], "r": ds.minimize(F.rosenbrock, [0.0, 0.0], lr=1e-3, max_iter=2)})
    with pytest.raises(ValueError, match=r"has dim=2$"):
        plots.trajectories(F.rosenbrock, runs)


def test_surface_adds_a_3d_panel_with_the_paths_lifted_onto_it(runs):
    fig = plots.trajectories(F.rosenbrock, runs, surface=True)
    contour, surface = fig.axes
    assert surface.name == "3d" and len(surface.get_lines()) == 2
    z = surface.get_lines()[1].get_data_3d()[2]
    assert np.allclose(z, runs["adam"].history.loss)  # f along the path


def test_trajectories_refuse_what_cannot_be_drawn(runs):
    with pytest.raises(ValueError, match="functions of 2 variables.*dim=3"):
        plots.trajectories(F.quadratic(10.0, dim=3), runs)
    big = ds.minimize(F.quadratic(10.0, dim=200), torch.ones(200), lr=0.05, max_iter=3)
    with pytest.raises(ValueError, match="result 'big' has no trajectory: minimize keeps x only"):
        plots.trajectories(F.rosenbrock, {"big": big})
    three = ds.minimize(lambda x: (x**2).sum(), [1.0, 1.0, 1.0], lr=0.1, max_iter=3)
    with pytest.raises(ValueError, match="run in 3 dimensions"):
        plots.trajectories(lambda x: (x**2).sum(-1), three)
    with pytest.raises(TypeError, match="minimize Result or a mapping"):
        plots.trajectories(F.rosenbrock, [runs["adam"]])
    # Was: "must be a minimize Result or a mapping name -> Result, got dict" for an empty dict,
    # and surface="no" drew a surface.
    with pytest.raises(ValueError, match=r"^results is an empty mapping: give at least one name -> minimize Result$"):
        plots.trajectories(F.rosenbrock, {})
    with pytest.raises(ValueError, match=r"^surface must be True or False, got 'no'$"):
        plots.trajectories(F.rosenbrock, runs, surface="no")


def test_a_function_of_one_point_at_a_time_is_drawn_too():
    def bowl(x):  # indexes coordinates: not batched
        return (x[0] - 1) ** 2 + 3 * (x[1] + 0.5) ** 2

    res = ds.minimize(bowl, [0.0, 0.0], lr=0.1)
    assert len(plots.trajectories(bowl, res).axes[0].get_lines()) == 3  # path, its end and start
    # Two points: x[0] of the (2, 2) path is a point, not a coordinate; the values must not mix them.
    short = ds.minimize(bowl, [0.0, 0.0], lr=0.1, max_iter=1)
    lifted = plots.trajectories(bowl, short, surface=True).axes[1].get_lines()[0]
    assert np.allclose(lifted.get_data_3d()[2], short.history.loss)


def test_a_function_name_or_several_runs_to_animate_are_named_with_what_to_pass(runs, tmp_path):
    """Was: a name failed as "'str' object is not callable" deep in the contour, and animate on a
    mapping of two runs as Python's "too many values to unpack (expected 1)"."""
    hint = r"got str 'rosenbrock'; for the test function 'rosenbrock' pass ds.functions.get\('rosenbrock'\)$"
    with pytest.raises(TypeError, match=r"^function must be a function of a tensor of 2 coordinates .*" + hint):
        plots.trajectories("rosenbrock", runs)
    with pytest.raises(TypeError, match=hint):
        plots.animate("rosenbrock", runs["adam"], tmp_path / "a.gif")
    with pytest.raises(
        ValueError, match=r"^animate draws one run, got 2 \(momentum, adam\): animate each .*trajectories$"
    ):
        plots.animate(F.rosenbrock, runs, tmp_path / "b.gif")
    one = ds.minimize(lambda x: (x**2).sum(), [1.0], lr=0.1, max_iter=3)
    with pytest.raises(ValueError, match=r"is a run in 1 dimension; only 2-D"):  # trajectories draws it on a curve
        plots.animate(lambda x: (x**2).sum(-1), one, tmp_path / "c.gif")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_animate_writes_a_gif_of_at_most_max_frames(runs, tmp_path):
    out = plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a" / "adam.gif", fps=10, max_frames=6)
    assert out == tmp_path / "a" / "adam.gif" and out.read_bytes()[:6] == b"GIF89a"
    with Image.open(out) as gif:
        assert gif.n_frames == 6 and gif.info["duration"] == 100


def test_animate_explains_what_each_format_needs(runs, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(RuntimeError, match=r"needs ffmpeg on the PATH for MP4.*save a \.gif"):
        plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a.mp4")
    with pytest.raises(ValueError, match=r"writes \.gif or \.mp4 files, got '.*a\.avi'"):
        plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a.avi")
    with pytest.raises(ValueError, match="max_frames must be an integer >= 2, got 1"):
        plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a.gif", max_frames=1)
    with pytest.raises(ValueError, match="fps must be an integer >= 1, got True"):
        plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a.gif", fps=True)
    with pytest.raises(ValueError, match=r"fps must be an integer >= 1, got 12\.5"):
        plots.animate(F.rosenbrock, runs["adam"], tmp_path / "a.gif", fps=12.5)


def test_levels_are_log_spaced_above_the_minimum_whatever_its_sign():
    values = np.array([-5.0, -4.0, 995.0])
    lv = plots.levels(values, n=5, decades=4)
    assert lv[-1] == pytest.approx(995.0) and lv[0] == pytest.approx(-5.0 + 1000 * 1e-4)
    assert np.allclose(np.diff(np.log10(lv + 5.0)), 1.0)
    assert plots.levels([2.0, 2.0, np.nan]) is None


def test_levels_refuse_fewer_than_two_levels_or_decades_that_are_not_positive():
    # Was: n=1 gave one level (no band to fill) and decades=-1 levels above the maximum.
    with pytest.raises(ValueError, match=r"^n must be an integer >= 2, got 1$"):
        plots.levels([0.0, 1.0, 2.0], n=1)
    with pytest.raises(ValueError, match=r"^decades must be a number > 0, got -1$"):
        plots.levels([0.0, 1.0, 2.0], decades=-1)
