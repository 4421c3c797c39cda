"""A tiny object-detection data set generated on disk, in the layout Ultralytics YOLO reads:
``images/{train,val}/*.png``, ``labels/{train,val}/*.txt`` (one ``class x_centre y_centre width
height`` line per box, fractions of the image) and a data YAML naming the classes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from PIL import Image

COLOURS = {"red": (220, 30, 30), "blue": (30, 60, 220)}  # class i is the i-th colour


def write_detection_set(root: Path, *, train: int = 8, val: int = 4, size: int = 64, seed: int = 0) -> Path:
    """Write ``train`` + ``val`` ``size`` x ``size`` images of one to four solid coloured boxes on a
    grey, noisy background, their YOLO labels and ``data.yaml``; returns the YAML's path."""
    rng = np.random.default_rng(seed)
    colours = list(COLOURS.values())
    for split, count in (("train", train), ("val", val)):
        (root / "images" / split).mkdir(parents=True, exist_ok=True)
        (root / "labels" / split).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            pixels = rng.integers(100, 140, size=(size, size, 3), dtype=np.uint8)
            lines = []
            for k in range(rng.integers(1, 5)):  # one large box, then smaller ones
                cls = int(rng.integers(len(colours)))
                w, h = (
                    rng.integers(size // 2, 3 * size // 4, size=2)
                    if k == 0
                    else rng.integers(size // 8, size // 3, size=2)
                )
                x0, y0 = rng.integers(0, size - w), rng.integers(0, size - h)
                pixels[y0 : y0 + h, x0 : x0 + w] = colours[cls]
                lines.append(f"{cls} {(x0 + w / 2) / size:.6f} {(y0 + h / 2) / size:.6f} {w / size:.6f} {h / size:.6f}")
            Image.fromarray(pixels).save(root / "images" / split / f"{i:03d}.png")
            (root / "labels" / split / f"{i:03d}.txt").write_text("\n".join(lines) + "\n")
    data = {"path": str(root), "train": "images/train", "val": "images/val", "names": dict(enumerate(COLOURS))}
    path = root / "data.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


# A YOLOv8 detector small enough to train in seconds on the CPU: yolov8n's blocks (Conv, C2f,
# SPPF, Detect) with one detection level, at stride 8. yolov8n.yaml's three levels do not all
# learn on 64-pixel images: its stride-32 box branch gets no object (a gradient of ~1e-14 times
# its weights) until the boxes it predicts shrink to the image's scale.
TINY_YOLO = {
    "nc": len(COLOURS),
    "backbone": [
        [-1, 1, "Conv", [16, 3, 2]],
        [-1, 1, "Conv", [32, 3, 2]],
        [-1, 1, "C2f", [32, True]],
        [-1, 1, "Conv", [64, 3, 2]],
        [-1, 1, "C2f", [64, True]],
    ],
    "head": [[-1, 1, "SPPF", [64, 5]], [[5], 1, "Detect", ["nc"]]],
}


def write_tiny_yolo(root: Path) -> Path:
    """Write :data:`TINY_YOLO` as a model YAML; returns its path (``YOLO(path)`` builds it)."""
    path = root / "tiny-yolov8.yaml"
    path.write_text(yaml.safe_dump(TINY_YOLO))
    return path
