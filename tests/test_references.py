"""Cited documents, their relations, dates, issuers and typo variants, checked against the text.

The seeds were read line by line: every citation of every file is listed below with the
line it is printed on. The fixtures of tests/fixtures/identity/ list theirs in the
"references" key of `<name>.expected.json`.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from obligraph.loaders.identity import identify
from obligraph.loaders.records import Reference
from obligraph.loaders.references import find_references
from obligraph.loaders.text import read_source, source_from_string

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "identity"


def _refs(prefix: str) -> tuple[list[Reference], list[tuple[int, int]]]:
    src = read_source(next(RAW.glob(f"{prefix}_*.txt")))
    doc, _ = identify(src)
    return find_references(src, doc)


@pytest.fixture(scope="module")
def r000():
    return _refs("000")


@pytest.fixture(scope="module")
def r001():
    return _refs("001")


@pytest.fixture(scope="module")
def r003():
    return _refs("003")


@pytest.fixture(scope="module")
def r004():
    return _refs("004")


def _key(ref: Reference) -> str:
    return ref.number or ref.name or ""


def _at(refs: list[Reference], key: str, line: int) -> Reference:
    """The reference to `key` whose span holds `line`."""
    hits = [r for r in refs if _key(r) == key and r.line_start <= line <= r.line_end]
    assert hits, f"no reference to {key} at line {line}: {[(_key(r), r.line_start) for r in refs]}"
    return hits[0]


def _tight(ref: Reference) -> None:
    """A citation's span covers its own few lines, not the paragraph around it."""
    assert ref.line_end - ref.line_start <= 3, (_key(ref), ref.line_start, ref.line_end)


# ------------------------------------------------------------------ 001, the plan


def test_001_cites_every_document(r001):
    refs, _ = r001
    assert {_key(r) for r in refs} == {
        "71/NQ-CP", "152-KH/TU", "57-NQ/TW", "970/QĐ-TTg", "87/TTr-SKHCN",
        "193/2025/QH15", "88/2025/NĐ-CP", "1841-QĐ/TU", "37/KH-UBND", "03/NQ-CP",
        "32-CTr/TU", "1552/BTTTT-TTH", "708/BTTTT-CATTT", "107/2021/NĐ-CP",
        "Đề án 06", "Luật Giao dịch điện tử", "Chỉ thị 18",
    }  # fmt: skip
    assert "103/KH-UBND" not in {_key(r) for r in refs}  # its own number is no citation
    for ref in refs:
        _tight(ref)


def test_001_plan_implements_71_and_152_from_title_and_opening(r001):
    refs, _ = r001
    for line in (9, 20, 39):  # title, opening "Thực hiện …", "ban hành Kế hoạch triển khai …"
        ref = _at(refs, "71/NQ-CP", line)
        assert (ref.relation, ref.subject_number) == ("implements", None)
        assert (ref.kind, ref.kind_code, ref.issuer) == ("Nghị quyết", "NQ", "Chính phủ")
        assert ref.issued == date(2025, 4, 1)  # line 20 prints it "01/4/025"
    for line in (11, 22, 41):
        ref = _at(refs, "152-KH/TU", line)
        assert (ref.relation, ref.subject_number) == ("implements", None)
        assert ref.kind == "Kế hoạch"
        assert ref.issued == date(2025, 5, 13)


def test_001_typo_variants_fold_into_152_kh_tu(r001):
    refs, _ = r001
    variants = {v for r in refs if r.number == "152-KH/TU" for v in r.variants}
    # line 22 "152-KH/TW" (the Tỉnh ủy's plan with the TW code), lines 56/60/183 "152/KH-TU".
    assert {"152-KH/TW", "152/KH-TU"} <= variants
    assert not [r for r in refs if r.number in ("152-KH/TW", "152/KH-TU")]
    assert _at(refs, "152-KH/TU", 22).variants  # the very line of the typo keeps it


def test_001_relations_stated_between_cited_documents(r001):
    refs, _ = r001
    # "Kế hoạch hành động số 152-KH/TU … của Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW"
    nq57 = _at(refs, "57-NQ/TW", 12)
    assert (nq57.relation, nq57.subject_number) == ("implements", "152-KH/TU")
    assert (nq57.issuer, nq57.issued) == ("Bộ Chính trị", date(2024, 12, 22))
    # Lines 632-638: KH 37 "thực hiện Chương trình hành động theo Nghị quyết số 03/NQ-CP … và
    # Chương trình hành động số 32 -CTr/TU … thực hiện Nghị quyết số 57-NQ/TW".
    nq03 = _at(refs, "03/NQ-CP", 633)
    assert (nq03.relation, nq03.subject_number) == ("implements", "37/KH-UBND")
    assert nq03.issued == date(2025, 1, 9)
    ctr32 = _at(refs, "32-CTr/TU", 635)
    assert (ctr32.relation, ctr32.subject_number) == ("implements", "37/KH-UBND")
    assert ctr32.variants == ["32 -CTr/TU"]
    assert (ctr32.kind, ctr32.issuer, ctr32.issued) == (
        "Chương trình",
        "Tỉnh ủy",
        date(2025, 2, 17),
    )
    nq57b = _at(refs, "57-NQ/TW", 637)
    assert (nq57b.relation, nq57b.subject_number) == ("implements", "32-CTr/TU")
    # The clause "thực hiện Nghị quyết số 57-NQ/TW" closes a coordinated list, so it holds
    # for every member: NQ 71 (line 9-12) and NQ 03 (line 633-637) implement NQ 57 too.
    to_57 = {
        (r.subject_number, r.line_start)
        for r in refs
        if r.number == "57-NQ/TW" and r.subject_number
    }
    assert {s for s, _ in to_57} == {"152-KH/TU", "71/NQ-CP", "32-CTr/TU", "03/NQ-CP"}


def test_001_supersedes_37_kh_ubnd(r001):
    refs, _ = r001
    kh37 = _at(refs, "37/KH-UBND", 632)
    assert (kh37.relation, kh37.subject_number) == ("supersedes", None)
    assert (kh37.kind, kh37.issuer, kh37.issued) == ("Kế hoạch", "UBND tỉnh", date(2025, 2, 26))
    assert kh37.line_start == 632
    assert kh37.evidence.startswith(
        "Kế hoạch này thay thế Kế hoạch số 37/KH-UBND ngày 26/02/2025 của UBND tỉnh thực hiện"
    )
    assert "\n" not in kh37.evidence and "  " not in kh37.evidence
    assert [r.relation for r in refs if r.number == "37/KH-UBND"] == ["supersedes"]


def test_001_based_on_the_submission(r001):
    refs, _ = r001
    ttr = _at(refs, "87/TTr-SKHCN", 36)  # "Tờ trình số 87/TTr-" / "SKHCN ngày 30/5/2025"
    assert (ttr.relation, ttr.kind, ttr.issued) == ("based_on", "Tờ trình", date(2025, 5, 30))
    assert ttr.evidence.startswith("Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số")


def test_001_kinds_issuers_and_dates_as_stated(r001):
    refs, _ = r001
    qd970 = _at(refs, "970/QĐ-TTg", 605)
    assert (qd970.kind, qd970.issuer, qd970.issued) == (
        "Quyết định",
        "Thủ tướng Chính phủ",
        date(2025, 5, 19),
    )
    qd1841 = _at(refs, "1841-QĐ/TU", 607)
    assert (qd1841.kind, qd1841.issuer, qd1841.issued) == (
        "Quyết định",
        "Tỉnh ủy",
        date(2025, 5, 15),
    )
    nq193 = _at(refs, "193/2025/QH15", 236)
    assert (nq193.kind, nq193.issuer) == ("Nghị quyết", "Quốc hội")
    nd88 = _at(refs, "88/2025/NĐ-CP", 237)
    assert (nd88.kind, nd88.kind_code, nd88.issuer) == ("Nghị định", "NĐ", "Chính phủ")
    assert _at(refs, "1552/BTTTT-TTH", 2014).kind_code is None  # an official letter
    assert _at(refs, "708/BTTTT-CATTT", 2016)
    assert _at(refs, "107/2021/NĐ-CP", 2020).issuer == "Chính phủ"


def test_001_name_only_citations(r001):
    refs, _ = r001
    for name, line in [("Đề án 06", 611), ("Đề án 06", 2895), ("Luật Giao dịch điện tử", 264),
                       ("Luật Giao dịch điện tử", 1423), ("Chỉ thị 18", 2914)]:  # fmt: skip
        ref = _at(refs, name, line)
        assert ref.number is None
    assert _at(refs, "Chỉ thị 18", 2914).relation == "implements"  # "Đẩy mạnh thực hiện Chỉ thị 18"


def test_001_preamble_accounted(r001):
    _, spans = r001
    for line in range(20, 46):
        assert any(a <= line <= b for a, b in spans), line
    assert not any(a <= 50 <= b for a, b in spans)  # the objectives are not preamble


def test_001_one_reference_per_document_relation_sentence(r001):
    refs, _ = r001
    keys = Counter((_key(r), r.relation, r.subject_number, r.evidence) for r in refs)
    assert [k for k, n in keys.items() if n > 1] == []


# ------------------------------------------------------------------ the notices


def test_000_citations(r000):
    refs, _ = r000
    assert {_key(r) for r in refs} == {
        "07/CT-TTg", "32-CTr/TU", "37/KH-UBND", "48/KH-UBND", "94/TB-UBND", "57-NQ/TW", "Đề án 06",
    }  # fmt: skip
    ct07 = _at(refs, "07/CT-TTg", 110)
    assert (ct07.relation, ct07.kind, ct07.issuer, ct07.issued) == (
        "based_on",
        "Chỉ thị",
        "Thủ tướng Chính phủ",
        date(2025, 3, 14),
    )
    assert _at(refs, "32-CTr/TU", 118).issued == date(2025, 2, 17)
    kh37 = _at(refs, "37/KH-UBND", 118)  # "Kế hoạch số 37/KH-" / "UBND ngày 26/02/2025"
    assert (kh37.issuer, kh37.issued) == ("UBND tỉnh", date(2025, 2, 26))
    assert _at(refs, "48/KH-UBND", 140).issued == date(2025, 3, 14)
    tb94 = _at(refs, "94/TB-UBND", 143)  # the date sits on line 145
    assert (tb94.kind, tb94.issued, tb94.relation) == ("Thông báo", date(2025, 3, 11), "implements")
    assert _at(refs, "57-NQ/TW", 149).issuer == "Bộ Chính trị"
    # "Chỉ thị số 07/CT-" / "TTg ngày 14/3/2025" split over lines 183-185
    split = _at(refs, "07/CT-TTg", 185)
    assert split.issued == date(2025, 3, 14)
    assert _at(refs, "Đề án 06", 193).number is None
    for ref in refs:
        _tight(ref)


def test_003_citations(r003):
    refs, _ = r003
    assert {_key(r) for r in refs} == {"57-NQ/TW", "02-KH/BCĐTW", "71/NQ-CP"}
    assert _at(refs, "02-KH/BCĐTW", 13).kind == "Kế hoạch"
    assert _at(refs, "71/NQ-CP", 39).issuer == "Chính phủ"
    assert _at(refs, "57-NQ/TW", 59).issuer == "Bộ Chính trị"


def test_004_citations(r004):
    refs, _ = r004
    assert {_key(r) for r in refs} == {
        "4466/QĐ-UBND", "27/2018/QĐ-UBND", "35/2022/QĐ-UBND", "73/2019/NĐ-CP", "Đề án 5299",
    }  # fmt: skip
    qd4466 = _at(refs, "4466/QĐ-UBND", 84)  # "… của UBND tỉnh" on line 86
    assert (qd4466.relation, qd4466.issuer, qd4466.issued) == (
        "implements",
        "UBND tỉnh",
        date(2023, 12, 1),
    )
    assert _at(refs, "27/2018/QĐ-UBND", 98).issued == date(2018, 7, 20)
    assert _at(refs, "35/2022/QĐ-UBND", 99).issued == date(2022, 7, 25)
    nd73 = _at(refs, "73/2019/NĐ-CP", 151)
    assert (nd73.kind, nd73.issuer, nd73.issued) == ("Nghị định", "Chính phủ", date(2019, 9, 5))
    # "chỉ đạo các cấp bộ đoàn tập trung triển khai có hiệu quả Đề án 5299"
    assert _at(refs, "Đề án 5299", 129).relation == "implements"


# ------------------------------------------------------------------ fixtures, table-style


FIXTURE_FILES = sorted(
    p for p in FIXTURES.glob("*.txt") if p.with_suffix(".expected.json").exists()
)


def _expected_ref(refs: list[Reference], want: dict) -> Reference:
    """The reference a fixture expects: at `line`, or with exactly `line_start`/`line_end`."""
    key = want.get("number") or want["name"]
    if "line" in want:
        return _at(refs, key, want["line"])
    hits = [
        r
        for r in refs
        if _key(r) == key
        and want.get("line_start", r.line_start) == r.line_start
        and want.get("line_end", r.line_end) == r.line_end
        and want.get("relation", r.relation) == r.relation
    ]
    assert hits, f"no reference {want}: {[(_key(r), r.relation, r.line_start) for r in refs]}"
    return hits[0]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_references(path: Path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    src = read_source(path)
    doc, id_spans = identify(src)
    refs, ref_spans = find_references(src, doc)
    assert doc.number is None or doc.number not in {r.number for r in refs}
    for want in expected["references"]:
        ref = _expected_ref(refs, want)
        _tight(ref)
        for field in ("relation", "kind", "kind_code", "issuer", "subject_number"):
            if field in want:
                assert getattr(ref, field) == want[field], (want, field)
        if "issued" in want:
            assert ref.issued == date.fromisoformat(want["issued"]), want
        if "variants" in want:
            assert set(want["variants"]) <= set(ref.variants) | {ref.number}, want
    spans = [*id_spans, *ref_spans]
    for line in expected.get("accounted_lines", []):
        assert any(a <= line <= b for a, b in spans), line


@pytest.mark.parametrize(
    ("text", "number", "relation"),
    [
        (
            "Thực hiện Kế hoạch số 37/KH-\nUBND ngày 26/02/2025 của UBND tỉnh.",
            "37/KH-UBND",
            "implements",
        ),
        (
            "Căn cứ Nghị quyết 57-\n\nNQ/TW ngày 22/12/2024 của Bộ Chính trị;",
            "57-NQ/TW",
            "based_on",
        ),
        (
            "Theo đề nghị của Sở tại Tờ trình số 87/TTr-\n\nSKHCN ngày 30/5/2025.",
            "87/TTr-SKHCN",
            "based_on",
        ),
        ("Kế hoạch này thay Kế hoạch số 150/KH-UBND của UBND tỉnh./.", "150/KH-UBND", "supersedes"),
        ("Bãi bỏ Quyết định số 35/2022/QĐ-UBND ngày 25/7/2022.", "35/2022/QĐ-UBND", "repeals"),
        ("Sửa đổi, bổ sung Điều 3 Quyết định số 27/2018/QĐ-UBND.", "27/2018/QĐ-UBND", "amends"),
        ("Báo cáo theo Văn bản số 1552/BTTTT-TTH của Bộ.", "1552/BTTTT-TTH", "cites"),
        ("Nghị quyết số 193/2025/QH15 của Quốc hội quy định thí điểm.", "193/2025/QH15", "cites"),
    ],
)
def test_citation_forms(text: str, number: str, relation: str):
    src = source_from_string(text)
    doc, _ = identify(src)
    refs, _ = find_references(src, doc)
    assert [(r.number, r.relation) for r in refs] == [(number, relation)]
    assert refs[0].evidence == " ".join(text.split())


def test_numbers_that_are_not_citations():
    src = source_from_string(
        "Thời gian hoàn thành 12/2025; giai đoạn 2022-2025; tăng 16-18%/năm.\n"
        "Kết quả: Quyết định 06/2025.\n(Kèm theo Kế hoạch số      /KH-UBND ngày   /   /2025)\n"
    )
    doc, _ = identify(src)
    refs, _ = find_references(src, doc)
    assert [r.number for r in refs] == []
