"""Finding and splitting agency mentions in text (table cells, notice headings, prose).

Loaders only find *mentions* as printed; graph/agencies.py resolves them to registry
agencies. Two signals tell where a name starts and ends:

- a head word that opens an agency name ("Sở", "Công an", "Văn phòng", "UBND", "Các sở" …);
- a vocabulary of known full names, so "Sở Khoa học và Công nghệ" is not split at "và"
  and "Sở Văn hóa, Thể thao và Du lịch" not at its comma.

Examples:
    >>> split_agencies("Sở Tài chính, Sở Xây dựng và các ngành liên quan")
    ['Sở Tài chính', 'Sở Xây dựng', 'các ngành liên quan']
    >>> split_agencies("Các Sở, ngành, địa phương")
    ['Các Sở, ngành, địa phương']
    >>> leading_agencies("Giao Công an tỉnh chủ trì, phối hợp với Sở Khoa học và Công nghệ")
    (['Công an tỉnh'], 18)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import yaml

# Words that open an agency name. Longest first so "Bộ Chỉ huy" wins over "Bộ".
HEAD_WORDS = [
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Hội đồng nhân dân",
    "Ban Chỉ đạo",
    "Ban chỉ đạo",
    "Bộ Chỉ huy",
    "Bộ chỉ huy",
    "Bộ đội biên phòng",
    "Bộ đội Biên phòng",
    "Bộ Tư lệnh",
    "Văn phòng",
    "Công an",
    "Ngân hàng",
    "Trường Đại học",
    "Đại học",
    "Trường",
    "Chi cục",
    "Cục",
    "Sở",
    "Ban",
    "Đài",
    "Báo",
    "Tỉnh đoàn",
    "Tỉnh Đoàn",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "UBND",
    "HĐND",
    "UBMTTQ",
    "Ủy ban Mặt trận",
    "Mặt trận",
    "Liên minh",
    "Liên đoàn",
    "Hội",
    "Trung tâm",
    "Viện",
    "Kho bạc",
    "Thuế",
    "Bảo hiểm xã hội",
    "Cảnh sát",
    "Thanh tra",
    "Bộ",
    "Thủ tướng",
    "Chính phủ",
    "Quốc hội",
    "Tòa án",
    "Viện kiểm sát",
    "Ban Quản lý",
    "Khu kinh tế",
    "Hiệp hội",
    "Doanh nghiệp",
    "Tập đoàn",
    "Tổng công ty",
    "Viễn thông",
    "Bưu điện",
]
# Collective openers: "Các sở, ngành, địa phương", "các cơ quan, đơn vị liên quan".
COLLECTIVE_HEADS = [
    "các sở",
    "các ban",
    "các ngành",
    "các cơ quan",
    "các đơn vị",
    "các địa phương",
    "các bộ",
    "các tổ chức",
    "các doanh nghiệp",
    "các hội",
    "các trường",
    "các xã",
    "các huyện",
    "ubnd các",
    "ủy ban nhân dân các",
    "uỷ ban nhân dân các",
    "thủ trưởng các",
    "sở, ngành",
    "sở, ban, ngành",
]
# Full names that contain a separator ("và", ",") and must stay whole.
KNOWN_NAMES = [
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Văn hoá, Thể thao và Du lịch",
    "Sở Thông tin và Truyền thông",
    "Sở Kế hoạch và Đầu tư",
    "Sở Dân tộc và Tôn giáo",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Lao động, Thương binh và Xã hội",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ban Tuyên giáo - Dân vận Tỉnh ủy",
    "Ban Tuyên giáo – Dân vận Tỉnh ủy",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Đài Phát thanh và Truyền hình",
    "Sở Giao thông vận tải",
    "Bộ Khoa học và Công nghệ",
    "Bộ Thông tin và Truyền thông",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Trung tâm Quốc tế Khoa học và Giáo dục liên ngành",
    "UBND các huyện, thị xã, thành phố",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "UBND các xã, phường",
    "UBND các xã, phường, đặc khu",
    "UBND các huyện, TX, TP",
    "Các sở, ban, ngành",
    "Các sở, ngành, địa phương",
    "Các sở, ban, ngành, địa phương",
    "Các cơ quan, đơn vị liên quan",
    "Các cơ quan, đơn vị, địa phương liên quan",
    "Các sở, ngành và địa phương",
    "Sở, ngành, địa phương",
    "Sở, ban, ngành",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Liên minh Hợp tác xã tỉnh",
    "Ngân hàng Nhà nước chi nhánh khu vực 10",
    "Bộ Chỉ huy quân sự tỉnh",
    "Bộ chỉ huy quân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
]
# Words that end a name in running text: the verb or role that follows it.
STOP_PHRASES = [
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "thực hiện",
    "triển khai",
    "tham mưu",
    "rà soát",
    "xây dựng",
    "theo dõi",
    "tổ chức",
    "hướng dẫn",
    "nghiên cứu",
    "đề xuất",
    "tập trung",
    "khẩn trương",
    "báo cáo",
    "chịu trách nhiệm",
    "được",
    "là",
    "đã",
    "sẽ",
    "cần",
    "phải",
    "đẩy mạnh",
    "tiếp tục",
    "bảo đảm",
    "đảm bảo",
    "kiểm tra",
    "đôn đốc",
    "cân đối",
    "bố trí",
    "tại",
    "về",
    "để",
    "trong",
    "theo",
    "đối với",
]

SEPARATOR = re.compile(r"\s*(?:[,;]|\s-\s|\bvà\b|\n)\s*")  # "A, B; C và D"
_WS = re.compile(r"\s+")
# "UBND thị xã An Nhơn, Hoài Nhơn": a bare place name continues the same kind of locality.
LOCALITY_PREFIX = re.compile(
    r"^((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:thị xã|thành phố|huyện|xã|phường|thị trấn))\s+",
    re.IGNORECASE,
)
PLACE_NAME = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*\s?){1,3}$")


@lru_cache(maxsize=65536)  # tables fold the same cell texts and names over and over
def fold(text: str) -> str:
    """Comparison form: NFC, casefold, one space, new-style tone marks ("uỷ" -> "ủy").

    >>> fold("  Sở Văn hoá,\\n Thể thao ")
    'sở văn hóa, thể thao'
    """
    # " ".join(split()) is _WS.sub(" ", text) without the spaces at the ends, in C (NFC
    # never joins a space to its neighbours, so collapsing before NFC is the same).
    text = unicodedata.normalize("NFC", " ".join(text.split())).strip().casefold()
    return _new_style_tones(text)


# Old-style tone placement on "oa, oe, uy" (hoà, uỷ) vs new style (hòa, ủy).
_TONE_PAIRS = [
    ("oà", "òa"),
    ("oá", "óa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oè", "òe"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
    ("uỳ", "ùy"),
    ("uý", "úy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
]


def fold_same_length(text: str) -> str:
    """fold() without trimming or collapsing spaces, so indexes map back to `text`."""
    return _new_style_tones(text.casefold())


_TONE_MAP = dict(_TONE_PAIRS)
# Only a syllable-final "oà"/"uỷ" differs between the styles: "hoà" = "hòa", "thuỷ" =
# "thủy", but "hoàn" and "tuyển" are the same in both.
_OLD_STYLE = re.compile("(" + "|".join(_TONE_MAP) + r")(?![a-zà-ỹđ])")


def _new_style_tones(text: str) -> str:
    return _OLD_STYLE.sub(lambda m: _TONE_MAP[m.group(1)], text)


def clean(text: str) -> str:
    """A mention as printed, whitespace collapsed and edge punctuation trimmed."""
    # " ".join(split()) = _WS.sub(" ", text) but for spaces at the ends, which strip() drops
    return " ".join(text.split()).strip(" \t\n,;:.-–")


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    return tuple(
        sorted({fold(h) for h in HEAD_WORDS} | set(COLLECTIVE_HEADS), key=len, reverse=True)
    )


# libyaml's safe loader when PyYAML has it: the same data, read ten times faster (the
# registry is read on the first document of every process).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def registry_names(path: Path | None = None) -> list[str]:
    """Canonical names and aliases from data/agencies.yaml (the registry people edit).

    Read here as plain vocabulary, so loaders stay independent of graph/.
    """
    path = path or Path(__file__).resolve().parent.parent / "data" / "agencies.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except (OSError, yaml.YAMLError):
        return []
    names: list[str] = []
    for entry in data.get("agencies") or []:
        for name in [entry.get("name"), *(entry.get("aliases") or [])]:
            # Only multi-word names help tell boundaries; short codes ("STC") would
            # match inside ordinary words.
            if isinstance(name, str) and " " in name.strip():
                names.append(name)
    return names


@lru_cache(maxsize=1)
def _known() -> tuple[str, ...]:
    names = {fold(n) for n in [*KNOWN_NAMES, *registry_names()]}
    return tuple(sorted(names, key=len, reverse=True))


# Heads that are also ordinary words ("Báo cáo", "Ban hành", "Hội nghị", "Bộ tiêu chí")
# open a name only when a capitalised word follows ("Báo Bình Định", "Ban Tuyên giáo").
AMBIGUOUS_HEADS = {"báo", "ban", "hội", "bộ", "đài", "trường", "cục", "viện", "thuế", "trung tâm"}


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    # At each position the longest known name followed by no word character, and
    # finditer walks left to right (leftmost-longest, non-overlapping). The names are
    # one trie-shaped pattern rather than one alternative each: two names that both
    # match at a position are prefixes of one another, so they lie on one path of the
    # trie, where the greedy optional tail tries the longer first and backtracks to the
    # shorter when (?!\w) fails: the same match as the names tried longest first, without
    # trying every name at every position.
    return re.compile(rf"(?<!\w)(?:{_trie_pattern(_known())})(?!\w)")


def _trie_pattern(names: tuple[str, ...] | list[str]) -> str:
    """A regex matching exactly `names`, longer matches tried first along each path.

    >>> _trie_pattern(["ab", "a", "acd", "bc"])
    '(?:a(?:(?:b|cd))?|bc)'
    """
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            child, run = node[ch], ch
            # A chain of single letters with no name ending inside: one literal.
            while len(child) == 1 and "" not in child:
                (nxt,) = child
                run += nxt
                child = child[nxt]
            branches.append(re.escape(run) + pattern(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(trie)


def known_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of known full names in folded text, leftmost-longest, non-overlapping."""
    return [m.span() for m in _known_pattern().finditer(folded)]


@lru_cache(maxsize=65536)  # table splitting asks about the same pieces many times
def _starts_with_head(piece: str) -> bool:
    f = fold(piece)
    # str.startswith with a tuple: one C call instead of a Python loop over the names.
    if f.startswith(_known()):
        return True
    if not f.startswith(_heads()):
        return False
    for head in _heads():
        if f.startswith(head) and (len(f) == len(head) or not f[len(head)].isalnum()):
            if head in AMBIGUOUS_HEADS:
                rest = piece.strip()[len(head) :].lstrip()
                return bool(rest) and (rest[0].isupper() or rest[0].isdigit())
            return True
    return False


def looks_like_agency(text: str) -> bool:
    """True when the text opens like an agency name ("Sở …", "Các sở, ngành …")."""
    return bool(text.strip()) and _starts_with_head(text.strip())


# The public finders below are pure functions of their text, and tables ask about the
# same cell texts many times (tens of thousands of calls on a corpus): each caches its
# answers per exact string, and hands out a fresh list so callers may change it.
_CACHE_SIZE = 65536


def split_agencies(text: str) -> list[str]:
    """Split a list of agencies into mentions, keeping known multi-part names whole.

    A piece that does not open with a head word continues the previous mention
    ("Các Sở" + "ngành" + "địa phương" -> one collective).
    """
    return list(_split_agencies(text))


# A protected known name's placeholder in `_split_agencies`.
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


@lru_cache(maxsize=_CACHE_SIZE)
def _split_agencies(text: str) -> tuple[str, ...]:
    text = clean(text)
    if not text:
        return ()
    # Protect known names: replace them by placeholders before splitting.
    protected: list[str] = []
    folded = fold_same_length(text)
    spans = known_spans(folded)
    # fold() keeps length for NFC text with single spaces, so indexes map back.
    pieces_src = text if len(folded) == len(text) else None
    if pieces_src is not None and spans:
        out, last = [], 0
        for a, b in sorted(spans):
            out.append(text[last:a])
            out.append(f"\x00{len(protected)}\x00")
            protected.append(text[a:b])
            last = b
        out.append(text[last:])
        text = "".join(out)

    def restore(piece: str) -> str:
        if "\x00" not in piece:
            return piece  # no placeholder: nothing to put back (most pieces)
        return _PLACEHOLDER.sub(lambda m: protected[int(m.group(1))], piece)

    mentions: list[str] = []
    seps: list[str] = []
    pos = 0
    for m in SEPARATOR.finditer(text):
        seps.append(text[pos : m.start()])
        seps.append(m.group(0))
        pos = m.end()
    seps.append(text[pos:])
    pieces = seps[0::2]
    joiners = seps[1::2]
    for i, raw in enumerate(pieces):
        piece = restore(raw).strip()
        if not piece:
            continue
        is_new = piece.startswith("\x00") or raw.startswith("\x00") or _starts_with_head(piece)
        if is_new and mentions and _goes_on(mentions[-1], piece):
            is_new = False  # "Các bộ, ngành và địa phương", "Ban Quản lý các KCN, khu kinh tế"
        locality = LOCALITY_PREFIX.match(mentions[-1]) if mentions else None
        if not is_new and locality and PLACE_NAME.match(piece):
            mentions.append(f"{locality.group(1)} {piece}")
        elif is_new or not mentions:
            mentions.append(piece)
        else:
            joiner = joiners[i - 1].strip()
            glue = ", " if joiner in {",", ";"} else f" {joiner} " if joiner else " "
            mentions[-1] = mentions[-1] + glue + piece
    cleaned = (clean(m) for m in mentions)
    return tuple(m for m in cleaned if m)


# Lower-case words that go on listing the members of a collective ("Các bộ, ngành và
# địa phương"), never a new agency after one.
COLLECTIVE_MEMBERS = ("ngành", "địa phương", "ban", "cơ quan", "đơn vị", "đoàn thể", "tổ chức")


def _goes_on(previous: str, piece: str) -> bool:
    """The piece goes on with the mention before it: a lower-case member word after a
    collective ("Các bộ" + "ngành"), or a lower-case "khu …" after a name listing zones
    ("Ban Quản lý các Khu công nghiệp" + "khu kinh tế")."""
    folded = fold(previous)
    if folded.startswith("các ") and piece.startswith(COLLECTIVE_MEMBERS):
        return True
    return piece.startswith("khu ") and " các khu " in f" {folded} "


_LEAD_IN = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:Giao\s+|Đề nghị\s+|Yêu cầu\s+)?", re.IGNORECASE)


def leading_agencies(text: str) -> tuple[list[str], int]:
    """Agency mentions at the start of a heading, and the offset where they end.

    The run of names ends at ":" or at a stop phrase ("chủ trì", "phối hợp", a verb).
    Returns ([], 0) when the text does not open with an agency.
    """
    names, end = _leading_agencies(text)
    return list(names), end


@lru_cache(maxsize=_CACHE_SIZE)
def _leading_agencies(text: str) -> tuple[tuple[str, ...], int]:
    lead = _LEAD_IN.match(text)
    start = lead.end() if lead else 0
    body = text[start:]
    if not looks_like_agency(body):
        return (), 0
    end = len(body)
    colon = body.find(":")
    if colon >= 0:
        end = colon
    # Stop phrases are lower-case verbs and roles; names are capitalised ("Sở Xây dựng"),
    # so match case-sensitively on the text itself, outside known names.
    head_text = body[:end]
    folded = fold_same_length(head_text)
    same_len = len(folded) == len(head_text)
    known: list[tuple[int, int]] | None = None  # known names in head_text, found once
    for phrase in STOP_PHRASES:
        if phrase not in head_text:
            continue  # most phrases: no need to look for whole words
        for at in whole_word_starts(head_text, phrase):
            if at == 0:
                continue
            if same_len:
                known = _known_occurrences(folded) if known is None else known
                if any(a <= at < b for a, b in known):
                    continue  # inside a known name: "Sở Khoa học và Công nghệ"
            end = min(end, at)
            break
    # A name ends where a known name ends and lower-case words follow ("Sở Thông tin và
    # Truyền thông tập huấn …": the verb is not part of the name).
    end = _trim_after_known(body, end)
    return _split_agencies(body[:end]), start + end


def _is_word_char(ch: str) -> bool:
    """The class `[\\wÀ-ỹ]`: a word character (`\\w` is alphanumeric or "_") or a letter
    of the Vietnamese range."""
    return ch.isalnum() or ch == "_" or "À" <= ch <= "ỹ"


def search_outside_names(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of `pattern` that is not inside a known agency name: the dash of
    "Sở Lao động – Thương binh và Xã hội" or the comma of "Sở Văn hóa, Thể thao và Du
    lịch" does not end a list of names.

    >>> end = re.compile(r"[;:.]|\\s[-–]\\s")
    >>> search_outside_names(end, "Sở Lao động – Thương binh và Xã hội: làm").start()
    35
    """
    # Spaces collapsed (a name may wrap: "Sở Lao động –\nThương binh"), keeping where each
    # character of the collapsed text came from.
    kept = [i for i, ch in enumerate(text) if not (ch.isspace() and i and text[i - 1].isspace())]
    collapsed = "".join(" " if text[i].isspace() else text[i] for i in kept)
    folded = fold_same_length(collapsed)
    spans = []
    if len(folded) == len(collapsed):
        kept.append(len(text))
        spans = [(kept[a], kept[b]) for a, b in _known_occurrences(folded)]
    for m in pattern.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            return m
    return None


def whole_word_starts(text: str, phrase: str) -> Iterator[int]:
    """Where `phrase` stands as whole words: the starts of the matches of
    `re.finditer(rf"(?<![\\wÀ-ỹ]){re.escape(phrase)}(?![\\wÀ-ỹ])", text)`, found with
    str.find (no regex to compile per phrase: compiling that class takes milliseconds).

    >>> list(whole_word_starts("xây dựng, Sở Xây dựng xây dựngx xây dựng", "xây dựng"))
    [0, 32]
    """
    size = len(phrase)
    at = text.find(phrase)
    while at >= 0:
        end = at + size
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            yield at
            at = text.find(phrase, end)  # matches do not overlap, as with finditer
        else:
            at = text.find(phrase, at + 1)


def _known_occurrences(folded: str) -> list[tuple[int, int]]:
    """Every occurrence (overlapping ones too) of every known name in folded text.

    >>> _known_occurrences("sở khoa học và công nghệ chủ trì")
    [(0, 24)]
    """
    found: list[tuple[int, int]] = []
    for name in _known():
        i = folded.find(name)
        while i >= 0:
            found.append((i, i + len(name)))
            i = folded.find(name, i + 1)
    return found


def _trim_after_known(body: str, end: int) -> int:
    """Cut a mention run after its last known name when only lower-case words follow."""
    text = body[:end]
    folded = fold_same_length(text)
    if len(folded) != len(text):
        return end
    last = max((b for _, b in _known_occurrences(folded)), default=0)
    if last:
        tail = text[last:]
        first_word = re.match(r"\s*([^\s,;]+)", tail)
        if (
            first_word
            and first_word.group(1)[:1].islower()
            and first_word.group(1) not in {"và", "các"}
        ):
            return last
    return end


_FIND_HEAD = None


def find_agencies(text: str) -> list[tuple[int, int, str]]:
    """Agency mentions anywhere in running text: (start, end, mention), in order.

    Known full names first, then head-word mentions up to a stop phrase or punctuation.
    """
    return list(_find_agencies(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _find_agencies(text: str) -> tuple[tuple[int, int, str], ...]:
    global _FIND_HEAD
    if _FIND_HEAD is None:
        heads = sorted(
            HEAD_WORDS + COLLECTIVE_HEADS + [h.capitalize() for h in COLLECTIVE_HEADS],
            key=len,
            reverse=True,
        )
        _FIND_HEAD = re.compile(
            r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\wÀ-ỹ])"
        )
    found: list[tuple[int, int, str]] = []
    folded = fold_same_length(text)
    same_len = len(folded) == len(text)
    taken: list[tuple[int, int]] = []
    if same_len:
        for i, j in known_spans(folded):
            taken.append((i, j))
            found.append((i, j, clean(text[i:j])))
    for m in _FIND_HEAD.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        rest = text[m.start() :]
        stop = re.search(r"[:;,.()\n]|\s-\s", rest)
        chunk = rest[: stop.start()] if stop else rest
        names, end = _leading_agencies(chunk)
        if names and end > 0:
            j = m.start() + end
            taken.append((m.start(), j))
            found.append((m.start(), j, names[0] if len(names) == 1 else clean(chunk[:end])))
    return tuple(sorted(found))
