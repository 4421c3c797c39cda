"""The convergence doctor: what went wrong in a run, in plain words with numbers, and what to
change.

:func:`diagnose` reads what a run recorded — a :class:`descend.minimize.Result` or a
:class:`descend.History`, or the folder a run logged to (read with
:meth:`descend.History.load`) — and returns :class:`Diagnosis` findings. ``minimize`` and
``train`` call it at the end of every run (``Result.diagnoses``, ``History.diagnoses``).
The per-step record it reads (loss, gradient norm, learning rate; per-layer gradient and
update norms sampled every few steps) is kept by the run itself, so the checks cost nothing
while training and a few array operations afterwards. Where the run sampled the instruments
(``History.instruments``), the rate findings rest on the measured stability ratio
(sharpness / the optimizer's stability threshold), read on one effective scale for every
rule (:mod:`descend.doctor._stability`), together with the loss curve: "too large" on a blow-up,
a collapse onto a plateau, a plateau the steps threw the run onto (the gradient norm spiked,
then died away: :mod:`descend.doctor._thrown`) or a loss that rose again while a reading was
unstable (:mod:`descend.doctor._instability`), "too small" only with measured headroom and progress
still to be had (where it was read, a good share of the loss left to fall by the local
quadratic model, :func:`descend.instruments.remaining_decrease`; :mod:`descend.doctor._progress`).
Each finding's ``change`` is its advice as settings of the run (``ds.train(model, data, **{**settings, **finding.change})``: it replaces the settings it
names); ``History.advice()`` merges them.
A ``batch_size`` finding (advice about efficiency from the measured gradient noise scale, see
:mod:`descend.doctor._batch`) may stand beside the others, a ``converged`` one included.
"""

from __future__ import annotations

import dataclasses
import os
import reprlib
import warnings
from typing import Any

from .._plural import counted
from ..training.findings import KINDS, Diagnosis, merged_change
from ..training.history import History
from ._batch import batch_size
from ._curves import Curves, from_history, from_result
from ._cycle import cycling
from ._inputs import unscaled_inputs
from ._instability import instability
from ._layers import exploding, overfitting, saturated, vanishing
from ._loss import divergence, oscillation, unbounded
from ._progress import slow_progress
from ._schedule_advice import on_the_schedule
from ._stability import peak_rate, readings
from ._swing import swinging
from ._unfinished import unfinished
from ._unread import unread_words

__all__ = ["Diagnosis", "diagnose", "KINDS", "wants_rate_probe", "noise_gains", "unread_words"]


def _shown(value: Any) -> str:
    """``value`` in an error message: a plain value's short repr and type, else the type alone
    (an object's repr, a table's, can run to pages)."""
    if isinstance(value, (int, float, complex, bytes, list, tuple, dict, set, type(None))):
        return f"{reprlib.repr(value)} ({type(value).__name__})"
    return f"an object of type {type(value).__qualname__}"


def diagnose(run: Any) -> list[Diagnosis]:
    """The doctor's findings on a run: a ``minimize`` result, a ``train`` history, or the
    folder a run logged to (``descend.train(..., log_dir=...)``; a ``str`` or path).

    A run that went well gets one ``converged`` finding saying why it stopped. A history with
    no per-step losses (empty, or only epoch rows) has nothing for the doctor to read: a
    warning says so and there are no findings.

    >>> import descend as ds
    >>> quad = ds.functions.quadratic(10.0)
    >>> res = ds.minimize(quad, quad.start, lr=0.5)        # lr above 2/L = 0.2
    >>> [d.kind for d in ds.diagnose(res)]
    ['divergence']
    """
    if isinstance(run, (str, os.PathLike)):
        run = History.load(run)
    if hasattr(run, "history") and hasattr(run, "nit"):
        curves = from_result(run)
    elif isinstance(run, History):
        curves = from_history(run)
    else:
        raise TypeError(
            f"diagnose takes a minimize result, a train History or the folder a run logged to, got {_shown(run)}"
        )
    if len(curves.loss) == 0:
        if isinstance(run, History):
            warnings.warn(
                f"the history holds no optimizer steps ({counted(len(run.loss), 'epoch')}, steps['loss'] empty): "
                "the doctor reads the per-step loss, gradient norm and rate, so it has nothing to diagnose",
                stacklevel=2,
            )
        return []
    findings = _findings(run, curves)
    if curves.schedule is not None:  # its lr sets no rate: the schedule, scaled, is advised
        findings = [on_the_schedule(d, curves.schedule, peak_rate(curves)) for d in findings]
    return findings


def _findings(run: Any, curves: Curves) -> list[Diagnosis]:
    """The findings on ``run`` read from its ``curves``, each advised rate an ``lr``."""
    endless = unbounded(curves)
    if endless is not None:  # no learning rate is to blame
        return [endless]
    diverged = divergence(curves)
    if diverged is not None:  # the rest of the record follows from it, but for its cause
        return [d for d in (diverged, exploding(curves, diverged=True)) if d is not None]
    unstable = instability(curves)  # a finite run whose rate was too large, on the instruments
    if unstable is not None and unstable.kind == "divergence":
        return [d for d in (unstable, exploding(curves, diverged=True)) if d is not None]
    findings = [d for check in (exploding, vanishing, oscillation) if (d := check(curves)) is not None]
    if not any(d.kind == "oscillation" for d in findings):  # a minimize run that stopped in a cycle
        findings += [d for d in [cycling(curves)] if d is not None]
    inputs = unscaled_inputs(curves, scaled=bool(getattr(run, "scaling", None)))
    if inputs is not None:  # the input scale, not the depth, starved the first layer
        findings = [d for d in findings if d.kind != "vanishing_gradients"] + [inputs]
    findings += [unstable] if unstable is not None else []
    if not any(d.kind == "oscillation" for d in findings):  # else the validation loss swings too
        findings += [d for d in [overfitting(curves)] if d is not None]
    # Slow progress is checked even on a run that stopped as converged (a tiny rate can fool a
    # stopping rule), but not where oscillation or vanishing gradients already explain it.
    # A first layer that the scale of its raw inputs saturated (a model too shallow for
    # vanishing_gradients, :func:`descend.doctor._layers.saturated`) explains the slowness as a
    # vanishing gradient did: no rate is blamed for it there either.
    quiet = ("oscillation", "vanishing_gradients", "unscaled_inputs")
    if not any(d.kind in quiet for d in findings) and not saturated(curves):
        findings += [d for d in [slow_progress(curves)] if d is not None]
    if not findings:  # a minimize run its budget stopped, unexplained above: why, and what to change
        findings += [d for d in [unfinished(curves)] if d is not None]
    if not findings and curves.converged:
        findings.append(Diagnosis("converged", int(curves.steps[-1]), curves.why_stopped, "nothing to change"))
    if isinstance(run, History):  # advice about efficiency, beside whatever else was found,
        # scaled from the rate the rate findings advise where they advise one
        advised = merged_change(findings).get("lr")
        findings += [d for d in [batch_size(run, curves, advised_lr=advised)] if d is not None]
    return findings


def wants_rate_probe(history: History) -> bool:
    """Whether the doctor's "too small" finding on ``history`` rests on the counterfactual probe
    of a larger rate: its check finds the rate too small in the run as recorded without a probe.
    Elsewhere a probe's reading changes no finding (a full-batch heavy-ball run still swinging
    takes no veto from it: :mod:`descend.doctor._swing`), so ``train`` takes it only where this holds
    (:class:`descend.instruments.RateProbe`'s ``wanted``) and the other runs pay nothing for it.

    >>> import numpy as np
    >>> crawl = History(steps={"step": list(range(1, 41)), "loss": list(np.linspace(1.0, 0.9, 40)),
    ...     "grad_norm": [1.0] * 40, "lr": [[1e-4]] * 40})
    >>> done = History(steps={"step": list(range(1, 41)), "loss": list(0.01 + np.exp(-np.arange(40.0))),
    ...     "grad_norm": list(np.exp(-np.arange(40.0))), "lr": [[0.5]] * 40}, converged=True)
    >>> wants_rate_probe(crawl), wants_rate_probe(done)
    (True, False)
    """
    curves = dataclasses.replace(from_history(history), rate_probe=None)
    # a full-batch heavy-ball run still swinging takes no veto from the probe (_swing.py): none is taken
    return slow_progress(curves) is not None and not swinging(curves, readings(curves))


def noise_gains(history: History) -> dict[int, float]:
    """Per sampled step, the factor the doctor reads the measured stability ratio there with:
    the noise model's gain (``(1+β)/(1-β)`` for heavy ball and Adam on mini-batches), or 1 where
    the run's gradients are exact (an adaptive rule's full-batch steps, a settled full-batch
    heavy-ball run: :mod:`descend.doctor._stability`). The report words its readings with it.

    >>> rows = [{"step": 5, "sharpness": 2.0, "threshold": 380.0, "stability": 2 / 380, "threshold_lr": 3.8,
    ...          "gain": 19.0, "preconditioned": False}]
    >>> steps = {"step": list(range(1, 11)), "loss": [1.0] * 10, "lr": [[0.01]] * 10, "grad_norm": [1.0] * 10}
    >>> noise_gains(History(steps=steps, epochs={"loss": [1.0] * 5}, instruments=rows))  # mini-batches
    {5: 19.0}
    """
    return {r.step: r.gain() for r in readings(from_history(history))}
