"""Assembling a `ReadDocument` from prose and stated tables, shared by the binary readers.

DOCX, PDF and HTML readers call `add_text` for prose and `add_table` for each table as a
grid of cells (merged cells already filled). A table row becomes one text line
`| cell | cell |` so identity, references, notices and coverage see it; its cells point at
that line. Cell text keeps its internal line breaks; the row line turns them into spaces
and escapes pipes, so the line splits back into the same cells.

>>> b = DocumentBuilder("x.docx", "docx")
>>> _ = b.add_text("KẾ HOẠCH")
>>> t = b.add_table([[GridCell("TT"), GridCell("Nội dung")], [GridCell("1"), GridCell("a|b\\nc")]], "docx")
>>> b.build().source.lines
['KẾ HOẠCH', '| TT | Nội dung |', '| 1 | a\\\\|b c |']
>>> t.rows[1].cells[1].text, t.rows[1].cells[1].line_start
('a|b\\nc', 3)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from obligraph.errors import InputError
from obligraph.loaders.readers.model import (
    Carrier,
    Cell,
    Format,
    ReadDocument,
    StatedTable,
    TableRow,
)
from obligraph.loaders.records import Finding, Severity
from obligraph.loaders.text import SourceText, normalize

_SPACES = re.compile(r"[ \t\u00a0]+")
_GAP = re.compile(r"[ \u00a0]{4,}")


@dataclass(frozen=True)
class GridCell:
    """A cell of a table grid as a reader found it.

    `merged_from` names the (row, column) of the origin cell when this grid position is
    covered by a merge (the text is then the origin's, filled in); `shown` is False for
    such copies so the row line states each cell once, as the page does.
    """

    text: str
    merged_from: tuple[int, int] | None = None

    @property
    def shown(self) -> bool:
        return self.merged_from is None


def clean_cell(text: str) -> str:
    """A cell's text: NFC, spaces collapsed per line, blank lines and edges trimmed."""
    lines = [_SPACES.sub(" ", ln).strip() for ln in normalize(text).split("\n")]
    return "\n".join(ln for ln in lines if ln)


def render_row(cells: list[GridCell]) -> str:
    """One table row as a text line: `| a | b |`, line breaks as spaces, pipes escaped."""
    shown = [c.text.replace("\n", " ").replace("|", "\\|") if c.shown else "" for c in cells]
    return "| " + " | ".join(shown) + " |"


class DocumentBuilder:
    """Lines, pages and tables of one document, in reading order."""

    def __init__(self, path: str | Path, fmt: Format) -> None:
        self.path = Path(path)
        self.format: Format = fmt
        self.lines: list[str] = []
        self.pages: list[int] = []
        self.tables: list[StatedTable] = []
        self.findings: list[Finding] = []
        self.paged = False

    def add_text(self, text: str, page: int | None = None) -> tuple[int, int]:
        """Append prose (one line per line of `text`); returns its 1-based line span.

        Spaces collapse, but a gap of four or more (two columns on one line, as PDF
        letterheads have) stays four spaces: identity splits header cells on it."""
        start = len(self.lines) + 1
        for ln in normalize(text).split("\n"):
            parts = (_SPACES.sub(" ", part).strip() for part in _GAP.split(ln))
            self._append("    ".join(p for p in parts if p), page)
        return start, len(self.lines)

    def add_table(
        self,
        grid: list[list[GridCell]],
        carrier: Carrier,
        pages: list[int | None] | None = None,
    ) -> StatedTable | None:
        """Append a table (rows of grid cells); returns it as stated, None when empty."""
        rows: list[TableRow] = []
        for i, cells in enumerate(grid):
            if not cells or not any(c.text for c in cells):
                continue
            page = pages[i] if pages else None
            self._append(render_row(cells), page)
            n = len(self.lines)
            stated = tuple(Cell(c.text, n, n, c.merged_from) for c in cells)
            rows.append(TableRow(stated, n, n, page))
        if not rows:
            return None
        table = StatedTable(tuple(rows), carrier, rows[0].line_start, rows[-1].line_end)
        self.tables.append(table)
        return table

    def add_finding(self, reason: str, severity: Severity = "warning", line: int | None = None):
        self.findings.append(
            Finding(
                source=self.path.name,
                line_start=line,
                line_end=line,
                reason=reason,
                severity=severity,
            )
        )

    def _append(self, line: str, page: int | None) -> None:
        self.lines.append(unicodedata.normalize("NFC", line))
        if page is not None:
            self.paged = True
        self.pages.append(page or 0)

    def build(self, ocr: bool = False) -> ReadDocument:
        """The document. A file that yields no text and no finding is an error."""
        if not any(ln.strip() for ln in self.lines) and not self.findings:
            raise InputError(str(self.path), f"{self.format} file holds no text")
        src = SourceText(
            path=self.path, name=self.path.name, lines=self.lines, encoding=self.format
        )
        pages = None
        if self.paged:
            # Lines before the first paged line (none, usually) belong to page 1.
            last = 1
            filled = []
            for p in self.pages:
                last = p or last
                filled.append(last)
            pages = tuple(filled)
        return ReadDocument(
            source=src,
            format=self.format,
            tables=tuple(self.tables),
            pages=pages,
            ocr=ocr,
            findings=tuple(self.findings),
        )
