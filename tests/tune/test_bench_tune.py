"""Bench ``tune``'s measurements (bench/tune.py, bench/_search_curves.py) on hand-made
searches, without a study: the fixed validation split, the noise floor, the compute ratio."""

from __future__ import annotations

import importlib
import math

import pytest
import torch

from _bench import bench_on_path
from descend.tune import Space, default_space, starting_point


@pytest.fixture(scope="module")
def bench():
    with bench_on_path():
        yield importlib.import_module("tune"), importlib.import_module("_search_curves")


def _run(best, curve=None):
    return {"best": best, "epochs": 10, "curve": curve or [(10, best)]}


def test_the_validation_split_is_the_tasks_not_the_search_seeds(bench):
    tune, _ = bench
    (X, y), (vX, vy) = tune.fixed_split("mlp", "iris")
    (X2, _), (vX2, vy2) = tune.fixed_split("mlp", "iris")
    assert torch.equal(vX, vX2) and torch.equal(vy, vy2)
    assert (len(X), len(vX)) == (120, 30)
    (cX, _), _ = tune.fixed_split("cnn", "digits")
    assert tuple(cX.shape[1:]) == (1, 8, 8)  # images in their shape for the CNN


def test_the_noise_floor_is_a_method_against_itself(bench):
    _, curves = bench
    assert curves.noise_floor([_run(1.0)] * 6) == 0.0
    spread = [_run(b) for b in (1.0, 1.0, 1.0, 2.0, 2.0, 2.0)]
    assert 0.2 < curves.noise_floor(spread) < 1.0  # halves of 3: medians 1 or 2 apart, mostly
    assert math.isnan(curves.noise_floor([_run(1.0)] * 3))  # too few seeds to halve


def test_the_gap_is_relative_and_negative_when_better(bench):
    _, curves = bench
    assert curves.gap(0.9, 1.0) == pytest.approx(-0.1)
    assert curves.gap(1.1, 1.0) == pytest.approx(0.1)
    assert curves.gap(math.inf, math.inf) == 0.0


def test_the_compute_ratio_on_median_curves(bench):
    _, curves = bench
    slow = [_run(1.0, [(4, 2.0), (8, 1.0)]) for _ in range(4)]
    fast = [_run(1.0, [(2, 2.0), (4, 1.0)]) for _ in range(4)]
    assert curves.compute_ratio(fast, slow) == 0.5
    assert curves.compute_ratio(slow, slow) == 1.0
    assert curves.compute_ratio([_run(3.0, [(8, 3.0)])] * 4, slow) == math.inf  # never reaches it
    assert curves.compute_floor(slow + slow) == [1.0, 1.0, 1.0]


def test_an_unknown_task_group_is_refused(bench):
    tune, _ = bench
    assert tune._groups("tuning,fresh-s6") == ("tuning", "fresh-s6")
    with pytest.raises(ValueError, match="unknown group 'fresh'; section tune knows tuning, held-out"):
        tune._groups("fresh")


def test_a_tie_is_within_the_larger_measured_floor(bench):
    _, curves = bench
    assert curves.gap(1e-7, 0.0) == math.inf  # a peer at 0 (wine's saturated loss): worse, not better
    assert curves.tie_or_better(1.02, 1.0, [0.01, 0.03])
    assert not curves.tie_or_better(1.02, 1.0, [0.01, math.nan])  # an unmeasured floor is no margin
    assert not curves.tie_or_better(1e-7, 0.0, [math.nan, math.nan])
    assert curves.tie_or_better(0.0, 0.0, [math.nan])


def test_the_bootstrap_says_how_sure_the_compute_target_is(bench):
    _, curves = bench
    slow = [_run(1.0, [(4, 2.0), (8, 1.0)]) for _ in range(6)]
    fast = [_run(1.0, [(2, 2.0), (4, 1.0)]) for _ in range(6)]
    assert curves.compute_bootstrap(fast, slow)["share_within_target"] == 1.0  # 0.5 on every resample
    assert curves.compute_bootstrap(slow, slow)["share_within_target"] == 0.0  # 1.0 on every resample
    assert curves.compute_bootstrap(fast, slow, target=0.4)["median"] == 0.5


def test_the_added_tasks_are_standardised_and_labelled(bench):
    tune, _ = bench
    names = {name: data for name, _, data, _, _ in tune.TASKS}
    groups = [half for *_, half, _ in tune.TASKS]
    assert groups.count("fresh-s7") >= 2 and groups.count("tuning") == 4
    X, y = names["S-curve MLP (4 classes)"]()
    assert X.shape == (1500, 6) and sorted(set(y.tolist())) == [0, 1, 2, 3]
    assert abs(float(X.mean())) < 1e-5 and abs(float(X.std(0).mean()) - 1) < 1e-3
    for regression in ("swiss roll MLP (regression)", "sines MLP (regression)", "friedman2 MLP (regression)"):
        X, y = names[regression]()
        assert X.dtype == y.dtype == "float32" and abs(float(y.std()) - 1) < 1e-3
    # the noisy wine is wine's rows and labels, its features no longer the standardised ones
    X, y = names["noisy wine MLP"]()
    assert X.shape == (178, 13) and float(X.std(0).min()) > 1.2


def test_a_saturated_task_is_reported_not_judged(bench):
    tune, _ = bench
    runs = {
        c: [_run(v, [(10, v)]) | {"seconds": 1, "doctor_pruned": 0, "trials": 1} for v in (0.0, 1e-5) * 2]
        for c, *_ in tune.CONTENDERS
    }
    row = tune.task_row("saturated", 4, runs)
    assert row["saturated"]
    runs = {c: [r | {"best": r["best"] + 1} for r in runs[c]] for c in runs}
    assert not tune.task_row("not saturated", 4, runs)["saturated"]


def test_some_contenders_only_and_their_merge(bench, tmp_path):
    tune, _ = bench
    assert tune._methods("descend") == ("descend",)
    assert tune._methods(None) == ("descend", "tpe+median", "random")
    with pytest.raises(ValueError, match="unknown contender 'tpe'"):
        tune._methods("tpe")
    import json

    runs = {c: [_run(b, [(8, b)]) for b in (1.0, 1.1, 0.9, 1.0)] for c in ("descend", "tpe+median", "random")}
    for run in (r for rs in runs.values() for r in rs):
        run.update(seconds=1.0, doctor_pruned=0, trials=1)
    peers = {"tasks": [{"task": "t", "half": "fresh-s15", "runs": {k: runs[k] for k in ("tpe+median", "random")}}]}
    ours = {"tasks": [{"task": "t", "half": "fresh-s15", "runs": {"descend": runs["descend"]}}]}
    (tmp_path / "a.json").write_text(json.dumps(peers))
    (tmp_path / "b.json").write_text(json.dumps(ours))
    (row,) = tune.merge([tmp_path / "a.json", tmp_path / "b.json"])
    assert row["best_val_loss"] == {"descend": 1.0, "tpe+median": 1.0, "random": 1.0}
    assert tune.merge([tmp_path / "a.json"]) == []  # descend missing: no row


def test_a_search_counts_every_trial_it_ran(bench, monkeypatch):
    """A trial that queues the doctor's advice is followed in ``study.trials`` by the queued,
    waiting trial: the search still counts its epochs and its value (here the first trial, at
    train's defaults trained as a full trial, is pruned as far too small and queues its point at
    the doctor's rate)."""
    tune, _ = bench
    monkeypatch.setattr(tune, "AT_DEFAULTS", "not_marked")  # a full trial, not the first rung only
    parts = tune.fixed_split("softmax", "iris")
    run = tune._search("softmax", parts, "descend", "descend", True, 0, 12)
    log = run["trial_log"]
    assert any(row["advised_by"] for row in log)  # advice was queued and followed
    assert run["epochs"] == sum(row["epochs"] for row in log) == run["curve"][-1][0]
    assert run["best"] == min(row["value"] for row in log if row["state"] == "COMPLETE")
    assert run["trials"] == len(log)
    for row in log:  # each epoch's value as reported to the pruner; a finished trial's is their least
        assert len(row["values"]) <= row["epochs"]
        if row["state"] == "COMPLETE":
            assert min(row["values"]) == row["value"]


def _curve_run(points, epochs=16):
    """A search whose best so far is ``points`` ((epochs spent, best) pairs)."""
    return {"best": points[-1][1], "epochs": epochs, "curve": points}


def test_the_band_area_is_a_speed_up_and_finite_where_a_target_is_missed(bench):
    """Session 22's band-area figure: k times faster scores k; a contender that ends a little
    short of the peer's final best is charged only for the levels it missed (the first-reach
    ratio is infinite there, as it is on about half of a method's halvings against itself)."""
    _, curves = bench
    slow = [_curve_run([(4, 8.0), (8, 4.0), (12, 2.0), (16, 2.0)]) for _ in range(4)]
    fast = [_curve_run([(2, 8.0), (4, 4.0), (6, 2.0), (16, 2.0)]) for _ in range(4)]
    assert curves.band_ratio(slow, slow) == 1.0
    assert curves.band_ratio(fast, slow) == pytest.approx(0.5)
    short = [_curve_run([(4, 8.0), (8, 4.0), (12, 2.1), (16, 2.1)]) for _ in range(4)]
    assert curves.compute_ratio(short, slow) == math.inf
    assert 1.0 < curves.band_ratio(short, slow) < 1.1
    never = [_curve_run([(4, 9.0), (16, 9.0)]) for _ in range(4)]  # above the band throughout
    assert curves.band_ratio(never, slow) == pytest.approx(32 / 20)  # every level costs the horizon
    flat = [_curve_run([(4, 2.0), (16, 2.0)]) for _ in range(4)]  # an empty band: cannot tell
    assert math.isnan(curves.band_ratio(fast, flat))


def test_the_band_area_clips_to_the_band_on_a_log_scale(bench):
    _, curves = bench
    assert curves.band_area([math.inf, 4.0, 2.0, 1.0, 0.5], low=1.0, high=4.0) == pytest.approx(5 * math.log(2))
    assert curves.band_area([16.0, 0.1], low=1.0, high=4.0) == pytest.approx(math.log(4))


def test_any_figure_against_itself_and_in_the_bootstrap(bench):
    _, curves = bench
    slow = [_curve_run([(4, 8.0), (8, 4.0), (12, 2.0), (16, 2.0)]) for _ in range(6)]
    fast = [_curve_run([(2, 8.0), (4, 4.0), (6, 2.0), (16, 2.0)]) for _ in range(6)]
    assert curves.compute_floor(slow, ratio=curves.band_ratio) == [1.0, 1.0, 1.0]
    assert len(curves.self_ratios(slow, curves.band_ratio, halvings=7)) == 7
    assert curves.compute_bootstrap(fast, slow, ratio=curves.band_ratio)["median"] == pytest.approx(0.5)


def test_a_task_row_reports_the_band_area_beside_the_judged_ratio(bench):
    tune, _ = bench
    points = [(4, 8.0), (8, 4.0), (12, 2.0), (16, 2.0)]
    runs = {
        c: [_curve_run(points) | {"seconds": 1, "doctor_pruned": 0, "trials": 3} for _ in range(4)]
        for c, *_ in tune.CONTENDERS
    }
    row = tune.task_row("t", 4, runs)
    assert row["compute_band"] == row["compute_band_random"] == 1.0
    assert row["compute_band_floor"] == [1.0, 1.0, 1.0]
    assert row["compute_band_bootstrap"]["share_within_target"] == 0.0


# Each fresh group's models, and a shape or balance each of its tasks was written to have.
FRESH_GROUPS = {
    "fresh-s22": ["logistic", "mlp", "mlp", "softmax"],
    "fresh-s23": ["linear", "logistic", "mlp", "mlp"],
    "fresh-s24": ["linear", "logistic", "mlp", "softmax"],
    "fresh-s25": ["logistic", "mlp", "mlp", "softmax"],
    "fresh-s26": ["linear", "linear", "logistic", "softmax"],  # one weight matrix each
    "fresh-s29": ["mlp", "mlp", "mlp", "mlp"],
    "fresh-s30": ["mlp", "mlp", "mlp", "mlp"],
    "fresh-s31": ["mlp", "mlp", "mlp", "mlp", "mlp", "mlp"],
    "fresh-s32": ["linear", "linear", "linear", "logistic"],  # one weight matrix, heavy-tailed batch losses
}
FRESH_SHAPES = {
    "imbalanced binary MLP (85/15)": lambda X, y: 0.1 < float(y.mean()) < 0.25,  # the minority class
    "products regression MLP": lambda X, y: X.shape == (1000, 8),
    "wide sparse logistic (400 rows, 60 features)": lambda X, y: X.shape == (400, 60),
    "two spirals MLP (binary, 2 noise features)": lambda X, y: X.shape == (1000, 4) and float(y.mean()) == 0.5,
    "6-cluster mixture softmax (overlapping)": lambda X, y: X.shape == (1200, 8) and len(set(y.tolist())) == 6,
    "XOR MLP (binary, 4 noise features)": lambda X, y: X.shape == (1000, 6),
    "three rings MLP (3 classes, 3 noise features)": lambda X, y: X.shape == (1200, 5) and len(set(y.tolist())) == 3,
    "8-class softmax (make_classification)": lambda X, y: X.shape == (1600, 24) and len(set(y.tolist())) == 8,
    "collinear logistic (30 features, 6 factors)": lambda X, y: X.shape == (1200, 30) and 0.3 < float(y.mean()) < 0.7,
    "12-class softmax (make_classification)": lambda X, y: X.shape == (1800, 20) and len(set(y.tolist())) == 12,
    "wide linear regression (320 rows, 80 features)": lambda X, y: X.shape == (320, 80),
    "misspecified linear regression (curved target)": lambda X, y: X.shape == (1000, 8),
    "five wedges MLP (5 classes by angle, 25% noisy labels)": lambda X, y: X.shape == (1250, 5) and y.max() == 4,
    "rule conjunction MLP (binary, 8 features, 22% flipped)": lambda X, y: X.shape == (1200, 8),
    "small noisy spirals MLP (600 rows, 8% flipped)": lambda X, y: X.shape == (600, 5),
    "flipped 3 x 3 checkerboard MLP (8% flipped, 3 noise features)": lambda X, y: X.shape == (1600, 5),
    "contaminated linear regression (8% gross outliers)": lambda X, y: X.shape == (700, 15),
    "heavy-tailed features logistic (Student-t(2) features, 12% flipped)": lambda X, y: 0.3 < float(y.mean()) < 0.7,
}


@pytest.mark.parametrize(("group", "models"), FRESH_GROUPS.items())
def test_a_fresh_group_is_standardised_labelled_and_judged(bench, group, models):
    tune, _ = bench
    fresh = {name: (model, data) for name, model, data, half, _ in tune.TASKS if half == group}
    assert sorted(model for model, _ in fresh.values()) == models
    assert group in tune.GROUPS and group in tune.JUDGED
    for name, (_, data) in fresh.items():
        X, y = data()
        assert X.dtype == "float32" and abs(float(X.mean())) < 1e-5, name
        if "regression" in name:
            assert y.dtype == "float32" and abs(float(y.std()) - 1) < 1e-3, name
        else:  # class indices from 0, every class present
            assert sorted(set(y.tolist())) == list(range(int(y.max()) + 1)), name
        assert FRESH_SHAPES.get(name, lambda X, y: True)(X, y), name


def test_the_groups_come_from_the_tasks_and_only_the_tuning_half_is_not_judged(bench):
    tune, _ = bench
    fresh = (
        "fresh-s5",
        "fresh-s6",
        "fresh-s7",
        "fresh-s15",
        "fresh-s21",
        "fresh-s22",
        "fresh-s23",
        "fresh-s24",
        "fresh-s25",
        "fresh-s26",
        "fresh-s27",
        "fresh-s28",
        "fresh-s29",
        "fresh-s30",
        "fresh-s31",
        "fresh-s32",
        "fresh-s33",
        "fresh-s34",
        "fresh-s35",
    )
    assert tune.GROUPS == ("tuning", "held-out", *fresh)
    assert tune.JUDGED == ("held-out", *fresh)


def test_the_band_area_is_the_judged_compute_figure(bench, capsys):
    """Session 23 (tune_compute_prereg2.md): the band-area figure met session 22's criterion at 24
    seeds, so the table judges it and prints the first-reach ratio for information: a contender
    twice as fast that ends just short of the peer's best passes, its first-reach ratio infinite."""
    tune, _ = bench
    assert tune.JUDGED_COMPUTE == "compute_band"
    slow = [(4, 8.0), (8, 4.0), (12, 2.0), (16, 2.0)]
    fast = [(2, 8.0), (4, 4.0), (6, 2.02), (16, 2.02)]
    runs = {
        c: [_curve_run(fast if c == "descend" else slow) | {"seconds": 1, "doctor_pruned": 0, "trials": 3}] * 4
        for c, *_ in tune.CONTENDERS
    }
    row = tune.task_row("t", 4, runs)
    assert row["compute_ratio"] == math.inf and row["compute_band"] <= tune.TARGET_COMPUTE
    capsys.readouterr()
    tune._report([{"half": "fresh-s23", **row}])
    table = capsys.readouterr().out
    assert f"{row['compute_band']:.2f}x PASS" in table
    assert "infx MISS" not in table and "infx" in table
    assert "band-area figure (judged, <= 0.7)" in table


def test_the_bench_starts_where_ds_tune_starts(bench):
    """descend's first trial in the bench is ds.tune's own (``starting_point(space)``: train's
    defaults, batch 32), not the full batch's largest batch (64) it was pinned to until session 33."""
    tune, _ = bench
    parts = tune.fixed_split("mlp", "iris")
    run = tune._search("mlp", parts, "descend", "descend", True, 0, 1)
    first = run["trial_log"][0]["params"]
    assert first == starting_point(Space.parse(default_space("mlp")))
    assert first["batch_size"] == 32
