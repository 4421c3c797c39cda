"""``find_label_issues``: the training examples most likely mislabelled, from the run alone.

The rule. An example is flagged when (1) its relative AUM is below ``threshold`` = 0 and (2) in
the early or in the late half of the recorded epochs the mean of its relative margins, each
epoch's clipped to +-1, is below ``threshold - decisiveness`` = -0.3
(:func:`~descend.examples.half_clipped.half_clipped_aum`), and (3) it is among the first ``k``
of the list ranked by relative AUM, where ``k`` is the number of mislabelled examples the early
half of the run implies (:func:`estimated_mislabelled`, ``tail`` = 0.7). The relative AUM is the
margin of the given label (its logit minus the largest other; Pleiss et al. 2020) in each epoch,
divided by that epoch's median absolute margin over all examples, averaged over the recorded
epochs (:func:`~descend.examples.summaries.relative_aum`); the halves average the first ``E //
2`` epochs and the rest. (0) All of it is read from the epochs before the run memorises its
labels (below).

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

Why (2b). In a run that does not go on to fit what its early half rejected (the last epoch read
predicts as labelled less than ``unmemorised_below`` = 0.25 of the examples with relative AUM
below ``threshold`` and an early-half clipped mean below ``threshold - decisiveness``:
:func:`~descend.examples.unmemorised.memorised_share`), the flips are not memorised, and an
example the early half rejected but the late half no longer argues against is mostly a clean one
near a boundary the network was still drawing. There an example is flagged only if the late
half's clipped mean is also below ``threshold - decisiveness / 2`` (see
:mod:`~descend.examples.unmemorised`); so too where the run has not fitted its training set and is
still fitting it (the last epoch read fits less than ``unfitted_below`` = 0.8 of the given labels,
and the training accuracy rose by at least 0.03 over the last quarter of the epochs: a
checkerboard or spiral arms after 20 epochs), where the examples the late half no longer argues
against are mostly clean ones in regions it is still learning; there the listed examples must
also be argued against over the last ``unfitted_last_epochs`` = 3 epochs (clipped mean below
``threshold - decisiveness / 2``), after the count has capped the list: a clean example the run
fits in its last epochs is one it has just learned (:mod:`~descend.examples.unfitted_run`); and
where the run has not fitted its training set, level or not, and the count of (3) is at least as
long as the list (it counts clean examples in the regions the run has not fitted as flips, and
cannot cut them), the listed examples must be argued against over the late half too
(:mod:`~descend.examples.unbound_count`); and where the run has three classes or more and fits less
than ``joint_below`` = 0.7 of its labels, the list is cut at the off-diagonal count of a confident joint read from the run's own
probabilities, per-class thresholds as in confident learning, where that count is shorter by more
than a tenth (:mod:`~descend.examples.confident_joint`). Why (2c), its mirror image: where it fits at least
``memorised_above`` = 0.75 of them and the early half holds 3 epochs or more, the late half has
pulled memorised flips' relative AUM up, and the early half alone flags, whatever the relative
AUM (:mod:`~descend.examples.memorised_rejected`). Why (2d): where the run memorises early and no
count caps the list (below), it fits flips within a few epochs, and the halves average the
epochs that argued against them with the ones that fit them; an example argued against (1) whose
clipped relative margins average below ``threshold - decisiveness`` over the first
``rejected_first_epochs`` = 3 epochs is flagged too, at the end of the list
(:mod:`~descend.examples.first_epochs_rejected`).

Why (3). Where classes truly overlap (two Gaussians, iris' versicolor and virginica), the clean
examples on the wrong side of the Bayes boundary are argued against as decisively as the flipped
ones near it; (1) and (2) flag them all, and at 5% noise they can outnumber the flips. How many
to flag is then a question of the noise rate, which the tails of the early half estimate: before
memorisation, a flipped example sits where examples of its true class sit, so its early relative
AUM is about the mirror image of what its true label would earn. The examples decisively argued
against (early relative AUM below ``-tail``) are then the flips whose position is decisive, the
examples decisively confirmed (above ``tail``) the clean ones whose position is decisive, and
the share of decisive positions cancels: #(early < -tail) / #(early > tail) estimates the odds
rho / (1 - rho) of a flip, and ``k = n * odds / (1 + odds)``. The overlap itself stays near 0
and drops out of both counts. On separable data (1) and (2) already flag about ``k`` examples,
and (3) changes little.

Why the count reads the fitted classes. The mirror argument needs the network to have fitted the
region a flip came from. Where it has not fitted a class (one of anisotropic blobs spread thin
over the others, spiral arms after 20 epochs), that class's clean examples are argued against
decisively early too, and the tails' odds count them as flips (2 to 8 times the flips). A class
is fitted when the early half confirms at least ``fitted_at`` = 0.5 of the examples labelled
with it that it places decisively (:func:`class_fit`: #(y = c, e > tail) / #(y = c, |e| > tail);
the overlap, near 0, drops out). A fitted class keeps about 1 - rho; an unfitted one loses its
clean examples too. With two or more fitted classes the odds are read from them alone, in the
spirit of confident learning's joint (Northcutt et al. 2021): the decisively rejected examples
whose given label and suggested label are both fitted classes (flips between two fitted
regions), against the decisively confirmed examples labelled with a fitted class, and ``n * odds
/ (1 + odds)`` applies that rate to every example. With fewer, the whole set's odds. A small
class beside a large one can fail the test because flips from the large one make up half its
labels, not because the network misses it: such a class is predicted over the late half less
than ``surplus_below`` = 0.75 times as often as it is labelled (an unfitted one about as often)
while still confirming at least 0.2 of its decisive examples, and counts as fitted
(:mod:`~descend.examples.label_surplus`). Where the classes left out hold few labels and the
count stops well short of the list, it reads the whole set (:mod:`~descend.examples.left_out`);
where it stops below half the list, it also counts the examples labelled with a class left out,
suggested a fitted one and still rejected at the clip over the late half: flips out of a fitted
class (:mod:`~descend.examples.out_of_fitted`);
where the run memorises early, it does not cap the list
(:mod:`~descend.examples.early_memorised`), nor where the examples it would cut are ones the late
half fits, on average (:mod:`~descend.examples.memorised_cut`; a mean above 0 suffices where the
count is at least the number of examples the last epoch read misfits, in a run fitting 0.8 of its
labels or more: the count then counted flips the run has fitted). Ranking: flagged examples by relative AUM, lowest
first; ties by AUM, then lower confidence, then lower correctness, then more forgetting events.

Why (0). Every quantity above is read from the epochs before the run memorises its given labels:
up to and including the first epoch whose training accuracy on the given labels (the predictions
of training's own forward passes) reaches ``memorised_at`` = 0.98 while it fits an example that
the epochs before it argued against (relative AUM over them below -``onset_tail`` = -0.4: a label
it had rejected; :func:`memorisation_onset`); all the epochs where no epoch does. A run that
fits all but 2% of its given labels has fitted the flips too (at 5% noise or more, most of
them), and from then on every epoch adds a positive margin to each flip: where that happens
early (640 examples in 60-D: 99% of the given labels fitted by epoch 4 to 7 of 20), the average
over all the epochs leaves most flips at a relative AUM of at least 0 and the list nearly empty,
while the epochs before it argue against them decisively. Pleiss et al. (2020) likewise stop
before memorisation (at the first drop of the learning rate). A run that reaches the level on
clean labels, having fitted only examples it was still learning (a short window would flag those
as the first epochs saw them), and a run that never reaches it (classes that overlap, flips it
does not memorise) are read whole.

The suggested label is the class the model predicted most often, other than the given label,
over the later half of the recorded epochs (over all of them if it never did there).

What it cannot tell apart. In classes that truly overlap, a label flipped between them looks
like the clean examples of the overlap, and at 5 or 10% noise those clean examples make up much
of the list. Where the network has fitted none or one of the clean classes (a checkerboard after
20 epochs), clean examples are argued against decisively early too: the count of (3) then does
not bind and the list holds several times the flips. A short run that has not yet fitted its
training set flags hard examples too: train until the training accuracy levels off before
trusting the list (:func:`training_accuracy_rise` is reported with the list, and a note printed
where it is at least ``STILL_RISING`` = 0.06).

How the numbers were chosen. Bench section ``label_noise`` flips 5, 10 and 20% of the training
labels (uniformly and class-conditionally) and tunes every number on its tuning half (the pair 0
and 0.3, then ``tail``; ``memorised_at`` on the tuning half and group s13, ``fitted_at`` on the
tuning half and groups s7 and s9; the clip of (2), with the same 0.3, on the tuning half and
groups s7, s9 and s13), then reports the rule once on groups it was not fitted on, against
cleanlab's ``find_label_issues`` on 5-fold out-of-sample probabilities of the same model. The
current figures are in ``bench/README.md``; every rule tried, kept or rejected, with its
figures, in ``bench/HISTORY.md``. Opt-in: ``count=`` caps the list as well, for instance at
:func:`~descend.examples.held_out_count` (one more run on half the data; not better than the
default, see :mod:`~descend.examples.held_out`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, number
from .confident_joint import JOINT_BELOW
from .decisive_share import DECISIVE_BELOW, DECISIVE_EXTEND, DECISIVE_FEW
from .early_memorised import MEMORISED_EARLY, capped_count
from .early_memorised import memorised_early as memorised_early_run
from .first_epochs_rejected import FIRST_EPOCHS, rejected_first
from .fitted_extend import FITTED_EXTEND
from .half_clipped import half_clipped_means
from .issues_table import STILL_RISING, LabelIssues
from .label_surplus import SURPLUS_BELOW, predicted_over_labelled
from .late_fitted import LATE_FIT_BELOW
from .left_out import LEFT_OUT_BELOW, SHORT_BELOW, whole_where_short
from .memorisation import MEMORISED_AT, ONSET_TAIL, first_epochs, memorisation_onset
from .memorised_cut import MEMORISED_CUT_ABOVE, MISFIT_CUT_ABOVE, cut_bar, cut_memorised
from .memorised_rejected import MEMORISED_ABOVE, early_alone
from .mislabelled_count import FITTED_AT, NOISE_TAIL
from .out_of_fitted import OUT_OF_FITTED_BELOW, OUT_OF_FITTED_FEW_BELOW
from .overrun_cut import OVERRUN_OVER
from .probability_cuts import cut_by_probabilities
from .split_decisive import SPLIT_OVER_JOINT
from .split_recount import RECOUNT_BELOW
from .suggested import suggested_labels
from .summaries import record_of, summarize
from .unbound_count import UNBOUND_AT, count_unbound
from .unfitted_run import (
    UNFITTED_BELOW,
    UNFITTED_LAST,
    last_accuracy,
    last_epochs_means,
    still_unfitted,
    training_accuracy_rise,
)
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

# Both tuned on the tuning half of bench/label_noise.py (see the module).
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
) -> LabelIssues:
    """The training examples likely mislabelled in ``run`` (as for :func:`descend.examples`),
    ranked, with the label each probably should have: relative AUM below ``threshold``, and
    below ``threshold - decisiveness`` over the early or the late half of the epochs, each
    epoch's relative margin clipped to +-1 there (:func:`half_clipped_aum`), at most
    as many as :func:`estimated_mislabelled` (``tail``) estimates (``tail=None``: no such cap;
    see the module for the rule, its references and how the cut-offs were chosen), and at most
    ``count`` (opt-in; :func:`~descend.examples.held_out_count` gives one from an extra run on
    half the data, measured in bench ``label_noise``, session 10). All of it is read from the
    epochs up to the first whose training accuracy on the given labels reaches
    ``memorised_at`` while it fits a label the epochs before rejected (relative AUM below
    ``-onset_tail``, by default -:data:`~descend.examples.memorisation.ONSET_TAIL` = -0.4, softer
    than the count's ``tail``; :func:`memorisation_onset`): later epochs fit the flips too. All the epochs where none does, or with ``memorised_at=None``.
    The count reads the odds from the classes the early half fits (:func:`class_fit` at least
    ``fitted_at``, or predicted over the late half less than ``surplus_below`` times as often as
    labelled and at least 0.2: :func:`~descend.examples.label_surplus.predicted_over_labelled`;
    ``surplus_below=None``: never) where two or more are; ``fitted_at=None``: from every
    example; from every example too where the rest hold less than ``left_out_below`` of the
    labels and it is below ``short_below`` times the cut-offs' list
    (:mod:`~descend.examples.left_out`; ``None``: never); where it is below
    ``out_of_fitted_below`` times that list (or ``out_of_fitted_few_below`` times it where the
    classes left out hold less than ``left_out_below`` of the labels), counting the examples
    labelled with a class left out but suggested a fitted one that the late half still rejects at
    the clip where that count is larger (:mod:`~descend.examples.out_of_fitted`; ``None``: never); no count where the window before the
    onset holds at most ``memorised_early`` of the epochs (:mod:`~descend.examples.early_memorised`;
    ``None``: never). Where the last epoch read fits less than ``unmemorised_below`` of the
    examples the early half rejected decisively (:func:`~descend.examples.unmemorised.memorised_share`),
    the late half must also argue against an example (its clipped mean below ``threshold -
    decisiveness / 2``), and so too where the last epoch read fits less than ``unfitted_below`` of
    the given labels while the training accuracy still rises (by at least
    :data:`~descend.examples.unfitted_run.UNFITTED_RISING` over the last quarter of the epochs;
    :mod:`~descend.examples.unfitted_run`; ``None``: never), where the listed examples must also
    have clipped relative margins averaging below ``threshold - decisiveness / 2`` over the last
    ``unfitted_last_epochs`` epochs (``None``: not asked); where the last epoch read fits less than
    ``unfitted_below`` of the given labels, level or not, and the count is at least
    ``unbound_count_at`` times the list (it does not cut it), the listed examples' late half's
    clipped mean must be below ``threshold - decisiveness / 2`` too
    (:mod:`~descend.examples.unbound_count`; ``None``: never); in runs of three classes or more
    that have not fitted their labels, ``joint_below``, ``decisive_below``, ``decisive_few``,
    ``decisive_extend``, ``recount_below``, ``split_over_joint``, ``fitted_extend`` and ``overrun_cut`` cut or extend the
    list by the run's class probabilities (:mod:`~descend.examples.probability_cuts`; each ``None``, or ``tail=None``:
    never), and where
    it fits less than ``late_fitted_below`` the listed examples its last epochs place in their given
    label leave the list (:mod:`~descend.examples.late_fitted`; ``None``, or ``tail=None``: never); where it fits at least
    ``memorised_above``, the early half alone flags
    (:mod:`~descend.examples.memorised_rejected`); ``None``: never. The count does not cap the
    list either where the examples it would cut have a late half's clipped mean above
    ``memorised_cut_above`` on average (the run fitted them later:
    :mod:`~descend.examples.memorised_cut`; ``None``: never), or above ``misfit_cut_above`` where
    the last epoch read fits at least :data:`~descend.examples.unfitted_run.UNFITTED_BELOW` of the
    given labels and misfits no more examples than the count (``None``: never). Where the run memorised early
    and no count caps the list, the examples with relative AUM below ``threshold`` whose clipped
    relative margins average below ``threshold - decisiveness`` over the first
    ``rejected_first_epochs`` epochs join the end of the list
    (:mod:`~descend.examples.first_epochs_rejected`; ``None``: never).

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
    threshold = number("threshold", threshold)
    decisiveness = number("decisiveness", decisiveness, ge=0)
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
    whole = record_of(run)
    if whole.task != "classification":
        raise InvalidArgument(
            "find_label_issues needs a classification run (labels to doubt), got a regression record; "
            "descend.examples(run).top(k, by='final_loss') ranks the examples a regression fits worst"
        )
    onset = None if memorised_at is None else memorisation_onset(whole, accuracy=memorised_at, tail=onset_tail)
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
    estimated = (
        None
        if tail is None
        else whole_where_short(
            record.margin,
            len(flagged),
            tail=tail,
            labels=record.labels,
            suggested=suggested,
            fitted_at=fitted_at,
            surplus=None if surplus_below is None else predicted_over_labelled(record),
            surplus_below=surplus_below,
            left_out_below=left_out_below,
            short_below=short_below,
            late=late,
            out_of_fitted_below=out_of_fitted_below,
            out_of_fitted_few_below=out_of_fitted_few_below,
        )
    )
    estimated = capped_count(estimated, onset, len(record.epochs), len(whole.epochs), early=memorised_early)
    cut_above = cut_bar(
        memorised_cut_above, misfit_cut_above, estimated, fits=fits, n=record.n, fitted_at=UNFITTED_BELOW
    )
    if cut_memorised(late, order, estimated, above=cut_above):  # what it cuts, the run fitted later
        estimated = None
    early_run = memorised_early_run(len(record.epochs), len(whole.epochs), early=memorised_early)
    if tail is not None and estimated is None and onset is not None and early_run:  # (2d)
        order = rejected_first(
            record.margin, order, argued_against, below=threshold - decisiveness, epochs=rejected_first_epochs
        )
    unbound = not unfitted and count_unbound(estimated, len(order), fits, at=unbound_count_at, below=unfitted_below)
    if unbound:  # (2b) too: the count took clean examples in regions the run has not fitted for flips
        order = order[~(late[order] >= threshold - decisiveness / 2)]
    for cap in (estimated, count):
        if cap is not None:
            order = order[: int(np.round(cap))]
    if unfitted and unfitted_last_epochs is not None:  # still fitting: its last epochs argue against it too
        last = last_epochs_means(record.margin, unfitted_last_epochs)
        order = order[~(last[order] >= threshold - decisiveness / 2)]
    joint = decisive = None
    if tail is not None:  # (3): the list against the run's class probabilities
        order, joint, decisive = cut_by_probabilities(
            order,
            record.p_label,
            record.margin,
            record.labels,
            suggested,
            fits=fits,
            classes=int(record.classes) if record.classes is not None else 2,
            extend=count is None,
            joint_below=joint_below,
            decisive_below=decisive_below,
            decisive_few=decisive_few,
            decisive_extend=decisive_extend,
            recount_below=recount_below,
            split_over_joint=split_over_joint,
            fitted_extend=fitted_extend,
            overrun_cut=overrun_cut,
            late_fitted_below=late_fitted_below,
        )
    columns = {name: table[name][order] for name in table.columns}
    columns["half_clipped_aum"] = halves[order]
    columns["suggested"] = suggested[order]
    return LabelIssues(
        columns,
        epochs=len(record.epochs),
        threshold=threshold,
        decisiveness=decisiveness,
        n_examples=record.n,
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
    )
