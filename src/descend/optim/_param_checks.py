"""What a user hands an optimizer, checked where torch's own words would not say what to do:
the parameters (a used-up generator, a computed tensor), a state dict of another rule, and a
closure that is not a function."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import torch
from torch import Tensor


def listed_params(name: str, params: Any) -> Any:
    """``params`` as torch.optim reads it, a generator read into a list; a module, or a generator
    already used up, refused with the fix.

    >>> listed_params("SGD", iter([]))
    Traceback (most recent call last):
    ValueError: SGD got an empty parameter list: the iterator given was already used up (model.parameters() is a generator: one that built an optimizer, or went through list(), is empty afterwards); call model.parameters() again for each optimizer
    """
    if isinstance(params, torch.nn.Module):  # torch's message: "'Linear' object is not iterable"
        raise TypeError(
            f"{name} takes the parameters, not the module: pass model.parameters() "
            f"(or a list of parameter groups), got the module {type(params).__name__}"
        )
    if isinstance(params, Iterator):  # torch reads it into a list too; an empty one is named here
        params = list(params)
        if not params:
            raise ValueError(
                f"{name} got an empty parameter list: the iterator given was already used up "
                "(model.parameters() is a generator: one that built an optimizer, or went through list(), "
                "is empty afterwards); call model.parameters() again for each optimizer"
            )
    return params


def check_leaves(name: str, param_group: dict[str, Any]) -> None:
    """Refuse a computed tensor among ``param_group``'s parameters (torch's words: "can't optimize
    a non-leaf Tensor"), reading a generator there into a list first.

    >>> w = torch.ones(2, requires_grad=True)
    >>> check_leaves("SGD", {"params": [w * 2]})
    Traceback (most recent call last):
    ValueError: SGD can't optimize parameter 0 of the group: it is computed from other tensors (grad_fn MulBackward0), so a step could not change it; give the tensors it is computed from, or a tensor of its own (p.detach().requires_grad_())
    """
    params = param_group.get("params")
    if isinstance(params, Iterator):
        param_group["params"] = params = list(params)
    for i, p in enumerate([params] if isinstance(params, Tensor) else params or ()):
        if isinstance(p, Tensor) and not p.is_leaf:
            raise ValueError(
                f"{name} can't optimize parameter {i} of the group: it is computed from other "
                f"tensors (grad_fn {type(p.grad_fn).__name__}), so a step could not change it; give the "
                "tensors it is computed from, or a tensor of its own (p.detach().requires_grad_())"
            )


def check_own_state(optimizer: Any, state_dict: Any) -> None:
    """Refuse ``state_dict`` where a parameter's saved state holds none of the entries
    ``optimizer``'s rule keeps for it, or an entry shaped otherwise than the rule makes it for
    that parameter (Adam's ``exp_avg`` of a (4,)-shaped parameter loaded for a (3,)-shaped one:
    the first step failed inside torch, "The size of tensor a (4) must match ..."). What the rule
    keeps, and in which shape, is read off its ``_init_state`` (and the state its flags ask for)
    on a meta tensor: no memory; a parameter-shaped moment, Adafactor's factored rows and
    columns, ASGD's scalars alike. State a rule makes elsewhere (Muon's momentum, L-BFGS's
    history), scalars such as ``step``, and a tensor subclass's state (FSDP's flat or
    distributed parameters, sharded as their state is) are not read; anything else malformed is
    left to torch's own checks (a group of another size, among them).

    >>> import descend as ds
    >>> w = torch.nn.Parameter(torch.ones(2))
    >>> adam = torch.optim.Adam([w]); w.grad = torch.ones(2); adam.step()
    >>> check_own_state(ds.optim.SGD([w], momentum=0.9), adam.state_dict())
    Traceback (most recent call last):
    ValueError: SGD.load_state_dict: the state of parameter 0 holds exp_avg, exp_avg_sq, none of what SGD keeps (momentum_buffer): it is another optimizer's state dict; load it into that optimizer, or start this SGD afresh
    >>> check_own_state(ds.optim.Adam([torch.nn.Parameter(torch.ones(3))]), adam.state_dict())
    Traceback (most recent call last):
    ValueError: Adam.load_state_dict: the state of parameter 0 (group 0, parameter 0) holds exp_avg of shape (2,), but Adam keeps one of shape (3,) for that parameter: it is the state of other parameters (another model, or this one's in another order); load it into an optimizer over the parameters it was saved with, or start this Adam afresh
    """
    saved, groups = (
        (state_dict.get("state"), state_dict.get("param_groups")) if isinstance(state_dict, dict) else (None, None)
    )
    if not isinstance(saved, dict) or not isinstance(groups, list) or len(groups) != len(optimizer.param_groups):
        return
    name = type(optimizer).__name__
    for g, (own, theirs) in enumerate(zip(optimizer.param_groups, groups)):
        keys = theirs.get("params", ()) if isinstance(theirs, dict) else ()
        for i, (p, key) in enumerate(zip(own["params"], keys)):
            state = saved.get(key) or {}
            meta = torch.empty_like(p, device="meta")
            made = {**optimizer._init_state(meta, own), **{n: meta for n in optimizer._flagged_state(own)}}
            found, expected = set(state) - {"step"}, set(made) - {"step"}
            if found and expected and not found & expected:
                raise ValueError(
                    f"{name}.load_state_dict: the state of parameter {key} holds {', '.join(sorted(found))}, "
                    f"none of what {name} keeps ({', '.join(sorted(expected))}): it is another optimizer's "
                    f"state dict; load it into that optimizer, or start this {name} afresh"
                )
            if len(keys) == len(own["params"]) and type(p) in (Tensor, torch.nn.Parameter):
                _check_shapes(name, key, (g, i), p, state, made, optimizer._scalar_state)


def _check_shapes(
    name: str,
    key: Any,
    where: tuple[int, int],
    p: Tensor,
    state: dict[str, Any],
    made: dict[str, Tensor],
    scalars: tuple[str, ...],
) -> None:
    """Refuse a plain tensor of ``state`` shaped otherwise than the rule ``name`` makes it for
    ``p`` (``made``), its ``scalars`` (``step``, ...) aside."""
    for entry, value in sorted(state.items()):
        kept = made.get(entry)
        if entry in scalars or type(value) is not Tensor or kept is None or value.shape == kept.shape:
            continue
        shaped = "" if kept.shape == p.shape else f", of shape {tuple(p.shape)}"  # a factored state's own shape
        raise ValueError(
            f"{name}.load_state_dict: the state of parameter {key} (group {where[0]}, parameter {where[1]}) holds "
            f"{entry} of shape {tuple(value.shape)}, but {name} keeps one of shape {tuple(kept.shape)} for that "
            f"parameter{shaped}: it is the state of other parameters (another model, or this "
            f"one's in another order); load it into an optimizer over the parameters it was saved with, or start "
            f"this {name} afresh"
        )


def check_closure(name: str, closure: Any) -> None:
    """Refuse a ``closure`` given to ``step`` that is not a function (``opt.step(loss)``, Keras'
    habit: torch's words were "'Tensor' object is not callable").

    >>> check_closure("Adam", torch.tensor(1.0))
    Traceback (most recent call last):
    TypeError: Adam.step(closure): closure must be a function that recomputes the loss (zero_grad, forward, backward, return the loss), got Tensor; after loss.backward(), call step() with nothing
    """
    if not callable(closure):
        raise TypeError(
            f"{name}.step(closure): closure must be a function that recomputes the loss (zero_grad, forward, "
            f"backward, return the loss), got {type(closure).__name__}; after loss.backward(), call step() with nothing"
        )
