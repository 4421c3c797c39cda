"""The frameworks descend.integrations adapts, offline and on the CPU.

tests/conftest.py sets the offline environment (Hugging Face and Ultralytics offline,
Ultralytics' config folder with its font in a temporary folder). Here:

- torchvision: the installed build's compiled operators do not load against this torch; the one
  operator Ultralytics uses (``nms``, declared in pure torch by tests/conftest.py) is made
  callable through ``torchvision.ops.nms`` (see ``_torchvision_nms.py``).
- :func:`ultralytics_offline`: Ultralytics' settings turn off event sync, the hub and every
  logging integration, its folders in a temporary folder.

Every test here runs with the network blocked in-process (:func:`no_network`): a connection
attempt fails and is recorded, and the test fails if there was one.
"""

from __future__ import annotations

import socket

import pytest
import torch
from _torchvision_nms import install as install_torchvision_nms

install_torchvision_nms()  # tests/conftest.py declared the operator; now torchvision.ops.nms runs it

_ULTRALYTICS_OFF = {
    "sync": False,
    "api_key": "",
    "clearml": False,
    "comet": False,
    "dvc": False,
    "mlflow": False,
    "raytune": False,
    "tensorboard": False,
    "wandb": False,
    "vscode_msg": False,
    "openvino_msg": False,
}


@pytest.fixture(scope="session")
def ultralytics_offline(tmp_path_factory):
    """Ultralytics imported with everything that would reach the network switched off; its
    ``runs_dir``, ``weights_dir`` and ``datasets_dir`` in a temporary folder."""
    ultralytics = pytest.importorskip("ultralytics")
    root = tmp_path_factory.mktemp("ultralytics")
    ultralytics.settings.update(
        _ULTRALYTICS_OFF, runs_dir=str(root / "runs"), weights_dir=str(root / "weights"), datasets_dir=str(root)
    )
    return ultralytics


@pytest.fixture(scope="module")
def one_thread():
    """torch on one thread for a module's tests: the models are tiny, and on a loaded machine more
    threads only contend (a run of seconds took minutes with two)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Block connections from this process for the test; fail the test if anything tried."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError(f"descend's integration tests run offline: refused {args!r}")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], f"a test reached for the network: {attempts}"
