"""The PDF reader: tables stated by ruling lines, checked against DOCX whose cells are
known (the same file rendered to PDF by LibreOffice), prose and page provenance, and the
text layers that cannot be trusted (garbled fonts, scans, junk OCR)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_docx_reader import make_plan, office

from obligraph.errors import InputError
from obligraph.loaders.pipeline import load_file
from obligraph.loaders.readers import read_document
from obligraph.loaders.readers.quality import assess

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) absent: apt install libreoffice-writer-nogui"
)


def to_pdf(docx: Path, out: Path) -> Path:
    """Render a DOCX to PDF with LibreOffice, as an office would print it."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out)},  # a private LibreOffice profile
    )
    return out / (docx.stem + ".pdf")


def _norm(text: str) -> str:
    # A line break inside a cell's paragraph cannot be told from a wrap on paper.
    return re.sub(r"\s+", " ", text).strip()


def same_cells(docx_path: Path, pdf_path: Path) -> None:
    a, b = read_document(docx_path), read_document(pdf_path)
    assert [len(t.rows) for t in a.tables] == [len(t.rows) for t in b.tables]
    for ta, tb in zip(a.tables, b.tables, strict=True):
        assert tb.carrier == "pdf-ruled"
        for ra, rb in zip(ta.rows, tb.rows, strict=True):
            assert [_norm(c.text) for c in ra.cells] == [_norm(c.text) for c in rb.cells]


@needs_soffice
def test_generated_plan_pdf_cells_match_docx(tmp_path: Path) -> None:
    docx_path = make_plan(tmp_path)
    pdf_path = to_pdf(docx_path, tmp_path / "pdf")
    same_cells(docx_path, pdf_path)
    read = read_document(pdf_path)
    assert read.format == "pdf"
    table = read.tables[0]
    # Merges as the page draws them: across the section row, down the lead column.
    assert [c.merged_from for c in table.rows[1].cells] == [None, None, (1, 1), (1, 1), (1, 1)]
    assert table.rows[3].cells[2].merged_from == (2, 2)
    assert table.rows[3].cells[2].text == "Sở Tư pháp"
    # Every line has a page; prose is read in order.
    assert read.pages is not None and set(read.pages) == {1}
    lines = [ln for ln in read.source.lines if ln.strip()]
    assert lines.index("KẾ HOẠCH") < lines.index("1. Mục đích, yêu cầu")
    assert lines[-1] == "3. Tổ chức thực hiện"


@needs_soffice
@pytest.mark.parametrize(
    "name",
    [
        "ld_kh_cchc_2026.docx",  # 59 rows over 4 pages, vertical merges cut by page breaks
        "lc_kh2242_sct_kiemtra.docx",  # the TT column of Word numbers
        "lc_kh_ubnd_ct11_khoangsan.docx",
        "ld_kh_tuyentruyen_cchc_2026.docx",  # two tables
    ],
)
def test_real_plans_pdf_cells_match_docx(name: str, tmp_path: Path) -> None:
    docx_path = office(name)
    same_cells(docx_path, to_pdf(docx_path, tmp_path))


def test_digital_notice_pdf() -> None:
    """qng_tb565: a signed PDF whose prose sits on white boxes (no false tables)."""
    read = read_document(office("qng_tb565_ketluan_2024.pdf"))
    assert read.tables == ()
    assert read.source.lines[0] == "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert max(read.pages or ()) == 4
    # Page numbers are page furniture: no line is a bare number.
    assert not [ln for ln in read.source.lines if re.fullmatch(r"\s*\d{1,2}\s*", ln)]
    loaded = load_file(office("qng_tb565_ketluan_2024.pdf"))
    assert loaded.document.kind_code == "TB"
    assert loaded.format == "pdf"
    assert all(t.page is not None for t in loaded.tasks)
    assert all(r.page is not None for r in loaded.references)


def test_score_tables_are_stated() -> None:
    """ld_bc184: 16 pages of score tables; the reader states them (not tasks: issue 16)."""
    read = read_document(office("ld_bc184_snv_chiso.pdf"))
    assert len(read.tables) >= 4
    assert all(t.carrier == "pdf-ruled" for t in read.tables)
    assert max(read.pages or ()) == 16
    loaded = load_file(office("ld_bc184_snv_chiso.pdf"))
    assert not [t for t in loaded.tasks if t.origin == "appendix"]  # scores are not tasks


def test_decision_pdf_identity() -> None:
    loaded = load_file(office("lc_qd1696_ubnd_uyquyen.pdf"))
    assert loaded.document.kind_code == "QĐ"
    assert loaded.document.issuer and "Lào Cai" in loaded.document.issuer


# ------------------------------------------------------------ untrusted text layers


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide Tesseract (OBLIGRAPH_OCR=off) to see what a machine without it does."""
    monkeypatch.setenv("OBLIGRAPH_OCR", "off")


@pytest.mark.parametrize(
    ("name", "finding"),
    [
        (
            "lc_kh1105_sct_kiemtra_vlncn.pdf",
            "PDF text layer cannot be trusted on pages 1, 2, 3, 4, 5, 6 (unusable text: fonts"
            " without a Unicode map): not loaded; install tesseract-ocr-vie to read it by OCR",
        ),
        (
            "qng_tb660_ketluan_scan.pdf",
            "scanned PDF, no text layer: install tesseract-ocr-vie to read it",
        ),
        (
            "ld_tb493_ketluan_scan_junkocr.pdf",
            "PDF text layer cannot be trusted on pages 1, 2, 3 (a scan under an unusable OCR"
            " layer: not Vietnamese (junk OCR layer or mojibake)): not loaded; install"
            " tesseract-ocr-vie to read it by OCR",
        ),
    ],
)
def test_untrusted_layers_without_tesseract(name: str, finding: str, no_ocr: None) -> None:
    read = read_document(office(name))
    assert [f.reason for f in read.findings] == [finding]
    assert read.findings[0].severity == "error"
    assert not any(ln.strip() for ln in read.source.lines)  # nothing loaded as nonsense
    with pytest.raises(InputError, match=re.escape(finding)):
        load_file(office(name))


def test_quality_measure_on_real_text() -> None:
    for name in ("lc_kh2242_sct_kiemtra.docx", "ld_kh_cchc_2026.docx"):
        q = assess("\n".join(read_document(office(name)).source.lines))
        assert q.trusted and q.vietnamese > 0.8 and q.garbled < 0.01 and q.foreign == 0


def test_encrypted_or_broken_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not a pdf body")
    with pytest.raises(InputError, match="not a readable PDF|holds no text"):
        read_document(bad)


@needs_soffice
def test_encrypted_pdf_is_reported_in_a_folder(tmp_path: Path) -> None:
    """A password-protected PDF (LibreOffice's export with an open password): one line,
    and the folder around it still loads."""
    from obligraph.loaders.pipeline import FileLog, load_paths

    docx_path = make_plan(tmp_path)
    folder = tmp_path / "hoso"
    folder.mkdir()
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", options, "--outdir", str(folder), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    shutil.copy(docx_path, folder / "plan-draft.docx")
    log = FileLog()
    loaded = load_paths([folder], log=log)
    assert [d.document.source for d in loaded] == ["plan-draft.docx"]
    assert [(Path(f).name, why) for f, why in log.failed] == [
        ("plan.pdf", "encrypted PDF (password protected): cannot be read")
    ]


def make_long_table(folder: Path) -> Path:
    """A task table whose header repeats on every page and whose second row is cut by a
    page break (one long sentence), with a short row after it."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    t = d.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    header = ["TT", "Nội dung", "Chủ trì"]
    for c, text in enumerate(header):
        t.cell(0, c).text = text
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    assert trpr.find(qn("w:tblHeader")) is not None
    long = " ".join(
        ["rà soát, cập nhật và công khai thủ tục hành chính trên cổng dịch vụ công"] * 90
    )
    rows = [
        ["1", "Ban hành kế hoạch", "Sở Nội vụ"],
        ["2", long, "Sở Tư pháp"],
        ["3", "Báo cáo", "Sở Tài chính"],
    ]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    path = folder / "long.docx"
    d.save(str(path))
    return path


@needs_soffice
def test_row_cut_by_a_page_and_repeated_header(tmp_path: Path) -> None:
    docx_path = make_long_table(tmp_path)
    pdf_path = to_pdf(docx_path, tmp_path / "pdf")
    read = read_document(pdf_path)
    assert max(read.pages or ()) >= 2  # the long row runs over a page break
    same_cells(docx_path, pdf_path)  # the cut row joined, the repeated header dropped
    (table,) = read.tables
    assert [r.cells[0].text for r in table.rows] == ["TT", "1", "2", "3"]
    assert len({r.page for r in table.rows}) >= 2


ALIGNED = [
    ["TT", "Đơn vị", "Thời hạn", "Kết quả"],
    ["1", "Sở Tư pháp", "Quý I/2026", "Đã giao"],
    ["2", "Sở Nội vụ", "Quý II/2026", "Đang làm"],
    ["3", "Công an tỉnh", "Tháng 6/2026", "Chưa làm"],
]


@needs_soffice
def test_table_stated_by_word_alignment(tmp_path: Path) -> None:
    """A table without rules (a borderless Word table printed to PDF): columns by the
    x-position of their words, cells exact; the prose around it stays prose."""
    import docx

    d = docx.Document()
    d.add_paragraph("Kết quả thực hiện các nhiệm vụ được giao trong quý đầu năm như sau:")
    t = d.add_table(rows=len(ALIGNED), cols=4)  # no style: no borders
    for r, row in enumerate(ALIGNED):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("Các đơn vị tiếp tục thực hiện.")
    path = tmp_path / "aligned.docx"
    d.save(str(path))
    read = read_document(to_pdf(path, tmp_path / "pdf"))
    (table,) = read.tables
    assert table.carrier == "pdf-aligned"
    assert [[c.text for c in row.cells] for row in table.rows] == ALIGNED
    lines = [ln for ln in read.source.lines if ln.strip()]
    assert lines[0].startswith("Kết quả thực hiện")
    assert lines[-1] == "Các đơn vị tiếp tục thực hiện."
