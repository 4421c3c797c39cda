"""The FUNCTION argument of ``descend minimize`` and ``descend compare``.

A built-in test function by name, or the user's own function named ``path/to/file.py:name``
or ``package.module:name``; the file or module is imported (``importlib``), nothing typed on
the command line is evaluated. A user function maps a 1-D tensor to a scalar tensor; it is
wrapped as a :class:`~descend.functions.TestFunction` with no known minima (the contour
plots evaluate it point by point where it takes no batches).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import importlib.util
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import torch
from torch import Tensor

from .. import functions
from .._names import did_you_mean
from ..functions import TestFunction

__all__ = ["load_function", "start_point"]


def load_function(spec: str) -> TestFunction:
    """The test function called ``spec``, or the user's ``FILE.py:name`` / ``module:name``.

    >>> load_function("Rosenbrock").name
    'rosenbrock'
    """
    if ":" not in spec:
        return functions.get(spec)
    where, _, name = spec.rpartition(":")
    if not where or not name.isidentifier():
        raise ValueError(f"expected FILE.py:function or module:function, got {spec!r}")
    module = _import_file(where, spec) if _is_file(where) else _import_module(where, spec)
    fn = getattr(module, name, None)
    if fn is None:
        known = [k for k, v in vars(module).items() if callable(v) and not k.startswith("_")]
        raise ValueError(
            f"{where} has no function {name!r}.{did_you_mean(name, known)} "
            f"It defines: {', '.join(known) or 'no public functions'}."
        )
    if isinstance(fn, TestFunction):
        return fn
    if not callable(fn):
        raise TypeError(f"{spec} is not a function: it is {type(fn).__name__} {fn!r}")
    return TestFunction(name=name, fn=fn, dim=0, minima=(), minimum_value=math.nan, start=(), description=spec)


def start_point(fn: TestFunction, x0: list[float] | None) -> tuple[TestFunction, Tensor]:
    """``x0`` as a float64 tensor (or the built-in function's classic start), and ``fn``
    with that start (and its dimension, for a user function)."""
    if x0 is None:
        if not fn.start:
            raise ValueError(
                f"{fn.description or fn.name} is your own function: give its start point with --x0, e.g. --x0=1.5,-2"
            )
        x0 = list(fn.start)
    if not fn.dim:
        fn = dataclasses.replace(fn, dim=len(x0), start=tuple(x0))
    return fn, torch.tensor(x0, dtype=torch.float64)


def _is_file(where: str) -> bool:
    return where.endswith(".py") or "/" in where or os.sep in where


def _import_file(where: str, spec: str) -> ModuleType:
    path = Path(where).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {where!r} (from {spec!r})")
    name = f"_descend_user_{path.stem}"
    loader = importlib.util.spec_from_file_location(name, path)
    if loader is None or loader.loader is None:
        raise ValueError(f"cannot import {where!r}: not a Python file")
    module = importlib.util.module_from_spec(loader)
    with _on_path(str(path.resolve().parent)):  # so the file can import its neighbours
        loader.loader.exec_module(module)
    return module


def _import_module(where: str, spec: str) -> ModuleType:
    try:
        with _on_path(os.getcwd()):  # as `python -m` would find a module here
            return importlib.import_module(where)
    except ModuleNotFoundError as err:
        raise ValueError(
            f"cannot import {where!r} (from {spec!r}): {err}. Give "
            f"path/to/file.py:function, or a module on the Python path"
        ) from None


@contextlib.contextmanager
def _on_path(folder: str) -> Iterator[None]:
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
