"""Words with positions -> lines and table cells, for the PDF reader.

pdfplumber gives words with their boxes. Lines are words sharing a baseline band, in x
order; a wide gap inside a line (a two-column letterhead) is kept as four spaces, as text
copies of such headers have it. Cells of a ruled table come from the table's own boxes:
each word goes to the cell holding its centre; a cell's lines are joined back into the
paragraphs they were typed as — a line break is a wrap when the next line's first word
would not have fitted on it (so Word had to wrap), else a paragraph break ("\\n").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Word = dict  # pdfplumber word: text, x0, x1, top, bottom

LINE_TOLERANCE = 3.0  # points: words whose tops differ less share a line
GAP_AS_COLUMNS = 24.0  # points: a gap this wide inside a line separates two columns
CELL_MARGINS = 11.0  # points: Word's default cell margins (0.08" each side), both sides
# A line that starts a new item is a paragraph break even if the previous line was full.
_ITEM_START = re.compile(r"^(?:[-+•*]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][.)]\s|[IVX]+\.\s)")


@dataclass
class Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    first_word_width: float
    size: float = 0.0  # the font size of most of its words (0: unknown)
    segments: tuple[tuple[float, str], ...] = ()  # (x0, text) of runs split by column gaps


def group_lines(words: list[Word]) -> list[Line]:
    """Words -> lines, top to bottom, each in x order."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= LINE_TOLERANCE:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        parts: list[str] = []
        segments: list[list] = []
        for i, w in enumerate(row):
            gap = w["x0"] - row[i - 1]["x1"] if i else GAP_AS_COLUMNS
            if i:
                parts.append("    " if gap >= GAP_AS_COLUMNS else " ")
            if gap >= GAP_AS_COLUMNS:
                segments.append([w["x0"], w["text"]])
            else:
                segments[-1][1] += " " + w["text"]
            parts.append(w["text"])
        lines.append(
            Line(
                top=min(w["top"] for w in row),
                bottom=max(w["bottom"] for w in row),
                x0=row[0]["x0"],
                x1=row[-1]["x1"],
                text="".join(parts),
                first_word_width=row[0]["x1"] - row[0]["x0"],
                size=sorted(w.get("size", 0.0) for w in row)[len(row) // 2],
                segments=tuple((x, t) for x, t in segments),
            )
        )
    return lines


def reflow(lines: list[Line], width: float) -> str:
    """A cell's lines joined into its paragraphs (see the module docstring).

    >>> a = Line(0, 10, 5, 95, "Sở Kế hoạch và", 10)
    >>> b = Line(12, 22, 5, 40, "Đầu tư", 12)
    >>> reflow([a, b], 100)
    'Sở Kế hoạch và Đầu tư'
    >>> reflow([Line(0, 10, 5, 40, "Sở Tư pháp", 10), b], 100)
    'Sở Tư pháp\\nĐầu tư'
    """
    if not lines:
        return ""
    out = lines[0].text
    avail = width - CELL_MARGINS
    space = 3.0
    for prev, line in zip(lines, lines[1:], strict=False):
        fits = (prev.x1 - prev.x0) + space + line.first_word_width < avail - 2
        if fits or _ITEM_START.match(line.text):
            out += "\n" + line.text
        elif re.search(r"\S-$", prev.text):
            out += line.text  # "1441/QĐ-" + "UBND": a hyphenated word cut by the wrap
        else:
            out += " " + line.text
    return out


def join_paragraphs(items: list[tuple[float, object]]) -> list[tuple[float, object]]:
    """A page's prose lines joined into the paragraphs they were typed as, as a DOCX
    gives them: a line goes on when the previous one was full (the next word would not
    have fitted), it starts at the left margin (a new paragraph is indented or centred),
    it starts no new item ("1.", "a)", "-") and neither line holds two columns."""
    lines = [item for _, item in items if isinstance(item, Line) and item.x1 > item.x0]
    if not lines:
        return items
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    out: list[tuple[float, object]] = []
    for top, item in items:
        prev = out[-1][1] if out else None
        if (
            isinstance(item, Line)
            and isinstance(prev, Line)
            and prev.x1 > prev.x0
            and item.x1 > item.x0
            and prev.x1 + 3.0 + item.first_word_width > right - 2
            and item.x0 <= left + 4
            and item.top - prev.bottom < 2 * (prev.bottom - prev.top) + 2
            and abs(item.size - prev.size) < 0.5
            and "    " not in prev.text
            and "    " not in item.text
            and not _ITEM_START.match(item.text)
        ):
            glue = "" if re.search(r"\S-$", prev.text) else " "
            merged = Line(
                prev.top,
                item.bottom,
                prev.x0,
                item.x1,
                prev.text + glue + item.text,
                prev.first_word_width,
                prev.size,
            )
            out[-1] = (out[-1][0], merged)
            continue
        out.append((top, item))
    return out


ALIGN_TOLERANCE = 4.0  # points: column starts this close are the same column
MIN_COLUMNS = 3  # two columns on a line are a letterhead or a signature block, not a table
MIN_ROWS = 3


def aligned_tables(lines: list[Line]) -> list[tuple[int, int]]:
    """Runs of lines (start, end index, end exclusive) that are a table stated by word
    alignment: at least three consecutive lines, close together, each split by wide gaps
    into the same three or more columns starting at the same x. Deliberately strict —
    a row whose cell wraps breaks the run — so prose never becomes a table."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        first = lines[i]
        if len(first.segments) < MIN_COLUMNS:
            i += 1
            continue
        starts = [x for x, _ in first.segments]
        j = i + 1
        while j < len(lines):
            line, prev = lines[j], lines[j - 1]
            height = max(prev.bottom - prev.top, 1.0)
            if (
                len(line.segments) != len(starts)
                or line.top - prev.bottom > 1.5 * height
                or any(
                    abs(x - s) > ALIGN_TOLERANCE
                    for (x, _), s in zip(line.segments, starts, strict=True)
                )
            ):
                break
            j += 1
        if j - i >= MIN_ROWS:
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs
