"""torchvision's ``nms`` operator in pure torch, for a torchvision whose compiled ops do not load.

Why: torchvision 0.28.0 is the release that pairs with torch 2.13.0, but the wheel installed here
is a CUDA build (``0.28.0+cu130``) and torch is the CPU build, so ``torchvision/_C.so`` fails to
load. ``import torchvision`` then stops with ``RuntimeError: operator torchvision::nms does not
exist``: its ``_meta_registrations`` registers fake kernels for ``torchvision::nms`` and
``torchvision::qnms`` unconditionally, which needs the operators declared. Ultralytics imports
torchvision in its validator and then uses ``torchvision.ops.nms`` (``ultralytics/utils/nms.py``);
that is the only torchvision operator its detection training and validation call (box
arithmetic, losses and augmentation are its own; ``torchvision.transforms`` serves only
classification). So the tests declare both schemas, give ``nms`` a pure-torch kernel (greedy
non-maximum suppression, the same result as torchvision's), and tell torchvision its ops are
present so that ``torchvision.ops.nms`` calls it. ``qnms`` (quantized boxes) is declared, not
implemented: calling it fails loudly. tests/conftest.py calls :func:`declare` before anything
imports torchvision (Lightning imports it too); the Ultralytics tests call :func:`install`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import torch

_SCHEMA = "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"  # torchvision's own
_LIBRARY: list[torch.library.Library | None] = []  # kept alive: a dropped Library unregisters its ops


def _box_iou(box: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    """IoU of one ``(4,)`` box in (x1, y1, x2, y2) with each row of ``boxes``."""
    lo = torch.maximum(box[:2], boxes[:, :2])
    hi = torch.minimum(box[2:], boxes[:, 2:])
    inter = (hi - lo).clamp(min=0).prod(dim=1)
    area = (box[2:] - box[:2]).prod()
    areas = (boxes[:, 2:] - boxes[:, :2]).prod(dim=1)
    return inter / (area + areas - inter)


def nms(dets: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> torch.Tensor:
    """Indices of the boxes kept, by decreasing score: greedily keep the best box left and drop
    every other whose IoU with it exceeds ``iou_threshold`` (torchvision.ops.nms)."""
    order = scores.argsort(descending=True)
    keep = []
    while order.numel():
        best = order[0]
        keep.append(best)
        rest = order[1:]
        order = rest[_box_iou(dets[best], dets[rest]) <= iou_threshold]
    return torch.stack(keep) if keep else torch.empty(0, dtype=torch.long, device=dets.device)


def declare() -> None:
    """Declare ``torchvision::nms`` / ``qnms`` (``nms`` with its pure-torch kernel), so that
    ``import torchvision`` succeeds; cheap, and torchvision is not imported. Nothing is done
    where torchvision's compiled library loads."""
    if "torchvision" in sys.modules or _LIBRARY:
        return
    compiled = next(Path(importlib.util.find_spec("torchvision").origin).parent.glob("_C*.so"), None)
    try:
        torch.ops.load_library(compiled)
        _LIBRARY.append(None)  # a build that matches torch declares its own operators
        return
    except (OSError, TypeError):
        pass
    library = torch.library.Library("torchvision", "DEF")
    library.define("nms" + _SCHEMA)
    library.define("qnms" + _SCHEMA)
    library.impl("nms", nms, "CompositeExplicitAutograd")
    _LIBRARY.append(library)


def install() -> None:
    """:func:`declare`, then import torchvision and let ``torchvision.ops.nms`` call the
    operator (it checks that the compiled library loaded before calling it)."""
    declare()
    import torchvision.extension

    if _LIBRARY and _LIBRARY[0] is not None:
        torchvision.extension._has_ops = lambda: True


def install_callback(trainer) -> None:
    """:func:`install` as an Ultralytics callback (``on_pretrain_routine_start``), for a child
    process that rebuilds the trainer from its pickled callbacks (Ultralytics' DDP launch)."""
    install()
