"""The body of a Kế hoạch: sections I–III, numbered groups, lettered items, bullets.

Every provision becomes a Task with origin "body" so the coverage report accounts for it:

- I. MỤC TIÊU: bullets under "1. Mục tiêu chung" -> "I.1.1", "I.1.2"; bullets under
  "2. Mục tiêu cụ thể" / "a) Đến năm 2030" -> "I.2.a.1" …;
- II. NHIỆM VỤ VÀ GIẢI PHÁP: each group "1. Nâng cao nhận thức …" -> "II.1" (its text is the
  heading), each lettered item "a) Triển khai …" -> "II.1.a" (group = the group heading);
- III. TỔ CHỨC THỰC HIỆN: items "1." … -> "III.1" …, with the agencies the sentence names
  (the subject leads, "phối hợp với …" coordinates).

The preamble before section I, headings, the "(Có Phụ lục … kèm theo)" line, the closing
"Kế hoạch này thay thế …" paragraph, "Nơi nhận" and the signature are accounted for.

Example:
    >>> from obligraph.loaders.text import source_from_string
    >>> src = source_from_string("I. MỤC TIÊU\\n1. Mục tiêu chung\\n- Tổ chức thực hiện.\\n"
    ...                          "II. NHIỆM VỤ VÀ GIẢI PHÁP\\n1. Nâng cao nhận thức\\n"
    ...                          "a) Triển khai tuyên truyền.\\n")
    >>> [t.no for t in parse_body(src, 0, len(src.lines), "doc:x").tasks]
    ['I.1.1', 'II.1', 'II.1.a']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.records import Assignment, Task
from obligraph.loaders.text import SourceText

# "I. MỤC TIÊU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN" (an upper-case title).
SECTION = re.compile(r"^(?P<roman>[IVX]{1,4})\.\s+(?P<title>\S.*)$")
# "1. Nâng cao nhận thức, …", "3. Giám đốc Sở Khoa học và Công nghệ chủ trì, …".
NUMBERED = re.compile(r"^(?P<no>\d{1,2})\.\s+(?P<text>\S.*)$")
# "a) Triển khai …", "đ) Xây dựng …" (Vietnamese letter order a b c d đ e g h i k l m …).
LETTERED = re.compile(r"^(?P<letter>[a-zđ])\)\s+(?P<text>\S.*)$")
# "- Tổ chức thể chế hóa …": a bullet.
BULLET = re.compile(r"^[-–•+]\s+(?P<text>\S.*)$")
# "(Có Phụ lục danh mục các nhiệm vụ cụ thể kèm theo)."
APPENDIX_NOTE = re.compile(r"^\(\s*(?:Có|Kèm theo)\s+Phụ\s+lục.*\)\.?$", re.IGNORECASE)
# The closing paragraph: "Kế hoạch này thay thế Kế hoạch số 37/KH-UBND …".
CLOSING = re.compile(
    r"^(?:Kế hoạch|Quyết định|Văn bản|Chương trình) này\s+(?:thay thế|có hiệu lực|bãi bỏ)",
    re.IGNORECASE,
)
# "Nơi nhận:" opens the recipients and signature block.
RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
# A title before an agency that leads: "Giám đốc Sở …", "Thủ trưởng sở, ban, ngành …".
OFFICE_TITLE = re.compile(r"^(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng)\s+", re.IGNORECASE)
# Verbs that follow the subject of a duty: "… có trách nhiệm", "… chủ động đề xuất".
DUTY_VERB = re.compile(r"\s(?:có trách nhiệm|chủ động|chủ trì|tập trung|phối hợp)\b")
# "phối hợp với Sở Khoa học và Công nghệ, các cơ quan, …": the coordinating agencies.
COORDINATE_WITH = re.compile(r"phối hợp với\s+", re.IGNORECASE)

# A word that makes the agency after it an owner or an addressee, not a subject.
POSSESSIVE_BEFORE = re.compile(r"(?:của|thuộc|gửi|với|cho)\s*$", re.IGNORECASE)

# A number cut at its hyphen by a line break: "71/NQ-" (then "CP" on the next line).
_GLUED_HYPHEN = re.compile(r"[\w/]-$")

LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class Body:
    """What the body yields: provisions and the line spans of everything else."""

    tasks: list[Task] = field(default_factory=list)
    accounted: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Open:
    """A provision being read: its number, heading and lines."""

    no: str
    group: str | None
    lines: list[tuple[int, str]]
    with_agencies: bool = False


def _join(lines: list[tuple[int, str]]) -> str:
    out = ""
    for _, text in lines:
        text = text.strip()
        if not text:
            continue
        if out.endswith("-") and _GLUED_HYPHEN.search(out) and not text[:1].islower():
            out += text  # "71/NQ-" + "CP"
        else:
            out = f"{out} {text}" if out else text
    # = re.sub(r"\s+", " ", out): `out` has no spaces at its ends (its parts are stripped)
    return " ".join(out.split())


def parse_body(src: SourceText, start: int, end: int, doc_id: str) -> Body:
    """Provisions of the body in lines[start:end] (0-based), and the accounted spans."""
    body = Body()
    section: str | None = None
    section_label: str | None = None  # "II. NHIỆM VỤ VÀ GIẢI PHÁP"
    group_no: str | None = None  # "1" in section II / I
    group_title: str | None = None
    sub: str | None = None  # "a" under I.2
    sub_title: str | None = None
    bullet = 0
    current: _Open | None = None
    expected_letter = 0
    tail = False  # after the closing paragraph or "Nơi nhận": all accounted
    # Lines before the first section heading: accounted as preamble only when a section
    # follows; a body whose sections are never found is left to coverage, not hidden.
    preamble: list[tuple[int, int]] = []

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            body.tasks.append(_task(current, src, doc_id))
        current = None

    for i in range(start, end):
        raw = src.lines[i]
        # Markdown emphasis ("**I. MỤC TIÊU**") says nothing about structure: read without it
        line = raw.replace("**", "").strip().strip("*").strip()
        number = i + 1
        if not line:
            continue
        if tail:
            body.accounted.append((number, number))
            continue
        m_sec = SECTION.match(line)
        if m_sec and m_sec.group("title") == m_sec.group("title").upper() and len(line) < 80:
            close()
            body.accounted.extend(preamble)  # a preamble only once a section follows it
            preamble.clear()
            section, group_no, group_title, sub, bullet = m_sec.group("roman"), None, None, None, 0
            section_label = f"{section}. {m_sec.group('title').strip()}"
            body.accounted.append((number, number))
            continue
        if section is None:
            preamble.append((number, number))  # "Thực hiện …", "Theo đề nghị …"
            continue
        if CLOSING.match(line) or RECIPIENTS.match(line):
            close()
            tail = True
            body.accounted.append((number, number))
            continue
        if APPENDIX_NOTE.match(line):
            close()
            body.accounted.append((number, number))
            continue
        m_num = NUMBERED.match(line)
        if m_num:
            close()
            group_no, sub, bullet, expected_letter = m_num.group("no"), None, 0, 0
            group_title = m_num.group("text")
            if section == "II":
                current = _Open(f"II.{group_no}", section_label, [(number, m_num.group("text"))])
            elif section == "III":
                current = _Open(
                    f"III.{group_no}", section_label, [(number, line)], with_agencies=True
                )
            else:
                body.accounted.append((number, number))  # "1. Mục tiêu chung"
            continue
        m_let = LETTERED.match(line)
        if m_let and group_no is not None and _letter_fits(m_let.group("letter"), expected_letter):
            close()
            letter = m_let.group("letter")
            expected_letter = LETTERS.index(letter) + 1
            if section == "II":
                heading = f"{group_no}. {_heading_text(body, section, group_no) or group_title}"
                current = _Open(f"II.{group_no}.{letter}", heading, [(number, line)])
            else:
                sub, sub_title, bullet = letter, m_let.group("text"), 0
                body.accounted.append((number, number))  # "a) Đến năm 2030"
            continue
        m_bul = BULLET.match(line)
        if m_bul and section == "I" and group_no is not None:
            close()
            bullet += 1
            no = f"I.{group_no}.{sub}.{bullet}" if sub else f"I.{group_no}.{bullet}"
            heading = f"{sub}) {sub_title}" if sub else f"{group_no}. {group_title}"
            current = _Open(no, heading, [(number, line)])
            continue
        if current is not None:
            current.lines.append((number, line))
        else:
            body.accounted.append((number, number))
    close()
    _finish_group_titles(body)
    return body


def _letter_fits(letter: str, expected: int) -> bool:
    """Letters come in Vietnamese order; a skipped letter is tolerated, a repeat is not."""
    if letter not in LETTERS:
        return False
    return LETTERS.index(letter) >= expected


def _heading_text(body: Body, section: str, group_no: str) -> str | None:
    for task in reversed(body.tasks):
        if task.no == f"{section}.{group_no}":
            return task.text
    return None


def _finish_group_titles(body: Body) -> None:
    """A group heading read over several lines is complete only once its items start:
    give every item of the group the full heading."""
    full = {t.no: t.text for t in body.tasks if t.no.count(".") == 1 and t.no.startswith("II.")}
    for task in body.tasks:
        parts = task.no.split(".")
        if parts[0] == "II" and len(parts) == 3:
            task.group = f"{parts[1]}. {full.get(f'II.{parts[1]}', '')}".strip()


def _task(open_: _Open, src: SourceText, doc_id: str) -> Task:
    text = _join(open_.lines)
    for pattern in (LETTERED, BULLET):
        m = pattern.match(text)
        if m:
            text = m.group("text")
            break
    task = Task(
        id=f"{doc_id}/body/{open_.no}",
        doc_id=doc_id,
        no=open_.no,
        origin="body",
        group=open_.group,
        text=text,
        source=src.name,
        line_start=open_.lines[0][0],
        line_end=open_.lines[-1][0],
    )
    if open_.with_agencies:
        m = NUMBERED.match(text)
        if m:
            task.text = m.group("text")
        task.assignments = duty_agencies(task.text, src.name, task.line_start, task.line_end)
    return task


def duty_agencies(text: str, source: str, line_start: int, line_end: int) -> list[Assignment]:
    """Who leads and who coordinates a duty sentence of "Tổ chức thực hiện".

    >>> [(a.agency, a.role) for a in duty_agencies(
    ...     "Sở Tài chính phối hợp với Sở Khoa học và Công nghệ, các cơ quan, đơn vị, địa "
    ...     "phương tham mưu cấp thẩm quyền", "x", 1, 1)]
    [('Sở Tài chính', 'lead'), ('Sở Khoa học và Công nghệ', 'coordinate'), ('các cơ quan, đơn vị, địa phương', 'coordinate')]
    """
    leads = _merge_collectives([p for name in _subject(text) for p in am.split_agencies(name)])
    coordinates: list[str] = []
    m = COORDINATE_WITH.search(text)
    if m:
        coordinates = _merge_collectives(am.leading_agencies(text[m.end() :])[0])
    out: list[Assignment] = []
    seen: set[tuple[str, str]] = set()
    for names, role in ((leads, "lead"), (coordinates, "coordinate")):
        for name in names:
            key = (am.fold(name), role)
            if key not in seen:
                seen.add(key)
                out.append(
                    Assignment(
                        agency=name,
                        role=role,
                        source=source,
                        line_start=line_start,
                        line_end=line_end,
                    )
                )
    return out


def _merge_collectives(names: list[str]) -> list[str]:
    """Rejoin a collective split at its commas: "các sở, ban" + "ngành và địa phương"."""
    out: list[str] = []
    split: list[str] = []
    for name in names:  # "các sở, ban, ngành và UBND các địa phương": two subjects
        left, sep, right = name.rpartition(" và ")
        if sep and right[:1].isupper() and am.looks_like_agency(right):
            split.extend([left, right])
        else:
            split.append(name)
    for name in split:
        if (
            out
            and name[:1].islower()
            and not name.startswith("các ")
            and am.fold(out[-1]).startswith("các ")
        ):
            out[-1] = f"{out[-1]}, {name}"
        else:
            out.append(name)
    return out


def _subject(text: str) -> list[str]:
    """The agencies a duty sentence opens with, or those right before its duty verb."""
    opening = OFFICE_TITLE.sub("", text)
    names, _ = am.leading_agencies(opening)
    if names:
        return names
    verb = DUTY_VERB.search(text)
    if not verb:
        return []
    before = text[: verb.start()]
    found = am.find_agencies(before)
    chain: list[str] = []
    end = len(before.rstrip())
    for start, stop, name in reversed(found):
        gap = before[stop:end].strip(" ,")
        if gap and gap not in {"và"}:
            break
        if POSSESSIVE_BEFORE.search(before[:start]):
            break  # "Kế hoạch của UBND tỉnh": an owner, not the subject
        chain.insert(0, name)
        end = start
    return chain
