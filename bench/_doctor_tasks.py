"""The tasks of the doctor's corpus (``_doctor_corpus.py``): 203 small data sets, models and
losses in forty groups, fixed before any result of their group was seen.

The tasks are split into two halves by task: every optimizer of a task is in the same half,
and each half mixes classification and regression, tabular and image data, and has one task
with badly scaled (unstandardised) features. A third group, ``fresh`` (added in session 5,
built the same way), holds tasks nobody had looked at when the doctor's rules of that session
were frozen: the held-out half had been evaluated more than once by then, so the fresh group is
the clean estimate, reported on its own. A fourth, ``fresh2`` (session 6), holds tasks nobody
had looked at when that session's rules were frozen (session 5's fresh group had been looked at
by then). A fifth, ``fresh3`` (session 7), holds tasks written after that session's rules were
frozen (every other group had been looked at by then); the tuning half got two tasks in session 7
(a sigmoid MLP on XOR, which plateaus at the start, and a CNN on textures) before the freeze.
Session 9 added a second tuning group, ``tune2`` (fitted on with the tuning half), and a fourth
fresh group, ``fresh4``, both written before any of their runs was trained or any rule of that
session changed (their data and task lists: ``_doctor_tasks_s9.py``); session 10 a fifth, ``fresh5``
(``_doctor_tasks_s10.py``), written after that session's doctor change was frozen, and session
11 a sixth, ``fresh6`` (``_doctor_tasks_s11.py``), the same way; session 13 a seventh, ``fresh7``
(``_doctor_tasks_s13.py``), written before that session's doctor change was fitted, and an
eighth, ``fresh8`` (``_doctor_tasks_s13b.py``), after that change was reverted and before a
second was fitted, and a ninth, ``fresh9`` (``_doctor_tasks_s13c.py``), before a third was
fitted; session 14 a tenth, ``fresh10`` (``_doctor_tasks_s14.py``), before its change was
designed, an eleventh, ``fresh11`` (``_doctor_tasks_s14b.py``), after that change was
reverted and before a second was designed, and a twelfth, ``fresh12`` (``_doctor_tasks_s14c.py``),
after the second was reverted and before a third was designed, and a thirteenth, ``fresh13``
(``_doctor_tasks_s14d.py``), before a fourth was designed, and a fourteenth, ``fresh14``
(``_doctor_tasks_s14e.py``), before a fifth was designed, and a fifteenth, ``fresh15``
(``_doctor_tasks_s14f.py``), before a sixth was designed; session 15 a sixteenth, ``fresh16``
(``_doctor_tasks_s15.py``), before its change was designed; session 16 a seventeenth and an
eighteenth, ``fresh17`` and ``fresh18`` (``_doctor_tasks_s16.py``), before its change was designed, and a nineteenth and a
twentieth, ``fresh19`` and ``fresh20`` (``_doctor_tasks_s16b.py``), before a second was designed; session 17 a
twenty-first, ``fresh21`` (``_doctor_tasks_s17.py``), before its change was designed, and a
twenty-second, ``fresh22`` (``_doctor_tasks_s17b.py``), before a second was designed, and a
twenty-third, ``fresh23`` (``_doctor_tasks_s17c.py``), before that second was re-applied unchanged
as its test, and a twenty-fourth, ``fresh24`` (``_doctor_tasks_s17d.py``), before a fourth was designed, and a
twenty-fifth, ``fresh25`` (``_doctor_tasks_s17e.py``), before a fifth was designed, and a
twenty-sixth, ``fresh26`` (``_doctor_tasks_s18.py``), before session 18's first was designed, and a
twenty-seventh, ``fresh27`` (``_doctor_tasks_s18b.py``), before its second was designed, and a
twenty-eighth, ``fresh28`` (``_doctor_tasks_s18c.py``), before its third was designed; session 19 a
twenty-ninth, ``fresh29`` (``_doctor_tasks_s19.py``), before its change was designed, and a
thirtieth, ``fresh30`` (``_doctor_tasks_s19b.py``), before that change was frozen again, and a
thirty-first, ``fresh31`` (``_doctor_tasks_s19c.py``), before a change on "too small" recall was designed, and a
thirty-second, ``fresh32`` (``_doctor_tasks_s19d.py``), before e16bf35 was re-fitted, and a
thirty-third, ``fresh33`` (``_doctor_tasks_s19e.py``), before a change on too-small raw-input Adam runs was designed, and a
thirty-fourth, ``fresh34`` (``_doctor_tasks_s19f.py``), before a change on oscillation false alarms was designed; session 20 a
thirty-fifth, ``fresh35`` (``_doctor_tasks_s20a.py``), before a change on slow-progress false alarms was designed, and a
thirty-sixth, ``fresh36`` (``_doctor_tasks_s20b.py``), before that change (conflict) was re-frozen for a second test, and a
thirty-seventh, ``fresh37`` (``_doctor_tasks_s20c.py``), before a change on classifier MLPs reading infinite headroom was designed; session 21 a
thirty-eighth, ``fresh38`` (``_doctor_tasks_s21a.py``), before a change on vanishing-gradient findings of raw-input regression MLPs was designed, and a
thirty-ninth, ``fresh39`` (``_doctor_tasks_s21b.py``), before a change on oscillation findings of MLPs whose first epoch spikes was designed; session 22 a
fortieth, ``fresh40`` (``_doctor_tasks_s22a.py``), before a second change of its first doctor round was chosen, and a
forty-first, ``fresh41`` (``_doctor_tasks_s22b.py``), before a change pairing the depth rule with a too-small check was designed;
session 23 a forty-second, ``fresh42`` (``_doctor_tasks_s23a.py``), before a finding of its own for a first layer saturated by
raw inputs was designed, and a forty-third, ``fresh43`` (``_doctor_tasks_s23b.py``), before a finding for a first layer
that raw inputs starve at a rate far below its limit (standardise and raise the rate) was designed, and a forty-fourth,
``fresh44`` (``_doctor_tasks_s23c.py``), before that finding was settled on deep sigmoid MLPs under non-adaptive rules, and a forty-fifth,
``fresh45`` (``_doctor_tasks_s23d.py``), before a change such runs can use was designed; in session 24 a forty-sixth,
``fresh46`` (``_doctor_tasks_s24a.py``), before a change to the doctor's weakest kinds of run (flat grids, Adam, deep
tanh/sigmoid MLPs on raw inputs) was designed, and a forty-seventh, ``fresh47`` (``_doctor_tasks_s24f.py``), the first of
full-batch momentum and Adam grids (its tasks' ``optimizers``), before a change on how the doctor reads such runs was
frozen, and a forty-eighth, ``fresh48`` (``_doctor_tasks_s24g.py``), of full-batch heavy-ball grids at β = 0.9 and 0.99,
before a change on how the doctor reads full-batch heavy ball was designed, and a forty-ninth, ``fresh49``
(``_doctor_tasks_s24h.py``), of ReLU MLPs whose loss may spike and come back and flat-grid tanh MLPs, before a change to
the doctor's healthy false alarms was designed, and a fiftieth, ``fresh50`` (``_doctor_tasks_s24i.py``), of ReLU MLPs
whose loss may spike and flat-grid tanh/sigmoid MLPs, before a second change to those false alarms was designed, and a
fifty-first, ``fresh51`` (``_doctor_tasks_s24j.py``), of raw deep sigmoid/tanh MLPs, written to contain the regime of
that change after it was designed (a caveat), and a fifty-second, ``fresh52`` (``_doctor_tasks_s24k.py``), of raw
deep sigmoid/tanh MLPs and ill-conditioned raw runs, written for a named candidate after it was named (a caveat); in
session 25 a fifty-third, ``fresh53`` (``_doctor_tasks_s25a.py``), of full-batch heavy-ball grids at β = 0.99 and 0.9,
before a change on how the doctor reads full-batch heavy ball at β = 0.99 was designed, and a fifty-fourth, ``fresh54``
(``_doctor_tasks_s25b.py``), of mini-batch ReLU/GELU MLPs and a small CNN, written for a named candidate (doctor24's S,
the spike part of doctor23's BT) after it was named (a caveat), and a fifty-fifth, ``fresh55``
(``_doctor_tasks_s25c.py``), of mini-batch ReLU/GELU MLPs on inputs scaled to [0, 1], written for the same S after
fresh54 could not reach it (a caveat); in session 26 a fifty-sixth, ``fresh56`` (``_doctor_tasks_s26a.py``), of
mini-batch MLP regressions with heavy-tailed or outlying targets, written after the regime of healthy runs called "too
large" by a first mini-batch's loss had been read and a change for it conceived (a caveat); in session 27 a
fifty-seventh, ``fresh57`` (``_doctor_tasks_s27a.py``), of mini-batch runs on 1200-1600 rows (a first epoch a quarter of
the run), written for a named candidate (slow progress reading the data's loss at the initial weights as the start)
after it was named (a caveat); a fifty-eighth, ``fresh58`` (``_doctor_tasks_s27b.py``), of small models on a few hundred
rows whose loss can blow up in its first steps and come back, written after the false alarms had been mapped by check
(the largest class: such a recovered blow-up read as a swing) and that class's runs looked at (a caveat); in session 33 a
fifty-ninth, ``fresh59`` (``_doctor_tasks_s33a.py``), of short Adam runs (10 to 25 updates, each task's own ``steps``)
whose first reading is at update 1, written for doctor34's declared candidates on Adam's first readings after they were
declared (a caveat); a sixtieth, ``fresh60`` (``_doctor_tasks_s33b.py``), of short Adam runs again (five mini-batch grids
at batches of 32 for five to ten epochs of 64 to 160 rows, three full-batch grids of 10 to 15 updates), written for
doctor35's candidates after they were conceived (a caveat); a sixty-first, ``fresh61`` (``_doctor_tasks_s33c.py``), of
mini-batch Adam grids at batches of 32 for five to ten epochs of 64 to 256 rows (seven) and two short full-batch Adam
grids as controls, written for doctor36's candidates after they were conceived (a caveat). Each group
mixes the kinds of task as the halves do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sklearn.datasets
import torch

import _doctor_tasks_s9 as s9
import _doctor_tasks_s10 as s10
import _doctor_tasks_s11 as s11
import _doctor_tasks_s13 as s13
import _doctor_tasks_s13b as s13b
import _doctor_tasks_s13c as s13c
import _doctor_tasks_s14 as s14
import _doctor_tasks_s14b as s14b
import _doctor_tasks_s14c as s14c
import _doctor_tasks_s14d as s14d
import _doctor_tasks_s14e as s14e
import _doctor_tasks_s14f as s14f
import _doctor_tasks_s15 as s15
import _doctor_tasks_s16 as s16
import _doctor_tasks_s16b as s16b
import _doctor_tasks_s17 as s17
import _doctor_tasks_s17b as s17b
import _doctor_tasks_s17c as s17c
import _doctor_tasks_s17d as s17d
import _doctor_tasks_s17e as s17e
import _doctor_tasks_s18 as s18
import _doctor_tasks_s18b as s18b
import _doctor_tasks_s18c as s18c
import _doctor_tasks_s19 as s19
import _doctor_tasks_s19b as s19b
import _doctor_tasks_s19c as s19c
import _doctor_tasks_s19d as s19d
import _doctor_tasks_s19e as s19e
import _doctor_tasks_s19f as s19f
import _doctor_tasks_s20a as s20a
import _doctor_tasks_s20b as s20b
import _doctor_tasks_s20c as s20c
import _doctor_tasks_s21a as s21a
import _doctor_tasks_s21b as s21b
import _doctor_tasks_s22a as s22a
import _doctor_tasks_s22b as s22b
import _doctor_tasks_s23a as s23a
import _doctor_tasks_s23b as s23b
import _doctor_tasks_s23c as s23c
import _doctor_tasks_s23d as s23d
import _doctor_tasks_s24a as s24a
import _doctor_tasks_s24f as s24f
import _doctor_tasks_s24g as s24g
import _doctor_tasks_s24h as s24h
import _doctor_tasks_s24i as s24i
import _doctor_tasks_s24j as s24j
import _doctor_tasks_s24k as s24k
import _doctor_tasks_s25a as s25a
import _doctor_tasks_s25b as s25b
import _doctor_tasks_s25c as s25c
import _doctor_tasks_s26a as s26a
import _doctor_tasks_s27a as s27a
import _doctor_tasks_s27b as s27b
import _doctor_tasks_s33a as s33a
import _doctor_tasks_s33b as s33b
import _doctor_tasks_s33c as s33c
from _doctor_tasks_s9 import FRESH4, TUNE2
from _doctor_tasks_s10 import FRESH5
from _doctor_tasks_s11 import FRESH6
from _doctor_tasks_s13 import FRESH7
from _doctor_tasks_s13b import FRESH8
from _doctor_tasks_s13c import FRESH9
from _doctor_tasks_s14 import FRESH10
from _doctor_tasks_s14b import FRESH11
from _doctor_tasks_s14c import FRESH12
from _doctor_tasks_s14d import FRESH13
from _doctor_tasks_s14e import FRESH14
from _doctor_tasks_s14f import FRESH15
from _doctor_tasks_s15 import FRESH16
from _doctor_tasks_s16 import FRESH17, FRESH18
from _doctor_tasks_s16b import FRESH19, FRESH20
from _doctor_tasks_s17 import FRESH21
from _doctor_tasks_s17b import FRESH22
from _doctor_tasks_s17c import FRESH23
from _doctor_tasks_s17d import FRESH24
from _doctor_tasks_s17e import FRESH25
from _doctor_tasks_s18 import FRESH26
from _doctor_tasks_s18b import FRESH27
from _doctor_tasks_s18c import FRESH28
from _doctor_tasks_s19 import FRESH29
from _doctor_tasks_s19b import FRESH30
from _doctor_tasks_s19c import FRESH31
from _doctor_tasks_s19d import FRESH32
from _doctor_tasks_s19e import FRESH33
from _doctor_tasks_s19f import FRESH34
from _doctor_tasks_s20a import FRESH35
from _doctor_tasks_s20b import FRESH36
from _doctor_tasks_s20c import FRESH37
from _doctor_tasks_s21a import FRESH38
from _doctor_tasks_s21b import FRESH39
from _doctor_tasks_s22a import FRESH40
from _doctor_tasks_s22b import FRESH41
from _doctor_tasks_s23a import FRESH42
from _doctor_tasks_s23b import FRESH43
from _doctor_tasks_s23c import FRESH44
from _doctor_tasks_s23d import FRESH45
from _doctor_tasks_s24a import FRESH46
from _doctor_tasks_s24f import FRESH47
from _doctor_tasks_s24g import FRESH48
from _doctor_tasks_s24h import FRESH49
from _doctor_tasks_s24i import FRESH50
from _doctor_tasks_s24j import FRESH51
from _doctor_tasks_s24k import FRESH52
from _doctor_tasks_s25a import FRESH53
from _doctor_tasks_s25b import FRESH54
from _doctor_tasks_s25c import FRESH55
from _doctor_tasks_s26a import FRESH56
from _doctor_tasks_s27a import FRESH57
from _doctor_tasks_s27b import FRESH58
from _doctor_tasks_s33a import FRESH59
from _doctor_tasks_s33b import FRESH60
from _doctor_tasks_s33c import FRESH61
from descend.training import prepare

TUNE, HELD_OUT, FRESH, FRESH2, FRESH3 = "tune", "held_out", "fresh", "fresh2", "fresh3"
HALVES = (TUNE, HELD_OUT)
GROUPS = (
    TUNE,
    TUNE2,
    HELD_OUT,
    FRESH,
    FRESH2,
    FRESH3,
    FRESH4,
    FRESH5,
    FRESH6,
    FRESH7,
    FRESH8,
    FRESH9,
    FRESH10,
    FRESH11,
    FRESH12,
    FRESH13,
    FRESH14,
    FRESH15,
    FRESH16,
    FRESH17,
    FRESH18,
    FRESH19,
    FRESH20,
    FRESH21,
    FRESH22,
    FRESH23,
    FRESH24,
    FRESH25,
    FRESH26,
    FRESH27,
    FRESH28,
    FRESH29,
    FRESH30,
    FRESH31,
    FRESH32,
    FRESH33,
    FRESH34,
    FRESH35,
    FRESH36,
    FRESH37,
    FRESH38,
    FRESH39,
    FRESH40,
    FRESH41,
    FRESH42,
    FRESH43,
    FRESH44,
    FRESH45,
    FRESH46,
    FRESH47,
    FRESH48,
    FRESH49,
    FRESH50,
    FRESH51,
    FRESH52,
    FRESH53,
    FRESH54,
    FRESH55,
    FRESH56,
    FRESH57,
    FRESH58,
    FRESH59,
    FRESH60,
    FRESH61,
)  # every group the corpus reports on, each on its own
# Groups aimed at one regime, which need not mix the kinds of task: fresh38 holds raw-input
# regression MLPs (five badly scaled) and one scaled counterpart, no classifier and no image;
# fresh39 holds MLPs whose first epoch may spike (five on raw inputs), no image; fresh40 MLPs whose
# first layer raw inputs may saturate (five on raw inputs), no image; fresh41 likewise (five on raw
# inputs, four of them one-hidden-layer MLPs), no image; fresh42 MLPs of one to three hidden layers
# on raw inputs (seven) and standardised controls (two), no image; fresh43 likewise (seven raw
# tanh/sigmoid MLPs, two standardised controls) with three ordinary models, no image; fresh44 likewise
# (eight raw tanh/sigmoid MLPs, six of them deep, two standardised controls, two ordinary models), no image; fresh45 likewise
# (eight raw tanh/sigmoid MLPs, six of them deep, two standardised controls, two ordinary models), no image; fresh46 likewise
# (eight raw tanh/sigmoid MLPs, six of them deep, two standardised controls, two ordinary models), no image;
# fresh47 holds full-batch momentum and Adam grids (seven MLPs, three linear models), no image; fresh48 full-batch
# heavy-ball grids at β = 0.9 and 0.99 (seven MLPs, three linear models), no image; fresh49 ReLU MLPs whose loss may
# spike and come back (seven, three on raw inputs), tanh/sigmoid MLPs (three) and two ordinary models, no image; fresh50
# ReLU MLPs (four, three on raw inputs), tanh/sigmoid MLPs (four, three on raw inputs) and two ordinary models, no image;
# fresh51 raw sigmoid/tanh MLPs (seven, five deep) and three standardised ordinary tasks, no image; fresh52 raw deep
# sigmoid/tanh MLPs (four), two ill-conditioned raw tasks and two standardised ordinary tasks, no image; fresh53
# full-batch heavy-ball grids at β = 0.99 and 0.9 (five MLPs, three linear models), no image; fresh54 mini-batch ReLU/GELU
# MLPs (five, one ten-class) and a small CNN, written for doctor24's candidate S (a caveat); fresh55 mini-batch ReLU/GELU
# MLPs on inputs scaled to [0, 1] (four classifiers, two regressions), no image, written for the same S (a caveat); fresh56 mini-batch MLP regressions with heavy-tailed or outlying targets (six),
# no image, written after doctor28's candidates were conceived (a caveat); fresh57 mini-batch runs on 1200-1600 rows
# (three MLPs, one linear model), no image, written for doctor30's named candidate (a caveat); fresh58 small MLPs (five,
# three on raw inputs) and a raw linear model whose first steps may blow up and come back, no image, written after the
# false-alarm map (a caveat); fresh59 short Adam runs (four full-batch grids of 10-25 updates, two mini-batch grids of one
# or two epochs: MLPs, one on raw inputs), no image, written for doctor34's declared candidates (a caveat); fresh60 short
# Adam runs (five mini-batch grids of five to ten epochs on 64-160 rows, three full-batch grids of 10-15 updates: MLPs, two
# on raw inputs, and a softmax regression), no image, written for doctor35's candidates (a caveat); fresh61 mini-batch
# Adam at batches of 32 (seven grids of five to ten epochs on 64-256 rows) and two short full-batch Adam grids as controls,
# no image, written for doctor36's candidates (a caveat).
AIMED = (
    FRESH38, FRESH39, FRESH40, FRESH41, FRESH42, FRESH43, FRESH44, FRESH45, FRESH46, FRESH47, FRESH48, FRESH49, FRESH50,
    FRESH51, FRESH52, FRESH53, FRESH54, FRESH55, FRESH56, FRESH57, FRESH58, FRESH59, FRESH60, FRESH61,
)  # fmt: skip


@dataclass(frozen=True)
class Task:
    """One data set, model and loss, and the half it belongs to."""

    name: str
    half: str
    kind: str  # "classification" / "regression", for the tables
    data: Callable[[], tuple[torch.Tensor, torch.Tensor]]
    model: str
    loss: str
    model_options: dict[str, Any] = field(default_factory=dict)
    badly_scaled: bool = False
    image: bool = False
    optimizers: tuple[str, ...] = ()  # the corpus's optimizers where empty (_doctor_corpus.optimizers_of)
    steps: int | None = None  # planned updates; the corpus's STEPS where None (_doctor_corpus.steps_of)


@functools.cache
def _builtin(name: str, standardize: bool = True, rows: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The training split of a built-in data set (``prepare(name, seed=0)``), its first
    ``rows`` rows where given."""
    p = prepare(name, seed=0, standardize=standardize)
    return p.train.X[:rows], p.train.y[:rows]


def _standardised(y: np.ndarray) -> torch.Tensor:
    return torch.as_tensor((y - y.mean()) / y.std(), dtype=torch.float32)


@functools.cache
def _friedman1() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #1 regression: 500 x 10 uniform features (5 of them unused),
    ``10 sin(pi x0 x1) + 20 (x2 - 1/2)^2 + 10 x3 + 5 x4`` plus noise (sd 1), target standardised."""
    X, y = sklearn.datasets.make_friedman1(n_samples=500, noise=1.0, random_state=0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _friedman3() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #3 regression: 400 x 4 features, ``atan((x1 x2 - 1 / (x1 x3)) /
    x0)`` plus noise (sd 0.1); features and target standardised."""
    X, y = sklearn.datasets.make_friedman3(n_samples=400, noise=0.1, random_state=0)
    X = (X - X.mean(0)) / X.std(0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _scaled_regression() -> tuple[torch.Tensor, torch.Tensor]:
    """A linear target of 8 features (``make_regression``, noise 10) whose columns are then
    multiplied by ``10**linspace(-1.5, 1.5, 8)``: feature scales spanning 1e3, unstandardised
    (the target is standardised)."""
    X, y = sklearn.datasets.make_regression(n_samples=400, n_features=8, noise=10.0, random_state=0)
    X = X * 10 ** np.linspace(-1.5, 1.5, 8)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _moons() -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved half circles, 400 points with noise 0.2."""
    X, y = sklearn.datasets.make_moons(n_samples=400, noise=0.2, random_state=0)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _circles() -> tuple[torch.Tensor, torch.Tensor]:
    """Two concentric circles (``make_circles``), 400 points, noise 0.1, inner radius 0.5."""
    X, y = sklearn.datasets.make_circles(n_samples=400, noise=0.1, factor=0.5, random_state=1)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _friedman2_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's Friedman #2 regression, 400 x 4 features left unstandardised (their
    ranges: [0, 100], [40 pi, 560 pi], [0, 1], [1, 11]), ``sqrt(x0^2 + (x1 x2 - 1/(x1 x3))^2)``
    plus noise (sd 10), target standardised."""
    X, y = sklearn.datasets.make_friedman2(n_samples=400, noise=10.0, random_state=1)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _bars() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images of a bar, 4 classes by its direction (horizontal,
    vertical, diagonal, anti-diagonal) at a random offset, pixel noise sd 0.5, flattened."""
    rng = np.random.default_rng(6)
    side, n = 12, 400
    y = rng.integers(0, 4, n)
    X = rng.normal(0.0, 0.5, (n, side, side))
    idx = np.arange(side)
    for i, (label, shift) in enumerate(zip(y, rng.integers(-4, 5, n))):
        k = (idx + shift) % side
        rows, cols = [(np.full(side, k[0]), idx), (idx, np.full(side, k[0])), (idx, k), (idx, k[::-1])][label]
        X[i, rows, cols] += 1.0
    return torch.as_tensor(X.reshape(n, -1), dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _hastie() -> tuple[torch.Tensor, torch.Tensor]:
    """Hastie et al.'s binary problem (``make_hastie_10_2``): 500 x 10 standard normal
    features, class 1 where their squared norm exceeds the chi-squared median 9.34."""
    X, y = sklearn.datasets.make_hastie_10_2(n_samples=500, random_state=6)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((y > 0).astype(np.int64))


@functools.cache
def _xor() -> tuple[torch.Tensor, torch.Tensor]:
    """400 points uniform in the square [-1, 1]^2, class 1 in the quadrants where ``x0 x1 > 0``
    (XOR). A sigmoid MLP starts on a plateau at chance (loss log 2) and must break its symmetry
    first: the tuning half's task that plateaus at the start (session 7)."""
    rng = np.random.default_rng(3)
    X = rng.uniform(-1.0, 1.0, (400, 2))
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor((X[:, 0] * X[:, 1] > 0).astype(np.int64))


@functools.cache
def _textures() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel texture images, 4 classes: horizontal, vertical or diagonal
    stripes or a checkerboard (period 4, random phase, amplitude 1), pixel noise sd 1, flattened.
    The tuning half's CNN (session 7)."""
    rng = np.random.default_rng(11)
    side, n = 12, 400
    y = rng.integers(0, 4, n)
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    waves = [r, c, r + c, None]
    X = rng.normal(0.0, 1.0, (n, side, side))
    for i, (label, phase) in enumerate(zip(y, rng.uniform(0, 2 * np.pi, n))):
        if label == 3:
            X[i] += np.sin(np.pi * r / 2 + phase) * np.sin(np.pi * c / 2 + phase)
        else:
            X[i] += np.sin(np.pi * waves[label] / 2 + phase)
    return torch.as_tensor(X.reshape(n, -1), dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _sparse_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_sparse_uncorrelated``: 400 x 10 normal features, a linear target of the first 4
    plus noise, its columns then multiplied by ``10**linspace(-1, 1.5, 10)`` (unstandardised);
    target standardised."""
    X, y = sklearn.datasets.make_sparse_uncorrelated(n_samples=400, n_features=10, random_state=6)
    X = X * 10 ** np.linspace(-1.0, 1.5, 10)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _quantiles() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_gaussian_quantiles``: 400 x 4 standard normal features, 3 classes by the quantiles
    of their distance from the origin (nested shells)."""
    X, y = sklearn.datasets.make_gaussian_quantiles(n_samples=400, n_features=4, n_classes=3, random_state=7)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _swiss_roll() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_swiss_roll``: 400 points of the rolled-up sheet in 3-d (noise 0.3), the target the
    position along the roll; features and target standardised."""
    X, t = sklearn.datasets.make_swiss_roll(n_samples=400, noise=0.3, random_state=7)
    X = (X - X.mean(0)) / X.std(0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(t)


@functools.cache
def _classification_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_classification``: 500 x 12 features (4 informative, 2 redundant, 5% of labels
    flipped), 2 classes, its columns then multiplied by ``10**linspace(-1, 2, 12)``
    (unstandardised)."""
    X, y = sklearn.datasets.make_classification(
        n_samples=500, n_features=12, n_informative=4, n_redundant=2, flip_y=0.05, random_state=7
    )
    X = X * 10 ** np.linspace(-1.0, 2.0, 12)
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


@functools.cache
def _low_rank() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_regression`` with features of effective rank 3 (400 x 20, 10 informative, tail
    strength 0.2, noise 5): strongly correlated columns, an ill-conditioned least squares;
    features and target standardised."""
    X, y = sklearn.datasets.make_regression(
        n_samples=400, n_features=20, n_informative=10, effective_rank=3, tail_strength=0.2, noise=5.0, random_state=7
    )
    X = (X - X.mean(0)) / X.std(0)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


@functools.cache
def _spots() -> tuple[torch.Tensor, torch.Tensor]:
    """400 noisy 12 x 12 one-channel images holding 1, 2 or 3 Gaussian spots (sd 1 pixel,
    height 1.5, at random places), the class their count; pixel noise sd 0.3, flattened."""
    rng = np.random.default_rng(7)
    side, n = 12, 400
    y = rng.integers(0, 3, n)
    r, c = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    X = rng.normal(0.0, 0.3, (n, side, side))
    for i, label in enumerate(y):
        for cy, cx in rng.uniform(1.5, side - 2.5, (label + 1, 2)):
            X[i] += 1.5 * np.exp(-((r - cy) ** 2 + (c - cx) ** 2) / 2.0)
    return torch.as_tensor(X.reshape(n, -1), dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)


TASKS = (
    # tuning half
    Task("iris softmax", TUNE, "classification", functools.partial(_builtin, "iris"), "softmax", "cross_entropy"),
    Task("diabetes linear", TUNE, "regression", functools.partial(_builtin, "diabetes"), "linear", "mse"),
    Task("friedman1 mlp", TUNE, "regression", _friedman1, "mlp", "mse", {"hidden": (32,)}),
    Task(
        "digits mlp",
        TUNE,
        "classification",
        functools.partial(_builtin, "digits"),
        "mlp",
        "cross_entropy",
        {"hidden": (32,)},
        image=True,
    ),
    Task(
        "wine raw softmax",
        TUNE,
        "classification",
        functools.partial(_builtin, "wine", False),
        "softmax",
        "cross_entropy",
        badly_scaled=True,
    ),
    # tuning half, added in session 7: a run that plateaus at the start; a CNN
    Task(
        "xor sigmoid mlp",
        TUNE,
        "classification",
        _xor,
        "mlp",
        "cross_entropy",
        {"hidden": (16,), "activation": "sigmoid"},
    ),
    Task("textures cnn", TUNE, "classification", _textures, "cnn", "cross_entropy", {"channels": (8, 16)}, image=True),
    # held-out half
    Task(
        "breast_cancer logistic",
        HELD_OUT,
        "classification",
        functools.partial(_builtin, "breast_cancer"),
        "logistic",
        "bce",
    ),
    Task("moons mlp", HELD_OUT, "classification", _moons, "mlp", "cross_entropy", {"hidden": (16,)}),
    Task("friedman3 mlp", HELD_OUT, "regression", _friedman3, "mlp", "mse", {"hidden": (32, 32)}),
    Task(
        "digits360 cnn",
        HELD_OUT,
        "classification",
        functools.partial(_builtin, "digits", True, 360),
        "cnn",
        "cross_entropy",
        {"channels": (8, 16)},
        image=True,
    ),
    Task("scaled linear", HELD_OUT, "regression", _scaled_regression, "linear", "mse", badly_scaled=True),
    # fresh group (session 5)
    Task("circles mlp", FRESH, "classification", _circles, "mlp", "cross_entropy", {"hidden": (16,)}),
    Task("friedman2 raw linear", FRESH, "regression", _friedman2_raw, "linear", "mse", badly_scaled=True),
    Task(
        "digits softmax",
        FRESH,
        "classification",
        functools.partial(_builtin, "digits"),
        "softmax",
        "cross_entropy",
        image=True,
    ),
    # second fresh group (session 6)
    Task("bars cnn", FRESH2, "classification", _bars, "cnn", "cross_entropy", {"channels": (4, 8)}, image=True),
    Task(
        "hastie tanh mlp",
        FRESH2,
        "classification",
        _hastie,
        "mlp",
        "cross_entropy",
        {"hidden": (64, 64), "activation": "tanh"},
    ),
    Task(
        "sparse raw gelu mlp",
        FRESH2,
        "regression",
        _sparse_raw,
        "mlp",
        "mse",
        {"hidden": (32,), "activation": "gelu"},
        badly_scaled=True,
    ),
    # fifth group (session 7), written after the session's rules were frozen
    Task("quantiles deep mlp", FRESH3, "classification", _quantiles, "mlp", "cross_entropy", {"hidden": (32, 32, 32)}),
    Task(
        "swiss roll sigmoid mlp",
        FRESH3,
        "regression",
        _swiss_roll,
        "mlp",
        "mse",
        {"hidden": (32,), "activation": "sigmoid"},
    ),
    Task(
        "classification raw logistic",
        FRESH3,
        "classification",
        _classification_raw,
        "logistic",
        "bce",
        badly_scaled=True,
    ),
    Task("lowrank linear", FRESH3, "regression", _low_rank, "linear", "mse"),
    Task("spots cnn", FRESH3, "classification", _spots, "cnn", "cross_entropy", {"channels": (8, 8)}, image=True),
    # sessions 9-14, listed with their data
    *(
        Task(*spec)
        for spec in (
            *s9.TASKS,
            *s10.TASKS,
            *s11.TASKS,
            *s13.TASKS,
            *s13b.TASKS,
            *s13c.TASKS,
            *s14.TASKS,
            *s14b.TASKS,
            *s14c.TASKS,
            *s14d.TASKS,
            *s14e.TASKS,
            *s14f.TASKS,
            *s15.TASKS,
            *s16.TASKS,
            *s16b.TASKS,
            *s17.TASKS,
            *s17b.TASKS,
            *s17c.TASKS,
            *s17d.TASKS,
            *s17e.TASKS,
            *s18.TASKS,
            *s18b.TASKS,
            *s18c.TASKS,
            *s19.TASKS,
            *s19b.TASKS,
            *s19c.TASKS,
            *s19d.TASKS,
            *s19e.TASKS,
            *s19f.TASKS,
            *s20a.TASKS,
            *s20b.TASKS,
            *s20c.TASKS,
            *s21a.TASKS,
            *s21b.TASKS,
            *s22a.TASKS,
            *s22b.TASKS,
            *s23a.TASKS,
            *s23b.TASKS,
            *s23c.TASKS,
            *s23d.TASKS,
            *s24a.TASKS,
            *s24f.TASKS,
            *s24g.TASKS,
            *s24h.TASKS,
            *s24i.TASKS,
            *s24j.TASKS,
            *s24k.TASKS,
            *s25a.TASKS,
            *s25b.TASKS,
            *s25c.TASKS,
            *s26a.TASKS,
            *s27a.TASKS,
            *s27b.TASKS,
            *s33a.TASKS,
            *s33b.TASKS,
            *s33c.TASKS,
        )
    ),
)


def task(name: str) -> Task:
    return next(t for t in TASKS if t.name == name)
