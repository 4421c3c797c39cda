"""What the report tests share: a small regression set, a page's words without its tags, and a
run folder with its findings and instrument rows replaced."""

import html
import json
import re

import torch


def data(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 3, generator=g)
    return X, X @ torch.tensor([1.5, -2.0, 0.5])


def words(html_text):
    """The page's words without its tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def replaced(run_dir, findings=None, rows=None):
    """The run folder with its findings (diagnosis.json) and instrument rows (history.json)
    replaced, as the run would have written them."""
    if findings is not None:
        (run_dir / "diagnosis.json").write_text(json.dumps(findings))
    if rows is not None:
        state = json.loads((run_dir / "history.json").read_text())
        state["instruments"] = rows
        (run_dir / "history.json").write_text(json.dumps(state))
    return run_dir
