"""The bench's docstring examples run and print what they say: the bench's labels and scores are
what the README's figures rest on, and an example that never runs can drift from its code."""

import doctest
import importlib

import pytest

from _bench import BENCH, bench_on_path

WITH_EXAMPLES = sorted(p.stem for p in BENCH.glob("*.py") if ">>>" in p.read_text(encoding="utf-8"))


def test_the_bench_has_examples():
    assert "_doctor_labels" in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_bench_docstring_examples_run(name):
    with bench_on_path():  # an example may import the bench's other modules
        module = importlib.import_module(name)
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, f"bench/{name}.py: {result}"
