"""The agency registry (data/agencies.yaml) and the resolution of agency mentions to it.

One registry entry per real agency; every mention in every document must resolve to one
entry, or stay visibly unresolved (``unresolved:<slug>``) — never merge into a wrong one.

Resolution, in order (``AgencyRegistry.resolve``):

1. **normalize** (``normalize``): NFC, case-fold, one tone-mark placement ("uỷ"/"ủy",
   "hoà"/"hòa"), whitespace and line wraps collapsed, Markdown emphasis, punctuation and
   dashes dropped ("Ban Tuyên giáo – Dân vận Tỉnh uỷ"), the word "và" dropped, a leading
   list marker, "Giao"/"Đề nghị" and "Giám đốc"/"Thủ trưởng", a trailing ":" or
   "chủ trì"/"phối hợp" removed, and the abbreviations UBND, HĐND, VP, VPUBND, TP, TX, ĐH,
   BCHQS, BHXH, NHNN, PTTH, BCĐ expanded.
2. **exact** (the canonical name's key) or **alias** (an alias's key, or a provincial
   name + "tỉnh"); then the same after removing a trailing place name of the registry's
   ``places`` ("Tỉnh đoàn Bình Định"). Shared keys ("UBND tỉnh") pick the entry active on
   ``as_of`` (default: the open-ended one).
3. **fuzzy**: ``rapidfuzz.fuzz.ratio`` between the diacritic-free keys, accepted at
   ``FUZZY_THRESHOLD`` or above and only if the *token guard* passes: every word of the
   mention has a near-identical word (token ratio ≥ ``TOKEN_THRESHOLD``) in the candidate
   and vice versa (apart from the filler words "tỉnh", "các", "có", "liên quan", "thuộc"),
   the first word (Sở/Bộ/Ban/Cục/Chi …) is the same, and none of the DISTINGUISHING pairs
   ("nội"/"ngoại", "chi cục"/"cục", "biên phòng"/"quân sự", "nhà nước"/"chính sách",
   "tỉnh ủy"/"ủy ban nhân dân") differs. Two different agencies tied at the top: unresolved.
4. otherwise **unresolved**: ``agency_id`` None; the graph names it ``unresolved_id(m)``.

Threshold, from measurements (tests/fixtures/agencies/variants.yaml, scripted in
tests/test_agencies.py::test_threshold_separates_measured_scores; table in docs/agencies.md):
the 22 true matches that reach the fuzzy stage (typos, dropped diacritics, a missing
"tỉnh") score 0.865–1.0; the best *wrong* candidate that passes the token guard scores
0.828 ("Cục Thống kê" vs "Cục Thống kê tỉnh", ambiguous with the central office, so it must
stay unresolved); wrong candidates the guard rejects reach 0.962 ("Sở …" vs "Bộ …"), so no
threshold alone could separate them. FUZZY_THRESHOLD = 0.85 sits between 0.828 and 0.865;
the guard, not the threshold, keeps "Sở Nội vụ" from "Sở Ngoại vụ".

Example:
    >>> registry = AgencyRegistry.load()
    >>> registry.resolve("Sở KH&CN").agency_id
    'so-khoa-hoc-va-cong-nghe'
    >>> registry.resolve("Sở Ngoại vụ tỉnh Lào").method
    'unresolved'
    >>> registry.predecessors("so-khoa-hoc-va-cong-nghe", as_of=date(2025, 12, 31))
    ['so-thong-tin-va-truyen-thong']
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz, process

from obligraph.errors import ObligraphError
from obligraph.graph.provinces import document_province, mention_province, unresolved_name
from obligraph.loaders.agency_mentions import fold
from obligraph.loaders.records import LoadedDocument, slugify
from obligraph.paths import AGENCIES_FILE

# libyaml's parser where PyYAML was built with it: the registry in 6 ms, not 49 ms (the
# pure-Python SafeLoader, the fallback, builds the same objects).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Method = Literal["exact", "alias", "fuzzy", "unresolved"]
Level = Literal["central", "province", "commune"]

FUZZY_THRESHOLD = 0.85  # whole-key ratio; see the module docstring and docs/agencies.md
TOKEN_THRESHOLD = 0.80  # a word and its typo: "nghệ"/"nge" 0.86; "nội"/"ngoại" 0.75 fails

# A list marker, a lead-in verb and the head's title before the name: "1. Giao ", "- ",
# "b) Đề nghị ", "Giám đốc Sở …", "Thủ trưởng các cơ quan …" (the head acts for the agency).
LEAD_IN = re.compile(
    r"^(?:(?:[-+•*–—]+|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s*)*(?:(?:giao|đề nghị|yêu cầu)\s+)?"
    r"(?:(?:giám đốc|thủ trưởng)\s+)?"
)
# The role after the name: "Sở Tài chính chủ trì:", "Công an tỉnh (phối hợp)".
TRAILING_ROLE = re.compile(r"(?:[\s:;,.]*\(?\s*(?:chủ trì|phối hợp)\s*\)?)+[\s:;,.]*$")
# Everything that is not a letter or digit separates words: "KH&CN", "–", "**", "(ICISE)".
NON_WORD = re.compile(r"[\W_]+")
# Abbreviations expanded word by word ("VP UBND tỉnh" -> "văn phòng ủy ban nhân dân tỉnh").
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "vpubnd": "văn phòng ủy ban nhân dân",
    "vp": "văn phòng",
    "tp": "thành phố",
    "tx": "thị xã",
    "đh": "đại học",
    "bchqs": "bộ chỉ huy quân sự",
    "bhxh": "bảo hiểm xã hội",
    "nhnn": "ngân hàng nhà nước",
    "ptth": "phát thanh truyền hình",
    "bcđ": "ban chỉ đạo",
}
DROPPED_WORDS = {"và", "va"}  # "va": "và" typed without its accent
# Words a fuzzy match may add or omit without changing the agency.
FILLER_WORDS = {"tinh", "cac", "co", "lien", "quan", "thuoc"}
# Words that tell near-identical names apart (diacritic-free): a fuzzy candidate must
# carry exactly the same ones as the mention. Longer phrases are matched first, so
# "chi cuc" does not also count as "cuc", nor "thi xa" as "xa".
DISTINGUISHING = [
    "noi",
    "ngoai",  # Sở Nội vụ / Sở Ngoại vụ
    "chi cuc",
    "cuc",  # Chi cục / Cục Thống kê
    "bien phong",
    "quan su",  # Bộ đội biên phòng / Bộ Chỉ huy quân sự
    "nha nuoc",
    "chinh sach",  # Ngân hàng Nhà nước / Ngân hàng Chính sách xã hội
    "tinh uy",
    "uy ban nhan dan",  # Văn phòng Tỉnh ủy / Văn phòng UBND tỉnh
    "trung uong",
    "huyen",
    "thi xa",
    "thanh pho",
    "xa",
    "phuong",
]


class RegistryError(ObligraphError):
    """The registry file is missing or inconsistent (bad id, unknown reference)."""


class UnknownAgencyError(ObligraphError):
    """An agency id that is not in the registry."""


class Succession(BaseModel):
    """An agency's obligations passed to `id` on `date` (a SUCCEEDED_BY edge)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    date: date
    evidence: str
    source: str | None = None
    partial: bool = False  # only some functions moved (Sở TT&TT's press -> Sở VH-TT-DL)
    note: str | None = None


class Agency(BaseModel):
    """A registry entry: the Agency node's properties plus succession and membership."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    kind: str
    level: Level
    aliases: list[str] = Field(default_factory=list)
    active_from: date | None = None
    active_to: date | None = None
    successors: list[Succession] = Field(default_factory=list)
    member_of: list[str] = Field(default_factory=list)
    membership: str | None = None  # collectives: who belongs and why (documentation)

    @field_validator("name", "aliases", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [unicodedata.normalize("NFC", str(v)) for v in value]
        return [] if value is None else value

    @field_validator("successors", "member_of", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    def active_on(self, day: date) -> bool:
        """True when the agency existed on `day` (open ends count as open)."""
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class Resolution(BaseModel):
    """How one mention resolved: the agency id (None if unresolved), method and score."""

    mention: str
    agency_id: str | None
    method: Method
    score: float = Field(ge=0.0, le=1.0)
    matched: str | None = None  # the registry name or alias the mention matched


def unresolved_id(mention: str) -> str:
    """The node id of a mention no registry entry takes.

    >>> unresolved_id("Hội Nông dân tỉnh")
    'unresolved:hoi-nong-dan-tinh'
    """
    return f"unresolved:{slugify(mention)}"


def normalize(text: str) -> str:
    """The comparison key of a mention or a registry name.

    >>> normalize("1. Giao Ban Tuyên giáo –\\n Dân vận Tỉnh uỷ chủ trì:")
    'ban tuyên giáo dân vận tỉnh ủy'
    >>> normalize("VP UBND tỉnh") == normalize("Văn phòng Ủy ban nhân dân tỉnh")
    True
    """
    key = fold(unicodedata.normalize("NFC", text).replace("**", " "))
    key = LEAD_IN.sub("", key, count=1)
    key = TRAILING_ROLE.sub("", key)
    words: list[str] = []
    for word in NON_WORD.sub(" ", key).split():
        if word in DROPPED_WORDS:
            continue
        words.extend(ABBREVIATIONS.get(word, word).split())
    return " ".join(words)


def ascii_key(key: str) -> str:
    """A key without diacritics, for typo-tolerant comparison: 'sở nội vụ' -> 'so noi vu'."""
    key = key.replace("đ", "d")
    return "".join(
        ch for ch in unicodedata.normalize("NFD", key) if unicodedata.category(ch) != "Mn"
    )


def distinguishing_marks(ascii_text: str) -> frozenset[str]:
    """The DISTINGUISHING phrases a diacritic-free key contains, longest first.

    >>> sorted(distinguishing_marks("chi cuc thong ke tinh"))
    ['chi cuc']
    """
    padded = f" {ascii_text} "
    marks = set()
    for phrase in sorted(DISTINGUISHING, key=len, reverse=True):
        if f" {phrase} " in padded:
            marks.add(phrase)
            padded = padded.replace(f" {phrase} ", " | ")
    return frozenset(marks)


def _covered(words: list[str], others: list[str]) -> bool:
    """Every non-filler word has a near-identical word on the other side."""
    for word in words:
        if word in FILLER_WORDS:
            continue
        if not any(fuzz.ratio(word, other) >= TOKEN_THRESHOLD * 100 for other in others):
            return False
    return True


def token_guard(mention_ascii: str, candidate_ascii: str) -> bool:
    """Whether a fuzzy candidate may stand for the mention (see the module docstring).

    >>> token_guard("so noi vu", "so ngoai vu")
    False
    >>> token_guard("so khoa hoc cong nge", "so khoa hoc cong nghe")
    True
    """
    m, c = mention_ascii.split(), candidate_ascii.split()
    if not m or not c or m[0] != c[0]:
        return False
    if distinguishing_marks(mention_ascii) != distinguishing_marks(candidate_ascii):
        return False
    return _covered(m, c) and _covered(c, m)


class AgencyRegistry:
    """The agencies of data/agencies.yaml, and mention resolution against them."""

    def __init__(self, entries: Iterable[Agency], places: Iterable[str] = ()) -> None:
        self._by_id: dict[str, Agency] = {}
        for entry in entries:
            if entry.id in self._by_id:
                raise RegistryError(f"agency registry: duplicate id {entry.id!r}")
            self._by_id[entry.id] = entry
        self.place_names = list(places)  # as printed: "Bình Định", "Gia Lai"
        self.places = [normalize(p) for p in self.place_names]
        self._check()
        self._keys: dict[str, list[tuple[str, Method, str]]] = defaultdict(list)
        for entry in self._by_id.values():
            for key, method, label in self._entry_keys(entry):
                if (entry.id, method, label) not in self._keys[key]:
                    self._keys[key].append((entry.id, method, label))
        self._check_shared_keys()
        self._ascii_keys = sorted({ascii_key(k): None for k in self._keys})
        self._ascii_to_keys: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._keys):
            self._ascii_to_keys[ascii_key(key)].append(key)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path | str = AGENCIES_FILE) -> AgencyRegistry:
        """Read a registry file.

        >>> AgencyRegistry.load().get("cong-an-tinh").name
        'Công an tỉnh'
        """
        path = Path(path)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except FileNotFoundError:
            raise RegistryError(f"{path}: agency registry not found") from None
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f" line {line + 1}" if line is not None else ""
            raise RegistryError(f"{path}{where}: not valid YAML") from None
        if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
            raise RegistryError(f"{path}: expected a mapping with an 'agencies' list")
        entries = []
        for i, raw in enumerate(data["agencies"]):
            try:
                entries.append(Agency.model_validate(raw))
            except ValidationError as exc:
                name = raw.get("id") if isinstance(raw, dict) else None
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"])
                raise RegistryError(
                    f"{path}: entry {i + 1} ({name}): {field}: {first['msg']}"
                ) from None
        try:
            return cls(entries, data.get("places") or [])
        except RegistryError as exc:
            raise RegistryError(f"{path}: {exc}") from None

    def _check(self) -> None:
        for entry in self._by_id.values():
            if entry.id != slugify(entry.name):
                raise RegistryError(
                    f"agency {entry.id!r}: id must be the slug of its name ({slugify(entry.name)!r})"
                )
            for ref in [s.id for s in entry.successors] + entry.member_of:
                if ref not in self._by_id:
                    raise RegistryError(f"agency {entry.id!r}: refers to unknown agency {ref!r}")
            for parent in entry.member_of:
                if self._by_id[parent].kind != "collective":
                    raise RegistryError(
                        f"agency {entry.id!r}: member_of {parent!r} is not a collective"
                    )

    def _entry_keys(self, entry: Agency) -> list[tuple[str, Method, str]]:
        keys: list[tuple[str, Method, str]] = [(normalize(entry.name), "exact", entry.name)]
        keys += [(normalize(alias), "alias", alias) for alias in entry.aliases]
        if entry.level == "province":
            # "Sở Y tế tỉnh", "Đài PTTH tỉnh": provincial names with the province word.
            keys += [
                (k + " tỉnh", "alias", label)
                for k, _, label in list(keys)
                if not k.endswith(" tỉnh")
            ]
        return [k for k in keys if k[0]]

    def _check_shared_keys(self) -> None:
        for key, owners in self._keys.items():
            ids = sorted({agency_id for agency_id, _, _ in owners})
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    if _overlap(self._by_id[a], self._by_id[b]):
                        raise RegistryError(
                            f"name {key!r} is shared by {a!r} and {b!r}, whose active periods overlap"
                        )

    # ------------------------------------------------------------------ entries

    def agencies(self) -> list[Agency]:
        """Every entry, sorted by id."""
        return [self._by_id[k] for k in sorted(self._by_id)]

    def get(self, agency_id: str) -> Agency:
        """One entry by id; UnknownAgencyError when absent."""
        try:
            return self._by_id[agency_id]
        except KeyError:
            raise UnknownAgencyError(f"unknown agency id {agency_id!r}") from None

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._by_id

    # ------------------------------------------------------------------ resolution

    def resolve(self, mention: str, as_of: date | None = None) -> Resolution:
        """The registry agency a mention names.

        `as_of` (the document's date) picks between entries sharing a name ("UBND tỉnh").

        >>> r = AgencyRegistry.load().resolve("Bộ chỉ huy quân\\nsự tỉnh")
        >>> (r.agency_id, r.method)
        ('bo-chi-huy-quan-su-tinh', 'exact')
        """
        key = normalize(mention)
        if not key:
            return Resolution(mention=mention, agency_id=None, method="unresolved", score=0.0)
        for candidate in self._key_variants(key):
            found = self._exact(candidate, as_of)
            if found is not None:
                agency_id, method, label = found
                if candidate != key:
                    method = "alias"
                return Resolution(
                    mention=mention, agency_id=agency_id, method=method, score=1.0, matched=label
                )
        return self._fuzzy(mention, key, as_of)

    def _key_variants(self, key: str) -> list[str]:
        variants = [key]
        for place in self.places:
            for suffix in (f" tỉnh {place}", f" {place}"):
                if key.endswith(suffix) and len(key) > len(suffix):
                    base = key[: -len(suffix)]
                    variants += [base, base + " tỉnh"]
        return list(dict.fromkeys(variants))

    def _pick(
        self, owners: list[tuple[str, Method, str]], as_of: date | None
    ) -> tuple[str, Method, str] | None:
        ids = sorted({o[0] for o in owners})
        if len(ids) > 1:
            if as_of is not None:
                ids = [i for i in ids if self._by_id[i].active_on(as_of)]
            else:
                ids = [i for i in ids if self._by_id[i].active_to is None]
        if len(ids) != 1:
            return None
        same = [o for o in owners if o[0] == ids[0]]
        return min(same, key=lambda o: (o[1] != "exact", o[2]))

    def _exact(self, key: str, as_of: date | None) -> tuple[str, Method, str] | None:
        owners = self._keys.get(key)
        return self._pick(owners, as_of) if owners else None

    def _fuzzy(self, mention: str, key: str, as_of: date | None) -> Resolution:
        best: list[tuple[float, tuple[str, Method, str]]] = []
        for variant in self._key_variants(key):
            probe = ascii_key(variant)
            for choice, score, _ in process.extract(
                probe,
                self._ascii_keys,
                scorer=fuzz.ratio,
                limit=12,
                score_cutoff=FUZZY_THRESHOLD * 100,
            ):
                if not token_guard(probe, choice):
                    continue
                owners = [o for k in self._ascii_to_keys[choice] for o in self._keys[k]]
                picked = self._pick(owners, as_of)
                # "tỉnh" may be filler for a provincial name, never for a central body.
                if picked is None or (
                    self._by_id[picked[0]].level == "central" and "tinh" in probe.split()
                ):
                    continue
                best.append((score / 100, picked))
        if not best:
            return Resolution(mention=mention, agency_id=None, method="unresolved", score=0.0)
        top = max(score for score, _ in best)
        winners = sorted({picked[0] for score, picked in best if score == top})
        if len(winners) != 1:  # two agencies equally close: never guess
            return Resolution(mention=mention, agency_id=None, method="unresolved", score=0.0)
        label = next(p[2] for s, p in best if s == top)
        return Resolution(
            mention=mention,
            agency_id=winners[0],
            method="fuzzy",
            score=round(top, 4),
            matched=label,
        )

    def best_scores(self, mention: str) -> list[tuple[str, float, bool]]:
        """Diagnostics: (agency id, fuzzy score, passes guard) of the closest entries.

        Used to measure the threshold; one row per agency, best score first.
        """
        probe = ascii_key(normalize(mention))
        rows: dict[str, tuple[float, bool]] = {}
        for choice, score, _ in process.extract(
            probe, self._ascii_keys, scorer=fuzz.ratio, limit=40
        ):
            guard = token_guard(probe, choice)
            for k in self._ascii_to_keys[choice]:
                for agency_id, _, _ in self._keys[k]:
                    old = rows.get(agency_id)
                    if old is None or (score / 100, guard) > old:
                        rows[agency_id] = (score / 100, guard)
        return sorted(((a, s, g) for a, (s, g) in rows.items()), key=lambda r: (-r[1], r[0]))

    # ------------------------------------------------------------------ succession, membership

    def successors(self, agency_id: str) -> list[Succession]:
        """The direct successions out of an agency (SUCCEEDED_BY edges), by date then id."""
        return sorted(self.get(agency_id).successors, key=lambda s: (s.date, s.id))

    def predecessors(
        self, agency_id: str, as_of: date | None = None, include_partial: bool = False
    ) -> list[str]:
        """Agencies whose obligations passed to this one, transitively, by `as_of`.

        Only successions dated on or before `as_of` count (all when None); partial ones
        (a function split off) only with include_partial.

        >>> reg = AgencyRegistry.load()
        >>> reg.predecessors("so-tai-chinh", as_of=date(2025, 2, 1))
        []
        >>> reg.predecessors("so-tai-chinh", as_of=date(2025, 3, 1))
        ['so-ke-hoach-va-dau-tu']
        """
        self.get(agency_id)
        incoming = self._incoming
        found: set[str] = set()
        frontier = [agency_id]
        while frontier:
            current = frontier.pop()
            for source, succ in incoming.get(current, []):
                if as_of is not None and succ.date > as_of:
                    continue
                if succ.partial and not include_partial:
                    continue
                if source not in found and source != agency_id:
                    found.add(source)
                    frontier.append(source)
        return sorted(found)

    def heirs(self, agency_id: str, as_of: date | None = None) -> list[str]:
        """Who holds an agency's obligations on `as_of`: itself, or its successors' heirs.

        >>> AgencyRegistry.load().heirs("so-thong-tin-va-truyen-thong", as_of=date(2025, 6, 1))
        ['so-khoa-hoc-va-cong-nghe']
        """
        entry = self.get(agency_id)
        moved = [
            s for s in entry.successors if not s.partial and (as_of is None or s.date <= as_of)
        ]
        if not moved:
            return [agency_id]
        out: set[str] = set()
        for succ in moved:
            out.update(self.heirs(succ.id, as_of))
        return sorted(out)

    @cached_property
    def _incoming(self) -> dict[str, list[tuple[str, Succession]]]:
        incoming: dict[str, list[tuple[str, Succession]]] = defaultdict(list)
        for entry in self.agencies():
            for succ in entry.successors:
                incoming[succ.id].append((entry.id, succ))
        return incoming

    def members(
        self, collective_id: str, as_of: date | None = None, direct: bool = False
    ) -> list[str]:
        """Who belongs to a collective (MEMBER_OF edges), sorted.

        direct=True: the entries naming it in member_of, nested collectives included.
        Otherwise every agency reachable through nested collectives, where a collective
        counts as a member itself only when it lists no members ("UBND các xã, phường").
        `as_of` keeps only agencies active on that date.

        >>> "cong-an-tinh" in AgencyRegistry.load().members("cac-so-nganh-dia-phuong")
        True
        """
        if self.get(collective_id).kind != "collective":
            raise UnknownAgencyError(f"{collective_id!r} is not a collective")
        children: dict[str, list[str]] = defaultdict(list)
        for entry in self.agencies():
            for parent in entry.member_of:
                children[parent].append(entry.id)
        out: set[str] = set()
        seen: set[str] = set()
        frontier = [collective_id]
        while frontier:
            current = frontier.pop()
            for child in children.get(current, []):
                entry = self._by_id[child]
                if as_of is not None and not entry.active_on(as_of):
                    continue
                if direct or (entry.kind != "collective" or not children.get(child)):
                    out.add(child)
                elif child not in seen:
                    seen.add(child)
                    frontier.append(child)
            if direct:
                break
        return sorted(out)


def _overlap(a: Agency, b: Agency) -> bool:
    start = max(a.active_from or date.min, b.active_from or date.min)
    end = min(a.active_to or date.max, b.active_to or date.max)
    return start <= end


# ---------------------------------------------------------------------- mentions in documents


class MentionRecord(BaseModel):
    """One agency mention in a loaded document, and how it resolved."""

    mention: str
    source: str | None
    line: int | None
    role: str  # lead, coordinate, monitor
    record_id: str  # the task or indicator
    agency_id: str | None
    method: Method
    score: float
    province: str | None = None  # another province's document: the agency is that province's
    unresolved_id: str | None = None  # the graph's node for a mention no entry takes


def document_mentions(
    docs: Iterable[LoadedDocument], registry: AgencyRegistry
) -> list[MentionRecord]:
    """Every assignment and monitor mention of the documents, resolved (as of each
    document's date), with the province whose agency it names (graph/provinces.py)."""
    home = registry.place_names
    rows: list[MentionRecord] = []
    for doc in docs:
        as_of = doc.document.issued
        doc_province = document_province(doc.document.issuer, home)
        for record, role_of, assignments in [
            *((t, None, t.assignments) for t in doc.tasks),
            *((i, "monitor", i.monitors) for i in doc.indicators),
        ]:
            for a in assignments:
                r = registry.resolve(a.agency, as_of=as_of)
                province = mention_province(a.agency, doc_province, home)
                rows.append(
                    MentionRecord(
                        mention=a.agency,
                        source=a.source or record.source or doc.document.source,
                        line=a.line_start or record.line_start,
                        role=role_of or a.role,
                        record_id=record.id,
                        agency_id=r.agency_id,
                        method=r.method,
                        score=r.score,
                        province=province.place if province else None,
                        unresolved_id=None
                        if r.agency_id
                        else unresolved_id(
                            unresolved_name(a.agency, province) if province else a.agency
                        ),
                    )
                )
    return rows


def agency_table(mentions: list[MentionRecord], registry: AgencyRegistry) -> list[dict[str, Any]]:
    """Per registry agency: mention counts by role and by resolution method (sorted by id)."""
    table: dict[str, dict[str, Any]] = {}
    for agency in registry.agencies():
        table[agency.id] = {
            "id": agency.id,
            "name": agency.name,
            "kind": agency.kind,
            "level": agency.level,
            "active_from": agency.active_from.isoformat() if agency.active_from else None,
            "active_to": agency.active_to.isoformat() if agency.active_to else None,
            "mentions": 0,
            "lead": 0,
            "coordinate": 0,
            "monitor": 0,
            "methods": {},
        }
    for m in mentions:
        if m.agency_id is None:
            continue
        row = table[m.agency_id]
        row["mentions"] += 1
        row[m.role] = row.get(m.role, 0) + 1
        row["methods"][m.method] = row["methods"].get(m.method, 0) + 1
    for row in table.values():
        row["methods"] = dict(sorted(row["methods"].items()))
    return [table[k] for k in sorted(table)]


def agencies_report(docs: Iterable[LoadedDocument], registry: AgencyRegistry) -> dict[str, Any]:
    """What `obligraph agencies` prints: agencies with counts, unresolved mentions, a summary.

    >>> agencies_report([], AgencyRegistry.load())["summary"]["mentions"]
    0
    """
    mentions = document_mentions(docs, registry)
    unresolved = [
        {
            "mention": m.mention,
            "unresolved_id": m.unresolved_id,
            "province": m.province,
            "source": m.source,
            "line": m.line,
            "role": m.role,
            "record_id": m.record_id,
        }
        for m in mentions
        if m.agency_id is None
    ]
    unresolved.sort(key=lambda u: (u["source"] or "", u["line"] or 0, u["mention"]))
    methods: dict[str, int] = {}
    for m in mentions:
        methods[m.method] = methods.get(m.method, 0) + 1
    return {
        "agencies": agency_table(mentions, registry),
        "unresolved": unresolved,
        "summary": {
            "agencies": len(registry.agencies()),
            "mentions": len(mentions),
            "resolved": len(mentions) - len(unresolved),
            "unresolved": len(unresolved),
            "methods": dict(sorted(methods.items())),
        },
    }


def agencies_report_from_graph(graph: Any, registry: AgencyRegistry) -> dict[str, Any]:
    """`agencies_report` read off a built graph (store/graph.json) instead of re-loading
    every document: each ASSIGNED_TO / MONITORED_BY edge is one mention with its role;
    resolution methods are not kept in the graph, so `methods` stays empty."""
    table = {row["id"]: row for row in agency_table([], registry)}
    unresolved = []
    counted = 0
    for u, v, d in graph.edges(data=True):
        kind = d.get("type")
        if kind not in ("ASSIGNED_TO", "MONITORED_BY"):
            continue
        role = (d.get("role") or "lead") if kind == "ASSIGNED_TO" else "monitor"
        counted += 1
        attrs = graph.nodes[v]
        if is_flagged(v, attrs, table):
            unresolved.append(
                {
                    "mention": attrs.get("name"),
                    "unresolved_id": v,
                    "province": attrs.get("province"),
                    "source": d.get("source") or graph.nodes[u].get("source"),
                    "line": d.get("line") or graph.nodes[u].get("line_start"),
                    "role": role,
                    "record_id": u,
                }
            )
            continue
        if v not in table:  # another province's agency: resolved, counted in the summary
            continue
        row = table[v]
        row["mentions"] += 1
        row[role] = row.get(role, 0) + 1
    unresolved.sort(key=lambda u: (u["source"] or "", u["line"] or 0, u["mention"] or ""))
    return store_report(table, unresolved, counted, registry)


def store_report(
    table: dict[str, dict], unresolved: Any, counted: int, registry: AgencyRegistry
) -> dict[str, Any]:
    """The agencies report of a built store (graph.json or the embedded database): the
    table by id, the unresolved mentions, and the summary (no resolution methods kept)."""
    return {
        "agencies": [table[k] for k in sorted(table)],
        "unresolved": unresolved,
        "summary": {
            "agencies": len(registry.agencies()),
            "mentions": counted,
            "resolved": counted - len(unresolved),
            "unresolved": len(unresolved),
            "methods": {},
            "from": "store",
        },
    }


def is_flagged(agency_id: str, attrs: dict[str, Any], registry_ids: set[str] | dict) -> bool:
    """A mention no registry entry took: an unresolved node, or a node the registry does
    not hold that is not another province's agency (graph/provinces.py: the registry
    resolved those, then named the province's own; `agencies_report` counts them as
    resolved, and so do the reports read off a store)."""
    if attrs.get("unresolved"):
        return True
    return agency_id not in registry_ids and not attrs.get("province")


def render_agencies_report(report: dict[str, Any]) -> str:
    """The report as a readable table (agencies with mentions first, then the rest)."""
    return "\n".join(iter_agencies_report(report))


def iter_agencies_report(report: dict[str, Any]) -> Iterator[str]:
    """render_agencies_report line by line (millions of unresolved mentions at national
    size are printed as they come, not joined first)."""
    s = report["summary"]
    methods = ", ".join(f"{k} {v}" for k, v in s["methods"].items()) or "none"
    yield (
        f"{s['agencies']} registry agencies · {s['mentions']} mentions "
        f"({s['resolved']} resolved, {s['unresolved']} unresolved; {methods})"
    )
    if "agencies" in report:
        rows = sorted(report["agencies"], key=lambda r: (-r["mentions"], r["id"]))
        yield f"  {'total':>5} {'lead':>4} {'coord':>5} {'mon':>3}  {'kind':<18} id  (name)"
        for r in rows:
            period = ""
            if r["active_from"] or r["active_to"]:
                period = f"  [{r['active_from'] or '…'} – {r['active_to'] or '…'}]"
            yield (
                f"  {r['mentions']:>5} {r['lead']:>4} {r['coordinate']:>5} {r['monitor']:>3}"
                f"  {r['kind']:<18} {r['id']}  ({r['name']}){period}"
            )
    if report["unresolved"] or "agencies" not in report:
        yield f"Unresolved mentions ({len(report['unresolved'])}):"
        for u in report["unresolved"]:
            place = f" ({u['province']})" if u.get("province") else ""
            yield (
                f"  {u['source']}:{u['line']}  [{u['role']}] {u['mention']!r}{place}"
                f" -> {u['unresolved_id']}"
            )
