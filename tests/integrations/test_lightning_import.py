"""Importing descend's Lightning adapter where torchvision is a build for another torch (a CUDA
wheel beside a CPU torch): one ImportError that names both builds and the command that installs
the matching torchvision, instead of Lightning's RuntimeError eighteen frames deep; every other
import error as it was. The failing import is simulated (no network, nothing installed)."""

from __future__ import annotations

import builtins
import importlib
import importlib.machinery
import subprocess
import sys

import pytest
import torch

from descend.integrations import torchvision_build
from descend.integrations.torchvision_build import install_command, installed_torchvision

ADAPTER = "descend.integrations.lightning"


def _import_adapter_where_lightning_raises(monkeypatch, error):
    """Import the adapter afresh with ``import lightning...`` raising ``error``."""
    monkeypatch.delitem(sys.modules, ADAPTER, raising=False)
    real = builtins.__import__

    def fake(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] == "lightning":
            raise error
        return real(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake)
    return importlib.import_module(ADAPTER)


def test_a_torchvision_for_another_torch_gives_one_error_naming_the_cause_and_the_fix(monkeypatch):
    monkeypatch.setattr(torch, "__version__", "2.13.0+cpu")
    monkeypatch.setattr(torchvision_build, "installed_torchvision", lambda: "0.28.0+cu130")
    cause = RuntimeError("operator torchvision::nms does not exist")
    with pytest.raises(ImportError) as raised:
        _import_adapter_where_lightning_raises(monkeypatch, cause)
    assert str(raised.value) == (
        "cannot import Lightning: the installed torchvision 0.28.0+cu130 is not the build for this torch "
        "2.13.0+cpu (its compiled operators do not load: operator torchvision::nms does not exist), and "
        "Lightning imports torchvision. Install the torchvision build that matches torch: "
        "pip install --force-reinstall --no-deps torchvision==0.28.0 --index-url https://download.pytorch.org/whl/cpu"
    )
    # the deep traceback is not printed, but the original error is kept for a debugger
    assert raised.value.__suppress_context__ and raised.value.__context__ is cause
    assert ADAPTER not in sys.modules


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("operator torchvision::nms has a kernel registered twice"),
        RuntimeError("CUDA driver initialization failed"),
        ModuleNotFoundError("No module named 'lightning'", name="lightning"),
        ImportError("cannot import name 'Callback' from 'lightning.pytorch'"),
    ],
    ids=["other-torchvision-error", "other-runtime-error", "not-installed", "broken-install"],
)
def test_every_other_import_error_is_raised_as_it_was(monkeypatch, error):
    with pytest.raises(type(error)) as raised:
        _import_adapter_where_lightning_raises(monkeypatch, error)
    assert raised.value is error


def test_the_command_installs_torchvisions_release_in_torchs_build():
    cpu = "pip install --force-reinstall --no-deps torchvision==0.28.0 --index-url https://download.pytorch.org/whl/cpu"
    assert install_command("0.28.0+cu130", "2.13.0+cpu") == cpu
    assert install_command("0.28.0", "2.13.0+cu126").endswith(
        "torchvision==0.28.0 --index-url https://download.pytorch.org/whl/cu126"
    )
    assert install_command("0.28.0+cpu", "2.13.0") == "pip install --force-reinstall --no-deps torchvision==0.28.0"


def test_the_installed_version_is_read_from_its_files_without_importing_it(monkeypatch, tmp_path):
    package = tmp_path / "torchvision"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('imported')\n")
    (package / "version.py").write_text("__version__ = '0.28.0+cu130'\ngit_version = 'abc'\n")
    spec = importlib.machinery.ModuleSpec("torchvision", None, origin=str(package / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec if name == "torchvision" else None)
    assert installed_torchvision() == "0.28.0+cu130"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert installed_torchvision() is None


def test_a_fresh_process_imports_the_adapter_or_says_why_in_one_line():
    # Without the tests' torchvision shim: on a machine whose torchvision matches torch the
    # adapter imports; on one like this (torchvision 0.28.0+cu130 beside a CPU torch) the
    # last line of the traceback is the whole story.
    run = subprocess.run([sys.executable, "-c", f"import {ADAPTER}"], capture_output=True, text=True)
    if run.returncode:
        last = run.stderr.strip().splitlines()[-1]
        assert last.startswith("ImportError: cannot import Lightning: the installed torchvision "), run.stderr
        assert "Install the torchvision build that matches torch: pip install" in last
        assert "The above exception was the direct cause" not in run.stderr
