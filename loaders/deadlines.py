"""Deadlines as printed in Vietnamese plans and notices -> due dates, windows, recurrences.

`parse_deadline` turns a deadline cell or phrase into a `Deadline`:

- a point in time means "due by its last day": "9/2025" -> 2025-09-30, "Quý I/2026" ->
  2026-03-31, "Năm 2025" -> 2025-12-31, "15/6/2025" -> 2025-06-15;
- a span of years is a window: "2025-2027" -> due_from 2025-01-01, due 2027-12-31;
- a repetition is a recurrence: "Hằng tháng" -> monthly, "Quý I hằng năm" -> annual (no
  single due date), "Thường xuyên" -> continuous, "Năm 2025 và những năm tiếp theo" ->
  annual from 2025-01-01;
- an event is a condition, kept verbatim: "Sau khi chính sách được ban hành".

`find_deadline` finds the deadline phrase inside a prose directive of a notice
("…; hoàn thành trong tháng 6/2025.").

Text that says none of these gives a Deadline whose normalized fields are all None; no
input raises.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from pydantic import BaseModel, ConfigDict

from obligraph.loaders.records import Recurrence

# ---------------------------------------------------------------- patterns (casefolded text)

# A day/month/year date, one separator throughout: "15/6/2025", "15-6-2025",
# "ngày 15 tháng 6 năm 2025" (not "6-9/2025", a month range).
FULL_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
# A month range in one year: "tháng 6-9/2025", "Tháng 6 - 9/2025".
MONTH_RANGE = re.compile(
    r"(?:tháng\s*)?(?<![\d/])(?P<m1>\d{1,2})\s*[-–]\s*(?P<m2>\d{1,2})\s*/\s*(?P<y>\d{4})(?!\d)"
)
# A month of a year: "9/2025", "Tháng 12/2025", "tháng 02 năm 2024".
MONTH = re.compile(
    r"(?<![\d/])(?:tháng\s*)?(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})(?!\d)"
    r"|tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
# A month without a year (prose, year from the reference date): "trong tháng 6".
MONTH_NO_YEAR = re.compile(r"tháng\s+(?P<m>\d{1,2})(?!\s*[/\d])(?!\s+năm\s+\d)")
# A quarter: "Quý I/2026", "quý I năm 2024", "Quý IV/2025", "quý 2/2025"; year optional.
# "quý IV/2025", "quý 2 năm 2025", and the old spelling "Quí IV-2025".
QUARTER = re.compile(
    r"qu[ýí]\s*(?P<q>iv|iii|ii|i|[1-4])(?![a-zà-ỹ\d])(?:\s*(?:/|-|–|năm)\s*(?P<y>\d{4}))?"
)
# A span of years: "2025-2027", "2025 - 2026", "giai đoạn 2025–2030".
YEAR_RANGE = re.compile(r"(?<![\d/])(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)(?!\d)")
# A year on its own: "Năm 2025", "trong năm 2024", "2025".
YEAR = re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)(?![\d/])")
# A year and every year after it: "Năm 2025 và những năm tiếp theo", "từ năm 2025 trở đi".
ONGOING_FROM = re.compile(
    r"(?:từ\s+)?năm\s+(?P<y>(?:19|20)\d\d)\s+(?:và\s+(?:những|các)\s+năm\s+tiếp\s+theo|trở\s+đi)"
)
# The start of an open-ended period: "từ năm 2025".
FROM_YEAR = re.compile(r"từ\s+năm\s+(?P<y>(?:19|20)\d\d)")
# Recurrences: "Hằng tháng", "hàng quý", "Hằng năm", "định kỳ 6 tháng".
EVERY = re.compile(r"(?:hằng|hàng|mỗi)\s+(?P<unit>tháng|quý|năm|tuần|ngày)")
SEMIANNUAL = re.compile(r"định\s+kỳ\s+(?:06|6)\s+tháng")
# Standing tasks: "Thường xuyên", "Nhiệm vụ thường xuyên", "liên tục".
CONTINUOUS = re.compile(r"^(?:nhiệm\s+vụ\s+|thực\s+hiện\s+)?(?:thường\s+xuyên|liên\s+tục)\b")
# An event the deadline hangs on: "Sau khi chính sách được ban hành", "Ngay khi Bộ Công an
# ban hành", "Theo kế hoạch của Bộ Quốc phòng", "Khi có hướng dẫn".
CONDITION = re.compile(
    r"^(?:ngay\s+sau\s+khi|sau\s+khi|ngay\s+khi|khi|theo|tùy\s+theo|tuỳ\s+theo|căn\s+cứ|"
    r"trên\s+cơ\s+sở|đến\s+khi|trước\s+khi)\b"
)

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
RECURRENCE_UNITS: dict[str, Recurrence] = {
    "tháng": "monthly",
    "quý": "quarterly",
    "năm": "annual",
    # "hằng tuần"/"hằng ngày" are finer than any recurrence the schema knows; a task
    # repeated daily or weekly is at least repeated monthly.
    "tuần": "monthly",
    "ngày": "monthly",
}
_RECURRENCE_RANK: dict[Recurrence, int] = {
    "continuous": 0,
    "monthly": 1,
    "quarterly": 2,
    "annual": 3,
}

# ------------------------------------------------------------------ prose (find_deadline)

_TIME = (
    r"(?:ngày\s+\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
    r"|tháng\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?"
    r"|quý\s+(?:iv|iii|ii|i|[1-4])(?![a-zà-ỹ])(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?"
    r"|năm\s+(?:19|20)\d\d"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|\d{1,2}\s*/\s*\d{4})"
)
# A completion time in prose: "hoàn thành trong tháng 6/2025", "trong quý I năm 2024",
# "trước ngày 30/6/2025", "chậm nhất trong tháng 02 năm 2024", "trong năm 2024".
PROSE_DUE = re.compile(
    r"(?:hoàn\s+thành\s+)?(?:trong|trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:trong|trước))?|"
    r"đến\s+hết|vào\s+cuối|cuối)\s+" + _TIME,
    re.IGNORECASE,
)
# A periodic duty in prose: "định kỳ vào ngày 15 hàng tháng", "định kỳ (hằng ngày, hằng
# tuần, hằng tháng)", "định kỳ hằng quý", "định kỳ 6 tháng".
PROSE_PERIODIC = re.compile(
    r"định\s+kỳ\s*(?:\([^)]*\)"
    r"|(?:vào\s+)?(?:trước\s+)?(?:ngày\s+\d{1,2}\s+)?(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm|tuần|ngày)"
    r"|(?:0?6|03|3)\s+tháng(?:\s*,\s*(?:hằng|hàng)\s+năm)?)",
    re.IGNORECASE,
)
# A directive that opens with its rhythm: "Thường xuyên theo dõi …", "Hằng năm, …".
PROSE_LEADING = re.compile(
    r"^\s*(?:thường\s+xuyên|hằng\s+(?:tháng|quý|năm)|hàng\s+(?:tháng|quý|năm))\b",
    re.IGNORECASE,
)

_ANY_DAY = date(2000, 1, 1)  # stands in for a notice date when testing a phrase


class Deadline(BaseModel):
    """A normalized deadline.

    >>> parse_deadline("Quý I/2026").due
    datetime.date(2026, 3, 31)
    """

    model_config = ConfigDict(frozen=True)

    deadline_text: str | None = None  # as printed, whitespace collapsed
    due: date | None = None  # the latest date by which it is due
    due_from: date | None = None  # start of a window or of a recurrence
    recurrence: Recurrence | None = None
    condition: str | None = None  # the event it waits for, verbatim

    @property
    def is_empty(self) -> bool:
        """True when nothing could be normalized (only the text is kept)."""
        return not (self.due or self.due_from or self.recurrence or self.condition)


def collapse(text: str) -> str:
    """NFC with runs of whitespace as one space, stripped: 'Thường \\nxuyên' -> 'Thường xuyên'."""
    # str.split() splits at exactly the characters \s matches
    return " ".join(unicodedata.normalize("NFC", text).split())


def month_end(year: int, month: int) -> date:
    """The last day of a month: month_end(2024, 2) -> date(2024, 2, 29)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _valid_year(year: int) -> bool:
    return 1900 <= year <= 2100


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if _valid_year(year) else None
    except ValueError:
        return None


def _safe_month_end(year: int, month: int) -> date | None:
    return month_end(year, month) if _valid_year(year) and 1 <= month <= 12 else None


def _recurrence(folded: str) -> Recurrence | None:
    """The coarsest-named rhythm wins for "Quý I hằng năm" (annual), and a list of
    rhythms ("hằng ngày, hằng tuần, hằng tháng") gives the slowest one the schema knows."""
    if SEMIANNUAL.search(folded):
        return "annual" if EVERY.search(folded) else "quarterly"
    found = [RECURRENCE_UNITS[m.group("unit")] for m in EVERY.finditer(folded)]
    if not found:
        return None
    return max(found, key=_RECURRENCE_RANK.__getitem__)


def _roll(due: date, reference: date | None) -> date:
    """A year taken from the reference date moves on a year if it would lie before it."""
    if reference and due < reference:
        try:
            return due.replace(year=due.year + 1)
        except ValueError:  # 29 February
            return month_end(due.year + 1, due.month)
    return due


def _dated(folded: str, reference: date | None) -> tuple[date | None, date | None]:
    """(due_from, due) from the first date form found, most specific form first."""
    if m := FULL_DATE.search(folded):
        d, mo, y = (
            (m.group("d"), m.group("m"), m.group("y"))
            if m.group("d")
            else (
                m.group("d2"),
                m.group("m2"),
                m.group("y2"),
            )
        )
        if due := _safe_date(int(y), int(mo), int(d)):
            return None, due
    if m := MONTH_RANGE.search(folded):
        y, m1, m2 = int(m.group("y")), int(m.group("m1")), int(m.group("m2"))
        start, end = _safe_date(y, m1, 1), _safe_month_end(y, m2)
        if start and end and start <= end:
            return start, end
    for m in MONTH.finditer(folded):
        mo, y = (m.group("m"), m.group("y")) if m.group("m") else (m.group("m2"), m.group("y2"))
        if due := _safe_month_end(int(y), int(mo)):
            return None, due
    quarters = [q for q in QUARTER.finditer(folded) if q.group("y")]
    if len(quarters) >= 2:  # "Quý IV/2025 - Quý II/2026": from the first to the last
        first, last = quarters[0], quarters[-1]
        q1, q2 = ROMAN_QUARTERS[first.group("q")], ROMAN_QUARTERS[last.group("q")]
        start = _safe_date(int(first.group("y")), q1 * 3 - 2, 1)
        end = _safe_month_end(int(last.group("y")), q2 * 3)
        if start and end and start <= end:
            return start, end
    if m := QUARTER.search(folded):
        quarter = ROMAN_QUARTERS[m.group("q")]
        if m.group("y"):
            return None, _safe_month_end(int(m.group("y")), quarter * 3)
        if reference:
            return None, _roll(month_end(reference.year, quarter * 3), reference)
        return None, None
    if m := YEAR_RANGE.search(folded):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        # A span that runs backwards is a misprint; guessing either year would mislead.
        return (date(y1, 1, 1), date(y2, 12, 31)) if y1 <= y2 else (None, None)
    if m := YEAR.search(folded):
        return None, date(int(m.group("y")), 12, 31)
    if reference and (m := MONTH_NO_YEAR.search(folded)):
        month = int(m.group("m"))
        if 1 <= month <= 12:
            return None, _roll(month_end(reference.year, month), reference)
    return None, None


def parse_deadline(text: str | None, *, reference: date | None = None) -> Deadline:
    """Normalize a printed deadline; `reference` (the document's date) supplies a missing year.

    >>> parse_deadline("9/2025").due
    datetime.date(2025, 9, 30)
    >>> d = parse_deadline("Năm 2025 và những năm tiếp theo")
    >>> (d.due_from, d.recurrence)
    (datetime.date(2025, 1, 1), 'annual')
    >>> parse_deadline("Sau khi chính sách được ban hành").condition
    'Sau khi chính sách được ban hành'
    """
    printed = collapse(text or "")
    if not printed:
        return Deadline()
    folded = printed.casefold()
    bare = folded.strip(" .;,:()-–")

    if CONDITION.match(bare) and not PROSE_DUE.match(bare):
        return Deadline(deadline_text=printed, condition=printed.strip(" .;,"))
    if CONTINUOUS.match(bare):
        return Deadline(deadline_text=printed, recurrence="continuous")
    if m := ONGOING_FROM.search(folded):
        return Deadline(
            deadline_text=printed,
            due_from=date(int(m.group("y")), 1, 1),
            recurrence="annual",
        )

    recurrence = _recurrence(folded)
    if recurrence:
        # A recurring deadline has no single due date ("Quý I hằng năm"); a stated start
        # year is kept as due_from ("Hằng năm, từ năm 2026").
        start = FROM_YEAR.search(folded)
        due_from = date(int(start.group("y")), 1, 1) if start else None
        return Deadline(deadline_text=printed, recurrence=recurrence, due_from=due_from)

    if m := FROM_YEAR.search(folded):
        return Deadline(deadline_text=printed, due_from=date(int(m.group("y")), 1, 1))
    due_from, due = _dated(folded, reference)
    return Deadline(deadline_text=printed, due=due, due_from=due_from)


def find_deadline(text: str | None) -> str | None:
    """The deadline phrase inside a prose directive, as printed (whitespace collapsed).

    A completion time wins over a periodic duty, which wins over an opening
    "Thường xuyên"/"Hằng năm".

    >>> find_deadline("…để đồng bộ dữ liệu; hoàn thành\\n\\ntrong tháng 6/2025.")
    'hoàn thành trong tháng 6/2025'
    >>> find_deadline("báo cáo kết quả cho UBND tỉnh định kỳ vào ngày 15 hàng tháng.")
    'định kỳ vào ngày 15 hàng tháng'
    """
    printed = collapse(text or "")
    if not printed:
        return None
    for pattern in (PROSE_DUE, PROSE_PERIODIC, PROSE_LEADING):
        for m in pattern.finditer(printed):
            phrase = m.group(0).strip()
            # "trong tháng 6" is a deadline even without its year (the notice date has it).
            if pattern is not PROSE_DUE or not parse_deadline(phrase, reference=_ANY_DAY).is_empty:
                return phrase
    return None
