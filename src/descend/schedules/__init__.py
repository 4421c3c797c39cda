r"""Learning-rate schedules: pure functions of the optimizer-update count (optax style).

A schedule is a callable ``schedule(step) -> lr``: the learning rate itself (not a factor) for
update number ``step + 1``, where ``step`` counts the updates already done, from 0. It is a
:class:`Schedule` object: a plain function of the step becomes one once wrapped,
``Schedule("mine", fn)`` (``train`` calls a plain function as ``optimizer -> torch
scheduler``). Step-driven schedules hide no state, so they can be plotted before training,
checked against closed forms and resumed from the step count alone. :func:`plateau` is the one metric-driven schedule:
``observe(metric)`` shrinks a factor that multiplies any step-driven base schedule.
:func:`attach` drives the param groups of any ``torch.optim`` (or ``descend.optim``) optimizer.

A file per idea: ``schedule`` (the :class:`Schedule` and :class:`Plateau` objects), ``curves``
(the closed forms), ``compose`` (:func:`warmup`, :func:`join`, :func:`plateau`, :func:`scaled`), ``adapter``
(:func:`attach`, the bridge to an optimizer), ``torch_plateau`` (torch's ``ReduceLROnPlateau``
as a run's schedule), ``torch_given`` (a torch scheduler, class or function as a run's
schedule), ``registry`` (by name: :func:`names`, :func:`get`, :func:`run_names`,
:func:`run_name`, :func:`for_run`), ``beside_lr`` (:func:`refuse_lr_beside_object`: a run's ``lr``
beside a schedule object) and ``plotting``
(:func:`values`, :func:`plot`).

>>> import torch
>>> sched = warmup(2, then=cosine(0.1, total_steps=4))
>>> [round(lr, 4) for lr in values(sched, 7)]
[0.0, 0.05, 0.1, 0.0854, 0.05, 0.0146, 0.0]
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.1)
>>> adapter = attach(opt, sched)      # sets the lr of update 1: sched(0)
>>> opt.step(); adapter.step()        # after every optimizer.step()
>>> adapter.last_lr
[0.05]
"""

from .adapter import ScheduleAdapter, attach
from .beside_lr import refuse_lr_beside_object
from .compose import join, plateau, scaled, warmup
from .curves import constant, cosine, exponential_decay, inverse_time, multistep_decay, one_cycle, step_decay
from .plotting import plot, values
from .registry import RunTooShort, for_run, get, names, run_name, run_names
from .schedule import Plateau, Schedule
from .torch_plateau import TorchPlateau

__all__ = [
    "for_run",
    "RunTooShort",
    "refuse_lr_beside_object",
    "Schedule",
    "constant",
    "step_decay",
    "multistep_decay",
    "exponential_decay",
    "inverse_time",
    "cosine",
    "one_cycle",
    "warmup",
    "join",
    "Plateau",
    "plateau",
    "scaled",
    "get",
    "names",
    "run_names",
    "run_name",
    "ScheduleAdapter",
    "TorchPlateau",
    "attach",
    "values",
    "plot",
]
