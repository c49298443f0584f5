"""Column roles from header text, by the open vocabulary of `columns.yaml`.

A header cell is normalized (accents folded, case, Markdown emphasis and punctuation
dropped, wraps joined) and takes the role of the longest vocabulary phrase it contains as
whole words (for the roles of general words — number, task text, indicator name, unit,
target — the phrase must open the header). When none is contained, a phrase within a small edit distance of the whole
header (rapidfuzz) is accepted and the match flagged, so a typo in a header ("Cơq uan chủ
trì", "Kết uqả") neither loses a column nor passes silently.

>>> column_role("**Thời gian hoàn\\nthành**").role
'deadline'
>>> column_role("Cơ quan chủ trì theo dõi, đánh giá").role
'monitor'
>>> column_role("Đơn vị thực hiện").role
'lead'
>>> column_role("Kết uqả").fuzzy
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz

# A header whose normalized text scores at least this against a phrase (rapidfuzz ratio)
# takes the phrase's role, flagged. 85 accepts one swapped or split letter in a short
# header ("ket uqa" ~ "ket qua": 85.7) and refuses different words ("ket luan": 73).
FUZZY_ACCEPT = 85.0

# Longer cell text is content, never a header (and is not worth an edit-distance search).
MAX_HEADER = 90

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Folded words: 'Thời gian hoàn\\nthành (3)' -> 'thoi gian hoan thanh 3'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Vocabulary:
    roles: dict[str, tuple[str, ...]]  # role -> normalized phrases
    non_task: dict[str, tuple[str, ...]]  # kind of table -> normalized phrases


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package (`loaders/tables/columns.yaml`)."""
    text = resources.files("obligraph.loaders.tables").joinpath("columns.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    roles = {r: tuple(normalize(p) for p in ps) for r, ps in data["roles"].items()}
    non_task = {k: tuple(normalize(p) for p in ps) for k, ps in data["non_task"].items()}
    return Vocabulary(roles, non_task)


@dataclass(frozen=True)
class ColumnRole:
    """What a header cell names: a role (None: not in the vocabulary) and how sure."""

    header: str  # the header text as stated, emphasis dropped, one line
    role: str | None
    phrase: str | None = None  # the vocabulary phrase matched
    fuzzy: bool = False  # matched by edit distance: flag it


def _contains(words: str, phrase: str) -> bool:
    return f" {phrase} " in f" {words} "


# Roles whose words say little alone ("nhiệm vụ", "đơn vị", "nội dung"): the header must
# open with the phrase ("Tên nhiệm vụ", not "Chủ nhiệm nhiệm vụ"). The others ("chủ trì",
# "phối hợp", "thời gian") may sit anywhere in it ("Sở, ngành chủ trì tham mưu").
PREFIX_ONLY_ROLES = frozenset({"number", "text", "name", "unit", "target"})


def _matches(words: str, phrase: str, role: str) -> bool:
    if role in PREFIX_ONLY_ROLES:
        return f"{words} ".startswith(f"{phrase} ")
    return _contains(words, phrase)


@lru_cache(maxsize=4096)
def column_role(header: str) -> ColumnRole:
    """The role a header cell names (see the module docstring)."""
    shown = " ".join(header.replace("*", " ").split())
    words = normalize(header)
    if not words or len(words) > MAX_HEADER:
        return ColumnRole(shown, None)
    best: tuple[int, str, str] | None = None
    for role, phrases in vocabulary().roles.items():
        for phrase in phrases:
            if _matches(words, phrase, role) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), role, phrase)
    if best is not None:
        return ColumnRole(shown, best[1], best[2])
    scored = max(
        (
            (fuzz.ratio(words, phrase), role, phrase)
            for role, phrases in vocabulary().roles.items()
            for phrase in phrases
            if len(phrase) >= 5
        ),
        default=None,
    )
    if scored and scored[0] >= FUZZY_ACCEPT:
        return ColumnRole(shown, scored[1], scored[2], fuzzy=True)
    # A header that opens with a phrase and runs on ("Cơq uan chủ trì thực hiện (4)").
    for role, phrases in vocabulary().roles.items():
        for phrase in phrases:
            head = words[: len(phrase) + 2]
            if len(phrase) >= 7 and fuzz.ratio(head, phrase) >= FUZZY_ACCEPT + 5:
                return ColumnRole(shown, role, phrase, fuzzy=True)
    return ColumnRole(shown, None)


def non_task_kind(headers: list[str]) -> str | None:
    """The kind of non-task table its headers name ("administrative procedures"…)."""
    words = [normalize(h) for h in headers]
    for kind, phrases in vocabulary().non_task.items():
        if any(_non_task_match(w, p) for w in words for p in phrases):
            return kind
    return None


def _non_task_match(words: str, phrase: str) -> bool:
    """A one-word phrase ("điểm") must open the header ("Điểm", "Điểm tối đa"), so "Địa
    điểm" is no score; longer phrases may sit anywhere in it."""
    if " " not in phrase:
        return f"{words} ".startswith(f"{phrase} ")
    return _contains(words, phrase)
