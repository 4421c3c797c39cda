"""A training run's record built by hand, for the doctor's tests: its steps, epochs and,
optionally, instrument readings."""

from __future__ import annotations

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
