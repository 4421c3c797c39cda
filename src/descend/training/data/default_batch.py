"""The estimators' default batch, ``batch_size="default"``: 32, or the full batch for a rule of
full-batch gradients (L-BFGS, Rprop), as ``descend.train`` takes its own default.

scikit-learn wants a default of a plain type that ``get_params`` gives back unchanged, so the
default is a name rather than a marked ``int`` (``train``'s ``TRAIN_BATCH_SIZE``): an explicit
``batch_size=32`` stays a batch of 32 for every rule.
"""

from __future__ import annotations

from typing import Any

from ... import optim

__all__ = ["DEFAULT_BATCH", "default_batch"]

DEFAULT_BATCH = 32  # what batch_size="default" means for a rule of mini-batch gradients


def default_batch(batch_size: Any, optimizer: Any) -> Any:
    """``batch_size`` with ``"default"`` read for ``optimizer``: the full batch (``None``) for
    L-BFGS and Rprop, whose line search and sign steps need the function's own gradient,
    else 32. Any other value (a number, ``None``, ``"auto"``) is returned as it is.

    >>> default_batch("default", "adam"), default_batch("default", "lbfgs"), default_batch(32, "lbfgs")
    (32, None, 32)
    """
    if batch_size != "default":
        return batch_size
    return None if optim.full_batch_rule(optimizer) else DEFAULT_BATCH
