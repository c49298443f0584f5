"""Document numbers ("số, ký hiệu"): find them, normalize them, and name their codes.

Conventions (DOMAIN.md): state `103/KH-UBND`, official letters `1552/BTTTT-TTH`, legal
normative with the year `73/2019/NĐ-CP` / `193/2025/QH15`, Party with a hyphen `57-NQ/TW`.
Normalization fixes what PDF copies and typists do to them: line breaks and spaces
("37/KH-\\nUBND", "32 -CTr/TU"), upper-cased codes ("10-CTR/TU"), lost hyphens ("NQHĐND"),
and a Party number written in the state form ("152/KH-TU" is 152-KH/TU).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from obligraph.loaders import patterns

# Kind code -> kind name (the canonical `kind` of a Document).
KIND_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "CTr": "Chương trình",
    "NĐ": "Nghị định",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "HD": "Hướng dẫn",
    "KL": "Kết luận",
    "QĐi": "Quy định",
    "ĐA": "Đề án",
    "CĐ": "Công điện",
}

# Kind words as printed (lower-case, single spaces) -> kind name. Kinds without a code of
# their own (official letters, laws) map to a name whose code is None.
KIND_WORD_NAMES: dict[str, str] = {
    "kế hoạch hành động": "Kế hoạch",
    "chương trình hành động": "Chương trình",
    "công văn": "Công văn",
    "văn bản": "Văn bản",
    "luật": "Luật",
    "pháp lệnh": "Pháp lệnh",
    **{name.lower(): name for name in KIND_NAMES.values()},
}

# Issuer code -> issuer name.
ISSUER_NAMES: dict[str, str] = {
    "TW": "Trung ương",
    "BCT": "Bộ Chính trị",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
    "UBND": "UBND",
    "HĐND": "HĐND",
    "BCĐTW": "Ban Chỉ đạo Trung ương",
    "VPCP": "Văn phòng Chính phủ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "VP": "Văn phòng",
}

# Issuers whose numbers take the Party form (serial-KIND/ISSUER).
PARTY_ISSUERS = frozenset({"TW", "TU", "HU", "ĐU", "BCĐTW", "BBT", "QU", "ĐUK"})

# Spellings of codes seen in copies -> the canonical code ("TƯ" and "QD" from ASCII-only
# or Unicode-variant copies).
CODE_ALIASES: dict[str, str] = {"TƯ": "TW", "QD": "QĐ", "ND": "NĐ", "HDND": "HĐND"}

_CANONICAL: dict[str, str] = {
    code.casefold(): code for code in (*KIND_NAMES, *ISSUER_NAMES, *PARTY_ISSUERS)
}
_CANONICAL.update({alias.casefold(): code for alias, code in CODE_ALIASES.items()})

_TERM = re.compile(r"^(?P<code>[A-Za-zĐđ]+?)(?P<term>\d{1,2})$")  # "QH15" -> QH + 15
_BREAK = re.compile(r"\s*\n\s*")  # a line break inside a number is extraction, not typing
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class DocNumber:
    """A document number found in text: its normalized form and where it was printed."""

    number: str  # normalized: "152-KH/TU"
    raw: str  # as printed, line breaks removed: "152/KH-TU", "32 -CTr/TU"
    serial: str
    year: int | None
    kind_code: str | None
    issuer_code: str | None  # without a term: "QH" for QH15
    party: bool
    start: int
    end: int


def canonical_code(code: str) -> str:
    """A code in its canonical spelling; unknown codes upper-cased.

    >>> canonical_code("CTR"), canonical_code("ttg"), canonical_code("QH15"), canonical_code("TTH")
    ('CTr', 'TTg', 'QH15', 'TTH')
    """
    known = _CANONICAL.get(code.casefold())
    if known:
        return known
    term = _TERM.match(code)
    if term and term["code"].casefold() in _CANONICAL:
        return _CANONICAL[term["code"].casefold()] + term["term"]
    return code.upper()


def split_codes(codes: str) -> list[str]:
    """The codes of a number's tail, canonical, with lost hyphens restored.

    >>> split_codes("KH - UBND"), split_codes("NQHĐND"), split_codes("BTTTT-TTH")
    (['KH', 'UBND'], ['NQ', 'HĐND'], ['BTTTT', 'TTH'])
    """
    out: list[str] = []
    for part in re.split(r"\s*-\s*", codes.strip()):
        if not part:
            continue
        out.extend(_unglue(part))
    return out


def _unglue(code: str) -> list[str]:
    """'NQHĐND' -> ['NQ', 'HĐND'] when a known kind code is glued to a known issuer code."""
    if code.casefold() in _CANONICAL:
        return [canonical_code(code)]
    for kind in sorted(KIND_NAMES, key=len, reverse=True):
        rest = code[len(kind) :]
        if code[: len(kind)].casefold() == kind.casefold() and rest:
            issuer = canonical_code(rest)
            if issuer in ISSUER_NAMES or _TERM.match(issuer):
                return [kind, issuer]
    return [canonical_code(code)]


def _issuer_base(code: str | None) -> str | None:
    if code is None:
        return None
    term = _TERM.match(code)
    return term["code"] if term and term["code"] in _CANONICAL.values() else code


def from_match(m: re.Match[str]) -> DocNumber:
    """The DocNumber of a patterns.DOC_NUMBER match."""
    raw = _SPACES.sub(" ", _BREAK.sub("", m.group(0))).strip()
    serial = m["serial"]
    if m["pkind"]:
        kind, issuer = canonical_code(m["pkind"]), canonical_code(m["pissuer"])
        return DocNumber(
            f"{serial}-{kind}/{issuer}", raw, serial, None, kind, issuer, True, m.start(), m.end()
        )
    if m["year"]:
        codes = split_codes(m["ycodes"])
        kind = codes[0] if codes[0] in KIND_NAMES else None
        issuer = codes[1] if kind and len(codes) > 1 else (None if kind else codes[0])
        number = f"{serial}/{m['year']}/{'-'.join(codes)}"
        return DocNumber(
            number,
            raw,
            serial,
            int(m["year"]),
            kind,
            _issuer_base(issuer),
            False,
            m.start(),
            m.end(),
        )
    codes = split_codes(m["codes"])
    kind = codes[0] if codes[0] in KIND_NAMES else None
    issuer = codes[1] if kind and len(codes) > 1 else (None if kind else codes[0])
    if kind and issuer in PARTY_ISSUERS and len(codes) == 2:
        # "152/KH-TU": a Party document typed in the state form.
        return DocNumber(
            f"{serial}-{kind}/{issuer}", raw, serial, None, kind, issuer, True, m.start(), m.end()
        )
    number = f"{serial}/{'-'.join(codes)}"
    return DocNumber(
        number, raw, serial, None, kind, _issuer_base(issuer), False, m.start(), m.end()
    )


def find_numbers(text: str) -> list[DocNumber]:
    """Every document number in `text`, in order.

    >>> [n.number for n in find_numbers("Kế hoạch số 37/KH-\\nUBND và số 32 -CTr/TU, 10-CTR/TU")]
    ['37/KH-UBND', '32-CTr/TU', '10-CTr/TU']
    """
    return [from_match(m) for m in patterns.DOC_NUMBER.finditer(text)]


def normalize_number(text: str) -> str | None:
    """The normalized number printed in `text` (the whole of it), or None.

    >>> normalize_number("152/KH-TU"), normalize_number("15/2024/NQHĐND"), normalize_number("/KH-UBND")
    ('152-KH/TU', '15/2024/NQ-HĐND', None)
    """
    m = patterns.DOC_NUMBER.fullmatch(text.strip())
    return from_match(m).number if m else None


def with_issuer(number: DocNumber, issuer_code: str) -> DocNumber:
    """The same Party number under another issuer code (a typo fixed by the stated issuer).

    >>> n = find_numbers("152-KH/TW")[0]
    >>> with_issuer(n, "TU").number
    '152-KH/TU'
    """
    return DocNumber(
        f"{number.serial}-{number.kind_code}/{issuer_code}",
        number.raw,
        number.serial,
        number.year,
        number.kind_code,
        issuer_code,
        number.party,
        number.start,
        number.end,
    )


def kind_name(code: str | None) -> str | None:
    """The kind a code stands for. `kind_name("KH")` -> 'Kế hoạch'."""
    return KIND_NAMES.get(code) if code else None


def kind_code_of(name: str | None) -> str | None:
    """The code of a kind name. `kind_code_of("Thông báo")` -> 'TB'; "Công văn" -> None."""
    if not name:
        return None
    for code, known in KIND_NAMES.items():
        if known.casefold() == name.casefold():
            return code
    return None


def kind_from_words(words: str) -> str | None:
    """The kind name of a printed kind phrase, any case, any spacing.

    >>> kind_from_words("Kế hoạch hành động"), kind_from_words("CHƯƠNG TRÌNH HÀNH ĐỘNG")
    ('Kế hoạch', 'Chương trình')
    """
    key = " ".join(words.split()).casefold()
    return KIND_WORD_NAMES.get(key)


def issuer_name(code: str | None) -> str | None:
    """The issuer a code stands for. `issuer_name("TTg")` -> 'Thủ tướng Chính phủ'."""
    return ISSUER_NAMES.get(code) if code else None


# Issuer phrases as printed -> code, to check a Party number's issuer against the text
# ("152-KH/TW … của Tỉnh uỷ Bình Định" is 152-KH/TU).
ISSUER_PHRASE_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:Ban Thường vụ\s+)?Tỉnh [uủ][ỷy]", re.IGNORECASE), "TU"),
    (re.compile(r"^(?:Ban Thường vụ\s+)?Huyện [uủ][ỷy]", re.IGNORECASE), "HU"),
    (re.compile(r"^(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương)", re.IGNORECASE), "TW"),
)


def issuer_code_of_phrase(phrase: str | None) -> str | None:
    """The Party issuer code a stated issuer implies, if any.

    >>> issuer_code_of_phrase("Tỉnh uỷ Bình Định"), issuer_code_of_phrase("Chính phủ")
    ('TU', None)
    """
    if not phrase:
        return None
    for regex, code in ISSUER_PHRASE_CODES:
        if regex.match(phrase):
            return code
    return None
