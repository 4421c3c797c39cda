"""A batch size from the measured gradient noise scale, and the learning rate that goes with it.

The rule (``batch_size="auto"`` of ``descend.train``, the CLI and the estimators), after
McCandlish et al. 2018, "An Empirical Model of Large-Batch Training": a run at batch B takes
S = S_min (1 + B_noise/B) steps and E = E_min (1 + B/B_noise) examples to a given loss, and
the best rate at B is ε(B) = ε_max / (1 + B_noise/B); B_noise ≈ B_simple = tr(Σ)/|G|².

1. **B_noise from a warm-up, growth-aware.** B_simple grows as the loss falls (on the
   bench's tasks from a few examples at the initial weights to hundreds or thousands late in
   the run): the reading at the initial weights is the smallest of the run and picked batches
   of 2-8. So ``train`` reads B_simple on a probe of up to 512 training examples halfway
   through and at the end of a warm-up of :func:`~descend.instruments.warmup.warmup_steps`
   (5% of the run's steps at the reference batch, at least 10) at the reference batch and
   rate, on a copy of the model and optimizer that is then discarded (the run starts from the
   same weights and random state as without it; the estimators' ``batch_size="auto"`` does
   the same over ``max_epochs``). B_noise is the mean over the run of the power law through the last two readings
   (:meth:`~descend.instruments.warmup.WarmedNoiseScale.run_mean`, exponent clamped to [0, 1]:
   at least the last reading, at most 10 × it), as the paper's critical batch of a run,
   B_crit = E_min/S_min, is a mean of B_noise over the run. A warm-up that diverges falls back
   to the reading at the initial weights.
2. **The batch** (:func:`batch_for_training`): the largest power of two at most B_noise, so
   that the run needs at most E = 2 E_min examples (its epochs are fixed: examples are what it
   has; the nearest power of two, up to 1.41 B_noise, left the bench's digits CNN 36 steps in
   6 epochs, too few), and at most S = 3 S_min steps. Not below the reference batch of
   :data:`REFERENCE_BATCH` = 32 (nor ``n_train``): a step of fewer examples costs about as
   much time as one of 32 (a step's fixed cost, Python, dispatch and the optimizer's loop,
   dominates small batches on CPUs and GPUs), so a smaller batch saves examples, not time,
   and needs a smaller rate (the previous rule's batches of 2-8 took up to 16× the steps of
   batch 32). The full batch where ``n_train`` is within a factor :data:`FULL_BATCH_FACTOR`
   = 2 of B_noise: one step per epoch, on at most E = 3 E_min examples. At most the memory
   limit of :func:`memory_batch_limit`.
3. **The rate** (:func:`scaled_lr`), the user's ``lr`` (or the optimizer's default) taken as
   the best rate for the reference batch ``B_ref = min(32, n_train)``: for SGD, momentum and
   GD the paper's ε(B) through ε_max = lr (1 + B_noise/B_ref),

       lr(B) = lr · (1 + B_noise/B_ref) / (1 + B_noise/B),

   the linear scaling rule (Goyal et al. 2017) well below B_noise, saturating at ε_max above
   it (a full batch far beyond B_noise gets no more than the noise-free rate, where the linear
   rule would multiply the rate by n/32). For adaptive rules (Adam, RMSprop, Adagrad, ...)
   the square-root rule ``lr · sqrt(B/B_ref)`` of Malladi et al. 2022 ("On the SDEs and
   Scaling Rules for Adaptive Gradient Algorithms"), without the paper's saturation: the
   paper derives ε(B) for SGD; preconditioned rules have larger critical batches than SGD
   (Zhang et al. 2019, "Which Algorithmic Choices Matter at Which Batch Sizes?"), their best
   rate's peak moves to larger batches as training goes on (Li et al. 2024, "Surge Phenomenon
   in Optimal Learning Rate and Batch Size Scaling"), and on the bench's digits CNN a
   square-root factor saturated at the warm-up's B_noise (1.64 instead of 2 at batch 128)
   no longer reached the target. Since B >= B_ref the rate is never lowered, except where the
   memory limit forces a batch below 32: there the factor is below 1, for SGD by no more than
   the noise requires (linearly only where B << B_noise).
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import Tensor, nn

from .. import optim
from .._checks import InvalidArgument, number
from ..training.data.sources import Pieces
from .noise_scale import gradient_noise_scale, noise_scale_of_pieces
from .warmup import warmed_noise_scale, warmup_steps

__all__ = [
    "REFERENCE_BATCH",
    "PROBE_EXAMPLES",
    "FULL_BATCH_FACTOR",
    "BatchChoice",
    "check_batch_size",
    "lr_scaling",
    "rule_record",
    "scaled_lr",
    "batch_for_training",
    "memory_batch_limit",
    "choose_batch_size",
]

#: The batch a user's rate (or an optimizer's default rate) is taken to be meant for.
REFERENCE_BATCH = 32
#: Examples of the probe the noise scale is measured on.
PROBE_EXAMPLES = 512
#: The full batch where the training-set size is within this factor of the noise scale.
FULL_BATCH_FACTOR = 2
# Memory for a batch's activations on a CPU; on a GPU half of what is free.
_CPU_MEMORY_CAP = 2 * 2**30


def check_batch_size(value: Any, name: str = "batch_size") -> int | str | None:
    """``value`` when it is an integer >= 1, ``None`` (full batch) or ``"auto"``.

    >>> check_batch_size("auto"), check_batch_size(32), check_batch_size(None)
    ('auto', 32, None)
    >>> check_batch_size("autox")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: batch_size must be an integer >= 1, None (full batch) or 'auto', got 'autox'
    """
    if value is None or (isinstance(value, str) and value == "auto"):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InvalidArgument(f"{name} must be an integer >= 1, None (full batch) or 'auto', got {value!r}")
    return int(value)


@dataclass(frozen=True)
class BatchChoice:
    """What ``batch_size="auto"`` chose and why: the ``batch_size``, the measured ``b_simple``
    (B_noise, the reading the choice used) on ``examples`` probe examples, the ``memory_limit``
    (largest batch the memory cap allows), the ``scaling`` of the rate ("linear" or "sqrt"),
    the ``reference_lr`` taken as the rate for batch :data:`REFERENCE_BATCH` and the scaled
    ``lr`` (both ``None`` where the rate is chosen otherwise, as with ``lr="auto"``), and of a
    warm-up (0 and ``None`` without one): its ``warmup_steps``, the readings halfway
    ``b_simple_middle`` and at the end ``b_simple_warmed`` and the ``growth`` exponent between
    them (``b_simple`` is then the run's mean
    :meth:`~descend.instruments.warmup.WarmedNoiseScale.run_mean`).

    >>> c = BatchChoice(64, 71.5, 512, 4096, "linear", 0.01, 0.0174, 44, 22.8, 30.1, 0.4)
    >>> str(c)
    'batch_size=64 (B_simple=71.5 on 512 examples: 22.8 and 30.1 after 22 and 44 warm-up steps, growing as steps^0.4; memory limit 4096), lr 0.01 -> 0.0174 (linear scaling from batch 32)'
    """

    batch_size: int
    b_simple: float
    examples: int
    memory_limit: int
    scaling: str
    reference_lr: float | None = None
    lr: float | None = None
    warmup_steps: int = 0
    b_simple_middle: float | None = None
    b_simple_warmed: float | None = None
    growth: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain data, for a checkpoint and ``History.batch_choice``."""
        return asdict(self)

    def __str__(self) -> str:
        rate = (
            f", lr {self.reference_lr:.4g} -> {self.lr:.4g} ({self.scaling} scaling from batch {REFERENCE_BATCH})"
            if self.lr is not None and self.reference_lr is not None
            else ""
        )
        warmed = (
            f": {self.b_simple_middle:.4g} and {self.b_simple_warmed:.4g} after {self.warmup_steps // 2} and "
            f"{self.warmup_steps} warm-up steps, growing as steps^{self.growth:.2g}"
            if self.warmup_steps and None not in (self.b_simple_middle, self.b_simple_warmed, self.growth)
            else ""
        )
        return (
            f"batch_size={self.batch_size} (B_simple={self.b_simple:.4g} on {self.examples} examples{warmed}; "
            f"memory limit {self.memory_limit}){rate}"
        )


def lr_scaling(optimizer: Any) -> str:
    """How the rate of ``optimizer`` (a name, class or instance) scales with the batch:
    ``"linear"`` for SGD, momentum, Nesterov and GD (Goyal et al. 2017), ``"sqrt"`` for the
    adaptive rules (Malladi et al. 2022).

    >>> lr_scaling("momentum"), lr_scaling("adam"), lr_scaling(torch.optim.SGD)
    ('linear', 'sqrt', 'linear')
    """
    rule = optim.get(optimizer) if isinstance(optimizer, str) else optimizer
    if isinstance(rule, functools.partial):
        rule = rule.func
    cls = rule if isinstance(rule, type) else type(rule)
    return "linear" if issubclass(cls, (optim.GD, optim.SGD, torch.optim.SGD)) else "sqrt"


def rule_record(optimizer: Any) -> dict[str, Any]:
    """What ``History.batch_choice`` records of the rule of ``optimizer`` (a name, class or
    instance): its rate's ``scaling`` (:func:`lr_scaling`) and, for a rule of full-batch
    gradients (L-BFGS, Rprop: :func:`descend.optim.full_batch_rule`), ``full_batch_rule``,
    so that the doctor advises it no mini-batch.

    >>> rule_record("adam"), rule_record("lbfgs")
    ({'scaling': 'sqrt'}, {'scaling': 'sqrt', 'full_batch_rule': True})
    """
    return {"scaling": lr_scaling(optimizer), **({"full_batch_rule": True} if optim.full_batch_rule(optimizer) else {})}


def scaled_lr(
    lr: float,
    batch_size: int,
    scaling: str,
    *,
    reference: int = REFERENCE_BATCH,
    noise_scale: float | None = None,
) -> float:
    """The rate for ``batch_size`` examples per update, ``lr`` being the rate for ``reference``.

    ``lr · B/B_ref`` (``scaling="linear"``) or ``lr · sqrt(B/B_ref)`` (``"sqrt"``). With a
    finite ``noise_scale`` B_noise the linear rule becomes McCandlish et al. 2018's optimum
    for SGD, ε(B) = ε_max/(1 + B_noise/B) through ``lr`` = ε(B_ref): the factor
    (1 + B_noise/B_ref)/(1 + B_noise/B), the linear rule well below B_noise that stops
    growing above it. The square-root rule ignores ``noise_scale`` (see the module).

    >>> scaled_lr(0.01, 128, "linear"), scaled_lr(0.001, 128, "sqrt")
    (0.04, 0.002)
    >>> round(scaled_lr(0.01, 4096, "linear", noise_scale=32.0), 4)  # at most lr * (1 + 32/32)
    0.0198
    """
    lr = number("lr", lr, gt=0)
    batch_size = number("batch_size", batch_size, integer=True, ge=1)
    reference = number("reference", reference, integer=True, ge=1)
    if scaling not in ("linear", "sqrt"):
        raise InvalidArgument(f"scaling must be 'linear' or 'sqrt', got {scaling!r}")
    if noise_scale is not None and not 0 <= noise_scale <= math.inf:
        raise InvalidArgument(f"noise_scale must be a number >= 0 or None, got {noise_scale!r}")
    if noise_scale is None or math.isinf(noise_scale) or scaling == "sqrt":
        ratio = batch_size / reference
    else:
        ratio = (1 + noise_scale / reference) / (1 + noise_scale / batch_size)
    return float(lr * (ratio if scaling == "linear" else math.sqrt(ratio)))


def batch_for_training(
    b_noise: float, n_train: int, *, limit: int | None = None, reference: int = REFERENCE_BATCH
) -> int:
    """The batch of ``batch_size="auto"`` for a noise scale ``b_noise`` and ``n_train``
    examples (the module's rule, step 2): the largest power of two at most ``b_noise``, at
    least ``reference`` (a smaller batch saves examples but not time), the full batch
    ``n_train`` where ``n_train <= FULL_BATCH_FACTOR · b_noise``, and at most ``limit`` (the
    memory's, rounded down to a power of two).

    >>> batch_for_training(3.0, 10_000), batch_for_training(120.0, 10_000), batch_for_training(500.0, 1000)
    (32, 64, 1000)
    >>> batch_for_training(300.0, 10_000, limit=100), batch_for_training(3.0, 20)
    (64, 20)
    """
    if n_train <= FULL_BATCH_FACTOR * b_noise:
        wanted = n_train
    else:
        wanted = max(2 ** math.floor(math.log2(max(b_noise, 1.0))), min(reference, n_train))
        wanted = min(wanted, n_train)
    if limit is not None and wanted > limit:
        wanted = 2 ** int(math.log2(max(limit, 1)))
    return int(max(1, wanted))


def memory_batch_limit(model: nn.Module, x: Tensor, *, cap_bytes: int | None = None) -> int:
    """The largest batch whose activations fit ``cap_bytes`` (default: half the free memory of
    the model's GPU, 2 GiB on a CPU), less four copies of the weights (weights, gradients, two
    optimizer states). An example costs twice the bytes of its input and every module's output
    (each activation kept for the backward pass, and its gradient), measured by a forward pass
    on up to 8 examples of ``x``; the model, its buffers and the random state are untouched.

    >>> memory_batch_limit(nn.Linear(10, 1), torch.zeros(4, 10), cap_bytes=2**20) > 1000
    True
    """
    params = dict(model.named_parameters())
    device = next(iter(params.values())).device
    if cap_bytes is None:
        cap_bytes = torch.cuda.mem_get_info(device)[0] // 2 if device.type == "cuda" else _CPU_MEMORY_CAP
    sample = x[:8].to(device)
    outputs = [sample.numel() * sample.element_size()]

    def count(module: nn.Module, inputs: Any, output: Any) -> None:
        if isinstance(output, Tensor):
            outputs.append(output.numel() * output.element_size())

    leaves = [m for m in model.modules() if not list(m.children())]
    hooks = [m.register_forward_hook(count) for m in leaves]
    buffers = {name: b.clone() for name, b in model.named_buffers()}  # BatchNorm updates copies
    try:
        with torch.no_grad(), torch.random.fork_rng(devices=[device.index or 0] if device.type == "cuda" else []):
            torch.func.functional_call(model, (params, buffers), (sample,))
    finally:
        for hook in hooks:
            hook.remove()
    per_example = 2 * sum(outputs) / len(sample)
    weights = 4 * sum(p.numel() * p.element_size() for p in params.values())
    return max(1, int((cap_bytes - weights) // max(per_example, 1)))


def choose_batch_size(
    model: nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    x: Tensor | Pieces,
    y: Tensor | None = None,
    *,
    n_train: int,
    scaling: str,
    lr: float | None = None,
    accumulate: int = 1,
    warmup: Iterable[tuple[Tensor, ...]] | None = None,
    run_steps: int = 0,
    optimizer: Any = None,
    warmup_lr: float | None = None,
    hyper: dict[str, Any] | None = None,
) -> BatchChoice:
    """The batch size for training ``model`` on ``n_train`` examples, from its noise scale on
    the probe ``x, y`` (see the module's rule; or ``x`` the
    :class:`~descend.training.data.sources.Pieces` of a probe read a piece at a time, ``y`` left
    out: a wide or sparse probe is never held whole), and the rate ``lr`` (taken as the rate for
    batch 32) scaled to the ``batch_size · accumulate`` examples of an update by ``scaling``.
    With ``warmup`` (batches at the reference batch) and ``run_steps`` (the run's steps at that
    batch) the noise scale is read over a warm-up of
    :func:`~descend.instruments.warmup.warmup_steps` steps on a copy, with ``optimizer`` at
    ``warmup_lr`` (default ``lr``) and ``hyper``, and extrapolated to the run's mean
    (:func:`~descend.instruments.warmup.warmed_noise_scale`); without, read at the model's
    weights.

    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(512, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5]) + 2.0 * torch.randn(512)
    >>> mse = lambda o, t: ((o.squeeze(-1) - t) ** 2).mean()
    >>> c = choose_batch_size(nn.Linear(3, 1), mse, x, y, n_train=10_000, scaling="linear", lr=0.01)
    >>> c.batch_size, round(c.b_simple, 1), c.lr  # B_simple 8.3: no batch below 32, nor a lower rate
    (32, 8.3, 0.01)
    >>> warmup = [(x[i : i + 32], y[i : i + 32]) for i in range(0, 480, 32)]
    >>> c = choose_batch_size(nn.Linear(3, 1), mse, x, y, n_train=10_000, scaling="linear", lr=0.01,
    ...                       warmup=warmup, run_steps=300, optimizer="sgd")
    >>> c.warmup_steps, c.b_simple >= c.b_simple_warmed > c.b_simple_middle
    (15, True)
    """
    if isinstance(x, Pieces) != (y is None):
        raise InvalidArgument(
            f"choose_batch_size needs the probe as tensors x and y, or x its Pieces and no y, got x a "
            f"{type(x).__name__} and y a {type(y).__name__}"
        )
    probe = x if y is None else (x, y)
    warmed = None
    if warmup is None:
        measured = noise_scale_of_pieces(model, loss_fn, x) if y is None else gradient_noise_scale(model, loss_fn, x, y)
        b_noise = measured.b_simple
    else:
        if optimizer is None:
            raise InvalidArgument("choose_batch_size with warmup needs the optimizer (a name or class), got None")
        rate = lr if warmup_lr is None else warmup_lr
        steps = warmup_steps(run_steps)
        warmed = warmed_noise_scale(model, loss_fn, probe, warmup, steps, optimizer, rate, **(hyper or {}))
        measured, b_noise = warmed.final, warmed.run_mean(run_steps)
    limit = memory_batch_limit(model, x.first[0] if y is None else x)
    update = batch_for_training(b_noise, n_train, limit=limit * accumulate)
    batch = max(1, update // accumulate)
    reference = min(REFERENCE_BATCH, n_train)
    rate = (
        scaled_lr(lr, batch * accumulate, scaling, reference=reference, noise_scale=b_noise) if lr is not None else None
    )
    if warmed is None:
        return BatchChoice(batch, b_noise, measured.examples, limit, scaling, lr, rate)
    middle, growth = warmed.middle.b_simple, warmed.growth
    return BatchChoice(
        batch, b_noise, measured.examples, limit, scaling, lr, rate, warmed.steps, middle, measured.b_simple, growth
    )
