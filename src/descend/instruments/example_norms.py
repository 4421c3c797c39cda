"""The gradient noise scale from per-example gradients read off one ordinary backward pass.

For a layer ``out = a Wᵀ + b`` the gradient of example i's loss is ``δ_iᵀ a_i`` (``δ_i`` the
gradient at the layer's output, rows over any inner positions), and for a 2-d convolution
``δ_i U_iᵀ`` with ``U_i`` the unfolded input (Goodfellow 2015, "Efficient per-example gradient
computations", arXiv:1510.01799; Rochette, Manoel and Tramel 2019, arXiv:1912.06015), and for an
``nn.Embedding(sparse=True)`` the rows ``δ_{i,t}`` added into the rows of the tokens ``k_{i,t}``
example i looks up, so that ``|g_i|² = Σ_{t,s: k_t = k_s} δ_t·δ_s`` (``vmap`` has no batching rule
for the sparse gradient; a dense ``nn.Embedding`` stays with ``vmap``). So one
forward and one backward pass of the batch, with the layers' inputs and output gradients kept,
give the per-example gradients that :func:`descend.instruments.gradient_noise_scale` gets
from ``torch.func.vmap`` (one pass per example, much dearer on a small model), and the same
estimator (McCandlish et al. 2018):

    S = Σ_i |g_i − ḡ|² / (n − 1) = (Σ_i |g_i|² − n |ḡ|²) / (n − 1),   |G|² = |ḡ|² − S/n.

``loss_fn`` must be the mean of per-example losses (the contract of :class:`Instruments`), so
that ``n · loss_fn(batch)`` is the sum of the examples' losses. A model with a parameterised
layer other than ``nn.Linear``, ``nn.Conv2d`` (groups 1, numeric padding, zero padding
mode) and a sparse ``nn.Embedding`` (no ``max_norm``, no ``scale_grad_by_freq``), a BatchNorm
layer in training mode (its examples are not independent) or too many per-example floats is
measured by :func:`~descend.instruments.gradient_noise_scale` instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..training.backward_pass import gradients
from .noise_scale import NoiseScale, gradient_noise_scale, noise_scale_from_examples

__all__ = ["example_noise_scale", "reads_example_norms"]

# Examples times parameters, or a convolution's unfolded input, above which vmap's chunked path
# measures instead (floats).
_MAX_FLOATS = 16 * 2**20


def reads_example_norms(model: nn.Module) -> bool:
    """Whether :func:`example_noise_scale` reads ``model``'s per-example gradients off one
    backward pass (every trainable parameter a weight or bias of an ``nn.Linear``, a plain
    ``nn.Conv2d`` or a plain ``nn.Embedding(sparse=True)``, no BatchNorm in training mode); else
    it calls ``gradient_noise_scale``.

    >>> reads_example_norms(nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1)))
    True
    >>> reads_example_norms(nn.Sequential(nn.Linear(3, 4), nn.LayerNorm(4)))
    False
    >>> reads_example_norms(nn.Embedding(10, 3, sparse=True)), reads_example_norms(nn.Embedding(10, 3))
    (True, False)
    """
    return _layers(model) is not None


def example_noise_scale(
    model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], x: Tensor, y: Tensor, *, seed: int | None = None
) -> NoiseScale:
    """B_simple = tr(Σ)/|G|² of the mean loss ``loss_fn(model(x), y)`` at the model's current
    weights from the per-example gradients of ``x, y`` (at least 2 examples), read off one
    backward pass (see the module); the estimate of
    :func:`~descend.instruments.gradient_noise_scale`, which it calls for a model it cannot
    read so. The model runs in its own mode and dtype (autocast off); the weights, their
    ``.grad``, the buffers and the random state are as they were afterwards (dropout draws its
    masks from a forked generator, seeded with ``seed`` when given).

    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(64, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.3 * torch.randn(64)
    >>> model = nn.Linear(3, 1)
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> fast, slow = example_noise_scale(model, mse, x, y), gradient_noise_scale(model, mse, x, y)
    >>> fast.examples, abs(fast.b_simple - slow.b_simple) < 1e-4 * slow.b_simple
    (64, True)
    """
    layers = _layers(model)
    if (
        layers is None
        or not isinstance(x, Tensor)
        or not isinstance(y, Tensor)
        or x.ndim == 0
        or len(x) < 2
        or len(x) != len(y)
        # an embedding's per-example floats are its lookups' (checked in the pass), not its table's
        or len(x) * sum(p.numel() for m in layers if not isinstance(m, nn.Embedding) for p in _own(m)) > _MAX_FLOATS
    ):
        return gradient_noise_scale(model, loss_fn, x, y)  # its checks, its messages
    device = next(p for m in layers for p in _own(m)).device
    x, y = x.to(device), y.to(device)
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    devices = [device.index or 0] if device.type == "cuda" else []
    try:
        with (
            torch.random.fork_rng(devices=devices),
            torch.autocast(device.type, enabled=False),
            torch.enable_grad(),
        ):
            if seed is not None:
                torch.default_generator.manual_seed(seed)
                if device.type == "cuda":
                    with torch.cuda.device(device):
                        torch.cuda.manual_seed(seed)
            found = _from_one_pass(model, layers, loss_fn, x, y)
    except (RuntimeError, ValueError):  # a layer called on an input it cannot be read on (unbatched)
        found = None
    finally:
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)
    return found if found is not None else gradient_noise_scale(model, loss_fn, x, y)


def _own(module: nn.Module) -> list[Tensor]:
    return [p for p in module.parameters(recurse=False) if p.requires_grad]


def _layers(model: nn.Module) -> list[nn.Module] | None:
    """The modules holding the trainable parameters, when all are layers read here."""
    layers = []
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.training:
            return None
        own = _own(m)
        if not own:
            continue
        plain_conv = (
            type(m) is nn.Conv2d and m.groups == 1 and m.padding_mode == "zeros" and not isinstance(m.padding, str)
        )
        sparse_lookup = type(m) is nn.Embedding and m.sparse and m.max_norm is None and not m.scale_grad_by_freq
        if type(m) is not nn.Linear and not plain_conv and not sparse_lookup:
            return None
        if any(p is not m.weight and p is not getattr(m, "bias", None) for p in own):
            return None
        layers.append(m)
    return layers or None


def _from_one_pass(model, layers, loss_fn, x: Tensor, y: Tensor) -> NoiseScale | None:
    seen: list[tuple[nn.Module, Tensor, Tensor]] = []  # (layer, its input, its output) per call

    def keep(module, inputs, out):
        seen.append((module, inputs[0].detach(), out))
        return out.clone()  # in-place operations after the layer change the clone, not out

    handles = [m.register_forward_hook(keep) for m in layers]
    try:
        loss = loss_fn(model(x), y) * len(x)  # the sum of the examples' losses
    finally:
        for handle in handles:
            handle.remove()
    deltas = gradients(loss, [out for _, _, out in seen])
    n = len(x)
    calls = Counter(id(m) for m, _, _ in seen)
    squares, totals = [], []  # per layer: Σ_i |g_i|² and |Σ_i g_i|², float64
    shared: dict[int, Tensor] = {}  # id(parameter) -> (n, *shape): a layer called more than once
    for (m, a, _), delta in zip(seen, deltas, strict=True):
        if delta is None:
            continue
        if isinstance(m, nn.Embedding) and len(a) != n:  # not called on the batch (positions' ids)
            raise ValueError("an embedding not called on the batch: gradient_noise_scale instead")
        a2, d2 = _positions(m, a, delta.detach())
        if calls[id(m)] > 1:  # each example's gradient sums over the calls: kept whole, then summed
            for key, g in _per_example(m, a2, d2):
                shared[key] = shared[key] + g if key in shared else g
        else:
            for sq, total in _layer_norms(m, a2, d2):
                squares.append(sq)
                totals.append(total)
    for g in shared.values():
        g = g.reshape(n, -1)
        squares.append(g.square().sum())
        totals.append(g.sum(0).square().sum())
    if not squares:
        return None
    # Σ_i |g_i|² and |ḡ|²
    return noise_scale_from_examples(float(torch.stack(squares).sum()), float(torch.stack(totals).sum()) / n**2, n)


def _positions(m: nn.Module, a: Tensor, delta: Tensor) -> tuple[Tensor, Tensor]:
    """The layer's inputs and output gradients as ``(n, positions, in)`` and ``(n, positions,
    out)`` in float64 (against the cancellation in Σ|g_i|² − n|ḡ|²): a linear layer's inner
    dimensions, a convolution's output pixels (its input unfolded); an embedding's token ids as
    ``(n, positions)`` (the output gradient at ``padding_idx``, which its row never gets, zeroed)."""
    n = len(a)
    if isinstance(m, nn.Embedding):
        ids, d2 = a.reshape(n, -1), delta.reshape(n, -1, delta.shape[-1]).double()
        if n * ids.shape[1] ** 2 > _MAX_FLOATS:
            raise ValueError("too many lookups per example: gradient_noise_scale instead")
        if m.padding_idx is not None:
            d2 = d2 * (ids != m.padding_idx).unsqueeze(-1)
        return ids, d2
    if isinstance(m, nn.Linear):
        a2, d2 = a.reshape(n, -1, a.shape[-1]), delta.reshape(n, -1, delta.shape[-1])
    else:
        if n * a.shape[1] * math.prod(m.kernel_size) * math.prod(delta.shape[2:]) > _MAX_FLOATS:
            raise ValueError("the unfolded input is too large: vmap's chunked path instead")
        unfolded = F.unfold(a, m.kernel_size, dilation=m.dilation, padding=m.padding, stride=m.stride)
        a2, d2 = unfolded.transpose(1, 2), delta.reshape(n, delta.shape[1], -1).transpose(1, 2)
    return a2.double(), d2.double()


def _layer_norms(m: nn.Module, a2: Tensor, d2: Tensor) -> list[tuple[Tensor, Tensor]]:
    """For the weight and the bias: Σ_i |g_i|² and |Σ_i g_i|², without each example's gradient
    where that is cheaper: |δ_iᵀ a_i|² = Σ_{t,s} (a_t·a_s)(δ_t·δ_s), |δ_i|²|a_i|² at one position."""
    if isinstance(m, nn.Embedding):  # a2: the token ids; rows of one token add up
        same = a2.unsqueeze(2) == a2.unsqueeze(1)
        sq = (torch.bmm(d2, d2.transpose(1, 2)) * same).sum()
        total = d2.new_zeros(m.weight.shape).index_add_(0, a2.reshape(-1), d2.reshape(-1, d2.shape[2]))
        return [(sq, total.square().sum())]
    n, positions, inputs = a2.shape
    outputs = d2.shape[2]
    found = []
    if m.weight.requires_grad:
        if positions == 1:
            sq = (a2.square().sum((1, 2)) * d2.square().sum((1, 2))).sum()
        elif positions * (inputs + outputs) <= inputs * outputs:
            sq = (torch.bmm(a2, a2.transpose(1, 2)) * torch.bmm(d2, d2.transpose(1, 2))).sum()
        else:
            sq = torch.bmm(d2.transpose(1, 2), a2).square().sum()
        total = d2.reshape(-1, outputs).T @ a2.reshape(-1, inputs)
        found.append((sq, total.square().sum()))
    if m.bias is not None and m.bias.requires_grad:
        b = d2.sum(1)
        found.append((b.square().sum(), b.sum(0).square().sum()))
    return found


def _per_example(m: nn.Module, a2: Tensor, d2: Tensor) -> list[tuple[int, Tensor]]:
    """Each example's gradient of the layer's trainable weight and bias, by parameter id."""
    if isinstance(m, nn.Embedding):  # a2: the token ids
        n = len(a2)
        if n * m.weight.numel() > _MAX_FLOATS:
            raise ValueError("too many per-example floats: gradient_noise_scale instead")
        rows = torch.arange(n, device=a2.device).unsqueeze(1).expand_as(a2)
        return [(id(m.weight), d2.new_zeros(n, *m.weight.shape).index_put_((rows, a2), d2, accumulate=True))]
    found = []
    if m.weight.requires_grad:
        found.append((id(m.weight), torch.bmm(d2.transpose(1, 2), a2)))
    if m.bias is not None and m.bias.requires_grad:
        found.append((id(m.bias), d2.sum(1)))
    return found
