"""A row the loader doubted (OCR, uncertain cells, merged cells filled) carries
`Task.review` in the graph, and the agency's sheet flags it for checking against the
original; a row read with certainty carries none."""

from __future__ import annotations

from datetime import date

from obligraph.graph.agencies import AgencyRegistry
from obligraph.graph.build import build_graph
from obligraph.loaders.pipeline import load_read
from obligraph.loaders.readers.markdown import stated_tables
from obligraph.loaders.readers.model import ReadDocument
from obligraph.loaders.text import source_from_string
from obligraph.viz.obligations import agency_obligations

# Two rows of one task table; the second's task text is left out (a merged cell, as the
# portal's one-cell-per-line copies do): it is filled from the row above and flagged.
PLAN = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 901/KH-UBND
Bình Định, ngày 02 tháng 6 năm 2025
KẾ HOẠCH
Triển khai chuyển đổi số năm 2025
**PHỤ LỤC**

|
**TT**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn thành**
|
**Nhiệm vụ**
|
|
1
|
Sở Tài chính
|
|
Quý IV/2025
|
Xây dựng kho dữ liệu dùng chung của tỉnh
|
|
2
|
Sở Nội vụ
|
|
Quý IV/2026
|
"""


def test_a_doubted_row_is_flagged_in_the_graph_and_the_sheet() -> None:
    src = source_from_string(PLAN, "kh901.md")
    loaded = load_read(ReadDocument(source=src, format="markdown", tables=stated_tables(src)))
    tasks = {t.no: t for t in loaded.tasks}
    assert tasks["2"].text == tasks["1"].text == "Xây dựng kho dữ liệu dùng chung của tỉnh"
    g = build_graph([loaded], AgencyRegistry.load())
    doubted = g.nodes[tasks["2"].id]["review"]
    assert "cells filled from the row above (merged cells)" in doubted
    assert g.nodes[tasks["1"].id]["review"] is None

    sheet = agency_obligations(g, "so-noi-vu", date(2025, 12, 31))
    (row,) = sheet.direct
    assert any("cần đối chiếu với văn bản gốc" in f for f in row.flags)
    clean = agency_obligations(g, "so-tai-chinh", date(2025, 12, 31))
    assert not any("đối chiếu" in f for r in clean.direct for f in r.flags)
