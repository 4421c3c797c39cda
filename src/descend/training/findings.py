"""What the doctor finds, as data: the kinds of finding, one :class:`Diagnosis`, and the
divergence threshold that the doctor reads and ``train`` stops on. Here, below both the
doctor and the training engine, so that the record of a run (``History.load``) can hold
findings without importing the doctor."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "ADVISORY", "UNRECOVERABLE", "Diagnosis", "DIVERGED", "merged_change", "CAUTIOUS"]

KINDS = (
    "divergence",
    "unbounded",
    "oscillation",
    "slow_progress",
    "vanishing_gradients",
    "unscaled_inputs",
    "exploding_gradients",
    "overfitting",
    "converged",
    "batch_size",
)

# A loss this many times its scale (the larger of its start and its best) above its best has
# diverged, although still finite: the doctor's reading, and where train stops such a run.
DIVERGED = 1e3


# Settings where the smaller of two proposed values is the cautious one (smaller steps): a
# schedule as the doctor advises one (descend.schedules.scaled), by its factor.
CAUTIOUS = ("lr", "momentum", "clip_grad_norm", "clip_grad_value", "schedule")
# Kinds of finding that advise on efficiency rather than report a fault.
ADVISORY = ("batch_size",)
# Kinds of finding after which a run does not come back: tune prunes its trial, find_label_issues
# makes no list from it.
UNRECOVERABLE = ("divergence", "unbounded")


@dataclass(frozen=True)
class Diagnosis:
    """One finding: ``kind`` (one of :data:`KINDS`), the ``step`` where it shows (the optimizer
    update; for ``overfitting`` the last update of the best epoch), the ``evidence`` seen, with
    numbers, the ``advice``: what to change, and ``change``: the same advice as settings of the
    run (keyword arguments of ``descend.train`` for a training run, of ``descend.minimize``
    for a minimize result), ``{}`` when no setting addresses it. ``ds.train(model, data,
    **{**settings, **finding.change})`` applies it over the run's ``settings`` (the change
    replaces what it names). ``change`` takes no part in the hash.

    >>> d = Diagnosis("divergence", 12, "the loss became inf at step 12 with lr=0.5", "try lr=0.05", {"lr": 0.05})
    >>> str(d)
    'divergence at step 12: the loss became inf at step 12 with lr=0.5. try lr=0.05'
    >>> d.change
    {'lr': 0.05}
    """

    kind: str
    step: int | None
    evidence: str
    advice: str
    change: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # A copy: a finding is frozen, and must not change with the dict it was given.
        object.__setattr__(self, "change", dict(self.change or {}))

    def __str__(self) -> str:
        return f"{self._headed()}: {self.evidence}. {self.advice}"

    def bulleted(self, width: int = 100) -> str:
        """The finding as a person reads it in a terminal or a log: a ``- `` line with the kind,
        the step and the advice (what to change first), then the evidence indented under it,
        each wrapped at ``width`` columns (numbers are never split).

        >>> d = Diagnosis("divergence", 12, "the loss became inf at step 12 with lr=0.5", "try lr=0.05", {"lr": 0.05})
        >>> print(d.bulleted())
        - divergence at step 12: try lr=0.05
            seen: the loss became inf at step 12 with lr=0.5
        """
        wrap = dict(width=width, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
        head = textwrap.fill(f"- {self._headed()}: {self.advice}", **wrap)
        return head + "\n" + textwrap.fill(f"seen: {self.evidence}", initial_indent="    ", **wrap)

    def _headed(self) -> str:
        return self.kind + (f" at step {self.step}" if self.step is not None else "")


def merged_change(findings: Iterable[Diagnosis]) -> dict[str, Any]:
    """The changes of ``findings`` in one dict of settings, taken in the doctor's order (the
    most pressing first). A finding's change is one piece (a batch size and the rate scaled
    with it belong together):

    - a change that sets nothing already set is taken whole;
    - a fault's change that overlaps only in settings of :data:`CAUTIOUS` is taken with the
      cautious value of each (the smaller learning rate, momentum or clipping bound: a rate
      too large can undo a run, one too small only slows it);
    - any other change that overlaps is left out whole: the earlier finding's settings stand
      (advice on efficiency, :data:`ADVISORY`, always yields to a fault's; run the doctor
      again once the faults are fixed).

    >>> merged_change([
    ...     Diagnosis("exploding_gradients", 3, "e", "a", {"clip_grad_norm": 1.0, "lr": 0.001}),
    ...     Diagnosis("slow_progress", 9, "e", "a", {"lr": 0.03}),
    ...     Diagnosis("batch_size", 9, "e", "a", {"batch_size": 256, "lr": 0.02}),
    ... ])
    {'clip_grad_norm': 1.0, 'lr': 0.001}
    """
    merged: dict[str, Any] = {}
    for finding in findings:
        overlap = set(finding.change) & set(merged)
        if not overlap:
            merged.update(finding.change)
        elif finding.kind not in ADVISORY and overlap <= set(CAUTIOUS):
            for key, value in finding.change.items():
                if key not in merged or _smaller(value, merged[key]):
                    merged[key] = value
    return merged


def _smaller(value: Any, than: Any) -> bool:
    # None (no clipping, the optimizer's default) is never the cautious value.
    value, than = getattr(value, "rate_factor", value), getattr(than, "rate_factor", than)
    return value is not None and (than is None or value < than)
