"""What the doctor finds, as data: the kinds of finding, one :class:`Diagnosis`, and the
divergence threshold that the doctor reads and ``train`` stops on. Here, below both the
doctor and the training engine, so that the record of a run (``History.load``) can hold
findings without importing the doctor."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "Diagnosis", "DIVERGED"]

KINDS = (
    "divergence",
    "unbounded",
    "oscillation",
    "slow_progress",
    "vanishing_gradients",
    "exploding_gradients",
    "overfitting",
    "converged",
)

# A loss this many times its scale (the larger of its start and its best) above its best has
# diverged, although still finite: the doctor's reading, and where train stops such a run.
DIVERGED = 1e3


@dataclass(frozen=True)
class Diagnosis:
    """One finding: ``kind`` (one of :data:`KINDS`), the ``step`` where it shows (the optimizer
    update; for ``overfitting`` the last update of the best epoch), the ``evidence`` seen, with
    numbers, and the ``advice``: what to change.

    >>> d = Diagnosis("divergence", 12, "the loss became inf at step 12 with lr=0.5", "try lr=0.05")
    >>> str(d)
    'divergence at step 12: the loss became inf at step 12 with lr=0.5. try lr=0.05'
    """

    kind: str
    step: int | None
    evidence: str
    advice: str

    def __str__(self) -> str:
        where = f" at step {self.step}" if self.step is not None else ""
        return f"{self.kind}{where}: {self.evidence}. {self.advice}"
