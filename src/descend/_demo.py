"""The demo behind ``make demo``: every built-in test function, several optimizers, one table."""

from __future__ import annotations

import time

import torch

from . import functions
from .minimize import minimize

# A learning rate per optimizer that suits these 2-D problems.
_OPTIMIZERS = {
    "gd": dict(lr=1e-3),
    "gd+armijo": dict(optimizer="gd", lr=1.0, line_search="armijo"),
    "momentum": dict(lr=1e-3),
    "nesterov": dict(lr=1e-3),
    "rmsprop": dict(lr=5e-3),
    "adam": dict(lr=2e-2),
}


def _row(fn, label: str, options: dict) -> list[str]:
    options = {"optimizer": label, **options}
    x0 = torch.tensor(fn.start, dtype=torch.float64)
    start = time.perf_counter()
    res = minimize(fn, x0, max_iter=5000, gtol=1e-6, **options)
    seconds = time.perf_counter() - start
    gap = min(max(abs(a - b) for a, b in zip(res.x.tolist(), m)) for m in fn.minima)
    return [fn.name, label, f"{res.fun - fn.minimum_value:.2e}", f"{gap:.1e}", str(res.nit),
            f"{seconds * 1e3:.0f}", res.status]


def main() -> None:
    header = ["function", "optimizer", "f - f*", "|x - x*|", "iters", "ms", "stopped by"]
    rows = [
        _row(functions.get(name), label, options)
        for name in functions.names()
        for label, options in _OPTIMIZERS.items()
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.rjust(w) if i >= 2 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    print("descend demo: minimize() from each function's classic start, float64, max 5000 steps\n")
    print(line(header))
    print(line(["-" * w for w in widths]))
    previous = None
    for r in rows:
        if previous is not None and r[0] != previous:
            print()
        print(line(r))
        previous = r[0]


if __name__ == "__main__":
    main()
