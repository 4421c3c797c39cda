"""A built run for the doctor's rule tests: full-batch curves with two instrument readings (at
step 10 and at the last step), as the corpus's runs carry them."""

from __future__ import annotations

import numpy as np

from descend.doctor._curves import Curves


def full_batch_run(
    loss: np.ndarray, *, lr: float, stability: float, grad_norm: np.ndarray | None = None, adaptive: bool = False
) -> Curves:
    """A run of ``len(loss)`` full-batch steps at ``lr``, both readings at effective stability
    ratio ``stability``: plain gradient steps (GD's threshold ``2/lr``), or Adam's
    preconditioned sharpness against its ``(2+2β1)/((1-β1) lr)``; the gradient norm
    ``grad_norm`` (default: from 1 down to 0.9)."""
    n = len(loss)
    threshold_lr = 38.0 if adaptive else 2.0
    rows = [
        {
            "step": step,
            "sharpness": stability * threshold_lr / lr,
            "threshold": threshold_lr / lr,
            "stability": stability,
            "threshold_lr": threshold_lr,
            "gain": 1.0,
            "preconditioned": adaptive,
        }
        for step in (10, n)
    ]
    return Curves(
        loss=loss,
        grad_norm=np.linspace(1.0, 0.9, n) if grad_norm is None else grad_norm,
        lr=np.full(n, lr),
        steps=np.arange(1, n + 1),
        converged=False,
        why_stopped="max epochs",
        full_batch=True,
        plain_steps=not adaptive,
        epoch_loss=loss,
        instruments=rows,
    )
