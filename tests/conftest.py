"""For the whole test session, before any test module imports a framework: nothing reaches the
network, nothing is written to the home directory.

descend.integrations' adapters import Hugging Face transformers and Ultralytics (their tests
in tests/integrations, and tests/test_docstrings.py, which imports every module). Both read
their settings when first imported:

- Hugging Face: ``HF_HUB_OFFLINE`` / ``TRANSFORMERS_OFFLINE`` (models are built from configs).
- Ultralytics: ``YOLO_OFFLINE`` (its online check answers no without asking DNS) and
  ``YOLO_CONFIG_DIR``, a temporary folder for its settings file, holding a font: Ultralytics
  looks for ``Arial.ttf`` (``Arial.Unicode.ttf`` for non-ASCII class names) there and otherwise
  asks the network for it even when offline (``checks.check_font`` calls ``is_url(...,
  check=True)``), so matplotlib's DejaVuSans stands in for both.
- torchvision (imported by Lightning and Ultralytics): the installed build's compiled operators
  do not load against this torch, and ``import torchvision`` fails unless its ``nms`` operator
  is declared first (see ``integrations/_torchvision_nms.py``).
"""

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
import torch

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["YOLO_OFFLINE"] = "1"
os.environ["YOLO_VERBOSE"] = "False"

_CONFIG_DIR = Path(tempfile.mkdtemp(prefix="descend-yolo-config-"))
atexit.register(shutil.rmtree, _CONFIG_DIR, ignore_errors=True)
os.environ["YOLO_CONFIG_DIR"] = str(_CONFIG_DIR)
(_CONFIG_DIR / "Ultralytics").mkdir()
_DEJAVU = Path(importlib.util.find_spec("matplotlib").origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
for _font in ("Arial.ttf", "Arial.Unicode.ttf"):
    shutil.copyfile(_DEJAVU, _CONFIG_DIR / "Ultralytics" / _font)

# tests/integrations/_torchvision_nms.py, loaded once under its own name: the Ultralytics and
# Lightning tests import it again (by that name) to let torchvision.ops.nms run the operator.
_spec = importlib.util.spec_from_file_location(
    "_torchvision_nms", Path(__file__).parent / "integrations" / "_torchvision_nms.py"
)
_torchvision_nms = sys.modules.setdefault("_torchvision_nms", importlib.util.module_from_spec(_spec))
if not hasattr(_torchvision_nms, "declare"):
    _spec.loader.exec_module(_torchvision_nms)
_torchvision_nms.declare()

# Under pytest-xdist (make test runs one worker per core), the workers share the cores: each
# gets its share of torch's threads rather than one per core each, which would oversubscribe.
# The processes a test starts (the command line, tune's workers) inherit the share through
# OMP_NUM_THREADS: with a thread per core while the other workers keep the cores busy, a small
# model's every operation waits at OpenMP's barrier for a thread that has no core (measured with
# the killed-study test beside a busy core: 198 s with two threads a process, 73 s with one).
if "PYTEST_XDIST_WORKER_COUNT" in os.environ:
    _threads = max(1, (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"]))
    torch.set_num_threads(_threads)
    os.environ["OMP_NUM_THREADS"] = str(_threads)


# Frameworks change process-wide settings when imported or used: Ultralytics sets numpy's and
# torch's print options (the doctests compare printed numbers), and torch's own test utilities
# (tests/optim's optim_db) forbid setting cudnn flags outside a context manager, which
# Ultralytics' trainer does. Each test starts from the settings the session started with.
_NUMPY_PRINT = np.get_printoptions()
_TORCH_PRINT_FIELDS = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")
_TORCH_PRINT = {k: getattr(torch._tensor_str.PRINT_OPTS, k) for k in _TORCH_PRINT_FIELDS}


def _restore_process_settings() -> None:
    if np.get_printoptions() != _NUMPY_PRINT:
        np.set_printoptions(**_NUMPY_PRINT)
    if {k: getattr(torch._tensor_str.PRINT_OPTS, k) for k in _TORCH_PRINT_FIELDS} != _TORCH_PRINT:
        torch.set_printoptions(**_TORCH_PRINT)
    # torch.backends is a wrapper module: the flag lives in its functions' own globals.
    torch.backends.flags_frozen.__globals__["__allow_nonbracketed_mutation_flag"] = True


def pytest_collection_modifyitems(items):
    """The tests marked slow first, each group in its own order: under pytest-xdist the long
    ones then run while the short ones can still even out the workers' loads."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures too: a module-scoped fixture may train a framework's model."""
    _restore_process_settings()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    _restore_process_settings()
