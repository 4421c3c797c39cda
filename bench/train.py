"""Section ``train``: ``descend.train`` and ``descend.GDClassifier`` against what a user would
otherwise write or use.

a. Overhead of ``descend.training.train`` over a hand-written PyTorch loop doing the same
   mini-batch steps (same model, same initial weights, same optimizer class, same number
   and size of batches), on data already in memory as tensors, so loading is excluded from
   both: (i) the default MLP on the digits training split, (ii) logistic regression on
   500k x 100 synthetic rows. Each contender is timed whole: ``train()`` including its set-up
   (data checks, model, optimizer) and per-epoch work, the hand loop including building its
   model. Target: <= 1.05x.
b. Time to reach a held-out log-loss within 1% of the optimum: ``descend.GDClassifier``
   against scikit-learn's ``SGDClassifier(loss="log_loss")`` and
   ``LogisticRegression(solver="lbfgs")`` on the same synthetic data, 20% held out. Target:
   GDClassifier faster than SGDClassifier (train_estimators.py).
c. Peak RSS of training the digits MLP, descend vs the hand loop, each in a fresh process
   (train_memory.py).
d. The cost of what ``train`` measures by default, each alone over neither, on the digits
   MLP and CNN: the instruments at their default sampling (target: <= 1.05x) and the
   per-example record, ``track_examples`` (information). 4a turns both off, as the hand loop
   measures neither. The verdict is on wall time; the table also gives the ratio of the
   process's CPU time (information).

With ``--device cuda`` a and d run on the GPU (data, models and both contenders there); b and c
are CPU-only and skipped.

The cases (data, the hand loops) are in _train_cases.py.
"""

from __future__ import annotations

import functools
import math
import statistics
from pathlib import Path

import torch

from _train_cases import (
    MLP_BATCH,
    MLP_EPOCHS,
    MLP_LR,
    Case,
    cases,
    digits,
    train_4d,
)
from train_estimators import bench_estimators
from train_memory import bench_peak_rss

from _timing import (
    check,
    cpu_ratio,
    fmt_min_ratio,
    fmt_ratio,
    fmt_spread,
    paired_ratio,
    print_table,
    rounds_done,
    short_error,
    summary,
    time_interleaved,
    verdict,
)

HERE = Path(__file__).resolve().parent

TARGET_OVERHEAD = 1.05  # descend.train / hand-written loop


def bench_train(args) -> dict:
    n_threads, n_interop = torch.get_num_threads(), torch.get_num_interop_threads()
    print(
        f"\n=== 4. train: descend.train vs hand-written loops, GDClassifier vs scikit-learn, "
        f"peak RSS ===\ntorch threads {n_threads} (interop {n_interop}), torch's default, "
        f"left as is; {args.repeats_train} interleaved repeats per comparison "
        f"({3 * args.repeats_train} for the digits MLP); GC on while timing"
    )
    out: dict = {"torch_threads": n_threads, "torch_interop_threads": n_interop, "repeats": args.repeats_train}
    for key, part in (
        ("overhead", bench_overhead),
        ("instruments", bench_instruments),
        ("estimators", bench_estimators),
        ("memory", bench_peak_rss),
    ):
        if args.device != "cpu" and key in ("estimators", "memory"):
            print(
                f"\n--- 4{'b' if key == 'estimators' else 'c'}. {key}: on the CPU only; skipped with --device {args.device}"
            )
            continue
        try:
            out[key] = part(args)
        except Exception as err:  # one broken part must not hide the others
            print(f"  {key}: ERROR {short_error(err)}")
            out[key] = {"error": short_error(err)}
    return out


# --- a. descend.train vs a hand-written loop ---------------------------------------------------


def _overhead_case(case: Case, repeats: int, wall: float, device: str) -> dict:
    X, y = (t.to(device) for t in case.data())
    last: dict = {}
    epoch_seconds: list[float] = []

    # Both end with a loss's .item() (the GPU's queue drained), so no synchronisation is added.
    def descend_run():
        last["history"] = case.run_descend(X, y)
        epoch_seconds.append(sum(last["history"].epochs["seconds"]))

    def hand_run():
        last["hand"] = case.run_hand(X, y)

    contenders = {"descend.train": descend_run, "hand loop": hand_run}
    for fn in contenders.values():  # warm-up: lazy imports, thread pools, allocator
        fn()
    epoch_seconds.clear()
    samples = time_interleaved(contenders, repeats, gc_off=False, max_seconds=wall)
    rounds = rounds_done(samples, repeats, wall)
    ratio = paired_ratio(samples["descend.train"], samples["hand loop"])
    ok, near = check(ratio, TARGET_OVERHEAD)
    hist, hand = last["history"], last["hand"]
    per_epoch = math.ceil(len(X) / case.batch_size)
    return {
        "label": case.label,
        "what": case.describe,
        "rows": len(X),
        "rounds": rounds,
        "steps": {"descend": len(hist.steps.get("loss", [])), "hand": len(hand)},
        "samples_s": samples,
        "descend_epoch_seconds_s": epoch_seconds,
        "descend": summary(samples["descend.train"]),
        "hand": summary(samples["hand loop"]),
        "descend_epoch_seconds": summary(epoch_seconds),
        "ratio": ratio,
        "ratio_step_loop": paired_ratio(epoch_seconds, samples["hand loop"]),
        "target": TARGET_OVERHEAD,
        "pass": ok,
        "near": near,
        "last_epoch_loss": {
            "descend": hist.loss[-1] if hist.loss else math.nan,
            "hand": statistics.fmean(hand[-per_epoch:]),
        },
    }


def bench_overhead(args) -> dict:
    repeats = args.repeats_train
    print(
        f"\n--- 4a. descend.train / hand-written loop, same mini-batch steps, data already "
        f"in memory (target <= {TARGET_OVERHEAD}x) ---"
    )
    todo = cases(args.rows)
    wall = args.budget / 3
    out = {
        "mlp": _overhead_case(todo["mlp"], 3 * repeats, wall, args.device),
        "logistic": _overhead_case(todo["logistic"], repeats, wall, args.device),
    }
    for tag, key in (("(i) ", "mlp"), ("(ii)", "logistic")):
        print(f"{tag} {todo[key].describe}")
    print(
        f"both: train(..., tol=None, progress=False, device={args.device!r}) vs a hand loop with "
        "descend.optim, randperm batches, loss.item() per step"
    )
    cases_done = list(out.values())
    rows = []
    for c in cases_done:
        rows.append(
            [
                c["label"],
                f"{c['steps']['descend']}/{c['steps']['hand']}",
                fmt_spread(c["descend"], 1e3, 0),
                fmt_spread(c["hand"], 1e3, 0),
                fmt_spread(c["descend_epoch_seconds"], 1e3, 0),
                f"{c['last_epoch_loss']['descend']:.4f}/{c['last_epoch_loss']['hand']:.4f}",
            ]
        )
    print_table(
        ["case", "steps ds/hand", "train() ms", "hand loop ms", "train step loop ms (info)", "last-epoch loss ds/hand"],
        rows,
    )
    print(
        "times: median (min-max); 'train step loop' = the sum of history.epochs['seconds']: "
        "train()'s own per-epoch timer, the step loop only"
    )
    rows = []
    for c in cases_done:
        rows.append(
            [
                c["label"],
                fmt_ratio(c["ratio"]),
                fmt_min_ratio(c["ratio"]),
                fmt_ratio(c["ratio_step_loop"]),
                f"<= {TARGET_OVERHEAD}",
                verdict(c["pass"], c["near"]),
            ]
        )
    print_table(["case", "train()/hand [IQR]", "min/min", "step loop/hand (info)", "target", "verdict"], rows)
    print("MISS* = missed, but the per-round IQR reaches the target (within this run's noise)")
    return out


# --- d. the cost of what train measures by default: the instruments, the per-example record ---


def bench_instruments(args) -> dict:
    """``descend.train`` with one measuring feature on / with none, on the digits MLP and CNN
    with 4a's settings (adam, batch 32, 20 epochs), interleaved; the median of the paired
    ratios: ``instruments=True`` against TARGET_OVERHEAD (issue 14), ``track_examples=True``
    (on by default up to 50,000 examples) for information."""
    print(
        f"\n--- 4d. cost of what descend.train measures by default, each alone against neither: the "
        f"instruments at their default sampling and the per-example record (track_examples), digits, "
        f"adam lr={MLP_LR}, batch {MLP_BATCH}, {MLP_EPOCHS} epochs (instruments: target <= {TARGET_OVERHEAD}x) ---"
    )
    X, y = (t.to(args.device) for t in digits())
    wall = args.budget / 3
    out, rows = {}, []
    for feature in ("instruments", "track_examples"):
        for model in ("mlp", "cnn"):
            last: dict = {}

            def run(on: bool, model=model, last=last, feature=feature):
                last[on] = train_4d(
                    model, (X, y), args.device, **{"instruments": False, "track_examples": False, feature: on}
                )

            contenders = {"on": functools.partial(run, True), "off": functools.partial(run, False)}
            for fn in contenders.values():  # warm-up
                fn()
            repeats = 3 * args.repeats_train if model == "mlp" else args.repeats_train
            samples = time_interleaved(contenders, repeats, gc_off=False, max_seconds=wall / 2)
            ratio = paired_ratio(samples["on"], samples["off"])
            ratio_cpu = cpu_ratio(samples, "on", "off")
            target = TARGET_OVERHEAD if feature == "instruments" else None
            ok, near = check(ratio, target) if target is not None else (None, None)
            if feature == "instruments":
                what = f"{len(last[True].instruments)} readings / {len(last[True].steps['loss'])} steps"
            else:
                what = f"{last[True].examples.n} examples x {len(last[True].examples.epochs)} epochs"
            key = model if feature == "instruments" else f"{model}_track_examples"
            out[key] = {
                "feature": feature,
                "samples_s": samples,
                "cpu_samples_s": samples.cpu,
                "on": summary(samples["on"]),
                "off": summary(samples["off"]),
                "ratio": ratio,
                "cpu_ratio": ratio_cpu,
                "measured": what,
                "rounds": rounds_done(samples, repeats, wall / 2),
                "target": target,
                "pass": ok,
                "near": near,
            }
            rows.append(
                [
                    f"digits {model}",
                    feature,
                    what,
                    fmt_spread(out[key]["on"], 1e3, 0),
                    fmt_spread(out[key]["off"], 1e3, 0),
                    fmt_ratio(ratio),
                    fmt_ratio(ratio_cpu),
                    f"<= {target}" if target is not None else "(info)",
                    verdict(ok, near) if target is not None else "-",
                ]
            )
    print_table(
        ["case", "feature", "measured", "on ms", "off ms", "on/off [IQR]", "CPU time [IQR]", "target", "verdict"], rows
    )
    print(
        "verdict on wall time; 'CPU time' = the same ratio of the process's CPU seconds per run "
        "(time.process_time(), every thread's), which time spent waiting for a CPU does not enter (info)"
    )
    return out
