"""Whether a folder may take a new run: the rule ``train`` and ``descend train`` share for a run
folder that holds another run's files, and for one a run killed before its first checkpoint
(SIGKILL, out of memory) left behind, which holds no run to resume and nothing to keep."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .._checks import InvalidArgument
from .run_folder import (
    BEST,
    CHECKPOINTS,
    CONFIG,
    EPOCHS,
    HISTORY,
    HISTORY_FORMAT,
    LAST,
    METRICS,
    RUN_FILES,
    STEPS,
    TENSORBOARD,
    TRAJECTORY,
    held_files,
    run_files_in,
    shown,
)

__all__ = [
    "check_new_run",
    "has_checkpoint",
    "unsaved_keeps",
    "clear_unsaved_run",
    "holds_descend_history",
    "holds_descend_run",
    "not_a_run",
]

# What a run writes before its first checkpoint (saved after its first epoch; the command line's
# trajectory.pt starts with the initial weights): where they hold no row (TensorBoard's folder its
# events files, checkpoints/ a checkpoint's temporaries), the run was killed before it (SIGKILL,
# out of memory) and they are no run: neither to resume nor to keep.
_UNSAVED = (STEPS, EPOCHS, METRICS, HISTORY, TENSORBOARD, CHECKPOINTS, TRAJECTORY)


def has_checkpoint(folder: Path) -> bool:
    """Whether ``folder`` holds a run's checkpoint (``last.pt`` or ``best.pt``).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     before = has_checkpoint(Path(tmp))
    ...     (Path(tmp) / BEST).touch()
    ...     before, has_checkpoint(Path(tmp))
    (False, True)
    """
    return any((folder / name).is_file() for name in (LAST, BEST))


def unsaved_keeps(folder: Path) -> list[str]:
    """The run's files (``RUN_FILES``) in ``folder`` that a new run must not remove: a
    checkpoint and all a run writes from its first one on, a log holding a step or epoch row,
    a file in ``checkpoints/`` or ``tensorboard/`` other than a checkpoint's temporary or an
    events file. None where ``folder`` holds at most what a run killed before its first
    checkpoint left (:func:`clear_unsaved_run` removes it); other files are not counted.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "notes.txt").touch(); (Path(tmp) / HISTORY).touch(); (Path(tmp) / METRICS).touch()
    ...     _ = (Path(tmp) / EPOCHS).write_text("epoch,loss\\n")  # a header alone
    ...     before = unsaved_keeps(Path(tmp))
    ...     _ = (Path(tmp) / EPOCHS).write_text("epoch,loss\\n1,0.5\\n")
    ...     before, unsaved_keeps(Path(tmp))
    ([], ['epochs.csv'])
    """
    kept = [name for name in held_files(folder) if name in RUN_FILES and name not in _UNSAVED]
    # At most a header: a run killed before its first log write (each CSV log starts with one).
    kept += [name for name, header in ((STEPS, 1), (EPOCHS, 1), (METRICS, 0)) if _lines(folder / name) > header]
    for inner, own in _OWN_FILES.items():
        kept += [f"{inner}/{name}" for name in held_files(folder / inner) if not own(name)]
    return kept


# The files of a run's folders inside a run folder that hold nothing once the run was killed
# before its first checkpoint: a checkpoint's temporaries, TensorBoard's events.
_OWN_FILES = {
    CHECKPOINTS: lambda name: name.startswith((f".{LAST}.", f".{BEST}.")) and name.endswith(".tmp"),
    TENSORBOARD: lambda name: name.startswith("events.out.tfevents."),
}


def _lines(path: Path) -> int:
    """The lines of the file ``path`` that hold something (0 where it is missing or not a file)."""
    if not path.is_file():
        return 0
    with open(path, errors="replace") as file:
        return sum(1 for line in file if line.strip())


def holds_descend_history(folder: Path) -> bool:
    """Whether ``folder`` holds a ``history.json`` that descend wrote (its ``"format"`` is
    ``HISTORY_FORMAT``): a run writes it before its first step, so a folder without one shows no
    descend run whose files :func:`clear_unsaved_run` may remove (another tool's ``history.json``,
    TensorBoard events, ``trajectory.pt`` are the user's).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / HISTORY).write_text('{"keras": 1}')
    ...     before = holds_descend_history(Path(tmp))
    ...     _ = (Path(tmp) / HISTORY).write_text(json.dumps({"format": HISTORY_FORMAT}))
    ...     before, holds_descend_history(Path(tmp))
    (False, True)
    """
    try:
        state = json.loads((folder / HISTORY).read_text())
    except (OSError, ValueError):  # missing, unreadable, not JSON (UnicodeDecodeError is a ValueError)
        return False
    return isinstance(state, dict) and state.get("format") == HISTORY_FORMAT


def holds_descend_run(folder: Path) -> bool:
    """Whether ``folder`` holds a run of descend's: its ``history.json`` (:func:`holds_descend_history`),
    a checkpoint (in it, or in its ``checkpoints/`` as ``descend train`` saves them), or the
    ``config.yaml`` of ``descend train``. Files of a run's names (``steps.csv``, ...) without
    one are another tool's: no run to continue.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / STEPS).write_text("step,loss\\n1,0.5\\n")
    ...     before = holds_descend_run(Path(tmp))
    ...     (Path(tmp) / CHECKPOINTS).mkdir(); (Path(tmp) / CHECKPOINTS / LAST).touch()
    ...     before, holds_descend_run(Path(tmp))
    (False, True)
    """
    saved = has_checkpoint(folder) or has_checkpoint(folder / CHECKPOINTS)
    return saved or holds_descend_history(folder) or (folder / CONFIG).is_file()


def not_a_run(where: str, names: list[str], run: str, lacks: str, option: str) -> str:
    """The refusal of a new run in the folder ``where`` (a message's words), which holds
    ``names`` but no ``run`` (it ``lacks`` what would show one): there is no run to continue,
    so it offers no resume, only another folder.

    >>> not_a_run("mine", ["notes.txt"], "descend train", "no config.yaml", "--out")
    'mine already holds other files (notes.txt), not a run of descend train (no config.yaml); nothing was changed. Choose another --out: a new or empty folder'
    """
    return (
        f"{where} already holds other files ({shown(names)}), not a run of {run} ({lacks}); nothing was changed. "
        f"Choose another {option}: a new or empty folder"
    )


def clear_unsaved_run(folder: Path) -> None:
    """Remove from ``folder`` what a run killed before its first checkpoint left (its logs with
    no row, ``history.json``, TensorBoard's events, a checkpoint's temporaries, the initial
    weights' ``trajectory.pt``), so that a new run starts there, where it keeps nothing else of
    a run's (:func:`unsaved_keeps`). Other files, the lock and the folders themselves stay (the
    lock may be another folder's: a ``checkpoint_dir`` inside ``log_dir``).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "notes.txt").touch(); (Path(tmp) / METRICS).touch(); (Path(tmp) / TENSORBOARD).mkdir()
    ...     clear_unsaved_run(Path(tmp))
    ...     held_files(Path(tmp))
    ['notes.txt', 'tensorboard']
    """
    if unsaved_keeps(folder):
        return
    for name in _UNSAVED:
        path = folder / name
        if path.is_dir():
            for inner in held_files(path):
                shutil.rmtree(path / inner) if (path / inner).is_dir() else (path / inner).unlink()
        elif path.exists():
            path.unlink()


def check_new_run(checkpoint_dir: str | os.PathLike | None, log_dir: str | os.PathLike | None, resume: bool) -> None:
    """Refuse, before anything is written, what :func:`descend.train` cannot do with its run
    folders ``checkpoint_dir`` and ``log_dir``: resume (``resume=True``) where
    ``checkpoint_dir`` holds no ``last.pt``, or start a new run where either holds a run's
    files that it would write over. A folder with no checkpoint is no run to resume, and what a
    descend run killed before its first checkpoint left there (its ``history.json`` shows it:
    :func:`holds_descend_history`) is no run either (a new run starts, :func:`clear_unsaved_run`
    removes it, :func:`unsaved_keeps` names what it keeps). A run's files in a folder that holds
    no run of descend's (:func:`holds_descend_run`: another tool's ``history.json``, a
    ``steps.csv`` alone) are refused as the user's, with no resume to offer. Other files, and
    an empty or missing folder, are fine. (``descend train --out`` and
    ``descend.watch(log_dir=...)`` refuse any file, but for ``--out`` the ``config.yaml`` and
    empty logs of a ``descend train`` killed so.)

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_new_run(None, tmp, resume=False)  # empty: fine
    ...     _ = (Path(tmp) / HISTORY).write_text(json.dumps({"format": HISTORY_FORMAT}))
    ...     _ = (Path(tmp) / STEPS).write_text("step,loss\\n1,0.5\\n")
    ...     check_new_run(None, tmp, resume=False)
    Traceback (most recent call last):
    descend._checks.InvalidArgument: log_dir ... already holds a run's files (steps.csv) that a new run would write over; nothing was changed. Pass resume=True (with the run's checkpoint_dir) to continue that run, or choose another log_dir
    """
    folders = {"checkpoint_dir": checkpoint_dir, "log_dir": log_dir}
    kept = {option: _kept(Path(folder)) for option, folder in folders.items() if folder is not None}
    saved = checkpoint_dir is not None and (Path(checkpoint_dir) / LAST).is_file()
    if resume:
        if checkpoint_dir is not None and not saved:
            where = "; ".join(f"{folders[option]} keeps {shown(names)}" for option, names in kept.items() if names)
            raise FileNotFoundError(
                f"cannot resume from {Path(checkpoint_dir) / LAST}: there is no such file, so no run to resume (a run "
                "saves it after its first epoch, or every checkpoint_every steps: one killed before then saved none); "
                "give checkpoint_dir of a run to continue, or resume=False to start a new run"
                + (f" in another folder ({where})" if where else "")
            )
        return
    for option, names in kept.items():
        if not names:
            continue
        if not holds_descend_run(Path(folders[option])):
            lacks = f"no {HISTORY} of descend's, no checkpoint"
            raise InvalidArgument(not_a_run(f"{option} {folders[option]}", names, "descend", lacks, option))
        if saved:
            how = f"Pass resume=True to continue that run, or choose another {option}"
        elif checkpoint_dir is None:  # the run's checkpoints may be elsewhere
            how = f"Pass resume=True (with the run's checkpoint_dir) to continue that run, or choose another {option}"
        else:  # resume=True would say there is nothing to resume: not a refusal pointing at the other
            how = f"Its run saved no {LAST} in {checkpoint_dir}, so it cannot be resumed: choose another {option}"
        raise InvalidArgument(
            f"{option} {folders[option]} already holds a run's files ({shown(names)}) that a new run would write "
            f"over; nothing was changed. {how}"
        )


def _kept(folder: Path) -> list[str]:
    """The run's files in ``folder`` that a new run must not remove: where a descend run left it
    unsaved (:func:`holds_descend_history`), what :func:`unsaved_keeps` names; else every one."""
    return unsaved_keeps(folder) if holds_descend_history(folder) else run_files_in(folder)
