"""What a watched run's summary says of its instruments where a probe was given and no reading
was kept: why, in place of "taken on a probe", which the summary, the report and ``close()``
said however the loop went (and the doctor's note then told the user to give a probe)."""

from __future__ import annotations

from typing import Any

__all__ = ["instruments_said"]


def instruments_said(note: str, probe_rows: int, history: Any, steps: int, failure: str | None) -> str:
    """``note`` (what ``watch()`` said of the instruments: on what probe, or why not), or where a
    probe of ``probe_rows`` examples was given (``0``: none) and ``history`` holds no reading,
    why none was kept: the instruments' ``failure``, no update (``steps``, the updates taken),
    the loss non-finite before any reading, or else the probe's loss non-finite where
    ``close()`` read (:meth:`descend.instruments.Instruments.close` keeps no such reading).

    >>> from descend.training.history import History
    >>> stopped = History(task=None, non_finite_step=4, non_finite_loss=float("nan"))
    >>> instruments_said("taken on a probe of 64 examples", 64, stopped, 4, None)
    'none taken on the probe of 64 examples: the loss became nan at step 4, before any reading was taken'
    >>> instruments_said("taken on a probe of 64 examples", 64, History(task=None), 80, None)
    "none taken on the probe of 64 examples: the probe's loss was not finite at the last update (80), where close() reads"
    """
    if not probe_rows or history.instruments:
        return note
    if failure is not None:
        why = failure
    elif not steps:
        why = "the loop took no optimizer step"
    elif history.non_finite_step is not None:
        why = (
            f"the loss became {history.non_finite_loss} at step {history.non_finite_step}, before any reading was taken"
        )
    else:
        why = f"the probe's loss was not finite at the last update ({steps}), where close() reads"
    return f"none taken on the probe of {probe_rows} examples: {why}"
