"""The suite of section ``lr_quality`` (see lr_quality.py): each task is one problem, one
optimizer and one step budget. It has two halves, fixed before the new tasks' results were
seen: ``lr="auto"`` is tuned on ``TUNING`` only, and both halves are reported separately.
The first 8 tasks are the bench's original suite; the other 8 bring other data (iris, wine,
scikit-learn's ``make_friedman1``, ``make_moons``, ``make_classification``), optimizers
(momentum, RMSprop, full-batch GD) and badly scaled inputs (features spanning a factor 1000).
A third group, ``FRESH`` (session 5: circles, raw-scaled Friedman #2, digits at full batch,
diabetes with an MLP), was added after both halves had been looked at more than once, and is
reported on its own: the clean estimate of the rule as it stood. Session 7 added two tasks to
the tuning half (Adam on raw-scaled inputs) and, after the rule was frozen, a second fresh group
``FRESH_S7`` (ring sectors, raw polynomial features, a damped oscillator, quartiles of a
projection with bad scales, a CNN on 8x8 squares, crosses and rings; RMSprop, Adam, momentum,
Nesterov, NAdam: generators no section of the bench uses), run once. Session 12 added a third,
``FRESH_S12`` (a low-rank design, a 4x4 checkerboard, 5-D shells, two Gaussians with an SPD
covariance on raw scales, the Ishigami function; full-batch GD, Nesterov, RMSprop, Adam,
momentum: generators the suite has not used), written after session 12's rule was fitted on
the tuning half and frozen with it, run once. Session 12b added a fourth, ``FRESH_S12B`` (raw word
counts, a sparse linear target on raw scales, Gaussian quantiles on raw scales, the swiss roll,
thirds of an S-curve; RAdam, AdamW, NAdam, Adagrad, full-batch momentum), written after its rule
was fitted on the tuning half and frozen with it, run once. Session 12c added a fifth,
``FRESH_S12C`` (Friedman #3 on raw scales, Hastie's 10-2 on raw scales, two spirals, the lags of
an AR(3) series, an anisotropic Gaussian mixture with bad scales; Adam, RMSprop, SGD, full-batch
Nesterov, Adam), written the same way. Session 12d added a sixth, ``FRESH_S12D`` (6-D XOR, 6-bit
parity, ``sin(3 pi x)``, nested 4-D cubes and tiny 8x8 bars through deep sigmoid and tanh MLPs:
problems likely to start on a plateau; Adamax, Lion, ASGD, LAMB, Adadelta), written the same way.
Session 13 added a seventh, ``FRESH_S13`` (a sine boundary through 5 sigmoid layers,
breast_cancer through 6 sigmoid layers at full batch, the Rastrigin surface, raw multilabel
counts, a 3x3 grid of blobs through 4 tanh layers; momentum, full-batch GD, schedule-free
AdamW, Adafactor, LARS), written before any run on it and frozen with session 13's rule. That rule
was reverted on a cost clause of its decision rule; session 13b added an eighth, ``FRESH_S13B``
(square rings, wine through 5 sigmoid layers, iris through 4 tanh layers at full batch, raw
pixels of digits 3 vs 5, a sawtooth; momentum, SGD, Nesterov, AdamW, Adam), written before any
run on it and frozen with the rule's second test. Session 13c added a ninth, ``FRESH_S13C``
(breast_cancer, wine and diabetes on raw scales, three helices, Franke's surface; RMSprop,
AdamW, NAdam, Adam, RAdam), and session 13d a tenth, ``FRESH_S13D`` (three concentric spheres
at full batch, breast_cancer, MATLAB's peaks surface, rotated stripes, iris; full-batch GD,
Nesterov, SGD, momentum, RMSprop), and session 13e an eleventh, ``FRESH_S13E`` (softmax on raw
wine, an MLP on raw digits pixels, shifted make_classification on raw scales, softmax on raw
iris, Friedman #2 standardised; Adam, NAdam, RAdam, RMSprop, AdamW), each written before any run
on it and frozen with its round's rule. Session 14 added ``FRESH_S14`` (log-normal raw
features, raw Poisson counts, Himmelblau's surface, a radial sinc on raw scales, Gaussian or uniform 5-D points; AdamW, Adam,
RMSprop, NAdam, momentum), written before any run on it and frozen with its rule; session 14b
``FRESH_S14B`` (offset uniform raw features, raw Likert scores, raw exponential durations,
Lissajous curves, Gaussian bumps in 3-D; NAdam, AdamW, RMSprop, Nesterov, Adam) and
``FRESH_S14C`` (sensor readings in raw units, 5x5 glyphs as raw 0-255 pixels, map regions in raw
coordinates, linked tori, a damped 2-D wave; Adam, AdamW, RAdam, momentum, RMSprop), each written
before any run on it and frozen with one test of its round's rule; session 14d ``FRESH_S14D`` (a
hyperbolic boundary, correlated Gaussians in 8-D, the inside of an ellipsoid, Branin's surface, sine
bands; SGD, momentum, full-batch GD, Nesterov, Adam), written the same way, and session 14e
``FRESH_S14E`` (raw bird measurements, raw Arrhenius rates, a four-arm spiral, raw exam scores, a
3x3 checkerboard; RMSprop, Adam, AdamW, RMSprop, SGD), likewise. Session 17 added ``FRESH_S17``
(raw weather readings, the Styblinski-Tang surface, nested squares at full batch, hexagon blobs,
raw store sales; Nesterov, momentum, full-batch GD, SGD, RMSprop), written the same way, and session
18 ``FRESH_S18`` (a wave with heavy-tailed noise under the Huber loss, raw apartment rents under the L1
loss, Voronoi cells, raw loan applications at full batch, the Hartmann 3-D surface; SAM, NAdam, Prodigy,
Rprop, Nesterov), likewise, and ``FRESH_S18B`` (the Michalewicz surface, four half-annuli, raw sensor
drift, a sparse 10-D Gaussian mixture, clusters on a sphere; Adagrad, RAdam, Adamax, Nesterov, AdamW),
likewise, and ``FRESH_S18C`` (concentric spherical shells, the Goldstein-Price surface, raw crop
yields at full batch, Laplace blobs with flipped labels, a rose curve's petals; momentum, Adafactor,
NAdam, LARS, Nesterov), likewise. Session 20 added ``FRESH_S20`` (ten tasks: a yin-yang, eight blobs
on a ring, raw fish measurements, raw blood tests, a raw wind turbine's power, raw truck fuel, four
interleaved crescents, line orientations in 8x8 images, alternating annulus sectors, the Ackley
surface; momentum, Nesterov, momentum, Nesterov, Adam, Adagrad, Muon, momentum, momentum, Lion),
likewise, larger so that a change of the geometric mean can show, and ``FRESH_S20B`` (ten tasks: a
five-pointed star, chevrons, six Gaussian classes in 12-D, raw study habits, a raw battery's capacity,
raw solar panel output, T, L and plus shapes in 8x8 images, a cube's octants, the six-hump camel
surface, a wavy boundary with flipped labels; momentum, Nesterov, momentum, RAdam, RMSprop, AdamW,
Nesterov, momentum, SGD, Nesterov), likewise.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import torch

import descend as ds
import lr_data as data
import lr_data_s13 as data13
import lr_data_s14 as data14
import lr_data_s14b as data14b
import lr_data_s14c as data14c
import lr_data_s14d as data14d
import lr_data_s14e as data14e
import lr_data_s17 as data17
import lr_data_s18 as data18
import lr_data_s18b as data18b
import lr_data_s18c as data18c
import lr_data_s20 as data20
import lr_data_s20b as data20b
import lr_data_s20c as data20c
import lr_data_s20d as data20d
import lr_data_s20e as data20e
import lr_data_s21 as data21
import lr_data_s21b as data21b
import lr_data_s21c as data21c
import lr_data_s21d as data21d
import lr_data_s21e as data21e
import lr_data_s21f as data21f
import lr_data_s21g as data21g
import lr_data_s21h as data21h
import lr_data_s23a as data23a
import lr_data_s23b as data23b
import lr_data_s23c as data23c
import lr_data_s23d as data23d
import lr_data_s24a as data24a
import lr_data_s24b as data24b
import lr_data_s24c as data24c
import lr_data_s28a as data28a
import lr_data_s28b as data28b
import lr_data_s28c as data28c
import lr_data_s30a as data30a
import lr_data_s31a as data31a
from descend import functions as F
from descend.training.losses import get as get_loss

FIND_NUM = 100  # points of the range test (lr_find's default), for the rules' trimming


# --- tasks -----------------------------------------------------------------------------------


class _PointModel(torch.nn.Module):
    """A function of one point as a model for ``lr_find``: the parameter is the point and the
    output is ``fn(point)``, whatever the batch."""

    def __init__(self, fn: Callable[[torch.Tensor], torch.Tensor], x0) -> None:
        super().__init__()
        self.fn = fn
        self.x = torch.nn.Parameter(torch.tensor(x0, dtype=torch.float64))

    def forward(self, xb: torch.Tensor) -> torch.Tensor:
        return self.fn(self.x).reshape(1)


def _value(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return out.sum()


@dataclass
class Task:
    """One problem, one optimizer, one budget. ``run(lr, seed)`` gives ``(final loss, lr
    used, cost)``, the cost being the steps lr="auto" trained to choose its rate (pilot runs;
    the range test's steps apart) as a multiple of the run's budget, ``(nan, nan)`` when not
    measured; ``curve(seed)`` is lr_find's range test; ``seeded``: whether the seed changes
    anything (the initial weights and batch order of a data task; a function task is
    deterministic)."""

    name: str
    optimizer: str
    budget: str
    run: Callable[[float | str | None, int], tuple[float, float, tuple[float, float]]]
    curve: Callable[[int], ds.LRFinderResult]
    seeded: bool
    minimum: float | None = None  # the known minimum value (function tasks), for FLOOR
    constant: Callable[[], float] | None = None  # the best constant prediction's loss (data tasks)


def constant_loss(loss: str, y: torch.Tensor) -> float:
    """The training loss of the best constant prediction of the targets ``y`` under ``loss``
    (a name of :func:`descend.training.losses.get`): the mean for ``mse``, the median for
    ``mae``, the minimiser of the (convex) Huber loss found by bisection on its derivative for
    ``huber``, the logit of the share of ones for ``bce`` and the log class frequencies for
    ``cross_entropy``. A grid whose best loss is not below it shows that no rate trained the
    model (``lr_quality`` leaves such tasks out of a second geometric mean).

    >>> constant_loss("mse", torch.tensor([0.0, 2.0])), constant_loss("mae", torch.tensor([0.0, 1.0, 5.0]))
    (1.0, 1.6666666666666667)
    >>> round(constant_loss("cross_entropy", torch.tensor([0, 1, 1, 1])), 4)  # -(1/4 ln 1/4 + 3/4 ln 3/4)
    0.5623
    """
    fn = get_loss(loss)
    y = y.double()
    n = len(y)
    if loss == "cross_entropy":
        share = torch.bincount(y.long()).double() / n
        return float(fn(share.clamp_min(1e-300).log().expand(n, -1), y.long()))
    if loss == "bce":
        p = float(y.mean())
        return 0.0 if p in (0.0, 1.0) else float(fn(torch.full((n,), math.log(p / (1 - p)), dtype=y.dtype), y))
    if loss == "mae":
        return float(fn(torch.full((n,), float(y.median()), dtype=y.dtype), y))
    if loss == "huber":  # the loss is convex in the constant c: bisect on the sign of its slope
        lo, hi = float(y.min()), float(y.max())
        for _ in range(100):
            c = (lo + hi) / 2
            slope = float((c - y).clamp(-1.0, 1.0).mean())
            lo, hi = (lo, c) if slope > 0 else (c, hi)
        return float(fn(torch.full((n,), (lo + hi) / 2, dtype=y.dtype), y))
    return float(fn(torch.full((n,), float(y.mean()), dtype=y.dtype), y))  # mse


def _function_task(
    name: str, fn: F.TestFunction | Callable, x0, optimizer: str, iters: int, minimum: float | None = None
) -> Task:
    def run(lr, seed):
        res = ds.minimize(fn, torch.tensor(x0, dtype=torch.float64), optimizer=optimizer, lr=lr, max_iter=iters, gtol=0)
        return (math.inf if res.status == "diverged" else res.fun), float(res.history.lr[0]), (math.nan, math.nan)

    def curve(seed):
        return ds.lr_find(
            _PointModel(fn, x0),
            (torch.zeros(1, 1), torch.zeros(1)),
            loss=_value,
            optimizer=optimizer,
            batch_size=1,
            num=FIND_NUM,
        )

    return Task(name, optimizer, f"{iters} iterations", run, curve, seeded=False, minimum=minimum)


def _data_task(
    name: str,
    model: str,
    data: Callable[[], tuple[torch.Tensor, torch.Tensor]],
    loss: str,
    optimizer: str,
    batch_size: int | None,
    epochs: int,
    options: dict | None = None,
) -> Task:
    # What the runs and the range test share.
    settings = dict(loss=loss, optimizer=optimizer, batch_size=batch_size, device="cpu", model_options=options)

    def run(lr, seed):
        X, y = data()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lr="auto" without a suggestion warns: counted below
            h = ds.train(model, (X, y), lr=lr, epochs=epochs, tol=None, progress=False, seed=seed, **settings)
        used = float(h.steps["lr"][0][0]) if h.steps["lr"] else math.nan
        found = h.lr_finder
        steps = epochs * (1 if batch_size is None else math.ceil(len(X) / batch_size))
        cost = (
            (math.nan, math.nan)
            if found is None
            else (getattr(found, "pilot_cost", math.nan) / steps, len(found.lrs) / steps)
        )
        if h.non_finite_step is not None:
            return math.inf, used, cost
        h.model.eval()
        with torch.no_grad():
            value = float(get_loss(loss)(h.model(X), y))
        return (value if math.isfinite(value) else math.inf), used, cost

    def curve(seed):
        X, y = data()
        return ds.lr_find(model, (X, y), seed=seed, num=FIND_NUM, **settings)

    def constant():
        return constant_loss(loss, data()[1])

    if batch_size is None:
        budget = f"{epochs} epochs x full batch ({epochs} steps)"
    else:
        budget = f"{epochs} epochs x batch {batch_size} ({epochs * math.ceil(len(data()[0]) / batch_size)} steps)"
    return Task(name, optimizer, budget, run, curve, seeded=True, constant=constant)


# The suite's two halves, fixed before the new tasks' results were seen: lr="auto" is tuned on
# TUNING only and reported on both; each half mixes the bench's first 8 tasks with new ones,
# and each holds a badly scaled task.
TUNING = (
    "quadratic, cond 1e3, d=20",
    "linear regr., diabetes",
    "softmax, digits",
    "MLP, digits",
    "linear regr., friedman1, bad scales",
    "MLP, moons",
    "softmax, iris, full batch",
    "logistic regr., make_classification",
    "linear regr., make_regression, raw scales",
    "MLP, make_blobs, raw scales",
)
HELD_OUT = (
    "Rosenbrock 2-D",
    "logistic regr., breast_cancer",
    "CNN, digits",
    "MLP regr., synthetic",
    "softmax, wine, bad scales, full batch",
    "MLP regr., friedman1",
    "MLP, wine",
    "logistic regr., make_classification, bad scales",
)


FRESH = (
    "MLP, circles",
    "linear regr., friedman2, raw scales",
    "softmax, digits, full batch",
    "MLP regr., diabetes",
)
# Session 7, built after the rule was frozen and run once: data, models and optimizers that no
# earlier group of the suite has.
FRESH_S7 = (
    "MLP, ring sectors",
    "linear regr., raw polynomial features",
    "MLP regr., damped oscillator",
    "softmax, projected quartiles, bad scales, full batch",
    "CNN, 8x8 squares, crosses, rings",
)
# Session 12, written after the rule was fitted on the tuning half and frozen with it, run once:
# generators the suite has not used.
FRESH_S12 = (
    "linear regr., low-rank features, full batch",
    "MLP, 4x4 checkerboard",
    "MLP, 5-D shells",
    "logistic regr., SPD Gaussians, raw scales",
    "MLP regr., Ishigami",
)
# Session 12b, written after the rule was fitted on the tuning half and frozen with it, run once:
# generators, optimizers and scalings the suite has not used.
FRESH_S12B = (
    "logistic regr., raw word counts",
    "linear regr., sparse uncorrelated, raw scales",
    "MLP, Gaussian quantiles, raw scales",
    "MLP regr., swiss roll",
    "softmax, S-curve thirds, full batch",
)
# Session 12c, written after the rule was fitted on the tuning half and frozen with it, run once:
# generators and scalings the suite has not used.
FRESH_S12C = (
    "MLP regr., friedman3, raw scales",
    "MLP, Hastie 10-2, raw scales",
    "MLP, two spirals",
    "linear regr., AR(3) lags, full batch",
    "softmax, anisotropic mixture, bad scales",
)
# Session 12d, written after the rule was measured on the tuning half and frozen with it, run
# once: problems likely to start on a plateau (deep sigmoid and tanh networks at torch's default
# initialisation, tiny inputs), where the range test may give no suggestion; optimizers the
# suite has not used.
FRESH_S12D = (
    "MLP, 6-D XOR, 4 sigmoid layers",
    "MLP, 6-bit parity, 3 tanh layers",
    "MLP regr., sin(3 pi x), 3 sigmoid layers",
    "MLP, nested 4-D cubes, 5 sigmoid layers",
    "MLP, tiny 8x8 bars, 3 tanh layers",
)
# Session 13, written before any run on it and frozen with session 13's rule (pilots where the
# range test neither suggests nor blows up), run once: generators and optimizers the suite has
# not used; the sine boundary and breast_cancer through deep sigmoid networks are likely to start
# on a plateau where a GD-family ramp neither falls nor blows up.
FRESH_S13 = (
    "MLP, sine boundary, 5 sigmoid layers",
    "MLP, breast_cancer, 6 sigmoid layers, full batch",
    "MLP regr., Rastrigin 2-D",
    "logistic regr., multilabel raw counts",
    "MLP, 3x3 blob grid, 4 tanh layers",
)
# Session 13b, written before any run on it, for the second test of session 13's rule (after
# its first was reverted on a cost clause), run once: generators and pairs the suite has not
# used; three likely to start on a plateau.
FRESH_S13B = (
    "MLP, square rings",
    "MLP, wine, 5 sigmoid layers",
    "MLP, iris, 4 tanh layers, full batch",
    "logistic regr., digits 3 vs 5, raw pixels",
    "MLP regr., sawtooth, 3 layers",
)
# Session 13c, written before any run on it and frozen with session 13c's rule (an adaptive rule's
# bracket no longer floored by its stable rate), run once: three adaptive rules on raw,
# unstandardised built-in features (the class the rule is about) and two on standardised
# synthetic data (where it must not hurt).
FRESH_S13C = (
    "logistic regr., breast_cancer, raw features",
    "MLP, wine, raw features",
    "MLP regr., diabetes, raw features",
    "MLP, three helices",
    "MLP regr., Franke surface",
)
# Session 13d, written before any run on it and frozen with session 13d's rule (a first-round
# winner at the bracket's top is tested against a rate beyond it), run once: generators and
# pairs the suite has not used; four GD-family rules (full-batch GD, Nesterov, SGD, momentum).
FRESH_S13D = (
    "MLP, 3 concentric spheres, full batch",
    "MLP, breast_cancer, nesterov",
    "MLP regr., peaks surface",
    "MLP, rotated stripes",
    "MLP, iris, rmsprop",
)
# Session 13e, written before any run on it and frozen with session 13e's rule (the steepest rate
# capped at the stable rate in the pilots' bracket), run once: four adaptive rules on raw,
# unstandardised features (the class the rule is about) and one on standardised data (where it
# must not hurt); data and pairs the suite has not used.
FRESH_S13E = (
    "softmax, wine, raw features",
    "MLP, digits, raw pixels",
    "logistic regr., shifted make_classification, raw scales",
    "softmax, iris, raw features",
    "MLP regr., friedman2",
)
# Session 14, written before any run on it and frozen with session 14's rule (a pilot dropped
# after the first round is picked when its loss was below both finalists' at the end), run
# once: three adaptive rules on raw, heavy-tailed or uncentred features and two rules on
# standardised data; generators the suite has not used.
FRESH_S14 = (
    "logistic regr., log-normal raw features",
    "MLP, Poisson counts, raw",
    "MLP regr., Himmelblau surface",
    "MLP regr., radial sinc, raw scales",
    "MLP, Gaussian or uniform 5-D",
)
# Session 14b, written before any run on it and frozen with session 14b's rule (a first round won
# by the bracket's lowest rate sends its second finalist below the bracket), run once: three
# adaptive rules on raw, uncentred features and two rules on standardised data; generators the
# suite has not used.
FRESH_S14B = (
    "logistic regr., offset uniform, raw scales",
    "MLP, Likert scores, raw",
    "softmax, exponential durations, raw",
    "MLP, Lissajous curves",
    "MLP regr., Gaussian bumps 3-D",
)
# Session 14c, written before any run on it and frozen with session 14b's second test (the probe
# below the bracket only on saturated outputs), run once: three rules on raw, uncentred
# features and two on standardised data; generators the suite has not used.
FRESH_S14C = (
    "logistic regr., sensor readings, raw units",
    "softmax, 5x5 glyphs, raw 0-255 pixels",
    "MLP, map regions, raw coordinates",
    "MLP, linked tori",
    "MLP regr., damped 2-D wave",
)
# Session 14d, written before any run on it and frozen with session 14d's rule (a first round won
# by the bracket's top of a plain-gradient rule whose range test never blew up sends its second
# finalist above the bracket; reverted), run once: four plain-gradient rules on standardised data
# and one adaptive rule; generators the suite has not used.
FRESH_S14D = (
    "MLP, hyperbolic boundary",
    "MLP, correlated Gaussians 8-D",
    "MLP, inside an ellipsoid, full batch",
    "MLP regr., Branin surface",
    "MLP, sine bands",
)
# Session 14e, written before any run on it and before session 14e's rule was designed (adaptive
# rules whose bracket's top lies below the best rate): four adaptive rules on raw and standardised
# features and one plain-gradient rule; generators the suite has not used.
FRESH_S14E = (
    "MLP, bird measurements, raw",
    "MLP regr., Arrhenius rates, raw",
    "MLP, four-arm spiral",
    "logistic regr., exam scores, raw",
    "MLP, 3x3 checkerboard",
)
# Session 17, written before any run on it and before session 17's rule was designed: four
# plain-gradient rules and one adaptive rule, on raw and standardised features; generators the
# suite has not used.
FRESH_S17 = (
    "MLP, weather readings, raw",
    "MLP regr., Styblinski-Tang surface",
    "MLP, nested squares, full batch",
    "MLP, hexagon blobs",
    "linear regr., store sales, raw",
)
# Session 18, written before any run on it and before session 18's rule was designed: three
# optimizers the suite has not used (SAM, Prodigy, Rprop), two losses it has not used (Huber, L1),
# two regressions with a noise floor; generators the suite has not used.
FRESH_S18 = (
    "MLP regr., heavy-tailed wave, huber",
    "linear regr., apartment rents, raw, L1",
    "MLP, Voronoi cells",
    "logistic regr., loan applications, raw, full batch",
    "MLP regr., Hartmann 3-D surface",
)
# Session 18's second group, written before its second change was committed and before any run on
# it: generators the suite has not used, batches of 16 to 64.
FRESH_S18B = (
    "MLP regr., Michalewicz surface",
    "MLP, four half-annuli",
    "linear regr., sensor drift, raw",
    "logistic regr., sparse 10-D mixture",
    "MLP, clusters on a sphere",
)
# Session 18's third group, written before its third change was designed and before any run on it:
# generators and optimizers (Adafactor, LARS) the suite has not used, batches of 8 to full.
FRESH_S18C = (
    "MLP, concentric spherical shells",
    "MLP regr., Goldstein-Price surface",
    "linear regr., crop yields, raw, full batch",
    "logistic regr., Laplace blobs, flipped labels",
    "MLP, rose petals, tanh",
)
# Session 20's group, written before its round was designed and before any run on it: ten tasks, six
# momentum or Nesterov classifiers, four on raw inputs, Muon (new to the suite).
FRESH_S20 = (
    "MLP, yin-yang",
    "MLP, ring of eight blobs",
    "softmax, fish measurements, raw",
    "logistic regr., blood tests, raw",
    "MLP regr., wind turbine power, raw",
    "linear regr., truck fuel, raw",
    "MLP, four crescents",
    "CNN, line orientations",
    "MLP, annulus sectors, tanh",
    "MLP regr., Ackley surface",
)
# Session 20's second group, written before its second round was designed and before any run on
# it: six momentum or Nesterov classifiers on standardised inputs, three raw-input tasks with
# adaptive rules, one SGD regression.
FRESH_S20B = (
    "MLP, five-pointed star",
    "MLP, chevrons",
    "softmax, six Gaussians in 12-D",
    "logistic regr., study habits, raw",
    "MLP regr., battery capacity, raw",
    "linear regr., solar panel output, raw",
    "CNN, T, L and plus shapes",
    "MLP, cube octants",
    "MLP regr., six-hump camel surface",
    "MLP, wavy boundary, flipped labels",
)
# Session 20's third group (helper lrauto2), written before its round was designed and before any
# run on it: six raw-input tasks with adaptive rules, four on standardised inputs.
FRESH_S20C = (
    "MLP regr., kiln temperature, raw",
    "linear regr., river discharge, raw",
    "logistic regr., card fraud, raw",
    "MLP regr., engine exhaust temperature, raw",
    "softmax, coffee beans, raw",
    "MLP, seismic events, raw",
    "MLP regr., Levy surface",
    "MLP, sin-cos bands",
    "CNN, U, H and Z letters",
    "MLP regr., Zakharov surface",
)
FRESH_S20D = (
    "MLP, cardioid region",
    "MLP, bullseye of four rings",
    "MLP, lemniscate lobes",
    "MLP, nested triangles",
    "MLP regr., drop-wave surface",
    "MLP regr., Schwefel surface",
    "MLP regr., Griewank surface",
    "MLP regr., sombrero surface",
    "softmax, five skewed clusters in 6-D",
    "logistic regr., tilted plane in 10-D, flipped labels",
)
# Session 20's fifth group (helper lrauto4), written before its round was frozen and before any run
# on it: nine cross-entropy MLPs where pilots can oscillate wildly, six on raw inputs (AdamW, RAdam,
# Adam), three tanh networks on uncentred coordinates (momentum, Nesterov).
FRESH_S20E = (
    "MLP, hospital triage, raw",
    "MLP, beehive health, raw",
    "MLP, traffic speeds, raw",
    "MLP, fruit grades, raw",
    "MLP, bird song features, raw",
    "MLP, cargo delays, raw",
    "MLP, sunflower spiral, tanh",
    "MLP, product of sines, tanh",
    "MLP, cubic curve bands, tanh",
)
# Session 21's group (helper lrauto5), written before its round was designed and before any run on
# it: four tanh networks on uncentred coordinates (momentum, Nesterov), three momentum or Nesterov
# classifiers on raw inputs, two Adagrad models, one momentum regression.
FRESH_S21 = (
    "MLP, astroid region, tanh",
    "MLP, superellipse rings, tanh",
    "MLP, deltoid, tanh",
    "MLP, nephroid bands, tanh",
    "softmax, gemstones, raw",
    "MLP, insurance claims, raw",
    "MLP, parking occupancy, raw",
    "softmax, eight Gaussians in 5-D",
    "logistic regr., wildfire risk, raw",
    "MLP regr., Bukin surface",
)
# Session 21's second group (helper lrauto5), written after its round's idea was chosen on the
# fitting groups but before the round was frozen and before any run on it: eight regressions on
# raw inputs with adaptive rules (RMSprop, Adam, Adagrad, NAdam), where both finalists can blow up
# late.
FRESH_S21B = (
    "MLP regr., bakery sales, raw",
    "linear regr., reservoir level, raw",
    "MLP regr., gym attendance, raw",
    "linear regr., cheese ripening, raw",
    "MLP regr., tire wear, raw",
    "MLP regr., glacier melt, raw",
    "linear regr., bus ridership, raw",
    "MLP regr., paper strength, raw",
)
# Session 21's third group (helper lrauto6), written and committed before its round's idea was
# chosen and before any lr="auto" run on it: seven regressions on raw inputs under adaptive rules
# (RMSprop, Adam, NAdam, Adagrad), some with kinked or saturating targets, and three momentum or
# Nesterov classifiers on raw inputs.
FRESH_S21C = (
    "MLP regr., vineyard yield, raw",
    "MLP regr., ferry delay, raw",
    "linear regr., mushroom farm humidity, raw",
    "MLP regr., brewery fermentation, raw",
    "MLP regr., chairlift queue, raw",
    "MLP regr., wool shrinkage, raw",
    "MLP regr., fishery catch, raw",
    "MLP, honey grade, raw",
    "softmax, ore type, raw",
    "MLP, avalanche risk, raw",
)
# Session 21's fourth group (helper lrauto7), written and committed before its round's idea was
# chosen and before any lr="auto" run on it: seven regressions on raw inputs under adaptive rules
# (RMSprop, Adam, NAdam, Adagrad), some with kinked, peaked or saturating targets, and three
# momentum or Nesterov classifiers on raw inputs.
FRESH_S21D = (
    "MLP regr., cider pressing yield, raw",
    "MLP regr., sawmill throughput, raw",
    "linear regr., canal lock wait, raw",
    "MLP regr., hop yield, raw",
    "MLP regr., salmon growth, raw",
    "MLP regr., snowpack depth, raw",
    "MLP regr., cocoa fermentation, raw",
    "MLP, sheep breed, raw",
    "softmax, copper grade, raw",
    "MLP, windmill fault, raw",
)
FRESH_S21E = (
    "linear regr., tram delay, raw",
    "MLP regr., lichen cover, raw",
    "MLP regr., vinegar acidity, raw",
    "MLP regr., foundry cooling, raw",
    "MLP regr., hive weight, raw",
    "MLP regr., bell tone, raw",
    "MLP, loom defect, raw",
    "softmax, orchard pest, raw",
)
FRESH_S21F = (
    "MLP regr., river silt load, raw",
    "MLP regr., organ pipe pitch, raw",
    "linear regr., lighthouse visibility, raw",
    "MLP regr., tea withering, raw",
    "MLP regr., ski wax glide, raw",
    "MLP regr., kelp growth, raw",
    "MLP regr., violin varnish drying, raw",
    "MLP, timber species, raw",
    "softmax, seed viability, raw",
    "MLP, glass defect, raw",
)
FRESH_S21G = (
    "MLP regr., brick strength, raw",
    "MLP regr., pond algae bloom, raw",
    "MLP regr., granary moisture, raw",
    "MLP regr., canoe hull drag, raw",
    "MLP regr., smelter slag viscosity, raw",
    "MLP regr., sourdough rise, raw",
    "MLP regr., maple syrup yield, raw",
    "MLP, reef health, raw",
)
FRESH_S21H = (
    "MLP regr., blast fragmentation, raw",
    "MLP regr., hop bitterness, raw",
    "MLP regr., firn melt, raw",
    "softmax, lumber grade, raw",
    "softmax, honey origin, raw",
    "softmax, wool grade, raw",
)
FRESH_S23A = (
    "MLP regr., kombucha acidity, raw",
    "MLP regr., asphalt rutting, raw",
    "MLP regr., turbine bearing wear, raw",
    "MLP regr., hail damage, raw",
    "MLP regr., roof truss deflection, raw",
    "MLP regr., dune migration, raw",
    "MLP regr., orchard yield",
    "MLP, pottery glaze",
)
FRESH_S23B = (
    "MLP regr., pipeline corrosion, raw",
    "MLP regr., compost heat, raw",
    "MLP regr., greenhouse humidity, raw",
    "MLP regr., tidal current, raw",
    "MLP regr., silo grain pressure, raw",
    "MLP regr., rope fatigue, raw",
    "MLP regr., pasture regrowth, raw",
    "MLP, yarn defect",
)
FRESH_S23C = (
    "MLP regr., well drawdown, raw",
    "MLP regr., kiln shrinkage, raw",
    "MLP regr., bridge cable sag, raw",
    "MLP regr., glacier calving, raw",
    "MLP regr., croissant proof, raw",
    "MLP regr., hive honey yield, raw",
    "MLP regr., lighthouse visibility",
    "MLP, moth species",
)
FRESH_S23D = (
    "MLP regr., lamp lumen decay, raw",
    "MLP regr., bearing temperature, raw",
    "MLP regr., paint drying time, raw",
    "MLP regr., clay permeability, raw",
    "MLP regr., reservoir silting, raw",
    "MLP regr., crop frost kill, raw",
    "MLP regr., solar panel soiling, raw",
    "MLP regr., wave run-up, raw",
    "MLP regr., bus ridership",
    "MLP, tea grade",
)
# Session 24's first group (lrauto15), written before its round's design and any lr="auto" run on it.
FRESH_S24A = (
    "MLP regr., espresso extraction, raw",
    "MLP regr., kite line tension, raw",
    "MLP regr., ferry fuel burn, raw, 3 tanh layers",
    "MLP regr., vineyard sugar, raw",
    "MLP regr., marathon pace, wide",
    "MLP, beetle species, raw",
    "softmax, gemstone cut",
    "MLP, bird song type, 2 tanh layers",
)
# Session 24's second group (lrauto16), aimed at the regime of the step above the probe (raw regressions on
# scales of 1-1000 under NAdam and RMSprop, 40 epochs), written after that round's candidate was designed and
# before its freeze and any lr="auto" loss on it.
FRESH_S24B = (
    "MLP regr., loom thread breaks, raw",
    "MLP regr., cheese ripening, raw",
    "MLP regr., lighthouse beam range, raw, 3 layers",
    "MLP regr., bee forage distance, raw",
    "MLP regr., avalanche runout, raw, tanh",
    "MLP regr., peat bog carbon, raw",
    "MLP regr., hot spring mineral load, raw",
    "MLP regr., mine ventilation airflow, raw, wide",
)
# Session 24's third group (lrauto17), written before its round's design and any lr="auto" run on it; each task
# checked on the grid alone (10-seed mean) to train.
FRESH_S24C = (
    "MLP regr., canoe drift, raw",
    "MLP regr., bread crust colour, raw",
    "MLP regr., solar still output, raw",
    "MLP regr., ski wax glide, wide",
    "MLP regr., chimney draught, raw, 3 tanh layers",
    "MLP regr., snail speed, raw",
    "MLP, mushroom genus, raw",
    "softmax, rock type",
)
# Session 28's first group (lrauto8), written after its map of the misses (NAdam on raw-scale MLP
# regressions, picked one to three decades below the grid's best) and before any lr="auto" loss on it was
# seen; each task checked on the grid alone (5-seed mean) to train. Caveat: written after the round's
# candidate (no step above the probe where the bracket's bottom rate learned) was conceived; its last
# five tasks were added so that the step above the probe fires on it (7 of the group's 65 seeds under
# the start rule, the candidate's gate on 1; gate counts only, no loss read).
FRESH_S28A = (
    "MLP regr., oyster growth, raw",
    "MLP regr., hop kiln moisture, raw",
    "MLP regr., quarry dust, raw",
    "MLP regr., honey viscosity, raw",
    "MLP regr., tram energy, raw",
    "MLP regr., mortar cure, raw",
    "MLP regr., wind chill, raw",
    "MLP, loom fabric type",
    "MLP regr., pipe pressure drop, raw",
    "MLP regr., kefir acidity, raw",
    "MLP regr., boiler efficiency, raw",
    "MLP regr., lake clarity, raw",
    "MLP regr., forge hardness, raw",
)
FRESH_S28B = (
    "MLP regr., brick shrinkage, raw",
    "MLP regr., ferry fuel, raw",
    "MLP regr., sawmill yield, raw",
    "MLP regr., icefield melt, raw",
    "MLP regr., blade wear, raw",
    "MLP regr., grape sugar, raw",
    "MLP regr., road rut depth, raw",
    "MLP regr., compressor power, raw",
    "MLP regr., dam seepage, raw",
    "MLP regr., pasture growth, raw",
    "MLP regr., furnace slag, raw",
    "MLP regr., river turbidity, raw",
    "MLP regr., bridge deflection, raw",
    "MLP regr., harbour silt, raw",
    "MLP regr., seed germination, raw",
)
# Session 29's group (lrauto10), written after its map of the step above the probe under a momentum where
# session 28's tail test fails, and after its round's candidates were conceived (caveat), before any lr="auto"
# loss on it was seen; each task checked on the grid alone (5-seed mean) to train, and the candidates' gate
# counted under the start rule (no loss read).
FRESH_S28C = (
    "MLP regr., cheese brine, raw",
    "MLP regr., glass anneal stress, raw",
    "MLP regr., ladle cooling, raw",
    "MLP regr., silage pH, raw",
    "MLP regr., crane sway, raw",
    "MLP regr., dairy milk fat, raw",
    "MLP regr., sewer overflow, raw",
)
# Session 30's group (lrauto13), written for the regime of lrauto12's frozen F1 (f7113a8: the first round's mean and
# median winners as the finalists) after F1 was conceived and fitted (caveat), before any lr="auto" loss on it was
# seen; each task checked on the grid alone (5-seed mean) to train, and F1's gate counted under the start rule (no
# loss read).
FRESH_S30A = (
    "MLP, grain dryer, raw",
    "MLP regr., heat pump COP",
    "MLP regr., heat pump COP, batch 16",
    "linear regr., parcel sort time, raw",
    "MLP, hexagon cells",
    "MLP regr., pendulum period",
    "softmax, tea leaf grade, raw",
    "softmax, flock breed, raw",
    "logistic regr., mould risk, raw",
    "MLP regr., lake ice days, raw",
    "MLP regr., soil compaction",
    "softmax, tea leaf grade, raw, adagrad",
)
FRESH_S31A = (
    "MLP regr., bread crust lightness, raw",
    "MLP regr., greenhouse heat, raw",
    "MLP regr., oyster shell length, raw",
    "MLP regr., kiln wood cracks, raw",
    "MLP regr., paper tear strength, raw",
    "MLP regr., roof snow drift, raw",
)
# Every group of the suite by name, in the order the tables report them ("fresh" is session 5's).
GROUPS = {
    "tuning": TUNING,
    "held-out": HELD_OUT,
    "fresh": FRESH,
    "fresh-s7": FRESH_S7,
    "fresh-s12": FRESH_S12,
    "fresh-s12b": FRESH_S12B,
    "fresh-s12c": FRESH_S12C,
    "fresh-s12d": FRESH_S12D,
    "fresh-s13": FRESH_S13,
    "fresh-s13b": FRESH_S13B,
    "fresh-s13c": FRESH_S13C,
    "fresh-s13d": FRESH_S13D,
    "fresh-s13e": FRESH_S13E,
    "fresh-s14": FRESH_S14,
    "fresh-s14b": FRESH_S14B,
    "fresh-s14c": FRESH_S14C,
    "fresh-s14d": FRESH_S14D,
    "fresh-s14e": FRESH_S14E,
    "fresh-s17": FRESH_S17,
    "fresh-s18": FRESH_S18,
    "fresh-s18b": FRESH_S18B,
    "fresh-s18c": FRESH_S18C,
    "fresh-s20": FRESH_S20,
    "fresh-s20b": FRESH_S20B,
    "fresh-s20c": FRESH_S20C,
    "fresh-s20d": FRESH_S20D,
    "fresh-s20e": FRESH_S20E,
    "fresh-s21": FRESH_S21,
    "fresh-s21b": FRESH_S21B,
    "fresh-s21c": FRESH_S21C,
    "fresh-s21d": FRESH_S21D,
    "fresh-s21e": FRESH_S21E,
    "fresh-s21f": FRESH_S21F,
    "fresh-s21g": FRESH_S21G,
    "fresh-s21h": FRESH_S21H,
    "fresh-s23a": FRESH_S23A,
    "fresh-s23b": FRESH_S23B,
    "fresh-s23c": FRESH_S23C,
    "fresh-s23d": FRESH_S23D,
    "fresh-s24a": FRESH_S24A,
    "fresh-s24b": FRESH_S24B,
    "fresh-s24c": FRESH_S24C,
    "fresh-s28a": FRESH_S28A,
    "fresh-s28b": FRESH_S28B,
    "fresh-s28c": FRESH_S28C,
    "fresh-s30a": FRESH_S30A,
    "fresh-s31a": FRESH_S31A,
}


def half(name: str) -> str:
    """The name of the group of :data:`GROUPS` that the task ``name`` belongs to."""
    return next(group for group, names in GROUPS.items() if name in names)


def tasks(quick: bool) -> list[Task]:
    """The suite; ``quick`` halves every budget."""
    k = 2 if quick else 1
    quad = F.quadratic(1e3, dim=20)
    builtin = functools.partial(functools.partial, data.builtin)
    suite = [
        _function_task("quadratic, cond 1e3, d=20", quad, list(quad.start), "gd", 500 // k, minimum=0.0),
        _function_task("Rosenbrock 2-D", F.rosenbrock, list(F.rosenbrock.start), "adam", 1000 // k, minimum=0.0),
        _data_task("linear regr., diabetes", "linear", builtin("diabetes"), "mse", "sgd", 32, 20 // k),
        _data_task("logistic regr., breast_cancer", "logistic", builtin("breast_cancer"), "bce", "sgd", 32, 20 // k),
        _data_task("softmax, digits", "softmax", builtin("digits"), "cross_entropy", "sgd", 32, 10 // k),
        _data_task("MLP, digits", "mlp", builtin("digits"), "cross_entropy", "adam", 32, 10 // k),
        _data_task("CNN, digits", "cnn", builtin("digits"), "cross_entropy", "adam", 32, 4 // k),
        _data_task("MLP regr., synthetic", "mlp", data.synthetic_regression, "mse", "adam", 32, 20 // k),
        # New tasks: other data, optimizers (momentum, RMSprop, full-batch GD) and scales.
        _data_task(
            "linear regr., friedman1, bad scales",
            "linear",
            functools.partial(data.friedman1, True),
            "mse",
            "momentum",
            32,
            20 // k,
        ),
        _data_task("MLP, moons", "mlp", data.moons, "cross_entropy", "momentum", 32, 20 // k),
        _data_task("softmax, iris, full batch", "softmax", builtin("iris"), "cross_entropy", "gd", None, 300 // k),
        _data_task(
            "logistic regr., make_classification", "logistic", data.classification, "bce", "rmsprop", 32, 10 // k
        ),
        _data_task(
            "softmax, wine, bad scales, full batch",
            "softmax",
            data.wine_badly_scaled,
            "cross_entropy",
            "gd",
            None,
            300 // k,
        ),
        _data_task("MLP regr., friedman1", "mlp", data.friedman1, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP, wine", "mlp", builtin("wine"), "cross_entropy", "momentum", 16, 20 // k),
        _data_task(
            "logistic regr., make_classification, bad scales",
            "logistic",
            functools.partial(data.classification, True),
            "bce",
            "sgd",
            32,
            10 // k,
        ),
        # The fresh group (session 5), appended so that the positions above stay.
        _data_task("MLP, circles", "mlp", data.circles, "cross_entropy", "sgd", 32, 20 // k),
        _data_task("linear regr., friedman2, raw scales", "linear", data.friedman2_raw, "mse", "adam", 32, 20 // k),
        _data_task("softmax, digits, full batch", "softmax", builtin("digits"), "cross_entropy", "gd", None, 300 // k),
        _data_task("MLP regr., diabetes", "mlp", builtin("diabetes"), "mse", "momentum", 32, 20 // k),
        # Added to the tuning half in session 7 (Adam on raw-scaled inputs).
        _data_task(
            "linear regr., make_regression, raw scales", "linear", data.raw_regression, "mse", "adam", 32, 20 // k
        ),
        _data_task("MLP, make_blobs, raw scales", "mlp", data.blobs_raw, "cross_entropy", "adam", 32, 10 // k),
        # The fresh group of session 7, built after the rule was frozen.
        _data_task("MLP, ring sectors", "mlp", data.ring_sectors, "cross_entropy", "rmsprop", 32, 15 // k),
        _data_task("linear regr., raw polynomial features", "linear", data.polynomial_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP regr., damped oscillator", "mlp", data.damped_oscillator, "mse", "momentum", 64, 15 // k),
        _data_task(
            "softmax, projected quartiles, bad scales, full batch",
            "softmax",
            data.projected_quartiles,
            "cross_entropy",
            "nesterov",
            None,
            300 // k,
        ),
        _data_task(
            "CNN, 8x8 squares, crosses, rings", "cnn", data.squares_crosses_rings, "cross_entropy", "nadam", 32, 5 // k
        ),
        # The fresh group of session 12, written after the rule was frozen.
        _data_task(
            "linear regr., low-rank features, full batch", "linear", data.low_rank_features, "mse", "gd", None, 300 // k
        ),
        _data_task("MLP, 4x4 checkerboard", "mlp", data.checkerboard, "cross_entropy", "nesterov", 32, 15 // k),
        _data_task("MLP, 5-D shells", "mlp", data.shells, "cross_entropy", "rmsprop", 32, 10 // k),
        _data_task(
            "logistic regr., SPD Gaussians, raw scales", "logistic", data.spd_gaussians_raw, "bce", "adam", 32, 10 // k
        ),
        _data_task("MLP regr., Ishigami", "mlp", data.ishigami, "mse", "momentum", 32, 15 // k),
        # The fresh group of session 12b, written after the rule was frozen.
        _data_task("logistic regr., raw word counts", "logistic", data.word_counts_raw, "bce", "radam", 32, 10 // k),
        _data_task(
            "linear regr., sparse uncorrelated, raw scales",
            "linear",
            data.sparse_uncorrelated_raw,
            "mse",
            "adamw",
            32,
            20 // k,
        ),
        _data_task(
            "MLP, Gaussian quantiles, raw scales", "mlp", data.quantiles_raw, "cross_entropy", "nadam", 32, 15 // k
        ),
        _data_task("MLP regr., swiss roll", "mlp", data.swiss_roll, "mse", "adagrad", 32, 15 // k),
        _data_task(
            "softmax, S-curve thirds, full batch",
            "softmax",
            data.s_curve_thirds,
            "cross_entropy",
            "momentum",
            None,
            300 // k,
        ),
        # The fresh group of session 12c, written after the rule was frozen.
        _data_task("MLP regr., friedman3, raw scales", "mlp", data.friedman3_raw, "mse", "adam", 32, 15 // k),
        _data_task("MLP, Hastie 10-2, raw scales", "mlp", data.hastie_raw, "cross_entropy", "rmsprop", 32, 10 // k),
        _data_task("MLP, two spirals", "mlp", data.two_spirals, "cross_entropy", "sgd", 32, 20 // k),
        _data_task("linear regr., AR(3) lags, full batch", "linear", data.ar_lags, "mse", "nesterov", None, 300 // k),
        _data_task(
            "softmax, anisotropic mixture, bad scales",
            "softmax",
            data.anisotropic_mixture_badly_scaled,
            "cross_entropy",
            "adam",
            32,
            10 // k,
        ),
        # The fresh group of session 12d, written after the rule was frozen.
        _data_task(
            "MLP, 6-D XOR, 4 sigmoid layers",
            "mlp",
            data.xor_6d,
            "cross_entropy",
            "adamax",
            32,
            15 // k,
            dict(hidden=(32, 32, 32, 32), activation="sigmoid"),
        ),
        _data_task(
            "MLP, 6-bit parity, 3 tanh layers",
            "mlp",
            data.parity_6bit,
            "cross_entropy",
            "lion",
            32,
            20 // k,
            dict(hidden=(32, 32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP regr., sin(3 pi x), 3 sigmoid layers",
            "mlp",
            data.sine_3pi,
            "mse",
            "asgd",
            32,
            20 // k,
            dict(hidden=(32, 32, 32), activation="sigmoid"),
        ),
        _data_task(
            "MLP, nested 4-D cubes, 5 sigmoid layers",
            "mlp",
            data.nested_cubes,
            "cross_entropy",
            "lamb",
            32,
            10 // k,
            dict(hidden=(16, 16, 16, 16, 16), activation="sigmoid"),
        ),
        _data_task(
            "MLP, tiny 8x8 bars, 3 tanh layers",
            "mlp",
            data.tiny_bars,
            "cross_entropy",
            "adadelta",
            32,
            10 // k,
            dict(hidden=(32, 32, 32), activation="tanh"),
        ),
        # The fresh group of session 13, written before any run on it.
        _data_task(
            "MLP, sine boundary, 5 sigmoid layers",
            "mlp",
            data13.sine_boundary,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
            dict(hidden=(32, 32, 32, 32, 32), activation="sigmoid"),
        ),
        _data_task(
            "MLP, breast_cancer, 6 sigmoid layers, full batch",
            "mlp",
            builtin("breast_cancer"),
            "cross_entropy",
            "gd",
            None,
            300 // k,
            dict(hidden=(32, 32, 32, 32, 32, 32), activation="sigmoid"),
        ),
        _data_task(
            "MLP regr., Rastrigin 2-D", "mlp", data13.rastrigin_surface, "mse", "schedulefree_adamw", 32, 20 // k
        ),
        _data_task(
            "logistic regr., multilabel raw counts",
            "logistic",
            data13.multilabel_counts_raw,
            "bce",
            "adafactor",
            32,
            10 // k,
        ),
        _data_task(
            "MLP, 3x3 blob grid, 4 tanh layers",
            "mlp",
            data13.blob_grid,
            "cross_entropy",
            "lars",
            64,
            15 // k,
            dict(hidden=(32, 32, 32, 32), activation="tanh"),
        ),
        # The fresh group of session 13b, written before any run on it.
        _data_task("MLP, square rings", "mlp", data13.square_rings, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "MLP, wine, 5 sigmoid layers",
            "mlp",
            builtin("wine"),
            "cross_entropy",
            "sgd",
            16,
            20 // k,
            dict(hidden=(32, 32, 32, 32, 32), activation="sigmoid"),
        ),
        _data_task(
            "MLP, iris, 4 tanh layers, full batch",
            "mlp",
            builtin("iris"),
            "cross_entropy",
            "nesterov",
            None,
            300 // k,
            dict(hidden=(32, 32, 32, 32), activation="tanh"),
        ),
        _data_task(
            "logistic regr., digits 3 vs 5, raw pixels",
            "logistic",
            data13.digits_raw_pixels,
            "bce",
            "adamw",
            32,
            10 // k,
        ),
        _data_task(
            "MLP regr., sawtooth, 3 layers",
            "mlp",
            data13.sawtooth,
            "mse",
            "adam",
            32,
            20 // k,
            dict(hidden=(64, 64, 64)),
        ),
        # The fresh group of session 13c, written before any run on it.
        _data_task(
            "logistic regr., breast_cancer, raw features",
            "logistic",
            data13.breast_cancer_raw,
            "bce",
            "rmsprop",
            32,
            10 // k,
        ),
        _data_task("MLP, wine, raw features", "mlp", data13.wine_raw, "cross_entropy", "adamw", 16, 20 // k),
        _data_task("MLP regr., diabetes, raw features", "mlp", data13.diabetes_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP, three helices", "mlp", data13.helices, "cross_entropy", "adam", 32, 15 // k),
        _data_task("MLP regr., Franke surface", "mlp", data13.franke_surface, "mse", "radam", 32, 15 // k),
        # The fresh group of session 13d, written before any run on it.
        _data_task(
            "MLP, 3 concentric spheres, full batch", "mlp", data13.spheres_3d, "cross_entropy", "gd", None, 300 // k
        ),
        _data_task(
            "MLP, breast_cancer, nesterov", "mlp", builtin("breast_cancer"), "cross_entropy", "nesterov", 32, 10 // k
        ),
        _data_task("MLP regr., peaks surface", "mlp", data13.peaks_surface, "mse", "sgd", 32, 15 // k),
        _data_task("MLP, rotated stripes", "mlp", data13.rotated_stripes, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP, iris, rmsprop", "mlp", builtin("iris"), "cross_entropy", "rmsprop", 16, 20 // k),
        # The fresh group of session 13e, written before any run on it.
        _data_task("softmax, wine, raw features", "softmax", data13.wine_raw, "cross_entropy", "adam", 16, 20 // k),
        _data_task(
            "MLP, digits, raw pixels", "mlp", data13.digits_all_raw_pixels, "cross_entropy", "nadam", 64, 6 // k
        ),
        _data_task(
            "logistic regr., shifted make_classification, raw scales",
            "logistic",
            data13.shifted_classification_raw,
            "bce",
            "radam",
            32,
            10 // k,
        ),
        _data_task("softmax, iris, raw features", "softmax", data13.iris_raw, "cross_entropy", "rmsprop", 16, 20 // k),
        _data_task("MLP regr., friedman2", "mlp", data13.friedman2_standardised, "mse", "adamw", 32, 15 // k),
        # The fresh group of session 14, written before any run on it.
        _data_task(
            "logistic regr., log-normal raw features", "logistic", data14.lognormal_raw, "bce", "adamw", 32, 10 // k
        ),
        _data_task("MLP, Poisson counts, raw", "mlp", data14.poisson_counts_raw, "cross_entropy", "adam", 32, 10 // k),
        _data_task("MLP regr., Himmelblau surface", "mlp", data14.himmelblau_surface, "mse", "rmsprop", 32, 15 // k),
        _data_task("MLP regr., radial sinc, raw scales", "mlp", data14.radial_sinc_raw, "mse", "nadam", 32, 15 // k),
        _data_task(
            "MLP, Gaussian or uniform 5-D", "mlp", data14.gaussian_or_uniform, "cross_entropy", "momentum", 32, 15 // k
        ),
        # The fresh group of session 14b, written before any run on it.
        _data_task(
            "logistic regr., offset uniform, raw scales",
            "logistic",
            data14b.offset_uniform_raw,
            "bce",
            "nadam",
            32,
            10 // k,
        ),
        _data_task("MLP, Likert scores, raw", "mlp", data14b.likert_scores_raw, "cross_entropy", "adamw", 32, 10 // k),
        _data_task(
            "softmax, exponential durations, raw",
            "softmax",
            data14b.exponential_durations_raw,
            "cross_entropy",
            "rmsprop",
            32,
            10 // k,
        ),
        _data_task("MLP, Lissajous curves", "mlp", data14b.lissajous_curves, "cross_entropy", "nesterov", 32, 15 // k),
        _data_task("MLP regr., Gaussian bumps 3-D", "mlp", data14b.gaussian_bumps_surface, "mse", "adam", 32, 15 // k),
        # The fresh group of session 14c, written before any run on it.
        _data_task(
            "logistic regr., sensor readings, raw units",
            "logistic",
            data14c.sensor_readings_raw,
            "bce",
            "adam",
            32,
            10 // k,
        ),
        _data_task(
            "softmax, 5x5 glyphs, raw 0-255 pixels",
            "softmax",
            data14c.glyph_pixels_raw,
            "cross_entropy",
            "adamw",
            32,
            10 // k,
        ),
        _data_task(
            "MLP, map regions, raw coordinates", "mlp", data14c.map_regions_raw, "cross_entropy", "radam", 32, 10 // k
        ),
        _data_task("MLP, linked tori", "mlp", data14c.linked_tori, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP regr., damped 2-D wave", "mlp", data14c.damped_wave_2d, "mse", "rmsprop", 32, 15 // k),
        # The fresh group of session 14d, written before any run on it.
        _data_task("MLP, hyperbolic boundary", "mlp", data14d.hyperbolic_boundary, "cross_entropy", "sgd", 32, 20 // k),
        _data_task(
            "MLP, correlated Gaussians 8-D",
            "mlp",
            data14d.correlated_gaussians_8d,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
        ),
        _data_task(
            "MLP, inside an ellipsoid, full batch",
            "mlp",
            data14d.ellipsoid_inside,
            "cross_entropy",
            "gd",
            None,
            300 // k,
        ),
        _data_task("MLP regr., Branin surface", "mlp", data14d.branin_surface, "mse", "nesterov", 32, 15 // k),
        _data_task("MLP, sine bands", "mlp", data14d.sine_bands, "cross_entropy", "adam", 32, 15 // k),
        # The fresh group of session 14e, written before any run on it.
        _data_task(
            "MLP, bird measurements, raw", "mlp", data14e.bird_measurements_raw, "cross_entropy", "rmsprop", 32, 15 // k
        ),
        _data_task("MLP regr., Arrhenius rates, raw", "mlp", data14e.arrhenius_rates_raw, "mse", "adam", 32, 15 // k),
        _data_task("MLP, four-arm spiral", "mlp", data14e.four_arm_spiral, "cross_entropy", "adamw", 32, 15 // k),
        _data_task(
            "logistic regr., exam scores, raw", "logistic", data14e.exam_scores_raw, "bce", "rmsprop", 32, 10 // k
        ),
        _data_task("MLP, 3x3 checkerboard", "mlp", data14e.checkerboard_3x3, "cross_entropy", "sgd", 32, 15 // k),
        # The fresh group of session 17, written before any run on it.
        _data_task(
            "MLP, weather readings, raw", "mlp", data17.weather_readings_raw, "cross_entropy", "nesterov", 32, 15 // k
        ),
        _data_task(
            "MLP regr., Styblinski-Tang surface", "mlp", data17.styblinski_tang_surface, "mse", "momentum", 32, 15 // k
        ),
        _data_task(
            "MLP, nested squares, full batch", "mlp", data17.nested_squares, "cross_entropy", "gd", None, 200 // k
        ),
        _data_task("MLP, hexagon blobs", "mlp", data17.hexagon_blobs, "cross_entropy", "sgd", 32, 15 // k),
        _data_task("linear regr., store sales, raw", "linear", data17.store_sales_raw, "mse", "rmsprop", 32, 15 // k),
        # The fresh group of session 18, written before any run on it.
        _data_task("MLP regr., heavy-tailed wave, huber", "mlp", data18.heavy_tailed_wave, "huber", "sam", 32, 10 // k),
        _data_task(
            "linear regr., apartment rents, raw, L1", "linear", data18.apartment_rents_raw, "mae", "nadam", 32, 15 // k
        ),
        _data_task("MLP, Voronoi cells", "mlp", data18.voronoi_cells, "cross_entropy", "prodigy", 32, 15 // k),
        _data_task(
            "logistic regr., loan applications, raw, full batch",
            "logistic",
            data18.loan_applications_raw,
            "bce",
            "rprop",
            None,
            300 // k,
        ),
        _data_task("MLP regr., Hartmann 3-D surface", "mlp", data18.hartmann3_surface, "mse", "nesterov", 16, 10 // k),
        # The second fresh group of session 18, written before any run on it.
        _data_task("MLP regr., Michalewicz surface", "mlp", data18b.michalewicz_surface, "mse", "adagrad", 16, 10 // k),
        _data_task("MLP, four half-annuli", "mlp", data18b.half_annuli, "cross_entropy", "radam", 32, 15 // k),
        _data_task("linear regr., sensor drift, raw", "linear", data18b.sensor_drift_raw, "mse", "adamax", 32, 15 // k),
        _data_task(
            "logistic regr., sparse 10-D mixture",
            "logistic",
            data18b.sparse_mixture_10d,
            "bce",
            "nesterov",
            64,
            10 // k,
        ),
        _data_task("MLP, clusters on a sphere", "mlp", data18b.sphere_clusters, "cross_entropy", "adamw", 16, 10 // k),
        # The third fresh group of session 18, written before any run on it.
        _data_task(
            "MLP, concentric spherical shells",
            "mlp",
            data18c.spherical_shells,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
        ),
        _data_task(
            "MLP regr., Goldstein-Price surface",
            "mlp",
            data18c.goldstein_price_surface,
            "mse",
            "adafactor",
            32,
            15 // k,
        ),
        _data_task(
            "linear regr., crop yields, raw, full batch",
            "linear",
            data18c.crop_yields_raw,
            "mse",
            "nadam",
            None,
            200 // k,
        ),
        _data_task(
            "logistic regr., Laplace blobs, flipped labels",
            "logistic",
            data18c.laplace_blobs_flipped,
            "bce",
            "lars",
            32,
            10 // k,
        ),
        _data_task(
            "MLP, rose petals, tanh",
            "mlp",
            data18c.rose_petals,
            "cross_entropy",
            "nesterov",
            8,
            8 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        # The fresh group of session 20, written before any run on it.
        _data_task("MLP, yin-yang", "mlp", data20.yin_yang, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP, ring of eight blobs", "mlp", data20.ring_of_blobs, "cross_entropy", "nesterov", 16, 10 // k),
        _data_task(
            "softmax, fish measurements, raw", "softmax", data20.fish_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "logistic regr., blood tests, raw", "logistic", data20.blood_tests_raw, "bce", "nesterov", 32, 15 // k
        ),
        _data_task("MLP regr., wind turbine power, raw", "mlp", data20.wind_turbine_raw, "mse", "adam", 32, 15 // k),
        _data_task("linear regr., truck fuel, raw", "linear", data20.truck_fuel_raw, "mse", "adagrad", 32, 20 // k),
        _data_task("MLP, four crescents", "mlp", data20.four_crescents, "cross_entropy", "muon", 32, 15 // k),
        _data_task("CNN, line orientations", "cnn", data20.line_orientations, "cross_entropy", "momentum", 32, 5 // k),
        _data_task(
            "MLP, annulus sectors, tanh",
            "mlp",
            data20.annulus_sectors,
            "cross_entropy",
            "momentum",
            64,
            20 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task("MLP regr., Ackley surface", "mlp", data20.ackley_surface, "mse", "lion", 32, 15 // k),
        # The second fresh group of session 20, written before any run on it.
        _data_task("MLP, five-pointed star", "mlp", data20b.star_inside, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP, chevrons", "mlp", data20b.chevrons, "cross_entropy", "nesterov", 16, 10 // k),
        _data_task(
            "softmax, six Gaussians in 12-D", "softmax", data20b.gaussians_12d, "cross_entropy", "momentum", 32, 10 // k
        ),
        _data_task(
            "logistic regr., study habits, raw", "logistic", data20b.study_habits_raw, "bce", "radam", 32, 15 // k
        ),
        _data_task(
            "MLP regr., battery capacity, raw", "mlp", data20b.battery_capacity_raw, "mse", "rmsprop", 32, 15 // k
        ),
        _data_task(
            "linear regr., solar panel output, raw", "linear", data20b.solar_output_raw, "mse", "adamw", 32, 20 // k
        ),
        _data_task("CNN, T, L and plus shapes", "cnn", data20b.t_l_plus, "cross_entropy", "nesterov", 32, 5 // k),
        _data_task("MLP, cube octants", "mlp", data20b.cube_octants, "cross_entropy", "momentum", 32, 20 // k),
        _data_task("MLP regr., six-hump camel surface", "mlp", data20b.six_hump_camel, "mse", "sgd", 32, 15 // k),
        _data_task(
            "MLP, wavy boundary, flipped labels",
            "mlp",
            data20b.wavy_boundary_noisy,
            "cross_entropy",
            "nesterov",
            16,
            10 // k,
        ),
        _data_task(
            "MLP regr., kiln temperature, raw", "mlp", data20c.kiln_temperature_raw, "mse", "rmsprop", 32, 15 // k
        ),
        _data_task(
            "linear regr., river discharge, raw", "linear", data20c.river_discharge_raw, "mse", "adam", 32, 20 // k
        ),
        _data_task("logistic regr., card fraud, raw", "logistic", data20c.card_fraud_raw, "bce", "nadam", 32, 15 // k),
        _data_task(
            "MLP regr., engine exhaust temperature, raw", "mlp", data20c.engine_exhaust_raw, "mse", "adamw", 32, 15 // k
        ),
        _data_task(
            "softmax, coffee beans, raw", "softmax", data20c.coffee_beans_raw, "cross_entropy", "adagrad", 32, 15 // k
        ),
        _data_task(
            "MLP, seismic events, raw", "mlp", data20c.seismic_events_raw, "cross_entropy", "radam", 16, 10 // k
        ),
        _data_task("MLP regr., Levy surface", "mlp", data20c.levy_surface, "mse", "rmsprop", 32, 15 // k),
        _data_task("MLP, sin-cos bands", "mlp", data20c.sin_cos_bands, "cross_entropy", "adam", 32, 15 // k),
        _data_task("CNN, U, H and Z letters", "cnn", data20c.u_h_z_letters, "cross_entropy", "momentum", 32, 5 // k),
        _data_task("MLP regr., Zakharov surface", "mlp", data20c.zakharov_surface, "mse", "nesterov", 32, 15 // k),
        _data_task("MLP, cardioid region", "mlp", data20d.cardioid_region, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "MLP, bullseye of four rings", "mlp", data20d.bullseye_rings, "cross_entropy", "nesterov", 16, 10 // k
        ),
        _data_task("MLP, lemniscate lobes", "mlp", data20d.lemniscate_lobes, "cross_entropy", "adam", 32, 15 // k),
        _data_task("MLP, nested triangles", "mlp", data20d.nested_triangles, "cross_entropy", "lion", 32, 15 // k),
        _data_task("MLP regr., drop-wave surface", "mlp", data20d.drop_wave_surface, "mse", "lion", 32, 15 // k),
        _data_task("MLP regr., Schwefel surface", "mlp", data20d.schwefel_surface, "mse", "adam", 32, 15 // k),
        _data_task("MLP regr., Griewank surface", "mlp", data20d.griewank_surface, "mse", "rmsprop", 32, 15 // k),
        _data_task("MLP regr., sombrero surface", "mlp", data20d.sombrero_surface, "mse", "radam", 16, 10 // k),
        _data_task(
            "softmax, five skewed clusters in 6-D",
            "softmax",
            data20d.skewed_clusters_6d,
            "cross_entropy",
            "adagrad",
            32,
            15 // k,
        ),
        _data_task(
            "logistic regr., tilted plane in 10-D, flipped labels",
            "logistic",
            data20d.tilted_plane_10d,
            "bce",
            "nadam",
            32,
            15 // k,
        ),
        _data_task(
            "MLP, hospital triage, raw", "mlp", data20e.hospital_triage_raw, "cross_entropy", "adamw", 16, 10 // k
        ),
        _data_task(
            "MLP, beehive health, raw", "mlp", data20e.beehive_health_raw, "cross_entropy", "radam", 16, 10 // k
        ),
        _data_task("MLP, traffic speeds, raw", "mlp", data20e.traffic_speeds_raw, "cross_entropy", "adam", 32, 15 // k),
        _data_task("MLP, fruit grades, raw", "mlp", data20e.fruit_grades_raw, "cross_entropy", "radam", 32, 15 // k),
        _data_task("MLP, bird song features, raw", "mlp", data20e.bird_song_raw, "cross_entropy", "adamw", 32, 15 // k),
        _data_task("MLP, cargo delays, raw", "mlp", data20e.cargo_delays_raw, "cross_entropy", "adam", 16, 10 // k),
        _data_task(
            "MLP, sunflower spiral, tanh",
            "mlp",
            data20e.sunflower_spiral,
            "cross_entropy",
            "momentum",
            16,
            10 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, product of sines, tanh",
            "mlp",
            data20e.product_of_sines,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, cubic curve bands, tanh",
            "mlp",
            data20e.cubic_curve_bands,
            "cross_entropy",
            "nesterov",
            16,
            10 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, astroid region, tanh",
            "mlp",
            data21.astroid_region,
            "cross_entropy",
            "momentum",
            16,
            10 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, superellipse rings, tanh",
            "mlp",
            data21.superellipse_rings,
            "cross_entropy",
            "nesterov",
            32,
            15 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, deltoid, tanh",
            "mlp",
            data21.deltoid,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP, nephroid bands, tanh",
            "mlp",
            data21.nephroid_bands,
            "cross_entropy",
            "momentum",
            16,
            10 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "softmax, gemstones, raw", "softmax", data21.gemstones_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "MLP, insurance claims, raw", "mlp", data21.insurance_claims_raw, "cross_entropy", "nesterov", 16, 10 // k
        ),
        _data_task(
            "MLP, parking occupancy, raw", "mlp", data21.parking_occupancy_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "softmax, eight Gaussians in 5-D",
            "softmax",
            data21.eight_gaussians_5d,
            "cross_entropy",
            "adagrad",
            32,
            15 // k,
        ),
        _data_task(
            "logistic regr., wildfire risk, raw", "logistic", data21.wildfire_risk_raw, "bce", "adagrad", 16, 10 // k
        ),
        _data_task("MLP regr., Bukin surface", "mlp", data21.bukin_surface, "mse", "momentum", 32, 15 // k),
        _data_task("MLP regr., bakery sales, raw", "mlp", data21b.bakery_sales_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "linear regr., reservoir level, raw", "linear", data21b.reservoir_level_raw, "mse", "rmsprop", 16, 20 // k
        ),
        _data_task("MLP regr., gym attendance, raw", "mlp", data21b.gym_attendance_raw, "mse", "adam", 32, 20 // k),
        _data_task(
            "linear regr., cheese ripening, raw", "linear", data21b.cheese_ripening_raw, "mse", "adagrad", 32, 20 // k
        ),
        _data_task("MLP regr., tire wear, raw", "mlp", data21b.tire_wear_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task("MLP regr., glacier melt, raw", "mlp", data21b.glacier_melt_raw, "mse", "nadam", 32, 20 // k),
        _data_task("linear regr., bus ridership, raw", "linear", data21b.bus_ridership_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP regr., paper strength, raw", "mlp", data21b.paper_strength_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., vineyard yield, raw", "mlp", data21c.vineyard_yield_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., ferry delay, raw", "mlp", data21c.ferry_delay_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task(
            "linear regr., mushroom farm humidity, raw",
            "linear",
            data21c.mushroom_humidity_raw,
            "mse",
            "adam",
            32,
            20 // k,
        ),
        _data_task(
            "MLP regr., brewery fermentation, raw", "mlp", data21c.brewery_fermentation_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., chairlift queue, raw", "mlp", data21c.chairlift_queue_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., wool shrinkage, raw", "mlp", data21c.wool_shrinkage_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP regr., fishery catch, raw", "mlp", data21c.fishery_catch_raw, "mse", "adagrad", 32, 20 // k),
        _data_task("MLP, honey grade, raw", "mlp", data21c.honey_grade_raw, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("softmax, ore type, raw", "softmax", data21c.ore_type_raw, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "MLP, avalanche risk, raw", "mlp", data21c.avalanche_risk_raw, "cross_entropy", "nesterov", 16, 10 // k
        ),
        _data_task(
            "MLP regr., cider pressing yield, raw", "mlp", data21d.cider_yield_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task(
            "MLP regr., sawmill throughput, raw", "mlp", data21d.sawmill_throughput_raw, "mse", "rmsprop", 16, 20 // k
        ),
        _data_task(
            "linear regr., canal lock wait, raw", "linear", data21d.canal_lock_wait_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task("MLP regr., hop yield, raw", "mlp", data21d.hop_yield_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP regr., salmon growth, raw", "mlp", data21d.salmon_growth_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., snowpack depth, raw", "mlp", data21d.snowpack_depth_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., cocoa fermentation, raw", "mlp", data21d.cocoa_fermentation_raw, "mse", "adagrad", 32, 20 // k
        ),
        _data_task("MLP, sheep breed, raw", "mlp", data21d.sheep_breed_raw, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "softmax, copper grade, raw", "softmax", data21d.copper_grade_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "MLP, windmill fault, raw", "mlp", data21d.windmill_fault_raw, "cross_entropy", "nesterov", 16, 10 // k
        ),
        _data_task("linear regr., tram delay, raw", "linear", data21e.tram_delay_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task("MLP regr., lichen cover, raw", "mlp", data21e.lichen_cover_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task("MLP regr., vinegar acidity, raw", "mlp", data21e.vinegar_acidity_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., foundry cooling, raw", "mlp", data21e.foundry_cooling_raw, "mse", "nadam", 16, 20 // k),
        _data_task("MLP regr., hive weight, raw", "mlp", data21e.hive_weight_raw, "mse", "adam", 8, 10 // k),
        _data_task("MLP regr., bell tone, raw", "mlp", data21e.bell_tone_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP, loom defect, raw", "mlp", data21e.loom_defect_raw, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "softmax, orchard pest, raw", "softmax", data21e.orchard_pest_raw, "cross_entropy", "momentum", 8, 10 // k
        ),
        _data_task("MLP regr., river silt load, raw", "mlp", data21f.river_silt_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task(
            "MLP regr., organ pipe pitch, raw", "mlp", data21f.organ_pipe_pitch_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task(
            "linear regr., lighthouse visibility, raw",
            "linear",
            data21f.lighthouse_visibility_raw,
            "mse",
            "adam",
            16,
            20 // k,
        ),
        _data_task("MLP regr., tea withering, raw", "mlp", data21f.tea_withering_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., ski wax glide, raw", "mlp", data21f.ski_wax_glide_raw, "mse", "adam", 16, 20 // k),
        _data_task("MLP regr., kelp growth, raw", "mlp", data21f.kelp_growth_raw, "mse", "adagrad", 32, 20 // k),
        _data_task(
            "MLP regr., violin varnish drying, raw", "mlp", data21f.varnish_drying_raw, "mse", "rmsprop", 8, 10 // k
        ),
        _data_task("MLP, timber species, raw", "mlp", data21f.timber_species_raw, "cross_entropy", "adam", 32, 15 // k),
        _data_task(
            "softmax, seed viability, raw",
            "softmax",
            data21f.seed_viability_raw,
            "cross_entropy",
            "rmsprop",
            32,
            15 // k,
        ),
        _data_task("MLP, glass defect, raw", "mlp", data21f.glass_defect_raw, "cross_entropy", "momentum", 16, 15 // k),
        _data_task("MLP regr., brick strength, raw", "mlp", data21g.brick_strength_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., pond algae bloom, raw", "mlp", data21g.algae_bloom_raw, "mse", "nadam", 16, 20 // k),
        _data_task(
            "MLP regr., granary moisture, raw", "mlp", data21g.granary_moisture_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task("MLP regr., canoe hull drag, raw", "mlp", data21g.canoe_drag_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task(
            "MLP regr., smelter slag viscosity, raw", "mlp", data21g.slag_viscosity_raw, "mse", "adam", 32, 20 // k
        ),
        _data_task("MLP regr., sourdough rise, raw", "mlp", data21g.sourdough_rise_raw, "mse", "adamw", 16, 20 // k),
        _data_task("MLP regr., maple syrup yield, raw", "mlp", data21g.maple_syrup_raw, "mse", "rmsprop", 8, 10 // k),
        _data_task("MLP, reef health, raw", "mlp", data21g.reef_health_raw, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "MLP regr., blast fragmentation, raw", "mlp", data21h.blast_fragmentation_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., hop bitterness, raw", "mlp", data21h.hop_bitterness_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., firn melt, raw", "mlp", data21h.firn_melt_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "softmax, lumber grade, raw", "softmax", data21h.lumber_grade_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "softmax, honey origin, raw", "softmax", data21h.honey_origin_raw, "cross_entropy", "adagrad", 32, 15 // k
        ),
        _data_task(
            "softmax, wool grade, raw", "softmax", data21h.wool_grade_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "MLP regr., kombucha acidity, raw", "mlp", data23a.kombucha_acidity_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., asphalt rutting, raw", "mlp", data23a.asphalt_rutting_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., turbine bearing wear, raw", "mlp", data23a.bearing_wear_raw, "mse", "nadam", 16, 20 // k
        ),
        _data_task("MLP regr., hail damage, raw", "mlp", data23a.hail_damage_raw, "mse", "adam", 32, 20 // k),
        _data_task(
            "MLP regr., roof truss deflection, raw", "mlp", data23a.truss_deflection_raw, "mse", "adamw", 32, 20 // k
        ),
        _data_task("MLP regr., dune migration, raw", "mlp", data23a.dune_migration_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., orchard yield", "mlp", data23a.orchard_yield, "mse", "nadam", 32, 20 // k),
        _data_task("MLP, pottery glaze", "mlp", data23a.pottery_glaze, "cross_entropy", "nadam", 32, 15 // k),
        _data_task(
            "MLP regr., pipeline corrosion, raw", "mlp", data23b.pipeline_corrosion_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., compost heat, raw", "mlp", data23b.compost_heat_raw, "mse", "nadam", 16, 20 // k),
        _data_task(
            "MLP regr., greenhouse humidity, raw", "mlp", data23b.greenhouse_humidity_raw, "mse", "adam", 32, 20 // k
        ),
        _data_task("MLP regr., tidal current, raw", "mlp", data23b.tidal_current_raw, "mse", "adamw", 32, 20 // k),
        _data_task(
            "MLP regr., silo grain pressure, raw", "mlp", data23b.silo_pressure_raw, "mse", "momentum", 32, 20 // k
        ),
        _data_task("MLP regr., rope fatigue, raw", "mlp", data23b.rope_fatigue_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., pasture regrowth, raw", "mlp", data23b.pasture_regrowth_raw, "mse", "rmsprop", 16, 20 // k
        ),
        _data_task("MLP, yarn defect", "mlp", data23b.yarn_defect, "cross_entropy", "nadam", 32, 15 // k),
        _data_task("MLP regr., well drawdown, raw", "mlp", data23c.well_drawdown_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., kiln shrinkage, raw", "mlp", data23c.kiln_shrinkage_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., bridge cable sag, raw", "mlp", data23c.cable_sag_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task("MLP regr., glacier calving, raw", "mlp", data23c.glacier_calving_raw, "mse", "nadam", 16, 20 // k),
        _data_task("MLP regr., croissant proof, raw", "mlp", data23c.croissant_proof_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP regr., hive honey yield, raw", "mlp", data23c.honey_yield_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., lighthouse visibility", "mlp", data23c.lighthouse_visibility, "mse", "adam", 32, 20 // k
        ),
        _data_task("MLP, moth species", "mlp", data23c.moth_species, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP regr., lamp lumen decay, raw", "mlp", data23d.lamp_decay_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., bearing temperature, raw", "mlp", data23d.bearing_temperature_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task("MLP regr., paint drying time, raw", "mlp", data23d.paint_drying_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., clay permeability, raw", "mlp", data23d.clay_permeability_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task(
            "MLP regr., reservoir silting, raw", "mlp", data23d.reservoir_silting_raw, "mse", "rmsprop", 16, 20 // k
        ),
        _data_task("MLP regr., crop frost kill, raw", "mlp", data23d.crop_frost_raw, "mse", "rmsprop", 16, 20 // k),
        _data_task(
            "MLP regr., solar panel soiling, raw", "mlp", data23d.panel_soiling_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., wave run-up, raw", "mlp", data23d.wave_runup_raw, "mse", "adagrad", 32, 20 // k),
        _data_task("MLP regr., bus ridership", "mlp", data23d.bus_ridership, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP, tea grade", "mlp", data23d.tea_grade, "cross_entropy", "rmsprop", 32, 15 // k),
        _data_task(
            "MLP regr., espresso extraction, raw", "mlp", data24a.espresso_extraction_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., kite line tension, raw", "mlp", data24a.kite_tension_raw, "mse", "nadam", 16, 20 // k),
        _data_task(
            "MLP regr., ferry fuel burn, raw, 3 tanh layers",
            "mlp",
            data24a.ferry_fuel_raw,
            "mse",
            "momentum",
            32,
            20 // k,
            dict(hidden=(32, 32, 32), activation="tanh"),
        ),
        _data_task("MLP regr., vineyard sugar, raw", "mlp", data24a.vineyard_sugar_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., marathon pace, wide",
            "mlp",
            data24a.marathon_pace,
            "mse",
            "adamw",
            32,
            20 // k,
            dict(hidden=(128, 128)),
        ),
        _data_task(
            "MLP, beetle species, raw", "mlp", data24a.beetle_species_raw, "cross_entropy", "nadam", 32, 15 // k
        ),
        _data_task("softmax, gemstone cut", "softmax", data24a.gemstone_cut, "cross_entropy", "nesterov", 32, 15 // k),
        _data_task(
            "MLP, bird song type, 2 tanh layers",
            "mlp",
            data24a.bird_song,
            "cross_entropy",
            "adam",
            32,
            15 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task(
            "MLP regr., loom thread breaks, raw", "mlp", data24b.loom_thread_breaks_raw, "mse", "nadam", 32, 40 // k
        ),
        _data_task("MLP regr., cheese ripening, raw", "mlp", data24b.cheese_ripening_raw, "mse", "nadam", 16, 40 // k),
        _data_task(
            "MLP regr., lighthouse beam range, raw, 3 layers",
            "mlp",
            data24b.lighthouse_range_raw,
            "mse",
            "nadam",
            32,
            40 // k,
            dict(hidden=(32, 32, 32)),
        ),
        _data_task("MLP regr., bee forage distance, raw", "mlp", data24b.bee_forage_raw, "mse", "nadam", 64, 40 // k),
        _data_task(
            "MLP regr., avalanche runout, raw, tanh",
            "mlp",
            data24b.avalanche_runout_raw,
            "mse",
            "nadam",
            32,
            40 // k,
            dict(hidden=(32, 32), activation="tanh"),
        ),
        _data_task("MLP regr., peat bog carbon, raw", "mlp", data24b.peat_carbon_raw, "mse", "rmsprop", 32, 40 // k),
        _data_task(
            "MLP regr., hot spring mineral load, raw",
            "mlp",
            data24b.hot_spring_minerals_raw,
            "mse",
            "rmsprop",
            16,
            40 // k,
        ),
        _data_task(
            "MLP regr., mine ventilation airflow, raw, wide",
            "mlp",
            data24b.mine_airflow_raw,
            "mse",
            "rmsprop",
            32,
            40 // k,
            dict(hidden=(128, 128)),
        ),
        _data_task("MLP regr., canoe drift, raw", "mlp", data24c.canoe_drift_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., bread crust colour, raw", "mlp", data24c.bread_crust_raw, "mse", "momentum", 32, 20 // k
        ),
        _data_task("MLP regr., solar still output, raw", "mlp", data24c.solar_still_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task(
            "MLP regr., ski wax glide, wide",
            "mlp",
            data24c.ski_wax_glide,
            "mse",
            "adamw",
            32,
            20 // k,
            dict(hidden=(128, 128)),
        ),
        _data_task(
            "MLP regr., chimney draught, raw, 3 tanh layers",
            "mlp",
            data24c.chimney_draught_raw,
            "mse",
            "adam",
            32,
            20 // k,
            dict(hidden=(32, 32, 32), activation="tanh"),
        ),
        _data_task("MLP regr., snail speed, raw", "mlp", data24c.snail_speed_raw, "mse", "nesterov", 32, 20 // k),
        _data_task(
            "MLP, mushroom genus, raw", "mlp", data24c.mushroom_genus_raw, "cross_entropy", "momentum", 16, 15 // k
        ),
        _data_task("softmax, rock type", "softmax", data24c.rock_type, "cross_entropy", "sgd", 32, 15 // k),
        _data_task("MLP regr., oyster growth, raw", "mlp", data28a.oyster_growth_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., hop kiln moisture, raw", "mlp", data28a.hop_kiln_moisture_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., quarry dust, raw", "mlp", data28a.quarry_dust_raw, "mse", "nadam", 16, 20 // k),
        _data_task("MLP regr., honey viscosity, raw", "mlp", data28a.honey_viscosity_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., tram energy, raw", "mlp", data28a.tram_energy_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., mortar cure, raw", "mlp", data28a.mortar_cure_raw, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., wind chill, raw", "mlp", data28a.wind_chill_raw, "mse", "adam", 32, 20 // k),
        _data_task("MLP, loom fabric type", "mlp", data28a.loom_fabric_type, "cross_entropy", "momentum", 32, 15 // k),
        _data_task(
            "MLP regr., pipe pressure drop, raw", "mlp", data28a.pipe_pressure_drop_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., kefir acidity, raw", "mlp", data28a.kefir_acidity_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., boiler efficiency, raw", "mlp", data28a.boiler_efficiency_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., lake clarity, raw", "mlp", data28a.lake_clarity_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., forge hardness, raw", "mlp", data28a.forge_hardness_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., brick shrinkage, raw",
            "mlp",
            data28b.brick_shrinkage_raw,
            "mse",
            "nadam",
            32,
            20 // k,
            {"hidden": (32, 32)},
        ),
        _data_task(
            "MLP regr., ferry fuel, raw",
            "mlp",
            data28b.ferry_fuel_raw,
            "mse",
            "nadam",
            32,
            20 // k,
            {"hidden": (32,), "activation": "tanh"},
        ),
        _data_task("MLP regr., sawmill yield, raw", "mlp", data28b.sawmill_yield_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., icefield melt, raw",
            "mlp",
            data28b.icefield_melt_raw,
            "mse",
            "nadam",
            32,
            20 // k,
            {"hidden": (48, 24)},
        ),
        _data_task("MLP regr., blade wear, raw", "mlp", data28b.blade_wear_raw, "mse", "adam", 32, 20 // k),
        _data_task(
            "MLP regr., grape sugar, raw",
            "mlp",
            data28b.grape_sugar_raw,
            "mse",
            "adam",
            32,
            20 // k,
            {"hidden": (32, 32)},
        ),
        _data_task(
            "MLP regr., road rut depth, raw",
            "mlp",
            data28b.road_rut_depth_raw,
            "mse",
            "adam",
            32,
            20 // k,
            {"activation": "gelu"},
        ),
        _data_task(
            "MLP regr., compressor power, raw", "mlp", data28b.compressor_power_raw, "mse", "momentum", 32, 20 // k
        ),
        _data_task(
            "MLP regr., dam seepage, raw",
            "mlp",
            data28b.dam_seepage_raw,
            "mse",
            "momentum",
            32,
            20 // k,
            {"hidden": (32,), "activation": "tanh"},
        ),
        _data_task(
            "MLP regr., pasture growth, raw",
            "mlp",
            data28b.pasture_growth_raw,
            "mse",
            "momentum",
            32,
            20 // k,
            {"hidden": (32, 32)},
        ),
        _data_task("MLP regr., furnace slag, raw", "mlp", data28b.furnace_slag_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., river turbidity, raw", "mlp", data28b.river_turbidity_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., bridge deflection, raw", "mlp", data28b.bridge_deflection_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., harbour silt, raw", "mlp", data28b.harbour_silt_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., seed germination, raw", "mlp", data28b.seed_germination_raw, "mse", "rmsprop", 32, 20 // k
        ),
        _data_task("MLP regr., cheese brine, raw", "mlp", data28c.cheese_brine_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., glass anneal stress, raw", "mlp", data28c.glass_anneal_stress_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., ladle cooling, raw", "mlp", data28c.ladle_cooling_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., silage pH, raw", "mlp", data28c.silage_ph_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., crane sway, raw", "mlp", data28c.crane_sway_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP regr., dairy milk fat, raw", "mlp", data28c.dairy_milk_fat_raw, "mse", "nadam", 32, 40 // k),
        _data_task("MLP regr., sewer overflow, raw", "mlp", data28c.sewer_overflow_raw, "mse", "nadam", 32, 20 // k),
        _data_task("MLP, grain dryer, raw", "mlp", data30a.grain_dryer_raw, "cross_entropy", "rmsprop", 32, 15 // k),
        _data_task("MLP regr., heat pump COP", "mlp", data30a.heat_pump_cop, "mse", "rmsprop", 32, 20 // k),
        _data_task("MLP regr., heat pump COP, batch 16", "mlp", data30a.heat_pump_cop, "mse", "rmsprop", 16, 20 // k),
        _data_task(
            "linear regr., parcel sort time, raw", "linear", data30a.parcel_sort_time_raw, "mse", "rmsprop", 16, 20 // k
        ),
        _data_task("MLP, hexagon cells", "mlp", data30a.hexagon_cells, "cross_entropy", "momentum", 32, 15 // k),
        _data_task("MLP regr., pendulum period", "mlp", data30a.pendulum_period, "mse", "momentum", 32, 20 // k),
        _data_task(
            "softmax, tea leaf grade, raw",
            "softmax",
            data30a.tea_leaf_grade_raw,
            "cross_entropy",
            "momentum",
            32,
            15 // k,
        ),
        _data_task(
            "softmax, flock breed, raw", "softmax", data30a.flock_breed_raw, "cross_entropy", "momentum", 32, 15 // k
        ),
        _data_task(
            "logistic regr., mould risk, raw", "logistic", data30a.mould_risk_raw, "bce", "adagrad", 32, 15 // k
        ),
        _data_task("MLP regr., lake ice days, raw", "mlp", data30a.lake_ice_days_raw, "mse", "adagrad", 32, 20 // k),
        _data_task("MLP regr., soil compaction", "mlp", data30a.soil_compaction, "mse", "adagrad", 32, 20 // k),
        _data_task(
            "softmax, tea leaf grade, raw, adagrad",
            "softmax",
            data30a.tea_leaf_grade_raw,
            "cross_entropy",
            "adagrad",
            32,
            15 // k,
        ),
        _data_task(
            "MLP regr., bread crust lightness, raw",
            "mlp",
            data31a.bread_crust_lightness_raw,
            "mse",
            "nadam",
            32,
            20 // k,
        ),
        _data_task("MLP regr., greenhouse heat, raw", "mlp", data31a.greenhouse_heat_raw, "mse", "nadam", 32, 20 // k),
        _data_task(
            "MLP regr., oyster shell length, raw", "mlp", data31a.oyster_shell_length_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task(
            "MLP regr., kiln wood cracks, raw", "mlp", data31a.kiln_wood_cracks_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task(
            "MLP regr., paper tear strength, raw", "mlp", data31a.paper_tear_strength_raw, "mse", "nadam", 32, 20 // k
        ),
        _data_task("MLP regr., roof snow drift, raw", "mlp", data31a.roof_snow_drift_raw, "mse", "nadam", 32, 20 // k),
    ]
    names = [
        set(TUNING),
        set(HELD_OUT),
        set(FRESH),
        set(FRESH_S7),
        set(FRESH_S12),
        set(FRESH_S12B),
        set(FRESH_S12C),
        set(FRESH_S12D),
        set(FRESH_S13),
        set(FRESH_S13B),
        set(FRESH_S13C),
        set(FRESH_S13D),
        set(FRESH_S13E),
        set(FRESH_S14),
        set(FRESH_S14B),
        set(FRESH_S14C),
        set(FRESH_S14D),
        set(FRESH_S14E),
        set(FRESH_S17),
        set(FRESH_S18),
        set(FRESH_S18B),
        set(FRESH_S18C),
        set(FRESH_S20),
        set(FRESH_S20B),
        set(FRESH_S20C),
        set(FRESH_S20D),
        set(FRESH_S20E),
        set(FRESH_S21),
        set(FRESH_S21B),
        set(FRESH_S21C),
        set(FRESH_S21D),
        set(FRESH_S21E),
        set(FRESH_S21F),
        set(FRESH_S21G),
        set(FRESH_S21H),
        set(FRESH_S23A),
        set(FRESH_S23B),
        set(FRESH_S23C),
        set(FRESH_S23D),
        set(FRESH_S24A),
        set(FRESH_S24B),
        set(FRESH_S24C),
        set(FRESH_S28A),
        set(FRESH_S28B),
        set(FRESH_S28C),
        set(FRESH_S30A),
        set(FRESH_S31A),
    ]
    assert {t.name for t in suite} == set().union(*names) and sum(map(len, names)) == len(suite)
    assert len({t.name for t in suite}) == len(suite), "two tasks share a name"
    return suite
