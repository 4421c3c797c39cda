"""Section ``train``, part c: peak RSS of training the digits MLP (and the logistic case),
descend vs the hand loop, each in a fresh process."""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

from _train_cases import cases

from _timing import (
    print_table,
)

HERE = Path(__file__).resolve().parent


# --- c. peak RSS of training, each contender in a fresh process ---------------------------------

_CHILD = """
import sys
sys.path.insert(0, {here!r})
import train_memory
train_memory.peak_rss_child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
"""


def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    """This process's peak RSS: ``VmHWM``, which ``/proc/self/clear_refs`` can reset.

    ``ru_maxrss`` is no good in a child process: at ``exec`` Linux folds the high-water mark
    of the parent's address space (the forked copy) into it, so a child of a big parent
    reports the parent's peak."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmHWM in /proc/self/status")


def peak_rss_child(case: str, which: str, rows: int) -> None:
    """Run in a fresh interpreter: prepare ``case``'s data, reset the peak RSS, train once
    with ``which`` ("descend" or "hand") and print, as JSON, the RSS after imports and data
    preparation and the peak RSS during the run."""
    import resource

    c = cases(rows)[case]
    X, y = c.data()
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:  # peak := current RSS (Linux >= 4.0)
        f.write("5")
    base = _rss_now()
    if which == "descend":
        logged = len(c.run_descend(X, y).steps.get("loss", []))
    else:
        logged = len(c.run_hand(X, y))
    print(
        json.dumps(
            {
                "base": base,
                "peak": _peak_rss(),
                "steps": logged,
                "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            }
        )
    )


def bench_peak_rss(args) -> dict:
    runs = 1 if args.quick else 3
    todo = ["mlp"] if args.quick else ["mlp", "logistic"]
    names = cases(args.rows)
    print(
        f"\n--- 4c. peak RSS of training, descend.train vs the hand loop of 4a, each run in a "
        f"fresh process, {runs} per contender, alternating (no target) ---"
    )
    print(
        "growth = peak RSS during the run - RSS after imports and data preparation (peak "
        "reset there through /proc/self/clear_refs)" + ("; --quick: digits MLP only" if args.quick else "")
    )
    code = _CHILD.format(here=str(HERE))
    out: dict = {}
    rows = []
    for key in todo:
        results: dict[str, list[dict]] = {"descend": [], "hand": []}
        for _ in range(runs):
            for which in results:
                proc = subprocess.run(
                    [sys.executable, "-c", code, key, which, str(args.rows)],
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                if proc.returncode != 0:
                    raise RuntimeError(f"{key}/{which} child failed: {proc.stderr.strip()[-300:]}")
                results[which].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        entry: dict = {}
        for which, rs in results.items():
            growth = [r["peak"] - r["base"] for r in rs]
            entry[which] = {
                "runs": rs,
                "growth_bytes": growth,
                "growth_median": statistics.median(growth),
                "base_median": statistics.median(r["base"] for r in rs),
                "peak_median": statistics.median(r["peak"] for r in rs),
            }
        hand = entry["hand"]["growth_median"]
        entry["ratio"] = entry["descend"]["growth_median"] / hand if hand > 0 else math.inf
        out[key] = entry
        for which in results:
            e = entry[which]
            rows.append(
                [
                    names[key].label,
                    "descend.train" if which == "descend" else "hand loop",
                    f"{e['base_median'] / 2**20:.1f}",
                    f"{e['peak_median'] / 2**20:.1f}",
                    " ".join(f"{g / 2**20:.1f}" for g in e["growth_bytes"]),
                    str(e["runs"][0]["steps"]),
                    f"{entry['ratio']:.2f}" if which == "descend" else "",
                ]
            )
    print_table(
        [
            "case",
            "contender",
            "RSS after imports+data MiB",
            "peak MiB",
            "growth MiB (each run)",
            "steps logged",
            "growth ds/hand",
        ],
        rows,
    )
    print(
        "ratio of median growths, for information (no target); descend.train also keeps a "
        "per-step history (loss, lr, grad norm) and sampled update ratios"
    )
    return out
