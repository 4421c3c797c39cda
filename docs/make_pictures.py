"""The README's picture of the instruments, drawn from real runs. Run once, from the repository
root, after a change to what the instruments measure:

    .venv/bin/python docs/make_pictures.py

It trains descend's MLP on the digits data set with SGD (batches of 32, 4 epochs) at three
learning rates, 0.1, 0.8 and 2.0, with the instruments read every 10 steps, and writes
``docs/instruments.png``: on the left the stability ratio (sharpness / the threshold 2/lr) of
each run (a diverged one up to the step where it diverged), on the right the gradient noise scale B_simple of the two runs that do not diverge
against their batch size. About a minute on a laptop's CPU; the runs are seeded, so the
picture comes out the same.
"""

from __future__ import annotations

import math
from pathlib import Path

from matplotlib.figure import Figure

import descend as ds

OUT = Path(__file__).resolve().parent / "instruments.png"
RATES = (0.1, 0.8, 2.0)
BATCH = 32


def main() -> None:
    runs = {
        lr: ds.train(
            "mlp", "digits", optimizer="sgd", lr=lr, batch_size=BATCH, epochs=4, instruments=10, progress=False
        )
        for lr in RATES
    }
    fig = Figure(figsize=(9.6, 3.4), layout="constrained")
    stability, noise = fig.subplots(1, 2)
    for i, (lr, history) in enumerate(runs.items()):
        verdict = "diverged" if history.stopped_because.startswith("diverged") else f"loss {history.loss[-1]:.2g}"
        # A diverged run is drawn up to where the doctor saw it diverge: after that the
        # saturated network's readings say nothing about the rate.
        end = next((d.step for d in history.diagnoses if d.kind == "divergence"), math.inf)
        rows = [(s, r) for s, r in _taken(history.instruments, "stability") if s <= end]
        stability.plot(*zip(*rows), marker="o", ms=3, lw=1, color=f"C{i}", label=f"lr = {lr:g} ({verdict})")
        if verdict != "diverged":
            rows = _taken(history.instruments, "noise_scale")
            noise.plot(*zip(*rows), marker="o", ms=3, lw=1, color=f"C{i}", label=f"B_simple, lr = {lr:g}")
    stability.axhline(1.0, color="C3", ls="--", lw=1, label="stability threshold (λ_max = 2/lr)")
    stability.set(title="stability ratio λ_max·lr/2", xlabel="step", ylabel="sharpness / threshold", yscale="log")
    stability.legend(fontsize="x-small")
    noise.axhline(BATCH, color="k", ls="--", lw=1, label=f"batch size {BATCH}")
    noise.set(title="gradient noise scale", xlabel="step", ylabel="examples", yscale="log")
    noise.legend(fontsize="x-small")
    fig.suptitle("MLP on digits, SGD with batches of 32: descend's instruments, read every 10 steps", fontsize="medium")
    fig.savefig(OUT, dpi=90)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


def _taken(rows: list[dict], key: str) -> list[tuple[int, float]]:
    """``(step, reading)`` where the reading was taken and is finite and positive."""
    return [(r["step"], r[key]) for r in rows if isinstance(r[key], float) and 0 < r[key] < math.inf]


if __name__ == "__main__":
    main()
