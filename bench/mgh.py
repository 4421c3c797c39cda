"""Section ``mgh``: ``descend.minimize(method="lbfgs")`` against scipy's L-BFGS-B on the
Moré–Garbow–Hillstrom problems (``descend.functions.mgh``), with the same tolerances and the
same function and autograd gradient: solved or not (final f within 1e-6 of the known minimum,
relative above 1, absolute below), evaluations of (f, grad), iterations, wall time. For
information, the best of gradient descent, momentum and Adam with ``lr="auto"``.

scipy runs with its BLAS on one thread (threadpoolctl): on these tiny problems OpenBLAS's
threads make each L-BFGS-B iteration tens of times slower on a busy machine, and the bench
compares against scipy at its best."""

from __future__ import annotations

import contextlib
import statistics
import time

import numpy as np
import torch

import descend as ds
from descend.functions import mgh

from _timing import print_table, time_interleaved, verdict

GTOL = 1e-5  # scipy's default pgtol (its max norm; descend's gtol is the 2-norm: no looser)
FTOL = 2.220446049250313e-09  # scipy's default ftol (factr = 1e7)
MAX_ITER = 15000  # scipy's default maxiter
HISTORY = 10  # scipy's default maxcor
TARGET_EVALS = 1.2  # median evaluation ratio, descend / scipy, over problems both solve
GD_RULES = ("gd", "momentum", "adam")
GD_MAX_ITER = 5000


def solved(f: float, p) -> bool:
    return abs(f - p.minimum_value) <= 1e-6 * max(1.0, abs(p.minimum_value))


def _descend(p):
    return ds.minimize(p, p.start, method="lbfgs", gtol=GTOL, ftol=FTOL, max_iter=MAX_ITER, history_size=HISTORY)


def _scipy(p):
    from scipy.optimize import minimize

    def fun(x):
        t = torch.from_numpy(x).requires_grad_(True)
        f = p(t)
        (g,) = torch.autograd.grad(f, t)
        return f.item(), g.numpy()

    options = dict(gtol=GTOL, ftol=FTOL, maxiter=MAX_ITER, maxcor=HISTORY)
    return minimize(fun, np.array(p.start, dtype=np.float64), jac=True, method="L-BFGS-B", options=options)


def _one_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn brings it; without it scipy keeps its threads
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def _best_gd(p):
    best, took = None, 0.0
    for rule in GD_RULES:
        t0 = time.perf_counter()
        try:
            res = ds.minimize(p, p.start, optimizer=rule, lr="auto", gtol=GTOL, ftol=FTOL, max_iter=GD_MAX_ITER)
        except ValueError:  # lr="auto" finds no rate
            continue
        seconds = time.perf_counter() - t0
        if best is None or res.fun < best[1].fun:
            best, took = (rule, res), seconds
    return best, took


def bench_mgh(args) -> dict:
    with _one_blas_thread():  # for the whole section: entering it costs more than an iteration
        return _bench(args)


def _bench(args) -> dict:
    repeats = 3 if args.quick else 5
    print(
        f"\n=== mgh: {len(mgh.PROBLEMS)} Moré-Garbow-Hillstrom problems, ds.minimize(method='lbfgs') vs "
        f"scipy L-BFGS-B (gtol={GTOL:g}, ftol={FTOL:.3g}, history {HISTORY}), {repeats} interleaved timings ==="
    )
    rows, out = [], {}
    for p in mgh.PROBLEMS:
        mine, theirs = _descend(p), _scipy(p)
        samples = time_interleaved({"descend": lambda: _descend(p), "scipy": lambda: _scipy(p)}, repeats)
        t_mine, t_theirs = statistics.median(samples["descend"]), statistics.median(samples["scipy"])
        (rule, gd), t_gd = _best_gd(p)
        entry = {
            "n": p.dim,
            "minimum": p.minimum_value,
            "descend": dict(f=mine.fun, solved=solved(mine.fun, p), nfev=mine.nfev, nit=mine.nit, status=mine.status, s=t_mine),
            "scipy": dict(f=float(theirs.fun), solved=solved(float(theirs.fun), p), nfev=int(theirs.nfev), nit=int(theirs.nit), s=t_theirs),
            "best_gd": dict(rule=rule, f=gd.fun, solved=solved(gd.fun, p), nfev=gd.nfev, nit=gd.nit, s=t_gd),
        }  # fmt: skip
        out[p.name] = entry
        d, s, g = entry["descend"], entry["scipy"], entry["best_gd"]
        rows.append(
            [
                f"{p.name} ({p.dim})",
                f"{'yes' if d['solved'] else 'NO'} {d['f']:.3g}",
                f"{'yes' if s['solved'] else 'NO'} {s['f']:.3g}",
                f"{d['nfev']}/{s['nfev']}",
                f"{d['nit']}/{s['nit']}",
                f"{d['nfev'] / s['nfev']:.2f}",
                f"{t_mine * 1e3:.1f}/{t_theirs * 1e3:.1f}",
                f"{(t_mine / max(d['nit'], 1)) / (t_theirs / max(s['nit'], 1)):.2f}",
                f"{g['rule']} {'yes' if g['solved'] else 'no'} {g['f']:.3g} ({g['nit']} it)",
            ]
        )
    print_table(
        ["problem (n)", "descend solved, f", "scipy solved, f", "nfev ds/sp", "nit ds/sp", "nfev ratio",
         "ms ds/sp", "s/iter ratio", "best GD rule (lr=auto), f"],
        rows,
    )  # fmt: skip
    both = [e for e in out.values() if e["descend"]["solved"] and e["scipy"]["solved"]]
    missed = [k for k, e in out.items() if e["scipy"]["solved"] and not e["descend"]["solved"]]
    ratio = statistics.median(e["descend"]["nfev"] / e["scipy"]["nfev"] for e in both) if both else float("nan")
    per_iter = statistics.median(
        (e["descend"]["s"] / max(e["descend"]["nit"], 1)) / (e["scipy"]["s"] / max(e["scipy"]["nit"], 1))
        for e in out.values()
    )
    gd_per_iter = statistics.median(
        (e["best_gd"]["s"] / max(e["best_gd"]["nit"], 1)) / (e["scipy"]["s"] / max(e["scipy"]["nit"], 1))
        for e in out.values()
    )
    n_ds = sum(e["descend"]["solved"] for e in out.values())
    n_sp = sum(e["scipy"]["solved"] for e in out.values())
    n_gd = sum(e["best_gd"]["solved"] for e in out.values())
    print(
        f"solved: descend {n_ds}, scipy {n_sp} of {len(out)} (best GD rule: {n_gd}); "
        f"scipy solves and descend does not: {', '.join(missed) or 'none'}  {verdict(not missed)}"
    )
    print(
        f"median evaluations descend/scipy over the {len(both)} both solve: {ratio:.2f}  target <= {TARGET_EVALS}: {verdict(ratio <= TARGET_EVALS)}"
    )
    print(
        f"median time per iteration descend/scipy: {per_iter:.2f}; best GD rule/scipy (info, approx.): {gd_per_iter:.2f}"
    )
    return {
        "problems": out,
        "solved": {"descend": n_ds, "scipy": n_sp, "best_gd": n_gd},
        "missed": missed,
        "eval_ratio_median": ratio,
        "per_iter_ratio_median": per_iter,
        "gd_per_iter_ratio_median": gd_per_iter,
        "target_evals": TARGET_EVALS,
        "pass": not missed and ratio <= TARGET_EVALS,
    }
