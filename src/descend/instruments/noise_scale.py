"""The gradient noise scale: how many examples a batch needs before its gradient is mostly
signal.

McCandlish, Kaplan, Amodei et al. 2018, "An Empirical Model of Large-Batch Training"
(arXiv:1812.06162). With per-example gradients g_i of mean G and covariance Σ, the gradient
of a batch of B examples has E|G_B|² = |G|² + tr(Σ)/B, and the simple noise scale

    B_simple = tr(Σ) / |G|²

is the batch at which noise and signal weigh the same: well below it a larger batch saves
steps almost linearly, well above it extra examples are wasted. It grows as the loss falls.

Two estimators, both unbiased for tr(Σ) and |G|² (their ratio is not, and is noisy where
|G|² is small):

- per-example gradients (``torch.func``: ``functional_call`` + ``vmap(grad)``, PyTorch's
  per-sample-gradients tutorial): tr(Σ) ≈ S = Σ_i |g_i − ḡ|² / (B − 1) and
  |G|² ≈ |ḡ|² − S/B;
- two batch sizes (the paper's Appendix A; EleutherAI gpt-neox
  ``megatron/gradient_noise_scale``): from the squared norms of a small and a big batch's
  mean gradient, :func:`noise_scale_from_norms`. :func:`gradient_noise_scale` falls back to
  it (k equal groups of the batch, one ordinary backward pass each) where ``vmap`` cannot run,
  e.g. a BatchNorm layer in training mode;
- under data-parallel training, for free: each worker's gradient before the all-reduce is a
  small batch, the averaged one a big batch (``train(..., strategy="ddp")`` records their
  squared norms per update); :func:`noise_scale_from_steps` keeps exponential moving averages
  of both unbiased terms, as crowsonkb/k-diffusion's ``k_diffusion/gns.py`` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from .._checks import InvalidArgument, number
from ..training.data.sources import Pieces

__all__ = [
    "NoiseScale",
    "gradient_noise_scale",
    "noise_scale_of_pieces",
    "noise_scale_from_examples",
    "noise_scale_from_norms",
    "noise_scale_from_steps",
]

# Per-example gradients held at once: chunks of at most this many floats (about 256 MiB of
# float32), so that a probe of 512 examples of a large model does not hold 512 gradients.
_CHUNK_FLOATS = 64 * 2**20
# Groups of the fallback: more groups lower the variance of the estimate; each costs a pass.
_FALLBACK_GROUPS = 8
# What a data-parallel run records per update (descend.training.gradient_squares.COLUMNS).
_STEP_COLUMNS = ("grad_sq_local", "batch_local", "grad_sq_global", "batch_global")


@dataclass(frozen=True)
class NoiseScale:
    """A measured noise scale: ``b_simple`` = tr(Σ)/|G|² in examples (``inf`` when the
    estimate of |G|² is not positive: the gradient is lost in the noise; ``nan`` when the
    estimate of tr(Σ) is negative or either estimate is ``nan``, as from a non-finite loss: the
    noise itself was not measured), ``trace`` = tr(Σ) the
    per-example gradient covariance trace, ``grad_sq`` = |G|² the squared norm of the true
    gradient (both unbiased estimates) and the ``examples`` used.

    >>> NoiseScale(b_simple=4.0, trace=2.0, grad_sq=0.5, examples=64).b_simple
    4.0
    """

    b_simple: float
    trace: float
    grad_sq: float
    examples: int


def _ratio(trace: float, grad_sq: float, examples: int) -> NoiseScale:
    # A negative tr(Σ) (possible from two batch sizes: the difference of two noisy norms) is
    # no reading of the noise, not a noise-free gradient: B_simple = 0 would claim the latter.
    # A nan term (a non-finite loss or gradient) is no reading either: not the inf of a lost gradient.
    unread = trace < 0 or math.isnan(trace) or math.isnan(grad_sq)
    b_simple = math.nan if unread else trace / grad_sq if grad_sq > 0 else math.inf
    return NoiseScale(b_simple=float(b_simple), trace=float(trace), grad_sq=float(grad_sq), examples=examples)


def noise_scale_from_examples(sum_sq: float, mean_sq: float, examples: int) -> NoiseScale:
    """B_simple from per-example gradients: ``sum_sq`` = Σ_i |g_i|² and ``mean_sq`` = |ḡ|² over
    ``examples`` = n ≥ 2 examples (accumulate both in float64: the difference cancels),

        tr(Σ) ≈ S = (Σ_i |g_i|² − n |ḡ|²) / (n − 1),   |G|² ≈ |ḡ|² − S/n

    (McCandlish et al. 2018, app. A; S clipped at 0 against rounding).

    >>> noise_scale_from_examples(10.0, 1.0, 4)  # S = (10 - 4) / 3 = 2, |G|² = 1 - 2/4
    NoiseScale(b_simple=4.0, trace=2.0, grad_sq=0.5, examples=4)
    """
    trace = max(sum_sq - examples * mean_sq, 0.0) / (examples - 1)
    return _ratio(trace, mean_sq - trace / examples, examples)


def noise_scale_from_norms(small_sq: float, b_small: int, big_sq: float, b_big: int) -> NoiseScale:
    """The noise scale from the squared norms of two mean gradients, ``small_sq`` = |G_small|²
    over batches of ``b_small`` examples and ``big_sq`` = |G_big|² over ``b_big`` > ``b_small``
    (McCandlish et al. 2018, Appendix A). Since E|G_B|² = |G|² + tr(Σ)/B:

        |G|²  = (B_big |G_big|² − B_small |G_small|²) / (B_big − B_small)
        tr(Σ) = (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)

    ``examples`` is ``b_big``; ``b_simple`` is ``nan`` where the tr(Σ) estimate is negative
    (|G_big|² > |G_small|²: the noise was not measured). Averaging ``small_sq`` over the k disjoint small batches that make
    up the big one gives the k-group sample-variance estimator.

    >>> ns = noise_scale_from_norms(small_sq=3.0, b_small=1, big_sq=1.5, b_big=4)
    >>> ns.trace, ns.grad_sq, ns.b_simple
    (2.0, 1.0, 2.0)
    >>> noise_scale_from_norms(small_sq=1.0, b_small=4, big_sq=2.0, b_big=8).b_simple  # tr(Σ) = -8
    nan
    """
    small_sq = number("small_sq", small_sq, ge=0)
    big_sq = number("big_sq", big_sq, ge=0)
    b_small = number("b_small", b_small, integer=True, ge=1)
    b_big = number("b_big", b_big, integer=True, ge=1)
    if b_big <= b_small:
        raise InvalidArgument(f"b_big must be an integer > b_small = {b_small}, got {b_big!r}")
    return _ratio(*_two_batch_terms(small_sq, b_small, big_sq, b_big), b_big)


def _two_batch_terms(small_sq: float, b_small: float, big_sq: float, b_big: float) -> tuple[float, float]:
    """The unbiased tr(Σ) and |G|² from the squared norms at two batch sizes."""
    grad_sq = (b_big * big_sq - b_small * small_sq) / (b_big - b_small)
    trace = (small_sq - big_sq) / (1.0 / b_small - 1.0 / b_big)
    return trace, grad_sq


def noise_scale_from_steps(steps: Mapping[str, Sequence[float]], beta: float = 0.99) -> list[NoiseScale]:
    """B_simple after each update of a data-parallel run, from the squared gradient norms it
    recorded (``History.steps`` of ``train(..., strategy="ddp")``): ``grad_sq_local`` the
    workers' mean |G_small|² over their ``batch_local`` examples each, before the all-reduce,
    and ``grad_sq_global`` |G_big|² of the averaged gradient over ``batch_global``. Each update
    gives the unbiased terms of :func:`noise_scale_from_norms`, too noisy alone; as
    k-diffusion's ``gns.py``, exponential moving averages of both terms are kept and divided:

        |G|²_t = β |G|²_{t-1} + (1 − β) |G|²(update t),   tr(Σ)_t likewise,
        B_simple_t = tr(Σ)_t / |G|²_t

    reported debiased (divided by 1 − β^k after k updates, which leaves B_simple as is). An
    update without a reading (NaN: a stretch trained in one process) leaves the averages as
    they were; before the first reading every field is NaN. ``examples`` counts the examples
    of the updates averaged. McCandlish et al. 2018, Appendix A.

    >>> nan = float("nan")  # update 1 trained in one process; updates 2, 3: tr(Σ) = 2, then 4
    >>> steps = {"grad_sq_local": [nan, 3.0, 3.0], "batch_local": [nan, 1, 2],
    ...          "grad_sq_global": [nan, 1.5, 2.0], "batch_global": [nan, 4, 4]}
    >>> [round(ns.b_simple, 3) for ns in noise_scale_from_steps(steps, beta=0.5)]
    [nan, 2.0, 3.333]
    """
    beta = number("beta", beta, ge=0, lt=1)
    missing = [name for name in _STEP_COLUMNS if name not in steps]
    if missing:
        raise InvalidArgument(
            f"steps must hold the columns {', '.join(_STEP_COLUMNS)} (recorded per update by "
            f"train(..., strategy='ddp')); missing {', '.join(missing)}"
        )
    columns = [steps[name] for name in _STEP_COLUMNS]
    lengths = {name: len(column) for name, column in zip(_STEP_COLUMNS, columns, strict=True)}
    if len(set(lengths.values())) > 1:
        raise InvalidArgument(
            "steps must hold columns of one length (an entry per update), got lengths "
            + ", ".join(f"{name} {n}" for name, n in lengths.items())
        )
    trace_avg = grad_sq_avg = 0.0
    weight, examples = 1.0, 0  # weight: β^k, the share of the averages that is their zero start
    out = []
    for small_sq, b_small, big_sq, b_big in zip(*columns, strict=True):
        if all(math.isfinite(v) for v in (small_sq, b_small, big_sq, b_big)) and 0 < b_small < b_big:
            trace, grad_sq = _two_batch_terms(small_sq, b_small, big_sq, b_big)
            trace_avg = beta * trace_avg + (1 - beta) * trace
            grad_sq_avg = beta * grad_sq_avg + (1 - beta) * grad_sq
            weight *= beta
            examples += int(b_big)
        if examples == 0:
            out.append(NoiseScale(b_simple=math.nan, trace=math.nan, grad_sq=math.nan, examples=0))
        else:
            out.append(_ratio(trace_avg / (1 - weight), grad_sq_avg / (1 - weight), examples))
    return out


def gradient_noise_scale(
    model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], x: Tensor, y: Tensor
) -> NoiseScale:
    """B_simple = tr(Σ)/|G|² of ``loss_fn(model(x), y)`` at the model's current weights, from
    the per-example gradients of the batch ``x, y`` (at least 2 examples; ``loss_fn`` takes
    ``(output, target)`` and returns the mean loss, as ``train``'s losses do):

        tr(Σ) ≈ S = Σ_i |g_i − ḡ|² / (B − 1),   |G|² ≈ |ḡ|² − S/B

    with g_i the gradient of example i's loss (``loss_fn`` on that example alone, by
    ``torch.func.vmap(grad)``; dropout draws differ per example). Where ``vmap`` cannot run (a
    BatchNorm layer in training mode, a sparse embedding's gradient, an operation without a
    batching rule) it falls back to :func:`noise_scale_from_norms` over up to 8 equal groups of
    the batch, one backward pass each. The model's weights, buffers (BatchNorm running
    statistics), ``.grad`` and mode and the global random state are as they were afterwards.
    McCandlish et al. 2018.

    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(256, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.3 * torch.randn(256)
    >>> model = nn.Linear(3, 1)
    >>> ns = gradient_noise_scale(model, lambda out, t: ((out.squeeze(-1) - t) ** 2).mean(), x, y)
    >>> ns.examples, 0 < ns.b_simple < 10
    (256, True)
    """
    _check(model, loss_fn, x, y, None, "x")
    return _measured(model, loss_fn, Pieces.of((x, y)))


def noise_scale_of_pieces(model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], pieces: Pieces) -> NoiseScale:
    """:func:`gradient_noise_scale` of the probe that ``pieces`` (a
    :class:`~descend.training.data.sources.Pieces`: a source's
    :func:`~descend.training.data.sources.head_pieces`) make up together, read a piece at a time, so
    that a wide or sparse probe is never held whole. Both terms are sums over the examples,

        Σ_i |g_i|²  and  Σ_i g_i,

    accumulated in float64 across pieces (the per-example gradients held at once: a piece's, at most
    64M numbers), so that the pieces give the one batch's statistic up to float rounding; one piece is
    :func:`gradient_noise_scale` of it, bit for bit. Where ``vmap`` cannot run, each of the fallback's
    groups (consecutive rows of the probe) is gathered from the pieces it spans and read whole.

    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(256, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.3 * torch.randn(256)
    >>> model, mse = nn.Linear(3, 1), lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> whole = gradient_noise_scale(model, mse, x, y)
    >>> split = noise_scale_of_pieces(model, mse, Pieces.of((x[:128], y[:128]), (x[128:], y[128:])))
    >>> split.examples, abs(split.b_simple - whole.b_simple) < 1e-4 * whole.b_simple
    (256, True)
    """
    if not isinstance(pieces, Pieces):
        raise InvalidArgument(
            f"pieces must be a descend.training.data.sources.Pieces (a source's head_pieces), got {type(pieces).__name__}"
        )
    _check(model, loss_fn, *pieces.first, pieces.n, "pieces")  # no name holds the piece: one at a time
    return _measured(model, loss_fn, pieces)


def _measured(model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], pieces: Pieces) -> NoiseScale:
    """The noise scale of the checked probe ``pieces``, everything the model holds put back after."""
    params = {name: p for name, p in model.named_parameters() if p.requires_grad}
    device = next(iter(params.values())).device
    grads = {name: p.grad for name, p in params.items()}
    buffers = {name: b.detach().clone() for name, b in model.named_buffers()}
    devices = [device.index or 0] if device.type == "cuda" else []
    try:
        with torch.random.fork_rng(devices=devices):
            _check_fit(model, loss_fn, *(t.to(device) for t in pieces.first))
            if _vmap_unsafe(model):
                return _from_groups(model, params, loss_fn, pieces, device)
            try:
                return _from_examples(model, params, loss_fn, pieces, device)
            except (RuntimeError, NotImplementedError):
                # No batching rule for some operation, or in-place state under vmap (the inputs
                # fit the model: _check_fit ran them without vmap).
                _restore(model, buffers)
                return _from_groups(model, params, loss_fn, pieces, device)
    finally:
        _restore(model, buffers)
        for name, p in params.items():
            p.grad = grads[name]


def _check(model: object, loss_fn: object, x: object, y: object, n: int | None, name: str) -> None:
    """The model, the loss and the probe's (first) ``x, y`` are what they must be, and the probe
    (``name``) holds ``n`` (default ``len(x)``) >= 2 examples."""
    if not isinstance(model, nn.Module):
        raise InvalidArgument(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not any(p.requires_grad for p in model.parameters()):
        raise InvalidArgument("model must have at least one parameter that requires grad, got none")
    if not callable(loss_fn):
        raise InvalidArgument(f"loss_fn must be a callable (output, target) -> mean loss, got {loss_fn!r}")
    for label, value in (("x", x), ("y", y)):
        if not isinstance(value, Tensor) or value.ndim == 0:
            raise InvalidArgument(f"{label} must be a tensor with a batch axis, got {type(value).__name__}")
    if len(x) != len(y):
        raise InvalidArgument(f"x and y must hold the same number of examples, got {len(x)} and {len(y)}")
    n = len(x) if n is None else n
    if n < 2:
        raise InvalidArgument(f"{name} must hold at least 2 examples (a variance needs two), got {n}")


def _check_fit(model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], x: Tensor, y: Tensor) -> None:
    """Two examples through the model and loss, without vmap: a shape or dtype they cannot
    take is the caller's error, not a reason for the fallback (buffers restored by the caller)."""
    try:
        with torch.no_grad():
            loss_fn(model(x[:2]), y[:2])
    except RuntimeError as err:
        raise InvalidArgument(
            f"x of shape {tuple(x.shape)} and y of shape {tuple(y.shape)} must fit the model and loss_fn, got: {err}"
        ) from err


def _vmap_unsafe(model: nn.Module) -> bool:
    # BatchNorm in training mode normalises over the batch: one example alone is not the
    # example within its batch, and its running statistics are updated in place. A sparse
    # embedding's gradient has no batching rule: vmap would warn of its slow fallback, then fail.
    return any(
        (isinstance(m, nn.modules.batchnorm._BatchNorm) and m.training)
        or (isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse)
        for m in model.modules()
    )


def _restore(model: nn.Module, buffers: dict[str, Tensor]) -> None:
    with torch.no_grad():
        for name, b in model.named_buffers():
            b.copy_(buffers[name])


def _from_examples(model, params, loss_fn, pieces: Pieces, device: torch.device) -> NoiseScale:
    detached = {name: p.detach() for name, p in params.items()}
    buffers = dict(model.named_buffers())

    def example_loss(weights: dict[str, Tensor], xi: Tensor, yi: Tensor) -> Tensor:
        out = torch.func.functional_call(model, (weights, buffers), (xi.unsqueeze(0),))
        return loss_fn(out, yi.unsqueeze(0))

    per_example = torch.func.vmap(torch.func.grad(example_loss), in_dims=(None, 0, 0), randomness="different")
    size = sum(p.numel() for p in detached.values())
    total = {name: torch.zeros(p.shape, dtype=torch.float64, device=p.device) for name, p in detached.items()}
    sum_sq = 0.0
    for x, y in pieces:
        x, y = x.to(device), y.to(device)
        chunk = max(1, min(len(x), _CHUNK_FLOATS // max(size, 1)))
        for start in range(0, len(x), chunk):
            g = per_example(detached, x[start : start + chunk], y[start : start + chunk])
            for name, gi in g.items():
                gi = gi.double()
                total[name] += gi.sum(0)
                sum_sq += float(gi.reshape(len(gi), -1).pow(2).sum())
        del x, y  # before the next piece is read: one piece alive at a time
    n = pieces.n
    return noise_scale_from_examples(sum_sq, sum(float(t.pow(2).sum()) for t in total.values()) / n**2, n)


def _from_groups(model, params, loss_fn, pieces: Pieces, device: torch.device) -> NoiseScale:
    n = pieces.n
    groups = min(_FALLBACK_GROUPS, n // 2) if n >= 4 else 2
    size = n // groups
    total = {name: torch.zeros(p.shape, dtype=torch.float64, device=p.device) for name, p in params.items()}
    small_sq = 0.0
    for x, y in _groups(pieces, size, groups):
        x, y = x.to(device), y.to(device)
        names = list(params)
        loss = loss_fn(model(x), y)
        grads = torch.autograd.grad(loss, [params[n] for n in names], allow_unused=True)
        sq = 0.0
        for name, g in zip(names, grads, strict=True):
            if g is not None:
                total[name] += g.double()
                sq += float(g.double().pow(2).sum())
        small_sq += sq / groups
    big_sq = sum(float(t.pow(2).sum()) for t in total.values()) / groups**2
    # The mean of the squares is at least the square of the mean (rounding aside): tr(Σ) >= 0.
    return noise_scale_from_norms(max(small_sq, big_sq), size, big_sq, size * groups)


def _groups(pieces: Pieces, size: int, groups: int) -> Iterator[tuple[Tensor, Tensor]]:
    """The probe's first ``groups`` runs of ``size`` consecutive rows (the rest left out), each
    gathered from the pieces it spans (a run within one piece is a slice of it)."""
    xs: list[Tensor] = []
    ys: list[Tensor] = []
    held = done = 0
    for x, y in pieces:
        at = 0
        while at < len(y) and done < groups:
            take = min(size - held, len(y) - at)
            xs.append(x[at : at + take])
            ys.append(y[at : at + take])
            held, at = held + take, at + take
            if held == size:
                yield (xs[0], ys[0]) if len(xs) == 1 else (torch.cat(xs), torch.cat(ys))
                xs, ys, held, done = [], [], 0, done + 1
        if done == groups:
            return
