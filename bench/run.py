"""descend's performance bench: ratios against torch.optim, measured side by side.

Run ``.venv/bin/python bench/run.py`` (``make bench``), or ``--quick`` for a smoke run.
Every number that matters is a *ratio* of two contenders timed in the same process, round
robin (every contender once per round, in a fresh random order each round), so load from
other processes hits them alike.
Medians are quoted with the spread of the samples; targets are printed as PASS/MISS but the
script never fails on them (exit status is 0 unless the bench itself crashes).

Sections
--------
1. ``step``     optimizer step time, 10 tensors x 1M float32 parameters, every rule that
                ``descend.optim`` exports: descend eager and ``fused=True`` (torch.compile)
                against torch.optim ``foreach=True`` and, where torch has it on CPU,
                ``fused=True``. Also the effective memory bandwidth (see ``BYTES`` below).
2. ``minimize`` ``descend.minimize`` per-iteration time on 2-D Rosenbrock against a
                hand-written ``torch.optim.SGD`` loop.
3. ``memory``   bytes of optimizer state after one step, descend vs torch.optim (exact).

Results also go to ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import inspect
import json
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import torch

import descend as ds

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"

# --- the rules -----------------------------------------------------------------------------
#
# name -> (descend kwargs, torch.optim peer or None, torch kwargs, (reads, writes))
#
# (reads, writes) is the minimal number of full-size float32 tensors a fused, single-pass
# implementation must read and write per step, per element: the parameter, its gradient and
# each state tensor. Scalars (step counters, NAdam's mu_product) are not counted.
#
#   GD        read p, g              write p                    2 + 1 = 3
#   SGD (mom) read p, g, b           write p, b                 3 + 2 = 5
#   Adagrad   read p, g, sum         write p, sum               3 + 2 = 5
#   RMSprop   read p, g, v           write p, v                 3 + 2 = 5
#   Adadelta  read p, g, v, u        write p, v, u              4 + 3 = 7
#   Adam(W)   read p, g, m, v        write p, m, v              4 + 3 = 7
#   NAdam     read p, g, m, v        write p, m, v              4 + 3 = 7
#   RAdam     read p, g, m, v        write p, m, v              4 + 3 = 7
#   Lion      read p, g, m           write p, m                 3 + 2 = 5
#
# effective bandwidth = (reads + writes) * 4 B * numel / median step time.
LR = 1e-3
RULES: dict[str, tuple[dict, str | None, dict, tuple[int, int]]] = {
    "GD": ({"lr": LR}, "SGD", {"lr": LR, "momentum": 0.0}, (2, 1)),
    "SGD": ({"lr": LR, "momentum": 0.9}, "SGD", {"lr": LR, "momentum": 0.9}, (3, 2)),
    "Adagrad": ({}, "Adagrad", {}, (3, 2)),
    "RMSprop": ({}, "RMSprop", {}, (3, 2)),
    "Adadelta": ({}, "Adadelta", {}, (4, 3)),
    "Adam": ({}, "Adam", {}, (4, 3)),
    "AdamW": ({}, "AdamW", {}, (4, 3)),
    "NAdam": ({}, "NAdam", {}, (4, 3)),
    "RAdam": ({}, "RAdam", {}, (4, 3)),
    "Lion": ({}, None, {}, (3, 2)),
}
FUSED_TARGET_RULES = ("Adam", "AdamW", "SGD")  # within 1.2x of torch fused
TARGET_VS_FOREACH = 1.0
TARGET_VS_FUSED = 1.2
TARGET_BANDWIDTH = 0.6  # x torch fused Adam's, same run
TARGET_MINIMIZE = 1.2
TARGET_MEMORY = 1.0
# fused=True compiles at step 1 and recompiles once (the step count turns dynamic) at step 2;
# a rule whose Python control flow branches on the step count (RAdam's rho_t > 5, around step
# 6) recompiles again when the branch flips. The warm-up covers that, and the table says at
# which warm-up steps graphs were compiled and whether any were compiled while timing.
WARMUP_STEPS = 8


def descend_rules() -> dict[str, type]:
    """Every optimizer class ``descend.optim`` exports, in the order of ``RULES`` first."""
    found = {}
    for name in getattr(ds.optim, "__all__", dir(ds.optim)):
        obj = getattr(ds.optim, name, None)
        if inspect.isclass(obj) and issubclass(obj, torch.optim.Optimizer):
            found[name] = obj
    order = [n for n in RULES if n in found] + sorted(n for n in found if n not in RULES)
    return {n: found[n] for n in order}


def rule_spec(name: str) -> tuple[dict, type | None, dict, tuple[int, int] | None]:
    if name in RULES:
        ds_kw, peer, torch_kw, rw = RULES[name]
    else:  # a rule added after this table was written: defaults, same-named torch peer
        ds_kw, peer, torch_kw, rw = {}, name, {}, None
    peer_cls = getattr(torch.optim, peer, None) if peer else None
    return ds_kw, peer_cls, torch_kw, rw


_FUSED_OK: dict[type, bool] = {}


def torch_has_cpu_fused(cls: type, kw: dict) -> bool:
    """Whether ``cls(..., fused=True)`` constructs and steps on CPU (tried once, on 4 floats)."""
    if cls not in _FUSED_OK:
        p = torch.nn.Parameter(torch.randn(4))
        p.grad = torch.randn(4)
        try:
            cls([p], fused=True, **kw).step()
            _FUSED_OK[cls] = True
        except (TypeError, RuntimeError, ValueError):
            _FUSED_OK[cls] = False
    return _FUSED_OK[cls]


# --- timing --------------------------------------------------------------------------------


def _time_interleaved(
    contenders: dict[str, Callable[[], object]],
    repeats: int,
    probe: Callable[[], int] | None = None,
    max_seconds: float | None = None,
    min_repeats: int = 3,
) -> dict[str, list[float]]:
    """Call every contender ``repeats`` times: ``repeats`` rounds, each calling every contender
    once, in a fresh (seeded) random order per round, so that no contender always runs first,
    last or right after the same neighbour (whose cache, allocator or thread state it inherits).

    Returns seconds per call, per contender. GC is off while timing. ``probe`` (optional) is
    read before and after every call, outside the timed region; its increments per contender
    are returned under the key ``"_probe"`` (used to count graphs compiled while timing).
    ``max_seconds`` (optional) ends the run after the first complete round past that wall
    time, once ``min_repeats`` rounds are done: a heavily loaded machine gets fewer rounds
    instead of a bench that runs for ever.
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {n: [] for n in names}
    bumps = {n: 0 for n in names}
    rng = random.Random(1234)
    start = time.perf_counter()
    gc.collect()
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for r in range(repeats):
            if (max_seconds is not None and r >= min_repeats
                    and time.perf_counter() - start > max_seconds):
                break
            for name in rng.sample(names, len(names)):
                fn = contenders[name]
                before = probe() if probe else 0
                t0 = time.perf_counter()
                fn()
                samples[name].append(time.perf_counter() - t0)
                if probe:
                    bumps[name] += probe() - before
    finally:
        if gc_was_on:
            gc.enable()
    if probe:
        samples["_probe"] = bumps  # type: ignore[assignment]
    return samples


def _q(xs: list[float], q: float) -> float:
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    pos = q * (len(s) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summary(xs: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(xs), "min": min(xs), "max": max(xs),
        "q25": _q(xs, 0.25), "q75": _q(xs, 0.75), "n": len(xs),
    }


def paired_ratio(a: list[float], b: list[float]) -> dict[str, float]:
    """Ratio of medians, plus the IQR of the per-round ratios (pairs timed back to back)."""
    per_round = [x / y for x, y in zip(a, b)]
    return {
        "ratio": statistics.median(a) / statistics.median(b),
        "q25": _q(per_round, 0.25), "q75": _q(per_round, 0.75),
        "min_ratio": min(a) / min(b),
    }


def _verdict(ok: bool | None, near: bool = False) -> str:
    """PASS / MISS; ``MISS*`` when the per-round IQR still reaches the target (within noise)."""
    if ok is None:
        return "n/a"
    return "PASS" if ok else ("MISS*" if near else "MISS")


def _check(r: dict, target: float) -> tuple[bool, bool]:
    """(ratio of medians <= target, per-round IQR reaches the target)."""
    return r["ratio"] <= target, r["q25"] <= target


def _fmt_ratio(r: dict | None) -> str:
    if r is None:
        return "-"
    return f"{r['ratio']:.2f} [{r['q25']:.2f}-{r['q75']:.2f}]"


def _fmt_min_ratio(r: dict | None) -> str:
    return "-" if r is None else f"{r['min_ratio']:.2f}"


def _dynamo_counts() -> dict[str, int]:
    from torch._dynamo.utils import counters

    return {
        "graphs": counters["stats"]["unique_graphs"],
        "frames": counters["frames"]["total"],
        "fx_hit": counters["inductor"]["fxgraph_cache_hit"],
        "fx_miss": counters["inductor"]["fxgraph_cache_miss"],
    }


def _delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in after}


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


# --- section 1: step time ------------------------------------------------------------------


def _make_params(n_tensors: int, numel: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    init = [torch.randn(numel, generator=g) for _ in range(n_tensors)]
    grads = [torch.randn(numel, generator=g) for _ in range(n_tensors)]
    return init, grads


def _clone_params(init, grads):
    ps = []
    for x, gr in zip(init, grads):
        p = torch.nn.Parameter(x.clone())
        p.grad = gr.clone()
        ps.append(p)
    return ps


def _inductor_startup() -> float:
    """Compile one trivial function so the first rule does not pay inductor's start-up."""
    t0 = time.perf_counter()
    f = torch.compile(lambda x: x * 2 + 1)
    f(torch.ones(8))
    try:  # the compile-worker pool starts in the background and would steal CPU from rule 1
        from torch._inductor.async_compile import AsyncCompile

        AsyncCompile.wait_pool_ready()
    except Exception:  # private API: best effort
        pass
    time.sleep(1.0)
    return time.perf_counter() - t0


def bench_step(args) -> dict:
    n_tensors, numel = args.tensors, args.numel
    N = n_tensors * numel
    print(f"\n=== 1. optimizer step: {n_tensors} x {numel:,} float32 = {N / 1e6:g}M parameters, "
          f"{args.repeats} repeats, {WARMUP_STEPS} warm-up steps ===")
    print("every (rule, mode) is set up first, then all are timed in ONE round robin, so a burst "
          "of load\nfrom other processes hits every rule and the bandwidth reference alike")
    startup = _inductor_startup()
    print(f"inductor start-up (one trivial compile + worker pool, paid once): {startup:.1f} s")
    init, grads = _make_params(n_tensors, numel)
    rules = descend_rules()
    if args.rules:
        wanted = {r.lower() for r in args.rules.split(",")}
        rules = {n: c for n, c in rules.items() if n.lower() in wanted}
    results: dict[str, dict] = {}
    steps: dict[str, Callable[[], object]] = {}  # "rule | mode" -> opt.step
    params: dict[str, dict[str, list]] = {}

    for name, ds_cls in rules.items():
        ds_kw, peer, torch_kw, rw = rule_spec(name)
        makers: dict[str, Callable[[list], torch.optim.Optimizer]] = {
            "ds eager": lambda ps: ds_cls(ps, **ds_kw),
            "ds fused": lambda ps: ds_cls(ps, fused=True, **ds_kw),
        }
        if peer is not None:
            makers["torch foreach"] = lambda ps: peer(ps, foreach=True, **torch_kw)
            if torch_has_cpu_fused(peer, torch_kw):
                makers["torch fused"] = lambda ps: peer(ps, fused=True, **torch_kw)
        res: dict = {"rw": rw, "peer": peer.__name__ if peer else None, "modes": {}}
        params[name] = {}
        for mode, make in makers.items():
            info: dict = {}
            res["modes"][mode] = info
            try:
                # Own parameters and state per contender; the gradients are shared (read-only
                # for every rule at these settings: no maximize, no in-place weight decay).
                ps = _clone_params(init, grads)
                opt = make(ps)
                before = _dynamo_counts()
                warm, compiled_at = [], []
                for i in range(WARMUP_STEPS):
                    g0 = _dynamo_counts()["graphs"]
                    t0 = time.perf_counter()
                    opt.step()
                    warm.append(time.perf_counter() - t0)
                    if _dynamo_counts()["graphs"] > g0:
                        compiled_at.append(i + 1)
                info["warmup_s"] = warm
                info["compiled_at_steps"] = compiled_at
                info["dynamo_warmup"] = _delta(_dynamo_counts(), before)
                steps[f"{name} | {mode}"], params[name][mode] = opt.step, ps
            except Exception as err:  # a placeholder rule, or a mode torch lacks
                info["error"] = f"{type(err).__name__}: {err}".splitlines()[0][:100]
                info["traceback"] = traceback.format_exc()
        results[name] = res
        _print_warmup_progress(name, res)

    print(f"timing {len(steps)} contenders x {args.repeats} rounds ...", flush=True)
    samples = _time_interleaved(steps, args.repeats, probe=lambda: _dynamo_counts()["graphs"],
                                max_seconds=args.budget)
    compiled_timed = samples.pop("_probe", {})
    rounds = min((len(v) for v in samples.values()), default=0)
    if rounds < args.repeats:
        print(f"time budget ({args.budget:.0f} s) reached: {rounds} of {args.repeats} rounds done "
              "(the machine is busy; expect wide spreads)")
    for key, xs in samples.items():
        name, mode = key.split(" | ")
        info = results[name]["modes"][mode]
        info["samples_s"] = xs
        info["graphs_compiled_while_timing"] = compiled_timed.get(key, 0)
        info.update(summary(xs))
        rw = results[name]["rw"]
        if rw is not None:
            info["GBps"] = sum(rw) * 4 * N / info["median"] / 1e9
    for name, res in results.items():
        # Free correctness check: every contender started from the same point, saw the same
        # gradients and took the same number of steps, so their parameters should agree.
        ps_by_mode = params[name]
        ref_mode = "torch foreach" if "torch foreach" in ps_by_mode else "ds eager"
        if ref_mode in ps_by_mode:
            ref = ps_by_mode[ref_mode]
            for mode, ps in ps_by_mode.items():
                if mode != ref_mode:
                    with torch.no_grad():
                        d = max(float((a - b).abs().max()) for a, b in zip(ps, ref))
                    res["modes"][mode][f"max_abs_diff_vs_{ref_mode.replace(' ', '_')}"] = d
    del steps, params, samples
    gc.collect()

    # Ratios and targets.
    ref_bw, ref_label = None, None
    adam = results.get("Adam", {}).get("modes", {})
    for mode in ("torch fused", "torch foreach"):
        if "median" in adam.get(mode, {}):
            ref_bw, ref_label = adam[mode]["GBps"], f"torch {mode.split()[1]} Adam"
            break
    for name, res in results.items():
        m = res["modes"]
        timed = {k: v for k, v in m.items() if "median" in v}
        ds_modes = [k for k in ("ds eager", "ds fused") if k in timed]
        best = min(ds_modes, key=lambda k: timed[k]["median"]) if ds_modes else None
        res["best"] = best
        r = {}
        for ds_mode in ds_modes:
            for peer_mode in ("torch foreach", "torch fused"):
                if peer_mode in timed:
                    r[f"{ds_mode} / {peer_mode}"] = paired_ratio(
                        timed[ds_mode]["samples_s"], timed[peer_mode]["samples_s"])
        if "ds fused" in timed and "ds eager" in timed:
            r["ds fused / ds eager"] = paired_ratio(
                timed["ds fused"]["samples_s"], timed["ds eager"]["samples_s"])
        res["ratios"] = r
        targets = {}
        if best and "torch foreach" in timed:
            targets["vs_foreach"], targets["vs_foreach_near"] = _check(
                r[f"{best} / torch foreach"], TARGET_VS_FOREACH)
        if best and name in FUSED_TARGET_RULES and "torch fused" in timed:
            targets["vs_fused"], targets["vs_fused_near"] = _check(
                r[f"{best} / torch fused"], TARGET_VS_FUSED)
        if best and ref_bw and "GBps" in timed[best]:
            res["bw_vs_ref"] = timed[best]["GBps"] / ref_bw
            targets["bandwidth"] = res["bw_vs_ref"] >= TARGET_BANDWIDTH
        res["targets"] = targets
    _print_step_tables(results, ref_bw, ref_label)
    return {"n_tensors": n_tensors, "numel": numel, "repeats": args.repeats, "rounds": rounds,
            "warmup_steps": WARMUP_STEPS, "inductor_startup_s": startup,
            "bandwidth_reference": ref_label, "bandwidth_reference_GBps": ref_bw,
            "rules": results}


def _print_warmup_progress(name: str, res: dict) -> None:
    parts = []
    for mode, info in res["modes"].items():
        parts.append(f"{mode} {sum(info['warmup_s']):.2f} s" if "warmup_s" in info
                     else f"{mode} ERROR ({info['error']})")
    print(f"  warm-up {name:<9} " + ", ".join(parts), flush=True)


def _print_step_tables(results: dict, ref_bw: float | None, ref_label: str | None) -> None:
    modes = ["ds eager", "ds fused", "torch foreach", "torch fused"]
    print("\nstep time, ms: median (min-max)")
    rows = []
    for name, res in results.items():
        row = [name]
        for mode in modes:
            info = res["modes"].get(mode)
            if info is None:
                row.append("-")
            elif "error" in info:
                row.append("ERROR")
            else:
                row.append(f"{info['median'] * 1e3:.1f} ({info['min'] * 1e3:.1f}-{info['max'] * 1e3:.1f})")
        rows.append(row)
    _print_table(["rule"] + modes, rows)

    print("\nratios of medians [IQR of the per-round ratios]; < 1 means descend is faster")
    cols = [("eager/foreach", "ds eager / torch foreach"), ("fused/foreach", "ds fused / torch foreach"),
            ("eager/t.fused", "ds eager / torch fused"), ("fused/t.fused", "ds fused / torch fused"),
            ("fused/eager", "ds fused / ds eager")]
    rows = []
    for name, res in results.items():
        r, t = res["ratios"], res["targets"]
        rows.append([name] + [_fmt_ratio(r.get(k)) for _, k in cols] + [
            res["best"] or "-",
            _verdict(t.get("vs_foreach"), t.get("vs_foreach_near", False)),
            _verdict(t.get("vs_fused"), t.get("vs_fused_near", False))
            if name in FUSED_TARGET_RULES else "n/a",
        ])
    _print_table(["rule"] + [c for c, _ in cols] + [
        "best", f"best<={TARGET_VS_FOREACH}x foreach", f"best<={TARGET_VS_FUSED}x t.fused"], rows)
    print("best = the faster descend mode by median; MISS* = missed, but the per-round IQR "
          "reaches the target (within this run's noise)")
    print("\nthe same ratios from each contender's fastest sample (min/min): the least contended "
          "view, for reference only")
    rows = [[name] + [_fmt_min_ratio(res["ratios"].get(k)) for _, k in cols]
            for name, res in results.items()]
    _print_table(["rule"] + [c for c, _ in cols], rows)

    ref_txt = f"{ref_bw:.1f} GB/s ({ref_label})" if ref_bw else "unavailable"
    print(f"\neffective bandwidth, GB/s = (reads+writes) x 4 B x numel / median step; "
          f"reference {ref_txt}, target >= {TARGET_BANDWIDTH}x")
    rows = []
    for name, res in results.items():
        rw = res["rw"]
        row = [name, f"{rw[0]}+{rw[1]}" if rw else "?"]
        for mode in modes:
            info = res["modes"].get(mode, {})
            row.append(f"{info['GBps']:.1f}" if "GBps" in info else "-")
        row.append(f"{res['bw_vs_ref']:.2f}" if "bw_vs_ref" in res else "-")
        row.append(_verdict(res["targets"].get("bandwidth")))
        rows.append(row)
    _print_table(["rule", "r+w"] + modes + ["best/ref", "target"], rows)

    print(f"\nwarm-up: first step / all {WARMUP_STEPS} warm-up steps (s); graphs compiled in warm-up "
          "(at which steps) and while timing; FX-graph cache hits/misses;\nmax |theta - reference| "
          "after the run (same start, same gradients, same number of steps)")
    rows = []
    for name, res in results.items():
        for mode in ("ds eager", "ds fused"):
            info = res["modes"].get(mode, {})
            if "warmup_s" not in info:
                rows.append([name, mode, info.get("error", "-"), "", "", "", ""])
                continue
            w, d = info["warmup_s"], info["dynamo_warmup"]
            diff = next((f"{v:.2g} ({k.split('_vs_')[1]})" for k, v in info.items()
                         if k.startswith("max_abs_diff")), "-")
            timed_graphs = info.get("graphs_compiled_while_timing", "-")
            at = ",".join(map(str, info["compiled_at_steps"])) or "-"
            rows.append([name, mode, f"{w[0]:.2f} / {sum(w):.2f}",
                         f"{d['graphs']} (step {at})" if d["graphs"] else "0", str(timed_graphs),
                         f"{d['fx_hit']}/{d['fx_miss']}", diff])
    _print_table(["rule", "mode", "warm-up s", "graphs", "recompiles timed",
                  "fx hit/miss", "max|dθ| (vs)"], rows)


# --- section 2: minimize --------------------------------------------------------------------


def rosenbrock(x: torch.Tensor) -> torch.Tensor:
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def bench_minimize(args) -> dict:
    iters, repeats = args.iters, max(args.repeats_minimize, 1)
    print(f"\n=== 2. minimize: 2-D Rosenbrock, {iters} iterations of momentum GD (lr=1e-4), "
          f"{repeats} interleaved repeats ===")
    nits = []

    def ds_minimize():
        res = ds.minimize(rosenbrock, [-1.5, 2.0], optimizer="momentum", lr=1e-4,
                          max_iter=iters, gtol=0)
        nits.append(res.nit)

    def loop(cls):
        def run():
            x = torch.tensor([-1.5, 2.0], requires_grad=True)
            opt = cls([x], lr=1e-4, momentum=0.9)
            for _ in range(iters):
                opt.zero_grad()
                rosenbrock(x).backward()
                opt.step()
        return run

    contenders = {
        "ds.minimize": ds_minimize,
        "torch.optim.SGD loop": loop(torch.optim.SGD),
        "ds.optim.SGD loop": loop(ds.optim.SGD),  # informational: rule vs driver overhead
    }
    for fn in contenders.values():  # one warm-up call each (imports, allocator)
        fn()
    samples = _time_interleaved(contenders, repeats, max_seconds=args.budget / 2)
    if len(samples["ds.minimize"]) < repeats:
        print(f"time budget reached: {len(samples['ds.minimize'])} of {repeats} runs done")
    per_iter = {k: [s / iters for s in v] for k, v in samples.items()}
    ratio = paired_ratio(samples["ds.minimize"], samples["torch.optim.SGD loop"])
    ratio_rule = paired_ratio(samples["ds.optim.SGD loop"], samples["torch.optim.SGD loop"])
    ok, near = _check(ratio, TARGET_MINIMIZE)
    rows = []
    for k, v in per_iter.items():
        s = summary(v)
        rows.append([k, f"{s['median'] * 1e6:.1f}", f"{s['min'] * 1e6:.1f}-{s['max'] * 1e6:.1f}",
                     f"{statistics.median(samples[k]):.2f}"])
    _print_table(["contender", "us/iter median", "min-max", "s/run"], rows)
    print(f"ds.minimize / torch loop: {_fmt_ratio(ratio)}  target <= {TARGET_MINIMIZE}: "
          f"{_verdict(ok, near)}")
    print(f"ds.optim.SGD loop / torch loop (rule alone, info): {_fmt_ratio(ratio_rule)}")
    if any(n != iters for n in nits):
        print(f"WARNING: ds.minimize stopped after {sorted(set(nits))} iterations, not {iters}")
    return {"iters": iters, "repeats": repeats, "samples_s": samples,
            "per_iter_us": {k: summary([x * 1e6 for x in v]) for k, v in per_iter.items()},
            "ratio": ratio, "rule_ratio": ratio_rule, "target": TARGET_MINIMIZE, "pass": ok,
            "ds_nit": sorted(set(nits))}


# --- section 3: state memory ----------------------------------------------------------------


def _state_bytes(opt: torch.optim.Optimizer) -> int:
    total, seen = 0, set()

    def visit(v):
        nonlocal total
        if isinstance(v, torch.Tensor):
            key = (v.untyped_storage().data_ptr(), v.untyped_storage().nbytes())
            if key not in seen:  # count shared storage once
                seen.add(key)
                total += v.untyped_storage().nbytes()
        elif isinstance(v, dict):
            for x in v.values():
                visit(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                visit(x)

    for st in opt.state.values():
        visit(st)
    return total


def bench_memory(args) -> dict:
    n_tensors, numel = 10, 100_000
    print(f"\n=== 3. optimizer state after one step: {n_tensors} x {numel:,} float32 "
          f"(param bytes {n_tensors * numel * 4:,}) ===")
    init, grads = _make_params(n_tensors, numel, seed=1)
    rows, out = [], {}
    for name, ds_cls in descend_rules().items():
        ds_kw, peer, torch_kw, _ = rule_spec(name)
        entry = {}
        for label, make in (("descend", lambda ps: ds_cls(ps, **ds_kw)),
                            ("torch", (lambda ps: peer(ps, **torch_kw)) if peer else None)):
            if make is None:
                continue
            try:
                opt = make(_clone_params(init, grads))
                opt.step()
                entry[label] = _state_bytes(opt)
                entry[f"{label}_keys"] = sorted({k for st in opt.state.values() for k, v in
                                                 st.items() if isinstance(v, torch.Tensor)})
            except Exception as err:
                entry[f"{label}_error"] = f"{type(err).__name__}: {err}".splitlines()[0][:80]
        if "descend" in entry and "torch" in entry:
            entry["ratio"] = entry["descend"] / entry["torch"] if entry["torch"] else (
                1.0 if entry["descend"] == 0 else math.inf)
            entry["pass"] = entry["ratio"] <= TARGET_MEMORY
        out[name] = entry
        diff = "-"
        if "descend_keys" in entry and "torch_keys" in entry:
            dk, tk = set(entry["descend_keys"]), set(entry["torch_keys"])
            diff = " ".join([f"+{k}" for k in sorted(dk - tk)] + [f"-{k}" for k in sorted(tk - dk)])
            diff = diff or "same"
        rows.append([
            name,
            f"{entry['descend']:,}" if "descend" in entry else entry.get("descend_error", "-"),
            f"{entry['torch']:,}" if "torch" in entry else entry.get("torch_error", "- (no peer)"),
            f"{entry['ratio']:.6f}" if "ratio" in entry else "-",
            _verdict(entry.get("pass")),
            diff,
        ])
    _print_table(["rule", "descend bytes", "torch bytes", "ratio", f"<= {TARGET_MEMORY}",
                  "state keys vs torch"], rows)
    return {"n_tensors": n_tensors, "numel": numel, "rules": out}


# --- driver ---------------------------------------------------------------------------------


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
        "cpu": cpu, "logical_cpus": os.cpu_count(), "mem_bytes": mem,
        "platform": platform.platform(), "python": platform.python_version(),
        "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "descend": getattr(ds, "__version__", "?"),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


SECTIONS = {"step": bench_step, "minimize": bench_minimize, "memory": bench_memory}
ALIASES = {"1": "step", "2": "minimize", "3": "memory"}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="smoke run (~1 min): same sizes, fewer repeats")
    ap.add_argument("--repeats", type=int, default=None,
                    help="timed rounds in section 1 (default 81, quick 7)")
    ap.add_argument("--repeats-minimize", type=int, default=None,
                    help="interleaved runs in section 2 (default 9, quick 3)")
    ap.add_argument("--sections", default="step,minimize,memory",
                    help="comma list of step,minimize,memory (or 1,2,3)")
    ap.add_argument("--rules", default="", help="comma list of rules for section 1 (default all)")
    ap.add_argument("--numel", type=int, default=1_000_000, help="elements per tensor in section 1")
    ap.add_argument("--tensors", type=int, default=10, help="tensors in section 1")
    ap.add_argument("--iters", type=int, default=10_000, help="iterations in section 2")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results path")
    ap.add_argument("--budget", type=float, default=None,
                    help="wall seconds for the timed rounds of section 1 (section 2 gets half); "
                         "fewer rounds are run on a busy machine (default 150, quick 20)")
    ap.add_argument("--cold-compile", action="store_true",
                    help="use an empty, temporary inductor cache: fused=True warm-up then shows "
                         "cold compile times and every recompile (no FX-graph cache hits)")
    args = ap.parse_args(argv)
    if args.repeats is None:
        args.repeats = 7 if args.quick else 81
    if args.budget is None:
        args.budget = 20.0 if args.quick else 150.0
    if args.repeats_minimize is None:
        args.repeats_minimize = 3 if args.quick else 9
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
    print(f"cpu: {info['cpu']}, {info['logical_cpus']} logical CPUs, "
          f"{(info['mem_bytes'] or 0) / 2**30:.0f} GiB RAM; {info['platform']}")
    print(f"python {info['python']}, torch {info['torch']}, torch threads "
          f"{info['torch_threads']} (interop {info['torch_interop_threads']}), "
          f"load average {', '.join(f'{x:.2f}' for x in info['loadavg'] or [])}")
    print(f"descend.optim exports: {', '.join(descend_rules())}")
    print("ratios only; medians of interleaved repeats; targets are reported, never enforced")
    print(f"inductor cache: {os.environ.get('TORCHINDUCTOR_CACHE_DIR', 'default (warm if run before)')}")
    out = {"machine": info, "args": {k: (str(v) if isinstance(v, Path) else v)
                                     for k, v in vars(args).items()},
           "sections": {}}
    for s in args.sections:
        out["sections"][s] = SECTIONS[s](args)
    out["elapsed_s"] = time.perf_counter() - t_start
    try:
        import resource

        out["max_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except (ImportError, OSError):
        out["max_rss_bytes"] = None
    out["machine"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, default=str))
    rss = f"{out['max_rss_bytes'] / 2**30:.1f} GiB" if out["max_rss_bytes"] else "?"
    print(f"\ntotal {out['elapsed_s']:.0f} s, peak RSS {rss}; load average at end "
          f"{', '.join(f'{x:.2f}' for x in out['machine']['loadavg_end'] or [])}; "
          f"results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
