"""Vietnamese dates as printed: "18/3/2025", "ngày 24 tháng 9 năm 2025", ISO stamps.

Dates may wrap over lines ("ngày 24 tháng\\n9 năm 2025") and carry typos ("01/4/025" is
2025-04-01). Anything that is not a real calendar date gives None, never an exception.
"""

from __future__ import annotations

from datetime import date

from obligraph.loaders import patterns


def make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """A date from printed parts, fixing short years; None when not a calendar date.

    >>> make_date("025", "4", "01")
    datetime.date(2025, 4, 1)
    >>> make_date("2025", "2", "30") is None
    True
    """
    try:
        y, m, d = int(year), int(month), int(day)
    except ValueError:
        return None
    if isinstance(year, str) and len(year.strip()) <= 3:
        # "025" and "25" are typos or short forms of 2025: the corpus is this century.
        y = 2000 + y % 100
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date in `text` as (start, end, date), in order of position.

    >>> [d.isoformat() for _, _, d in find_dates("Ngày 18/3/2025 và ngày 24 tháng\\n9 năm 2025")]
    ['2025-03-18', '2025-09-24']
    """
    found: list[tuple[int, int, date]] = []
    for regex in (patterns.NUMERIC_DATE, patterns.VERBAL_DATE, patterns.ISO_DATETIME):
        for m in regex.finditer(text):
            value = make_date(m["year"], m["month"], m["day"])
            if value is not None:
                found.append((m.start(), m.end(), value))
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, date]] = []
    for item in found:  # drop matches nested in an earlier, longer one
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None.

    >>> parse_date("Thời gian ký: 2025-06-01T20:58:38+07:00")
    datetime.date(2025, 6, 1)
    >>> parse_date("Chiều ngày 05/7/2025, tại Trụ sở UBND tỉnh")
    datetime.date(2025, 7, 5)
    >>> parse_date("ngày      tháng      năm 2025") is None
    True
    """
    dates = find_dates(text)
    return dates[0][2] if dates else None


def is_blank_date(text: str) -> bool:
    """True for a draft's unfilled date ("ngày    tháng    năm 2025").

    >>> is_blank_date("Đồng Tháp, ngày      tháng      năm 2025")
    True
    """
    return bool(patterns.BLANK_DATE.search(text))
