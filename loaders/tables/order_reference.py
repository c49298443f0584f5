"""The reading-order cell splitter as it was before issue 21: the reference implementation.

Moved here verbatim from loaders/table.py (issue 21a) so that the faster splitter
(loaders/tables/order_split.py) can be measured and tested against it: select it with
`split_cells(rows, layout, splitter="reference")` in loaders/table.py or with
OBLIGRAPH_SPLITTER=reference. The cell cost model (patterns, `_cell_cost`, `_span_cost`,
`atoms_of`, `_learn`) lives here too and the fast splitter reuses it unchanged: only the
search and the learning pass differ. Do not change this module's answers.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.tables.order_checks import cell_doubts, layout_doubt
from obligraph.loaders.tables.order_header import (
    ROLE_KIND,
    Layout,
    _fold,
)
from obligraph.loaders.tables.order_rows import Cell, Row

# ---------------------------------------------------------------------------------------
# Patterns of cell contents (each with an example of what it matches)

# A wide gap between two cells on one line: two or more spaces.
WIDE_GAP = re.compile(r"\s{2,}")
# Deadline shapes, the whole cell: "Hằng tháng", "Quý I/2026", "9/2025", "Tháng 12/2025",
# "15/6/2025", "Năm 2025 và những năm tiếp theo", "2025 - 2026", "Thường xuyên",
# "Nhiệm vụ thường xuyên", "Sau khi Bộ Nội vụ ban hành chính sách", "Theo kế hoạch của …".
_DEADLINE_BODY = r"""(?:
    (?:nhiệm\s+vụ\s+)?thường\s+xuyên
  | (?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)
  | định\s+kỳ\b.*
  | quý\s+[IV]{1,3}(?:\s*/\s*\d{4}|\s+(?:hằng|hàng)\s+năm|\s+năm\s+\d{4})?
  | (?:tháng\s+)?\d{1,2}\s*/\s*\d{4}
  | (?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}
  | (?:năm\s+)?\d{4}(?:\s*[-–]\s*\d{4})?(?:\s+và\s+(?:những|các)\s+năm\s+tiếp\s+theo)?
  | (?:sau|ngay)\s+khi\b.*
  | theo\s+(?:kế\s+hoạch|lộ\s+trình|tiến\s+độ|yêu\s+cầu)\b.*
  | (?:trước|chậm\s+nhất)\s+(?:ngày|tháng|quý|năm)\b.*
  | (?:đến|trong)\s+(?:năm|tháng|quý)\s+\S+.*
  | giai\s+đoạn\s+\d{4}.*
)"""
DEADLINE_CELL = re.compile(rf"^{_DEADLINE_BODY}$", re.IGNORECASE | re.VERBOSE)
# The same shapes at the start of a text: where a deadline cell may begin mid-line.
DEADLINE_START = re.compile(
    r"^(?:(?:nhiệm\s+vụ\s+)?thường\s+xuyên|(?:hằng|hàng)\s+(?:tháng|quý|năm)|quý\s+[IV]{1,3}\b"
    r"|tháng\s+\d|năm\s+\d{4}|\d{1,2}\s*/\s*\d{4}\b|\d{1,2}/\d{1,2}/\d{4}|\d{4}\s*[-–]\s*\d{4}"
    r"|(?:sau|ngay)\s+khi\b|theo\s+kế\s+hoạch\b)",
    re.IGNORECASE,
)
# A target value: "≥ 30", "≤20", "> 60", "100", "16 - 18", ">0,75", "01", "2".
NUMERIC_TARGET = re.compile(r"^[≥≤<>=]{0,2}\s*\d[\d.,]*\s*%?(?:\s*[-–]\s*\d[\d.,]*\s*%?)?$")
# Where a target cell begins: a comparator or a digit ("≥ 3% và tăng dần theo …").
TARGET_START = re.compile(r"^(?:[≥≤<>]|\d)")
# A unit of measure: "%", "% GRDP", "Thứ bậc", "Người/vạn dân", "Số doanh nghiệp/1000 dân".
UNIT_CELL = re.compile(r"^(?:%.{0,20}|[^\d≥≤<>]{1,45})$")
# An acronym that names an organisation in an agency list: "ICISE", "FPT", "VNPT".
ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ&]{1,9}$")
# A list item opening a line inside a cell: "(3) Xây dựng …", "- Tổ chức …", "a) …".
LIST_ITEM = re.compile(r"^(?:\(\d{1,2}\)|[-–•+]\s|[a-zđ]\)\s)")
# Cell openers that look like agency names but are not: "Báo cáo thực hiện".
NOT_AGENCY_OPENERS = ("báo cáo",)


# ---------------------------------------------------------------------------------------
# Cells

BOUNDARY_SPLIT = 1.0  # a cell that starts after a single space, mid-piece
GAP_JOIN = 1.2  # a wide gap inside one cell
WRAP_VIOLATION = 1.0
UNSEPARATED_NAMES = 1.0  # two agency names in one cell with no separator between them  # a short line whose successor's first word would have fitted
GAP_JOIN_TEXT = 0.3  # … inside running text, before a lower-case word: a double space
MARKER_ABSORBED = 0.8  # an empty-cell marker that sits inside a non-empty cell
EMPTY_COST = {"text": 8.0, "agency": 2.5, "free": 2.5, "deadline": 2.5, "unit": 1.5, "target": 1.5}
# The first agency column (the lead) is rarely empty: its absence costs a little more.
EMPTY_LEAD_EXTRA = 1.0
LOWERCASE_SPLIT = 1.0  # a cell opening mid-line on a lower-case word
NEW_COLUMN_AFTER_BREAK = 0.5  # a page-break fragment usually continues one column
OPEN_AT_BREAK = 0.5  # a cell still empty when a page break cuts the row
LOWERCASE_OPENING = 1.5  # a result, deadline, unit or target cell opening in lower case
# A comparator or a free-standing percent sign: a value, not running text ("% GRDP ≥ 30").
VALUE_TOKEN = re.compile(r"(?:^|\s)(?:[≥≤]|%)(?=\s|$)")
AMBIGUITY_MARGIN = 0.6  # best split within this of the next different split: flag the row
BAD_CELL = 3.0
MAX_AGENCY_CELL = 180  # characters: longer is not a list of agencies
MAX_CELL_ATOMS = 24  # pieces in one non-text cell: bounds the search  # a cell costing this much does not look like its column: flag the row


@dataclass(frozen=True)
class Atom:
    """A piece of a row's text that a cell boundary cannot split further."""

    text: str
    line: int
    before: str  # "line" | "gap" | "space": how it is separated from the previous atom
    marker: bool = False  # an empty-cell marker (blank line of spaces, "-", leading gap)


@dataclass
class Context:
    """What the second pass knows about the table: agency names and column widths."""

    vocabulary: frozenset[str] = frozenset(am.KNOWN_NAMES)  # names as printed
    widths: dict[str, float] = field(default_factory=dict)
    text_width: float = 45.0


# DEADLINE_START reads at most this many words ("nhiệm vụ thường xuyên", "12 / 2025"):
# inside a piece (no wide gap) words are one space apart, so matching the next few words
# is matching the rest of the piece.
_DEADLINE_START_WORDS = 6


def _split_points(piece: str, ctx: Context) -> list[int]:
    """Word indexes inside a piece where a cell may begin after a single space."""
    words = piece.split(" ")
    window = _DEADLINE_START_WORDS
    deadline_at = [
        DEADLINE_START.match(" ".join(words[k : k + window])) is not None for k in range(len(words))
    ]
    points = []
    for k in range(1, len(words)):
        word, prev = words[k], words[k - 1]
        if not word:
            continue
        head = word[0]
        if deadline_at[k - 1] and not deadline_at[k]:
            continue  # "Năm | 2025": the deadline starts one word earlier
        if prev in {"≥", "≤", ">", "<", "=", "-", "–"}:
            continue  # "≥ | 30", "16 - | 18": a value does not split after its sign
        if (
            head.isdigit()
            or head in "≥≤<>%"
            or deadline_at[k]
            or (head.isupper() and prev[:1].islower())
            or _agency_opener(" ".join(words[k:]))
            or (head.isupper() and _ends_with_known(" ".join(words[:k]), ctx))
        ):
            points.append(k)
    return points


def _ends_with_known(prefix: str, ctx: Context) -> bool:
    return _fold(prefix).endswith(_vocab_index(ctx.vocabulary).suffixes)


@lru_cache(maxsize=8)
def _folded_vocab(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(_fold(n) for n in vocabulary)


@dataclass(frozen=True)
class _VocabIndex:
    """A vocabulary arranged for the questions the cost functions ask of it many times."""

    suffixes: tuple[str, ...]  # folded names over 4 characters: "ends with a known name"
    prefixes: tuple[str, ...]  # folded names over 6 characters: "starts with a known name"
    with_known: frozenset[str]  # folded names, with am.KNOWN_NAMES
    by_folded: tuple[tuple[str, str], ...]  # (folded, printed), sorted: prefix ranges
    folded_keys: tuple[str, ...]  # the folded names of `by_folded`, for bisect


@lru_cache(maxsize=8)
def _vocab_index(vocabulary: frozenset[str]) -> _VocabIndex:
    folded = _folded_vocab(vocabulary)
    by_folded = tuple(sorted((_fold(n), n) for n in vocabulary))
    return _VocabIndex(
        suffixes=tuple(sorted(n for n in folded if len(n) > 4)),
        prefixes=tuple(sorted(n for n in folded if len(n) > 6)),
        with_known=_folded_vocab(vocabulary | frozenset(am.KNOWN_NAMES)),
        by_folded=by_folded,
        folded_keys=tuple(f for f, _ in by_folded),
    )


def _names_opening(folded: str, names: frozenset[str]) -> list[str]:
    """The names n with `folded.startswith(n + " ")`, longest first (at most one a length:
    each ends where `folded` has a space).

    >>> _names_opening("sở tài chính tỉnh", frozenset({"sở tài chính", "sở", "sở y tế"}))
    ['sở tài chính', 'sở']
    """
    out: list[str] = []
    k = folded.find(" ")
    while k >= 0:
        if folded[:k] in names:
            out.append(folded[:k])
        k = folded.find(" ", k + 1)
    return out[::-1]


def atoms_of(lines: list[tuple[int, str]], ctx: Context) -> list[Atom]:
    """The atoms of a row fragment: pieces between wide gaps, split further where a cell
    may begin mid-piece; blank lines of spaces, lone dashes and leading gaps are markers."""
    atoms: list[Atom] = []
    for number, raw in lines:
        text = raw.rstrip()
        if not text.strip():
            if len(raw) >= 2:
                atoms.append(Atom("", number, "line", marker=True))
            continue
        lead = len(text) - len(text.lstrip(" "))
        if lead >= 2:
            for _ in range(max(1, lead // 2)):
                atoms.append(Atom("", number, "line", marker=True))
        stripped = text.strip()
        if stripped in {"-", "–", "—"}:
            atoms.append(Atom("", number, "line", marker=True))
            continue
        for p_idx, piece in enumerate(WIDE_GAP.split(stripped)):
            words = piece.split(" ")
            cuts = [0, *_split_points(piece, ctx), len(words)]
            for c_idx in range(len(cuts) - 1):
                chunk = " ".join(words[cuts[c_idx] : cuts[c_idx + 1]])
                before = "space" if c_idx else ("gap" if p_idx else "line")
                atoms.append(Atom(chunk, number, before))
    return atoms


def _join(parts: list[str]) -> str:
    """Join wrapped pieces: a space between, none after a word-final hyphen or slash."""
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        prev = out[-1] if out else ""
        if len(prev) > 1 and prev[-1] in "-/" and prev[-2].isalnum() and not part[:1].islower():
            out[-1] = prev + part
        else:
            out.append(part)
    return " ".join(" ".join(out).split())


def cell_text(atoms: list[Atom]) -> str:
    return _join([a.text for a in atoms if not a.marker])


def _line_groups(atoms: list[Atom]) -> list[str]:
    """The cell's text per printed line."""
    by_line: dict[int, list[str]] = {}
    for a in atoms:
        if not a.marker:
            by_line.setdefault(a.line, []).append(a.text)
    return [_join(v) for _, v in sorted(by_line.items())]


@lru_cache(maxsize=262144)
def _agency_opener(text: str) -> bool:
    folded = _fold(text)
    if any(folded.startswith(w) for w in NOT_AGENCY_OPENERS):
        return False
    return am.looks_like_agency(text)


def cell_agencies(text: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Agency mentions in an agency cell. A trailing acronym is its own agency, and a known
    name followed directly by another agency name ends there (cells wrap without commas).

    >>> cell_agencies("ICISE, Đại học Quy Nhơn, FPT")
    ['ICISE', 'Đại học Quy Nhơn', 'FPT']
    >>> cell_agencies("Văn phòng UBND tỉnh Sở Khoa học và Công nghệ", frozenset({"Văn phòng UBND tỉnh"}))
    ['Văn phòng UBND tỉnh', 'Sở Khoa học và Công nghệ']
    """
    return list(_cell_agencies(text, vocabulary))


def _split_after_known(mention: str, vocabulary: frozenset[str]) -> list[str]:
    folded = _fold(mention)
    if len(folded) != len(mention):
        return [mention]
    for name in _names_opening(folded, _vocab_index(vocabulary).with_known):  # longest first
        rest = mention[len(name) :].strip()
        if rest[:1].isupper() and _agency_opener(rest):
            return [mention[: len(name)].strip(), *_split_after_known(rest, vocabulary)]
    return [mention]


@lru_cache(maxsize=65536)
def _split_agencies(text: str) -> tuple[str, ...]:
    return tuple(am.split_agencies(text))


@lru_cache(maxsize=65536)
def _cell_agencies(text: str, vocabulary: frozenset[str] | None) -> tuple[str, ...]:
    """Mentions; `vocabulary` None: split at separators only."""
    out: list[str] = []
    mentions = list(_split_agencies(text))
    if vocabulary is not None:
        mentions = [p for m in mentions for p in _split_after_known(m, vocabulary)]
    for mention in mentions:
        # A comma part opening with an acronym is an organisation of its own ("…, FPT").
        parts = [p.strip() for p in mention.split(",")]
        current = parts[0]
        for part in parts[1:]:
            if part and ACRONYM.match(part.split(" ")[0]):
                out.append(current)
                current = part
            else:
                current = f"{current}, {part}"
        out.append(current)
    return tuple(out)


@lru_cache(maxsize=65536)
def _mention_cost(mention: str, vocabulary: frozenset[str]) -> float:
    folded = _fold(mention)
    known = _folded_vocab(vocabulary)
    if folded in known:
        return 0.0
    if _agency_opener(mention):
        extra = max(0, len(mention.split()) - 7)
        cost = 0.6 + 0.3 * extra
        opening = _names_opening(folded, known)
        name = opening[0] if opening else None  # the longest
        if name is not None:
            # A known name followed by more words: "Sở Khoa học và Công nghệ Các".
            tail = mention[len(name) :].strip()
            cost += 1.5 if tail[:1].isupper() else 0.3
        return cost
    if ACRONYM.match(mention):
        return 0.8
    if mention[:1].isupper() and am.find_agencies(mention):
        return 1.5  # "Tổ giúp việc Ban Chỉ đạo Tỉnh uỷ"
    return 4.0


# An agency cell cannot end on a joiner or a bare head word: "Sở Khoa học và",
# "Ban Tuyên giáo –", "Tổ giúp việc Ban".
DANGLING_END = re.compile(
    r"(?:(?:^|\s)(?:và|của|các|Ban|Sở|Bộ|Văn phòng|Ủy ban|UBND|Trung tâm|Khu|Đại học|Trường"
    r"|Công an|Ngân hàng|Chi cục|Cục|Viện|Đài|Bảo hiểm)|[–-])$",
    re.IGNORECASE,
)
# A capitalised collective inside one mention: two cells run together ("… ICISE Các nhiệm vụ").
MID_COLLECTIVE = re.compile(r"\S\s+Các\s")
# Words that qualify a complete agency name rather than continue it: "… liên quan".
QUALIFIER_TAILS = ("liên quan", "có liên quan", "trực thuộc", "thuộc tỉnh", "trên địa bàn")
# A result does not end on the word that opens a deadline: "… tại các trường Tháng".
DEADLINE_WORD_END = re.compile(r"\s(?:tháng|năm|quý|ngày)$", re.IGNORECASE)
# Running text does not end on a preposition or a comma: "… theo Nghị định số … của".
TEXT_DANGLING_END = re.compile(
    r"(?:\s(?:của|và|các|với|theo|trong|cho|về|tại|để|từ)|[,;–-])$", re.IGNORECASE
)


@lru_cache(maxsize=65536)
def _truncated_name(mention: str, vocabulary: frozenset[str]) -> bool:
    """A mention that is the start of a longer known name: "Sở Tài" of "Sở Tài chính",
    "Văn phòng" of "Văn phòng UBND tỉnh" (but not "Các sở, ngành" of "Các sở, ngành liên
    quan": a collective is complete, and "liên quan" only qualifies it)."""
    folded = _fold(mention)
    if folded in _folded_vocab(vocabulary):
        return False
    collective = folded.startswith("các ")
    index = _vocab_index(vocabulary)
    # The names whose folded form starts with `folded`: one run of the sorted list.
    for f_name, name in index.by_folded[bisect.bisect_left(index.folded_keys, folded) :]:
        if not f_name.startswith(folded):
            break
        if len(f_name) <= len(folded):
            continue
        sep, tail = f_name[len(folded)], name[len(mention) :].lstrip(" ,")
        if sep not in " ,":
            continue
        tail = tail[3:] if tail.startswith("và ") else tail
        if tail[:1].isupper() or (
            sep == " " and not collective and not _fold(tail).startswith(QUALIFIER_TAILS)
        ):
            return True
    return False


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    heads = sorted(
        {_fold(h) for h in am.HEAD_WORDS} | set(am.COLLECTIVE_HEADS), key=len, reverse=True
    )
    return re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\wÀ-ỹ])")


def _any_head(text: str) -> bool:
    """A quick test: does an agency head word occur anywhere in the text?"""
    return _head_pattern().search(_fold(text)) is not None


@lru_cache(maxsize=65536)
def _has_agency(text: str) -> bool:
    return _any_head(text) and bool(am.find_agencies(text))


@lru_cache(maxsize=65536)
def _agency_share(text: str) -> float:
    """The share of a text's characters inside agency mentions."""
    if not _any_head(text):
        return 0.0
    covered = sum(len(m) for m in _split_agencies(text) if _agency_opener(m))
    return covered / max(len(text), 1)


@lru_cache(maxsize=65536)
def _starts_with_known(text: str, vocabulary: frozenset[str]) -> bool:
    return _fold(text).startswith(_vocab_index(vocabulary).prefixes)


# Column kinds whose content cost does not depend on the vocabulary: cached once for
# both passes.
_VOCABULARY_FREE_KINDS = frozenset({"text", "deadline"})


def _content_cost(kind: str, text: str, vocabulary: frozenset[str]) -> float:
    """How unlike its column a cell's text is (0 = typical)."""
    if kind in _VOCABULARY_FREE_KINDS:
        return _plain_content_cost(kind, text)
    return _vocabulary_content_cost(kind, text, vocabulary)


@lru_cache(maxsize=262144)
def _plain_content_cost(kind: str, text: str) -> float:
    return _content_cost_of(kind, text, frozenset())


@lru_cache(maxsize=262144)
def _vocabulary_content_cost(kind: str, text: str, vocabulary: frozenset[str]) -> float:
    return _content_cost_of(kind, text, vocabulary)


def _content_cost_of(kind: str, text: str, vocabulary: frozenset[str]) -> float:
    if kind == "text":
        cost = 2.0 * len(VALUE_TOKEN.findall(text))
        if TEXT_DANGLING_END.search(text):
            cost += 2.0
        return cost
    if kind in {"free", "deadline", "unit", "target"} and text[:1].islower():
        return LOWERCASE_OPENING + _content_cost(kind, text[:1].upper() + text[1:], vocabulary)
    is_deadline = bool(DEADLINE_CELL.match(text))
    if kind == "agency":
        if DEADLINE_START.match(text) or TARGET_START.match(text):
            return 5.0
        if len(text) > MAX_AGENCY_CELL:
            return 8.0
        first = text.split(",")[0].split(";")[0]
        if not (_agency_opener(text) or ACRONYM.match(first.split(" ")[0]) or _any_head(first)):
            return 6.0  # opens with no agency word at all: no need to split it
        mentions = cell_agencies(text, vocabulary)
        costs = [_mention_cost(m, vocabulary) for m in mentions]
        cost = sum(costs)
        # Names in one cell are separated by "," ";" "và"; two names run together
        # without one belong to two cells ("Sở Nội vụ | Sở, ngành, địa phương").
        cost += UNSEPARATED_NAMES * (len(mentions) - len(_cell_agencies(text, None)))
        if text[:1].islower() and not _fold(text).startswith(("các ", "sở, ")):
            cost += 2.0  # only collectives open in lower case ("các địa phương")
        if costs and costs[0] >= 4.0:
            cost += 1.0
        cost += 1.5 * sum(1 for m in mentions if MID_COLLECTIVE.search(m))
        if DANGLING_END.search(text) or mentions and _truncated_name(mentions[-1], vocabulary):
            cost += 2.0
        elif text.endswith((",", ";")):
            cost += 0.5  # a list that goes on
        return cost
    if kind == "free":
        if is_deadline:
            return 3.0
        if DEADLINE_WORD_END.search(text):
            return 1.0
        if _agency_share(text) > 0.5:
            return 2.5  # a result is not a list of agencies
        if not _agency_opener(text):
            return 0.0
        mentions = cell_agencies(text)
        if mentions and all(_fold(m) in _folded_vocab(vocabulary) for m in mentions):
            return 3.0
        return 2.0 if _starts_with_known(text, vocabulary) else 1.0
    if kind == "deadline":
        if is_deadline:
            return 0.0
        return 1.0 if DEADLINE_START.match(text) else 4.0
    if kind == "unit":
        if NUMERIC_TARGET.match(text) or TARGET_START.match(text):
            return 4.0
        if _agency_opener(text) and _starts_with_known(text, vocabulary):
            return 3.0
        if re.search(r"[≥≤<>\d]", re.sub(r"/\d+", "/", text)):
            return 3.0  # a value, not a unit ("% GRDP ≥ 30")
        if DANGLING_END.search(text) or _truncated_name(text, vocabulary):
            return 3.0  # the start of an agency name ("Văn phòng")
        if UNIT_CELL.match(re.sub(r"/\d+", "/", text)):
            return 0.2 + 0.05 * max(0, len(text) - 12)
        return 3.0
    if kind == "target":
        if NUMERIC_TARGET.match(text):
            return 0.0
        if _agency_opener(text) and _starts_with_known(text, vocabulary):
            return 4.0
        cost = 0.6 if TARGET_START.match(text) else 1.0
        return cost + (3.0 if _has_agency(text) else 0.0)  # no agency inside a target value
    return 0.0


@dataclass(frozen=True)
class _View:
    """A candidate cell's atoms, pre-joined: text, per-line texts, markers."""

    content: tuple[Atom, ...]
    markers: int
    text: str
    line_texts: tuple[str, ...]


def _view(atoms: list[Atom]) -> _View:
    content = tuple(a for a in atoms if not a.marker)
    return _View(
        content,
        len(atoms) - len(content),
        cell_text(list(content)),
        tuple(_line_groups(list(content))),
    )


def _cell_cost(role: str, atoms: list[Atom] | _View, ctx: Context, first: bool) -> float:
    """Cost of `atoms` as one cell of column `role` (markers and boundaries included)."""
    view = atoms if isinstance(atoms, _View) else _view(atoms)
    kind = ROLE_KIND.get(role, "free")
    content = view.content
    if not content:
        if view.markers == 0:
            return EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
        return MARKER_ABSORBED * (view.markers - 1)
    cost = MARKER_ABSORBED * view.markers
    if content[0].before == "space" and not first:
        cost += BOUNDARY_SPLIT
        if content[0].text[:1].islower():
            cost += LOWERCASE_SPLIT
    cost += sum(
        GAP_JOIN_TEXT if kind == "text" and a.text[:1].islower() else GAP_JOIN
        for a in content[1:]
        if a.before == "gap"
    )
    cost += _content_cost(kind, view.text, ctx.vocabulary)
    cost += _width_cost(kind, role, list(view.line_texts), ctx)
    return cost


def _width_cost(
    kind: str, role: str, line_texts: list[str] | tuple[str, ...], ctx: Context
) -> float:
    width = ctx.text_width if kind == "text" else ctx.widths.get(role)
    return _lines_width_cost(kind == "text", width, tuple(line_texts))


@lru_cache(maxsize=65536)
def _lines_width_cost(text_kind: bool, width: float | None, line_texts: tuple[str, ...]) -> float:
    """How badly a cell's printed lines fit a column `width` wide (cached: the same lines
    come back in many candidate cells)."""
    cost = 0.0
    if text_kind:
        # Wide text wraps near the column width: a short line that is not the cell's
        # last line is a sign the cell swallowed another column's lines.
        for k, line in enumerate(line_texts[:-1]):
            nxt = line_texts[k + 1]
            if (
                len(line) < 0.55 * width
                and not LIST_ITEM.match(nxt)
                and not line.endswith((":", ";"))
            ):
                cost += 1.5
        return cost
    if width:
        for k, line in enumerate(line_texts):
            if len(line) > 1.3 * width + 4:
                cost += 2.0
            if k + 1 < len(line_texts):
                # The next line's first word would have fitted: not one wrapped cell.
                nxt = line_texts[k + 1].split(" ")[0]
                if len(line) + 1 + len(nxt) <= 0.75 * width:
                    cost += WRAP_VIOLATION
    return cost


@dataclass
class Split:
    cost: float
    bounds: list[tuple[int, int]]  # per column: atoms[i:j]


def _backtrack(table: list, m: int, n: int) -> list[Split]:
    """The k best splits, read back from the DP table: entries are (cost, start, rank)."""
    out: list[Split] = []
    for rank, (cost, _, _) in enumerate(table[m][n]):
        bounds: list[tuple[int, int]] = []
        j, r = n, rank
        for c in range(m, 0, -1):
            _, i, pr = table[c][j][r]
            bounds.append((i, j))
            j, r = i, pr
        out.append(Split(cost, list(reversed(bounds))))
    return out


def _best_splits(
    atoms: list[Atom],
    roles: tuple[str, ...],
    cost_fn,
    k: int = 4,
    last_to_end: bool = True,
    limits: list[int | None] | None = None,
) -> list[Split]:
    """The k cheapest ways to cut `atoms` into len(roles) consecutive (maybe empty) cells."""
    n, m = len(atoms), len(roles)
    # table[c][i]: list of (cost, prev_i, prev_rank) for the first c cells covering atoms[:i]
    table: list[list[list[tuple[float, int, int]]]] = [
        [[] for _ in range(n + 1)] for _ in range(m + 1)
    ]
    table[0][0] = [(0.0, -1, -1)]
    for c in range(m):
        for i in range(n + 1):
            entries = table[c][i]
            if not entries:
                continue
            top = n if limits is None or limits[c] is None else min(n, i + limits[c])
            ends = range(n, n + 1) if (c == m - 1 and last_to_end) else range(i, top + 1)
            for j in ends:
                cc = cost_fn(c, i, j)
                bucket = table[c + 1][j]
                for rank, (cost, _, _) in enumerate(entries):
                    bucket.append((cost + cc, i, rank))
                bucket.sort(key=lambda e: e[0])
                del bucket[k:]
    return _backtrack(table, m, n)


def _cells_from(atoms: list[Atom], split: Split, roles: tuple[str, ...]) -> list[list[Atom]]:
    return [atoms[i:j] for i, j in split.bounds]


def _describe(cells: list[list[Atom]]) -> tuple[str, ...]:
    return tuple(cell_text(c) for c in cells)


class _Spans:
    """Every candidate cell atoms[i:j] of one fragment, shared by all columns: its text,
    per-line texts, markers and gap costs exactly as `_view` and `_cell_cost` compute
    them, but without re-joining the atoms for each candidate.

    When the atoms' texts are clean (stripped, single-spaced, none a lone "-" or "/"),
    `_join` glues each atom to the one before it by a rule that looks at those two atoms
    only, so every cell's text is a slice of one string joined once for the fragment.
    Otherwise a start's cells grow atom by atom. Prefix counts give the structural part
    of a cell's cost (`lower_bound`) in O(1).
    """

    def __init__(self, atoms: list[Atom]) -> None:
        self.atoms = atoms
        n = len(atoms)
        self.n = n
        self.markers = [0] * (n + 1)  # markers in atoms[:i]
        self.gaps_text = [0.0] * (n + 1)  # gap-join costs in atoms[:i], text columns
        self.gaps_other = [0.0] * (n + 1)  # … and other columns
        self.next_content = [n] * (n + 1)  # first content atom at or after i
        self.content_before = [0] * (n + 1)  # content atoms in atoms[:i]
        # Content costs that the first atom alone fixes: a cell opening in lower case.
        self.content_floor = {kind: [0.0] * n for kind in EMPTY_COST}
        for k, a in enumerate(atoms):
            gap = a.before == "gap" and not a.marker
            self.markers[k + 1] = self.markers[k] + a.marker
            self.content_before[k + 1] = self.content_before[k] + (not a.marker)
            text_gap = GAP_JOIN_TEXT if a.text[:1].islower() else GAP_JOIN
            self.gaps_text[k + 1] = self.gaps_text[k] + (text_gap if gap else 0.0)
            self.gaps_other[k + 1] = self.gaps_other[k] + (GAP_JOIN if gap else 0.0)
            opening = a.text.strip()
            if not a.marker and opening[:1].islower():
                # _content_cost: lower case costs LOWERCASE_OPENING in these columns, and
                # 2.0 in an agency column unless a collective opens it ("các …", "sở, …").
                for kind in ("free", "deadline", "unit", "target"):
                    self.content_floor[kind][k] = LOWERCASE_OPENING
                if not opening.casefold().startswith(("các", "sở")):
                    self.content_floor["agency"][k] = 2.0
        for k in range(n - 1, -1, -1):
            self.next_content[k] = self.next_content[k + 1] if atoms[k].marker else k
        content = [a for a in atoms if not a.marker]
        # Gap atoms after a cell's first atom, in order, for `sum` exactly as _cell_cost.
        self._gap_at = [k for k, a in enumerate(content) if a.before == "gap"]
        self._gap_text = [
            GAP_JOIN_TEXT if content[k].text[:1].islower() else GAP_JOIN for k in self._gap_at
        ]
        self.sliced = all(
            a.text and a.text not in {"-", "/"} and a.text == " ".join(a.text.split())
            for a in content
        )
        # Per-line texts grow by appending only when lines run in order (else _view).
        self.ordered = all(atoms[k].line <= atoms[k + 1].line for k in range(n - 1))
        self.sliced = self.sliced and self.ordered
        self._infos: dict[tuple[int, int], tuple] = {}
        self._grown: dict[int, list[tuple]] = {}  # start -> infos of atoms[i:i], [i:i+1] …
        self._state: dict[int, tuple[list[str], list[str], int | None]] = {}
        if self.sliced:
            self._slice_setup(content)

    def _slice_setup(self, content: list[Atom]) -> None:
        pieces: list[str] = []
        self._starts: list[int] = []  # where content atom k's text starts in the joined text
        self._ends: list[int] = []
        self._run: list[int] = []  # index of the printed line run of content atom k
        self._run_first: list[int] = []  # first content atom of each run
        at = 0
        for k, a in enumerate(content):
            if k:
                prev = content[k - 1].text
                glue = prev[-1] in "-/" and prev[-2].isalnum() and not a.text[:1].islower()
                if not glue:
                    pieces.append(" ")
                    at += 1
            if not k or a.line != content[k - 1].line:
                self._run_first.append(k)
            self._run.append(len(self._run_first) - 1)
            self._starts.append(at)
            pieces.append(a.text)
            at += len(a.text)
            self._ends.append(at)
        self._joined = "".join(pieces)
        self._run_last = [*(k - 1 for k in self._run_first[1:]), len(content) - 1]

    def info(self, i: int, j: int) -> tuple[int, int, float, float, str, tuple[str, ...]]:
        """(markers, first content index or -1, gap costs text/other, text, line texts)
        of atoms[i:j], exactly as `_view` and `_cell_cost` compute them."""
        found = self._infos.get((i, j))
        if found is None:
            found = self._infos[(i, j)] = self._slice(i, j) if self.sliced else self._grow(i, j)
        return found

    def _slice(self, i: int, j: int) -> tuple[int, int, float, float, str, tuple[str, ...]]:
        markers = self.markers[j] - self.markers[i]
        a, b = self.content_before[i], self.content_before[j]  # content atoms a..b-1
        if a >= b:
            return (markers, -1, 0, 0, "", ())
        joined, starts, ends, run = self._joined, self._starts, self._ends, self._run
        lines = []
        first, run_last = a, self._run_last
        for r in range(run[a], run[b - 1]):
            lines.append(joined[starts[first] : ends[run_last[r]]])
            first = run_last[r] + 1
        lines.append(joined[starts[first] : ends[b - 1]])
        lo = bisect.bisect_right(self._gap_at, a)
        hi = bisect.bisect_left(self._gap_at, b)
        g_text = sum(self._gap_text[lo:hi])
        g_other = sum(GAP_JOIN for _ in range(hi - lo))
        text = joined[starts[a] : ends[b - 1]]
        return (markers, self.next_content[i], g_text, g_other, text, tuple(lines))

    def _grow(self, i: int, j: int) -> tuple:
        """The cells starting at i, extended atom by atom up to atoms[i:j], mirroring
        `_join` and `_line_groups`."""
        if not self.ordered:
            view = _view(self.atoms[i:j])
            first = self.next_content[i] if view.content else -1
            return (view.markers, first, *_gap_sums(view.content), view.text, view.line_texts)
        infos = self._grown.get(i)
        if infos is not None and j - i < len(infos):
            return infos[j - i]
        if infos is None:
            infos = self._grown[i] = [(0, -1, 0, 0, "", ())]
            self._state[i] = ([], [], None)
        out, line_out, last_line = self._state[i]  # _join states of the cell, its last line
        markers, first, g_text, g_other, _, line_texts = infos[-1]
        for k in range(i + len(infos) - 1, j):
            a = self.atoms[k]
            if a.marker:
                markers += 1
            else:
                if first < 0:
                    first = k
                elif a.before == "gap":
                    g_text += GAP_JOIN_TEXT if a.text[:1].islower() else GAP_JOIN
                    g_other += GAP_JOIN
                _join_step(out, a.text)
                if a.line != last_line:
                    line_out = []
                    _join_step(line_out, a.text)
                    line_texts = (*line_texts, _joined(line_out))
                    last_line = a.line
                else:
                    _join_step(line_out, a.text)
                    line_texts = (*line_texts[:-1], _joined(line_out))
            infos.append((markers, first, g_text, g_other, _joined(out), line_texts))
        self._state[i] = (out, line_out, last_line)
        return infos[j - i]

    def lower_bound(self, kind: str, role: str, i: int, j: int, first: bool) -> float:
        """A lower bound of `_span_cost`: its structural terms, plus the content cost the
        opening atom alone implies (content and width costs are never negative). Exact
        for a cell with no content."""
        f = self.next_content[i]
        markers = self.markers[j] - self.markers[i]
        if f >= j:
            if markers == 0:
                return EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
            return MARKER_ABSORBED * (markers - 1)
        cost = MARKER_ABSORBED * markers
        a = self.atoms[f]
        if a.before == "space" and not first:
            cost += BOUNDARY_SPLIT
            if a.text[:1].islower():
                cost += LOWERCASE_SPLIT
        gaps = self.gaps_text if kind == "text" else self.gaps_other
        return cost + (gaps[j] - gaps[f + 1]) + self.content_floor[kind][f]


def _gap_sums(content: tuple[Atom, ...]) -> tuple[float, float]:
    """The gap-join costs of a cell (text column, other columns), summed as _cell_cost does."""
    gaps = [a for a in content[1:] if a.before == "gap"]
    text = sum(GAP_JOIN_TEXT if a.text[:1].islower() else GAP_JOIN for a in gaps)
    return text, sum(GAP_JOIN for _ in gaps)


def _join_step(out: list[str], part: str) -> None:
    """One step of `_join`: add a wrapped piece to the pieces joined so far."""
    part = part.strip()
    if not part:
        return
    prev = out[-1] if out else ""
    if len(prev) > 1 and prev[-1] in "-/" and prev[-2].isalnum() and not part[:1].islower():
        out[-1] = prev + part
    else:
        out.append(part)


def _joined(out: list[str]) -> str:
    return " ".join(" ".join(out).split())


def _span_cost(
    spans: _Spans, role: str, kind: str, i: int, j: int, ctx: Context, first: bool
) -> float:
    """`_cell_cost(role, atoms[i:j], ctx, first)`, the same float operations in the same
    order, from the fragment's precomputed spans."""
    markers, f, g_text, g_other, text, line_texts = spans.info(i, j)
    if f < 0:
        if markers == 0:
            return EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
        return MARKER_ABSORBED * (markers - 1)
    cost = MARKER_ABSORBED * markers
    a = spans.atoms[f]
    if a.before == "space" and not first:
        cost += BOUNDARY_SPLIT
        if a.text[:1].islower():
            cost += LOWERCASE_SPLIT
    cost += g_text if kind == "text" else g_other
    cost += _content_cost(kind, text, ctx.vocabulary)
    cost += _width_cost(kind, role, line_texts, ctx)
    return cost


def _span_floor(
    spans: _Spans, role: str, kind: str, i: int, j: int, ctx: Context, first: bool
) -> float:
    """A lower bound of `_span_cost`: every term but the content cost, which is replaced
    by the part the opening atom alone implies (`_Spans.content_floor`). The width cost
    is cached and cheap; the content cost (agency lists above all) is what it spares."""
    markers, f, g_text, g_other, _, line_texts = spans.info(i, j)
    if f < 0:
        if markers == 0:
            return EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
        return MARKER_ABSORBED * (markers - 1)
    cost = MARKER_ABSORBED * markers
    a = spans.atoms[f]
    if a.before == "space" and not first:
        cost += BOUNDARY_SPLIT
        if a.text[:1].islower():
            cost += LOWERCASE_SPLIT
    cost += g_text if kind == "text" else g_other
    cost += spans.content_floor[kind][f]
    cost += _width_cost(kind, role, line_texts, ctx)
    return cost


# Bounds tried in turn for the bounded search (added to the cheapest conceivable split):
# most rows finish at the first; the last (no bound) is the plain search.
SEARCH_BOUNDS = (0.5, 1.0, 2.0, 4.0, 10.0, float("inf"))
# Float slack for the bound: a candidate is dropped only when clearly above it.
_BOUND_SLACK = 1e-6


def _first_fragment_splits(
    atoms: list[Atom], roles: tuple[str, ...], ctx: Context, limits, rivals: bool = True
) -> list[Split]:
    """`_best_splits` over the fragment with `_cell_cost`, searched within a cost bound.

    The result is exactly the unbounded search's: a candidate is dropped only when its
    cost so far plus a lower bound of every completion exceeds the bound B, so every
    split costing at most B keeps its place, rank and back-pointers in every table cell;
    and the answer is accepted only when all k splits found cost at most B (then the
    true k best all cost at most B). Otherwise B grows, up to no bound at all.
    """
    spans = _Spans(atoms)
    n, m = len(atoms), len(roles)
    kinds = [ROLE_KIND.get(r, "free") for r in roles]
    costs: dict[tuple[int, int, int], float] = {}

    def cost_fn(c: int, i: int, j: int) -> float:
        key = (c, i, j)
        cc = costs.get(key)
        if cc is None:
            cc = costs[key] = _span_cost(spans, roles[c], kinds[c], i, j, ctx, i == 0)
        return cc

    def lower_fn(c: int, i: int, j: int) -> float:
        return spans.lower_bound(kinds[c], roles[c], i, j, i == 0)

    def refine_fn(c: int, i: int, j: int) -> float:
        return _span_floor(spans, roles[c], kinds[c], i, j, ctx, i == 0)

    last = [cost_fn(m - 1, i, n) for i in range(n + 1)]
    h = _completion_bounds(spans, roles, kinds, last, limits)
    return _search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals)


def _search(n: int, m: int, cost_fn, lower_fn, refine_fn, h, limits, rivals: bool) -> list[Split]:
    """The best split, and with `rivals` the splits `_uncertainty` reads after it.

    The best alone is a search for k = 1, within bounds that grow as `SEARCH_BOUNDS` says.
    Rivals matter only when they cost less than the best plus `AMBIGUITY_MARGIN`, so the
    k = 4 search then runs with that bound: its answer is the true four best cut to
    those within the margin (a bounded search keeps every split under its bound in
    place), which is all `_uncertainty` looks at."""
    floor = h[0][0]
    best: list[Split] = []
    for extra in SEARCH_BOUNDS:
        bound = floor + extra
        best = _bounded_splits(n, m, cost_fn, lower_fn, h, bound, limits, k=1, refine_fn=refine_fn)
        if extra == float("inf") or (best and best[0].cost <= bound):
            break
    if not rivals:
        return best
    bound = best[0].cost + AMBIGUITY_MARGIN
    return _bounded_splits(n, m, cost_fn, lower_fn, h, bound, limits, k=4, refine_fn=refine_fn)


def _completion_bounds(
    spans: _Spans, roles: tuple[str, ...], kinds: list[str], last: list[float], limits
) -> list[list[float]]:
    """h[c][i]: a lower bound of what cells c.. cost when they cover atoms[i:].

    The last cell runs to the end: its exact cost `last[i]`. Before it, the cheapest
    way on using each cell's structural lower bound (`_Spans.lower_bound`): see
    `_cell_bounds_row`.
    """
    n, m = spans.n, len(roles)
    inf = float("inf")
    h: list[list[float]] = [[inf] * (n + 1) for _ in range(m - 1)]
    h.append(last)
    h.append([inf] * n + [0.0])
    for c in range(m - 2, -1, -1):
        kind, role = kinds[c], roles[c]
        empty = EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
        limit = limits[c] if limits is not None else None
        h[c] = _cell_bounds_row(spans, kind, h[c + 1], limit, empty, None)
    return h


def _cell_bounds_row(
    spans: _Spans,
    kind: str,
    h_next: list[float],
    limit: int | None,
    empty: float,
    shift: list[float] | None,
) -> list[float]:
    """min over the allowed ends j of (lower bound of cell atoms[i:j]) + h_next[j], for
    every start i, where the cell's lower bound is `_Spans.lower_bound` plus `shift[i]`
    for a non-empty cell and `empty` for j == i.

    A cell of markers only costs MARKER_ABSORBED per marker after the first; a cell with
    content is A(i) + Q(j), so the minimum over its ends is a slice min."""
    n = spans.n
    markers, next_content, atoms = spans.markers, spans.next_content, spans.atoms
    gaps = spans.gaps_text if kind == "text" else spans.gaps_other
    floor = spans.content_floor[kind]
    q = [MARKER_ABSORBED * markers[j] + gaps[j] + h_next[j] for j in range(n + 1)]
    out = [0.0] * (n + 1)
    for i in range(n + 1):
        top = n if limit is None else min(n, i + limit)
        f = next_content[i]
        x = shift[i] if shift is not None and i < n else 0.0
        best = empty + h_next[i]
        for j in range(i + 1, min(f, top) + 1):  # markers only
            best = min(best, x + MARKER_ABSORBED * (j - i - 1) + h_next[j])
        if f < top:
            a = atoms[f]
            base = -MARKER_ABSORBED * markers[i] - gaps[f + 1] + floor[f]
            if a.before == "space" and i != 0:
                base += BOUNDARY_SPLIT + (LOWERCASE_SPLIT if a.text[:1].islower() else 0.0)
            best = min(best, x + base + min(q[f + 1 : top + 1]))
        out[i] = best
    return out


def _bounded_splits(
    n: int,
    m: int,
    cost_fn,
    lower_fn,
    h: list[list[float]],
    bound: float,
    limits,
    k: int = 4,
    refine_fn=None,
) -> list[Split]:
    """`_best_splits` (last cell to the end) without the candidates that cannot cost at
    most `bound`: `h[c][i]` bounds from below what cells c.. over atoms[i:] cost.
    `refine_fn(c, i, j)`, when given, is a tighter lower bound than `lower_fn` (dearer to
    compute, cheaper than the exact cost), tried before the exact cost."""
    limit = bound + _BOUND_SLACK
    table: list[list[list[tuple[float, int, int]]]] = [
        [[] for _ in range(n + 1)] for _ in range(m + 1)
    ]
    table[0][0] = [(0.0, -1, -1)]
    sort_key = _entry_cost
    for c in range(m):
        h_next = h[c + 1]
        row_limit = limits[c] if limits is not None else None
        for i in range(n + 1):
            entries = table[c][i]
            if not entries:
                continue
            best = entries[0][0]
            if best + h[c][i] > limit:
                continue
            if c == m - 1:
                ends = range(n, n + 1)
            else:
                top = n if row_limit is None else min(n, i + row_limit)
                ends = range(i, top + 1)
            for j in ends:
                rest = h_next[j]
                # No shortcut on `best + rest` alone: a cell after a page break can cost
                # less than nothing (it refunds the empty cell charged before the break).
                if best + lower_fn(c, i, j) + rest > limit:
                    continue
                if refine_fn is not None and best + refine_fn(c, i, j) + rest > limit:
                    continue
                cc = cost_fn(c, i, j)
                bucket = table[c + 1][j]
                added = False
                for rank, (cost, _, _) in enumerate(entries):
                    total = cost + cc
                    if total + rest > limit:
                        break  # entries are sorted: the rest cost more
                    bucket.append((total, i, rank))
                    added = True
                if added:
                    bucket.sort(key=sort_key)
                    del bucket[k:]
    return _backtrack(table, m, n)


def _entry_cost(entry: tuple[float, int, int]) -> float:
    return entry[0]


def _continued_splits(
    atoms: list[Atom],
    roles: tuple[str, ...],
    ctx: Context,
    limits,
    prior: list[list[Atom]],
    rivals: bool = True,
    give_up_above: float | None = None,
) -> list[Split]:
    """Splits of a fragment after a page break: each part extends the cell of its column.

    The result is exactly `_best_splits(atoms, roles, cost_fn, limits=limits)`'s, searched
    within a cost bound as `_first_fragment_splits` does, with `lower_fn` a lower bound of
    `cost_fn` for every candidate (see there for why the bounded search is exact).
    """
    n, m = len(atoms), len(roles)
    kinds = [ROLE_KIND.get(r, "free") for r in roles]
    views = [_view(p) for p in prior]
    started = [bool(v.text) for v in views]  # cell_text(prior[c]) is the view's text
    base = [_cell_cost(roles[c], views[c], ctx, True) if started[c] else 0.0 for c in range(m)]
    continuation = [_continuation_cost(r, p, ctx) for r, p in zip(roles, prior, strict=True)]
    spans = _Spans(atoms)
    shrink = [_continued_shrink(kinds[c], roles[c], views[c], atoms, ctx) for c in range(m)]
    # The cost terms of a started column that depend on where its part starts only.
    fixed = [
        [
            (BOUNDARY_SPLIT if atoms[i].before == "space" and i > 0 else 0.0)
            + (NEW_COLUMN_AFTER_BREAK if i > 0 else 0.0)
            + (NEW_COLUMN_AFTER_BREAK if ROLE_KIND.get(roles[c]) != "text" else 0.0)
            + continuation[c]
            for i in range(n)
        ]
        for c in range(m)
    ]
    # The cells prior[c] + atoms[i:j] for every j share one _Spans per (c, i).
    joined_spans: dict[tuple[int, int], _Spans] = {}
    costs: dict[tuple[int, int, int], float] = {}

    def joined_cell(c: int, i: int) -> _Spans:
        joined = joined_spans.get((c, i))
        if joined is None:
            joined = joined_spans[(c, i)] = _Spans(
                prior[c]
                + [
                    Atom(a.text, a.line, "line" if k == 0 else a.before, a.marker)
                    for k, a in enumerate(atoms[i:])
                ]
            )
        return joined

    def exact_cost(c: int, i: int, j: int, span_cost=_span_cost) -> float:
        """The cost of atoms[i:j] in column c; with `span_cost=_span_floor`, a lower
        bound of it (the same terms, the span's content cost left out)."""
        if i == j:
            return 0.0
        kind = kinds[c]
        if not started[c]:
            # A cell that starts only after the break: its own cost, refunding the empty
            # cell already charged before the break.
            lower = LOWERCASE_OPENING if atoms[i].text[:1].islower() and kind != "text" else 0.0
            return span_cost(spans, roles[c], kind, i, j, ctx, i == 0) - EMPTY_COST[kind] + lower
        cell_end = len(prior[c]) + j - i
        extra = span_cost(joined_cell(c, i), roles[c], kind, 0, cell_end, ctx, True) - base[c]
        if atoms[i].before == "space" and i > 0:
            extra += BOUNDARY_SPLIT
        if i > 0:
            extra += NEW_COLUMN_AFTER_BREAK
        if ROLE_KIND.get(roles[c]) != "text":
            extra += NEW_COLUMN_AFTER_BREAK
        return extra + continuation[c]

    def cost_fn(c: int, i: int, j: int) -> float:
        key = (c, i, j)
        cc = costs.get(key)
        if cc is None:
            cc = costs[key] = exact_cost(c, i, j)
        return cc

    def refine_fn(c: int, i: int, j: int) -> float:
        return exact_cost(c, i, j, _span_floor)

    def lower_fn(c: int, i: int, j: int) -> float:
        if i == j:
            return 0.0
        kind = kinds[c]
        if not started[c]:
            lower = LOWERCASE_OPENING if atoms[i].text[:1].islower() and kind != "text" else 0.0
            return spans.lower_bound(kind, roles[c], i, j, i == 0) - EMPTY_COST[kind] + lower
        # The joined cell keeps the prior cell's markers, gaps and (never negative)
        # content and width costs, less `shrink`; atoms[i] joins as a new line, not a gap.
        gaps = spans.gaps_text if kind == "text" else spans.gaps_other
        added = MARKER_ABSORBED * (spans.markers[j] - spans.markers[i]) + (gaps[j] - gaps[i + 1])
        return added - shrink[c] + fixed[c][i]

    last = [cost_fn(m - 1, i, n) for i in range(n + 1)]
    # A started column's lower_fn is a[i] + p[j] (j > i): its best end is a slice min.
    separable: list[tuple[list[float], list[float]] | None] = [None] * m
    for c in range(m):
        if started[c]:
            gaps = spans.gaps_text if kinds[c] == "text" else spans.gaps_other
            a = [
                fixed[c][i] - shrink[c] - MARKER_ABSORBED * spans.markers[i] - gaps[i + 1]
                for i in range(n)
            ]
            separable[c] = (a, [MARKER_ABSORBED * spans.markers[j] + gaps[j] for j in range(n + 1)])
    # A column that starts only after the break: the fresh cell's bound, shifted.
    fresh: list[tuple[_Spans, str, list[float]] | None] = [None] * m
    for c in range(m):
        if not started[c]:
            kind = kinds[c]
            shift = [
                (LOWERCASE_OPENING if a.text[:1].islower() and kind != "text" else 0.0)
                - EMPTY_COST[kind]
                for a in atoms
            ]
            fresh[c] = (spans, kind, shift)
    h = _completion_bounds_by(n, m, lower_fn, last, limits, separable, fresh)
    if give_up_above is not None and h[0][0] > give_up_above + _BOUND_SLACK:
        return []  # every split costs more than the caller can use
    return _search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals)


def _continued_shrink(kind: str, role: str, prior: _View, atoms: list[Atom], ctx: Context) -> float:
    """How far the content and width costs of prior + atoms[i:j] (one cell across a page
    break) may fall below the prior cell's: its content cost (joined text may score 0),
    plus its width cost unless the prior lines all come first (then the joined cell's
    printed lines start with the prior's, and every width term of the prior remains)."""
    if not prior.text:
        return 0.0
    shrink = _content_cost(kind, prior.text, ctx.vocabulary)
    first_new = min(a.line for a in atoms)
    if any(a.line >= first_new for a in prior.content):
        shrink += _width_cost(kind, role, prior.line_texts, ctx)
    return shrink


def _completion_bounds_by(
    n: int, m: int, lower_fn, last: list[float], limits, separable=None, fresh=None
) -> list[list[float]]:
    """h[c][i]: a lower bound of what cells c.. cost when they cover atoms[i:], from a
    lower bound `lower_fn(c, i, j)` of each cell (the last cell: its exact cost `last`).
    `separable[c] = (a, p)`, when given, says lower_fn(c, i, j) is 0 for j == i and
    a[i] + p[j] (up to float rounding, far below `_BOUND_SLACK`) for j > i.
    `fresh[c] = (spans, kind, shift)` says lower_fn(c, i, j) is 0 for j == i and
    `spans.lower_bound(kind, …, i, j) + shift[i]` for j > i (`_cell_bounds_row`)."""
    inf = float("inf")
    h: list[list[float]] = [[inf] * (n + 1) for _ in range(m - 1)]
    h.append(last)
    h.append([inf] * n + [0.0])
    for c in range(m - 2, -1, -1):
        h_next, h_c = h[c + 1], h[c]
        limit = limits[c] if limits is not None else None
        sep = separable[c] if separable is not None else None
        if fresh is not None and fresh[c] is not None:
            spans, kind, shift = fresh[c]
            h[c] = _cell_bounds_row(spans, kind, h_next, limit, 0.0, shift)
            continue
        if sep is not None:
            a, p = sep
            q = [p[j] + h_next[j] for j in range(n + 1)]
        for i in range(n + 1):
            top = n if limit is None else min(n, i + limit)
            if sep is None:
                h_c[i] = min(lower_fn(c, i, j) + h_next[j] for j in range(i, top + 1))
            elif top > i:
                h_c[i] = min(h_next[i], a[i] + min(q[i + 1 : top + 1]))
            else:
                h_c[i] = h_next[i]
    return h


def _text_only(atoms: list[Atom], roles: tuple[str, ...]) -> Split | None:
    """The split that gives a whole fragment to the text column (a page break that cut the
    row inside its text: every other cell starts after the break)."""
    if not roles or ROLE_KIND.get(roles[0]) != "text":
        return None
    n = len(atoms)
    return Split(0.0, [(0, n)] + [(n, n)] * (len(roles) - 1))


def _uncertainty(row: Row, roles, atoms, splits: list[Split], fragment) -> str | None:
    best = splits[0]
    shown = _describe(_cells_from(atoms, best, roles))
    rival = next((s for s in splits[1:] if _describe(_cells_from(atoms, s, roles)) != shown), None)
    if rival is None or rival.cost - best.cost >= AMBIGUITY_MARGIN:
        return None
    alt = _describe(_cells_from(atoms, rival, roles))
    diff = [
        f"{roles[c]} {shown[c]!r} or {alt[c]!r}" for c in range(len(roles)) if shown[c] != alt[c]
    ][:2]
    lines = f"lines {fragment[0][0]}–{fragment[-1][0]}"
    return f"row {row.no}: cell boundaries uncertain ({lines}): " + "; ".join(diff)


def split_row(
    row: Row, roles: tuple[str, ...], ctx: Context, warn: bool = True
) -> tuple[list[list[Atom]], list[str], float]:
    """The row's cells (atoms per column), its warnings, and its total cost.

    A row cut by a page break is read both ways — its first part split into all columns,
    or its first part all text — and the reading with the lower total cost wins (the cells
    left empty at the end count their usual cost). `warn=False` (the first pass, which
    only learns from the cells) skips the rival splits and the warnings."""
    limits = [None if ROLE_KIND.get(r) == "text" else MAX_CELL_ATOMS for r in roles]
    fragments = [(f, atoms_of(f, ctx)) for f in row.fragments]
    fragments = [(f, a) for f, a in fragments if a]
    if not fragments:
        return [[] for _ in roles], [], 0.0
    first_fragment, first_atoms = fragments[0]
    first_splits = _first_fragment_splits(first_atoms, roles, ctx, limits, rivals=warn)
    starts = [first_splits]
    cut = _text_only(first_atoms, roles) if len(fragments) > 1 else None
    if cut is not None:
        # The text-only reading first: it often wins, and its total then bounds how
        # much of the split reading must be searched (see `budget` below).
        starts.insert(0, [cut])
    readings: list[tuple[float, list[list[Atom]], list[str]]] = []
    for splits in starts:
        best = splits[0]
        cells = [list(p) for p in _cells_from(first_atoms, best, roles)]
        total = best.cost
        if splits is not first_splits:
            total = _cell_cost(roles[0], cells[0], ctx, True) + sum(
                EMPTY_COST[ROLE_KIND.get(r, "free")] for r in roles[1:]
            )
        warnings: list[str] = []
        if splits is first_splits and warn:
            note = _uncertainty(row, roles, first_atoms, splits, first_fragment)
            if note:
                warnings.append(note)
            lines = f"lines {first_fragment[0][0]}–{first_fragment[-1][0]}"
            for c, part in enumerate(cells):
                cc = _cell_cost(roles[c], part, ctx, first=(best.bounds[c][0] == 0))
                if cc >= BAD_CELL and (cell_text(part) or ROLE_KIND[roles[c]] != "text"):
                    what = cell_text(part) or "(empty)"
                    warnings.append(
                        f"row {row.no}: {roles[c]} cell {what!r} does not look like its column ({lines})"
                    )
        for k, (fragment, atoms) in enumerate(fragments[1:], start=2):
            # The split reading's last part need not be searched when even its cheapest
            # conceivable split leaves it strictly dearer than the text-only reading.
            budget = None
            if readings and k == len(fragments):
                budget = readings[0][0] - total
            splits_n = _continued_splits(
                atoms, roles, ctx, limits, cells, rivals=warn, give_up_above=budget
            )
            if not splits_n:
                break
            note = _uncertainty(row, roles, atoms, splits_n, fragment) if warn else None
            if note:
                warnings.append(note)
            total += splits_n[0].cost
            for c, part in enumerate(_cells_from(atoms, splits_n[0], roles)):
                cells[c].extend(part)
        else:
            readings.insert(0, (total, cells, warnings))  # the split reading wins ties
    total, cells, warnings = min(readings, key=lambda r: r[0])
    return cells, warnings, total


def _continuation_cost(role: str, prior: list[Atom], ctx: Context) -> float:
    """How unlikely a cell continues after a page break: only a cell whose last line
    filled its column (it wrapped) carries on."""
    lines = _line_groups(prior)
    if not lines:
        return OPEN_AT_BREAK
    width = ctx.text_width if ROLE_KIND.get(role) == "text" else ctx.widths.get(role)
    if not width:
        return 0.5
    last = lines[-1]
    cost = 0.0 if len(last) >= 0.7 * width else 1.5
    if last.endswith("."):
        cost += 1.0
    return cost


def _learn(
    rows: list[Row], roles: tuple[str, ...], split_cells_: dict[str, list[list[Atom]]]
) -> Context:
    """Vocabulary and column widths from a first pass over the table."""
    vocab = set(am.KNOWN_NAMES)
    widths: dict[str, list[int]] = {r: [] for r in roles}
    for row in rows:
        cells = split_cells_[row.no]
        for role, atoms in zip(roles, cells, strict=True):
            texts = _line_groups(atoms)
            if ROLE_KIND.get(role) == "text":
                widths[role].extend(len(t) for t in texts[:-1])
            else:
                widths[role].extend(len(t) for t in texts)
            content = [a for a in atoms if not a.marker]
            if ROLE_KIND.get(role) == "agency" and content and content[0].before != "space":
                for mention in cell_agencies(cell_text(atoms)):
                    if _agency_opener(mention) and len(mention.split()) <= 8:
                        vocab.add(mention)
    ctx = Context(vocabulary=frozenset(vocab))
    for role, values in widths.items():
        if len(values) >= 3:
            ctx.widths[role] = statistics.quantiles(values, n=10)[8]
        elif values:
            ctx.widths[role] = max(values)
    text_roles = [r for r in roles if ROLE_KIND.get(r) == "text"]
    if text_roles and ctx.widths.get(text_roles[0]):
        ctx.text_width = ctx.widths[text_roles[0]]
    return ctx


def _initial_context(rows: list[Row]) -> Context:
    firsts = sorted(
        len(WIDE_GAP.split(text.strip())[0])
        for r in rows
        for f in r.fragments
        for _, text in f
        if text.strip()
    )
    ctx = Context()
    if len(firsts) >= 10:
        ctx.text_width = statistics.quantiles(firsts, n=10)[8]
    return ctx


def split_cells(rows: list[Row], layout: Layout) -> list[Row]:
    """Fill each row's `cells` (role -> Cell) and `warnings`, in two passes."""
    roles = layout.roles
    ctx = _initial_context(rows)
    first: dict[str, list[list[Atom]]] = {}
    for row in rows:
        first[row.no] = split_row(row, roles, ctx, warn=False)[0]
    ctx = _learn(rows, roles, first)
    table_doubt = layout_doubt(layout.dropped)
    for row in rows:
        cells, warnings, _ = split_row(row, roles, ctx)
        row.cells = {
            role: Cell(cell_text(atoms), sorted({a.line for a in atoms if not a.marker}))
            for role, atoms in zip(roles, cells, strict=True)
        }
        # independent checks of what the splitter chose (loaders/tables/order_checks.py)
        lines = f"lines {row.line_start}–{row.line_end}"
        texts = [row.cells[r].text for r in roles]
        warnings += [f"row {row.no}: {table_doubt}"] if table_doubt else []
        warnings += [
            w for w in cell_doubts(row.no, roles, cells, texts, lines) if w not in warnings
        ]
        row.agencies = {
            role: cell_agencies(cell.text, ctx.vocabulary)
            for role, cell in row.cells.items()
            if ROLE_KIND.get(role) == "agency" and cell.text
        }
        row.warnings = warnings
    return rows
