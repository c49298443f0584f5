"""No input makes the loader pipeline fail with anything but the project's own clear error.

Property-based (hypothesis): arbitrary text, text assembled from the pieces documents are
made of (headers, numbers, dates, citations, table rows, signature blocks), and seed text
cut and spliced at random, all run through `load_source`. File-level: empty, binary,
UTF-16, BOM and NFD copies through `read_source`, where re-encoded copies of a seed must
load exactly like the original.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obligraph.errors import InputError, ObligraphError
from obligraph.loaders.identity import identify
from obligraph.loaders.pipeline import load_file, load_source
from obligraph.loaders.records import LoadedDocument
from obligraph.loaders.references import find_references
from obligraph.loaders.text import read_source, source_from_string

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))
NOTICE_SEEDS = [p for p in SEEDS if not p.name.startswith("001_")]
PLAN_SEED = next(p for p in SEEDS if p.name.startswith("001_"))
SEED_LINES = [line for p in SEEDS for line in read_source(p).lines if line.strip()]

# The pieces real documents are made of, including the awkward forms the loaders handle.
PIECES = [
    "KẾ HOẠCH",
    "THÔNG BÁO",
    "QUYẾT ĐỊNH",
    "NGHỊ QUYẾT",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "ỦY BAN NHÂN DÂN",
    "TỈNH ĐỒNG THÁP",
    "TỈNH ỦY GIA LAI",
    "BỘ NỘI VỤ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "-------",
    "Số:",
    "Số: 103/KH-UBND",
    "Số:     /KH-UBND",
    "Số 10- CTR/TU",
    "Số hiệu:",
    "Thời gian ký: 2025-06-01T20:58:38+07:00",
    "Thời gian ký: 9999-99-99T",
    "Đồng Tháp, ngày 24 tháng",
    "9 năm 2025",
    "ngày      tháng      năm 2025",
    "Ngày 18/3/2025, tại Trụ sở UBND tỉnh",
    "Chiều ngày 05/7/2025",
    "ngày 31/02/2025",
    "ngày 01/4/025",
    "ngày 0/0/0",
    "Ngày 18 tháng 13 năm 2024",
    "Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ",
    "Kế hoạch số 37/KH-",
    "UBND ngày 26/02/2025 của UBND tỉnh",
    "Nghị quyết 57-",
    "NQ/TW",
    "Nghị quyết số số 71/NQ-CP",
    "152-KH/TW",
    "152/KH-TU",
    "32 -CTr/TU",
    "15/2024/NQHĐND",
    "73/2019/NĐ-CP",
    "193/2025/QH15",
    "1552/BTTTT - TTH",
    "/KH-UBND",
    "99999/X-Y",
    "Kế hoạch này thay thế Kế hoạch số",
    "bãi bỏ Quyết định số",
    "sửa đổi, bổ sung",
    "Căn cứ Luật Giao dịch điện tử;",
    "Theo đề nghị của Sở Tài chính tại Tờ trình số",
    "Đề án 06",
    "Đề án 5299",
    "(sau đây gọi tắt là",
    "V/v triển khai",
    "Kính gửi:",
    "I. MỤC TIÊU",
    "II. NHIỆM VỤ",
    "1. Giao Sở Khoa học và Công nghệ:",
    "- Chủ trì, phối hợp với",
    "a) ",
    "Điều 1.",
    "QUYẾT ĐỊNH:",
    "Phụ lục I",
    "Phụ lục II",
    "TT Tên nhiệm vụ Cơ quan",
    "chủ trì",
    "phối hợp",
    "Kết quả",
    "Thời gian hoàn thành",
    "Quý I/2026",
    "Hằng năm",
    "1",
    "8.1",
    "106",
    "Nơi nhận:",
    "- Lưu: VT, K8.",
    "TL. CHỦ TỊCH",
    "KT. CHÁNH VĂN PHÒNG",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Phạm Anh Tuấn",
    "- 2 -",
    "**",
    "|",
    "./.",
    "",
    " ",
    "\t",
    "…",
    "“",
    "”",
    "%",
    "≥ 80",
    "Sở Tài Chính",
    "Tỉnh uỷ",
]

piece_lines = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=0, max_size=40
).map("\n".join)
seed_splice = st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=60).map("\n".join)


def _load_or_clear_error(text: str) -> LoadedDocument | None:
    """Load `text`; an ObligraphError is an accepted outcome, anything else fails the test."""
    try:
        src = source_from_string(text, name="hypothesis.txt")
    except ObligraphError:
        return None
    try:
        loaded = load_source(src)
    except ObligraphError:
        return None
    # What came back is well-formed: spans inside the file, ids set.
    assert loaded.document.id.startswith("doc:")
    for start, end in loaded.accounted:
        assert 1 <= start <= end <= len(src.lines)
    for ref in loaded.references:
        assert ref.number or ref.name
        assert ref.line_start is None or 1 <= ref.line_start <= (ref.line_end or ref.line_start)
    return loaded


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_any_text_loads_or_fails_clearly(text: str):
    _load_or_clear_error(text)


@SETTINGS
@given(piece_lines)
def test_document_pieces_in_any_order(text: str):
    _load_or_clear_error(text)


@SETTINGS
@given(seed_splice)
def test_spliced_seed_lines(text: str):
    _load_or_clear_error(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NOTICE_SEEDS), st.data())
def test_seed_cut_anywhere(path: Path, data: st.DataObject):
    text = read_source(path).text
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _load_or_clear_error(text[start:end])


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("Số:/-KHUBNDTW0123456789 \n.ngàytháTĐ")), max_size=200)
)
def test_identity_and_references_on_number_soup(text: str):
    """Dense runs of digits, slashes, hyphens and codes: the regexes' hardest inputs."""
    try:
        src = source_from_string(text)
    except ObligraphError:
        return
    doc, spans = identify(src)
    refs, ref_spans = find_references(src, doc)
    for start, end in [*spans, *ref_spans]:
        assert 1 <= start <= end <= len(src.lines)
    assert all(r.number != doc.number or doc.number is None for r in refs)


# ------------------------------------------------------------------ files on disk


def test_empty_and_blank_files_are_clear_errors(tmp_path: Path):
    for name, data in [
        ("empty.txt", b""),
        ("blank.txt", b" \n\t\n\n"),
        ("bom.txt", b"\xef\xbb\xbf"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as err:
            load_file(path)
        assert name in str(err.value)
        assert "\n" not in str(err.value)


def test_binary_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "scan.pdf.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe\x00\x00" * 64)
    with pytest.raises(InputError, match="binary"):
        load_file(path)


def test_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_file(tmp_path / "missing.txt")


def _dump(loaded: LoadedDocument) -> dict:
    return loaded.model_dump(mode="json", exclude={"encoding"})


def _copies(path: Path, tmp_path: Path) -> dict[str, Path]:
    """UTF-16 (BOM), UTF-8 with BOM and NFD copies of `path`, under the same file name."""
    text = path.read_text(encoding="utf-8")
    out = {}
    for label, data in [
        ("utf-16", text.encode("utf-16")),
        ("utf-8-sig", codecs.BOM_UTF8 + text.encode("utf-8")),
        ("nfd", unicodedata.normalize("NFD", text).encode("utf-8")),
        ("crlf", text.replace("\n", "\r\n").encode("utf-8")),
    ]:
        folder = tmp_path / label
        folder.mkdir()
        copy = folder / path.name
        copy.write_bytes(data)
        out[label] = copy
    return out


@pytest.mark.parametrize("path", NOTICE_SEEDS, ids=lambda p: p.name[:3])
def test_reencoded_notice_loads_identically(path: Path, tmp_path: Path):
    original = _dump(load_file(path))
    copies = _copies(path, tmp_path)
    assert unicodedata.normalize("NFD", path.read_text("utf-8")) != path.read_text("utf-8")
    for label, copy in copies.items():
        assert _dump(load_file(copy)) == original, label


def test_reencoded_plan_reads_identically(tmp_path: Path):
    """001 is large: its copies must decode to the very same lines, identity and references."""
    src = read_source(PLAN_SEED)
    doc, spans = identify(src)
    refs = find_references(src, doc)
    for label, copy in _copies(PLAN_SEED, tmp_path).items():
        other = read_source(copy)
        assert other.lines == src.lines, label
        assert identify(other) == (doc, spans), label
        assert find_references(other, doc) == refs, label


# Real documents beyond the seeds (../shared/corpus, see its README), mutated line by line
# and byte by byte: the mutants of issue 22's audit, on text the loaders were not tuned on.
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(
    p
    for folder in ("lineage", "portal")
    for p in (CORPUS / folder).glob("*")
    if p.suffix in (".txt", ".md")
)[:40]


def _mutants(text: str, rng) -> list[str]:  # noqa: ANN001 - random.Random
    """Line mutants (dropped, doubled, swapped, cut) and character mutants (a character
    dropped, doubled, or replaced by a control, NFD or odd one) of one text."""
    lines = text.split("\n")
    out = []
    for _ in range(6):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        copy = list(lines)
        choice = rng.randrange(4)
        if choice == 0:
            del copy[i]
        elif choice == 1:
            copy.insert(i, copy[j])
        elif choice == 2:
            copy[i], copy[j] = copy[j], copy[i]
        else:
            copy[i] = copy[i][: rng.randrange(len(copy[i]) + 1)]
        out.append("\n".join(copy))
    for _ in range(6):
        k = rng.randrange(len(text))
        odd = rng.choice(["", text[k] * 2, "\x00", "\u0301", "\ufffd", "|", "\u200b", "\n\n"])
        out.append(text[:k] + odd + text[k + 1 :])
    return out


@pytest.mark.skipif(not CORPUS_FILES, reason=f"no real documents in {CORPUS}/lineage, /portal")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_real_document_mutants_load_or_fail_clearly(path: Path) -> None:
    import random

    try:
        text = read_source(path).text
    except ObligraphError:
        return
    rng = random.Random(path.name)
    for mutant in _mutants(text, rng):
        _load_or_clear_error(mutant)
