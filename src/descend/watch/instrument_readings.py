"""The instruments' side of :class:`~descend.watch.monitor.Monitor`: whether the reading due
after an update is taken (at the default sampling, :class:`~descend.watch.sampling.ReadingBudget`
decides from the loop's time and whether the loss has risen since the last reading), taking it,
and at ``close()`` the loss left to fall at the last weights."""

from __future__ import annotations

import time

from .record import GO_ON, NEVER
from .sampling import PROBE_GRADIENTS, loss_risen, next_due

__all__ = ["InstrumentReadings"]


class InstrumentReadings:
    """The methods of a :class:`~descend.watch.monitor.Monitor` that take the instruments'
    readings (a mixin: the state is the monitor's own, set up in its ``__init__``)."""

    def _afford(self, step: int) -> bool:
        """Whether the budget takes the reading due after update ``step``: the loop's time is the
        clock's less the instruments' and the monitor's own (counted with the readings'), a
        reading's cost before one was taken ``PROBE_GRADIENTS`` times ``before_step``'s (none
        before that was timed)."""
        own = self._spent + self.reader.seconds
        loop = time.perf_counter() - self._started - self._aside - own
        estimate = PROBE_GRADIENTS * self._probe_seconds
        return self.budget.decide(loop, self._aside, self._loss_risen, own, estimate, last=step == self._last_planned)

    def _before_reading(self, update: int) -> float:
        """Before ``update``, whose reading is due: the probe's gradient at the weights it starts
        from (α's start, about a tenth of a reading), unless the budget declines the reading
        already at the cost known before the probe; returns the seconds this took."""
        begun = time.perf_counter()
        if self.budget is not None and not self._afford(update):
            self._next_reading = next_due(self.readings, update) or NEVER
        else:
            self.instruments.step = update - 1
            probed = time.perf_counter()
            try:
                self.instruments.before_step()
            except Exception as err:  # the step goes on: the loop's, not watch's
                self._instruments_failed(err, f"before update {update}", GO_ON)
            self._probe_seconds = time.perf_counter() - probed
        aside = time.perf_counter() - begun
        self._aside += aside
        return aside

    def _loss_risen(self) -> bool:
        """Whether the loss has risen since the last reading (:func:`~descend.watch.sampling.loss_risen`)."""
        return loss_risen(self.history.steps["loss"] + self._values, self._reading_row)

    def _read_what_is_left(self) -> None:
        """The loss left to fall at the last weights (:meth:`Instruments.close`), which the
        doctor's "too small" rests on: the loop's end is known only now. At the default
        sampling, a whole reading where the budget took none (a loop that ended before the
        last reading planned)."""
        if self.instruments is None or not self.run.step:
            return
        self.instruments.step = self.run.step
        begun = time.perf_counter()
        row = self.instruments.close(whole=self.budget is not None and not self.budget.taken)
        self._aside += time.perf_counter() - begun
        if row is not None:
            self.history.instruments.append(row)

    def _take_reading(self, step: int) -> None:
        """The instruments' reading due after update ``step``, where the budget (if any) takes
        it: a reading it skips leaves ``before_step``'s note, which the next one replaces."""
        if self.budget is not None and not self._afford(step):
            return
        self.instruments.step = step - 1
        begun = time.perf_counter()
        try:
            row = self.instruments.after_step(decrease=step == self._last_planned)  # close() then needs no second pass
        except Exception as err:  # out of the loop's optimizer.step(): the loop goes on without readings
            self._aside += time.perf_counter() - begun
            self._instruments_failed(err, f"after update {step}", GO_ON)
            return
        self._aside += time.perf_counter() - begun
        if self.budget is not None:  # this update's row, once its loss is logged
            self.budget.took()
            self._reading_row = len(self.history.steps["loss"]) + len(self._values)
        if row is not None:
            self.history.instruments.append(row)
