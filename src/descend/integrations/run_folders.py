"""Where an adapter puts its run folder when the user names none: a fresh folder next to the
framework's own outputs, never one that already holds a run."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["fresh_folder"]


def fresh_folder(path: str | os.PathLike) -> Path:
    """``path`` if it does not exist or is empty, else the first of ``path-2``, ``path-3``, ...
    that does not exist or is empty (as Ultralytics numbers ``train``, ``train2``, ...).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> fresh_folder(root / "descend").name
    'descend'
    >>> (root / "descend").mkdir(); (root / "descend" / "steps.csv").touch()
    >>> fresh_folder(root / "descend").name
    'descend-2'
    """
    path = Path(path)
    candidate, n = path, 1
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate
