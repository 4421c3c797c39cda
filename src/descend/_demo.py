"""The demo behind ``make demo``: train an MLP on the digits data set by full-batch,
stochastic and mini-batch gradient descent, then minimize every built-in test function with
several optimizers; one table each."""

from __future__ import annotations

import time

import torch

from . import functions
from .minimize import minimize
from .training import train

# Settings that suit each variant on digits (1437 training images, 8x8, 10 classes).
_TRAINING = {
    "full-batch GD": dict(optimizer="gd", lr=0.5, batch_size=None, epochs=300),
    "SGD, batch 1": dict(optimizer="sgd", lr=0.01, batch_size=1, epochs=5),
    "momentum, batch 32": dict(optimizer="momentum", lr=0.05, batch_size=32, epochs=30),
    "Adam, batch 32": dict(optimizer="adam", lr=1e-3, batch_size=32, epochs=30),
}

# A learning rate per optimizer that suits these 2-D problems.
_MINIMIZERS = {
    "gd": dict(lr=1e-3),
    "gd+armijo": dict(optimizer="gd", lr=1.0, line_search="armijo"),
    "momentum": dict(lr=1e-3),
    "nesterov": dict(lr=1e-3),
    "rmsprop": dict(lr=5e-3),
    "adam": dict(lr=2e-2),
}


def _print_table(header: list[str], rows: list[list[str]], left: int = 2) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))

    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))


def _training_row(label: str, options: dict) -> list[str]:
    start = time.perf_counter()
    h = train("mlp", "digits", progress=False, **options)
    seconds = time.perf_counter() - start
    return [label, h.stopped_because.split(":")[0], str(len(h.loss)), str(len(h.steps["loss"])),
            f"{h.loss[h.best_epoch]:.4f}", f"{h.epochs['val_accuracy'][h.best_epoch]:.3f}",
            f"{seconds:.1f}"]


def _minimize_row(fn, label: str, options: dict) -> list[str]:
    options = {"optimizer": label, **options}
    x0 = torch.tensor(fn.start, dtype=torch.float64)
    start = time.perf_counter()
    res = minimize(fn, x0, max_iter=5000, gtol=1e-6, **options)
    seconds = time.perf_counter() - start
    gap = min(max(abs(a - b) for a, b in zip(res.x.tolist(), m)) for m in fn.minima)
    return [fn.name, label, f"{res.fun - fn.minimum_value:.2e}", f"{gap:.1e}", str(res.nit),
            f"{seconds * 1e3:.0f}", res.status]


def main() -> None:
    print("descend demo 1/2: an MLP (64-64-10) on digits; the weights of the best validation epoch\n")
    _print_table(["gradient descent", "stopped by", "epochs", "steps", "train loss", "val accuracy", "s"],
                 [_training_row(label, options) for label, options in _TRAINING.items()])
    print("\ndescend demo 2/2: minimize() from each test function's classic start, float64, "
          "at most 5000 steps\n")
    _print_table(["function", "optimizer", "f - f*", "|x - x*|", "iters", "ms", "stopped by"],
                 [_minimize_row(functions.get(name), label, options)
                  for name in functions.names() for label, options in _MINIMIZERS.items()])


if __name__ == "__main__":
    main()
