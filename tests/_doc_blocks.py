"""The fenced blocks of README.md and docs/*.md, for the tests that run them as written.

A block that cannot run here (several machines, a database server, a GPU, hours) is preceded
by a visible marker, the line before its fence::

    <!-- not run: the reason -->

A block whose first line is a comment naming a file (``# run.yaml``, ``# tune.yaml: ...``,
``# my_functions.py``) is a file the reader is meant to write: ``shown_files`` gives them.
"""

from __future__ import annotations

import re
import socket
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# A fence may be indented (inside a list item); the marker, when there, is the line before it.
_BLOCK = (
    r"^(?:[ \t]*<!-- not run: (?P<reason>[^\n]+?) -->[ \t]*\n)?(?P<indent>[ \t]*)```(?:{languages})[ \t]*\n"
    r"(?P<body>.*?)^(?P=indent)```"
)
_FILE_NAME = re.compile(r"#[ \t]*(?P<name>[\w.-]+\.(?:ya?ml|toml|py|csv|json))(?::.*)?[ \t]*\n")


def fenced_blocks(text, languages):
    """Each block fenced as one of ``languages`` (a regex): (first line number, code, reason not run or None)."""
    for match in re.finditer(_BLOCK.format(languages=languages), text, re.MULTILINE | re.DOTALL):
        line = text.count("\n", 0, match.start("body")) + 1
        yield line, textwrap.dedent(match["body"]), match["reason"]


def shown_files(text):
    """The files a text shows, {name: content}: each block whose first line is ``# NAME.EXT``."""
    files = {}
    for _, code, _ in fenced_blocks(text, r"\w+"):
        named = _FILE_NAME.match(code)
        if named:
            files[named["name"]] = code
    return files


def _refuse(*args, **kwargs):
    raise OSError("the documentation's examples must not reach the network")


def refuse_network(monkeypatch):
    """Every socket connection refused for the rest of the test."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
