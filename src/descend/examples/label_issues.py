"""``find_label_issues``: the training examples most likely mislabelled, from the run alone.

The rule. An example is flagged when its relative AUM is below ``threshold`` = 0 by default:
the margin of its given label (its logit minus the largest other; Pleiss et al. 2020) in
each epoch, divided by that epoch's median absolute margin over all examples, averaged over
the recorded epochs (:func:`~descend.examples.summaries.relative_aum`). Below 0: over
training, the model scored another class above the given one more, in the units of each
epoch, than it scored the given class above the others. A correctly labelled example is
pulled towards its label by every other example of its class and earns a positive margin
early; a mislabelled one is pulled away by them and is, at best, memorised late (Arpit et al.
2017), when the logits of every example have grown large: the raw AUM gives those late epochs
the most weight and misses memorised examples, the relative one weighs every epoch alike.
Flagged examples are ranked by relative AUM, lowest first; ties by AUM, then lower confidence,
then lower correctness, then more forgetting events.

Why 0. The cut-off was tuned on synthetic label noise: bench section ``label_noise`` flips
5, 10 and 20% of the training labels (uniformly and class-conditionally) on the *tuning* half
of its tasks (iris, breast_cancer and one synthetic set) and picks, from the grid -0.5, -0.25,
0, 0.25, 0.5, the threshold of the best mean F1 against the flipped set; it chose 0, the sign
of the margin. The other half (digits, wine, another synthetic set) reports it, against
cleanlab on 5-fold out-of-sample probabilities. (Measured over 2 seeds: relative AUM < 0 has
a mean F1 of 0.83 on the tuning half and 0.80 on the held-out half, where it is at least
cleanlab's on all 36 settings; cleanlab 0.73 and 0.64. In a prototype on the same tasks the
raw AUM < 0 reached 0.82 and 0.74: memorised labels escape it.) The threshold-sample variant of the AUM paper (an extra run with N/(c+1) examples
moved to a fake class) calibrates per data set but doubles the compute; this rule needs
nothing beyond the run.

What it cannot tell apart: an example that is hard rather than mislabelled, and learned only
late, also has a negative relative AUM; in a short run that has not yet fitted its training set
these are flagged too (3 to 7% of clean digits after 10 epochs: softmax at lr 0.01, an MLP at
Adam's default rate; none for the MLP after 20 epochs at 0.01). Train until the training accuracy levels off before trusting the list.

The suggested label is the class the model predicted most often, other than the given label,
over the later half of the recorded epochs (over all of them if it never did there).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, number
from ..training import ExampleRecord
from .summaries import record_of, summarize
from .table import ExampleTable

__all__ = ["find_label_issues", "LabelIssues", "suggested_labels", "AUM_THRESHOLD"]

AUM_THRESHOLD = 0.0  # tuned on the tuning half of bench/label_noise.py (see the module)


class LabelIssues(ExampleTable):
    """The flagged examples, most suspect first: the columns of :func:`descend.examples`
    plus ``suggested``. ``indices`` are their positions in the training set, ``threshold``
    the relative-AUM cut-off, ``flagged`` how many were flagged (:meth:`head` and :meth:`top`
    keep it) and ``n_examples`` the size of the training set."""

    def __init__(self, columns: dict[str, Any], *, epochs: int, threshold: float, n_examples: int) -> None:
        super().__init__(columns, task="classification", epochs=epochs)
        self.threshold, self.n_examples, self.flagged = threshold, n_examples, len(self)

    @property
    def indices(self) -> np.ndarray:
        """Training-set indices of the flagged examples, most suspect first."""
        return self["index"]

    def _header(self) -> str:
        return (
            f"LabelIssues: {self.flagged} of {self.n_examples} training examples flagged "
            f"(relative AUM < {self.threshold:g}: over {self.epochs} epochs, the model scored another class "
            "above the given label); most suspect first"
        )

    def __repr__(self) -> str:
        if len(self) == 0:
            return self._header() + "\n(no example is below the cut-off)"
        return super().__repr__()


def find_label_issues(run: Any, *, threshold: float = AUM_THRESHOLD) -> LabelIssues:
    """The training examples likely mislabelled in ``run`` (as for :func:`descend.examples`),
    ranked, with the label each probably should have (see the module for the rule and how
    its cut-off was chosen).

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
    record = record_of(run)
    if record.task != "classification":
        raise InvalidArgument(
            "find_label_issues needs a classification run (labels to doubt), got a regression record; "
            "descend.examples(run).top(k, by='final_loss') ranks the examples a regression fits worst"
        )
    table = summarize(record)
    score = table["relative_aum"]
    flagged = np.flatnonzero(score < threshold)
    key = tuple(
        sign * table[name][flagged]
        for sign, name in ((-1, "forgetting"), (1, "correctness"), (1, "confidence"), (1, "aum"), (1, "relative_aum"))
    )
    order = flagged[np.lexsort(key)]
    columns = {name: table[name][order] for name in table.columns}
    columns["suggested"] = suggested_labels(record)[order]
    return LabelIssues(columns, epochs=len(record.epochs), threshold=threshold, n_examples=record.n)


def suggested_labels(record: ExampleRecord) -> np.ndarray:
    """Per example, the class predicted most often other than its given label over the later
    half of the recorded epochs, else over all of them; -1 where the model never predicted
    another class (ties: the smaller class).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 2)), p_label=np.ones((3, 2)) / 2, margin=np.zeros((3, 2)),
    ...     predicted=[[2, 1], [0, 1], [2, 1]])
    >>> suggested_labels(r).tolist()
    [2, -1]
    """
    later = _other_counts(record, record.predicted[len(record.epochs) // 2 :])
    everywhere = _other_counts(record, record.predicted)
    counts = np.where(later.sum(axis=1, keepdims=True) > 0, later, everywhere)
    return np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), -1)


def _other_counts(record: ExampleRecord, predicted: np.ndarray) -> np.ndarray:
    """``(n, classes)``: how often each class other than the given label was predicted."""
    counts = np.zeros((record.n, max(record.classes, 1)), dtype=np.int64)
    examples = np.broadcast_to(np.arange(record.n), predicted.shape)
    other = (predicted >= 0) & (predicted != record.labels[None, :])
    np.add.at(counts, (examples[other], predicted[other]), 1)
    return counts
