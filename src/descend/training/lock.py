"""One writer per run folder: an exclusive lock held for the whole run.

``train`` (with a ``checkpoint_dir`` or ``log_dir``) and ``descend train`` (its ``--out``)
hold ``fcntl.flock`` on the file ``.descend.lock`` in each folder they write, the holder's pid
written in it. A second process asking for a held folder gets :class:`FolderInUse`, naming
that pid, before it has touched anything. The kernel drops the lock when its holder exits,
even on ``SIGKILL``: a lock file left behind by a killed run is taken over, never obeyed.
Within one process the lock is re-entrant (the CLI locks the run folder, then ``train``
the same folder again). Where ``fcntl`` is missing (Windows) folders are not locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

from .._checks import unwritten
from . import run_folder

__all__ = ["FolderInUse", "locked"]

# The folders this process holds: resolved path -> [file descriptor, depth].
_held: dict[Path, list[int]] = {}


class FolderInUse(RuntimeError):
    """Another process holds the lock of a run folder."""


@contextlib.contextmanager
def locked(*folders: str | os.PathLike | None) -> Iterator[None]:
    """Hold the lock of each folder (created if missing; ``None`` skipped) while the block
    runs; a folder this function created is removed again if it is left empty.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, locked(tmp):
    ...     int((Path(tmp) / run_folder.LOCK).read_text()) == os.getpid()
    True
    """
    with contextlib.ExitStack() as stack:
        for folder in dict.fromkeys(Path(f) for f in folders if f is not None):
            stack.enter_context(_locked(folder))
        yield


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder")
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file in the way, a place that cannot be written
        raise unwritten(err, folder, "the run's folder") from None
    key = folder.resolve()
    try:
        if key in _held or fcntl is None:
            if key in _held:
                _held[key][1] += 1
            try:
                yield
            finally:
                if key in _held:
                    _held[key][1] -= 1
            return
        fd = _acquire(key)
        _held[key] = [fd, 1]
        try:
            yield
        finally:
            del _held[key]
            _release(key, fd)
    finally:
        if created:
            with contextlib.suppress(OSError):  # not empty, or already gone: kept as it is
                folder.rmdir()


def _acquire(folder: Path) -> int:
    """Lock ``folder/.descend.lock`` and write this pid in it; returns its descriptor."""
    path = folder / run_folder.LOCK
    for _ in range(100):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _pid_in(fd)
            os.close(fd)
            holder = f"pid {pid}" if pid is not None else "a process that has not written its pid yet"
            raise FolderInUse(
                f"{folder} is in use by another descend run ({holder}, holding {path}); "
                f"nothing was changed. Wait until it ends, or use another folder"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        # The holder before us removes the file as it lets go: a lock on a removed file locks
        # nothing, so take the lock again on the file now there.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd
        os.close(fd)
    raise FolderInUse(f"could not lock {path}: other processes keep replacing it")


def _pid_in(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _release(folder: Path, fd: int) -> None:
    """Remove the lock file, then let go of it (in this order: see :func:`_acquire`)."""
    try:
        path = folder / run_folder.LOCK
        with contextlib.suppress(OSError):  # removed with its folder, say
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                path.unlink()
    finally:
        os.close(fd)
