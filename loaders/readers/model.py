"""What a reader gives the rest of the pipeline: lines, and the tables the carrier states.

Every carrier (plain text, Markdown pages from a legal portal, HTML, DOCX, PDF, OCR) is
read into one `ReadDocument`:

- `source`: the document as NFC text lines (`SourceText`). Every later stage — identity,
  references, notices, coverage — works on these lines and never asks which reader ran.
  A reader that states a table also renders it into these lines (DOCX, PDF, HTML: one
  line per table row, `| cell | cell |`; Markdown carriers keep the file's own lines), so
  coverage can account for every line.
- `tables`: the tables the carrier states (rows x cells, merged cells filled, repeated
  page headers dropped, rows cut by a page joined), each cell pointing back at its lines.
  Text with no stated cells (text extracted from PDFs in reading order, like the seeds)
  has none: the reading-order splitter interprets it.
- `pages`: for paged carriers, the 1-based page of each line (same length as the lines).
- `findings`: what the reader itself noticed (a garbled text layer, a scan, a truncated
  table, an unreadable part), with lines where it has them.

Interpretation (which columns mean what, which rows are tasks) is shared by all carriers
and lives apart from the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from obligraph.loaders.records import Finding
from obligraph.loaders.text import SourceText

# How a table's cells were stated: lets findings and tests say where a table came from.
Carrier = Literal[
    "markdown-pipe",  # | a | b | rows
    "cell-per-line",  # one cell per line, lone "|" lines between cells (portal Markdown)
    "html",  # <table> with rowspan/colspan
    "docx",  # Word tables (python-docx), auto-numbering rendered
    "pdf-ruled",  # PDF table from ruling lines
    "pdf-aligned",  # PDF table from word alignment (columns by x-position)
]

# The file format a document was read from, for the report ("build read 3 pdf, 2 docx…").
Format = Literal["text", "markdown", "html", "docx", "doc", "pdf", "pdf-ocr"]


@dataclass(frozen=True)
class Cell:
    """One cell: its text as stated (internal line breaks kept as "\\n"), and its lines.

    `merged_from` is set when the carrier merges this cell with another (rowspan/colspan,
    Word's vMerge/gridSpan, a PDF cell spanning rows): the text is the origin cell's,
    filled in, and (row, column) names the origin so interpretation can tell a filled
    copy from a repeated value.
    """

    text: str
    line_start: int
    line_end: int
    merged_from: tuple[int, int] | None = None


@dataclass(frozen=True)
class TableRow:
    """One row of a stated table. Rows may have fewer cells than the widest row."""

    cells: tuple[Cell, ...]
    line_start: int
    line_end: int
    page: int | None = None


@dataclass(frozen=True)
class StatedTable:
    """A table whose cells the carrier states. Row 0 is the first row as found (a header
    row, usually; interpretation decides)."""

    rows: tuple[TableRow, ...]
    carrier: Carrier
    line_start: int
    line_end: int

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass(frozen=True)
class ReadDocument:
    """One file as read: lines, stated tables, pages, reader findings."""

    source: SourceText
    format: Format
    tables: tuple[StatedTable, ...] = ()
    pages: tuple[int, ...] | None = None  # page of each line, 1-based; None: not paged
    ocr: bool = False  # lines came from OCR: records are flagged for review
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def page_of(self, line: int) -> int | None:
        """The page of 1-based `line`, or None for carriers without pages."""
        if self.pages is None or not 1 <= line <= len(self.pages):
            return None
        return self.pages[line - 1]
