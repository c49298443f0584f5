"""Document identity on the four seeds and on fixtures in the layouts real documents come in.

Every expected value below was read off the printed text (line numbers are the file's
1-based lines). The fixtures in tests/fixtures/identity/ each carry their expected identity
beside them in `<name>.expected.json` and are checked table-style.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from obligraph.loaders.identity import identify, identity_findings
from obligraph.loaders.records import Document
from obligraph.loaders.text import read_source, source_from_string

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "identity"
IDENTITY_FIELDS = ("id", "kind", "kind_code", "number", "issuer", "issued", "title", "signer")


def _seed(prefix: str) -> Path:
    return next(RAW.glob(f"{prefix}_*.txt"))


def _identify(path: Path) -> tuple[Document, list[tuple[int, int]]]:
    return identify(read_source(path))


def _covered(spans: list[tuple[int, int]], line: int) -> bool:
    return any(start <= line <= end for start, end in spans)


# ------------------------------------------------------------------ the seeds


def test_001_plan_number_only_in_the_signature_stamp():
    doc, spans = _identify(_seed("001"))
    # "Số: 103/KH-UBND" (line 744) inside Phụ lục I; the appendix headers print the
    # number blank ("Kế hoạch số          /KH-UBND", lines 689 and 992).
    assert doc.number == "103/KH-UBND"
    assert doc.kind == "Kế hoạch"
    assert doc.kind_code == "KH"
    assert doc.issuer == "UBND tỉnh"
    # "Thời gian ký: 2025-06-01T20:58:38+07:00" (line 745)
    assert doc.issued == date(2025, 6, 1)
    assert doc.signer == "Phạm Anh Tuấn"  # line 661, under "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    assert doc.id == "doc:103-kh-ubnd-2025"
    # Lines 9-15 under "KẾ HOẠCH", joined with whitespace collapsed.
    assert doc.title == (
        "Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động "
        "số 152-KH/TU ngày 13/5/2025 của Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW ngày "
        "22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng "
        "tạo và chuyển đổi số quốc gia"
    )
    for line in (7, 9, 15, 744, 745, 648, 661):  # kind, title, Nơi nhận, signer, stamp
        assert _covered(spans, line), line
    # The preamble (line 20) and the body are not identity.
    assert not _covered(spans, 20)
    assert not _covered(spans, 50)


def test_000_notice_identified_by_meeting_date():
    doc, spans = _identify(_seed("000"))
    assert (doc.kind, doc.kind_code, doc.number) == ("Thông báo", "TB", None)
    assert doc.issuer == "UBND tỉnh"
    assert doc.issued == date(2025, 3, 18)  # "Ngày 18/3/2025, tại Trụ sở UBND tỉnh" (line 11)
    assert doc.id == "doc:tb-ubnd-tinh-2025-03-18"
    assert doc.title == (
        "Ý kiến kết luận của Chủ tịch UBND tỉnh Phạm Anh Tuấn tại cuộc họp nghe Sở Khoa học "
        "và Công nghệ báo cáo các nhiệm vụ trọng tâm của ngành năm 2025"
    )
    assert doc.signer == "Võ Gia Nghĩa"  # line 228, after "TL. CHỦ TỊCH … PHÓ CHÁNH VĂN PHÒNG"
    for line in (1, 2, 6, 202, 203, 211, 213, 215, 217, 228):
        assert _covered(spans, line), line
    assert not _covered(spans, 11)  # the meeting sentence is the notice's content


def test_003_notice_markdown_bold_stripped():
    doc, spans = _identify(_seed("003"))
    assert (doc.kind_code, doc.number, doc.issuer) == ("TB", None, "UBND tỉnh")
    assert doc.issued == date(2025, 7, 5)  # "Chiều ngày 05/7/2025" (line 9)
    assert doc.id == "doc:tb-ubnd-tinh-2025-07-05"
    # Lines 5-7, wrapped in ** … ** in the file.
    assert doc.title == (
        "Ý kiến kết luận của đồng chí Phạm Anh Tuấn, Chủ tịch UBND tỉnh tại cuộc họp chỉ đạo "
        "về tình hình thực hiện nhiệm vụ công tác 6 tháng đầu năm và phương hướng, nhiệm vụ "
        "6 tháng cuối năm 2025 của Sở Khoa học và Công nghệ"
    )
    assert "*" not in doc.title
    assert doc.signer == "Nguyễn Xuân Vĩnh"  # line 81
    for line in (3, 5, 7, 64, 71, 73, 74, 76, 77, 81):
        assert _covered(spans, line), line


def test_004_notice_long_form_meeting_date():
    doc, _ = _identify(_seed("004"))
    assert (doc.kind_code, doc.number, doc.issuer) == ("TB", None, "UBND tỉnh")
    assert doc.issued == date(2024, 1, 18)  # "Ngày 18 tháng 01 năm 2024" (line 14)
    assert doc.id == "doc:tb-ubnd-tinh-2024-01-18"
    assert doc.title == (
        "Ý kiến kết luận của Chủ tịch Ủy ban nhân dân tỉnh Phạm Anh Tuấn, Trưởng Ban Chỉ đạo "
        "chuyển đổi số tỉnh Bình Định"
    )
    assert doc.signer == "Võ Gia Nghĩa"  # line 184


def test_seed_ids_are_distinct_and_stable():
    ids = [_identify(p)[0].id for p in sorted(RAW.glob("*.txt"))]
    assert ids == [
        "doc:tb-ubnd-tinh-2025-03-18",
        "doc:103-kh-ubnd-2025",
        "doc:tb-ubnd-tinh-2025-07-05",
        "doc:tb-ubnd-tinh-2024-01-18",
    ]
    assert ids == [_identify(p)[0].id for p in sorted(RAW.glob("*.txt"))]


# ------------------------------------------------------------------ fixtures, table-style


# Each fixture's expected values: {"layout": why it is here, "identity": {...},
# "references": [...], optionally "accounted_lines": lines identity and references take}.
FIXTURE_FILES = sorted(
    p for p in FIXTURES.glob("*.txt") if p.with_suffix(".expected.json").exists()
)


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_at_least_six_fixture_layouts():
    assert len(FIXTURE_FILES) >= 6
    assert all("identity" in _expected(p) for p in FIXTURE_FILES)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_identity(path: Path):
    doc, _ = _identify(path)
    expected = _expected(path)["identity"]
    got = doc.model_dump(mode="json")
    for field in IDENTITY_FIELDS:
        if field in expected:
            assert got[field] == expected[field], field


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_header_lines_accounted(path: Path):
    """Issuer, number, place-date, kind and title lines of a header are identity's lines."""
    doc, spans = _identify(path)
    src = read_source(path)
    for number, line in enumerate(src.lines[:16], start=1):
        text = line.strip()
        if doc.number and text.startswith(("Số:", "Số ")):
            assert _covered(spans, number), (number, line)
        if text.startswith(("CỘNG HÒA", "Độc lập", "ỦY BAN NHÂN DÂN", "TỈNH ỦY")):
            assert _covered(spans, number), (number, line)


def test_second_so_in_a_can_cu_line_is_not_the_number():
    # kh_dong_thap line 16: "Căn cứ Quyết định số: 1234/QĐ-UBND …" comes after the header's
    # "Số:" / "283/KH-UBND" (lines 7-8).
    doc, spans = _identify(FIXTURES / "kh_dong_thap.txt")
    assert doc.number == "283/KH-UBND"
    assert _covered(spans, 7) and _covered(spans, 8)
    assert not _covered(spans, 16)


def test_number_only_in_a_can_cu_line_is_not_the_documents():
    src = source_from_string(
        "KẾ HOẠCH\nVề chuyển đổi số\n\nCăn cứ Quyết định số: 1234/QĐ-UBND ngày 12/8/2025 "
        "của UBND tỉnh;\nSố: liệu báo cáo được cập nhật hằng tháng.\n"
    )
    doc, _ = identify(src)
    assert doc.number is None
    assert doc.kind_code == "KH"


def test_draft_with_blank_number_and_date():
    path = FIXTURES / "kh_draft_blank_number.txt"
    src = read_source(path)
    doc, _ = identify(src)
    assert doc.number is None  # "Số:        /KH-UBND" (line 4)
    assert doc.issued is None  # "Gia Lai, ngày      tháng      năm 2025"
    findings = identity_findings(src, doc)
    # Line 4 leaves number and date blank; line 6 says "DỰ THẢO".
    assert [f.line_start for f in findings] == [4, 6]
    assert {f.reason for f in findings} == {"draft: the number or date is left blank"}


def test_unknown_kind_still_a_document():
    src = read_source(FIXTURES / "bien_ban_unknown_kind.txt")
    doc, spans = identify(src)
    assert doc.kind is None and doc.kind_code is None and doc.number is None
    assert doc.id == "doc:name:bien-ban-unknown-kind"
    assert spans == []
    assert [f.reason for f in identity_findings(src, doc)] == ["kind of document not recognised"]


@pytest.mark.parametrize(
    ("header", "number"),
    [
        ("Số: 283/KH-UBND", "283/KH-UBND"),
        ("Số:283/KH-UBND", "283/KH-UBND"),
        ("Số:\n283/KH-\nUBND", "283/KH-UBND"),
        ("Số 10- CTr/TU", "10-CTr/TU"),
        ("Số 10-CTR/TU", "10-CTr/TU"),
        ("Số: 15/2024/NQHĐND", "15/2024/NQ-HĐND"),
        ("Số: 1552/BTTTT - TTH", "1552/BTTTT-TTH"),
        ("Số: 152/KH-TU", "152-KH/TU"),
        ("Số:     /KH-UBND", None),
        ("Số: …/QĐ-UBND", None),
    ],
)
def test_header_number_forms(header: str, number: str | None):
    doc, _ = identify(source_from_string(f"{header}\n\nKẾ HOẠCH\nVề chuyển đổi số\n"))
    assert doc.number == number


def test_place_date_split_over_lines_in_a_two_column_header():
    src = source_from_string(
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH ĐỒNG THÁP           Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/TB-UBND           Đồng Tháp, ngày 24 tháng\n"
        "                         9 năm 2025\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
    )
    doc, _ = identify(src)
    assert (doc.number, doc.kind_code, doc.issuer) == ("12/TB-UBND", "TB", "UBND tỉnh Đồng Tháp")
    assert doc.issued == date(2025, 9, 24)
    assert doc.id == "doc:12-tb-ubnd-2025"
