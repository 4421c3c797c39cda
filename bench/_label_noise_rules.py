"""Bench ``label_noise``: the rules ``find_label_issues`` was compared with and rejected, on the
tuning half only (the bench prints their mean F1 beside the chosen cut-off pair).

Session 5: the late half alone, persistence, a flag count from the run's own errors, a cut-off
calibrated on the run's own first-pass flags, the given-label confidence late in training,
confident learning's per-class thresholds on the run's own probabilities.

Session 6, cut-offs chosen per run (each run's best cut-off in hindsight reaches 0.92 on iris,
where the fixed one reaches 0.79): a two-component "mirror" mixture (the relative AUMs of the
mislabelled examples distributed as the mirror image of the clean ones', the share from the
tails beyond +-0.5; flag where the posterior is above 1/2), a noise count from confident
learning on the early half's probabilities (then that many lowest relative AUMs), per-class
robust z-scores, the valley of the density between the two modes, and a cut-off moved with the
log-odds of the flagged share (a noise-rate-dependent threshold, as a Bayes cut-off moves with
the prior), and a Gaussian mixture on the (early-half, late-half) plane whose components centred
below 0 are the mislabelled (4 components: +0.01 mean F1 over 4 seeds, but 0.82-0.85 with 5, 6
or 8 components or another initialisation, and 0.63 with the number chosen by BIC: not robust).
And the AUM paper's own threshold samples (:func:`threshold_sample_flags`, two
extra runs).

Session 7, on the tuning half extended with xor, overlap and gauss2 (kept: the count of the
early half's tails, ``find_label_issues(tail=0.7)``): a Bayes cut-off in probability units
(binary, symmetric noise rho: flip posterior above 1/2 where the noisy-calibrated probability
of the given label is below 2 rho (1 - rho); rho the cut-offs' flagged share, the early
half's mean probability, scaled by 3, the best scale), and cut-offs moved by run-level
statistics (the flagged share's log-odds, the share of relative AUMs within 0.5 of 0, the
share below 0 but not decisively: none better left-one-task-out).

Session 9 (frozen on the tuning half, then one look at every other group; rejected):
:func:`_min_count`, the library's rule capped at the smaller of session 7's count and
confident learning's count on the first fifth of the epochs (:func:`early_confident_count`:
the first epochs' probabilities as a free stand-in for cross-validation). Tuning half, 4 seeds:
129 of 144 settings at least cleanlab's, as without it (mean F1 0.782 against 0.781); 2 seeds:
held-out 32 of 36 (33 without), fresh s5 40 of 48 (40), s6 27 of 36 (28), s7 21 of 48 (24), s9
33 of 48 (34). Where the classes overlap or the MLP is still fitting them, the first epochs
argue against clean examples as decisively as the early half does, so this count binds where
session 7's is already right, and not where that one is too high.

Session 13 (fitted on the tuning half and session 7's group, frozen, one look at every other
group; rejected): :func:`_bracketed_count`, the library's rule capped at the geometric mean of
session 7's count and :func:`mirrored_mixture_count` (the early half's relative AUMs as clean
examples from two Gaussians, ``mu_c >= 0``, and flipped ones from their mirror image, by EM),
for runs that have not fitted the clean classes, where clean examples are decisively wrong early
too and session 7's count is 2 to 8 times the flips. Fitted groups, 2 seeds: 66 -> 58 of 72
settings at least cleanlab's, s7 24 -> 31 of 48 (89 of 120 against 90). Elsewhere, the same
runs scored by both rules: held-out 33 -> 30 of 36, s5 40 -> 40 of 48, s6 28 -> 18 of 36
(hastie 10 -> 1: its clean examples, learned late, are no Gaussian, and the mixture counts 0.0
to 0.7 times the flips), s9 34 -> 34 of 48 (checker 1 -> 1: the mixture swings from 0.0 to 3.1
times the flips), s13 26 -> 27 of 48; 161 -> 149 of 216, at 0.30-0.31 of cleanlab's seconds
instead of 0.27. The early half's distribution of relative AUMs alone does not identify how
many are flipped where the clean classes are not fitted.

Session 13d (fitted on s5, s6 and s13b, frozen with the eighth fresh group s13d, one look at
every other group; rejected): the same flags and count, the list ranked by the later half's
relative AUM (of the epochs read) instead of the whole window's, on the argument that a clean
example learned late is argued against early only. Same tracked runs, 2 seeds, settings at
least cleanlab's: fitted s5 41 -> 45, s6 28 -> 29, s13b 38 -> 38 (moons, circles, quantiles:
curved boundaries learned late); elsewhere tuning 66 -> 64 (gauss2 11 -> 9, overlap 12 -> 11,
iris 8 -> 9), s7 38 -> 37, s13 38 -> 36 (diabetes3 10 -> 8), held-out, s9, s13c and s13d
(33 of 48) unchanged: 280 -> 275 of 396.
Where classes truly overlap, the clean examples of the overlap stay argued against in the later
half too, and half the epochs rank them less steadily than all of them.

Session 14 (fitted on the tuning half, s7, s9 and s13, frozen with the ninth fresh group s14,
one look at every other group; rejected): :func:`_half_median`, step (2) on the median of each
half's relative margins instead of the mean (a clean example argued against in the first
epoch only, where the relative margins of a barely trained network are heavy-tailed, no
longer passes it). Fitted groups, settings at least cleanlab's: seeds 0-1 176 -> 179, seeds
2-3 165 -> 171. The one look, the same tracked runs (2 seeds): held-out 35 -> 34, s5 41 -> 42,
s6 28 -> 31, s13b 38 -> 41, s13c 36 -> 38, s13d 33 -> 34, s14 46 -> 44 (bicluster class 20%,
pie class 10%): 257 -> 264 of 312, but the new group lost 2 where the rule allowed 1.
The second variant, each epoch's relative margin clipped to +-1 in the halves' means
(``descend.examples.half_clipped_aum``), was frozen with a tenth fresh group s14b and kept:
304 -> 308 of 360 over the eight groups not fitted on (s14 46 -> 45, s14b 47 -> 47).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import numpy as np
from scipy.stats import gaussian_kde
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

import descend as ds
from descend.examples import (
    confident_learning_count,
    half_relative_aum,
    record_of,
    relative_aum,
    relative_margins,
    suggested_labels,
)
from descend.examples.summaries import column_means


def _library_flags(record) -> np.ndarray:
    """The examples ``find_label_issues(record, tail=None)`` flags (the library's cut-offs, without
    session 7's count: the rules below were compared with those alone), as a mask."""
    flags = np.zeros(record.n, dtype=bool)
    flags[ds.find_label_issues(record, tail=None).indices] = True
    return flags


def _lowest(score: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` lowest ``score`` values, as a mask."""
    flags = np.zeros(len(score), dtype=bool)
    flags[np.argsort(score, kind="stable")[: max(int(k), 0)]] = True
    return flags


def _late_half(record) -> np.ndarray:
    """The relative AUM of the late half alone below 0 (no weight on the early epochs)."""
    late = relative_margins(record.margin)[len(record.epochs) // 2 :]
    return np.nan_to_num(np.nanmean(late, axis=0), nan=np.inf) < 0


def _persistent(record) -> np.ndarray:
    """Relative AUM below 0 and predicted as another class in most of the late half."""
    predicted = record.predicted[len(record.epochs) // 2 :]
    other = ((predicted >= 0) & (predicted != record.labels[None, :])).mean(axis=0)
    return (relative_aum(record.margin) < 0) & (other > 0.5)


def _own_errors(record) -> np.ndarray:
    """As many as the run misclassifies in most of its epochs, lowest relative AUM first."""
    wrong = (record.correct == 0).sum(axis=0) > (record.correct == 1).sum(axis=0)
    flags = np.zeros(record.n, dtype=bool)
    flags[np.argsort(relative_aum(record.margin), kind="stable")[: int(wrong.sum())]] = True
    return flags


def _self_calibrated(record) -> np.ndarray:
    """The library's flags whose relative AUM is below 0.2 x the flagged ones' median: the
    threshold-sample idea (Pleiss et al. 2020), with the run's own first-pass flags standing
    in for the examples known to be mislabelled."""
    issues = ds.find_label_issues(record, tail=None)
    flags = np.zeros(record.n, dtype=bool)
    if len(issues):
        relative = issues["window_relative_aum"]  # the relative AUM the list was ranked by
        flags[issues.indices[relative < 0.2 * np.median(relative)]] = True
    return flags


def _late_confidence(record) -> np.ndarray:
    """The library's flags whose mean probability of the given label over the late half is < 0.5."""
    late = column_means(record.p_label[len(record.epochs) // 2 :].astype(np.float64))
    return _library_flags(record) & (late < 0.5)


def _confident_in_sample(record) -> np.ndarray:
    """Confident learning's off-diagonal (Northcutt et al. 2021) on the run's own probabilities
    averaged over the epochs: an example is flagged when the probability of its suggested label
    (the most likely other class, p(label) * exp(-margin)) reaches that class's threshold, the
    mean probability of their own label over the examples labelled with it."""
    p_label = record.p_label.astype(np.float64)
    own, other = column_means(p_label), column_means(p_label * np.exp(-record.margin.astype(np.float64)))
    thresholds = np.array(
        [np.mean(own[record.labels == c]) if (record.labels == c).any() else np.inf for c in range(record.classes)]
    )
    suggested = suggested_labels(record)
    return (suggested >= 0) & (other >= thresholds[np.maximum(suggested, 0)])


ALTERNATIVES = {
    "late half only: relative AUM of the late half < 0": _late_half,
    "persistent: relative AUM < 0, another class in most of the late half": _persistent,
    "own errors: as many as misclassified in most epochs": _own_errors,
    "self-calibrated: the flags below 0.2 x their median relative AUM": _self_calibrated,
    "late confidence: the flags with p(label) < 0.5 over the late half": _late_confidence,
    "confident learning on the run's own epoch-mean probabilities": _confident_in_sample,
}


def _mirror_mixture(record) -> np.ndarray:
    """Flagged where the posterior of "mislabelled" is above 1/2 when the mislabelled examples'
    relative AUMs are the mirror image of the clean ones' (density f(s) = (1-p) g(s) + p g(-s)):
    p / (1-p) = #(s < -0.5) / #(s > 0.5), and s < 0 is flagged where
    f(-s) / f(s) > (1 - 2p + 2p^2) / (2p(1-p)) (Gaussian kernel densities)."""
    s = relative_aum(record.margin)
    seen = np.isfinite(s)
    x = np.clip(s[seen], -4, 4)
    odds = (x < -0.5).sum() / max((x > 0.5).sum(), 1)
    p = min(max(odds / (1 + odds), 1e-3), 0.45)
    density = gaussian_kde(x)
    flags = np.zeros(record.n, dtype=bool)
    flags[np.flatnonzero(seen)] = (x < 0) & (density(-x) > (1 - 2 * p + 2 * p * p) / (2 * p * (1 - p)) * density(x))
    return flags


def _early_confident_count(record) -> np.ndarray:
    """As many as confident learning counts off the diagonal on the early half's mean
    probabilities (another class's probability at least that class's mean self-confidence, and
    above the given label's), lowest relative AUM first."""
    half = slice(0, len(record.epochs) // 2)
    p_label = record.p_label[half].astype(np.float64)
    own, other = column_means(p_label), column_means(p_label * np.exp(-record.margin[half].astype(np.float64)))
    thresholds = np.array([np.nanmean(own[record.labels == c]) for c in range(record.classes)])
    suggested = suggested_labels(record)
    count = int(((suggested >= 0) & (other >= thresholds[np.maximum(suggested, 0)]) & (other > own)).sum())
    return _lowest(relative_aum(record.margin), count)


def _class_robust_z(record) -> np.ndarray:
    """Relative AUM more than 2 robust standard deviations (1.4826 MAD) below its class's median."""
    s = relative_aum(record.margin)
    z = np.zeros(record.n)
    for c in range(record.classes):
        mine = record.labels == c
        median = np.nanmedian(s[mine]) if mine.any() else 0.0
        spread = 1.4826 * np.nanmedian(np.abs(s[mine] - median)) if mine.any() else 1.0
        z[mine] = (s[mine] - median) / max(spread, 1e-9)
    return z < -2


def _density_valley(record) -> np.ndarray:
    """Relative AUM below the lowest point of its density (Gaussian kernel, bandwidth 0.15)
    between -0.8 and 0.2: the valley between the mislabelled and the clean examples."""
    s = relative_aum(record.margin)
    grid = np.linspace(-0.8, 0.2, 101)
    valley = grid[np.argmin(gaussian_kde(np.clip(s[np.isfinite(s)], -3, 3), bw_method=0.15)(grid))]
    return s < valley


def _noise_rate_cut_off(record) -> np.ndarray:
    """The library's rule with its cut-off moved by the log-odds of the share q it flags:
    threshold 0.2 + 0.1 log(q / (1 - q)) (the best such pair on the tuning half)."""
    q = min(max(_library_flags(record).mean(), 0.005), 0.5)
    threshold = 0.2 + 0.1 * np.log(q / (1 - q))
    return (relative_aum(record.margin) < threshold) & (half_relative_aum(record.margin) < threshold - 0.3)


def _halves_mixture(record) -> np.ndarray:
    """A 4-component Gaussian mixture on (early-half, late-half) relative AUM; flagged where the
    posterior of the components centred below 0 (mean of the two coordinates) is above 1/2."""
    relative = relative_margins(record.margin)
    half = len(relative) // 2
    x = np.nan_to_num(np.clip(np.c_[column_means(relative[:half]), column_means(relative[half:])], -4, 4))
    with threadpool_limits(1):  # k-means++ seeding is multi-threaded: 20x slower on 2 shared cores
        mixture = GaussianMixture(4, init_params="k-means++", random_state=0).fit(x)
    wrong_side = mixture.means_.mean(axis=1) < 0
    return mixture.predict_proba(x)[:, wrong_side].sum(axis=1) > 0.5


def _bayes_early_probability(record) -> np.ndarray:
    """The cut-offs' flags whose early-half mean probability of the given label is below
    3 x 2q(1 - q), q the share they flag (session 7)."""
    flags = _library_flags(record)
    q = flags.mean()
    early = column_means(record.p_label[: len(record.epochs) // 2].astype(np.float64))
    return flags & (early < 3 * 2 * q * (1 - q))


ALTERNATIVES.update(
    {
        "per run, mirror mixture: posterior of mislabelled > 1/2": _mirror_mixture,
        "per run, confident learning's count on the early half": _early_confident_count,
        "per run, per class: robust z of relative AUM < -2": _class_robust_z,
        "per run, the density's valley between -0.8 and 0.2": _density_valley,
        "per run, cut-off moved by the log-odds of the flagged share": _noise_rate_cut_off,
        "per run, 4-Gaussian mixture on the halves, components below 0": _halves_mixture,
        "per run, Bayes: early p(label) < 3 x 2q(1-q), q the flagged share": _bayes_early_probability,
    }
)


def early_confident_count(record, share: float = 0.2) -> float:
    """Confident learning's count of mislabelled examples (Northcutt et al. 2021;
    :func:`descend.examples.confident_learning_count`) on the first ``W = max(floor(share * E),
    1)`` recorded epochs, from the two probabilities the record keeps per example: q_i, the
    mean over the window of p(y_i), and r_i, that of the runner-up class j_i (probability
    p(y_i) exp(-margin); j_i the other class predicted most often in the window, else over the
    run, the other class when binary), the other classes' probabilities taken as 0. The first
    epoch's forward pass of each example precedes any step on it: out-of-sample
    probabilities, before the model can memorise a flip."""
    window = max(int(share * len(record.epochs)), 1)
    p_label = record.p_label[:window].astype(np.float64)
    own = column_means(p_label)
    runner_up = column_means(p_label * np.exp(-record.margin[:window].astype(np.float64)))
    other = 1 - record.labels if record.classes == 2 else _runner_up_class(record, window)
    seen = np.isfinite(own)
    labels, other = record.labels[seen], other[seen]
    p = np.zeros((len(labels), record.classes))
    rows = np.arange(len(labels))
    p[rows, labels] = own[seen]
    known = other >= 0
    p[rows[known], other[known]] = runner_up[seen][known]
    return confident_learning_count(p, labels)


def _runner_up_class(record, window: int) -> np.ndarray:
    """Per example, the other class predicted most often in the first ``window`` epochs, else
    over the run, else -1."""

    def counts(predicted: np.ndarray) -> np.ndarray:
        out = np.zeros((record.n, record.classes), dtype=np.int64)
        other = (predicted >= 0) & (predicted != record.labels[None, :])
        np.add.at(out, (np.broadcast_to(np.arange(record.n), predicted.shape)[other], predicted[other]), 1)
        return out

    early, everywhere = counts(record.predicted[:window]), counts(record.predicted)
    chosen = np.where(early.sum(axis=1, keepdims=True) > 0, early, everywhere)
    return np.where(chosen.sum(axis=1) > 0, chosen.argmax(axis=1), -1)


def _min_count(record) -> np.ndarray:
    """The library's rule capped at min(its count, :func:`early_confident_count`) (session 9)."""
    issues = ds.find_label_issues(record)
    count = min(issues.estimated, early_confident_count(record))
    flags = np.zeros(record.n, dtype=bool)
    flags[ds.find_label_issues(record, tail=None).indices[: int(np.round(count))]] = True
    return flags


ALTERNATIVES["session 9: capped at min(the count, confident learning on the first epochs)"] = _min_count


def threshold_sample_flags(
    train: Callable, X: np.ndarray, labels: np.ndarray, classes: int, seed: int
) -> tuple[np.ndarray, float]:
    """The AUM paper's threshold samples (Pleiss et al. 2020), as it describes them: two extra
    runs, each with a disjoint random N/(c+1) of the examples moved to a fake class c; an
    example is flagged when, in the run where it keeps its label, its AUM is at most the 99th
    percentile of that run's threshold samples' AUM. Returns the flags and the CPU seconds.
    ``train(X, labels, seed, track=True)`` trains one tracked run."""
    n = len(labels)
    order = np.random.default_rng(seed + 77).permutation(n)
    share = n // (classes + 1)
    flags, judged = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    t0 = time.process_time()
    for moved in (order[:share], order[share : 2 * share]):
        relabelled = labels.copy()
        relabelled[moved] = classes
        record = record_of(train(X, relabelled, seed, track=True))
        aum = column_means(record.margin.astype(np.float64))
        cut_off = np.percentile(aum[moved], 99)
        now = ~judged
        now[moved] = False
        flags[now] = aum[now] <= cut_off
        judged |= now
    return flags, time.process_time() - t0


def mirrored_mixture_count(record, components: int = 2, iterations: int = 500) -> float:
    """Session 13's count: EM on the early half's relative AUMs ``e`` (first ``max(E // 2, 1)``
    epochs), ``e ~ (1 - rho) sum_c w_c N(mu_c, s_c^2) + rho sum_c w_c N(-mu_c, s_c^2)`` with
    ``mu_c >= 0`` (clean examples fitted early and late, flipped ones at their mirror image);
    ``m * rho`` for the ``m`` examples that half saw."""
    relative = relative_margins(record.margin)
    early = column_means(relative[: max(len(relative) // 2, 1)])
    early = early[np.isfinite(early)]
    if len(early) < 2 or np.ptp(early) == 0:
        return 0.0
    rho, weight = 0.1, np.full(components, 1 / components)
    mu = np.maximum(np.quantile(np.abs(early), np.linspace(0.3, 0.8, components)), 1e-3)
    spread = np.full(components, max(float(np.std(early)) / components, 0.05))

    def normal(x: np.ndarray) -> np.ndarray:
        z = (x[None, :] - mu[:, None]) / spread[:, None]
        return np.exp(-0.5 * z**2) / (np.sqrt(2 * np.pi) * spread[:, None])

    for _ in range(iterations):
        clean, flipped = (1 - rho) * weight[:, None] * normal(early), rho * weight[:, None] * normal(-early)
        total = np.maximum((clean + flipped).sum(axis=0), np.finfo(float).tiny)
        clean, flipped = clean / total, flipped / total
        previous, rho = rho, float(flipped.sum() / len(early))
        share = np.maximum((clean + flipped).sum(axis=1), np.finfo(float).tiny)
        weight = share / share.sum()
        mu = np.maximum((clean @ early - flipped @ early) / share, 1e-3)
        square = (clean * (early[None, :] - mu[:, None]) ** 2).sum(axis=1)
        square += (flipped * (early[None, :] + mu[:, None]) ** 2).sum(axis=1)
        spread = np.maximum(np.sqrt(square / share), 0.05)
        if abs(rho - previous) < 1e-7:
            break
    return float(len(early) * rho)


def _bracketed_count(record) -> np.ndarray:
    """The library's rule capped at sqrt(its count x :func:`mirrored_mixture_count`) (session 13)."""
    count = np.sqrt(ds.find_label_issues(record).estimated * mirrored_mixture_count(record))
    flags = np.zeros(record.n, dtype=bool)
    flags[ds.find_label_issues(record, tail=None).indices[: int(np.round(count))]] = True
    return flags


ALTERNATIVES["session 13: capped at the geometric mean of the count and a mirrored mixture's"] = _bracketed_count


def _half_median(record) -> np.ndarray:
    """Session 14's first variant: the library's window, count and ranking, with step (2) on the
    lower of the two halves' median relative margins (< -0.3) instead of their clipped means."""
    issues = ds.find_label_issues(record)
    window = relative_margins(record.margin[: issues.epochs])
    half = len(window) // 2
    with warnings.catch_warnings():  # a half that never saw an example: NaN, skipped by fmin
        warnings.simplefilter("ignore", RuntimeWarning)
        early = np.nanmedian(window[:half], axis=0) if half else np.full(record.n, np.nan)
        medians = np.fmin(early, np.nanmedian(window[half:], axis=0))
    score = column_means(window)
    flagged = np.flatnonzero((score < 0) & (medians < -0.3))
    return _lowest(
        np.where(np.isin(np.arange(record.n), flagged), score, np.inf),
        min(len(flagged), int(np.round(issues.estimated))),
    )


ALTERNATIVES["session 14: a half's median relative margin < -0.3 (the first variant)"] = _half_median
