"""descend's performance bench: ratios against torch.optim, scikit-learn and hand-written
loops, measured side by side.

Run ``.venv/bin/python bench/run.py`` (``make bench``), or ``--quick`` for a smoke run.
Every number that matters is a *ratio* of two contenders timed in the same process, round
robin (every contender once per round, in a fresh random order each round), so load from
other processes hits them alike.
Medians are quoted with the spread of the samples; targets are printed as PASS/MISS but the
script never fails on them (exit status is 0 unless the bench itself crashes).

Sections (one module each, in this folder)
--------
1. ``step``     (optim_step.py) optimizer step time on 10 x 1M float32 parameters, every rule
                ``descend.optim`` exports, eager and ``fused=True``, against torch.optim
                ``foreach=True`` and ``fused=True``; effective memory bandwidth.
2. ``minimize`` (minimize.py) ``descend.minimize`` on 2-D Rosenbrock against a hand-written
                ``torch.optim.SGD`` loop, and a short run on a 100,000-coordinate quadratic.
3. ``memory``   (memory.py) bytes of optimizer state after one step, descend vs torch.optim.
4. ``train``    (train.py) ``descend.train`` against hand-written PyTorch loops (digits MLP,
                500k-row logistic regression), ``GDClassifier`` against scikit-learn's
                ``SGDClassifier`` and ``LogisticRegression`` (time to a held-out log-loss
                within 1% of the optimum), and peak RSS of training.
5. ``lr_quality`` (lr_quality.py) the final loss with ``lr="auto"`` against the best of 13
                fixed learning rates on 8 tasks (functions and models), and the same for the
                suggestion rules of fastai and PyTorch Lightning on descend's range test.
6. ``ddp``      (distributed.py) training throughput (samples/s) of ``strategy="ddp"`` with 1
                and 2 ``torchrun`` worker processes on this machine.
7. ``doctor``   (doctor.py) the convergence doctor's precision, recall, false alarms and applied
                advice on a labelled corpus of 520 runs (cached; a tuning and a held-out half).
8. ``batch_size`` (batch_size.py) what ``batch_size="auto"`` picks on 5 tasks, and its steps
                and seconds to a target validation loss against batch 32 and the full batch.
9. ``mgh``      (mgh.py) ``descend.minimize(method="lbfgs")`` against scipy's L-BFGS-B on 24
                Moré-Garbow-Hillstrom problems: solved, evaluations, time per iteration.
10. ``label_noise`` (label_noise.py) ``descend.find_label_issues`` (one tracked run) against
                cleanlab on 5-fold out-of-sample probabilities (5 runs) on 6 tasks with 5/10/20%
                of the labels flipped: precision/recall/F1, seconds, retrained accuracy; the AUM
                cut-off tuned on one half of the tasks, reported on the other.
11. ``watch``    (watch.py) the cost of ``descend.watch`` at its default sampling on a plain
                PyTorch loop (digits MLP and CNN, a breast_cancer MLP, an unseen attention
                block): watched / plain time, same weights checked.
12. ``tune``     (tune.py) ``descend tune`` (its defaults first, multivariate TPE, successive
                halving, the doctor's pruning and advice) against Optuna's
                TPE + median pruner and random search without pruning on 15 tasks in 5 groups, a
                fixed budget of training epochs each: best validation loss against each method's
                noise floor, and the compute to TPE's best.

``--device cuda`` runs sections ``step``, ``train`` (4a and 4d) and ``watch`` on the GPU, both
contenders alike (the GPU synchronised before a timed call ends); the other sections, and 4b
and 4c, run on the CPU only and are skipped there.

Shared pieces: ``_timing.py`` (interleaved timing, summaries, ratios, tables, machine info)
and ``_rules.py`` (the update rules, their torch peers and test parameters).
Results also go to ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from batch_size import bench_batch_size
from distributed import bench_distributed
from doctor import bench_doctor
from label_noise import bench_label_noise
from lr_quality import bench_lr_quality
from lr_suite import GROUPS as LR_GROUPS
from memory import bench_memory
from mgh import bench_mgh
from minimize import bench_minimize
from optim_step import bench_step
from train import bench_train
from tune import bench_tune
from watch import bench_watch

from _rules import descend_rules
from _timing import fmt_load, loadavg, machine_info

HERE = Path(__file__).resolve().parent
ON_DEVICE = ("step", "train", "watch")  # the sections that take --device cuda
RESULTS = HERE / "results" / "latest.json"

SECTIONS = {
    "step": bench_step,
    "minimize": bench_minimize,
    "memory": bench_memory,
    "train": bench_train,
    "lr_quality": bench_lr_quality,
    "ddp": bench_distributed,
    "doctor": bench_doctor,
    "batch_size": bench_batch_size,
    "mgh": bench_mgh,
    "label_noise": bench_label_noise,
    "watch": bench_watch,
    "tune": bench_tune,
}
ALIASES = {
    "1": "step",
    "2": "minimize",
    "3": "memory",
    "4": "train",
    "5": "lr_quality",
    "6": "ddp",
    "7": "doctor",
    "8": "batch_size",
    "9": "mgh",
    "10": "label_noise",
    "11": "watch",
    "12": "tune",
}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smoke run (under 2 min): same sizes, fewer repeats")
    ap.add_argument("--repeats", type=int, default=None, help="timed rounds in section 1 (default 81, quick 7)")
    ap.add_argument(
        "--repeats-minimize", type=int, default=None, help="interleaved runs in section 2 (default 9, quick 3)"
    )
    ap.add_argument(
        "--repeats-train",
        type=int,
        default=None,
        help="interleaved runs per comparison in section 4 (default 5, quick 3; the small digits MLP gets 3x as many)",
    )
    ap.add_argument("--sections", default=",".join(SECTIONS), help=f"comma list of {','.join(SECTIONS)} (or 1,2,...,9)")
    ap.add_argument("--rules", default="", help="comma list of rules for section 1 (default all)")
    ap.add_argument("--numel", type=int, default=1_000_000, help="elements per tensor in section 1")
    ap.add_argument("--tensors", type=int, default=10, help="tensors in section 1")
    ap.add_argument("--iters", type=int, default=10_000, help="iterations in section 2")
    ap.add_argument(
        "--rows", type=int, default=500_000, help="rows of the synthetic logistic-regression data in section 4"
    )
    ap.add_argument(
        "--rebuild", action="store_true", help="section doctor: train its corpus again instead of reading the cache"
    )
    ap.add_argument(
        "--tasks",
        default=None,
        help=f"section lr_quality: a group ({', '.join(LR_GROUPS)}) or 1-based positions (e.g. 9,10); "
        "section tune: comma list of groups tuning, held-out, fresh-s5, fresh-s6, fresh-s7, fresh-s15, fresh-s21, fresh-s22, fresh-s23, fresh-s24, fresh-s25 (default all); "
        "section label_noise: comma list of its groups (tuning, held-out, fresh, fresh-2 ... fresh-90; default all)",
    )
    ap.add_argument(
        "--methods",
        default=None,
        help="section tune: comma list of contenders descend, tpe+median, random (default all); "
        "bench/tune.py A.json B.json merges the saved searches into the table",
    )
    ap.add_argument(
        "--seeds",
        type=int,
        default=None,
        help="sections lr_quality, label_noise and tune: seeds 0..N-1 (default 10, 1 and 12, quick 1, 1 and 2)",
    )
    ap.add_argument(
        "--device",
        default="cpu",
        choices=("cpu", "cuda"),
        help=f"where sections {', '.join(ON_DEVICE)} run (both contenders); with cuda the others are skipped",
    )
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results path")
    ap.add_argument(
        "--budget",
        type=float,
        default=None,
        help="wall seconds for the timed rounds of section 1 (section 2 gets half, "
        "each comparison of section 4 a third); fewer rounds are run on a busy "
        "machine (default 150, quick 20)",
    )
    ap.add_argument(
        "--cold-compile",
        action="store_true",
        help="use an empty, temporary inductor cache: fused=True warm-up then shows "
        "cold compile times and every recompile (no FX-graph cache hits)",
    )
    args = ap.parse_args(argv)
    if args.repeats is None:
        args.repeats = 7 if args.quick else 81
    if args.budget is None:
        args.budget = 20.0 if args.quick else 150.0
    if args.repeats_minimize is None:
        args.repeats_minimize = 3 if args.quick else 9
    if args.repeats_train is None:
        args.repeats_train = 3 if args.quick else 5
    sections = []
    for s in args.sections.split(","):
        s = ALIASES.get(s.strip(), s.strip())
        if s not in SECTIONS:
            ap.error(f"unknown section {s!r}; choose from {', '.join(SECTIONS)}")
        sections.append(s)
    args.sections = sections
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    cold_dir = None
    if args.cold_compile:
        cold_dir = tempfile.mkdtemp(prefix="descend-bench-inductor-")
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = cold_dir  # read lazily, at the first compile
    try:
        return _run(args)
    finally:
        if cold_dir:
            shutil.rmtree(cold_dir, ignore_errors=True)


def _run(args) -> int:
    info = machine_info()
    t_start = time.perf_counter()
    print(f"descend {info['descend']} bench  ({_dt.datetime.now().isoformat(timespec='seconds')})")
    print(
        f"cpu: {info['cpu']}, {info['logical_cpus']} logical CPUs, "
        f"{(info['mem_bytes'] or 0) / 2**30:.0f} GiB RAM; {info['platform']}"
    )
    print(
        f"python {info['python']}, torch {info['torch']}, torch threads "
        f"{info['torch_threads']} (interop {info['torch_interop_threads']}), "
        f"load average {fmt_load(info['loadavg'])}"
    )
    if args.device != "cpu":
        print(f"device: {args.device} ({info['gpu']}); sections {', '.join(ON_DEVICE)} only")
    print(f"descend.optim exports: {', '.join(descend_rules())}")
    print("ratios only; medians of interleaved repeats; targets are reported, never enforced")
    print(f"inductor cache: {os.environ.get('TORCHINDUCTOR_CACHE_DIR', 'default (warm if run before)')}")
    out = {
        "machine": info,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "sections": {},
    }
    took = {}
    for s in args.sections:
        if args.device != "cpu" and s not in ON_DEVICE:
            print(f"\n--- {s}: runs on the CPU only; skipped with --device {args.device} ---")
            continue
        t0 = time.perf_counter()
        out["sections"][s] = SECTIONS[s](args)
        took[s] = time.perf_counter() - t0
    out["elapsed_s"] = time.perf_counter() - t_start
    out["section_s"] = took
    try:
        import resource

        out["max_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except (ImportError, OSError):
        out["max_rss_bytes"] = None
    out["machine"]["loadavg_end"] = loadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, default=str))
    rss = f"{out['max_rss_bytes'] / 2**30:.1f} GiB" if out["max_rss_bytes"] else "?"
    per_section = ", ".join(f"{k} {v:.0f} s" for k, v in took.items())
    print(
        f"\ntotal {out['elapsed_s']:.0f} s ({per_section}), peak RSS {rss}; "
        f"load average at end {fmt_load(out['machine']['loadavg_end'])}; results in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
