"""Section ``label_noise``'s *full-batch* setting (session 26, issue 17): ``find_label_issues`` on
runs trained the way ``descend train`` trained by default until session 33 (the full batch; its
default batch is 32 since), against cleanlab on the same model.

The section's other settings train mini-batch runs (batch 32, 20 epochs: hundreds of updates).
``descend train --data digits --model mlp --lr auto --track-examples`` makes one update per epoch
for 10 epochs (with ``--batch-size full`` since session 33), so its record's early epochs read weights
near their initial ones, where most examples are misclassified. Per task, seed 0, this setting
trains ``train``'s defaults with ``lr="auto"`` and ``batch_size=None`` (full batch, Adam, 10 epochs,
tol 1e-4) on the clean labels and on the section's
10% uniform flips, and reports descend's flags (one tracked run) and cleanlab's (5 fold runs of
the same model): on the clean labels their counts (every flag a false alarm), on the flips each
one's F1. Its rows have kinds ``"full-batch-clean"`` and ``"full-batch"``: they enter neither the
tuning nor the mini-batch verdicts. Its two halves (``FITTING``, ``HELD_OUT``: ``GROUPS`` up to
fresh-83 at odd and even positions) are declared in ``LABEL_FULL_BATCH_S26.md``; a group written
after them (``LATER``: fresh-84 on) is a half of its own, named as the group, read once as a new
held-out group.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold

import descend as ds
from _label_noise_tasks import GROUPS

CLEAN_KIND = "full-batch-clean"
NOISY_KIND = "full-batch"
FRACTION = 0.10  # the section's 10% uniform flips
FOLDS = 5
# Else train's (the CLI's) defaults; the full batch pinned: train's default until session 33.
SETTINGS = dict(lr="auto", batch_size=None, instruments=False, progress=False)
_DECLARED = list(GROUPS)[: list(GROUPS).index("fresh-83") + 1]  # the groups the halves of session 26 split
FITTING = tuple(_DECLARED[1::2])  # held-out, fresh-2, ..., fresh-82: holds digits, the README's run
HELD_OUT = tuple(_DECLARED[0::2])  # tuning, fresh, fresh-3, ..., fresh-83
LATER = tuple(list(GROUPS)[len(_DECLARED) :])  # fresh-84 on: each a half of its own


def half_of(group: str) -> str:
    """``"fitting"`` or ``"held-out"``: the full-batch half a group of ``GROUPS`` belongs to; a
    group written after those halves (``LATER``) is a half of its own, named as the group.

    >>> half_of("held-out"), half_of("tuning"), half_of("fresh-2"), half_of("fresh-84")
    ('fitting', 'held-out', 'fitting', 'fresh-84')
    """
    if group in FITTING:
        return "fitting"
    if group in HELD_OUT:
        return "held-out"
    if group in LATER:
        return group
    raise ValueError(f"half_of: unknown group {group!r}; the full-batch halves hold the groups of GROUPS")


def train_full_batch(X: np.ndarray, y: np.ndarray, seed: int, track: bool = False):
    """``ds.train("mlp", (X, y))`` as ``descend train --lr auto --batch-size full`` runs it: full batch,
    10 epochs."""
    return ds.train("mlp", (X.astype(np.float32), y), seed=seed, track_examples=track, **SETTINGS)


def fold_probabilities(X: np.ndarray, y: np.ndarray, classes: int, seed: int) -> np.ndarray:
    """Out-of-sample class probabilities: each of ``FOLDS`` stratified folds predicted by the
    full-batch model trained on the other four (the section's folds, ``random_state=seed``)."""
    probs = np.zeros((len(y), classes))
    for fit_on, held in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(X, y):
        model = train_full_batch(X[fit_on], y[fit_on], seed).model.eval()
        with torch.no_grad():
            probs[held] = model(torch.as_tensor(X[held], dtype=torch.float32)).softmax(1).numpy()
    return probs


def f1_row(kind: str, task: str, half: str, seed: int, ours: np.ndarray, theirs: np.ndarray, truth: np.ndarray):
    """A setting's row from three masks over the training examples: descend's flags, cleanlab's,
    and the flipped labels (all ``False`` on clean labels). F1 = 2 TP / (flagged + flipped).

    >>> t = np.array([1, 1, 0, 0], bool)
    >>> r = f1_row("full-batch", "x", "fitting", 0, np.array([1, 0, 1, 0], bool), t, t)
    >>> r["descend_flagged"], r["descend_f1"], r["cleanlab_f1"], r["descend_at_least_cleanlab"]
    (2, 0.5, 1.0, False)
    """
    if not (len(ours) == len(theirs) == len(truth)):
        raise ValueError(f"f1_row: masks of unequal lengths {len(ours)}, {len(theirs)}, {len(truth)}")
    row = {"task": task, "half": half, "seed": seed, "kind": kind, "n": len(truth), "flipped_n": int(truth.sum())}
    for name, flags in (("descend", ours), ("cleanlab", theirs)):
        tp = int((flags & truth).sum())
        row[f"{name}_flagged"] = int(flags.sum())
        row[f"{name}_f1"] = 2 * tp / (int(flags.sum()) + int(truth.sum())) if tp else 0.0
    row["descend_at_least_cleanlab"] = (
        row["descend_flagged"] <= row["cleanlab_flagged"]
        if kind == CLEAN_KIND
        else row["descend_f1"] >= row["cleanlab_f1"]
    )
    return row


def full_batch_task(task, group, X, y, classes, seed, noisy, flipped, cleanlab_issues):
    """The two full-batch rows of ``task`` (clean labels ``y``; ``noisy`` with ``flipped`` the
    flipped positions) and the two tracked runs' records ``{kind: record}``, for re-scoring."""
    from descend.examples import record_of

    rows, records = [], {}
    for kind, labels in ((CLEAN_KIND, y), (NOISY_KIND, noisy)):
        truth = np.zeros(len(labels), dtype=bool)
        if kind == NOISY_KIND:
            truth[flipped] = True
        history = train_full_batch(X, labels, seed, track=True)
        ours = np.zeros(len(labels), dtype=bool)
        ours[ds.find_label_issues(history).indices] = True
        theirs = np.asarray(cleanlab_issues(labels, fold_probabilities(X, labels, classes, seed)), dtype=bool)
        rows.append(f1_row(kind, task, half_of(group), seed, ours, theirs, truth))
        records[kind] = record_of(history)
    return rows, records


def full_batch_verdicts(rows: list[dict]) -> dict:
    """Per half (fitting, then held-out, then each later group), over its full-batch rows: clean tasks, those where
    descend flags more than cleanlab, each one's flags; noisy settings, mean F1 of each, those
    with descend's at least cleanlab's. Rows of other kinds, and errors, are ignored.

    >>> t, f = np.array([1, 0], bool), np.zeros(2, bool)
    >>> rows = [f1_row("full-batch-clean", "a", "fitting", 0, t, f, f), f1_row("full-batch", "a", "fitting", 0, t, t, t)]
    >>> v = full_batch_verdicts(rows)["fitting"]
    >>> v["clean_over_cleanlab"], v["clean_descend_flagged"], v["noisy_descend_f1_mean"], v["noisy_at_least_cleanlab"]
    ('1/1', 1, 1.0, '1/1')
    """
    good = [r for r in rows if r.get("kind") in (CLEAN_KIND, NOISY_KIND) and "error" not in r]
    out = {}
    for half in ("fitting", "held-out", *LATER):
        clean = [r for r in good if r["half"] == half and r["kind"] == CLEAN_KIND]
        noisy = [r for r in good if r["half"] == half and r["kind"] == NOISY_KIND]
        if not clean and not noisy:
            continue
        out[half] = {
            "clean_tasks": len(clean),
            "clean_over_cleanlab": f"{sum(not r['descend_at_least_cleanlab'] for r in clean)}/{len(clean)}",
            "clean_descend_flagged": sum(r["descend_flagged"] for r in clean),
            "clean_cleanlab_flagged": sum(r["cleanlab_flagged"] for r in clean),
            "clean_n": sum(r["n"] for r in clean),
            "noisy_settings": len(noisy),
            "noisy_descend_f1_mean": _mean([r["descend_f1"] for r in noisy]),
            "noisy_cleanlab_f1_mean": _mean([r["cleanlab_f1"] for r in noisy]),
            "noisy_at_least_cleanlab": f"{sum(r['descend_at_least_cleanlab'] for r in noisy)}/{len(noisy)}",
        }
    return out


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def print_full_batch(verdicts: dict) -> None:
    """The full-batch lines: per half, clean flags (tasks where descend flags more than
    cleanlab) and the 10% uniform flips' mean F1."""
    for half, v in verdicts.items():
        print(
            f"full batch (train's defaults, lr auto, batch full), {half} half: clean labels, descend flags more than cleanlab "
            f"on {v['clean_over_cleanlab']} tasks, flags {v['clean_descend_flagged']} vs {v['clean_cleanlab_flagged']} "
            f"of {v['clean_n']}; 10% uniform flips, F1 descend {v['noisy_descend_f1_mean']:.3f} vs cleanlab "
            f"{v['noisy_cleanlab_f1_mean']:.3f}, descend >= cleanlab on {v['noisy_at_least_cleanlab']}"
        )
