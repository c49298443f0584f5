"""Where an obligation stands on a given date, and its deadline in words.

Works on the Task node attributes of the graph contract (`due`, `due_from`, `recurrence`,
`condition`, `deadline_text`; dates as ISO strings) and returns Vietnamese labels, the
language of the sheets an office sends out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

DUE_SOON_DAYS = 30  # "đến hạn trong 30 ngày": the window an office acts on


class Status(StrEnum):
    """The status of a task on the sheet's date; the value is the Vietnamese label."""

    OVERDUE = "quá hạn"
    DUE_SOON = f"đến hạn trong {DUE_SOON_DAYS} ngày"
    LATER = "chưa đến hạn"
    RECURRING = "định kỳ"
    CONTINUOUS = "thường xuyên"
    CONDITIONAL = "có điều kiện"
    UNKNOWN = "không rõ"


RECURRENCE_LABELS = {
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "annual": "hằng năm",
    "continuous": "thường xuyên",
}


def parse_iso(value: object) -> date | None:
    """An ISO date string (or date) as a date; None stays None.

    >>> parse_iso("2025-09-30")
    datetime.date(2025, 9, 30)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def vn_date(value: object) -> str:
    """A date the Vietnamese way, dd/mm/yyyy; '' when unknown.

    >>> vn_date("2025-03-18")
    '18/03/2025'
    """
    day = parse_iso(value)
    return day.strftime("%d/%m/%Y") if day else ""


def task_status(task: Mapping[str, object], as_of: date) -> Status:
    """The status of a task (node attributes) on `as_of`.

    Recurrence wins (a monthly report is never "overdue" once and for all); then a
    due date decides overdue / due soon / later; a condition without a date is
    conditional; anything else is unknown.

    >>> task_status({"due": "2025-09-30"}, date(2025, 12, 31)).value
    'quá hạn'
    >>> task_status({"due": "2026-01-15"}, date(2025, 12, 31)).value
    'đến hạn trong 30 ngày'
    >>> task_status({"recurrence": "monthly"}, date(2025, 12, 31)).value
    'định kỳ'
    """
    recurrence = task.get("recurrence")
    if recurrence == "continuous":
        return Status.CONTINUOUS
    if recurrence:
        return Status.RECURRING
    due = parse_iso(task.get("due"))
    if due is not None:
        if due < as_of:
            return Status.OVERDUE
        if due <= as_of + timedelta(days=DUE_SOON_DAYS):
            return Status.DUE_SOON
        return Status.LATER
    if task.get("condition"):
        return Status.CONDITIONAL
    return Status.UNKNOWN


def normalized_deadline(task: Mapping[str, object]) -> str:
    """The deadline as the loaders understood it, in words, e.g. 'hạn 30/09/2025'.

    >>> normalized_deadline({"due_from": "2025-01-01", "due": "2027-12-31"})
    'từ 01/01/2025 đến 31/12/2027'
    >>> normalized_deadline({"recurrence": "quarterly", "due_from": "2026-01-01"})
    'hằng quý, từ 01/01/2026'
    >>> normalized_deadline({"condition": "Sau khi chính sách được ban hành"})
    'điều kiện: Sau khi chính sách được ban hành'
    """
    parts: list[str] = []
    recurrence = task.get("recurrence")
    due, due_from = task.get("due"), task.get("due_from")
    if recurrence:
        parts.append(RECURRENCE_LABELS.get(str(recurrence), str(recurrence)))
    if due_from and due:
        parts.append(f"từ {vn_date(due_from)} đến {vn_date(due)}")
    elif due_from:
        parts.append(f"từ {vn_date(due_from)}")
    elif due:
        parts.append(f"hạn {vn_date(due)}")
    if task.get("condition"):
        parts.append(f"điều kiện: {task['condition']}")
    return ", ".join(parts)
