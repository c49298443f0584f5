"""Thông báo (notice of meeting conclusions) -> directives (Task, origin "notice") and indicators.

A notice reads: a title and an intro paragraph (who met, when, and to whom the
conclusions are addressed), then numbered items — sometimes under Roman sections
("I. CÁC CHỈ TIÊU", "II. CÁC NHIỆM VỤ CỤ THỂ") — each an agency heading ("1. Giao Sở …",
"2. Công an tỉnh:") with prose or "- " bullets under it, and a closing sentence
("UBND tỉnh thông báo để …"), the "Nơi nhận" list and the signature.

One directive per bullet, or per item when it has no bullets. Its number is the section
path as printed: "II.1.3" (section II, item 1, bullet 3), "1.2" without sections, "2" for
an item with prose only.

Roles, in this order:

1. A directive that opens with its own actors ("UBND thành phố Quy Nhơn và UBND thị xã An
   Nhơn, Hoài Nhơn chủ trì, phối hợp với …") has those actors as lead, not the heading's.
2. A directive that opens "Phối hợp với X …" without a "chủ trì" before it is the heading
   agency helping X: X is lead and the heading agency coordinates. (The notice asks the
   heading agency to take part in X's work; X owns the result.)
3. Otherwise the heading agency is lead ("Giao X:", "X chủ trì").
4. Every further "phối hợp (chặt chẽ) với Y" adds Y as coordinate.

Items with no agency in their heading go to the addressee of the intro sentence
("Chủ tịch UBND tỉnh yêu cầu các sở, ngành và địa phương …", "đề nghị Sở Khoa học và Công
nghệ tập trung triển khai …"). Collectives ("Các sở, ban, ngành") stay one assignee.
Mentions are kept as printed; graph/agencies.py resolves them.

Quantified targets become Indicators of the notice: the items of a block whose heading
names "chỉ tiêu" (each "; "-separated target with a number, a percentage or a rank
"nhóm 10 - 15 …"), and any "phấn đấu 100% …" inside a directive. Unquantified items of a
"chỉ tiêu" block stay directives.

The intro, the closing sentence, "Nơi nhận" and the signature are accounted as
boilerplate; a body line that fits no item is left for the coverage report, with a Finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from obligraph.loaders import deadlines
from obligraph.loaders.agency_mentions import (
    STOP_PHRASES,
    fold,
    looks_like_agency,
    search_outside_names,
    split_agencies,
    whole_word_starts,
)
from obligraph.loaders.records import Assignment, Document, Extraction, Finding, Indicator, Task
from obligraph.loaders.text import SourceText

# ------------------------------------------------------------------------------ patterns

# A Roman section heading: "II. CÁC NHIỆM VỤ CỤ THỂ", "I. Quan điểm chỉ đạo điều hành".
ROMAN_HEADING = re.compile(r"^\s*(?P<roman>[IVX]{1,4})\.\s+(?P<rest>\S.*)$")
# A numbered item: "1. Giao Sở Khoa học và Công nghệ", "8. Các sở, ban, ngành …".
NUMBERED_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
# A lettered sub-item, as other provinces number them: "a) Chủ trì xây dựng …".
LETTERED_ITEM = re.compile(r"^\s*(?P<letter>[a-zđ])\)\s+(?P<rest>\S.*)$")
# A bullet: "- Chủ trì, phối hợp …", " - Triển khai …", "– Tập trung …" (the text after the
# dash must open with a capital letter: "- 2025, tầm nhìn …" is a wrapped year range).
BULLET = re.compile(r"^\s*[-–•]\s+(?P<rest>\S.*)$")
# A bullet that starts mid-line after a sentence: "… nguồn lực. - Triển khai …".
MIDLINE_BULLET = re.compile(r"(?<=[.;:…])\s+[-–]\s+(?=\S)")
# The closing sentence: "UBND tỉnh thông báo để …", "Thừa lệnh Chủ tịch UBND tỉnh, Văn phòng
# UBND tỉnh thông báo để …", "UBND tỉnh thông báo đến các sở, ban, ngành …".
CLOSING = re.compile(
    r"^\s*(?:Thừa lệnh[^,]{0,60},\s*)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Văn phòng)"
    r"[^.;:]{0,60}?thông báo\s+(?:để|đến|cho)\b",
    re.IGNORECASE,
)
# The recipients list and signature that follow the body: "Nơi nhận:", "TL. CHỦ TỊCH".
TAIL_START = re.compile(r"^\s*(?:Nơi nhận\s*:|(?:TL|KT|TM)\s*\.\s*CHỦ TỊCH)", re.IGNORECASE)
# The addressee in the intro: "Chủ tịch UBND tỉnh yêu cầu các sở, ngành và địa phương
# tăng cường …", "đề nghị Sở Khoa học và Công nghệ tập trung triển khai …".
# (A lookahead, so "yêu cầu đó, đề nghị Sở …" yields both candidates; the last one wins.)
ADDRESSEE = re.compile(r"(?=\b(?:yêu cầu|đề nghị|giao)\s+(?P<rest>[^:]{3,200}))", re.IGNORECASE)
# Lead-in words of an agency heading: "Giao Sở …", "Đề nghị Công an tỉnh …".
HEADING_LEAD_IN = re.compile(r"^\s*(?:Giao|Đề nghị|Yêu cầu)\s+", re.IGNORECASE)
# "chủ trì" right after the actors: "UBND thành phố Quy Nhơn … chủ trì, phối hợp …".
LEADS = re.compile(r"^\s*(?:chủ trì|có trách nhiệm|chịu trách nhiệm)\b", re.IGNORECASE)
# "phối hợp với X", "phối hợp chặt chẽ với X".
COORDINATE_WITH = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+với\s+", re.IGNORECASE)
# A directive that opens "Phối hợp với X …" (the heading agency helps X).
OPENS_WITH_COORDINATION = re.compile(r"^\s*Phối hợp(?:\s+chặt chẽ)?\s+với\s+")
# Where a list of agencies in running text ends: clause punctuation.
LIST_END = re.compile(r"[;:.()“”\"]|\s[-–]\s")
# Verbs that follow an agency list in directives (lower case: names are capitalised).
NOTICE_VERBS = [
    "đẩy nhanh",
    "tập huấn",
    "đánh giá",
    "khẩn trương",
    "hoàn thiện",
    "thống nhất",
    "chuẩn bị",
    "hướng dẫn",
    "đề xuất",
    "đưa",
    "ưu tiên",
    "tăng cường",
    "quan tâm",
    "phổ biến",
    "tuyên truyền",
    "nâng cao",
    "giải quyết",
    "thẩm định",
    "trình",
    "ban hành",
    "chủ động",
    "lập",
    "cập nhật",
    "hỗ trợ",
    "tiếp nhận",
    "vận hành",
    "quản lý",
    "xử lý",
    "thu hút",
    "phát triển",
    "thúc đẩy",
    "duy trì",
    "hoàn thành",
    "tham gia",
    "kết nối",
    "chỉ đạo",
]
# Openings that share a head word with agency names but are verbs or things: "Báo cáo kết
# quả …" (not the newspaper "Báo …"), "Ban hành …", "Hội nghị …", "Bộ tiêu chí …".
NOT_AGENCY_OPENERS = (
    "báo cáo",
    "ban hành",
    "hội nghị",
    "hội thảo",
    "hội nhập",
    "bộ tiêu chí",
    "bộ chỉ số",
    "bộ công cụ",
    "trường hợp",
    "trung tâm dữ liệu",
    "cục bộ",
)
# Where a collective ends: "các cơ quan, đơn vị liên quan", "… có liên quan".
RELATED_END = re.compile(r"^(?P<name>.*?\b(?:có\s+)?liên\s+quan)\b")
# A quantified target: "có 30 doanh nghiệp", "trên 90%", "nhóm 10 - 15 địa phương".
QUANTIFIED = re.compile(
    r"\d+(?:[.,]\d+)?\s*%"
    r"|nhóm\s+\d+\s*[-–]\s*\d+"
    r"|(?:phấn đấu|phần đầu|đạt|có)\s+(?:(?:từ|trên|ít nhất|tối thiểu)\s+)?\d",
    re.IGNORECASE,
)
# "phấn đấu 100% thôn, làng …" inside a directive.
STRIVE_TARGET = re.compile(r"phấn đấu\s+(?:đạt\s+)?(?:trên\s+|từ\s+)?\d+(?:[.,]\d+)?\s*%[^;.]*")
# The quantity of a target: "từ 25", "trên 90%", "ít nhất 01", "100%".
# (Not the "5" of "Mạng 5G".)
QUANTITY = re.compile(
    r"(?:(?P<qual>từ|trên|ít nhất|tối thiểu|hơn)\s+)?(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)"
    r"(?![\w.,]\w)\s*(?P<pct>%)?(?![^\W\d_])"
)
# A rank target: "nhóm 10 - 15 địa phương dẫn đầu cả nước".
RANK = re.compile(r"nhóm\s+\d+\s*[-–]\s*\d+[^.;]*")
# Words before a target that are not its name: "phấn đấu có", "phần đầu đạt", "có".
TARGET_LEAD = re.compile(r"^(?:(?:phấn đấu|phần đầu|đạt|có|tỷ lệ đạt)\s+)+", re.IGNORECASE)
# "Về chỉ số chuyển đổi số cấp tỉnh (DTI):" — the label of an item.
TOPIC_LABEL = re.compile(r"^\s*Về\s+(?P<topic>[^:]{3,120}):\s*")
# Words counted by targets, longest first ("đơn đăng ký", "doanh nghiệp").
UNIT_WORDS = [
    "doanh nghiệp",
    "cán bộ",
    "nhiệm vụ",
    "đơn đăng ký",
    "vườn ươm/trung tâm",
    "vườn ươm",
    "sản phẩm",
    "dự án",
    "sáng chế",
    "hồ sơ",
    "thủ tục hành chính",
    "cơ quan",
    "người",
    "thôn",
    "xã",
    "hộ",
    "đề tài",
    "mô hình",
]
YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d\d\b")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------------- structure


@dataclass
class Unit:
    """A piece of the body: a section heading, a numbered item, a bullet, or loose prose."""

    kind: str  # "section", "item", "bullet", "text"
    marker: str  # "II", "3", "a", "" for bullets and text
    text: str
    line_start: int
    line_end: int
    children: list[Unit] = field(default_factory=list)

    def extend(self, text: str, line: int) -> None:
        self.text = f"{self.text} {text}" if self.text else text
        self.line_end = line


def collapse(text: str) -> str:
    """Whitespace collapsed, Markdown bold removed: '**Về …:**  phần' -> 'Về …: phần'."""
    # Markdown emphasis "**" survives PDF-to-text conversion: "**Về chuyển đổi số:**".
    # str.split() splits at exactly the characters \s matches.
    return " ".join(text.replace("**", "").split())


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _opens_with_capital(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha() or ch.isdigit()), "")
    return first.isalpha() and first.isupper()


def _segments(line: str) -> list[str]:
    """A line split where a bullet starts mid-line ("… nguồn lực. - Triển khai …")."""
    parts, last = [], 0
    for m in MIDLINE_BULLET.finditer(line):
        if _opens_with_capital(line[m.end() :]):
            parts.append(line[last : m.start() + 1])
            last = m.start() + 1
    parts.append(line[last:])
    return [p for p in parts if p.strip()]


def _body_bounds(lines: list[str]) -> tuple[int, int] | None:
    """0-based [start, end) of the body: from the first heading to the closing sentence."""
    start = None
    for i, raw in enumerate(lines):
        line = collapse(raw)
        m = ROMAN_HEADING.match(line)
        n = NUMBERED_ITEM.match(line)
        if (m and m.group("roman") == "I") or (n and n.group("n") == "1"):
            start = i
            break
    if start is None:
        return None
    end = len(lines)
    for i in range(start, len(lines)):
        line = collapse(lines[i])
        if CLOSING.match(line) or TAIL_START.match(line):
            end = i
            break
    return start, end


def _units(lines: list[str], start: int, end: int) -> tuple[list[Unit], list[Unit]]:
    """The body as a tree of sections > items > bullets, and loose text it could not place."""
    roots: list[Unit] = []
    loose: list[Unit] = []
    section: Unit | None = None
    item: Unit | None = None
    current: Unit | None = None
    next_roman = 0
    last_item = 0
    for index in range(start, end):
        number = index + 1
        for segment in _segments(lines[index]):
            text = collapse(segment)
            if not text:
                continue
            roman = ROMAN_HEADING.match(text)
            numbered = NUMBERED_ITEM.match(text)
            lettered = LETTERED_ITEM.match(text)
            bullet = BULLET.match(text)
            if roman and next_roman < len(_ROMAN) and roman.group("roman") == _ROMAN[next_roman]:
                section = Unit("section", roman.group("roman"), roman.group("rest"), number, number)
                roots.append(section)
                next_roman += 1
                last_item = 0
                item = current = section
                continue
            # Items count up from 1 in each section; any other number is wrapped prose.
            if numbered and int(numbered.group("n")) == last_item + 1:
                last_item = int(numbered.group("n"))
                item = Unit("item", numbered.group("n"), numbered.group("rest"), number, number)
                (section.children if section else roots).append(item)
                current = item
                continue
            # Bullets belong to the current item, or straight to a section that has no items.
            if item is not None and (
                item.kind == "item" or all(c.kind == "bullet" for c in item.children)
            ):
                if lettered:
                    current = Unit(
                        "bullet", lettered.group("letter"), lettered.group("rest"), number, number
                    )
                    item.children.append(current)
                    continue
                if bullet and _opens_with_capital(bullet.group("rest")):
                    current = Unit("bullet", "", bullet.group("rest"), number, number)
                    item.children.append(current)
                    continue
            if current is not None and current.kind != "section":
                current.extend(text, number)
            elif current is not None and current.kind == "section":
                # prose right under a section heading, before its first item
                current.children.append(Unit("text", "", text, number, number))
                current = current.children[-1]
            else:
                loose.append(Unit("text", "", text, number, number))
    return roots, loose


# ------------------------------------------------------------------------------ agencies


# The verbs and stop phrases that end an agency list, in order: lower-case ones only
# ("Sở Xây dựng" is a name, "xây dựng kế hoạch" a verb).
_LIST_ENDERS = tuple(verb for verb in [*NOTICE_VERBS, *STOP_PHRASES] if verb == verb.lower())


def _cut_at_verb(text: str) -> str:
    """The agency list at the start of `text`, cut at the first verb that follows it.

    >>> _cut_at_verb("Sở Xây dựng, Ban chỉ đạo tỉnh chủ trì xây dựng kế hoạch")
    'Sở Xây dựng, Ban chỉ đạo tỉnh '
    """
    end = len(text)
    if m := search_outside_names(LIST_END, text):  # not the dash inside a known name
        end = m.start()
    chunk = text[:end]
    for verb in _LIST_ENDERS:
        if verb not in chunk:
            continue  # most verbs: no need to look for whole words
        for at in whole_word_starts(chunk, verb):
            # "Ban chỉ đạo tỉnh" is a name: a verb right after "Ban" belongs to it.
            if at > 0 and not chunk[:at].rstrip().endswith(("Ban", "ban")):
                chunk = chunk[:at]
                break
    return chunk


def agency_list(text: str) -> list[str]:
    """The agencies named at the start of `text`, as printed.

    >>> agency_list("Sở Tài chính, Sở Xây dựng và các ngành liên quan chuẩn bị chu đáo …")
    ['Sở Tài chính', 'Sở Xây dựng', 'các ngành liên quan']
    """
    text = HEADING_LEAD_IN.sub("", text, count=1)
    if not looks_like_agency(text) or fold(text).startswith(NOT_AGENCY_OPENERS):
        return []
    names = []
    for name in split_agencies(_cut_at_verb(text)):
        if m := RELATED_END.match(name):
            name = m.group("name")
        names.append(name)
    return [n for n in names if n]


def _heading_agencies(text: str) -> tuple[list[str], str]:
    """Agencies of an item heading, and the heading's label for `group`.

    "Giao Sở Giáo dục và Đào tạo: Chủ trì, …" -> (["Sở Giáo dục và Đào tạo"],
    "Giao Sở Giáo dục và Đào tạo").
    """
    names = agency_list(text)
    colon = text.find(":")
    if colon >= 0 and (names or colon <= 80):
        return names, text[:colon].strip()
    if names:
        # "Giao Công an tỉnh chủ trì, …": the label is the lead-in and the names.
        lead_in = HEADING_LEAD_IN.match(text)
        label = (lead_in.group(0) if lead_in else "") + ", ".join(names)
        return names, label.strip()
    return [], ""


def _after_colon(text: str) -> str:
    """The prose after an agency heading: "Công an tỉnh: Thường xuyên …" -> "Thường xuyên …"."""
    colon = text.find(":")
    return text[colon + 1 :].strip() if colon >= 0 else text


COLLECTIVE_OPENERS = re.compile(r"^(?:các|ubnd các|ủy ban nhân dân các|thủ trưởng các)\b")


def _is_collective(name: str) -> bool:
    """A collective mention ("các sở, ngành …", "UBND các xã, phường"), not a named agency."""
    return bool(COLLECTIVE_OPENERS.match(fold(name)))


def _roles(text: str, heading: list[str]) -> list[tuple[str, str]]:
    """(agency, role) pairs for a directive, following the rules of the module docstring."""
    leads: list[str] = []
    coordinates: list[str] = []
    rest = text
    own = agency_list(text)
    if own:
        leads = own
    elif m := OPENS_WITH_COORDINATION.match(text):
        helped = agency_list(text[m.end() :])
        # "Phối hợp với các sở, ngành …": helping a collective means driving the work with
        # everyone, so the heading agency stays lead (rule 4 adds the collective).
        named = [name for name in helped if not _is_collective(name)]
        if named:
            leads = named
            coordinates = [*heading, *(name for name in helped if _is_collective(name))]
            rest = text[m.end() :]
    if not leads:
        leads = list(heading)
    for m in COORDINATE_WITH.finditer(rest):
        coordinates.extend(agency_list(rest[m.end() :]))
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, role in [*((n, "lead") for n in leads), *((n, "coordinate") for n in coordinates)]:
        key = fold(name)
        if key not in seen:
            seen.add(key)
            pairs.append((name, role))
    return pairs


def _addressee(lines: list[str], body_start: int) -> list[str]:
    """The agencies the intro addresses: the last "yêu cầu/đề nghị X" before the body."""
    intro = collapse(" ".join(lines[:body_start]))
    found: list[str] = []
    for m in ADDRESSEE.finditer(intro):
        names = agency_list(m.group("rest"))
        if names:
            found = names
    return found


# ------------------------------------------------------------------------------- records


@dataclass
class Context:
    """What every record of one notice shares."""

    src: SourceText
    doc_id: str
    reference: date | None
    addressee: list[str]
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    accounted: list[tuple[int, int]] = field(default_factory=list)


def _assignments(ctx: Context, pairs: list[tuple[str, str]], unit: Unit) -> list[Assignment]:
    return [
        Assignment(
            agency=name,
            role=role,  # type: ignore[arg-type]
            source=ctx.src.name,
            line_start=unit.line_start,
            line_end=unit.line_end,
        )
        for name, role in pairs
    ]


def _add_task(
    ctx: Context, no: str, group: str | None, text: str, unit: Unit, heading: list[str]
) -> Task:
    phrase = deadlines.find_deadline(text)
    deadline = deadlines.parse_deadline(phrase, reference=ctx.reference) if phrase else None
    pairs = _roles(text, heading)
    warnings = [] if pairs else ["no agency named in the directive, its heading or the intro"]
    task = Task(
        id=f"{ctx.doc_id}/task/{no}",
        doc_id=ctx.doc_id,
        no=no,
        origin="notice",
        group=group,
        text=text,
        deadline_text=phrase,
        due=deadline.due if deadline else None,
        due_from=deadline.due_from if deadline else None,
        recurrence=deadline.recurrence if deadline else None,
        condition=deadline.condition if deadline else None,
        assignments=_assignments(ctx, pairs, unit),
        warnings=warnings,
        source=ctx.src.name,
        line_start=unit.line_start,
        line_end=unit.line_end,
    )
    ctx.tasks.append(task)
    if warnings:
        ctx.findings.append(
            Finding(
                source=ctx.src.name,
                line_start=unit.line_start,
                line_end=unit.line_end,
                reason=f"directive {no}: {warnings[0]}",
            )
        )
    return task


def _unit_of(target: str) -> str | None:
    if "%" in target:
        return "%"
    folded = target.casefold()
    for word in UNIT_WORDS:
        if folded.startswith(word):
            return word
    first = target.split(" ", 1)[0]
    return first or None


def _target(segment: str) -> tuple[str, str, str | None] | None:
    """(name, target, unit) of one quantified target, or None.

    "có từ 25 nhiệm vụ khoa học và công nghệ cấp tỉnh trở lên được nghiệm thu" ->
    ("nhiệm vụ khoa học và công nghệ cấp tỉnh được nghiệm thu", "≥ 25", "nhiệm vụ").
    """
    segment = segment.strip(" .;,")
    if rank := RANK.search(segment):
        return "", rank.group(0).strip(), "thứ hạng"
    body = TARGET_LEAD.sub("", segment)
    quantities = list(QUANTITY.finditer(body))
    # A percentage is the target even when another number comes first ("Mạng 5G … 100%").
    m = next((q for q in quantities if q.group("pct")), quantities[0] if quantities else None)
    if not m or not QUANTIFIED.search(segment):
        return None
    qualifier = (m.group("qual") or "").casefold()
    at_least = qualifier in {"từ", "ít nhất", "tối thiểu"} or "trở lên" in body
    above = qualifier in {"trên", "hơn"}
    number = m.group("num") + ("%" if m.group("pct") else "")
    sign = "> " if above else "≥ " if at_least else ""
    after = body[m.end() :].strip()
    before = TARGET_LEAD.sub("", body[: m.start()].strip()).strip()
    before = re.sub(r"\s*(?:phấn đấu|phần đầu)\s*(?:đạt)?$", "", before).strip()
    name = " ".join(p for p in (before, after) if p)
    name = _WS.sub(" ", re.sub(r"\btrở lên\b", "", name)).strip(" ,")
    unit = "%" if m.group("pct") else _unit_of(after)
    return name, sign + number, unit


def _horizon(text: str, fallback: int | None) -> int | None:
    years = [int(y) for y in YEAR_IN_TEXT.findall(text)]
    return max(years) if years else fallback


def _add_indicator(
    ctx: Context,
    no: str,
    name: str,
    target: str,
    unit: str | None,
    horizon: int | None,
    group: str | None,
    unit_span: Unit,
    monitors: list[str],
) -> None:
    ctx.indicators.append(
        Indicator(
            id=f"{ctx.doc_id}/indicator/{no}",
            doc_id=ctx.doc_id,
            no=no,
            name=name,
            unit=unit,
            target=target,
            horizon=horizon,
            group=group,
            monitors=_assignments(ctx, [(m, "lead") for m in monitors], unit_span),
            source=ctx.src.name,
            line_start=unit_span.line_start,
            line_end=unit_span.line_end,
        )
    )


def _targets_of(
    ctx: Context,
    no: str,
    text: str,
    unit: Unit,
    group: str,
    horizon: int | None,
    monitors: list[str],
) -> int:
    """Indicators for each quantified "; "-separated target of a "chỉ tiêu" item."""
    label = TOPIC_LABEL.match(text)
    topic = label.group("topic").strip() if label else None
    body = text[label.end() :] if label else text
    sub_group = f"{group} › {topic}" if topic and topic not in group else group
    count = 0
    for segment in re.split(r"[;]|\.\s+(?=[A-ZĐ])", body):
        found = _target(segment)
        if not found:
            continue
        name, target, unit_word = found
        if not name and topic:
            name = topic[:1].upper() + topic[1:]
        count += 1
        _add_indicator(
            ctx,
            f"{no}.{count}" if count > 1 or _has_more(body, segment) else no,
            name or segment.strip(),
            target,
            unit_word,
            _horizon(segment, horizon),
            sub_group,
            unit,
            monitors,
        )
    return count


def _has_more(body: str, segment: str) -> bool:
    """True when a "chỉ tiêu" text holds more than one quantified target."""
    parts = [s for s in re.split(r"[;]|\.\s+(?=[A-ZĐ])", body) if _target(s)]
    return len(parts) > 1


def _strive_targets(ctx: Context, task: Task, unit: Unit, group: str | None) -> None:
    """'phấn đấu 100% thôn, làng được phủ …' inside a directive: an Indicator as well."""
    for i, m in enumerate(STRIVE_TARGET.finditer(task.text), start=1):
        found = _target(m.group(0))
        if not found:
            continue
        name, target, unit_word = found
        lead = [a.agency for a in task.assignments if a.role == "lead"]
        year = (
            task.due.year
            if task.due
            else _horizon(task.text, ctx.reference.year if ctx.reference else None)
        )
        _add_indicator(ctx, f"{task.no}.{i}", name, target, unit_word, year, group, unit, lead)


# --------------------------------------------------------------------------------- loader


def _reference_date(document: Document, lines: list[str], body_start: int) -> date | None:
    """The notice date: the identity's, else the first date of the intro ("Ngày 18/3/2025")."""
    if document.issued:
        return document.issued
    intro = collapse(" ".join(lines[:body_start]))
    m = deadlines.FULL_DATE.search(intro.casefold())
    if not m:
        return None
    d, mo, y = (
        (m.group("d"), m.group("m"), m.group("y"))
        if m.group("d")
        else (m.group("d2"), m.group("m2"), m.group("y2"))
    )
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _is_target_block(heading: str) -> bool:
    return "chỉ tiêu" in heading.casefold()


def _walk_item(
    ctx: Context, item: Unit, prefix: str, section_title: str | None, in_target_block: bool
) -> None:
    heading_names, label = _heading_agencies(item.text)
    no_item = f"{prefix}{item.marker}"
    if item.children:
        label_text = f"{item.marker}. {item.text.rstrip(' :')}"
    elif label:
        label_text = f"{item.marker}. {label.rstrip(' :')}"
    else:
        topic = TOPIC_LABEL.match(item.text)
        label_text = f"{item.marker}. " + (
            f"Về {topic.group('topic')}" if topic else item.text[:60]
        )
    group = f"{section_title} › {label_text}" if section_title else label_text
    agencies = heading_names or ctx.addressee
    target_block = in_target_block or _is_target_block(item.text)
    horizon = _horizon(
        f"{section_title or ''} {item.text}", ctx.reference.year if ctx.reference else None
    )

    def directive(no: str, text: str, unit: Unit, grp: str) -> None:
        if target_block and QUANTIFIED.search(text):
            made = _targets_of(ctx, no, text, unit, grp, horizon, agencies)
            if made:
                return
        if unit.kind == "item" and (topic_label := TOPIC_LABEL.match(text)):
            text = text[topic_label.end() :]  # "Về nhân lực: Tập trung …": the topic is in group
        task = _add_task(ctx, no, grp, text, unit, agencies)
        _strive_targets(ctx, task, unit, grp)

    if not item.children:
        text = _after_colon(item.text) if heading_names and ":" in item.text else item.text
        directive(no_item, text, item, group)
        return
    ctx.accounted.append((item.line_start, item.line_end))
    # A heading with prose of its own before the bullets ("X: Chủ trì …; - …").
    own = _after_colon(item.text) if ":" in item.text else ""
    if own and not _is_target_block(item.text):
        directive(no_item, own, item, group)
    for n, bullet in enumerate(item.children, start=1):
        directive(f"{no_item}.{bullet.marker or n}", bullet.text, bullet, group)


def load_notice(src: SourceText, document: Document) -> Extraction:
    """Directives and indicators of a Thông báo, with the boilerplate spans it accounts for.

    >>> from obligraph.loaders.text import read_source
    >>> from obligraph.loaders.records import Document
    >>> src = read_source("data/raw/000_6a0873ae99d3cd7d.txt")  # doctest: +SKIP
    >>> [t.no for t in load_notice(src, Document(id="doc:x")).tasks][:3]  # doctest: +SKIP
    ['I.3', 'I.4.1', 'I.4.2']
    """
    lines = src.lines
    bounds = _body_bounds(lines)
    if bounds is None:
        return Extraction(
            findings=[
                Finding(
                    source=src.name,
                    reason="notice has no numbered items: no directive could be read",
                )
            ]
        )
    start, end = bounds
    ctx = Context(
        src=src,
        doc_id=document.id,
        reference=_reference_date(document, lines, start),
        addressee=_addressee(lines, start),
    )
    if start > 0:
        ctx.accounted.append((1, start))  # title and intro paragraph
    if end < len(lines):
        ctx.accounted.append((end + 1, len(lines)))  # closing, Nơi nhận, signature
    roots, loose = _units(lines, start, end)
    for root in roots:
        if root.kind == "section":
            ctx.accounted.append((root.line_start, root.line_end))
            title = f"{root.marker}. {root.text}"
            if root.children and all(c.kind == "bullet" for c in root.children):
                # "II. NHIỆM VỤ" followed directly by bullets: the section is their heading.
                _walk_item(ctx, root, "", None, _is_target_block(root.text))
                continue
            for child in root.children:
                if child.kind == "item":
                    _walk_item(ctx, child, f"{root.marker}.", title, _is_target_block(root.text))
                else:
                    loose.append(child)
        else:
            _walk_item(ctx, root, "", None, False)
    for unit in loose:
        ctx.findings.append(
            Finding(
                source=src.name,
                line_start=unit.line_start,
                line_end=unit.line_end,
                reason=f"notice text outside any numbered item: {unit.text[:80]}",
            )
        )
    return Extraction(
        tasks=_distinct_ids(ctx.tasks, ctx),
        indicators=_distinct_ids(ctx.indicators, ctx),
        findings=ctx.findings,
        accounted=sorted(set(ctx.accounted)),
    )


def _distinct_ids(records: list, ctx: Context) -> list:
    """Records whose number repeats in the notice (a numbering slip: "a) …" twice under
    one heading) keep the number as printed but get an id of their own ("…/task/I.a-2"),
    with a finding; otherwise the graph would merge two directives into one."""
    seen: dict[str, int] = {}
    out = []
    for record in records:
        count = seen[record.id] = seen.get(record.id, 0) + 1
        if count > 1:
            new_id = f"{record.id}-{count}"
            ctx.findings.append(
                Finding(
                    source=ctx.src.name,
                    line_start=record.line_start,
                    line_end=record.line_end,
                    reason=f"item {record.no} is numbered like an earlier one: kept apart as {new_id}",
                )
            )
            record = record.model_copy(update={"id": new_id})
        out.append(record)
    return out
