"""Reading-order tables: rows by their numbers in sequence, group headings, repeated headers
(page breaks), page numbers, footnotes and e-signature stamps (`segment_rows`). Split from
loaders/table.py, which re-exports these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from obligraph.loaders.tables.order_header import (
    _HEADER_OPENER,
    Layout,
    _fold,
    find_header,
    is_header_line,
)
from obligraph.loaders.tables.order_patterns import (
    FOOTNOTE,
    GROUP_HEADING,
    PAGE_NUMBER,
    ROW_NUMBER,
    STAMP_LINE,
)
from obligraph.loaders.text import SourceText


@dataclass
class Group:
    """A group heading row: "I" + "Nâng cao nhận thức, …"."""

    roman: str
    title: str
    line_start: int  # 1-based
    line_end: int

    @property
    def label(self) -> str:
        return f"{self.roman}. {self.title}" if self.title else self.roman


@dataclass
class Row:
    """One numbered row: its lines, split into page fragments at repeated headers."""

    no: str
    group: Group | None
    line_start: int  # 1-based
    line_end: int
    fragments: list[list[tuple[int, str]]]  # (1-based line number, raw text after the number)
    cells: dict[str, Cell] = field(default_factory=dict)
    agencies: dict[str, list[str]] = field(default_factory=dict)  # agency columns: mentions
    warnings: list[str] = field(default_factory=list)


@dataclass
class Cell:
    text: str
    lines: list[int]  # 1-based line numbers the cell's text came from


@dataclass
class Segmented:
    """A table's rows and the lines that are not row content."""

    rows: list[Row]
    groups: list[Group]
    boilerplate: list[tuple[int, int]]  # headers, page numbers, stamps, footnotes (1-based)
    stray: list[int]  # content lines outside any row or group (1-based)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what was unsure)


def _roman_value(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for ch, nxt in zip(roman, roman[1:] + " ", strict=True):
        v = values[ch]
        total += -v if nxt != " " and values.get(nxt, 0) > v else v
    return total


def _expected_numbers(current: tuple[int, ...] | None, new_group: bool) -> set[tuple[int, ...]]:
    """Numbers that may follow `current`: the next sibling, a first child, the next
    sibling of an ancestor; after a group heading also a restart at 1."""
    if current is None:
        return {(1,)}
    out = {current[:-1] + (current[-1] + 1,), current + (1,)}
    for k in range(1, len(current)):
        prefix = current[:k]
        out.add(prefix[:-1] + (prefix[-1] + 1,))
    if new_group:
        out.add((1,))
    return out


def _next_nonblank(lines: list[str], i: int, end: int) -> int | None:
    """The next line with content, past blank lines, stamps and page numbers."""
    j = i + 1
    while j < end and (
        not lines[j].strip()
        or STAMP_LINE.match(lines[j].strip())
        or PAGE_NUMBER.match(lines[j].strip())
    ):
        j += 1
    return j if j < end else None


def segment_rows(src: SourceText, start: int, end: int, layout: Layout) -> Segmented:
    """Rows, groups and boilerplate of the table in lines[start:end] (0-based indexes).

    `start` is the first line after the table's first header block.
    """
    lines = src.lines
    rows: list[Row] = []
    groups: list[Group] = []
    boilerplate: list[tuple[int, int]] = []
    stray: list[int] = []
    current: tuple[int, ...] | None = None
    group: Group | None = None
    next_roman = 1
    in_group_title = False
    new_group = False
    row: Row | None = None
    page_text: list[str] = []  # text since the last header, to find footnote marks
    notes: list[tuple[int, str]] = []
    i = start
    while i < end:
        raw = lines[i]
        line = raw.strip()
        number = i + 1
        if not line:
            if len(raw) >= 2 and row is not None and not in_group_title:
                row.fragments[-1].append((number, raw))  # a blank line of spaces: an empty cell
            i += 1
            continue
        folded = _fold(line)
        # A repeated header: a page break. The block runs over the header phrase lines.
        if _HEADER_OPENER.match(folded) and is_header_line(line):
            header = find_header(lines, i, end)
            last = header.end if header else i
            boilerplate.append((number, last + 1))
            for at, printed, read_as in header.corrections if header else ():
                notes.append((at, f'header line "{printed}" read as "{read_as}": close, not exact'))
            if row is not None:
                row.fragments.append([])
            page_text = []
            in_group_title = False
            i = last + 1
            continue
        if STAMP_LINE.match(line):
            boilerplate.append((number, number))
            i += 1
            continue
        m_row = ROW_NUMBER.match(line)
        no = tuple(int(p) for p in m_row.group("no").split(".")) if m_row else None
        expected = _expected_numbers(current, new_group)
        if m_row and no in expected:
            row = Row(m_row.group("no"), group, number, number, [[]])
            rest = m_row.group("rest")
            if rest:
                row.fragments[-1].append((number, rest))
            rows.append(row)
            current, new_group, in_group_title = no, False, False
            page_text.append(line)
            i += 1
            continue
        m_group = GROUP_HEADING.match(line)
        if m_group and _repeats_body_heading(lines, start, line):
            # "II. NHIỆM VỤ" at the top of a page: the body's section heading repeated as
            # a running header, not a group of the table
            boilerplate.append((number, number))
            notes.append(
                (
                    number,
                    f'"{line}" repeats a heading of the body: a page header, '
                    "not a group of the table",
                )
            )
            i += 1
            continue
        if m_group and _roman_value(m_group.group("roman")) == next_roman:
            group = Group(
                m_group.group("roman"), (m_group.group("title") or "").strip(), number, number
            )
            groups.append(group)
            next_roman += 1
            row, new_group, in_group_title = None, True, True
            i += 1
            continue
        if PAGE_NUMBER.match(line) and (not line.isdigit() or _before_header(lines, i, end)):
            boilerplate.append((number, number))
            i += 1
            continue
        m_note = FOOTNOTE.match(line)
        if (
            m_note
            and _before_header(lines, i, end)
            and _has_footnote_mark(page_text, m_note.group("mark"))
        ):
            boilerplate.append((number, number))
            i += 1
            continue
        page_text.append(line)
        if in_group_title and group is not None:
            group.title = f"{group.title} {line}".strip()
            group.line_end = number
        elif row is not None:
            row.fragments[-1].append((number, raw.rstrip()))
            row.line_end = number
        else:
            stray.append(number)
        i += 1
    for r in rows:
        for f in r.fragments:  # markers after the last text of a fragment mark nothing
            while f and not f[-1][1].strip():
                f.pop()
        r.fragments = [f for f in r.fragments if f] or [[]]
        content = [n for f in r.fragments for n, _ in f]
        r.line_end = max([r.line_start, *content])
    return Segmented(rows, groups, boilerplate, stray, notes)


def _before_header(lines: list[str], i: int, end: int) -> bool:
    """Is the next line with content a repeated header (or is there none before `end`)?
    Asked only of page-number and footnote lines, not of every line."""
    nxt = _next_nonblank(lines, i, end)
    return nxt is None or (
        _HEADER_OPENER.match(_fold(lines[nxt])) is not None and is_header_line(lines[nxt])
    )


def _repeats_body_heading(lines: list[str], table_start: int, line: str) -> bool:
    """An all-capitals group line ("II. NHIỆM VỤ") that opens a heading of the body above
    the table ("II. NHIỆM VỤ VÀ GIẢI PHÁP")."""
    if line != line.upper() or len(line) < 6:
        return False
    folded = _fold(line)
    return any(
        _fold(body.strip()).startswith(folded)
        for body in lines[:table_start]
        if body.strip() and body.strip() == body.strip().upper()
    )


def _has_footnote_mark(page_text: list[str], mark: str) -> bool:
    """A footnote's number appears glued to a word on the same page: "gồm1:"."""
    pattern = re.compile(rf"[^\W\d]{re.escape(mark)}(?!\d)")
    return any(pattern.search(t) for t in page_text)
