"""What the doctor found on a run, as :func:`~descend.examples.find_label_issues` reads it: a run
that diverged is refused; one the doctor found still learning gets a note (words only: the list
is unchanged).

Why. The rule reads how a run's margins argued against each label while it learnt. Two runs of
session 39's user review got a list with no word of caution:

- digits, clean labels, an MLP after 4 epochs of Adam at 1e-3 (batch 32): training accuracy
  0.558 -> 0.850 -> 0.900 -> 0.936, a rise over the last quarter of 0.036, under
  :data:`~descend.examples.STILL_RISING`, so no note; 224 of 1437 listed. The doctor had found
  ``slow_progress`` on it: the loss still fell by 0.62 of its level over the last quarter, the
  rate too small by about 9x. A run still learning argues against the labels of the examples it
  has not learnt yet, clean ones too.
- a tune trial the doctor pruned for ``divergence`` at step 45, in its first epoch: 107 of 1437
  listed. Weights thrown off course score classes for no reason of the labels'.

No constant of its own: the doctor's findings (its rules are fitted and measured on its own
corpus, ``bench/doctor.py``) say what happened, and they are read where the run keeps them (a
:class:`~descend.History`'s ``diagnoses``, a run folder's ``diagnosis.json``; an
:class:`~descend.training.ExampleRecord` or an estimator keeps none):

- ``divergence`` or ``unbounded`` (:data:`DIVERGED_KINDS`; the findings after which ``tune`` prunes a
  trial: such a run does not come back): :class:`DivergedRun`, naming the finding and its advice;
  no list. The per-example table (:func:`descend.examples`) still reads the run.
- ``slow_progress`` (a rate too small while the loss still falls, a run its budget cut short):
  a note quoting the finding's evidence and advice, where no other note already quotes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .._checks import InvalidArgument
from ..training import History, run_folder
from ..training.findings import UNRECOVERABLE, Diagnosis
from ..training.history import read_findings

__all__ = ["run_findings", "refuse_diverged", "still_learning_note", "DivergedRun", "DIVERGED_KINDS", "STILL_LEARNING"]

DIVERGED_KINDS = UNRECOVERABLE  # refused: no list (the kinds after which tune prunes a trial)
STILL_LEARNING = "slow_progress"  # noted: the run had not finished learning


class DivergedRun(InvalidArgument):
    """``find_label_issues`` on a run the doctor found diverged: the message names the finding
    and what to do. A :class:`ValueError`, as every bad argument; the report catches it to say why
    a run has no list.

    >>> try:
    ...     refuse_diverged([Diagnosis("divergence", 3, "the loss became inf at step 3, with lr=9", "try lr=0.9")])
    ... except DivergedRun as err:
    ...     print(str(err)[:78])
    find_label_issues: the doctor found this run diverged (divergence at step 3: t
    """


def run_findings(run: Any) -> list[Diagnosis]:
    """The doctor's findings on ``run``: a :class:`History`'s ``diagnoses``, a run folder's
    ``diagnosis.json``; empty where there are none or the run keeps no findings (an
    :class:`~descend.training.ExampleRecord`, an estimator).

    >>> run_findings(History(diagnoses=[Diagnosis("slow_progress", 9, "e", "try lr=0.01", {"lr": 0.01})]))[0].kind
    'slow_progress'
    """
    if isinstance(run, (str, os.PathLike)) and (Path(run) / run_folder.DIAGNOSIS).is_file():
        return read_findings(run)
    return list(run.diagnoses) if isinstance(run, History) else []


def _quoted(finding: Diagnosis) -> str:
    """A finding's kind, step and first clause of its evidence (the rest is in the doctor's report)."""
    head = finding.kind + ("" if finding.step is None else f" at step {finding.step}")
    return f"{head}: {finding.evidence.split('; ')[0]}"


def refuse_diverged(findings: list[Diagnosis]) -> None:
    """Raise :class:`DivergedRun` where ``findings`` hold one of :data:`DIVERGED_KINDS`.

    >>> refuse_diverged([Diagnosis("divergence", 45, "the loss became nan at step 45, with lr=2", "try lr=0.2")])
    Traceback (most recent call last):
    descend.examples.run_findings.DivergedRun: find_label_issues: the doctor found this run diverged (divergence at step 45: the loss became nan at step 45, with lr=2): its margins come from weights thrown off course, which argue against labels for no reason of the labels', so no list is made from them. Train again with the doctor's advice (try lr=0.2) and track_examples=True (descend train --track-examples), and read that run
    """
    diverged = [d for d in findings if d.kind in DIVERGED_KINDS]
    if diverged:
        raise DivergedRun(
            f"find_label_issues: the doctor found this run diverged ({_quoted(diverged[0])}): its margins come from "
            "weights thrown off course, which argue against labels for no reason of the labels', so no list is made "
            f"from them. Train again with the doctor's advice ({diverged[0].advice}) and track_examples=True (descend "
            "train --track-examples), and read that run"
        )


def still_learning_note(findings: list[Diagnosis]) -> str | None:
    """The note on a run the doctor found still learning (a :data:`STILL_LEARNING` finding);
    ``None`` where it found none.

    >>> print(still_learning_note([Diagnosis("slow_progress", 180, "the loss still fell; more", "try lr=0.009")]))
    Note: the doctor found this run still learning when it stopped (slow_progress at step 180: the loss still fell): a run that has not finished learning argues against the labels of the examples it has not learnt yet, clean ones too, and the list holds them. Train it to the end (try lr=0.009) before trusting the list
    """
    slow = [d for d in findings if d.kind == STILL_LEARNING]
    if not slow:
        return None
    return (
        f"Note: the doctor found this run still learning when it stopped ({_quoted(slow[0])}): a run that has not "
        "finished learning argues against the labels of the examples it has not learnt yet, clean ones too, and the "
        f"list holds them. Train it to the end ({'; '.join(d.advice for d in slow)}) before trusting the list"
    )
