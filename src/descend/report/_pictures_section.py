"""The Pictures section of ``report.html``: every picture in the run folder's ``plots/``,
captioned and embedded as a ``data:`` URI, but those drawn from an older record than the page's,
each named in a note saying why; and the rule that says a picture is older than its logs."""

from __future__ import annotations

import base64
from pathlib import Path

from ..training import run_folder
from ..training.history import History
from .cells import escape

__all__ = ["BEHIND", "NO_LIST", "pictures_section", "stale"]

# Captions of the pictures the library draws, by file name; other files are named by stem.
_CAPTIONS = {
    "training.png": "Training dynamics: loss and metric per epoch, the loss, learning rate, gradient norm and "
    "update-to-weight ratio per step, the stability ratio and the gradient noise scale at the instruments' "
    "sampled steps, with the doctor's findings marked where they happened.",
    "curves.png": "Several runs compared: loss (validation dashed) and metric per epoch.",
    "lr_find.png": "Learning-rate range test: loss against learning rate, with the suggestion marked.",
    "landscape_1d.png": "Training loss (on a sample of the training examples, as the axis says) along a "
    "filter-normalised random direction through the checkpoint the legend names (α = 0).",
    "landscape_2d.png": "Training loss over the plane of two filter-normalised random directions; + marks the "
    "checkpoint the legend names.",
    "landscape_pca.png": "Training loss over the plane of the training trajectory's two principal directions, with "
    "the trajectory projected on it (the loss it descended; + the checkpoint the legend names, ★ the last epoch).",
    run_folder.DATA_MAP: "Data map (Dataset Cartography): per training example, the mean probability of its label over "
    "epochs against its standard deviation, coloured by the share of epochs predicted right; circled: likely "
    "mislabelled (relative AUM < 0, and below −0.3 over the early or the late half of training, each epoch's "
    "relative margin clipped to ±1; at most as many "
    "as the early half's tails imply are mislabelled).",
    run_folder.CLASS_LOSS: "Mean training loss per epoch of each class's examples (by given label); a regression's, of "
    "all its examples.",
    run_folder.GALLERY: "The likely mislabelled (else hardest) training examples: index, given → suggested label.",
}

# Why a picture left in plots/ is not shown (HTML).
BEHIND = (
    "drawn before the per-example record's last epochs (the run went on since): "
    "<code>descend examples RUN_DIR</code> draws it again."
)
NO_LIST = (
    "drawn by an earlier <code>descend examples</code>, circling a list of likely mislabelled examples this run "
    "no longer has: the doctor found it diverged (see Examples)."
)


def stale(picture: Path, *logs: Path) -> bool:
    """Whether ``picture`` is missing or older than one of the ``logs`` it is drawn from: the run
    went on (a resume) since it was drawn, and a page showing it would contradict its summary."""
    if not picture.is_file():
        return True
    drawn = picture.stat().st_mtime_ns
    return any(log.is_file() and log.stat().st_mtime_ns > drawn for log in logs)


def pictures_section(folder: Path, history: History, left_out: dict[str, str]) -> str:
    """Every picture in ``folder`` but those ``left_out`` names (drawn from an older record, or
    for a list the run no longer has), each named in a note saying why instead."""
    files = sorted(folder.glob("*.png"), key=lambda p: (p.name != "training.png", p.name)) if folder.is_dir() else []
    files = [f for f in files if f.name not in left_out]
    figures = [
        f'<p class="note">Not shown: {escape(name)}, {why}</p>'
        for name, why in left_out.items()
        if (folder / name).is_file()
    ]
    if not files:
        why = "" if history.steps.get("step") else ": the record holds no step with a loss to draw"
        return "".join(figures) + f'<p class="none">No pictures in plots/{why}.</p>'
    for f in files:
        data = base64.b64encode(f.read_bytes()).decode("ascii")
        caption = _CAPTIONS.get(f.name, f.stem.replace("_", " "))
        figures.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(f.name)}">'
            f"<figcaption><strong>{escape(f.name)}</strong>: {escape(caption)}</figcaption></figure>"
        )
    return "\n".join(figures)
