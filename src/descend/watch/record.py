"""The record side of :class:`~descend.watch.monitor.Monitor`: the watched updates become the
rows of ``history.steps`` (losses, rates, the gradient norms read, reduced in batches), the
epochs' rows, the end of the record at a non-finite loss, and at ``close()`` the last update and
epoch and the doctor's findings, as ``descend.train`` records them."""

from __future__ import annotations

import math
import sys
import time
import warnings
from typing import Any

from .._plural import counted
from ..doctor import diagnose
from ..training.non_finite import not_grown_words
from ._logged import append_row, as_float
from .data_parallel import fill_noise_scale
from .gradients import global_norms
from .no_readings import instruments_said
from .outputs import findings_lines
from .sampling import DENSE, NORM_SHARE

__all__ = ["AFTER", "BEFORE", "PENDING", "GO_ON", "MonitorRecord", "NEVER", "SETTLE_EVERY", "Update"]

NEVER = 2**62  # no reading is due
# What a reading that failed within the loop is followed by.
GO_ON = "no more readings are taken; the loop and the record go on"

# What a loop that stepped but never logged is told (the warning, the record's "stopped because").
NO_LOSS = "no loss logged: call monitor.log(loss) after each step (or step with a closure)"

# The gradient norms read are reduced (one stack, one host copy) every this many readings.
SETTLE_EVERY = 32
_isfinite = math.isfinite

# One optimizer update, until its loss is known: ``(step, lrs)``, the cheapest record per step
# (its gradient norms, if read, and a closure's loss are kept beside it, in ``_open_read`` and
# ``_open_loss``). The updates whose loss is known wait in ``_updates`` and ``_values`` until
# the next epoch's end (or a reduction of the norms) writes them into ``history.steps``.
Update = tuple

# Where a loop logs an update's losses, learnt from its first two steps (the monitor's ``_phase``):
# AFTER, the last of them after the step (``opt.step(); monitor.log(loss)``, or accumulated batches
# logged before the step and the last after it): a log after a step closes that step's update;
# BEFORE, all of them before the step (``loss.backward(); monitor.log(loss); opt.step()``): the step
# closes its update with them; PENDING, losses came before the first step and the second step will
# tell (the same count again between the steps: BEFORE). ``None``: not yet seen a step.
AFTER, BEFORE, PENDING = "after", "before", "pending"


class MonitorRecord:
    """The methods of a :class:`~descend.watch.monitor.Monitor` that write its record (a
    mixin: the state is the monitor's own, set up in its ``__init__``)."""

    def _flush_open(self) -> None:
        if self._open is not None:
            self._give_up()
        if self._phase is PENDING:  # the update closed early (an epoch's end): the next step tells again
            self._phase = None

    def _open_in_phase(self, update: Update, read: tuple | None, loss: Any) -> None:
        """A step's update opened while :data:`BEFORE` or not yet settled: the phase learnt, the
        previous update closed with its own losses and, under :data:`BEFORE`, this one with the
        losses logged before its step.

        The first step: losses logged before it make it PENDING. The second: as many logged
        between the two steps as before the first means every loss of an update comes before its
        step (BEFORE: the first update takes the losses before its step, the second those
        between); otherwise the first update takes one more, the one logged after its step (AFTER,
        as for a loop that logs after its step)."""
        if self._phase is None:
            self._phase = PENDING if self._losses else AFTER
            self._logged_before = len(self._losses)
        elif self._phase is PENDING:
            logged, before = self._losses, self._logged_before
            self._phase = BEFORE if len(logged) == 2 * before else AFTER
            split = before if self._phase is BEFORE else before + 1
            self._losses = logged[:split]
            if self._losses:  # the logged loss, not a closure's, is the update's (as in log())
                self._open_loss = None
            self._give_up()
            self._losses = logged[split:]
        elif self._open is not None:
            self._give_up()
        self._open, self._open_read, self._open_loss = update, read, loss
        if self._phase is BEFORE and self._losses:
            self._open_loss = None
            self._give_up()

    def _give_up(self) -> None:
        """The open update, followed by another (or an epoch's end): recorded if a closure gave
        its loss or losses were logged before it; with no loss it has no row."""
        update, read, loss = self._open, self._open_read, self._open_loss
        self._open = self._open_read = self._open_loss = None
        if loss is None and self._losses:
            loss = sum(self._losses) / len(self._losses)
            self._losses.clear()
        if loss is not None:
            self._commit(update, read, loss)

    def _commit(self, update: Update, read: tuple | None, loss: float) -> None:
        """Keep the update's row (its norms, if read, to be reduced into it), or end the
        record at a non-finite loss."""
        if not _isfinite(loss):
            self._non_finite(update, read, loss)
            return
        if read is not None:  # its value once reduced; NaN, not read, otherwise
            self._pending.append((len(self.history.steps["grad_norm"]) + len(self._values), *read))
        self._updates.append(update)
        self._values.append(loss)
        if len(self._pending) >= SETTLE_EVERY:
            self._settle()

    def _write_rows(self) -> None:
        """The kept updates into ``history.steps`` (a column at a time), their losses into the
        epoch's; NaN gradient norms until :meth:`_settle` reduces those read."""
        values = self._values
        if not values:
            return
        steps, updates = self.history.steps, self._updates
        numbers, rates = zip(*updates)
        steps["step"].extend(numbers)
        steps["epoch"].extend([self.run.epoch] * len(values))  # written at each epoch's end
        steps["loss"].extend(values)
        steps["lr"].extend(rates)
        steps["grad_norm"].extend([math.nan] * len(values))
        self._epoch_steps += len(values)
        self._epoch_loss = sum(values, self._epoch_loss)  # in order: as one sum over the epoch
        self._updates, self._values = [], []

    def _read_last(self, always: bool = True) -> None:
        """The last update, if not read: the gradients it left (the loop's last step's, unless
        the loop cleared them), so that the end of the run has one and, unless ``always``, only
        where the epoch had no update read, so that each epoch's row has one."""
        self._write_rows()
        steps, pending = self.history.steps, self._pending
        last = len(steps["grad_norm"]) - 1
        if last < 0 or steps["step"][last] != self.run.step or (pending and pending[-1][0] == last):
            return
        if not always and (self._epoch_norms or (pending and pending[-1][0] > last - self._epoch_steps)):
            return  # the epoch's row has a norm read
        if math.isnan(steps["grad_norm"][last]):
            norms, where = self.reader.current()  # timed by the reader, as every reading
            if norms:
                pending.append((last, norms, where))

    def _settle(self) -> None:
        """Reduce the pending gradient norms into ``history.steps["grad_norm"]`` (one stack, one
        host copy); a non-finite one is named (its step and first parameter) and warned about."""
        self._write_rows()
        if not self._pending:
            return
        started = time.perf_counter()
        pending, self._pending = self._pending, []
        new, bad = global_norms([norms for _, norms, _ in pending])
        history = self.history
        column = history.steps["grad_norm"]
        for (row, _, _), value in zip(pending, new, strict=True):
            column[row] = value
        self._epoch_norms.extend(new)
        if bad is not None and history.non_finite_layer is None:
            i, j = bad
            row, _, where = pending[i]
            step = history.steps["step"][row]
            history.non_finite_layer = (step, self.names[where[j] if where is not None else j])
            self._warn(f"the gradient became non-finite at step {step}: first in layer {history.non_finite_layer[1]!r}")
        if self._cpu:
            self._spent += time.perf_counter() - started

    def _non_finite(self, update: Update, read: tuple | None, loss: float) -> None:
        """A non-finite loss: recorded as ``descend.train`` records it (the step, the loss, the
        first non-finite gradient), the partial epoch ended, nothing recorded after it."""
        history = self.history
        (at, lrs), epoch = update, self.run.epoch
        norms, where = read if read is not None else (None, None)
        self._settle()
        if history.non_finite_layer is None:
            if norms is None:  # not read at this update: the gradients it left, read now
                norms, where = self.reader.current()
            bad = [k for k, n in enumerate(norms) if not math.isfinite(float(n))]
            if bad:
                history.non_finite_layer = (at, self.names[where[bad[0]] if where is not None else bad[0]])
        history.non_finite_step, history.non_finite_loss = at, loss
        rates = ", ".join(f"{lr:g}" for lr in lrs)
        layer = ""
        if history.non_finite_layer is not None:
            step, name = history.non_finite_layer
            layer = f"; the first gradient to go non-finite was layer {name!r} at step {step}"
        said = f"the loss became {loss} at step {at} (epoch {epoch}) with lr={rates}{layer}"
        history.stopped_because = f"{said}; descend.watch recorded no step after it"
        remedy = "check the data for NaN, inf or huge values" if at <= 1 else "try a smaller learning rate"
        calm = not_grown_words(history.steps["loss"]) if at > 1 else None
        if calm is not None:  # watch cannot see the batch: both causes
            remedy = f"check that step's batch and the loss for NaN or inf: {calm}; else {remedy}"
        self._warn(f"{said}: {remedy}. descend.watch records nothing after this step")
        if self._epoch_steps:
            self._end_epoch({}, collective=False)  # here on this worker only: no collective
        self._dead = self._off = True

    def _settle_workers(self) -> None:
        if self.workers is not None:
            self.workers.settle(self.history.steps)
            if self.main:
                fill_noise_scale(self.history.steps, self.history.instruments)

    def _close_period(self, name: str, metrics: dict[str, Any], *, at_step: bool) -> None:
        """``epoch_end()`` and ``evaluated()`` (``name``): the period's row, with its step where ``at_step``."""
        if self._closed:
            raise RuntimeError(f"this monitor is closed: {name}() must come before close()")
        if self._dead:
            self._settle_workers()  # a collective: every worker takes part, stopped or not
            return
        values = {key: as_float(value, key) for key, value in metrics.items()}
        self._flush_open()
        self._read_last(always=False)
        if at_step and not self._epoch_steps:  # no update since the last row: no period of its own
            for key, value in values.items():
                self._metrics.setdefault(key, []).append(value)
            return
        self._end_epoch(values, step=self.run.step if at_step else None)

    def _end_epoch(self, given: dict[str, float], collective: bool = True, step: int | None = None) -> None:
        self._settle()
        if collective:
            self._settle_workers()
        history, steps, norms = self.history, self._epoch_steps, self._epoch_norms
        logged = {
            name: values[-1] if name.startswith("val_") else sum(values) / len(values)
            for name, values in self._metrics.items()
        }
        row: dict[str, Any] = {
            "epoch": self.run.epoch,
            "loss": self._epoch_loss / steps if steps else math.nan,
            "grad_norm": sum(norms) / len(norms) if norms else math.nan,  # of the steps read
            "lr": history.steps["lr"][-1] if history.steps["lr"] else self._lrs or [math.nan],
            "seconds": time.perf_counter() - self._epoch_started,
            **({} if step is None else {"step": step}),  # a row an evaluation closed: where it was taken
            **logged,
            **given,
        }
        append_row(history.epochs, row)
        key = "val_loss" if "val_loss" in history.epochs else "loss"
        column = history.epochs[key]
        if math.isfinite(column[-1]) and column[-1] <= min((v for v in column if math.isfinite(v)), default=math.inf):
            history.best_epoch = self.run.epoch
        if self.folder is not None:
            self.folder.epoch_written(self.run)
        self.run.epoch += 1
        self._epoch_steps, self._epoch_loss, self._epoch_norms = 0, 0.0, []
        self._metrics = {}
        self._epoch_started = time.perf_counter()

    def _own_time(self, now: float) -> dict[str, float]:
        """What watch measured of its own cost by ``now`` (the monitor's clock), in seconds:
        ``instruments``, the readings (the probe's gradient before a sampled update included);
        ``gradient_norms``, the updates read (their norms, update ratios and reductions);
        ``loop``, the clock since watch began less both. The hooks of the other updates, the
        epochs' ends and the doctor are not timed (the timing would cost as much as they do),
        nor what watch's code slows in the loop's own."""
        norms = self._spent + self.reader.seconds
        loop = max(now - self._started - self._aside - norms, 0.0)
        return {"loop": loop, "instruments": self._aside, "gradient_norms": norms}

    def _describe_sampling(self, settings: dict[str, Any]) -> None:
        """Into the run folder's ``settings``: what was said of the instruments, how many updates
        had their gradient norms read, which of the instruments' due readings the budget took, and
        :attr:`cost` in words."""
        settings["instruments"] = self.instruments_note
        settings["gradient_norms"] = (
            f"read at {self.sampling.read} of {self.run.step} updates (every update of the first "
            f"{2 * DENSE}, then as often as {NORM_SHARE:.1%} of the loop's time allows, and the last of each epoch with none read)"
        )
        if self.cost is None:  # _finish_record failed before measuring it: the folder is written all the same
            self.cost = self._own_time(time.perf_counter())
        cost = self.cost
        share = {k: cost[k] / cost["loop"] if cost["loop"] > 0 else math.nan for k in ("instruments", "gradient_norms")}
        settings["watch_cost"] = (
            f"measured: the instruments' readings {cost['instruments']:.3g} s ({share['instruments']:.1%} of the loop's "
            f"{cost['loop']:.3g} s), the gradient norms' reads {cost['gradient_norms']:.3g} s "
            f"({share['gradient_norms']:.1%}); the other updates' hooks, the epochs' ends and the doctor not timed"
        )
        budget = self.budget
        if budget is not None and budget.skipped:
            rows = self.history.instruments  # where the budget took none, close() took one: the doctor reads it
            closing = (
                f"; and one by close() at the last update, {rows[-1]['step']}" if rows and not budget.taken else ""
            )
            settings["instruments"] += (
                f" ({budget.taken} of the {budget.taken + budget.skipped} readings due: the last planned, "
                f"the others where the loss rose or as often as {budget.share:.1%} of the loop's time, less the "
                f"gradient norms' reads and the last planned's cost, allows{closing})"
            )

    def _warn(self, message: str) -> None:
        if self.main:
            warnings.warn(f"descend.watch: {message}", RuntimeWarning, stacklevel=4)

    def _finish_record(self) -> None:
        """:meth:`close`'s work before the run folder: the last update and epoch, the doctor."""
        history = self.history
        if not self._dead:
            self._flush_open()
            self._read_last()
            try:
                self._read_what_is_left()
            except Exception as err:  # the record and the folder are worth more than the last reading
                self._instruments_failed(err)
            if self._epoch_steps or (not history.epochs and history.steps["step"]):
                self._end_epoch({})
        self._settle()
        self._settle_workers()
        self.cost = self._own_time(time.perf_counter())
        self.instruments_note = instruments_said(
            self.instruments_note, self._probe_rows, history, self.run.step, self._instruments_failure
        )
        unlogged = not history.steps["step"] and self.run.step and history.non_finite_step is None
        if unlogged and self.main:
            warnings.warn(
                f"descend.watch saw {counted(self.run.step, 'optimizer step')} but {NO_LOSS}; the doctor has nothing to read",
                stacklevel=3,
            )
        if not history.stopped_because:
            steps, epochs = self.run.step, len(history.loss)
            history.stopped_because = (
                f"the watched loop ended after {counted(steps, 'step')} with {NO_LOSS}"
                if unlogged
                else f"the watched loop ended after {counted(steps, 'step')} ({counted(epochs, 'epoch')})"
            )
        with warnings.catch_warnings():
            # A loop that never stepped is told so above (stopped_because, and the no-loss warning).
            warnings.filterwarnings("ignore", message="the history holds no optimizer steps")
            self.diagnoses = history.diagnoses = diagnose(history)
        if self.main and self.print_findings:
            print(
                f"descend.watch: {history.stopped_because}",
                *findings_lines(history, self.instruments_note),
                sep="\n",
                file=sys.stderr,
            )

    def _instruments_failed(
        self,
        err: Exception,
        when: str = "at close()",
        then: str = "the record and the run folder are written without their last reading",
    ) -> None:
        """The instruments raised (their last reading at :meth:`close`, or one within the loop):
        named in a warning and in the run folder's summary; no reading is taken after it, and
        the loop and the record go on without (a reading is watch's, not the loop's: a
        probe's Hessian products out of memory must not end a training run)."""
        what = f"the instruments failed {when}: {type(err).__name__}: {' '.join(str(err).split())}"
        self._warn(f"{what}; {then}")
        self.instruments_note += f"; {what}"
        self._instruments_failure = what
        self.instruments, self._next_reading = None, NEVER
