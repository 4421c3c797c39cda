"""The error a user wants when a framework's import fails on a torchvision built for another
torch: ``import lightning`` imports torchvision (through torchmetrics), and a torchvision whose
compiled operators do not load against the installed torch (a CUDA build beside a CPU torch, or
the other way round) stops it with ``RuntimeError: operator torchvision::nms does not exist``,
eighteen frames deep. That error, and only that one, becomes an ``ImportError`` that names
both builds and the command that installs the matching torchvision; torchvision itself is never
imported here."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

import torch

__all__ = ["is_torchvision_mismatch", "torchvision_mismatch_error"]

_INDEX = "https://download.pytorch.org/whl"


def is_torchvision_mismatch(err: BaseException) -> bool:
    """Whether ``err`` is torchvision failing to register its operators against this torch.

    >>> is_torchvision_mismatch(RuntimeError("operator torchvision::nms does not exist"))
    True
    >>> is_torchvision_mismatch(RuntimeError("CUDA out of memory"))
    False
    """
    return (
        isinstance(err, RuntimeError) and re.search(r"operator torchvision::\w+ does not exist", str(err)) is not None
    )


def installed_torchvision() -> str | None:
    """The installed torchvision's version with its build tag (``"0.28.0+cu130"``), read from
    its files without importing it; ``None`` where none is installed."""
    spec = importlib.util.find_spec("torchvision")
    if spec is None or spec.origin is None:
        return None
    version_file = Path(spec.origin).parent / "version.py"
    if version_file.is_file():
        found = re.search(r"""__version__\s*=\s*['"]([^'"]+)['"]""", version_file.read_text(errors="replace"))
        if found:
            return found.group(1)
    try:
        return importlib.metadata.version("torchvision")
    except importlib.metadata.PackageNotFoundError:
        return None


def install_command(torchvision_version: str, torch_version: str) -> str:
    """The pip command that installs torchvision ``torchvision_version``'s release in the
    build of ``torch_version`` (its ``+cpu`` / ``+cu130`` tag: PyTorch's index of that build;
    none: PyPI's, which pairs with PyPI's torch), leaving torch alone.

    >>> install_command("0.28.0+cu130", "2.13.0+cpu")
    'pip install --force-reinstall --no-deps torchvision==0.28.0 --index-url https://download.pytorch.org/whl/cpu'
    >>> install_command("0.28.0+cpu", "2.13.0")
    'pip install --force-reinstall --no-deps torchvision==0.28.0'
    """
    release = torchvision_version.split("+")[0]
    build = torch_version.partition("+")[2]
    index = f" --index-url {_INDEX}/{build}" if build else ""
    return f"pip install --force-reinstall --no-deps torchvision=={release}{index}"


def torchvision_mismatch_error(err: BaseException, framework: str) -> ImportError | None:
    """The ``ImportError`` to raise instead of ``err`` where importing ``framework`` failed on
    a torchvision built for another torch (:func:`is_torchvision_mismatch`); ``None`` for any
    other error, which the caller re-raises as it is.

    >>> error = torchvision_mismatch_error(RuntimeError("operator torchvision::nms does not exist"), "Lightning")
    >>> str(error).startswith("cannot import Lightning: the installed torchvision ")
    True
    """
    if not is_torchvision_mismatch(err):
        return None
    version = installed_torchvision() or "?"
    return ImportError(
        f"cannot import {framework}: the installed torchvision {version} is not the build for this torch "
        f"{torch.__version__} (its compiled operators do not load: {err}), and {framework} imports torchvision. "
        f"Install the torchvision build that matches torch: {install_command(version, torch.__version__)}"
    )
