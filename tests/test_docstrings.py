"""Every public function of descend has a docstring example, and every example runs and
prints what it says."""

import doctest
import importlib
import inspect
import pkgutil

import matplotlib
import pytest

import descend

matplotlib.use("Agg")
# The demo and ``python -m descend`` run on import; they are exercised by ``make demo``.
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(descend.__path__, "descend.")
    if m.name.rsplit(".", 1)[-1] not in ("__main__", "_demo")
)
# What users import: modules with no underscored part, outside the command line (whose
# public face is the `descend` command, tested in tests/cli).
PUBLIC = [
    name
    for name in ["descend", *MODULES]
    if not any(part.startswith("_") for part in name.split(".")) and not name.startswith("descend.cli")
]


@pytest.mark.parametrize("name", ["descend", *MODULES])
@pytest.mark.slow
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def public_functions(module):
    """The functions a module exports (``__all__``) and defines itself."""
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            yield attr, obj


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(name)
    missing = [attr for attr, fn in public_functions(module) if ">>>" not in (inspect.getdoc(fn) or "")]
    assert missing == [], f"{name}: public functions without a docstring example: {missing}"


def test_the_example_check_sees_a_function_without_one():
    import types

    module = types.ModuleType("made_up")
    exec("def shown():\n    '''>>> 1\\n    1'''\n\ndef bare():\n    '''No example.'''\n", module.__dict__)
    module.__all__ = ["shown", "bare"]
    assert [a for a, f in public_functions(module) if ">>>" not in inspect.getdoc(f)] == ["bare"]
