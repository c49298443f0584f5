"""PDF reader: prose in reading order and ruled tables as stated cells, page by page.

PDFium (pypdfium2, `pdf_source.py`) gives every word with its box, the page's ruling lines
and its images; pdfplumber's table finder (MIT) turns the rules into cells. Per page:

- the text layer is measured first (`quality.assess`); a page with no words over an image
  is a scan, a page whose words are `(cid:N)` codes, mojibake or junk OCR is untrusted.
  Such pages are read by OCR when Tesseract is installed (`ocr.py`); otherwise the file
  gets one finding naming the fix, and never loads as nonsense;
- tables come from ruling lines (pdfplumber's lattice finder): cells as the page draws
  them, merged cells filled from their origin, a cell's wrapped lines joined; where no
  rules are drawn, from word alignment (`pdf_layout.aligned_tables`, strict);
- the other words are prose lines, top to bottom; the page's header, footer and page
  number (a number alone in the top or bottom margin, or a line repeated on most pages at
  the same height) are left out.

Across pages, a table that continues at the top of the next page with the same columns is
one table: a repeated header row is dropped, and a row cut by the page break (its number
cell empty on the new page) is joined to the row it continues. Every line knows its page.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pdfplumber.table import TableFinder

from obligraph.errors import InputError
from obligraph.loaders.readers import ocr
from obligraph.loaders.readers.builder import DocumentBuilder, GridCell, clean_cell
from obligraph.loaders.readers.model import Carrier, ReadDocument
from obligraph.loaders.readers.pdf_layout import (
    Line,
    aligned_tables,
    group_lines,
    join_paragraphs,
    reflow,
)
from obligraph.loaders.readers.pdf_source import EdgePage, PageData, open_pdf
from obligraph.loaders.readers.pdf_source import pages as source_pages
from obligraph.loaders.readers.quality import assess

MARGIN_SHARE = 0.08  # top and bottom 8% of the page: where headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^\s*(?:trang\s*)?[-–—(]?\s*\d{1,3}\s*[-–—)]?\s*(?:/\s*\d{1,3})?\s*$", re.I
)
_DIGITS = re.compile(r"\d+")
SCAN_HINT = "install tesseract-ocr-vie to read it"


@dataclass
class _Table:
    grid: list[list[GridCell]]
    columns: list[float]  # x of each column's left edge (to match continuations)
    pages: list[int]
    carrier: Carrier = "pdf-ruled"


@dataclass
class _Page:
    number: int
    height: float
    items: list[tuple[float, object]] = field(default_factory=list)  # (top, Line | _Table)
    footnotes: list[Line] = field(default_factory=list)


def read_pdf(path: Path) -> ReadDocument:
    """Read a PDF. Raises InputError for an encrypted or unreadable file."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    pdf = open_pdf(path)
    try:
        return _read(pdf, path)
    finally:
        pdf.close()


def _read(pdf, path: Path) -> ReadDocument:
    pages: list[_Page] = []
    untrusted: dict[int, str] = {}  # page -> why its text layer is not used
    total = len(pdf)
    for data in source_pages(pdf):
        number = data.number
        words = _drop_superscripts(data.words)
        text = " ".join(w["text"] for w in words)
        quality = assess(text)
        scanned = data.image_share >= 0.5  # an image covers most of the page
        if not words or (scanned and quality.words < 5 and len(text) < 40):
            untrusted[number] = "scan"
            pages.append(_Page(number, data.height))
            continue
        if not quality.trusted:
            layer = "a scan under an unusable OCR layer" if scanned else "unusable text"
            untrusted[number] = f"{layer}: {quality.kind}"
            pages.append(_Page(number, data.height))
            continue
        pages.append(_layout(data, words))
    out = DocumentBuilder(path, "pdf")
    ocr_used = False
    if untrusted:
        ocr_used = _ocr_or_report(path, pages, untrusted, out, total)
    _drop_furniture(pages)
    for page in pages:
        page.items = join_paragraphs(page.items)
    _emit(pages, out)
    if ocr_used:
        out.format = "pdf-ocr"
    return out.build(ocr=ocr_used)


def _drop_superscripts(words: list[dict]) -> list[dict]:
    """Footnote marks ("khoáng sản¹") leave the text: short digit or star words in a
    font under 80% of the page's usual size, raised above their neighbours' baseline.
    (Word files keep footnote references out of the text too.)"""
    sizes = sorted(w["size"] for w in words)
    if not sizes:
        return words
    usual = sizes[len(sizes) // 2]
    out = []
    for w in words:
        mark = re.fullmatch(r"[\d*]{1,3}", w["text"]) and w["size"] < 0.8 * usual
        if mark and any(
            abs(o["x0"] - w["x1"]) < 2 or abs(w["x0"] - o["x1"]) < 2
            for o in words
            if o is not w and o["size"] >= 0.9 * usual and o["bottom"] > w["bottom"] + 1
        ):
            continue
        out.append(w)
    return out


def _layout(data: PageData, words: list[dict]) -> _Page:
    """One page's prose lines and ruled tables, by their top."""
    result = _Page(data.number, data.height)
    finder = TableFinder(EdgePage(data), {})  # type: ignore[arg-type]  # the edges it reads
    tables = [t for t in finder.tables if len(t.rows) >= 2 and len(t.columns) >= 2]
    inside: set[int] = set()
    for table in tables:
        x0, top, x1, bottom = table.bbox
        mine = []
        for i, w in enumerate(words):
            cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
            if x0 <= cx <= x1 and top <= cy <= bottom:
                inside.add(i)
                mine.append(w)
        grid = _grid(table, mine)
        if grid:
            columns = [c.bbox[0] if c.bbox else 0.0 for c in table.columns]
            result.items.append((top, _Table(grid, columns, [data.number] * len(grid))))
    prose = [w for i, w in enumerate(words) if i not in inside]
    lines = group_lines(prose)
    result.footnotes = _footnotes(lines, words)
    lines = lines[: len(lines) - len(result.footnotes)]
    in_table: set[int] = set()
    for start, end in aligned_tables(lines):
        grid = [[GridCell(clean_cell(t)) for _, t in lines[k].segments] for k in range(start, end)]
        columns = [x for x, _ in lines[start].segments]
        table = _Table(grid, columns, [data.number] * len(grid), "pdf-aligned")
        result.items.append((lines[start].top, table))
        in_table.update(range(start, end))
    for k, line in enumerate(lines):
        if k not in in_table:
            result.items.append((line.top, line))
    result.items.sort(key=lambda item: item[0])
    return result


def _footnotes(lines: list[Line], words: list[dict]) -> list[Line]:
    """The page's footnotes: its last lines, in a smaller font, the first starting with a
    number. They go to the document's end, not into the paragraph the page break cuts."""
    sizes = sorted(w["size"] for w in words)
    usual = sizes[len(sizes) // 2] if sizes else 0.0
    n = len(lines)
    while n and lines[n - 1].size and lines[n - 1].size < 0.9 * usual:
        n -= 1
    notes = lines[n:]
    while notes and not re.match(r"^[\d*]", notes[0].text):
        notes = notes[1:]
    return notes


def _grid(table, words: list[dict]) -> list[list[GridCell]]:
    """A ruled table's rows of cells: text by cell box, merges filled from the origin."""
    rows = table.rows
    columns = table.columns
    col_mid = [(c.bbox[0] + c.bbox[2]) / 2 if c.bbox else 0.0 for c in columns]
    boxes: list[list[tuple | None]] = [list(r.cells) for r in rows]
    texts: dict[tuple[int, int], str] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is not None:
                owner[(r, c)] = (r, c)
                x0, top, x1, bottom = box
                cell_words = [
                    w
                    for w in words
                    if x0 <= (w["x0"] + w["x1"]) / 2 <= x1
                    and top <= (w["top"] + w["bottom"]) / 2 <= bottom
                ]
                texts[(r, c)] = clean_cell(reflow(group_lines(cell_words), x1 - x0))
    grid: list[list[GridCell]] = []
    for r, row in enumerate(boxes):
        cells: list[GridCell] = []
        for c, box in enumerate(row):
            if box is not None:
                cells.append(GridCell(texts[(r, c)]))
                continue
            origin = _covering(boxes, owner, r, c, col_mid, rows)
            if origin is None:
                cells.append(GridCell(""))
            else:
                owner[(r, c)] = origin
                cells.append(GridCell(texts[origin], origin))
        grid.append(cells)
    return grid


def _covering(boxes, owner, r: int, c: int, col_mid: list[float], rows) -> tuple[int, int] | None:
    """The origin of the merged cell covering grid position (r, c), if any."""
    row_mid = (rows[r].bbox[1] + rows[r].bbox[3]) / 2
    for cc in range(c - 1, -1, -1):  # a cell to the left spanning this column
        box = boxes[r][cc]
        if box is not None:
            if box[2] > col_mid[c]:
                return owner[(r, cc)]
            break
    for rr in range(r - 1, -1, -1):  # a cell above spanning this row
        box = boxes[rr][c]
        if box is not None:
            if box[3] > row_mid:
                return owner[(rr, c)]
            break
        if (rr, c) in owner:
            return owner[(rr, c)]
    return None


def _drop_furniture(pages: list[_Page]) -> None:
    """Page numbers and running headers/footers in the margins leave the text."""
    repeated: Counter[tuple[int, str]] = Counter()
    for page in pages:
        for top, item in page.items:
            if isinstance(item, Line) and _in_margin(top, item, page):
                repeated[(round(top / 4), _DIGITS.sub("#", item.text))] += 1
    common = {key for key, n in repeated.items() if n >= 2 and n >= len(pages) / 2}
    for page in pages:
        page.items = [
            (top, item)
            for top, item in page.items
            if not (
                isinstance(item, Line)
                and _in_margin(top, item, page)
                and (
                    _PAGE_NUMBER.match(item.text)
                    or (round(top / 4), _DIGITS.sub("#", item.text)) in common
                )
            )
        ]


def _in_margin(top: float, line: Line, page: _Page) -> bool:
    return top < page.height * MARGIN_SHARE or line.bottom > page.height * (1 - MARGIN_SHARE)


def _emit(pages: list[_Page], out: DocumentBuilder) -> None:
    """Items in page order into the builder, tables joined across page breaks."""
    pending: _Table | None = None
    for page in pages:
        for i, (_, item) in enumerate(page.items):
            if isinstance(item, _Table):
                if pending is not None and i == 0 and _continues(pending, item):
                    _join(pending, item)
                    continue
                if pending is not None:
                    out.add_table(pending.grid, pending.carrier, pending.pages)
                pending = item
                if i < len(page.items) - 1:  # not the page's last item: cannot continue
                    out.add_table(pending.grid, pending.carrier, pending.pages)
                    pending = None
                continue
            if pending is not None:
                out.add_table(pending.grid, pending.carrier, pending.pages)
                pending = None
            out.add_text(item.text if isinstance(item, Line) else str(item), page.number)
    if pending is not None:
        out.add_table(pending.grid, pending.carrier, pending.pages)
    for page in pages:
        for note in page.footnotes:
            out.add_text(note.text, page.number)


def _continues(table: _Table, nxt: _Table) -> bool:
    if table.carrier != nxt.carrier or len(table.columns) != len(nxt.columns):
        return False
    return all(abs(a - b) <= 3 for a, b in zip(table.columns, nxt.columns, strict=True))


def _join(table: _Table, nxt: _Table) -> None:
    """Append a continuation: drop a repeated header row, join a row cut by the page."""
    rows, pages = nxt.grid, nxt.pages
    header = [c.text for c in table.grid[0]]
    if rows and [c.text for c in rows[0]] == header:
        rows, pages = rows[1:], pages[1:]
    offset = len(table.grid)
    numbered = sum(1 for row in table.grid[1:] if row and row[0].text)
    if (
        rows
        and table.grid
        and not rows[0][0].text
        and numbered >= (len(table.grid) - 1) / 2
        # A sentence going on (a lower-case start) tells a cut row from a new row whose
        # number cell is merged with the row above.
        and any(c.text[:1].islower() for c in rows[0] if c.merged_from is None)
    ):
        last = table.grid[-1]
        joined = [
            GridCell(_join_text(a.text, b.text), a.merged_from)
            for a, b in zip(last, rows[0], strict=False)
        ]
        table.grid[-1] = joined
        rows, pages = rows[1:], pages[1:]
        offset -= 1
    elif rows and table.grid and not rows[0][0].text and table.grid[-1][0].text:
        # A vertical merge going on past the page (the number and task of a task with
        # several product rows): the page draws the leading cells empty; fill them.
        last = table.grid[-1]
        first = list(rows[0])
        for c, cell in enumerate(first):
            if cell.text or c >= len(last):
                break
            origin = last[c].merged_from or (len(table.grid) - 1, c)
            first[c] = GridCell(last[c].text, (origin[0] - offset, origin[1]))
        rows = [first, *rows[1:]]
    for row in rows:
        shifted = [
            GridCell(
                c.text, (c.merged_from[0] + offset, c.merged_from[1]) if c.merged_from else None
            )
            for c in row
        ]
        table.grid.append(shifted)
    table.pages.extend(pages)


def _join_text(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    return f"{a} {b}"


def _ocr_or_report(
    path: Path, pages: list[_Page], untrusted: dict[int, str], out: DocumentBuilder, total: int
) -> bool:
    """Read untrusted pages by OCR when Tesseract is installed; else one finding. Returns
    whether OCR was used."""
    scans = sorted(p for p, why in untrusted.items() if why == "scan")
    garbled = {p: why for p, why in untrusted.items() if why != "scan"}
    if ocr.available():
        for page in pages:
            if page.number in untrusted:
                print(f"OCR {path.name}: page {page.number}/{total}", file=sys.stderr, flush=True)
                for top, text in ocr.read_page(path, page.number):
                    page.items.append((top, Line(top, top, 0, 0, text, 0)))
        n = len(untrusted)
        out.add_finding(
            f"read by OCR (Tesseract, Vietnamese) on {n} of {total} pages: check against the"
            " page images",
            "warning",
        )
        return True
    if scans and len(scans) == total:
        out.add_finding(f"scanned PDF, no text layer: {SCAN_HINT}", "error")
    elif scans:
        out.add_finding(f"scanned pages {_pages(scans)} have no text layer: {SCAN_HINT}", "error")
    if garbled:
        reasons = sorted(set(garbled.values()))
        out.add_finding(
            f"PDF text layer cannot be trusted on pages {_pages(sorted(garbled))}"
            f" ({'; '.join(reasons)}): not loaded; {SCAN_HINT} by OCR",
            "error",
        )
    return False


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
