"""bench/_timing.py's interleaved timer: wall seconds per call as before, and the same calls'
CPU seconds beside them (on fake clocks: no timed assertion)."""

from __future__ import annotations

import json

import pytest

from _bench import bench_module

timing = bench_module("_timing")


@pytest.fixture
def clocks(monkeypatch):
    """A fake wall clock and a fake CPU clock that only the contenders move."""
    now = {"wall": 0.0, "cpu": 0.0}
    monkeypatch.setattr(timing.time, "perf_counter", lambda: now["wall"])
    monkeypatch.setattr(timing.time, "process_time", lambda: now["cpu"])
    return now


def _contenders(now):
    def busy():  # runs 2 s, all of them on a CPU
        now["wall"] += 2.0
        now["cpu"] += 2.0

    def waits():  # runs 3 s, 1 of them on a CPU (2 s waiting for one)
        now["wall"] += 3.0
        now["cpu"] += 1.0

    return {"busy": busy, "waits": waits}


def test_wall_and_cpu_seconds_per_call(clocks):
    samples = timing.time_interleaved(_contenders(clocks), repeats=4)
    assert isinstance(samples, dict) and set(samples) == {"busy", "waits"}
    assert samples["busy"] == [2.0] * 4 and samples["waits"] == [3.0] * 4
    assert samples.cpu == {"busy": [2.0] * 4, "waits": [1.0] * 4}


def test_cpu_ratio_is_the_paired_ratio_of_cpu_seconds(clocks):
    samples = timing.time_interleaved(_contenders(clocks), repeats=3)
    assert timing.paired_ratio(samples["waits"], samples["busy"])["ratio"] == 1.5
    r = timing.cpu_ratio(samples, "waits", "busy")
    assert r == timing.paired_ratio([1.0] * 3, [2.0] * 3)
    assert (r["ratio"], r["q25"], r["q75"]) == (0.5, 0.5, 0.5)
    assert timing.fmt_ratio(r) == "0.50 [0.50-0.50]"


def test_existing_callers_keep_working(clocks):
    """The probe's counts stay under "_probe", the rounds count ignores it, the result iterates
    and serialises as the plain dict it was."""
    samples = timing.time_interleaved(_contenders(clocks), repeats=2, probe=lambda: 0)
    assert samples.pop("_probe") == {"busy": 0, "waits": 0}
    assert timing.rounds_done(samples, 2, None) == 2
    assert json.loads(json.dumps(samples)) == {"busy": [2.0, 2.0], "waits": [3.0, 3.0]}
    assert {k: len(v) for k, v in samples.items()} == {"busy": 2, "waits": 2}


def test_a_time_budget_keeps_wall_and_cpu_rounds_alike(clocks):
    samples = timing.time_interleaved(_contenders(clocks), repeats=10, max_seconds=12.0, min_repeats=1)
    assert len(samples["busy"]) == len(samples.cpu["busy"]) == len(samples.cpu["waits"]) == 3
