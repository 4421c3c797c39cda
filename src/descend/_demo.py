"""The demo behind ``make demo`` and ``python -m descend``: the command line at work.

It trains an MLP on the digits data set with a learning rate from the LR range test
(``descend train ... --lr auto``), writing the run folder ``runs/demo`` with its pictures
and ``report.html``; races five optimizers on the Rosenbrock function (``descend compare``)
into a picture of the same folder; and rebuilds the report so that it shows that picture too.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

from .cli import app
from .training.run_folder import CONFIG, PLOTS, REPORT

RUN = Path("runs/demo")

COMMANDS = [
    [
        "train",
        "--data",
        "digits",
        "--model",
        "mlp",
        "--optimizer",
        "adam",
        "--lr",
        "auto",
        "--batch-size",
        "32",
        "--epochs",
        "20",
        "--schedule",
        "cosine",
        "--out",
        str(RUN),
    ],
    [
        "compare",
        "rosenbrock",
        "--optimizers",
        "gd,momentum,nesterov,adam,rmsprop",
        "--max-iter",
        "3000",
        "--plot",
        str(RUN / PLOTS / "compare_rosenbrock.png"),
    ],
    ["report", str(RUN)],
]


def main() -> None:
    """Run the demo's commands, each printed first as it would be typed."""
    if (RUN / CONFIG).is_file():  # an earlier demo's run: the demo starts afresh
        shutil.rmtree(RUN)
    for args in COMMANDS:
        print(f"\n$ descend {shlex.join(args)}\n", flush=True)
        code = app.main(args, prog_name="descend", standalone_mode=False)
        if code:
            raise SystemExit(code)
    print(f"\nopen {RUN / REPORT} in a browser to see the run", flush=True)


if __name__ == "__main__":
    main()
