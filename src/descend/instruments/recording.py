"""The training callback that takes :class:`~descend.instruments.Instruments` readings during
``descend.train`` (or any loop of descend's engine) and records them in
``History.instruments``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torch import Tensor

from .._checks import InvalidArgument
from ..training.callbacks import Callback
from ..training.run import Run
from .noise_scale import noise_scale_from_steps
from .sampler import Instruments

__all__ = ["RecordInstruments"]


class RecordInstruments(Callback):
    """Readings of the run at sampled steps into ``run.history.instruments`` (one row per
    reading, see :class:`Instruments`): ``every=True`` spreads a few over the ``total_steps``
    the run plans, by step count, so a resumed run records the rows an uninterrupted one
    would; ``every=N`` reads every ``N``-th step. The readings start before each sampled
    update (for α) and end after it. Under data-parallel training only worker 0 measures, on
    its plain module, with no collective, and the rows' ``noise_scale`` comes for free from the
    workers' gradient norms before and after the all-reduce, which the engine records in
    ``History.steps`` (:func:`~descend.instruments.noise_scale_from_steps`), not from
    per-example gradients. Whatever ended the run, its last weights carry the loss left to fall
    (:meth:`Instruments.close`: a row of its own where no reading was taken at the last step, a
    whole reading where none was taken in the run).
    ``options`` go to :class:`Instruments`.

    >>> import descend as ds
    >>> from descend.training.data import prepare
    >>> from descend.training.losses import get
    >>> probe = prepare("iris", seed=0).train.head(64)
    >>> rec = RecordInstruments(probe, get("cross_entropy"), every=5)
    >>> hist = ds.train(
    ...     "softmax", "iris", lr=0.05, epochs=3, batch_size=32, callbacks=[rec], instruments=False, progress=False
    ... )
    >>> [row["step"] for row in hist.instruments]  # 12 updates: the last carries the decrease alone
    [5, 10, 12]
    """

    def __init__(
        self,
        probe: tuple[Tensor, Tensor],
        loss_fn: Callable[[Tensor, Tensor], Tensor],
        *,
        every: bool | int = True,
        total_steps: int | None = None,
        batch_size: int | None = None,
        **options: Any,
    ) -> None:
        if every is True and total_steps is None:
            raise InvalidArgument("every=True spreads the readings over the planned run: give total_steps")
        self.probe, self.loss_fn, self.every = probe, loss_fn, every
        self.total_steps, self.batch_size, self.options = total_steps, batch_size, options
        self.instruments: Instruments | None = None
        self._unfit: InvalidArgument | None = None
        # The updates after _after and before _next take no reading and no before_step: their
        # hook returns at once (it runs at every update).
        self._after, self._next = 0, 0
        self._vector: Tensor | None = None  # the warm start of the sharpness, kept in checkpoints

    def on_train_begin(self, run: Run) -> None:
        if run.rank != 0:
            return
        self._after, self._next = 0, 0
        try:
            self.instruments = self._instruments(run)
        except InvalidArgument as err:
            # The engine's own check of the first batch names a model that does not fit the
            # data better; the error stands if the training batches pass.
            self._unfit = err
            return
        self.instruments.vector = self._vector
        self.instruments.before_step()

    def _instruments(self, run: Run) -> Instruments:
        return Instruments(
            run.model,
            self.loss_fn,
            self.probe,
            optimizer=run.optimizer,
            every=self.every,
            total_steps=self.total_steps,
            batch_size=self.batch_size,
            step=run.step,
            **{"noise_scale": run.world_size == 1, **self.options},
        )

    def on_step_end(self, run: Run) -> None:
        if self._unfit is not None:
            raise self._unfit
        inst = self.instruments
        if inst is None:
            return
        step = run.step  # the engine counts the updates; follow it
        if self._after < step < self._next - 1:
            return
        if inst.due(step):
            inst.step = step - 1
            run.history.instruments.append(inst.after_step())
            self._vector = inst.vector
        if inst.due(step + 1) and not run.should_stop:
            inst.step = step
            inst.before_step()
        following = inst.next_due(step)
        self._after, self._next = step, following if following is not None else 2**62

    def on_epoch_end(self, run: Run) -> None:
        # The engine settles the workers' gradient norms before this hook, once an epoch.
        steps, rows = run.history.steps, run.history.instruments
        pending = [row for row in rows if row["noise_scale"] != row["noise_scale"]]  # NaN
        if run.world_size > 1 and run.rank == 0 and pending and "grad_sq_local" in steps:
            scales = noise_scale_from_steps(steps)
            for row in pending:
                if 0 < row["step"] <= len(scales):
                    row["noise_scale"] = scales[row["step"] - 1].b_simple

    def on_updates_end(self, run: Run) -> None:
        # A run stopped before its last planned reading (early stopping, a time budget) still
        # has the loss left to fall read at its last weights: the doctor's "too small" rests on it.
        # One stopped before its first (a stopping rule that took a crawl for convergence) gets a
        # whole reading there: without a sharpness the doctor's advice has only the loss curve,
        # whose per-step drops at such rates are at float32's resolution.
        if self.instruments is not None:
            self.instruments.step = run.step
            row = self.instruments.close(whole=True)
            if row is not None:
                run.history.instruments.append(row)

    def on_train_end(self, run: Run) -> None:
        self.instruments = None  # the probe and the model stay with the run, not here

    def state_dict(self) -> dict[str, Any]:
        return {} if self._vector is None else {"vector": self._vector.detach().cpu()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        vector = (state or {}).get("vector")
        self._vector = vector if isinstance(vector, Tensor) else None
