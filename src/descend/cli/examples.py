"""``descend examples``: a run's per-example dynamics, its likely mislabelled examples, their
table and pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import click
import numpy as np

from .._plural import counted
from ..examples import DivergedRun, examples, find_label_issues, record_of
from ..examples.target_units import target_units
from ..examples.unranked_losses import unranked_because
from ..plots import class_loss_curves, data_map, example_gallery
from ..training import History, run_folder
from ._app import Failure
from ._run_folder import prepared_data, read_config, refuse_study

__all__ = ["examples_command", "training_inputs"]

CSV = "examples.csv"  # every example's summaries
ISSUES_CSV = "label_issues.csv"  # the flagged ones, most suspect first


@click.command("examples", short_help="Per-example dynamics of a run: likely mislabelled examples, table, pictures.")
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--top", "k", type=int, default=10, show_default=True, help="how many suspects (or hardest) to print")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="RUN_DIR (CSV) and RUN_DIR/plots (pictures), replacing the ones written before",
    help="the folder for the CSV files and the pictures; one that already holds any of them is refused",
)
def examples_command(run_dir: Path, k: int, out: Path | None) -> None:
    """Print the likely mislabelled training examples of the run in RUN_DIR (recorded with
    --track-examples; regression: the examples it fits worst), write every example's
    summaries to examples.csv (and the suspects to label_issues.csv), and draw the data
    map, the per-class loss curves and a gallery of the suspects (digits as 8x8 images,
    other data as rows of their inputs) as PNGs. Without --out they replace the ones an
    earlier call wrote into RUN_DIR; an --out folder that already holds one is refused, as
    descend train refuses an --out that holds files: nothing is changed. A run the doctor
    found diverged (diagnosis.json) is refused, as nothing in it argues about its labels (a
    data map an earlier call without --out drew into RUN_DIR/plots, circling a list the run no
    longer has, is removed); one it found still learning gets a note with its advice.

    \b
    Examples:
      descend examples runs/digits
      descend examples runs/digits --top 20 --out runs/digits/examples
    """
    if not run_dir.is_dir():
        raise Failure(f"no run folder at {run_dir}")
    if k < 1:
        raise click.BadParameter(f"must be an integer >= 1, got {k}", param_hint="'--top'")
    refuse_study(run_dir, "examples", reads_trials=True)
    record = record_of(run_dir)
    # from the folder, with the doctor's findings: a diverged run is refused before anything is written
    try:
        issues = find_label_issues(run_dir) if record.task == "classification" else None
    except DivergedRun as err:
        raise Failure(str(err) + ("" if out is not None else _removed_data_map(run_dir))) from None
    if out is not None:
        _check_free(out, record.task == "classification")
    table = examples(record)
    scaling = _scaling(run_dir) if record.task == "regression" else None
    csv_dir, plot_dir = (run_dir, run_dir / run_folder.PLOTS) if out is None else (out, out)
    written = [table.to_csv(csv_dir / CSV)]
    labels = record.labels if record.task == "classification" else None
    inputs = training_inputs(run_dir, record.n, labels, rows=record.rows)
    if inputs is not None and inputs.split and record.rows is None:
        click.echo(
            f"note: {run_folder.EXAMPLES} was written before descend kept the rows of a validation split: each index "
            "here is the example's position in the shuffled training split, not its row of the data (train again "
            "to name the rows)"
        )
    if table.classes is None and inputs is not None and inputs.classes is not None:
        # The label columns name the classes where the record does: a key only where they show positions.
        click.echo(
            f"classes by position ({run_folder.EXAMPLES}, saved before descend kept class names, names none): "
            + ", ".join(f"{i} = {name!r}" for i, name in enumerate(inputs.classes))
        )
    if issues is not None:
        click.echo(issues.head(k).text(k))
        if len(issues) > k:
            click.echo(f"... and {len(issues) - k} more (all in {csv_dir / ISSUES_CSV})")
        written.append(issues.to_csv(csv_dir / ISSUES_CSV))
        data_map(table, issues=issues, path=plot_dir / run_folder.DATA_MAP)
        written.append(plot_dir / run_folder.DATA_MAP)
        gallery = issues if len(issues) else table
    elif (unranked := unranked_because(table)) is not None:  # an order of inf and NaN: no worst fitted, nor drawn
        click.echo(unranked)
        gallery = None
    else:
        units = target_units(scaling) if scaling is not None else None
        click.echo(
            f"The {counted(min(k, len(table)), 'training example')} with the highest final loss"
            + ("" if units is None else f" ({units})")
            + ":"
        )
        click.echo(table.top(k, by="final_loss").text(k))
        gallery = table
    class_loss_curves(record, path=plot_dir / run_folder.CLASS_LOSS, scaling=scaling)
    written.append(plot_dir / run_folder.CLASS_LOSS)
    if inputs is None:
        click.echo(
            "no gallery: the run's training inputs cannot be rebuilt as it trained on them (no config.yaml, data not "
            "in memory, or data changed since the run: other rows or labels than the record's)"
        )
    elif gallery is not None and len(gallery):
        example_gallery(
            gallery, inputs.X, k=max(k, 16), image_shape=inputs.image_shape, columns=inputs.columns,
            classes=inputs.classes, path=plot_dir / run_folder.GALLERY,
        )  # fmt: skip
        written.append(plot_dir / run_folder.GALLERY)
    for path in written:
        click.echo(f"wrote {path}")


def _removed_data_map(run_dir: Path) -> str:
    """Removes the data map an earlier call drew into ``run_dir``'s plots (before the run went on
    and diverged): it circles a list the run no longer has, which its report would show; says so
    (``""`` where there was none)."""
    path = run_dir / run_folder.PLOTS / run_folder.DATA_MAP
    if not path.is_file():
        return ""
    path.unlink()
    return f" (removed {path}, drawn by an earlier call, which circled a list this run no longer has)"


def _scaling(run_dir: Path) -> dict[str, Any] | None:
    """The run's standardisation statistics (``History.scaling``: its target's, where it
    standardised it, say what its losses are of: :func:`target_units`); ``None`` where the folder
    keeps no logs to say (a bare examples.npz)."""
    try:
        return History.load(run_dir).scaling
    except (FileNotFoundError, ValueError):
        return None


def _check_free(out: Path, classification: bool) -> None:
    """Refuse an ``--out`` folder that already holds a file of the names this command writes:
    nothing in it is replaced."""
    names = [CSV, ISSUES_CSV, run_folder.DATA_MAP] if classification else [CSV]
    taken = [name for name in (*names, run_folder.CLASS_LOSS, run_folder.GALLERY) if (out / name).exists()]
    if taken:
        raise Failure(
            f"{out} already holds {', '.join(taken)}; nothing was changed. Choose another --out (a folder "
            "without them), or remove them first"
        )


class Inputs(NamedTuple):
    """A run's training inputs ``X``, their ``image_shape`` (``"auto"`` when unknown), the
    names of a CSV file's feature ``columns`` and its text ``classes`` by index (``None``
    where the data has none); ``split``: whether a validation split drew the training set."""

    X: np.ndarray
    image_shape: Any
    columns: list[str] | None
    classes: list | None
    split: bool = False


def training_inputs(run_dir: Path, n: int, labels: np.ndarray | None = None, *, rows: Any = None) -> Inputs | None:
    """The inputs of the run in ``run_dir`` in the order its tables' ``index`` names them, in
    their original units, with their image shape, column names and class names (:class:`Inputs`):
    rebuilt from ``config.yaml`` as ``descend train`` prepared them. ``rows``: the record's rows
    of the data given (:attr:`~descend.training.ExampleRecord.rows`), where a validation split
    drew its training set: then all the rows of that data, in its order; else (``None``) the
    training inputs in the training set's order. ``None`` where that cannot be done, or where the
    data has changed since: not ``n`` training rows, other ``labels`` (the record's class indices,
    -1 where it read none) than the rebuilt ones, or another split."""
    if not (run_dir / run_folder.CONFIG).is_file():
        return None
    config, _ = read_config(run_dir)
    prepared = prepared_data(config)
    X = getattr(prepared.train, "X", None)
    if X is None or len(X) != n:
        return None
    y = getattr(prepared.train, "y", None)
    if labels is not None and y is not None:  # rows reordered, replaced or relabelled: the gallery would lie
        read = np.asarray(labels) >= 0
        if not np.array_equal(y.detach().cpu().numpy().reshape(-1)[read], np.asarray(labels)[read]):
            return None
    if rows is not None and not np.array_equal(rows, prepared.train_rows if prepared.train_rows is not None else []):
        return None
    X = _original_units(X, prepared)
    if rows is not None:
        X = _in_data_order(X, prepared)
    split = prepared.train_rows is not None
    return Inputs(X, prepared.image_shape or "auto", prepared.columns, prepared.classes, split)


def _original_units(X: Any, prepared: Any) -> np.ndarray:
    """The inputs ``X`` (a tensor) as the data gave them: unstandardised, on the host."""
    if prepared.feature_scale is not None:
        X = X * prepared.feature_scale + prepared.feature_mean
    return X.detach().cpu().numpy()


def _in_data_order(train: np.ndarray, prepared: Any) -> np.ndarray:
    """The rows of the data a validation split drew ``prepared`` from, in the data's order:
    ``train`` (the training inputs, original units) at their rows, the validation inputs at theirs."""
    val = getattr(prepared.val, "X", None)
    out = np.full((len(prepared.train_rows) + len(prepared.val_rows), *train.shape[1:]), np.nan)
    out[prepared.train_rows] = train
    if val is not None:
        out[prepared.val_rows] = _original_units(val, prepared)
    return out
