"""Notice loader: directives, roles, deadlines and indicators of the three seed Thông báo and
of a fixture notice in another province's layout, checked against the printed text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obligraph.loaders import coverage
from obligraph.loaders.notice import agency_list, load_notice
from obligraph.loaders.records import Document, Extraction, LoadedDocument
from obligraph.loaders.text import normalize, read_source, source_from_string

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notice"
SKHCN = "Sở Khoa học và Công nghệ"
STTTT = "Sở Thông tin và Truyền thông"


def _load(path: Path, doc_id: str = "doc:tb-test") -> tuple[Extraction, object]:
    src = read_source(path)
    return load_notice(src, Document(id=doc_id, source=src.name)), src


@pytest.fixture(scope="module")
def n000():
    return _load(next(RAW.glob("000_*.txt")))[0]


@pytest.fixture(scope="module")
def n003():
    return _load(next(RAW.glob("003_*.txt")))[0]


@pytest.fixture(scope="module")
def n004():
    return _load(next(RAW.glob("004_*.txt")))[0]


@pytest.fixture(scope="module")
def fixture_notice():
    return _load(FIXTURES / "tb_dong_thap_de_an_06.txt")[0]


def task(extraction: Extraction, no: str):
    found = [t for t in extraction.tasks if t.no == no]
    assert len(found) == 1, f"directive {no}: {[t.no for t in extraction.tasks]}"
    return found[0]


def roles(t) -> list[tuple[str, str]]:
    return [(a.agency, a.role) for a in t.assignments]


# ------------------------------------------------------------------------------ 000


def test_000_directive_numbers(n000):
    # I.1 and I.2 are quantified targets (indicators), I.3-I.6 directives; II.1 has 5 bullets.
    assert [t.no for t in n000.tasks] == [
        "I.3", "I.4.1", "I.4.2", "I.5", "I.6",
        "II.1.1", "II.1.2", "II.1.3", "II.1.4", "II.1.5", "II.2", "II.3", "II.4",
    ]  # fmt: skip
    assert all(t.origin == "notice" for t in n000.tasks)
    assert task(n000, "II.1.5").id == "doc:tb-test/task/II.1.5"


def test_000_ii_1_bullet_5(n000):
    t = task(n000, "II.1.5")
    assert t.text.startswith("Chủ trì, phối hợp với Sở Nông nghiệp và Môi trường và các cơ quan")
    assert t.text.endswith("hoàn thành trong tháng 6/2025.")
    assert roles(t) == [
        (SKHCN, "lead"),
        ("Sở Nông nghiệp và Môi trường", "coordinate"),
        ("các cơ quan, đơn vị, địa phương liên quan", "coordinate"),
    ]
    assert t.deadline_text == "hoàn thành trong tháng 6/2025"
    assert t.due == date(2025, 6, 30)
    assert (t.line_start, t.line_end) == (161, 167)
    assert t.group == "II. CÁC NHIỆM VỤ CỤ THỂ › 1. Giao Sở Khoa học và Công nghệ"


def test_000_ii_1_bullet_1_reports_monthly(n000):
    t = task(n000, "II.1.1")
    assert t.text.startswith("Căn cứ Chỉ thị số 07/CT-TTg ngày 14/3/2025")
    assert roles(t) == [(SKHCN, "lead"), ("các ngành liên quan", "coordinate")]
    assert t.deadline_text == "định kỳ vào ngày 15 hàng tháng"
    assert (t.recurrence, t.due) == ("monthly", None)


def test_000_ii_1_bullet_4_lists_coordinators(n000):
    t = task(n000, "II.1.4")
    assert roles(t) == [
        (SKHCN, "lead"),
        ("Sở Tài chính", "coordinate"),
        ("Sở Xây dựng", "coordinate"),
        ("các ngành liên quan", "coordinate"),
    ]
    assert t.due is None and t.deadline_text is None  # "trong thời gian đến" is no deadline


def test_000_ii_2(n000):
    t = task(n000, "II.2")
    assert t.text.startswith("Chủ trì, phối hợp với Sở Khoa học và Công nghệ và các cơ quan")
    assert roles(t) == [
        ("Sở Giáo dục và Đào tạo", "lead"),
        (SKHCN, "coordinate"),
        ("các cơ quan, đơn vị liên quan", "coordinate"),
    ]
    assert (t.deadline_text, t.due) == ("hoàn thành trong tháng 3/2025", date(2025, 3, 31))
    assert t.group == "II. CÁC NHIỆM VỤ CỤ THỂ › 2. Giao Sở Giáo dục và Đào tạo"


def test_000_ii_3_and_4(n000):
    assert roles(task(n000, "II.3")) == [("Sở Tài chính", "lead")]
    assert task(n000, "II.3").text.startswith("Rà soát, cân đối, bố trí kinh phí")
    assert roles(task(n000, "II.4")) == [
        ("Công an tỉnh", "lead"),
        ("các cơ quan, đơn vị liên quan", "coordinate"),
    ]
    # the wrapped "2022 \n\n- 2025" of line 193 is not a bullet
    assert "giai đoạn 2022 - 2025, tầm nhìn" in task(n000, "II.4").text


def test_000_unquantified_targets_go_to_the_intro_addressee(n000):
    # "Chủ tịch UBND tỉnh yêu cầu các sở, ngành và địa phương tăng cường phối hợp …"
    for no in ["I.3", "I.4.1", "I.4.2", "I.5", "I.6"]:
        assert roles(task(n000, no)) == [("các sở, ngành và địa phương", "lead")]
    t = task(n000, "I.6")
    assert t.text.startswith("Tập trung đào tạo công nghệ số cho cán bộ")
    assert t.group == "I. CÁC CHỈ TIÊU › 6. Về nhân lực"
    assert task(n000, "I.4.1").text.startswith(
        "Xây dựng và cập nhật các cơ sở dữ liệu chuyên ngành"
    )


def test_000_indicators(n000):
    by_no = {i.no: i for i in n000.indicators}
    assert sorted(by_no) == ["I.1", "I.2"]
    dti, pii = by_no["I.1"], by_no["I.2"]
    assert dti.name == "Chỉ số chuyển đổi số cấp tỉnh (DTI)"
    assert pii.name == "Chỉ số đổi mới sáng tạo cấp địa phương (PII)"
    for ind in (dti, pii):
        assert ind.target == "nhóm 10 - 15 địa phương dẫn đầu cả nước"
        assert ind.horizon == 2025
        assert ind.id == f"doc:tb-test/indicator/{ind.no}"
    assert (dti.line_start, dti.line_end) == (57, 59)


# ------------------------------------------------------------------------------ 003


def test_003_directives(n003):
    assert [t.no for t in n003.tasks] == [
        "I.1", "I.2", *(f"II.2.{n}" for n in range(1, 10)), "II.3", "II.4",
    ]  # fmt: skip


def test_003_ii_3(n003):
    t = task(n003, "II.3")
    assert t.text.startswith("Giao Công an tỉnh chủ trì, phối hợp với Sở Khoa học và Công nghệ")
    assert roles(t) == [("Công an tỉnh", "lead"), (SKHCN, "coordinate")]
    assert t.line_start == t.line_end == 57


def test_003_ii_4_periodic(n003):
    t = task(n003, "II.4")
    assert roles(t) == [("Văn phòng UBND tỉnh", "lead"), (SKHCN, "coordinate")]
    assert t.deadline_text == "định kỳ (hằng ngày, hằng tuần, hằng tháng)"
    assert t.recurrence == "monthly"


def test_003_bullet_opening_with_coordination(n003):
    # "- Phối hợp với Sở Nội vụ, rà soát …" under "2. Sở Khoa học và Công nghệ:"
    t = task(n003, "II.2.5")
    assert t.text.startswith("Phối hợp với Sở Nội vụ, rà soát, đánh giá công tác số hóa")
    assert roles(t) == [("Sở Nội vụ", "lead"), (SKHCN, "coordinate")]
    assert roles(task(n003, "II.2.1")) == [(SKHCN, "lead")]


def test_003_guiding_views_are_directions_to_skhcn(n003):
    # the intro: "đề nghị Sở Khoa học và Công nghệ tập trung triển khai …"
    i1 = task(n003, "I.1")
    assert roles(i1) == [(SKHCN, "lead")]
    assert i1.text.startswith("Trong bối cảnh tổ chức bộ máy có sự sắp xếp lại")
    assert "**" not in i1.text and "đội ngũ cán bộ, công chức đủ tầm" in i1.text
    assert (i1.line_start, i1.line_end) == (17, 21)  # three paragraphs
    assert roles(task(n003, "I.2")) == [(SKHCN, "lead")]


def test_003_indicators(n003):
    inds = n003.indicators
    assert len(inds) == 17  # 5 + 7 + 5 targets in the three bullets of II.1
    by_no = {i.no: i for i in inds}
    first = by_no["II.1.1.1"]  # "phần đầu có 30 doanh nghiệp khoa học và công nghệ trở lên …"
    assert (first.target, first.unit) == ("≥ 30", "doanh nghiệp")
    assert first.name == "doanh nghiệp khoa học và công nghệ trên địa bàn tỉnh"
    staff = by_no["II.1.1.2"]  # "có 500 cán bộ trở lên hoạt động nghiên cứu …"
    assert (staff.target, staff.unit) == ("≥ 500", "cán bộ")
    assert staff.name == "cán bộ hoạt động nghiên cứu khoa học và công nghệ"
    startups = by_no["II.1.2.1"]  # "có từ 30 doanh nghiệp trở lên khởi nghiệp sáng tạo"
    assert (startups.target, startups.name) == ("≥ 30", "doanh nghiệp khởi nghiệp sáng tạo")
    assert by_no["II.1.1.4"].target == "35"  # "có 35 nhiệm vụ … được triển khai": exact
    fibre = next(i for i in inds if "cáp quang" in i.name)
    assert (fibre.target, fibre.unit) == ("100%", "%")
    assert fibre.name.startswith("tỷ lệ thôn, làng đã có điện lưới quốc gia")
    procedures = next(i for i in inds if i.name.startswith("thủ tục hành chính"))
    assert procedures.target == "> 90%"  # "phấn đấu đạt trên 90%"
    five_g = next(i for i in inds if "5G" in i.name)
    assert five_g.target == "100%"
    for ind in inds:
        assert ind.horizon == 2025
        assert [(m.agency, m.role) for m in ind.monitors] == [(SKHCN, "lead")]
        assert ind.id == f"doc:tb-test/indicator/{ind.no}"
    assert len({i.id for i in inds}) == 17


# ------------------------------------------------------------------------------ 004


def test_004_directive_numbers(n004):
    assert [t.no for t in n004.tasks] == [
        *(f"1.{n}" for n in range(1, 9)), "2", "3.1", "3.2", "4", "5.1", "5.2", "6.1", "6.2",
        "7", "8.1", "8.2", "8.3",
    ]  # fmt: skip


def test_004_item_2_continuous(n004):
    t = task(n004, "2")
    assert t.text.startswith("Thường xuyên theo dõi, quản lý, kiểm tra, đôn đốc")
    assert roles(t) == [("Công an tỉnh", "lead")]
    assert (t.deadline_text, t.recurrence, t.due) == ("Thường xuyên", "continuous", None)
    assert (t.line_start, t.line_end) == (81, 88)


def test_004_item_8_bullet_1(n004):
    t = task(n004, "8.1")
    assert t.text.startswith("Khẩn trương xây dựng, ban hành kế hoạch chuyển đổi số năm 2024")
    assert roles(t) == [
        ("Các sở, ban, ngành", "lead"),
        ("UBND các huyện, thị xã, thành phố", "lead"),
    ]
    assert (t.deadline_text, t.due) == ("trong quý I năm 2024", date(2024, 3, 31))


def test_004_bullet_naming_its_own_actors(n004):
    t = task(n004, "8.2")
    assert t.text.startswith("UBND thành phố Quy Nhơn và UBND thị xã An Nhơn, Hoài Nhơn chủ trì")
    assert roles(t) == [
        ("UBND thành phố Quy Nhơn", "lead"),
        ("UBND thị xã An Nhơn", "lead"),
        ("UBND thị xã Hoài Nhơn", "lead"),
        (STTTT, "coordinate"),
    ]


def test_004_bullet_starting_mid_line(n004):
    # line 51 is " - Triển khai hiệu quả …", right after bullet 1 ends on line 50
    t = task(n004, "1.2")
    assert t.text.startswith("Triển khai hiệu quả các nền tảng số, ứng dụng số, dịch vụ số")
    assert (t.line_start, t.line_end) == (51, 52)
    assert task(n004, "1.1").line_end == 50
    assert roles(t) == [(STTTT, "lead")]
    # " - Khi triển khai …" (line 149) likewise opens bullet 8.3
    assert task(n004, "8.3").text.startswith("Khi triển khai các nhiệm vụ, dự án ứng dụng")


def test_004_deadlines_in_prose(n004):
    t = task(n004, "1.1")
    assert (t.deadline_text, t.due) == ("trong tháng 02 năm 2024", date(2024, 2, 29))
    t = task(n004, "1.6")
    assert (t.deadline_text, t.due) == ("trong năm 2024", date(2024, 12, 31))


def test_004_coordination_bullets(n004):
    assert roles(task(n004, "1.4")) == [("Sở Nội vụ", "lead"), (STTTT, "coordinate")]
    assert roles(task(n004, "7")) == [(STTTT, "lead"), ("Tỉnh đoàn Bình Định", "coordinate")]
    assert roles(task(n004, "4")) == [
        ("Cục Thống kê tỉnh", "lead"),
        (STTTT, "coordinate"),
        ("các cơ quan liên quan", "coordinate"),
    ]


def test_004_strive_target_is_an_indicator_too(n004):
    assert len(n004.indicators) == 1
    ind = n004.indicators[0]
    assert ind.name == "thôn, làng được phủ hạ tầng cáp quang băng rộng"
    assert (ind.target, ind.unit, ind.horizon) == ("100%", "%", 2024)
    assert [m.agency for m in ind.monitors] == [STTTT]
    assert (ind.line_start, ind.line_end) == (task(n004, "1.6").line_start, 72)


# ------------------------------------------------------------------- all three seeds


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seed_coverage_within_two_percent(prefix):
    extraction, src = _load(next(RAW.glob(f"{prefix}_*.txt")))
    loaded = LoadedDocument(
        document=Document(id="doc:tb-test"),
        tasks=extraction.tasks,
        indicators=extraction.indicators,
        accounted=extraction.accounted,
    )
    missing = coverage.uncovered(src, loaded)
    assert len(missing) <= 0.02 * coverage.nonblank_count(src), [f.reason for f in missing]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_seed_loads_the_same_twice(prefix):
    path = next(RAW.glob(f"{prefix}_*.txt"))
    assert _load(path)[0].model_dump() == _load(path)[0].model_dump()


def test_every_task_has_an_agency_and_tight_lines(n000, n003, n004):
    for extraction in (n000, n003, n004):
        assert not extraction.findings
        for t in extraction.tasks:
            assert t.assignments and t.assignments[0].role == "lead"
            assert t.line_start <= t.line_end
            assert "**" not in t.text and "  " not in t.text


# ------------------------------------------------------------- another province's notice


FIXTURE_EXPECTED = [
    # (no, text start, roles, deadline_text, due, recurrence)
    (
        "1",
        "Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính",
        [("Sở Công Thương", "lead"), ("Sở Tài chính", "coordinate"),
         ("Sở Nông nghiệp và Môi trường", "coordinate")],
        "hoàn thành trước ngày 30/6/2025", date(2025, 6, 30), None,
    ),
    (
        "2.a",
        "Chủ trì, phối hợp với Bảo hiểm xã hội tỉnh triển khai sổ sức khỏe",
        [("Sở Y tế", "lead"), ("Bảo hiểm xã hội tỉnh", "coordinate")],
        "hoàn thành trong quý III/2025", date(2025, 9, 30), None,
    ),
    (
        "2.b",
        "Báo cáo kết quả thực hiện về UBND tỉnh",
        [("Sở Y tế", "lead")],
        "định kỳ hằng quý", None, "quarterly",
    ),
    (
        "3",
        "Giao Công an tỉnh phối hợp với Sở Tư pháp",
        [("Công an tỉnh", "lead"), ("Sở Tư pháp", "coordinate")],
        "trong năm 2025", date(2025, 12, 31), None,
    ),
    (
        "4.1",
        "Thường xuyên rà soát, cập nhật, làm sạch dữ liệu dân cư",
        [("UBND các xã, phường", "lead")],
        "Thường xuyên", None, "continuous",
    ),
    (
        "4.2",
        "Phối hợp với Công an tỉnh tuyên truyền",
        [("Công an tỉnh", "lead"), ("UBND các xã, phường", "coordinate")],
        None, None, None,
    ),
    (
        "5",
        "Đề nghị Bảo hiểm xã hội tỉnh chỉ đạo các đơn vị trực thuộc",
        [("Bảo hiểm xã hội tỉnh", "lead")],
        "trong tháng 7/2025", date(2025, 7, 31), None,
    ),
]  # fmt: skip


def test_fixture_directive_numbers(fixture_notice):
    assert [t.no for t in fixture_notice.tasks] == [row[0] for row in FIXTURE_EXPECTED]


@pytest.mark.parametrize(
    ("no", "start", "expected_roles", "phrase", "due", "recurrence"), FIXTURE_EXPECTED
)
def test_fixture_directive(fixture_notice, no, start, expected_roles, phrase, due, recurrence):
    t = task(fixture_notice, no)
    assert t.text.startswith(start)
    assert roles(t) == expected_roles
    assert (t.deadline_text, t.due, t.recurrence) == (phrase, due, recurrence)


def test_fixture_indicator_and_boilerplate(fixture_notice):
    (ind,) = fixture_notice.indicators
    assert (ind.no, ind.target, ind.unit, ind.horizon) == ("3.1", "> 80%", "%", 2025)
    assert [m.agency for m in ind.monitors] == ["Công an tỉnh"]
    # header block + intro (1-14) and closing + Nơi nhận + signature (37-48) are boilerplate
    assert (1, 14) in fixture_notice.accounted
    assert (37, 48) in fixture_notice.accounted


# ------------------------------------------------------------------- helpers and robustness


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Sở Tài chính, Sở Xây dựng và các ngành liên quan chuẩn bị chu đáo",
         ["Sở Tài chính", "Sở Xây dựng", "các ngành liên quan"]),
        ("Sở Nội vụ, rà soát, đánh giá", ["Sở Nội vụ"]),
        ("Sở Thông tin và Truyền thông tập huấn, hướng dẫn", [STTTT]),
        ("các sở, ngành và địa phương tăng cường phối hợp", ["các sở, ngành và địa phương"]),
        ("Báo cáo kết quả thực hiện", []),
        ("Tập trung đổi mới công tác chỉ đạo", []),
    ],
)  # fmt: skip
def test_agency_list(text, names):
    assert agency_list(text) == names


def test_text_without_items_is_a_finding():
    src = source_from_string("THÔNG BÁO\nÝ kiến kết luận của Chủ tịch UBND tỉnh.\n", "tb.txt")
    extraction = load_notice(src, Document(id="doc:tb"))
    assert extraction.tasks == [] and len(extraction.findings) == 1
    assert "no numbered items" in extraction.findings[0].reason


LINES = st.sampled_from([
    "", " ", "I. CÁC NHIỆM VỤ", "II. Về chỉ tiêu", "1. Giao Sở Tài chính:", "2. Công an tỉnh:",
    "3. Giao Công an tỉnh chủ trì, phối hợp với Sở Tư pháp", "- Chủ trì, phối hợp với ",
    "- Phối hợp với", " - Triển khai; - Tập trung", "a) Báo cáo", "phấn đấu 100%", "có 30 ",
    "trong tháng 6/2025", "Thường xuyên", "Nơi nhận:", "UBND tỉnh thông báo để biết",
    "Về dữ liệu: 15% doanh nghiệp; trên 90%", "nhóm 10 - 15", ":", "-", "**", "1.", "I.",
])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=25))
def test_no_text_makes_the_notice_loader_raise(lines):
    text = "\n".join(lines)
    if not normalize(text).strip():
        return  # control characters only: source_from_string says "no text" (tested elsewhere)
    src = source_from_string(text, "random.txt")
    extraction = load_notice(src, Document(id="doc:tb"))
    count = len(src.lines)
    for record in [*extraction.tasks, *extraction.indicators]:
        assert 1 <= record.line_start <= record.line_end <= count
    assert len({t.id for t in extraction.tasks}) == len(extraction.tasks)


def test_bullets_straight_under_a_section():
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh ngày 02/6/2025.\n\n"
        "I. NHIỆM VỤ\n"
        "- Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước khu vực XII rà soát kinh phí;\n"
        "hoàn thành trong tháng 8/2025.\n"
        "- Sở Xây dựng hướng dẫn các xã lập quy hoạch, trong quý IV.\n\n"
        "UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n"
    )
    extraction = load_notice(source_from_string(text, "tb.txt"), Document(id="doc:tb"))
    first, second = extraction.tasks
    assert (first.no, first.line_start, first.line_end) == ("I.1", 5, 6)
    assert roles(first) == [
        ("Sở Tài chính", "lead"),
        ("Kho bạc Nhà nước khu vực XII", "coordinate"),
    ]
    assert first.due == date(2025, 8, 31)
    assert roles(second) == [("Sở Xây dựng", "lead")]
    # "trong quý IV" has no year: the notice date (02/6/2025) supplies it
    assert (second.deadline_text, second.due) == ("trong quý IV", date(2025, 12, 31))
    assert extraction.accounted == [(1, 3), (4, 4), (9, 10)]  # 10: the empty last line


def test_a_repeated_item_number_keeps_both_directives():
    # Hypothesis found this: two "a)" under one section used to share one task id, so the
    # graph kept only one of the two directives.
    text = (
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh ngày 02/6/2025.\n\n"
        "I. NHIỆM VỤ\n"
        "a) Sở Tài chính rà soát kinh phí; hoàn thành trong tháng 8/2025.\n"
        "a) Sở Xây dựng hướng dẫn các xã lập quy hoạch, trong quý IV.\n"
    )
    extraction = load_notice(source_from_string(text, "tb.txt"), Document(id="doc:tb"))
    first, second = extraction.tasks
    assert (first.no, second.no) == ("I.a", "I.a")
    assert (first.id, second.id) == ("doc:tb/task/I.a", "doc:tb/task/I.a-2")
    assert (second.line_start, roles(second)) == (6, [("Sở Xây dựng", "lead")])
    assert any(
        f.line_start == 6 and "kept apart as doc:tb/task/I.a-2" in f.reason
        for f in extraction.findings
    )
