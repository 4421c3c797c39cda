"""``LabelIssues``: the table :func:`~descend.examples.label_issues.find_label_issues` returns.

The flagged examples, most suspect first, with the columns of :func:`descend.examples` and the
rule's cut-offs and readings (the count, the epochs read, the memorisation onset, whether the run
had fitted its training set), printed in its header; a note in words where the training accuracy
was still rising (:data:`STILL_RISING`) or the doctor found the run still learning
(:mod:`~descend.examples.run_findings`). The rule itself is in
:mod:`~descend.examples.label_issues`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._plural import counted
from ..training.findings import Diagnosis
from .memorisation import MEMORISED_AT
from .run_findings import STILL_LEARNING, still_learning_note
from .table import ExampleTable

__all__ = ["LabelIssues", "STILL_RISING", "EXTENDED", "WINDOW_AUM"]

# Session 10: above every tuning setting's rise over the last quarter of 20 epochs (0.058).
STILL_RISING = 0.06
# The column of the relative AUM over the epochs the rule read, which ranked the list.
WINDOW_AUM = "window_relative_aum"
# What the list holds past its caps, in the header and the report.
EXTENDED = "more that the run's class probabilities or its last epochs place in another class"


class LabelIssues(ExampleTable):
    """The flagged examples, most suspect first: the columns of :func:`descend.examples`, with
    the same values (the whole record's, as ``examples.csv`` holds them), plus, over the epochs
    the rule read (``epochs``: those before the run memorised its labels), ``window_relative_aum``
    (the relative AUM there, which ranked the list) and ``half_clipped_aum`` (the lower of its
    early- and late-half means of relative margins clipped to +-1,
    :func:`~descend.examples.half_clipped.half_clipped_aum`), and ``suggested`` (the label it
    probably should have; like ``label`` and ``predicted``, the class's own value, as the user's
    ``y`` holds it, ``None`` where the run never predicted another class:
    :class:`~descend.examples.ExampleTable`). ``indices`` are
    their rows of the data given (the ``index`` column, :func:`descend.examples`), ``threshold`` and
    ``decisiveness`` the cut-offs, ``tail`` and ``estimated`` the tail and the number of
    mislabelled examples it estimated (:func:`~descend.examples.mislabelled_count.estimated_mislabelled`; both ``None`` when the
    count was not used; ``estimated`` ``None`` too where the run memorised early and the count
    did not cap the list, :mod:`~descend.examples.early_memorised`, or where the examples it
    would cut were fitted later, :mod:`~descend.examples.memorised_cut`), ``flagged`` how many were flagged (:meth:`head` and :meth:`top` keep
    it) and ``n_examples`` the size of the training set (``n_rows``: of the data given, as
    :class:`~descend.examples.ExampleTable`'s). ``count`` is the cap given as
    ``count=`` (``None`` if none), ``accuracy_rise`` the rise of the training accuracy over the
    last quarter of the epochs (:func:`~descend.examples.label_issues.training_accuracy_rise`) and ``note`` a warning in words
    when it is at least :data:`STILL_RISING` (the run has not fitted its training set), else
    ``None``; the header prints it. ``epochs`` is the number of epochs the rule read (the first
    ones, before memorisation), ``recorded_epochs`` the number recorded, ``memorised_at`` the
    accuracy level given (``None``: all epochs read) and ``onset`` the position of the first
    epoch that reached it (:func:`~descend.examples.memorisation.memorisation_onset`; ``None`` if none did). ``memorised_share``
    is the share of the examples the early half rejected decisively that the last epoch read
    fits (:func:`~descend.examples.unmemorised.memorised_share`; NaN if it rejected none),
    ``unmemorised_below`` the level under which the late half had to argue against them too, and
    ``unfitted`` whether it had to because the run has not fitted its training set
    (:mod:`~descend.examples.unfitted_run`), ``unbound`` whether the listed examples had to because
    the run has not fitted its training set and the count did not cut the list
    (:mod:`~descend.examples.unbound_count`), ``joint`` the confident joint's count where it cut the
    list (:mod:`~descend.examples.confident_joint`; ``None`` where it did not), ``decisive`` the
    number of listed examples placed decisively in another class where it cut the list
    (:mod:`~descend.examples.decisive_share`; ``None`` where it did not). ``classes`` names the
    classes as :class:`~descend.examples.ExampleTable`'s do. ``untracked`` is the number of the
    run's first epochs the record lacks (tracking turned on at a resume); the note names them.
    ``unlearnt`` is the last epoch's training accuracy and a constant prediction's (the commonest
    label's share) where the former is no higher (the run has learnt nothing); the note says so.
    ``unlearnt_classes`` lists the classes the run has not learnt otherwise, as ``(class,
    predicted, right)``, the class by its value as the label columns give it (the constructor
    takes its position, as :func:`~descend.examples.unlearnt_classes.unlearnt_classes` gives it),
    and the note names them, with ``accuracies`` (the last epoch's training accuracy and a constant
    prediction's, where given); ``unlearnt_start``, where the run learnt every class in the end, is
    ``(epochs, early half)`` where more than half of the early half the rule read was no better
    than a constant prediction (:func:`~descend.examples.initial_regime.unlearnt_early_half`), and
    the note says so. ``memorised_start`` is ``(epoch, training accuracy)`` of the first epoch
    the rule read where that epoch already fitted at least ``memorised_at`` of the given labels
    (:func:`~descend.examples.memorised_at_start.memorised_at_start`; ``None`` where it did
    not): the record holds no evidence against any label, and the note says so. ``findings``
    are the doctor's on the run (:func:`~descend.examples.run_findings.run_findings`):
    the advice of its ``slow_progress`` findings is quoted in whichever of these notes prints, and
    where none prints, such a finding is a note of its own (the run was still learning,
    :func:`~descend.examples.run_findings.still_learning_note`).
    ``n_examples`` is the record's size, ``unseen`` how many of them were never trained on (an
    estimator's rows held out for early stopping, or those a sampler drew into no batch): the
    header counts only the others. :meth:`from_csv` reads a list :meth:`to_csv` wrote (the CLI's
    ``label_issues.csv``) back as one: its columns, in its order, and ``None`` for the readings the
    file does not hold (``threshold``, ``epochs``, ``n_examples``, ...).

    >>> from descend.examples import find_label_issues
    >>> from descend.training import ExampleRecord
    >>> record = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1],
    ...     loss=[[0.4, 0.5, 2.0], [0.1, 0.2, 2.5]], p_label=[[0.7, 0.6, 0.1], [0.9, 0.8, 0.1]],
    ...     margin=[[0.8, 0.4, -2.0], [2.0, 1.4, -2.5]], predicted=[[0, 1, 0], [0, 1, 0]])
    >>> issues = find_label_issues(record)  # example 2, labelled 1, is scored as a 0 throughout
    >>> issues.flagged, issues.n_examples, issues.indices.tolist(), issues["suggested"].tolist()
    (1, 3, [2], [0])
    >>> issues.threshold, issues.epochs
    (0.0, 2)
    >>> print(repr(issues)[:60])
    LabelIssues: 1 of 3 training examples flagged (relative AUM
    """

    _EMPTY = "(no example is below the cut-off)"

    def __init__(
        self,
        columns: dict[str, Any],
        *,
        epochs: int | None,
        threshold: float | None,
        n_examples: int | None,
        decisiveness: float = 0.0,
        tail: float | None = None,
        estimated: float | None = None,
        count: float | None = None,
        accuracy_rise: float | None = None,
        recorded_epochs: int | None = None,
        memorised_at: float | None = None,
        onset: int | None = None,
        memorised_share: float | None = None,
        unmemorised_below: float | None = None,
        unfitted: bool = False,
        unbound: bool = False,
        joint: int | None = None,
        decisive: int | None = None,
        classes: Any = None,
        untracked: int = 0,
        unseen: int = 0,
        unlearnt: tuple[float, float] | None = None,
        unlearnt_classes: Sequence[tuple[int, int, int]] = (),
        accuracies: tuple[float, float] | None = None,
        unlearnt_start: tuple[int, int] | None = None,
        findings: Sequence[Diagnosis] = (),
        n_rows: int | None = None,
        memorised_start: tuple[int, float] | None = None,
    ) -> None:
        super().__init__(columns, task="classification", epochs=epochs, classes=classes, n_rows=n_rows)
        self.recorded_epochs = epochs if recorded_epochs is None else recorded_epochs
        self.memorised_at, self.onset = memorised_at, onset
        self.memorised_share, self.unmemorised_below = memorised_share, unmemorised_below
        self.unfitted, self.unbound, self.joint = unfitted, unbound, joint
        self.decisive = decisive
        self.threshold, self.decisiveness = threshold, decisiveness
        self.tail, self.estimated, self.count = tail, estimated, count
        self.n_examples, self.flagged, self.unseen = n_examples, len(self), unseen
        self.accuracy_rise = accuracy_rise
        # By the class's value, as the label columns (positions before session 41's a9c2883 named them).
        self.unlearnt_classes = [(self._class_value(c), called, right) for c, called, right in unlearnt_classes]
        self.unlearnt_start = unlearnt_start
        self.note = (
            None
            if accuracy_rise is None or accuracy_rise < STILL_RISING
            else f"Note: the training accuracy on the given labels rose by {accuracy_rise:.3f} over the last "
            f"quarter of the {self.recorded_epochs} epochs: the run has not fitted its training set, and where it has not "
            "fitted the clean classes the list holds clean examples too: train until it levels off before "
            "trusting the list"
        )
        unlearnt_words = None
        if unlearnt is not None:  # a run that has learnt nothing argues against every label alike
            accuracy, constant = unlearnt
            unlearnt_words = (
                f"Note: the run's last epoch predicts the given labels no better than a constant prediction (training "
                f"accuracy {accuracy:.3f}; the commonest label everywhere scores {constant:.3f}): a run that has not "
                "learnt the classes argues against a label for no reason of the label's: train until it fits them "
                "(another lr, more epochs) before reading the list"
            )
        elif self.unlearnt_classes:  # above a constant prediction, but some class not learnt
            unlearnt_words = self._unlearnt_note(accuracies)
        elif unlearnt_start is not None:  # learnt in the end, but the early half read mostly had not
            start, early = unlearnt_start
            unlearnt_words = (
                f"Note: the run predicted no better than a constant prediction (training accuracy at most the "
                f"commonest label's share, or mean loss at least log k for its k classes) through its first "
                f"{counted(start, 'epoch')}, {start} of the {early} of the early half the rule reads: there a model "
                "that had learnt nothing argued against the labels, and the list holds examples it had not learnt "
                "yet. Standardise the features (train's standardize=True; GDClassifier's scale_features=True, its "
                "default) or raise the rate so that it learns from its first epochs before reading the list"
            )
        advice = [d.advice for d in findings if d.kind == STILL_LEARNING]
        if unlearnt_words is not None:
            if advice:  # the doctor's measured reason, where it found one
                unlearnt_words += f" (the doctor on this run: {'; '.join(advice)})"
            self.note = unlearnt_words if self.note is None else f"{unlearnt_words}\n{self.note}"
        elif self.note is None:  # no note on the accuracy: the doctor's own finding, where it made one
            self.note = still_learning_note(findings)
        elif advice:  # still rising: the doctor's rate, where it measured one
            self.note += f" (the doctor on this run: {'; '.join(advice)})"
        self.memorised_start = memorised_start
        if memorised_start is not None:  # no epoch read before the flips were fitted: nothing argued
            start = self._memorised_start_note(memorised_start)
            self.note = start if self.note is None else f"{start}\n{self.note}"
        if untracked > 0:  # the rule reads a run's early epochs: say where they are missing
            missing = (
                f"Note: the record starts at epoch {untracked + 1}: the run's first {counted(untracked, 'epoch')} "
                f"{'was' if untracked == 1 else 'were'} not tracked (tracking turned on at a resume, or the record of a "
                "later warm_start fit or partial_fit call), and the "
                "rule reads the early epochs of training, where mislabelled examples stand out: train from the start "
                "with track_examples=True to trust the list"
            )
            self.note = missing if self.note is None else f"{self.note}\n{missing}"

    def _memorised_start_note(self, memorised_start: tuple[int, float]) -> str:
        """The note on :attr:`memorised_start`: the run fitted its labels by the first epoch read."""
        epoch, accuracy = memorised_start
        level = MEMORISED_AT if self.memorised_at is None else self.memorised_at
        return (
            f"Note: the run's training accuracy on the given labels was already {accuracy:.3f} in epoch {epoch}, the "
            f"first the rule reads (at least {level:g}: it had fitted them, any mislabelled ones included): no epoch "
            "it read shows the clean examples of a class pulling a mislabelled one away from its label, so the "
            f"record holds no evidence against any label, and the list ({self.flagged} flagged) cannot tell how many "
            "are wrong. "
            "Train so that the run fits the clean examples before the flips: a first-order optimizer "
            "(optimizer='adam' or 'sgd'; L-BFGS fits a small set in one step) at a smaller rate, or smaller batches, "
            "with track_examples=True, before reading the list"
        )

    def _class_value(self, position: int) -> Any:
        """The class at ``position`` among :attr:`classes` by its value (the position itself
        where the classes are their own positions, or it lies past them)."""
        return self.classes[position] if self.classes is not None and 0 <= position < len(self.classes) else position

    def _unlearnt_note(self, accuracies: tuple[float, float] | None) -> str:
        """The note on :attr:`unlearnt_classes`: which classes, with their counts."""
        names = [str(c) for c, *_ in self.unlearnt_classes]
        counts = "; ".join(
            f"{name} for no example"
            if called == 0
            else f"{name} for {counted(called, 'example')}, {right} of them labelled {name}"
            for name, (_, called, right) in zip(names, self.unlearnt_classes)
        )
        which = f"class {names[0]}" if len(names) == 1 else f"classes {', '.join(names[:-1])} and {names[-1]}"
        fits = (
            ""
            if accuracies is None
            else f"; training accuracy {accuracies[0]:.3f}, the commonest label's share {accuracies[1]:.3f}"
        )
        return (
            f"Note: the run has not learnt {which} (its last epoch predicts {counts}{fits}). A class the run has "
            "learnt is predicted mostly for examples labelled so, where fewer than half of its labels are wrong: "
            "there the list holds examples the run has not learnt, not mislabelled ones. Train longer or at a larger "
            "rate until it predicts every class mostly for its own labels before reading the list"
        )

    @classmethod
    def _read_back(cls, columns: dict[str, Any], task: str, classes: Any) -> LabelIssues:
        """A list read back from its CSV (``label_issues.csv``): its columns, in its order; the
        rule's readings, which the file does not hold (the cut-offs, the epochs read, the size of
        the training set), ``None``."""
        return cls(columns, epochs=None, threshold=None, n_examples=None, classes=classes)

    @property
    def extended(self) -> int:
        """How many the list holds past the least of its caps (``estimated``, ``count``,
        ``joint``, ``decisive``): the examples the steps after the count added (0: none)."""
        caps = [cap for cap in (self.estimated, self.count, self.joint, self.decisive) if cap is not None]
        return max(0, self.flagged - round(min(caps))) if caps else 0

    @property
    def indices(self) -> np.ndarray:
        """The flagged examples' indices (their rows of the data given), most suspect first."""
        return self["index"]

    def _header(self) -> str:
        if self.threshold is None:  # read back from CSV: the list without the rule's readings
            return (
                f"LabelIssues: {counted(self.flagged, 'flagged training example')}, most suspect first (read back "
                "from CSV, which holds the list but not the rule's readings: its cut-offs, the epochs it read, the "
                "size of the training set)"
            )
        count = (
            ""
            if self.estimated is None
            else f", at most the {self.estimated:.0f} mislabelled the early half's tails beyond +-{self.tail:g} imply"
        )
        if self.count is not None:
            count += f"{' and' if count else ', at most'} the {self.count:.0f} of the count given"
        if self.joint is not None:
            count += (
                f"{' and' if count else ', at most'} the {self.joint} the run's confident joint counts (it has not "
                "fitted its training set)"
            )
        if self.decisive is not None:
            count += (
                f"{' and' if count else ', at most'} the {self.decisive} it places decisively in another class (the "
                "rest of the list is split between classes)"
            )
        if self.extended:
            count += f", then {self.extended} {EXTENDED}"
        note = "" if self.note is None else "\n" + self.note
        late = (
            ""
            if self.unmemorised_below is None or not self.memorised_share < self.unmemorised_below
            else f", and < {self.threshold - self.decisiveness / 2:g} in the late half (the run fitted only "
            f"{self.memorised_share:.0%} of what its early half rejected: it has not memorised them)"
        )
        if self.unbound and not late:
            late = (
                f", and < {self.threshold - self.decisiveness / 2:g} in the late half (the run has not fitted its "
                "training set, and the count did not cut the list)"
            )
        if self.unfitted and not late:
            late = (
                f", and < {self.threshold - self.decisiveness / 2:g} in the late half (the run has not fitted its "
                "training set and is still fitting it)"
            )
        read = counted(self.epochs, "epoch")
        held_out = (
            ""
            if not self.unseen
            else f" (not counted: the record's {counted(self.unseen, 'other row')}, held out for validation or in "
            "no batch the loader's sampler drew: never trained on)"
        )
        if self.onset is not None:
            read = (
                f"the first {self.epochs} of {self.recorded_epochs} epochs (the training accuracy on the given "
                f"labels reached {self.memorised_at:g} in epoch {self.onset + 1}: later epochs fit the flips too)"
            )
        return (
            f"LabelIssues: {self.flagged} of {counted(self.n_examples - self.unseen, 'training example')} flagged{held_out} "
            f"(relative AUM < {self.threshold:g} and < {self.threshold - self.decisiveness:g} in the early or the "
            f"late half, each epoch's relative margin clipped to +-1: over {read}, the model scored another class "
            f"above the given label, decisively in one half{late}{count}); most suspect first ({WINDOW_AUM}: "
            "the relative AUM over the epochs read, which ranks the list; the other columns are over the whole "
            f"record, as in descend.examples){note}"
        )
