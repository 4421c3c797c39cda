r"""Sharpness-aware minimisation (Foret et al., 2021): take the gradient at the worst point of a
small ball around the weights, :math:`w + \hat\epsilon(w)`, and let any optimizer step from
:math:`w` with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument
from ._hyper_checks import positive
from ._optimizer import RuleOptimizer
from ._param_checks import check_closure
from .lbfgs import LBFGS

__all__ = ["SAM", "sam"]


def sam(w: list[Tensor], g: list[Tensor], *, rho: float, g_norm: Tensor | float) -> list[Tensor]:
    r"""Move ``w`` in place to :math:`w + \hat\epsilon(w)` and return :math:`\hat\epsilon(w)`
    (Foret et al., 2021, eq. 2 with :math:`p = 2`, Algorithm 1):

    .. math::
        \hat\epsilon(w) = \rho\, \frac{\nabla L(w)}{\|\nabla L(w)\|_2}

    ``g_norm`` is :math:`\|\nabla L(w)\|_2` over every parameter the optimizer holds (``w``
    may be one param group of them); at a zero gradient :math:`\hat\epsilon = 0`.

    >>> w, g = [torch.tensor([1.0, 1.0])], [torch.tensor([3.0, 4.0])]
    >>> sam(w, g, rho=0.5, g_norm=5.0)
    [tensor([0.3000, 0.4000])]
    >>> w[0]
    tensor([1.3000, 1.4000])
    """
    if not g_norm > 0:
        return [torch.zeros_like(x) for x in w]
    epsilon = list(torch._foreach_mul(g, rho / g_norm))
    torch._foreach_add_(w, epsilon)
    return epsilon


_NEEDS_CLOSURE = (
    "SAM takes two gradients per step (at w and at w + epsilon), so step() needs a closure that "
    "recomputes the loss: opt.step(closure) with closure() doing forward and backward and "
    "returning the loss. descend.train, its range tests (lr='auto', batch_size='auto') and "
    "the estimators give it one."
)


# The keywords of the SAM reference code (davda54/sam), which would reach the base
# optimizer's constructor: what descend's SAM takes instead.
_REFERENCE_KEYWORDS = {
    "base_optimizer": "SAM takes its base optimizer as base= (a descend rule by name or a "
    "torch.optim.Optimizer class): SAM(params, base=torch.optim.SGD, lr=0.1, momentum=0.9)",
    "adaptive": "SAM has no adaptive (ASAM, Kwon et al., 2021) variant: its epsilon is "
    "rho * g / ||g|| (Foret et al., 2021); leave adaptive out (adaptive=False is SAM itself)",
}


def _refuse_reference_keywords(base_kwargs: dict[str, Any]) -> None:
    """Refuse a keyword of the SAM reference code, which the base optimizer would reject in
    its own words ("SGD.__init__() got an unexpected keyword argument 'base_optimizer'");
    ``adaptive=False``, the reference's SAM, is taken out of ``base_kwargs``.

    >>> _refuse_reference_keywords({"base_optimizer": torch.optim.SGD, "lr": 0.1})
    Traceback (most recent call last):
    TypeError: SAM got base_optimizer=<class 'torch.optim.sgd.SGD'>: SAM takes its base optimizer as base= (a descend rule by name or a torch.optim.Optimizer class): SAM(params, base=torch.optim.SGD, lr=0.1, momentum=0.9)
    """
    if base_kwargs.get("adaptive", True) is False:
        del base_kwargs["adaptive"]
    for key, fix in _REFERENCE_KEYWORDS.items():
        if key in base_kwargs:
            raise TypeError(f"SAM got {key}={base_kwargs[key]!r}: {fix}")


class SAM(RuleOptimizer):
    """SAM around a base optimizer: a descend rule by name (``"sgd"``, ``"adamw"``, ...) or any
    ``torch.optim.Optimizer`` class, built over the same param groups with ``base_kwargs``.

    ``step(closure)`` evaluates ``closure`` (which computes the loss and its gradients) at
    ``w``, moves to ``w + epsilon`` (:func:`sam`), evaluates it again, returns to ``w`` and
    lets the base optimizer step with the second gradient; it returns the first loss. SAM
    zeroes the gradients before each evaluation. The param groups (``lr``, ``rho``, the
    base's settings) and the state are the base optimizer's own, so schedulers and state
    dicts work as for the base.

    >>> w = torch.nn.Parameter(torch.tensor([3.0, -2.0]))
    >>> opt = SAM([w], base="sgd", rho=0.05, lr=0.1, momentum=0.9)
    >>> def closure():
    ...     loss = (w ** 2).sum()
    ...     loss.backward()
    ...     return loss
    >>> for _ in range(100):
    ...     _ = opt.step(closure)
    >>> w.norm().item() < 0.1
    True
    """

    _common: dict[str, Any] = {}
    _constraints = {"rho": positive}
    # The descend rules by name: handed over by the registry (use_rules), which imports this module.
    _rules: Callable[[str], Callable[..., torch.optim.Optimizer]] | None = None

    def __init__(self, params: Iterable[Any], base: Any = "sgd", rho: float = 0.05, **base_kwargs: Any) -> None:
        _refuse_reference_keywords(base_kwargs)
        make = self._base_rule(base)
        super().__init__(params, dict(rho=rho))
        self.base_optimizer = make(self.param_groups, **base_kwargs)
        # One set of groups and one state, the base optimizer's.
        self.param_groups = self.base_optimizer.param_groups
        self.state = self.base_optimizer.state
        self.defaults.update(self.base_optimizer.defaults)

    @classmethod
    def use_rules(cls, lookup: Callable[[str], Callable[..., torch.optim.Optimizer]]) -> None:
        """Look a ``base`` given by name up with ``lookup`` (``descend.optim`` hands over its
        ``get`` when it registers SAM).

        >>> import descend.optim as do
        >>> SAM.use_rules(do.get)
        >>> type(SAM([torch.nn.Parameter(torch.ones(2))], base="adam").base_optimizer).__name__
        'Adam'
        """
        cls._rules = staticmethod(lookup)

    @classmethod
    def _base_rule(cls, base: Any) -> Callable[..., torch.optim.Optimizer]:
        if isinstance(base, str) and cls._rules is not None:
            make = cls._rules(base)
        elif isinstance(base, type) and issubclass(base, torch.optim.Optimizer):
            make = base
        else:
            raise InvalidArgument(f"base must be an optimizer name or a torch.optim.Optimizer class, got {base!r}")
        if isinstance(make, type) and issubclass(make, (LBFGS, torch.optim.LBFGS, SAM)):
            raise InvalidArgument(
                f"base must be an optimizer that steps with the gradient it is given, got {make.__name__} "
                "(which evaluates the loss itself)"
            )
        return make

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        if "base_optimizer" not in vars(self):  # while RuleOptimizer.__init__ builds the groups
            super().add_param_group(param_group)
            return
        param_group["rho"] = positive("rho", param_group.get("rho", self.defaults["rho"]))
        self.base_optimizer.add_param_group(param_group)

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "base_optimizer": self.base_optimizer}

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        # load_state_dict, deepcopy and unpickling replace (or rebuild) the groups and the
        # state: the base optimizer takes them as its own, with its own defaults.
        if "base_optimizer" in vars(self):
            self.base_optimizer.__setstate__({"state": self.state, "param_groups": self.param_groups})

    # -- the step -----------------------------------------------------------------------------

    def _step_groups(self) -> None:
        raise RuntimeError(_NEEDS_CLOSURE)

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:  # type: ignore[override]
        """One SAM step: two evaluations of ``closure``, one step of the base optimizer."""
        if closure is None:
            raise RuntimeError(_NEEDS_CLOSURE)
        check_closure(type(self).__name__, closure)
        self.zero_grad()
        with torch.enable_grad():
            loss = closure()
        groups = [[p for p in group["params"] if p.grad is not None] for group in self.param_groups]
        grads = [p.grad for ps in groups for p in ps]
        g_norm = torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads))) if grads else 0.0
        w = [[p.clone() for p in ps] for ps in groups]
        for ps, group in zip(groups, self.param_groups):
            if ps:  # a base that maximizes looks for the worst point downhill
                rho = -group["rho"] if group.get("maximize", False) else group["rho"]
                sam(ps, [p.grad for p in ps], rho=rho, g_norm=g_norm)
        self.zero_grad()
        with torch.enable_grad():
            closure()
        for ps, w_group in zip(groups, w):
            for p, w_p in zip(ps, w_group):
                p.copy_(w_p)  # back to w exactly; the gradient is the one at w + epsilon
        self.base_optimizer.step()
        return loss
