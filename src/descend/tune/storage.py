"""Where a study's trials are kept: Optuna's storages behind one string.

- ``None``: the SQLite file ``study.db`` in the study's folder (nothing to start; one
  machine, not on a network file system);
- ``sqlite:///PATH``, ``postgresql://USER@HOST:PORT/DB`` (or any SQLAlchemy URL Optuna's
  RDB storage takes): one database shared by every process and machine;
- ``journal:PATH``: Optuna's journal storage, an append-only file on a shared file system
  (``JournalStorage(JournalFileBackend(PATH))``).

Creating an RDB storage creates its tables; two processes doing it at once on a fresh
database race (``UNIQUE constraint failed: alembic_version``, on SQLite and PostgreSQL
alike), so :func:`open_storage` is called once before the workers of a machine start (they
open it with ``skip_table_creation``), and a machine that loses the race against another
opens the storage again once the winner's tables are there. RDB storages record a heartbeat of each running trial
(every ``HEARTBEAT`` seconds): a trial whose process died (even by SIGKILL) is marked failed
once ``GRACE`` seconds pass without one, and re-queued with the same parameters
(:func:`requeue`), so that another worker runs it again.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import signal
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import optuna
from optuna.storages import JournalStorage, RDBStorage, RetryHeartbeatStaleTrialCallback
from optuna.storages.journal import JournalFileBackend, JournalFileSymlinkLock
from optuna.trial import TrialState

from .._checks import InvalidArgument
from .start import AT_DEFAULTS

__all__ = ["open_storage", "storage_url", "requeue", "retry", "HEARTBEAT", "GRACE", "DATABASE"]

DATABASE = "study.db"  # the default SQLite file in the study folder
HEARTBEAT = 10  # seconds between a running trial's heartbeats
GRACE = 60  # seconds without a heartbeat after which a running trial is taken for dead
_JOURNAL = "journal:"
# What a retry keeps of the trial it runs again: what it is (the first trial at the defaults
# trains one epoch; an advised one queues no advice of its own), not what its run recorded.
_CARRIED = (AT_DEFAULTS, "advised_by")
_ATTEMPTS = 4  # tries to create an RDB storage whose tables another process is creating
_LOCK_WARNING = 10.0  # seconds waiting for a journal's lock between Optuna's warnings
_lock_logger = optuna.logging.get_logger("optuna.storages.journal._file")  # Optuna's words, from its logger


def storage_url(storage: str | None, folder: Path | None) -> str | None:
    """The storage string of a study: ``storage`` as given, or the SQLite file in ``folder``;
    ``None`` (in memory) with neither.

    >>> storage_url(None, Path("/tmp/s"))
    'sqlite:////tmp/s/study.db'
    """
    if storage is not None:
        if not isinstance(storage, str) or not storage.strip():
            raise InvalidArgument(
                f"storage: expected a database URL (sqlite:///..., postgresql://...) or journal:PATH, got {storage!r}"
            )
        return storage.strip()
    if folder is None:
        return None
    return f"sqlite:///{(Path(folder) / DATABASE).resolve()}"


def open_storage(url: str | None, *, create: bool = True) -> optuna.storages.BaseStorage:
    """The Optuna storage ``url`` names (see the module docstring). ``create=False`` (in the
    workers) skips creating an RDB storage's tables, which the first call made.
    An unreachable database or an unknown kind of URL is one clear error naming it.

    >>> type(open_storage(None)).__name__
    'InMemoryStorage'
    >>> open_storage("mysql:/wrong")
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: storage 'mysql:/wrong': expected a database URL (sqlite:///PATH, postgresql://USER@HOST:PORT/DB) or journal:PATH
    """
    if url is None:
        return optuna.storages.InMemoryStorage()
    if url.startswith(_JOURNAL):
        given = url[len(_JOURNAL) :].strip()
        path = Path(given).expanduser()
        if not given or path.is_dir():
            what = "no path" if not given else f"the folder {path}"
            raise InvalidArgument(
                f"storage {url!r}: expected journal:PATH, the path of a file (journal:studies/tune.log), got {what}"
            )
        if not path.parent.is_dir():
            raise InvalidArgument(f"storage {url!r}: the folder {path.parent} does not exist")
        return JournalStorage(JournalFileBackend(str(path), lock_obj=_InterruptSafeLock(str(path))))
    if "://" not in url:
        raise InvalidArgument(
            f"storage {url!r}: expected a database URL (sqlite:///PATH, postgresql://USER@HOST:PORT/DB) or journal:PATH"
        )
    if url.startswith("sqlite"):
        _check_sqlite_folder(url)
    for attempt in range(_ATTEMPTS):
        try:
            return _rdb(_with_driver(url), create)
        except ImportError as err:
            hint = " (for PostgreSQL: pip install 'descend[postgres]')" if url.startswith("postgres") else ""
            raise InvalidArgument(f"storage {url!r}: its database driver is not installed ({err}){hint}") from None
        except Exception as err:  # sqlalchemy's OperationalError, IntegrityError, ArgumentError...
            cause = " ".join(str(getattr(err, "orig", None) or err).split())
            if attempt + 1 < _ATTEMPTS and _raced(cause):  # another process is creating the tables
                time.sleep(0.5 * (attempt + 1))
                continue
            raise InvalidArgument(f"storage {_hidden(url)!r}: cannot open it: {cause}") from None
    raise AssertionError("unreachable")


class _InterruptSafeLock(JournalFileSymlinkLock):
    """Optuna's journal file lock (a symbolic link), with Ctrl-C (SIGINT) held back from the
    moment it is taken until it is let go, then raised: interrupted at its ``os.symlink``,
    ``os.rename`` or ``os.unlink``, Optuna's lock raises ``RuntimeError("Error: did not possess
    lock")`` or ``FileNotFoundError`` in place of the ``KeyboardInterrupt`` (a worker Ctrl-C'd
    took its trial for failed, not interrupted, and never queued it again), or leaves the lock
    behind, which every process then waits 30 s for. A wait for another process's lock lets
    Ctrl-C through between its tries (nothing is this process's then): a lock a killed process
    left is removed only after ``grace_period`` (30 s), longer than a worker Ctrl-C'd has to
    queue its trial again. Python runs signal handlers in the main thread: only there is one held."""

    def __init__(self, filepath: str) -> None:
        super().__init__(filepath)
        self._handler: Any = None  # the SIGINT handler, while the lock holds the signal back
        self._caught: list[int] = []

    def acquire(self) -> bool:
        """Optuna's ``JournalFileSymlinkLock.acquire`` (its waits, its warnings, its removal of a
        lock left ``grace_period`` seconds), Ctrl-C held back only at ``os.symlink`` (and from
        there until :meth:`release` once it made the lock) and while a lock left is removed."""
        sleep, warned = 0.001, time.monotonic()
        mtime, changed = None, time.monotonic()
        while True:
            self._hold()
            try:
                os.symlink(self._lock_target_file, self._lock_file)  # Optuna's names, as its release reads them
            except OSError as err:
                if err.errno != errno.EEXIST:
                    self._let_through()
                    raise
            except BaseException:
                self._let_through()
                raise
            else:
                return True  # Ctrl-C held back until release
            self._let_through()  # another process's lock: nothing is this one's while it waits
            if time.monotonic() - warned > _LOCK_WARNING:
                _lock_logger.warning(
                    f"It is taking longer than {_LOCK_WARNING} seconds to acquire the lock file: "
                    f"{self._lock_file} Retrying..."
                )
                warned = time.monotonic()
            if self.grace_period is not None:
                try:
                    current = os.stat(self._lock_file).st_mtime
                except OSError:
                    continue  # let go meanwhile
                if current != mtime:
                    mtime, changed = current, time.monotonic()
                if time.monotonic() - changed > self.grace_period:
                    _lock_logger.warning(
                        "The existing lock file has not been released for an extended period. "
                        "Forcibly releasing the lock file."
                    )
                    warned = time.monotonic()
                    if not self._removed_left_lock():
                        continue
                    sleep = 0.001
            time.sleep(sleep)
            sleep = min(sleep * 2, 1)

    def release(self) -> None:
        try:
            super().release()
        finally:
            self._let_through()

    def _removed_left_lock(self) -> bool:
        """Remove the lock another process left (Optuna's release: ``os.rename``, then
        ``os.unlink``), Ctrl-C held back so that no renamed lock file is left; ``False`` where
        it was gone already."""
        self._hold()
        try:
            JournalFileSymlinkLock.release(self)
            return True
        except RuntimeError:
            return False
        finally:
            self._let_through()

    def _hold(self) -> None:
        if threading.current_thread() is threading.main_thread() and callable(signal.getsignal(signal.SIGINT)):
            self._caught = []
            self._handler = signal.signal(signal.SIGINT, lambda signum, _frame: self._caught.append(signum))

    def _let_through(self) -> None:
        """The SIGINT handler back, and a SIGINT held back raised to it."""
        handler, self._handler = self._handler, None
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
            if self._caught:
                signal.raise_signal(signal.SIGINT)


def _check_sqlite_folder(url: str) -> None:
    """Refuse a SQLite URL whose file's folder does not exist (SQLite's own words: "unable to
    open database file"); ``sqlite:///PATH`` takes ``PATH`` relative to the working folder, so
    ``sqlite:///tmp/s.db`` is ``tmp/s.db`` there (an absolute path takes four slashes).

    >>> _check_sqlite_folder("sqlite:///no-such-folder/s.db")
    Traceback (most recent call last):
    ...
    descend._checks.InvalidArgument: storage 'sqlite:///no-such-folder/s.db': the folder no-such-folder does not exist (sqlite:///PATH is PATH relative to the working folder; an absolute path takes four slashes: sqlite:////no-such-folder/s.db)
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        database = make_url(url).database
    except ArgumentError:
        return  # a malformed URL: SQLAlchemy's words, when the storage is opened
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).parent
    if not folder.is_dir():
        relative = (
            ""
            if Path(database).is_absolute()
            else " (sqlite:///PATH is PATH relative to the working folder; an "
            f"absolute path takes four slashes: sqlite:////{database})"
        )
        raise InvalidArgument(f"storage {url!r}: the folder {folder} does not exist{relative}")


def _rdb(url: str, create: bool) -> RDBStorage:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)  # heartbeats, retries
        storage = RDBStorage(
            url,
            skip_table_creation=not create,
            heartbeat_interval=HEARTBEAT,
            grace_period=GRACE,
            heartbeat_stale_trial_callback=RetryHeartbeatStaleTrialCallback(max_retry=3),
            engine_kwargs=_engine_options(url),
        )
    if url.startswith("sqlite"):
        _begin_immediate(storage.engine)
    return storage


def _begin_immediate(engine: Any) -> None:
    """Every transaction on ``engine`` (SQLite) takes the database's write lock when it begins
    (``BEGIN IMMEDIATE``; SQLAlchemy's recipe for pysqlite: its own transaction handling off).
    Optuna moves a queued trial from WAITING to RUNNING by reading it ``FOR UPDATE`` and then
    writing; SQLite has no row locks and ignores ``FOR UPDATE``, and in its default deferred
    transactions two processes can both read WAITING before either writes, and both run the
    trial (optuna/optuna#4002: two ``descend tune`` commands started at once on a fresh
    database, both popping the queued defaults). Connections made before (the tables'
    creation) are closed, so that every later one begins this way."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    engine.dispose()


def _with_driver(url: str) -> str:
    """``postgresql://`` through psycopg2 where psycopg (3), SQLAlchemy's default, is missing.

    >>> _with_driver("sqlite:///a.db")
    'sqlite:///a.db'
    """
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgresql", "postgres") and importlib.util.find_spec("psycopg") is None:
        if importlib.util.find_spec("psycopg2") is not None:
            return f"postgresql+psycopg2://{rest}"
    return url


def _raced(cause: str) -> bool:
    """Whether an error creating the tables is the schema race: two processes created them at
    once, and the other one won (it holds them now)."""
    words = ("alembic_version", "unique constraint", "already exists", "duplicate key", "database is locked")
    return any(w in cause.lower() for w in words)


def requeue(study: optuna.Study, why: str) -> list[int]:
    """Mark every trial of ``study`` still RUNNING as failed and queue it again (:func:`retry`);
    returns the numbers of the trials marked.
    Only for a study no live process works on (a local study whose folder lock this
    process holds: its RUNNING trials were left by a killed process).

    >>> import optuna
    >>> study = optuna.create_study()
    >>> _ = study.ask()
    >>> requeue(study, "killed"), [t.state.name for t in study.trials]
    ([0], ['FAIL', 'WAITING'])
    """
    marked = []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        study.tell(trial.number, state=TrialState.FAIL)
        retry(study, trial, why)
        marked.append(trial.number)
    return marked


def retry(study: optuna.Study, trial: optuna.Trial | optuna.trial.FrozenTrial, why: str) -> None:
    """Queue a fresh trial of ``study`` with ``trial``'s parameters and what it was (the trial at
    the defaults, a trial the doctor advised), marked ``retry_of`` and ``retried_because`` = ``why``.

    >>> import optuna
    >>> study = optuna.create_study()
    >>> study.enqueue_trial({}, user_attrs={"advised_by": "trial 0 (best): slow_progress"})
    >>> trial = study.ask()
    >>> retry(study, trial, "interrupted")
    >>> sorted(study.get_trials(states=(TrialState.WAITING,))[0].user_attrs.items())
    [('advised_by', 'trial 0 (best): slow_progress'), ('retried_because', 'interrupted'), ('retry_of', 0)]
    """
    # as stored: a Ctrl-C in the write of a suggested value leaves it out of the Trial's own copy
    stored = study.get_trials(deepcopy=False)[trial.number]
    kept = {name: stored.user_attrs[name] for name in _CARRIED if name in stored.user_attrs}
    study.enqueue_trial(stored.params, user_attrs={**kept, "retry_of": trial.number, "retried_because": why})


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 60}}  # workers wait for each other's writes
    return {"pool_pre_ping": True}


def _hidden(url: str) -> str:
    """``url`` without its password."""
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, user = head.partition("://")
    return f"{scheme}://{user.split(':')[0]}@{tail}"
