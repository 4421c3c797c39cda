"""Loss functions by name, and a one-off check that a batch fits the loss.

The losses are plain ``torch.nn.functional`` calls (mean over the batch). :func:`check_batch`
looks at the first batch of a run and turns shape, dtype and label-range mistakes into one
clear ``ValueError`` before torch raises from deep inside a kernel (or, worse, silently
broadcasts).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from .._names import Registry, did_you_mean
from .._plural import counted
from .loss_modules import module_kind, takes_probabilities
from .tasks import TASKS

__all__ = [
    "names",
    "get",
    "ModuleLoss",
    "default_loss",
    "check_batch",
    "check_output",
    "aligned",
    "mse",
    "mae",
    "huber",
    "bce",
    "cross_entropy",
]

LossFn = Callable[[Tensor, Tensor], Tensor]


def aligned(output: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """``output`` and ``y`` with a unit last axis dropped where only one of them has it: a model
    with one output gives ``(n, 1)`` while a target is usually ``(n,)``, and torch would
    broadcast the pair to ``(n, n)``, comparing every output with every target.

    >>> [tuple(t.shape) for t in aligned(torch.zeros(4, 1), torch.zeros(4))]
    [(4,), (4,)]
    """
    if output.shape == y.shape:
        return output, y
    if output.ndim == y.ndim + 1 and output.shape[-1] == 1:
        return output.squeeze(-1), y
    if y.ndim == output.ndim + 1 and y.shape[-1] == 1:
        return output, y.squeeze(-1)
    return output, y


def _reduced(fn: Callable[..., Tensor], output: Tensor, y: Tensor, reduction: str, **kw: Any) -> Tensor:
    # "mean" is torch's own reduction, to the last bit; "none" gives one loss per example,
    # the mean over that example's elements (what sample weights scale).
    if reduction == "mean":
        return fn(output, y, **kw)
    if reduction != "none":
        raise ValueError(f"reduction must be 'mean' or 'none', got {reduction!r}")
    values = fn(output, y, reduction="none", **kw)
    return values.reshape(len(values), -1).mean(dim=1) if values.ndim > 1 else values


def mse(output: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    """Mean squared error; ``(n, 1)`` outputs are compared with ``(n,)`` targets as ``(n,)``.
    ``reduction="none"`` gives each example's mean over its outputs.

    >>> float(mse(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 1.0])))
    2.0
    >>> mse(torch.tensor([[1.0, 3.0], [0.0, 0.0]]), torch.ones(2, 2), reduction="none")
    tensor([2., 1.])
    """
    return _reduced(F.mse_loss, *aligned(output, y), reduction)


def mae(output: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    """Mean absolute error (L1); unit axes aligned as in :func:`mse`.

    >>> float(mae(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 1.0])))
    1.0
    """
    return _reduced(F.l1_loss, *aligned(output, y), reduction)


def huber(output: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    """Huber loss with ``delta=1``: squared below 1, absolute above; aligned as :func:`mse`.

    >>> float(huber(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0])))  # (0.125 + 2.5) / 2
    1.3125
    """
    return _reduced(F.huber_loss, *aligned(output, y), reduction, delta=1.0)


def bce(output: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    """Binary cross-entropy on logits: output ``(n,)`` or ``(n, 1)``, targets 0/1 (any dtype).

    >>> round(float(bce(torch.tensor([0.0]), torch.tensor([1]))), 4)  # log 2
    0.6931
    """
    output, y = aligned(output, y)
    if y.dtype != output.dtype:
        y = y.to(output.dtype)
    return _reduced(F.binary_cross_entropy_with_logits, output, y, reduction)


def cross_entropy(output: Tensor, y: Tensor, reduction: str = "mean") -> Tensor:
    """Softmax cross-entropy: logits ``(n, K)``, int64 class labels ``(n,)`` in ``[0, K)``.

    >>> round(float(cross_entropy(torch.zeros(1, 4), torch.tensor([2]))), 4)  # log 4
    1.3863
    """
    return _reduced(F.cross_entropy, output, y, reduction)


_LOSSES: Registry[LossFn] = Registry(
    "loss",
    {
        "mse": mse,
        "mae": mae,
        "huber": huber,
        "bce": bce,
        "cross_entropy": cross_entropy,
    },
)


def names() -> list[str]:
    """The loss names :func:`get` knows.

    >>> names()
    ['mse', 'mae', 'huber', 'bce', 'cross_entropy']
    """
    return _LOSSES.names()


def get(loss: str | LossFn) -> LossFn:
    """The loss function called ``loss`` (case-insensitive, ``-`` as ``_``); a callable passes
    through.

    >>> fn = get("mse")
    >>> float(fn(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 1.0])))
    2.0
    """
    if isinstance(loss, type):  # torch.nn.MSELoss for torch.nn.MSELoss(): called on (output, y) it fails deep in torch
        raise TypeError(
            f"loss must be a name ({', '.join(names())}), a function (output, y) -> loss or a loss module, "
            f"got the class {loss.__name__}: pass an instance, {loss.__name__}()"
        )
    if module_kind(loss) is not None:
        return ModuleLoss(loss)
    if callable(loss):
        return loss
    return _LOSSES.get(_loss_key(loss))


class ModuleLoss:
    """A torch loss module of a built-in kind (:func:`~descend.training.loss_modules.module_kind`)
    called as that loss is: with its own settings, a one-output model's ``(n, 1)`` compared with
    ``(n,)`` targets as ``(n,)``, and 0/1 targets of any dtype for binary cross-entropy.
    ``reduction`` overrides the module's for one call (``"none"``: one loss per example).

    >>> loss = ModuleLoss(torch.nn.BCEWithLogitsLoss())
    >>> round(float(loss(torch.zeros(2, 1), torch.tensor([0, 1]))), 4)  # log 2
    0.6931
    >>> ModuleLoss(torch.nn.MSELoss(reduction="none"))
    Traceback (most recent call last):
    ...
    ValueError: loss=MSELoss(reduction='none') gives one loss per example, but training descends on one number: use reduction='mean' (or 'sum')
    """

    def __init__(self, module: torch.nn.Module) -> None:
        if module.reduction not in ("mean", "sum"):
            raise ValueError(
                f"loss={type(module).__name__}(reduction={module.reduction!r}) gives one loss per example, but "
                "training descends on one number: use reduction='mean' (or 'sum')"
            )
        self.module, self.kind = module, module_kind(module)
        # Found once: _like runs at every training step.
        self._weights = [b for b in module.buffers() if b.is_floating_point()]
        self._placed: dict[tuple[torch.device, torch.dtype], torch.nn.Module] = {}

    def __call__(self, output: Tensor, y: Tensor, reduction: str | None = None) -> Tensor:
        module = self._like(output)
        if reduction is not None and reduction != module.reduction:
            module = copy.copy(module)  # the user's module keeps its own setting
            module.reduction = reduction
        if self.kind != "cross_entropy":
            output, y = aligned(output, y)
        if self.kind == "bce" and y.dtype != output.dtype:
            y = y.to(output.dtype)
        return module(output, y)

    def _like(self, output: Tensor) -> torch.nn.Module:
        """The module with its class weights (``weight``, ``pos_weight``) on the output's device
        and of its dtype: a copy, so that the user's module stays as given."""
        if all(b.device == output.device and b.dtype == output.dtype for b in self._weights):
            return self.module
        key = (output.device, output.dtype)
        if key not in self._placed:
            self._placed[key] = copy.deepcopy(self.module).to(device=output.device, dtype=output.dtype)
        return self._placed[key]

    def __repr__(self) -> str:
        return repr(self.module)


def default_loss(task: str, *, model: Any = None) -> str:
    """The loss that fits ``task``: ``"cross_entropy"`` for classification, ``"mse"`` for
    regression; ``"bce"`` for the one-output ``"logistic"`` model.

    >>> default_loss("classification"), default_loss("classification", model="logistic")
    ('cross_entropy', 'bce')
    """
    if not isinstance(task, str) or task not in TASKS:
        hint = did_you_mean(str(task), TASKS)
        raise ValueError(f"unknown task {task!r}.{hint} Known tasks: classification, regression.")
    if task == "regression":
        return "mse"
    if isinstance(model, str) and model.strip().lower() == "logistic":
        return "bce"
    return "cross_entropy"


def check_batch(loss: str | LossFn, output: Any, y: Tensor) -> None:
    """Raise a ``ValueError`` (``TypeError`` for a non-tensor output) where ``output`` and
    ``y`` do not fit the loss called ``loss``; meant for a run's first batch.

    A torch loss module of a built-in kind is checked as that loss; other callables are not
    checked: only they know what they accept.

    >>> check_batch("cross_entropy", torch.zeros(4, 10), torch.tensor([0, 3, 9, 12]))
    Traceback (most recent call last):
    ...
    ValueError: labels must be in [0, 10) for a model with 10 outputs, got label 12
    """
    name = module_kind(loss)
    if name is None and callable(loss):
        return
    if name is None:
        name = _LOSSES.get(_loss_key(loss)).__name__
    check_output(output)
    if not output.is_floating_point():
        raise ValueError(f"the model output must be floating point, got {output.dtype}")
    if output.ndim == 0 or output.shape[0] != y.shape[0]:
        raise ValueError(
            f"model output has shape {_shape(output)} but the batch has "
            f"{y.shape[0]} examples; the first axis must be the batch"
        )
    if name == "cross_entropy":
        if isinstance(loss, torch.nn.CrossEntropyLoss) and y.is_floating_point() and y.shape == output.shape:
            return  # one probability per class, which the module takes as well as labels
        _check_cross_entropy(output, y)
        _check_class_weights(loss, output.shape[1])
    elif name == "bce":
        _check_bce(output, y)
        if takes_probabilities(loss):
            _check_probabilities(output)
    else:
        _check_regression(name, output, y)


def check_output(output: Any) -> None:
    """Raise one ``TypeError`` where a model's ``output`` is not one tensor of predictions (a
    tuple, a dict such as a Hugging Face model's output), naming what it holds and the
    tensor to return instead.

    >>> check_output({"logits": torch.zeros(2, 3), "hidden": torch.zeros(2, 8)})
    Traceback (most recent call last):
    ...
    TypeError: the model must return one tensor of predictions, got a dict of 2 ('logits': tensor (2, 3), 'hidden': tensor (2, 8)); wrap it so that its forward returns the predictions, e.g. model(x)['logits']
    """
    if isinstance(output, Tensor):
        return
    if isinstance(output, dict):
        held = [(repr(key), value) for key, value in output.items()]
        first = f"[{next(iter(output))!r}]" if output else None
    elif isinstance(output, (tuple, list)):
        held, first = [(None, value) for value in output], "[0]" if output else None
    else:
        raise TypeError(f"the model must return one tensor of predictions, got {type(output).__name__}")
    what = ", ".join(f"{key}: {_held(v)}" if key else _held(v) for key, v in held[:4]) + (
        ", ..." if len(held) > 4 else ""
    )
    hint = f", e.g. model(x){first}" if first else ""
    raise TypeError(
        f"the model must return one tensor of predictions, got a {type(output).__name__} of {len(held)} ({what}); "
        f"wrap it so that its forward returns the predictions{hint}"
    )


def _held(value: Any) -> str:
    return f"tensor {_shape(value)}" if isinstance(value, Tensor) else type(value).__name__


def _check_cross_entropy(output: Tensor, y: Tensor) -> None:
    if output.ndim != 2:
        raise ValueError(
            f"cross_entropy needs one logit per class, output shape (n, K); model output has shape {_shape(output)}"
        )
    if y.is_floating_point() or y.dtype == torch.bool:
        raise ValueError(
            f"cross_entropy needs int64 class labels, got {y.dtype} targets; for real-valued targets use 'mse'"
        )
    if y.dtype != torch.int64:
        raise ValueError(f"cross_entropy needs int64 class labels, got {y.dtype}; convert them with y.long()")
    if y.ndim != 1:
        raise ValueError(f"cross_entropy needs labels of shape (n,), got {_shape(y)}")
    k = output.shape[1]
    low, high = int(y.min()), int(y.max())
    if low < 0 or high >= k:
        bad = low if low < 0 else high
        hint = (
            "; a model with one output is a binary classifier of 0/1 labels (use loss='bce') or a regression "
            "(use loss='mse' to regress on the labels as numbers)"
            if k == 1
            else ""
        )
        raise ValueError(f"labels must be in [0, {k}) for a model with {counted(k, 'output')}, got label {bad}{hint}")


def _check_class_weights(loss: Any, k: int) -> None:
    weight = getattr(loss, "weight", None)
    if isinstance(weight, Tensor) and weight.shape != (k,):
        raise ValueError(
            f"loss={type(loss).__name__} has class weights of shape {_shape(weight)}, but the model has "
            f"{counted(k, 'output')}: give one weight per class, shape ({k},)"
        )


def _check_bce(output: Tensor, y: Tensor) -> None:
    if _numel(output.shape[1:]) != 1 or output.ndim > 2:
        raise ValueError(
            f"bce needs one logit per example, output shape (n,) or (n, 1); model "
            f"output has shape {_shape(output)}. For "
            f"{_numel(output.shape[1:])} classes use 'cross_entropy'"
        )
    if _numel(y.shape[1:]) != 1 or y.ndim > 2:
        raise ValueError(f"bce needs one 0/1 target per example, shape (n,) or (n, 1); got {_shape(y)}")
    # Integer targets in [0, 1] are exactly the 0/1 labels; floating ones may also be
    # probabilities (soft labels), which binary cross-entropy handles as well.
    values = y.float()
    low, high = float(values.min()), float(values.max())
    if low < 0 or high > 1:
        raise ValueError(
            f"bce needs 0/1 targets (or probabilities in [0, 1]), got "
            f"{high if high > 1 else low:g}; for more than two classes use "
            f"'cross_entropy'"
        )


def _check_probabilities(output: Tensor) -> None:
    low, high = float(output.detach().min()), float(output.detach().max())
    if not (0 <= low and high <= 1):  # NaN fails too
        raise ValueError(
            f"loss=BCELoss() takes probabilities in [0, 1] (a model ending in a sigmoid), but the model gave "
            f"{high if not high <= 1 else low:g}; for logits use loss=BCEWithLogitsLoss() (or 'bce')"
        )


def _check_regression(name: str, output: Tensor, y: Tensor) -> None:
    if not y.is_floating_point():
        raise ValueError(
            f"{name} needs floating-point targets, got {y.dtype}; for class "
            f"labels use 'cross_entropy' (or 'bce' for 0/1 labels)"
        )
    aligned_output, aligned_y = aligned(output, y)
    if aligned_output.shape != aligned_y.shape:
        raise ValueError(
            f"model output has shape {_shape(output)} but the target has shape "
            f"{_shape(y)}; {name} compares them element by element"
        )


def _numel(shape: torch.Size) -> int:
    return int(torch.Size(shape).numel())


def _shape(t: Tensor) -> tuple[int, ...]:
    return tuple(t.shape)


def _loss_key(name: Any) -> str:
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name ({', '.join(names())}) or a callable (output, y) -> loss, got {name!r}")
    return name.replace("-", "_")
