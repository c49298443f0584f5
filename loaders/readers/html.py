"""HTML reader: a page saved from a legal portal -> the document's lines and its tables.

The page's furniture (scripts, navigation, menus, headers and footers, forms, sharing and
login boxes, "related documents") is dropped; the document's own container is the
element whose id or class names the content ("toanvan", "content", "noidung"…), else the
body. Block elements become lines in document order; each `<table>` becomes a stated
table with rowspan and colspan filled from the origin cell (`merged_from`). A borderless
table of at most two columns is the page layout (letterhead, signature), read as prose.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from obligraph.errors import InputError
from obligraph.loaders.readers.builder import DocumentBuilder, GridCell, clean_cell
from obligraph.loaders.readers.model import ReadDocument
from obligraph.loaders.text import decode_bytes

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "svg",
    "template",
    "head",
]
_FURNITURE = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|breadcrumb|site-?footer|site-?header|sidebar|banner|ads?|advert|share|"
    r"social|comment|login|search|related|cookie|popup|modal|toolbar|tab-?header|alert|notice|"
    r"notification|warning)(?:$|[-_ ])",
    re.I,
)
_CONTENT = re.compile(r"toanvan|noidung|noi-dung|fulltext|vbcontent|content|article|document", re.I)
_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "dd",
    "dt",
    "ul",
    "ol",
    "main",
}


def read_html(path: Path) -> ReadDocument:
    """Read a saved HTML page. Raises InputError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    text, _ = decode_bytes(data, str(path))
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    root = _content(soup)
    out = DocumentBuilder(path, "html")
    _Walker(out).walk(root)
    return out.build()


def _is_furniture(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(names) and bool(_FURNITURE.search(names)) and not _CONTENT.search(names)


def _content(soup: BeautifulSoup) -> Tag:
    """The document's container: the content-named element holding the most text."""
    candidates = [
        t
        for t in soup.find_all(True)
        if _CONTENT.search(" ".join([t.get("id") or "", *(t.get("class") or [])]))
    ]
    body = soup.body or soup
    if not candidates:
        return body
    best = max(candidates, key=lambda t: len(t.get_text(" ", strip=True)))
    # A small "content" box (a teaser) is not the document.
    if len(best.get_text(" ", strip=True)) < 0.3 * len(body.get_text(" ", strip=True)):
        return body
    return best


class _Walker:
    def __init__(self, out: DocumentBuilder) -> None:
        self.out = out
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if text.strip():
            self.out.add_text(text)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctype
                    self.buffer.append(re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "br":
                self.flush()
            elif child.name == "table":
                self.flush()
                self.table(child)
            elif child.name in _BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
        if node.name in _BLOCKS:
            self.flush()

    def table(self, table: Tag) -> None:
        grid = _grid(table)
        if not grid:
            return
        width = max(len(r) for r in grid)
        if width <= 2 and not _bordered(table):
            for col in range(width):
                for row in grid:
                    if col < len(row) and row[col].shown and row[col].text:
                        self.out.add_text(row[col].text)
            return
        self.out.add_table(grid, "html")


def _rows(table: Tag) -> list[Tag]:
    """The table's own rows (not those of tables nested in its cells)."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _cell_text(cell: Tag) -> str:
    parts: list[str] = []
    for br in cell.find_all("br"):
        br.replace_with("\n")
    for block in cell.find_all(["p", "div", "li"]):
        block.insert_after("\n")
    parts.append(cell.get_text())
    return clean_cell("".join(parts))


def _grid(table: Tag) -> list[list[GridCell]]:
    """Rows of cells with rowspan/colspan filled from the origin cell."""
    pending: dict[tuple[int, int], GridCell] = {}  # positions covered by a rowspan
    grid: list[list[GridCell]] = []
    for r, tr in enumerate(_rows(table)):
        row: list[GridCell] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, len(row)) in pending:
                row.append(pending.pop((r, len(row))))
            text = _cell_text(cell)
            col = len(row)
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            for dc in range(colspan):
                row.append(GridCell(text, None if dc == 0 else (r, col)))
                for dr in range(1, rowspan):
                    pending[(r + dr, col + dc)] = GridCell(text, (r, col))
        while (r, len(row)) in pending:
            row.append(pending.pop((r, len(row))))
        grid.append(row)
    return grid


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 100))
    except (TypeError, ValueError):
        return 1


def _bordered(table: Tag) -> bool:
    if str(table.get("border", "0")).strip() not in ("", "0"):
        return True
    styled = [table, *table.find_all(["td", "th"])]
    return any(
        "border" in (t.get("style") or "") and "none" not in (t.get("style") or "") for t in styled
    )
