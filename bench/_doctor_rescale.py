"""Bench ``doctor``: the accounting of a finding that names the inputs' scale, not a rate
(``unscaled_inputs``, session 23), judged by its own rerun with its change rather than by the
grid's rate labels (declared and committed before any figure of it was read; ``doctor.evaluate``
applies it)."""

from __future__ import annotations

from typing import Any

__all__ = ["RESCALE_KINDS", "RESCALE_CHANGE", "RESCALED_BELOW", "rescale_change", "rescale_side"]

# Findings that name no rate but the inputs' scale (session 23, declared before any figure of
# them was read): each is judged by its own rerun with its change, on every run it is given, of
# any label. It is a right call where the rerun on standardised features (same model, optimizer,
# rate, seed and epochs; the targets unchanged, so the loss is on the same scale) ends at most
# RESCALED_BELOW x the run's own final loss (inf to finite counts), a wrong call otherwise. It is
# no "too large" or "too small" call. On a healthy run it is a false alarm unless it is a right call.
# A joint change (session 23, doctor11, declared before the joint finding exists and before any
# figure of it is read): where the finding's change also names a rate ({"standardize": True,
# "lr": r}), the rerun applies the whole change (standardised features, the targets unchanged,
# the rate r; same model, optimizer, seed and epochs) and is judged as above (right at most
# RESCALED_BELOW x the run's own final loss). A rate above the run's is also a "too small" call
# (below it, a "too large" call): it enters that side's precision and recall as slow_progress
# does, a hit where the run's label is that side, except on a healthy run whose rerun made it a
# right call, which counts on neither side (as it is no false alarm: the grid on raw inputs did
# not measure what the run could reach). A wrong joint call on a healthy run is a false alarm and
# a said-but-missed rate call.
# A change of update rule (session 23, doctor13, declared and committed before any such finding
# exists and before any figure of it is read): where the finding's change also names an optimizer
# other than the run's ({"standardize": True, "optimizer": "adam", "lr": r}), the rerun applies the
# whole change (standardised features, the targets unchanged, that optimizer at the rate r; same
# model, seed, batch size and epochs) and is judged as above (right at most RESCALED_BELOW x the
# run's own final loss). Its rate belongs to the other rule, not comparable with the run's: it is
# no "too small" or "too large" call. On a healthy run it is no false alarm where it is right (as
# for unscaled_inputs); a wrong one there is a false alarm. Merged advice that names an optimizer
# is rerun whole and enters "advice helped" at HELPED_BELOW as any other.
RESCALE_KINDS = ("unscaled_inputs",)
RESCALE_CHANGE = {"standardize": True}
RESCALED_BELOW = 0.8


def rescale_change(findings: list[Any]) -> dict[str, Any]:
    """The change a finding on the inputs' scale asks, whole (``RESCALE_CHANGE`` with any rate it
    names); ``{}`` where no such finding was given.

    >>> from descend.training.findings import Diagnosis
    >>> rescale_change([Diagnosis("unscaled_inputs", 1, "e", "a", {"standardize": True, "lr": 0.5})])
    {'standardize': True, 'lr': 0.5}
    >>> rescale_change([Diagnosis("converged", 1, "e", "a")])
    {}
    """
    for d in findings:
        if d.kind in RESCALE_KINDS:
            return dict(RESCALE_CHANGE) | dict(getattr(d, "change", None) or {})
    return {}


def rescale_side(change: dict[str, Any], lr: float, optimizer: str | None = None) -> str | None:
    """The rate call a finding on the inputs' scale makes: "small" where its change raises the
    rate, "large" where it lowers it, ``None`` where it names none or names it for another
    optimizer than the run's (a rate of another rule is not comparable with the run's).

    >>> rescale_side({"standardize": True, "lr": 0.5}, 0.1, "sgd")
    'small'
    >>> rescale_side({"standardize": True, "optimizer": "adam", "lr": 0.001}, 0.1, "sgd") is None
    True
    """
    rate = change.get("lr")
    if change.get("optimizer", optimizer) != optimizer or not isinstance(rate, (int, float)) or rate == lr:
        return None
    return "small" if rate > lr else "large"
