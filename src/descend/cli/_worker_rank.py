"""What a process of a torchrun run is: one of several workers, and its rank (torchrun's
``WORLD_SIZE`` and ``RANK``); and the mark ``descend train --nproc`` leaves in its workers'
environment (it says their errors itself)."""

from __future__ import annotations

import os

__all__ = ["LAUNCHER", "in_worker", "worker_rank", "launched_workers"]

LAUNCHER = "DESCEND_NPROC_LAUNCHER"


def in_worker() -> bool:
    """Whether this process is one of several workers started by torchrun."""
    return _world() > 1


def launched_workers() -> int:
    """The workers ``descend train --nproc N`` started, N, where this process is one of them; else 1."""
    return _world() if os.environ.get(LAUNCHER) else 1


def _world() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def worker_rank() -> int:
    """This worker's rank (0 outside torchrun)."""
    return int(os.environ.get("RANK", "0"))
