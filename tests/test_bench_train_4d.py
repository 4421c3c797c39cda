"""Section 4d of bench/train.py and bench/_cost_ledger.py train with one function: until session
40 each spelled out the same ``descend.train`` call, so a change to 4d's settings could leave the
ledger counting another run than the one 4d times."""

from __future__ import annotations

from _bench import bench_module

cases = bench_module("_train_cases")


def test_both_scripts_train_through_train_4d():
    assert bench_module("train").train_4d is cases.train_4d
    assert bench_module("_cost_ledger").train_4d is cases.train_4d


def test_train_4d_runs_section_4d_settings(monkeypatch):
    calls = []
    monkeypatch.setattr(cases, "ds_train", lambda *args, **kwargs: calls.append((args, kwargs)))
    cases.train_4d("cnn", "DATA", "cpu", instruments=True, track_examples=False)
    assert calls == [
        (
            ("cnn", "DATA"),
            {
                "optimizer": "adam",
                "lr": 1e-3,
                "batch_size": 32,
                "epochs": 20,
                "tol": None,
                "progress": False,
                "device": "cpu",
                "instruments": True,
                "track_examples": False,
            },
        )
    ]
