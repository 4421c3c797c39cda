r"""The stability threshold of an optimizer's update, and the preconditioner it is measured in.

Linearise an update rule on a quadratic with Hessian :math:`H`, the rule's diagonal
preconditioner :math:`P` held fixed (the "frozen preconditioner" of Cohen et al. 2022): along
an eigenvector of :math:`P^{-1}H` with eigenvalue :math:`a` the iterates follow a scalar
linear recursion, stable while :math:`a` is below the rule's threshold :math:`T`:

- gradient descent, SGD: :math:`T = 2/\eta` (Cohen et al. 2021, "Gradient Descent on Neural
  Networks Typically Occurs at the Edge of Stability");
- heavy-ball momentum :math:`\mu` with dampening :math:`\tau`:
  :math:`x_{t+1} = (1+\mu-c)x_t - \mu x_{t-1}`, :math:`c = \eta(1-\tau)a`, stable for
  :math:`a < (2+2\mu)/((1-\tau)\eta)` (:math:`(2+2\mu)/\eta` with dampening 0);
- any rule whose step is :math:`\eta P^{-1}(A g + B m)` with an EMA
  :math:`m \leftarrow \beta m + (1-\beta) g`: characteristic polynomial
  :math:`z^2 + (hA + hB(1-\beta) - 1 - \beta) z + \beta(1-hA)`, :math:`h = \eta a`, stable
  (Jury's test) for :math:`a < (2+2\beta) / (\eta (A(1+\beta) + B(1-\beta)))`. Nesterov
  (:math:`A = 1`, :math:`B = \mu/(1-\mu)`) gives :math:`(2+2\mu)/((1+2\mu)\eta)`; Adam
  (:math:`A = 0`, :math:`B = 1`, :math:`P = (1-\beta_1^t)\,\mathrm{diag}(\sqrt{\hat v_t}+\epsilon)`)
  gives :math:`(2+2\beta_1)/((1-\beta_1)\eta)`, 38/η at β1 = 0.9 (Cohen et al. 2022, "Adaptive
  Gradient Methods at the Edge of Stability"); NAdam its own :math:`A, B`;
- RMSprop :math:`P = \mathrm{diag}(\sqrt{v}+\epsilon)`, Adagrad :math:`P = \mathrm{diag}(\sqrt{s}+\epsilon)`:
  :math:`2/\eta` (:math:`(2+2\mu)/\eta` with RMSprop's momentum).

With mini-batch noise the gradients of successive steps are nearly uncorrelated, and a rule
passes each one on with a total gain :math:`k` (the sum of its impulse response): the rule
moves like gradient descent at :math:`\eta_{eff} = k\eta`, whose threshold is
:math:`2/\eta_{eff}`. ``gain`` is the ratio of the two thresholds,
:math:`T\,\eta_{eff}/2` (the stability ratio against the effective rate's threshold is the
measured one times ``gain``): 1 for GD, SGD, RMSprop and Adagrad (:math:`k = 1`);
:math:`(1+\mu)/(1-\mu)` for heavy ball, dampened or not (:math:`k = (1-\tau)/(1-\mu)`) and
RMSprop's momentum; :math:`(1+\mu)/((1-\mu)(1+2\mu))` for Nesterov (:math:`k = 1/(1-\mu)`: the
step :math:`g + \mu v` passes an impulse on as :math:`1+\mu, \mu^2, \mu^3, \dots`), 6.8 at
:math:`\mu = 0.9`; :math:`(1+\beta)(A+B)/(A(1+\beta)+B(1-\beta))` for the EMA rules
(:math:`k = A+B`), :math:`(1+\beta_1)/(1-\beta_1)` for Adam.

The preconditioner is the one of the last update (from the optimizer's state). An L2 weight
decay :math:`\lambda` added to the gradient adds :math:`\lambda I` to :math:`H` (``decay``);
a decoupled one only shrinks the weights and is left out. Rules with no known threshold
(Adadelta, Lion, Prodigy, schedule-free AdamW, torch's Adamax, ASGD, Rprop, LBFGS, any
``maximize=True`` group, or an adaptive rule before its first update) get ``threshold = nan``
and the plain Hessian. Several param groups: each group's preconditioner is scaled by
:math:`T_g/T_0`, so that one ratio :math:`\lambda_{max}(P^{-1}H)/T_0` covers them all (exact
when the groups differ only in their rate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor

from .. import optim

__all__ = ["StabilityRule", "stability_rule", "stability_threshold", "rule_columns", "rule_of_row", "RULE_COLUMNS"]

# What a reading row records of the rule (descend.instruments.COLUMNS): the doctor, the plots
# and the report read the rule from them instead of guessing it from threshold · lr.
RULE_COLUMNS = ("threshold_lr", "gain", "preconditioned", "base_lr")

_SGD = (optim.SGD, torch.optim.SGD)
_ADAM = (optim.Adam, torch.optim.Adam)  # AdamW subclasses Adam in both
_RMSPROP = (optim.RMSprop, torch.optim.RMSprop)
_ADAGRAD = (optim.Adagrad, torch.optim.Adagrad)
_NADAM = (optim.NAdam, torch.optim.NAdam)
_RADAM = (optim.RAdam, torch.optim.RAdam)
# The adaptive rules whose preconditioner is an exponential average (it settles; Adagrad's sum
# grows without bound): a fresh one has no threshold until an update has set its state.
AVERAGING_RULES = _ADAM + _NADAM + _RADAM + _RMSPROP
# The adaptive rules whose preconditioner is a running sum (it only grows): a fresh one has no
# threshold either, and its first update's is the lowest it meets.
SUMMING_RULES = _ADAGRAD


@dataclass(frozen=True)
class StabilityRule:
    """How an optimizer's update becomes unstable: ``threshold`` (for ``λ_max(P^{-1}(H + λI))``
    at group 0's rate; ``nan`` when unknown), ``formula`` (in words, e.g. ``"2/lr"``), the
    ``params`` it covers, ``preconditioner`` (the diagonal ``P`` per parameter, ``None`` for
    the identity), ``decay`` (the L2 weight decay ``λ`` per parameter), ``lr`` (group 0's
    rate, the one ``threshold`` is for), ``gain`` (the noise model's ratio of ``threshold``
    to the effective rate's ``2/η_eff``: module docstring; ``nan`` when unknown) and
    ``base_lr`` (group 0's rate before a schedule scaled it: ``initial_lr``, else ``lr``).

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> rule = stability_rule(torch.optim.SGD([w], lr=0.1, momentum=0.9))
    >>> round(rule.threshold, 6), rule.formula, round(rule.gain, 6), round(rule.threshold_lr, 6)
    (38.0, '(2+2β)/lr', 19.0, 3.8)
    """

    threshold: float
    formula: str
    params: list[Tensor] = field(repr=False)
    preconditioner: list[Tensor] | None = field(default=None, repr=False)
    decay: list[float] = field(default_factory=list, repr=False)
    lr: float = math.nan
    gain: float = math.nan
    base_lr: float = math.nan

    @property
    def preconditioned(self) -> bool:
        return self.preconditioner is not None

    @property
    def threshold_lr(self) -> float:
        """``c = threshold · lr``, the rule's constant (2 for GD, 2+2β for heavy ball): the
        threshold at another rate of group 0 is ``c / lr``."""
        return self.threshold * self.lr


def stability_threshold(optimizer: torch.optim.Optimizer) -> float:
    """The threshold of :func:`stability_rule`: ``2/lr`` for GD and SGD, ``(2+2β)/lr`` for
    heavy-ball momentum, ``(2+2β)/((1+2β)lr)`` for Nesterov, ``(2+2β1)/((1-β1)lr)`` for
    Adam (on the preconditioned sharpness), ``nan`` for rules without one.

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> stability_threshold(torch.optim.SGD([w], lr=0.1))
    20.0
    """
    return stability_rule(optimizer).threshold


def stability_rule(optimizer: torch.optim.Optimizer) -> StabilityRule:
    """The stability threshold and preconditioner of ``optimizer`` (descend's or torch's
    classes), as described in this module's docstring (Cohen et al. 2021, 2022).

    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adam(model.parameters(), lr=0.01)
    >>> model(torch.ones(4, 2)).sum().backward(); opt.step()
    >>> rule = stability_rule(opt)
    >>> round(rule.threshold), rule.preconditioned  # (2 + 2 * 0.9) / (0.1 * 0.01)
    (3800, True)
    """
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(f"optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")
    groups = [(g, ps) for g in optimizer.param_groups if (ps := [p for p in g["params"] if p.requires_grad])]
    params = [p for _, ps in groups for p in ps]
    rules = [_group_rule(optimizer, g, ps) for g, ps in groups]
    decay = [rule[3] for (_, ps), rule in zip(groups, rules, strict=True) for _ in ps]
    if not rules or any(not (r[0] > 0) or math.isnan(r[0]) for r in rules):
        lr, base_lr = _rates(groups)
        return StabilityRule(math.nan, "unknown", params, None, [0.0] * len(params), lr, math.nan, base_lr)
    t0, formula, gain = rules[0][0], rules[0][1], rules[0][4]
    lr, base_lr = _rates(groups)
    plain = all(r[2] is None for r in rules) and all(r[0] == t0 for r in rules)
    if plain:
        return StabilityRule(t0, formula, params, None, decay, lr, gain, base_lr)
    scales: list[Tensor] = []
    for (_, ps), (t, _, pre, _, _) in zip(groups, rules, strict=True):
        ratio = t / t0 if math.isfinite(t) and math.isfinite(t0) else 1.0
        for i, p in enumerate(ps):
            base = pre[i] if pre is not None else torch.ones_like(p)
            scales.append(base * ratio)
    return StabilityRule(t0, formula, params, scales, decay, lr, gain, base_lr)


def rule_columns(rule: StabilityRule | None) -> dict[str, Any]:
    """The :data:`RULE_COLUMNS` of a reading row: ``threshold_lr`` (``c = threshold · lr``),
    ``gain``, ``preconditioned`` and ``base_lr`` of ``rule`` (``nan``, ``False`` without one).

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> row = rule_columns(stability_rule(torch.optim.SGD([w], lr=0.1, momentum=0.9, nesterov=True)))
    >>> round(row["threshold_lr"], 4), round(row["gain"], 4)  # (2+2β)/(1+2β); (1+β)/((1-β)(1+2β))
    (1.3571, 6.7857)
    >>> row["preconditioned"], row["base_lr"]
    (False, 0.1)
    """
    if rule is None:
        return {"threshold_lr": math.nan, "gain": math.nan, "preconditioned": False, "base_lr": math.nan}
    return {
        "threshold_lr": float(rule.threshold_lr),
        "gain": float(rule.gain),
        "preconditioned": bool(rule.preconditioned),
        "base_lr": float(rule.base_lr),
    }


def rule_of_row(row: dict[str, Any], threshold_lr: float = math.nan) -> tuple[float, float, bool]:
    """``(threshold_lr, gain, preconditioned)`` of a reading row: its :data:`RULE_COLUMNS`, or
    for a row without them (an older run's), guessed from ``threshold_lr``, the ``c =
    threshold · lr`` its reader recovered from the run's rates: preconditioned when
    ``c > 4.04`` (GD's ``2/lr`` and heavy ball's ``(2+2β)/lr`` lie within ``4/lr``, Adam's
    ``(2+2β1)/((1-β1)lr)`` far above; gain ``c/2``), heavy ball for ``2 < c <= 4.04`` (gain
    ``(1+β)/(1-β)``, ``β = c/2 - 1``), else gain 1 (a guess: Nesterov, dampening and Adagrad's
    ``lr_decay`` read wrong, which the recorded columns do not).

    >>> rule_of_row({"threshold_lr": 1.357, "gain": 6.79, "preconditioned": False})
    (1.357, 6.79, False)
    >>> rule_of_row({"threshold": 38.0}, threshold_lr=3.8)  # an older row: heavy ball's 2+2β
    (3.8, 19.0, False)
    """
    recorded = row.get("threshold_lr")
    if isinstance(recorded, (int, float)) and math.isfinite(recorded) and recorded > 0:
        gain = row.get("gain")
        known = isinstance(gain, (int, float)) and gain > 0 and not math.isnan(gain)
        return float(recorded), float(gain) if known else 1.0, bool(row.get("preconditioned", False))
    c = float(threshold_lr)
    if not (math.isfinite(c) and c > 0):
        return math.nan, 1.0, False
    if c > 4.04:
        return c, c / 2, True
    if 2.02 < c:
        beta = min(c / 2 - 1, 0.999)
        return c, round((1 + beta) / (1 - beta), 12), False
    return c, 1.0, False


def _rates(groups: list[tuple[dict[str, Any], list[Tensor]]]) -> tuple[float, float]:
    """Group 0's rate now and before a schedule scaled it (``initial_lr``, which torch's
    schedulers and descend's set)."""
    if not groups:
        return math.nan, math.nan
    group = groups[0][0]
    base = group.get("initial_lr", group["lr"])
    # Not one number (a rule's per-coordinate rates): no base rate to record.
    base = float(base) if isinstance(base, (int, float)) or getattr(base, "numel", lambda: 0)() == 1 else math.nan
    return float(group["lr"]), base


def _heavy_ball_gain(mu: float) -> float:
    """``(1+μ)/(1-μ)``: heavy ball's threshold against its effective rate's (module docstring)."""
    return (1 + mu) / (1 - mu) if mu < 1 else math.inf


def _group_rule(
    optimizer, group: dict[str, Any], params: list[Tensor]
) -> tuple[float, str, list[Tensor] | None, float, float]:
    """(threshold, formula, preconditioner or None, L2 decay, gain) of one param group."""
    unknown = (math.nan, "unknown", None, 0.0, math.nan)
    if group.get("maximize", False):
        return unknown
    lr = float(group["lr"])
    if not lr > 0:
        return math.inf, "no step (lr = 0)", None, 0.0, 1.0  # a zero rate never goes unstable
    wd = float(group.get("weight_decay", 0.0))
    if isinstance(optimizer, optim.GD):
        return 2 / lr, "2/lr", None, wd, 1.0
    if isinstance(optimizer, _SGD):
        mu, tau = float(group.get("momentum", 0.0)), float(group.get("dampening", 0.0))
        if mu == 0:
            return 2 / lr, "2/lr", None, wd, 1.0
        if group.get("nesterov", False):
            gain = (1 + mu) / ((1 - mu) * (1 + 2 * mu)) if mu < 1 else math.inf
            return (2 + 2 * mu) / ((1 + 2 * mu) * lr), "(2+2β)/((1+2β)lr)", None, wd, gain
        if tau == 0:
            return (2 + 2 * mu) / lr, "(2+2β)/lr", None, wd, _heavy_ball_gain(mu)
        threshold = (2 + 2 * mu) / ((1 - tau) * lr) if tau < 1 else math.inf
        return threshold, "(2+2β)/((1-τ)lr)", None, wd, _heavy_ball_gain(mu)
    states = [optimizer.state.get(p, {}) for p in params]
    if not any(states):
        return unknown  # no update yet: no preconditioner
    if isinstance(optimizer, _ADAM):
        return _adam(group, params, states, lr, wd)
    if isinstance(optimizer, _NADAM):
        return _nadam(group, params, states, lr, wd)
    if isinstance(optimizer, _RADAM):
        return _radam(group, params, states, lr, wd)
    if isinstance(optimizer, _RMSPROP):
        mu = float(group.get("momentum", 0.0))
        denominator = _rmsprop_denominator(group)
        pre = [_diag(s, p, denominator) for p, s in zip(params, states, strict=True)]
        if mu == 0:
            return 2 / lr, "2/lr on P = diag(√v+ε)", pre, wd, 1.0
        return (2 + 2 * mu) / lr, "(2+2β)/lr on P = diag(√v+ε)", pre, wd, _heavy_ball_gain(mu)
    if isinstance(optimizer, _ADAGRAD):
        t = _step(states)
        rate = lr / (1 + (t - 1) * float(group.get("lr_decay", 0.0)))
        eps = float(group["eps"])
        pre = [_diag(s, p, lambda s: s["sum"].sqrt() + eps) for p, s in zip(params, states, strict=True)]
        return 2 / rate, "2/lr on P = diag(√s+ε)", pre, wd, 1.0
    return unknown


def _adam(group, params, states, lr, wd):
    beta1, beta2 = group["betas"]
    eps, t = float(group["eps"]), _step(states)
    key = "max_exp_avg_sq" if group.get("amsgrad", False) else "exp_avg_sq"
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    pre = [_diag(s, p, lambda s: c1 * ((s[key] / c2).sqrt() + eps)) for p, s in zip(params, states, strict=True)]
    decay = 0.0 if group.get("decoupled_weight_decay", False) else wd
    formula = "(2+2β1)/((1-β1)lr) on P = (1-β1^t)diag(√v̂+ε)"
    return (2 + 2 * beta1) / ((1 - beta1) * lr), formula, pre, decay, _heavy_ball_gain(beta1)


def _nadam(group, params, states, lr, wd):
    beta1, beta2 = group["betas"]
    eps, t, psi = float(group["eps"]), _step(states), float(group["momentum_decay"])
    mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * psi))
    mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
    product = next(float(s["mu_product"]) for s in states if s)
    a = (1 - mu_t) / (1 - product)
    b = mu_next / (1 - product * mu_next)
    c2 = 1 - beta2**t
    pre = [_diag(s, p, lambda s: (s["exp_avg_sq"] / c2).sqrt() + eps) for p, s in zip(params, states, strict=True)]
    decay = 0.0 if group.get("decoupled_weight_decay", False) else wd
    threshold = (2 + 2 * beta1) / (lr * (a * (1 + beta1) + b * (1 - beta1)))
    gain = (1 + beta1) * (a + b) / (a * (1 + beta1) + b * (1 - beta1))  # total gain A + B
    return threshold, "(2+2β1)/(lr(A(1+β1)+B(1-β1))) on P = diag(√v̂+ε)", pre, decay, gain


def _radam(group, params, states, lr, wd):
    beta1, beta2 = group["betas"]
    eps, t = float(group["eps"]), _step(states)
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    c1 = 1 - beta1**t
    if rho_t > 5:
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        scale = c1 / (rect * (1 - beta2**t) ** 0.5)
        pre = [
            _diag(s, p, lambda s: scale * (s["exp_avg_sq"].sqrt() + eps)) for p, s in zip(params, states, strict=True)
        ]
    else:  # un-rectified: momentum SGD with an EMA, P = (1-β1^t) I
        pre = [torch.full_like(p, c1) for p in params]
    decay = 0.0 if group.get("decoupled_weight_decay", False) else wd
    return (2 + 2 * beta1) / ((1 - beta1) * lr), "(2+2β1)/((1-β1)lr) on RAdam's P", pre, decay, _heavy_ball_gain(beta1)


def _rmsprop_denominator(group):
    eps, centered = float(group["eps"]), group.get("centered", False)

    def denominator(s: dict[str, Tensor]) -> Tensor:
        v = (s["square_avg"] - s["grad_avg"] ** 2).clamp_min(0) if centered else s["square_avg"]
        return v.sqrt() + eps

    return denominator


def _diag(state: dict[str, Any], p: Tensor, make) -> Tensor:
    """``make(state)`` detached, or ones for a parameter the rule has not updated yet (no
    gradient has reached it, so the loss does not depend on it)."""
    return make(state).detach().clone() if state else torch.ones_like(p)


def _step(states: list[dict[str, Any]]) -> int:
    return int(max(float(s["step"]) for s in states if s))
