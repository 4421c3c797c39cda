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
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
