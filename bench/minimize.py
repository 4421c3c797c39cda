"""Section ``minimize``: ``descend.minimize`` per-iteration time on 2-D Rosenbrock against a
hand-written ``torch.optim.SGD`` loop, and a whole run on a 100,000-coordinate quadratic against
the same loop: there the instruments' readings (:mod:`descend.minimize.readings`), whose cost is
fixed per reading, are what a short run on a large problem pays for (the Rosenbrock case's
10,000 cheap iterations hide them)."""

from __future__ import annotations

import statistics

import torch

import descend as ds

from _timing import check, fmt_ratio, paired_ratio, print_table, rounds_done, summary, time_interleaved, verdict

TARGET_MINIMIZE = 1.2
# The large quadratic: its first reading (a cold Lanczos, 14 products and their
# reorthogonalisation on 100,000 coordinates) costs about as much as the run's 150 iterations,
# whatever the run's length; the others are held to a tenth of the run's time (or 50 ms).
TARGET_LARGE = 2.5
LARGE_NUMEL, LARGE_ITERS, LARGE_LR = 100_000, 150, 0.1


def rosenbrock(x: torch.Tensor) -> torch.Tensor:
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def bench_minimize(args) -> dict:
    iters, repeats = args.iters, max(args.repeats_minimize, 1)
    print(
        f"\n=== 2. minimize: 2-D Rosenbrock, {iters} iterations of momentum GD (lr=1e-4), "
        f"{repeats} interleaved repeats ==="
    )
    nits = []

    def ds_minimize():
        res = ds.minimize(rosenbrock, torch.tensor([-1.5, 2.0]), optimizer="momentum", lr=1e-4, max_iter=iters, gtol=0)
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
    budget = args.budget / 2
    samples = time_interleaved(contenders, repeats, max_seconds=budget)
    rounds_done(samples, repeats, budget)
    per_iter = {k: [s / iters for s in v] for k, v in samples.items()}
    ratio = paired_ratio(samples["ds.minimize"], samples["torch.optim.SGD loop"])
    ratio_rule = paired_ratio(samples["ds.optim.SGD loop"], samples["torch.optim.SGD loop"])
    ok, near = check(ratio, TARGET_MINIMIZE)
    rows = []
    for k, v in per_iter.items():
        s = summary(v)
        rows.append(
            [
                k,
                f"{s['median'] * 1e6:.1f}",
                f"{s['min'] * 1e6:.1f}-{s['max'] * 1e6:.1f}",
                f"{statistics.median(samples[k]):.2f}",
            ]
        )
    print_table(["contender", "us/iter median", "min-max", "s/run"], rows)
    print(f"ds.minimize / torch loop: {fmt_ratio(ratio)}  target <= {TARGET_MINIMIZE}: {verdict(ok, near)}")
    print(f"ds.optim.SGD loop / torch loop (rule alone, info): {fmt_ratio(ratio_rule)}")
    if any(n != iters for n in nits):
        print(f"WARNING: ds.minimize stopped after {sorted(set(nits))} iterations, not {iters}")
    large = bench_large_quadratic(repeats, budget / 2)  # capped at a quarter of --budget
    return {
        "iters": iters,
        "repeats": repeats,
        "samples_s": samples,
        "per_iter_us": {k: summary([x * 1e6 for x in v]) for k, v in per_iter.items()},
        "ratio": ratio,
        "rule_ratio": ratio_rule,
        "target": TARGET_MINIMIZE,
        "pass": ok,
        "ds_nit": sorted(set(nits)),
        "large_quadratic": large,
    }


def bench_large_quadratic(repeats: int, budget: float) -> dict:
    """A whole ``ds.minimize`` run of ``LARGE_ITERS`` gd iterations on
    ``ds.functions.quadratic(10, dim=LARGE_NUMEL)`` (float64) / the same iterations of a
    hand-written ``torch.optim.SGD`` loop, medians of interleaved repeats."""
    quad = ds.functions.quadratic(10.0, dim=LARGE_NUMEL)
    x0 = torch.ones(LARGE_NUMEL, dtype=torch.float64)
    print(
        f"\n--- minimize on a {LARGE_NUMEL:,}-coordinate quadratic: {LARGE_ITERS} iterations of gd "
        f"(lr={LARGE_LR}), whole runs, {repeats} interleaved repeats ---"
    )
    seen = []

    def ds_minimize():
        res = ds.minimize(quad, x0, lr=LARGE_LR, max_iter=LARGE_ITERS, gtol=0)
        seen.append((res.nit, len(res.history.instruments), len(res.history.skipped_readings)))

    def sgd_loop():
        x = x0.clone().requires_grad_(True)
        opt = torch.optim.SGD([x], lr=LARGE_LR)
        for _ in range(LARGE_ITERS):
            opt.zero_grad()
            quad(x).backward()
            opt.step()

    contenders = {"ds.minimize": ds_minimize, "torch.optim.SGD loop": sgd_loop}
    for fn in contenders.values():
        fn()
    samples = time_interleaved(contenders, repeats, max_seconds=budget)
    rounds_done(samples, repeats, budget)
    ratio = paired_ratio(samples["ds.minimize"], samples["torch.optim.SGD loop"])
    ok, near = check(ratio, TARGET_LARGE)
    print_table(["contender", "s/run median"], [[k, f"{statistics.median(v):.3f}"] for k, v in samples.items()])
    nit, taken, skipped = seen[-1]
    print(f"ds.minimize: {nit} iterations, {taken} readings taken, {skipped} skipped for time")
    print(f"ds.minimize / torch loop: {fmt_ratio(ratio)}  target <= {TARGET_LARGE}: {verdict(ok, near)}")
    return {
        "numel": LARGE_NUMEL,
        "iters": LARGE_ITERS,
        "samples_s": samples,
        "ratio": ratio,
        "target": TARGET_LARGE,
        "pass": ok,
        "readings": {"taken": taken, "skipped": skipped},
    }
