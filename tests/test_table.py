"""Table reconstruction on small realistic fragments of PDF-extracted tables."""

from __future__ import annotations

import pytest

from obligraph.loaders import table
from obligraph.loaders.tables import order_reference
from obligraph.loaders.text import source_from_string

TASK_HEADER = (
    "TT Tên nhiệm vụ\nCơ quan \nchủ trì\nCơ quan \nphối hợp\nKết quả\nThời gian \nhoàn thành\n"
)


def _rows(text: str):
    src = source_from_string(text)
    header = table.find_header(src.lines, 0)
    layout = table.layout_from_header(header.text)
    segmented = table.segment_rows(src, header.end + 1, len(src.lines), layout)
    return segmented, table.split_cells(segmented.rows, layout)


def test_layout_from_header_words_in_print_order():
    assert table.layout_from_header(
        "TT Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Kết quả Thời gian hoàn thành"
    ).roles == ("text", "lead", "coordinate", "result", "deadline")
    indicators = table.layout_from_header(
        "TT Chỉ tiêu Đơn vị Kết quả Cơ quan chủ trì theo dõi, đánh giá"
    )
    assert (indicators.kind, indicators.roles) == (
        "indicators",
        ("name", "unit", "target", "monitor"),
    )
    other = table.layout_from_header(
        "STT Nội dung nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Sản phẩm Thời hạn"
    )
    assert other.roles == ("text", "lead", "coordinate", "result", "deadline")


def test_header_lines():
    assert table.is_header_line("hoàn thành")  # folded "hòan" must still match
    assert table.is_header_line("Cơ quan chủ trì                                 ")
    assert not table.is_header_line("Kết quả thực hiện đề án")
    header = table.find_header(source_from_string("Phụ lục II\n\n" + TASK_HEADER + "I\n").lines, 0)
    assert (header.start, header.end) == (2, 9)


@pytest.mark.parametrize(
    "text",
    [
        "Hằng tháng",
        "Quý I/2026",
        "9/2025",
        "Tháng 12/2025",
        "15/6/2025",
        "2025 - 2026",
        "Năm 2025 và những năm tiếp theo",
        "Nhiệm vụ thường xuyên",
        "Quý I hằng năm",
        "Sau khi Bộ Nội vụ ban hành chính sách",
        "Theo kế hoạch của Bộ Quốc phòng",
    ],
)
def test_deadline_shapes(text):
    assert table.DEADLINE_CELL.match(text)


@pytest.mark.parametrize("text", ["Văn bản hướng dẫn", "Kế hoạch 2025 của tỉnh", "Sở Nội vụ"])
def test_not_deadlines(text):
    assert not table.DEADLINE_CELL.match(text)


def test_cell_agencies_keeps_collectives_and_splits_acronyms():
    assert table.cell_agencies("Các Sở, ngành, địa phương") == ["Các Sở, ngành, địa phương"]
    assert table.cell_agencies("ICISE, Đại học Quy Nhơn, FPT") == [
        "ICISE",
        "Đại học Quy Nhơn",
        "FPT",
    ]
    assert table.cell_agencies(
        "Văn phòng UBND tỉnh Sở Khoa học và Công nghệ", frozenset({"Văn phòng UBND tỉnh"})
    ) == ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"]


def test_rows_groups_page_breaks_page_numbers_footnotes_and_stamps():
    text = TASK_HEADER + (
        "I\nTăng cường hợp tác quốc tế\n"
        "1\nXây dựng kế hoạch hợp tác với các tổ chức quốc tế về\n"
        "khoa học và công nghệ, gồm1:\n"
        "Sở Ngoại vụ\nSở Khoa học và \nCông nghệ\nKế hoạch được ban \nhành\nNăm 2025\n"
        "2\nKý kết bản ghi nhớ hợp tác với các địa phương nước ngoài trong lĩnh\n"
        " \n1 Theo chương trình hợp tác giai đoạn 2025-2030\n"
        "Số: 12/KH-UBND\nThời gian ký: 2025-03-01T08:00:00+07:00\n"
        + TASK_HEADER
        + "vực chuyển đổi số\nSở Khoa học \nvà Công nghệ\nCác sở, ngành\nBản ghi nhớ\nHằng năm\n"
        "- 5 -\n"
    )
    segmented, rows = _rows(text)
    assert [r.no for r in rows] == ["1", "2"]
    assert [g.label for g in segmented.groups] == ["I. Tăng cường hợp tác quốc tế"]
    assert len(rows[1].fragments) == 2
    assert segmented.stray == []
    lines = source_from_string(text).lines
    boiler = {lines[n - 1].strip() for a, b in segmented.boilerplate for n in range(a, b + 1)}
    assert {"1 Theo chương trình hợp tác giai đoạn 2025-2030", "Số: 12/KH-UBND", "- 5 -"} <= boiler
    second = {role: cell.text for role, cell in rows[1].cells.items()}
    assert second == {
        "text": "Ký kết bản ghi nhớ hợp tác với các địa phương nước ngoài trong lĩnh vực chuyển đổi số",
        "lead": "Sở Khoa học và Công nghệ",
        "coordinate": "Các sở, ngành",
        "result": "Bản ghi nhớ",
        "deadline": "Hằng năm",
    }
    assert rows[0].cells["coordinate"].text == "Sở Khoa học và Công nghệ"
    assert rows[0].cells["text"].lines == [12, 13]  # 8 header lines, "I", title, "1"


def test_single_space_and_wide_gap_boundaries_and_empty_cells():
    text = TASK_HEADER + (
        "1\nRà soát quy trình nội bộ theo Luật Giao dịch điện tử\n"
        "Sở Tư pháp   Các sở, ngành\nQuy trình được ban \nhành  Quý IV/2025\n"
        "2\nCông bố danh mục dịch vụ công trực tuyến toàn trình. Sở Nội vụ Các địa phương\n"
        "Danh mục dịch vụ công  Hằng năm\n"
        "3\nTổ chức hội nghị sơ kết việc thực hiện Kế hoạch\n"
        "Văn phòng UBND \ntỉnh\n  Báo cáo sơ kết\nTháng 12/2025\n"
        "4\nBố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số\n"
        "Sở Tài chính\nCác sở, ngành\n  \nHằng năm\n"
    )
    _, rows = _rows(text)
    cells = [{role: c.text for role, c in r.cells.items()} for r in rows]
    assert cells[0] == {
        "text": "Rà soát quy trình nội bộ theo Luật Giao dịch điện tử",
        "lead": "Sở Tư pháp",
        "coordinate": "Các sở, ngành",
        "result": "Quy trình được ban hành",
        "deadline": "Quý IV/2025",
    }
    assert (cells[1]["text"], cells[1]["lead"], cells[1]["coordinate"]) == (
        "Công bố danh mục dịch vụ công trực tuyến toàn trình.",
        "Sở Nội vụ",
        "Các địa phương",
    )
    assert (cells[2]["lead"], cells[2]["coordinate"], cells[2]["result"]) == (
        "Văn phòng UBND tỉnh",
        "",
        "Báo cáo sơ kết",
    )
    assert (cells[3]["coordinate"], cells[3]["result"], cells[3]["deadline"]) == (
        "Các sở, ngành",
        "",
        "Hằng năm",
    )
    assert all(not r.warnings for r in rows)


def _plain_search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals):
    """The search without a bound: every split considered, the four best kept."""
    splits = table._bounded_splits(n, m, cost_fn, lower_fn, h, float("inf"), limits, k=4)
    return splits if rivals else splits[:1]


@pytest.fixture(scope="module")
def synthetic_plans(tmp_path_factory) -> list:
    """Plans from bench/make_corpus.py: page breaks mid-text, where the text-only
    reading of a cut row wins and the split reading is left unfinished."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_corpus import make_corpus

    paths = make_corpus(20, 23, tmp_path_factory.mktemp("plans"))
    return [p for p in paths if p.name.endswith("_kh.txt")][:3]


@pytest.mark.parametrize(
    "path",
    [
        "data/raw/001_2f8b4d489cccd7d8.txt",
        "tests/fixtures/plan/dong_thap_kh_55.txt",
        "synthetic:0",
        "synthetic:1",
        "synthetic:2",
    ],
)
def test_bounded_search_reads_every_table_as_the_plain_search_does(
    path, monkeypatch, synthetic_plans
):
    """The bounded search (cost bounds, the best found before its rivals, rivals only
    within the ambiguity margin, a page-break row's losing reading left unfinished) is
    a speed-up, not an approximation, and so is the fast splitter's single search per
    fragment and coarse learning pass (loaders/tables/order_split.py): every cell and every warning of the seed plan,
    another province's plan and synthetic plans come out as the exhaustive search gives
    them. Page-break rows are in all: their later parts can cost less than nothing,
    which a bound that assumed otherwise got wrong."""
    from pathlib import Path

    from obligraph.loaders.pipeline import load_file

    root = Path(__file__).resolve().parent.parent
    if path.startswith("synthetic:"):
        path = synthetic_plans[int(path.split(":")[1])]
    bounded = load_file(root / path).model_dump()  # the fast splitter (the default)
    # The reference splitter with its search made exhaustive.
    monkeypatch.setenv("OBLIGRAPH_SPLITTER", "reference")
    monkeypatch.setattr(order_reference, "_search", _plain_search)
    continued = order_reference._continued_splits

    def every_reading_in_full(*args, give_up_above=None, **kwargs):
        return continued(*args, **kwargs)

    monkeypatch.setattr(order_reference, "_continued_splits", every_reading_in_full)
    plain = load_file(root / path).model_dump()
    assert bounded["tasks"] and bounded == plain
