"""How a train study's space meets its fixed settings: each setting is either searched or fixed,
and each optimizer hyper-parameter searched is one that an optimizer of the study takes.

A setting given both ways (``lr=0.1`` and ``space={"lr": ...}``) would be searched, the fixed
value silently dropped; an optimizer hyper-parameter that none of the study's optimizers takes
(``momentum`` for Adam, ``train``'s default) would never be drawn, so every trial would run the
same settings; so would every rate searched beside a fixed schedule object, which sets every
rate itself. All are refused before the study starts (the default space leaves them out), as
is a model option, searched or in the fixed ``model_options``, that the study's model does not
take or cannot be built with (``channels`` for an MLP, ``dropout: [1.5]``), and a fixed keyword
that an optimizer of the study does not take (``momentum=0.9`` beside ``optimizer: [sgd, adam]``,
a misspelt ``optimiser=``): each trial would fail with it.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from typing import Any

import optuna

from .. import optim, schedules
from .._checks import InvalidArgument
from ..train import train
from ..training import models
from .space import HYPER_PARAMETERS, MODEL_OPTIONS, Space, settings_of, takes
from .space_values import bounding_values
from .start import train_defaults

__all__ = ["check_settings", "check_model_options", "unfixed"]

_BETAS = ("beta1", "beta2")  # searched one by one, fixed together as betas


def check_settings(space: Space, settings: Mapping[str, Any], default_optimizer: str) -> None:
    """Refuse a searched setting that ``settings`` (a train study's fixed settings) also fixes,
    and a searched optimizer hyper-parameter that none of the study's optimizers takes: the
    space's ``optimizer`` choices, else its fixed one, else ``settings``' or ``default_optimizer``.

    >>> space = Space.parse({"momentum": {"low": 0, "high": 0.9}})
    >>> check_settings(space, {"optimizer": "sgd"}, "adam")
    >>> check_settings(space, {}, "adam")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: momentum: adam (train's default optimizer) does not take momentum, so it would never be drawn: search the optimizer too (e.g. optimizer: [sgd, adam]) or fix one that takes it, such as sgd
    """
    for name in space.distributions:
        fixed = _fixed(name, settings)
        if fixed is not None and fixed[0] == "schedule":
            raise InvalidArgument(
                f"lr is searched (space: lr), but the fixed schedule={fixed[1]!r} sets every learning rate itself, "
                "so every lr drawn would train alike: fix a schedule name (sized from the lr drawn), or leave lr "
                "out of the space"
            )
        if fixed is not None:
            given, value = fixed
            raise InvalidArgument(
                f"{name} is both searched (space: {name}) and fixed ({given}={value!r}): a trial would take "
                f"the searched value; leave {given} out of the fixed settings or {name} out of the space"
            )
    searched = "optimizer" in space.distributions
    if searched:
        rules = list(space.distributions["optimizer"].choices)
        which = f"none of the optimizers searched ({', '.join(map(str, rules))}) takes"
        fix = "add one that takes it to the optimizer's choices"
    else:
        rule = space.fixed.get("optimizer", settings.get("optimizer", default_optimizer))
        rules = [rule]
        own = "optimizer" in space.fixed or "optimizer" in settings
        which = f"{rule} ({'the study' if own else 'train'}'s {'' if own else 'default '}optimizer) does not take"
        fix = "search the optimizer too (e.g. optimizer: [sgd, adam]) or fix one that takes it"
    _check_fixed_keywords(space, settings, rules)
    if not all(isinstance(rule, str) for rule in rules):
        return  # an optimizer class of the user's: what it takes is its own
    for name in space.distributions:
        if name in HYPER_PARAMETERS and not any(takes(rule, name) for rule in rules):
            examples = [rule for rule in ("sgd", "adam") if takes(rule, name)]
            such = f", such as {examples[0]}" if examples else ""
            raise InvalidArgument(f"space: {name}: {which} {name}, so it would never be drawn: {fix}{such}")
    _check_nesterov(space, settings, rules)


def _check_fixed_keywords(space: Space, settings: Mapping[str, Any], rules: list[Any]) -> None:
    """Refuse a fixed keyword that neither ``train`` nor any of the study's optimizers (``rules``)
    takes, in ``train``'s words (a misspelt one: ``optimiser=``), and a fixed hyper-parameter that
    an optimizer searched does not take (``momentum=0.9`` beside ``optimizer: [sgd, adam]``): every
    trial drawing that optimizer would fail, the study with it.

    >>> _check_fixed_keywords(Space.parse({"optimizer": ["sgd", "adam"]}), {"momentum": 0.9}, ["sgd", "adam"])
    Traceback (most recent call last):
    descend._checks.InvalidArgument: momentum=0.9 is fixed, but adam (an optimizer searched) does not take momentum, so every trial drawing adam would fail: search momentum in the space instead (drawn only with the optimizers that take it), or leave adam out of the optimizer's choices
    """
    for key, value in _hyper_parameters({**settings, **settings_of(space.fixed)}).items():
        refused = [(rule, err) for rule in rules if (err := _refusal(rule, key, value)) is not None]
        if refused and len(refused) == len(rules):
            raise InvalidArgument(str(refused[0][1])) from None
        if refused:
            rule = refused[0][0]
            searched = "beta1 and beta2" if key == "betas" else key if key in HYPER_PARAMETERS else None
            fix = (
                f"search {searched} in the space instead (drawn only with the optimizers that take it), or "
                if searched
                else ""
            )
            raise InvalidArgument(
                f"{key}={value!r} is fixed, but {rule} (an optimizer searched) does not take {key}, so every trial "
                f"drawing {rule} would fail: {fix}leave {rule} out of the optimizer's choices"
            )


def _hyper_parameters(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The keywords of ``settings`` that are not ``train``'s own: it gives them to the optimizer."""
    own = inspect.signature(train).parameters
    return {key: value for key, value in settings.items() if key not in own}


def _refusal(rule: Any, key: str, value: Any) -> TypeError | None:
    """``train``'s error where the optimizer ``rule`` does not take the keyword ``key``, else ``None``."""
    try:
        optim.check_keywords(train, rule, {key: value})
    except TypeError as err:
        return err
    return None


def _check_nesterov(space: Space, settings: Mapping[str, Any], rules: list[str]) -> None:
    """Refuse ``nesterov: [true, ...]`` where a trial drawing it can have momentum 0 (a choice
    of 0, a fixed 0, or unset for SGD, whose default is 0): Nesterov momentum needs momentum > 0,
    so that trial's run would fail and stop the study.

    >>> check_settings(Space.parse({"nesterov": [True, False]}), {"optimizer": "sgd"}, "adam")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: nesterov: true needs momentum > 0, and sgd's momentum is 0 unless set, so a trial drawing nesterov=True would fail: search momentum too (momentum: {low: 0.5, high: 0.99}) or fix it (hyper: {momentum: 0.9} in a file, momentum=0.9 in Python)
    """
    nesterov = space.distributions.get("nesterov")
    if nesterov is None or True not in nesterov.choices:
        return
    fix = "search momentum too (momentum: {low: 0.5, high: 0.99}) or fix it (hyper: {momentum: 0.9} in a file, momentum=0.9 in Python)"
    momentum = space.distributions.get("momentum")
    fixed = _fixed("momentum", settings) or (
        ("momentum", space.fixed["momentum"]) if "momentum" in space.fixed else None
    )
    if isinstance(momentum, optuna.distributions.CategoricalDistribution) and 0 in momentum.choices:
        why, fix = "momentum's choices hold 0", "leave 0 out of momentum's choices"
    elif momentum is None and fixed is not None and fixed[1] == 0:
        why = "momentum is fixed at 0"
    elif momentum is None and fixed is None:
        unset = [rule for rule in rules if takes(rule, "nesterov") and train_defaults(rule).get("momentum") == 0]
        if not unset:
            return
        why = f"{unset[0]}'s momentum is 0 unless set"
    else:
        return
    raise InvalidArgument(
        f"space: nesterov: true needs momentum > 0, and {why}, so a trial drawing nesterov=True would fail: {fix}"
    )


def check_model_options(space: Space, model: Any, fixed: Any = None) -> None:
    """Refuse a model option of ``space`` (searched or fixed) or of the study's fixed
    ``model_options`` (``fixed``) that ``model`` does not take, and a choice, range end or value
    it cannot be built with, naming the setting and the value; a model name ``train`` does not
    know is left to ``train``'s own error.

    >>> check_model_options(Space.parse({"hidden": [[8], [16]]}), "mlp", {"activation": "tanh"})
    >>> check_model_options(Space.parse({"channels": [[4], [8]]}), "mlp")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: space: channels: model 'mlp' has no option 'channels'. It takes: hidden, activation, dropout.
    >>> check_model_options(Space.parse({"lr": [0.1, 1.0]}), "mlp", {"activation": print})
    Traceback (most recent call last):
    descend._checks.InvalidArgument: model_options: activation: value <built-in function print> cannot be trained: activation must be one of relu, tanh, gelu, sigmoid; got <built-in function print>
    """
    options = models.check_model_options(fixed)  # a mapping, else train's error
    names = [n for n in (*space.distributions, *space.fixed) if n in MODEL_OPTIONS]
    if not names and not options:
        return
    if not isinstance(model, str):
        where, fix = (
            (f"space: {names[0]}", "search its settings in the module itself")
            if names
            else (f"model_options ({', '.join(options)})", "set them in the module itself and leave model_options out")
        )
        raise InvalidArgument(
            f"{where}: model options apply to named models (such as 'mlp'); the module {type(model).__name__} is "
            f"used as given: {fix}"
        )
    if model.strip().lower() not in models.names():
        return
    given = [(f"model_options: {name}", "value", name, value) for name, value in options.items()]
    searched = [(f"space: {name}", where, name, value) for name in names for where, value in _values(space, name)]
    for setting, where, name, value in given + searched:
        try:
            _build(model, name, value)
        except (ValueError, TypeError) as err:  # InvalidArgument is both
            said = f"{where} {value!r} cannot be trained: " if name in models.default_options(model) else ""
            raise InvalidArgument(f"{setting}: {said}{err}") from None


def _build(model: str, name: str, value: Any) -> None:
    """Build the named ``model`` with its option ``name`` at ``value`` (a CNN's ``image_shape``
    sized to it), raising the builder's error where it cannot be."""
    if name != "image_shape":
        models.build_model(model, 64, 2, task="classification", **{name: value})
    elif models.get(model) is not models.get("cnn"):
        raise TypeError(
            f"image_shape is an option of model 'cnn' (the image it views flat inputs as), not of {model!r}"
        )
    else:
        shape = tuple(value) if isinstance(value, (list, tuple)) else ()
        if len(shape) != 3 or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in shape):
            raise ValueError(f"image_shape must be (channels, height, width), three positive integers, got {value!r}")
        models.build_model(model, math.prod(shape), 2, task="classification", image_shape=shape)


def _values(space: Space, name: str) -> list[tuple[str, Any]]:
    """The values of ``name`` in ``space`` that bound what a trial takes: the fixed value, or
    :func:`~descend.tune.space_values.bounding_values`."""
    if name in space.fixed:
        return [("value", space.fixed[name])]
    return bounding_values(space.distributions[name], space.encoded.get(name))


def unfixed(spec: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """``spec`` (the default space) without the settings that ``settings`` fixes: a setting the
    user fixed is not searched; nor is an optimizer that does not take a hyper-parameter the user
    fixed (one left: the study's optimizer).

    >>> sorted(unfixed({"lr": [0.1, 1], "beta2": [0.9, 0.99], "hidden": [[8]]}, {"lr": 0.1, "betas": (0.9, 0.9)}))
    ['hidden']
    >>> unfixed({"optimizer": ["sgd", "adam"], "momentum": [0.0, 0.9]}, {"momentum": 0.5})
    {'optimizer': 'sgd'}
    """
    kept = {name: value for name, value in spec.items() if _fixed(name, settings) is None}
    rules, fixed = kept.get("optimizer"), _hyper_parameters(settings)
    if isinstance(rules, list) and fixed:
        taking = [rule for rule in rules if all(_refusal(rule, k, v) is None for k, v in fixed.items())]
        if taking:  # none: a keyword no optimizer takes, which check_settings names
            kept["optimizer"] = taking if len(taking) > 1 else taking[0]
    return kept


def _fixed(name: str, settings: Mapping[str, Any]) -> tuple[str, Any] | None:
    """The fixed setting (its name in ``settings``, its value) that the searched ``name`` is, if
    any: a schedule object fixes the rate too (it sets every rate itself)."""
    if name == "lr" and isinstance(settings.get("schedule"), schedules.Schedule):
        return "schedule", settings["schedule"]
    if name in MODEL_OPTIONS:
        options = settings.get("model_options") or {}
        return (name, options[name]) if name in options else None
    given = "betas" if name in _BETAS else name
    return (given, settings[given]) if given in settings else None
