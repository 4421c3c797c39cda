"""Monitors left open (the watched loop raised outside a ``with`` block, or ``close()`` was left
out) are closed as the interpreter exits: the record since the last epoch's end, the doctor's
findings and the report would otherwise be lost."""

from __future__ import annotations

import atexit
import sys
import weakref

__all__ = ["LEFT_OPEN", "OPEN"]

# The monitors not yet closed: Monitor adds itself when it starts and leaves at close().
OPEN: weakref.WeakSet = weakref.WeakSet()
# Why the record stopped, in its history (``stopped_because``).
LEFT_OPEN = "the process ended before monitor.close() (the loop raised, or close() was not called)"


@atexit.register
def _close_monitors_left_open() -> None:
    """Close the monitors still open as the interpreter exits, so that their run folders hold the
    whole record and the doctor's findings (an uncaught error in a loop not in a ``with`` block)."""
    for monitor in list(OPEN):
        try:
            monitor._close_left_open()
        except Exception as err:  # its folder gone with a temporary directory, say: one line, not a traceback
            print(
                f"descend.watch: a monitor left open could not be closed at exit: {type(err).__name__}: {err}",
                file=sys.stderr,
            )
