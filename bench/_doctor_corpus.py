"""The labelled corpus of section ``doctor``: 16 small tasks x 4 optimizers x the 13 grid rates
of ``lr_quality``, trained as a user would (``descend.train`` with its default stopping
rules), with the final loss and the record each run leaves, cached in
``bench/results/doctor_corpus.pt``.

The tasks are split into two halves by task, fixed here before any result was seen: every
optimizer of a task is in the same half, and each half mixes classification and regression,
tabular and image data, and has one task with badly scaled (unstandardised) features. A third
group, ``fresh`` (added in session 5, built the same way), holds tasks nobody had looked at
when the doctor's rules of that session were frozen: the held-out half had been evaluated more
than once by then, so the fresh group is the clean estimate, reported on its own. A fourth,
``fresh2`` (session 6), holds tasks nobody had looked at when that session's rules were frozen
(session 5's fresh group had been looked at by then); a corpus cached without a group's tasks
gets them trained and added (:func:`load`), the other runs kept.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sklearn.datasets
import torch

import descend as ds
from descend.training import History, prepare
from descend.training.losses import get as get_loss
from lr_quality import GRID

from _timing import short_error

HERE = Path(__file__).resolve().parent
CACHE = HERE / "results" / "doctor_corpus.pt"
SRC = HERE.parent / "src" / "descend"
# What the corpus runs depend on: the training code (not the doctor, which evaluate re-runs).
TRAINING_CODE = ("train.py", "training", "optim", "schedules", "instruments")
TUNE, HELD_OUT, FRESH, FRESH2 = "tune", "held_out", "fresh", "fresh2"
HALVES = (TUNE, HELD_OUT)
GROUPS = (*HALVES, FRESH, FRESH2)  # every group the corpus reports on, each on its own
STEPS = 200  # optimizer updates a run is planned for (the default stopping rules may end it sooner)
BATCH = 32  # mini-batch size of sgd, momentum and adam; gd is full-batch
OPTIMIZERS = ("sgd", "momentum", "adam", "gd")


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
def _sparse_raw() -> tuple[torch.Tensor, torch.Tensor]:
    """``make_sparse_uncorrelated``: 400 x 10 normal features, a linear target of the first 4
    plus noise, its columns then multiplied by ``10**linspace(-1, 1.5, 10)`` (unstandardised);
    target standardised."""
    X, y = sklearn.datasets.make_sparse_uncorrelated(n_samples=400, n_features=10, random_state=6)
    X = X * 10 ** np.linspace(-1.0, 1.5, 10)
    return torch.as_tensor(X, dtype=torch.float32), _standardised(y)


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
)


def task(name: str) -> Task:
    return next(t for t in TASKS if t.name == name)


def train_kwargs(t: Task, optimizer: str, lr: float) -> dict[str, Any]:
    """The settings of one run: about ``STEPS`` updates, mini-batches of ``BATCH`` (full
    batches for ``gd``), default stopping rules."""
    n = len(t.data()[0])
    batch = None if optimizer == "gd" else BATCH
    per_epoch = 1 if batch is None else math.ceil(n / batch)
    return {
        "loss": t.loss,
        "optimizer": optimizer,
        "lr": lr,
        "batch_size": batch,
        "epochs": max(1, round(STEPS / per_epoch)),
        "model_options": dict(t.model_options),
    }


def instruments_available() -> bool:
    """Whether ``descend.train`` takes ``instruments=`` (the corpus then records them)."""
    return "instruments" in inspect.signature(ds.train).parameters


def run(t: Task, optimizer: str, lr: float, change: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train one run (with ``change`` applied to its settings) and measure its final loss: the
    loss over the whole training set after training, the model in evaluation mode; ``inf``
    for a run that diverged or ended non-finite."""
    X, y = t.data()
    settings = train_kwargs(t, optimizer, lr) | dict(change or {})
    if instruments_available():
        settings.setdefault("instruments", True)
    t0 = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            h = ds.train(t.model, (X, y), progress=False, device="cpu", seed=0, **settings)
    except Exception as err:  # a change train refuses, say: recorded, not fatal
        return {"final": math.inf, "error": short_error(err), "seconds": time.perf_counter() - t0}
    seconds = time.perf_counter() - t0
    final = math.inf
    if h.non_finite_step is None and h.model is not None:
        h.model.eval()
        with torch.no_grad():
            value = float(get_loss(t.loss)(h.model(X), y))
        final = value if math.isfinite(value) else math.inf
    record = {k: v for k, v in vars(h).items() if k not in ("model", "lr_finder")}
    return {"final": final, "history": record, "seconds": seconds, "instruments": "instruments" in settings}


def history_of(record: dict[str, Any]) -> History:
    """The run's ``History`` (without its model), rebuilt from the cached fields onto a fresh
    one, so that fields added to ``History`` since the corpus was built keep their defaults."""
    h = History()
    for key, value in record["history"].items():
        setattr(h, key, value)
    return h


def code_hash() -> str:
    """A hash of the training code the corpus depends on (the doctor excluded)."""
    digest = hashlib.sha256()
    for part in TRAINING_CODE:
        path = SRC / part
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(str(file.relative_to(SRC)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def settings_key() -> dict[str, Any]:
    """What the corpus is built from: a cache with another key is rebuilt."""
    return {
        "tasks": [[t.name, t.half, t.model, t.loss, json.dumps(t.model_options, default=str)] for t in TASKS],
        "optimizers": list(OPTIMIZERS),
        "grid": [float(v) for v in GRID],
        "steps": STEPS,
        "batch": BATCH,
        "instruments": instruments_available(),
        "torch": torch.__version__,
    }


def build(verbose: bool = True, tasks: tuple[Task, ...] = TASKS) -> dict[str, Any]:
    """Train every (task, optimizer, lr) run of ``tasks``, single-threaded."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    records = []
    try:
        for t in tasks:
            t_task = time.perf_counter()
            for optimizer in OPTIMIZERS:
                for lr in GRID:
                    out = run(t, optimizer, lr)
                    records.append({"task": t.name, "half": t.half, "optimizer": optimizer, "lr": lr, **out})
                    if "error" in out and verbose:
                        print(f"  {t.name} {optimizer} lr={lr:.3g}: ERROR {out['error']}")
            if verbose:
                print(f"  built {t.name}: {len(OPTIMIZERS) * len(GRID)} runs in {time.perf_counter() - t_task:.1f} s")
    finally:
        torch.set_num_threads(threads)
    return {
        "key": settings_key(),
        "code": code_hash(),
        "built": time.strftime("%Y-%m-%d %H:%M:%S"),
        "build_seconds": time.perf_counter() - t0,
        "records": records,
        "reruns": {},
    }


def load(rebuild: bool = False, verbose: bool = True) -> dict[str, Any]:
    """The cached corpus, built (and saved) when missing, when its settings changed, or on
    ``rebuild``. A change of the training code since it was built is only reported."""
    corpus = None
    if CACHE.is_file() and not rebuild:
        # Our own cache, holding History fields (Diagnosis objects): not a weights-only file.
        corpus = torch.load(CACHE, weights_only=False)
        if _only_tasks_added(corpus.get("key") or {}, settings_key()):
            corpus = _with_added_tasks(corpus, verbose)
        if corpus.get("key") != settings_key():
            if verbose:
                print("  doctor corpus: settings changed since it was built; rebuilding")
            corpus = None
    if corpus is None:
        if verbose:
            print(f"  building the doctor corpus ({len(TASKS) * len(OPTIMIZERS) * len(GRID)} runs, a few minutes)")
        corpus = build(verbose)
        save(corpus)
    elif verbose and corpus["code"] != code_hash():
        print("  note: the training code changed since the corpus was built; --rebuild to rebuild it")
    return corpus


def _only_tasks_added(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether ``new`` differs from ``old`` only by tasks added (the old ones unchanged)."""
    rest = lambda key: {k: v for k, v in key.items() if k != "tasks"}  # noqa: E731
    old_tasks = old.get("tasks", [])
    return rest(old) == rest(new) and len(new["tasks"]) > len(old_tasks) and all(t in new["tasks"] for t in old_tasks)


def _with_added_tasks(corpus: dict[str, Any], verbose: bool) -> dict[str, Any]:
    """The cached corpus with the runs of the tasks added since it was built trained and
    appended (saved; ``added`` says which and when)."""
    have = {name for name, *_ in corpus["key"]["tasks"]}
    new = tuple(t for t in TASKS if t.name not in have)
    if verbose:
        print(f"  doctor corpus: training the {len(new) * len(OPTIMIZERS) * len(GRID)} runs of added tasks")
    part = build(verbose, new)
    corpus["records"] += part["records"]
    corpus["added"] = corpus.get("added", []) + [
        {"tasks": [t.name for t in new], "built": part["built"], "code": part["code"], "seconds": part["build_seconds"]}
    ]
    corpus["key"] = settings_key()
    save(corpus)
    return corpus


def save(corpus: dict[str, Any]) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    torch.save(corpus, CACHE)


def rerun_key(record: dict[str, Any], change: dict[str, Any]) -> str:
    return json.dumps([record["task"], record["optimizer"], record["lr"], change], sort_keys=True, default=str)


def run_missing(corpus: dict[str, Any], wanted: list[tuple[dict[str, Any], dict[str, Any]]]) -> int:
    """Train the advice reruns not yet cached ((record, change) pairs); returns how many ran."""
    todo = [(r, c) for r, c in wanted if rerun_key(r, c) not in corpus["reruns"]]
    if not todo:
        return 0
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for record, change in todo:
            out = run(task(record["task"]), record["optimizer"], record["lr"], change)
            corpus["reruns"][rerun_key(record, change)] = {k: v for k, v in out.items() if k != "history"}
    finally:
        torch.set_num_threads(threads)
    save(corpus)
    return len(todo)
