"""The one thin ``torch.optim.Optimizer`` wrapper that every update rule in descend shares.

A rule is a plain function that updates lists of tensors in place with multi-tensor
(``torch._foreach_*``) ops. The wrapper does what ``torch.optim`` users rely on: param groups,
lazily created per-parameter state, ``state_dict`` round-trips, ``zero_grad``, step hooks,
``torch.optim.lr_scheduler`` support. It validates every param group at the boundary, including
groups added later with ``add_param_group`` (which ``torch.optim`` does not check).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, flag
from . import _ops
from ._hyper_checks import optional_flag, real
from ._param_checks import check_closure, check_leaves, check_own_state, listed_params

# torch.optim flags descend accepts only at their default (code written for torch passes them
# explicitly) and does not keep in its param groups: why each other value is not offered.
_TORCH_ONLY = {
    "differentiable": "descend's steps run under no_grad and are not differentiable; "
    "use torch.optim for a step that autograd can go through",
    "capturable": "descend's steps read their hyper-parameters as Python numbers on the host, "
    "which CUDA graphs cannot capture; use torch.optim for a step inside a CUDA graph",
}


def _only_default(optimizer: str, name: str, value: Any) -> None:
    if flag(name, value):
        raise InvalidArgument(f"{name} must be False for {optimizer} ({_TORCH_ONLY[name]}), got True")


def scalar_dtype() -> torch.dtype:
    # The dtype of torch.optim's ``step`` (and NAdam's ``mu_product``) on the CPU.
    return torch.float64 if torch.get_default_dtype() == torch.float64 else torch.float32


def real_views(ts: list[Tensor]) -> list[Tensor]:
    """``ts`` with each complex tensor as its ``view_as_real``: a complex number is a pair of
    reals, as torch.optim's rules treat it (squares, square roots, signs and inner products
    are then taken per real coordinate).

    >>> [tuple(t.shape) for t in real_views([torch.ones(3), torch.ones(3, dtype=torch.complex64)])]
    [(3,), (3, 2)]
    """
    return [torch.view_as_real(x) if x.is_complex() else x for x in ts]


def zeros_state(p: Tensor, *names: str) -> dict[str, Tensor]:
    """Per-parameter state that starts at zero: ``{name: 0}`` for each of ``names``, each a
    tensor shaped like ``p`` (its dtype, device and memory format), as torch.optim creates it.

    >>> zeros_state(torch.ones(2), "exp_avg", "exp_avg_sq")
    {'exp_avg': tensor([0., 0.]), 'exp_avg_sq': tensor([0., 0.])}
    """
    return {name: torch.zeros_like(p, memory_format=torch.preserve_format) for name in names}


@functools.cache
def compiled(rule: Callable[..., None]) -> Callable[..., None]:
    """``rule`` compiled (``torch.compile``, dynamic, so that new parameter sizes reuse the
    graph): one graph per rule, shared by every optimizer that asks for it."""
    _ops.keep_out_of_graphs()
    return torch.compile(rule, dynamic=True)


class RuleOptimizer(torch.optim.Optimizer):
    """Base class: subclasses declare their constraints, their state and one ``_update``.

    Subclass contract
    -----------------
    ``_constraints``: ``{hyper-parameter: check}`` applied to every param group.
    ``_init_state(p, group)``: the per-parameter state tensors (``step`` is added here).
    ``_flagged_state(group)``: the names of the zero-started state that the group's flags ask
    for (Adam's ``amsgrad``), also made at the next step when a flag is turned on later.
    ``_update(group, params, grads, state, t)``: call the rule; ``state`` maps each state key
    to the list of tensors aligned with ``params``; ``t`` is the step number (1-based) shared by
    all of them, or ``None`` for a rule without state. A complex parameter reaches
    ``_update`` as its ``view_as_real`` (with its gradient and state), as torch.optim's rules
    treat it, except in a rule with ``_complex_as_real = False`` (SGD, whose torch.optim
    step is complex arithmetic) unless the step is compiled.

    As torch.optim: the constructor checks the hyper-parameters before it reads ``params``
    and accepts ``differentiable=False`` and ``capturable=False`` (``True`` is rejected); a
    tensor hyper-parameter is kept as a number. ``load_state_dict``, ``copy.deepcopy`` and
    pickling leave the param groups as they were and convert torch's older checkpoints (a
    ``step`` saved as a plain number). Under ``torch.compile(opt.step)`` the step runs as
    ``step()`` does, outside the graph; ``fused=True`` is the compiled update.
    """

    _constraints: dict[str, Callable[[str, Any], Any]] = {}
    # False for rules that branch on the step count in Python (see ``_run``).
    _step_as_tensor = True
    _common = {"maximize": flag, "foreach": optional_flag, "fused": optional_flag}
    # Per-parameter state that torch.optim keeps as a scalar tensor (a plain number in
    # checkpoints from before torch 1.12).
    _scalar_state: tuple[str, ...] = ("step",)
    # False for rules that torch.optim steps in complex arithmetic (SGD), so that the rounding
    # is torch's; the compiled step (fused) takes the real pairs, which inductor compiles.
    _complex_as_real = True

    def __init__(
        self,
        params: Iterable[Any],
        defaults: dict[str, Any],
        *,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        # As torch.optim: the hyper-parameters are checked before ``params`` is read.
        _only_default(type(self).__name__, "differentiable", differentiable)
        _only_default(type(self).__name__, "capturable", capturable)
        checked = self._checked(defaults)
        super().__init__(listed_params(type(self).__name__, params), checked)

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Called by load_state_dict, copy.deepcopy and unpickling. torch's adds its
        # "differentiable" to the defaults; descend has no such option.
        super().__setstate__(state)
        self.defaults.pop("differentiable", None)
        for group in self.param_groups:
            for key in _TORCH_ONLY:  # in torch.optim's state dicts
                group.pop(key, None)
            # Groups from older or torch.optim state dicts may lack descend's keys ("fused").
            for key, value in self.defaults.items():
                group.setdefault(key, value)
            for key, check in {**self._constraints, **self._common}.items():
                if key in group and _holds_tensor(group[key]):  # a tensor lr from torch.optim
                    group[key] = check(key, group[key])
        for p_state in self.state.values():
            for key in self._scalar_state:
                if key in p_state and not isinstance(p_state[key], Tensor):
                    p_state[key] = torch.tensor(float(p_state[key]), dtype=scalar_dtype())

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """As torch.optim's (state dicts move between torch.optim and descend both ways), but the
        state of another rule (Adam's ``exp_avg`` loaded into SGD) is refused, naming both: the
        step would otherwise fail inside torch on the state it lacks."""
        check_own_state(self, state_dict)
        super().load_state_dict(state_dict)
        self._keep_saved_scalars(state_dict)

    def _keep_saved_scalars(self, state_dict: dict[str, Any]) -> None:
        """Put back the scalar state (NAdam's ``mu_product``, ASGD's ``eta`` and ``mu``) in the
        dtype it was saved in. torch's ``load_state_dict`` casts every state tensor but ``step``
        to its parameter's dtype: a float32 ``mu_product`` loaded for a float64 parameter would
        be multiplied in float64 from then on, and the resumed run would leave the one it
        continues (torch.optim's own NAdam does)."""
        saved_ids = chain.from_iterable(group["params"] for group in state_dict["param_groups"])
        params = chain.from_iterable(group["params"] for group in self.param_groups)
        for key, p in zip(saved_ids, params):
            saved = state_dict["state"].get(key) or {}
            for name in self._scalar_state:
                value = saved.get(name)
                if name != "step" and isinstance(value, Tensor):
                    self.state[p][name] = value.to(device=self.state[p][name].device, copy=True)

    # -- validation -------------------------------------------------------------------------

    def _checked(self, hyper: dict[str, Any]) -> dict[str, Any]:
        """``hyper`` with every constrained value checked (and a tensor read as a number)."""
        checks = {**self._constraints, **self._common}
        return {key: checks[key](key, value) if key in checks else value for key, value in hyper.items()}

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        for key, check in {**self._constraints, **self._common}.items():
            value = param_group.get(key, self.defaults.get(key))
            param_group[key] = check(key, value)
        for key in _TORCH_ONLY:
            if key in param_group:
                _only_default(type(self).__name__, key, param_group.pop(key))
        check_leaves(type(self).__name__, param_group)
        super().add_param_group(param_group)
        try:
            self._check_group(self.param_groups[-1])
        except Exception:
            self.param_groups.pop()  # a rejected group is not kept
            raise

    def _check_group(self, group: dict[str, Any]) -> None:
        """Raise for a group the rule cannot take (after torch's own checks of the group;
        :meth:`add_param_group` then removes it); subclasses add their own checks."""
        for p in group["params"]:
            if not (p.is_floating_point() or p.is_complex()):
                raise TypeError(
                    f"{type(self).__name__} can only optimize floating-point tensors, "
                    f"got a parameter of dtype {p.dtype}"
                )

    # -- state ------------------------------------------------------------------------------

    def _has_state(self, group: dict[str, Any]) -> bool:
        return True

    def _counts_steps(self, group: dict[str, Any]) -> bool:
        """Whether the rule needs the step number ``t``. Without a count (and no ``step`` in
        the state) a rule still learns a parameter's first update: ``t=1``, later ``None``."""
        return True

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return {}

    def _flagged_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        return ()

    def _state_of(self, p: Tensor, group: dict[str, Any], counts: bool = True) -> dict[str, Any]:
        """``p``'s state, made at its first step. State that a flag asks for and that is missing
        (the flag was turned on after steps were taken, ``group["amsgrad"] = True``) starts at
        zero, as a fresh state does (torch.optim raises a ``KeyError``)."""
        state = self.state[p]
        if not state:
            # Same layout as torch.optim (a scalar ``step`` tensor on the CPU), so that state
            # dicts move between torch.optim and descend in both directions.
            if counts:
                state["step"] = torch.tensor(0.0, dtype=scalar_dtype())
            state.update(self._init_state(p, group))
        else:
            for name in self._flagged_state(group):
                if name not in state:
                    state.update(zeros_state(p, name))
        return state

    # -- the step ---------------------------------------------------------------------------

    @torch.no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Apply one update to every parameter that has a gradient; returns ``closure()``."""
        if torch.compiler.is_compiling():
            # torch.compile(opt.step): the step counts are Python numbers, on which a graph
            # would specialise (a new one every step); fused=True compiles the update itself.
            return torch.compiler.disable(self._step)(closure)
        return self._step(closure)

    def _step(self, closure: Callable[[], Any] | None) -> Any:
        loss = None
        if closure is not None:
            check_closure(type(self).__name__, closure)
            with torch.enable_grad():
                loss = closure()
        self._read_tensor_rates()
        self._step_groups()
        return loss

    def _read_tensor_rates(self) -> None:
        """A learning rate written into a param group as a tensor after the constructor (a
        schedule computed with torch, ``lr = base * (1 + torch.cos(...)) / 2``) is read as a
        number, as the constructor reads one: the rules take Python numbers."""
        for group in self.param_groups:
            if isinstance(group.get("lr"), Tensor):
                group["lr"] = self._constraints.get("lr", real)("lr", group["lr"])

    def _step_groups(self) -> None:
        """The update itself, without ``step``'s hooks and profiler marks (callers hold no_grad)."""
        for group in self.param_groups:
            self._step_group(group)

    def _step_group(self, group: dict[str, Any]) -> None:
        params = []
        for p in group["params"]:
            grad = p.grad
            if grad is None:
                continue
            if grad.is_sparse:
                raise RuntimeError(
                    f"{type(self).__name__} does not support sparse gradients (descend's rules are dense "
                    "multi-tensor updates): for nn.Embedding(sparse=True) use descend.optim.SparseAdam, or "
                    "torch.optim.SGD / torch.optim.Adagrad, which take sparse gradients"
                )
            params.append(p)
        if not params:
            return
        with_state = self._has_state(group)
        counts = with_state and self._counts_steps(group)
        # Foreach ops need one device and dtype per call; a rule's bias corrections need one
        # step count. Parameters that share all three are updated together.
        buckets: dict[tuple, list[tuple[Tensor, dict[str, Any] | None]]] = defaultdict(list)
        if counts:
            states = [self._state_of(p, group) for p in params]
            for p, state, t in zip(params, states, _count_steps(states)):
                buckets[(p.device, p.dtype, t)].append((p, state))
        elif with_state:
            for p in params:
                t = None if self.state[p] else 1
                buckets[(p.device, p.dtype, t)].append((p, self._state_of(p, group, False)))
        else:
            for p in params:
                buckets[(p.device, p.dtype, None)].append((p, None))
        for (_, dtype, t), members in buckets.items():
            ps = [p for p, _ in members]
            g = [p.grad for p in ps]
            if group["maximize"]:
                g = torch._foreach_neg(g)
            state_lists: dict[str, list[Tensor]] = {}
            if with_state:
                state_lists = {k: [s[k] for _, s in members] for k in members[0][1] if k != "step"}
            # A gradient has its parameter's dtype (torch checks it), and so has the state
            # (created like the parameter; load_state_dict casts it to the parameter's dtype).
            if dtype.is_complex and (self._complex_as_real or group["fused"]):
                ps, g = real_views(ps), real_views(g)
                state_lists = {k: real_views(v) for k, v in state_lists.items()}
            self._update(group, ps, g, state_lists, t)

    def _update(
        self,
        group: dict[str, Any],
        params: list[Tensor],
        grads: list[Tensor],
        state: dict[str, list[Tensor]],
        t: int | None,
    ) -> None:
        raise NotImplementedError

    def _run(self, group: dict[str, Any], rule: Callable[..., None], *args: Any, **kw: Any) -> None:
        """Call ``rule`` eagerly, or compiled by ``torch.compile`` when the group asks ``fused``.

        Compiled, the learning rate goes in as a 0-dim tensor: a Python float would be baked
        into the graph and every new value from a schedule would recompile it. So does the
        step count, for rules that only compute with it: as a Python int it would make the
        bias corrections symbolic expressions that the kernel re-evaluates for every element.
        A parameter's first step runs eagerly: it is a special case in several rules, and
        compiling it would cost a second graph used once.
        """
        t = kw.get("t")
        if not group["fused"] or t == 1:
            rule(*args, **kw)
            return
        kw["lr"] = torch.tensor(kw["lr"], dtype=torch.float64)
        if t is not None and self._step_as_tensor:
            kw["t"] = torch.tensor(float(t), dtype=torch.float64)
        compiled(rule)(*args, **kw)


# The largest count each dtype holds exactly, with every smaller whole number.
_EXACT_COUNTS = {torch.float32: 2.0**24, torch.float64: 2.0**53}


def _count_steps(states: list[dict[str, Any]]) -> list[int]:
    """``state["step"] += 1`` for each state, one after the other; returns the new counts.

    A whole count below its dtype's limit is read and written back plus one (``fill_`` on
    one element skips the TensorIterator that ``add_`` builds, a few microseconds a step):
    the same number, as ``step + 1`` is exact there."""
    counts = []
    for state in states:
        step = state["step"]
        limit = _EXACT_COUNTS.get(step.dtype)
        if limit is not None and step.is_cpu:
            count = step.item() + 1.0
            if count.is_integer() and abs(count) <= limit:
                step.fill_(count)
                counts.append(int(count))
                continue
        state["step"] += 1
        counts.append(int(state["step"].item()))
    return counts


def _holds_tensor(value: Any) -> bool:
    return isinstance(value, Tensor) or (isinstance(value, (tuple, list)) and any(isinstance(v, Tensor) for v in value))
