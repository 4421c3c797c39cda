"""Per-example training dynamics: which examples a run learns at once, which it never
learns, which it keeps forgetting, and which are probably mislabelled.

:func:`examples` summarises the per-example record of ``descend.train(...,
track_examples=True)`` (Dataset Cartography's confidence, variability and correctness, the
Area Under the Margin, forgetting events; :mod:`~descend.examples.summaries`) in an
:class:`ExampleTable`; :func:`find_label_issues` ranks the likely mislabelled examples with
cut-offs tuned on synthetic noise (:mod:`~descend.examples.label_issues`), capped, opt-in, at
the expected number of mislabelled examples of :func:`held_out_count` (one extra run on half the
data, judged out of sample).
The pictures are in :mod:`descend.plots` (:func:`~descend.plots.data_map`,
:func:`~descend.plots.example_gallery`, :func:`~descend.plots.class_loss_curves`).

>>> import descend as ds
>>> h = ds.train("softmax", "iris", lr=0.1, epochs=5, progress=False, instruments=False, track_examples=True)
>>> table = ds.examples(h)
>>> len(table), table.columns[:4]
(120, ['index', 'label', 'predicted', 'confidence'])
>>> table.top(3)["relative_aum"].tolist() == sorted(table["relative_aum"].tolist())[:3]
True
"""

from .confident_joint import (
    JOINT_BELOW,
    JOINT_CAP_CLASSES,
    JOINT_CAP_COUNT,
    JOINT_CAP_FITS,
    JOINT_CAP_OVER,
    JOINT_CLASSES,
    JOINT_SHORTER,
    joint_caps,
    joint_count,
    joint_cut,
)
from .decisive_share import (
    DECISIVE_BELOW,
    DECISIVE_EXTEND,
    DECISIVE_FEW,
    DECISIVE_FITS_BELOW,
    DECISIVE_ODDS,
    decisive_cut,
    decisive_examples,
    decisive_extends,
    decisive_listed,
)
from .early_memorised import MEMORISED_EARLY, capped_count, memorised_early
from .first_epochs_rejected import FIRST_EPOCHS, first_epochs_means, rejected_first
from .fitted_extend import FITTED_EXTEND, fitted_extends
from .half_clipped import MARGIN_CLIP, clipped_relative, half_clipped_aum, half_clipped_means, half_relative_aum
from .held_out import confident_learning_count, held_out_count
from .issues_table import STILL_RISING, LabelIssues
from .label_issues import AUM_THRESHOLD, DECISIVENESS, find_label_issues, training_accuracy_rise
from .label_surplus import FLOODED_FIT_AT, SURPLUS_BELOW, predicted_over_labelled
from .late_fitted import LATE_FIT_BELOW, late_fitted
from .late_recall import (
    HEAVY_BELOW,
    HEAVY_SHARE,
    RECALL_BELOW,
    RECALL_FROM,
    RECALL_HEAVY_FROM,
    RECALL_REMOVED_BELOW,
    RECALL_REMOVED_FROM,
    RECALL_SHORT,
    RECALL_UNTIL,
    decisive_late_share,
    late_odds,
    recalled,
    removed_recalled,
)
from .left_out import LEFT_OUT_BELOW, SHORT_BELOW, left_out_share, whole_where_short
from .memorisation import MEMORISED_AT, ONSET_TAIL, memorisation_onset
from .memorised_at_start import memorised_at_start
from .memorised_cut import MEMORISED_CUT_ABOVE, MISFIT_CUT_ABOVE, cut_bar, cut_memorised
from .memorised_rejected import EARLY_EPOCHS, MEMORISED_ABOVE, early_alone
from .minor_pairs import (
    MINOR_BELOW,
    MINOR_CONCENTRATION,
    MINOR_LEAST,
    MINOR_MISFITS,
    MINOR_PAIRS,
    minor_pair_examples,
)
from .mislabelled_count import FITTED_AT, NOISE_TAIL, class_fit, estimated_mislabelled, fitted_classes
from .one_epoch_half import before_onset_means, single_epoch_half, still_rejected
from .out_of_fitted import (
    OUT_OF_FITTED_BELOW,
    OUT_OF_FITTED_FEW_BELOW,
    OWN_REGION_AT,
    STILL_REJECTED,
    out_of_fitted_count,
)
from .overrun_cut import OVERRUN_BELOW, OVERRUN_DECISIVE, OVERRUN_FROM, OVERRUN_OVER, overrun_cuts
from .rejected_outnumber import rejected_outnumber_wrong
from .run_findings import DIVERGED_KINDS, STILL_LEARNING, DivergedRun, run_findings
from .split_decisive import SPLIT_OVER_JOINT, decisive_recuts
from .split_recount import RECOUNT_BELOW, RECOUNT_MISFITS, RECOUNT_PER_CLASS, joint_recounts
from .suggested import suggested_labels
from .summaries import (
    AMBIGUOUS_VARIABILITY,
    EASY_CONFIDENCE,
    examples,
    forgetting_events,
    last_seen,
    record_of,
    regions,
    relative_aum,
    relative_margins,
    summarize,
)
from .table import ExampleTable
from .unbound_count import UNBOUND_AT, count_unbound
from .unfitted_run import (
    UNFITTED_BELOW,
    UNFITTED_LAST,
    UNFITTED_RISING,
    last_accuracy,
    last_epochs_means,
    still_unfitted,
)
from .unmemorised import UNMEMORISED_BELOW, memorised_share

__all__ = [
    "examples",
    "find_label_issues",
    "ExampleTable",
    "LabelIssues",
    "DivergedRun",
    "run_findings",
    "record_of",
    "summarize",
    "regions",
    "relative_aum",
    "relative_margins",
    "half_relative_aum",
    "half_clipped_aum",
    "half_clipped_means",
    "memorised_share",
    "last_accuracy",
    "last_epochs_means",
    "still_unfitted",
    "count_unbound",
    "joint_count",
    "joint_cut",
    "joint_caps",
    "decisive_listed",
    "decisive_examples",
    "decisive_extends",
    "decisive_cut",
    "joint_recounts",
    "decisive_recuts",
    "fitted_extends",
    "overrun_cuts",
    "minor_pair_examples",
    "recalled",
    "removed_recalled",
    "late_odds",
    "decisive_late_share",
    "late_fitted",
    "clipped_relative",
    "estimated_mislabelled",
    "class_fit",
    "predicted_over_labelled",
    "left_out_share",
    "out_of_fitted_count",
    "whole_where_short",
    "memorised_early",
    "capped_count",
    "early_alone",
    "cut_memorised",
    "cut_bar",
    "first_epochs_means",
    "rejected_first",
    "single_epoch_half",
    "before_onset_means",
    "still_rejected",
    "rejected_outnumber_wrong",
    "fitted_classes",
    "held_out_count",
    "confident_learning_count",
    "training_accuracy_rise",
    "memorisation_onset",
    "memorised_at_start",
    "forgetting_events",
    "last_seen",
    "suggested_labels",
    "AUM_THRESHOLD",
    "DECISIVENESS",
    "NOISE_TAIL",
    "STILL_RISING",
    "STILL_LEARNING",
    "DIVERGED_KINDS",
    "MEMORISED_AT",
    "ONSET_TAIL",
    "FITTED_AT",
    "MARGIN_CLIP",
    "UNMEMORISED_BELOW",
    "UNFITTED_BELOW",
    "UNFITTED_LAST",
    "UNFITTED_RISING",
    "UNBOUND_AT",
    "JOINT_BELOW",
    "JOINT_SHORTER",
    "JOINT_CLASSES",
    "JOINT_CAP_FITS",
    "JOINT_CAP_OVER",
    "JOINT_CAP_COUNT",
    "JOINT_CAP_CLASSES",
    "DECISIVE_ODDS",
    "DECISIVE_BELOW",
    "DECISIVE_FEW",
    "DECISIVE_EXTEND",
    "RECOUNT_BELOW",
    "RECOUNT_MISFITS",
    "SPLIT_OVER_JOINT",
    "FITTED_EXTEND",
    "OVERRUN_OVER",
    "OVERRUN_DECISIVE",
    "OVERRUN_FROM",
    "OVERRUN_BELOW",
    "MINOR_PAIRS",
    "MINOR_CONCENTRATION",
    "MINOR_LEAST",
    "MINOR_BELOW",
    "MINOR_MISFITS",
    "RECALL_BELOW",
    "RECALL_FROM",
    "RECALL_UNTIL",
    "RECALL_REMOVED_BELOW",
    "RECALL_REMOVED_FROM",
    "HEAVY_SHARE",
    "HEAVY_BELOW",
    "RECALL_HEAVY_FROM",
    "RECALL_SHORT",
    "RECOUNT_PER_CLASS",
    "LATE_FIT_BELOW",
    "DECISIVE_FITS_BELOW",
    "SURPLUS_BELOW",
    "FLOODED_FIT_AT",
    "LEFT_OUT_BELOW",
    "SHORT_BELOW",
    "OUT_OF_FITTED_BELOW",
    "OUT_OF_FITTED_FEW_BELOW",
    "STILL_REJECTED",
    "OWN_REGION_AT",
    "MEMORISED_EARLY",
    "MEMORISED_ABOVE",
    "MEMORISED_CUT_ABOVE",
    "MISFIT_CUT_ABOVE",
    "FIRST_EPOCHS",
    "EARLY_EPOCHS",
    "AMBIGUOUS_VARIABILITY",
    "EASY_CONFIDENCE",
]
