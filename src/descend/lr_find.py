"""Finding a learning rate: the LR range test for models (:func:`lr_find`, a thin way in to
:mod:`descend.training.range_test`, and :func:`rate_for_run`, what ``train(lr="auto")`` runs), a
curvature estimate, a backtracking probe and, for sign steps, a travel probe for functions (what
``minimize(lr="auto")`` uses)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

from . import optim
from ._checks import InvalidArgument, number
from ._device import resolve_device
from ._wrappers import eagerly, inner_module
from .initial_curvature import initial_readings, output_curvature_ratio, stable_lr
from .training.data import prepare
from .training.data.checks import DEFAULT_BATCH_SIZE
from .training.data.default_batch import rule_batch
from .training.input_check import check_first_batch, check_trainable
from .training.losses import default_loss
from .training.losses import get as get_loss
from .training.models import build_for, check_model_options
from .training.range_test import RANGE_PROBE_EXAMPLES, LRFinderResult, check_settings, range_test
from .training.run_data import in_model_dtype, read_for, reading_dtype

__all__ = [
    "lr_find",
    "LRFinderResult",
    "curvature_lr",
    "curvatures",
    "stable_lr",
    "output_curvature_ratio",
    "initial_readings",
]


def lr_find(
    model: torch.nn.Module | str,
    data: Any,
    *,
    loss: str | Callable[[Tensor, Tensor], Tensor] | None = None,
    optimizer: str | torch.optim.Optimizer = "adam",
    start: float = 1e-7,
    end: float = 10.0,
    num: int = 100,
    batch_size: int | None = DEFAULT_BATCH_SIZE,
    seed: int = 0,
    device: str | torch.device = "auto",
    budget: int | None = None,
    pilots: int = 6,
    clip_grad_norm: float | None = None,
    clip_grad_value: float | None = None,
    target: str | None = None,
    standardize: bool | None = None,
    model_options: dict[str, Any] | None = None,
    **hyper: Any,
) -> LRFinderResult:
    r"""Run the learning-rate range test on ``model`` and suggest a learning rate.

    Step :math:`i` of ``num`` trains one mini-batch at
    :math:`\eta_i = \text{start} \cdot (\text{end}/\text{start})^{i/(\text{num}-1)}`; the loss is
    smoothed by an exponential moving average (bias-corrected), and the test stops early once
    it exceeds its best by a factor of 4 (measured as ``best + 3 |best|``, so that it holds for
    negative losses too) or is not finite; the best counts from the step at which the loss on
    the fixed batch below has moved by 0.1% from its first reading (before that, the steps have
    not changed the model, and the average of a few noisy mini-batches, one low one and a few
    high, is no blow-up). The curve the suggestion is read from is the loss on
    one fixed batch of up to 1024 training examples after each step (evaluation mode), so that
    batch-to-batch noise does not make a slope. The suggestion is the learning rate where the
    smoothed loss falls fastest (steepest slope against :math:`\log\eta`, measured over 5% of
    the points either side) before its minimum; ``None`` when the loss never fell by 5% of
    its start, or was lowest near the start of the range.

    **Budget-aware choice.** Which point of the curve is best depends on how long the run is:
    a short run wants a rate near the curve's minimum (the largest that still descends), a
    long one often a smaller rate, whose lower noise floor pays off later. Given ``budget``
    (the number of optimizer steps of the run the rate is for), the curve only brackets the
    answer, from a third of the steepest-descent rate :math:`\eta_d` up to
    :math:`\eta_m = \max(\text{rate at the curve's minimum}, 3\eta_d)`. For a GD-family
    rule (GD, SGD, momentum, Nesterov) the bracket also rests on a measurement: the stable
    rate :math:`\eta_{st}` at the initial weights (:func:`stable_lr`: :math:`2/\lambda_{max}`,
    :math:`(2+2\beta)/\lambda_{max}` with momentum, :math:`\lambda_{max}` the top Hessian
    eigenvalue on the probe batch). The bracket is widened to reach it and starts no lower
    than :math:`c\,\eta_{st}/64`, :math:`c \le 1` the share of the loss's curvature in the
    outputs that the initial outputs keep (:func:`output_curvature_ratio`: 1 for mean squared
    error, near 0 for cross-entropy at saturated logits, where the Hessian of the initial
    weights reads far flatter than the one the run meets): the range test's fast ramp stops
    short of rates a whole run can use (with momentum the loss lags the rate by about
    :math:`1/(1-\beta)` steps), and a GD step at :math:`\eta_{st}/64` covers 1/32 of the stiffest direction's distance to its
    minimum (on the bench's tuning tasks the best rates lie between :math:`\eta_{st}/24` and
    :math:`5\eta_{st}`). An adaptive rule (Adam, RMSprop, ...) gets the same bracket from its
    stable rate in the preconditioned metric (:func:`stable_lr`: Adam's
    :math:`(2+2\beta_1)/((1-\beta_1)\lambda_{max}(P^{-1}H))`, Cohen et al., 2022; Adagrad's
    at its first update, where its running sum is smallest): on raw
    features its range test bottoms out while the weights of the large features still swing
    (Adam moves every weight by about the rate per step), far below the rates a whole run can
    use. A reading above the largest rate the range test trained at (the rate at which its loss
    blew up, or ``end``) is capped there: the ramp contradicts it, or saw nothing that supports
    it (at saturated logits, on raw uncentred inputs, the curvature vanishes but the gradient
    does not, and Adam's reading can lie orders of magnitude above any usable rate).
    :math:`\eta_{st}` is not a cap on the rate: on cross-entropy the curvature falls as the
    fit improves, and full-batch GD on iris does best at 5 times the stable rate of its initial
    weights (the edge of stability, Cohen et al., 2021). Where the curve gives no suggestion (a
    plateau: its loss never fell by 5%), the pilots still run, over :math:`[r_b/1000, r_b/3]`,
    :math:`r_b` the last rate the ramp trained at: where its loss blew up or went non-finite
    (``blowup_lr``), or the end of its range where it never did (the rate of blow-up then lies
    above it: on a plateau the ramp's few steps per rate barely move the weights, and a run's
    best rate can lie far above the optimizer's default). Where no pilot lowers the probe loss
    below its start, there is no suggestion and ``lr="auto"`` uses the optimizer's default
    rate. ``pilots`` (:math:`n`) log-spaced rates in the bracket are
    tried by one round of successive halving with pilot runs: each first trains :math:`p`
    steps at its constant rate from the same initial state (weights, optimizer state, random
    generator and batch order all reset), then two finalists continue, from where they
    stopped, to the run's whole budget :math:`H = \min(\text{budget}, 1000)`. :math:`p` is
    set by the cost, :math:`np + 2(H - p) = 3.15H`: 29% of :math:`H` with 6 pilots (at least 5
    steps, at most :math:`H`). The round is that long because a round of 5% (10 to 23 steps on
    the bench's tasks, with three finalists) ranked transients more than rates: heavy-ball
    momentum's oscillation phase, the first fast fall of a large rate.
    Pilots shorter than the run still favour large rates (the short-horizon bias, Wu et al.,
    2018, "Understanding Short-Horizon Bias in Stochastic Meta-Optimization"), so the
    finalists are the round's winner and the rate just below it, not the two lowest scores;
    finalists stopped at 40% of a budget still favoured rates 1.5x too large for the whole
    run, hence the full length. Of the two, the lower pilot loss wins, except where the larger
    rate leads by at most 5% (within one run's noise): the readings do not separate the two,
    and the pick is their geometric mean, the middle of the flat stretch, unless the larger
    rate's probe losses over its last stretch rise by more than 5% from their first half to
    their second (its last step is then the likelier to land on a spike), where the smaller
    wins. Where the round's winner is the bracket's
    lowest rate and the initial outputs are saturated (:math:`c < 1/2`: against the
    short-horizon bias, the readings placed the bracket too high, as the range test's steepest
    point does on saturated logits, where it marks the fall to chance), or the bracket, read
    from the curve, lies wholly above :math:`\eta_{st}` (its lowest rate above
    :math:`\min(\eta_{st}, r_{last})`: the steepest rate more than 3 times the stable one, every
    rate in it unstable at the initial weights; an adaptive rule's ramp on raw inputs),
    it continues alone and the second finalist is a probe as far below the bracket as its top
    lies above it (:math:`\eta_0^2/\eta_{n-1}`), trained from the initial state for the same
    :math:`H - p` steps; the probe is picked only if its pilot loss is more than 5% below the
    winner's (``probe_below`` records its rate and loss). Where both finalists end the budget
    with a pilot loss more than 5% above the one they read at the first round's end (or not
    finite), both blew up late (a run that trains lowers that loss), and the pick is the
    bracket's rate just below the lower finalist, at no extra cost. (With three pilots all three train the
    whole budget, and a middle winner is refined to the minimum of the parabola through their
    losses against :math:`\log\eta`.)

    A pilot's loss estimates the loss of the model a run of its length returns: the mean
    probe-batch loss over the last quarter of its steps (``inf`` if it diverged), plus, when an
    epoch's last batch is at most half the size of the others (the model a run returns comes
    right after that noisier step), the median of how much more that step raised the probe
    loss than the step before it did, floored at zero (a noisier step's expected effect on the
    loss is a rise, :math:`\eta^2 \operatorname{tr}(H\Sigma)/(2b)` for a quadratic, so the
    penalty never credits a pilot's oscillation). ``candidates``, ``pilot_losses`` (each at the length its
    pilot reached), ``pilot_steps`` (the finalists' length), ``pilot_cost`` (the steps of all
    pilots together) and ``stable_lr`` (:math:`\eta_{st}`; ``None`` for other rules) record
    it, with ``curvature_ratio`` (:math:`c`); ``rule`` says how the suggestion was picked.

    The data is prepared, and the model and loss checked, as ``train`` does (``target``,
    ``standardize``, a torch loss module, the model's dtype: see :func:`descend.train`).
    ``batch_size`` is the steps' batch (``None``: the full batch); left at its default, 32 (the
    full batch for L-BFGS and Rprop, rules for full-batch gradients, as in ``train``), a
    training set of fewer examples is taken as one full batch, with a warning (and a
    ``DataLoader`` keeps its own batches); a ``batch_size`` given larger than the training set
    is an error.

    Every step is ``train``'s: ``clip_grad_norm`` / ``clip_grad_value`` clip its gradient as
    there (``train(lr="auto")`` passes its own, and a batch of ``batch_size * accumulate``
    examples), and losses are read at the point a schedule-free optimizer returns.

    Cost, on top of the range test's ``num`` steps (and the :math:`\lambda_{max}`
    measurement: at most 20 Hessian-vector products on the probe batch, and for an adaptive
    rule one gradient of it; :math:`c`: one forward pass and one Hessian-vector product in the
    outputs per output column):
    with the default 6 pilots and a budget
    :math:`T`, :math:`6p + 2(H - p)` training steps, :math:`H = \min(T, 1000)` (about 3.15 times a
    budget of 20 to 1000 steps, at most 3152 steps: a grid of 13 rates costs 13 runs) and a
    probe-batch evaluation for each step in a pilot's last quarter and three at each epoch end.
    A step of a rule that evaluates the loss itself costs its evaluations: up to ``max_iter``
    (20) forward and backward passes for L-BFGS, two for SAM. The test and its pilots count
    steps as the run does, so against a run of as many steps they cost the same multiple for any rule,
    but in passes more: for ``train("mlp", "iris", lr="auto", epochs=1)``, L-BFGS's ramp took
    1524 passes (100 steps) and its pilots 120 (a budget of one full-batch step), Adam's 95 and
    24 (a budget of 4 steps).
    Everything is restored as after the range test.

    >>> import descend as ds
    >>> found = ds.lr_find("softmax", "iris", optimizer="sgd", num=60, batch_size=16)
    >>> found.suggestion is not None and 1e-4 < found.suggestion < 10
    True
    >>> paced = ds.lr_find("softmax", "iris", optimizer="sgd", num=60, batch_size=16, budget=100)
    >>> len(paced.candidates), paced.pilot_steps, min(paced.candidates) <= paced.suggestion <= max(paced.candidates)
    (6, 100, True)
    """
    clip = (clip_grad_norm, clip_grad_value)
    check_settings(start, end, num, budget, pilots, clip)
    optim.check_keywords(lr_find, optimizer, hyper)
    optim.refuse_maximize(optimizer, hyper)
    if "lr" in hyper:  # the optimizer's own keyword, which the test sets itself
        raise TypeError(
            f"lr_find takes no lr: it sweeps the learning rate from start to end (start={start:g}, "
            f"end={end:g}) and suggests one; got lr={hyper['lr']!r}"
        )
    model_options = check_model_options(model_options)
    batch_size = rule_batch(batch_size, optimizer)
    model = inner_module(model)  # a torch.compile'd model's test runs eagerly; a name passes through
    dev = resolve_device(device)
    # The data, model and checks as train's, whose arguments these are: the same labels, the
    # model's dtype, the same refusals.
    read = functools.partial(
        prepare,
        data,
        None,
        target=target,
        batch_size=batch_size,
        seed=seed,
        standardize=standardize,
        dtype=reading_dtype(model),
    )
    prepared = read_for(read, model, loss)
    loss_name = default_loss(prepared.task, model=model) if loss is None else loss
    with torch.random.fork_rng(devices=[dev] if dev.type == "cuda" else []):
        torch.manual_seed(seed)
        module = build_for(model, prepared, **model_options)
    check_trainable(module)
    optim.refuse_sparse_rule_on_dense_gradients(optimizer, module)
    prepared = in_model_dtype(prepared, module)
    loss_fn = get_loss(loss_name)
    check_first_batch(module, prepared.train.head(RANGE_PROBE_EXAMPLES), loss_name, loss_fn, own_run=True)
    return range_test(
        module,
        prepared.train,
        loss_name,
        loss_fn,
        optimizer,
        device=dev,
        seed=seed,
        start=start,
        end=end,
        num=num,
        budget=budget,
        pilots=pilots,
        clip=clip,
        **initial_readings(module, prepared.train, loss_fn, optimizer, **hyper),
        **hyper,
    )


def rate_for_run(
    module: torch.nn.Module,
    source: Any,
    loss_name: Any,
    loss_fn: Any,
    optimizer: Any,
    hyper: dict[str, Any],
    *,
    device: torch.device,
    seed: int,
    budget: int,
    clip: tuple[float | None, float | None],
) -> LRFinderResult:
    """``train(lr="auto")``: the range test on the run's own model and training data, with pilot
    runs sized to the run's ``budget`` of optimizer steps (see :func:`lr_find`), taking the
    run's own kind of step (``source`` batches as the run's updates; its gradient clipping);
    the optimizer's default (with a warning that says why) when the curve gives no
    suggestion. Returns the range test's result."""
    if not isinstance(optimizer, str):
        raise InvalidArgument("lr='auto' needs the optimizer by name, not an instance")
    found = range_test(
        module,
        source,
        loss_name,
        loss_fn,
        optimizer,
        device=device,
        seed=seed,
        budget=budget,
        clip=clip,
        **initial_readings(module, source, loss_fn, optimizer, **hyper),
        **hyper,
    )
    found.warn_without_suggestion("lr='auto'", optimizer, stacklevel=3)  # the caller of train
    return found


def curvature_lr(fn: Callable[[Tensor], Tensor], x: Tensor, iterations: int = 20) -> tuple[float, float]:
    r"""``(lr, L)``: the step ``1/L`` for the largest local curvature ``L`` of ``fn`` at ``x``.

    ``L`` is the Hessian's largest positive eigenvalue, by power iteration on Hessian-vector
    products from autograd (each one a double backward pass); where the eigenvalue of largest
    magnitude is negative, ``-m``, a second power iteration on ``H + mI`` (whose eigenvalues
    ``λ + m`` are all at least about 0) finds ``L + m``. Gradient descent is stable below
    ``2/L``; ``1/L`` is the step that is best along the stiffest direction. A negative
    curvature bounds no rate: ``1/|λ|`` for one (``-1.88`` at a double well's top) made
    momentum diverge. Returns ``(nan, 0.0)`` when ``fn`` has no positive curvature there (a
    linear or piecewise-linear function, or a maximum).

    >>> lr, L = curvature_lr(lambda x: 0.5 * (x[0] ** 2 + 10 * x[1] ** 2), torch.ones(2))
    >>> round(L, 6), round(lr, 6)
    (10.0, 0.1)
    >>> lr, L = curvature_lr(lambda x: 0.5 * (x[0] ** 2 - 10 * x[1] ** 2), torch.ones(2))
    >>> round(L, 6), round(lr, 6)
    (1.0, 1.0)
    """
    top, _ = curvatures(fn, x, iterations)
    return (1.0 / top if top > 0 else math.nan), top


def curvatures(fn: Callable[[Tensor], Tensor], x: Tensor, iterations: int = 20) -> tuple[float, float]:
    r"""``(L, m)``: the Hessian of ``fn`` at ``x``'s largest positive eigenvalue ``L`` (0 where
    none is positive) and, where its eigenvalue of largest magnitude is negative, that magnitude
    ``m`` (a negative curvature steeper than every positive one; 0 where there is none), by the
    power iterations of :func:`curvature_lr`: one on ``H``, and only where its top is negative,
    ``-m``, one on ``H + mI`` (eigenvalues ``λ + m``, all at least about 0) for ``L + m``.

    >>> curvatures(lambda x: 0.5 * (x[0] ** 2 - 10 * x[1] ** 2), torch.ones(2))
    (1.0, 10.0)
    """
    number("iterations", iterations, integer=True, ge=1)
    x = x.detach().clone().requires_grad_(True)
    with eagerly():  # a torch.compile'd fn's graph, else not differentiable twice
        value = fn(x)
    if not isinstance(value, Tensor) or value.numel() != 1:
        shown = tuple(value.shape) if isinstance(value, Tensor) else type(value).__name__
        raise ValueError(f"fn must return a one-element tensor (the value to minimise), got {shown}")
    (g,) = torch.autograd.grad(value.reshape(()), x, create_graph=True)
    if not g.requires_grad:  # the gradient does not depend on x: no curvature
        return 0.0, 0.0

    def hessian_times(v: Tensor) -> Tensor | None:
        return torch.autograd.grad(g, x, v, retain_graph=True, allow_unused=True)[0]

    eigen = _power_iteration(hessian_times, x, iterations)
    if eigen is None:
        return 0.0, 0.0
    if eigen >= 0:
        return eigen, 0.0
    shift = -eigen
    top = _power_iteration(lambda v: hessian_times(v) + shift * v, x, iterations)
    # The Rayleigh quotient reads L + m from below: a result within the shift's rounding of 0
    # is no positive curvature.
    eigen = -math.inf if top is None else top - shift
    return (eigen if eigen > math.sqrt(torch.finfo(x.dtype).eps) * shift else 0.0), shift


def _power_iteration(times: Callable[[Tensor], Tensor | None], x: Tensor, iterations: int) -> float | None:
    """The Rayleigh quotient of ``times`` (a symmetric operator on ``x``'s shape) after
    ``iterations`` steps of power iteration from a seeded random vector: its eigenvalue of
    largest magnitude; ``None`` when ``times`` gives nothing (``x`` unused)."""
    v = torch.randn(x.shape, dtype=x.dtype, generator=torch.Generator().manual_seed(0)).to(x.device)
    v /= torch.linalg.vector_norm(v)
    eigen = 0.0
    for _ in range(iterations):
        hv = times(v)
        if hv is None:
            return None
        eigen = float(torch.dot(v.flatten(), hv.flatten()))
        norm = torch.linalg.vector_norm(hv)
        if not torch.isfinite(norm) or norm == 0:
            break
        v = hv / norm
    return eigen
