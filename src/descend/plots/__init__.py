"""Pictures of runs: training dynamics, several runs' curves, optimizer trajectories on a test
function's contour (still or animated), and the LR range test.

Every function draws a new :class:`matplotlib.figure.Figure` and returns it; with ``path`` it
also saves it there (a PNG, or the format the suffix names), creating the folders. The
figures are made without ``pyplot``: nothing opens a window, needs a display or stays in a
global list of open figures, so drawing in a loop or on a server does not grow memory (a
notebook still shows a returned figure).

Where each picture lives: :mod:`~descend.plots.dynamics` (:func:`training`),
:mod:`~descend.plots.comparison` (:func:`curves`, :func:`lr_find`),
:mod:`~descend.plots.paths` (:func:`trajectories`, :func:`animate`),
:mod:`~descend.plots.contours` (:func:`levels`, :func:`filled_contour`, shared with
:mod:`descend.landscape`), :mod:`~descend.plots.examples` (per-example dynamics:
:func:`data_map`, :func:`class_loss_curves`) and :mod:`~descend.plots.gallery`
(:func:`example_gallery`).
"""

from __future__ import annotations

from ._common import picture_path
from .comparison import curves, lr_find
from .contours import filled_contour, levels
from .dynamics import training
from .examples import class_loss_curves, data_map
from .gallery import example_gallery
from .paths import animate, trajectories

__all__ = [
    "training",
    "curves",
    "trajectories",
    "animate",
    "lr_find",
    "levels",
    "filled_contour",
    "data_map",
    "example_gallery",
    "class_loss_curves",
    "picture_path",
]
