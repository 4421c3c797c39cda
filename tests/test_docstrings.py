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


# Public functions and classes (in a public module's ``__all__``, defined there; the command
# line's modules included) left without a docstring example on purpose: internals exported for
# other descend modules, whose use a public object's example shows. Keep it short: a name
# users meet gets an example instead.
WITHOUT_EXAMPLE = {
    # The command line's helpers: each needs a finished run folder or a click command; the
    # commands they serve (descend examples / landscape / minimize / train) run in tests/cli.
    "descend.cli.examples.training_inputs",  # a run's inputs, rebuilt from its config.yaml
    "descend.cli.landscape.draw_run",  # a run folder's checkpoint and config.yaml, drawn
    "descend.cli.minimize.function_options",  # a click decorator: the options minimize and compare share
    "descend.cli.train.run_training",  # descend train's body: a RunConfig and a run folder
    # Mixins, shown by the classes they make up.
    "descend.estimators.optimizer_setup.FitOptimizer",  # of BaseGD (GDRegressor's, GDClassifier's examples)
    "descend.watch.record.MonitorRecord",  # of Monitor (its example)
    "descend.watch.instrument_readings.InstrumentReadings",  # of Monitor (its example)
    "descend.estimators.prediction.Prediction",  # of BaseGD (GDRegressor's, GDClassifier's examples)
    "descend.training.tracker_checkpoint.TrackerCheckpoint",  # of ExampleTracker (resumes: test_checkpoint.py)
    # Parts of a run that need what an example cannot set up in a line.
    "descend.training.engine.Engine",  # the loop behind train and the estimators: train's example
    "descend.training.distributed.Workers",  # a torch.distributed process group (tests/training/test_distributed_*.py)
    "descend.watch.data_parallel.WorkerNorms",  # the same, for watch under DDP
    "descend.training.lock.FolderInUse",  # raised where another process holds a lock: locked()'s example
}


def public_without_example():
    """``module.name`` of every public function and class without a ``>>>`` example."""
    names = []
    for name in ["descend", *MODULES]:
        if any(part.startswith("_") for part in name.split(".")[1:]):
            continue
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr, None)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
                if ">>>" not in (inspect.getdoc(obj) or ""):
                    names.append(f"{name}.{attr}")
    return names


def test_every_public_class_and_function_has_an_example_or_a_reason():
    missing = public_without_example()
    unexplained = [n for n in missing if n not in WITHOUT_EXAMPLE]
    assert not unexplained, f"public names without a docstring example (add one, or a reason): {unexplained}"
    stale = sorted(WITHOUT_EXAMPLE - set(missing))
    assert not stale, f"in WITHOUT_EXAMPLE but no longer public or without an example: {stale}"
