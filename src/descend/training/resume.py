"""What a training checkpoint holds beyond the weights, and the rules a resume follows: the
settings that define a run (a resume refuses others), the state at the end of a finished
run's last epoch (to train on to more epochs), and the callbacks' states matched by class."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from .. import schedules
from .._plural import counted
from . import checkpoint, models, new_run, run_folder
from .callbacks import Callback

# The engine and train use the functions below; users need only the format's name.
__all__ = ["CHECKPOINT_FORMAT", "set_rate"]

CHECKPOINT_FORMAT = "descend-checkpoint-1"


def last_checkpoint(folder: Path) -> dict[str, Any]:
    """The training checkpoint ``folder/last.pt``, loaded once for the whole resume (the
    temporary files of a save cut off by a kill are removed first)."""
    path = folder / run_folder.LAST
    checkpoint.remove_stale_temporaries(path)
    checkpoint.remove_stale_temporaries(folder / run_folder.BEST)
    new_run.check_new_run(folder, None, resume=True)  # no last.pt: no run to resume
    state = checkpoint.load(path)
    if state.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a descend training checkpoint")
    return state


def hit_epoch_limit(stopped_because: str | None, epochs: int) -> bool:
    """Whether a run stopped because it had trained ``epochs`` epochs (``Engine.fit`` says so;
    the checkpoint of a one-epoch run by an earlier version of descend says "1 epochs")."""
    return stopped_because in (epoch_limit_reason(epochs), f"reached the maximum of {epochs} epochs")


def epoch_limit_reason(epochs: int) -> str:
    """``History.stopped_because`` of a run that trained all its ``epochs`` (what a resume
    to more epochs recognises)."""
    return f"reached the maximum of {counted(epochs, 'epoch')}"


def epoch_end_state(path: Path, epoch: int, step: int) -> dict[str, Any] | None:
    """The checkpoint ``path`` if it holds the run at the end of epoch ``epoch`` (``step``
    updates in), as ``fit`` saves it; ``None`` if it holds something else."""
    if not path.is_file():
        return None
    state = checkpoint.load(path)
    if state.get("finished") or (state.get("epoch"), state.get("batch"), state.get("step")) != (epoch, 0, step):
        return None
    state.pop("at_epoch_end", None)
    return state


def continued(saved: dict[str, Any], epochs: int, folder: Path) -> tuple[dict[str, Any], str | None]:
    """What a resume from the finished run ``saved`` (``folder/last.pt``) continues from: its
    state at the end of its last epoch when it stopped at its epoch budget and this call asks
    for more epochs (it then trains on as a run asked for ``epochs`` from the start would,
    schedules sized to the run aside); otherwise ``saved`` itself, with the notice that says
    why nothing more is trained."""
    done, reason = saved["epoch"], saved["stopped_because"]
    if not hit_epoch_limit(reason, done):
        why = f"it had stopped: {reason}"
    elif epochs <= done:
        why = f"it had trained its {counted(done, 'epoch')} and this call has epochs={epochs}; give epochs > {done} to train on"
    elif saved.get("at_epoch_end") is None:
        why = (
            f"it had trained its {counted(done, 'epoch')}, and its checkpoint (from an earlier version of "
            f"descend) lacks the state at the end of its last epoch needed to train on to epochs={epochs}"
        )
    else:
        return saved["at_epoch_end"], None
    return saved, f"resume: the run in {folder} had finished, so nothing more is trained: {why}"


def saved_rate(saved: dict[str, Any]) -> float:
    """The learning rate the run of checkpoint ``saved`` was started with (what a resumed
    ``lr="auto"`` run keeps: the first run's pick), from its config; checkpoints of older versions
    record none, and give their optimizer's first parameter group's initial (else current) rate."""
    group = saved["optimizer"]["param_groups"][0]
    return float(saved["config"].get("lr", group.get("initial_lr", group["lr"])))


def refuse_a_spent_cycle(
    saved: dict[str, Any], scheduler: Any, epochs: int, steps_per_epoch: int, folder: Path
) -> None:
    """Refuse to resume the run of checkpoint ``saved`` to ``epochs`` epochs under a torch
    ``OneCycleLR`` whose saved ``total_steps`` ends before them: loading its state puts the
    saved total back over the one this call's scheduler was built with, and torch then raised
    ("Tried to step 33 times. The specified number of total steps is 32") in the middle of the
    resumed run. A cycle that has annealed to its end has no rate to go on with."""
    state = saved.get("scheduler") or {}
    updates = epochs * steps_per_epoch
    if not isinstance(scheduler, torch.optim.lr_scheduler.OneCycleLR) or state.get("total_steps", updates) >= updates:
        return
    total = state["total_steps"]
    raise ValueError(
        f"cannot resume from {folder / run_folder.LAST}: its OneCycleLR has total_steps={total}, which a resume "
        f"restores whatever this call's OneCycleLR says, and epochs={epochs} is {updates} updates: torch would raise "
        f"at update {total + 1}. A one-cycle cannot go on past its end: resume with epochs <= "
        f"{total // steps_per_epoch}, or start a new run (resume=False) with total_steps={updates}"
    )


def definition(
    model,
    model_options,
    optimizer,
    opt: torch.optim.Optimizer,
    loss,
    precision,
    schedule,
    scheduler,
    clip: tuple[float | None, float | None],
) -> dict[str, Any]:
    """What defines a run beyond its data's order (``Engine.config``), as plain data, for a
    resume to check against its checkpoint: the model, the optimizer with its hyper-parameters
    and starting rate (``lr="auto"``'s pick), the loss, the precision, the kind of schedule
    (its parameters are checked by the schedule itself) with the class of the torch scheduler
    that drives it (``scheduler``, :func:`descend.schedules.for_run`'s; torch loads one
    class's saved state into another without a word) and the gradient clipping."""
    return {
        "model": model.strip().lower() if isinstance(model, str) else type(model).__qualname__,
        "model_options": _plain(model_options or {}),
        "optimizer": optimizer.strip().lower() if isinstance(optimizer, str) else _class_path(optimizer),
        "optimizer_class": _class_path(opt),
        "hyper": {k: _plain(v) for k, v in opt.defaults.items() if k not in _NOT_HYPER},
        "lr": _plain(set_rate(opt)),
        "loss": loss.strip().lower() if isinstance(loss, str) else "a function",
        "precision": precision.strip().lower() if isinstance(precision, str) else precision,
        "schedule": _schedule_kind(schedule),
        "scheduler_class": _torch_scheduler_class(scheduler),
        "clip_grad_norm": clip[0],
        "clip_grad_value": clip[1],
    }


# Optimizer settings that say how an update is computed (or are the rate), not which one.
_NOT_HYPER = ("lr", "initial_lr", "foreach", "fused", "capturable", "differentiable")


def _class_path(obj: Any) -> str:
    """Where ``obj``'s class lives; a class's own path when ``obj`` is one."""
    cls = obj if isinstance(obj, type) else type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def set_rate(opt: torch.optim.Optimizer) -> Any:
    """The rate ``opt`` was built with: its ``lr`` default, which no scheduler moves. Not its
    first group's ``initial_lr``: ``OneCycleLR`` and ``CyclicLR`` write their own there (0.004
    for max_lr=0.1), so an instance one of them had driven read as another rate on resume. A
    tensor default is the first group's own tensor, set in place by every scheduler: its
    ``initial_lr`` (a copy) or ``lr`` then, as for an optimizer with no ``lr`` default.

    >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    >>> _ = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=8)
    >>> opt.param_groups[0]["initial_lr"], set_rate(opt)
    (0.004, 0.1)
    """
    group, rate = opt.param_groups[0], opt.defaults.get("lr")
    return group.get("initial_lr", group["lr"]) if rate is None or isinstance(rate, Tensor) else rate


def _torch_scheduler_class(scheduler: Any) -> str | None:
    """The class of the torch scheduler driving a run (inside a ``TorchPlateau`` too);
    ``None`` for a descend schedule, whose kind and own state say what it is."""
    torch_scheduler = getattr(scheduler, "scheduler", scheduler)
    if isinstance(torch_scheduler, torch.optim.lr_scheduler.LRScheduler):
        return _class_path(torch_scheduler)
    return None


def _schedule_kind(schedule: Any) -> str | None:
    if schedule is None or isinstance(schedule, str):
        return schedule.strip().lower() if schedule is not None else None
    if isinstance(schedule, schedules.Schedule):  # a Plateau too: its name is "plateau"
        return schedule.name
    return "a function" if callable(schedule) else type(schedule).__qualname__


def _plain(value: Any) -> Any:
    """``value`` as data a checkpoint holds (tuples as lists, tensors as numbers)."""
    if isinstance(value, Tensor):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__qualname__}>"


def _same(a: Any, b: Any) -> bool:
    return a == b or repr(a) == repr(b)  # NaN is NaN here


def conflicts(
    saved: dict[str, Any], config: dict[str, Any], saved_weights: dict[str, Any], weights: dict[str, Any]
) -> list[str]:
    """Each setting of ``config`` that contradicts the checkpoint's ``saved`` one, as "it was
    trained with KEY=SAVED, this call has KEY=VALUE"; settings an older checkpoint did not
    record are not checked. The weights' names and shapes are compared in any case."""

    def clash(key: str, was: Any, now: Any) -> str:
        return f"it was trained with {key}={was!r}, this call has {key}={now!r}"

    found = []
    for key, value in config.items():
        if key not in saved or key in ("optimizer", "hyper") or _same(saved[key], value):
            continue
        if key == "model_options" and _same_model(saved, config):
            continue
        if key == "optimizer_class":
            found.append(clash("optimizer", saved.get("optimizer", saved[key]), config["optimizer"]))
        elif key == "scheduler_class":  # one side none: the schedule's kind differs, and says so
            if saved[key] is not None and value is not None:
                found.append(f"it was trained with a schedule that built a {saved[key]}, this call's builds a {value}")
        else:
            found.append(clash(key, saved[key], value))
    if "hyper" in saved and _same(saved.get("optimizer_class"), config["optimizer_class"]):
        was, now = saved["hyper"], config["hyper"]
        found += [
            clash(k, was.get(k), now.get(k)) for k in dict.fromkeys([*was, *now]) if not _same(was.get(k), now.get(k))
        ]
    if "model" not in saved or _same(saved["model"], config["model"]):
        architecture = _architecture_conflict(saved_weights, weights)
        if architecture:
            found.append(architecture)
    return found


def _same_model(saved: dict[str, Any], config: dict[str, Any]) -> bool:
    """Whether the run definitions ``saved`` and ``config`` give one model in their options: the
    built-in model's defaults filled in, so an mlp saved with ``{}`` is the one ``{"hidden": [64]}``
    asks for (a message still names the options as written)."""
    was, now = (_plain(models.filled_options(d.get("model"), d["model_options"])) for d in (saved, config))
    return saved.get("model") == config["model"] and _same(was, now)


def _architecture_conflict(saved: dict[str, Any], current: dict[str, Any]) -> str | None:
    """The first difference in the names and shapes of two models' state dicts, if any."""

    def shapes(state: dict[str, Any]) -> dict[str, tuple[int, ...]]:
        return {k: tuple(v.shape) for k, v in state.items() if isinstance(v, Tensor)}

    was, now = shapes(saved), shapes(current)
    if was == now:
        return None
    for name, shape in was.items():
        if name not in now:
            return f"it was trained with a model that has {name!r} of shape {shape}, this call's model has no {name!r}"
    for name, shape in now.items():
        if name not in was:
            return f"it was trained with a model that has no {name!r}, this call's model has {name!r} of shape {shape}"
    name = next(n for n in was if was[n] != now[n])
    return f"it was trained with a model whose {name!r} has shape {was[name]}, this call's model has shape {now[name]}"


def callback_states(callbacks: Sequence[Callback], state: dict[str, Any]) -> list[tuple[Callback, Any]]:
    """Each callback with its saved state: the state of the saved callback of the same class
    and rank among those of its class, so that a stopping rule added or dropped on resume (a
    ``time_budget``, say) shifts no other callback's state; by position in older checkpoints."""
    names = state.get("callback_names")
    if names is None:
        return list(zip(callbacks, state["callbacks"]))
    saved: dict[str, list[Any]] = {}
    for name, cb_state in zip(names, state["callbacks"]):
        saved.setdefault(name, []).append(cb_state)
    pairs = []
    for cb in callbacks:
        kept = saved.get(type(cb).__qualname__)
        if kept:
            pairs.append((cb, kept.pop(0)))
    return pairs


def save_state(engine: Any, path: Path, epoch: int, batch: int) -> None:
    """Write the state of ``engine`` (a :class:`descend.training.engine.Engine`, settled) to
    ``path``: where the run stands (``epoch``, ``batch`` in it), its settings and everything
    a resume needs to continue bit for bit. Worker 0 alone writes."""
    run = engine.run
    state = {
        "format": CHECKPOINT_FORMAT,
        "config": engine.config,
        "epoch": epoch,
        "batch": batch,
        "step": run.step,
        "finished": engine.finished,
        "stopped_because": run.history.stopped_because,
        "converged": run.converged,
        "model": run.model.state_dict(),
        "optimizer": run.optimizer.state_dict(),
        "scheduler": engine.scheduler.state_dict() if engine.scheduler is not None else None,
        "rng": checkpoint.rng_state(),
        "history": run.history.state_dict(),
        "callbacks": [cb.state_dict() for cb in engine.callbacks],
        "epoch_totals": engine.totals.state_dict(engine.workers),
        "precision": engine.precision.state_dict(),
        "callback_names": [type(cb).__qualname__ for cb in engine.callbacks],
    }
    if engine.examples is not None:  # gathered from every worker: all of them call this
        state["examples"] = engine.examples.state_dict(engine.workers)
    if engine.workers is None or engine.workers.is_main:
        if engine.finished and path.name == run_folder.LAST and hit_epoch_limit(run.history.stopped_because, epoch):
            # For a resume that asks for more epochs: the state at the end of the last epoch,
            # before on_train_end changed it (EarlyStopping restores the best weights).
            state["at_epoch_end"] = epoch_end_state(path, epoch, run.step)
        checkpoint.save_atomic(state, path)


def load_state(engine: Any, state: dict[str, Any], path: Path) -> None:
    """Put ``state`` (:func:`last_checkpoint` read it from ``path``) back into ``engine``,
    after refusing settings that contradict it; the engine then continues where it stood."""
    run = engine.run
    clashes = conflicts(state["config"], engine.config, state["model"], run.model.state_dict())
    if clashes:
        raise ValueError(
            f"cannot resume from {path}: {'; '.join(clashes)}; use the same settings, or another checkpoint_dir"
        )
    try:
        run.model.load_state_dict(state["model"])
    except RuntimeError as err:
        raise ValueError(
            f"cannot resume from {path}: its weights do not load into this call's model: {' '.join(str(err).split())}"
        ) from err
    run.optimizer.load_state_dict(state["optimizer"])  # moves state to each param's device
    if engine.scheduler is not None and state["scheduler"] is not None:
        engine.scheduler.load_state_dict(state["scheduler"])
    checkpoint.set_rng_state(state["rng"])
    run.history.load_state_dict(state["history"])
    run.history.stopped_because = state["stopped_because"]
    run.history.converged = run.converged = state["converged"]
    for cb, cb_state in callback_states(engine.callbacks, state):
        cb.load_state_dict(cb_state)
    engine.totals.load_state_dict(state["epoch_totals"], engine.workers)
    engine.precision.load_state_dict(state.get("precision", {}))
    if engine.examples is not None and "examples" in state:  # else recorded from here on
        engine.examples.load_state_dict(state["examples"])
        run.history.examples = engine.examples.record()
    elif "examples" in state and not state["examples"].get("off") and len(state["examples"]["epochs"]):
        epochs = state["examples"]["epochs"]
        warnings.warn(
            f"track_examples is off for this resumed run: the per-example record of "
            f"{counted(len(epochs), 'epoch')} before it ({run_folder.EXAMPLES} in the log folder) is kept "
            "as it is, not extended",
            UserWarning,
            stacklevel=4,
        )
    # At an epoch's end the run is in the epoch just done (the loop sets the next one).
    run.step = state["step"]
    run.epoch = state["epoch"] - 1 if state["batch"] == 0 and state["epoch"] > 0 else state["epoch"]
    engine.start_epoch, engine.start_batch = state["epoch"], state["batch"]
    engine.finished = state["finished"]
