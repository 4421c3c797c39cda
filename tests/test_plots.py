"""The pictures: produced, saved as PNGs, and holding what they promise (panels, lines, scales,
findings)."""

import dataclasses
import io
import math
import re
import warnings

import numpy as np
import pytest
import torch

import descend as ds
from _png import is_png
from descend import functions as F
from descend import plots
from descend.lr_find import LRFinderResult


def _data(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 4, generator=g)
    return X, (X[:, 0] + X[:, 1] > 0).long()


@pytest.fixture(scope="module")
def history():
    """A classifier with validation data, 4 mini-batches per epoch."""
    X, y = _data()
    Xv, yv = _data(seed=1)
    return ds.train("softmax", (X, y), val_data=(Xv, yv), lr=0.1, batch_size=16, epochs=4, tol=None, progress=False)


def _findings(ax):
    return sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_gid() == "finding")


def _curves(ax):
    return [line for line in ax.get_lines() if line.get_gid() != "finding"]


def _by_title(fig):
    return {ax.get_title(): ax for ax in fig.axes}


@pytest.mark.slow
def test_training_draws_every_panel_with_its_scale_and_saves_a_png(history, tmp_path):
    fig = plots.training(history, tmp_path / "deep" / "training.png")
    assert is_png(tmp_path / "deep" / "training.png", 20_000)
    axes = _by_title(fig)
    assert list(axes) == [
        "loss",
        "accuracy",
        "loss per step",
        "learning rate",
        "gradient norm",
        "update / weight ratio",
        "stability ratio",
        "gradient noise scale",
    ]
    assert len(_curves(axes["loss"])) == 2 and len(_curves(axes["accuracy"])) == 2  # training, validation
    assert len(_curves(axes["gradient norm"])[0].get_xdata()) == len(history.steps["loss"]) == 16
    assert axes["gradient norm"].get_yscale() == "log"
    ratios = axes["update / weight ratio"]
    assert ratios.get_yscale() == "log" and [line.get_label() for line in _curves(ratios)] == ["weight", "bias"]
    # The instruments' readings of the run (train's default sampling: the last at step 16).
    stability, threshold = _curves(axes["stability ratio"])
    assert list(stability.get_xdata()) == [row["step"] for row in history.instruments]
    assert len(history.instruments) >= 2 and history.instruments[-1]["step"] == 16
    assert list(stability.get_ydata()) == [row["stability"] for row in history.instruments]
    assert threshold.get_label() == "stability threshold" and list(threshold.get_ydata()) == [1.0, 1.0]
    lines = {line.get_label(): line for line in _curves(axes["gradient noise scale"])}
    beyond = [row["step"] for row in history.instruments if row["noise_scale"] == math.inf]
    marked = lines.get("B_simple beyond measure, ∞ (|G|² estimated ≤ 0)")  # readings beyond measure (inf) apart
    assert (list(marked.get_xdata()) if marked else []) == beyond
    batch = lines["batch size 16"]
    assert list(batch.get_ydata()) == [16, 16]


def test_findings_are_marked_at_their_step_and_at_that_steps_epoch(history):
    found = [ds.Diagnosis("oscillation", 6, "e", "a"), ds.Diagnosis("overfitting", 13, "e", "a")]
    fig = plots.training(dataclasses.replace(history, diagnoses=found))
    axes = _by_title(fig)
    for title in ("learning rate", "gradient norm", "update / weight ratio"):
        assert _findings(axes[title]) == [6, 13]
    epochs = [history.steps["epoch"][5], history.steps["epoch"][12]]  # 4 steps per epoch
    assert epochs == [1, 3]
    for title in ("loss", "accuracy"):
        assert _findings(axes[title]) == epochs
    labels = [t.get_text().strip() for t in axes["loss"].texts]
    assert labels == ["oscillation", "overfitting"]
    # Explicit findings replace the history's own; a finding without a step is not drawn.
    fig = plots.training(history, diagnoses=[ds.Diagnosis("slow_progress", None, "e", "a")])
    assert all(_findings(ax) == [] for ax in fig.axes)


def test_diagnoses_that_are_not_findings_are_named(history):
    """Was: TypeError "'int' object is not iterable" from inside the figure."""
    for bad, shown in ((5, "5"), (["overfitting"], "['overfitting']")):
        with pytest.raises(
            TypeError, match=rf"^diagnoses must be a list of the doctor's findings .* got {re.escape(shown)}$"
        ):
            plots.training(history, diagnoses=bad)


def test_a_loss_that_reached_zero_keeps_the_log_scale_and_is_marked_at_the_foot():
    """Was: one loss of exactly 0 (an exact fit, a saturated cross-entropy of a diverged run)
    put 10 .. 0.01 on a linear axis, the other runs flat along its foot."""
    h, other = ds.History(), ds.History()
    h.epochs = {"epoch": [0, 1, 2, 3], "loss": [10.0, 1.0, 0.01, 0.0], "val_loss": [12.0, 2.0, 0.5, 0.0]}
    other.epochs = {"epoch": [0, 1], "loss": [5.0, 3.0]}
    for ax in (plots.training(h).axes[0], plots.curves({"fits": h, "other": other}).axes[0]):
        assert ax.get_yscale() == "log"
        lines = {line.get_label(): line for line in ax.get_lines()}
        drawn = lines.get("training", lines.get("fits"))
        assert list(drawn.get_ydata()) == [10.0, 1.0, 0.01]  # the 0 is not dived to
        zeros = [label for label in lines if label.endswith("0 (below the log scale)")]
        assert len(zeros) == 2 and list(lines[zeros[0]].get_xdata()) == [3]

    def f(x):
        return (x**2).sum()

    exact = ds.minimize(f, [1.0, 1.0], optimizer="gd", lr=0.5, max_iter=3)  # x = 0 after one step
    assert exact.history.loss.tolist()[:2] == [2.0, 0.0]
    slow = ds.minimize(f, [1.0, 1.0], optimizer="gd", lr=0.1, max_iter=10)  # 2 .. 0.02
    assert plots.curves({"exact": exact, "slow": slow}).axes[0].get_yscale() == "log"


def test_the_loss_of_every_step_is_drawn_with_its_non_finite_ones_marked():
    """Was: only the loss per epoch was drawn, a dot for a run of one epoch, and the oscillation
    the doctor found in the per-step loss was marked on a panel that did not show it."""
    h = ds.History()
    h.steps = {"step": [1, 2, 3, 4, 5], "epoch": [0] * 5, "loss": [2.0, 0.5, 3.0, 0.02, math.nan]}
    h.epochs = {"epoch": [0], "loss": [1.1]}
    h.diagnoses = [ds.Diagnosis("oscillation", 4, "e", "a")]
    ax = _by_title(plots.training(h))["loss per step"]
    drawn = _curves(ax)
    assert list(drawn[0].get_xdata()) == [1, 2, 3, 4, 5] and list(drawn[0].get_ydata()[:4]) == [2.0, 0.5, 3.0, 0.02]
    assert [line.get_label() for line in drawn[1:]] == ["loss not finite (NaN or inf)"]
    assert ax.get_yscale() == "log" and _findings(ax) == [4]


def test_a_loss_spanning_decades_is_on_a_log_scale_and_empty_panels_are_left_out():
    h = ds.History()
    h.epochs = {"epoch": [0, 1, 2], "loss": [10.0, 1.0, 0.05]}
    fig = plots.training(h)
    (ax,) = fig.axes
    assert ax.get_title() == "loss" and ax.get_yscale() == "log"
    h.epochs["loss"] = [1.0, 0.8, 0.5]
    assert plots.training(h).axes[0].get_yscale() == "linear"
    with pytest.raises(ValueError, match="nothing to draw"):
        plots.training(ds.History())


def test_a_one_epoch_run_and_validation_every_other_epoch_are_drawn():
    # Was: a one-epoch run's loss panels were empty (a line of one point) on an axis ticked at
    # 0 ± 0.05, and validation every other epoch drew no line (each point between two NaN).
    one = ds.History(epochs={"epoch": [0], "loss": [0.8], "val_loss": [0.9]})
    nan = float("nan")
    gaps = ds.History(epochs={"epoch": [0, 1, 2, 3], "loss": [1.0, 0.8, 0.6, 0.5], "val_loss": [nan, 0.9, nan, 0.7]})
    for fig in (plots.training(one), plots.curves({"run": one})):
        ax = fig.axes[0]
        assert [line.get_marker() for line in _curves(ax)] == ["o", "o"]
        assert ax.get_xlim() == (-1.0, 1.0)
    for fig in (plots.training(gaps), plots.curves({"run": gaps})):
        train, val = _curves(fig.axes[0])  # no mark: a validation loss NaN is an epoch not validated
        assert list(train.get_xdata()) == [0, 1, 2, 3] and list(val.get_xdata()) == [1, 3]
        assert list(val.get_ydata()) == [0.9, 0.7] and val.get_marker() in ("None", "", None)
    gaps.epochs["loss"][2] = nan  # a training loss NaN is marked
    (mark,) = [line for line in _curves(plots.training(gaps).axes[0]) if line.get_marker() == "x"]
    assert list(mark.get_xdata()) == [2]


def test_rows_that_evaluations_closed_are_drawn_at_their_step():
    # Was: a watched loop's evaluations every 10 updates drawn at 0, 1, 2, ... on an axis named
    # "epoch", and a finding at step 25 marked at "epoch" 2 there.
    nan = float("nan")
    steps = list(range(1, 36))
    h = ds.History(
        steps={"step": steps, "epoch": [min((s - 1) // 10, 3) for s in steps], "loss": [1.0] * 35, "lr": [[0.1]] * 35},
        epochs={
            "epoch": [0, 1, 2, 3],
            "step": [10, 20, 30, nan],
            "loss": [0.9, 0.8, 0.7, 0.6],
            "val_loss": [1.0, 0.9, 0.8, 0.85],
        },
        diagnoses=[ds.Diagnosis("overfitting", 25, "e", "a", {})],
    )
    ax = plots.training(h).axes[0]
    train, val = _curves(ax)
    assert ax.get_xlabel() == "step" and list(train.get_xdata()) == [10, 20, 30, 35]  # the last row: close()'s
    assert _findings(ax) == [25]


def test_curves_draw_evaluation_rows_at_their_step_and_epoch_rows_of_other_runs_at_their_last_update():
    # Was: evaluations every 10 updates drawn at 0, 1, 2 on an axis named "epoch", beside
    # another run's epochs 0, 1, 2 (30 updates each): one point for step 10 and for step 30.
    nan = float("nan")
    steps = list(range(1, 91))
    evaluated = ds.History(
        steps={"step": steps[:35], "epoch": [min((s - 1) // 10, 3) for s in steps[:35]]},
        epochs={"epoch": [0, 1, 2, 3], "step": [10, 20, 30, nan], "loss": [0.9, 0.8, 0.7, 0.6]},
    )
    per_epoch = ds.History(
        steps={"step": steps, "epoch": [(s - 1) // 30 for s in steps]}, epochs={"loss": [0.9, 0.5, 0.4]}
    )
    ax = plots.curves({"watched": evaluated, "trained": per_epoch}).axes[0]
    watched, trained = ax.get_lines()
    assert ax.get_xlabel() == "step"
    assert list(watched.get_xdata()) == [10, 20, 30, 35] and list(trained.get_xdata()) == [30, 60, 90]
    assert plots.curves({"trained": per_epoch}).axes[0].get_xlabel() == "epoch"  # runs without evaluations: as before


def test_learning_rate_is_one_line_per_parameter_group():
    h = ds.History()
    h.steps = {
        "step": [1, 2, 3],
        "epoch": [0, 0, 0],
        "loss": [1.0, 0.5, 0.2],
        "lr": [[0.1, 0.001], [0.1, 0.001], [0.05, 0.0005]],
        "grad_norm": [1.0, 0.5, 0.1],
    }
    axes = _by_title(plots.training(h))
    lines = axes["learning rate"].get_lines()
    assert [line.get_label() for line in lines] == ["group 0", "group 1"]
    assert list(lines[1].get_ydata()) == [0.001, 0.001, 0.0005]
    assert axes["learning rate"].get_yscale() == "log"  # 0.0005 .. 0.1


def _instrumented(rows, lr=0.1):
    """A history of 40 plain steps at ``lr`` holding the instruments' ``rows``."""
    h = ds.History()
    h.steps = {
        "step": list(range(1, 41)),
        "epoch": [0] * 40,
        "loss": [1.0 / s for s in range(1, 41)],
        "lr": [[lr]] * 40,
        "grad_norm": [1.0] * 40,
    }
    h.instruments = rows
    return h


def _reading(step, sharpness, noise_scale, lr=0.1, batch_size=32, c=2.0):
    threshold = c / lr
    return {
        "step": step,
        "probe_loss": 1.0 / (step + 1),
        "sharpness": sharpness,
        "threshold": threshold,
        "stability": sharpness / threshold,
        "noise_scale": noise_scale,
        "batch_size": batch_size,
        "alpha": 0.0,
    }


def test_the_instruments_draw_the_stability_ratio_against_1_and_the_noise_scale_against_the_batch_size():
    nan = float("nan")
    rows = [_reading(0, 4.0, 8.0), _reading(10, nan, nan), _reading(20, 30.0, 50.0), _reading(30, 25.0, float("inf"))]
    axes = _by_title(plots.training(_instrumented(rows)))
    assert list(axes)[-2:] == ["stability ratio", "gradient noise scale"]
    stability = axes["stability ratio"]
    (ratio, line) = stability.get_lines()
    assert list(ratio.get_xdata()) == [0, 20, 30]  # the NaN reading is skipped
    assert np.allclose(ratio.get_ydata(), [0.2, 1.5, 1.25])  # λ_max·lr/2
    assert ratio.get_label() == "λ_max·lr/2" and stability.get_yscale() == "log"
    assert line.get_label() == "stability threshold" and list(line.get_ydata()) == [1.0, 1.0]
    noise = axes["gradient noise scale"]
    scale, batch, _, beyond = noise.get_lines()
    assert list(scale.get_xdata()) == [0, 20] and list(scale.get_ydata()) == [8.0, 50.0]  # NaN and inf not joined
    assert beyond.get_label() == "B_simple beyond measure, ∞ (|G|² estimated ≤ 0)" and list(beyond.get_xdata()) == [30]
    assert batch.get_label() == "batch size 32" and list(batch.get_ydata()) == [32, 32]
    assert noise.get_yscale() == "log"


def test_the_stability_ratio_names_the_momentum_threshold_and_a_changing_batch_size_is_a_step_line():
    rows = [_reading(s, 10.0, 100.0, batch_size=b, c=3.8) for s, b in ((0, 16), (20, 16), (30, 64))]
    axes = _by_title(plots.training(_instrumented(rows)))
    assert axes["stability ratio"].get_lines()[0].get_label() == "λ_max·lr/3.8"  # (2 + 2β)/lr, β = 0.9
    batch = axes["gradient noise scale"].get_lines()[1]
    assert batch.get_label() == "batch size" and list(batch.get_ydata()) == [16, 16, 64]
    # Without the rates the form is not known: the plain quotient.
    h = _instrumented(rows)
    h.steps = {k: [] for k in h.steps}
    h.epochs = {"epoch": [0], "loss": [1.0]}
    assert _by_title(plots.training(h))["stability ratio"].get_lines()[0].get_label() == "sharpness / threshold"


def test_the_stability_ratio_reads_the_rule_the_rows_recorded_without_the_rates():
    # Nesterov, β = 0.9: c = (2+2β)/(1+2β), recorded in the rows; no per-step rates needed
    rows = [{**_reading(s, 10.0, 100.0, c=3.8 / 2.8), "threshold_lr": 3.8 / 2.8} for s in (0, 20)]
    h = _instrumented(rows)
    h.steps = {k: [] for k in h.steps}
    h.epochs = {"epoch": [0], "loss": [1.0]}
    assert _by_title(plots.training(h))["stability ratio"].get_lines()[0].get_label() == "λ_max·lr/1.36"


def test_instrument_panels_are_left_out_without_rows_or_when_every_reading_is_nan():
    nan = float("nan")
    assert "stability ratio" not in _by_title(plots.training(_instrumented([])))
    axes = _by_title(plots.training(_instrumented([_reading(0, nan, nan), _reading(20, nan, nan)])))
    assert "stability ratio" not in axes and "gradient noise scale" not in axes
    axes = _by_title(plots.training(_instrumented([_reading(0, 4.0, nan)])))
    assert "stability ratio" in axes and "gradient noise scale" not in axes


@pytest.mark.slow
def test_curves_put_several_runs_on_one_plot_a_colour_each(history, tmp_path):
    X, y = _data()
    other = ds.train("softmax", (X, y), optimizer="sgd", lr=0.1, epochs=3, tol=None, progress=False)
    fig = plots.curves({"adam": history, "sgd": other}, tmp_path / "curves.png")
    assert is_png(tmp_path / "curves.png")
    loss_ax, metric_ax = fig.axes
    lines = loss_ax.get_lines()
    assert len(lines) == 3  # adam: training and validation; sgd: training only
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]
    assert lines[0].get_color() == lines[1].get_color() != lines[2].get_color()
    assert [t.get_text() for t in loss_ax.get_legend().get_texts()] == ["adam", "sgd"]
    assert len(metric_ax.get_lines()) == 3 and metric_ax.get_title().startswith("accuracy")
    with pytest.raises(ValueError, match="at least one run"):
        plots.curves({})


@pytest.mark.slow
def test_lr_find_draws_the_range_test_with_the_suggestion(tmp_path):
    lrs = list(np.geomspace(1e-5, 1.0, 20))
    losses = [2.0 - np.log10(lr + 1e-5) * 0.1 for lr in lrs]
    found = LRFinderResult(lrs, losses, losses, 1e-3, "steepest descent before the minimum", "", "done")
    fig = plots.lr_find(found, tmp_path / "lr_find.png")
    assert is_png(tmp_path / "lr_find.png")
    (ax,) = fig.axes
    assert ax.get_xscale() == "log" and len(ax.get_lines()) == 3  # raw, smoothed, suggestion
    none = dataclasses.replace(found, suggestion=None, reason="the loss never fell")
    assert len(plots.lr_find(none).axes[0].get_lines()) == 2


def test_a_picture_of_a_type_matplotlib_cannot_write_is_refused_by_the_command_lines_rule(history, tmp_path):
    """Was matplotlib's "Format 'txt' is not supported (supported formats: avif, eps, ...)"."""
    message = (
        r"expected a picture file \(\.png, \.pdf, \.svg, \.jpg, \.\.\.\), got '.*t\.txt': matplotlib cannot write \.txt"
    )
    with pytest.raises(ValueError, match=message):
        plots.training(history, tmp_path / "t.txt")
    with pytest.raises(ValueError, match=message):
        plots.curves({"a": history}, tmp_path / "t.txt")
    assert list(tmp_path.iterdir()) == []


def test_what_a_plot_does_not_draw_is_named_with_what_does(history):
    """Each was an AttributeError from inside the drawing ('list' object has no attribute 'values', ...)."""
    res = ds.minimize(F.booth, [0.0, 0.0], lr=0.05, max_iter=5)
    with pytest.raises(
        TypeError, match=r"^training draws a History .* got Result; .*plots\.trajectories\(function, result\)"
    ):
        plots.training(res)
    with pytest.raises(TypeError, match=r"^curves takes a mapping of names to runs, such as \{'sgd': h1, 'adam': h2\}"):
        plots.curves([history, history])
    with pytest.raises(TypeError, match=r"^curves \(run 'a'\) draws a History .* got int"):
        plots.curves({"a": 3})
    with pytest.raises(TypeError, match=r"^lr_find draws the result of descend\.lr_find .* got History"):
        plots.lr_find(history)
    found = LRFinderResult([1e-3, 1e-2], [1.0, 0.9], [1.0, 0.9], None, "", "too short", "done")
    with pytest.raises(TypeError, match=r"got the file name 'lf\.png': descend\.plots\.lr_find\(result, 'lf\.png'\)"):
        found.plot("lf.png")


def test_a_picture_path_that_is_a_folder_or_cannot_be_written_is_named(history, tmp_path):
    """A folder was saved beside itself as '<folder>.png' without a word; a path that cannot be
    written was PIL's FileNotFoundError from inside savefig."""
    with pytest.raises(
        ValueError, match=r"^path .* is a folder: give a file in it for the picture, such as .*picture\.png"
    ):
        plots.training(history, tmp_path)
    assert list(tmp_path.parent.glob(tmp_path.name + ".*")) == []
    (tmp_path / "file").write_text("")
    with pytest.raises(OSError, match=r"^cannot write the picture to .*sub\.png.: .*file. is a file, not a folder"):
        plots.curves({"a": history}, tmp_path / "file" / "sub.png")
    with pytest.raises(OSError, match=r"^cannot write the picture to '/proc/t\.png': "):
        plots.training(history, "/proc/t.png")


def test_curves_name_a_run_with_no_epoch_to_draw(history):
    """Was an empty picture and matplotlib's 'No artists with labels found to put in legend'."""
    with pytest.raises(ValueError, match=r"^curves draws each run's loss per epoch, but run 'empty' recorded none"):
        plots.curves({"a": history, "empty": ds.History()})


def test_an_estimator_given_for_its_history_is_pointed_to_history_():
    """Was "training draws a History (of descend.train or descend.watch), got GDClassifier"."""
    clf = ds.GDClassifier(lr=0.1, batch_size=None, max_epochs=2).fit(np.eye(4), [0, 1, 0, 1])
    with pytest.raises(TypeError, match=r"got GDClassifier; a fitted GDClassifier's record is its history_ attribute"):
        plots.training(clf)


def test_epochs_whose_loss_is_not_finite_are_marked_not_dropped():
    """A NaN or inf epoch loss vanished from the line: a run that blew up ended without a word."""
    h = ds.History(task="classification")
    for loss in (2.0, 1e6, float("nan"), float("inf")):
        h.append_epoch(loss=loss, accuracy=0.3, seconds=0.1)
    ax = plots.training(h).axes[0]
    marks = [line for line in ax.get_lines() if line.get_label() == "training loss not finite (NaN or inf)"]
    assert len(marks) == 1 and list(marks[0].get_xdata()) == [2, 3]
    labels = [line.get_label() for line in plots.curves({"a": h}).axes[0].get_lines()]
    assert "a: loss not finite (NaN or inf)" in labels


def test_a_gradient_norm_of_zero_is_marked_at_the_foot_not_dived_to():
    """Was: a diverged run's saturated steps (wine, mlp, Adam at lr=50: a norm of exactly 0 at
    10 of 25 steps) drew the log-scale line down off the picture at each, spikes as if the norm
    had plunged, and a norm between two zeros was not drawn at all."""
    h = ds.History()
    h.steps = {"step": [1, 2, 3, 4, 5], "epoch": [0] * 5, "loss": [1.0] * 5, "grad_norm": [3.0, 0.0, 5.0, 0.0, 2.0]}
    ax = _by_title(plots.training(h))["gradient norm"]
    line, zeros = _curves(ax)
    assert list(line.get_xdata()) == [1, 3, 5] and list(line.get_ydata()) == [3.0, 5.0, 2.0]
    assert zeros.get_label() == "gradient norm 0 (below the log scale)" and list(zeros.get_xdata()) == [2, 4]
    assert ax.get_yscale() == "log"


def test_a_step_loss_between_two_zero_losses_is_drawn():
    """Was: the zeros of a log-scale loss line were NaN gaps, so a loss between two of them was
    a line of one point, not drawn: a diverged run (wine, mlp, Adam at lr=50) showed none of its
    losses of 8.7e3 .. 6.9e4 at steps 11, 13, 16, 21 and 23, only the zeros' marks beside them."""
    h = ds.History()
    h.steps = {"step": [1, 2, 3, 4, 5], "epoch": [0] * 5, "loss": [2.0, 0.0, 5e4, 0.0, 0.1]}
    h.epochs = {"epoch": [0], "loss": [1.0]}
    line, zeros = _curves(_by_title(plots.training(h))["loss per step"])
    assert list(line.get_xdata()) == [1, 3, 5] and list(line.get_ydata()) == [2.0, 5e4, 0.1]
    assert list(zeros.get_xdata()) == [2, 4]


def test_a_noise_scale_beyond_measure_is_marked_even_where_it_is_the_only_reading():
    """Was: an infinite noise scale (the report: 'beyond measure: far above any batch size') was
    dropped from the panel: the diverged wine run (mlp, Adam at lr=50) showed its one reading of
    4.2 at step 1 below the batch size 32 and nothing at step 25, and a run whose readings were all
    infinite had no panel."""
    inf = float("inf")
    axes = _by_title(plots.training(_instrumented([_reading(0, 4.0, inf), _reading(20, 30.0, inf)])))
    batch, _, beyond = axes["gradient noise scale"].get_lines()
    assert list(beyond.get_xdata()) == [0, 20] and beyond.get_marker() == "^"
    assert batch.get_label() == "batch size 32"


@pytest.mark.parametrize("finite", [[4.0], [4.0, 30.0], [500.0, 900.0]])
def test_a_noise_scale_beyond_measure_is_drawn_above_every_finite_value_and_the_batch_size(finite):
    """Was: the mark at 96% of the panel's height, on the batch-size line where that was the
    highest value (32): it read as B_simple ≈ the batch size."""
    rows = [_reading(10 * i, 4.0, b) for i, b in enumerate(finite)] + [_reading(90, 4.0, float("inf"))]
    ax = _by_title(plots.training(_instrumented(rows)))["gradient noise scale"]
    beyond = next(line for line in ax.get_lines() if line.get_label().startswith("B_simple beyond measure"))
    to_axes = ax.transData + ax.transAxes.inverted()
    highest = to_axes.transform((0, max([*finite, 32])))[1]  # in axes fractions, the top 1
    assert list(beyond.get_ydata()) == [0.9] and highest <= 0.81
    assert [t.get_text() for t in ax.texts if t.get_text().strip() == "∞"] == [" ∞"]
    ticks = [*ax.get_yticks(), *ax.get_yticks(minor=True)]
    assert max(to_axes.transform([(0, t) for t in ticks])[:, 1]) <= 0.81  # the band has no value on the scale


def test_a_colour_bar_labels_each_of_its_levels_apart():
    """Was: 3 significant digits for levels that crowd towards the minimum: the landscape of
    iris's mlp after 15 epochs read 0.54, 0.54 at the foot of its trajectory plane's colour bar,
    and a bowl with minimum 0.6222 read 0.622, 0.623, 0.623."""
    from matplotlib.figure import Figure  # matplotlib is imported when a picture is drawn

    X, Y = np.meshgrid(np.linspace(-1, 1, 21), np.linspace(-1, 1, 21))
    fig = Figure()
    plots.filled_contour(fig.add_subplot(), X, Y, 0.6222 + 0.5 * (X**2 + Y**2), colorbar="loss")
    fig.savefig(io.BytesIO(), format="png")  # the labels are set when drawn
    bar = fig.axes[1]
    labels = [t.get_text() for t in bar.get_yticklabels()]
    assert len(labels) >= 5 and len(set(labels)) == len(labels)
    assert labels[:3] == ["0.6223", "0.6225", "0.6232"] and bar.get_ylabel() == "loss"


def test_a_batch_size_not_known_draws_no_batch_line():
    """Was: a watched loop not told batch_size= recorded it as NaN, and the noise-scale panel's
    legend read 'batch size nan' for a line drawn nowhere."""
    nan = float("nan")
    axes = _by_title(
        plots.training(_instrumented([_reading(0, 4.0, 8.0, batch_size=nan), _reading(20, 4.0, 9.0, batch_size=nan)]))
    )
    (scale,) = axes["gradient noise scale"].get_lines()
    assert scale.get_label() == "B_simple = tr(Σ)/|G|²" and list(scale.get_ydata()) == [8.0, 9.0]
    assert axes["gradient noise scale"].get_legend_handles_labels()[1] == ["B_simple = tr(Σ)/|G|²"]


def test_a_last_epoch_the_run_stopped_inside_is_drawn_hollow_and_named():
    """Was: a CNN on digits stopped by its 6 s time budget 1 step into its 16th epoch drew that
    step's batch as the epoch's training loss (0.043, up from 0.034) and accuracy (1.0), joined to
    the whole epochs' line as if the run had turned at the end."""
    h = ds.History()
    h.steps = {"step": list(range(1, 8)), "epoch": [0, 0, 0, 1, 1, 1, 2], "loss": [1.0] * 7}
    h.epochs = {"epoch": [0, 1, 2], "loss": [1.0, 0.5, 0.6], "accuracy": [0.5, 0.8, 1.0], "val_loss": [1.1, 0.7, 0.6]}
    axes = _by_title(plots.training(h))
    for title, whole in (("loss", [1.0, 0.5]), ("accuracy", [0.5, 0.8])):
        lines = {line.get_label(): line for line in _curves(axes[title])}
        assert list(lines["training"].get_ydata()) == whole
        cut = lines["epoch 2: 1 of 3 steps (stopped)"]
        assert list(cut.get_xdata()) == [1, 2] and cut.get_linestyle() == ":" and cut.get_markerfacecolor() == "white"
    validation = {line.get_label(): line for line in _curves(axes["loss"])}["validation"]
    assert list(validation.get_ydata()) == [1.1, 0.7, 0.6]  # of the whole validation set: as before
    h.steps["epoch"] = [0, 0, 0, 1, 1, 1, 2, 2, 2]  # a whole last epoch: one line
    assert [line.get_label() for line in _curves(_by_title(plots.training(h))["loss"])] == ["training", "validation"]


def test_the_step_panels_are_ticked_at_whole_steps():
    """Was: a run of 20 full-batch steps (wine, softmax, gd) had its per-step panels ticked at
    2.5, 5.0, ..., 17.5, 20.0, steps that do not exist."""
    h = _instrumented([_reading(1, 4.0, 8.0), _reading(20, 3.0, 9.0)])
    for name in ("step", "epoch", "loss", "lr", "grad_norm"):
        h.steps[name] = h.steps[name][:20]
    fig = plots.training(h)
    fig.savefig(io.BytesIO(), format="png")  # the ticks are placed when drawn
    for title in ("loss per step", "learning rate", "gradient norm", "stability ratio", "gradient noise scale"):
        ticks = [t for t in _by_title(fig)[title].get_xticks() if 1 <= t <= 20]
        assert len(ticks) >= 2 and all(t == int(t) for t in ticks), (title, ticks)


def test_the_sampled_panels_span_the_runs_steps():
    """Was: a watched loop of 60 steps read once, at step 60, drew its stability ratio and noise
    scale on steps 57-63, and its update ratio, sampled at step 1 alone, on 0.94-1.06 (ticked
    1.005, 1.02, ...), as if the readings filled the run."""
    h = _instrumented([_reading(40, 4.0, 8.0)])
    h.update_ratios = [{"step": 1, "w": 0.1}]
    axes = _by_title(plots.training(h))
    steps = axes["loss per step"].get_xlim()
    for title in ("update / weight ratio", "stability ratio", "gradient noise scale"):
        assert axes[title].get_xlim() == pytest.approx(steps), title


def test_the_range_tests_title_of_a_long_rule_fits_the_picture(tmp_path):
    """Was: lr='auto''s rule, 150 characters on one line ('successive halving of 6 pilot rates in
    [max(steepest/3, c η_s/64), max(minimum, η_s)], η_s = 0.0566, ...'), ran off both sides of
    the run folder's lr_find.png."""
    rule = (
        "successive halving of 6 pilot rates in [max(steepest/3, c η_s/64), max(minimum, η_s)], η_s = 0.0566, "
        "c = 0.976, 13 to 45 steps, the lowest pilot loss"
    )
    lrs = list(np.geomspace(1e-5, 1.0, 20))
    found = LRFinderResult(lrs, [1.0] * 20, [1.0] * 20, 1e-3, rule, "", "done")
    fig = plots.lr_find(found, tmp_path / "lr_find.png")
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # matplotlib is imported when a picture is drawn

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    title = fig.axes[0].title
    drawn = title.get_window_extent(canvas.get_renderer())
    assert 0 <= drawn.x0 and drawn.x1 <= fig.bbox.x1 and drawn.y1 <= fig.bbox.y1
    assert " ".join(title.get_text().split()) == f"LR range test ({rule})"


@pytest.mark.parametrize(
    ("lr", "note"),
    [
        (0.0, "no ratio to show: the rate was 0 at step 1\n(the only update sampled)"),
        (0.1, "no ratio to show: the update sampled at step 1\ndid not move the weights (0 or not finite)"),
    ],
)
def test_an_update_ratio_panel_with_no_positive_ratio_says_why_on_a_linear_axis(lr, note):
    """Was: warmup+cosine on a short run (wine, 3 epochs) samples the ratio at step 1 alone,
    whose rate is 0: the panel was empty on a log axis, and the run printed matplotlib's
    "Data has no positive values, and therefore cannot be log-scaled."."""
    h = _instrumented([_reading(40, 4.0, 8.0)])
    h.steps["lr"] = [[lr]] + h.steps["lr"][1:]
    h.update_ratios = [{"step": 1, "0.weight": 0.0, "0.bias": 0.0}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.training(h)
        fig.savefig(io.BytesIO(), format="png")
    ax = _by_title(fig)["update / weight ratio"]
    assert ax.get_yscale() == "linear"
    assert [t.get_text() for t in ax.texts] == [note]


@pytest.mark.parametrize("epochs", [[0], [0, 1], [3, 4]])
def test_a_short_runs_epoch_axis_is_centred_on_its_epochs(epochs):
    """Was: a run stopped after 2 epochs (0 and 1) drew its loss, accuracy and class-loss panels
    on an epoch axis from -1 to 1, the middle 0.5 rounded to 0: the last epoch at the edge."""
    h = ds.History(epochs={"epoch": epochs, "loss": [1.0, 0.5][: len(epochs)], "accuracy": [0.5, 0.7][: len(epochs)]})
    middle = (epochs[0] + epochs[-1]) / 2
    for fig in (plots.training(h), plots.curves({"run": h})):
        for ax in fig.axes:
            low, high = ax.get_xlim()
            assert (low, high) == pytest.approx((middle - 1, middle + 1))


def test_the_loss_axes_of_a_standardised_regression_target_name_its_units():
    """Was "loss" on diabetes' panels, an MSE of 0.47 in units of (y - 151.6) / 78.3 said nowhere
    in the pictures (about 1 - R², not a squared error of y)."""
    h = ds.History(epochs={"epoch": [0, 1, 2], "loss": [0.8, 0.5, 0.47], "val_loss": [0.6, 0.55, 0.56]})
    h.steps = {
        "step": [1, 2, 3],
        "epoch": [0, 1, 2],
        "loss": [0.9, 0.5, 0.4],
        "lr": [[0.05]] * 3,
        "grad_norm": [1.0] * 3,
    }
    assert _by_title(plots.training(h))["loss"].get_ylabel() == "loss"
    h.scaling = {"target_mean": torch.tensor([151.6]), "target_scale": torch.tensor([78.3])}
    axes = _by_title(plots.training(h))
    units = "(target standardised: (y − 151.6) / 78.3)"
    assert axes["loss"].get_ylabel() == f"loss\n{units}"
    assert axes["loss per step"].get_ylabel() == f"full-batch loss\n{units}"
    h.scaling = {"target_mean": torch.zeros(2), "target_scale": torch.ones(2)}
    assert _by_title(plots.training(h))["loss"].get_ylabel() == "loss\n(targets standardised: (y − mean) / sd)"


def test_a_zero_update_ratio_of_a_warmups_first_step_is_marked_at_the_foot_not_drawn_into():
    """Was: with warmup, the ratio of 0 at step 1 (rate 0) vanished from the log axis and each
    layer's line came up vertically into the reading at step 101."""
    h = _instrumented([_reading(40, 4.0, 8.0)])
    h.steps["lr"] = [[0.0]] + h.steps["lr"][1:]
    h.update_ratios = [{"step": s, "0.weight": r, "0.bias": r / 2} for s, r in ((1, 0.0), (21, 1e-2), (41, 5e-3))]
    ax = _by_title(plots.training(h))["update / weight ratio"]
    weight, bias, zero = ax.get_lines()
    assert ax.get_yscale() == "log"
    assert list(weight.get_xdata()) == [21, 41] and list(bias.get_ydata()) == [5e-3, 2.5e-3]
    assert list(zero.get_xdata()) == [1] and zero.get_marker() == "v"
    assert zero.get_label() == "ratio 0 (below the log scale): no step, lr = 0"
    assert zero.get_label() in ax.get_legend_handles_labels()[1]
