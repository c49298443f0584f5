"""The XLSX workbook of an obligation sheet (viz/sheets.py's other formats need no openpyxl).

Byte-identical for the same sheet: document dates are the sheet date, zip entries carry
a fixed timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from obligraph.viz.obligations import AgencySheet
from obligraph.viz.sheets import (
    CORE_DATE,
    DATE_FORMAT,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    SHEET_TITLE,
    TAB_TITLES,
    TASK_COLUMNS,
    ZIP_EPOCH,
    counts,
    header_lines,
    indicator_cells,
    task_cells,
)


def _put(ws: Worksheet, row: int, col: int, value: object):
    """One cell; text is always a string cell, never a formula (`=HYPERLINK(…)` in a
    document stays text), dates are date cells shown dd/mm/yyyy."""
    cell = ws.cell(row=row, column=col, value=None if value == "" else value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _table(ws: Worksheet, sheet: AgencySheet, columns, rows: list[list[object]]) -> None:
    """Header block, column headers, rows; frozen, filtered, wrapped, A4 landscape."""
    for offset, line in enumerate(header_lines(sheet)[: HEADER_ROW - 1]):
        _put(ws, 1 + offset, 1, line).font = Font(bold=offset == 0, size=13 if offset == 0 else 11)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (title, width) in enumerate(columns, start=1):
        cell = _put(ws, HEADER_ROW, col, title)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value).alignment = wrap
    last_col = get_column_letter(len(columns))
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    _print_setup(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _cover(ws: Worksheet, sheet: AgencySheet) -> None:
    """The cover: who, as of when, from which documents, and counts matching the tabs."""
    bold = Font(bold=True)
    _put(ws, 1, 1, f"{SHEET_TITLE}: {sheet.agency_name}").font = Font(bold=True, size=13)
    _put(ws, 2, 1, "Tình trạng tính đến ngày")
    _put(ws, 2, 2, sheet.as_of)
    row = 3
    if sheet.note:
        _put(ws, row, 1, sheet.note).font = Font(bold=True, color="8A1C1C")
        row += 1
    row += 1
    for col, title in enumerate(("Phần (trang tính)", "Chủ trì", "Phối hợp", "Tổng"), start=1):
        _put(ws, row, col, title).font = bold
    tabs = [TAB_TITLES[k] for k, _, _ in sheet.sections()]
    for i, (title, lead, coordinate, total) in enumerate(counts(sheet)):
        row += 1
        label = f"{title} ({tabs[i]})" if i < len(tabs) else title
        for col, value in enumerate((label, lead, coordinate, total), start=1):
            _put(ws, row, col, value)
    row += 1
    _put(ws, row, 1, "Chỉ tiêu theo dõi (Chỉ tiêu)")
    _put(ws, row, 4, len(sheet.indicators))
    row += 2
    _put(ws, row, 1, "Văn bản giao nhiệm vụ").font = bold
    for doc in sheet.documents or ["không có"]:
        row += 1
        _put(ws, row, 1, doc)
    row += 2
    _put(ws, row, 1, "Cách giao").font = bold
    for line in (
        "Trực tiếp: văn bản nêu đích danh cơ quan.",
        'Giao chung qua …: văn bản giao cho một nhóm ("Các sở, ban, ngành" …) mà cơ quan '
        "là thành viên; vai trò nêu đích danh luôn được ưu tiên.",
        "Kế thừa từ …: văn bản giao cho cơ quan tiền nhiệm, chuyển cho cơ quan từ ngày ghi.",
    ):
        row += 1
        _put(ws, row, 1, line)
    ws.column_dimensions["A"].width = 70
    for col in "BCD":
        ws.column_dimensions[col].width = 12
    _print_setup(ws)


def xlsx_bytes(sheet: AgencySheet) -> bytes:
    """The workbook: a cover ("Tổng hợp"), one tab per route (direct, group, inherited)
    and "Chỉ tiêu".

    Byte-identical for the same sheet: document dates are the sheet date, zip entries
    carry a fixed timestamp.
    """
    wb = Workbook()
    cover = wb.active
    cover.title = "Tổng hợp"
    _cover(cover, sheet)
    for key, _, rows in sheet.sections():
        ws = wb.create_sheet(TAB_TITLES[key])
        _table(ws, sheet, TASK_COLUMNS, [task_cells(r) for r in rows])
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
