"""DOCX reader: paragraphs and tables in document order, Word's numbering rendered.

python-docx opens the package; the body is walked in order (paragraphs, tables, content
controls) so auto-numbers count as Word counts them. Each paragraph is a line, prefixed
by its rendered number ("1.", "a)", "II."). Each table row is a line `| a | b |` and a
`StatedTable` row; cells are exact (paragraphs joined by "\\n", numbering included, so a
TT column numbered by Word reads "1.", "2."…), horizontal (gridSpan) and vertical (vMerge)
merges filled from the origin cell with `merged_from` set. Headers, footers, footnotes and
deleted revisions are left out (page furniture and text that is not in the document).

Borderless tables are layout, not data (the two-column letterhead, a signature block):
their cells are read as prose lines, column by column, so the header reads as it does
in text ("UBND TỈNH…", "Số: …/KH-UBND", then "CỘNG HÒA…", "<place>, ngày …").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from obligraph.errors import InputError
from obligraph.loaders.readers.builder import DocumentBuilder, GridCell, clean_cell
from obligraph.loaders.readers.model import ReadDocument
from obligraph.loaders.readers.numbering import Numbering

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {qn("w:del"), qn("w:moveFrom"), _MC_FALLBACK, qn("w:pPr"), qn("w:rPr")}
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def read_docx(path: Path) -> ReadDocument:
    """Read a .docx file. Raises InputError when it is not a Word document."""
    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as exc:
        raise InputError(str(path), f"not a readable DOCX file ({exc})") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return _Walker(document, path).read()


class _Walker:
    """One pass over the body, keeping Word's numbering counters in document order."""

    def __init__(self, document: docx.document.Document, path: Path, fmt: str = "docx") -> None:
        part = document.part
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        styles = part.styles.element if part._styles_part is not None else None
        self.numbering = Numbering(numbering, styles)
        self.bordered_styles = _bordered_styles(styles)
        self.body = document.element.body
        self.out = DocumentBuilder(path, fmt)  # type: ignore[arg-type]

    def read(self) -> ReadDocument:
        self._block(self.body)
        return self.out.build()

    def _block(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == qn("w:p"):
                self.out.add_text(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                self._table(child)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self._block(child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child)

    def paragraph(self, p: etree._Element) -> str:
        """A paragraph's text with its number label; line breaks kept as "\\n"."""
        label = self.numbering.label(p)
        text = _runs_text(p)
        if label and text.strip():
            return f"{label} {text.lstrip()}"
        return label or text

    def _cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for child in tc:
            if child.tag == qn("w:p"):
                parts.append(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                # A table nested in a cell: its rows flattened into the cell's text.
                for tr in child.iter(qn("w:tr")):
                    cells = [self._cell_text(c) for c in tr.iter(qn("w:tc"))]
                    parts.append(" ".join(c for c in cells if c))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    parts.extend(self.paragraph(p) for p in content.iter(qn("w:p")))
        return clean_cell("\n".join(parts))

    def _table(self, tbl: etree._Element) -> None:
        grid = self._grid(tbl)
        if not grid:
            return
        if not self._bordered(tbl):
            self._layout_table(grid)
            return
        self.out.add_table(grid, "docx")

    def _grid(self, tbl: etree._Element) -> list[list[GridCell]]:
        """Rows of grid cells with gridSpan and vMerge filled from their origin."""
        rows: list[list[GridCell]] = []
        for r, tr in enumerate(tbl.findall(qn("w:tr"))):
            row: list[GridCell] = []
            trpr = tr.find(qn("w:trPr"))
            before = int(_attr(trpr, "w:gridBefore") or 0)
            row.extend(GridCell("") for _ in range(before))
            for tc in _row_cells(tr):
                tcpr = tc.find(qn("w:tcPr"))
                span = int(_attr(tcpr, "w:gridSpan") or 1)
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                col = len(row)
                text = self._cell_text(tc)
                if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue"):
                    origin = _origin(rows, col)
                    if origin is not None:
                        orow, ocol = origin
                        text = rows[orow][ocol].text
                        row.extend(GridCell(text, (orow, ocol)) for _ in range(span))
                        continue
                row.append(GridCell(text))
                row.extend(GridCell(text, (r, col)) for _ in range(span - 1))
            rows.append(row)
        return rows

    def _bordered(self, tbl: etree._Element) -> bool:
        tblpr = tbl.find(qn("w:tblPr"))
        borders = tblpr.find(qn("w:tblBorders")) if tblpr is not None else None
        if borders is not None:
            return _has_border(borders)
        if _attr(tblpr, "w:tblStyle") in self.bordered_styles:
            return True
        # Borders drawn cell by cell.
        return any(_has_border(b) for b in tbl.iter(qn("w:tcBorders")))

    def _layout_table(self, grid: list[list[GridCell]]) -> None:
        """A borderless table: each column's cells as prose lines, left column first."""
        width = max(len(r) for r in grid)
        for col in range(width):
            for row in grid:
                if col < len(row) and row[col].shown and row[col].text:
                    self.out.add_text(row[col].text)


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    cells: list[etree._Element] = []
    for child in tr:
        if child.tag == qn("w:tc"):
            cells.append(child)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            cells.extend(child.iter(qn("w:tc")))
    return cells


def _origin(rows: list[list[GridCell]], col: int) -> tuple[int, int] | None:
    """The cell a vertical merge continues: the nearest row above, or its own origin."""
    for r in range(len(rows) - 1, -1, -1):
        if col < len(rows[r]):
            cell = rows[r][col]
            return cell.merged_from or (r, col)
    return None


def _attr(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _has_border(borders: etree._Element) -> bool:
    for side in _BORDER_SIDES:
        b = borders.find(qn(f"w:{side}"))
        if b is not None and b.get(qn("w:val")) not in ("nil", "none"):
            return True
    return False


def _bordered_styles(styles: etree._Element | None) -> set[str]:
    """Table styles that draw borders (directly or through the style they are based on)."""
    if styles is None:
        return set()
    own: set[str] = set()
    based: dict[str, str] = {}
    for st in styles.iter(qn("w:style")):
        if st.get(qn("w:type")) != "table":
            continue
        sid = st.get(qn("w:styleId"))
        parent = _attr(st, "w:basedOn")
        if parent:
            based[sid] = parent
        if any(_has_border(b) for b in st.iter(qn("w:tblBorders"))):
            own.add(sid)
    out = set(own)
    for sid in based:
        seen, cur = set(), sid
        while cur and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        if cur in own:
            out.add(sid)
    return out


def _runs_text(p: etree._Element) -> str:
    """The visible text of a paragraph: w:t, tabs and breaks, skipping deleted revisions
    and the fallback copy of drawings (which repeats the text box)."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == qn("w:t"):
                out.append(child.text or "")
            elif tag == qn("w:tab"):
                out.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                out.append(" " if child.get(qn("w:type")) == "page" else "\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
            elif tag == qn("w:p"):
                # A text box's paragraphs inside this one: their own lines.
                out.append("\n" + _runs_text(child) + "\n")
            else:
                walk(child)

    walk(p)
    return "".join(out)
