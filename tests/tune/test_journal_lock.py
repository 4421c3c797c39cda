"""A journal file's lock (Optuna's, a symbolic link PATH.lock) and Ctrl-C: a write interrupted
ends as a KeyboardInterrupt once written, the lock let go."""

from __future__ import annotations

import os
import threading

import optuna
import pytest
from _tuning import LOCK_CALLS, ctrl_c_at_the_journal_lock

from descend.tune.storage import open_storage


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
