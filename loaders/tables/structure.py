"""Numbering and structure of a task or indicator table: groups, rows, sub-rows, gaps.

Row numbers come as printed in the number column (Markdown emphasis dropped):

- `A`, `B`, `C` (a single capital letter that is not a Roman numeral): a section;
- `I`, `II`, … : a group, restarting under each section;
- `1`, `1.`, `1.1`, `2.3.1`: a numbered row; a numbered row that holds nothing but its
  title and is followed by its own sub-numbers (`1` then `1.1`) is a group heading too;
- `a)`, `a.`, `a`: a lettered sub-row of the numbered row above (`3.a`);
- no number: a row naming its own agencies is a sub-row of the row above (`3-2`,
  flagged); a row holding only more task text continues the row above (joined, flagged);
  a row before any number (or a table whose number column is empty throughout) is
  numbered by its position, flagged.

Keys: a row's key is its group path plus its number (`B.II.3`); `ids()` decides per
document whether the bare number is enough (it is when no two rows share one, as in
NQ 03 and KH 103) or the path is needed.

Gaps: a numbered row whose number does not follow the one before (`2` then `5`) and
cells that hold only "…" are findings: rows the page did not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from obligraph.loaders.tables.interpret import WHO_ROLES, BodyRow, TableReading, Value, joined

ROMAN = re.compile(r"^(?P<n>[IVXL]{1,6}(?:\.\d{1,2})*)\.?$")  # "II", "III.1", "III.1.2"
SECTION = re.compile(r"^(?P<n>[A-HJ-KM-UW-Z])\.?$")  # a capital that is not I, L, V, X
ARABIC = re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,3})*)\.?$")
LETTER = re.compile(r"^(?P<n>[a-zđ])[.)]?$")
# A group heading written whole in the number cell: "I. Kinh tế số", "B. PHÁT TRIỂN…".
CODE_AND_TITLE = re.compile(r"^(?P<code>[IVXL]{1,6}|[A-HJ-KM-UW-Z])\.\s+(?P<title>\S.*)$")
BULLET = re.compile(r"^[-–+•*]$")
ELLIPSIS = re.compile(r"^(?:…|\.{3,})+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(roman: str) -> int:
    total = 0
    for a, b in zip(roman, roman[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES.get(b, 0) > v else v
    return total


@dataclass
class GroupHeading:
    code: str  # "A", "II", "1"
    title: str
    level: int  # 0 section, 1 roman group (2 for "III.1"…), 10+ numbered heading
    line_start: int
    line_end: int

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}" if self.title else self.code


@dataclass
class StructuredRow:
    """A task or indicator row: number as printed, group path, values by role."""

    no: str  # "3", "1.1", "3.a", "3-2"
    path: tuple[str, ...]  # group codes above it: ("B", "II")
    group: GroupHeading | None
    values: dict[str, Value]  # role -> value (first column of that role)
    extra: dict[str, Value]  # header text -> value, for columns of no role
    line_start: int
    line_end: int
    page: int | None
    warnings: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # role -> header text as stated

    @property
    def key(self) -> str:
        return ".".join([*self.path, self.no])

    def text(self, role: str) -> str:
        v = self.values.get(role)
        return v.text if v else ""


@dataclass
class Structured:
    reading: TableReading
    rows: list[StructuredRow] = field(default_factory=list)
    groups: list[GroupHeading] = field(default_factory=list)
    findings: list[tuple[int, int, str]] = field(default_factory=list)


def structure(reading: TableReading) -> Structured:
    """Groups and numbered rows of an interpreted task or indicator table."""
    out = Structured(reading)
    cols = reading.columns
    num_col = reading.role_index("number")
    text_col = reading.role_index("text")
    if text_col is None:
        text_col = reading.role_index("name")
    numbers_stated = num_col is not None and any(_number_text(b, num_col) for b in reading.body)
    stack: list[GroupHeading] = []
    last: StructuredRow | None = None  # the row sub-rows attach to
    last_numbered: StructuredRow | None = None
    position = 0
    sub_count: dict[str, int] = {}  # parent row key -> sub-rows so far (counting itself)
    body = reading.body
    for idx, b in enumerate(body):
        number = _number_text(b, num_col) if num_col is not None else ""
        content = [(i, v) for i, v in enumerate(b.values) if v and v.text and i not in (num_col,)]
        text_v = b.values[text_col] if text_col is not None else None
        text = joined(text_v.text) if text_v else ""
        others = [(i, v) for i, v in content if i != text_col and not v.filled]
        if content and all(ELLIPSIS.match(joined(v.text)) for _, v in content):
            out.findings.append(
                (b.row.line_start, b.row.line_end, 'rows hidden behind "…": not shown')
            )
            continue
        if not text and len(content) == 1 and (ROMAN.match(number) or SECTION.match(number)):
            # a group title merged across the row sits in whatever column comes second
            text, others = joined(content[0][1].text), []
        m_title = CODE_AND_TITLE.match(number) if not text else None
        if m_title is None and not number and not others:
            m_title = CODE_AND_TITLE.match(text)
        if m_title:  # "I. Kinh tế số" merged across the row
            number, text = m_title.group("code"), m_title.group("title")
        heading = _heading(number, text, others, body, idx, num_col)
        if heading is not None:
            g = GroupHeading(heading[0], text, heading[1], b.row.line_start, b.row.line_end)
            if others and last is not None:
                # a group row carrying a fragment cut from the row above by a page break
                _continue(last, b, reading, skip=text_col)
            stack = [h for h in stack if h.level < g.level] + [g]
            out.groups.append(g)
            last = last_numbered = None
            position = 0
            continue
        # a numbered heading ("1" over "1.1") ends where its sub-numbers end
        while stack and stack[-1].level >= 10 and not number.startswith(stack[-1].code + "."):
            if not number and last is not None:
                break
            stack.pop()
        # "III" over "III.1": the path names the innermost of a family once
        path = tuple(
            h.code
            for k, h in enumerate(stack)
            if not any(o.code.startswith(h.code + ".") for o in stack[k + 1 :])
        )
        group = stack[-1] if stack else None
        warnings = list(b.warnings)
        if number and ARABIC.match(number):
            no = ARABIC.match(number).group("n")  # type: ignore[union-attr]
            _gap(out, last_numbered, no, b, group)
        elif number and LETTER.match(number) and last_numbered is not None:
            no = f"{last_numbered.no}.{LETTER.match(number).group('n')}"  # type: ignore[union-attr]
        elif BULLET.match(number) and last_numbered is not None:
            # "- Diện tích", "+ Sản lượng": items listed under the numbered row above
            base = last_numbered.no
            parent = ".".join([*last_numbered.path, base])
            k = sub_count.get(parent, 0) + 1
            sub_count[parent] = k
            no = f"{base}-{k}"
            if not numbers_stated:
                warnings.append(f'row marked "{number}": item {k} under row {base}')
        elif number and not (LETTER.match(number) or ROMAN.match(number)):
            no = number.rstrip(".")
            warnings.append(f'row number "{number}" is not a number: kept as printed')
        elif not number and last is not None and numbers_stated:
            has_who = any(cols[i].role in WHO_ROLES for i, _ in others)
            if not has_who or _continues(text, others):
                _continue(last, b, reading)
                continue
            base = last.no.split("-")[0]
            parent = ".".join([*last.path, base])
            k = sub_count.get(parent, 1) + 1
            sub_count[parent] = k
            no = f"{base}-{k}"
            warnings.append(f"row without its own number: sub-row {k} of row {base}")
        else:
            position += 1
            no = str(position)
            if numbers_stated or num_col is None or not number:
                warnings.append("row number missing: numbered by position in its group")
        row = _row(no, path, group, b, reading, warnings, last)
        out.rows.append(row)
        last = row
        if ARABIC.match(number) or last_numbered is None or not numbers_stated:
            last_numbered = row
    return out


def _number_text(b: BodyRow, num_col: int | None) -> str:
    if num_col is None:
        return ""
    v = b.values[num_col]
    return joined(v.text) if v and not v.filled else ""


def _heading(
    number: str,
    text: str,
    others: list,
    body: list[BodyRow],
    idx: int,
    num_col: int | None,
) -> tuple[str, int] | None:
    """(code, level) when the row heads a section or group, else None.

    A Roman or section row heads a group even with a stray fragment in another cell (a
    page break cut it from the row above); a numbered row only when nothing but its title
    is filled and the next row carries its sub-numbers."""
    m = SECTION.match(number)
    if m and text:
        return m.group("n"), 0
    m = ROMAN.match(number)
    if m and text:
        return m.group("n"), 1 + m.group("n").count(".")
    if others:
        return None
    m = ARABIC.match(number)
    if m and text:
        code = m.group("n")
        for nxt in body[idx + 1 : idx + 2]:
            following = _number_text(nxt, num_col)
            if following.startswith(code + ".") and ARABIC.match(following):
                return code, 10 + code.count(".")
    return None


def _gap(
    out: Structured,
    previous: StructuredRow | None,
    no: str,
    b: BodyRow,
    group: GroupHeading | None,
) -> None:
    """A finding when a numbered row does not follow the one before it."""
    if previous is None or "-" in previous.no or "." in previous.no and "." not in no:
        return
    before = previous.no.split(".")
    now = no.split(".")
    if len(before) != len(now) or not all(p.isdigit() for p in before + now):
        return
    if before[:-1] == now[:-1] and int(now[-1]) > int(before[-1]) + 1:
        out.findings.append(
            (
                b.row.line_start,
                b.row.line_end,
                f"numbering skips from {previous.no} to {no}: rows missing or hidden",
            )
        )


def _continues(text: str, others: list[tuple[int, Value]]) -> bool:
    """An unnumbered row that goes on with the row above (a page cut it): its cells open
    in lower case or go on with a numbered list ("(5) …")."""
    opening = [joined(v.text) for _, v in others] + ([text] if text else [])
    return any(t[:1].islower() for t in opening) or bool(CONTINUED_LIST.match(text))


CONTINUED_LIST = re.compile(r"^\((?:[2-9]|\d\d)\)\s")


def _continue(
    last: StructuredRow, b: BodyRow, reading: TableReading, skip: int | None = -1
) -> None:
    """A row that goes on with the row above: each cell joined to that row's, flagged."""
    joined_roles: list[str] = []
    for i, col in enumerate(reading.columns):
        v = b.values[i]
        if v is None or not v.text or i == skip or col.role == "number":
            continue
        key = col.role or col.header
        store = last.values if col.role else last.extra
        cur = store.get(key)
        if cur is not None and cur.text:
            store[key] = Value(
                f"{cur.text}\n{v.text}", cur.line_start, max(cur.line_end, v.line_end)
            )
        else:
            store[key] = v
        joined_roles.append(key)
    last.line_end = max(last.line_end, b.row.line_end)
    last.warnings.append(
        f"row at line {b.row.line_start} has no number of its own: its cells "
        f"({', '.join(joined_roles)}) joined to this row"
    )


def _row(
    no: str,
    path: tuple[str, ...],
    group: GroupHeading | None,
    b: BodyRow,
    reading: TableReading,
    warnings: list[str],
    above: StructuredRow | None,
) -> StructuredRow:
    values: dict[str, Value] = {}
    extra: dict[str, Value] = {}
    filled: list[str] = []
    for i, col in enumerate(reading.columns):
        v = b.values[i]
        if v is None and above is not None and col.role != "number":
            # a merged cell (rowspan) the carrier left out: the value of the row above (a
            # task text too: one task over rows that differ in who or when), flagged
            prior = above.values.get(col.role) if col.role else above.extra.get(col.header)
            if prior is not None and prior.text:
                v = Value(prior.text, prior.line_start, prior.line_end, filled=True)
                filled.append(col.header or col.role or str(i))
        if v is None and col.role in ("text", "name"):
            # no row above to fill it from: said, not silent
            warnings.append(f"the row has no {col.header or col.role} cell: left empty")
        if v is None:
            continue
        if col.role and col.role != "number":
            if col.role in values:
                if v.text:
                    prior = values[col.role]
                    values[col.role] = Value(
                        f"{prior.text}\n{v.text}".strip(),
                        min(prior.line_start, v.line_start),
                        max(prior.line_end, v.line_end),
                        prior.filled and v.filled,
                    )
            else:
                values[col.role] = v
        elif not col.role and col.header:
            extra[col.header] = v
        elif not col.role:
            extra[f"column {i + 1}"] = v
    if filled:
        warnings.append("cells filled from the row above (merged cells): " + ", ".join(filled))
    headers = {c.role: c.header for c in reading.columns if c.role and c.header}
    return StructuredRow(
        headers=headers,
        no=no,
        path=path,
        group=group,
        values=values,
        extra=extra,
        line_start=b.row.line_start,
        line_end=b.row.line_end,
        page=b.row.page,
        warnings=warnings,
    )
