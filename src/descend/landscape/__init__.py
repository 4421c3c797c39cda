r"""Loss landscapes of trained networks, after Li et al. (2018), "Visualizing the Loss
Landscape of Neural Nets".

The loss of a network is a function of millions of weights; a picture shows it along one or
two directions through the trained weights :math:`\theta^*`:

.. math::

    f(\alpha) = L(\theta^* + \alpha\, d), \qquad f(\alpha, \beta) = L(\theta^* + \alpha\, d + \beta\, e).

A random direction is *filter-normalised* so that the picture does not depend on the scale
of the weights (a network with batch-norm computes the same function at any scale of its
filters): each filter (a row of a linear layer's weight, an output channel of a convolution)
of :math:`d` gets the norm of the same filter of :math:`\theta^*`, and biases and other 1-D
parameters get 0. The two directions that show most of a *training trajectory* are its first
two principal directions (:func:`pca_directions`). :class:`TrajectoryRecorder` keeps the
trajectory during :func:`descend.train`; :func:`draw` makes the three pictures of a run.

Where each idea lives: :mod:`~descend.landscape.recorder` (the trajectory),
:mod:`~descend.landscape.directions` (random and principal directions),
:mod:`~descend.landscape.slices` (the loss along them) and :mod:`~descend.landscape.drawing`
(the pictures).
"""

from __future__ import annotations

from .directions import TrajectoryPCA, pca_directions, random_direction
from .drawing import draw
from .recorder import TrajectoryRecorder
from .slices import Slice1D, Slice2D, slice_1d, slice_2d

__all__ = [
    "TrajectoryRecorder",
    "random_direction",
    "pca_directions",
    "TrajectoryPCA",
    "slice_1d",
    "slice_2d",
    "Slice1D",
    "Slice2D",
    "draw",
]
