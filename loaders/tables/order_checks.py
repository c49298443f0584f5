"""Reading-order tables: after the splitter has chosen a row's cells, say where they may be
wrong. The splitter's cost model picks the likeliest cells but cannot promise them; these
checks look at what it chose with simple, independent tests, so a row whose cells came
out misplaced carries a warning instead of passing as read:

- the header names more columns of one role than the splitter holds apart (past the
  extra cells of order_header.EXTRA_ROLES): every row of the table is flagged;
- a cell runs across a wide gap (two or more spaces on one printed line, where text
  extracted in reading order puts the boundary between two cells);
- an agency cell that does not open like an agency name, a deadline cell with no time
  word or number in it, a text cell that opens or closes with an empty-cell dash.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.tables.columns import normalize
from obligraph.loaders.tables.order_header import ROLE_KIND

# A deadline cell names a time: a number, or one of these words ("Thường xuyên", "Hằng
# năm", "Quý IV", "Khi có phát sinh", "Sau khi …", "Theo kế hoạch").
# Matched on the accent-free form (columns.normalize).
_TIME_WORD = re.compile(
    r"\d|\b(?:thuong xuyen|hang|quy|thang|nam|ngay|tuan|khi|sau|theo|dinh ky|giai doan"
    r"|truoc|den|lien tuc|kip thoi|som|lau dai)\b"
)
# An organisation's acronym opening an agency list: "ICISE, Đại học Quy Nhơn, FPT".
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&]{1,9}\b")
_DASHES = ("-", "–", "—")


class _Atom(Protocol):
    text: str
    line: int
    before: str
    marker: bool


def _gap_inside(atoms: Sequence[_Atom], text_kind: bool) -> bool:
    """Two atoms of the cell on one printed line with a wide gap between them (in running
    text only before a capital or a number: a double space before a lower-case word is
    a typing slip, not a boundary)."""
    content = [a for a in atoms if not a.marker]
    return any(
        b.before == "gap" and a.line == b.line and not (text_kind and b.text[:1].islower())
        for a, b in zip(content, content[1:], strict=False)
    )


def _agency_like(text: str) -> bool:
    return am.looks_like_agency(text) or bool(_ACRONYM.match(text))


def cell_doubts(
    row_no: str,
    roles: Sequence[str],
    cells: Sequence[Sequence[_Atom]],
    texts: Sequence[str],
    lines: str,
) -> list[str]:
    """Warnings for the cells the splitter chose for one row (`texts` are their joined
    texts, `lines` names the row's lines)."""
    out: list[str] = []
    for role, atoms, text in zip(roles, cells, texts, strict=True):
        kind = ROLE_KIND.get(role, "free")
        why = None
        if _gap_inside(atoms, kind == "text"):
            why = "runs across a wide gap between cells"
        elif kind == "agency" and text and text not in _DASHES and not _agency_like(text):
            why = "does not open like an agency name"
        elif (
            kind == "deadline"
            and text
            and text not in _DASHES
            and not _TIME_WORD.search(normalize(text))
        ):
            why = "names no time"
        elif kind == "text" and (text.startswith(_DASHES) or text.endswith(_DASHES)):
            why = "holds an empty-cell dash of a neighbouring column"
        if why:
            out.append(
                f"row {row_no}: {role} cell {text!r} {why} ({lines}): cells may be misplaced"
            )
    return out


def layout_doubt(dropped: Sequence[str]) -> str | None:
    """The table-wide warning when the header names columns the splitter cannot hold."""
    if not dropped:
        return None
    names = ", ".join(f'"{d}"' for d in dropped)
    return (
        f"header column {names} has the role of another column: the reading-order "
        "splitter holds one column per role, so this row's cells may be misplaced"
    )
