"""The first forward pass of a run, watched: a model built for other data gets one clear
error naming both sizes instead of torch's, from the layer that refused its input."""

from __future__ import annotations

import warnings
from typing import Any

import torch
from torch import Tensor

from .._plural import counted
from .data.sources import Source
from .loss_modules import module_kind
from .losses import aligned, check_batch, check_output

__all__ = ["first_forward", "check_first_batch", "check_run_start", "one_number", "check_trainable"]

# The layers whose input size _input_mismatch can read (torch's public convolution classes).
_CONVOLUTIONS = (
    torch.nn.Conv1d,
    torch.nn.Conv2d,
    torch.nn.Conv3d,
    torch.nn.ConvTranspose1d,
    torch.nn.ConvTranspose2d,
    torch.nn.ConvTranspose3d,
)


def first_forward(model: torch.nn.Module, forward: Any, xb: Tensor) -> Tensor:
    """``forward(xb)`` (``model`` itself, or its DDP wrapper) for the run's first batch. A layer
    that does not take the size of its input (a model built for other data) raises one
    ValueError naming both sizes, not torch's error from deep inside; hooks watch this pass
    only, so later steps pay nothing.

    >>> model = torch.nn.Linear(3, 1)
    >>> first_forward(model, model, torch.zeros(2, 5))
    Traceback (most recent call last):
    ValueError: the model does not take the data's examples of shape (5,): the model (Linear(in_features=3, out_features=1, bias=True)) expects 3 input features but got 5 (an input of shape (2, 5)); build the model for this data, or give it data of the size it takes
    """
    running: list[tuple[str, torch.nn.Module, Any]] = []  # the modules entered, not left

    def leave(module: torch.nn.Module, args: Any, out: Any) -> None:  # None: out unchanged
        running.pop()

    handles = []
    for name, module in model.named_modules():
        handles.append(module.register_forward_pre_hook(lambda m, args, name=name: running.append((name, m, args))))
        handles.append(module.register_forward_hook(leave))
    try:
        return forward(xb)
    except RuntimeError as err:
        problem = _input_mismatch(*running[-1], xb) if running else None
        if problem is None:
            raise
        raise ValueError(problem) from err
    finally:
        for handle in handles:
            handle.remove()


def check_first_batch(
    module: torch.nn.Module, batch: tuple[Tensor, Tensor], loss: Any, loss_fn: Any, *, own_run: bool = False
) -> None:
    """The engine's checks of a run's first batch (:func:`first_forward`, the loss's own
    ``check_batch``), and a loss that returns one number, made on ``batch`` before anything
    else reads the model: ``lr_find`` and ``train(lr="auto")`` read its curvature first, where
    a model built for other data, or a loss of another shape, raised torch's error from deep
    inside. In eval mode and without gradients, the modes put back: nothing of the model (nor
    a batch norm's running statistics) changes. ``loss`` is the loss's name (or callable),
    ``loss_fn`` the function. ``own_run``: the checks of a run of ``train`` or ``lr_find``, which
    read the model's output themselves, whatever the loss: one tensor
    (:func:`~descend.training.losses.check_output`), and a loss of the user's own that does not
    broadcast ``(n, 1)`` against ``(n,)``.

    >>> mse = torch.nn.functional.mse_loss
    >>> check_first_batch(torch.nn.Linear(3, 1), (torch.zeros(4, 3), torch.zeros(4, 1)), mse, mse)
    >>> check_first_batch(torch.nn.Linear(3, 1), (torch.zeros(4, 3), torch.zeros(4, 1)), "mse", lambda o, y: o - y)
    Traceback (most recent call last):
    ValueError: the loss must return one number (a tensor of one element) to descend on, got a tensor of shape (4, 1); reduce it, e.g. with .mean()
    """
    modes = [(m, m.training) for m in module.modules()]
    xb, yb = batch
    try:
        module.eval()
        with torch.no_grad():
            out = first_forward(module, module, xb)
            if own_run:
                check_output(out)
            check_batch(loss, out, yb)
            value = loss_fn(out, yb)
            if own_run and not isinstance(loss, str) and module_kind(loss) is None:
                _check_unbroadcast(loss_fn, out, yb, one_number(value))
    finally:
        for m, training in modes:
            m.training = training
    one_number(value)


def _check_unbroadcast(loss_fn: Any, out: Tensor, y: Tensor, value: Tensor) -> None:
    """A loss of the user's own on outputs ``(n, 1)`` and targets ``(n,)`` (or the other way)
    that gives another value on the pair aligned: it compared every output with every target
    (torch broadcasts the pair to ``(n, n)``), a wrong loss with at most torch's warning."""
    pair = aligned(out, y)
    if pair[0].shape == out.shape and pair[1].shape == y.shape:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's own "Using a target size ..." for the pair
            again = loss_fn(*pair)
    except Exception:  # a loss that takes only the shapes it was given: it cannot be told
        return
    if isinstance(again, Tensor) and again.numel() == 1 and torch.allclose(again.float(), value.float(), rtol=1e-4):
        return
    raise ValueError(
        f"the loss broadcasts the model output of shape {tuple(out.shape)} against targets of shape "
        f"{tuple(y.shape)} to ({len(y)}, {len(y)}), every output against every target: give a built-in "
        "loss name or torch loss module (they align the unit axis), or make the two shapes equal in the loss (out.squeeze(-1))"
    )


def check_run_start(module: torch.nn.Module, source: Source, examples: int, loss: Any, loss_fn: Any) -> None:
    """:func:`check_first_batch` on the start of a run's training ``source``, before the run reads
    anything else or writes a file (a log folder's earlier files are then still there): its
    first ``examples`` examples of epoch 0's order; a user's ``DataLoader``'s own first batch,
    read with its random generators put back
    (:meth:`~descend.training.data.sources.LoaderSource.first_batch`), so that the run draws the
    order it would without the check (a stream, an ``IterableDataset``, is read from its start
    once more, as every epoch reads it).

    >>> from descend.training.data import prepare
    >>> source = prepare((torch.zeros(8, 3), torch.zeros(8, 1)), batch_size=4).train
    >>> check_run_start(torch.nn.Linear(3, 1), source, 4, "mse", lambda o, y: (o - y) ** 2)
    Traceback (most recent call last):
    ValueError: the loss must return one number (a tensor of one element) to descend on, got a tensor of shape (4, 1); reduce it, e.g. with .mean()
    """
    check_first_batch(module, source.first_batch(examples), loss, loss_fn, own_run=True)


def one_number(value: Any) -> Tensor:
    """``value``, the loss of a batch, if it is one number to descend on (a tensor of one
    element); else the error that says so, not torch's "grad can be implicitly created only
    for scalar outputs" at the backward pass. The engine checks its first loss with it.

    >>> one_number(torch.ones(3, 1))
    Traceback (most recent call last):
    ValueError: the loss must return one number (a tensor of one element) to descend on, got a tensor of shape (3, 1); reduce it, e.g. with .mean()
    """
    if not isinstance(value, Tensor):
        raise TypeError(f"the loss must return a tensor, got {type(value).__name__}")
    if value.numel() != 1:
        raise ValueError(
            "the loss must return one number (a tensor of one element) to descend on, got a tensor of "
            f"shape {tuple(value.shape)}; reduce it, e.g. with .mean()"
        )
    return value


def check_trainable(model: torch.nn.Module) -> None:
    """Raise one ``ValueError`` where ``model`` has no parameter to descend on (none at all,
    or all frozen), not torch's "element 0 of tensors does not require grad" at the first
    backward pass.

    >>> check_trainable(torch.nn.Linear(2, 1).requires_grad_(False))
    Traceback (most recent call last):
    ValueError: the model has no parameter to train: its 2 parameters (3 values) all have requires_grad=False; unfreeze those to train, e.g. p.requires_grad_(True)
    """
    params = list(model.parameters())
    if any(p.requires_grad for p in params):
        return
    if not params:
        raise ValueError(f"the model ({type(model).__name__}) has no parameters: there is nothing to train")
    values = sum(p.numel() for p in params)
    raise ValueError(
        f"the model has no parameter to train: its {counted(len(params), 'parameter')} ({counted(values, 'value')}) "
        "all have requires_grad=False; unfreeze those to train, e.g. p.requires_grad_(True)"
    )


def _input_mismatch(name: str, module: torch.nn.Module, args: tuple, xb: Tensor) -> str | None:
    """Why ``module`` (a linear, convolutional or recurrent layer) failed on the input
    ``args[0]``: its size along the dimension the layer was built for is another; ``None``
    where it is not, or the layer is of another kind (then the error is something else)."""
    inp = args[0] if args and isinstance(args[0], Tensor) else None
    if inp is None or inp.ndim == 0:
        return None
    if isinstance(module, _CONVOLUTIONS):
        dim = inp.ndim - len(module.kernel_size) - 1  # (N, C, *spatial) or (C, *spatial)
        want, what = module.in_channels, "input channels"
    elif isinstance(module, torch.nn.Linear):
        dim, want, what = -1, module.in_features, "input features"
    elif isinstance(module, torch.nn.RNNBase):
        dim, want, what = -1, module.input_size, "input features"
    else:
        return None
    if dim < -inp.ndim or dim >= inp.ndim or inp.shape[dim] == want:
        return None
    layer = "the model" if not name else f"its layer {name!r}"
    return (
        f"the model does not take the data's examples of shape {tuple(xb.shape[1:])}: "
        f"{layer} ({module}) expects {want} {what} but got {inp.shape[dim]} (an input of "
        f"shape {tuple(inp.shape)}); build the model for this data, or give it data of "
        f"the size it takes"
    )
