"""The instruments table shows a reading not taken as '-' (as the summary shows a value it lacks)
and an infinite one as 'inf', each said under the table as the words above say it: it printed
'nan' and 'inf' as if they were measured values."""

from _pages import words as _text

from descend import History
from descend.report.instruments_section import instruments_section

NAN, INF = float("nan"), float("inf")


def _row(step, sharpness, threshold, noise_scale, decrease=NAN, batch_size=32):
    return {"step": step, "probe_loss": 0.5, "sharpness": sharpness, "threshold": threshold,
            "stability": sharpness / threshold, "noise_scale": noise_scale, "batch_size": batch_size,
            "alpha": NAN, "decrease": decrease}  # fmt: skip


def _table(rows):
    words = _text(instruments_section(History(instruments=rows)))
    return words[words.index("step probe loss") :]


def test_a_reading_not_taken_is_a_dash_and_an_infinite_one_inf_said_under_the_table():
    table = _table([_row(4, 60.0, 40.0, 800.0), _row(9, NAN, 40.0, INF, decrease=INF)])
    # Was: '... 4 0.5 60 40 1.5 800 32 nan nan 9 0.5 nan 40 nan inf 32 nan inf'
    assert "4 0.5 60 40 1.5 800 32 - - 9 0.5 - 40 - inf 32 - inf" in table
    assert "nan" not in table
    assert table.endswith(
        "In the table, -: no reading at that step; B_simple inf: beyond measure (the true gradient lost in the "
        "probe batch's noise); left to fall inf: the local quadratic model has no minimum there, so it bounds nothing."
    )

    # A table of finite readings has no note.
    assert _table([_row(4, 60.0, 40.0, 800.0, decrease=0.1) | {"alpha": 0.2}]).endswith(
        "4 0.5 60 40 1.5 800 32 0.2 0.1"
    )
