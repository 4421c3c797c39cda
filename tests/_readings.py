"""The instruments' rows as tests read them: the sampled readings, and the row that
``Instruments.close`` adds at a run's end for the loss left to fall alone."""

from __future__ import annotations

import math


def sampled_steps(rows):
    """The steps of the sampled readings: every row but a closing one (the decrease alone, its
    sharpness not read) at the end."""
    return [row["step"] for row in (rows[:-1] if closes(rows) else rows)]


def closes(rows):
    """Whether the last row is ``Instruments.close``'s: the loss left to fall alone."""
    return bool(rows) and math.isnan(rows[-1]["sharpness"]) and not math.isnan(rows[-1]["decrease"])


def left_to_fall_step(rows):
    """The step whose row holds the loss left to fall (``None`` where none does)."""
    read = [row["step"] for row in rows if not math.isnan(row["decrease"])]
    assert len(read) <= 1, read  # read once a run
    return read[0] if read else None
