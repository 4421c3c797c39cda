"""The warm-up before ``batch_size="auto"`` reads the gradient noise scale: a short run at the
reference batch on a copy of the model and optimizer, then discarded.

B_simple = tr(Σ)/|G|² grows as the loss falls (McCandlish et al. 2018, "An Empirical Model of
Large-Batch Training"): at the initial weights it is the smallest of the run. Reading it after
:data:`WARMUP_SHARE` (5%) of the run's steps gives a value closer to the one the run trains at,
for that share of the run's cost; the run itself starts from the same weights and random
state as without it.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn

from .. import optim
from ..training.data.sources import Pieces
from ..training.pilots import update
from .noise_scale import NoiseScale, gradient_noise_scale, noise_scale_of_pieces

__all__ = ["WARMUP_SHARE", "WarmedNoiseScale", "warmup_steps", "warmed_noise_scale", "run_batches"]

#: Share of the run's steps (at the reference batch) the warm-up before the reading takes.
WARMUP_SHARE = 0.05
# Fewest warm-up steps: the first steps from the initial weights barely move B_simple.
_MIN_WARMUP_STEPS = 10


def warmup_steps(run_steps: int) -> int:
    """Steps of the warm-up before the noise scale is read: :data:`WARMUP_SHARE` (5%) of
    ``run_steps`` (the run's steps at the reference batch), at least 10, at most ``run_steps``.

    >>> warmup_steps(900), warmup_steps(60), warmup_steps(4)
    (45, 10, 4)
    """
    return max(1, min(run_steps, max(_MIN_WARMUP_STEPS, math.ceil(WARMUP_SHARE * run_steps))))


@dataclass(frozen=True)
class WarmedNoiseScale:
    """The readings of B_simple over a warm-up of ``steps`` steps: ``middle`` after
    ``steps // 2`` steps and ``final`` after all of them
    (:class:`~descend.instruments.noise_scale.NoiseScale` each); where the warm-up ``diverged``
    both are the reading at the model's own weights.

    ``growth`` is the exponent p of the power law B ∝ t^p through ``middle`` and ``final``,
    clamped to [0, 1]: B_simple does not shrink on average (a lower reading is noise), and a
    loss that falls as 1/t (a gradient |G|² ∝ 1/t at a steady tr(Σ)) gives p = 1; the clamp
    also keeps one noisy ratio from extrapolating far. :meth:`run_mean` extrapolates it.

    >>> from descend.instruments.noise_scale import NoiseScale
    >>> w = WarmedNoiseScale(NoiseScale(10.0, 1.0, 1.0, 512), NoiseScale(16.0, 1.0, 1.0, 512), steps=30)
    >>> round(w.growth, 2), round(w.run_mean(600), 1)  # 16 x 20^0.68 / 1.68
    (0.68, 72.7)
    """

    middle: NoiseScale
    final: NoiseScale
    steps: int
    diverged: bool = False

    @property
    def growth(self) -> float:
        a, b = self.middle.b_simple, self.final.b_simple
        if self.steps < 2 or not (0 < a < math.inf and 0 < b < math.inf):
            return 0.0
        p = math.log(b / a) / math.log(self.steps / (self.steps // 2))
        return min(max(p, 0.0), 1.0)

    def run_mean(self, run_steps: int) -> float:
        """The mean of B_simple over a run of ``run_steps`` steps (at the warm-up's batch) that
        follows the trend final · (t/steps)^p: final · (run_steps/steps)^p / (1 + p), at least
        ``final``. McCandlish et al. 2018's critical batch of a whole run, B_crit = E_min/S_min,
        is such a mean of B_noise over its steps; the run's steps come after the warm-up's,
        where B_noise is larger. With the warm-up at 5% of the run, at most 10 × ``final``."""
        b, p = self.final.b_simple, self.growth
        if not math.isfinite(b) or run_steps <= self.steps:
            return b
        return max(b, b * (run_steps / self.steps) ** p / (1 + p))


def warmed_noise_scale(
    model: nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    probe: tuple[Tensor, Tensor] | Pieces,
    batches: Iterable[tuple[Tensor, ...]],
    steps: int,
    optimizer: Any,
    lr: float | None,
    **hyper: Any,
) -> WarmedNoiseScale:
    """The noise scale on ``probe`` (an ``(x, y)`` batch, or the
    :class:`~descend.training.data.sources.Pieces` it is read in) after ``steps // 2`` and after ``steps`` steps of training a
    copy of ``model`` on ``batches`` (``(x, y, ...)`` tuples, at least ``steps`` of them) with
    ``optimizer`` (a name or class, built with ``lr`` and ``hyper``). ``model`` (weights,
    buffers, ``.grad``, mode) and the global random state are as they were; the copy is
    discarded. A warm-up whose loss, weights or reading turn non-finite gives the reading at
    ``model``'s weights, marked ``diverged``. McCandlish et al. 2018 (B_simple grows as the
    loss falls).

    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(512, 3)
    >>> y = x @ torch.tensor([1.0, -2.0, 0.5]) + 0.5 * torch.randn(512)
    >>> mse = lambda o, t: ((o.squeeze(-1) - t) ** 2).mean()
    >>> batches = [(x[i : i + 32], y[i : i + 32]) for i in range(0, 320, 32)]
    >>> model = nn.Linear(3, 1)
    >>> w = warmed_noise_scale(model, mse, (x, y), batches, 10, "sgd", 0.05)
    >>> w.steps, gradient_noise_scale(model, mse, x, y).b_simple < w.middle.b_simple < w.final.b_simple
    (10, True)
    """
    device = next(model.parameters()).device
    twin = copy.deepcopy(model)
    twin.train()
    for p in twin.parameters():
        p.grad = None
    opt = optim.build(optimizer, [p for p in twin.parameters() if p.requires_grad], lr=lr, **hyper)
    middle, done = None, 0

    def diverged() -> WarmedNoiseScale:
        here = _reading(model, loss_fn, probe)
        return WarmedNoiseScale(here, here, done, diverged=True)

    with torch.random.fork_rng(devices=[device.index or 0] if device.type == "cuda" else []):
        for xb, yb, *_ in itertools.islice(batches, steps):
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(twin(xb), yb)
            if not torch.isfinite(loss):
                return diverged()
            update(opt, loss, (None, None), (xb, yb), twin, loss_fn)  # a closure for LBFGS and SAM
            done += 1
            if done == steps // 2 and done < steps:
                middle = _reading(twin, loss_fn, probe)
    if not all(torch.isfinite(p).all() for p in twin.parameters()):
        return diverged()
    final = _reading(twin, loss_fn, probe)
    middle = final if middle is None else middle  # a warm-up of one step, or one cut short
    if math.isnan(final.b_simple) or math.isnan(middle.b_simple):
        return diverged()
    return WarmedNoiseScale(middle, final, done)


def _reading(model: nn.Module, loss_fn: Callable[[Tensor, Tensor], Tensor], probe: Any) -> NoiseScale:
    if isinstance(probe, Pieces):
        return noise_scale_of_pieces(model, loss_fn, probe)
    x, y = probe
    return gradient_noise_scale(model, loss_fn, x, y)


def run_batches(source: Any, batch_size: int, steps: int) -> Iterator[tuple[Tensor, ...]]:
    """The first ``steps`` batches of ``batch_size`` examples of ``source`` (a descend data
    source: ``rebatched`` and ``batches(epoch)``), epoch after epoch, shuffled by its seed:
    the warm-up's batches. Empty where the source cannot be rebatched (a user's loader).

    >>> from descend.training.data import prepare
    >>> [len(y) for _, y in run_batches(prepare("iris", seed=0).train, 32, 6)]  # 120 examples an epoch
    [32, 32, 32, 24, 32, 32]
    """
    twin = source.rebatched(batch_size)
    if twin is None:
        return
    twin.shuffle = True
    epoch = 0
    while steps > 0:
        for batch in twin.batches(epoch):
            yield batch
            steps -= 1
            if steps == 0:
                return
        epoch += 1
