"""Section ``label_noise``'s *no flips* setting (fraction 0, session 25, issue 17): how many
examples ``descend.find_label_issues`` and cleanlab flag when no label was flipped.

Every flag on a clean training set is a false alarm (or a label the data set itself got wrong,
which the bench cannot tell). Most users' data is mostly clean, so a rule that flags 5-9% of a
clean small set is a defect that the noisy settings (5, 10, 20% flipped) never show: their F1
rewards a list about as long as the flips. Per task the setting trains the same tracked run on
the clean labels (descend) and the same 5 fold runs (cleanlab), and reports each one's flags,
as counts and as a share of the training examples, and whether descend flags no more than
cleanlab. Its rows have ``kind`` ``"clean"`` and are kept apart from the noisy rows: they enter
neither the tuning nor the F1 verdicts.
"""

from __future__ import annotations

from _label_noise_tasks import GROUPS

CLEAN_KIND = "clean"


def clean_row(task: str, half: str, seed: int, n: int, descend_flagged: int, cleanlab_flagged: int) -> dict:
    """One task's no-flips setting: each contender's flags, counted and as a share of ``n``.

    >>> r = clean_row("wine", "held-out", 0, 142, 13, 1)
    >>> r["kind"], r["fraction"], round(r["descend_share"], 3), r["descend_at_most_cleanlab"]
    ('clean', 0.0, 0.092, False)
    """
    if n < 1:
        raise ValueError(f"clean_row: n must be at least 1 (the training examples), got {n!r}")
    for name, value in (("descend_flagged", descend_flagged), ("cleanlab_flagged", cleanlab_flagged)):
        if not 0 <= value <= n:
            raise ValueError(f"clean_row: {name} must be between 0 and n={n}, got {value!r}")
    return {
        "task": task,
        "half": half,
        "seed": seed,
        "kind": CLEAN_KIND,
        "fraction": 0.0,
        "n": n,
        "descend_flagged": int(descend_flagged),
        "cleanlab_flagged": int(cleanlab_flagged),
        "descend_share": descend_flagged / n,
        "cleanlab_share": cleanlab_flagged / n,
        "descend_at_most_cleanlab": bool(descend_flagged <= cleanlab_flagged),
    }


def clean_verdicts(rows: list[dict]) -> dict:
    """Per group (in ``GROUPS``' order, then any other), over its clean rows: the settings, the
    flags of each contender (total and mean share of n), and the settings where descend flags no
    more than cleanlab; ``"all"`` over every clean row. Rows of other kinds are ignored.

    >>> rows = [clean_row("a", "g", 0, 100, 4, 1), clean_row("b", "g", 0, 50, 0, 2)]
    >>> v = clean_verdicts(rows)["g"]
    >>> v["descend_flagged"], v["cleanlab_flagged"], v["descend_share_mean"], v["descend_at_most_cleanlab"]
    (4, 3, 0.02, '1/2')
    """
    clean = [r for r in rows if r.get("kind") == CLEAN_KIND and "error" not in r]
    names = [g for g in GROUPS if any(r["half"] == g for r in clean)]
    names += sorted({r["half"] for r in clean} - set(names))
    out = {name: _summary([r for r in clean if r["half"] == name]) for name in names}
    if clean:
        out["all"] = _summary(clean)
    return out


def _summary(rows: list[dict]) -> dict:
    at_most = sum(r["descend_at_most_cleanlab"] for r in rows)
    return {
        "settings": len(rows),
        "descend_flagged": sum(r["descend_flagged"] for r in rows),
        "cleanlab_flagged": sum(r["cleanlab_flagged"] for r in rows),
        "descend_share_mean": sum(r["descend_share"] for r in rows) / len(rows),
        "cleanlab_share_mean": sum(r["cleanlab_share"] for r in rows) / len(rows),
        "descend_at_most_cleanlab": f"{at_most}/{len(rows)}",
    }


def print_clean(verdicts: dict) -> None:
    """The no-flips table: per group, each contender's flags (total, mean share of n) and the
    settings where descend flags no more than cleanlab."""
    if not verdicts:
        return
    print("no flips (fraction 0): examples flagged on the clean training set (every flag a false alarm)")
    print(f"  {'group':<12} {'tasks':>5} {'descend':>8} {'share':>7} {'cleanlab':>8} {'share':>7}  descend <= cleanlab")
    for name, v in verdicts.items():
        print(
            f"  {name:<12} {v['settings']:>5} {v['descend_flagged']:>8} {v['descend_share_mean']:>7.1%} "
            f"{v['cleanlab_flagged']:>8} {v['cleanlab_share_mean']:>7.1%}  {v['descend_at_most_cleanlab']}"
        )
