"""YAML as the command line reads it (``--config`` files, ``--hyper NAME=VALUE``): PyYAML's safe
loader (data, never code) with YAML 1.2's floats.

PyYAML follows YAML 1.1, whose floats need a dot: ``1e-4`` is read as the string ``'1e-4'``
(``1.0e-4`` as a number), so ``weight_decay: 1e-4`` or ``lr: [1e-3, 1e-2]`` reached the settings'
checks as text ("must be a number >= 0, got '1e-4'"). :class:`SafeLoader` reads it as YAML 1.2
(and JSON, and Python) do: a number.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["SafeLoader", "load"]

# YAML 1.2's core-schema float (a dot or an exponent), as PyYAML's own 1.1 resolver is written.
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that reads ``1e-4`` (an exponent without a dot) as a float.

    >>> yaml.load("[1e-4, 1.0e-4, 3, 1e3, 2e+2, '1e-4']", Loader=SafeLoader)
    [0.0001, 0.0001, 3, 1000.0, 200.0, '1e-4']
    """


SafeLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))


def load(text: str) -> Any:
    """What ``text`` holds, read by :class:`SafeLoader`.

    >>> load("weight_decay: 1e-4")
    {'weight_decay': 0.0001}
    """
    return yaml.load(text, Loader=SafeLoader)
