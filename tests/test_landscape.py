"""Loss landscapes: the slices are the loss at the points they name, the directions are
filter-normalised, the weights come back bit for bit, PCA finds a trajectory's plane, and the
trajectory recorder survives a resume."""

import math
import re

import numpy as np
import pytest
import torch

import descend as ds
from descend import landscape
from descend.training import Callback

from _breaking import cross_entropy_raising_at


def _model(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def _data(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 4, generator=g)
    return X, (X[:, 0] > 0).long() + (X[:, 1] > 0).long()


def _snapshot(model):
    return [t.detach().clone() for t in (*model.parameters(), *model.buffers())]


def _same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


def test_the_landscape_at_the_origin_is_the_models_loss():
    model, (X, y) = _model(), _data()
    model.eval()
    with torch.no_grad():
        expected = float(torch.nn.functional.cross_entropy(model(X), y))
    model.train()
    g = torch.Generator().manual_seed(1)
    d, e = landscape.random_direction(model, g), landscape.random_direction(model, g)
    line = landscape.slice_1d(model, "cross_entropy", (X, y), d, [-0.5, 0.0, 0.5])
    plane = landscape.slice_2d(model, "cross_entropy", (X, y), (d, e), [-1.0, 0.0, 1.0], [0.0, 0.3])
    assert line.losses[1] == expected and plane.losses[1, 0] == expected
    assert line.losses[0] != expected and plane.losses.shape == (3, 2)


def test_a_slice_point_is_the_loss_of_the_moved_weights():
    model, (X, y) = _model(), _data()
    g = torch.Generator().manual_seed(2)
    d, e = landscape.random_direction(model, g), landscape.random_direction(model, g)
    plane = landscape.slice_2d(model, "cross_entropy", (X, y), (d, e), [0.25], [-0.5])
    moved = _model()
    with torch.no_grad():
        for p, a, b in zip(moved.parameters(), d, e):
            p.add_(0.25 * a - 0.5 * b)
    moved.eval()
    with torch.no_grad():
        assert plane.losses[0, 0] == pytest.approx(float(torch.nn.functional.cross_entropy(moved(X), y)), rel=1e-5)


def test_random_directions_are_filter_normalised_with_zero_biases():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.Flatten(), torch.nn.Linear(4 * 3 * 3, 5)
    )
    d = landscape.random_direction(model, torch.Generator().manual_seed(0))
    assert [t.shape for t in d] == [p.shape for p in model.parameters()]
    for t, p in zip(d, model.parameters()):
        if p.ndim >= 2:  # one norm per filter: conv output channel, linear row
            assert torch.allclose(t.flatten(1).norm(dim=1), p.detach().flatten(1).norm(dim=1), rtol=1e-5)
            assert not torch.allclose(t, p.detach())
        else:  # biases and the batch-norm scale and shift
            assert torch.count_nonzero(t) == 0
    again = landscape.random_direction(model, torch.Generator().manual_seed(0))
    assert _same(d, again)


def test_the_weights_come_back_bit_for_bit_even_when_the_loss_raises():
    model, data = _model(), _data()
    model.train()
    before = _snapshot(model)
    d = landscape.random_direction(model, torch.Generator().manual_seed(0))
    landscape.slice_2d(model, "cross_entropy", data, (d, d), [-1.0, 0.3, 1.0], [0.7, -0.1])
    assert _same(_snapshot(model), before) and model.training

    with pytest.raises(RuntimeError, match="boom"):
        landscape.slice_1d(model, cross_entropy_raising_at(3), data, d, [0.5, 0.7, 0.9])  # the check's, 0.5's, 0.7's
    assert _same(_snapshot(model), before) and model.training


def test_each_modules_own_mode_comes_back_even_when_the_loss_raises():
    model, data = _model(), _data()
    model.train()
    model[1].eval()  # training with the batch norm frozen, as a fine-tune does
    modes = [m.training for m in model.modules()]
    d = landscape.random_direction(model, torch.Generator().manual_seed(0))
    landscape.slice_1d(model, "cross_entropy", data, d, [-1.0, 0.5])
    assert [m.training for m in model.modules()] == modes
    with pytest.raises(RuntimeError, match="boom"):
        landscape.slice_1d(model, cross_entropy_raising_at(2), data, d, [0.5, 0.7])
    assert [m.training for m in model.modules()] == modes


def test_pca_of_a_trajectory_along_a_line_recovers_the_line():
    n = 50
    u = torch.randn(n, generator=torch.Generator().manual_seed(0))
    final = torch.randn(n, generator=torch.Generator().manual_seed(1))
    t = torch.tensor([-3.0, -2.5, -1.0, -0.4, 0.0])
    pca = landscape.pca_directions(final + t[:, None] * u, final)
    cos = torch.dot(pca.directions[0].double(), u.double()) / u.double().norm()
    assert abs(float(cos)) == pytest.approx(1.0, abs=1e-6)
    assert pca.explained[0] == pytest.approx(1.0) and pca.explained[1] == pytest.approx(0.0, abs=1e-10)
    assert pca.coords[:, 0] == pytest.approx((t * u.norm() * torch.sign(cos)).numpy(), rel=1e-5)
    assert pca.coords[-1] == pytest.approx([0.0, 0.0])


def test_pca_of_a_planar_trajectory_finds_both_directions_in_order():
    n = 30
    q, _ = torch.linalg.qr(torch.randn(n, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64))
    u, v = q[:, 0], q[:, 1]
    a = torch.tensor([-4.0, -2.0, 0.0, 2.0, 4.0], dtype=torch.float64)  # wide along u,
    b = torch.tensor([1.0, -1.0, 0.0, -1.0, 1.0], dtype=torch.float64)  # narrow along v, uncorrelated
    path = a[:, None] * u + b[:, None] * v
    pca = landscape.pca_directions(path, path[-1])
    assert abs(float(pca.directions[0] @ u)) == pytest.approx(1.0, abs=1e-6)
    assert abs(float(pca.directions[1] @ v)) == pytest.approx(1.0, abs=1e-6)
    assert pca.explained[0] > pca.explained[1] > 0 and pca.explained.sum() == pytest.approx(1.0)


def test_bad_directions_and_data_are_named():
    model, data = _model(), _data()
    with pytest.raises(
        ValueError,
        match=r"direction 0 must be a list of 6 tensors shaped like the model's "
        r"parameters, or one flat tensor of 83 entries; got a tensor of shape \(3,\)",
    ):
        landscape.slice_1d(model, "cross_entropy", data, torch.ones(3), [0.0])
    with pytest.raises(ValueError, match="needs two directions"):
        landscape.slice_2d(model, "cross_entropy", data, [torch.ones(83)], [0.0], [0.0])
    with pytest.raises(TypeError, match=r"data must be an \(X, y\) pair"):
        landscape.slice_1d(model, "cross_entropy", data[0], torch.ones(83), [0.0])
    with pytest.raises(ValueError, match="Did you mean 'cross_entropy'"):
        landscape.slice_1d(model, "cross_entropy_", data, torch.ones(83), [0.0])
    with pytest.raises(ValueError, match=r"trajectory of shape \(k >= 2, n\)"):
        landscape.pca_directions(torch.ones(1, 5), torch.ones(5))


class _Pair(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 3)

    def forward(self, x):
        return self.layer(x), x


def test_a_slice_names_an_output_or_labels_the_loss_does_not_take():
    """Were torch's "'tuple' object has no attribute 'shape'" and 'Target 5 is out of bounds'
    from inside the loss at the first point (draw checked them, the slices did not)."""
    (X, y), d = _data(), torch.ones(83)
    with pytest.raises(TypeError, match=r"got a tuple of 2 \(tensor \(40, 3\), tensor \(40, 4\)\); .* model\(x\)\[0\]"):
        landscape.slice_1d(_Pair(), "cross_entropy", (X, y), torch.ones(15), [0.0])
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\) for a model with 3 outputs, got label 5"):
        landscape.slice_2d(_model(), "cross_entropy", (X, y + 3), (d, d), [0.0], [0.0])


def test_steps_that_are_not_one_or_more_finite_numbers_are_named():
    # Was: alphas=5 evaluated the one point alpha=5 (a count read as a step), [] an empty slice,
    # NaN a NaN loss, a string numpy's "could not convert string to float".
    model, data = _model(), _data()
    with pytest.raises(
        ValueError,
        match=r"^alphas must be the steps to evaluate the loss at, one or more finite numbers in a list, array "
        r"or tensor \(e.g. alphas=np.linspace\(-1, 1, 21\)\), got 5: for 5 points, alphas=np.linspace\(-1, 1, 5\)$",
    ):
        landscape.slice_1d(model, "cross_entropy", data, torch.ones(83), 5)
    for bad in ([], [0.0, float("nan")], "abc", None, 0.5):
        with pytest.raises(ValueError, match=rf"^alphas must be the steps .* got {re.escape(repr(bad))}$"):
            landscape.slice_1d(model, "cross_entropy", data, torch.ones(83), bad)
    with pytest.raises(ValueError, match=r"^betas must be the steps .* got 7: for 7 points, betas="):
        landscape.slice_2d(model, "cross_entropy", data, (torch.ones(83), torch.ones(83)), [0.0], 7)


def test_draw_names_a_history_or_data_the_model_does_not_take_before_any_file(tmp_path):
    """draw(history, ...) was "'History' object has no attribute 'parameters'"; data of other
    features torch's 'mat1 and mat2 shapes cannot be multiplied', after out_dir was made."""
    model, (X, y) = _model(), _data()
    h = ds.History(steps={}, epochs={})
    with pytest.raises(TypeError, match=r"^draw takes the trained model, .* history\.model\), got History$"):
        landscape.draw(h, "cross_entropy", (X, y), tmp_path / "a")
    with pytest.raises(ValueError, match=r"^the model does not take the data's examples of shape \(3,\)"):
        landscape.draw(model, "cross_entropy", (X[:, :3], y), tmp_path / "b")
    with pytest.raises(FileNotFoundError, match="no checkpoint at"):
        landscape.draw(model, "cross_entropy", (X, y), tmp_path / "c", trajectory=tmp_path / "none.pt")
    assert list(tmp_path.iterdir()) == []


def _train(tmp_path, callbacks, **kw):
    X, y = _data(64)
    return ds.train(
        "mlp", (X, y), lr=0.05, batch_size=16, epochs=4, tol=None, seed=3, progress=False, callbacks=callbacks, **kw
    )


def test_the_recorder_keeps_the_start_and_every_epoch(tmp_path):
    h = _train(tmp_path, [landscape.TrajectoryRecorder(tmp_path / "trajectory.pt")])
    saved = torch.load(tmp_path / "trajectory.pt", weights_only=True)
    flat = torch.cat([p.detach().flatten() for p in h.model.parameters()])
    assert saved["params"].dtype == torch.float32 and saved["params"].shape == (5, flat.numel())
    assert saved["epochs"].tolist() == [0, 1, 2, 3, 4] and saved["epochs"].dtype == torch.int64
    assert torch.equal(saved["params"][-1], flat)
    assert not torch.equal(saved["params"][0], saved["params"][1])


class _Crash(Callback):
    def __init__(self, step=None, epoch=None):
        self.step, self.epoch = step, epoch

    def on_step_end(self, run):
        if run.step == self.step:
            raise KeyboardInterrupt("crash mid-epoch")

    def on_epoch_end(self, run):
        if run.epoch == self.epoch:
            raise KeyboardInterrupt("crash after the trajectory was written, before the checkpoint")


@pytest.mark.parametrize(
    "crash, left", [(_Crash(step=7), [0, 1]), (_Crash(epoch=2), [0, 1, 2, 3])], ids=["mid-epoch", "after-epoch-end"]
)
def test_a_resumed_runs_trajectory_is_the_uninterrupted_ones(tmp_path, crash, left):
    _train(tmp_path, [landscape.TrajectoryRecorder(tmp_path / "whole.pt")])
    path, ckpt = tmp_path / "cut.pt", tmp_path / "ckpt"
    with pytest.raises(KeyboardInterrupt):
        _train(tmp_path, [landscape.TrajectoryRecorder(path), crash], checkpoint_dir=ckpt, checkpoint_every=3)
    # After the epoch-end crash the file holds a point the checkpoint (step 12) never saw.
    assert torch.load(path, weights_only=True)["epochs"].tolist() == left
    _train(tmp_path, [landscape.TrajectoryRecorder(path)], checkpoint_dir=ckpt, resume=True)
    whole, cut = (torch.load(p, weights_only=True) for p in (tmp_path / "whole.pt", path))
    assert cut["epochs"].tolist() == [0, 1, 2, 3, 4] and torch.equal(cut["params"], whole["params"])


def test_resuming_without_the_trajectory_file_is_refused(tmp_path):
    path, ckpt = tmp_path / "t.pt", tmp_path / "ckpt"
    with pytest.raises(KeyboardInterrupt):
        _train(tmp_path, [landscape.TrajectoryRecorder(path), _Crash(step=9)], checkpoint_dir=ckpt, checkpoint_every=3)
    path.unlink()
    with pytest.raises(ValueError, match=r"cannot resume the trajectory in .*t\.pt: the checkpoint expects"):
        _train(tmp_path, [landscape.TrajectoryRecorder(path)], checkpoint_dir=ckpt, resume=True)


@pytest.mark.slow
def test_draw_writes_the_three_pictures(tmp_path):
    recorder = landscape.TrajectoryRecorder(tmp_path / "trajectory.pt")
    h = _train(tmp_path, [recorder])
    X, y = _data(600)
    files = landscape.draw(
        h.model, "cross_entropy", (X, y), tmp_path / "plots", trajectory=tmp_path / "trajectory.pt", points=5
    )
    assert [f.name for f in files] == ["landscape_1d.png", "landscape_2d.png", "landscape_pca.png"]
    for f in files:
        data = f.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    # The same trajectory as a tensor; two points are too few for a plane.
    params = torch.load(tmp_path / "trajectory.pt", weights_only=True)["params"]
    assert len(landscape.draw(h.model, "cross_entropy", (X, y), tmp_path / "two", trajectory=params[:2], points=3)) == 2
    with pytest.raises(ValueError, match="recorded for another model"):
        landscape.draw(_model(), "cross_entropy", (X, y), tmp_path / "other", trajectory=params, points=3)
    with pytest.raises(ValueError, match="points must be an integer >= 3, got 2"):
        landscape.draw(h.model, "cross_entropy", (X, y), tmp_path, points=2)
    with pytest.raises(ValueError, match=r"points must be an integer >= 3, got 5\.0"):
        landscape.draw(h.model, "cross_entropy", (X, y), tmp_path, points=5.0)


def test_a_float64_models_direction_has_its_filter_norms_to_float64_precision():
    """Was: scaled in float32, the norms matched to 1e-7 only."""
    model = _model().double()
    d = landscape.random_direction(model, torch.Generator().manual_seed(0))
    for t, p in zip(d, model.parameters()):
        if p.ndim >= 2:
            ratio = t.flatten(1).norm(dim=1) / p.detach().flatten(1).norm(dim=1)
            assert t.dtype == torch.float64 and (ratio - 1).abs().max() < 1e-13
    assert _same(d, landscape.random_direction(_model().double(), torch.Generator().manual_seed(0)))


def test_every_picture_of_draw_has_the_models_loss_at_a_point_of_its_grid(tmp_path, monkeypatch):
    """Was: an even ``points`` (or the PCA plane's grid over the trajectory's range) stepped over
    the origin, so that the loss at the trained weights was never evaluated, only interpolated
    between its neighbours; and 99 points put the middle at -1e-17, not 0."""
    from descend.landscape import drawing

    model, (X, y) = _model(), _data()
    model.eval()
    with torch.no_grad():
        expected = float(torch.nn.functional.cross_entropy(model(X), y))
    evaluated = []
    for name in ("slice_1d", "slice_2d"):
        real = getattr(drawing, name)
        monkeypatch.setattr(
            drawing, name, lambda *a, _real=real: evaluated.append(_real(*a)) or evaluated[-1], raising=True
        )
    start = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    g = torch.Generator().manual_seed(0)
    path = start + 0.1 * torch.randn(4, start.numel(), generator=g).cumsum(0).flip(0) - 0.1 * torch.randn(start.numel())
    path[-1] = start
    drawing.draw(model, "cross_entropy", (X, y), tmp_path, trajectory=path, points=5)
    assert len(evaluated) == 3

    def stop(*args):
        raise KeyboardInterrupt  # the 99 x 99 planes are not needed, only the line's grid

    monkeypatch.setattr(drawing, "slice_2d", stop)
    with pytest.raises(KeyboardInterrupt):
        drawing.draw(model, "cross_entropy", (X, y), tmp_path, points=99)
    assert len(evaluated) == 4
    for picture in evaluated:
        axes = [picture.alphas] if picture.losses.ndim == 1 else [picture.alphas, picture.betas]
        middle = tuple(int(np.flatnonzero(a == 0.0)[0]) for a in axes)  # IndexError: no point at 0
        assert picture.losses[middle] == expected
    with pytest.raises(ValueError, match=r"^points must be odd, so that the middle of the grid .* got 20: 19 or 21$"):
        drawing.draw(model, "cross_entropy", (X, y), tmp_path, points=20)


def test_a_dataloader_is_read_once_and_its_batches_weighted_by_size(tmp_path):
    """Was: TypeError "data must be an (X, y) pair of tensors, got DataLoader", where train takes one."""
    from torch.utils.data import DataLoader, TensorDataset

    model, (X, y) = _model(), _data(40)
    g = torch.Generator().manual_seed(0)
    d = landscape.random_direction(model, g)
    whole = landscape.slice_1d(model, "cross_entropy", (X, y), d, [-1.0, 0.0, 0.5])
    shuffled = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True, generator=g)  # 16, 16, 8
    for data in (shuffled, TensorDataset(X, y)):
        line = landscape.slice_1d(model, "cross_entropy", data, d, [-1.0, 0.0, 0.5])
        assert line.losses == pytest.approx(whole.losses, rel=1e-6)
    plane = landscape.slice_2d(model, "cross_entropy", shuffled, (d, d), [0.0, 0.5], [0.0])
    assert plane.losses[:, 0] == pytest.approx(whole.losses[1:], rel=1e-6)
    files = landscape.draw(model, "cross_entropy", shuffled, tmp_path, points=3)
    assert [f.name for f in files] == ["landscape_1d.png", "landscape_2d.png"]

    class Counted(TensorDataset):  # how many examples a picture read of a large set
        read = 0

        def __getitem__(self, i):
            Counted.read += 1
            return super().__getitem__(i)

    big = Counted(torch.randn(3000, 4), torch.randint(0, 3, (3000,)))
    landscape.draw(model, "cross_entropy", DataLoader(big, batch_size=100), tmp_path, points=3)
    assert Counted.read == 600  # the first batches that hold 512 examples, not all 3000
    Counted.read = 0
    landscape.draw(model, "cross_entropy", big, tmp_path, points=3)
    assert Counted.read == 512
    with pytest.raises(TypeError, match=r"^data must be an \(X, y\) pair of tensors, or a DataLoader or Dataset"):
        landscape.slice_1d(model, "cross_entropy", {"X": X}, d, [0.0])


def test_the_pictures_mark_losses_that_overflowed_and_scale_decades_by_log(tmp_path, monkeypatch):
    """Was: an infinite or NaN loss left a silent gap (the line ended, the contour blank, read as
    a plateau), and a line from 0.01 at the weights to 10 at the edges was flat on a linear axis."""
    from descend.landscape import drawing

    model, data = _model(), _data()
    grid = [math.inf, 10.0, 0.01, 1.0, math.nan]
    monkeypatch.setattr(drawing, "slice_1d", lambda model, loss, data, d, a: landscape.Slice1D(a, np.array(grid)))
    plane = np.add.outer(np.array(grid[1:4]), np.zeros(3))
    plane[0, 0] = math.inf
    monkeypatch.setattr(
        drawing, "slice_2d", lambda model, loss, data, d, a, b: landscape.Slice2D(a[1:4], b[1:4], plane)
    )
    figures = []
    monkeypatch.setattr(drawing, "_save", lambda fig, path: figures.append(fig) or path)
    drawing.draw(model, "cross_entropy", data, tmp_path, points=5)
    line, contour = (fig.axes[0] for fig in figures)
    assert line.get_yscale() == "log"

    def marked(ax):
        return [np.asarray(m.get_xdata()).tolist() for m in ax.get_lines() if m.get_label().startswith("loss not")]

    assert marked(line) == [[-1.0, 1.0]] and marked(contour) == [[-0.5]]


def test_a_diverged_trajectorys_nan_points_are_left_out_or_named(tmp_path, monkeypatch):
    """Was: torch's "linalg.svd: The algorithm failed to converge because the input matrix
    contained non-finite values" from the trajectory of a run that diverged."""
    from descend.landscape import drawing

    model, data = _model(), _data()
    start = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    path = start + 0.1 * torch.randn(6, start.numel(), generator=torch.Generator().manual_seed(0)).cumsum(0)
    path[4:] = math.nan
    with pytest.raises(ValueError, match=r"^pca_directions needs finite weights, .* in its rows \[4, 5\] \(a run"):
        landscape.pca_directions(path, start)
    figures = []
    monkeypatch.setattr(drawing, "_save", lambda fig, where: figures.append(fig) or where)
    files = drawing.draw(model, "cross_entropy", data, tmp_path, trajectory=path, points=3)
    assert [f.name for f in files][-1] == "landscape_pca.png"
    labels = [line.get_label() for line in figures[-1].axes[0].get_lines()]
    assert "trajectory (2 later points not finite, left out)" in labels
    path[2:] = math.nan  # two finite points: no plane
    assert len(drawing.draw(model, "cross_entropy", data, tmp_path, trajectory=path, points=3)) == 2
    with torch.no_grad():
        model[3].bias[1] = math.inf  # was: pictures of NaN, every point marked
    with pytest.raises(ValueError, match=r"^the model's weights hold NaN or infinity \(in 3\.bias\): a run that"):
        drawing.draw(model, "cross_entropy", data, tmp_path / "nan", points=3)
    assert not (tmp_path / "nan").exists()


def test_a_model_generator_seed_or_directions_of_another_kind_are_named(tmp_path):
    """Was: "'str' object has no attribute 'parameters'", torch's "randn() received an invalid
    combination of arguments", "manual_seed expected a long", "object of type 'int' has no len()"
    and "new(): invalid data type 'str'"."""
    model, data = _model(), _data()
    d = landscape.random_direction(model)
    taken = r"takes the trained model, a torch.nn.Module \(a History's is history.model\), got str$"
    for call, who in (
        (lambda: landscape.random_direction("mlp"), "random_direction"),
        (lambda: landscape.slice_1d("mlp", "cross_entropy", data, d, [0.0]), "slice_1d"),
        (lambda: landscape.slice_2d("mlp", "cross_entropy", data, (d, d), [0.0], [0.0]), "slice_2d"),
    ):
        with pytest.raises(TypeError, match=f"^{who} {taken}"):
            call()
    with pytest.raises(TypeError, match=r"^generator must be a torch.Generator or None, got int 5: for seed 5, torch"):
        landscape.random_direction(model, 5)
    with pytest.raises(ValueError, match=r"^seed must be an integer, got 1\.5$"):
        landscape.draw(model, "cross_entropy", data, tmp_path, points=3, seed=1.5)
    with pytest.raises(TypeError, match=r"^slice_2d needs two directions \(d, e\), got int 5$"):
        landscape.slice_2d(model, "cross_entropy", data, 5, [0.0], [0.0])
    with pytest.raises(TypeError, match=r"^pca_directions takes the trajectory, .* got str and int$"):
        landscape.pca_directions("path.pt", 1)


def test_a_double_model_takes_float32_data_as_train_does(tmp_path):
    # was torch's "mat1 and mat2 must have the same dtype, but got Float and Double"
    model, (X, y) = _model().double().eval(), _data()
    with torch.no_grad():
        expected = float(torch.nn.functional.cross_entropy(model(X.double()), y))
    d = landscape.random_direction(model, torch.Generator().manual_seed(1))
    assert landscape.slice_1d(model, "cross_entropy", (X, y), d, [0.0, 0.5]).losses[0] == expected
    plane = landscape.slice_2d(model, "cross_entropy", (X, y), (d, d), [0.0], [0.0])
    assert plane.losses[0, 0] == expected
    line = torch.nn.Linear(4, 1).double()
    regression = landscape.slice_1d(line, "mse", (X, X[:, 0]), [torch.ones(1, 4), torch.ones(1)], [0.0])
    with torch.no_grad():  # targets cast too: float64 throughout
        assert regression.losses[0] == float(torch.nn.functional.mse_loss(line(X.double())[:, 0], X[:, 0].double()))
    start = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    path = start + torch.randn(
        3, start.numel(), dtype=torch.float64, generator=torch.Generator().manual_seed(0)
    ).cumsum(0)
    files = landscape.draw(model, "cross_entropy", (X, y), tmp_path, trajectory=path, points=3)
    assert [f.name for f in files] == ["landscape_1d.png", "landscape_2d.png", "landscape_pca.png"]


def test_a_compiled_model_has_the_landscape_of_the_module_inside(tmp_path):
    """Was: the first-batch check's hooks on torch.compile's wrapper were traced by dynamo, which
    raised "AssertionError: UnspecializedNNModuleVariable(Sequential) is already tracked for
    mutation" from slice_1d, slice_2d and draw."""
    model, (X, y) = _model(), _data()
    compiled = torch.compile(model, backend="eager")
    d = landscape.random_direction(compiled, torch.Generator().manual_seed(1))
    line = landscape.slice_1d(compiled, "cross_entropy", (X, y), d, [-1.0, 0.0, 1.0]).losses
    assert line.tolist() == landscape.slice_1d(model, "cross_entropy", (X, y), d, [-1.0, 0.0, 1.0]).losses.tolist()
    assert landscape.slice_2d(compiled, "cross_entropy", (X, y), (d, d), [0.0], [1.0]).losses[0, 0] == line[2]
    files = landscape.draw(compiled, "cross_entropy", (X, y), tmp_path, points=3)
    assert [f.name for f in files] == ["landscape_1d.png", "landscape_2d.png"]


def test_a_folder_that_cannot_be_made_is_named_before_any_slice(tmp_path, monkeypatch):
    """Was mkdir's bare "[Errno 17] File exists: '.../taken'" (and pathlib's TypeError for a
    number)."""
    model, data = _model(), _data()
    (tmp_path / "taken").write_text("a file")
    monkeypatch.setattr(landscape.drawing, "slice_1d", lambda *a, **k: pytest.fail("evaluated before the check"))
    for out, kind in ((tmp_path / "taken", FileExistsError), (tmp_path / "taken" / "sub", NotADirectoryError)):
        with pytest.raises(
            kind, match=rf"^cannot write the landscape pictures to '.*landscape_1d\.png': '{tmp_path / 'taken'}' is a "
            "file, not a folder$",
        ):  # fmt: skip
            landscape.draw(model, "cross_entropy", data, out, points=3)
    with pytest.raises(TypeError, match=r"^out_dir must be a folder name \(str or os.PathLike\), got int$"):
        landscape.draw(model, "cross_entropy", data, 3, points=3)


def test_data_as_a_dataframe_text_or_nan_is_read_or_named():
    """A DataFrame stopped with pandas' "KeyError: 4" (torch indexed it by row), text labels with
    torch's "can't convert np.ndarray of type numpy.str_", and a NaN input drew pictures of NaN."""
    pd = pytest.importorskip("pandas")
    model, (X, y) = _model(), _data()
    model.eval()
    direction = landscape.random_direction(model, torch.Generator().manual_seed(0))
    frame = (pd.DataFrame(X.numpy()), pd.Series(y.numpy()))
    same = [landscape.slice_1d(model, "cross_entropy", d, direction, [0.0, 0.5]).losses for d in ((X, y), frame)]
    assert same[0] == pytest.approx(same[1])
    with pytest.raises(
        TypeError,
        match=r"^data y must be numbers \(class labels as the model's class indices 0\.\.k-1\), got <U1 values such "
        r"as 'a'$",
    ):
        landscape.slice_1d(model, "cross_entropy", (X, ["a"] * len(X)), direction, [0.0])
    X[[3, 7], 1] = float("nan")
    with pytest.raises(
        ValueError, match=r"^data X contains NaN in 2 rows \(first: row 3\); remove or fill those values$"
    ):
        landscape.slice_1d(model, "cross_entropy", (X, y), direction, [0.0])


def test_a_trajectory_path_that_cannot_be_a_file_is_named(tmp_path):
    """A folder was refused only at the first epoch, by os.replace's "[Errno 21] Is a directory:
    '.../.trajectory.XXXX.tmp' -> 'runs'"; a path under a file by mkdir's "[Errno 17] File exists"."""
    with pytest.raises(
        ValueError, match=rf"^path '{tmp_path}' is a folder: give a file in it for the trajectory, such as "
    ):
        landscape.TrajectoryRecorder(tmp_path)
    (tmp_path / "notes.txt").write_text("a file")
    recorder = landscape.TrajectoryRecorder(tmp_path / "notes.txt" / "trajectory.pt")
    X, y = _data()
    with pytest.raises(
        FileExistsError,
        match=rf"^cannot write the trajectory to '{tmp_path}/notes.txt/trajectory.pt': '{tmp_path}/notes.txt' is a "
        "file, not a folder$",
    ):
        ds.train("softmax", (X, y), lr=0.1, epochs=1, progress=False, instruments=False, callbacks=[recorder])


def test_the_pictures_read_every_class_of_data_sorted_by_class(tmp_path, monkeypatch):
    """draw evaluated the first 512 rows: of 1024 sorted by class, class 0 alone, and the
    pictures showed that class's loss as the model's."""
    model = _model()
    X = torch.randn(1024, 4, generator=torch.Generator().manual_seed(0))
    y = torch.repeat_interleave(torch.tensor([0, 1, 2, 3]), 256) % 3
    read = {}
    real = landscape.drawing.slice_1d

    def spy(model, loss, data, *args, **kwargs):
        read["labels"] = data[1]
        return real(model, loss, data, *args, **kwargs)

    monkeypatch.setattr(landscape.drawing, "slice_1d", spy)
    landscape.draw(model, "cross_entropy", (X, y), tmp_path, points=3)
    assert len(read["labels"]) == 512
    assert torch.bincount(read["labels"]).tolist() == [256, 128, 128]  # each class its share (0: two blocks)
    assert landscape.slices.spread_rows(1024, 512)[[0, -1]].tolist() == [0, 1023]


def test_the_pictures_name_the_loss_and_the_weights_they_are_centred_on(tmp_path, monkeypatch):
    """Was "loss" and "trained weights" whatever the data and the checkpoint: a run's landscape
    of the validation loss read as the training loss its trajectory descended."""
    from descend.landscape import drawing

    model, data = _model(), _data()
    start = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    path = start + 0.1 * torch.randn(4, start.numel(), generator=torch.Generator().manual_seed(0)).cumsum(0)
    figures = []
    monkeypatch.setattr(drawing, "_save", lambda fig, where: figures.append(fig) or where)
    words = {"loss_label": "training loss (64 training examples)", "centre": "best checkpoint (end of epoch 2)"}
    drawing.draw(model, "cross_entropy", data, tmp_path, trajectory=path, points=3, **words)
    line, plane, pca = (fig.axes for fig in figures)
    assert line[0].get_ylabel() == words["loss_label"]
    assert [ax.get_ylabel() for ax in (plane[1], pca[1])] == [words["loss_label"]] * 2  # the colour bars
    for axes in (line, plane, pca):
        assert words["centre"] in axes[0].get_legend_handles_labels()[1]
    assert plane[0].get_title() == "loss around the best checkpoint (end of epoch 2)"
    with pytest.raises(TypeError, match=r"^loss_label must be a non-empty str naming it on the pictures, got ''$"):
        drawing.draw(model, "cross_entropy", data, tmp_path, points=3, loss_label="")


def test_the_contours_legend_is_below_the_picture_not_over_the_loss(tmp_path, monkeypatch):
    """Was: the legend inside the axes of the contour pictures, over the lowest loss of wine's
    trajectory plane (softmax, 40 epochs): matplotlib's placement skips lines, not a filled contour."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from descend.landscape import drawing

    model, data = _model(), _data()
    start = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    path = start + 0.1 * torch.randn(4, start.numel(), generator=torch.Generator().manual_seed(0)).cumsum(0)
    figures = []
    monkeypatch.setattr(drawing, "_save", lambda fig, where: figures.append(fig) or where)
    drawing.draw(model, "cross_entropy", data, tmp_path, trajectory=path, points=3)
    for fig in figures[1:]:
        ax = fig.axes[0]
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        (legend,) = fig.legends
        assert ax.get_legend() is None
        assert legend.get_window_extent(renderer).y1 < ax.get_tightbbox(renderer).y0  # under the axis' labels
        assert "trained weights" in [t.get_text() for t in legend.get_texts()]
