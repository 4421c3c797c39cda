"""``find_label_issues``: the training examples most likely mislabelled, from the run alone.

The rule, step by step; each step's module says why, with the runs that showed it.

(0) On a full-batch run, skip the leading epochs no better than a constant prediction (its
    initial weights; :mod:`~descend.examples.initial_regime`). Then read the epochs before the run
    memorises its given labels: up to the first whose training
    accuracy on them reaches ``memorised_at`` = 0.98 while it fits a label the epochs before
    rejected (:mod:`~descend.examples.memorisation`), those labels outnumbering the examples it
    still gets wrong (:mod:`~descend.examples.rejected_outnumber`); all the epochs where none does.
(1) An example is argued against when its relative AUM is below ``threshold`` = 0: the margin of
    its given label (its logit minus the largest other; Pleiss et al. 2020) in each epoch,
    divided by that epoch's median absolute margin over all examples, averaged over the epochs
    read (:func:`~descend.examples.summaries.relative_aum`).
(2) It is flagged when, besides, the early or the late half of those epochs (the first ``E // 2``
    and the rest) argues against it decisively: the mean of its relative margins there, each
    epoch's clipped to +-1, below ``threshold - decisiveness`` = -0.3
    (:func:`~descend.examples.half_clipped.half_clipped_aum`). By the kind of run:

    (2b) where the run did not go on to fit what its early half rejected
         (:mod:`~descend.examples.unmemorised`), or has not fitted its training set
         (:mod:`~descend.examples.unfitted_run`, :mod:`~descend.examples.unbound_count`), the
         late half, or its last epochs, must argue against the example too;
    (2c) where it fitted most of what its early half rejected, the early half alone flags
         (:mod:`~descend.examples.memorised_rejected`);
    (2d) where it memorised early and no count caps the list, the examples the first epochs
         rejected join its end (:mod:`~descend.examples.first_epochs_rejected`).
(3) The flagged examples, ranked by relative AUM (lowest first; ties by AUM, then lower
    confidence, then lower correctness, then more forgetting events; all over the epochs read:
    the list's column ``window_relative_aum``, its other columns being the whole record's, as
    :func:`descend.examples` gives them), are cut at the number of flips the early half implies
    (:func:`~descend.examples.estimated_mislabelled`, ``tail`` = 0.7, read from the classes the
    run fitted: :mod:`~descend.examples.mislabelled_count`,
    :mod:`~descend.examples.label_surplus`, :mod:`~descend.examples.left_out`,
    :mod:`~descend.examples.out_of_fitted`), unless the run memorised early
    (:mod:`~descend.examples.early_memorised`) or fitted later what the cut would drop
    (:mod:`~descend.examples.memorised_cut`). In runs of three classes or more that have not
    fitted their labels, the run's class probabilities then cut or extend the list
    (:mod:`~descend.examples.probability_cuts`, :mod:`~descend.examples.late_fitted`). Last, where
    the list reads as class-conditional noise (each given label's listed examples mostly suggest
    one other class, a different one per label), a label's minor pairs leave it
    (:mod:`~descend.examples.minor_pairs`). Then, in a run of three classes or more fitting
    0.6-0.9, the flagged examples the count cut that its last epochs still argue against
    decisively join the list's end, and, fitting 0.7 or more (0.65 where a tenth of the run's
    examples read decisively against their labels over the last epochs and the list is short of
    four fifths of the count), those the class-probability cuts removed that its last epochs place
    decisively in another class (:mod:`~descend.examples.late_recall`). These reads after the count are
    ordered in :mod:`~descend.examples.class_probabilities`.
(4) Where the epochs read number fewer than 4 (a clean run that fits its labels by its second or
    third epoch: an early half of one epoch), a listed example stays only where the epochs after
    the first and before the onset argue against it too (:mod:`~descend.examples.one_epoch_half`).
    Last, on a full-batch run whose last epoch still predicts a label wrong, a listed example it
    predicts as labelled there leaves, unless late-rejected (:mod:`~descend.examples.late_leavers`).

Why (1). Below 0: over training, the model scored another class above the given one more, in the
units of each epoch, than it scored the given class above the others. A correctly labelled
example is pulled towards its label by every other example of its class and earns a positive
margin early; a mislabelled one is pulled away by them and is, at best, memorised late (Arpit et
al. 2017), when the logits of every example have grown large: the raw AUM gives those late
epochs the most weight and misses memorised examples, the relative one weighs every epoch alike.

Why (2). A clean example in the overlap of two classes (versicolor and virginica in iris) or one
learned late also has a relative AUM a little below 0, but the model argues against its label
only weakly, and never decisively, in either phase of training. A mislabelled one is argued
against decisively while the network learns the clean patterns (the early half, before
memorisation), and, when the network never memorises it, in the late half too. The halves need
no extra run. Decisively means through several epochs of the half, hence the clip: in the first
epoch, the network close to its initialisation, relative margins are heavy-tailed, and an
unclipped mean over the early half let that one epoch flag clean examples learned late (session
14; see :mod:`~descend.examples.half_clipped`).

The suggested label is the class the model predicted most often, other than the given label,
over the later half of the recorded epochs (over all of them if it never did there). It, like the
``label`` and ``predicted`` columns, is the class's own value, as the user's ``y`` holds it (a
``GDClassifier``'s ``classes_``): ``y[issues.indices] = issues["suggested"]`` relabels.

What it cannot tell apart (classes that truly overlap; a run that fitted its labels, flips
included, by the first epoch it reads, noted: :mod:`~descend.examples.memorised_at_start`; a run
that has fitted none or one of the clean classes; a short run still fitting, noted where
:func:`training_accuracy_rise` is at least ``STILL_RISING`` = 0.06) and how every number was
chosen (bench ``label_noise``, tuned on its tuning half, reported once on groups it was not fitted
on): ``docs/label_issues.md``; current figures in ``bench/records/label_noise.md``, every rule
tried in ``bench/HISTORY.md``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, flag, number
from .class_probabilities import listed_by_class_probabilities
from .confident_joint import JOINT_BELOW
from .decisive_share import DECISIVE_BELOW, DECISIVE_EXTEND, DECISIVE_FEW
from .early_memorised import MEMORISED_EARLY
from .early_memorised import memorised_early as memorised_early_run
from .first_epochs_rejected import FIRST_EPOCHS, rejected_first
from .fitted_extend import FITTED_EXTEND
from .flips_count import flips_count
from .half_clipped import decisive_bar, half_clipped_means
from .initial_regime import constant_share, past_initial_regime, unlearnt, unlearnt_early_half
from .issues_table import STILL_RISING, WINDOW_AUM, LabelIssues
from .label_surplus import SURPLUS_BELOW
from .late_fitted import LATE_FIT_BELOW
from .late_leavers import late_leavers
from .late_recall import RECALL_BELOW
from .left_out import LEFT_OUT_BELOW, SHORT_BELOW
from .memorisation import MEMORISED_AT, ONSET_TAIL, first_epochs, memorisation_onset
from .memorised_at_start import memorised_at_start
from .memorised_cut import MEMORISED_CUT_ABOVE, MISFIT_CUT_ABOVE
from .memorised_rejected import MEMORISED_ABOVE, early_alone
from .minor_pairs import MINOR_PAIRS
from .mislabelled_count import FITTED_AT, NOISE_TAIL
from .never_seen import labelled_examples
from .one_epoch_half import before_onset_means, single_epoch_half, still_rejected
from .out_of_fitted import OUT_OF_FITTED_BELOW, OUT_OF_FITTED_FEW_BELOW
from .overrun_cut import OVERRUN_OVER
from .run_findings import refuse_diverged, run_findings
from .split_decisive import SPLIT_OVER_JOINT
from .split_recount import RECOUNT_BELOW
from .suggested import suggested_labels
from .summaries import record_of, summarize
from .table import LABEL_COLUMNS
from .unbound_count import UNBOUND_AT, count_unbound
from .unfitted_run import (
    UNFITTED_BELOW,
    UNFITTED_LAST,
    last_accuracy,
    last_epochs_means,
    still_unfitted,
    training_accuracy_rise,
)
from .unlearnt_classes import unlearnt_classes
from .unmemorised import UNMEMORISED_BELOW, fitted_share

__all__ = [
    "find_label_issues",
    "LabelIssues",
    "suggested_labels",
    "AUM_THRESHOLD",
    "DECISIVENESS",
    "STILL_RISING",
    "training_accuracy_rise",
]

# Both tuned on the tuning half of bench/label_noise.py (see docs/label_issues.md).
AUM_THRESHOLD = 0.0
DECISIVENESS = 0.3


def find_label_issues(
    run: Any,
    *,
    threshold: float = AUM_THRESHOLD,
    decisiveness: float = DECISIVENESS,
    tail: float | None = NOISE_TAIL,
    count: float | None = None,
    memorised_at: float | None = MEMORISED_AT,
    onset_tail: float = ONSET_TAIL,
    fitted_at: float | None = FITTED_AT,
    unmemorised_below: float | None = UNMEMORISED_BELOW,
    surplus_below: float | None = SURPLUS_BELOW,
    left_out_below: float | None = LEFT_OUT_BELOW,
    short_below: float | None = SHORT_BELOW,
    out_of_fitted_below: float | None = OUT_OF_FITTED_BELOW,
    out_of_fitted_few_below: float | None = OUT_OF_FITTED_FEW_BELOW,
    memorised_early: float | None = MEMORISED_EARLY,
    memorised_above: float | None = MEMORISED_ABOVE,
    memorised_cut_above: float | None = MEMORISED_CUT_ABOVE,
    rejected_first_epochs: int | None = FIRST_EPOCHS,
    unfitted_below: float | None = UNFITTED_BELOW,
    unfitted_last_epochs: int | None = UNFITTED_LAST,
    misfit_cut_above: float | None = MISFIT_CUT_ABOVE,
    unbound_count_at: float | None = UNBOUND_AT,
    joint_below: float | None = JOINT_BELOW,
    decisive_below: float | None = DECISIVE_BELOW,
    decisive_few: float | None = DECISIVE_FEW,
    decisive_extend: float | None = DECISIVE_EXTEND,
    recount_below: float | None = RECOUNT_BELOW,
    split_over_joint: float | None = SPLIT_OVER_JOINT,
    fitted_extend: float | None = FITTED_EXTEND,
    overrun_cut: float | None = OVERRUN_OVER,
    late_fitted_below: float | None = LATE_FIT_BELOW,
    minor_pairs: float | None = MINOR_PAIRS,
    late_recall: float | None = RECALL_BELOW,
    one_epoch_half: bool = True,
    rejected_outnumber: bool = True,
    initial_regime: bool | None = None,
    late_learners: bool | None = None,
) -> LabelIssues:
    """The training examples likely mislabelled in ``run`` (as for :func:`descend.examples`),
    ranked, with the label each probably should have, by the rule of
    :mod:`~descend.examples.label_issues` (its steps (0)-(3)). All of it is read from the
    recorded epochs; no extra run.

    Each keyword is one step's constant, its default the value tuned in bench ``label_noise``;
    ``None`` switches that step off (the rule as it was before the step), except where said.

    - ``threshold``, ``decisiveness``: steps (1) and (2): relative AUM below ``threshold`` and a
      half's clipped mean below ``threshold - decisiveness``. The clipped means lie in [-1, 1],
      so ``threshold - decisiveness`` must be above -1 for anything to be flagged:
      ``threshold > -1`` and ``0 <= decisiveness < threshold + 1`` (below 1 at ``threshold=0``).
    - ``memorised_at``, ``onset_tail``: step (0), the memorisation onset
      (:func:`~descend.examples.memorisation_onset`); ``memorised_at=None`` reads every epoch.
      ``rejected_outnumber``: an epoch is the onset only where the labels rejected before it
      outnumber the examples it predicts wrong (:mod:`~descend.examples.rejected_outnumber`,
      session 26); ``False`` switches it off.
    - ``initial_regime``: first, the leading epochs no better than a constant prediction are not
      read (:mod:`~descend.examples.initial_regime`, session 26); by default (``None``) only where
      the run's record says one update per epoch (its ``updates_per_epoch``: a full-batch run's; a
      record that does not know it is read whole); ``True`` on any record, ``False`` never.
    - ``late_learners``: last, where the run's last epoch still predicts a label wrong, the listed
      examples it predicts as labelled leave (:mod:`~descend.examples.late_leavers`, session 27);
      ``None`` (default) full-batch records only, as ``initial_regime``; ``True`` any, ``False`` never.
    - ``unmemorised_below``, ``unfitted_below``, ``unfitted_last_epochs``, ``unbound_count_at``:
      step (2b), where the late half or the last epochs must argue against an example too
      (:mod:`~descend.examples.unmemorised`, :mod:`~descend.examples.unfitted_run`,
      :mod:`~descend.examples.unbound_count`).
    - ``memorised_above``: step (2c), the early half alone flags
      (:mod:`~descend.examples.memorised_rejected`).
    - ``rejected_first_epochs``: step (2d) (:mod:`~descend.examples.first_epochs_rejected`).
    - ``tail``: step (3), the count of flips (:func:`~descend.examples.estimated_mislabelled`);
      ``None``: no count and no class-probability cuts. Any number above 0: the early relative
      AUM it bounds on either side is not clipped to +-1 (step (2)'s halves are), so ``tail=2``
      counts the examples beyond twice each epoch's median absolute margin, and a ``tail`` no
      example reaches counts no flip (the list is then empty). Which classes it reads: ``fitted_at``
      (``None``: every example), ``surplus_below``, ``left_out_below``, ``short_below``,
      ``out_of_fitted_below``, ``out_of_fitted_few_below``. Where it does not cap the list:
      ``memorised_early``, ``memorised_cut_above``, ``misfit_cut_above``.
    - ``joint_below``, ``decisive_below``, ``decisive_few``, ``decisive_extend``,
      ``recount_below``, ``split_over_joint``, ``fitted_extend``, ``overrun_cut``,
      ``late_fitted_below``: step (3), the cuts by the run's class probabilities (:mod:`~descend.examples.probability_cuts`).
    - ``minor_pairs``: in step (3), a label's minor (given, suggested) pairs leave a list that
      reads as class-conditional noise (:mod:`~descend.examples.minor_pairs`).
    - ``late_recall``: last in step (3), the flagged examples the count cut come back where the
      last epochs' clipped relative margin mean is below it, and those the class-probability cuts
      removed that the run's last epochs place decisively in another class, below
      ``RECALL_REMOVED_BELOW`` there (:mod:`~descend.examples.late_recall`; ``None``: neither).
    - After the recalls, where no joint cut the list, a run of 3-5 classes fitting 0.75-0.8 of its labels
      whose count reads twice the confident joint's or more keeps at most 1.2 times the joint's count
      (:func:`~descend.examples.confident_joint.joint_caps`, round 60); ``joint_below=None`` switches it off.
    - ``one_epoch_half``: last, where the epochs read number fewer than 4 (an early half of one
      epoch), a listed example stays only where the epochs after the first and before the onset
      argue against it too (:mod:`~descend.examples.one_epoch_half`, session 25); ``False``
      switches it off.
    - ``count``: opt-in, a cap of the user's own, for instance
      :func:`~descend.examples.held_out_count` (one more run on half the data; measured in bench
      ``label_noise``, session 10); the class-probability cuts then never extend the list.

    >>> import numpy as np
    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1],
    ...     loss=[[0.4, 0.5, 2.0], [0.1, 0.2, 2.5]], p_label=[[0.7, 0.6, 0.1], [0.9, 0.8, 0.1]],
    ...     margin=[[0.8, 0.4, -2.0], [2.0, 1.4, -2.5]], predicted=[[0, 1, 0], [0, 1, 0]])
    >>> issues = find_label_issues(r)
    >>> issues["relative_aum"].round(2).tolist()
    [-1.87]
    >>> issues.indices.tolist(), issues["suggested"].tolist()
    ([2], [0])
    """
    threshold, decisiveness = decisive_bar(threshold, decisiveness)
    tail = number("tail", tail, gt=0, none=True)
    count = number("count", count, ge=0, none=True)
    memorised_at = number("memorised_at", memorised_at, gt=0, le=1, none=True)
    onset_tail = number("onset_tail", onset_tail, gt=0)
    fitted_at = number("fitted_at", fitted_at, gt=0, le=1, none=True)
    unmemorised_below = number("unmemorised_below", unmemorised_below, gt=0, le=1, none=True)
    surplus_below = number("surplus_below", surplus_below, gt=0, none=True)
    rejected_first_epochs = number("rejected_first_epochs", rejected_first_epochs, integer=True, ge=1, none=True)
    unfitted_below = number("unfitted_below", unfitted_below, gt=0, le=1, none=True)
    unfitted_last_epochs = number("unfitted_last_epochs", unfitted_last_epochs, integer=True, ge=1, none=True)
    misfit_cut_above = number("misfit_cut_above", misfit_cut_above, none=True)
    unbound_count_at = number("unbound_count_at", unbound_count_at, gt=0, none=True)
    joint_below = number("joint_below", joint_below, gt=0, le=1, none=True)
    decisive_below = number("decisive_below", decisive_below, gt=0, le=1, none=True)
    decisive_few = number("decisive_few", decisive_few, gt=0, le=1, none=True)
    decisive_extend = number("decisive_extend", decisive_extend, gt=0, le=1, none=True)
    recount_below = number("recount_below", recount_below, gt=0, le=1, none=True)
    split_over_joint = number("split_over_joint", split_over_joint, gt=0, none=True)
    fitted_extend = number("fitted_extend", fitted_extend, gt=0, le=1, none=True)
    overrun_cut = number("overrun_cut", overrun_cut, ge=1, none=True)
    late_fitted_below = number("late_fitted_below", late_fitted_below, gt=0, le=1, none=True)
    minor_pairs = number("minor_pairs", minor_pairs, gt=0, le=1, none=True)
    late_recall = number("late_recall", late_recall, ge=-1, le=1, none=True)
    one_epoch_half = flag("one_epoch_half", one_epoch_half)
    rejected_outnumber = flag("rejected_outnumber", rejected_outnumber)
    initial_regime = flag("initial_regime", initial_regime, none=True)
    late_learners = flag("late_learners", late_learners, none=True)
    findings = run_findings(run)
    refuse_diverged(findings)  # a diverged run's margins argue nothing about its labels
    given = record_of(run)
    whole, positions = labelled_examples(given)  # examples no batch held have no label to doubt
    left_out = given.n - whole.n
    untracked = int(whole.epochs[0]) if len(whole.epochs) else 0  # the run's epochs before its record
    full_batch = whole.updates_per_epoch == 1  # mini-batch headline: these tests are for full batch only
    initial_regime = full_batch if initial_regime is None else initial_regime
    late_learners = full_batch if late_learners is None else late_learners
    if initial_regime and whole.task == "classification":  # the initial weights' epochs argue nothing
        whole = past_initial_regime(whole)
    if whole.task != "classification":
        raise InvalidArgument(
            "find_label_issues needs a classification run (labels to doubt), got a regression record; "
            "descend.examples(run).top(k, by='final_loss') ranks the examples a regression fits worst"
        )
    memorised_start = memorised_at_start(whole, memorised_at)  # nothing argued: a note, the list as it is
    level = {"accuracy": memorised_at, "tail": onset_tail, "outnumber": rejected_outnumber}
    onset = None if memorised_at is None else memorisation_onset(whole, **level)
    record = whole if onset is None else first_epochs(whole, max(onset + 1, 2))
    table = summarize(record)
    early, late = half_clipped_means(record.margin)
    halves = np.fmin(early, late)
    argued_against = table["relative_aum"] < threshold
    below = argued_against & (halves < threshold - decisiveness)
    share = fitted_share(record, argued_against & (early < threshold - decisiveness))
    rise = training_accuracy_rise(whole)
    fits = last_accuracy(record)
    unfitted = still_unfitted(fits, rise, below=unfitted_below)  # (2b) too
    if (unmemorised_below is not None and share < unmemorised_below) or unfitted:  # (2b): NaN never binds
        below &= ~(late >= threshold - decisiveness / 2)
    if early_alone(share, len(record.epochs), above=memorised_above):  # (2c)
        below |= early < threshold - decisiveness
    flagged = np.flatnonzero(below)
    key = tuple(
        sign * table[name][flagged]
        for sign, name in ((-1, "forgetting"), (1, "correctness"), (1, "confidence"), (1, "aum"), (1, "relative_aum"))
    )
    order = flagged[np.lexsort(key)]
    suggested = suggested_labels(record)
    estimated = flips_count(
        record, whole, order, len(flagged), tail=tail, suggested=suggested, late=late, fits=fits, onset=onset,
        fitted_at=fitted_at, surplus_below=surplus_below, left_out_below=left_out_below, short_below=short_below,
        out_of_fitted_below=out_of_fitted_below, out_of_fitted_few_below=out_of_fitted_few_below,
        memorised_early=memorised_early, memorised_cut_above=memorised_cut_above, misfit_cut_above=misfit_cut_above,
    )  # fmt: skip
    early_run = memorised_early_run(len(record.epochs), len(whole.epochs), early=memorised_early)
    if tail is not None and estimated is None and onset is not None and early_run:  # (2d)
        order = rejected_first(
            record.margin, order, argued_against, below=threshold - decisiveness, epochs=rejected_first_epochs
        )
    unbound = not unfitted and count_unbound(estimated, len(order), fits, at=unbound_count_at, below=unfitted_below)
    if unbound:  # (2b) too: the count took clean examples in regions the run has not fitted for flips
        order = order[~(late[order] >= threshold - decisiveness / 2)]
    cut = order[int(np.round(estimated)) :] if estimated is not None and count is None else order[:0]
    for cap in (estimated, count):
        if cap is not None:
            order = order[: int(np.round(cap))]
    if unfitted and unfitted_last_epochs is not None:  # still fitting: its last epochs argue against it too
        last = last_epochs_means(record.margin, unfitted_last_epochs)
        order = order[~(last[order] >= threshold - decisiveness / 2)]
        cut = cut[~(last[cut] >= threshold - decisiveness / 2)]
    joint = decisive = None
    if tail is not None:  # (3): the list against the run's class probabilities
        order, joint, decisive = listed_by_class_probabilities(
            order, cut, record, suggested, fits=fits, estimated=estimated, count=count, joint_below=joint_below,
            decisive_below=decisive_below, decisive_few=decisive_few, decisive_extend=decisive_extend,
            recount_below=recount_below, split_over_joint=split_over_joint, fitted_extend=fitted_extend,
            overrun_cut=overrun_cut, late_fitted_below=late_fitted_below, minor_pairs=minor_pairs,
            late_recall=late_recall,
        )  # fmt: skip
    if one_epoch_half and single_epoch_half(len(record.epochs)):  # one epoch cannot argue decisively
        order = still_rejected(order, before_onset_means(record.margin, onset), threshold=threshold)
    if late_learners:  # a run that still misses labels at its end has not memorised what it fits
        order = order[~late_leavers(whole, order, below=threshold - decisiveness)]
    unseen = int((whole.predicted < 0).all(axis=0).sum())  # never trained on: held out for validation
    # The whole run's summaries, as examples.csv holds them (the index: rows of the data given),
    # then the window's relative AUM the list was ranked by, and its halves.
    whole_run = summarize(given)
    at = order if positions is None else positions[order]  # positions in the run's own record
    columns = {  # the label columns as positions, as LabelIssues takes them
        name: (whole_run.positions(name) if name in LABEL_COLUMNS else whole_run[name])[at]
        for name in whole_run.columns
    }
    columns[WINDOW_AUM] = table["relative_aum"][order]
    columns["half_clipped_aum"] = halves[order]
    columns["suggested"] = suggested[order]
    return LabelIssues(
        columns,
        epochs=len(record.epochs),
        threshold=threshold,
        decisiveness=decisiveness,
        n_examples=record.n + left_out,
        tail=tail,
        estimated=estimated,
        count=count,
        accuracy_rise=rise,
        recorded_epochs=len(whole.epochs),
        memorised_at=memorised_at,
        onset=onset,
        memorised_share=share,
        unmemorised_below=unmemorised_below,
        unfitted=unfitted,
        unbound=unbound,
        joint=joint,
        decisive=decisive,
        classes=whole.class_names,
        untracked=untracked,
        unseen=unseen + left_out,
        unlearnt=unlearnt(whole),
        unlearnt_classes=unlearnt_classes(whole),
        unlearnt_start=unlearnt_early_half(record),
        accuracies=(last_accuracy(whole), constant_share(whole)),
        findings=findings,
        n_rows=given.n_rows,
        memorised_start=memorised_start,
    )
