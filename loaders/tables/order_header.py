"""Reading-order tables (text extracted from PDFs): the header block and the column roles
its words name, in the order they are printed.

`find_header(lines, start)` finds a header block ("TT Tên nhiệm vụ / Cơ quan / chủ trì …"),
tolerating a misprinted header line ("Cơq uan") that it reads as the phrase it nearly spells
and reports in `Header.corrections`; `layout_from_header` gives the roles. Split from
loaders/table.py, which re-exports these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.tables.columns import normalize, vocabulary
from obligraph.loaders.tables.order_patterns import GROUP_HEADING, ROW_NUMBER

# ---------------------------------------------------------------------------------------
# Column roles and what each holds

ROLE_KIND = {
    "text": "text",
    "name": "text",
    "lead": "agency",
    "coordinate": "agency",
    "monitor": "agency",
    "result": "free",
    "deadline": "deadline",
    "unit": "unit",
    "target": "target",
    "note": "free",
    **{r: "free" for r in ("extra1", "extra2", "extra3")},
}
# Cells for header columns whose role another column already has ("Kinh phí" beside
# "Ghi chú"): kept apart, not read into any field.
EXTRA_ROLES = ("extra1", "extra2", "extra3")
# Header words -> column role, in the order they can appear; the first match wins per
# header position. Indicator tables use "Kết quả" for the target value.
_HEADER_ROLES_TASKS = [
    ("tên nhiệm vụ", "text"),
    ("nội dung nhiệm vụ", "text"),
    ("nội dung", "text"),
    ("nhiệm vụ", "text"),
    ("chủ trì", "lead"),
    ("phối hợp", "coordinate"),
    ("kết quả", "result"),
    ("sản phẩm", "result"),
    ("thời gian", "deadline"),
    ("thời hạn", "deadline"),
    ("tiến độ", "deadline"),
    ("ghi chú", "note"),
]
_HEADER_ROLES_INDICATORS = [
    ("chỉ tiêu", "name"),
    ("đơn vị tính", "unit"),
    ("đơn vị", "unit"),
    ("kết quả", "target"),
    ("mục tiêu", "target"),
    ("giá trị", "target"),
    ("theo dõi", "monitor"),
    ("chủ trì", "monitor"),
    ("ghi chú", "note"),
]
# Every phrase a header line may be made of ("Cơ quan", "chủ trì", "hoàn thành" …).
HEADER_PHRASES = sorted(
    {
        "tt",
        "stt",
        "số tt",
        "tên nhiệm vụ",
        "nội dung nhiệm vụ",
        "nội dung",
        "nhiệm vụ",
        "cơ quan",
        "đơn vị",
        "chủ trì",
        "phối hợp",
        "cơ quan chủ trì",
        "cơ quan phối hợp",
        "kết quả",
        "sản phẩm",
        "kết quả/sản phẩm",
        "thời gian",
        "hoàn thành",
        "thời hạn",
        "tiến độ",
        "thời gian hoàn thành",
        "chỉ tiêu",
        "đơn vị tính",
        "theo dõi",
        "đánh giá",
        "theo dõi, đánh giá",
        "mục tiêu",
        "giá trị",
        "ghi chú",
        "dự kiến",
        "đầu ra",
    },
    key=len,
    reverse=True,
)
_HEADER_OPENER = re.compile(r"^(?:s?tt|số tt)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _folded_phrases() -> tuple[str, ...]:
    # fold() also moves tone marks ("hoàn" -> "hòan"): compare folded with folded.
    return tuple(sorted({_fold(p) for p in HEADER_PHRASES}, key=len, reverse=True))


@dataclass(frozen=True)
class Header:
    """A header block: its lines (0-based indexes, inclusive) and their joined text."""

    start: int
    end: int  # index of the last header line
    text: str
    # header lines read as the phrase they nearly spell: (1-based line, printed, read as)
    corrections: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class Layout:
    """What a table holds: 'tasks' or 'indicators', its column roles in order (without
    the number column), and the folded header lines, to recognise repeats."""

    kind: str
    roles: tuple[str, ...]
    header_lines: frozenset[str]
    # header phrases naming a column of a role already read, beyond the extra cells
    # (EXTRA_ROLES) the splitter keeps for such columns: its rows are in doubt
    dropped: tuple[str, ...] = ()


@lru_cache(maxsize=262144)
def _fold(text: str) -> str:
    return am.fold(text)


_WORD = re.compile(r"[\wÀ-ỹ]+")
_HEADER_SEPARATORS = re.compile(r"[\s,/.:;()\-–]+")


@lru_cache(maxsize=1)
def _header_phrase_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?<![\wÀ-ỹ]){re.escape(p)}(?![\wÀ-ỹ])") for p in _folded_phrases())


@lru_cache(maxsize=1)
def _header_words() -> frozenset[str]:
    return frozenset(w for p in _folded_phrases() for w in _WORD.findall(p))


def is_header_line(text: str) -> bool:
    """True when a line is made only of header phrases ("Cơ quan", "chủ trì", "TT …")."""
    rest = _fold(text)
    if not rest:
        return False
    # A word of no header phrase survives every removal below: most lines stop here.
    words = _header_words()
    if any(w not in words for w in _WORD.findall(rest)):
        return _vocabulary_line(text)
    for pattern in _header_phrase_patterns():
        rest = pattern.sub(" ", rest)
    return not _HEADER_SEPARATORS.sub("", rest) or _vocabulary_line(text)


@lru_cache(maxsize=1)
def _vocabulary_words() -> frozenset[str]:
    """Every word of the column vocabulary (loaders/tables/columns.yaml), accents folded."""
    return frozenset(w for ps in vocabulary().roles.values() for p in ps for w in p.split())


@lru_cache(maxsize=1)
def _vocabulary_phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for ps in vocabulary().roles.values() for p in ps)


def _vocabulary_line(text: str) -> bool:
    """A header line made of whole phrases of the shared column vocabulary ("Đơn vị thực
    hiện", "Nguồn kinh phí"), which the phrases above do not list. "Kết quả thực hiện đề
    án" is not one: "thực hiện đề án" is no phrase."""
    words = normalize(text).split()
    if not words or any(w not in _vocabulary_words() for w in words):
        return False
    phrases = _vocabulary_phrases()
    longest = max(len(p) for p in phrases)
    # can the words be cut into vocabulary phrases (or "tt"/"stt")? a small DP
    ok = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        ok[end] = any(
            ok[start] and tuple(words[start:end]) in phrases
            for start in range(max(0, end - longest), end)
        )
    return ok[-1]


def find_header(lines: list[str], start: int, end: int | None = None) -> Header | None:
    """The first header block at or after line index `start` (0-based): a line opening
    with "TT"/"STT" made of header phrases, and the header-phrase lines that follow."""
    end = len(lines) if end is None else end
    for i in range(start, end):
        line = lines[i].strip()
        if not line or not _HEADER_OPENER.match(_fold(line)) or not is_header_line(line):
            continue
        last, parts = i, [line]
        corrections: list[tuple[int, str, str]] = []  # (line, as printed, read as)
        j = i + 1
        while j < end:
            nxt = lines[j].strip()
            if not nxt:
                j += 1
                continue
            if _HEADER_OPENER.match(_fold(nxt)):
                break
            if not is_header_line(nxt):
                close = near_header_phrase(nxt)
                if close is None:
                    break
                corrections.append((j + 1, nxt, close))
                nxt = close
            parts.append(nxt)
            last = j
            j += 1
        return Header(i, last, " ".join(parts), tuple(corrections))
    return None


# A header line whose letters, spaces dropped, score at least this (rapidfuzz ratio) against
# a header phrase's is that phrase misprinted: "Cơq uan" (cơquan = cơ quan), "Kết uqả"
# (83 against "kết quả"). Lines shorter than 5 letters are never guessed.
NEAR_HEADER = 80.0


def near_header_phrase(line: str) -> str | None:
    """The header phrase a misprinted header line stands for, or None."""
    if GROUP_HEADING.match(line.strip()) or ROW_NUMBER.match(line.strip()):
        return None  # "II. NHIỆM VỤ", "3 Triển khai": a group or a row, never a header
    squeezed = re.sub(r"[\s,./:;()\-–]+", "", _fold(line))
    if len(squeezed) < 5 or len(squeezed) > 30:
        return None
    best = max(
        (
            (fuzz.ratio(squeezed, flat), p)
            for p in _folded_phrases()
            if abs(len(flat := re.sub(r"[\s,./]+", "", p)) - len(squeezed)) <= 2
        ),
        default=(0.0, ""),
    )
    return best[1] if best[0] >= NEAR_HEADER else None


# Roles of the shared vocabulary the reading-order splitter has cells for, and the one it
# reads them as ("Đơn vị thực hiện": lead; "Nguồn kinh phí", "Văn bản giao": notes).
_SPLITTER_ROLE = {
    "text": "text",
    "lead": "lead",
    "responsibility": "lead",
    "coordinate": "coordinate",
    "result": "result",
    "deadline": "deadline",
    "note": "note",
    "funding": "note",
    "basis": "note",
    "monitor": "monitor",
}


def _vocabulary_roles(
    folded: str,
    taken: list[tuple[int, int]],
    have: set[str],
    indicators: bool,
    dropped: list[tuple[int, int, str, str]] | None = None,
) -> list[tuple[int, str]]:
    """Roles the header's words name in the shared vocabulary, at spans no phrase above
    took, for roles not found yet: so a header worded "Nhiệm vụ, giải pháp | Đơn vị thực
    hiện | Đơn vị phối hợp" reads the same in reading order as in a stated table."""
    if indicators:
        return []
    spans = [(m.start(), m.end(), normalize(m.group())) for m in _WORD.finditer(folded)]
    free = [(a, b, w) for a, b, w in spans if not any(x < b and a < y for x, y in taken)]
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(free):
        best = None
        for role, phrases in vocabulary().roles.items():
            role = _SPLITTER_ROLE.get(role)
            if role is None:
                continue
            for phrase in phrases:
                n = len(phrase.split())
                window = free[i : i + n]
                got = " ".join(w for _, _, w in window)
                # the words must stand together: "Cơ quan [phối hợp] Đơn vị thực hiện"
                # holds no "cơ quan đơn vị thực hiện"
                apart = any(window[0][0] < a < window[-1][1] for a, _ in taken)
                if got == phrase and not apart and (best is None or n > best[0]):
                    best = (n, role)
        if best is None:
            i += 1
            continue
        if best[1] in have:  # a second column of a role already read
            if dropped is not None:
                a, b = free[i][0], free[i + best[0] - 1][1]
                dropped.append((a, b, best[1], folded[a:b]))
            i += best[0]
            continue
        out.append((free[i][0], best[1]))
        have.add(best[1])
        i += best[0]
    return out


def layout_from_header(text: str) -> Layout:
    """Column roles from the header words, in the order the words are printed.

    >>> layout_from_header("TT Chỉ tiêu Đơn vị Kết quả Cơ quan chủ trì theo dõi, đánh giá").roles
    ('name', 'unit', 'target', 'monitor')
    >>> layout_from_header("STT Nội dung Cơ quan chủ trì Cơ quan phối hợp Sản phẩm Thời hạn").roles
    ('text', 'lead', 'coordinate', 'result', 'deadline')
    """
    folded = _fold(text)
    indicators = "chỉ tiêu" in folded and "nhiệm vụ" not in folded
    table = _HEADER_ROLES_INDICATORS if indicators else _HEADER_ROLES_TASKS
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    dropped: list[tuple[int, int, str, str]] = []  # (start, end, role, phrase)
    for phrase, role in table:
        phrase = _fold(phrase)
        for m in re.finditer(rf"(?<![\wÀ-ỹ]){re.escape(phrase)}(?![\wÀ-ỹ])", folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if role in {r for _, r in found}:
                dropped.append((m.start(), m.end(), role, m.group()))
                continue
            taken.append((m.start(), m.end()))
            spans.setdefault(role, []).append((m.start(), m.end()))
            found.append((m.start(), role))
            break
    dropped = [d for d in dropped if not any(a < d[1] and d[0] < b for a, b in taken)]
    found += _vocabulary_roles(folded, taken, {r for _, r in found}, indicators, dropped)
    header_lines = frozenset(_fold(part) for part in text.split("  ") if part.strip())
    doubts = [(a, p) for a, b, r, p in dropped if not _beside(folded, (a, b), spans.get(r, []))]
    # A second column of a role already read gets a cell of its own, kept apart
    # ("extra1" …): its words then stay out of its neighbours.
    extras = [(a, f"extra{k}") for k, (a, _) in enumerate(doubts[: len(EXTRA_ROLES)], start=1)]
    roles = tuple(role for _, role in sorted(found + extras))
    unheld = tuple(p for _, p in doubts[len(EXTRA_ROLES) :])
    return Layout("indicators" if indicators else "tasks", roles, header_lines, unheld)


# Between two phrases of one column's header ("Kết quả/sản phẩm", "Thời gian, tiến độ").
_JOINER = re.compile(r"^(?:[\s,/.;:()\-–&]|và|hoặc)*$")


def _beside(folded: str, span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """A phrase that only punctuation or "và" parts from a phrase of the same role: both
    name one column."""
    a, b = span
    for x, y in others:
        gap = folded[y:a] if y <= a else folded[b:x]
        if _JOINER.match(gap):
            return True
    return False
