"""Which province a document speaks for, and what a provincial agency is called there.

The agency registry (data/agencies.yaml) is one province's: its `places` (Bình Định, Gia
Lai). Every province has its own Sở Tài chính and Công an tỉnh, and a Đồng Tháp plan's
"Sở Tài chính" is Đồng Tháp's, not the registry's. So an agency mention in a document of
another province resolves against the registry as usual (spellings, abbreviations, the
2025 renamings), and then becomes that province's agency: "Sở Tài chính tỉnh Đồng Tháp",
id `so-tai-chinh-tinh-dong-thap`. Central agencies (Chính phủ, Bộ Công an) stay one node;
agencies tied to one place of the registry's province (UBND thành phố Quy Nhơn, Trường Đại
học Quy Nhơn, Ngân hàng Nhà nước chi nhánh khu vực 10) stay the registry's.

A document's province is read off its issuer ("UBND tỉnh Đồng Tháp", "Tỉnh ủy Nghệ An",
"UBND thành phố Cần Thơ"); a document whose issuer names no province ("UBND tỉnh") is the
registry's own, like the seed corpus.

Documents are numbered per province too: every province's UBND issues a "Kế hoạch số
55/KH-UBND" in 2025. A document of another province numbered there takes the province's
slug after its id (`scoped_document_id`), and a citation of such a number names the
citing document's province's, unless its issuer names another (`cited_province`).

>>> dong_thap = document_province("UBND tỉnh Đồng Tháp", home=["Bình Định", "Gia Lai"])
>>> dong_thap
Province(place='Đồng Tháp', label='tỉnh Đồng Tháp')
>>> document_province("UBND tỉnh Gia Lai", home=["Bình Định", "Gia Lai"]) is None
True
>>> provincial_name("Công an tỉnh", "police", "province", dong_thap, ["Gia Lai"])
'Công an tỉnh Đồng Tháp'
>>> provincial_name("Sở Tài chính", "department", "province", dong_thap, ["Gia Lai"])
'Sở Tài chính tỉnh Đồng Tháp'
>>> provincial_name("UBND tỉnh Gia Lai", "locality", "province", dong_thap, ["Gia Lai"])
'UBND tỉnh Đồng Tháp'
>>> provincial_name("Bộ Công an", "central_ministry", "central", dong_thap, ["Gia Lai"])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from obligraph.loaders.agency_mentions import fold
from obligraph.loaders.numbers import find_numbers
from obligraph.loaders.records import slugify

# Cities governed directly by the centre: "thành phố Cần Thơ" is a province, "thành phố
# Quy Nhơn" is a city within one.
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")

# An issuer that names its province: "UBND tỉnh Đồng Tháp", "HĐND thành phố Cần Thơ",
# "Tỉnh ủy Nghệ An", "Ban Thường vụ Tỉnh ủy Nghệ An", "Thành ủy Hải Phòng".
_ISSUER_PLACE = re.compile(
    r"(?:\b(?P<level>tỉnh|thành phố)|\b(?P<party>Tỉnh|Thành) (?:ủy|uỷ))\s+"
    r"(?P<place>[A-ZĐÀ-Ỹ][^\s,;()]*(?:\s+[A-ZĐÀ-Ỹ][^\s,;()]*)*)\s*$"
)
# Kinds of agency bound to one place, not one of every province's set.
PLACE_BOUND_KINDS = frozenset({"locality", "university", "research"})
# A body named by a region of several provinces: "Ngân hàng Nhà nước chi nhánh khu vực 10".
_REGIONAL = re.compile(r"\bkhu vực \d+\b", re.IGNORECASE)
# A name that ends with its level word: "Công an tỉnh", "Chi cục Thống kê tỉnh".
_TRAILING_PROVINCE = re.compile(r"\s+tỉnh$")


@dataclass(frozen=True)
class Province:
    """A province other than the registry's: its name and how a name places it."""

    place: str  # "Đồng Tháp", "Cần Thơ"
    label: str  # "tỉnh Đồng Tháp", "thành phố Cần Thơ"


def _is_home(place: str, home: Iterable[str]) -> bool:
    key = fold(place)
    return any(fold(h) == key for h in home)


def names_place(mention: str, places: Iterable[str]) -> bool:
    """Whether a mention names one of these places ("UBND tỉnh Gia Lai" names Gia Lai).

    >>> names_place("UBND tỉnh Gia Lai", ["Bình Định", "Gia Lai"]), names_place("UBND tỉnh", ["Gia Lai"])
    (True, False)
    """
    folded = fold(mention)
    return any(fold(place) in folded for place in places)


def document_province(issuer: str | None, home: Iterable[str]) -> Province | None:
    """The province a document's issuer names, or None for the registry's own province
    (`home`) and for an issuer that names none.

    >>> document_province("UBND thành phố Cần Thơ", home=["Gia Lai"])
    Province(place='Cần Thơ', label='thành phố Cần Thơ')
    >>> document_province("UBND thành phố Quy Nhơn", home=["Gia Lai"]) is None
    True
    >>> document_province("Tỉnh ủy Nghệ An", home=["Gia Lai"]).label
    'tỉnh Nghệ An'
    >>> document_province("Ban Thường vụ Tỉnh ủy Đồng Tháp", home=["Gia Lai"]).place
    'Đồng Tháp'
    >>> document_province("Chính phủ", home=["Gia Lai"]) is None
    True
    """
    if not issuer:
        return None
    m = _ISSUER_PLACE.search(" ".join(issuer.split()))
    if not m:
        return None
    place = m["place"]
    city = (m["level"] or "").lower() == "thành phố" or m["party"] == "Thành"
    if city and not _is_home(place, CENTRAL_CITIES):
        return None  # a city within a province, not a province
    if _is_home(place, home):
        return None
    return Province(place, f"{'thành phố' if city else 'tỉnh'} {place}")


def provincial_name(
    name: str,
    kind: str | None,
    level: str | None,
    province: Province,
    home: Iterable[str],
) -> str | None:
    """What a registry agency is called in `province`, or None when it is not one of
    every province's agencies (central, bound to one place, regional).

    >>> cantho = Province("Cần Thơ", "thành phố Cần Thơ")
    >>> provincial_name("Văn phòng Tỉnh ủy", "office", "province", cantho, [])
    'Văn phòng Thành ủy Cần Thơ'
    >>> provincial_name("Tỉnh đoàn", "union", "province", cantho, [])
    'Thành đoàn Cần Thơ'
    >>> provincial_name("Báo Bình Định", "media", "province", cantho, ["Bình Định"])
    'Báo Cần Thơ'
    >>> provincial_name("UBND thành phố Quy Nhơn", "locality", "province", cantho, ["Gia Lai"])
    """
    if level not in ("province", "commune") or _REGIONAL.search(name):
        return None
    city = province.label.startswith("thành phố")
    for place in home:  # a name with the registry's province in it: "UBND tỉnh Gia Lai"
        for printed, local in ((f"tỉnh {place}", province.label), (place, province.place)):
            if printed in name:
                return name.replace(printed, local)
    if kind in PLACE_BOUND_KINDS:
        return None
    if city:  # "Tỉnh ủy" of a centrally governed city is its "Thành ủy"
        name = name.replace("Tỉnh ủy", "Thành ủy").replace("Tỉnh uỷ", "Thành ủy")
        name = re.sub(r"^Tỉnh\s", "Thành ", name)
    if _TRAILING_PROVINCE.search(name):
        return _TRAILING_PROVINCE.sub(f" {province.label}", name)
    if name.endswith(("Tỉnh ủy", "Thành ủy")) or re.match(r"^(?:Tỉnh|Thành)\s", name):
        return f"{name} {province.place}"
    return f"{name} {province.label}"


def mention_province(
    mention: str, province: Province | None, home: Iterable[str]
) -> Province | None:
    """The province a mention in a document of `province` names an agency of: the
    document's, unless the mention names the registry's own ("UBND tỉnh Gia Lai" in a
    Đồng Tháp plan).

    >>> dt = Province("Đồng Tháp", "tỉnh Đồng Tháp")
    >>> mention_province("Công an tỉnh", dt, ["Gia Lai"]) == dt
    True
    >>> mention_province("UBND tỉnh Gia Lai", dt, ["Gia Lai"]) is None
    True
    """
    return None if province is None or names_place(mention, home) else province


def unresolved_name(mention: str, province: Province) -> str:
    """What a mention no registry entry takes is called in `province`: the province's
    name added as a provincial agency's would be, unless the mention names it already.

    >>> dt = Province("Đồng Tháp", "tỉnh Đồng Tháp")
    >>> unresolved_name("Hội Nông dân tỉnh", dt), unresolved_name("Trường Đại học Đồng Tháp", dt)
    ('Hội Nông dân tỉnh Đồng Tháp', 'Trường Đại học Đồng Tháp')
    """
    if names_place(mention, [province.place]):
        return mention
    return provincial_name(mention, None, "province", province, []) or mention


# Issuers that number their documents in each province: every province's UBND issues its
# own "Kế hoạch số 103/KH-UBND" of 2025, while 57-NQ/TW and 71/NQ-CP exist once. A
# department's own series ("45/SKHCN-QLKH", "12/STC-NS") is per province too.
PROVINCIAL_ISSUER_CODES = frozenset({"UBND", "HĐND", "TU", "HU", "ĐU", "QU", "ĐUK", "VP"})


@lru_cache(maxsize=65536)
def numbered_in_province(number: str | None) -> bool:
    """Whether a document number is counted per province (its issuer is a province's).

    >>> [numbered_in_province(n) for n in ("103/KH-UBND", "15/2024/NQ-HĐND", "152-KH/TU")]
    [True, True, True]
    >>> [numbered_in_province(n) for n in ("57-NQ/TW", "71/NQ-CP", "749/QĐ-TTg", None)]
    [False, False, False, False]
    >>> numbered_in_province("45/SKHCN-QLKH")
    True
    """
    found = find_numbers(number) if number else []
    code = found[0].issuer_code if found else None
    if not code:
        return False
    return code in PROVINCIAL_ISSUER_CODES or (len(code) > 2 and code[0] == "S" and code.isupper())


def scoped_document_id(doc_id: str, province: Province | None) -> str:
    """A document's id in its province: the id with the province's slug appended.

    >>> scoped_document_id("doc:55-kh-ubnd-2025", Province("Đồng Tháp", "tỉnh Đồng Tháp"))
    'doc:55-kh-ubnd-2025-dong-thap'
    >>> scoped_document_id("doc:55-kh-ubnd-2025", None)
    'doc:55-kh-ubnd-2025'
    """
    return f"{doc_id}-{slugify(province.place)}" if province is not None else doc_id


def cited_province(
    issuer: str | None, citing: Province | None, home: Iterable[str]
) -> Province | None:
    """The province of a cited document: the one its printed issuer names ("của UBND tỉnh
    Đồng Tháp"), else the citing document's ("của UBND tỉnh" in a Đồng Tháp plan is
    Đồng Tháp's UBND). None is the registry's own province.

    >>> dt = Province("Đồng Tháp", "tỉnh Đồng Tháp")
    >>> cited_province("UBND tỉnh", dt, ["Gia Lai"]) == dt
    True
    >>> cited_province("UBND tỉnh Gia Lai", dt, ["Gia Lai"]) is None
    True
    >>> cited_province("UBND tỉnh Đồng Tháp", None, ["Gia Lai"]) == dt
    True
    """
    if issuer:
        named = document_province(issuer, home)
        if named is not None:
            return named
        if names_place(issuer, home):
            return None
    return citing
