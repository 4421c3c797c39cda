"""A journal file's lock (Optuna's, a symbolic link PATH.lock) and Ctrl-C: a write interrupted
ends as a KeyboardInterrupt once written, the lock let go."""

from __future__ import annotations

import os
import signal
import threading
import time

import optuna
import pytest
from _tuning import LOCK_CALLS, ctrl_c_at_the_journal_lock

from descend.tune.storage import _InterruptSafeLock, open_storage


@pytest.mark.parametrize(("call", "when"), LOCK_CALLS, ids=lambda x: x)
def test_a_journal_write_interrupted_at_its_lock(tmp_path, monkeypatch, call, when):
    """Was: a Ctrl-C as Optuna's lock was taken (``os.symlink``) or let go (``os.rename``, then
    ``os.unlink``) came out as RuntimeError("Error: did not possess lock") or FileNotFoundError,
    not a KeyboardInterrupt, and one before its ``os.rename`` left the lock behind: every process
    of the study then waited 30 s on its next write."""
    path = tmp_path / "study.log"
    study = optuna.create_study(study_name="s", storage=open_storage(f"journal:{path}"))
    sent = ctrl_c_at_the_journal_lock(monkeypatch, path, call, when)
    try:
        with pytest.raises(KeyboardInterrupt):
            study.set_user_attr("written", True)
    finally:
        monkeypatch.undo()
    assert sent
    assert not os.path.lexists(f"{path}.lock")
    assert optuna.load_study(study_name="s", storage=open_storage(f"journal:{path}")).user_attrs == {"written": True}


def test_a_journal_written_outside_the_main_thread(tmp_path):
    """A thread other than the main one (where Python runs no signal handler) writes as before."""
    study = optuna.create_study(study_name="s", storage=open_storage(f"journal:{tmp_path / 'study.log'}"))
    writer = threading.Thread(target=study.set_user_attr, args=("written", True))
    writer.start()
    writer.join()
    assert study.user_attrs == {"written": True}


def _left_lock(path) -> _InterruptSafeLock:
    """The lock of the journal file ``path``, with a lock a killed process left (Optuna removes
    it after the lock's grace_period: here a second in place of 30)."""
    path.touch()
    os.symlink(path, f"{path}.lock")
    lock = _InterruptSafeLock(str(path))
    lock.grace_period = 1
    return lock


def test_ctrl_c_while_waiting_for_a_lock_left_behind(tmp_path, monkeypatch):
    """Was: Ctrl-C was held back for the whole wait for the lock, a lock a killed process left
    included, which Optuna removes only after 30 s: a worker Ctrl-C'd on such a journal waited
    longer than the command's 10 s to queue its trial again, and the trial stayed RUNNING. Now
    it comes between two tries (nothing is this process's then), before the lock is removed."""
    path = tmp_path / "study.log"
    lock, events = _left_lock(path), []
    real_sleep, real_rename = time.sleep, os.rename

    def waits(seconds):
        if not events:
            events.append("ctrl-c")
            os.kill(os.getpid(), signal.SIGINT)
        real_sleep(seconds)

    def renames(*args, **kwargs):
        events.append("lock removed")
        return real_rename(*args, **kwargs)

    monkeypatch.setattr(time, "sleep", waits)
    monkeypatch.setattr(os, "rename", renames)
    try:
        with pytest.raises(KeyboardInterrupt):
            lock.acquire()
    finally:
        monkeypatch.undo()
    assert events == ["ctrl-c"]
    assert os.readlink(f"{path}.lock") == str(path)  # the lock left, as it was
    assert not list(tmp_path.glob("*.rename"))


def test_ctrl_c_as_a_lock_left_behind_is_removed(tmp_path, monkeypatch):
    """A Ctrl-C as the lock left is removed (``os.rename``, then ``os.unlink``) comes once it
    is: no renamed lock file is left, and no lock taken."""
    path = tmp_path / "study.log"
    lock = _left_lock(path)
    sent = ctrl_c_at_the_journal_lock(monkeypatch, path, "rename", "before")
    try:
        with pytest.raises(KeyboardInterrupt):
            lock.acquire()
    finally:
        monkeypatch.undo()
    assert sent
    assert not os.path.lexists(f"{path}.lock")
    assert not list(tmp_path.glob("*.rename"))
