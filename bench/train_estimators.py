"""Section ``train``, part b: time to reach a held-out log-loss within 1% of the optimum,
``descend.GDClassifier`` against scikit-learn's ``SGDClassifier(loss="log_loss")`` and
``LogisticRegression(solver="lbfgs")`` on the same synthetic data, 20% held out. Target:
GDClassifier faster than SGDClassifier."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import numpy as np

from _train_cases import N_FEATURES, synthetic

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
    time_interleaved,
    verdict,
)

TARGET_GD_VS_SGD = 1.0  # GDClassifier / SGDClassifier time to target: below 1 = faster
REL_TARGET = 1.01  # "reached": held-out log-loss <= 1.01 x the optimum's
HOLDOUT = 0.2
# (b) contenders' settings (a budget is max_epochs / max_iter; see _time_to_target)
GD_SETTINGS = {"hidden_layer_sizes": (), "optimizer": "adam", "lr": 1e-2, "batch_size": 1024, "random_state": 0}
SGD_DEFAULTS = {"loss": "log_loss", "random_state": 0}
# scikit-learn's defaults (alpha=1e-4, learning_rate="optimal", tol=1e-3) converge to a
# regularised optimum about 1.5% above the unregularised one: they never reach 1%. This
# variant, tuned as lightly as GDClassifier's lr, is the one that can.
SGD_TUNED = {"loss": "log_loss", "alpha": 1e-6, "learning_rate": "constant", "eta0": 1e-3, "random_state": 0}
LBFGS_SETTINGS = {"solver": "lbfgs"}  # C=1.0: negligible on 400k rows
OPTIMUM_SETTINGS = {"solver": "lbfgs", "C": 1e10, "tol": 1e-10, "max_iter": 10_000}
BUDGET_CAP = 32


# --- b. time to a held-out log-loss within 1% of the optimum ----------------------------------


def _holdout_split(rows: int) -> dict:
    """Train/held-out arrays in each contender's native dtype: float32 for GDClassifier (it
    trains in the dtype it is given), float64 for scikit-learn (SGDClassifier converts
    anything else on every fit; the conversion is kept out of its time)."""
    X, y = synthetic(rows)
    n_train = rows - int(rows * HOLDOUT)
    X32, yn = X.numpy(), y.numpy()
    X64 = X32.astype(np.float64)
    return {
        "n_train": n_train,
        "y_tr": yn[:n_train],
        "y_te": yn[n_train:],
        "X32_tr": X32[:n_train],
        "X32_te": X32[n_train:],
        "X64_tr": X64[:n_train],
        "X64_te": X64[n_train:],
    }


def _heldout_log_loss(model, X_te, y_te) -> float:
    from sklearn.metrics import log_loss

    return float(log_loss(y_te, model.predict_proba(X_te)[:, 1], labels=[0, 1]))


def _n_iter(model) -> int:
    return int(np.max(model.n_iter_))


def _time_to_target(make: Callable[[int], object], X_tr, y_tr, X_te, y_te, target: float) -> dict:
    """Smallest budget (max_epochs / max_iter) whose fit reaches ``target`` held-out log-loss:
    budgets 1, 2, 4, ... up to ``BUDGET_CAP`` until one reaches it, then bisection between
    the last two. A fit that stops before its budget (its own convergence test) ends the
    search: a larger budget would give the same model. Each fit is timed once here; the
    reported times come from interleaved repeats at the budget found."""
    tried: dict[int, dict] = {}

    def fit(budget: int) -> dict:
        if budget not in tried:
            model = make(budget)
            t0 = time.perf_counter()
            model.fit(X_tr, y_tr)
            seconds = time.perf_counter() - t0
            loss = _heldout_log_loss(model, X_te, y_te)
            tried[budget] = {"seconds": seconds, "log_loss": loss, "n_iter": _n_iter(model), "reached": loss <= target}
        return tried[budget]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at small budgets, by design
        fit(1)  # warm-up (lazy imports, thread pools); refitted below
        tried.clear()
        budget, below = 1, 0
        while True:
            r = fit(budget)
            if r["reached"] or r["n_iter"] < budget or budget >= BUDGET_CAP:
                break
            below, budget = budget, budget * 2
        if r["reached"]:
            lo, hi = below, budget  # lo did not reach (or is 0), hi did
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if fit(mid)["reached"] else (mid, hi)
            budget = hi
    best = min(tried.values(), key=lambda r: r["log_loss"])
    return {
        "reached": tried[budget]["reached"],
        "budget": budget,
        "fit": tried[budget],
        "best_log_loss": best["log_loss"],
        "search": {str(k): v for k, v in sorted(tried.items())},
    }


def bench_estimators(args) -> dict:
    repeats = args.repeats_train
    print(
        f"\n--- 4b. time to a held-out log-loss <= {REL_TARGET} x the optimum: GDClassifier "
        f"vs scikit-learn (target: GDClassifier faster than SGDClassifier) ---"
    )
    try:
        from descend import GDClassifier
    except Exception as err:  # being written concurrently
        print(f"GDClassifier: not available ({short_error(err)})")
        return {"available": False, "error": short_error(err)}
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    d = _holdout_split(args.rows)
    n_te = len(d["y_te"])
    print(
        f"data: {d['n_train']:,} training rows, {n_te:,} held out, {N_FEATURES} features "
        f"(synthetic, binary, {d['y_tr'].mean():.0%} positive)"
    )
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = LogisticRegression(**OPTIMUM_SETTINGS).fit(d["X64_tr"], d["y_tr"])
    optimum_s = time.perf_counter() - t0
    optimum = _heldout_log_loss(ref, d["X64_te"], d["y_te"])
    target = REL_TARGET * optimum
    print(
        f"optimum: held-out log-loss {optimum:.5f} of LogisticRegression({_kw(OPTIMUM_SETTINGS)})"
        f" ({_n_iter(ref)} iterations, {optimum_s:.1f} s, not a contender); "
        f"target {target:.5f}"
    )

    contenders = {
        "GDClassifier": (lambda b: GDClassifier(max_epochs=b, **GD_SETTINGS), "32"),
        "SGDClassifier defaults": (lambda b: SGDClassifier(max_iter=b, **SGD_DEFAULTS), "64"),
        "SGDClassifier tuned": (lambda b: SGDClassifier(max_iter=b, **SGD_TUNED), "64"),
        "LogisticRegression lbfgs": (lambda b: LogisticRegression(max_iter=b, **LBFGS_SETTINGS), "64"),
    }
    settings = {
        "GDClassifier": GD_SETTINGS,
        "SGDClassifier defaults": SGD_DEFAULTS,
        "SGDClassifier tuned": SGD_TUNED,
        "LogisticRegression lbfgs": LBFGS_SETTINGS,
    }
    found: dict[str, dict] = {}
    for name, (make, bits) in contenders.items():
        X_tr, X_te = d[f"X{bits}_tr"], d[f"X{bits}_te"]
        try:
            found[name] = _time_to_target(make, X_tr, d["y_tr"], X_te, d["y_te"], target)
        except Exception as err:
            found[name] = {"reached": False, "error": short_error(err)}
        found[name]["settings"] = settings[name]
        found[name]["dtype"] = f"float{bits}"

    # Interleaved repeats of each contender's fit at its budget (those that reached).
    timed = {n: r for n, r in found.items() if r.get("reached")}

    def refit(name: str) -> Callable[[], object]:
        make, bits = contenders[name]
        budget = found[name]["budget"]
        X_tr = d[f"X{bits}_tr"]
        return lambda: make(budget).fit(X_tr, d["y_tr"])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wall = args.budget / 3
        samples = time_interleaved({n: refit(n) for n in timed}, repeats, gc_off=False, max_seconds=wall)
    if samples:
        rounds_done(samples, repeats, wall)
    for name, xs in samples.items():
        found[name]["samples_s"] = xs
        found[name].update(summary(xs))

    rows = []
    for name, r in found.items():
        if "error" in r:
            rows.append([name, r["dtype"], "ERROR", r["error"], "", "", ""])
            continue
        unit = "epochs" if name != "LogisticRegression lbfgs" else "iterations"
        if r["reached"]:
            reach = f"{r['budget']} {unit}"
        elif r["fit"]["n_iter"] < r["budget"]:
            reach = f"never: stops by itself after {r['fit']['n_iter']} {unit}"
        else:
            reach = f"not within {r['budget']} {unit} (cap)"
        rows.append(
            [
                name,
                r["dtype"],
                reach,
                f"{r['fit']['log_loss']:.5f} ({r['fit']['log_loss'] / optimum:.4f}x)",
                f"{r['best_log_loss'] / optimum:.4f}x",
                fmt_spread(r, 1e3, 0) if "median" in r else "-",
                ", ".join(f"{b}:{v['log_loss'] / optimum:.3f}" for b, v in r["search"].items()),
            ]
        )
    print_table(
        [
            "contender",
            "X",
            "budget to target",
            "held-out log-loss at it",
            "best seen",
            "fit ms to target",
            "budgets tried: loss/optimum",
        ],
        rows,
    )
    for name, r in found.items():
        print(f"  {name}: {_kw(r['settings'])}")

    ratios, verdicts = {}, {}
    gd = found.get("GDClassifier", {})
    for peer in ("SGDClassifier defaults", "SGDClassifier tuned", "LogisticRegression lbfgs"):
        p = found.get(peer, {})
        key = f"GDClassifier / {peer}"
        if gd.get("reached") and p.get("reached"):
            ratios[key] = paired_ratio(gd["samples_s"], p["samples_s"])
        if peer.startswith("SGD"):
            if not gd.get("reached"):
                verdicts[key] = (False, False)
            elif not p.get("reached"):
                verdicts[key] = (True, True)  # GD reached the target, the peer never did
            else:
                ok, near = check(ratios[key], TARGET_GD_VS_SGD)
                # "faster" is strict: a tie is no pass
                verdicts[key] = (ok and ratios[key]["ratio"] < TARGET_GD_VS_SGD, near)
    rows = []
    for peer in ("SGDClassifier defaults", "SGDClassifier tuned", "LogisticRegression lbfgs"):
        key = f"GDClassifier / {peer}"
        r = ratios.get(key)
        txt, mn = (fmt_ratio(r), fmt_min_ratio(r)) if r is not None else ("-", "-")
        for who, res in (("GDClassifier", gd), (peer.split()[0], found.get(peer, {}))):
            if r is None and ("error" in res or not res.get("reached")):
                txt = f"- ({who}: {'ERROR' if 'error' in res else 'did not reach the target'})"
                break
        v = verdicts.get(key)
        vtxt = verdict(*v) if v else "-"
        if v and gd.get("reached") and not found.get(peer, {}).get("reached"):
            vtxt += " (the peer never reached it)"
        rows.append([key, txt, mn, f"< {TARGET_GD_VS_SGD}" if v else "(info)", vtxt])
    print_table(["time to target", "ratio [IQR]", "min/min", "target", "verdict"], rows)
    print(
        f"fit times: median (min-max) of {repeats} interleaved fits at the budget found; "
        "ratio < 1 means GDClassifier is faster"
    )
    return {
        "available": True,
        "train_rows": d["n_train"],
        "heldout_rows": n_te,
        "optimum_log_loss": optimum,
        "optimum_fit_s": optimum_s,
        "optimum_settings": OPTIMUM_SETTINGS,
        "target_log_loss": target,
        "contenders": found,
        "ratios": ratios,
        "verdicts": {k: v[0] for k, v in verdicts.items()},
    }


def _kw(kw: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())
