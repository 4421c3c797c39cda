"""Classes labelled more often than the network predicts them: flooded by flips, not unfitted
(the count of step (3) of :mod:`~descend.examples.label_issues`).

The count reads its odds from the classes the early half fits
(:func:`~descend.examples.class_fit` at least ``FITTED_AT``): a class whose decisively placed
examples are rejected as often as confirmed is one the network has not learned, and its clean
examples are argued against too. A small class beside a large one fails that test for another
reason: flips from the large class can make up as many of its labels as its own examples
(three ``make_classification`` classes of 65, 25 and 10%, 20% of the labels flipped: 40-50% of
the smallest class's labels are flips, 21-42% of its decisive examples confirmed early). The
count then left out its flips and the list stopped at 0.4-0.8 of the flips, the cut-offs alone
having found 0.9 of them.

The predictions tell the two apart. With ``p_c`` the share of the late half's predictions that
are ``c`` and ``l_c`` the share of the examples labelled ``c``: a class the network has not
fitted loses its region to other classes and takes some of theirs, and is predicted about as
often as it is labelled (``p_c / l_c`` 0.79-1.3 on mosaic tiles, stripes and a checkerboard in
bench ``label_noise``), while a class flooded by flips is predicted about as often as it truly
occurs: ``l_c = t_c (1 - rho_c) + f_c`` for ``t_c`` true members, ``rho_c`` of them flipped
out and ``f_c`` flipped in, and ``p_c / l_c`` is about ``t_c / l_c`` (0.43-0.73 there, on three
``make_classification`` classes of 65, 25 and 10% and on four imbalanced classes of mixed
one-hot and Gaussian features, at 10-20% noise). A class the network gives up on altogether is
predicted less often than labelled too (one of five anisotropic blobs: 0.38-0.84), but it
confirms none of its examples, while a flooded class still confirms its clean ones. So the
count takes a class as fitted where ``p_c / l_c`` is below :data:`SURPLUS_BELOW` = 0.75 and its
class fit is at least :data:`FLOODED_FIT_AT` = 0.2. Chosen on the sixteen groups of bench
``label_noise`` before session 17's fresh group, seeds 0-1 (768 settings; levels 0.5-0.9 and
floors 0-0.3 tried): 665 -> 672 settings at least cleanlab's, every change on the two
imbalanced tasks, no group losing one (see ``bench/HISTORY.md``).
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument
from ..training import ExampleRecord

__all__ = ["predicted_over_labelled", "SURPLUS_BELOW", "FLOODED_FIT_AT"]

# A class predicted less often than this share of its labels holds surplus labels (flips)...
SURPLUS_BELOW = 0.75
# ...where it still confirms this share of its decisively placed examples (its clean ones).
FLOODED_FIT_AT = 0.2


def predicted_over_labelled(record: ExampleRecord) -> np.ndarray:
    """Per class c, ``p_c / l_c``: the share of the predictions over the later half of the
    recorded epochs (the last ``E - E // 2``) that are c, over the share of the examples
    labelled c; NaN for a class no example is labelled with (and where no prediction was
    recorded). Well below 1: more labels than the network places there, the surplus flips.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 0, 0, 1], epochs=[0, 1],
    ...     loss=np.ones((2, 4)), p_label=np.full((2, 4), 0.5), margin=np.zeros((2, 4)),
    ...     predicted=[[0, 1, 1, 1], [0, 0, 0, 1]], classes=3)
    >>> predicted_over_labelled(r).tolist()  # the last epoch: 3 of 4 predicted 0, 3 of 4 labelled 0
    [1.0, 1.0, nan]
    """
    if record.task != "classification":
        raise InvalidArgument(
            "predicted_over_labelled needs a classification record (given labels), got a regression one"
        )
    classes = max(record.classes, int(record.labels.max(initial=-1)) + 1)
    predicted = record.predicted[len(record.epochs) // 2 :]
    predicted = predicted[predicted >= 0]
    labelled = np.bincount(record.labels, minlength=classes) / max(record.n, 1)
    share = np.bincount(predicted, minlength=classes)[:classes] / max(len(predicted), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((labelled > 0) & (len(predicted) > 0), share / np.where(labelled > 0, labelled, 1), np.nan)
