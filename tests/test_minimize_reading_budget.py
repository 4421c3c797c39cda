"""minimize's readings of the instruments held to a share of the run's time: the start and the
last point always read, those between only where SHARE of the descent's CPU time (or FLOOR seconds
of readings in all) affords them, the skipped ones in the record; Lanczos readings warm-started.

The clock is faked (no timed assertion): each iteration moves it by ``step`` seconds (through
the callback) and each reading by ``reading`` seconds."""

import math

import pytest

import descend as ds
from descend.minimize import readings
from descend.minimize.readings import FLOOR, SHARE, sampled_iterations

# 100 coordinates: past EXACT_NUMEL, the readings are Lanczos' (warm-started from the last).
QUADRATIC = ds.functions.quadratic(10.0, dim=100)
DUE = sorted(sampled_iterations(100))  # [0, 7, 19, 35, 54, 76, 100]


def _clocked_run(monkeypatch, step, reading, **options):
    """A 100-iteration gd run of QUADRATIC on a fake clock: ``step`` seconds an iteration,
    ``reading`` seconds a reading."""
    now = [0.0]

    class Clock:
        @staticmethod
        def process_time():
            return now[0]

    sharpness = readings.Readings._sharpness

    def dear(self, rule):
        now[0] += reading
        return sharpness(self, rule)

    def tick(_):
        now[0] += step

    monkeypatch.setattr(readings, "time", Clock)
    monkeypatch.setattr(readings.Readings, "_sharpness", dear)
    return ds.minimize(QUADRATIC, QUADRATIC.start, lr=0.05, max_iter=100, gtol=0, callback=tick, **options)


def _steps(res):
    return [row["step"] for row in res.history.instruments]


def test_readings_dearer_than_the_run_are_taken_only_at_the_start_and_the_last_point(monkeypatch):
    # 1 ms an iteration, 1 s a reading: the run's 0.1 s affords none of those between (the floor
    # 0.05 s neither); the start and the last (iteration 100, due and declined, then read as the
    # last) are read whatever they cost, and the record says which were skipped.
    assert (SHARE, FLOOR) == (0.1, 0.05) and DUE == [0, 7, 19, 35, 54, 76, 100]  # the comments' figures
    res = _clocked_run(monkeypatch, step=1e-3, reading=1.0)
    assert _steps(res) == [0, 100]
    assert res.history.skipped_readings == [7, 19, 35, 54, 76]
    assert "instruments (2 readings, 5 skipped for time)" in repr(res.history)
    assert not math.isnan(res.history.instruments[-1]["alpha"])  # the step to the last point, read
    assert [d.kind for d in res.diagnoses] == ["slow_progress"]  # the doctor reads the two


def test_readings_are_taken_as_the_run_s_time_grows_to_afford_them(monkeypatch):
    # 1 s an iteration and a reading: the one at 7 would make 1 + 2 x 1 s of readings (the taken,
    # itself and the last's reserved) against 10% of 6 s, at 19 of 18 s; at 35 they fit 3.4 s
    # (3 s), at 54 5.3 s (4 s), at 76 7.5 s (5 s).
    res = _clocked_run(monkeypatch, step=1.0, reading=1.0)
    assert _steps(res) == [0, 35, 54, 76, 100] and res.history.skipped_readings == [7, 19]


def test_a_few_cheap_readings_are_all_taken_within_the_floor(monkeypatch):
    # 15 ms a reading against 1 us iterations: within FLOOR (50 ms) 15 ms spent, 15 ms for this
    # one and 15 ms for the last fit at 7; at 19, 30 + 30 ms do not.
    res = _clocked_run(monkeypatch, step=1e-6, reading=0.015)
    assert _steps(res) == [0, 7, 100] and res.history.skipped_readings == [19, 35, 54, 76]
    free = _clocked_run(monkeypatch, step=1e-6, reading=1e-4)
    assert _steps(free) == DUE and free.history.skipped_readings == []
    assert "skipped" not in repr(free.history)


def test_a_lanczos_reading_starts_from_the_last_one_s_top_vector(monkeypatch):
    starts = []
    sharpness_from_gradient = readings.sharpness_from_gradient

    def seen(*args, start=None, **kwargs):
        starts.append(start)
        return sharpness_from_gradient(*args, start=start, **kwargs)

    monkeypatch.setattr(readings, "sharpness_from_gradient", seen)
    res = ds.minimize(QUADRATIC, QUADRATIC.start, lr=0.05, max_iter=100, gtol=0)
    assert _steps(res) == DUE  # a cheap function: all of them
    assert starts[0] is None and all(s is not None and s.shape == (100,) for s in starts[1:])
    for row in res.history.instruments:  # λ_max = 10 to the percent the stability ratio needs
        assert row["sharpness"] == pytest.approx(10.0, rel=1e-2) and row["stability"] == pytest.approx(0.25, rel=1e-2)
    booth = ds.minimize(ds.functions.booth, [0.0, 0.0], lr=0.05)  # an exact reading: no start
    starts.clear()
    ds.minimize(ds.functions.booth, [0.0, 0.0], lr=0.05)
    assert booth.history.instruments and all(s is None for s in starts)
