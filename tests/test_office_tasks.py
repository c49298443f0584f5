"""Tasks from the office files end to end: the readers' stated tables through the shared
table interpretation, and the notices' directives, from DOCX and from PDF.

Expected values were checked by hand against the documents (the DOCX as LibreOffice
shows it, the PDF pages); the same plans rendered to PDF by LibreOffice must give the
same tasks as their DOCX.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_docx_reader import office
from test_pdf_reader import needs_soffice, to_pdf

from obligraph.loaders.pipeline import load_file
from obligraph.loaders.records import LoadedDocument, Task


def _tasks(doc: LoadedDocument, origin: str) -> dict[str, Task]:
    return {t.id.split("/task/")[-1]: t for t in doc.tasks if t.origin == origin}


def _monitor(task: Task) -> str | None:
    """The monitoring agency ("Theo dõi, kiểm tra, đôn đốc"): the interpretation keeps it
    under its role name or, as an unmapped column, under its header text."""
    return task.extra.get("monitor") or task.extra.get("Theo dõi, kiểm tra, đôn đốc")


def _roles(task: Task, role: str) -> list[str]:
    return [a.agency for a in task.assignments if a.role == role]


@pytest.fixture(scope="module")
def cchc() -> LoadedDocument:
    return load_file(office("ld_kh_cchc_2026.docx"))


# ld_kh_cchc_2026.docx, appendix: (row, product starts with, deadline, lead, coordinators,
# monitoring agency), 24 rows of the 59 checked by hand, every section, the merged
# lead/coordinator cells (II.5, III.3) and the rows continued by a vertical merge (VII.2-2).
CCHC_ROWS = [
    ("I.1", "Văn bản quy phạm pháp luật của Hội đồng nhân dân tỉnh", "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ cơ sở dữ liệu quốc gia về pháp luật", ["Sở Tư pháp"], [], "Sở Tư pháp"),
    ("I.2", "Danh mục văn bản quy phạm pháp luật hết hiệu lực", "Trước ngày 31/01 năm liền kề", ["Sở Tư pháp", "UBND các xã, phường, đặc khu"], [], "Sở Tư pháp"),
    ("I.4", "Ứng dụng AI, tờ rơi, tờ gấp, infographic", "Trong năm 2026", ["Sở Tư pháp"], ["Sở Khoa học và Công nghệ"], "Sở Tư pháp"),
    ("II.1", "Báo cáo đánh giá tác động của thủ tục hành chính", "Thường xuyên trong năm", ["Các sở, ban, ngành"], ["Sở Tư pháp", "Văn phòng UBND tỉnh"], "Văn phòng UBND tỉnh"),
    ("II.2", "Kết quả rà soát, đánh giá thủ tục hành chính năm 2026", "Theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 của tỉnh", ["Các sở, ban, ngành"], ["Văn phòng UBND tỉnh", "UBND các xã, phường, đặc khu"], "Văn phòng UBND tỉnh"),
    ("II.5", "Thủ tục hành chính thuộc thẩm quyền giải quyết", "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh", ["Theo phân công tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh"], [], "Văn phòng UBND tỉnh"),
    ("II.6", "Kết quả giải quyết thủ tục hành chính", "Thường xuyên trong năm", ["Các sở, ban, ngành, địa phương"], ["Cơ quan, địa phương có liên quan"], "Văn phòng UBND tỉnh"),
    ("II.8", "Các cuộc đối thoại định kỳ hằng tháng; văn bản trả lời", "Thường xuyên trong năm", ["Các sở, ban, ngành, địa phương", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"], ["Văn phòng UBND tỉnh"], "Văn phòng UBND tỉnh"),
    ("II.9", "Kết quả thanh tra", "Thường xuyên trong năm", ["Thanh tra tỉnh"], ["Sở Nội vụ", "Văn phòng UBND tỉnh"], "Văn phòng UBND tỉnh"),
    ("II.10", "Kết quả kiểm tra", "Thường xuyên trong năm", ["Văn phòng UBND tỉnh"], [], "Văn phòng UBND tỉnh"),
    ("II.11", "Kết quả công khai", "Định kỳ hằng tháng", ["Các sở, ban, ngành, địa phương"], ["Văn phòng UBND tỉnh"], "Văn phòng UBND tỉnh"),
    ("III.1", "Hồ sơ trình hoặc Quyết định ban hành", "Sau 03 tháng kể từ khi có văn bản của Trung ương hoặc Quyết định liên quan của cơ quan có thẩm quyền", ["Các sở, ban, ngành", "UBND các xã, phường, đặc khu"], ["Sở Nội vụ"], "Sở Nội vụ"),
    ("III.3", "Kết quả sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập", "Theo các mốc thời gian tại Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh", ["Theo phân công tại Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh"], [], "Sở Nội vụ"),
    ("III.5", "Các quy định về phân cấp, phân quyền", "Thường xuyên trong năm", ["Các sở, ban, ngành"], ["UBND các xã, phường, đặc khu"], "Các sở, ban, ngành"),
    ("IV.1", "Hồ sơ trình quyết định phê duyệt, điều chỉnh vị trí việc làm", "Theo hướng dẫn của Trung ương", ["Các cơ quan, đơn vị, địa phương"], ["Sở Nội vụ"], "Sở Nội vụ"),
    ("IV.3", "Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức trong năm 2026", "Ban hành kế hoạch chậm nhất là ngày 31/12/2025 và tổ chức mở lớp theo kế hoạch đề ra.", ["Sở Nội vụ"], ["Các cơ quan, đơn vị liên quan"], "Sở Nội vụ"),
    ("V.1", "Thực hiện giải ngân vốn ngân sách nhà nước được giao", "Trong năm 2026", ["Các cơ quan, đơn vị, địa phương"], ["Sở Tài chính"], "Sở Tài chính"),
    ("V.4", "Báo cáo kết quả thực hiện của đơn vị.", "Trong năm 2026", ["Các cơ quan, đơn vị, địa phương"], ["Sở Tài chính"], "Sở Tài chính"),
    ("VI.1", "Kế hoạch của UBND tỉnh", "Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện", ["Sở Khoa học và Công nghệ"], ["Các cơ quan, đơn vị, địa phương"], "Sở Khoa học và Công nghệ"),
    ("VI.10", "Ứng dụng AI trong công tác giám sát an ninh mạng", "Trong năm 2026", ["Công an tỉnh"], ["Sở Khoa học và Công nghệ"], "Sở Khoa học và Công nghệ"),
    ("VI.11", "Các ứng dụng AI trên địa bàn tỉnh", "Trong năm 2026", ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "Văn phòng UBND tỉnh", "Công an tỉnh"], "Sở Khoa học và Công nghệ"),
    ("VII.2", "Kế hoạch kiểm tra cải cách hành chính năm 2026 của tỉnh", "Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện", ["Sở Nội vụ"], ["Các cơ quan, đơn vị, địa phương"], "Sở Nội vụ"),
    ("VII.2-2", "Kế hoạch tự kiểm tra cải cách hành chính năm 2026", "Ban hành kế hoạch trong tháng 01/2026, tổ chức kiểm tra chậm nhất trong tháng 6/2026 và báo cáo kết quả khắc phục các tồn tại, hạn chế phát hiện qua kiểm tra chậm nhất trong tháng 8/2026", ["Các cơ quan, đơn vị, địa phương"], [], "Sở Nội vụ"),
    ("VII.7", "Kết quả chỉ số mức độ hài lòng của người dân", "Trước ngày 05 của tháng liền kề", ["Sở Nội vụ"], ["Văn phòng UBND tỉnh", "Sở Tài nguyên và Môi trường", "UBND các xã, phường, đặc khu"], "Sở Nội vụ"),
]  # fmt: skip


def test_cchc_plan_all_rows(cchc: LoadedDocument) -> None:
    tasks = _tasks(cchc, "appendix")
    # 59 rows under the header: 7 section rows, 49 numbered rows, 3 product rows that
    # continue a numbered row (vertical merges of STT and task).
    assert len(tasks) == 52
    assert sum(1 for no in tasks if "-" in no) == 3
    groups = {t.group for t in tasks.values()}
    assert len(groups) == 7
    assert all(t.result and t.deadline_text and _roles(t, "lead") for t in tasks.values()
               if t.id.split("/task/")[-1] != "VI.7")  # fmt: skip  # VI.7: no product
    assert all(_monitor(t) for t in tasks.values())


@pytest.mark.parametrize(("no", "product", "deadline", "lead", "coord", "monitor"), CCHC_ROWS)
def test_cchc_plan_rows_by_hand(
    cchc: LoadedDocument,
    no: str,
    product: str,
    deadline: str,
    lead: list,
    coord: list,
    monitor: str,
) -> None:
    task = _tasks(cchc, "appendix")[no]
    assert task.result and task.result.startswith(product)
    assert task.deadline_text == deadline
    assert _roles(task, "lead") == lead
    assert _roles(task, "coordinate") == coord
    assert _monitor(task) == monitor


def test_ct11_plan_fourteen_tasks() -> None:
    doc = load_file(office("lc_kh_ubnd_ct11_khoangsan.docx"))
    tasks = _tasks(doc, "appendix")
    assert list(tasks) == [str(n) for n in range(1, 15)]
    assert _roles(tasks["9"], "lead") == ["Thanh tra tỉnh"]
    assert tasks["9"].deadline_text == "Hàng năm"
    assert _roles(tasks["10"], "lead") == ["Thuế tỉnh"]
    assert _roles(tasks["11"], "lead") == ["Công an tỉnh"]
    assert tasks["11"].deadline_text == "Xong trong Quý II/2026"


def _same(text: str | None) -> str:
    # A line break inside a cell and a wrap read alike; a word cut at a hyphen at the end
    # of a PDF prose line reads "snv- cchc" once its lines are joined.
    return re.sub(r"(\S)- ", r"\1-", " ".join((text or "").split()))


def _task_key(t: Task) -> tuple:
    return (
        t.id,
        t.origin,
        t.group and _same(t.group),
        _same(t.text),
        _same(t.result),
        _same(t.deadline_text),
        tuple((a.agency, a.role) for a in t.assignments),
        tuple(sorted(t.extra.items())),
    )


@needs_soffice
@pytest.mark.parametrize(
    "name",
    [
        "ld_kh_cchc_2026.docx",
        "lc_kh_ubnd_ct11_khoangsan.docx",
        "lc_kh2242_sct_kiemtra.docx",
        "ld_kh_tuyentruyen_cchc_2026.docx",
    ],
)
def test_plan_pdf_gives_the_docx_tasks(name: str, tmp_path: Path) -> None:
    """The same plan printed to PDF by LibreOffice: the same tasks, field by field."""
    from_docx = load_file(office(name))
    from_pdf = load_file(to_pdf(office(name), tmp_path))
    assert from_pdf.format == "pdf"
    assert [_task_key(t) for t in from_pdf.tasks] == [_task_key(t) for t in from_docx.tasks]
    assert all(t.page for t in from_pdf.tasks)


def test_notice_pdf_directives() -> None:
    """qng_tb565: directives per agency from the digital PDF; its prose, painted on white
    boxes, gives no table and no appendix task."""
    doc = load_file(office("qng_tb565_ketluan_2024.pdf"))
    tasks = {t.no: t for t in doc.tasks}
    assert {t.origin for t in doc.tasks} == {"notice"}
    assert len(tasks) == 14
    assert _roles(tasks["II.4"], "lead") == ["Sở Kế hoạch và Đầu tư"]
    assert _roles(tasks["II.5"], "lead") == [
        "Sở Giáo dục và Đào tạo",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
    for no in ("II.6.1", "II.6.2", "II.6.3"):
        assert _roles(tasks[no], "lead") == ["UBND các huyện, thị xã, thành phố"]
    assert _roles(tasks["II.6.4"], "lead") == ["UBND huyện Trà Bồng"]
    assert tasks["II.6.4"].deadline_text == "trước 30/11/2024"
    assert tasks["II.6.4"].page == 4


def test_notice_docx_directives() -> None:
    doc = load_file(office("lc_tbkl_ubnd_ccn.docx"))
    tasks = {t.no: t for t in doc.tasks}
    assert len(tasks) == 15
    assert all(_roles(tasks[f"II.1.{i}"], "lead") == ["Sở Công Thương"] for i in range(1, 6))
    assert tasks["II.1.2"].deadline_text == "hoàn thành trước ngày 31/12/2026"
    assert _roles(tasks["II.2.1"], "lead") == ["Sở Tài chính"]
    assert _roles(tasks["II.4.2"], "coordinate") == [
        "Ủy ban nhân dân phường Văn Phú",
        "Ủy ban nhân dân xã Yên Bình",
    ]
    doc = load_file(office("ld_tbkl_caotoc_2026.docx"))
    tasks = {t.no: t for t in doc.tasks}
    assert len(tasks) == 33
    assert _roles(tasks["II.4.b"], "lead") == ["UBND xã Bảo Lâm 2"]
    assert _roles(tasks["II.4.e"], "lead") == ["Sở Xây dựng"]
    assert tasks["II.1.b"].deadline_text == "trong tháng 4/2026"
