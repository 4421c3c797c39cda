"""Section ``step``: optimizer step time, 10 tensors x 1M float32 parameters (1000 x 1000
matrices for the rules that take only 2-D ones: Muon), every rule that ``descend.optim``
exports bar those that need sparse gradients or a closure: descend eager and, where the rule
has it, ``fused=True`` (torch.compile) against torch.optim ``foreach=True`` and, where torch
has it on the device, ``fused=True`` (or torch's only implementation, for Muon). Also the
effective memory bandwidth (see ``RULES`` in ``_rules.py``). On the CPU by default; with
``--device cuda`` every contender runs on the GPU (``fused=True`` then compiles Triton kernels,
and torch's fused peers are its CUDA kernels), each timed step ending in a synchronisation."""

from __future__ import annotations

import gc
import inspect
import time
import traceback
from collections.abc import Callable

import torch

from _rules import (
    CLOSURE_ONLY,
    MATRIX_ONLY,
    SPARSE_ONLY,
    as_matrices,
    clone_params,
    dense_rules,
    make_params,
    rule_spec,
)
from _timing import (
    check,
    fmt_min_ratio,
    fmt_ratio,
    fmt_spread,
    paired_ratio,
    print_table,
    rounds_done,
    short_error,
    summary,
    synchronized,
    time_interleaved,
    verdict,
)

FUSED_TARGET_RULES = ("Adam", "AdamW", "SGD")  # within 1.2x of torch fused
TARGET_VS_FOREACH = 1.0
TARGET_VS_FUSED = 1.2
TARGET_BANDWIDTH = 0.6  # x torch fused Adam's, same run
# fused=True compiles at step 1 and recompiles once (the step count turns dynamic) at step 2;
# a rule whose Python control flow branches on the step count (RAdam's rho_t > 5, around step
# 6) recompiles again when the branch flips. The warm-up covers that, and the table says at
# which warm-up steps graphs were compiled and whether any were compiled while timing.
WARMUP_STEPS = 8


_FUSED_OK: dict[tuple[type, str], bool] = {}


def torch_has_fused(cls: type, kw: dict, device: str = "cpu") -> bool:
    """Whether ``cls(..., fused=True)`` constructs and steps on ``device`` (tried once, on 4 floats)."""
    if (cls, device) not in _FUSED_OK:
        p = torch.nn.Parameter(torch.randn(4, device=device))
        p.grad = torch.randn(4, device=device)
        try:
            cls([p], fused=True, **kw).step()
            _FUSED_OK[cls, device] = True
        except (TypeError, RuntimeError, ValueError):
            _FUSED_OK[cls, device] = False
    return _FUSED_OK[cls, device]


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


def _inductor_startup(device: str) -> float:
    """Compile one trivial function so the first rule does not pay inductor's start-up."""
    t0 = time.perf_counter()
    f = torch.compile(lambda x: x * 2 + 1)
    f(torch.ones(8, device=device))
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
    print(
        f"\n=== 1. optimizer step: {n_tensors} x {numel:,} float32 = {N / 1e6:g}M parameters on "
        f"{args.device}, {args.repeats} repeats, {WARMUP_STEPS} warm-up steps ==="
    )
    print(
        "every (rule, mode) is set up first, then all are timed in ONE round robin, so a burst "
        "of load\nfrom other processes hits every rule and the bandwidth reference alike"
    )
    startup = _inductor_startup(args.device)
    print(f"inductor start-up (one trivial compile + worker pool, paid once): {startup:.1f} s")
    init, grads = make_params(n_tensors, numel, device=args.device)
    rules = dense_rules()
    wanted = {r.lower() for r in args.rules.split(",")} if args.rules else None
    if wanted:
        rules = {n: c for n, c in rules.items() if n.lower() in wanted}
    sparse_only = sorted(n for n in SPARSE_ONLY if not wanted or n.lower() in wanted)
    if sparse_only:
        print(f"not timed here (they take only sparse gradients): {', '.join(sparse_only)}")
    closure_only = sorted(n for n in CLOSURE_ONLY if not wanted or n.lower() in wanted)
    if closure_only:
        print(f"not timed here (they need a closure): {', '.join(closure_only)}")
    if any(n in MATRIX_ONLY for n in rules):
        side = as_matrices(init, grads)[0][0].shape[0]
        print(
            f"{', '.join(n for n in rules if n in MATRIX_ONLY)}: 2-D parameters only, timed on {n_tensors} x {side}x{side}"
        )
    results: dict[str, dict] = {}
    steps: dict[str, Callable[[], object]] = {}  # "rule | mode" -> opt.step
    params: dict[str, dict[str, list]] = {}

    for name, ds_cls in rules.items():
        ds_kw, peer, torch_kw, rw = rule_spec(name)
        tensors = as_matrices(init, grads) if name in MATRIX_ONLY else (init, grads)
        makers: dict[str, Callable[[list], torch.optim.Optimizer]] = {"ds eager": lambda ps: ds_cls(ps, **ds_kw)}
        if "fused" in inspect.signature(ds_cls).parameters:
            makers["ds fused"] = lambda ps: ds_cls(ps, fused=True, **ds_kw)
        if peer is not None and "foreach" not in inspect.signature(peer).parameters:
            makers["torch"] = lambda ps: peer(ps, **torch_kw)  # its only implementation (Muon)
        elif peer is not None:
            makers["torch foreach"] = lambda ps: peer(ps, foreach=True, **torch_kw)
            if torch_has_fused(peer, torch_kw, args.device):
                makers["torch fused"] = lambda ps: peer(ps, fused=True, **torch_kw)
        res: dict = {"rw": rw, "peer": peer.__name__ if peer else None, "modes": {}}
        params[name] = {}
        for mode, make in makers.items():
            info: dict = {}
            res["modes"][mode] = info
            try:
                # Own parameters and state per contender; the gradients are shared (read-only
                # for every rule at these settings: no maximize, no in-place weight decay).
                ps = clone_params(*tensors)
                opt = make(ps)
                step = synchronized(opt.step, args.device)
                before = _dynamo_counts()
                warm, compiled_at = [], []
                for i in range(WARMUP_STEPS):
                    g0 = _dynamo_counts()["graphs"]
                    t0 = time.perf_counter()
                    step()
                    warm.append(time.perf_counter() - t0)
                    if _dynamo_counts()["graphs"] > g0:
                        compiled_at.append(i + 1)
                info["warmup_s"] = warm
                info["compiled_at_steps"] = compiled_at
                info["dynamo_warmup"] = _delta(_dynamo_counts(), before)
                steps[f"{name} | {mode}"], params[name][mode] = step, ps
            except Exception as err:  # a placeholder rule, or a mode torch lacks
                info["error"] = short_error(err)
                info["traceback"] = traceback.format_exc()
        results[name] = res
        _print_warmup_progress(name, res)

    print(f"timing {len(steps)} contenders x {args.repeats} rounds ...", flush=True)
    samples = time_interleaved(steps, args.repeats, probe=lambda: _dynamo_counts()["graphs"], max_seconds=args.budget)
    compiled_timed = samples.pop("_probe", {})
    rounds = rounds_done(samples, args.repeats, args.budget)
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
        ref_mode = next(m for m in ("torch foreach", "torch", "ds eager") if m in ps_by_mode or m == "ds eager")
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
            for peer_mode in ("torch foreach", "torch fused", "torch"):
                if peer_mode in timed:
                    r[f"{ds_mode} / {peer_mode}"] = paired_ratio(
                        timed[ds_mode]["samples_s"], timed[peer_mode]["samples_s"]
                    )
        if "ds fused" in timed and "ds eager" in timed:
            r["ds fused / ds eager"] = paired_ratio(timed["ds fused"]["samples_s"], timed["ds eager"]["samples_s"])
        res["ratios"] = r
        targets = {}
        if best and "torch foreach" in timed:
            targets["vs_foreach"], targets["vs_foreach_near"] = check(r[f"{best} / torch foreach"], TARGET_VS_FOREACH)
        if best and name in FUSED_TARGET_RULES and "torch fused" in timed:
            targets["vs_fused"], targets["vs_fused_near"] = check(r[f"{best} / torch fused"], TARGET_VS_FUSED)
        if best and ref_bw and "GBps" in timed[best]:
            res["bw_vs_ref"] = timed[best]["GBps"] / ref_bw
            targets["bandwidth"] = res["bw_vs_ref"] >= TARGET_BANDWIDTH
        res["targets"] = targets
    _print_step_tables(results, ref_bw, ref_label)
    return {
        "n_tensors": n_tensors,
        "numel": numel,
        "repeats": args.repeats,
        "rounds": rounds,
        "warmup_steps": WARMUP_STEPS,
        "inductor_startup_s": startup,
        "bandwidth_reference": ref_label,
        "bandwidth_reference_GBps": ref_bw,
        "rules": results,
    }


def _print_warmup_progress(name: str, res: dict) -> None:
    parts = []
    for mode, info in res["modes"].items():
        parts.append(
            f"{mode} {sum(info['warmup_s']):.2f} s" if "warmup_s" in info else f"{mode} ERROR ({info['error']})"
        )
    print(f"  warm-up {name:<9} " + ", ".join(parts), flush=True)


def _print_step_tables(results: dict, ref_bw: float | None, ref_label: str | None) -> None:
    modes = ["ds eager", "ds fused", "torch foreach", "torch fused", "torch"]
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
                row.append(fmt_spread(info, 1e3))
        rows.append(row)
    print_table(["rule"] + modes, rows)

    print("\nratios of medians [IQR of the per-round ratios]; < 1 means descend is faster")
    cols = [
        ("eager/foreach", "ds eager / torch foreach"),
        ("fused/foreach", "ds fused / torch foreach"),
        ("eager/t.fused", "ds eager / torch fused"),
        ("fused/t.fused", "ds fused / torch fused"),
        ("fused/eager", "ds fused / ds eager"),
        ("eager/torch", "ds eager / torch"),
    ]
    rows = []
    for name, res in results.items():
        r, t = res["ratios"], res["targets"]
        rows.append(
            [name]
            + [fmt_ratio(r.get(k)) for _, k in cols]
            + [
                res["best"] or "-",
                verdict(t.get("vs_foreach"), t.get("vs_foreach_near", False)),
                verdict(t.get("vs_fused"), t.get("vs_fused_near", False)) if name in FUSED_TARGET_RULES else "n/a",
            ]
        )
    print_table(
        ["rule"]
        + [c for c, _ in cols]
        + ["best", f"best<={TARGET_VS_FOREACH}x foreach", f"best<={TARGET_VS_FUSED}x t.fused"],
        rows,
    )
    print(
        "best = the faster descend mode by median; MISS* = missed, but the per-round IQR "
        "reaches the target (within this run's noise)"
    )
    print(
        "\nthe same ratios from each contender's fastest sample (min/min): the least contended view, for reference only"
    )
    rows = [[name] + [fmt_min_ratio(res["ratios"].get(k)) for _, k in cols] for name, res in results.items()]
    print_table(["rule"] + [c for c, _ in cols], rows)

    ref_txt = f"{ref_bw:.1f} GB/s ({ref_label})" if ref_bw else "unavailable"
    print(
        f"\neffective bandwidth, GB/s = (reads+writes) x 4 B x numel / median step; "
        f"reference {ref_txt}, target >= {TARGET_BANDWIDTH}x"
    )
    rows = []
    for name, res in results.items():
        rw = res["rw"]
        row = [name, f"{rw[0]}+{rw[1]}" if rw else "?"]
        for mode in modes:
            info = res["modes"].get(mode, {})
            row.append(f"{info['GBps']:.1f}" if "GBps" in info else "-")
        row.append(f"{res['bw_vs_ref']:.2f}" if "bw_vs_ref" in res else "-")
        row.append(verdict(res["targets"].get("bandwidth")))
        rows.append(row)
    print_table(["rule", "r+w"] + modes + ["best/ref", "target"], rows)

    print(
        f"\nwarm-up: first step / all {WARMUP_STEPS} warm-up steps (s); graphs compiled in warm-up "
        "(at which steps) and while timing; FX-graph cache hits/misses;\nmax |theta - reference| "
        "after the run (same start, same gradients, same number of steps)"
    )
    rows = []
    for name, res in results.items():
        for mode in ("ds eager", "ds fused"):
            info = res["modes"].get(mode, {})
            if "warmup_s" not in info:
                rows.append([name, mode, info.get("error", "-"), "", "", "", ""])
                continue
            w, d = info["warmup_s"], info["dynamo_warmup"]
            diff = next(
                (f"{v:.2g} ({k.split('_vs_')[1]})" for k, v in info.items() if k.startswith("max_abs_diff")), "-"
            )
            timed_graphs = info.get("graphs_compiled_while_timing", "-")
            at = ",".join(map(str, info["compiled_at_steps"])) or "-"
            rows.append(
                [
                    name,
                    mode,
                    f"{w[0]:.2f} / {sum(w):.2f}",
                    f"{d['graphs']} (step {at})" if d["graphs"] else "0",
                    str(timed_graphs),
                    f"{d['fx_hit']}/{d['fx_miss']}",
                    diff,
                ]
            )
    print_table(["rule", "mode", "warm-up s", "graphs", "recompiles timed", "fx hit/miss", "max|dθ| (vs)"], rows)
