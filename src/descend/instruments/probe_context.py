"""The probe batch of :class:`~descend.instruments.Instruments`: checked once against the model and
the loss, and run without leaving a trace, so that a run with instruments is bit for bit the run
without them."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument

__all__ = ["traceless", "checked_probe"]


@contextlib.contextmanager
def traceless(model: torch.nn.Module, device: torch.device, seed: int) -> Iterator[None]:
    """Run the probe without leaving a trace: torch's generators (the CPU's and that of
    ``device``, the parameters') forked and seeded with ``seed``, the model's buffers restored,
    gradients on, autocast off (the model runs in its own dtype).

    >>> model = torch.nn.BatchNorm1d(2)
    >>> with traceless(model, torch.device("cpu"), seed=0):
    ...     _ = model(torch.randn(4, 2) + 5)
    >>> model.running_mean  # restored
    tensor([0., 0.])
    """
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    devices = [device] if device.type == "cuda" else []
    try:
        with (
            torch.random.fork_rng(devices=devices),
            torch.autocast(device.type, enabled=False),
            torch.enable_grad(),
        ):
            # Not torch.manual_seed: it also queues a seed for CUDA, noting a traceback each time.
            torch.default_generator.manual_seed(seed)
            if device.type == "cuda":
                with torch.cuda.device(device):  # the forked generator, not the current device's
                    torch.cuda.manual_seed(seed)
            yield
    finally:
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)


def checked_probe(
    model: torch.nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    probe: Any,
    device: torch.device,
    seed: int,
) -> tuple[Tensor, Tensor]:
    """``probe``, a pair ``(x, y)`` of at least 2 rows, on ``device``, once the model and the loss
    have taken it (:func:`traceless`); else one clear error naming what was given.

    >>> x, y = checked_probe(torch.nn.Linear(3, 1), torch.nn.functional.mse_loss, (torch.ones(4, 3), torch.ones(4, 1)), torch.device("cpu"), 0)
    >>> tuple(x.shape), tuple(y.shape)
    ((4, 3), (4, 1))
    """
    if not (isinstance(probe, (tuple, list)) and len(probe) == 2 and all(isinstance(t, Tensor) for t in probe)):
        raise InvalidArgument(f"probe must be a pair (x, y) of tensors, got {_describe(probe)}")
    x, y = probe
    if x.dim() == 0 or y.dim() == 0 or len(x) != len(y) or len(x) < 2:
        raise InvalidArgument(
            "probe must be a pair (x, y) of tensors with the same number of rows, at least 2, "
            f"got x of shape {tuple(x.shape)} and y of shape {tuple(y.shape)}"
        )
    x, y = x.to(device), y.to(device)
    try:
        # Quiet: this trial only looks for an error (a training loop checks its own batches).
        with traceless(model, device, seed), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss_fn(model(x), y)
    except Exception as err:
        raise InvalidArgument(
            f"probe does not fit the model and loss: x of shape {tuple(x.shape)}, y of shape "
            f"{tuple(y.shape)} gave {type(err).__name__}: {err}"
        ) from err
    return x, y


def _describe(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} ({', '.join(type(v).__name__ for v in value)})"
    return type(value).__name__
