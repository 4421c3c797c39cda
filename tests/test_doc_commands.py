"""The command lines of README.md and docs/*.md run as written.

Each file's ```sh blocks run in order, line by line, through the ``descend`` command line in
this process (a later line may use what an earlier one wrote, as a reader who copies them in
turn would), in one temporary folder per file that holds the files the page shows (a block
headed ``# run.yaml``: see ``_doc_blocks``), with every network connection refused; each line
must exit 0 without a traceback. A block with another command (make, torchrun, pip) or that
needs several machines, a database server, a GPU or hours is preceded by a visible marker::

    <!-- not run: the reason -->

and is only parsed; its skip, with the reason, is listed in pytest's summary.
"""

import shlex

import matplotlib
import matplotlib.pyplot as plt
import pytest
from click.testing import CliRunner

from _doc_blocks import DOCS, fenced_blocks, refuse_network, shown_files
from descend.cli import app

matplotlib.use("Agg")

_SHELL = "sh|bash|shell"


def command_lines(code):
    """Each command of a shell block: (its first line's offset in the block, its words).

    A line ending in ``\\`` continues on the next; ``# comments`` and blank lines are dropped.
    """
    start, pending = None, ""
    for offset, line in enumerate(code.splitlines()):
        start = offset if start is None else start
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        words = shlex.split(pending + line, comments=True)
        if words:
            yield start, words
        start, pending = None, ""


def _blocks(path):
    return list(fenced_blocks(path.read_text(), _SHELL))


def _run(words, where):
    if words[0] != "descend":
        pytest.fail(f"{where}: `{shlex.join(words)}` is not a descend command: mark its block not run", pytrace=False)
    result = CliRunner().invoke(app, words[1:], prog_name="descend")
    if result.exit_code != 0 or "Traceback (most recent call last)" in result.output:
        raised = "" if isinstance(result.exception, SystemExit | None) else f"\n{result.exception!r}"
        pytest.fail(
            f"{where}: `{shlex.join(words)}` exited {result.exit_code}:\n{result.output}{raised}", pytrace=False
        )


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in DOCS if any(r is None for _, _, r in _blocks(p))], ids=lambda p: p.name)
def test_commands_run_in_order(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refuse_network(monkeypatch)
    for name, content in shown_files(path.read_text()).items():
        (tmp_path / name).write_text(content)
    for line, code, reason in _blocks(path):
        if reason is None:
            for offset, words in command_lines(code):
                _run(words, f"{path.name}:{line + offset}")
    plt.close("all")


_NOT_RUN = [(p, line, reason) for p in DOCS for line, _, reason in _blocks(p) if reason is not None]


@pytest.mark.parametrize(("path", "line", "reason"), _NOT_RUN, ids=[f"{p.name}:{line}" for p, line, _ in _NOT_RUN])
def test_commands_not_run_parse(path, line, reason):
    """A block left out still splits into commands; its skip names the reason in pytest's summary."""
    code = dict((n, c) for n, c, _ in _blocks(path))[line]
    assert list(command_lines(code))
    pytest.skip(f"{path.name}:{line} not run: {reason}")


def test_the_extraction_joins_lines_drops_comments_and_finds_files():
    text = (
        "```sh\n"
        "descend train --data digits \\\n"
        "    --epochs 2   # two epochs\n"
        "# a comment line\n"
        "\n"
        "descend report 'runs/my run'\n"
        "```\n"
        "- item\n\n"
        "  <!-- not run: needs a GPU -->\n"
        "  ```bash\n  descend train --device cuda\n  ```\n"
        "  ```yaml\n  # run.yaml: the settings\n  data: digits\n  ```\n"
        "```python\n# my_functions.py\ndef bowl(x):\n    return x @ x\n```\n"
        "```yaml\ndata: iris\n```\n"
        "<!-- not run: a server -->\n```python\nconnect()\n```\n"
    )
    blocks = list(fenced_blocks(text, _SHELL))
    assert [(line, reason) for line, _, reason in blocks] == [(2, None), (12, "needs a GPU")]
    # A marker belongs to the block right under it, not to the next block of the language asked for.
    assert [(line, reason) for line, _, reason in fenced_blocks(text, "python")] == [(19, None), (28, "a server")]
    assert list(command_lines(blocks[0][1])) == [
        (0, ["descend", "train", "--data", "digits", "--epochs", "2"]),
        (4, ["descend", "report", "runs/my run"]),
    ]
    assert shown_files(text) == {
        "run.yaml": "# run.yaml: the settings\ndata: digits\n",
        "my_functions.py": "# my_functions.py\ndef bowl(x):\n    return x @ x\n",
    }
