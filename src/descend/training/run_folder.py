"""A run folder's files: their names, in one place, and the CSV and JSON conventions of the
logs in both directions, so that the writer (:class:`descend.training.logs.Logger`, the
engine's checkpoints, the command line) and the reader (:meth:`descend.History.load`, the
report) cannot drift apart.

A learning-rate column holds one rate per parameter group: ``lr`` for the first, ``lr/1``,
``lr/2``... for the others; :func:`read_columns` folds them back into one list per row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import reprlib
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._checks import InvalidArgument
from .run_outcome import json_number, run_outcome, with_non_finite

__all__ = [
    "read_columns",
    "csv_rows",
    "row_count",
    "run_outcome",
    "with_non_finite",
    "json_number",
    "held_files",
    "shown",
    "run_files_in",
    "check_new_run",
    "has_checkpoint",
    "unsaved_keeps",
    "clear_unsaved_run",
    "holds_descend_history",
    "watched_by",
    "held_runs",
]

STEPS = "steps.csv"  # one row per optimizer update
EPOCHS = "epochs.csv"  # one row per epoch
METRICS = "metrics.jsonl"  # the epoch rows as JSON lines
HISTORY = "history.json"  # the rest of the history (History.json_state)
HISTORY_FORMAT = "descend-history-1"  # history.json's "format": what tells it from another tool's file
DIAGNOSIS = "diagnosis.json"  # the doctor's findings
TENSORBOARD = "tensorboard"  # TensorBoard events (a folder)
CHECKPOINTS = "checkpoints"  # the command line's folder for the two below
LAST = "last.pt"  # the latest checkpoint, what a resume continues from
BEST = "best.pt"  # the checkpoint of the best epoch
TRAJECTORY = "trajectory.pt"  # the flattened parameters after each epoch
EXAMPLES = "examples.npz"  # the per-example record (descend.training.examples_record)
CONFIG = "config.yaml"  # the command line's resolved settings and lr_used
SUMMARY = "summary.json"  # the command line's outcome of the run
REPORT = "report.html"  # descend.report's page
PLOTS = "plots"  # the command line's pictures (a folder)
# Pictures of the per-example record in PLOTS: `descend examples` draws them all, the report
# the first two (the gallery needs the training inputs, which only the command line rebuilds).
DATA_MAP, CLASS_LOSS, GALLERY = "data_map.png", "class_loss.png", "gallery.png"
LOCK = ".descend.lock"  # held by the one process writing the folder

# What a run writes (train's logs and checkpoints, the command line's and a watched loop's
# outcome): a folder holding any of these holds a run, which a new run would write over.
# config.yaml is not among them: the command line writes it into its fresh folder before train.
RUN_FILES = (STEPS, EPOCHS, METRICS, HISTORY, DIAGNOSIS, TENSORBOARD, CHECKPOINTS, LAST, BEST)
RUN_FILES += (TRAJECTORY, EXAMPLES, SUMMARY, REPORT)

# What a run writes before its first checkpoint (saved after its first epoch; the command line's
# trajectory.pt starts with the initial weights): where they hold no row (TensorBoard's folder its
# events files, checkpoints/ a checkpoint's temporaries), the run was killed before it (SIGKILL,
# out of memory) and they are no run: neither to resume nor to keep.
_UNSAVED = (STEPS, EPOCHS, METRICS, HISTORY, TENSORBOARD, CHECKPOINTS, TRAJECTORY)

# The logs a run rebuilds from its history when it (re)starts (history.json is replaced whole).
HISTORY_LOGS = (STEPS, EPOCHS, METRICS, DIAGNOSIS, EXAMPLES)

# Integer columns of the CSV logs; the others are floats (nan and inf included).
INT_COLUMNS = ("step", "epoch")
# Columns every steps.csv and epochs.csv descend writes has one of: a header with none is another file.
_LOG_COLUMNS = ("step", "epoch", "loss")


def csv_rows(columns: dict[str, list[Any]], start: int, stop: int | None = None) -> list[dict[str, Any]]:
    """Rows ``start:stop`` of a column table (to its end without ``stop``), a list of rates
    spread over ``lr``, ``lr/1``...

    >>> csv_rows({"step": [1, 2], "lr": [[0.1, 0.2], [0.1, 0.2]]}, 1)
    [{'step': 2, 'lr': 0.1, 'lr/1': 0.2}]
    """
    n = row_count(columns) if stop is None else stop
    return [_flat({k: v[i] for k, v in columns.items() if i < len(v)}) for i in range(start, n)]


def row_count(columns: dict[str, list[Any]]) -> int:
    """The rows of a column table: its first column's length (0 without columns).

    >>> row_count({"step": [1, 2], "loss": [0.5]}), row_count({})
    (2, 0)
    """
    return len(next(iter(columns.values()))) if columns else 0


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """One column per parameter group's learning rate: ``lr`` for the first, ``lr/1``..."""
    out = {}
    for key, value in row.items():
        if isinstance(value, list):
            for i, v in enumerate(value):
                out[key if i == 0 else f"{key}/{i}"] = v
        else:
            out[key] = value
    return out


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # opened as the other logs: same permissions
    try:
        tmp.write_text(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def append_logs(
    folder: Path, history: Any, written: tuple[int, int] = (0, 0), upto: tuple[int, int] | None = None
) -> tuple[list, list]:
    """Append the steps and epochs of ``history`` from ``written`` (steps, epochs) on to
    ``steps.csv`` and ``epochs.csv`` in ``folder``, up to ``upto`` (steps, epochs; to the end
    without it); the rows written (steps, epochs)."""
    steps_to, epochs_to = (None, None) if upto is None else upto
    return _append_rows(folder / STEPS, history.steps, written[0], steps_to), _append_rows(
        folder / EPOCHS, history.epochs, written[1], epochs_to
    )


def _append_rows(path: Path, columns: dict[str, list[Any]], start: int, stop: int | None) -> list[dict[str, Any]]:
    """Rows ``start:stop`` of ``columns`` appended to the CSV log ``path``; the whole file rewritten
    from ``columns`` where they hold a column its header lacks (a watched loop's first
    ``val_loss`` after epochs without one, a parameter group added): appended under the old
    header, such rows had more fields than it, which pandas refuses and History.load read as
    no validation loss at all."""
    rows = csv_rows(columns, start, stop)
    if not rows:
        return rows
    header = _header(path)  # read once a write (append_csv would read it again)
    if header is not None and not {k for row in rows for k in row} <= set(header):
        text = io.StringIO()
        _write_rows(text, csv_rows(columns, 0, stop), None)
        write_atomic(path, text.getvalue())
    else:
        _append_under(path, rows, header)
    return rows


def _header(path: Path) -> list[str] | None:
    """The columns of the CSV file ``path``; ``None`` where there is no such file (or it is empty)."""
    if not path.is_file():
        return None
    with open(path, newline="", errors="replace") as f:
        return next(csv.reader(f), None)


def _write_rows(f: Any, rows: list[dict[str, Any]], header: list[str] | None) -> None:
    """``rows`` to the open file ``f`` under ``header``, else under a header of their columns
    (in the order they first appear) written first; a row without a column leaves it empty."""
    names = header if header is not None else list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(f, fieldnames=names, restval="", extrasaction="ignore")
    if header is None:
        writer.writeheader()
    writer.writerows(rows)


def write_history_state(folder: Path, history: Any) -> None:
    """``history.json``: what the CSV logs do not hold (``History.json_state``), in one rename."""
    write_atomic(folder / HISTORY, json.dumps(history.json_state(), indent=1, allow_nan=False))


def write_findings(folder: Path, history: Any) -> None:
    """``diagnosis.json``: the doctor's findings on the run (``History.diagnosis_state``)."""
    (folder / DIAGNOSIS).write_text(json.dumps(history.diagnosis_state(), indent=1, allow_nan=False))


def append_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    """``rows`` appended to the CSV file ``path`` under its header (a new file's: their columns)."""
    if rows:
        _append_under(path, rows, _header(path))


def _append_under(path: Path, rows: list[dict[str, Any]], header: list[str] | None) -> None:
    """``rows`` appended to ``path`` under ``header``, its columns (``None``: a new file's, written first)."""
    with open(path, "a", newline="") as f:
        _write_rows(f, rows, header)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Errors while reading the log ``path`` as one ``ValueError`` that names the file (a bare
    ``JSONDecodeError`` or ``KeyError`` says nothing of which file of the folder is broken)."""
    try:
        yield
    except (ValueError, KeyError, TypeError, IndexError, csv.Error) as err:  # UnicodeDecodeError, JSONDecodeError too
        if isinstance(err, ValueError) and str(err).startswith(str(path)):
            raise  # it names the file already
        detail = f"no {err.args[0]!r} entry" if isinstance(err, KeyError) else " ".join(str(err).split())
        raise ValueError(
            f"{path} is corrupt or not a descend log ({detail}); a run killed while writing it can leave it so"
        ) from err


def read_columns(path: Path) -> dict[str, list[Any]]:
    """A CSV log back as columns; ``lr``, ``lr/1``, ... become one list per row under ``lr``. A
    file with none of the columns descend writes (step, epoch, loss) is another file: no columns,
    with a warning that names it (to :meth:`History.load`'s caller).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / STEPS
    ...     append_csv(path, csv_rows({"step": [1], "loss": [0.5], "lr": [[0.1, 0.2]]}, 0))
    ...     read_columns(path)
    {'step': [1], 'loss': [0.5], 'lr': [[0.1, 0.2]]}
    """
    if not path.is_file():
        return {}
    with open(path, newline="", errors="replace") as f:  # a binary file's header is read, and named, as text
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames or [], list(reader)
    if header and not set(header) & set(_LOG_COLUMNS):
        warnings.warn(
            f"{path} is not a descend log: its columns are {reprlib.repr(header)}, where descend writes "
            f"{', '.join(_LOG_COLUMNS)} and the run's other columns. Read it as no {path.stem}; the run's other "
            "files are loaded",
            stacklevel=3,
        )
        return {}
    if not rows:
        return {}
    columns: dict[str, list[Any]] = {}
    groups = [k for k in rows[0] if k == "lr" or k.startswith("lr/")]
    for key in rows[0]:
        if key in groups[1:]:
            continue
        if key == "lr":
            columns["lr"] = [[_number(row[g]) for g in groups] for row in rows]
        else:
            columns[key] = [_integer(row[key]) if key in INT_COLUMNS else _number(row[key]) for row in rows]
    return columns


def _integer(text: str) -> int | float:
    """A step or epoch number; NaN where the row has none: the last row a watched loop's
    ``close()`` ends after its evaluations has no evaluation's ``step`` (was "epochs.csv is
    corrupt ... invalid literal for int() with base 10: 'nan'", from close() itself)."""
    number = _number(text)
    return number if math.isnan(number) else int(text)


def _number(text: str) -> float:
    # csv writes floats with repr(), which reads back bit for bit ("nan" and "inf" included).
    return float(text) if text != "" else math.nan


def watched_by(folder: Path) -> str | None:
    """``"descend.watch"`` where ``folder`` is the run folder of a loop it watched (its
    ``summary.json`` says ``watched_by``), else ``None``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / SUMMARY).write_text('{"watched_by": "descend.watch"}')
    ...     watched_by(Path(tmp)), watched_by(Path(tmp) / "missing")
    ('descend.watch', None)
    """
    try:
        summary = json.loads((folder / SUMMARY).read_text())
    except (OSError, ValueError):
        return None
    watcher = summary.get("watched_by") if isinstance(summary, dict) else None
    return str(watcher) if watcher else None


def held_runs(folder: Path, holding: str = HISTORY) -> list[str]:
    """The names of the run folders directly inside ``folder`` (``descend compare --out`` writes
    one per optimizer), those that hold ``holding``, sorted: for a message to a user who named
    the folder that holds them instead of one of them.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("sgd", "adam"):
    ...         (Path(tmp) / name).mkdir(); (Path(tmp) / name / HISTORY).touch()
    ...     held_runs(Path(tmp)), held_runs(Path(tmp) / "sgd")
    (['adam', 'sgd'], [])
    """
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / holding).is_file())


def held_files(folder: Path) -> list[str]:
    """The names of what ``folder`` holds, sorted, but a run's lock file (none where the folder
    does not exist): a folder holding none is as good as new.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / LOCK).touch(); (Path(tmp) / LAST).touch()
    ...     held_files(Path(tmp)), held_files(Path(tmp) / "missing")
    (['last.pt'], [])
    """
    return sorted(p.name for p in folder.iterdir() if p.name != LOCK) if folder.is_dir() else []


def shown(names: list[str], most: int = 5) -> str:
    """At most ``most`` of ``names`` for a message, then ``...``.

    >>> shown(["a", "b", "c"], most=2)
    'a, b, ...'
    """
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def run_files_in(folder: Path) -> list[str]:
    """The names of a run's files (``RUN_FILES``: its checkpoints, logs or outcome) that
    ``folder`` holds, sorted; a folder among them counts where it holds files.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "notes.txt").touch(); (Path(tmp) / CHECKPOINTS).mkdir(); (Path(tmp) / STEPS).touch()
    ...     run_files_in(Path(tmp))
    ['steps.csv']
    """
    # An empty folder of a run's (checkpoints/, the lock's for a checkpoint_dir inside it) holds nothing to lose.
    return [n for n in held_files(folder) if n in RUN_FILES and (not (folder / n).is_dir() or held_files(folder / n))]


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
    removes it, :func:`unsaved_keeps` names what it keeps). Other files, and an empty or missing
    folder, are fine. (``descend train --out`` and ``descend.watch(log_dir=...)`` refuse any file,
    but for ``--out`` the ``config.yaml`` and empty logs of a ``descend train`` killed so.)

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_new_run(None, tmp, resume=False)  # empty: fine
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
