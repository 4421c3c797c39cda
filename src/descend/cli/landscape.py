"""``descend landscape``: the loss landscape around a run's trained weights."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from .._checks import unwritten
from ..landscape import draw
from ..plots.marks import loss_label
from ..training.run_folder import BEST, PLOTS
from ._run_folder import read_config, rebuild, require_run, trained_checkpoint, training_sample, trajectory

__all__ = ["landscape_command", "draw_run"]

# The examples draw() evaluates the loss on (it takes at most 512), named on the pictures.
_EXAMPLES = 512


def draw_run(run_dir: Path, out_dir: Path, points: int = 21, seed: int = 0) -> list[Path]:
    """Draw the landscapes of the run in ``run_dir`` into ``out_dir``; returns the files.

    The model is rebuilt from ``config.yaml`` and loaded from ``checkpoints/best.pt`` (else
    ``last.pt``); the surface is the training loss, the loss the trajectory descended, on 512
    of the run's training examples spread over the set (all of them where it has fewer), and
    the pictures say so and which checkpoint they are centred on; ``trajectory.pt``, when
    there, is drawn on the principal-direction plane.
    """
    require_run(run_dir, "landscape", python_runs=False)
    config, _ = read_config(run_dir)
    X, y, prepared = training_sample(config, _EXAMPLES)
    model, loss = rebuild(config, prepared)
    saved, path = trained_checkpoint(run_dir)
    model.load_state_dict(saved["model"])
    of = (
        f"{len(X)} training examples"
        if len(X) == prepared.train.n
        else f"{len(X)} of {prepared.train.n} training examples"
    )
    return draw(
        model, loss, (X, y), out_dir, trajectory=trajectory(run_dir), points=points, seed=seed,
        loss_label=loss_label(f"training loss ({of})", prepared.scaling()), centre=_checkpoint_words(saved, path),
    )  # fmt: skip


def _checkpoint_words(state: dict, path: Path) -> str:
    """Which weights the checkpoint ``state`` read from ``path`` holds: ``"best checkpoint (end of
    epoch 3)"``, its epoch numbered from 0 as in epochs.csv (a checkpoint records where a resume
    starts: the next epoch's batch 0, or within an interrupted epoch, its next batch)."""
    kind = "best" if path.name == BEST else "last"
    epoch, batch = state.get("epoch"), state.get("batch")
    if not isinstance(epoch, int):
        return f"{kind} checkpoint"
    if batch:
        return f"{kind} checkpoint (epoch {epoch}, {batch} batches in)"
    return f"{kind} checkpoint (end of epoch {epoch - 1})"


@click.command("landscape", short_help="Draw the loss landscape around a run's trained weights.")
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    show_default="RUN_DIR/plots/landscape_*.png",
    help="where the 2-D landscape goes; the 1-D and principal-direction ones go next "
    "to it as NAME_1d.png and NAME_pca.png (files of those names are replaced)",
)
@click.option(
    "--points",
    type=click.IntRange(min=3),
    default=21,
    show_default=True,
    callback=lambda ctx, param, value: _odd(value),
    help="grid points along each direction, an odd number (the middle one is the trained weights)",
)
@click.option("--seed", type=int, default=0, show_default=True, help="seed of the random directions")
def landscape_command(run_dir: Path, out: Path | None, points: int, seed: int) -> None:
    """Draw the loss landscape around the trained weights of the run in RUN_DIR.

    1-D and 2-D slices along filter-normalised random directions (Li et al., 2018), and
    the plane of the training trajectory's two principal directions with the trajectory
    on it. They replace the landscapes drawn before (RUN_DIR/plots/landscape_*.png, or the
    files named by --out).
    """
    if out is not None and out.suffix.lower() != ".png":
        raise click.BadParameter(f"expected a .png file name, got {str(out)!r}", param_hint="'--out'")
    if out is None:
        paths = draw_run(run_dir, run_dir / PLOTS, points, seed)
    else:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise unwritten(err, out, "the landscape") from err
        with tempfile.TemporaryDirectory(dir=out.parent) as scratch:
            paths = [_place(p, out) for p in draw_run(run_dir, Path(scratch), points, seed)]
    for path in paths:
        click.echo(str(path))


def _odd(points: int) -> int:
    """``--points`` before any work: odd, so that the grid's middle is the trained weights."""
    if points % 2 == 0:
        raise click.BadParameter(
            f"must be odd, so that the middle of the grid is the trained weights themselves, got {points}: "
            f"{points - 1} or {points + 1}",
            param_hint="'--points'",
        )
    return points


def _place(path: Path, out: Path) -> Path:
    """Move ``landscape_2d.png`` to ``out`` and ``landscape_X.png`` to ``OUT_X.png``."""
    kind = path.stem.removeprefix("landscape_")
    target = out if kind == "2d" else out.with_name(f"{out.stem}_{kind}{path.suffix}")
    shutil.move(str(path), target)
    return target
