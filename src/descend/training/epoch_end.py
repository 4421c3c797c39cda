"""An epoch's end in the training engine: its row of the record (training loss, gradient norm,
rates, metric, validation), a reduce-on-plateau schedule's observation, the callbacks, the best
epoch and its checkpoint."""

from __future__ import annotations

from typing import Any

from . import run_folder
from .validation import evaluating, validation_row

__all__: list[str] = []  # the engine's own part (see engine.py)


def end_epoch(engine: Any, bar: Any) -> None:
    """End the epoch ``engine.run.epoch`` of ``engine`` (a :class:`~descend.training.engine.Engine`
    with the epoch's totals, settled here): its row into the history (the validation pass, or
    the engine's ``evaluate``, in evaluation mode), the schedule, the progress ``bar``'s
    figures, the callbacks' ``on_epoch_end``; where the epoch is the best so far (the lowest
    training loss without validation data; else as the callbacks say), ``best.pt``."""
    run, history, totals = engine.run, engine.run.history, engine.totals
    engine.settle()
    if engine.examples is not None:  # a collective under workers, as settle's
        history.examples = engine.examples.end_epoch(run.epoch, engine.workers)
    row: dict[str, Any] = {
        "epoch": run.epoch,
        "loss": totals.loss_sum / totals.examples,  # the short last batch weighs what it holds
        "grad_norm": sum(totals.grad_norms) / totals.steps,
        "lr": history.steps["lr"][-1],  # the rates of the epoch's last update
        "seconds": totals.seconds,
    }
    if engine.metric:
        row[engine.metric] = totals.metric_value(engine.workers)
    if engine.evaluate is not None:
        with evaluating(run.model, run.optimizer, engine.precision):
            row.update(engine.evaluate(run))
    elif engine.val_source is not None:
        with evaluating(run.model, run.optimizer, engine.precision):
            row.update(validation_row(run.model, engine.val_source, engine.loss_fn, engine.metric))
    history.append_epoch(**row)
    if getattr(engine.scheduler, "observes_metric", False):  # a reduce-on-plateau schedule
        engine.scheduler.observe(row.get("val_loss", row["loss"]))
    bar.set_postfix(
        {k: f"{v:.4g}" for k, v in row.items() if k in ("loss", "val_loss", engine.metric, f"val_{engine.metric}")},
        refresh=False,
    )
    for cb in engine.callbacks:
        cb.on_epoch_end(run)
    if "val_loss" not in row:
        losses = history.loss
        if losses[-1] <= min(losses):
            history.best_epoch = run.epoch
    if history.best_epoch == run.epoch and engine.checkpoint_dir is not None:
        engine.save(run_folder.BEST, run.epoch + 1, 0)
