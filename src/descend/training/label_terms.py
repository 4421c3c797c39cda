"""The per-example values the record keeps of a classification batch (see
:mod:`~descend.training.examples_tracking`): with logits ``z`` and given label ``y``,
``p_label = softmax(z)_y``, ``margin = z_y - max_{k != y} z_k`` and the predicted class
``argmax z``; a single logit is read as the two logits ``(0, z)`` of binary cross-entropy."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ["label_terms"]


def label_terms(z: Tensor, y: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """``(log p_label, p_label, margin, predicted, label)`` of float32 logits ``z`` for labels
    ``y``, all float32 (the class indices are exact in it).

    >>> import torch
    >>> [round(t.item(), 4) for t in label_terms(torch.tensor([[2.0, 0.0, 1.0]]), torch.tensor([2]))[1:]]
    [0.2447, -1.0, 0.0, 2.0]
    """
    if z.ndim == 2 and z.shape[1] == 1:
        z = z[:, 0]
    if z.ndim == 1:  # one logit: the two logits (0, z) of binary cross-entropy
        label = y.reshape(-1).round()
        signed = torch.where(label == 1, z, -z)
        return F.logsigmoid(signed), torch.sigmoid(signed), signed, (z > 0).float(), label.float()
    label = y.reshape(-1)
    column = label.long()[:, None]
    # logsumexp and max: several times faster on the CPU than log_softmax and topk over the
    # few classes of a row.
    given = z.gather(1, column).squeeze(1)
    logp = given - torch.logsumexp(z, dim=1)
    margin = given - z.scatter(1, column, float("-inf")).amax(dim=1)
    predicted = z.argmax(dim=1)
    return logp, logp.exp(), margin, predicted.float(), label.float()
