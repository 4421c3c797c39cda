"""Machines started at the same moment on a new study of a shared storage (SQLite, a journal
file, PostgreSQL): they agree on the settings it is stored with; one whose settings differ is
refused, never run into it."""

from __future__ import annotations

import multiprocessing
import threading

import optuna
import pytest

from descend.tune._job import Job
from descend.tune.study_opening import open_study, stored_settings

# Before storing settings, each process waits until all have come there (or this many seconds
# pass): the worst interleaving, where every one read that the new study held none.
_ALL_THERE = 3


def _job(url: str, epochs: int) -> Job:
    return Job("linear", None, None, {"lr": [0.1]}, {"epochs": epochs}, "val_loss", "minimize", True, 5, None,
               "tpe", "none", 0, url, "s", None)  # fmt: skip


def _open(url: str, epochs: int, start: threading.Barrier, stores: threading.Barrier, said) -> None:
    setter = optuna.Study.set_user_attr

    def set_user_attr(study, key, value):
        if key == "settings":
            try:
                stores.wait(_ALL_THERE)
            except threading.BrokenBarrierError:
                pass
        setter(study, key, value)

    optuna.Study.set_user_attr = set_user_attr
    start.wait()
    try:
        open_study(_job(url, epochs), resume=False, local=False)
        said.put((epochs, "opened"))
    except Exception as err:
        said.put((epochs, f"{type(err).__name__}: {err}"))


@pytest.mark.parametrize("kind", ["sqlite", "journal", pytest.param("postgres", marks=pytest.mark.slow)])
def test_machines_started_at_once_agree_on_the_new_study_settings(tmp_path, kind, request):
    urls = {"sqlite": f"sqlite:///{tmp_path / 's.db'}", "journal": f"journal:{tmp_path / 's.log'}"}
    url = urls.get(kind) or request.getfixturevalue("postgres_url")
    epochs = [3, 3, 4]  # two machines started with the same command, one with another
    context = multiprocessing.get_context("fork")
    start, stores, said = context.Barrier(len(epochs)), context.Barrier(len(epochs)), context.Queue()
    processes = [context.Process(target=_open, args=(url, e, start, stores, said)) for e in epochs]
    for p in processes:
        p.start()
    told = [said.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    stored = stored_settings(None, url, "s")["settings"]["epochs"]
    opened = sorted(e for e, what in told if what == "opened")
    refused = [(e, what) for e, what in told if what != "opened"]
    assert opened == [e for e in sorted(epochs) if e == stored], told
    assert all(e != stored and "was started with other settings (epochs was" in what for e, what in refused), told
