"""Checkpoints that survive a crash: atomic writes, and loading that never unpickles code.

A checkpoint is one ``torch.save`` file holding only tensors, numbers, strings, lists and
dicts, so that ``torch.load(weights_only=True)`` reads it; it is written to a temporary file
in the same folder, flushed to disk, then renamed over the old one (``os.replace`` is atomic),
so a crash in the middle of a save leaves the previous checkpoint whole.
"""

from __future__ import annotations

import glob
import os
import pickle
import pickletools
import random
import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

__all__ = ["load", "remove_stale_temporaries", "rng_state", "save_atomic", "set_rng_state"]


def save_atomic(obj: dict[str, Any], path: str | os.PathLike) -> None:
    """Write ``obj`` to ``path`` so that ``path`` always holds a whole checkpoint.

    Temporary files of ``path`` that an earlier writer left (killed while saving) are removed
    first: there is one writer of a checkpoint at a time (``train`` locks its folder).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_atomic({"step": 3, "w": torch.ones(2)}, f"{tmp}/last.pt")
    ...     sorted(os.listdir(tmp)), load(f"{tmp}/last.pt")["step"]
    (['last.pt'], 3)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def remove_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove the temporary files :func:`save_atomic` makes for ``path`` (``.NAME.*.tmp`` in
    its folder), left there by a writer killed while saving; returns those removed. Only for
    a checkpoint no other process is writing.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in (".last.pt.x1y2.tmp", ".notes.tmp"):
    ...         _ = Path(tmp, name).write_text("")
    ...     [p.name for p in remove_stale_temporaries(f"{tmp}/last.pt")], os.listdir(tmp)
    (['.last.pt.x1y2.tmp'], ['.notes.tmp'])
    """
    path = Path(path)
    removed = []
    for name in glob.glob(glob.escape(str(path.parent / f".{path.name}.")) + "*.tmp"):
        stale = Path(name)
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder for this.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load(path: str | os.PathLike, map_location: Any = "cpu") -> dict[str, Any]:
    """Read a checkpoint written by :func:`save_atomic`, refusing anything but plain data: a
    file that holds other objects is a ``ValueError``, never unpickled.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_atomic({"w": torch.zeros(1)}, f"{tmp}/last.pt")
    ...     load(f"{tmp}/last.pt")
    {'w': tensor([0.])}
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {path}")
    try:
        return torch.load(path, map_location=map_location, weights_only=True)
    except Exception as err:
        raise ValueError(_unreadable(path, err)) from err


def _unreadable(path: Path, err: Exception) -> str:
    """Why ``path`` is no checkpoint, without torch's advice to retry with
    ``weights_only=False``: that would unpickle, and so run, whatever code the file holds."""
    text = " ".join(str(err).split())
    named = None
    if "Unsupported operand" in text:  # torch's reader met a byte torch.save never writes
        named = _pickled_global(path)
        if named is None:
            return (
                f"{path} is not a readable descend checkpoint: it is damaged or not a torch.save file (its bytes "
                "are neither a torch.save archive nor the pickle data torch.save writes)"
            )
    if named is not None or isinstance(err, pickle.UnpicklingError) or text.startswith("Weights only load failed"):
        found = named or (re.search(r"GLOBAL ([\w.]+)", text) or [None, None])[1]
        what = f" (it refers to {found})" if found else ""
        return (
            f"{path} is not a readable descend checkpoint: it holds Python objects other "
            f"than tensors and plain data{what}. Loading it with torch.load(weights_only=False) "
            f"would run code from the file: never do that with a file you do not trust"
        )
    first = re.split(r"(?<=[.!?]) ", text, maxsplit=1)[0] or type(err).__name__
    return f"{path} is not a readable descend checkpoint: it is damaged or not a torch.save file ({first})"


def _pickled_global(path: Path) -> str | None:
    """The first Python object a plain pickle file (not torch.save's archive) names, read by its
    opcodes without unpickling it; ``None`` where the file is no whole pickle or names none."""
    strings: list[str] = []
    try:
        with open(path, "rb") as file:
            for op, arg, _ in pickletools.genops(file):
                if op.name == "GLOBAL":
                    return str(arg).replace(" ", ".")
                if op.name == "STACK_GLOBAL" and len(strings) >= 2:
                    return ".".join(strings[-2:])
                if isinstance(arg, str):
                    strings.append(arg)
    except (ValueError, EOFError, OSError):
        return None
    return None


def rng_state() -> dict[str, Any]:
    """Every random number generator a training step may draw from, as plain data.

    >>> state = rng_state()
    >>> a = torch.rand(1); set_rng_state(state); torch.equal(a, torch.rand(1))
    True
    """
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    version, py_state, py_gauss = random.getstate()
    state = {
        "torch": torch.get_rng_state(),
        "numpy": {
            "kind": kind,
            "keys": torch.from_numpy(keys.astype(np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "gauss": float(gauss),
        },
        "python": {"version": version, "state": list(py_state), "gauss": py_gauss},
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    """Restore what :func:`rng_state` captured.

    >>> import random
    >>> state = rng_state()
    >>> a = random.random(); set_rng_state(state); a == random.random()
    True
    """
    torch.set_rng_state(state["torch"])
    n = state["numpy"]
    np.random.set_state((n["kind"], n["keys"].numpy().astype(np.uint32), n["pos"], n["has_gauss"], n["gauss"]))
    p = state["python"]
    random.setstate((p["version"], tuple(p["state"]), p["gauss"]))
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
