"""The labelled corpus of section ``doctor``: the small tasks of ``_doctor_tasks.py`` x 4
optimizers (or the task's own ``optimizers``: full-batch momentum and Adam, session 24) x the 13 grid rates of ``lr_quality``, trained as a user would (``descend.train``
with its default stopping rules), with the final loss and the record each run leaves, cached in
``bench/results/doctor_corpus.pt``. Only the groups asked for are trained: a corpus cached
without a group's tasks gets them trained and added (:func:`load`), the other runs kept.

The environment variable ``DESCEND_DOCTOR_CORPUS``, when set (and not empty), names another
cache file, read when the module is imported: a cache kept outside the working tree (say
``DESCEND_DOCTOR_CORPUS=/work/cache/doctor_corpus.pt``) outlives the tree, and the corpus takes
about an hour to train.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import time
import warnings
from pathlib import Path
from typing import Any

import torch

import descend as ds
from _doctor_tasks import TASKS, Task, task
from descend.training import History
from descend.training.losses import get as get_loss
from lr_quality import GRID

from _timing import short_error

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / "results" / "doctor_corpus.pt"
CACHE_ENV = "DESCEND_DOCTOR_CORPUS"  # overrides DEFAULT_CACHE (see the module docstring)


def cache_path() -> Path:
    """Where the corpus is cached: ``$DESCEND_DOCTOR_CORPUS`` if set and not empty, else
    ``bench/results/doctor_corpus.pt``."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE).expanduser()


CACHE = cache_path()
SRC = HERE.parent / "src" / "descend"
# What the corpus runs depend on: the training code (not the doctor, which evaluate re-runs).
TRAINING_CODE = ("train.py", "training", "optim", "schedules", "instruments")
STEPS = 200  # optimizer updates a run is planned for (the default stopping rules may end it sooner)
BATCH = 32  # mini-batch size of sgd, momentum and adam; gd is full-batch
OPTIMIZERS = ("sgd", "momentum", "adam", "gd")
# Full-batch runs of rules that keep a momentum (session 24): a task naming them in its
# ``optimizers`` trains each grid with the rule's default settings on the whole training set.
FULL_BATCH = {"momentum_full": "momentum", "adam_full": "adam", "momentum99_full": "momentum"}
# The hyper-parameters a full-batch rule of :data:`FULL_BATCH` sets beside its rule's defaults:
# ``momentum99_full`` is heavy ball at β = 0.99 (session 24's fresh48), whose swings take about a
# hundred times longer to die out than its rate's steps.
FULL_BATCH_HYPER = {"momentum99_full": {"momentum": 0.99}}


def optimizers_of(t: Task) -> tuple[str, ...]:
    """The optimizers ``t``'s grids are trained with: its own where it names them, else
    :data:`OPTIMIZERS`."""
    return t.optimizers or OPTIMIZERS


def steps_of(t: Task) -> int:
    """The updates ``t``'s runs are planned for: its own ``steps`` where it names them (session
    33's fresh59: short Adam runs), else :data:`STEPS`."""
    return t.steps or STEPS


def train_kwargs(t: Task, optimizer: str, lr: float) -> dict[str, Any]:
    """The settings of one run: about :func:`steps_of` updates (``STEPS``, or the task's own),
    mini-batches of ``BATCH`` (full batches for ``gd`` and the rules of :data:`FULL_BATCH`),
    default stopping rules. The batch is always passed, ``None`` for a full batch, so that the
    runs do not depend on ``train``'s default ``batch_size``."""
    n = len(t.data()[0])
    batch = None if optimizer == "gd" or optimizer in FULL_BATCH else BATCH
    per_epoch = 1 if batch is None else math.ceil(n / batch)
    return {
        "loss": t.loss,
        "optimizer": FULL_BATCH.get(optimizer, optimizer),
        "lr": lr,
        "batch_size": batch,
        "epochs": max(1, round(steps_of(t) / per_epoch)),
        "model_options": dict(t.model_options),
    } | FULL_BATCH_HYPER.get(optimizer, {})


def instruments_available() -> bool:
    """Whether ``descend.train`` takes ``instruments=`` (the corpus then records them)."""
    return "instruments" in inspect.signature(ds.train).parameters


STANDARDIZE = "standardize"  # a change's key: train on the features standardised (session 23)


def standardised_features(X: torch.Tensor) -> torch.Tensor:
    """``X`` with each feature (each column, each pixel of an image) shifted to mean 0 and scaled
    to standard deviation 1 over the rows; a constant feature is only shifted. The targets are
    left as they are, so a run on these features has its loss on the same scale as the run on
    ``X``.

    >>> standardised_features(torch.tensor([[1000.0, 5.0], [3000.0, 5.0]])).tolist()
    [[-0.7071067690849304, 0.0], [0.7071067690849304, 0.0]]
    """
    sd = X.std(0)
    return (X - X.mean(0)) / torch.where(sd > 0, sd, torch.ones_like(sd))


def run(t: Task, optimizer: str, lr: float, change: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train one run (with ``change`` applied to its settings) and measure its final loss: the
    loss over the whole training set after training, the model in evaluation mode; ``inf``
    for a run that diverged or ended non-finite. A change ``{"standardize": True}`` (the
    doctor's ``unscaled_inputs`` advice) is applied by the bench itself, whatever ``train``
    takes: the run trains on :func:`standardised_features` and its final loss is measured on
    them, the targets unchanged (the same loss scale as the run without it)."""
    X, y = t.data()
    settings = train_kwargs(t, optimizer, lr) | dict(change or {})
    if settings.pop(STANDARDIZE, False):
        X = standardised_features(X)
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


def constant_loss(t: Task) -> float:
    """The loss of the best constant prediction on ``t``'s data (the class frequencies' logits,
    the mean, the median: a bias fitted alone by L-BFGS, the task's loss being convex in it),
    the level below which a model has learned something from its inputs.

    >>> from _doctor_tasks import task
    >>> round(constant_loss(task("diabetes linear")), 3)  # the variance of the standardised target
    1.0
    """
    X, y = t.data()
    loss = get_loss(t.loss)
    width = int(y.max()) + 1 if t.loss == "cross_entropy" else 1
    bias = torch.zeros(width, dtype=torch.float64, requires_grad=True)
    target = y if t.loss == "cross_entropy" else y.double()
    out = lambda: bias.expand(len(y), width) if width > 1 else bias.expand(len(y))  # noqa: E731
    solver = torch.optim.LBFGS([bias], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        solver.zero_grad()
        value = loss(out(), target)
        value.backward()
        return value

    solver.step(closure)
    with torch.no_grad():
        return float(loss(out(), target))


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


def _task_key(t: Task) -> list[str]:
    own = [list(t.optimizers)] if t.optimizers else []  # the keys of tasks cached before session 24 unchanged
    own += [{"steps": t.steps}] if t.steps is not None else []  # nor those of tasks cached before session 33
    return [t.name, t.half, t.model, t.loss, json.dumps(t.model_options, default=str), *own]


def settings_key(tasks: tuple[Task, ...] = TASKS) -> dict[str, Any]:
    """What the corpus is built from: ``tasks`` (those trained) and the settings of every run
    (a cache with other settings is rebuilt)."""
    return {
        "tasks": [_task_key(t) for t in tasks],
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
            for optimizer in optimizers_of(t):
                for lr in GRID:
                    out = run(t, optimizer, lr)
                    records.append({"task": t.name, "half": t.half, "optimizer": optimizer, "lr": lr, **out})
                    if "error" in out and verbose:
                        print(f"  {t.name} {optimizer} lr={lr:.3g}: ERROR {out['error']}")
            if verbose:
                print(
                    f"  built {t.name}: {len(optimizers_of(t)) * len(GRID)} runs in {time.perf_counter() - t_task:.1f} s"
                )
    finally:
        torch.set_num_threads(threads)
    return {
        "key": settings_key(tasks),
        "code": code_hash(),
        "built": time.strftime("%Y-%m-%d %H:%M:%S"),
        "build_seconds": time.perf_counter() - t0,
        "records": records,
        "reruns": {},
    }


def load(rebuild: bool = False, verbose: bool = True, groups: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The cached corpus with every run of the tasks of ``groups`` (all groups: ``None``): the
    tasks missing from the cache, or changed since it was trained, are trained and added (and
    saved), the others' runs kept; the whole cache is rebuilt when the runs' settings changed or
    on ``rebuild``. A change of the training code since it was built is only reported."""
    wanted = tuple(t for t in TASKS if groups is None or t.half in groups)
    corpus = None
    if CACHE.is_file() and not rebuild:
        # Our own cache, holding History fields (Diagnosis objects): not a weights-only file.
        corpus = torch.load(CACHE, weights_only=False)
        if _same_runs(corpus.get("key") or {}, settings_key()):
            corpus = _current_tasks_only(corpus)
        else:
            if verbose:
                print("  doctor corpus: settings changed since it was built; rebuilding")
            corpus = None
    if corpus is None:
        if verbose:
            print(f"  building the doctor corpus ({_runs(wanted)} runs, some minutes a task)")
        corpus = build(verbose, wanted)
        save(corpus)
        return corpus
    have = {name for name, *_ in corpus["key"]["tasks"]}
    new = tuple(t for t in wanted if t.name not in have)
    if new:
        corpus = _with_added_tasks(corpus, new, verbose)
    elif verbose and corpus["code"] != code_hash():
        print("  note: the training code changed since the corpus was built; --rebuild to rebuild it")
    return corpus


def _runs(tasks: tuple[Task, ...]) -> int:
    return sum(len(optimizers_of(t)) for t in tasks) * len(GRID)


def _same_runs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether keys ``old`` and ``new`` train each run alike (the tasks aside)."""
    rest = lambda key: {k: v for k, v in key.items() if k != "tasks"}  # noqa: E731
    return rest(old) == rest(new)


def _current_tasks_only(corpus: dict[str, Any]) -> dict[str, Any]:
    """``corpus`` without the runs (and advice reruns) of tasks no longer defined as they were
    trained (a task changed or removed since)."""
    current = [_task_key(t) for t in TASKS]
    kept = [k for k in corpus["key"]["tasks"] if k in current]
    if len(kept) == len(corpus["key"]["tasks"]):
        return corpus
    names = {name for name, *_ in kept}
    corpus["key"] = {**corpus["key"], "tasks": kept}
    corpus["records"] = [r for r in corpus["records"] if r["task"] in names]
    corpus["reruns"] = {k: v for k, v in corpus["reruns"].items() if json.loads(k)[0] in names}
    return corpus


def _with_added_tasks(corpus: dict[str, Any], new: tuple[Task, ...], verbose: bool) -> dict[str, Any]:
    """The cached corpus with the runs of tasks ``new`` trained and appended (saved; ``added``
    says which and when)."""
    if verbose:
        print(f"  doctor corpus: training the {_runs(new)} runs of tasks not cached")
    part = build(verbose, new)
    corpus["records"] += part["records"]
    corpus["added"] = corpus.get("added", []) + [
        {"tasks": [t.name for t in new], "built": part["built"], "code": part["code"], "seconds": part["build_seconds"]}
    ]
    corpus["key"] = {**corpus["key"], "tasks": corpus["key"]["tasks"] + part["key"]["tasks"]}
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
