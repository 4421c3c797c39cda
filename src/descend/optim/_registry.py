"""Optimizers by name: ``create("adam", params, lr=1e-3)``."""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any

import torch

from .._checks import InvalidArgument
from .._names import Registry, did_you_mean
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .large_batch import LAMB, LARS
from .lbfgs import LBFGS
from .lion import Lion
from .muon_aux_adam import MuonWithAuxAdam
from .nadam import NAdam
from .prodigy import Prodigy
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sam import SAM
from .schedule_free import ScheduleFreeAdamW
from .sgd import GD, SGD
from .sparse_adam import SparseAdam

_RULES: Registry[Callable[..., torch.optim.Optimizer]] = Registry(
    "optimizer",
    {
        "gd": GD,
        "sgd": SGD,
        "momentum": functools.partial(SGD, momentum=0.9),
        "nesterov": functools.partial(SGD, momentum=0.9, nesterov=True),
        "adagrad": Adagrad,
        "rmsprop": RMSprop,
        "adadelta": Adadelta,
        "adam": Adam,
        "adamw": AdamW,
        "nadam": NAdam,
        "radam": RAdam,
        "lion": Lion,
        "schedulefree_adamw": ScheduleFreeAdamW,
        "adamw_schedulefree": ScheduleFreeAdamW,  # the authors' class name, AdamWScheduleFree
        "prodigy": Prodigy,
        "adamax": Adamax,
        "asgd": ASGD,
        "rprop": Rprop,
        "adafactor": Adafactor,
        "sparse_adam": SparseAdam,
        "lbfgs": LBFGS,
        "muon": MuonWithAuxAdam,  # torch's Muon for 2-D weights, AdamW for the rest
        "lars": LARS,
        "lamb": LAMB,
        "sam": SAM,
    },
)


SAM.use_rules(_RULES.get)  # SAM(base="adam") looks its base up here


def names() -> list[str]:
    """The names ``create`` knows, aliases included.

    >>> names()[:4]
    ['gd', 'sgd', 'momentum', 'nesterov']
    """
    return _RULES.names()


def get(name: str) -> Callable[..., torch.optim.Optimizer]:
    """The optimizer class (or alias partial) called ``name``, case-insensitively.

    >>> get("Adam").__name__
    'Adam'
    """
    return _RULES.get(name)


# Rules for full-batch gradients: L-BFGS's line search and Rprop's sign steps take a
# mini-batch's gradient for the function's, and a batch that changes every step breaks them
# (L-BFGS on digits at batch 32 ends at loss 8e13, on the full batch 1.5e-7; Rprop 5.87 vs 0.098).
_FULL_BATCH_RULES = (LBFGS, Rprop, torch.optim.LBFGS, torch.optim.Rprop)


def rule_class(optimizer: Any) -> type | None:
    """The class of the rule ``optimizer`` names or is: a name's (an alias's own class), a
    class itself, an instance's; ``None`` for a name not known.

    >>> rule_class("momentum").__name__, rule_class(torch.optim.Rprop).__name__
    ('SGD', 'Rprop')
    """
    if isinstance(optimizer, str):
        try:
            optimizer = get(optimizer)
        except ValueError:
            return None  # an unknown name is named by the optimizer's own check
    if isinstance(optimizer, functools.partial):  # an alias ("momentum": SGD with momentum=0.9)
        optimizer = optimizer.func
    return optimizer if isinstance(optimizer, type) else type(optimizer)


def full_batch_rule(optimizer: Any) -> bool:
    """Whether ``optimizer`` (a name, a class or an instance) is a rule for full-batch
    gradients (L-BFGS, Rprop), for which ``train``'s default batch is the full batch.

    >>> full_batch_rule("lbfgs"), full_batch_rule(torch.optim.Rprop), full_batch_rule("adam")
    (True, True, False)
    """
    rule = rule_class(optimizer)
    return rule is not None and issubclass(rule, _FULL_BATCH_RULES)


def _hyper_names(rule: Callable[..., Any]) -> list[str]:
    target = rule.func if isinstance(rule, functools.partial) else rule
    return [n for n in inspect.signature(target).parameters if n != "params"]


def _passes_on(rule: Callable[..., Any]) -> bool:
    """Whether ``rule`` takes any keyword (SAM's go to its base optimizer, which checks them)."""
    target = rule.func if isinstance(rule, functools.partial) else rule
    return any(p.kind is p.VAR_KEYWORD for p in inspect.signature(target).parameters.values())


# What other libraries call the settings of train, minimize and lr_find (scikit-learn, scipy,
# Keras, Lightning, transformers, Ultralytics, fastai), spelt too far from ours for difflib to
# find them: for each, our names to suggest, the first the caller takes.
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("learning_rate", "learning_rate_init", "eta0", "lr0", "step_size"), ("lr",)),
    **dict.fromkeys(("max_epochs", "n_epochs", "num_epochs", "num_train_epochs"), ("epochs",)),
    **dict.fromkeys(
        ("maxiter", "n_iter", "num_iter", "iterations", "iters", "steps", "max_steps", "num_steps"),
        ("max_iter", "num", "epochs"),
    ),
    "max_iter": ("epochs",),  # scikit-learn's MLP counts epochs so
    **dict.fromkeys(("random_state", "random_seed"), ("seed",)),
    **dict.fromkeys(("start_lr", "min_lr"), ("start",)),
    **dict.fromkeys(("end_lr", "max_lr"), ("end",)),
    **dict.fromkeys(("output_dir", "save_dir", "ckpt_dir", "default_root_dir"), ("checkpoint_dir",)),
    **dict.fromkeys(("max_grad_norm", "gradient_clip_val"), ("clip_grad_norm",)),
}


def check_keywords(caller: Callable[..., Any], optimizer: Any, hyper: dict[str, Any]) -> None:
    """Refuse, before any work, a keyword that neither ``caller`` nor ``optimizer`` takes.

    ``train``, ``minimize`` and ``lr_find`` pass their unknown keywords on to the optimizer as
    hyper-parameters, so a misspelt keyword of their own (``epoch=5``) would otherwise be
    reported as the optimizer's. The error names the keyword, the closest of both lists and
    both lists. An optimizer instance, or a rule that passes any keyword on (SAM), is left to
    :func:`build` and the rule itself.

    >>> def run(data, epochs=1, **hyper): ...
    >>> check_keywords(run, "sgd", {"momentum": 0.9})
    >>> check_keywords(run, "sgd", {"epoch": 2})
    Traceback (most recent call last):
    ...
    TypeError: run() takes no keyword 'epoch', and optimizer 'sgd' has no hyper-parameter 'epoch'. Did you mean 'epochs'? run takes: data, epochs; optimizer 'sgd' takes: lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, fused, differentiable.
    """
    if not hyper:
        return
    if isinstance(optimizer, str):
        rule, label = get(optimizer), repr(optimizer)
    elif isinstance(optimizer, type):
        rule, label = optimizer, optimizer.__name__
    else:
        return
    if _passes_on(rule):
        return
    allowed = _hyper_names(rule)
    own = [
        n for n, p in inspect.signature(caller).parameters.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    ]
    for key in hyper:
        if key not in allowed:
            name = caller.__name__
            ours = next((n for n in _OTHER_NAMES.get(key.lower(), ()) if n in own), None)
            hint = f" Did you mean {ours!r}?" if ours else did_you_mean(key, [*own, *allowed])
            raise TypeError(
                f"{name}() takes no keyword {key!r}, and optimizer {label} has no hyper-parameter {key!r}."
                f"{hint} {name} takes: {', '.join(own)}; "
                f"optimizer {label} takes: {', '.join(allowed)}."
            )


def refuse_maximize(
    optimizer: Any,
    hyper: dict[str, Any],
    fix: str = "the run minimizes its loss: to maximize a score, give loss= a function that returns its negative",
) -> None:
    """Refuse, before any work, ``maximize=True`` (torch.optim's option to step up the
    gradient) given to a run that minimizes (``train``, ``lr_find``, ``minimize``), as a
    keyword or in an optimizer instance's param groups: the run would climb its objective
    while its stopping rules and the doctor read a descent. ``fix`` says how to maximize.

    >>> refuse_maximize("adam", {"maximize": False}, "negate it")
    >>> refuse_maximize("adam", {"maximize": True}, "negate it")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: maximize=True would step up the gradient, but negate it; leave maximize out
    """
    if isinstance(optimizer, torch.optim.Optimizer):
        if any(group.get("maximize") for group in optimizer.param_groups):
            raise InvalidArgument(
                f"the optimizer's maximize=True would step up the gradient, but {fix}; build it with maximize=False"
            )
    elif hyper.get("maximize", False) is not False:
        raise InvalidArgument(
            f"maximize={hyper['maximize']!r} would step up the gradient, but {fix}; leave maximize out"
        )


def check_rate_name(lr: Any) -> None:
    """Refuse a learning rate given as a string other than ``"auto"`` (``train`` and ``minimize``
    take ``"auto"``; :func:`build` checks the numbers).

    >>> check_rate_name("Auto")
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: lr must be a finite number > 0, 'auto' or None (the optimizer's default), got 'Auto'. Did you mean 'auto'?
    """
    if isinstance(lr, str) and lr != "auto":
        hint = did_you_mean(lr, ["auto"])
        message = f"lr must be a finite number > 0, 'auto' or None (the optimizer's default), got {lr!r}"
        raise InvalidArgument(message + (f".{hint}" if hint else ""))


def create(name: str, params: Iterable[Any], **hyper: Any) -> torch.optim.Optimizer:
    """Build an optimizer by name, case-insensitively.

    ``"momentum"`` is SGD with momentum 0.9 and ``"nesterov"`` SGD with Nesterov momentum 0.9;
    keyword arguments override those defaults.

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> opt = create("Nesterov", [w], lr=0.01)
    >>> type(opt).__name__, opt.defaults["momentum"], opt.defaults["nesterov"]
    ('SGD', 0.9, True)
    """
    rule = get(name)
    allowed = _hyper_names(rule)
    for key in hyper:
        if key not in allowed and not _passes_on(rule):
            hint = did_you_mean(key, allowed)
            raise TypeError(f"optimizer {name!r} has no hyper-parameter {key!r}.{hint} It takes: {', '.join(allowed)}.")
    return rule(params, **hyper)


def build(optimizer: Any, params: Iterable[torch.Tensor], *, lr: Any = None, **hyper: Any) -> torch.optim.Optimizer:
    """The optimizer a run asks for, by one rule for ``train``, ``minimize``, ``lr_find`` and
    the estimators: a name (see :func:`create`) or a ``torch.optim.Optimizer`` class, built
    over ``params`` with ``lr`` and ``hyper``; or an instance, used as it is (it must hold
    ``params``, and ``lr`` and ``hyper`` then go to it, not here). ``lr`` is ``None`` (the
    rule's default) or a finite number > 0: a run at ``lr=0`` would never move.

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> build("adam", [w], lr=0.01).defaults["lr"]
    0.01
    >>> build("sgd", [w], lr=0)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: lr must be a finite number > 0, got 0
    """
    params = list(params)
    if isinstance(optimizer, torch.optim.Optimizer):
        if lr is not None or hyper:
            raise InvalidArgument(_instance_settings(optimizer, {"lr": lr, **hyper} if lr is not None else hyper))
        ours = {id(p) for p in params}
        theirs = [p for g in optimizer.param_groups for p in g["params"]]
        if not theirs or any(id(p) not in ours for p in theirs):
            raise InvalidArgument("the optimizer instance does not hold this model's parameters")
        return optimizer
    if lr is not None:
        # A one-element tensor is a rate too (torch.optim takes one); it is passed on as it is.
        value = lr.item() if isinstance(lr, torch.Tensor) and lr.numel() == 1 else lr
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or not value > 0:
            raise InvalidArgument(f"lr must be a finite number > 0, got {lr!r}")
        hyper = {"lr": lr, **hyper}
    if isinstance(optimizer, str):
        return create(optimizer, params, **hyper)
    if isinstance(optimizer, type) and issubclass(optimizer, torch.optim.Optimizer):
        return optimizer(params, **hyper)
    raise InvalidArgument(
        f"optimizer must be a name ({', '.join(names())}), a torch.optim.Optimizer class or instance, got {optimizer!r}"
    )


def _instance_settings(optimizer: torch.optim.Optimizer, given: dict[str, Any]) -> str:
    """The refusal of settings given beside an optimizer instance (a doctor's advice applied
    to a run given one): which, and the two ways to apply them."""
    kind = type(optimizer).__name__
    listed = ", ".join(f"{k}={v!r}" for k, v in given.items())
    on_it = "; ".join(f"group[{k!r}] = {v!r}" for k, v in given.items())
    name = kind.lower() if kind.lower() in names() else None
    built = f"optimizer={name!r}" if name else f"optimizer=torch.optim.{kind} (the class)"
    return (
        f"got {listed} with an optimizer instance ({kind}), which holds its own: set them on it "
        f"(for group in optimizer.param_groups: {on_it}) or pass its name or class, {built}, with {listed}"
    )
