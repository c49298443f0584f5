"""OCR of the corpus scan with Tesseract's Vietnamese model (skipped where it is absent).

qng_tb660_ketluan_scan.pdf, checked by hand against its page images: nine directives
(1.a-1.e to the district's steering committee, then 2-5 to agencies). Slow by nature
(three pages at 300 dpi: about a minute on the shared machine); one read serves all."""

from __future__ import annotations

import pytest
from test_docx_reader import office

from obligraph.loaders.pipeline import OCR_WARNING, load_file
from obligraph.loaders.readers import ocr

pytestmark = pytest.mark.skipif(
    not ocr.available(),
    reason="Tesseract with Vietnamese absent: apt install tesseract-ocr tesseract-ocr-vie",
)


@pytest.fixture(scope="module")
def scan():
    return load_file(office("qng_tb660_ketluan_scan.pdf"))


def _leads(task) -> list[str]:
    return [a.agency for a in task.assignments if a.role == "lead"]


def test_scan_read_by_ocr(scan) -> None:
    assert scan.format == "pdf-ocr" and scan.ocr
    assert scan.document.kind_code == "TB"
    assert any(
        "read by OCR (Tesseract, Vietnamese) on 3 of 3 pages" in f.reason for f in scan.findings
    )
    assert all(OCR_WARNING in t.warnings for t in scan.tasks)  # flagged for review
    assert {t.page for t in scan.tasks} == {1, 2, 3}


def test_scan_directives_against_page_images(scan) -> None:
    tasks = {t.no: t for t in scan.tasks}
    committee = "Ban Chỉ đạo xoá nhà tạm, nhà dột nát huyện Bình Sơn"
    for no in ("1.a", "1.b", "1.c", "1.e"):
        assert _leads(tasks[no]) == [committee], no
    assert tasks["1.e"].deadline_text == "định kỳ hàng tháng"
    assert _leads(tasks["2"]) == ["Sở Lao động — Thương binh và Xã hội"]
    assert _leads(tasks["3"]) == ["Sở Tài chính"]
    assert _leads(tasks["4"]) == ["Sở Tài nguyên và Môi trường"]
    assert _leads(tasks["5"])[:3] == [
        "Ủy ban MTTQ Việt Nam tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Bộ Chỉ huy Bộ đội biên phòng tỉnh",
    ]


def test_item_mark_misread_by_ocr() -> None:
    from obligraph.loaders.readers.ocr import _lines_from_tsv

    tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    tsv += "5\t1\t1\t1\t1\t1\t10\t300\t5\t5\t90\t©)\n5\t1\t1\t1\t1\t2\t20\t300\t5\t5\t90\tNghiên\n"
    assert _lines_from_tsv(tsv, 72 / 300) == [(72.0, "c) Nghiên")]
