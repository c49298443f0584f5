"""Human labels for graph nodes, shared by the page and the sheets (in Vietnamese)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from obligraph.viz.status import vn_date

ROLE_LABELS = {"lead": "chủ trì", "coordinate": "phối hợp", "monitor": "theo dõi"}

# One token of a row or section number: "II", "1", "a" in "II.1.a"; "8" and "1" in "8.1".
NUMBER_TOKEN = re.compile(r"\d+|[A-Za-zĐđ]+")
# A Roman numeral as used for appendix groups and body sections, e.g. "VII".
ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(token: str) -> int:
    """'IV' -> 4, 'VII' -> 7."""
    total, previous = 0, 0
    for char in reversed(token):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def number_sort_key(no: str | None) -> tuple[tuple[int, int, str], ...]:
    """Sort key for printed row numbers: '2' < '10', 'II.1.3' < 'II.1.10', 'IV' < 'IX'.

    >>> sorted(["10", "2", "9"], key=number_sort_key)
    ['2', '9', '10']
    >>> sorted(["IX", "II.1.10", "IV", "II.1.3"], key=number_sort_key)
    ['II.1.3', 'II.1.10', 'IV', 'IX']
    """
    key: list[tuple[int, int, str]] = []
    for token in NUMBER_TOKEN.findall(no or ""):
        if token.isdigit():
            key.append((0, int(token), ""))
        elif ROMAN.match(token):
            key.append((0, roman_value(token), ""))
        else:
            key.append((1, 0, token.lower()))
    return tuple(key)


def document_label(doc: Mapping[str, object]) -> str:
    """How a document is named on a sheet or the page.

    Numbered: kind and number, with the province when it is another province's (every
    province has its own 55/KH-UBND); un-numbered notice: kind, issuer (which names the
    province) and date; a document known only by name: its title.

    >>> document_label({"number": "103/KH-UBND", "kind": "Kế hoạch"})
    'Kế hoạch 103/KH-UBND'
    >>> document_label({"number": "55/KH-UBND", "kind": "Kế hoạch", "province": "Đồng Tháp"})
    'Kế hoạch 55/KH-UBND (Đồng Tháp)'
    >>> document_label({"kind": "Thông báo", "issuer": "UBND tỉnh", "issued": "2025-03-18"})
    'Thông báo UBND tỉnh ngày 18/03/2025'
    """
    number, kind = doc.get("number"), doc.get("kind")
    if number:
        label = f"{kind} {number}" if kind else str(number)
        return f"{label} ({doc['province']})" if doc.get("province") else label
    parts = [str(p) for p in (kind, doc.get("issuer")) if p]
    if doc.get("issued"):
        parts.append(f"ngày {vn_date(doc['issued'])}")
    if parts:
        return " ".join(parts)
    return str(doc.get("title") or doc.get("id") or "văn bản không rõ")


def short_document_label(doc: Mapping[str, object]) -> str:
    """A compact label for a graph node: the number, else kind + date.

    >>> short_document_label({"number": "57-NQ/TW", "kind": "Nghị quyết"})
    '57-NQ/TW'
    >>> short_document_label({"number": "55/KH-UBND", "province": "Đồng Tháp"})
    '55/KH-UBND Đồng Tháp'
    >>> short_document_label({"kind": "Thông báo", "kind_code": "TB", "issued": "2025-07-05"})
    'TB 05/07/2025'
    """
    if doc.get("number"):
        province = doc.get("province")
        return f"{doc['number']} {province}" if province else str(doc["number"])
    if doc.get("issued"):
        code = doc.get("kind_code") or doc.get("kind") or "VB"
        return f"{code} {vn_date(doc['issued'])}"
    return str(doc.get("title") or doc.get("id") or "?")
