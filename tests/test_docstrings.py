"""Every public docstring example in descend runs and prints what it says."""

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import descend

matplotlib.use("Agg")
# The demo and ``python -m descend`` run on import; they are exercised by ``make demo``.
MODULES = sorted(m.name for m in pkgutil.walk_packages(descend.__path__, "descend.")
                 if m.name.rsplit(".", 1)[-1] not in ("__main__", "_demo"))


@pytest.mark.parametrize("name", ["descend", *MODULES])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
