"""``descend report``: (re)build a run folder's ``report.html``."""

from __future__ import annotations

from pathlib import Path

import click

from ..report import write_report
from ..training.run_folder import CONFIG
from ._run_folder import read_config, require_run

__all__ = ["report_command"]


@click.command("report", short_help="(Re)build the report.html of a run folder.")
@click.argument("run_dir", metavar="RUN_DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default=None, show_default="the run folder's name", help="the report's title")
def report_command(run_dir: Path, title: str | None) -> None:
    """(Re)build RUN_DIR/report.html, one self-contained file, and print its path.

    It holds the run's configuration, summary, the doctor's findings and every picture
    in RUN_DIR/plots.
    """
    require_run(run_dir, "report", python_runs=True)
    if (run_dir / CONFIG).is_file():
        read_config(run_dir)  # a clear error for a config.yaml that does not read
    # else the logs of a run from Python (descend.train(..., log_dir=...), descend.watch)
    click.echo(str(write_report(run_dir, title=title)))
