"""HTML cells and tables of ``report.html``: every value HTML-escaped, numbers right-aligned."""

from __future__ import annotations

import html
import json
import math
from typing import Any

__all__ = ["cell", "escape", "key_table", "table_of_rows"]


def escape(value: Any) -> str:
    """``value`` as HTML text, quotes escaped.

    >>> escape("<b>")
    '&lt;b&gt;'
    """
    return html.escape(str(value), quote=True)


def key_table(rows: dict[str, Any], readable_keys: bool = False) -> str:
    """A two-column table: each key as a row header, its value as a cell.

    >>> key_table({"final_loss": 0.25}, readable_keys=True)
    '<table><tr><th scope="row">final loss</th><td class="num">0.25</td></tr></table>'
    """
    body = "".join(
        f'<tr><th scope="row">{escape(str(key).replace("_", " ") if readable_keys else key)}</th>{cell(value)}</tr>'
        for key, value in rows.items()
    )
    return f"<table>{body}</table>"


def cell(value: Any) -> str:
    """One ``<td>``: numbers right-aligned (6 significant digits; -0.0 as 0, a loss of a
    saturated cross-entropy read "-0"), dicts and lists as JSON.

    >>> cell(0.5), cell(None), cell(-0.0)
    ('<td class="num">0.5</td>', '<td>-</td>', '<td class="num">0</td>')
    """
    if isinstance(value, bool) or value is None:
        return f"<td>{escape('-' if value is None else value)}</td>"
    if isinstance(value, int):
        return f'<td class="num">{value}</td>'
    if isinstance(value, float):
        value += 0.0  # -0.0 + 0.0 is 0.0
        return f'<td class="num">{escape(f"{value:.6g}" if math.isfinite(value) else value)}</td>'
    if isinstance(value, (dict, list)):
        return f"<td><code>{escape(json.dumps(value))}</code></td>"
    return f"<td>{escape(value)}</td>"


def table_of_rows(table: Any) -> str:
    """A table with a header: ``table.columns`` and ``table.rows(named=True)`` (dicts, classes by
    name), as the examples' tables.

    >>> class Table:
    ...     columns = ["index", "loss"]
    ...     def rows(self, named): return [{"index": 3, "loss": 1.5}]
    >>> table_of_rows(Table())
    '<table><thead><tr><th>index</th><th>loss</th></tr></thead><tbody><tr><td class="num">3</td><td class="num">1.5</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{escape(name)}</th>" for name in table.columns)
    body = "".join("<tr>" + "".join(cell(v) for v in row.values()) + "</tr>" for row in table.rows(named=True))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
