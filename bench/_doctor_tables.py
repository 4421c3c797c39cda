"""How section ``doctor`` prints its metrics (``doctor.py``): the labels a run can get, the
verdicts the doctor can give, the targets of issue 14, the tables per group and the one-line
dump per run."""

from __future__ import annotations

import math
from typing import Any

from _doctor_tasks import GROUPS, TASKS

from _timing import print_table

LABELS = ("healthy", "too_large", "too_small", "ambiguous")
VERDICTS = ("quiet", "too large", "too small", "both", "other")
TARGETS = {  # metric: (bound, "<=" or ">=")
    "false_alarms": (0.02, "<="),
    "precision_large": (0.9, ">="),
    "recall_large": (0.8, ">="),
    "precision_small": (0.9, ">="),
    "recall_small": (0.8, ">="),
    "advice_helped": (0.9, ">="),
}


def _fmt(value: float | None, count: str = "") -> str:
    return "n/a" if value is None else f"{value:.2f}" + (f" ({count})" if count else "")


GROUP_NAMES = {
    "tune": "tuning half",
    "held_out": "held-out half",
    "fresh": "fresh group",
    "fresh2": "second fresh group",
    "fresh3": "fresh s7",
    "tune2": "tuning s9",
    "fresh4": "fresh s9",
    "fresh5": "fresh s10",
    "fresh6": "fresh s11",
    "fresh7": "fresh s13",
    "fresh8": "fresh s13b",
    "fresh9": "fresh s13c",
    "fresh10": "fresh s14",
    "fresh11": "fresh s14b",
    "fresh12": "fresh s14c",
    "fresh13": "fresh s14d",
    "fresh14": "fresh s14e",
    "fresh15": "fresh s14f",
    "fresh16": "fresh s15",
    "fresh17": "fresh s16",
    "fresh18": "fresh s16b",
    "fresh19": "fresh s16c",
    "fresh20": "fresh s16d",
    "fresh21": "fresh s17",
    "fresh22": "fresh s17b",
    "fresh23": "fresh s17c",
    "fresh24": "fresh s17d",
    "fresh25": "fresh s17e",
    "fresh26": "fresh s18",
    "fresh27": "fresh s18b",
    "fresh28": "fresh s18c",
    "fresh29": "fresh s19",
    "fresh30": "fresh s19b",
    "fresh31": "fresh s19c",
    "fresh32": "fresh s19d",
    "fresh33": "fresh s19e",
    "fresh34": "fresh s19f",
    "fresh35": "fresh s20a",
    "fresh36": "fresh s20b",
    "fresh37": "fresh s20c",
    "fresh38": "fresh s21a",
    "fresh39": "fresh s21b",
    "fresh40": "fresh s22a",
    "fresh41": "fresh s22b",
    "fresh42": "fresh s23a",
    "fresh43": "fresh s23b",
    "fresh44": "fresh s23c",
    "fresh45": "fresh s23d",
    "fresh46": "fresh s24a",
    "fresh47": "fresh s24f (full batch)",
    "fresh48": "fresh s24g (full-batch heavy ball)",
    "fresh49": "fresh s24h",
    "fresh50": "fresh s24i",
    "fresh51": "fresh s24j",
    "fresh52": "fresh s24k",
    "fresh53": "fresh s25a (full-batch heavy ball)",
    "fresh54": "fresh s25b (written for doctor24's S)",
    "fresh55": "fresh s25c (written for doctor24's S, after fresh54)",
}


def print_tables(metrics: dict[str, Any], groups: tuple[str, ...] = GROUPS, brief: bool = False) -> None:
    """The metrics of ``groups`` against the targets, then (unless ``brief``) per group the
    confusion of labels and verdicts and the labels each finding kind was given on."""
    halves = metrics["halves"]
    rows = []
    for name, (bound, sense) in TARGETS.items():
        cells = []
        for half in groups:
            m = halves[half]
            count = {
                "false_alarms": f"{m['false_alarm_count']}/{m['labels']['healthy']}",
                "precision_large": f"{m['hits_large']}/{m['said_large']}",
                "recall_large": f"{m['hits_large']}/{m['true_large']}",
                "precision_small": f"{m['hits_small']}/{m['said_small']}",
                "recall_small": f"{m['hits_small']}/{m['true_small']}",
                "advice_helped": f"{m['advice_helped_count']}/{m['advice_applied']}",
            }[name]
            cells += [_fmt(m[name], count), m["verdicts"][name]]
        rows.append([name.replace("_", " "), f"{sense} {bound:g}", *cells])
    print_table(["metric", "target", *(h for g in groups for h in (GROUP_NAMES[g], ""))], rows)
    for half in () if brief else groups:
        m = halves[half]
        names = ", ".join(t.name for t in TASKS if t.half == half)
        print(f"\n  {GROUP_NAMES[half]} ({names}): {m['runs']} runs, labels {m['labels']}, errors {m['errors']}")
        print(
            f"  unscaled inputs (standardised features end at most 0.8x the run's loss): right on "
            f"{m['rescale_right_count']} of the {m['rescale_said']} runs it was given; false alarms counted "
            f"as before session 23 (any finding on a healthy run): {m['false_alarm_count_any']}"
        )
        print(
            f"  advice: {m['advice_applied']} unhealthy runs rerun with the change, "
            f"{m['advice_without_change']} unhealthy runs without a change; helped / applied by the settings "
            "changed: " + ", ".join(f"{k} {h}/{n}" for k, (n, h) in sorted(m["advice_by_setting"].items()))
        )
        print(
            f"  false alarms followed (report only): of {m['false_alarm_advice_applied']} healthy runs rerun with "
            f"their alarm's change, it helped (the rerun 10% or more below the run) {m['false_alarm_advice_helped']}, "
            f"hurt (the run 10% or more below the rerun, or the rerun not finite) {m['false_alarm_advice_hurt']}"
        )
        print_table(
            ["label \\ verdict", *VERDICTS],
            [[label, *(str(m["confusion"][label][v]) for v in VERDICTS)] for label in LABELS],
        )
        print_table(
            ["finding kind", *(f"on {label}" for label in LABELS)],
            [[kind, *(str(n[label]) for label in LABELS)] for kind, n in m["kinds"].items()],
        )


def dump(metrics: dict[str, Any], groups: tuple[str, ...] = GROUPS) -> None:
    """One line per run of ``groups``, for whoever tunes the doctor."""
    for row in metrics["runs"]:
        if row["half"] not in groups:
            continue
        ratio = row["final"] / row["best"] if row["best"] and math.isfinite(row["best"]) else math.nan
        extra = ""
        if row.get("readings"):
            extra = (
                f" stability med {row['stability_median']:.3g} max {row['stability_max']:.3g}"
                f" noise {row['noise_median']:.3g}"
            )
        if row.get("change"):
            extra += f" change {row['change']} -> {row['rerun_final']}"
        print(
            f"{row['half']:8s} {row['task']:24s} {row['optimizer']:8s} lr={row['lr']:<8.3g} {row['label']:9s} "
            f"final/best={ratio:<8.3g} [{','.join(row['kinds'])}]{extra}"
            + (f" ERROR {row['error']}" if row["error"] else "")
        )
