"""Markdown and plain text: the file's own lines, plus the tables their lines state.

Two carriers state cells in text (both seen in pages copied from a legal portal, and the
first in plain-text transcriptions such as NQ 03/NQ-CP):

- `markdown-pipe`: one row a line, `| a | b | c |`; the `|---|---|` rule under a header
  is dropped. A row whose line holds fewer cells than the widest row keeps its cells as
  found (interpretation aligns short rows).
- `cell-per-line`: one cell per run of lines, a lone `|` line after each cell, and a lone
  `|` opening each row, so `|`+`|` between two cells is usually a row boundary. Empty cells
  are lone `|` lines too, which makes `|`+`|` ambiguous (an empty cell inside a row, or
  the end of one row and the start of the next): the table's width (its widest row when
  every ambiguous run is a boundary) decides: a run that would make the row wider than the
  table is a boundary, and so is one before a cell that reads as a row number (`2`,
  `1.1`, `II`, `a)`) when the row has already begun. A blank line, or the portal's
  copyright notice, ends a table.

`**bold**` and `*italic*` marks are kept in the cell text as stated (so cells point at
their real lines); interpretation strips them.
"""

from __future__ import annotations

import re
from pathlib import Path

from obligraph.loaders.readers.model import Cell, ReadDocument, StatedTable, TableRow
from obligraph.loaders.tables.columns import column_role, non_task_kind
from obligraph.loaders.text import SourceText, read_source

# "|---|:---:|" : the rule under a Markdown header.
PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
# A cell separator the escape "\|" does not hide.
PIPE_SPLIT = re.compile(r"(?<!\\)\|")
# The legal portal's furniture that follows (or precedes) the document: never a table cell.
PORTAL_FURNITURE = re.compile(
    r"^[#*\s]*(?:Bản dịch này thuộc quyền sở hữu|Đang tải văn bản|CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI|"
    r"Văn bản này chưa cập nhật|Văn bản liên quan|NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN|Địa chỉ:)",
    re.IGNORECASE,
)
# A cell that reads as a row number: "2", "1.1", "II", "a)", "A", with Markdown emphasis.
ROW_NUMBER_CELL = re.compile(
    r"^[*_\s]*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXL]{1,6}(?:\.\d{1,2})*\.?|[A-Za-zĐđ][.)]?)[*_\s]*$"
)


def read_markdown(path: Path) -> ReadDocument:
    """A `.md` or `.txt` file: its lines and the pipe and cell-per-line tables they hold."""
    src = read_source(path)
    fmt = "markdown" if path.suffix.lower() == ".md" else "text"
    return ReadDocument(source=src, format=fmt, tables=stated_tables(src))


def stated_tables(src: SourceText) -> tuple[StatedTable, ...]:
    """Every pipe table and cell-per-line table in the lines, in line order."""
    lines = src.lines
    tables: list[StatedTable] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "|":
            found, i = _cell_per_line(lines, i)
            tables.extend(found)
            continue
        if _is_pipe_row(s):
            table, i = _pipe_table(lines, i)
            if table is not None:
                tables.append(table)
            continue
        i += 1
    return tuple(tables)


# ---------------------------------------------------------------------------------------
# | a | b | rows


def _is_pipe_row(s: str) -> bool:
    return len(s) > 1 and s.startswith("|") and s.count("|") >= 2


def _pipe_cells(s: str) -> list[str]:
    body = s.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip().replace("\\|", "|") for c in PIPE_SPLIT.split(body)]


def _pipe_table(lines: list[str], start: int) -> tuple[StatedTable | None, int]:
    """Consecutive `| … |` lines from `start`; returns the table and the next index."""
    rows: list[TableRow] = []
    i = start
    while i < len(lines):
        s = lines[i].strip()
        if not _is_pipe_row(s):
            break
        if not PIPE_RULE.match(s):
            n = i + 1
            cells = tuple(Cell(text, n, n) for text in _pipe_cells(s))
            rows.append(TableRow(cells=cells, line_start=n, line_end=n))
        i += 1
    if not rows:
        return None, i
    return StatedTable(tuple(rows), "markdown-pipe", start + 1, i), i


# ---------------------------------------------------------------------------------------
# one cell per line, lone "|" between cells


def _cell_per_line(lines: list[str], start: int) -> tuple[list[StatedTable], int]:
    """Tables from `start` (a lone "|"), and the index after them.

    Blank lines between a closing `|` and the next `|` (a page break of the portal's
    copy) do not end the table. A `TT`/`STT` cell followed by a task or indicator header
    cell opens a new table even without a row boundary before it: the portal glues an
    appendix's table onto the signature block above it.
    """
    tokens: list[tuple[str, int, int]] = []  # ("pipe"|"cell", first, last), 0-based
    i = start
    while i < len(lines):
        s = lines[i].strip()
        if s == "|":
            tokens.append(("pipe", i, i))
            i += 1
            continue
        if not s and tokens and tokens[-1][0] == "pipe":
            j = i
            while j < len(lines) and j < i + 4 and not lines[j].strip():
                j += 1
            if j < len(lines) and lines[j].strip() == "|":
                i = j
                continue
        if not s or PORTAL_FURNITURE.match(s):
            break
        if tokens and tokens[-1][0] == "cell":
            tokens[-1] = ("cell", tokens[-1][1], i)
        else:
            tokens.append(("cell", i, i))
        i += 1
    # A table ends after a pipe: a trailing cell not closed by "|" is not part of it.
    while tokens and tokens[-1][0] == "cell":
        i = tokens[-1][1]
        tokens.pop()
    cells: list[tuple[int, int]] = []  # (first, last) 0-based
    runs: list[int] = []  # pipes before each cell
    run = 0
    for kind, a, b in tokens:
        if kind == "pipe":
            run += 1
        else:
            cells.append((a, b))
            runs.append(run)
            run = 0
    trailing = run
    nxt = max(i, tokens[-1][2] + 1 if tokens else start + 1)
    if not cells:
        return [], nxt
    starts = _header_starts(lines, cells, runs)
    bounds = [0, *starts, len(cells)]
    tables: list[StatedTable] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a >= b:
            continue
        seg_cells = cells[a:b]
        seg_runs = [1 if a > 0 else runs[a], *runs[a + 1 : b]]
        seg_trailing = trailing if b == len(cells) else 1
        width = _chain(seg_runs) if a in starts else _widest_row(seg_runs, seg_trailing)
        rows = _rows(lines, seg_cells, seg_runs, seg_trailing, width)
        if rows:
            tables.append(
                StatedTable(tuple(rows), "cell-per-line", rows[0].line_start, rows[-1].line_end)
            )
    return tables, nxt


def _chain(runs: list[int]) -> int:
    """Cells chained by single pipes from the first: the header row's width."""
    n = 1
    while n < len(runs) and runs[n] == 1:
        n += 1
    return n


def _chained(runs: list[int], first: int, most: int) -> list[int]:
    """`first` and the cells chained to it by single pipes (one row), at most `most`."""
    out = [first]
    while len(out) < most and first + len(out) < len(runs) and runs[first + len(out)] == 1:
        out.append(first + len(out))
    return out


def _header_starts(lines: list[str], cells: list[tuple[int, int]], runs: list[int]) -> list[int]:
    """Cell indexes where a table header opens: "TT" then "Nhiệm vụ" / "Chỉ tiêu"…"""
    out: list[int] = []
    for i in range(1, len(cells) - 1):
        first = _cell_text(lines, *cells[i])
        if len(first) > 12 or runs[i + 1] != 1:
            continue
        if column_role(first).role != "number":
            continue
        following = [_cell_text(lines, *cells[j]) for j in _chained(runs, i + 1, 8)]
        bold = (
            first.startswith("**")
            and len(following) >= 2
            and all(
                t.startswith("**") and t.rstrip().endswith("**") and len(t) <= 80 for t in following
            )
        )  # "**STT** | **Địa phương** | **Kinh phí …**": the portal bolds a header row
        if (
            bold
            or column_role(following[0]).role in ("text", "name")
            or (
                all(len(t) <= 60 for t in following)
                and (
                    sum(1 for t in following if column_role(t).role) >= 2
                    or non_task_kind(following)
                )
            )
        ):
            out.append(i)
    return out


def _widest_row(runs: list[int], trailing: int) -> int:
    """The table's width when every run of two or more pipes is a row boundary."""
    widest = row = 0
    for k in runs[1:] + [trailing]:
        row += 1
        if k >= 2:
            widest = max(widest, row + max(0, k - 2))
            row = 0
        else:
            row += k - 1  # k == 1: the next cell follows in the same row
    return max(widest, row)


def _rows(
    lines: list[str],
    cells: list[tuple[int, int]],
    runs: list[int],
    trailing: int,
    width: int,
) -> list[TableRow]:
    rows: list[TableRow] = []
    current: list[Cell] = []

    def empty_at(line: int) -> Cell:
        return Cell("", line + 1, line + 1)

    def close() -> None:
        if current:
            rows.append(
                TableRow(
                    cells=tuple(current),
                    line_start=min(c.line_start for c in current),
                    line_end=max(c.line_end for c in current),
                )
            )
        current.clear()

    for idx, (a, b) in enumerate(cells):
        k = runs[idx]
        if idx == 0:
            current.extend(empty_at(a - 1) for _ in range(k - 1))  # empty leading cells
        elif k >= 2:
            prev_line = cells[idx - 1][1] + 1
            # the row's width if the run is in-row: this cell and those chained to it
            chain = 1
            while idx + chain < len(runs) and runs[idx + chain] == 1:
                chain += 1
            in_row = len(current) + (k - 1) + chain
            text = _cell_text(lines, a, b)
            if in_row > width or ROW_NUMBER_CELL.match(text):
                # boundary: empties fill the current row up to the width, rest open the next
                fill = min(k - 2, max(0, width - len(current)))
                current.extend(empty_at(prev_line) for _ in range(fill))
                close()
                current.extend(empty_at(a - 1) for _ in range(k - 2 - fill))
            else:
                current.extend(empty_at(prev_line) for _ in range(k - 1))
        current.append(Cell(_cell_text(lines, a, b), a + 1, b + 1))
    # trailing pipes: the closing one, then empties up to the width, then row openers
    if trailing >= 2 and current:
        last = cells[-1][1] + 1
        current.extend(empty_at(last) for _ in range(min(trailing - 1, width - len(current))))
    close()
    return rows


def _cell_text(lines: list[str], first: int, last: int) -> str:
    return "\n".join(line.strip() for line in lines[first : last + 1])
