"""A training run's record built by hand, for the doctor's tests: its steps, epochs and,
optionally, instrument readings; one reading's row, and three loss curves."""

from __future__ import annotations

import math

import descend as ds


def built_history(
    loss, lr=0.1, grad=1.0, instruments=None, converged=False, val_loss=None, plain_steps=False, batches=1
):
    """A run's record built by hand: one step per epoch (full batch), or ``batches`` steps an
    epoch (mini-batches)."""
    n = len(loss)
    h = ds.History(
        steps={
            "step": list(range(1, n + 1)),
            "epoch": [i // batches for i in range(n)],
            "loss": list(loss),
            "lr": [[lr]] * n,
            "grad_norm": [grad] * n,
        },
        epochs={
            "loss": list(loss)[batches - 1 :: batches],
            **({"val_loss": list(val_loss)} if val_loss is not None else {}),
        },
        converged=converged,
        stopped_because="converged" if converged else f"reached the maximum of {n} epochs",
        plain_steps=plain_steps,
    )
    if instruments is not None:
        h.instruments = instruments
    return h


def row(step, sharpness, threshold):
    """An instrument row: λ_max = ``sharpness`` read at ``step`` against the ``threshold`` 2/lr."""
    return {
        "step": step,
        "probe_loss": 1.0,
        "sharpness": sharpness,
        "threshold": threshold,
        "stability": sharpness / threshold,
        "noise_scale": math.nan,
        "batch_size": 30,
        "alpha": math.nan,
    }


# Loss curves: one that blows up, one that swings while it falls, one that falls slowly.
DIVERGING = [1.0, 0.9, 2.0, 10.0, 1e3, 1e5]
ZIGZAG = [1.0 + 0.5 * (i % 2) - 0.002 * i for i in range(20)]
CRAWLING = [1.0 - 0.0025 * i for i in range(40)]
