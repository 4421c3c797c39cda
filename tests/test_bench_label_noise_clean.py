"""The label_noise bench's no-flips setting (bench/_label_noise_clean.py): its rows and per-group
table on hand-made counts, without training anything."""

import importlib

import pytest

from _bench import bench_on_path


@pytest.fixture(scope="module")
def clean():
    with bench_on_path():
        yield importlib.import_module("_label_noise_clean")


def test_row_shares_and_comparison(clean):
    r = clean.clean_row("wine", "held-out", 0, 142, 13, 1)
    assert (r["kind"], r["fraction"], r["n"]) == ("clean", 0.0, 142)
    assert (r["descend_flagged"], r["cleanlab_flagged"]) == (13, 1)
    assert r["descend_share"] == 13 / 142 and r["cleanlab_share"] == 1 / 142
    assert r["descend_at_most_cleanlab"] is False
    assert clean.clean_row("blobs", "fresh", 0, 800, 0, 4)["descend_at_most_cleanlab"] is True
    assert clean.clean_row("x", "fresh", 0, 10, 3, 3)["descend_at_most_cleanlab"] is True  # ties count


def test_verdicts_per_group_in_group_order_and_all(clean):
    rows = [
        clean.clean_row("moons", "fresh", 0, 100, 7, 10),
        clean.clean_row("wine", "held-out", 0, 142, 13, 1),
        clean.clean_row("digits", "held-out", 0, 1437, 30, 6),
        {"task": "wine", "half": "held-out", "kind": "uniform", "fraction": 0.1},  # a noisy row: ignored
        {"task": "iris", "half": "tuning", "seed": 0, "error": "boom"},  # an error: ignored
    ]
    v = clean.clean_verdicts(rows)
    assert list(v) == ["held-out", "fresh", "all"]
    assert v["held-out"]["settings"] == 2
    assert (v["held-out"]["descend_flagged"], v["held-out"]["cleanlab_flagged"]) == (43, 7)
    assert v["held-out"]["descend_share_mean"] == pytest.approx((13 / 142 + 30 / 1437) / 2)
    assert v["held-out"]["descend_at_most_cleanlab"] == "0/2"
    assert v["fresh"]["descend_at_most_cleanlab"] == "1/1"
    assert (v["all"]["settings"], v["all"]["descend_flagged"], v["all"]["descend_at_most_cleanlab"]) == (3, 50, "1/3")
    assert clean.clean_verdicts(rows[3:]) == {}


def test_print_clean(clean, capsys):
    clean.print_clean(clean.clean_verdicts([clean.clean_row("wine", "held-out", 0, 142, 13, 1)]))
    out = capsys.readouterr().out
    assert "no flips" in out and "held-out" in out and "9.2%" in out and "0/1" in out
    clean.print_clean({})
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    "n, ours, theirs, word", [(0, 0, 0, "n must"), (10, 11, 0, "descend_flagged"), (10, 0, -1, "cleanlab_flagged")]
)
def test_bad_counts_name_the_value(clean, n, ours, theirs, word):
    with pytest.raises(ValueError, match=word):
        clean.clean_row("t", "g", 0, n, ours, theirs)
