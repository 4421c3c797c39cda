"""The Python examples of README.md and docs/*.md run as written.

Each file's ```python blocks run in order in one namespace (a later block may use what an
earlier one made, as a reader who copies them in turn would), in a temporary folder, with
every network connection refused. A block that cannot run here (several machines, a database
server, a GPU, a framework's downloads) is preceded by a visible marker::

    <!-- not run: the reason -->

and is only compiled; its skip, with the reason, is listed in pytest's summary.
"""

import traceback

import matplotlib
import matplotlib.pyplot as plt
import pytest

from _doc_blocks import DOCS, fenced_blocks, refuse_network

matplotlib.use("Agg")


def python_blocks(text):
    """Each ```python block of a markdown text: (first line number, code, reason not run or None)."""
    return fenced_blocks(text, "python")


def _blocks(path):
    return list(python_blocks(path.read_text()))


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in DOCS if any(r is None for _, _, r in _blocks(p))], ids=lambda p: p.name)
def test_examples_run_in_order(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refuse_network(monkeypatch)
    namespace = {"__name__": "__doc_example__"}
    for line, code, reason in _blocks(path):
        compiled = compile(code, f"{path.name}:{line}", "exec")
        if reason is not None:
            continue
        try:
            exec(compiled, namespace)
        except Exception:
            pytest.fail(f"{path.name}, the block at line {line}:\n{traceback.format_exc()}", pytrace=False)
    plt.close("all")


_NOT_RUN = [(p, line, reason) for p in DOCS for line, _, reason in _blocks(p) if reason is not None]


@pytest.mark.parametrize(("path", "line", "reason"), _NOT_RUN, ids=[f"{p.name}:{line}" for p, line, _ in _NOT_RUN])
def test_examples_not_run_compile(path, line, reason):
    """A block left out still parses; its skip names the reason in pytest's summary."""
    code = dict((n, c) for n, c, _ in _blocks(path))[line]
    compile(code, f"{path.name}:{line}", "exec")
    pytest.skip(f"{path.name}:{line} not run: {reason}")


def test_the_extraction_sees_markers_and_indented_blocks():
    text = (
        "intro\n```python\na = 1\n```\n"
        "- item\n\n  ```python\n  b = a + 1\n  ```\n"
        "<!-- not run: needs a GPU -->\n```python\ncuda()\n```\n"
        "```sh\nnot python\n```\n"
    )
    assert list(python_blocks(text)) == [
        (3, "a = 1\n", None),
        (8, "b = a + 1\n", None),
        (12, "cuda()\n", "needs a GPU"),
    ]
