"""Per-agency obligation sheets, in Vietnamese: XLSX (openpyxl), printable HTML, Markdown.

`write_sheet(graph, agency, as_of, fmt, out_dir)` writes one file named after the agency
id (`cong-an-tinh.xlsx`); `write_all_sheets` writes one per agency that owes anything.
The rows come from `obligraph.viz.obligations.agency_obligations`.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from obligraph.errors import QueryError
from obligraph.viz.labels import ROLE_LABELS
from obligraph.viz.obligations import (
    AgencySheet,
    ObligationRow,
    agencies_with_obligations,
    agency_obligations,
)
from obligraph.viz.status import vn_date

SheetFormat = Literal["xlsx", "html", "md"]
FORMATS: tuple[str, ...] = ("xlsx", "html", "md")

SHEET_TITLE = "BẢNG THEO DÕI NHIỆM VỤ"
TASK_COLUMNS: list[tuple[str, int]] = [  # (header, width in characters)
    ("Vai trò", 10),
    ("Văn bản", 24),
    ("Ngày văn bản", 12),
    ("STT/Mục", 9),
    ("Nhiệm vụ", 60),
    ("Kết quả/sản phẩm", 30),
    ("Thời hạn (theo văn bản)", 18),
    ("Thời hạn (chuẩn hóa)", 22),
    ("Tình trạng", 14),
    ("Cơ quan cùng thực hiện", 34),
    ("Lưu ý", 40),
    ("Mã nhiệm vụ", 26),
]
INDICATOR_COLUMNS: list[tuple[str, int]] = [
    ("Văn bản", 24),
    ("Ngày văn bản", 12),
    ("STT", 8),
    ("Chỉ tiêu", 60),
    ("Mục tiêu", 18),
    ("Năm", 8),
    ("Lưu ý", 40),
    ("Mã chỉ tiêu", 26),
]
HEADER_ROW = 6  # rows 1-4 carry the sheet header; row 6 the column headers
# dcterms dates openpyxl stamps with "now"; replaced by the sheet date for determinism.
CORE_DATE = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def task_cells(row: ObligationRow) -> list[object]:
    """The cells of a task row, in TASK_COLUMNS order."""
    return [
        ROLE_LABELS[row.role].capitalize(),
        row.document,
        row.document_date,
        row.no,
        row.text,
        row.result,
        row.deadline_text,
        row.deadline,
        row.status,
        row.co_assignees,
        "\n".join(row.flags),
        row.node_id,
    ]


def indicator_cells(row: ObligationRow) -> list[object]:
    """The cells of an indicator row, in INDICATOR_COLUMNS order."""
    return [
        row.document,
        row.document_date,
        row.no,
        row.text,
        row.result,
        row.deadline_text,
        "\n".join(row.flags),
        row.node_id,
    ]


def header_lines(sheet: AgencySheet) -> list[str]:
    """The header block: agency, date, documents covered, counts (and a succession note)."""
    lines = [
        f"{SHEET_TITLE}: {sheet.agency_name}",
        f"Tình trạng tính đến ngày {vn_date(sheet.as_of)}",
        "Văn bản: " + ("; ".join(sheet.documents) or "không có"),
        f"Chủ trì: {len(sheet.lead)} nhiệm vụ; phối hợp: {len(sheet.coordinate)} nhiệm vụ; "
        f"theo dõi: {len(sheet.indicators)} chỉ tiêu",
    ]
    if sheet.note:
        lines.append(sheet.note)
    return lines


# ---------------------------------------------------------------- XLSX


def _table(ws: Worksheet, sheet: AgencySheet, columns, rows: list[list[object]]) -> None:
    """Header block, column headers, rows; frozen, filtered, wrapped, A4 landscape."""
    for offset, line in enumerate(header_lines(sheet)[: HEADER_ROW - 1]):
        ws.cell(row=1 + offset, column=1, value=line).font = Font(
            bold=offset == 0, size=13 if offset == 0 else 11
        )
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value if value != "" else None).alignment = wrap
    last_col = get_column_letter(len(columns))
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def xlsx_bytes(sheet: AgencySheet) -> bytes:
    """The workbook: sheet 'Nhiệm vụ' (lead rows, then coordinate) and sheet 'Chỉ tiêu'.

    Byte-identical for the same sheet: document dates are the sheet date, zip entries
    carry a fixed timestamp.
    """
    wb = Workbook()
    tasks = wb.active
    tasks.title = "Nhiệm vụ"
    _table(tasks, sheet, TASK_COLUMNS, [task_cells(r) for r in [*sheet.lead, *sheet.coordinate]])
    indicators = wb.create_sheet("Chỉ tiêu")
    _table(indicators, sheet, INDICATOR_COLUMNS, [indicator_cells(r) for r in sheet.indicators])
    wb.properties.title = f"{SHEET_TITLE}: {sheet.agency_name}"
    wb.properties.creator = "obligraph"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic_zip(buffer.getvalue(), sheet.as_of)


def _deterministic_zip(data: bytes, stamp: date) -> bytes:
    """Re-pack an XLSX with fixed zip timestamps and document dates set to `stamp`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                iso = f"{stamp.isoformat()}T00:00:00Z"
                content = CORE_DATE.sub(rf"\g<1>{iso}\g<2>", content.decode()).encode()
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


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
        title=f"{SHEET_TITLE}: {sheet.agency_name}",
        task_columns=[c for c, _ in TASK_COLUMNS[1:]],
        indicator_columns=[c for c, _ in INDICATOR_COLUMNS],
        task_cells=lambda r: task_cells(r)[1:],
        indicator_cells=indicator_cells,
    )


def _md_cell(value: object) -> str:
    """A Markdown table cell: HTML-significant characters escaped, pipes and newlines kept."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", "<br>")


def _md_table(columns: list[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return ["_Không có._", ""]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def markdown_text(sheet: AgencySheet) -> str:
    """The sheet as Markdown, for reading in a terminal or a chat."""
    head = header_lines(sheet)
    lines = [f"# {_md_cell(head[0])}", ""] + [f"- {_md_cell(h)}" for h in head[1:]] + [""]
    task_cols = [c for c, _ in TASK_COLUMNS[1:]]
    for title, rows in (("Nhiệm vụ chủ trì", sheet.lead), ("Nhiệm vụ phối hợp", sheet.coordinate)):
        lines += [f"## {title} ({len(rows)})", ""]
        lines += _md_table(task_cols, [task_cells(r)[1:] for r in rows])
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


def write_sheet(
    graph: nx.MultiDiGraph, agency: str, as_of: date, fmt: str, out_dir: Path
) -> tuple[Path, AgencySheet]:
    """Write the sheet of one agency (node id); return the file and what it holds.

    >>> # write_sheet(g, "cong-an-tinh", date(2025, 12, 31), "xlsx", Path("out/sheets"))
    """
    if fmt not in _RENDERERS:
        raise QueryError(f"unknown sheet format {fmt!r}; use one of: {', '.join(FORMATS)}")
    sheet = agency_obligations(graph, agency, as_of)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / sheet_file_name(agency, fmt)
    path.write_bytes(_RENDERERS[fmt](sheet))
    return path, sheet


def write_all_sheets(
    graph: nx.MultiDiGraph, as_of: date, fmt: str, out_dir: Path
) -> list[tuple[Path, AgencySheet]]:
    """One sheet per agency that owes anything on `as_of`, sorted by agency id."""
    return [
        write_sheet(graph, a, as_of, fmt, out_dir) for a in agencies_with_obligations(graph, as_of)
    ]
