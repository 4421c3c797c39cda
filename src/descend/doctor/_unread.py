"""What the gradient norms of a run without readings rule out (session 25, doctor23's spike part,
frozen alone by doctor24, kept by doctor25): a rate too small.

A loop watched with no probe (``ds.watch(model, optimizer)`` without ``loss_fn`` and ``probe``)
leaves no instrument reading, and the doctor's "too small" then rests on the loss curve alone
(:func:`descend.doctor._progress.slow_progress`). A gradient norm that spiked and died away
(:func:`descend.doctor._curves.spiked_and_died`, the signature of steps that threw the weights:
:mod:`descend.doctor._thrown`) while the median step changed some layer by at least its own norm
(``||Δθ|| / ||θ|| >= 1``) says the opposite of a rate too small: steps that large are not too
short, however flat the loss they left behind. There the doctor is quiet rather than wrong in
direction. The same spike under short steps is mini-batch noise at a tiny rate and rules nothing
out. The 1 is a threshold (the update measure's natural unit); its held-out evidence is one run:
fresh55 (bench/doctor25_prereg.md), where fresh54 (bench/doctor24_prereg.md) moved none.

Without readings the throw is not taken for "too large" either: reading it there called more runs
wrongly than rightly (session 25, lead, on fresh49 and fresh50 with readings stripped).
"""

from __future__ import annotations

from typing import Any

from ._curves import Curves, spiked_and_died

LARGE_STEP = 1.0  # a median ||Δθ|| / ||θ|| at least this is no step too short


def too_small_ruled_out(c: Curves, moved: float | None) -> bool:
    """Whether the curves of a run without readings rule out a rate too small: its gradient norm
    spiked and died (:func:`~descend.doctor._curves.spiked_and_died`) while the median step
    ``moved`` (``||Δθ|| / ||θ||``) was at least ``LARGE_STEP``.

    >>> import numpy as np
    >>> n = 40
    >>> thrown = Curves(np.full(n, 1.0), np.r_[1.0, 9.0, np.full(n - 2, 0.2)], np.full(n, 3.0), np.arange(n), False, "", False, True)
    >>> too_small_ruled_out(thrown, moved=2.5), too_small_ruled_out(thrown, moved=0.001)  # short steps: a noise spike
    (True, False)
    """
    return moved is not None and moved >= LARGE_STEP and spiked_and_died(c) is not None


def unread_words(history: Any, said: str | None = None) -> str | None:
    """What the findings of a run without instrument readings rest on, in words (``None`` where the
    run has readings): the loss curve and the gradient norms alone, which the doctor reads far less
    reliably (readings stripped from the bench's runs: false alarms on 130 of 314 healthy runs,
    against 48 with them; ``bench/HISTORY.md``, session 25), and why: ``said``, what the run's
    summary says of its instruments (a watched run's: no probe given, ``instruments=False``, none
    kept on the probe given and why), else how a watched loop gets them. Said by ``watch``'s
    ``close()`` and by ``report.html``.

    >>> from descend.training.history import History
    >>> unread_words(History(task=None)).endswith("readings (a watched loop takes them given loss_fn= and probe=(x, y))")
    True
    >>> unread_words(History(task=None), "off (instruments=False)").endswith("readings (instruments: off (instruments=False))")
    True
    >>> unread_words(History(task=None, instruments=[{"step": 9}])) is None
    True
    """
    if history.instruments:
        return None
    why = "a watched loop takes them given loss_fn= and probe=(x, y)" if said is None else f"instruments: {said}"
    return f"the doctor read the loss curve and the gradient norms alone, far less reliably than the instruments' readings ({why})"
