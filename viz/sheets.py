"""Per-agency obligation sheets, in Vietnamese: XLSX (openpyxl), printable HTML, Markdown.

`write_sheet(graph, agency, as_of, fmt, out_dir)` writes one file named after the agency
id (`cong-an-tinh.xlsx`); `write_all_sheets` writes one per agency that owes anything.
The rows come from `obligraph.viz.obligations.agency_obligations`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape

from obligraph.errors import QueryError
from obligraph.viz.labels import ROLE_LABELS
from obligraph.viz.obligations import (
    AgencySheet,
    ObligationRow,
    agency_obligations,
    candidate_agencies,
)
from obligraph.viz.status import parse_iso, vn_date

if TYPE_CHECKING:
    import networkx as nx

SheetFormat = Literal["xlsx", "html", "md"]
FORMATS: tuple[str, ...] = ("xlsx", "html", "md")

SHEET_TITLE = "BẢNG THEO DÕI NHIỆM VỤ"
DATE_FORMAT = "DD/MM/YYYY"  # Vietnamese display of real date cells
TASK_COLUMNS: list[tuple[str, int]] = [  # (header, width in characters)
    ("Cách giao", 22),
    ("Vai trò", 10),
    ("Văn bản", 24),
    ("Ngày văn bản", 12),
    ("STT/Mục", 9),
    ("Nhiệm vụ", 60),
    ("Kết quả/sản phẩm", 30),
    ("Thời hạn (theo văn bản)", 18),
    ("Hạn hoàn thành", 12),
    ("Từ ngày", 12),
    ("Thời hạn (diễn giải)", 22),
    ("Tình trạng", 14),
    ("Cơ quan cùng thực hiện", 34),
    ("Thực hiện nhiệm vụ cấp trên", 28),
    ("Lưu ý", 40),
    ("Tệp nguồn", 22),
    ("Dòng", 7),
    ("Mã nhiệm vụ", 26),
]
INDICATOR_COLUMNS: list[tuple[str, int]] = [
    ("Cách giao", 22),
    ("Văn bản", 24),
    ("Ngày văn bản", 12),
    ("STT", 8),
    ("Chỉ tiêu", 60),
    ("Mục tiêu", 18),
    ("Năm", 8),
    ("Lưu ý", 40),
    ("Tệp nguồn", 22),
    ("Dòng", 7),
    ("Mã chỉ tiêu", 26),
]
# Columns holding real dates (date cells in XLSX, dd/mm/yyyy elsewhere).
DATE_COLUMNS = {"Ngày văn bản", "Hạn hoàn thành", "Từ ngày"}
HEADER_ROW = 6  # rows 1-4 carry the sheet header; row 6 the column headers
TAB_TITLES = {  # XLSX worksheet names (31 characters at most)
    "direct": "Giao trực tiếp",
    "group": "Giao chung",
    "inherited": "Kế thừa",
}
# dcterms dates openpyxl stamps with "now"; replaced by the sheet date for determinism.
CORE_DATE = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(value: object) -> date | None:
    return parse_iso(value)


def task_cells(row: ObligationRow) -> list[object]:
    """The cells of a task row, in TASK_COLUMNS order (dates as `date`, or None)."""
    return [
        _upper_first(row.how_label),
        ROLE_LABELS[row.role].capitalize(),
        row.document,
        _day(row.issued),
        row.no,
        row.text,
        row.result,
        row.deadline_text,
        _day(row.due),
        _day(row.due_from),
        row.deadline,
        row.status,
        row.co_assignees,
        "\n".join(row.national),
        "\n".join(row.flags),
        row.source,
        row.line,
        row.node_id,
    ]


def indicator_cells(row: ObligationRow) -> list[object]:
    """The cells of an indicator row, in INDICATOR_COLUMNS order."""
    return [
        _upper_first(row.how_label),
        row.document,
        _day(row.issued),
        row.no,
        row.text,
        row.result,
        row.deadline_text,
        "\n".join(row.flags),
        row.source,
        row.line,
        row.node_id,
    ]


def text_cell(value: object) -> str:
    """A cell for HTML and Markdown: dates as dd/mm/yyyy, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, date):
        return vn_date(value)
    return str(value)


def counts(sheet: AgencySheet) -> list[tuple[str, int, int, int]]:
    """(section title, lead, coordinate, total) per task section, then the total: the
    cover's figures, computed from the very rows the sheet lists."""
    out = []
    for _, title, rows in sheet.sections():
        lead = sum(r.role == "lead" for r in rows)
        out.append((title, lead, len(rows) - lead, len(rows)))
    lead = sum(r[1] for r in out)
    total = sum(r[3] for r in out)
    return [*out, ("Tổng số nhiệm vụ", lead, total - lead, total)]


def header_lines(sheet: AgencySheet) -> list[str]:
    """The header block: agency, date, documents covered, counts (and a succession note)."""
    direct, group, inherited = (len(rows) for _, _, rows in sheet.sections())
    lines = [
        f"{SHEET_TITLE}: {sheet.agency_name}",
        f"Tình trạng tính đến ngày {vn_date(sheet.as_of)}",
        "Văn bản: " + ("; ".join(sheet.documents) or "không có"),
        f"Giao trực tiếp: {direct} nhiệm vụ; giao chung: {group}; kế thừa: {inherited}; "
        f"chỉ tiêu theo dõi: {len(sheet.indicators)}",
    ]
    if sheet.note:
        lines.append(sheet.note)
    return lines


# ---------------------------------------------------------------- XLSX


def xlsx_bytes(sheet: AgencySheet) -> bytes:
    """The workbook (viz/sheet_xlsx.py, which imports openpyxl: only XLSX needs it)."""
    from obligraph.viz.sheet_xlsx import xlsx_bytes as workbook_bytes

    return workbook_bytes(sheet)


# ---------------------------------------------------------------- HTML and Markdown

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def html_text(sheet: AgencySheet) -> str:
    """A printable HTML page (A4 landscape, header row repeated on every page)."""
    return _ENV.get_template("sheet.html.j2").render(
        sheet=sheet,
        header=header_lines(sheet),
        counts=counts(sheet),
        title=f"{SHEET_TITLE}: {sheet.agency_name}",
        task_columns=[c for c, _ in TASK_COLUMNS],
        indicator_columns=[c for c, _ in INDICATOR_COLUMNS],
        task_cells=lambda r: [text_cell(v) for v in task_cells(r)],
        indicator_cells=lambda r: [text_cell(v) for v in indicator_cells(r)],
    )


# Markdown that document text must not produce: links and images ("[x](javascript:…)",
# "![](http://…)"), inline HTML, code spans and emphasis are escaped with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#~])")


def _md_cell(value: object) -> str:
    """A Markdown table cell from document text: HTML-significant characters escaped,
    link/image/emphasis syntax escaped, pipes escaped, newlines as <br>."""
    text = text_cell(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "http://…" would be linked by GFM's autolinks: break the scheme's "://".
    text = re.sub(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)", r"\1&#58;", text)
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: list[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return ["_Không có._", ""]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def markdown_text(sheet: AgencySheet) -> str:
    """The sheet as Markdown, for reading in a terminal or a chat: the same sections."""
    head = header_lines(sheet)
    lines = [f"# {_md_cell(head[0])}", ""] + [f"- {_md_cell(h)}" for h in head[1:]] + [""]
    lines += ["| Phần | Chủ trì | Phối hợp | Tổng |", "|---|---|---|---|"]
    lines += [f"| {t} | {a} | {b} | {c} |" for t, a, b, c in counts(sheet)]
    lines.append("")
    task_cols = [c for c, _ in TASK_COLUMNS]
    for _, title, rows in sheet.sections():
        lines += [f"## {title} ({len(rows)})", ""]
        lines += _md_table(task_cols, [task_cells(r) for r in rows])
    lines += [f"## Chỉ tiêu theo dõi ({len(sheet.indicators)})", ""]
    lines += _md_table(
        [c for c, _ in INDICATOR_COLUMNS], [indicator_cells(r) for r in sheet.indicators]
    )
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- files

_RENDERERS: dict[str, Callable[[AgencySheet], bytes]] = {
    "xlsx": xlsx_bytes,
    "html": lambda s: html_text(s).encode("utf-8"),
    "md": lambda s: markdown_text(s).encode("utf-8"),
}


MAX_STEM = 120  # a file name holds 255 bytes; ids of unresolved headings can be longer


def sheet_file_name(agency_id: str, fmt: str) -> str:
    """'cong-an-tinh' -> 'cong-an-tinh.xlsx' (ids are slugs; ':' of unresolved ids -> '-').
    A long id is cut, with a stable hash of the whole id, so two long ids never collide.

    >>> len(sheet_file_name("unresolved:" + "so-" * 150, "xlsx"))
    120
    """
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", agency_id)
    if len(stem) > MAX_STEM:
        digest = hashlib.sha256(agency_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        stem = f"{stem[: MAX_STEM - 18]}-{digest}"
    return f"{stem}.{fmt}"


def check_format(fmt: str) -> None:
    """Refuse a format no renderer writes, before any work."""
    if fmt not in _RENDERERS:
        raise QueryError(f"unknown sheet format {fmt!r}; use one of: {', '.join(FORMATS)}")


def write_sheet(
    graph: nx.MultiDiGraph, agency: str, as_of: date, fmt: str, out_dir: Path
) -> tuple[Path, AgencySheet]:
    """Write the sheet of one agency (node id); return the file and what it holds.

    >>> # write_sheet(g, "cong-an-tinh", date(2025, 12, 31), "xlsx", Path("out/sheets"))
    """
    check_format(fmt)
    return _write(agency_obligations(graph, agency, as_of), fmt, out_dir)


def _write(sheet: AgencySheet, fmt: str, out_dir: Path) -> tuple[Path, AgencySheet]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / sheet_file_name(sheet.agency_id, fmt)
    path.write_bytes(_RENDERERS[fmt](sheet))
    return path, sheet


def write_all_sheets(
    graph: nx.MultiDiGraph,
    as_of: date,
    fmt: str,
    out_dir: Path,
    *,
    include_groups: bool = False,
    include_former: bool = False,
    graph_for: Callable[[str], nx.MultiDiGraph] | None = None,
) -> list[tuple[Path, AgencySheet]]:
    """One sheet per agency that exists on `as_of` and owes anything, sorted by agency id;
    collectives with `include_groups`, agencies that had ceased with `include_former`.

    `graph` need hold only the agencies and their SUCCEEDED_BY / MEMBER_OF edges when
    `graph_for(agency)` gives the graph each sheet is made from (viz/store_views.py: one
    agency's subgraph at a time); by default every sheet is made from `graph`.
    """
    check_format(fmt)
    written = []
    for agency in candidate_agencies(
        graph, as_of, include_groups=include_groups, include_former=include_former
    ):
        sheet = agency_obligations(graph_for(agency) if graph_for else graph, agency, as_of)
        if sheet.rows:
            written.append(_write(sheet, fmt, out_dir))
    return written
