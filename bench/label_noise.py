"""Section ``label_noise``: ``descend.find_label_issues`` (one training run, recorded with
``track_examples=True``) against cleanlab's ``find_label_issues`` on 5-fold out-of-sample
probabilities of the same model (5 training runs), on deliberately flipped labels.

Tasks (``_label_noise_tasks.py``): a *tuning* half (iris, breast_cancer, synthetic-a; and,
added in session 7, xor, overlap, gauss2: a 4-D XOR, three overlapping classes, two 2-D
Gaussians 2.5 sd apart), a *held-out* half (digits,
wine, synthetic-b; the synthetic sets are ``make_classification`` with different shapes), a
*fresh* group added in session 5 and first evaluated with the rule already frozen (blobs,
quantiles, moons, synthetic-c: ``make_blobs``' six Gaussian clusters,
``make_gaussian_quantiles``' nested shells, ``make_moons`` and another
``make_classification``) and a *second fresh* group added in session 6, likewise (circles,
hastie, synthetic-d: ``make_circles``, ``make_hastie_10_2``'s chi-squared sphere in 10-D, and
six imbalanced ``make_classification`` classes) and a *third fresh* group added in session 7,
likewise (spirals, aniso, qda, sparse: three noisy spiral arms, five anisotropic blobs, three
Gaussians with different covariances, ``make_sparse_uncorrelated``'s target in terciles) and a
*fourth* (s9, session 9: bag-of-words counts, a checkerboard, heavy-tailed clusters, a random
teacher network's classes) and a *fifth* (s13, session 13: diabetes progression in terciles,
``make_friedman1`` in terciles, bands along a swiss roll, four classes in 60-D that differ in
6) and a *sixth* (s13b, with the memorisation window frozen: three classes in 120-D, eight
Gaussians on a ring in four classes, a random half-space in 24-D, four similar digits projected
to 24-D) and a *seventh* (s13c, with the fitted-class count frozen: the ten digits projected
to 8-D, four classes over sixteen stripes, six classes over 24 random 2-D tiles, six linear
classes in 10-D) and an *eighth* (s13d, with a late-half ranking frozen, then reverted: three classes of
unequal sizes, two classes split by a sine curve, even against odd digits, exponentiated
Gaussian clusters) and a *ninth* (s14, committed before any rule was evaluated on it: the digits
average-pooled to 4x4, the row clusters of ``make_biclusters``, ``make_friedman3`` in quartiles, five
angular sectors of a disc) and a *tenth* (s14b, likewise, for session 14's second variant: sex
from the other diabetes measurements, breast_cancer's standard-error features, bands along an S
curve, classes whose labels the generator already randomised in part), an *eleventh* (s14c,
likewise: noisy sine, square and triangle waves, 12 random bits labelled by a majority-and-XOR
rule, the leaves of a depth-3 tree, 7 Gaussian classes of Zipf sizes) and a *twelfth* (s14d,
likewise: which of 4 Gaussian coordinates is largest, the rank of one uniform among four, Poisson
counts with class rates, wine's alcohol in terciles) and a *thirteenth* (s15, likewise: two
Gaussians that differ in scale only, five ordinal classes, occluded noisy digits 0-5, twelve
blobs) and a *fourteenth* (s16, likewise: digits moved by a pixel, a rare class inside a common
one, one-hot and Gaussian features mixed, twenty classes on a grid) and ten written in session
17, each committed before the rule it tested (fresh-15 to fresh-24: digits' top halves,
breast_cancer's "worst" features, one elongated covariance, shells; a long tail of digits,
Dirichlet compositions, AR(1) series, regression bins; a linear-softmax model's labels, wine from
two measurements, mixtures of clusters, word counts; Gaussian pairs, Cauchy noise, sine-score
bins, digits' left halves; gamma features, Markov walks, digit profiles, diabetes BMI bands;
noisy binary codes, digits' left-right asymmetry, wine with 50 noise features, Laplace scales;
random 3-D subspaces of 80-D, digits' row differences, wine's pairwise products, iris through
random cosine features; digits as polar ink, von Mises angles, diabetes' age, an L1 nearest
prototype; digits' DCT coefficients, wine through random ReLU features, sparse codes, sequence
motifs; digits through random ReLU features, Dirichlet token counts, a 40-D mixture, diabetes'
quartiles through tanh features) and nine written in session 18 (fresh-25 to fresh-33, in
``_label_noise_tasks_s18.py``: a hexagonal three-colouring, a thin shell around a blob, noisy
sinusoids by frequency, diabetes' triglycerides; an L1-norm score's bins, an XOR with a centre
class, iris from its sepals, binarised digits; a hinge score's bins, wine with a small cultivar,
breast_cancer's mean-over-worst ratios, digits' bottom-right quarter; L-infinity rings, diabetes'
blood pressure, salted digits, latitude bands on a sphere; breast_cancer's principal components, a
ring and blobs, binomial counts, half-mirrored digits; exponential scales, wine's ratios, thickened
digits, iris with 30 noise features; negative-binomial counts, breast_cancer through log1p, digits'
row and column sums, angular wedges; Beta features, wine's ranks, digits pooled to 4x4, diagonal
stripes; Gumbel features, breast_cancer's size features, digits' column differences, cosine
terciles; ``_label_noise_tasks.py``), each reported on its own. ``--tasks``
runs some groups only (a comma list of ``GROUPS``' names; without the tuning half the library's
defaults are reported).
Each is split 80/20 (stratified, seed 0); the test fifth keeps its clean labels. In the
training part, 5, 10 and 20% of the labels are flipped with fixed seeds, either uniformly (a
random subset, each to a random other class) or class-conditionally (that share of every
class c, to class c+1 mod k). Features are standardised on the training part.

Both contenders train the same model the same way: ``descend.train("mlp", ...)``, 64 hidden
units, Adam, lr 0.01, batch 32, ``EPOCHS`` epochs, no early stop. descend reads the
per-example record of that one run; cleanlab trains it once per fold on 4/5 of the data and
predicts the fifth (``cleanlab.filter.find_label_issues(labels, pred_probs)``, its defaults).
Reported per setting: precision, recall and F1 against the flipped set, the compute of each
(training runs, and CPU seconds of this process, which other processes' load disturbs less
than wall time: descend = its run with the record + the analysis; cleanlab = 5 runs,
predictions and its analysis; torch on one thread; also descend's cost beyond the run
itself, the tracked run's seconds minus the same run untracked, as a share of cleanlab's) and
the test accuracy of the model retrained without the flagged examples, against the noisy and
the clean labels.

The rule: the cut-offs of ``find_label_issues`` (relative AUM < ``threshold``, and <
``threshold - decisiveness`` over the early or the late half of the epochs) are tuned here,
on the tuning half only: the pairs (t, 0) for t in ``THRESHOLDS`` and (0, d) for d in
``DECISIVENESS_GRID``, best mean F1 from the runs' records (no retraining); then, with that pair, the ``tail`` of
the count that caps the list (``TAILS``; ``None``: no cap). The section
prints that comparison, with the alternatives it rejected (``_label_noise_rules.ALTERNATIVES``:
session 5's, and session 6's cut-offs chosen per run from the run's own distribution of
relative AUMs), and, on the tuning half only, the AUM paper's threshold samples (two extra runs
each, :func:`_label_noise_rules.threshold_sample_flags`); then it reports the held-out half
and the fresh groups with the chosen rule. The library's defaults
(``descend.examples.AUM_THRESHOLD``, ``DECISIVENESS``, ``NOISE_TAIL``) are this choice.
Targets (printed, never enforced): F1 >= cleanlab's on every held-out (and fresh) setting, at
<= 1/3 of its compute (seconds, median ratio).

Session 16, step (2b) of the library's rule (not tuned here: ``descend.examples.unmemorised``): where
the run's last epoch read fits less than 0.25 of what its early half rejected decisively, the late
half must argue against an example too (its clipped mean below -0.15); fitted on the tuning half,
fresh-6, fresh-11 and fresh-12, kept on its one look at fresh-14.

Session 25, no flips (issue 17): per task also the clean training set (fraction 0), where every
flag is a false alarm: each contender's flags (count, share of n) and whether descend flags no
more than cleanlab, per group (``_label_noise_clean``; rows of kind ``"clean"``, kept out of the
tuning and the F1 verdicts).

Session 26, full batch (issue 17): per task (seed 0) also the run ``descend train`` made by
default until session 33 with ``--lr auto`` (full batch, 10 epochs: one update per epoch; since,
``--batch-size full``), on the clean labels and on
the 10% uniform flips, against cleanlab's 5 folds of that model: clean tasks where descend flags
more than cleanlab, and the flips' F1, per half (``_label_noise_full_batch``, halves declared in
``LABEL_FULL_BATCH_S26.md``; rows of kinds ``"full-batch-clean"`` and ``"full-batch"``).

Session 10, the opt-in count: per setting also ``descend.examples.held_out_count`` (one more run
on a random half, split within each label, for half the epochs, predicting the other half;
confident learning's count there, scaled to the set) and the library's rule capped at it as
well (``find_label_issues(run, count=...)``), reported per group beside the library's rule,
its seconds (tracked run + analysis + the half run) against cleanlab's.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler

import descend as ds
from _label_noise_clean import clean_row, clean_verdicts, print_clean
from _label_noise_full_batch import FRACTION, full_batch_task, full_batch_verdicts, print_full_batch
from _label_noise_rules import ALTERNATIVES, threshold_sample_flags
from _label_noise_tables import (
    DEFAULT,
    FOLDS,
    held_out_verdicts,
    library_verdicts,
    mean,
    print_rows,
    rule_name,
    verdict,
)
from _label_noise_tasks import GROUPS, TUNING, group
from _label_noise_tasks import data as _data
from descend.examples import AUM_THRESHOLD, DECISIVENESS, NOISE_TAIL, held_out_count, record_of

from _timing import short_error

FRACTIONS = (0.05, 0.10, 0.20)
KINDS = ("uniform", "class")
THRESHOLDS = (-0.5, -0.25, 0.0, 0.25, 0.5)
DECISIVENESS_GRID = (0.1, 0.2, 0.3, 0.4, 0.5)
TAILS = (0.5, 0.6, 0.7, 0.8, 0.9, None)  # the count from the early half's tails (None: no count)
EPOCHS = 20
SEEDS = 1  # label seeds 0..SEEDS-1 (--seeds N; --quick: 1, and only the 10% settings)
SETTINGS = dict(optimizer="adam", lr=0.01, batch_size=32, epochs=EPOCHS, tol=None, instruments=False, progress=False)
OUT = Path(__file__).resolve().parent / "results" / "label_noise.json"
OUT_QUICK = OUT.with_name("label_noise_quick.json")


def bench_label_noise(args) -> dict:
    quick = bool(getattr(args, "quick", False))
    seeds = (0,) if quick else tuple(range(getattr(args, "seeds", None) or SEEDS))
    fractions = (0.10,) if quick else FRACTIONS
    groups = _groups(getattr(args, "tasks", None))
    torch.set_num_threads(1)
    print(
        f"\n== label_noise: find_label_issues (1 run) vs cleanlab on {FOLDS}-fold probabilities ({FOLDS} runs); "
        f"MLP, {EPOCHS} epochs; seeds {list(seeds)}; groups {', '.join(groups)} =="
    )
    rows, clean, full = [], [], []
    for task in (task for name in groups for task in GROUPS[name]):
        for seed in seeds:
            try:
                rows += _one_task(task, seed, fractions, clean, full if seed == 0 else None)
            except Exception as err:  # a section never takes the bench down
                rows.append({"task": task, "seed": seed, "error": short_error(err)})
                print(f"  {task}: {short_error(err)}")
    good = [r for r in rows if "error" not in r]
    chosen, candidates = _tune([r for r in good if r["task"] in TUNING])
    for r in good:
        record, flipped = r.pop("record"), r.pop("flipped")
        r["descend"] = _scores(_flags(record, *chosen), flipped)
        r["descend_library"] = _scores(_flags(record, *DEFAULT), flipped)
        r["descend_held_out"] = _scores(_flags(record, *DEFAULT, count=r["held_out_count"]), flipped)
    print_rows(good, chosen)
    if chosen != DEFAULT:  # the retrained accuracies flagged with the library's rule
        print(
            f"  NOTE: the tuned rule {rule_name(*chosen)} differs from the library's "
            f"{rule_name(*DEFAULT)}, whose flags the retrained accuracies use: set the defaults"
        )
    tuning = [r for r in good if r["task"] in TUNING]
    if tuning:
        print(
            f"tuning half, the chosen rule: F1 descend {mean([r['descend']['f1'] for r in tuning]):.3f} vs cleanlab "
            f"{mean([r['cleanlab']['f1'] for r in tuning]):.3f}; descend >= cleanlab on "
            f"{sum(r['descend']['f1'] >= r['cleanlab']['f1'] for r in tuning)}/{len(tuning)} settings"
        )
    no_flips = clean_verdicts(clean)
    print_clean(no_flips)
    full_batch = full_batch_verdicts(full)
    print_full_batch(full_batch)
    verdicts = {
        name: verdict([r for r in good if r["half"] == name], f"group {name}", chosen)
        for name in groups
        if name != "tuning"
    }
    out = {
        "threshold_tuned": chosen[0],
        "decisiveness_tuned": chosen[1],
        "tail_tuned": chosen[2],
        "threshold_default": AUM_THRESHOLD,
        "decisiveness_default": DECISIVENESS,
        "tail_default": NOISE_TAIL,
        "tuning_candidates": candidates,
        **{f"{name.replace('-', '_')}_{k}": v for name, figures in verdicts.items() for k, v in figures.items()},
        "library_default": library_verdicts(good),
        "held_out_count": held_out_verdicts(good),
        "no_flips": no_flips,
        "full_batch": full_batch,
        "training_runs": {"descend": 1, "cleanlab": FOLDS},
        "rows": rows + clean + full,  # no flips: kind "clean"; full batch: "full-batch-clean", "full-batch"
    }
    path = OUT_QUICK if quick else OUT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=float))
    print(f"wrote {path}")
    return out


def _groups(asked: str | None) -> tuple[str, ...]:
    """The groups ``--tasks`` names (comma-separated; all by default)."""
    if not asked:
        return tuple(GROUPS)
    groups = tuple(g.strip() for g in asked.split(","))
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise ValueError(f"--tasks: unknown group {unknown[0]!r}; section label_noise knows {', '.join(GROUPS)}")
    return groups


def flip_labels(y: np.ndarray, fraction: float, kind: str, classes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``y`` with ``fraction`` of its labels flipped, and the flipped positions: ``uniform`` a
    random subset, each to a random other class; ``class`` that share of every class c, to
    c+1 mod ``classes``."""
    rng = np.random.default_rng(seed)
    noisy = y.copy()
    if kind == "uniform":
        where = rng.choice(len(y), round(fraction * len(y)), replace=False)
        noisy[where] = (y[where] + rng.integers(1, classes, len(where))) % classes
    else:
        where = np.concatenate(
            [
                rng.choice(np.flatnonzero(y == c), round(fraction * (y == c).sum()), replace=False)
                for c in range(classes)
            ]
        )
        noisy[where] = (y[where] + 1) % classes
    return noisy, np.sort(where)


def _train(X: np.ndarray, y: np.ndarray, seed: int, track: bool = False):
    return ds.train("mlp", (X.astype(np.float32), y), seed=seed, track_examples=track, **SETTINGS)


def _probs(history, X: np.ndarray) -> np.ndarray:
    model = history.model.eval()
    with torch.no_grad():
        return model(torch.as_tensor(X, dtype=torch.float32)).softmax(1).numpy()


def _accuracy(X: np.ndarray, y: np.ndarray, keep: np.ndarray, X_test: np.ndarray, y_test: np.ndarray, seed: int):
    """Test accuracy of the model trained on the kept examples, and that training's CPU seconds."""
    t0 = time.process_time()
    h = _train(X[keep], y[keep], seed)
    seconds = time.process_time() - t0
    return float((_probs(h, X_test).argmax(1) == y_test).mean()), seconds


def split(task: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """``task``'s training and test parts (80/20, stratified, seed 0; standardised on the
    training part) and its number of classes."""
    X, y = _data(task)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test, int(y.max()) + 1


def _one_task(task: str, seed: int, fractions, clean: list | None = None, full: list | None = None) -> list[dict]:
    """The noisy settings' rows of ``task``; its no-flips row (fraction 0) is appended to ``clean``
    and its full-batch rows to ``full`` (after the noisy settings, which they leave as they were:
    every run is seeded)."""
    import cleanlab.filter  # the bench's only use of it (a test dependency)

    X_train, X_test, y_train, y_test, classes = split(task)
    everyone = np.ones(len(y_train), dtype=bool)
    clean_accuracy, _ = _accuracy(X_train, y_train, everyone, X_test, y_test, seed)
    rows = []
    for kind in KINDS:
        for fraction in fractions:
            noisy, flipped = flip_labels(y_train, fraction, kind, classes, seed=1000 * seed + int(100 * fraction))
            truth = np.zeros(len(noisy), dtype=bool)
            truth[flipped] = True
            t0 = time.process_time()
            history = _train(X_train, noisy, seed, track=True)
            issues = ds.find_label_issues(history)
            seconds_descend = time.process_time() - t0
            t0 = time.process_time()  # the opt-in count: one more run, on half, for half the epochs
            count = held_out_count("mlp", (X_train.astype(np.float32), noisy), seed=seed, **SETTINGS)
            seconds_held_out = time.process_time() - t0
            t0 = time.process_time()
            probs = np.zeros((len(noisy), classes))
            for fit_on, held in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(X_train, noisy):
                probs[held] = _probs(_train(X_train[fit_on], noisy[fit_on], seed), X_train[held])
            cleanlab_flags = cleanlab.filter.find_label_issues(noisy, probs)
            seconds_cleanlab = time.process_time() - t0
            ours = np.zeros(len(noisy), dtype=bool)
            ours[issues.indices] = True
            noisy_accuracy, seconds_untracked = _accuracy(X_train, noisy, everyone, X_test, y_test, seed)
            if task in TUNING:  # the AUM paper's threshold samples: two more runs (a contender on the tuning half)
                samples, seconds_samples = threshold_sample_flags(_train, X_train, noisy, classes, seed)
            row = {
                "task": task,
                "half": group(task),
                "seed": seed,
                "kind": kind,
                "fraction": fraction,
                "n": len(noisy),
                "flipped_n": int(truth.sum()),
                "record": record_of(history),
                "flipped": truth,
                "cleanlab": _scores(cleanlab_flags, truth),
                **(
                    {"threshold_samples": _scores(samples, truth), "seconds_threshold_samples": seconds_samples}
                    if task in TUNING
                    else {}
                ),
                "default_threshold_flagged": int(ours.sum()),
                "seconds_descend": seconds_descend,
                "seconds_cleanlab": seconds_cleanlab,
                "held_out_count": count,
                "seconds_held_out": seconds_held_out,
                "seconds_untracked": seconds_untracked,
                "accuracy_clean": clean_accuracy,
                "accuracy_noisy": noisy_accuracy,
                "accuracy_without_descend_flags": _accuracy(X_train, noisy, ~ours, X_test, y_test, seed)[0],
                "accuracy_without_cleanlab_flags": _accuracy(X_train, noisy, ~cleanlab_flags, X_test, y_test, seed)[0],
            }
            rows.append(row)
    if clean is not None:  # no flips: every flag is a false alarm
        clean.append(_no_flips(task, X_train, y_train, classes, seed, cleanlab.filter.find_label_issues))
    if full is not None:  # train's defaults, full batch (10 epochs, lr auto): clean and 10% uniform flips
        noisy, flipped = flip_labels(y_train, FRACTION, "uniform", classes, seed=1000 * seed + int(100 * FRACTION))
        issues = cleanlab.filter.find_label_issues
        full += full_batch_task(task, group(task), X_train, y_train, classes, seed, noisy, flipped, issues)[0]
    print(f"  {task} (seed {seed}): {len(rows)} settings done")
    return rows


def _no_flips(task: str, X: np.ndarray, y: np.ndarray, classes: int, seed: int, cleanlab_issues) -> dict:
    """The no-flips row of ``task``: descend's flags from the tracked run on the clean labels,
    cleanlab's from the 5 fold runs on them."""
    ours = len(ds.find_label_issues(_train(X, y, seed, track=True)).indices)
    probs = np.zeros((len(y), classes))
    for fit_on, held in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(X, y):
        probs[held] = _probs(_train(X[fit_on], y[fit_on], seed), X[held])
    theirs = int(np.sum(cleanlab_issues(y, probs)))
    return clean_row(task, group(task), seed, len(y), ours, theirs)


def _scores(flags: np.ndarray, truth: np.ndarray) -> dict:
    tp = int((flags & truth).sum())
    precision = tp / max(int(flags.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    # 2 TP / (flagged + flipped), one division of integers: equal F1s compare equal (session 10)
    f1 = 2 * tp / (int(flags.sum()) + int(truth.sum())) if tp else 0.0
    return {"flagged": int(flags.sum()), "precision": precision, "recall": recall, "f1": f1}


def _flags(record, threshold: float, decisiveness: float, tail: float | None = None, count=None) -> np.ndarray:
    """The examples ``find_label_issues(record, threshold=..., decisiveness=..., tail=..., count=...)`` flags, as a mask."""
    flags = np.zeros(record.n, dtype=bool)
    issues = ds.find_label_issues(record, threshold=threshold, decisiveness=decisiveness, tail=tail, count=count)
    flags[issues.indices] = True
    return flags


def _tune(rows: list[dict]) -> tuple[tuple, dict]:
    """The rule of the best mean F1 on the tuning rows, and every candidate's scores; prints
    the comparison. First the (threshold, decisiveness) pair, the cut-offs alone (ties: the
    library's default, then the threshold nearest 0 and the smaller decisiveness); then, with
    that pair, the tail of the count (``TAILS``; ties: the library's default, then no count)."""
    pairs = [(t, 0.0, None) for t in THRESHOLDS] + [(0.0, d, None) for d in DECISIVENESS_GRID]
    if not rows:
        return DEFAULT, {}
    rules = {rule_name(*pair): (lambda r, pair=pair: _flags(r["record"], *pair)) for pair in pairs}
    rules.update({name: (lambda r, rule=rule: rule(r["record"])) for name, rule in ALTERNATIVES.items()})
    candidates = {}
    for name, rule in rules.items():
        f1 = [_scores(rule(r), r["flipped"])["f1"] for r in rows]
        candidates[name] = {
            "f1_mean": mean(f1),
            "f1_by_task": {task: mean([f for f, r in zip(f1, rows) if r["task"] == task]) for task in TUNING},
            "at_least_cleanlab": f"{sum(f >= r['cleanlab']['f1'] for f, r in zip(f1, rows))}/{len(rows)}",
        }
    sampled = [r for r in rows if "threshold_samples" in r]
    if sampled:  # not a cut-off of the run's record: 2 runs of its own, printed for comparison
        f1 = [r["threshold_samples"]["f1"] for r in sampled]
        candidates["threshold samples (AUM paper, 2 runs of their own)"] = {
            "f1_mean": mean(f1),
            "f1_by_task": {task: mean([f for f, r in zip(f1, sampled) if r["task"] == task]) for task in TUNING},
            "at_least_cleanlab": f"{sum(f >= r['cleanlab']['f1'] for f, r in zip(f1, sampled))}/{len(sampled)}",
            "flagged_per_flip_median": statistics.median(
                r["threshold_samples"]["flagged"] / r["flipped_n"] for r in sampled
            ),
            "seconds_ratio_median": statistics.median(
                r["seconds_threshold_samples"] / r["seconds_cleanlab"] for r in sampled
            ),
        }
    print(f"  tuning half, candidate rules (mean F1; by task {', '.join(TUNING)}; settings >= cleanlab):")
    for name, c in candidates.items():
        tasks = " ".join(f"{c['f1_by_task'][t]:.3f}" for t in TUNING)
        extra = (
            f"; flagged per flip {c['flagged_per_flip_median']:.2f}, seconds vs cleanlab {c['seconds_ratio_median']:.3f}"
            if "seconds_ratio_median" in c
            else ""
        )
        print(f"    {name:<70} {c['f1_mean']:.3f}  ({tasks})  {c['at_least_cleanlab']}{extra}")
    pair = max(
        pairs,
        key=lambda p: (round(candidates[rule_name(*p)]["f1_mean"], 6), p[:2] == DEFAULT[:2], -abs(p[0]), -p[1]),
    )[:2]
    print(f"  the best mean F1 among the cut-off pairs: {rule_name(*pair)}; with it, the count of the early tails:")
    rules = [(*pair, tail) for tail in TAILS]
    for rule in rules:
        f1 = [_scores(_flags(r["record"], *rule), r["flipped"])["f1"] for r in rows]
        candidates[rule_name(*rule)] = {
            "f1_mean": mean(f1),
            "f1_by_task": {task: mean([f for f, r in zip(f1, rows) if r["task"] == task]) for task in TUNING},
            "at_least_cleanlab": f"{sum(f >= r['cleanlab']['f1'] for f, r in zip(f1, rows))}/{len(rows)}",
        }
        c = candidates[rule_name(*rule)]
        tasks = " ".join(f"{c['f1_by_task'][t]:.3f}" for t in TUNING)
        print(f"    {'tail ' + str(rule[2]):<70} {c['f1_mean']:.3f}  ({tasks})  {c['at_least_cleanlab']}")
    chosen = max(rules, key=lambda p: (round(candidates[rule_name(*p)]["f1_mean"], 6), p == DEFAULT, p[2] is None))
    print(f"  chosen: {rule_name(*chosen)}")
    return chosen, candidates
