"""The DOCX reader: paragraphs and tables exact, merged cells filled, Word numbering shown.

Fixtures are generated here with python-docx (cells known by construction); the real
office files of ../shared/corpus/office are read where present (skipped otherwise).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from obligraph.loaders.readers import read_document
from obligraph.loaders.readers.numbering import format_number

OFFICE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "office"


def office(name: str) -> Path:
    path = OFFICE / name
    if not path.exists():
        pytest.skip(f"{path} absent (the shared corpus is not beside this clone)")
    return path


# A small plan: letterhead (borderless table), numbered headings, a task table with
# a TT column numbered by Word, a vertical merge (lead over two rows) and a horizontal one
# (a section heading across the row).
HEADER = ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]
ROWS = [
    ["", "Cải cách thể chế", "", "", ""],  # merged across the row
    ["", "Rà soát văn bản | quy phạm", "Sở Tư pháp", "Các sở, ngành", "Quý I/2026"],
    ["", "Công bố danh mục", "Sở Tư pháp", "", "Hằng năm"],  # lead merged with row above
    ["", "Tuyên truyền\ntrên báo chí", "Sở Văn hóa, Thể thao và Du lịch", "", "Tháng 6/2026"],
]


def make_plan(path: Path) -> Path:
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)  # no borders: a layout table
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số:     /KH-UBND"
    head.cell(1, 1).text = "Lâm Đồng, ngày      tháng 01 năm 2026"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2026")
    d.add_paragraph("Mục đích, yêu cầu", style="List Number")
    d.add_paragraph("Nhiệm vụ trọng tâm", style="List Number")
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    t.style = "Table Grid"
    for c, text in enumerate(HEADER):
        t.cell(0, c).text = text
    for r, row in enumerate(ROWS, start=1):
        for c, text in enumerate(row):
            if c == 0 and r > 1:
                # The TT column is Word numbering: the cell's text is empty.
                t.cell(r, 0).paragraphs[0].style = d.styles["List Number 2"]
                t.cell(r, 0).paragraphs[0].add_run("")
            elif text and (r, c) != (3, 2):  # (3, 2) is filled by the merge below
                t.cell(r, c).text = text
    t.cell(1, 1).merge(t.cell(1, 4))
    t.cell(2, 2).merge(t.cell(3, 2))
    d.add_paragraph("Tổ chức thực hiện", style="List Number")
    path = path / "plan.docx"
    d.save(str(path))
    return path


def test_generated_plan_cells_exact(tmp_path: Path) -> None:
    read = read_document(make_plan(tmp_path))
    assert read.format == "docx"
    assert len(read.tables) == 1  # the letterhead is layout, read as prose
    table = read.tables[0]
    assert table.carrier == "docx"
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0] == HEADER
    assert texts[1] == ["", *["Cải cách thể chế"] * 4]
    assert texts[2][1:] == [
        "Rà soát văn bản | quy phạm",
        "Sở Tư pháp",
        "Các sở, ngành",
        "Quý I/2026",
    ]
    assert texts[3][1:] == ["Công bố danh mục", "Sở Tư pháp", "", "Hằng năm"]
    assert texts[4][1:] == [
        "Tuyên truyền\ntrên báo chí",
        "Sở Văn hóa, Thể thao và Du lịch",
        "",
        "Tháng 6/2026",
    ]
    # Merges: the copies name their origin; the origin itself does not.
    assert [c.merged_from for c in table.rows[1].cells] == [None, None, (1, 1), (1, 1), (1, 1)]
    assert table.rows[3].cells[2].merged_from == (2, 2)
    assert table.rows[2].cells[2].merged_from is None


def test_generated_plan_numbering_rendered(tmp_path: Path) -> None:
    read = read_document(make_plan(tmp_path))
    rows = read.tables[0].rows
    assert [r.cells[0].text for r in rows[2:]] == ["1.", "2.", "3."]
    lines = [ln for ln in read.source.lines if ln.strip()]
    assert "1. Mục đích, yêu cầu" in lines
    assert "2. Nhiệm vụ trọng tâm" in lines
    assert "3. Tổ chức thực hiện" in lines


def test_generated_plan_lines(tmp_path: Path) -> None:
    read = read_document(make_plan(tmp_path))
    lines = read.source.lines
    # Letterhead columns read top to bottom, left column first.
    assert lines[:4] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "Số: /KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    table = read.tables[0]
    # Each row is one line; its cells point at it; merged copies are not repeated.
    for row in table.rows:
        assert row.line_start == row.line_end
        assert all(c.line_start == row.line_start for c in row.cells)
    assert lines[table.rows[1].line_start - 1] == "|  | Cải cách thể chế |  |  |  |"
    assert lines[table.rows[2].line_start - 1] == (
        "| 1. | Rà soát văn bản \\| quy phạm | Sở Tư pháp | Các sở, ngành | Quý I/2026 |"
    )
    assert lines[table.rows[4].line_start - 1] == (
        "| 3. | Tuyên truyền trên báo chí | Sở Văn hóa, Thể thao và Du lịch |  | Tháng 6/2026 |"
    )
    assert read.pages is None


def test_draft_number_loads_as_draft(tmp_path: Path) -> None:
    from obligraph.loaders.pipeline import load_file

    loaded = load_file(make_plan(tmp_path))
    assert loaded.document.kind_code == "KH"
    assert loaded.document.number is None  # "Số:     /KH-UBND": a draft


def test_number_formats() -> None:
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(3, "decimalZero") == "03"


def test_not_a_docx(tmp_path: Path) -> None:
    from obligraph.errors import InputError

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a readable DOCX"):
        read_document(bad)


# ------------------------------------------------------------------ real office files


def test_tt_column_auto_numbers() -> None:
    """lc_kh2242: the TT column is Word numbering; python-docx alone reads it empty."""
    read = read_document(office("lc_kh2242_sct_kiemtra.docx"))
    (table,) = read.tables
    assert [r.cells[0].text for r in table.rows] == ["TT", *[f"{i}." for i in range(1, 10)]]
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Nhiệm vụ thực hiện",
        "Người thực hiện",
        "Ghi chú",
    ]
    # Hand-checked against the document: row 4 and row 9.
    assert [c.text for c in table.rows[4].cells] == ["4.", "Tổ chức chấm bài", "Vũ Việt Linh", ""]
    assert [c.text for c in table.rows[9].cells] == [
        "9.",
        "Trình ký chứng chỉ",
        "Đỗ Mạnh Cường",
        "",
    ]
    assert table.rows[1].cells[2].text == "Đỗ Mạnh Cường\nVũ Việt Linh\nNguyễn Thị Loan"
    # Numbered prose paragraphs too ("III. TỔ CHỨC THỰC HIỆN" then "1.", "2.", "3.").
    lines = read.source.lines
    i = lines.index("III. TỔ CHỨC THỰC HIỆN")
    assert lines[i + 1].startswith("1. Giao phòng Quản lý Công nghiệp")
    assert lines[i + 2].startswith("2. Tổ chức kiểm tra kỹ thuật an toàn")


def test_cchc_plan_table_shape() -> None:
    """ld_kh_cchc_2026: 7 columns, 7 Roman sections, 59 body rows, vertical merges filled."""
    read = read_document(office("ld_kh_cchc_2026.docx"))
    (table,) = read.tables
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Sản phẩm",
        "Thời gian hoàn thành",
        "Chủ trì thực hiện",
        "Phối hợp thực hiện",
        "Theo dõi, kiểm tra, đôn đốc",
    ]
    body = table.rows[1:]
    assert len(body) == 59
    sections = [r.cells[0].text for r in body if r.cells[0].text.isalpha()]
    assert sections == ["I", "II", "III", "IV", "V", "VI", "VII"]
    # VII.2 has two products: the second row continues STT and task by a vertical merge.
    vii = [i for i, r in enumerate(table.rows) if r.cells[0].text == "VII"][0]
    first, cont = table.rows[vii + 2], table.rows[vii + 3]
    assert first.cells[0].text == "2"
    assert cont.cells[0].text == "2" and cont.cells[0].merged_from == (vii + 2, 0)
    assert cont.cells[1].text == first.cells[1].text
    assert cont.cells[2].text.startswith("Kế hoạch tự kiểm tra cải cách hành chính năm 2026")
    assert cont.cells[2].merged_from is None


def test_ct11_plan_tables() -> None:
    read = read_document(office("lc_kh_ubnd_ct11_khoangsan.docx"))
    tasks = [t for t in read.tables if t.rows[0].cells[0].text == "TT"]
    assert tasks, [t.rows[0].cells[0].text for t in read.tables]
    table = tasks[0]
    assert [c.text for c in table.rows[0].cells][:3] == [
        "TT",
        "Tên nhiệm vụ",
        "Sở, ngành chủ trì tham mưu",
    ]
    numbered = [r for r in table.rows if r.cells[0].text.rstrip(".").isdigit()]
    assert len(numbered) == 14


def test_two_task_tables() -> None:
    read = read_document(office("ld_kh_tuyentruyen_cchc_2026.docx"))
    heads = [[c.text for c in t.rows[0].cells] for t in read.tables]
    assert sum(1 for h in heads if h[:2] == ["TT", "Nội dung"]) == 2, heads
