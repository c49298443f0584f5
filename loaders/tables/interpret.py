"""A stated table (any carrier) -> what it holds: task rows, indicator rows, or neither.

Shared by every carrier (Markdown pipe rows, one cell per line, HTML, DOCX, PDF): a fix
for one layout helps all. Steps:

1. the header row: the first of the table's first rows whose cells name at least two
   column roles (`columns.py`); a "(1) (2) (3)" column-number row under it is dropped,
   and so are copies of the header repeated at page breaks;
2. the kind: a task table has a task column and a who or when column; an indicator
   table a "Chỉ tiêu" column and a unit or target; anything else is reported as a
   non-task table, named when its headers say what it is (procedure lists, fee norms…);
3. each body row aligned to the columns (a row with fewer cells than the header had
   merged cells: its cells are placed where their content fits, and the missing ones
   are filled from the row above, flagged);
4. numbering and structure (`numbering.py`): section and group headings, numbered rows,
   lettered and unnumbered sub-rows, gaps.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.readers.model import Cell, StatedTable, TableRow
from obligraph.loaders.tables.columns import ColumnRole, column_role, non_task_kind, normalize

# How many of a table's first rows may come before its header (titles in a cell, units).
HEADER_SEARCH = 4
# Roles that say who does a task, and when.
WHO_ROLES = frozenset({"lead", "coordinate", "responsibility"})
WHEN_ROLES = frozenset({"deadline"})
# "(1)", "1", "(2)" … : a column-number row.
COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
# Markdown emphasis around or inside a cell.
EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,2}|_{1,2}(?!\w)")
# Deadline-looking content: a year, a month/year, a quarter, recurring words.
_DEADLINE_HINT = re.compile(
    r"(?:\b(?:19|20)\d\d\b|\b\d{1,2}/\d{4}\b|\bqu[ýí]\s+(?:[IV]{1,3}|\d)|thường xuyên|"
    r"hằng|hàng năm|định kỳ|tháng \d|năm \d|khi có|sau khi|trước ngày)",
    re.IGNORECASE,
)
_FUNDING_HINT = re.compile(r"kinh phí|ngân sách|nguồn vốn|vốn|chi thường xuyên|xã hội hóa", re.I)


def clean(text: str) -> str:
    """Cell text for interpretation: emphasis dropped, whitespace of each line collapsed."""
    text = EMPHASIS.sub("", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def joined(text: str) -> str:
    """One line: wraps joined with a space."""
    return " ".join(clean(text).split())


@dataclass
class Value:
    """One interpreted cell: its text (cleaned), its lines, whether filled from above."""

    text: str
    line_start: int
    line_end: int
    filled: bool = False


@dataclass
class BodyRow:
    """A body row aligned to the table's columns: role or header text -> value."""

    values: list[Value | None]  # one per column
    row: TableRow
    warnings: list[str] = field(default_factory=list)


@dataclass
class TableReading:
    """What one stated table holds."""

    table: StatedTable
    kind: str  # "tasks", "indicators" or "other"
    why: str  # for "other": what it is ("administrative procedures", "no task columns")
    columns: list[ColumnRole] = field(default_factory=list)
    header: tuple[int, int] | None = None  # 1-based lines of the header rows
    body: list[BodyRow] = field(default_factory=list)
    dropped: list[tuple[int, int, str]] = field(default_factory=list)  # lines, why
    findings: list[tuple[int, int, str]] = field(default_factory=list)  # lines, why

    def role_index(self, role: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.role == role:
                return i
        return None


def read_table(table: StatedTable) -> TableReading:
    """Interpret one stated table (see the module docstring)."""
    header_at, columns = _find_header(table)
    if header_at is None:
        named = None
        for row in table.rows[:HEADER_SEARCH]:
            # a cell's opening words may name what the table is ("Nơi nhận: …")
            texts = [" ".join(clean(c.text).split()[:8]) for c in row.cells]
            named = named or non_task_kind(texts)
        return TableReading(table, "other", named or "no header naming task columns")
    kind, why = _kind(columns)
    header_row = table.rows[header_at]
    columns = _number_column(columns, table, header_at)
    reading = TableReading(
        table, kind, why, columns, header=(table.rows[0].line_start, header_row.line_end)
    )
    if kind == "other":
        return reading
    if kind == "indicators":
        _indicator_roles(reading)
    elif kind == "tasks":
        _task_roles(reading)
    fuzzy = [c for c in columns if c.fuzzy]
    for c in fuzzy:
        reading.findings.append(
            (
                header_row.line_start,
                header_row.line_end,
                f'header "{c.header}" read as {c.role} ("{c.phrase}"): close, not exact',
            )
        )
    header_words = [normalize(c.text) for c in header_row.cells]
    previous: BodyRow | None = None
    for row in table.rows[header_at + 1 :]:
        texts = [clean(c.text) for c in row.cells]
        if all(not t for t in texts):
            reading.dropped.append((row.line_start, row.line_end, "empty table row"))
            continue
        if all(COLUMN_NUMBER.match(t) for t in texts if t) and _consecutive(texts):
            reading.dropped.append((row.line_start, row.line_end, "column-number row"))
            continue
        if [normalize(c.text) for c in row.cells] == header_words or _header_like(row):
            reading.dropped.append((row.line_start, row.line_end, "header repeated"))
            continue
        if not reading.body and _second_header_row(texts):
            reading.dropped.append((row.line_start, row.line_end, "header (second row)"))
            reading.findings.append(
                (
                    row.line_start,
                    row.line_end,
                    "a second header row (sub-columns) dropped: "
                    + " | ".join(t for t in texts if t)[:80],
                )
            )
            continue
        body = _align(row, reading, previous)
        reading.body.append(body)
        previous = body
    if kind == "tasks" and _durations(reading):
        reading.kind, reading.why = "other", "procedure steps (time allowed in days or hours)"
    return reading


# "0,5 ngày", "10 ngày làm việc", "04 giờ": the time a step of a procedure may take.
DURATION = re.compile(r"^\d{1,3}(?:[,.]\d{1,2})?\s*(?:ngày|giờ)(?:\s+làm\s+việc)?\.?$", re.I)


def _durations(reading: TableReading) -> bool:
    """Most deadline cells are durations: the table lists a procedure's steps."""
    at = reading.role_index("deadline")
    if at is None:
        return False
    cells = [joined(b.values[at].text) for b in reading.body if b.values[at] and b.values[at].text]
    return len(cells) >= 2 and sum(1 for c in cells if DURATION.match(c)) * 5 >= len(cells) * 3


def _second_header_row(texts: list[str]) -> bool:
    """Sub-column names under a spanning header: "Năm 2026 | Năm 2027 | …", no number."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or NUMBER_LIKE.match(joined(texts[0]) if texts else ""):
        return False
    named = [t for t in filled if len(t) <= 30 and (PERIOD.search(t) or column_role(t).role)]
    return len(named) == len(filled)


def _header_like(row: TableRow) -> bool:
    """A header again (a page break, a sub-table): two named columns, no row number."""
    roles = [column_role(c.text).role for c in row.cells]
    named = {r for r in roles if r}
    first = joined(row.cells[0].text) if row.cells else ""
    return (
        len(named) >= 2
        and bool(named & {"text", "name"})
        and not NUMBER_LIKE.match(first)
        and sum(1 for r in roles if r) * 2 > len([c for c in row.cells if clean(c.text)])
    )


def _consecutive(texts: list[str]) -> bool:
    numbers = [int(re.sub(r"\D", "", t)) for t in texts if t]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _number_column(columns: list[ColumnRole], table: StatedTable, at: int) -> list[ColumnRole]:
    """A header with no TT cell over rows one cell wider: the first column is the number."""
    if any(c.role == "number" for c in columns):
        return columns
    widths = Counter(len(r.cells) for r in table.rows[at + 1 :])
    if widths and widths.most_common(1)[0][0] == len(columns) + 1:
        return [ColumnRole("", "number"), *columns]
    return columns


def _find_header(table: StatedTable) -> tuple[int | None, list[ColumnRole]]:
    for i, row in enumerate(table.rows[:HEADER_SEARCH]):
        roles = [column_role(c.text) for c in row.cells]
        named = {r.role for r in roles if r.role}
        content = named & {"text", "name"}
        if len(named) >= 2 and (content or named & WHO_ROLES or named & WHEN_ROLES):
            return i, roles
    return None, []


def _kind(columns: list[ColumnRole]) -> tuple[str, str]:
    roles = {c.role for c in columns if c.role}
    headers = [c.header for c in columns]
    named = non_task_kind(headers)
    if named and not roles & {"lead", "coordinate", "responsibility"}:
        # a procedure list, a norm, a name list: its words win over a loose "Thời gian"
        return "other", named
    if "text" in roles and roles & (WHO_ROLES | WHEN_ROLES):
        return "tasks", "task column and a who or when column"
    bare_unit = any(c.role == "unit" and normalize(c.header) == "don vi" for c in columns)
    if "text" in roles and bare_unit and not non_task_kind(headers):
        # "Nội dung | Đơn vị | …": "Đơn vị" is who does it when the table has no agency column
        return "tasks", "task column and a unit (who) column"
    if "name" in roles and roles & {"unit", "target", "result", *WHO_ROLES, "monitor"}:
        return "indicators", "indicator column and a unit, target or agency column"
    return "other", named or "no task column with a who or when column"


def _task_roles(reading: TableReading) -> None:
    """In a task table, "Đơn vị" alone names who does it; "Chỉ tiêu" is the task."""
    roles = {c.role for c in reading.columns}
    for i, c in enumerate(reading.columns):
        if c.role == "unit" and not roles & WHO_ROLES and normalize(c.header) == "don vi":
            reading.columns[i] = ColumnRole(c.header, "responsibility", c.phrase, c.fuzzy)
        elif c.role == "name" and "text" not in roles:
            reading.columns[i] = ColumnRole(c.header, "text", c.phrase, c.fuzzy)


def _indicator_roles(reading: TableReading) -> None:
    """In an indicator table "Kết quả" is the target and the agency column monitors; with
    no target column, the last column named by a period ("Giai đoạn 2026 - 2030", "Năm
    2030") holds the target."""
    for i, c in enumerate(reading.columns):
        if c.role == "result":
            reading.columns[i] = ColumnRole(c.header, "target", c.phrase, c.fuzzy)
        elif c.role in WHO_ROLES:
            reading.columns[i] = ColumnRole(c.header, "monitor", c.phrase, c.fuzzy)
    if any(c.role == "target" for c in reading.columns):
        return
    periods = [i for i, c in enumerate(reading.columns) if not c.role and PERIOD.search(c.header)]
    if periods:
        c = reading.columns[periods[-1]]
        reading.columns[periods[-1]] = ColumnRole(c.header, "target", None, False)


# A column named by a period: "Giai đoạn 2026 - 2030", "Năm 2030", "Đến 2030".
PERIOD = re.compile(r"(?:19|20)\d\d")


# ---------------------------------------------------------------------------------------
# Aligning a row to the columns


def _fit(role: str | None, text: str) -> float:
    """How well a cell's content fits a column (higher: better)."""
    if not text:
        return 0.0
    one = joined(text)
    if role == "number":
        return 3.0 if NUMBER_LIKE.match(one) else -3.0
    if NUMBER_LIKE.match(one) and len(one) <= 5:
        return -2.0
    if role == "text":
        return 2.5 if len(one) > 30 and not am.looks_like_agency(one) else 0.5
    if role in ("lead", "coordinate", "responsibility", "monitor"):
        return 2.0 if am.looks_like_agency(one) else (-1.0 if len(one) > 60 else 0.0)
    if role == "deadline":
        return 2.0 if _DEADLINE_HINT.search(one) and len(one) < 80 else -0.5
    if role == "funding":
        return 2.0 if _FUNDING_HINT.search(one) else -0.5
    return 0.0


NUMBER_LIKE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXL]{1,6}(?:\.\d{1,2})*\.?|[A-HK-Z]\.?|[a-zđ][.)]?)$"
)


def _align(row: TableRow, reading: TableReading, previous: BodyRow | None) -> BodyRow:
    n = len(reading.columns)
    cells = list(row.cells)
    if len(cells) > n:
        extra = cells[n:]
        spill = [c for c in extra if clean(c.text)]
        cells = cells[:n]
        out = BodyRow([_value(c) for c in cells], row)
        if spill:
            out.warnings.append(
                f"row has {len(row.cells)} cells, the header {n}: extra cells dropped: "
                + " | ".join(joined(c.text)[:40] for c in spill)
            )
        return out
    if len(cells) == n:
        return BodyRow([_value(c) for c in cells], row)
    placed = _place(cells, reading)
    values: list[Value | None] = [None] * n
    for cell, col in zip(cells, placed, strict=True):
        values[col] = _value(cell)
    return BodyRow(values, row)


def _place(cells: list[Cell], reading: TableReading) -> list[int]:
    """Columns for a short row's cells, in order, maximising content fit (DP)."""
    n, m = len(reading.columns), len(cells)
    texts = [clean(c.text) for c in cells]
    roles = [c.role for c in reading.columns]
    neg = float("-inf")
    # best[i][j]: best score placing the first i cells within the first j columns
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    take = [[False] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        best[0][j] = 0.0
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            skip = best[i][j - 1]
            use = best[i - 1][j - 1] + _fit(roles[j - 1], texts[i - 1])
            # ties go to the left: a row's cells usually open it, merged ones close it
            if use > skip:
                best[i][j], take[i][j] = use, True
            else:
                best[i][j] = skip
    out: list[int] = []
    i, j = m, n
    while i > 0:
        if take[i][j]:
            out.append(j - 1)
            i -= 1
        j -= 1
    return out[::-1]


def _value(cell: Cell) -> Value:
    return Value(clean(cell.text), cell.line_start, cell.line_end, cell.merged_from is not None)
