"""The checks of an optimizer's hyper-parameters: each returns the value to store in the param
group, or raises one error naming the hyper-parameter, the value and what is allowed.

>>> betas("betas", (0.9, 0.999))
(0.9, 0.999)
>>> unit_interval("momentum", 1.0)
Traceback (most recent call last):
descend._checks.InvalidArgument: momentum must be a number in [0, 1), got 1.0
"""

from __future__ import annotations

from typing import Any

from torch import Tensor

from .._checks import InvalidArgument, flag, number


def _scalar(name: str, value: Any) -> Any:
    # torch accepts a one-element tensor for a hyper-parameter (a tensor lr, say); descend's
    # rules take Python numbers, so the group keeps the tensor's value.
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise InvalidArgument(
                f"{name} must be a number or a one-element tensor, got a tensor of shape {tuple(value.shape)}"
            )
        return value.item()
    return value


# Each keeps the number as given (an int stays an int, as in torch.optim's param groups and
# printout) and reads a one-element tensor as a number.


def real(name: str, value: Any) -> float:
    return number(name, _scalar(name, value))


def non_negative(name: str, value: Any) -> float:
    return number(name, _scalar(name, value), ge=0)


def positive(name: str, value: Any) -> float:
    return number(name, _scalar(name, value), gt=0)


def denominator_eps(name: str, value: Any) -> float:
    """An ``eps`` added to a denominator: > 0. torch.optim's Adam, RMSprop, Adagrad, Adadelta,
    NAdam and RAdam take 0, and then step a coordinate whose gradient has been 0 to nan.

    >>> denominator_eps("eps", 0.0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: eps must be a number > 0, got 0.0: with eps = 0 a coordinate whose gradient has been 0 so far steps by 0/0 = nan (torch.optim's rules that take 0 step to nan there); give a tiny eps instead, such as 1e-16
    """
    value = _scalar(name, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
        raise InvalidArgument(
            f"{name} must be a number > 0, got {value!r}: with eps = 0 a coordinate whose gradient has "
            "been 0 so far steps by 0/0 = nan (torch.optim's rules that take 0 step to nan there); give "
            "a tiny eps instead, such as 1e-16"
        )
    return number(name, value, gt=0)


def unit_interval(name: str, value: Any) -> float:
    """A decay rate or momentum coefficient: 0 <= value < 1."""
    return number(name, _scalar(name, value), ge=0, lt=1)


def closed_unit_interval(name: str, value: Any) -> float:
    return number(name, _scalar(name, value), ge=0, le=1)


def betas(name: str, value: Any) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise InvalidArgument(f"{name} must be a pair (beta1, beta2), got {value!r}")
    return (unit_interval(f"{name}[0]", value[0]), unit_interval(f"{name}[1]", value[1]))


def optional_flag(name: str, value: Any) -> bool | None:
    return None if value is None else flag(name, value)
