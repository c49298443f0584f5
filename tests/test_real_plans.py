"""Task tables of real plans as they really come (../shared/corpus), read through the
readers' stated tables and the shared interpretation (loaders/tables/).

Expected cells below were read off the corpus text by hand (the line is given for each
row); they are not copied from the loader's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligraph.loaders.pipeline import load_file
from obligraph.loaders.records import LoadedDocument, Task

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
NQ03 = CORPUS / "lineage" / "nq03.txt"

needs_corpus = pytest.mark.skipif(
    not NQ03.exists(), reason="../shared/corpus is absent (real documents beside the clone)"
)


def leads(task: Task) -> list[str]:
    return [a.agency for a in task.assignments if a.role == "lead"]


def coordinators(task: Task) -> list[str]:
    return [a.agency for a in task.assignments if a.role == "coordinate"]


@pytest.fixture(scope="module")
def nq03() -> LoadedDocument:
    return load_file(NQ03)


@needs_corpus
def test_nq03_identity(nq03: LoadedDocument) -> None:
    d = nq03.document
    assert (d.number, d.kind_code, d.issuer, d.issued) == (
        "03/NQ-CP",
        "NQ",
        "Chính phủ",
        date(2025, 1, 9),
    )


@needs_corpus
def test_nq03_has_140_tasks_in_seven_groups(nq03: LoadedDocument) -> None:
    tasks = [t for t in nq03.tasks if t.origin == "appendix"]
    assert [t.no for t in tasks] == [str(n) for n in range(1, 141)]
    assert [t.id for t in tasks][:2] == ["doc:03-nq-cp-2025/task/1", "doc:03-nq-cp-2025/task/2"]
    by_group: dict[str, list[int]] = {}
    for t in tasks:
        by_group.setdefault((t.group or "").split(".")[0], []).append(int(t.no))
    # Roman group rows at lines 387, 401, 431, 466, 479, 510, 527
    assert {g: (min(n), max(n), len(n)) for g, n in by_group.items()} == {
        "I": (1, 13, 13),
        "II": (14, 42, 29),
        "III": (43, 76, 34),
        "IV": (77, 88, 12),
        "V": (89, 116, 28),
        "VI": (117, 131, 15),
        "VII": (132, 140, 9),
    }
    assert all(leads(t) for t in tasks), "every NQ 03 row names its lead"


# no: (leads, coordinators, result, deadline as printed) — read off nq03.txt
NQ03_ROWS = {
    "2": (
        ["VTV", "VOV", "TTXVN", "các địa phương"],
        ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"],
        "Chương trình",
        "Thường xuyên",
    ),
    "5": (["Bộ Nội vụ"], ["Các bộ, ngành, địa phương"], "Đề án", "6/2025"),
    "6": (["Các bộ, ngành, địa phương"], [], "Kế hoạch công tác", "Thường xuyên"),
    "7": (
        ["Các bộ, ngành, địa phương"],
        [],
        "Kế hoạch của các bộ, ngành, địa phương",
        "01/2025",
    ),
    # two leads with no separator between them (line 395)
    "8": (
        ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"],
        [],
        "Văn bản hướng dẫn",
        "03/2025",
    ),
    # "Các bộ, ngành và địa phương" is one collective
    "15": (
        ["Bộ Khoa học và Công nghệ"],
        ["Các bộ, ngành và địa phương"],
        "Luật của Quốc hội",
        "2025",
    ),
    "16": (
        ["Bộ Khoa học và Công nghệ"],
        ["Các bộ, ngành và địa phương"],
        "Luật của Quốc hội",
        "Tháng 10/2025",
    ),
    "20": (["Bộ Nội vụ"], ["Các bộ, ngành, địa phương"], "Luật của Quốc hội", "2/2025"),
    "27": (
        ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"],
        ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"],
        "Nghị định của Chính phủ",
        "2026",
    ),
    "29": (["Bộ Công an"], ["Các bộ, ngành có liên quan"], "Nghị định của Chính phủ", "7/2025"),
    "21": (
        ["Bộ Thông tin và Truyền thông"],
        ["Các bộ, ngành, địa phương"],
        "Luật của Quốc hội",
        "6/2025",
    ),
    "22": (["Bộ Giáo dục và Đào tạo"], ["Các bộ, ngành, địa phương"], "Luật của Quốc hội", "2025"),
    "24": (
        ["Bộ Kế hoạch và Đầu tư"],
        ["Các bộ, ngành, địa phương"],
        "Nghị quyết của Quốc hội",
        "2025",
    ),
    "28": (
        ["Bộ Kế hoạch và Đầu tư"],
        ["Bộ Tài chính", "Bộ Giáo dục và Đào tạo"],
        "Chính sách được ban hành",
        "12/2025",
    ),
    "30": (
        ["Bộ Kế hoạch và Đầu tư"],
        ["Các bộ, ngành liên quan"],
        "Quyết định của Bộ trưởng",
        "2025",
    ),
    "32": (
        ["Bộ Giáo dục và Đào tạo"],
        ["Bộ Khoa học và Công nghệ"],
        "Nghị định của Chính phủ",
        "2026",
    ),
    "136": (
        ["Bộ Ngoại giao"],
        [
            "Các bộ, ngành, địa phương liên quan",
            "các cơ quan đại diện Việt Nam ở nước ngoài",
        ],
        "Cơ sở dữ liệu",
        "Thường xuyên",
    ),
    "31": (["Bộ Giáo dục và Đào tạo"], ["Bộ Nội vụ"], "Nghị định của Chính phủ", "2027"),
    "75": (["Bộ Công an"], [], "Quyết định của Thủ tướng Chính phủ", "3/2025"),
    "105": (
        ["Bộ Thông tin và Truyền thông"],
        [],
        "Quyết định của Thủ tướng Chính phủ",
        "2026",
    ),
    "133": (["Bộ Ngoại giao"], [], "Chương trình/Kế hoạch được phê duyệt", "2025"),
}


@needs_corpus
@pytest.mark.parametrize("no", sorted(NQ03_ROWS, key=int))
def test_nq03_rows_cell_by_cell(nq03: LoadedDocument, no: str) -> None:
    task = next(t for t in nq03.tasks if t.no == no)
    lead, coordinate, result, deadline = NQ03_ROWS[no]
    assert (leads(task), coordinators(task), task.result, task.deadline_text) == (
        lead,
        coordinate,
        result,
        deadline,
    )


@needs_corpus
def test_nq03_group_row_with_a_fragment_cut_by_the_page(nq03: LoadedDocument) -> None:
    """Line 466: the group row IV carries "năm tiếp theo", the end of row 76's deadline."""
    row76 = next(t for t in nq03.tasks if t.no == "76")
    assert row76.deadline_text is not None and row76.deadline_text.endswith("năm tiếp theo")
    assert any("line 466" in w for w in row76.warnings)
    assert next(t for t in nq03.tasks if t.no == "77").group.startswith("IV. Phát triển")


@needs_corpus
def test_nq03_indicators(nq03: LoadedDocument) -> None:
    """Phụ lục I: 41 numbered indicators; 11 is a heading over 11.1-11.12, 23 has 23.1-23.4."""
    numbers = [i.no for i in nq03.indicators]
    top = [n for n in numbers if "." not in n]
    assert top == [str(n) for n in range(1, 42) if n != 11]
    assert [n for n in numbers if n.startswith("11.")] == [f"11.{k}" for k in range(1, 13)]
    first = nq03.indicators[0]
    assert (first.unit, first.horizon, [m.agency for m in first.monitors]) == (
        "Thứ bậc",
        2030,
        ["Bộ Khoa học và Công nghệ"],
    )


# ---------------------------------------------------------------------------------------
# The four portal plans (Markdown, one cell per line). Expected cells read off the source
# lines (given) by hand; text cells are checked by their opening words.

PORTAL = CORPUS / "portal"
SCD = "Các sở, ban, ngành"
PX = "UBND các phường xã"
PX2 = "UBND các phường, xã"
KH = "Sở Khoa học và Công nghệ"
TC = "Sở Tài chính"
SN = "Các sở, ngành"
XP = "UBND xã, phường, đặc khu"
BCA = "Bộ Công an"
BKH = "Bộ Khoa học và Công nghệ"
CBN = "Các bộ, ngành, địa phương"


def portal(name: str) -> LoadedDocument:
    path = PORTAL / name
    if not path.exists():
        pytest.skip("../shared/corpus/portal is absent")
    return load_file(path)


@pytest.fixture(scope="module")
def dong_nai() -> LoadedDocument:
    return portal("f004d93b21e7fc5f.md")


@pytest.fixture(scope="module")
def ttg2629() -> LoadedDocument:
    return portal("2edf5927c71bc4c1.md")


@pytest.fixture(scope="module")
def hcm2820() -> LoadedDocument:
    return portal("001c610b2efdcf0c.md")


@pytest.fixture(scope="module")
def hn310() -> LoadedDocument:
    return portal("31786b0833a4130d.md")


def by_key(doc: LoadedDocument) -> dict[str, Task]:
    return {t.id.split("/task/")[1]: t for t in doc.tasks if t.origin == "appendix"}


def check(task: Task, expected: tuple) -> None:
    text, lead, coordinate, deadline, result = expected[:5]
    assert task.text.startswith(text), (task.id, task.text[:80])
    assert leads(task) == lead, task.id
    assert coordinators(task) == coordinate, task.id
    assert task.deadline_text == deadline, task.id
    assert (task.result or "") == result, task.id
    if len(expected) > 5:
        assert task.extra == expected[5], task.id


# 179/KH-UBND Đồng Nai: sections A/B/C over Roman groups, rows 1.1 and 5.1.1, the header
# repeated under section B (line 2378) without its TT cell, columns "Nhiệm vụ, giải pháp |
# Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra".
DONG_NAI = {
    "A.I.1.1": (
        "Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật",
        ["Sở Tư pháp"],
        [SCD, PX2],
        "2026 - 2030",
        "Các cơ chế, chính sách; các văn bản quy phạm pháp luật",
    ),  # line 1620
    "A.II.2.8": (
        "Triển khai chiến lược, kế hoạch chuyển đổi số, lộ trình số hóa",
        ["Ban Quản lý các Khu công nghiệp, khu kinh tế"],  # one name, a comma inside
        [SCD, PX2],
        "2026 - 2030",
        "Chiến lược và Kế hoạch",
    ),  # line 1754
    "A.III.3": (
        "Xây dựng và tổ chức triển khai kế hoạch thúc đẩy sử dụng nền tảng số quốc gia",
        [KH],
        [SCD, PX2],
        "2026",
        "Kế hoạch",
    ),  # line 1788: a row under its group with no sub-number
    "A.IV.4.2": (
        "Triển khai kế hoạch phát triển dữ liệu và phát triển nhân lực dữ liệu",
        ["Các cơ quan quản lý các lĩnh vực trọng điểm tại điểm d, khoản 1, mục III"],
        [PX2],
        "2026 - 2030",
        "Kế hoạch",
    ),  # line 1821
    "A.IV.4.6": (
        "Triển khai Hệ thống định danh và xác thực điện tử",
        ["Công an tỉnh"],
        [SCD, PX],
        "2026 - 2030",
        "Giải pháp",
    ),  # line 1879
    "A.VII.7.3": (
        "Hàng năm thực hiện sát hạch, đánh giá, công bố kỹ năng số",
        [KH],
        [SCD, PX],
        "2026 - 2030",
        "Kế hoạch",
    ),  # line 2124
    "A.VIII.8.4": (
        "Triển khai Chương trình hỗ trợ doanh nghiệp bưu chính",
        [TC],
        ["Sở Công Thương", KH, PX],
        "2026 - 2030",
        "Chương trình",
    ),  # line 2257
    "A.IX.9.3": (
        "Triển khai Chương trình thúc đẩy dịch vụ Mobile-Money",
        [KH],
        [SCD, PX],
        "2026 - 2030",
        "Chương trình",
    ),  # line 2324
    "B.I.1.2": (
        "Triển khai Nền tảng dữ liệu số nông nghiệp; Nền tảng số kết nối người nông dân",
        ["Sở Nông nghiệp và Môi trường"],
        [SCD, PX],
        "2026 - 2030",
        "Nền tảng ứng dụng",
    ),  # line 2405
    "B.II.2.2": (
        "Triển khai các nền tảng: Nền tảng hỗ trợ tư vấn khám, chữa bệnh từ xa",
        ["Sở Y tế"],
        [SCD, PX],
        "2026 - 2030",
        "Nền tảng ứng dụng",
    ),  # line 2539
    "B.III.3.3": (
        "Triển khai đào tạo chuyên ngành về giáo dục và đào tạo số",
        ["Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh"],
        [SCD, PX2],
        "2026 - 2030",
        "Kế hoạch",
    ),  # line 2616
    "B.IV.4.4": (
        "Xây dựng và tổ chức triển khai kế hoạch phát triển kinh tế số và xã hội số trong "
        "lĩnh vực an sinh xã hội",
        ["Sở Y tế"],
        [SCD, PX2],
        "2026 - 2030",
        "Kế hoạch",
    ),  # line 2697
    "B.IV.5.1.1": (
        "Triển khai Kế hoạch phát triển thương mại điện tử tỉnh Đồng Nai",
        ["Sở Công Thương"],
        [SCD, PX2],
        "2026 - 2030",
        "Kế hoạch",
    ),  # line 2744: three-level numbering
    "B.IV.5.1.3": (
        "Triển khai cơ chế điều phối hoạt động hỗ trợ chuyển đổi số",
        ["Sở Công Thương"],
        [SCD, PX2],
        "2026 - 2030",
        "Cơ chế",
    ),  # line 2775
    "B.IV.5.1.7": (
        "Triển khai nền tảng thương mại điện tử thông qua chuỗi giá trị",
        ["Sở Công Thương"],
        [SCD, PX2],
        "2026 - 2030",
        "Nền tảng",
    ),  # line 2835
    "B.IV.5.2.2": (
        "Triển khai Nền tảng số kết nối doanh nghiệp sản xuất",
        ["Sở Công Thương"],
        [SCD, PX2],
        "2026 - 2030",
        "Nền tảng",
    ),  # line 2892
    "B.VI.6.3": (
        "Triển khai số hóa hệ thống cơ sở dữ liệu thể dục thể thao",
        ["Sở Văn hóa, Thể thao và Du lịch"],
        [SCD, PX2],
        "2026 - 2030",
        "Giải pháp",
    ),  # line 2967
    "C.I.1.1": (
        "Kiện toàn Ban Chỉ đạo về phát triển khoa học",
        [KH],
        [SCD, PX2],
        "2025",
        "Quyết định",
    ),  # line 3051
    "C.I.1.2": (
        "Tổ chức các Tổ công nghệ số cộng đồng đến từng thôn, tổ dân phố",
        [KH, PX],
        [SCD, PX2],
        "2026-2030",
        "Kế hoạch",
    ),  # line 3067: two leads
    "C.V.5.2": (
        "Ưu tiên kinh phí từ ngân sách nhà nước",
        [TC],
        [SCD, PX2],
        "2026-2030",
        "Quyết định",
    ),  # line 3227
}


def test_dong_nai_every_row(dong_nai: LoadedDocument) -> None:
    tasks = by_key(dong_nai)
    # 96 numbered cells in the appendix (lines 1594-3299), one task each
    assert len(tasks) == 96
    assert {k.split(".")[0] for k in tasks} == {"A", "B", "C"}
    assert not [f for f in dong_nai.findings if f.severity == "error"]


@pytest.mark.parametrize("key", list(DONG_NAI))
def test_dong_nai_rows_cell_by_cell(dong_nai: LoadedDocument, key: str) -> None:
    check(by_key(dong_nai)[key], DONG_NAI[key])


# 2629/QĐ-TTg: the appendix table is glued to the signature block (line 938), groups I-IX
# with sub-groups III.1, III.1.1 (italic) and III.2, numbering continuous inside III;
# columns "Nhiệm vụ, giải pháp | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian".
TTG = {
    "I.1": (
        "Nghiên cứu, xây dựng Luật Chuyển đổi số",
        [BKH],
        [BCA, "Bộ Tài chính", "Bộ Nội vụ", "các bộ, ngành, địa phương khác có liên quan"],
        "Tháng 12/2025",
        "Trình Quốc hội dự thảo Luật",
    ),  # line 964
    "I.7": (
        "Xây dựng, cập nhật danh mục các nền tảng số quốc gia",
        [BKH],
        [CBN],
        "Năm 2025-2030",
        "Danh mục được cấp có thẩm quyền ban hành",
    ),  # line 1071
    "I.10": (
        "Ban hành và áp dụng Tiêu chuẩn quốc gia về Chất lượng trải nghiệm",
        [BKH],
        [CBN],
        "Tháng 3/2026",
        "Tiêu chuẩn quốc gia được ban hành",
    ),  # line 1124
    "I.13": (
        "Xây dựng Bộ tiêu chí đánh giá hiệu quả các dự án",
        ["Bộ Tài chính"],
        [BKH, "các bộ, ngành khác có liên quan"],
        "Tháng 8/2026",
        "Bộ tiêu chí đánh giá được cấp có thẩm quyền ban hành",
    ),  # line 1175
    "II.2": (
        "Thực hiện số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính",
        [CBN],
        [BCA, "Văn phòng Chính phủ"],
        "Năm 2025-2030",
        "Báo cáo thực hiện",
    ),  # line 1236
    "III.1.1.1": (
        "Triển khai Cổng Dịch vụ công quốc gia tại Trung tâm Dữ liệu quốc gia",
        [BCA],
        [CBN],
        "Tháng 02/2026",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1312, under III > III.1 > III.1.1
    "III.1.1.4": (
        "Xây dựng ứng dụng trợ lý ảo thống nhất",
        [BCA],
        [CBN],
        "Năm 2025-2026",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1362
    "III.1.2.7": (
        "Phát triển, hoàn thiện Hệ thống thông tin phục vụ họp",
        ["Văn phòng Chính phủ"],
        [CBN],
        "Năm 2025-2030",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1424
    "III.1.3.10": (
        "Phát triển Nền tảng định danh và xác thực điện tử",
        [BCA],
        [CBN],
        "Năm 2025-2026",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1479
    "III.1.3.16": (
        "Tổ chức ứng dụng trí tuệ nhân tạo dựa trên dữ liệu lớn",
        ["Các bộ, ngành"],
        [BKH, "các bộ, ngành, địa phương khác có liên quan"],
        "Năm 2025-2030",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1584
    "III.1.3.19": (
        "Xây dựng nền tảng Trợ lý ảo quốc gia.",
        [BCA],
        [CBN],
        "Năm 2025-2026",
        "Hoàn thành, khai thác sử dụng",
    ),  # line 1633
    "III.1.3.22": (
        "Phát triển Hệ thống giám sát, đo lường mức độ cung cấp",
        [BKH],
        [CBN],
        "Năm 2025-2030",
        "Hệ thống vận hành ổn định, đáp ứng các mục tiêu của từng thời kỳ",
    ),  # line 1678
    "III.1.3.25": (
        "Xây dựng Hệ thống xác thực, xác nhận dữ liệu quốc gia.",
        [BCA],
        [BKH],
        "Năm 2026",
        "Cổng xác thực, xác nhận quốc gia tại Trung tâm Dữ liệu quốc gia",
    ),  # line 1731
    "III.2.28": (
        "Xây dựng, phát triển Nền tảng tổng hợp, phân tích dữ liệu cấp bộ/tỉnh.",
        [CBN],
        [BCA],
        "Năm 2025-2030",
        "Hệ thống vận hành ổn định, đáp ứng các mục tiêu của từng thời kỳ",
    ),  # line 1787, sub-group III.2
    "IV.2": (
        "Hình thành hạ tầng lưu trữ, tính toán đạt tiêu chuẩn quốc tế",
        [BCA],
        [CBN],
        "Năm 2025-2030",
        "Hệ thống vận hành ổn định, đáp ứng các mục tiêu của từng thời kỳ",
    ),  # line 1898
    "V.1": (
        "Rà soát và cập nhật các quy định, tiêu chuẩn kỹ thuật về bảo vệ dữ liệu cá nhân",
        [BCA],
        [CBN],
        "Tháng 6/2026",
        "Văn bản được cấp có thẩm quyền ban hành",
    ),  # line 2015
    "VI.3": (
        "Xây dựng và triển khai chương trình đào tạo, bồi dưỡng, hỗ trợ kỹ thuật",
        ["Các bộ, ngành"],
        ["Các địa phương"],
        "Năm 2025-2030",
        "Báo cáo thực hiện",
    ),  # line 2131
    "VI.6": (
        "Xây dựng chương trình, tổ chức bồi dưỡng kiến thức, kỹ năng số",
        [CBN],
        [BKH, BCA, "Bộ Giáo dục và Đào tạo"],
        "Năm 2025-2030",
        "Báo cáo thực hiện",
    ),  # line 2184
    "VII.2": (
        "Tham gia đầy đủ, chủ động các diễn đàn quốc tế về Chính phủ số",
        [BKH],
        [BCA, "Văn phòng Chính phủ"],
        "Năm 2025-2030",
        "Báo cáo thực hiện",
    ),  # line 2247
    "VIII.2": (
        "Ngân sách trung ương đảm bảo thực hiện các dự án phát triển hạ tầng",
        ["Bộ Tài chính"],
        ["Các bộ, ngành"],
        "Năm 2025-2030",
        "Báo cáo thực hiện",
    ),  # line 2307
}


def test_ttg2629_every_row(ttg2629: LoadedDocument) -> None:
    tasks = by_key(ttg2629)
    assert len(tasks) == 75  # every numbered row of Phụ lục II (lines 944-2360)
    assert {k.split(".")[0] for k in tasks} == {
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    }  # fmt: skip
    # Phụ lục I: 22 indicators under I.1, I.2, II.1, II.2
    assert len(ttg2629.indicators) == 22
    assert ttg2629.document.kind_code == "QĐ"


@pytest.mark.parametrize("key", list(TTG))
def test_ttg2629_rows_cell_by_cell(ttg2629: LoadedDocument, key: str) -> None:
    check(by_key(ttg2629)[key], TTG[key])


# 2820/QĐ-UBND TP HCM: the plan a Quyết định issues, a "Nguồn kinh phí" column (kept in
# Task.extra), merged cells the Markdown copy left out (a row of 5 or 6 cells: the missing
# ones are the row above's, flagged), unnumbered sub-rows (II.1-2, IV.2-2, V.1-2), a cell
# naming two tasks (IV.4), "Hằng năm." and "Khi có phát sinh.". Every row checked.
NQ = "Chi thường xuyên hoặc nguồn vốn hợp pháp khác (nếu có)"
DT = "Đầu tư công hoặc nguồn vốn hợp pháp khác (nếu có)"
CSDL = "Cơ sở dữ liệu hồ sơ quy hoạch (cơ sở dữ liệu về quy hoạch)"
TTCDS = "Trung tâm Chuyển đổi số Thành phố"
AT = (
    "Đảm bảo an toàn, an ninh và quản lý, duy trì, kết nối, chia sẻ, sử dụng và khai thác "
    "Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch"
)
KDT = (
    "Khoá đào tạo, lớp tập huấn, các đoàn công tác học tập kinh nghiệm nhằm tăng cường năng "
    "lực người làm công tác quản lý quy hoạch thực hiện việc xây dựng, cập nhật, quản lý, "
    "vận hành, "
    "kết nối, chia sẻ và khai thác Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch"
)
HCM = {
    "I.1": ("Phối hợp rà soát, sửa đổi Luật", [TC], [SN, XP], "Quý IV/2025",
            "Luật Quy hoạch, Quyết định của cấp có thẩm quyền", {"Nguồn kinh phí": NQ}),
    "I.2": ("Phối hợp xây dựng nội dung", [TC], [SN, XP], "Năm 2025 - 2026", "Nghị định",
            {"Nguồn kinh phí": NQ}),  # funding merged from I.1
    "I.3": ("Phối hợp góp ý Thông tư", [TC], [SN, XP], "Năm 2025 - 2026", "Thông tư",
            {"Nguồn kinh phí": NQ}),
    "I.4": ("Tham gia rà soát, đơn giản", [SN, XP], [TC], "Quý II/2027", "Báo cáo",
            {"Nguồn kinh phí": NQ}),
    "II.1": ("Xây dựng hạ tầng công nghệ thông tin", [TTCDS], [KH, "các sở, ngành", XP],
             "Quý IV/2026", "Cổng thông tin cơ sở dữ liệu quốc gia về quy hoạch",
             {"Nguồn kinh phí": DT}),
    "II.1-2": ("Xây dựng hạ tầng kỹ thuật dự phòng", [TTCDS], [KH, "các sở, ngành", XP],
               "Quý IV/2026", "Cổng thông tin cơ sở dữ liệu quốc gia về quy hoạch",
               {"Nguồn kinh phí": DT}),  # line 575: text and lead only
    "II.2": ("Đầu tư trang thiết bị hiện", [TC], [SN, XP], "Quý IV/2026",
             "Các thiết bị phần cứng, phần mềm ứng dụng", {"Nguồn kinh phí": DT}),
    "II.3": ("Phối hợp xây dựng phần mềm", [TTCDS], [TC, KH, "các sở, ngành", XP],
             "Quý IV/2026", "Phần mềm ứng dụng", {"Nguồn kinh phí": DT}),
    "III.1": ("Thu thập, biên tập, xây dựng", [SN, XP], [TC], "Quý IV/2026",
              f"{CSDL} quy hoạch tỉnh", {"Nguồn kinh phí": DT}),
    "III.2": ("Thu thập, biên tập, xây dựng", [SN, XP], [TC], "Quý IV/2026",
              f"{CSDL} vùng, quy hoạch tỉnh", {"Nguồn kinh phí": DT}),
    "III.3": ("Thu thập, biên tập, tạo lập", [XP], [SN], "Quý IV/2026",
              "Văn bản điện tử của hồ sơ quy hoạch đã được số hóa", {"Nguồn kinh phí": DT}),
    "III.4": ("Đồng bộ hoá cơ sở dữ liệu", [TC], [SN, XP], "Quý IV/2026",
              f"{CSDL} đã được đồng bộ hóa", {"Nguồn kinh phí": DT}),
    "III.5": ("Thu thập, biên tập, xây dựng", [XP], [SN], "Quý I/2030",
              f"{CSDL} đã được chuẩn hóa", {"Nguồn kinh phí": DT}),
    "III.6": ("Thu thập, biên tập, xây dựng", [SN, XP], [TC], "Quý II/2030",
              f"{CSDL} có tính chất kỹ thuật chuyên ngành", {"Nguồn kinh phí": DT}),
    "IV.1": ("Xây dựng và thực hiện các", ["Công an Thành phố"], [KH, "các sở, ngành", XP],
             "Quý IV/2026", AT, {"Nguồn kinh phí": DT}),
    "IV.2": ("Quản lý, vận hành Hệ thống", [TC], [SN, XP], "Quý IV/2026", AT,
             {"Nguồn kinh phí": DT}),
    "IV.2-2": ("Thực hiện sao lưu dữ liệu", [KH], [TC], "Quý IV/2026", AT,
               {"Nguồn kinh phí": DT}),  # line 764
    "IV.3": ("Cập nhật, chia sẻ và đồng", [TC], [SN, XP], "Quý IV/2026",
             "Cơ sở dữ liệu được chia sẻ và đồng bộ dữ liệu về Trung tâm dữ liệu quốc gia "
             "theo đúng quy định.", {"Nguồn kinh phí": DT}),
    # line 788: one cell, two tasks; lead and coordinator cells one agency a line
    "IV.4": ("Bố trí nhân lực đảm bảo đủ", [SN, XP, TC], [], "Năm 2026",
             "Đảm bảo đủ nhân lực có đủ năng lực quản lý, duy trì, kết nối, chia sẻ, sử dụng "
             "và khai thác Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch",
             {"Nguồn kinh phí": DT}),
    "V.1": ("Đào tạo, bồi dưỡng, tập huấn", [KH, TTCDS], ["Sở Nội vụ", "các sở, ngành", XP],
            "Năm 2025-2030", KDT, {"Nguồn kinh phí": NQ}),
    "V.1-2": ("Quản lý, vận hành, quy hoạch", [TC], ["Sở Nội vụ", "các sở, ngành", XP],
              "Năm 2025-2030", KDT, {"Nguồn kinh phí": NQ}),
    "V.2": ("Đào tạo, bồi dưỡng, tập huấn", [KH, "Công an Thành phố"],
            [TC, "Sở Nội vụ", "các sở, ngành", XP], "Năm 2025-2030", KDT,
            {"Nguồn kinh phí": NQ}),
    "V.3": ("Học tập kinh nghiệm nước", [TC], [SN, XP], "Năm 2025-2030", KDT,
            {"Nguồn kinh phí": NQ}),
    "VI.1": ("Tuyên truyền, nâng cao nhận", [KH, "Viện Nghiên cứu phát triển Thành phố"],
             [SN, XP], "Hằng năm.", "", {}),
    "VI.2": ("Tổng hợp kế hoạch thực hiện", [TC], [SN, XP], "Hằng năm.", "", {}),
    "VI.3": ("Tham mưu UBND Thành phố", [TC], [SN, XP], "Hằng năm.", "", {}),
    "VI.4": ("Đề xuất UBND Thành phố", [TC], [SN, XP], "Khi có phát sinh.", "", {}),
    "VI.5": ("Thực hiện trách nhiệm giải", [SN, XP], [TC],
             "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính",
             "Dữ liệu được cập nhật đầy đủ, chính xác, kịp thời; đơn vị chịu trách nhiệm giải "
             "trình trước Ủy ban nhân dân Thành phố trong trường hợp chậm trễ, không cung cấp "
             "hoặc cung cấp dữ liệu sai lệch", {}),
}  # fmt: skip


def test_hcm2820_every_row(hcm2820: LoadedDocument) -> None:
    assert list(by_key(hcm2820)) == list(HCM)
    assert hcm2820.document.kind_code == "QĐ"


@pytest.mark.parametrize("key", list(HCM))
def test_hcm2820_rows_cell_by_cell(hcm2820: LoadedDocument, key: str) -> None:
    check(by_key(hcm2820)[key], HCM[key])


def test_hcm2820_merged_cells_and_sub_rows_are_flagged(hcm2820: LoadedDocument) -> None:
    tasks = by_key(hcm2820)
    assert any("merged cells" in w for w in tasks["I.2"].warnings)
    assert any("sub-row" in w for w in tasks["II.1-2"].warnings)
    assert any("several tasks" in w for w in tasks["IV.4"].warnings)
    assert not tasks["I.1"].warnings
    assert tasks["VI.1"].recurrence == "annual"
    assert tasks["VI.4"].condition == "Khi có phát sinh"


# 310/KH-UBND Hà Nội: six rows, "Nội dung/nhiệm vụ" and no result column. Every row.
BQL = "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
HN = {
    "1": ("Tổ chức điều chỉnh, bổ sung quy hoạch hạ tầng viễn thông", [BQL],
          [KH, "Sở Công Thương", "UBND các phường, xã"], "Quý III Năm 2026", ""),
    "2": ("Khảo sát, đánh giá thực trạng hạ tầng viễn thông", [BQL],
          [KH, "Sở Công Thương", "Các doanh nghiệp viễn thông"], "Quý IV/2025- Quý II/2026",
          ""),
    "3": ("Xây dựng kế hoạch đầu tư công, hợp tác công tư", [BQL], [TC], "Thường xuyên", ""),
    "4": ("Tổ chức triển khai thực hiện các dự án phát triển hạ tầng", [BQL],
          ["Các doanh nghiệp đầu tư hạ tầng"], "Thường xuyên", ""),
    "5": ("Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư bảo đảm kinh phí",
          ["Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư"],
          [BQL, KH, "Sở Công Thương"], "Thường xuyên", ""),
    "6": ("Thực hiện khảo sát, thu nhập số liệu", [BQL], [KH], "Hàng năm", ""),
}  # fmt: skip


def test_hn310_every_row(hn310: LoadedDocument) -> None:
    tasks = by_key(hn310)
    assert list(tasks) == list(HN)
    for key, expected in HN.items():
        check(tasks[key], expected)
    quarter_range = tasks["2"]
    assert (quarter_range.due_from, quarter_range.due) == (date(2025, 10, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("cell", "mentions"),
    [
        ("Các bộ, ngành và địa phương", ["Các bộ, ngành và địa phương"]),  # one collective
        ("Các bộ, ngành, địa phương", ["Các bộ, ngành, địa phương"]),
        ("Các bộ, ngành, Sở Y tế", ["Các bộ, ngành", "Sở Y tế"]),
        (
            "Ban Quản lý các Khu công nghiệp, khu kinh tế",
            ["Ban Quản lý các Khu công nghiệp, khu kinh tế"],
        ),
    ],
)
def test_collectives_stay_whole(cell: str, mentions: list[str]) -> None:
    from obligraph.loaders import agency_mentions as am

    assert am.split_agencies(cell) == mentions
