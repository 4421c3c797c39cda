"""Section ``tune``: ``descend tune`` (as ``ds.tune`` sets it up: the first trial at the
documented defaults, multivariate TPE after 5 start-up trials, successive halving, the doctor
pruning hopeless trials and its advice on the best trial tried next) against Optuna's TPE with
its median pruner and against random search without pruning (both with Optuna's defaults).

Each contender searches the same space (:func:`descend.tune.default_space` of the task's
model: optimizer SGD/Adam, a log range of rates 1e-4..1, momentum, weight decay, batch size,
an MLP's hidden layers and dropout) on the same task with the same per-trial settings
(``EPOCHS`` epochs at most, the run's own early stopping and divergence stop) until it has
spent a fixed budget of training epochs in all (``BUDGET``; the last trial may overrun it, and
is counted). Every trial is a ``descend.train`` run through :class:`descend.tune.TrainObjective`;
the contenders differ only in sampler, pruner, first trial and ``doctor``.

The task is fixed, the search varies: each task's validation split is drawn once
(``SPLIT_SEED``, as ``train`` splits: stratified, built-in data standardised with the training
part's statistics) and handed to every trial as ``val_data``; the search seed seeds the
sampler and each trial's training (initial weights, batch order). Until session 5 the seed
also drew the split, so seeds varied the task: TPE + median against itself differed by 17% on
breast_cancer, more than any gap between contenders; with the split fixed, 1-2%.

Reported, as medians over seeds (``SEEDS``; the digits CNN 8, for time):

- the best validation loss each found (lower is better), each method's **noise floor** (the
  method against itself: over ``_search_curves.HALVINGS`` random splits of its seeds into two disjoint
  halves, the median of |median best of one half - of the other|, relative; two half-size
  medians differ about sqrt(2) times more than the full-size medians compared, so it is a
  generous margin), and descend's gap to each peer ((descend - peer) / peer). Target:
  descend **best or tie** against both: its gap at most the larger of the two methods' noise
  floors (a negative gap: better);
- the compute (epochs) descend needs for TPE + median pruner's best value: over seeds, the
  median best-so-far against epochs spent is each contender's curve; the epochs at which
  descend's curve first reaches TPE + median's final (median) best, over the epochs at which
  TPE + median's own curve first reaches it (``inf``: never within the budget); target: at
  most 0.7 (30% less compute). This is the usual reading of "compute for the same value" in
  the hyper-parameter search literature (e.g. Falkner et al. 2018, BOHB: the speed-up to reach
  a baseline's final performance on the averaged curves). Its noise floor is printed beside
  it: the same ratio of TPE + median against itself, one half of its seeds against the other
  (quartiles over the halvings: what an equal contender scores), and the share of 300 paired
  bootstrap resamples of the seeds in which descend's ratio meets the target (how sure the
  verdict is at this many seeds). Beside it, for information (session 22), the **band-area
  figure** (``_search_curves.band_ratio``): the areas under each contender's median log-best
  curve, clipped to TPE + median's band (from its median curve's first finite value down to
  its final median best), descend's over TPE + median's: the epochs to reach each of TPE +
  median's levels, summed over the levels on a log scale (an unreached level costs the horizon),
  so a contender k times faster scores k. Against itself it is never infinite. Session 22's
  pre-registered criterion (``tune_compute_prereg.md``) found it too wide at 12 seeds of TPE +
  median (halves of 6); session 23's (``tune_compute_prereg2.md``, the same bars) measured it at
  24 seeds, halves of 12, the size of the bench's comparison, 12 seeds against 12: medians
  0.91-1.01, never infinite, median q75/q25 1.43 (bar 1.5), at most 1.81 (bar 3). So since
  session 23 the band-area figure is the **judged** compute figure (``JUDGED_COMPUTE``, target
  0.7) and the first-reach ratio above is printed for information. Session 4's per-seed ratio
  (biased against any contender: infinite whenever a seed's best falls short) is kept in the
  JSON only.

Each search's trials (point, epochs, value, its value after every epoch, state, pruning reason,
advice) are kept in the JSON (``trial_log``), for the analysis of where pruning spends compute
and of how well an early rung ranks the trials.

How each set-up was chosen and tested, session by session (the rungs, the start-up trials, the
doctor's advice and pruning, the groups and how often each was read): ``bench/HISTORY.md``,
section ``tune``.
"""

from __future__ import annotations

import inspect
import json
import math
import statistics
import time
import warnings
from pathlib import Path

import optuna
import torch

import descend as ds
from _search_curves import (
    band_ratio,
    compute_bootstrap,
    compute_floor,
    compute_ratio,
    fmt_range,
    gap,
    noise_floor,
    per_seed_ratio,
    tie_or_better,
)
from _tune_tasks import (
    anisotropic,
    blobs5,
    bumps,
    circles,
    classes3,
    classes8_softmax,
    friedman1,
    friedman2,
    friedman3,
    hastie,
    heavy_tailed,
    ill_conditioned,
    imbalanced,
    label_noise_logistic,
    low_signal,
    mixture6,
    moons,
    noisy_wine,
    overlap_logistic,
    products,
    quantiles,
    raw_scale,
    redundant,
    rings3,
    s_curve,
    sines,
    sparse_regression,
    spirals,
    steps,
    swiss_roll,
    wide_sparse,
    xor,
)
from _tune_tasks_s26 import classes12_softmax, collinear_logistic, misspecified_linear, wide_linear
from _tune_tasks_s27 import checkerboard, parity3, spirals3, wavy_surface
from _tune_tasks_s28 import radial_wave, ridge_sine, shells
from _tune_tasks_s29 import blobs4, shifted_disc, spirals_two_turns, tilted_wave
from _tune_tasks_s30 import rule_conjunction, sawtooth, v_shape_heavy_noise, wedges5
from _tune_tasks_s31 import (
    checker_flipped,
    ripple_classes,
    saddle_wave,
    sine_product,
    spirals_small_noisy,
    xor_flipped,
)
from _tune_tasks_s32 import cauchy_like_linear, contaminated_linear, heavy_features_linear, heavy_features_logistic
from _tune_tasks_s33 import bent_wave, moons_flipped, ring_halves, shell_bands, small_circles, tanh_product
from _tune_tasks_s34 import blobs_flipped_small, product_t_noise, sine_t_noise
from _tune_tasks_s35 import blobs5_flipped, max_t_noise, wave_product_t_noise
from descend.training.data import prepare
from descend.tune import Space, TrainObjective, default_space, make_pruner, make_sampler, starting_point
from descend.tune.start import AT_DEFAULTS
from descend.tune.study_pruner import study_pruner

from _timing import print_table, short_error

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "tune.json"

EPOCHS = 8  # most epochs of one trial
# Training epochs of one search (12 and 6 full trials). 192 was tried on the tuning half in
# session 4: it lets TPE + median find better points late.
BUDGET, QUICK_BUDGET = 96, 48
# Search seeds per task (a task may take fewer: its own cap). 12 keeps the section near 20 min
# on 2 idle cores; session 6 measured the tuning half with 20 (--seeds 20), the rest with 12.
SEEDS, QUICK_SEEDS = 12, 2
SPLIT_SEED = 0  # the one validation split of every task, whatever the search seed
TARGET_COMPUTE = 0.7  # descend's epochs to TPE+median's best / TPE+median's own
# The judged compute figure: the band-area figure since session 23 (tune_compute_prereg2.md: it met
# session 22's criterion at 24 seeds of TPE + median); the first-reach ratio, "compute_ratio", is
# printed for information
JUDGED_COMPUTE = "compute_band"
# A task where a method's median best is below this is saturated (session 5's wine reached 0):
# reported, not judged (the rule stated in session 7 before the noisy wine was searched)
SATURATED = 1e-3


# (name, model, data, group, most seeds): descend's set-up was chosen on the tuning half; the
# targets are judged on the held-out half (looked at in sessions 4, 5 and 6, so no longer clean),
# on session 5's fresh group (looked at in session 6; its wine replaced by a noisy wine in
# session 7), session 6's (looked at once) and session 7's (nobody looked at it before session
# 7's freeze); each group reported separately
TASKS = [
    ("digits MLP", "mlp", "digits", "tuning", SEEDS),
    ("breast_cancer logistic", "logistic", "breast_cancer", "tuning", SEEDS),
    ("friedman2 MLP (regression)", "mlp", friedman2, "tuning", SEEDS),
    ("moons MLP", "mlp", moons, "tuning", SEEDS),
    ("diabetes MLP (regression)", "mlp", "diabetes", "held-out", SEEDS),
    ("digits CNN", "cnn", "digits", "held-out", 8),
    ("noisy wine MLP", "mlp", noisy_wine, "fresh-s5", SEEDS),
    ("iris MLP", "mlp", "iris", "fresh-s5", SEEDS),
    ("friedman1 MLP (regression)", "mlp", friedman1, "fresh-s5", SEEDS),
    ("3-class MLP (make_classification)", "mlp", classes3, "fresh-s6", SEEDS),
    ("friedman3 MLP (regression)", "mlp", friedman3, "fresh-s6", SEEDS),
    ("digits softmax", "softmax", "digits", "fresh-s6", SEEDS),
    ("swiss roll MLP (regression)", "mlp", swiss_roll, "fresh-s7", SEEDS),
    ("S-curve MLP (4 classes)", "mlp", s_curve, "fresh-s7", SEEDS),
    ("sines MLP (regression)", "mlp", sines, "fresh-s7", SEEDS),
    ("Gaussian quantiles MLP (3 classes)", "mlp", quantiles, "fresh-s15", SEEDS),
    ("sparse regression MLP (cube root)", "mlp", sparse_regression, "fresh-s15", SEEDS),
    ("raw-scale regression MLP (unstandardised)", "mlp", raw_scale, "fresh-s15", SEEDS),
    ("circles MLP (2 noise features)", "mlp", circles, "fresh-s21", SEEDS),
    ("Hastie 10-D MLP (binary)", "mlp", hastie, "fresh-s21", SEEDS),
    ("ill-conditioned linear regression", "linear", ill_conditioned, "fresh-s21", SEEDS),
    ("5-class softmax (make_classification)", "softmax", blobs5, "fresh-s21", SEEDS),
    ("imbalanced binary MLP (85/15)", "mlp", imbalanced, "fresh-s22", SEEDS),
    ("products regression MLP", "mlp", products, "fresh-s22", SEEDS),
    ("redundant-features logistic", "logistic", redundant, "fresh-s22", SEEDS),
    ("anisotropic blobs softmax (4 classes)", "softmax", anisotropic, "fresh-s22", SEEDS),
    ("two spirals MLP (binary, 2 noise features)", "mlp", spirals, "fresh-s23", SEEDS),
    ("step-function regression MLP", "mlp", steps, "fresh-s23", SEEDS),
    ("heavy-tailed linear regression", "linear", heavy_tailed, "fresh-s23", SEEDS),
    ("wide sparse logistic (400 rows, 60 features)", "logistic", wide_sparse, "fresh-s23", SEEDS),
    ("label-noise logistic (35% flipped)", "logistic", label_noise_logistic, "fresh-s24", SEEDS),
    ("low-signal linear regression", "linear", low_signal, "fresh-s24", SEEDS),
    ("XOR MLP (binary, 4 noise features)", "mlp", xor, "fresh-s24", SEEDS),
    ("6-cluster mixture softmax (overlapping)", "softmax", mixture6, "fresh-s24", SEEDS),
    ("bumps regression MLP (3 Gaussian bumps)", "mlp", bumps, "fresh-s25", SEEDS),
    ("three rings MLP (3 classes, 3 noise features)", "mlp", rings3, "fresh-s25", SEEDS),
    ("overlapping-classes logistic (16 features)", "logistic", overlap_logistic, "fresh-s25", SEEDS),
    ("8-class softmax (make_classification)", "softmax", classes8_softmax, "fresh-s25", SEEDS),
    ("collinear logistic (30 features, 6 factors)", "logistic", collinear_logistic, "fresh-s26", SEEDS),
    ("12-class softmax (make_classification)", "softmax", classes12_softmax, "fresh-s26", SEEDS),
    ("wide linear regression (320 rows, 80 features)", "linear", wide_linear, "fresh-s26", SEEDS),
    ("misspecified linear regression (curved target)", "linear", misspecified_linear, "fresh-s26", SEEDS),
    ("checkerboard MLP (4 x 4 cells, 2 noise features)", "mlp", checkerboard, "fresh-s27", SEEDS),
    ("three spiral arms MLP (3 classes, 2 noise features)", "mlp", spirals3, "fresh-s27", SEEDS),
    ("3-way parity MLP (sign of x1 x2 x3, 3 noise features)", "mlp", parity3, "fresh-s27", SEEDS),
    ("wavy surface regression MLP (sin 3x1 cos 2x2)", "mlp", wavy_surface, "fresh-s27", SEEDS),
    ("spherical shell MLP (binary, 1.2 < r < 2 in 3-D, 2 noise features)", "mlp", shells, "fresh-s28", SEEDS),
    ("radial wave regression MLP (cos 4r, 3 noise features)", "mlp", radial_wave, "fresh-s28", SEEDS),
    ("ridge sine regression MLP (sin 3s along one oblique direction)", "mlp", ridge_sine, "fresh-s28", SEEDS),
    ("two-turn spirals MLP (binary, 3 noise features)", "mlp", spirals_two_turns, "fresh-s29", SEEDS),
    ("tilted wave regression MLP (0.3 x1 + sin 2x2 cos 2x3)", "mlp", tilted_wave, "fresh-s29", SEEDS),
    ("shifted disc MLP (binary, 3 noise features)", "mlp", shifted_disc, "fresh-s29", SEEDS),
    ("four blobs MLP (4 classes, 6 features)", "mlp", blobs4, "fresh-s29", SEEDS),
    ("sawtooth regression MLP (frac 1.5x1 + 0.5 cos x2, 3 noise features)", "mlp", sawtooth, "fresh-s30", SEEDS),
    ("V-shape regression MLP (|x1| - |x2|, Student-t noise)", "mlp", v_shape_heavy_noise, "fresh-s30", SEEDS),
    ("five wedges MLP (5 classes by angle, 25% noisy labels)", "mlp", wedges5, "fresh-s30", SEEDS),
    ("rule conjunction MLP (binary, 8 features, 22% flipped)", "mlp", rule_conjunction, "fresh-s30", SEEDS),
    ("small noisy spirals MLP (600 rows, 8% flipped)", "mlp", spirals_small_noisy, "fresh-s31", SEEDS),
    ("sine product regression MLP (sin 2x1 sin 1.5x2, 3 noise features)", "mlp", sine_product, "fresh-s31", SEEDS),
    ("flipped XOR MLP (binary, 15% flipped, 6 noise features)", "mlp", xor_flipped, "fresh-s31", SEEDS),
    ("ripple classes MLP (sign of sin 2.5r, 10% flipped)", "mlp", ripple_classes, "fresh-s31", SEEDS),
    ("saddle wave regression MLP (cos(x1 + x2) sin 1.5(x1 - x2))", "mlp", saddle_wave, "fresh-s31", SEEDS),
    ("flipped 3 x 3 checkerboard MLP (8% flipped, 3 noise features)", "mlp", checker_flipped, "fresh-s31", SEEDS),
    ("Student-t(1.5) linear regression (10 features, 5 informative)", "linear", cauchy_like_linear, "fresh-s32", SEEDS),
    ("contaminated linear regression (8% gross outliers)", "linear", contaminated_linear, "fresh-s32", SEEDS),
    (
        "heavy-tailed features linear regression (Student-t features and noise)",
        "linear",
        heavy_features_linear,
        "fresh-s32",
        SEEDS,
    ),
    (
        "heavy-tailed features logistic (Student-t(2) features, 12% flipped)",
        "logistic",
        heavy_features_logistic,
        "fresh-s32",
        SEEDS,
    ),
    ("flipped moons MLP (700 rows, 12% flipped, 4 noise features)", "mlp", moons_flipped, "fresh-s33", SEEDS),
    ("small circles MLP (500 rows, 10% flipped, 3 noise features)", "mlp", small_circles, "fresh-s33", SEEDS),
    ("spherical bands MLP (sign of cos 2.5r in 3-D, 8% flipped)", "mlp", shell_bands, "fresh-s33", SEEDS),
    ("tanh product regression MLP (tanh 2x1x2, noise 0.3)", "mlp", tanh_product, "fresh-s33", SEEDS),
    ("ring halves MLP (4 classes, 12% noisy labels)", "mlp", ring_halves, "fresh-s33", SEEDS),
    ("bent wave regression MLP (sin(2x1 + x2^2))", "mlp", bent_wave, "fresh-s33", SEEDS),
    (
        "product regression MLP (x1 x2 + 0.5 x3, Student-t(2.5) noise, 600 rows)",
        "mlp",
        product_t_noise,
        "fresh-s34",
        SEEDS,
    ),
    ("small flipped blobs MLP (3 classes, 450 rows, 15% noisy labels)", "mlp", blobs_flipped_small, "fresh-s34", SEEDS),
    ("sine regression MLP (sin 2x1 + 0.5 x2^2, Student-t(2) noise, 400 rows)", "mlp", sine_t_noise, "fresh-s34", SEEDS),
    ("max regression MLP (max(x1, x2), Student-t(2.5) noise, 480 rows)", "mlp", max_t_noise, "fresh-s35", SEEDS),
    ("small flipped 5-blob MLP (5 classes, 480 rows, 20% noisy labels)", "mlp", blobs5_flipped, "fresh-s35", SEEDS),
    (
        "wave product regression MLP (sin x1 cos x2, Student-t(2.2) noise, 520 rows)",
        "mlp",
        wave_product_t_noise,
        "fresh-s35",
        SEEDS,
    ),
]
# The groups in TASKS' order; every group but the tuning half, which the set-up was frozen on, is judged.
GROUPS = tuple(dict.fromkeys(half for _, _, _, half, _ in TASKS))
JUDGED = tuple(g for g in GROUPS if g != "tuning")
# (name, sampler, pruner, doctor): descend as ds.tune sets it up (its sampler, pruner, first
# trial at the defaults, the doctor); the peers with Optuna's defaults
CONTENDERS = [
    ("descend", "descend", "descend", True),
    ("tpe+median", "tpe", "median", False),
    ("random", "random", "none", False),
]
_TUNE_DEFAULTS = {name: p.default for name, p in inspect.signature(ds.tune.tune).parameters.items()}


def bench_tune(args) -> dict:
    quick = bool(getattr(args, "quick", False))
    budget = QUICK_BUDGET if quick else BUDGET
    seeds = getattr(args, "seeds", None) or (QUICK_SEEDS if quick else SEEDS)
    groups = _groups(getattr(args, "tasks", None))
    methods = _methods(getattr(args, "methods", None))
    print(
        f"\n=== 12. tune: descend tune ({_TUNE_DEFAULTS['sampler']}, {_TUNE_DEFAULTS['pruner']}, the doctor, train's defaults first) "
        f"vs TPE + median pruner vs random search, {budget} training epochs per search, {EPOCHS} per trial at most, "
        f"medians of up to {seeds} search seeds (sampler and training init; one validation split per task), "
        f"groups {', '.join(groups)} ==="
    )
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small models: one thread is faster and steadier
    results = []
    try:
        for name, model, data, half, most in TASKS:
            if half not in groups:
                continue
            try:
                results.append({"half": half, **_task(name, model, data, budget, min(seeds, most), methods)})
            except Exception as err:  # one broken task must not hide the others
                print(f"  {name}: ERROR {short_error(err)}")
                results.append({"task": name, "half": half, "error": short_error(err)})
    finally:
        torch.set_num_threads(threads)
    if len(methods) == len(CONTENDERS):
        _report(results)
    out = {"budget_epochs": budget, "trial_epochs": EPOCHS, "seeds": seeds, "split_seed": SPLIT_SEED, "tasks": results}
    stem = "tune" if set(groups) == set(GROUPS) else f"tune_{'_'.join(groups)}"
    if len(methods) < len(CONTENDERS):
        stem += "__" + "_".join(m.replace("+", "") for m in methods)
    path = RESULTS.with_name(f"{stem}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1))
    return out


def _picked(asked: str | None, known: tuple[str, ...], flag: str, what: str) -> tuple[str, ...]:
    """The names ``flag`` picks (comma-separated) among ``known`` (all by default)."""
    if not asked:
        return known
    picked = tuple(name.strip() for name in asked.split(","))
    unknown = [name for name in picked if name not in known]
    if unknown:
        raise ValueError(f"{flag}: unknown {what} {unknown[0]!r}; section tune knows {', '.join(known)}")
    return picked


def _groups(asked: str | None) -> tuple[str, ...]:
    """The task groups ``--tasks`` names (comma-separated; all by default)."""
    return _picked(asked, GROUPS, "--tasks", "group")


def _methods(asked: str | None) -> tuple[str, ...]:
    """The contenders ``--methods`` names (comma-separated; all by default): a subset runs only
    those, to be put beside the others' searches by :func:`merge` (the searches are seeded, so
    a contender's runs do not depend on which others ran with it)."""
    return _picked(asked, tuple(c[0] for c in CONTENDERS), "--methods", "contender")


def merge(paths: list[Path]) -> list[dict]:
    """The table from the searches saved by runs of some contenders each (``--methods``): per
    task, each contender's runs from the last file that holds them; tasks missing a contender
    are left out."""
    runs: dict[str, dict[str, list[dict]]] = {}
    halves: dict[str, str] = {}
    for path in paths:
        for row in json.loads(Path(path).read_text())["tasks"]:
            if "runs" in row:
                runs.setdefault(row["task"], {}).update(row["runs"])
                halves[row["task"]] = row["half"]
    names = [c[0] for c in CONTENDERS]
    results = []
    for task, found in runs.items():
        if all(n in found for n in names):
            seeds = min(len(found[n]) for n in names)
            rows = {n: found[n][:seeds] for n in names}
            results.append({"half": halves[task], **task_row(task, seeds, rows)})
    _report(results)
    return results


def fixed_split(model: str, data) -> tuple[tuple, tuple]:
    """``data``'s training and validation parts, split once (``SPLIT_SEED``, as ``train``
    splits: stratified, built-in data sets standardised with the training part's statistics),
    so that the search seed varies the search and the training, not the task; images in their
    shape for the CNN."""
    prepared = prepare(data() if callable(data) else data, "split", seed=SPLIT_SEED)
    shape = (-1, *prepared.image_shape) if model == "cnn" else (-1, *prepared.input_shape)
    return tuple((part.X.reshape(shape), part.y) for part in (prepared.train, prepared.val))


def _task(name: str, model: str, data, budget: int, seeds: int, methods: tuple[str, ...] | None = None) -> dict:
    contenders = [c for c in CONTENDERS if methods is None or c[0] in methods]
    runs: dict[str, list[dict]] = {c[0]: [] for c in contenders}
    parts = fixed_split(model, data)
    for seed in range(seeds):
        for contender, sampler, pruner, doctor in contenders:
            runs[contender].append(_search(model, parts, sampler, pruner, doctor, seed, budget))
    if len(contenders) < len(CONTENDERS):  # some contenders only: their runs, for merge
        best = {c: statistics.median(r["best"] for r in runs[c]) for c in runs}
        spent = {c: sum(r["seconds"] for r in runs[c]) for c in runs}
        print(
            f"  {name} ({seeds} seeds): " + ", ".join(f"{c} {best[c]:.4g} ({spent[c]:.0f} s)" for c in runs), flush=True
        )
        return {"task": name, "seeds": seeds, "best_val_loss": best, "runs": runs}
    return task_row(name, seeds, runs)


def task_row(name: str, seeds: int, runs: dict[str, list[dict]]) -> dict:
    """A task's figures from its searches (``runs``: each contender's, one per seed), printed."""
    best = {c: statistics.median(r["best"] for r in runs[c]) for c in runs}
    floor = {c: noise_floor(runs[c]) for c in runs}
    gaps = {c: gap(best["descend"], best[c]) for c in runs if c != "descend"}
    per_seed = [per_seed_ratio(a, b) for a, b in zip(runs["descend"], runs["tpe+median"])]
    counted = [r for r in per_seed if not math.isnan(r)]  # nan: neither found a finite best
    row = {
        "task": name,
        "seeds": seeds,
        "best_val_loss": best,
        "noise_floor": floor,
        "gap": gaps,  # (descend - peer) / peer: above 0, descend is worse
        "tie_or_better": {c: tie_or_better(best["descend"], best[c], [floor["descend"], floor[c]]) for c in gaps},
        "seeds_at_least_as_good": {
            c: sum(a["best"] <= b["best"] for a, b in zip(runs["descend"], runs[c])) for c in runs if c != "descend"
        },
        "epochs_spent": {c: statistics.median(r["epochs"] for r in runs[c]) for c in runs},
        "seconds": {c: statistics.median(r["seconds"] for r in runs[c]) for c in runs},
        "pruned_by_doctor": {c: statistics.median(r["doctor_pruned"] for r in runs[c]) for c in runs},
        "trials": {c: statistics.median(r["trials"] for r in runs[c]) for c in runs},
        "saturated": min(best.values()) < SATURATED,
        "compute_ratio": compute_ratio(runs["descend"], runs["tpe+median"]),
        "compute_ratio_random": compute_ratio(runs["random"], runs["tpe+median"]),
        "compute_floor": compute_floor(runs["tpe+median"]),
        "compute_bootstrap": compute_bootstrap(runs["descend"], runs["tpe+median"], TARGET_COMPUTE),
        # session 22's band-area figure, for information (not judged: see BAND_AREA)
        "compute_band": band_ratio(runs["descend"], runs["tpe+median"]),
        "compute_band_random": band_ratio(runs["random"], runs["tpe+median"]),
        "compute_band_floor": compute_floor(runs["tpe+median"], ratio=band_ratio),
        "compute_band_bootstrap": compute_bootstrap(
            runs["descend"], runs["tpe+median"], TARGET_COMPUTE, ratio=band_ratio
        ),
        "per_seed_ratio": statistics.median(counted) if counted else math.nan,
        "per_seed_ratios": per_seed,
        "runs": runs,
    }
    print(
        f"  {name} ({seeds} seeds): best val loss "
        + ", ".join(f"{c} {best[c]:.4g} (floor {floor[c]:.1%})" for c in best)
        + f"; descend's compute to TPE+median's best: {row['compute_ratio']:.2f}x"
        f" (TPE+median against itself: {fmt_range(row['compute_floor'])}); band-area figure"
        f" {row['compute_band']:.2f}x (TPE+median against itself: {fmt_range(row['compute_band_floor'])})",
        flush=True,
    )
    return row


def _search(model: str, parts: tuple, sampler: str, pruner: str, doctor: bool, seed: int, budget: int) -> dict:
    """One search until ``budget`` epochs are spent; its best-so-far curve against epochs.
    ``seed`` seeds the sampler and every trial's training (initial weights, batch order);
    the validation split ``parts`` is the task's own."""
    samplers = {
        "descend": lambda: make_sampler(_TUNE_DEFAULTS["sampler"], seed=seed),
        "tpe": lambda: optuna.samplers.TPESampler(seed=seed),
        "random": lambda: optuna.samplers.RandomSampler(seed=seed),
    }
    pruners = {
        "descend": lambda: make_pruner(_TUNE_DEFAULTS["pruner"]),
        "median": optuna.pruners.MedianPruner,
        "none": optuna.pruners.NopPruner,
    }
    study = optuna.create_study(sampler=samplers[sampler](), pruner=pruners[pruner]())
    if pruner == "descend":  # ds.tune's: the median pruner for a one-matrix model, decided once per study
        study.pruner = study_pruner(study, _TUNE_DEFAULTS["pruner"], model)
    space = Space.parse(default_space(model))
    if sampler == "descend" and _TUNE_DEFAULTS["start_at_defaults"]:  # ds.tune's first trial: train's defaults
        # as ds.tune places it (batch 32 since session 33; tune33 measured it against the old 64)
        study.enqueue_trial(starting_point(space), user_attrs={AT_DEFAULTS: True})
    (data, val_data) = parts
    settings = {"epochs": EPOCHS, "seed": seed, "val_data": val_data}
    objective = TrainObjective(model, data, space, settings, doctor=doctor)
    spent, curve, best = 0, [], math.inf
    finished: list[optuna.trial.FrozenTrial] = []  # the trial each optimize call ran
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        while spent < budget:
            # not study.trials[-1]: a trial that queued the doctor's advice is followed there by
            # the queued (waiting) trial, and its epochs and value would go uncounted
            study.optimize(objective, n_trials=1, callbacks=[lambda _, trial: finished.append(trial)])
            trial = finished[-1]
            spent += int(trial.user_attrs.get("epochs", 0))
            if trial.state == optuna.trial.TrialState.COMPLETE and trial.value < best:
                best = trial.value
            curve.append((spent, best))
    doctor_pruned = sum(str(t.user_attrs.get("pruned_because", "")).startswith("the doctor") for t in study.trials)
    return {
        "best": best,
        "epochs": spent,
        "seconds": time.perf_counter() - start,
        "trials": len(finished),
        "doctor_pruned": doctor_pruned,
        "curve": curve,
        "trial_log": [_trial_row(t) for t in study.trials if t.state.is_finished()],
    }


def _trial_row(trial: optuna.trial.FrozenTrial) -> dict:
    """What the analysis of pruning needs of one trial: its point, epochs, value (or the last
    one reported before it was pruned), its value after each epoch as reported to the pruner
    (``values``, epochs 1, 2, ...: how well an early rung ranks the trials), state and pruning
    reason."""
    last = trial.intermediate_values[trial.last_step] if trial.last_step is not None else None
    return {
        "params": trial.params,
        "epochs": int(trial.user_attrs.get("epochs", 0)),
        "value": trial.value if trial.value is not None else last,
        "values": [trial.intermediate_values[step] for step in sorted(trial.intermediate_values)],
        "state": trial.state.name,
        "pruned_because": str(trial.user_attrs.get("pruned_because", ""))[:80],
        "advised_by": trial.user_attrs.get("advised_by"),
    }


def _verdict(value: float, judged: bool) -> str:
    """`` PASS`` or `` MISS`` against the compute target where the task is judged."""
    return (" PASS" if value <= TARGET_COMPUTE else " MISS") if judged else ""


def _band_cells(r: dict, judged: bool) -> list[str]:
    """The band-area figure's two cells (rows saved before session 22 have none), with the
    verdict where it is the judged figure."""
    if "compute_band" not in r:
        return ["", ""]
    verdict = _verdict(r["compute_band"], judged and JUDGED_COMPUTE == "compute_band")
    return [
        f"{r['compute_band']:.2f}x{verdict} [self {fmt_range(r['compute_band_floor'])}] / {r['compute_band_random']:.2f}x",
        f"{r['compute_band_bootstrap']['share_within_target']:.0%}",
    ]


def _role(figure: str) -> str:
    """A compute figure's role in the table's header: judged (with its target) or information."""
    return f"judged, <= {TARGET_COMPUTE}" if figure == JUDGED_COMPUTE else "information"


def _report(results: list[dict]) -> None:
    """The table: per task, each method's median best and noise floor, descend's gap to each
    peer and the verdict against the floor, the compute ratio next to TPE+median's against
    itself."""
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["task"], r["half"], "ERROR", "", "", "", "", "", "", "", "", ""])
            continue
        b, f, g = r["best_val_loss"], r["noise_floor"], r["gap"]
        ties = all(r["tie_or_better"].values())
        ratio = r["compute_ratio"]
        # the tuning half chose the set-up, a saturated task cannot tell: information only
        judged = r["half"] in JUDGED and not r.get("saturated")
        n = r["seeds"]
        rows.append(
            [
                r["task"],
                f"{r['half']} ({n})" + (", saturated" if r.get("saturated") else ""),
                " / ".join(f"{b[c]:.4g}" for c in b),
                " / ".join(f"{f[c]:.1%}" for c in f),
                " / ".join(f"{g[c]:+.1%}" for c in g),
                ("PASS" if ties else "MISS") if judged else ("(yes)" if ties else "(no)"),
                " / ".join(f"{k}/{n}" for k in r["seeds_at_least_as_good"].values()),
                f"{ratio:.2f}x" + _verdict(ratio, judged and JUDGED_COMPUTE == "compute_ratio"),
                f"{fmt_range(r['compute_floor'])} / {r['compute_ratio_random']:.2f}x",
                f"{r['compute_bootstrap']['share_within_target']:.0%}",
                *_band_cells(r, judged),
            ]
        )
    print_table(
        [
            "task",
            "group (seeds)",
            "median best val loss descend / tpe+median / random",
            "noise floor (each against itself)",
            "descend's gap to tpe+median / random",
            "best or tie (gap <= the larger floor)",
            "seeds descend <= tpe+median / random",
            f"compute to tpe+median's best, median curves ({_role('compute_ratio')})",
            "tpe+median against itself [quartiles] / random's ratio",
            f"bootstrap share of descend's ratio <= {TARGET_COMPUTE}",
            f"band-area figure ({_role('compute_band')}) [tpe+median against itself] / random's",
            f"bootstrap share of descend's band-area figure <= {TARGET_COMPUTE}",
        ],
        rows,
    )


if __name__ == "__main__":  # python tune.py A.json B.json ...: the table of searches saved apart
    import sys

    merge([Path(p) for p in sys.argv[1:]])
