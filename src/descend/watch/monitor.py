"""``Monitor``: what ``descend.watch`` records of a training loop it does not own, through the
optimizer's public step hooks (``register_step_pre_hook`` / ``register_step_post_hook``) and
tensor hooks, into the :class:`descend.History` that ``descend.train`` keeps: per step the loss
and the learning rate of each parameter group; the gradient norm at the steps
:class:`~descend.watch.sampling.NormSampling` picks (as often as 0.5% of the loop's time allows;
NaN at the others); the per-layer update and gradient ratios every ``RATIO_EVERY`` steps (as the
engine samples them); the instruments' readings at their sampled steps (at the default sampling,
those :class:`~descend.watch.sampling.ReadingBudget` affords); per epoch the mean loss
and gradient norm and the metrics logged. It reads and never writes the model, the optimizer or
a random state, so the loop's weights are bit for bit those without it."""

from __future__ import annotations

import math
import time
from typing import Any

import torch
from torch import Tensor

from ..instruments.sampler import Instruments
from ..training.findings import Diagnosis
from ..training.history import History
from ..training.metrics import RATIO_EVERY, record_update_ratios
from ..training.run import Run
from ._left_open import LEFT_OPEN, OPEN
from ._logged import as_float, closure_value
from .data_parallel import WorkerNorms
from .gradients import GradientReader
from .instrument_readings import InstrumentReadings
from .outputs import RunFolder
from .record import AFTER, NEVER, PENDING, MonitorRecord, Update
from .sampling import DENSE, NormSampling, ReadingBudget, next_due

__all__ = ["Monitor", "RATIO_EVERY"]

_isfinite = math.isfinite
_UNSET = object()  # no single float rate seen yet: read the groups' rates at the next step


class Monitor(InstrumentReadings, MonitorRecord):
    """The record of a watched loop; made by :func:`descend.watch`, which documents the
    arguments. ``history`` is a :class:`descend.History` (its step rows written at each
    :meth:`epoch_end` and at :meth:`close`), ``diagnoses`` the doctor's findings (empty until
    :meth:`close`), ``log_dir`` the run folder (``None`` without one), ``sampling`` which updates
    have their gradient norms read (``sampling.read``: how many were), ``budget`` which of the
    instruments' due readings were taken at the default sampling (``budget.taken``,
    ``budget.skipped``; ``None`` at another sampling or without instruments), ``cost`` watch's
    own measured seconds once closed (``instruments``, ``gradient_norms``, ``loop``;
    ``None`` before :meth:`close`), ``instruments_note`` what the run's summary says of the
    instruments (on what probe, or why none were taken; at :meth:`close`, why none was kept).

    >>> import torch, descend as ds
    >>> model = torch.nn.Linear(1, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.5)
    >>> x = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> monitor = ds.watch(model, opt, print_findings=False)
    >>> for epoch in range(3):
    ...     for _ in range(5):
    ...         opt.zero_grad(); loss = torch.nn.functional.mse_loss(model(x), 2 * x + 1); loss.backward(); opt.step()
    ...         monitor.log(loss)
    ...     monitor.epoch_end()  # an epoch's row: the mean loss and gradient norm of its steps
    >>> findings = monitor.close()  # the doctor's findings, also in monitor.diagnoses
    >>> len(monitor.history.steps["loss"]), len(monitor.history.loss), monitor.sampling.read, monitor.log_dir
    (15, 3, 15, None)
    >>> sorted(monitor.cost)
    ['gradient_norms', 'instruments', 'loop']
    """

    def __init__(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer,
        history: History,
        reader: GradientReader,
        *,
        instruments: Instruments | None,
        readings: Any,
        folder: RunFolder | None,
        main: bool,
        print_findings: bool,
        workers: WorkerNorms | None = None,
        total_steps: int | None = None,
        budgeted: bool = False,
        instruments_note: str,
    ) -> None:
        self.model, self.optimizer, self.history = model, optimizer, history
        self.run = Run(model, optimizer, history)
        self.params = reader.params
        self.names = [n for n, p in model.named_parameters() if p.requires_grad]
        self.reader, self.instruments, self.readings = reader, instruments, readings
        # What the summary says of the instruments (watch()'s note, a failure added), and the
        # probe's examples (0: none): at close(), why none was kept where none was.
        self.instruments_note, self._instruments_failure = instruments_note, None
        self._probe_rows = len(instruments.probe[0]) if instruments is not None else 0
        self.folder, self.main, self.print_findings = folder, main, print_findings
        self.workers = workers  # under DDP: the workers' norms, for the noise scale
        self.diagnoses: list[Diagnosis] = []
        self.cost: dict[str, float] | None = None
        self.sampling = NormSampling(total=total_steps)  # which updates have their gradient norms read
        self._cpu = all(p.device.type == "cpu" for p in self.params)
        # Spent on the updates read (their hooks' work, the step hook's norms included, but the
        # reader's own hooks' and read_now's, which it times itself, and the norms' reductions: on
        # CPU only, elsewhere their host copy waits for the loop too).
        self._spent = 0.0
        # Spent on the instruments' readings: neither the loop's time nor the norms' cost.
        self._aside = 0.0
        self._pending: list[tuple[int, tuple[Tensor, ...], list[int] | None]] = []  # (row, norms, where)
        self._updates: list[Update] = []  # logged updates not yet in history.steps, and their losses
        self._values: list[float] = []
        self._epoch_steps, self._epoch_loss = 0, 0.0
        self._epoch_norms: list[float] = []  # the norms read this epoch
        self._next_reading = NEVER if instruments is None else next_due(readings, 0) or NEVER
        # At the default sampling (budgeted), the readings' share of the loop's time.
        self.budget = ReadingBudget() if budgeted and instruments is not None else None
        self._last_planned = max(readings) if isinstance(readings, frozenset) and readings else NEVER
        self._started = time.perf_counter()
        self._reading_row = DENSE - 1  # the last reading's update (before any: the first losses' level)
        self._probe_seconds = 0.0  # the last before_step's time (a reading's cost before one was taken): none yet
        # The coming update reads gradients, copies the weights or takes the instruments' reading;
        # after update _plan_at, the next is planned.
        self._special, self._plan_at = True, 0
        self._open: Update | None = None  # the last update, while its loss is not known
        self._open_read: tuple[tuple[Tensor, ...], list[int] | None] | None = None  # its norms, where
        self._open_loss: Any = None  # its closure's loss
        self._lr: Any = _UNSET  # the one group's rate (a float) as last seen
        self._lrs: list[float] = []  # the rates of the groups
        self._losses: list[float] = []  # losses logged with no update to give them to yet
        self._phase: Any = None  # where the loop logs an update's losses: record.AFTER, BEFORE or PENDING
        self._logged_before = 0  # while PENDING: the losses logged before the first update's step
        self._metrics: dict[str, list[float]] = {}  # logged this epoch, for its row
        self._before: list[Tensor] | None = None
        self._closure_loss: Any = None
        self._epoch_started = time.perf_counter()
        self._dead = False  # a non-finite loss ended the record
        self._closed = False
        self._off = False  # dead or closed: the hooks do nothing
        if folder is not None:  # locked and begun before any hook: a refused folder leaves none
            folder.start(self.run)
        OPEN.add(self)
        self._handles = [
            optimizer.register_step_pre_hook(self._pre_step),
            optimizer.register_step_post_hook(self._post_step),
        ]

    @property
    def log_dir(self):
        """The run folder written at :meth:`close` (a ``pathlib.Path``), ``None`` without one."""
        return self.folder.path if self.folder is not None else None

    # -- the hooks --------------------------------------------------------------------------

    def _pre_step(self, optimizer, args, kwargs):
        if self.workers is not None and not self._closed:  # a closure's forward passes are not more examples
            self.workers.step_begins()
        if self._off:
            return None
        groups = optimizer.param_groups
        if len(groups) != 1 or groups[0]["lr"] is not self._lr:  # the same float object: the same rate
            self._rates(groups)
        if self._special or kwargs or len(args) > 1:
            return self._pre_special(args, kwargs)
        return None

    def _rates(self, groups) -> None:
        """The groups' rates as floats: one list per rate, not per step, while one group's float
        rate stays (a tensor rate or several groups are read at every step)."""
        lrs = [g["lr"] if type(g["lr"]) is float else float(g["lr"]) for g in groups]
        single = len(groups) == 1 and type(groups[0]["lr"]) is float
        self._lr = groups[0]["lr"] if single else _UNSET
        if not (single and lrs == self._lrs):
            self._lrs = lrs

    def _pre_special(self, args, kwargs):
        """The pre-hook of an update read (or stepped with a closure)."""
        step, special, started = self.run.step, self._special, time.perf_counter()
        reader, before = self.reader, self.reader.seconds
        if special:
            if reader.active:  # the loop's clock leaves out the instruments' readings
                self.sampling.reading(step + 1, started - self._aside, self._spent + before)
            if step % RATIO_EVERY == 0:
                self._before = torch._foreach_mul([p.detach() for p in self.params], 1.0)  # copies, one fused call
            if step + 1 == self._next_reading:  # the instruments' cost is theirs (their own sampling)
                started += self._before_reading(step + 1)
        # args are (optimizer, *step's arguments): torch passes the bound call's arguments.
        closure = args[1] if len(args) > 1 else kwargs.get("closure") if kwargs else None
        if closure is None or not callable(closure):
            if special:
                reader.at_step()
                self._spent += time.perf_counter() - started - (reader.seconds - before)
            return None
        # optimizer.step(closure): the gradients exist once the closure has run; its first
        # value is the loss at the weights the update starts from.
        self._closure_loss = None
        wrapped = self._wrap(closure)
        if "closure" in kwargs:
            return args, {**kwargs, "closure": wrapped}
        return (args[0], wrapped, *args[2:]), kwargs

    def _wrap(self, closure):
        first = []

        def watched_closure(*a, **k):
            value = closure(*a, **k)
            if not first:
                first.append(True)
                self._closure_loss = value
                begun = time.perf_counter()
                self.reader.at_step()
                self._spent += time.perf_counter() - begun
            return value

        return watched_closure

    def _post_step(self, optimizer, args, kwargs) -> None:
        if self.workers is not None and not self._closed:  # every worker, every update: one collective shape
            self.workers.add_update()
        if self._off:
            return
        run = self.run
        step = run.step = run.step + 1
        if self._special or step >= self._plan_at or self._closure_loss is not None:
            self._post_special(step)
            return
        if self._phase is not AFTER:  # where the loop logs its losses is not settled as "after the step"
            self._open_in_phase((step, self._lrs), None, None)
            return
        if self._open is not None:
            self._give_up()
        self._open = (step, self._lrs)

    def _post_special(self, step: int) -> None:
        """The post-hook of an update read, planned after, or stepped with a closure."""
        read = loss = None
        if self._special:
            read = self._read(step)
        elif step >= self._plan_at:  # else the reader and _special stay off
            self._plan(step)
        if self._closure_loss is not None:
            loss, self._closure_loss = closure_value(self._closure_loss), None
        if self._phase is not AFTER:
            self._open_in_phase((step, self._lrs), read, loss)
            return
        if self._open is not None:
            self._give_up()
        self._open, self._open_read, self._open_loss = (step, self._lrs), read, loss

    def _plan(self, step: int) -> None:
        """Whether update ``step + 1`` is read: decided now, before its backward passes (the
        reader's hooks, ``gradients="accumulated"``, read during them)."""
        coming = step + 1
        active = self.reader.active = coming == self.sampling.next or step % RATIO_EVERY == 0
        self._special = active or coming == self._next_reading
        ratio = (step // RATIO_EVERY + 1) * RATIO_EVERY + 1
        self._plan_at = step if self._special else min(self.sampling.next, ratio, self._next_reading) - 1

    def _read(self, step: int) -> tuple[tuple[Tensor, ...], list[int] | None] | None:
        """Update ``step`` was one to read: its gradient norms and where (``None``: not read),
        the ratios, the instruments."""
        started = time.perf_counter()
        norms, where, raw = self.reader.take()
        if self._before is not None:
            # The tensors this optimizer steps that had a gradient (the reader reads those alone:
            # add_param_group may unfreeze more): one it does not hold (left out of it, or another
            # optimizer's) did not move in this update, which is no evidence of a stalled layer.
            if norms is None:
                where = self.reader.held()
            chosen = range(len(self.params)) if where is None else where
            if chosen:  # else no parameter it steps had a gradient (a step with no backward pass): no ratio to read
                record_update_ratios(
                    self.history,
                    step,
                    [self.names[i] for i in chosen],
                    [self.params[i] for i in chosen],
                    [self._before[i] for i in chosen],
                    # a clipped norm is no evidence of exploding gradients
                    norms if raw and norms is not None else (),
                )
            self._before = None
        reading = step == self._next_reading
        if reading:
            self._next_reading = next_due(self.readings, step) or NEVER
        self._plan(step)
        self._spent += time.perf_counter() - started
        if reading:
            self._take_reading(step)
        return (norms, where) if norms else None  # none read, or no gradient to read: NaN

    # -- what the loop tells ----------------------------------------------------------------

    def log(self, loss: Any = None, *, val_loss: Any = None, **metrics: Any) -> None:
        """After an optimizer step: ``loss``, the loss of that step's batch (a number or a
        one-element tensor). Losses logged before the step (one per accumulated batch) are
        averaged into it. A loop that logs every loss of an update before its step
        (``loss.backward(); monitor.log(loss); opt.step()``) is told from its first two steps (as
        many losses before the first step as between the first two): each update then takes the
        losses logged before its step. ``val_loss`` and ``metrics`` (``accuracy=...``, ``val_accuracy=...``)
        go into the epoch's row: the last value logged for ``val_*`` names, the mean of the
        epoch's values for the others."""
        if self._off:
            if self._closed:
                raise RuntimeError("this monitor is closed: log() must come before close()")
            return
        if val_loss is not None:
            metrics["val_loss"] = val_loss
        # All checked before any is kept: a refused value leaves no trace (its empty list was an epoch's 0/0).
        metrics = {name: as_float(value, name) for name, value in metrics.items()} if metrics else metrics
        if loss is not None:
            value = loss if type(loss) is float else as_float(loss, "loss")
            update = self._open
            if update is not None and self._phase is not PENDING:  # the logged loss, not a closure's, is the update's
                if self._losses:  # the update's earlier (accumulated) batches
                    self._losses.append(value)
                    value = sum(self._losses) / len(self._losses)
                    self._losses.clear()
                self._open = None
                if self._open_read is None and self._open_loss is None and _isfinite(value):  # most updates
                    self._updates.append(update)
                    self._values.append(value)
                else:
                    read, self._open_read, self._open_loss = self._open_read, None, None
                    self._commit(update, read, value)
            else:
                self._losses.append(value)
        for name, value in metrics.items():
            self._metrics.setdefault(name, []).append(value)

    def read_gradients(self) -> None:
        """Read the gradients now, for the coming update: for a framework's hook where they are
        final, unscaled and not yet clipped (Lightning's ``on_before_optimizer_step``). This
        reading wins over the one the step hook would take, and counts as raw."""
        if not (self._dead or self._closed):
            self.reader.read_now()

    def epoch_end(self, **metrics: Any) -> None:
        """Mark the end of an epoch: its row (mean loss and gradient norm of its steps, the last
        rates, its seconds, the metrics logged in it and ``metrics``) joins ``history.epochs``;
        a validation loss among them lets the doctor find overfitting."""
        self._close_period("epoch_end", metrics, at_step=False)

    def evaluated(self, **metrics: Any) -> None:
        """Mark an evaluation taken within the loop (every N updates, mid-epoch): like
        :meth:`epoch_end`, it closes a period of the record, a row of ``history.epochs`` with
        ``metrics`` (``val_loss=...``), and the row also holds ``step``, the updates taken when
        it was evaluated. A loop that evaluates more often than once an epoch calls this at
        each evaluation and not :meth:`epoch_end`, so that the doctor reads every evaluation
        (its overfitting finding then names the step to stop at, ``max_steps``). An evaluation
        with no update since the last row adds its metrics to the next row instead.

        >>> import torch, descend as ds
        >>> model = torch.nn.Linear(1, 1)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
        >>> monitor = ds.watch(model, opt, print_findings=False)
        >>> for step in range(1, 7):
        ...     opt.zero_grad(); loss = model(torch.ones(1, 1)).pow(2).sum(); loss.backward(); opt.step()
        ...     monitor.log(loss)
        ...     if step % 3 == 0:
        ...         monitor.evaluated(val_loss=loss)
        >>> _ = monitor.close()
        >>> monitor.history.epochs["step"], len(monitor.history.val_loss)
        ([3, 6], 2)
        """
        self._close_period("evaluated", metrics, at_step=True)

    def close(self) -> list[Diagnosis]:
        """Detach the hooks, end the last epoch, run the doctor (the same
        :class:`~descend.Diagnosis` findings as ``descend.train``'s), print its findings and
        write the run folder. Returns the findings; a second call returns them again. A monitor
        left open (the loop raised outside a ``with`` block) is closed as the interpreter exits,
        its record saying so (``history.stopped_because``), but under data-parallel training
        with ``batch_size``, whose ``close()`` is a collective."""
        if self._closed:
            return self.diagnoses
        self._closed = self._off = True
        OPEN.discard(self)
        for handle in self._handles:
            handle.remove()
        self.reader.remove()
        try:
            self._finish_record()
        finally:  # whatever failed, the run folder is written: the logs, the findings, the report
            if self.folder is not None:
                self._describe_sampling(self.folder.settings)
                self.folder.finish(self.run)
        self.instruments = None
        return self.diagnoses

    def _close_left_open(self) -> None:
        """:meth:`close` at the interpreter's exit, the record saying why; under data-parallel training
        with worker norms (``close()`` is a collective the others may never join), the run folder's logs alone."""
        if self._closed:
            return
        if self.workers is not None:
            if self.folder is not None:
                self.folder.write_recorded(self.run)
            return
        if not self.history.stopped_because:
            self.history.stopped_because = LEFT_OPEN
        self.close()

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None and not self.history.stopped_because:
            self.history.stopped_because = f"the watched loop raised {kind.__name__}: {error}"
        self.close()
