"""Interleaved timing, summaries, ratios, verdicts, tables and machine info: what every
section of the bench shares.

Every number that matters is a *ratio* of two contenders timed in the same process, round
robin (every contender once per round, in a fresh random order each round), so load from
other processes hits them alike.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch

import descend as ds


class Timings(dict):
    """What :func:`time_interleaved` returns: a dict of wall seconds per call, per contender (as it
    always was), and ``cpu``, the process's CPU seconds of the same calls
    (``time.process_time()``: every thread's, not the time spent waiting for a CPU), per contender.

    >>> t = Timings({"a": [1.0]}, cpu={"a": [0.9]})
    >>> t["a"], t.cpu["a"]
    ([1.0], [0.9])
    """

    def __init__(self, wall: dict, cpu: dict[str, list[float]]) -> None:
        super().__init__(wall)
        self.cpu = cpu


def time_interleaved(
    contenders: dict[str, Callable[[], object]],
    repeats: int,
    probe: Callable[[], int] | None = None,
    max_seconds: float | None = None,
    min_repeats: int = 3,
    gc_off: bool = True,
) -> Timings:
    """Call every contender ``repeats`` times: ``repeats`` rounds, each calling every contender
    once, in a fresh (seeded) random order per round, so that no contender always runs first,
    last or right after the same neighbour (whose cache, allocator or thread state it inherits).

    Returns wall seconds per call, per contender, and (``.cpu``) the process's CPU seconds of
    the same calls: on a shared machine a call that waits for a CPU counts the wait in its wall
    time, not in its CPU time (a :class:`Timings`, a dict as before). GC is off while timing. ``probe`` (optional) is
    read before and after every call, outside the timed region; its increments per contender
    are returned under the key ``"_probe"`` (used to count graphs compiled while timing).
    ``max_seconds`` (optional) ends the run after the first complete round past that wall
    time, once ``min_repeats`` rounds are done: a heavily loaded machine gets fewer rounds
    instead of a bench that runs for ever. ``gc_off=False`` leaves the cyclic garbage
    collector on while timing (a whole training run pays its collections, as it would in
    use) and runs an untimed ``gc.collect()`` before every call instead, so that no contender
    pays for the garbage of the one before it.
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    bumps = {n: 0 for n in names}
    rng = random.Random(1234)
    start = time.perf_counter()
    gc.collect()
    gc_was_on = gc.isenabled()
    if gc_off:
        gc.disable()
    try:
        for r in range(repeats):
            if max_seconds is not None and r >= min_repeats and time.perf_counter() - start > max_seconds:
                break
            for name in rng.sample(names, len(names)):
                fn = contenders[name]
                if not gc_off:
                    gc.collect()
                before = probe() if probe else 0
                t0, c0 = time.perf_counter(), time.process_time()
                fn()
                samples[name].append(time.perf_counter() - t0)
                cpu[name].append(time.process_time() - c0)
                if probe:
                    bumps[name] += probe() - before
    finally:
        if gc_was_on:
            gc.enable()
    if probe:
        samples["_probe"] = bumps  # type: ignore[assignment]
    return Timings(samples, cpu)


def synchronized(fn: Callable[[], object], device: str) -> Callable[[], object]:
    """``fn`` followed, on a GPU, by ``torch.cuda.synchronize()``: a timed call then ends when
    the kernels it queued have run, not when they were queued."""
    if not str(device).startswith("cuda"):
        return fn

    def call():
        out = fn()
        torch.cuda.synchronize()
        return out

    return call


def rounds_done(samples: dict[str, list[float]], repeats: int, budget: float | None) -> int:
    """The number of complete rounds in ``samples``; says so when a time budget cut them short."""
    rounds = min((len(v) for k, v in samples.items() if not k.startswith("_")), default=0)
    if rounds < repeats:
        cap = f" ({budget:.0f} s)" if budget is not None else ""
        print(
            f"time budget{cap} reached: {rounds} of {repeats} rounds done (a busy machine, or rounds longer than the budget allows; spreads may be wide)"
        )
    return rounds


def quantile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    pos = q * (len(s) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summary(xs: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(xs),
        "min": min(xs),
        "max": max(xs),
        "q25": quantile(xs, 0.25),
        "q75": quantile(xs, 0.75),
        "n": len(xs),
    }


def paired_ratio(a: list[float], b: list[float]) -> dict[str, float]:
    """Ratio of medians, plus the IQR of the per-round ratios (pairs timed back to back)."""
    per_round = [x / y for x, y in zip(a, b)]
    return {
        "ratio": statistics.median(a) / statistics.median(b),
        "q25": quantile(per_round, 0.25),
        "q75": quantile(per_round, 0.75),
        "min_ratio": min(a) / min(b),
    }


def cpu_ratio(samples: Timings, a: str, b: str) -> dict[str, float]:
    """:func:`paired_ratio` of contenders ``a`` and ``b``'s CPU seconds (``samples.cpu``)."""
    return paired_ratio(samples.cpu[a], samples.cpu[b])


def verdict(ok: bool | None, near: bool = False) -> str:
    """PASS / MISS; ``MISS*`` when the per-round IQR still reaches the target (within noise)."""
    if ok is None:
        return "n/a"
    return "PASS" if ok else ("MISS*" if near else "MISS")


def check(r: dict, target: float) -> tuple[bool, bool]:
    """(ratio of medians <= target, per-round IQR reaches the target)."""
    return r["ratio"] <= target, r["q25"] <= target


def fmt_ratio(r: dict | None) -> str:
    if r is None:
        return "-"
    return f"{r['ratio']:.2f} [{r['q25']:.2f}-{r['q75']:.2f}]"


def fmt_min_ratio(r: dict | None) -> str:
    return "-" if r is None else f"{r['min_ratio']:.2f}"


def fmt_spread(s: dict, scale: float = 1.0, digits: int = 1) -> str:
    """``median (min-max)`` of a :func:`summary`, times ``scale``."""
    return f"{s['median'] * scale:.{digits}f} ({s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f})"


def short_error(err: BaseException, width: int = 100) -> str:
    return f"{type(err).__name__}: {err}".splitlines()[0][:width]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


# --- the machine ----------------------------------------------------------------------------


def loadavg() -> tuple[float, float, float] | None:
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def fmt_load(load) -> str:
    return ", ".join(f"{x:.2f}" for x in load or [])


def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "mem_bytes": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
        "descend": getattr(ds, "__version__", "?"),
        "loadavg": loadavg(),
    }
