"""The HTML reader (portal pages) and the DOC reader (Word 97 through LibreOffice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_docx_reader import office

from obligraph.errors import InputError
from obligraph.loaders.pipeline import load_file
from obligraph.loaders.readers import read_document

PAGE = """<!DOCTYPE html><html><head><title>Kế hoạch 12/KH-UBND</title>
<script>var x = "Số: 999/KH-UBND";</script><style>p{}</style></head><body>
<nav class="main-menu"><a href="/">Trang chủ</a> | <a href="/vb">Văn bản</a></nav>
<div class="breadcrumb">Văn bản pháp luật &gt; Kế hoạch</div>
<div id="login-box">Bạn phải đăng nhập để tải văn bản</div>
<div class="alert alert-warning">Văn bản này đang được cập nhật hiệu lực</div>
<div class="content1" id="toanvan">
<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH ĐỒNG NAI</td>
<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td>Số: 12/KH-UBND</td><td>Đồng Nai, ngày 05 tháng 3 năm 2025</td></tr></table>
<p align="center"><b>KẾ HOẠCH</b></p>
<p>Triển khai   chuyển đổi số năm 2025</p>
<p><b>PHỤ LỤC</b></p>
<table border="1">
<tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Phối hợp</th><th>Thời gian</th></tr>
<tr><td colspan="5">I. Hạ tầng số</td></tr>
<tr><td>1</td><td>Nâng cấp mạng<br>diện rộng</td><td rowspan="2">Sở Khoa học và Công nghệ</td>
<td>Các sở | ngành</td><td>Quý II/2025</td></tr>
<tr><td>2</td><td>Trung tâm dữ liệu</td><td></td><td>Năm 2025</td></tr>
</table>
</div>
<footer>© Cổng thông tin; Liên hệ quảng cáo</footer>
<div class="related-docs">Văn bản liên quan: 15/KH-UBND</div>
</body></html>"""


def test_portal_page_text_and_table(tmp_path: Path) -> None:
    page = tmp_path / "kh12.html"
    page.write_text(PAGE, encoding="utf-8")
    read = read_document(page)
    assert read.format == "html"
    lines = [ln for ln in read.source.lines if ln.strip()]
    text = "\n".join(lines)
    for furniture in (
        "Trang chủ",
        "đăng nhập",
        "quảng cáo",
        "Văn bản liên quan",
        "999",
        "hiệu lực",
    ):
        assert furniture not in text
    assert lines[:4] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐỒNG NAI",
        "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert "Triển khai chuyển đổi số năm 2025" in lines
    (table,) = read.tables
    assert table.carrier == "html"
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"]
    assert cells[1] == ["I. Hạ tầng số"] * 5
    assert cells[2] == [
        "1",
        "Nâng cấp mạng\ndiện rộng",
        "Sở Khoa học và Công nghệ",
        "Các sở | ngành",
        "Quý II/2025",
    ]
    assert cells[3] == ["2", "Trung tâm dữ liệu", "Sở Khoa học và Công nghệ", "", "Năm 2025"]
    assert [c.merged_from for c in table.rows[1].cells] == [None, (1, 0), (1, 0), (1, 0), (1, 0)]
    assert table.rows[3].cells[2].merged_from == (2, 2)
    assert lines[-1] == "| 2 | Trung tâm dữ liệu |  |  | Năm 2025 |"
    assert "| 1 | Nâng cấp mạng diện rộng | Sở Khoa học và Công nghệ | Các sở \\| ngành" in text
    loaded = load_file(page)
    assert loaded.document.number == "12/KH-UBND"
    assert loaded.format == "html"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) absent")
def test_legacy_doc_through_libreoffice() -> None:
    read = read_document(office("ld_kh_kmt_2026.doc"))
    assert read.format == "doc"
    assert read.source.name == "ld_kh_kmt_2026.doc"
    lines = [ln for ln in read.source.lines if ln.strip()]
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /KH-UBND"]
    # Word numbering came through the conversion.
    assert "1.1. Các sở, ban, ngành" in lines
    loaded = load_file(office("ld_kh_kmt_2026.doc"))
    assert loaded.document.kind_code == "KH" and loaded.format == "doc"
    assert loaded.tasks


def test_doc_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBLIGRAPH_SOFFICE", "off")
    with pytest.raises(InputError, match="apt install libreoffice-writer-nogui"):
        read_document(office("ld_kh_kmt_2026.doc"))
