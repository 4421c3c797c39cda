"""Section ``batch_size``: what ``batch_size="auto"`` picks, and how fast it reaches a target
loss against the batch sizes a user would pick, 32 and the full batch.

For each task (digits MLP and CNN, three tabular tasks) three contenders train the same model
from the same initial weights on the same number of examples (``EPOCHS`` passes over the
training split), each at the task's reference rate (taken as the rate for batch 32) scaled to
its batch the way ``batch_size="auto"`` scales it (linearly for SGD and momentum, by the
square root for Adam; ``descend.instruments.batch_size``):

- ``auto``: ``train(batch_size="auto", lr=REFERENCE)``: the batch and rate from the gradient
  noise scale B_simple read on 512 training examples over a warm-up of 5% of the run at batch
  32 and extrapolated along its growth (``descend.instruments.batch_size``); its set-up time
  (the warm-up and readings) counts in its seconds;
- ``32``: ``train(batch_size=32, lr=REFERENCE)``;
- ``full``: ``train(batch_size=None, lr=...)``, the rate scaled to the training-set size by
  ``scaled_lr(..., noise_scale=B_noise)`` with the B_noise ``auto`` measured (for SGD and
  momentum McCandlish's factor, which saturates above B_noise, as ``auto``'s rate does; the
  linear rule would multiply the rate by n/32).

The targets are a validation loss within 5% and within 25% of the best validation loss any
contender reached (read after every epoch). Time to target is counted in optimizer steps and in seconds (the
run's set-up, ``auto``'s measurement included, plus its epochs up to the first that reaches
the target), medians over ``REPEATS`` repeats (the steps do not vary: the seed is fixed); a
contender that never reaches it counts as not reached ("-"). Ratios are auto / the other:
below 1 means auto is faster. No target is enforced (information).
"""

from __future__ import annotations

import math
import statistics
import time
import warnings

import torch

import descend as ds
from descend.instruments import lr_scaling, scaled_lr
from descend.training import prepare

from _timing import print_table, short_error

# "Reached": a validation loss <= REACH x the best any contender reached (tight and loose).
REACH = (1.05, 1.25)
KEYS = ("auto", "32", "full")
REPEATS = 3  # timed repeats per contender (--quick: 1)
# (name, model, data, optimizer, reference lr for batch 32, epochs, epochs with --quick)
TASKS = [
    ("digits-mlp", "mlp", "digits", "adam", 1e-3, 20, 8),
    ("digits-cnn", "cnn", "digits", "adam", 1e-3, 6, 3),
    ("breast_cancer-logistic", "logistic", "breast_cancer", "sgd", 0.05, 40, 15),
    ("diabetes-linear", "linear", "diabetes", "sgd", 0.01, 40, 15),
    ("wine-mlp", "mlp", "wine", "momentum", 0.01, 40, 15),
]


def bench_batch_size(args) -> dict:
    quick = bool(getattr(args, "quick", False))
    repeats = 1 if quick else REPEATS
    print(
        f"\n=== 8. batch_size: batch_size='auto' vs 32 vs full batch, rate scaled from the rate for batch 32; "
        f"steps and seconds to a validation loss within {' and '.join(f'{r:g}x' for r in REACH)} of the best "
        f"(medians of {repeats}) ==="
    )
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small problems: one thread is faster and steadier
    results = []
    try:
        for task in TASKS:
            try:
                results.append(_one_task(task, repeats, quick))
            except Exception as err:  # one broken task must not hide the others
                print(f"  {task[0]}: ERROR {short_error(err)}")
                results.append({"task": task[0], "error": short_error(err)})
    finally:
        torch.set_num_threads(threads)
    rows = []
    for r in results:
        if "error" not in r:
            c = r["contenders"]
            rows.append(
                [
                    r["task"],
                    f"{r['picked']} (B_simple {r['b_simple']:.3g})",
                    " / ".join(f"{c[k]['lr']:.3g}" for k in KEYS),
                    " / ".join(f"{c[k]['best_val_loss']:.4g}" for k in KEYS),
                ]
            )
    print_table(["task", "auto picks", "lr auto/32/full", "best val loss auto/32/full"], rows)
    for reach in REACH:
        rows = []
        for r in results:
            if "error" in r:
                rows.append([r["task"], "ERROR", *[""] * 6])
                continue
            a, b, f = (r["contenders"][k]["to_target"][str(reach)] for k in KEYS)
            rows.append(
                [
                    r["task"],
                    f"{r['targets'][str(reach)]:.4g}",
                    f"{_steps(a)} / {_steps(b)} / {_steps(f)}",
                    f"{_seconds(a)} / {_seconds(b)} / {_seconds(f)}",
                    _ratio(a["steps"], b["steps"]),
                    _ratio(a["steps"], f["steps"]),
                    _ratio(a["seconds"], b["seconds"]),
                    _ratio(a["seconds"], f["seconds"]),
                ]
            )
        print(f"\n  to a validation loss within {reach:g}x of the best any contender reached")
        print_table(
            [
                "task",
                "target",
                "steps auto/32/full",
                "seconds auto/32/full",
                "steps a/32",
                "steps a/full",
                "s a/32",
                "s a/full",
            ],
            rows,
        )
    print('  "-": not reached within the epochs; ">": only the other contender reached it; "<": only auto did')
    return {"reach": list(REACH), "repeats": repeats, "tasks": results}


def _one_task(task, repeats: int, quick: bool) -> dict:
    name, model, data, optimizer, lr, epochs, quick_epochs = task
    epochs = quick_epochs if quick else epochs
    common = {
        "optimizer": optimizer,
        "epochs": epochs,
        "tol": None,
        "patience": epochs + 1,  # no early stop: every contender sees the same examples
        "progress": False,
        "device": "cpu",
        "seed": 0,
    }
    n_train = prepare(data, seed=0).train.n
    settings = {"auto": {"batch_size": "auto", "lr": lr}, "32": {"batch_size": 32, "lr": lr}}
    runs: dict[str, list] = {key: [] for key in KEYS}
    for _ in range(repeats):
        for key in KEYS:  # auto first: the full batch's rate is scaled with the B_noise it measured
            if key == "full":
                b_noise = runs["auto"][0][0].batch_choice["b_simple"]
                rate = scaled_lr(lr, n_train, lr_scaling(optimizer), noise_scale=b_noise)
                settings["full"] = {"batch_size": None, "lr": rate}
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                history = ds.train(model, data, **settings[key], **common)
            runs[key].append((history, time.perf_counter() - start))
    best = min(min(h.val_loss) for rs in runs.values() for h, _ in rs if h.val_loss)
    targets = {str(reach): reach * best for reach in REACH}
    chosen = runs["auto"][0][0].batch_choice
    contenders = {}
    for key, rs in runs.items():
        first = rs[0][0]
        contenders[key] = {
            "batch_size": first.batch_choice["batch_size"],
            "lr": first.steps["lr"][0][0],
            "best_val_loss": min(first.val_loss),
            "final_val_loss": first.val_loss[-1],
            "to_target": {reach: _to_target(rs, target) for reach, target in targets.items()},
        }
    return {
        "task": name,
        "picked": chosen["batch_size"],
        "b_simple": chosen["b_simple"],
        "epochs": epochs,
        "n_train": n_train,
        "targets": targets,
        "contenders": contenders,
    }


def _to_target(runs, target: float) -> dict:
    """Steps and seconds to the first epoch whose validation loss is within the target."""
    steps, seconds = [], []
    for history, wall in runs:
        epoch_seconds = history.epochs["seconds"]
        setup = wall - sum(epoch_seconds)
        reached = next((e for e, v in enumerate(history.val_loss) if v <= target), None)
        if reached is None:
            steps.append(math.inf)
            seconds.append(math.inf)
            continue
        last = history.epochs["epoch"][reached]
        steps.append(sum(1 for e in history.steps["epoch"] if e <= last))
        seconds.append(setup + sum(epoch_seconds[: reached + 1]))
    return {"steps": statistics.median(steps), "seconds": statistics.median(seconds), "seconds_samples": seconds}


def _steps(c: dict) -> str:
    return "-" if math.isinf(c["steps"]) else f"{c['steps']:.0f}"


def _seconds(c: dict) -> str:
    return "-" if math.isinf(c["seconds"]) else f"{c['seconds']:.2f}"


def _ratio(a: float, b: float) -> str:
    if math.isinf(a):
        return "-" if math.isinf(b) else ">"
    return "<" if math.isinf(b) else f"{a / b:.2f}x"
