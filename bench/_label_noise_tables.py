"""How section ``label_noise`` (``label_noise.py``) names its rules and prints its verdicts: per
group, F1 against cleanlab's and the seconds ratio, for the tuned rule, the library's default
and the opt-in held-out count; the table of every setting."""

from __future__ import annotations

import statistics

import numpy as np

from _label_noise_tasks import GROUPS, TUNING
from descend.examples import AUM_THRESHOLD, DECISIVENESS, NOISE_TAIL

from _timing import print_table

FOLDS = 5  # cleanlab's out-of-sample probabilities: one run per fold


def rule_name(threshold: float, decisiveness: float, tail: float | None = None) -> str:
    name = f"relative AUM < {threshold:g}" + (f", a half < {threshold - decisiveness:g}" if decisiveness else "")
    return name + ("" if tail is None else f", at most the count of the early tails beyond +-{tail:g}")


DEFAULT = (AUM_THRESHOLD, DECISIVENESS, NOISE_TAIL)


def library_verdicts(rows: list[dict]) -> dict:
    """Per group, F1 of the library's rule (its defaults, whatever the tuning here chose) against
    cleanlab's, and the settings where it is below; prints them."""
    print(f"the library's rule, {rule_name(*DEFAULT)}, per group (settings below cleanlab listed):")
    out = {}
    for name in GROUPS:
        mine = [r for r in rows if r["half"] == name]
        if not mine:
            continue
        lost = [r for r in mine if r["descend_library"]["f1"] < r["cleanlab"]["f1"]]
        out[name] = {
            "f1_descend_mean": mean([r["descend_library"]["f1"] for r in mine]),
            "f1_cleanlab_mean": mean([r["cleanlab"]["f1"] for r in mine]),
            "f1_at_least_cleanlab": f"{len(mine) - len(lost)}/{len(mine)}",
        }
        print(
            f"  {name}: F1 {out[name]['f1_descend_mean']:.3f} vs cleanlab {out[name]['f1_cleanlab_mean']:.3f}; "
            f">= cleanlab on {out[name]['f1_at_least_cleanlab']} "
            f"[{'PASS' if not lost else 'MISS'}]"
            + "".join(
                f"\n    below: {r['task']}/{r['seed']} {r['kind']} {r['fraction']:.0%} "
                f"{r['descend_library']['f1']:.3f} < {r['cleanlab']['f1']:.3f}"
                for r in lost
            )
        )
    return out


def held_out_verdicts(rows: list[dict]) -> dict:
    """Per group, the library's rule capped at the opt-in held-out count as well: F1 against
    cleanlab's and the seconds ratio (tracked run + analysis + the half run); prints them."""
    print("the library's rule capped at the held-out count as well (opt-in: one more run on half, half the epochs):")
    out = {}
    for name in GROUPS:
        mine = [r for r in rows if r["half"] == name]
        if not mine:
            continue
        ratios = [(r["seconds_descend"] + r["seconds_held_out"]) / r["seconds_cleanlab"] for r in mine]
        wins = sum(r["descend_held_out"]["f1"] >= r["cleanlab"]["f1"] for r in mine)
        out[name] = {
            "f1_descend_mean": mean([r["descend_held_out"]["f1"] for r in mine]),
            "f1_at_least_cleanlab": f"{wins}/{len(mine)}",
            "seconds_ratio_median": statistics.median(ratios),
            "count_per_flip_median": statistics.median(r["held_out_count"] / r["flipped_n"] for r in mine),
        }
        print(
            f"  {name}: F1 {out[name]['f1_descend_mean']:.3f}; >= cleanlab on {wins}/{len(mine)} "
            f"[{'PASS' if wins == len(mine) else 'MISS'}]; seconds ratio median {out[name]['seconds_ratio_median']:.3f} "
            f"[{'PASS' if out[name]['seconds_ratio_median'] <= 1 / 3 else 'MISS'} <= 1/3]; count per flip median "
            f"{out[name]['count_per_flip_median']:.2f}"
        )
    return out


def verdict(rows: list[dict], group: str, chosen: tuple) -> dict:
    """F1 against cleanlab's and the compute ratio over one group's rows; prints the verdict."""
    if not rows:
        return {}
    ratios = [r["seconds_descend"] / r["seconds_cleanlab"] for r in rows]
    # The run is one a user trains anyway: its extra cost is the record and the analysis.
    extra = [max(r["seconds_descend"] - r["seconds_untracked"], 0.0) / r["seconds_cleanlab"] for r in rows]
    wins = sum(r["descend"]["f1"] >= r["cleanlab"]["f1"] for r in rows)
    out = {
        "f1_descend_mean": mean([r["descend"]["f1"] for r in rows]),
        "f1_cleanlab_mean": mean([r["cleanlab"]["f1"] for r in rows]),
        "f1_at_least_cleanlab": f"{wins}/{len(rows)}",
        "seconds_ratio_median": statistics.median(ratios),
        "seconds_ratio_max": max(ratios),
        "extra_seconds_ratio_median": statistics.median(extra),
    }
    print(
        f"{group}, {rule_name(*chosen)} (tuned on {', '.join(TUNING)}; library default "
        f"{rule_name(*DEFAULT)}): F1 descend {out['f1_descend_mean']:.3f} vs cleanlab "
        f"{out['f1_cleanlab_mean']:.3f}; descend >= cleanlab on {wins}/{len(rows)} settings "
        f"[{'PASS' if wins == len(rows) else 'MISS'}]; compute 1 vs {FOLDS} runs, seconds ratio median "
        f"{out['seconds_ratio_median']:.3f} (max {out['seconds_ratio_max']:.3f}) "
        f"[{'PASS' if out['seconds_ratio_median'] <= 1 / 3 else 'MISS'} <= 1/3]; beyond the run itself (the "
        f"record + analysis vs 5 runs) median {out['extra_seconds_ratio_median']:.3f}"
    )
    return out


def mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


def print_rows(rows: list[dict], chosen: tuple) -> None:
    header = [
        "half", "task", "noise", "flipped", "F1 descend (P/R)", "F1 cleanlab (P/R)", "s descend", "s cleanlab",
        "ratio", "acc noisy", "acc -descend", "acc -cleanlab", "acc clean",
    ]  # fmt: skip
    table = []
    for r in rows:
        d, c = r["descend"], r["cleanlab"]
        table.append(
            [
                r["half"],
                f"{r['task']}/{r['seed']}",
                f"{r['kind']} {r['fraction']:.0%}",
                str(r["flipped_n"]),
                f"{d['f1']:.3f} ({d['precision']:.2f}/{d['recall']:.2f})" + (" *" if d["f1"] < c["f1"] else ""),
                f"{c['f1']:.3f} ({c['precision']:.2f}/{c['recall']:.2f})",
                f"{r['seconds_descend']:.2f}",
                f"{r['seconds_cleanlab']:.2f}",
                f"{r['seconds_descend'] / r['seconds_cleanlab']:.3f}",
                f"{r['accuracy_noisy']:.3f}",
                f"{r['accuracy_without_descend_flags']:.3f}",
                f"{r['accuracy_without_cleanlab_flags']:.3f}",
                f"{r['accuracy_clean']:.3f}",
            ]
        )
    print(
        f"{rule_name(*chosen)}; * marks a setting where descend's F1 is below cleanlab's; accuracy on the clean test fifth"
    )
    print_table(header, table)
