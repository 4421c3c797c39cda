"""The ``descend`` command line: train, minimize, compare, lr-find, landscape, report, doctor.

A thin layer over the Python API (``descend.train``, ``descend.minimize``,
``descend.lr_find``, ``descend.plots``, ``descend.landscape``, ``descend.report``), built with
click; ``descend train`` settings can also come from a YAML or TOML file, checked by pydantic.
Exit codes: 0 ok, 1 failure, 2 usage error; errors are one ``error:`` line on stderr
(``descend --debug ...`` shows the traceback).

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(app, ["--version"])
>>> result.exit_code, result.output.strip()
(0, 'descend 0.1.0')
"""

from __future__ import annotations

from typing import Any

import click

from .._version import __version__
from ._app import DescendGroup
from .compare import compare_command
from .doctor import doctor_command
from .examples import examples_command
from .landscape import landscape_command
from .lr_find import lr_find_command
from .minimize import minimize_command
from .report import report_command
from .train import train_command
from .tune import tune_command

__all__ = ["app", "main"]


@click.group(
    "descend", cls=DescendGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, "--version", prog_name="descend", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, default=False, help="show the full traceback of an error instead of one line")
def app(debug: bool) -> None:
    """descend: gradient descent on PyTorch, from the command line.

    \b
    Examples:
      descend train --data digits --model mlp --lr auto --batch-size 32 --epochs 10 --out runs/digits
      descend minimize rosenbrock --optimizer momentum --lr 1e-3 --x0=-1.5,2 --plot path.png
      descend compare rosenbrock --optimizers gd,momentum,nesterov,adam,rmsprop --plot paths.png
      descend lr-find --data digits --model mlp
      descend landscape runs/digits
      descend report runs/digits
      descend doctor runs/digits          # --apply: train again with its advice, if any
      descend examples runs/digits --top 20
      descend tune --config tune.yaml --trials 40 --workers 2
    """


for _command in (
    train_command,
    minimize_command,
    compare_command,
    lr_find_command,
    landscape_command,
    report_command,
    doctor_command,
    examples_command,
    tune_command,
):
    app.add_command(_command)


def main(args: Any = None) -> Any:
    """The ``descend`` console script: run the command line with ``args`` (default ``sys.argv``);
    it ends the process with the exit code (0 ok, 1 failure, 2 usage error).

    >>> try:
    ...     main(["minimize", "booth", "--optimizer", "gd", "--lr", "0.05"])
    ... except SystemExit as done:
    ...     print("exit code", done.code)
    function       booth
    optimizer      gd
    lr             0.05
    x              [1, 3]
    f(x)           2.08...e-11
    gradient norm  9.13e-06
    iterations     120
    status         gtol (converged)
    message        converged after 120 iterations: gradient norm 9.13e-06 <= gtol=1e-05
    doctor:
    - converged at step 120: nothing to change
        seen: converged after 120 iterations: gradient norm 9.13e-06 <= gtol=1e-05
    exit code 0
    """
    return app.main(args, prog_name="descend")
