"""Deadline normalization: a table of printed forms (DOMAIN.md "Roles and deadlines") and
the fields each must give, prose phrases inside directives, and garbage that must not raise."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obligraph.loaders.deadlines import Deadline, find_deadline, parse_deadline

D = date

# (printed text, due, due_from, recurrence, condition)
FORMS = [
    # month / year: due at the end of the month
    ("9/2025", D(2025, 9, 30), None, None, None),
    ("Tháng 12/2025", D(2025, 12, 31), None, None, None),
    ("05/2025", D(2025, 5, 31), None, None, None),
    ("08/2025", D(2025, 8, 31), None, None, None),
    ("Tháng \n12/2025", D(2025, 12, 31), None, None, None),  # a wrapped table cell
    ("Tháng 6-9/2025", D(2025, 9, 30), D(2025, 6, 1), None, None),
    # quarters
    ("Quý I/2026", D(2026, 3, 31), None, None, None),
    ("Quý  I/2026", D(2026, 3, 31), None, None, None),
    ("Quý IV/2025", D(2025, 12, 31), None, None, None),
    ("Quý II/2025", D(2025, 6, 30), None, None, None),
    # years and spans of years
    ("Năm 2025", D(2025, 12, 31), None, None, None),
    (" Năm 2026 ", D(2026, 12, 31), None, None, None),
    ("2025-2027", D(2027, 12, 31), D(2025, 1, 1), None, None),
    ("2025 - 2026", D(2026, 12, 31), D(2025, 1, 1), None, None),
    # a day
    ("15/6/2025", D(2025, 6, 15), None, None, None),
    ("ngày 15 tháng 6 năm 2025", D(2025, 6, 15), None, None, None),
    ("Trước 30/6/2025", D(2025, 6, 30), None, None, None),
    # recurrences
    ("Hằng tháng", None, None, "monthly", None),
    ("Hằng năm", None, None, "annual", None),
    ("Hàng năm", None, None, "annual", None),
    ("Hằng quý", None, None, "quarterly", None),
    ("Quý I hằng năm", None, None, "annual", None),
    ("Quý I hằng \nnăm", None, None, "annual", None),
    ("Thường xuyên", None, None, "continuous", None),
    ("Thường \nxuyên", None, None, "continuous", None),
    ("Nhiệm vụ thường xuyên", None, None, "continuous", None),
    ("Năm 2025 và những năm tiếp theo", None, D(2025, 1, 1), "annual", None),
    ("Năm 2025 và những\nnăm tiếp theo", None, D(2025, 1, 1), "annual", None),
    # conditions: kept verbatim
    ("Sau khi chính sách được ban hành", None, None, None, "Sau khi chính sách được ban hành"),
    ("Ngay khi Bộ Công an ban hành", None, None, None, "Ngay khi Bộ Công an ban hành"),
    ("Theo kế hoạch của Bộ Quốc phòng", None, None, None, "Theo kế hoạch của Bộ Quốc phòng"),
    ("Theo kế \nhoạch của Bộ Quốc phòng", None, None, None, "Theo kế hoạch của Bộ Quốc phòng"),
    # prose phrases of notices
    ("hoàn thành trong tháng 6/2025", D(2025, 6, 30), None, None, None),
    ("trong tháng 02 năm 2024", D(2024, 2, 29), None, None, None),
    ("trong quý I năm 2024", D(2024, 3, 31), None, None, None),
    ("trong năm 2024", D(2024, 12, 31), None, None, None),
    ("hoàn thành trong quý III/2025", D(2025, 9, 30), None, None, None),
    ("định kỳ vào ngày 15 hàng tháng", None, None, "monthly", None),
    ("hằng ngày, hằng tuần, hằng tháng", None, None, "monthly", None),
    ("định kỳ (hằng ngày, hằng tuần, hằng tháng)", None, None, "monthly", None),
]


@pytest.mark.parametrize(("printed", "due", "due_from", "recurrence", "condition"), FORMS)
def test_printed_form_normalizes(printed, due, due_from, recurrence, condition):
    deadline = parse_deadline(printed)
    assert (deadline.due, deadline.due_from, deadline.recurrence, deadline.condition) == (
        due,
        due_from,
        recurrence,
        condition,
    )
    assert deadline.deadline_text == " ".join(printed.split())


GARBAGE = [
    "",
    "   \n ",
    "abc",
    "Sở Tài chính",
    "Báo cáo kết quả",
    "31/2/2025",  # no such day
    "13/2025",  # no such month
    "99/9999",
    "Quý V/2025",
    "2027-2025",  # a span that runs backwards
    "x" * 5000,
    "%%%///---",
    "tháng",
    "quý",
]


@pytest.mark.parametrize("printed", GARBAGE)
def test_garbage_gives_no_deadline(printed):
    deadline = parse_deadline(printed)
    assert (deadline.due, deadline.due_from, deadline.recurrence, deadline.condition) == (
        None,
        None,
        None,
        None,
    )
    assert deadline.is_empty


def test_none_is_an_empty_deadline():
    assert parse_deadline(None) == Deadline()


def test_reference_supplies_a_missing_year():
    # A notice of 18/3/2025 saying "trong tháng 6" means June 2025 ...
    assert parse_deadline("trong tháng 6", reference=D(2025, 3, 18)).due == D(2025, 6, 30)
    # ... and one of 15/11/2024 saying "trong tháng 01" means January 2025.
    assert parse_deadline("trong tháng 01", reference=D(2024, 11, 15)).due == D(2025, 1, 31)
    assert parse_deadline("trong quý II", reference=D(2025, 3, 18)).due == D(2025, 6, 30)
    # Without a reference the year is unknown: nothing is guessed.
    assert parse_deadline("trong tháng 6").due is None
    # A stated year always wins over the reference.
    assert parse_deadline("Quý I/2026", reference=D(2025, 3, 18)).due == D(2026, 3, 31)


# (directive prose, the deadline phrase find_deadline must return)
PROSE = [
    # 000 II.1 bullet 5 (lines 161-167), wrapped over a blank line
    (
        "Chủ trì, phối hợp với Sở Nông nghiệp và Môi trường … để đồng bộ dữ liệu về Bộ Nông "
        "nghiệp và Môi trường; hoàn thành \n\ntrong tháng 6/2025.",
        "hoàn thành trong tháng 6/2025",
    ),
    # 000 II.1 bullet 1: the Chỉ thị title's "năm 2025 và những năm tiếp theo" is not a deadline
    (
        "Căn cứ Chỉ thị số 07/CT-TTg … tại các bộ, ngành, địa phương năm 2025 và những năm "
        "tiếp theo, …; báo cáo kết quả thực hiện cho UBND tỉnh định kỳ vào ngày 15 hàng tháng.",
        "định kỳ vào ngày 15 hàng tháng",
    ),
    # 004 item 1 bullet 1
    (
        "… trình UBND tỉnh ban hành trong \n\ntháng 02 năm 2024. Lưu ý, Kế hoạch chuyển đổi số",
        "trong tháng 02 năm 2024",
    ),
    # 004 item 8 bullet 1
    (
        "… hiệu quả.; hoàn thành việc ban hành Kế hoạch Chuyển đổi số trong quý I năm 2024.",
        "trong quý I năm 2024",
    ),
    # 004 item 1 bullet 6
    (
        "xóa vùng lõm sóng di động trên địa bàn tỉnh trong năm 2024; phấn đấu 100% thôn",
        "trong năm 2024",
    ),
    # 004 item 2
    ("Thường xuyên theo dõi, quản lý, kiểm tra, đôn đốc các cơ quan liên quan", "Thường xuyên"),
    # 003 II.4
    (
        "theo dõi, đánh giá định kỳ (hằng ngày, hằng tuần, hằng tháng) việc thực hiện",
        "định kỳ (hằng ngày, hằng tuần, hằng tháng)",
    ),
    ("Hằng năm, rà soát danh mục dữ liệu mở", "Hằng năm"),
    ("…; hoàn thành trước ngày 30/6/2025.", "hoàn thành trước ngày 30/6/2025"),
    ("… báo cáo UBND tỉnh chậm nhất trong tháng 9/2025.", "chậm nhất trong tháng 9/2025"),
    ("… hoàn thành trong tháng 6.", "hoàn thành trong tháng 6"),  # year from the notice date
]

NO_DEADLINE = [
    "",
    "chuẩn bị các điều kiện để hỗ trợ doanh nghiệp trong thời gian đến.",
    # "hàng ngày" as an adjective, and a horizon ("tầm nhìn đến năm 2030"), are not deadlines
    "chú trọng việc đào tạo AI phục vụ việc giải quyết công việc hàng ngày của các cơ quan",
    "Đề án … giai đoạn 2022-2025, tầm nhìn đến năm 2030 trên địa bàn tỉnh Bình Định",
    # "thường xuyên" in the middle of a sentence is a manner, not a rhythm
    "theo hướng rõ người, rõ việc, thường xuyên trao đổi, kiểm tra để tháo gỡ",
]


@pytest.mark.parametrize(("prose", "phrase"), PROSE)
def test_find_deadline_in_prose(prose, phrase):
    assert find_deadline(prose) == phrase


@pytest.mark.parametrize("prose", NO_DEADLINE)
def test_prose_without_deadline(prose):
    assert find_deadline(prose) is None


@given(st.text(max_size=300))
def test_no_text_makes_deadlines_raise(text):
    deadline = parse_deadline(text, reference=D(2025, 3, 18))
    assert isinstance(deadline, Deadline)
    phrase = find_deadline(text)
    assert phrase is None or " ".join(phrase.split()) in " ".join(text.split())


@given(
    st.sampled_from(["", "trong ", "hoàn thành trong ", "Quý ", "Tháng ", "Năm ", "ngày "]),
    st.integers(min_value=-5, max_value=40),
    st.sampled_from(["/", " năm ", "-", " ", ""]),
    st.integers(min_value=0, max_value=3000),
)
def test_date_like_text_never_raises(prefix, number, separator, year):
    parse_deadline(f"{prefix}{number}{separator}{year}", reference=D(2024, 2, 29))


@pytest.mark.parametrize(
    ("text", "due", "due_from", "recurrence", "condition"),
    [
        ("Quí IV-2025", date(2025, 12, 31), None, None, None),  # old spelling, dash
        ("Quí II/2025", date(2025, 6, 30), None, None, None),
        ("Hằng năm.", None, None, "annual", None),  # trailing period
        ("Khi có phát sinh.", None, None, None, "Khi có phát sinh"),
        ("2026 - 2030", date(2030, 12, 31), date(2026, 1, 1), None, None),
        ("Quý IV/2025- Quý II/2026", date(2026, 6, 30), date(2025, 10, 1), None, None),
    ],
)
def test_portal_deadline_forms(text, due, due_from, recurrence, condition) -> None:
    d = parse_deadline(text)
    assert (d.due, d.due_from, d.recurrence, d.condition) == (due, due_from, recurrence, condition)
