"""The shared table interpretation on small tables written for each layout feature."""

from __future__ import annotations

from obligraph.loaders.readers.markdown import stated_tables
from obligraph.loaders.records import Document
from obligraph.loaders.tables.interpret import read_table
from obligraph.loaders.tables.records import tables_extraction
from obligraph.loaders.text import source_from_string

DOC = Document(id="doc:t", kind_code="KH")


def extract(text: str):
    src = source_from_string(text, "t.md")
    return tables_extraction(src.name, DOC, stated_tables(src))


HEADER = "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n|---|---|---|---|\n"


def test_column_number_row_is_dropped() -> None:
    out = extract(HEADER + "| (1) | (2) | (3) | (4) |\n| 1 | Xây dựng kế hoạch | Sở Y tế | 2026 |")
    assert [t.no for t in out.tasks] == ["1"]
    assert any(why == "column-number row" for _, _, why in out.classified)


def test_empty_number_column_is_numbered_by_position_and_flagged() -> None:
    out = extract(
        HEADER
        + "|  | Xây dựng kế hoạch | Sở Y tế | 2026 |\n|  | Tổ chức tập huấn | Sở Nội vụ | 2027 |"
    )
    assert [t.no for t in out.tasks] == ["1", "2"]
    assert all("numbered by position" in " ".join(t.warnings) for t in out.tasks)


def test_numbering_gap_and_ellipsis_rows_are_findings() -> None:
    out = extract(
        HEADER
        + "| 1 | Xây dựng kế hoạch | Sở Y tế | 2026 |\n| … | … | … | … |\n"
        + "| 4 | Tổ chức tập huấn | Sở Nội vụ | 2027 |"
    )
    reasons = [f.reason for f in out.findings]
    assert any("skips from 1 to 4" in r for r in reasons)
    assert any("…" in r for r in reasons)


def test_numbering_restarting_per_group_gets_group_paths() -> None:
    out = extract(
        HEADER
        + "| I | Thể chế |  |  |\n| 1 | Xây dựng kế hoạch | Sở Y tế | 2026 |\n"
        + "| II | Hạ tầng |  |  |\n| 1 | Tổ chức tập huấn | Sở Nội vụ | 2027 |"
    )
    assert [t.id for t in out.tasks] == ["doc:t/task/I.1", "doc:t/task/II.1"]


def test_lettered_sub_rows_attach_to_their_parent() -> None:
    out = extract(
        HEADER
        + "| 1 | Chuyển đổi số |  |  |\n| a) | Xây dựng nền tảng | Sở Y tế | 2026 |\n"
        + "| b) | Tổ chức tập huấn | Sở Nội vụ | 2027 |"
    )
    assert [t.no for t in out.tasks] == ["1", "1.a", "1.b"]


def test_responsibility_column_splits_lead_and_coordinators() -> None:
    out = extract(
        "| TT | Nội dung | Trách nhiệm thực hiện | Thời gian |\n|---|---|---|---|\n"
        "| 1 | Tuyên truyền cải cách hành chính | Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp, "
        "Công an tỉnh | Quý IV/2026 |"
    )
    task = out.tasks[0]
    assert [(a.agency, a.role) for a in task.assignments] == [
        ("Sở Nội vụ", "lead"),
        ("Sở Tư pháp", "coordinate"),
        ("Công an tỉnh", "coordinate"),
    ]


def test_unmapped_and_extra_columns_are_kept_by_header() -> None:
    out = extract(
        "| STT | Tên nhiệm vụ | Thời hạn | Đơn vị chủ trì | Nguồn kinh phí | Mức độ ưu tiên |\n"
        "|---|---|---|---|---|---|\n| 1 | Xây dựng kế hoạch | 2026 | Sở Y tế | Ngân sách tỉnh | Cao |"
    )
    task = out.tasks[0]
    assert task.deadline_text == "2026" and [a.agency for a in task.assignments] == ["Sở Y tế"]
    assert task.extra == {"Nguồn kinh phí": "Ngân sách tỉnh", "Mức độ ưu tiên": "Cao"}


def test_procedure_lists_and_norms_are_not_task_tables() -> None:
    for header in (
        "| STT | Mã TTHC | Tên thủ tục hành chính | Thời hạn giải quyết | Cơ quan thực hiện |",
        "| TT | Nội dung chi | Đơn vị tính | Mức chi |",
        "| TT | Họ và tên | Chức vụ | Đơn vị |",
    ):
        src = source_from_string(header + "\n|---|---|---|---|\n| 1 | a | b | c |", "t.md")
        (table,) = stated_tables(src)
        assert read_table(table).kind == "other", header


def test_cell_per_line_with_empty_cells_and_a_wrapped_header() -> None:
    text = "\n".join(
        [
            "|", "**TT**", "|", "**Nhiệm vụ**", "|", "**Cơ quan chủ trì**", "|",
            "**Cơ quan phối hợp**", "|", "**Thời gian hoàn", "thành**", "|",
            "|", "1", "|", "Xây dựng kế hoạch", "|", "Sở Y tế", "|", "|", "2026", "|",
            "|", "2", "|", "Tổ chức tập huấn", "|", "Sở Nội vụ", "|", "Sở Tư pháp", "|",
            "Quý IV-2026", "|",
        ]
    )  # fmt: skip
    out = extract(text)
    assert [(t.no, t.deadline_text) for t in out.tasks] == [("1", "2026"), ("2", "Quý IV-2026")]
    assert [a.role for a in out.tasks[0].assignments] == ["lead"]
    assert [a.agency for a in out.tasks[1].assignments] == ["Sở Nội vụ", "Sở Tư pháp"]


def test_docx_like_table_with_merged_number_and_lost_auto_numbering() -> None:
    """A Word table as the DOCX reader states it: a "(1) … (5)" row, a TT cell merged down
    over two rows (merged_from set), and rows whose auto-numbering was not rendered."""
    from obligraph.loaders.readers.model import Cell, StatedTable, TableRow

    def row(n: int, *texts: str, merged: dict[int, tuple[int, int]] | None = None) -> TableRow:
        merged = merged or {}
        return TableRow(tuple(Cell(t, n, n, merged.get(i)) for i, t in enumerate(texts)), n, n)

    table = StatedTable(
        (
            row(1, "TT", "Tên nhiệm vụ", "Sở, ngành chủ trì tham mưu", "Đơn vị phối hợp",
                "Thời gian thực hiện", "Ghi chú"),
            row(2, "(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
            row(3, "1", "Rà soát quy hoạch khoáng sản", "Sở Nông nghiệp và Môi trường",
                "Sở Công Thương", "Quý I/2026", ""),
            row(4, "1", "Kiểm tra các mỏ đang khai thác", "Sở Nông nghiệp và Môi trường",
                "Công an tỉnh", "Quý II/2026", "", merged={0: (2, 0)}),
            row(5, "", "Tuyên truyền pháp luật khoáng sản", "Sở Tư pháp", "", "Hằng năm", ""),
        ),
        "docx",
        1,
        5,
    )  # fmt: skip
    out = tables_extraction("t.docx", DOC, (table,))
    assert [t.no for t in out.tasks] == ["1", "1-2", "1-3"]  # an unnumbered row naming its own lead
    assert "sub-row" in " ".join(out.tasks[1].warnings)
    assert [a.agency for a in out.tasks[1].assignments] == [
        "Sở Nông nghiệp và Môi trường",
        "Công an tỉnh",
    ]
    assert out.tasks[2].recurrence == "annual"
    assert len({t.id for t in out.tasks}) == 3
    assert any(why == "column-number row" for _, _, why in out.classified)
