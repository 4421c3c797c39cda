"""One copy of each helper the rules share: complex tensors as pairs of reals
(``real_views``), the compiled rule (``compiled``) and the curvature condition of the
quasi-Newton methods (``curvature_pair``), read in the source."""

import re
from pathlib import Path

import torch

import descend.optim as do

SRC = Path(do.__file__).resolve().parents[1]


def _files_with(pattern: str, *folders: str) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((SRC / folder).glob("*.py")):
            if re.search(pattern, path.read_text()):
                found.append(f"{folder}/{path.name}")
    return found


def test_each_shared_helper_is_written_once():
    assert _files_with(r"view_as_real\(\w+\) if \w+\.is_complex\(\)", "optim") == ["optim/_optimizer.py"]
    assert _files_with(r"torch\.compile\(", "optim") == ["optim/_optimizer.py"]
    assert _files_with(r"ys\s*(>|<=)\s*1e-10", "optim", "minimize") == ["optim/lbfgs.py"]


def test_the_curvature_condition():
    assert do.curvature_pair(torch.tensor(1e-9)) and not do.curvature_pair(torch.tensor(1e-10))
