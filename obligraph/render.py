"""The command line's habits, kept out of cli.py: dates as people write them, agency names
understood with a word on stderr, tables that fit the terminal, CSV for every table.

>>> parse_day("31/12/2025"), parse_day("2025-12-31"), parse_day("1/7/2025")
(datetime.date(2025, 12, 31), datetime.date(2025, 12, 31), datetime.date(2025, 7, 1))
>>> natural_key("II.1.10") > natural_key("II.1.9")
True
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import shutil
import textwrap
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from obligraph.errors import QueryError
from obligraph.viz.labels import number_sort_key

# Messages for the user that are not the answer ("hiểu là: Công an tỉnh"): the CLI shows
# them on stderr; a library caller may listen or not.
NOTICES = logging.getLogger("obligraph.notice")

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_day(text: str, option: str = "date") -> date:
    """A date typed as 31/12/2025 (Vietnamese order), 31-12-2025 or 2025-12-31 (ISO)."""
    value = (text or "").strip()
    if m := _DMY.match(value):
        day, month, year = (int(g) for g in m.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    else:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise QueryError(
        f"{option}: ngày không hợp lệ {text!r}; viết 31/12/2025 hoặc 2025-12-31 "
        "(a date as dd/mm/yyyy or YYYY-MM-DD)"
    )


def iso_day(text: str | None, option: str = "date") -> str | None:
    """parse_day as an ISO string (None stays None)."""
    return None if text in (None, "") else parse_day(str(text), option).isoformat()


def check_range(after: str | None, before: str | None, names: tuple[str, str]) -> None:
    """A reversed range is an error, not an empty answer."""
    if after and before and after > before:
        raise QueryError(
            f"khoảng ngày ngược: {names[0]} {after} sau {names[1]} {before} (the range is reversed)"
        )


def today() -> date:
    return date.today()


def natural_key(value: object) -> tuple:
    """Sort key for printed numbers: 1 < 2 < 10 < 100, II.1.9 < II.1.10."""
    return number_sort_key(str(value or ""))


class _Echo(logging.Handler):
    """Hands each notice to a function (the CLI's stderr echo), looked up at emit time."""

    def __init__(self, echo) -> None:  # noqa: ANN001 - any callable taking a str
        super().__init__(logging.INFO)
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        self.echo(record.getMessage())


def show_notices(echo) -> None:  # noqa: ANN001 - any callable taking a str
    """Send notices to `echo` (replacing an earlier handler: one line per notice)."""
    for handler in list(NOTICES.handlers):
        NOTICES.removeHandler(handler)
    NOTICES.addHandler(_Echo(echo))
    NOTICES.setLevel(logging.INFO)
    NOTICES.propagate = False


def notice(message: str) -> None:
    """A word for the user on stderr (through the CLI's handler)."""
    NOTICES.info(message)


def resolve_agency_cli(graph: Any, mention: str) -> str:
    """The agency id a user means, from a networkx graph (see queries.resolve)."""
    from obligraph.queries.resolve import graph_agencies, resolve_agency

    return resolve_agency(mention, graph_agencies(graph))


def sheet_summary(written: Iterable[tuple[Path, Any]]) -> list[dict[str, Any]]:
    """One line per written sheet: its counts, from the rows it holds."""
    return [
        {
            "file": str(path),
            "agency": s.agency_name,
            "direct": len(s.direct),
            "group": len(s.group),
            "inherited": len(s.inherited),
            "indicators": len(s.indicators),
            "lead": len(s.lead),
            "coordinate": len(s.coordinate),
            "overdue": sum(r.status == "quá hạn" for r in s.rows),
        }
        for path, s in written
    ]


# ---------------------------------------------------------------- tables

# Column headers in Vietnamese (the JSON and CSV keep the stable English names).
HEADERS = {
    "item": "loại",
    "item_id": "mã",
    "doc_id": "mã văn bản",
    "number": "số văn bản",
    "issued": "ngày ban hành",
    "no": "STT",
    "text": "nội dung",
    "role": "vai trò",
    "how": "cách giao",
    "deadline_text": "thời hạn",
    "due": "hạn",
    "target": "mục tiêu",
    "inherited_from": "kế thừa từ",
    "since": "từ ngày",
    "via_collective": "giao chung qua",
    "kind": "loại",
    "hops": "bước",
    "direction": "chiều",
    "leads": "chủ trì",
    "task_id": "mã nhiệm vụ",
    "score": "điểm",
}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return " ".join(str(value).split())


def terminal_width(default: int = 120) -> int:
    return max(60, shutil.get_terminal_size((default, 24)).columns)


def dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without repeats (the same values in the same columns), first kept.

    >>> dedupe([{"a": 1}, {"a": True}, {"a": 1}, {"a": [1]}, {"a": [1]}])
    [{'a': 1}, {'a': True}, {'a': [1]}]
    """
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = _row_key(row)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


_EXACT = frozenset({str, int, bool, type(None)})  # equal as values exactly when reprs are


def _row_key(row: dict[str, Any]) -> tuple:
    """What makes two rows repeats: the columns and the repr of each value. Built from the
    values themselves (and their types, so 1 and True differ) where that is the same test,
    without a repr per cell: 100,000-row answers."""
    values = tuple(row.values())
    types = tuple(map(type, values))
    if _EXACT.issuperset(types):
        return (tuple(row), types, values)
    return tuple((k, repr(v)) for k, v in row.items())


ID_COLUMNS = {
    "item_id",
    "doc_id",
    "task_id",
    "from_id",
    "replaced_id",
    "basis_id",
    "superseded_by_id",
    "later_id",
    "earlier_id",
}


# Coded values shown in Vietnamese in a terminal table (csv/json keep the codes).
VALUE_LABELS = {
    "role": {"lead": "chủ trì", "coordinate": "phối hợp", "monitor": "theo dõi"},
    "how": {"direct": "trực tiếp", "group": "giao chung", "inherited": "kế thừa"},
    "item": {"task": "nhiệm vụ", "indicator": "chỉ tiêu"},
}
# Columns a narrow terminal can do without, first dropped first (all are in csv/json).
SECONDARY = ("issued", "since", "target", "due", "in_corpus", "origin", "kind")


def table_view(rows: list[dict[str, Any]], width: int | None = None) -> list[dict[str, Any]]:
    """The columns a reader looks at in a terminal: ids and columns empty in every row
    left out, secondary columns dropped while the table is far wider than the terminal,
    coded values in Vietnamese."""
    if not rows:
        return rows
    width = width or terminal_width()
    keep = [
        c for c in rows[0] if c not in ID_COLUMNS and any(r.get(c) not in (None, "") for r in rows)
    ]

    def natural_width() -> int:
        return sum(
            min(40, max(len(HEADERS.get(c, c)), *(len(cell_text(r.get(c))) for r in rows)))
            for c in keep
        )

    for column in SECONDARY:
        if natural_width() + 2 * len(keep) <= width:
            break
        if column in keep:
            keep.remove(column)
    return [{c: _label(c, r.get(c)) for c in keep} for r in rows]


def _label(column: str, value: Any) -> Any:
    """A coded value in Vietnamese; other values (lists among them: `leads`) as they are.

    >>> _label("role", "lead"), _label("leads", ["Sở Nội vụ"])
    ('chủ trì', ['Sở Nội vụ'])
    """
    labels = VALUE_LABELS.get(column)
    if labels is None or isinstance(value, list | dict):
        return value
    return labels.get(value, value)


def render_table(rows: list[dict[str, Any]], width: int | None = None, raw: bool = False) -> str:
    """Rows as a table no wider than the terminal: narrow columns kept whole, the widest
    wrapped, headers in Vietnamese. "(không có dòng nào)" for no rows."""
    if not rows:
        return "(không có dòng nào — no rows)"
    width = width or terminal_width()
    columns = list(rows[0])
    show = (lambda v: "" if v is None else " ".join(str(v).split())) if raw else cell_text
    cells = [[show(r.get(c)) for c in columns] for r in rows]
    heads = list(columns) if raw else [HEADERS.get(c, c) for c in columns]
    natural = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(heads)]
    sizes = list(natural)
    budget = width - 2 * (len(columns) - 1)
    # Narrow columns keep their width (up to 14); the widest give way first, down to 14.
    for floor in (14, 6, 1):  # a narrow terminal: every column gives way, down to 1
        floors = [min(n, floor) for n in natural]
        while sum(sizes) > budget:
            widest = max(range(len(sizes)), key=lambda i: sizes[i] - floors[i])
            if sizes[widest] <= floors[widest]:
                break
            sizes[widest] -= 1
    lines = []

    def emit(values: list[str]) -> None:
        wrapped = [_wrap(v, s) for v, s in zip(values, sizes, strict=True)]
        for k in range(max(len(w) for w in wrapped)):
            parts = [
                (w[k] if k < len(w) else "").ljust(s) for w, s in zip(wrapped, sizes, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())

    emit(heads)
    lines.append("  ".join("-" * s for s in sizes))
    for row in cells:
        emit(row)
    lines.append(f"({len(rows)} dòng)")
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap, with the common case (a cell that fits, its spaces single) answered
    without it: a hundred-row table wraps a thousand cells.

    >>> _wrap("Công an tỉnh", 20), _wrap("", 5), _wrap("a  b", 9), _wrap("một hai ba", 5)
    (['Công an tỉnh'], [''], ['a  b'], ['một', 'hai', 'ba'])
    """
    if len(text) <= width and text and text == " ".join(text.split()):
        return [text]  # what textwrap.wrap returns for it
    return textwrap.wrap(text, width) or [""]


def render_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV (header of the stable column names; lists joined by '; ')."""
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.writer(out, lineterminator="\n")
    columns = list(rows[0])
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else cell_text(row.get(c)) for c in columns])
    return out.getvalue()


def render_json(rows: list[dict[str, Any]]) -> str:
    """The rows as `json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True,
    default=str)` writes them, byte for byte, but through the C encoder (Python's uses its
    pure-Python one as soon as `indent` is set: 1 s for 28,000 rows). A row of plain
    values is one C call whose item separator carries the newline and indent; a row
    holding a list or a dict (nested indents) is written by json.dumps itself.

    >>> rows = [{"b": 1, "a": "ế"}, {"a": [1, 2]}, {}]
    >>> render_json(rows) == json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True)
    True
    """
    if not rows:
        return json.dumps(rows, indent=2)
    flat = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, separators=(",\n    ", ": "), default=str
    ).encode
    texts = []
    for row in rows:
        if row and type(row) is dict and _FLAT_JSON.issuperset(map(type, row.values())):
            texts.append("{\n    " + flat(row)[1:-1] + "\n  }")
        else:
            texts.append(
                json.dumps(row, ensure_ascii=False, indent=2, sort_keys=True, default=str).replace(
                    "\n", "\n  "
                )
            )
    return "[\n  " + ",\n  ".join(texts) + "\n]"


_FLAT_JSON = frozenset({str, int, float, bool, type(None)})


def render_rows(rows: list[dict[str, Any]], fmt: str, raw: bool = False) -> str:
    """table | csv | json. `raw`: the column names and values as the query gave them
    (a user's own Cypher), not translated."""
    if fmt == "csv":
        return render_csv(rows)
    if fmt == "json":
        return render_json(rows)
    if fmt == "table":
        return render_table(rows, raw=raw)
    raise QueryError(f"--format: table, csv hoặc json, không phải {fmt!r}")
