"""Training data for ``descend.train``: every accepted input becomes one :class:`Prepared`.

:func:`prepare` accepts a pair ``(X, y)`` of tensors, NumPy arrays or lists; a map-style
``torch.utils.data.Dataset`` of ``(x, y)`` pairs; a ``torch.utils.data.DataLoader``; the path
of a CSV file (``target=`` names the label column); or a built-in data set name
(:func:`names`; :func:`get` returns its loader). The result holds a training :class:`Source`
(what the loop iterates), an optional validation source, and what a model needs to know: the
task, the input shape and the number of outputs.

Errors: an argument of the wrong type raises ``TypeError``; every other problem with the
input (a missing file included) raises ``ValueError`` naming the bad value and what is
allowed.

A file per idea: ``sources`` (the batches the loop iterates: the interface in
``batch_source``, the kinds in ``memory_sources`` and ``loader_sources``), ``prepared`` (the result),
``preparation`` (:func:`prepare`), ``identify`` (what kind of input), ``tables``, ``csv_file``
and ``builtin`` (in-memory inputs), ``index_labels`` (a pandas index's row labels), ``labels`` (label encoding), ``split`` (split and
scaling), ``from_memory`` and ``from_torch`` (the two paths), ``torch_inputs`` (what a
Dataset or DataLoader holds) and ``checks`` (shared checks).
"""

from .builtin import get, names
from .preparation import prepare
from .prepared import TASKS, Prepared
from .sources import Source

__all__ = ["prepare", "Prepared", "Source", "TASKS", "names", "get"]
