"""Counted nouns in the messages a user reads: ``"1 epoch"``, ``"3 epochs"``, never ``"1 epochs"``."""

from __future__ import annotations

__all__ = ["counted", "plural"]


def plural(n: object, noun: str, many: str | None = None) -> str:
    """``noun`` as it follows the count ``n``: itself for 1, else ``many`` or its regular
    plural (``"s"`` added, ``"es"`` after s, x, z or sh: ``"class"`` -> ``"classes"``,
    ``"output column"`` -> ``"output columns"``; give ``many`` for the others, ``"batches"``).

    >>> plural(1, "epoch"), plural(0, "epoch"), plural(2, "class"), plural(2, "batch", "batches")
    ('epoch', 'epochs', 'classes', 'batches')
    """
    if n == 1:
        return noun
    if many is not None:
        return many
    return noun + ("es" if noun.endswith(("s", "x", "z", "sh")) else "s")


def counted(n: object, noun: str, many: str | None = None) -> str:
    """``n`` and ``noun``, the noun in the plural (:func:`plural`) unless ``n`` is 1.

    >>> counted(1, "epoch"), counted(3, "epoch"), counted(1, "training example")
    ('1 epoch', '3 epochs', '1 training example')
    """
    return f"{n} {plural(n, noun, many)}"
