"""The label_noise bench's full-batch setting (bench/_label_noise_full_batch.py): its halves, its
rows and per-half lines on hand-made masks, and one tiny task trained end to end."""

import importlib

import numpy as np
import pytest

from _bench import bench_on_path


@pytest.fixture(scope="module")
def fb():
    with bench_on_path():
        yield importlib.import_module("_label_noise_full_batch")


def test_halves_alternate_and_cover_every_group(fb):
    from _label_noise_tasks import GROUPS

    assert fb.FITTING[:3] == ("held-out", "fresh-2", "fresh-4")
    assert fb.HELD_OUT[:3] == ("tuning", "fresh", "fresh-3")
    assert sorted(fb.FITTING + fb.HELD_OUT + fb.LATER) == sorted(GROUPS) and not set(fb.FITTING) & set(fb.HELD_OUT)
    assert fb.half_of("held-out") == "fitting" and fb.half_of("fresh-83") == "held-out"
    assert fb.LATER[0] == "fresh-84" and fb.half_of("fresh-84") == "fresh-84"  # not in session 26's halves
    with pytest.raises(ValueError, match="'nope'"):
        fb.half_of("nope")


def test_task_names_are_unique_across_groups(fb):
    """A task is named once: data() and group() find it by name (fresh-85 first reused two names)."""
    from _label_noise_tasks import GROUPS

    names = [task for tasks in GROUPS.values() for task in tasks]
    assert len(names) == len(set(names)), sorted({t for t in names if names.count(t) > 1})


def test_rows_count_flags_and_f1(fb):
    none = np.zeros(5, dtype=bool)
    clean = fb.f1_row(fb.CLEAN_KIND, "t", "fitting", 0, np.array([1, 1, 0, 0, 0], bool), none, none)
    assert (clean["descend_flagged"], clean["cleanlab_flagged"], clean["descend_f1"]) == (2, 0, 0.0)
    assert clean["descend_at_least_cleanlab"] is False  # on clean labels: flags no more than cleanlab's
    truth = np.array([1, 1, 0, 0, 0], bool)
    noisy = fb.f1_row(fb.NOISY_KIND, "t", "fitting", 0, truth, np.array([1, 0, 1, 1, 0], bool), truth)
    assert (noisy["descend_f1"], noisy["cleanlab_f1"], noisy["flipped_n"]) == (1.0, 0.4, 2)
    assert noisy["descend_at_least_cleanlab"] is True
    with pytest.raises(ValueError, match="unequal lengths"):
        fb.f1_row(fb.NOISY_KIND, "t", "fitting", 0, truth, truth[:3], truth)


def test_verdicts_per_half_and_printed(fb, capsys):
    none, one = np.zeros(4, bool), np.array([1, 0, 0, 0], bool)
    rows = [
        fb.f1_row(fb.CLEAN_KIND, "a", "fitting", 0, one, none, none),
        fb.f1_row(fb.CLEAN_KIND, "b", "fitting", 0, none, one, none),
        fb.f1_row(fb.NOISY_KIND, "a", "fitting", 0, one, none, one),
        fb.f1_row(fb.CLEAN_KIND, "c", "held-out", 0, none, none, none),
        {"task": "d", "half": "fitting", "kind": "clean", "descend_flagged": 9},  # the mini-batch no-flips row
        {"task": "e", "half": "fitting", "error": "boom"},
    ]
    v = fb.full_batch_verdicts(rows)
    assert list(v) == ["fitting", "held-out"]
    f = v["fitting"]
    assert (f["clean_tasks"], f["clean_over_cleanlab"], f["clean_descend_flagged"], f["clean_cleanlab_flagged"]) == (
        2,
        "1/2",
        1,
        1,
    )
    assert (f["noisy_descend_f1_mean"], f["noisy_cleanlab_f1_mean"], f["noisy_at_least_cleanlab"]) == (1.0, 0.0, "1/1")
    assert v["held-out"]["noisy_settings"] == 0
    fb.print_full_batch(v)
    out = capsys.readouterr().out
    assert "fitting half" in out and "1/2 tasks" in out and "held-out half" in out
    assert fb.full_batch_verdicts(rows[4:]) == {}


def test_a_tiny_task_end_to_end(fb):
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(-2, 1, (40, 2)), rng.normal(2, 1, (40, 2))])
    y = np.repeat([0, 1], 40)
    noisy, flipped = y.copy(), np.array([3, 50])
    noisy[flipped] = 1 - noisy[flipped]
    calls = []

    def cleanlab_issues(labels, probs):  # a stand-in: the examples whose label gets under half
        calls.append(probs.shape)
        return probs[np.arange(len(labels)), labels] < 0.5

    rows, records = fb.full_batch_task("tiny", "held-out", X, y, 2, 0, noisy, flipped, cleanlab_issues)
    assert [r["kind"] for r in rows] == [fb.CLEAN_KIND, fb.NOISY_KIND]
    assert all(r["half"] == "fitting" and r["n"] == 80 for r in rows)
    assert rows[1]["flipped_n"] == 2 and rows[0]["flipped_n"] == 0
    assert calls == [(80, 2), (80, 2)]  # 5-fold out-of-sample probabilities, once per setting
    assert set(records) == {fb.CLEAN_KIND, fb.NOISY_KIND}
    assert records[fb.NOISY_KIND].n == 80 and len(records[fb.NOISY_KIND].epochs) <= 10  # train's 10 epochs
    assert records[fb.NOISY_KIND].labels.tolist() == noisy.tolist()
