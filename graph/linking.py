"""RESTATES: the same obligation carried by tasks of two different documents.

A notice's directive often repeats a task of a plan ("Tập trung xây dựng Trung tâm điều
hành thông minh (IOC)" ↔ Phụ lục II row 62 "Triển khai Mô hình Trung tâm giám sát, điều
hành thông minh tập trung"), or a later notice repeats an earlier one. `link_restatements`
adds `Task -[:RESTATES {score}]-> Task` from the later document's task to the earlier's.

How a pair is found (precision first):

1. Text is normalized: NFC, casefold, accents folded ("Tỉnh uỷ"/"Tỉnh ủy"/NFD all fold to
   "tinh uy"), punctuation dropped, and stopwords removed (function words and the
   administrative verbs every task starts with: "triển khai", "xây dựng", "tập trung" …),
   leaving the content syllables.
2. Blocking: candidates share `MIN_SHARED_RARITY` of rare content bigrams ("ban dan",
   "giao duc", "duc stem"), a bigram being rare when at most `MAX_POSTING` tasks hold it,
   so the work stays near-linear on a 10,000-document corpus instead of all pairs. The
   same rule runs again among each lead agency's tasks: wording common in a large corpus
   ("hồ chứa nước") is often still rare among one agency's tasks, and without this second
   pass restatements stop being candidates as the corpus grows (measured with the ones
   bench/make_corpus.py plants: 239 of 240 found at 1,000 documents either way, but at
   10,000 none without it and 3,334 of 3,338 with it).
3. Score (0–1) = `TEXT_WEIGHT` × text + `AGENCY_WEIGHT` × agency, where text is the mean
   of rapidfuzz's token_sort_ratio and partial_ratio over the content (so a short plan row
   inside a long directive still scores) and agency is 1 when the two tasks share a lead
   agency, 0.5 when they share any named agency (lead or coordinate), 0 otherwise — after
   mapping every agency to its successors through SUCCEEDED_BY (Sở Thông tin và Truyền
   thông in 2024 is Sở Khoa học và Công nghệ today); collectives ("Các sở, ngành") never
   count as shared.
4. A pair is kept when the score reaches `THRESHOLD`, the tasks share a named agency, and
   each is the other's best-scoring partner in the other document (mutual best match), so
   one directive links to one row of a plan, not to every row about the same subject.
   Two tasks naming localities with none in common ("… xã Phước Lộc" / "… phường Hoài
   Quang") score 0: the same project in two communes is two obligations, however alike
   the wording. Tasks of two provinces (Document.province) are never candidates: their
   plans copy the same central wording, but one province's task does not restate
   another's.

Measured on the seeds: see docs/queries.md ("RESTATES on the seeds"), which lists every
pair found with its score and whether it is right.

>>> normalize("Đề án phát triển giáo dục STEM trên địa bàn tỉnh")
'de an phat trien giao duc stem'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise, takewhile

import networkx as nx
from rapidfuzz import fuzz

from obligraph.graph.task_rows import GraphTaskRows, TaskRow, TaskRows, docs_by_province
from obligraph.loaders.agency_mentions import fold as mark_fold

THRESHOLD = (
    0.68  # between the weakest right pair (0.705) and the best wrong one (0.664); docs/queries.md
)
TEXT_WEIGHT = 0.75
AGENCY_WEIGHT = 0.25
MIN_SHARED_RARITY = 2.0  # rarity mass two tasks must share to be compared (see Rarity)
MAX_POSTING = 50  # a bigram held by more tasks than this is too common to block on
MAX_SHARE_IN_LEAD = 0.02  # nor one held by more than this share of one lead's tasks
READ_DOCS = 500  # documents whose tasks are read in one TaskRows.tasks_of call
MAX_HOPS = 6  # SUCCEEDED_BY and MEMBER_OF chains followed at most this far

# A run of letters or digits in NFC casefolded text, e.g. "điều", "hành", "ioc", "2025".
WORD = re.compile(r"\w+")
# A named locality below the province: "xã Phước Lộc", "phường Hoài Quang", "thị xã An
# Nhơn", "thôn 3". Two tasks naming different ones are about different places (the province
# itself is left out: a task restated after the 2025 merger names the new province). The
# words after the locality word count while they are capitalised (see places_named).
# The words are looked ahead at, not consumed: "thôn 3 xã Ân Hưng" names two.
LOCALITY = re.compile(
    r"\b(?:xã|phường|thị trấn|huyện|thành phố|thôn|ấp)\s+(?=(?P<words>\w+(?:\s+\w+){0,3}))"
)
# Punctuation ends a run of content syllables: "giáo dục STEM; triển khai" is two runs.
PUNCTUATION = re.compile(r"[^\w\s]+")

# Words that carry no obligation of their own, matched before accents are folded (so
# "giao" of "Giao Sở …" goes but "giáo" of "giáo dục" stays; "sở" goes but "số" of
# "chuyển đổi số" stays), and whole phrases, so that "đề xuất" goes but "Đề án" stays:
# function words, the verbs nearly every task begins with ("Tập trung triển khai thực
# hiện …", "Chủ trì, phối hợp với …"), the province's place words, generic agency words.
STOP_SYLLABLES = frozenset(
    unicodedata.normalize("NFC", word)
    for word in """
    và các của cho trong trên với để theo tại từ đến như là có được những khác này đó
    cũng nhằm về hoặc đã đang sẽ khi sau trước ngày năm tháng quý đối giao tỉnh ubnd
    ngành sở ban
    """.split()  # noqa: SIM905 - a list of words reads better as text
)
STOP_PHRASES = frozenset(
    tuple(unicodedata.normalize("NFC", phrase).split())
    for phrase in """
    triển khai, thực hiện, xây dựng, tập trung, tiếp tục, đẩy mạnh, khẩn trương,
    hoàn thành, chủ trì, phối hợp, tham mưu, nghiên cứu, đề xuất, rà soát, bảo đảm,
    đảm bảo, hiệu quả, địa bàn, bình định, gia lai, liên quan, đơn vị, cơ quan,
    địa phương, bao gồm, một số
    """.replace("\n", " ").split(",")
)
_PHRASE_FIRSTS = frozenset(first for first, *_ in STOP_PHRASES)
# Each word's folded form, as content_runs reads it (a plain dict: cheaper than lru_cache
# for the few thousand syllables a corpus uses; cleared when it grows past the bound).
_WORD_FOLDS: dict[str, str] = {}
_MAX_WORD_FOLDS = 1 << 17


def fold(text: str) -> str:
    """NFC, casefold and accents removed; đ -> d. Tone-mark placement stops mattering.

    >>> fold("Tỉnh uỷ") == fold("Tỉnh ủy") == "tinh uy"
    True
    """
    return _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # Cached: a corpus's hundreds of thousands of tasks share a few thousand syllables.
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d")


def content_runs(text: str) -> list[list[str]]:
    """Runs of folded content syllables between stopwords and punctuation.

    >>> content_runs("Đề án phát triển giáo dục STEM; triển khai kho học liệu")
    [['de', 'an', 'phat', 'trien', 'giao', 'duc', 'stem'], ['kho', 'hoc', 'lieu']]
    """
    runs: list[list[str]] = []
    folds = _WORD_FOLDS
    for piece in PUNCTUATION.split(unicodedata.normalize("NFC", text).casefold()):
        words = piece.split()  # the piece holds only word characters and spaces
        run: list[str] = []
        n, i = len(words), 0
        while i < n:
            word = words[i]
            # Every stop phrase is two words.
            if word in _PHRASE_FIRSTS and i + 1 < n and (word, words[i + 1]) in STOP_PHRASES:
                if run:
                    runs.append(run)
                    run = []
                i += 2
                continue
            if word in STOP_SYLLABLES:
                if run:
                    runs.append(run)
                    run = []
            else:
                folded = folds.get(word)
                if folded is None:
                    if len(folds) >= _MAX_WORD_FOLDS:
                        folds.clear()
                    folded = folds[word] = _fold(word)
                run.append(folded)
            i += 1
        if run:
            runs.append(run)
    return runs


def content_tokens(text: str) -> list[str]:
    """The folded content syllables of a text, in order.

    >>> content_tokens("Xây dựng và triển khai Đề án phát triển ngành công nghệ bán dẫn")
    ['de', 'an', 'phat', 'trien', 'cong', 'nghe', 'ban', 'dan']
    """
    return [token for run in content_runs(text) for token in run]


def normalize(text: str) -> str:
    """The content syllables joined by spaces: what rapidfuzz compares."""
    return " ".join(content_tokens(text))


def places_named(text: str) -> frozenset[str]:
    """The localities a task names (casefolded, tone marks kept): what tells "the same
    project" in two communes apart, where the wording alone cannot.

    >>> sorted(places_named("Hệ thống camera giám sát giao thông phường Hoài Quang"))
    ['hoài quang']
    >>> places_named("UBND các xã, phường triển khai")
    frozenset()
    """
    return frozenset(name for _, _, name in _places(unicodedata.normalize("NFC", text)))


def without_places(text: str) -> str:
    """The text with the localities it names cut out, a comma in their place: a shared
    commune is checked apart (score_pair), not counted as shared wording.

    >>> without_places("Hệ thống camera giám sát giao thông xã Phước Lộc, kết nối")
    'Hệ thống camera giám sát giao thông ,, kết nối'
    """
    text = unicodedata.normalize("NFC", text)
    return _cut(text, _places(text))


def _cut(text: str, places: list[tuple[int, int, str]]) -> str:
    """text with each of `_places(text)` replaced by a comma."""
    for start, end, _ in reversed(places):
        text = text[:start] + "," + text[end:]
    return text


def _places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each locality an NFC text names: the locality word and the
    capitalised words after it ("xã Phước Lộc"), or one number ("thôn 3"); the name
    casefolded, tone marks in one placement ("Hoà"/"Hòa")."""
    found = []
    for match in LOCALITY.finditer(text):
        words = list(WORD.finditer(match["words"]))
        name = list(takewhile(lambda w: w.group()[0].isupper(), words))
        if not name and words and words[0].group().isdigit():
            name = words[:1]
        if name:
            end = match.start("words") + name[-1].end()
            # Diacritics kept: "Đức Thành" and "Đức Thạnh" are two communes.
            found.append((match.start(), end, mark_fold(" ".join(w.group() for w in name))))
    return found


def bigrams(runs: list[list[str]]) -> set[str]:
    """Adjacent content syllables inside a run: Vietnamese words are mostly two syllables.

    >>> sorted(bigrams([["giao", "duc", "stem"], ["kho"]]))
    ['duc stem', 'giao duc']
    """
    return {f"{a} {b}" for run in runs for a, b in pairwise(run)}


@dataclass(frozen=True)
class TaskText:
    """What linking needs of one task (agencies already mapped to their successors)."""

    id: str
    doc_id: str
    order: tuple[str, str]  # (issued or "", doc_id): later documents sort after earlier
    content: str
    keys: frozenset[str]  # content bigrams, localities' names included (for blocking)
    leads: frozenset[str]  # named lead agencies
    agencies: frozenset[str]  # named agencies, any role
    collectives: frozenset[str]  # collectives assigned ("Các sở, ngành, địa phương")
    memberships: frozenset[str]  # collectives the named agencies belong to (MEMBER_OF*)
    places: frozenset[str] = frozenset()  # localities named, casefolded ("phước lộc")
    place_keys: frozenset[str] = frozenset()  # the bigrams only localities' names give
    province: str | None = None  # the document's (Document.province; None: the registry's)


def _follow(g: nx.MultiDiGraph, start: str, rel_type: str) -> set[str]:
    """Every node reachable from start over rel_type edges, within MAX_HOPS."""
    frontier, seen = {start}, {start}
    for _ in range(MAX_HOPS):
        frontier = {
            v
            for u in frontier
            for _, v, d in g.out_edges(u, data=True)
            if d.get("type") == rel_type and v not in seen
        }
        if not frontier:
            break
        seen |= frontier
    return seen - {start}


def _successors(g: nx.MultiDiGraph, agency: str) -> frozenset[str]:
    """The agencies an agency's obligations end up with: the ends of its SUCCEEDED_BY chain.

    An agency never succeeded is its own successor; one split between two (Sở Thông tin
    và Truyền thông → Sở KHCN, and Sở VHTTDL for press) has both.
    """
    later = _follow(g, agency, "SUCCEEDED_BY")
    ends = {
        a
        for a in later
        if not any(d.get("type") == "SUCCEEDED_BY" for _, _, d in g.out_edges(a, data=True))
    }
    return frozenset(ends or {agency})


def _is_collective(attrs: dict) -> bool:
    """A collective ("Các sở, ngành", "UBND các huyện …"): registry kind, or its name."""
    if attrs.get("kind") == "collective":
        return True
    name = fold(attrs.get("name") or "")
    return name.startswith("cac ") or " cac " in f" {name} "


class _Agencies:
    """What a task's ASSIGNED_TO agencies mean for linking, read off the skeleton graph
    (SUCCEEDED_BY and MEMBER_OF chains, collectives) and worked out once per agency."""

    def __init__(self, skeleton: nx.MultiDiGraph) -> None:
        self.g = skeleton
        self.successors: dict[str, frozenset[str]] = {}
        self.collective: dict[str, bool] = {}
        self.collectives_of: dict[str, set[str]] = {}  # agency -> collectives it belongs to
        self._roles: dict[tuple, tuple[frozenset[str], ...]] = {}  # roles(), by assignments

    def _learn(self, agency: str) -> None:
        if agency in self.g:
            self.successors[agency] = _successors(self.g, agency)
            self.collective[agency] = _is_collective(self.g.nodes[agency])
        else:  # an agency the skeleton lacks: its own successor, named
            self.successors[agency] = frozenset({agency})
            self.collective[agency] = False

    def _members_of(self, heir: str) -> set[str]:
        if heir not in self.collectives_of:
            self.collectives_of[heir] = (
                _follow(self.g, heir, "MEMBER_OF") if heir in self.g else set()
            )
        return self.collectives_of[heir]

    def roles(self, assigned: tuple[tuple[str, str | None], ...]) -> tuple[frozenset[str], ...]:
        """(leads, named, collectives, memberships) of a task's (agency, role) pairs. Many
        tasks have the same agencies: worked out once (and the sets shared) per tuple."""
        found = self._roles.get(assigned)
        if found is None:
            if len(self._roles) >= 1 << 16:
                self._roles.clear()
            found = self._roles[assigned] = self._work_out(assigned)
        return found

    def _work_out(self, assigned: tuple[tuple[str, str | None], ...]) -> tuple[frozenset[str], ...]:
        leads, named, collectives, memberships = set(), set(), set(), set()
        for agency, role in assigned:
            if agency not in self.successors:
                self._learn(agency)
            heirs = self.successors[agency]
            if self.collective[agency]:
                collectives |= heirs
                continue
            named |= heirs
            if role == "lead":
                leads |= heirs
            for heir in heirs:
                memberships |= self._members_of(heir)
        return frozenset(leads), frozenset(named), frozenset(collectives), frozenset(memberships)


def task_text(row: TaskRow, skeleton: nx.MultiDiGraph, agencies: _Agencies) -> TaskText:
    """One task read for linking: normalized content, bigram keys, agencies, its document's
    date and province (from the skeleton)."""
    leads, named, collectives, memberships = agencies.roles(row.assigned)
    doc_id = row.attrs.get("doc_id") or ""
    doc = skeleton.nodes[doc_id] if doc_id in skeleton else {}
    content, keys, places, place_keys = _text_parts(row.attrs.get("text") or "")
    return TaskText(
        id=row.id,
        doc_id=doc_id,
        order=(doc.get("issued") or "", doc_id),
        content=content,
        keys=keys,
        leads=leads,
        agencies=named,
        collectives=collectives,
        memberships=memberships,
        places=places,
        place_keys=place_keys,
        province=doc.get("province"),
    )


@lru_cache(maxsize=1 << 14)
def _text_parts(text: str) -> tuple[str, frozenset[str], frozenset[str], frozenset[str]]:
    """(content, keys, places, place_keys) of a task's text (TaskText). Cached: plans
    repeat their routine rows ("Báo cáo kết quả định kỳ") and copy the centre's wording."""
    text = unicodedata.normalize("NFC", text)
    runs = content_runs(text)
    keys = bigrams(runs)
    spans, place_keys = _places(text), frozenset()
    if spans:  # the score compares what is to be done, apart from where (score_pair)
        runs = content_runs(_cut(text, spans))
        place_keys = frozenset(keys - bigrams(runs))
    content = " ".join(t for run in runs for t in run)
    return content, frozenset(keys), frozenset(name for _, _, name in spans), place_keys


def task_texts(g: nx.MultiDiGraph) -> list[TaskText]:
    """Every Task of g with its normalized content, bigram keys and agencies, sorted by id."""
    rows = GraphTaskRows(g)
    agencies = _Agencies(g)
    return [task_text(row, g, agencies) for row in rows.tasks_of(rows.docs_with_tasks())]


class Rarity:
    """How rare a bigram is among all tasks: log(1 + N/df) / log(1 + N), in (0, 1].

    A bigram only one task holds weighs 1; one that every task holds weighs little. Built
    over every task of the corpus (not one province's): the weights, hence the scores, are
    the same whichever way the tasks are read.
    """

    def __init__(self, tasks: Iterable[TaskText] = ()) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for task in tasks:
            self.add(task)

    def add(self, task: TaskText) -> None:
        """Count one more task (the first streaming pass of find_restatements_in)."""
        self.df.update(task.keys)
        self.n += 1

    def __call__(self, key: str) -> float:
        df = self.df[key]
        return math.log1p(self.n / df) / (math.log1p(self.n) or 1.0) if df else 1.0

    def mass(self, keys: Iterable[str]) -> float:
        """The summed rarity of some bigrams: how much specific wording they carry.
        Summed exactly (fsum): the same whatever order a set gives the bigrams in, so a
        score on a rounding boundary does not depend on the process or how tasks were read."""
        return math.fsum(self(k) for k in keys)


@dataclass
class LeadCounts:
    """What the second blocking rule (candidate_pairs) needs of each lead agency's tasks in
    the whole corpus: how many it leads, and for a lead with tasks in several provinces,
    how many of them hold each bigram (a one-province lead's are all in its province)."""

    tasks: Counter[str] = field(default_factory=Counter)
    provinces: dict[str, set[str | None]] = field(default_factory=lambda: defaultdict(set))
    keys: Counter[tuple[str, str]] = field(default_factory=Counter)  # (lead, bigram)
    shared: frozenset[str] = frozenset()  # leads whose `keys` are counted here

    def add(self, task: TaskText) -> None:
        for lead in task.leads:
            self.tasks[lead] += 1
            self.provinces[lead].add(task.province)

    def most(self, lead: str) -> int:
        """How many of the lead's tasks a bigram may be held by and still block."""
        return min(MAX_POSTING, int(MAX_SHARE_IN_LEAD * self.tasks[lead]))

    def spanning(self) -> set[str]:
        """Leads with tasks in several provinces that the rule applies to."""
        return {
            lead for lead, seen in self.provinces.items() if len(seen) > 1 and self.most(lead) >= 2
        }

    def add_keys(self, task: TaskText, rarity: Rarity) -> None:
        """Count the task's bigrams for its `shared` leads (those rare overall never count)."""
        leads = task.leads & self.shared
        if leads:
            common = [key for key in task.keys if rarity.df[key] > MAX_POSTING]
            self.keys.update((lead, key) for lead in leads for key in common)


def candidate_pairs(
    tasks: list[TaskText], rarity: Rarity, leads: LeadCounts | None = None
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of tasks in different documents that share rare wording.

    Blocking: only bigrams held by at most MAX_POSTING tasks are looked up, and a pair must
    share MIN_SHARED_RARITY of rarity mass (about two bigrams no other task holds). The same
    rule runs again among the tasks of each lead agency, where wording too common in the
    whole corpus ("hồ chứa nước", "xã Phước Lộc") can still be rare: so a restatement
    stays a candidate as the corpus grows, and the work stays near-linear. Among a lead's
    tasks a bigram is rare when at most MAX_SHARE_IN_LEAD of them hold it (and never more
    than MAX_POSTING): wording that one in fifty of an agency's tasks share is its routine.

    `tasks` may be one province's (pairs never cross provinces): `rarity` and `leads` then
    count the whole corpus, so the pairs are those the whole corpus would give. Without
    `leads`, `tasks` is the whole corpus.
    """
    if leads is None:
        leads = LeadCounts()
        for task in tasks:
            leads.add(task)
    found = _sharing_pairs(tasks, range(len(tasks)), rarity, lambda key, here: rarity.df[key])
    by_lead: dict[str, list[int]] = defaultdict(list)
    for i, task in enumerate(tasks):
        for lead in task.leads:
            by_lead[lead].append(i)
    for lead in sorted(by_lead):
        most = leads.most(lead)
        if most < 2:
            continue
        if lead in leads.shared:

            def held(key: str, here: int, lead: str = lead) -> int:
                return leads.keys[(lead, key)]
        else:

            def held(key: str, here: int) -> int:
                return here

        # Within a lead's tasks, the bigrams already rare in the whole corpus were counted
        # above: they count for nothing here.
        found |= _sharing_pairs(
            tasks,
            by_lead[lead],
            rarity,
            lambda key, here, held=held: held(key, here) if rarity.df[key] > MAX_POSTING else 0,
            most,
        )
    return sorted(found)


def _sharing_pairs(
    tasks: list[TaskText],
    members: Iterable[int],
    rarity: Rarity,
    holders_of: Callable[[str, int], int],
    most: int = MAX_POSTING,
) -> set[tuple[int, int]]:
    """Pairs among `members` sharing MIN_SHARED_RARITY of bigrams held by at most `most`
    tasks, as `holders_of(key, holders among members)` counts them (0: the key is skipped)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for key in tasks[i].keys:
            postings[key].append(i)
    shared: dict[tuple[int, int], float] = defaultdict(float)
    counted = set()
    for key, holders in postings.items():
        if len(holders) < 2:
            continue
        held = holders_of(key, len(holders))
        if held < 2 or held > most:
            continue
        counted.add(key)
        weight = rarity(key)
        for x, i in enumerate(holders):
            a = tasks[i]
            for j in holders[x + 1 :]:
                b = tasks[j]
                if a.doc_id != b.doc_id and a.province == b.province:
                    shared[(i, j)] += weight
    found = set()
    for (i, j), mass in shared.items():
        if abs(mass - MIN_SHARED_RARITY) < 1e-9:  # on the line: summed exactly, in no order
            mass = rarity.mass(k for k in tasks[i].keys & tasks[j].keys if k in counted)
        if mass >= MIN_SHARED_RARITY:
            found.add((i, j))
    return found


def text_score(a: TaskText, b: TaskText, rarity: Rarity) -> float:
    """0–1: mean of the rarity-weighted share of the shorter task's bigrams found in the
    other, and rapidfuzz's partial_ratio of the two contents (the best alignment of the
    shorter inside the longer, so a plan row found inside a long directive scores high).
    Both leave out the localities' names: two projects in one commune share the commune,
    not the obligation (and two communes never match: score_pair).
    """
    if not a.content or not b.content:
        return 0.0
    a_keys, b_keys = a.keys - a.place_keys, b.keys - b.place_keys
    smaller = min(rarity.mass(a_keys), rarity.mass(b_keys))
    overlap = rarity.mass(a_keys & b_keys) / smaller if smaller else 0.0
    return (min(overlap, 1.0) + fuzz.partial_ratio(a.content, b.content) / 100.0) / 2.0


def agency_score(a: TaskText, b: TaskText) -> float:
    """1 for a shared lead; 0.5 for another shared named agency, or for a named agency of
    one task that belongs to a collective the other is given; else 0."""
    if a.leads & b.leads:
        return 1.0
    if a.agencies & b.agencies:
        return 0.5
    if (a.memberships & b.collectives) or (b.memberships & a.collectives):
        return 0.5
    return 0.0


def score_pair(a: TaskText, b: TaskText, rarity: Rarity) -> float:
    """The RESTATES score of two tasks, 0–1, rounded to 3 places (stable across runs).

    Two tasks that name localities, none of them shared ("… xã Phước Lộc" and "… phường
    Hoài Quang"), score 0: the same project in two communes is two obligations.
    """
    if a.places and b.places and not a.places & b.places:
        return 0.0
    text = text_score(a, b, rarity)
    return round(TEXT_WEIGHT * text + AGENCY_WEIGHT * agency_score(a, b), 3)


def _mutual_best(
    scored: list[tuple[int, int, float]], tasks: list[TaskText]
) -> list[tuple[int, int, float]]:
    """Keep (i, j, s) only where j is i's best in j's document and i is j's best in i's."""
    best: dict[tuple[int, str], float] = {}
    for i, j, s in scored:
        for x, other in ((i, j), (j, i)):
            key = (x, tasks[other].doc_id)
            best[key] = max(best.get(key, 0.0), s)
    return [
        (i, j, s)
        for i, j, s in scored
        if s == best[(i, tasks[j].doc_id)] and s == best[(j, tasks[i].doc_id)]
    ]


def scored_candidates(g: nx.MultiDiGraph) -> list[tuple[str, str, float]]:
    """Every blocked candidate pair with its score, best first (for measuring the threshold)."""
    rows = []
    for tasks, rarity, leads in _provinces(g, GraphTaskRows(g)):
        rows += [
            (tasks[i].id, tasks[j].id, score_pair(tasks[i], tasks[j], rarity))
            for i, j in candidate_pairs(tasks, rarity, leads)
        ]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def find_restatements(g: nx.MultiDiGraph) -> list[tuple[str, str, float]]:
    """(later task, earlier task, score) for every restatement in g, sorted; g unchanged."""
    return find_restatements_in(g, GraphTaskRows(g))


def find_restatements_in(skeleton: nx.MultiDiGraph, rows: TaskRows) -> list[tuple[str, str, float]]:
    """(later task, earlier task, score) for every restatement among the tasks `rows` reads
    (graph/task_rows.py), the documents and agencies being the skeleton graph's: what a
    streaming build calls. Read province by province (pairs never cross provinces), so at
    most one province's tasks are held; the bigram counts are the whole corpus's."""
    found = []
    for tasks, rarity, leads in _provinces(skeleton, rows):
        found += _restatements(tasks, rarity, leads)
    return sorted(found)


def _restatements(
    tasks: list[TaskText], rarity: Rarity, leads: LeadCounts
) -> list[tuple[str, str, float]]:
    scored = []
    for i, j in candidate_pairs(tasks, rarity, leads):
        score = score_pair(tasks[i], tasks[j], rarity)
        if score >= THRESHOLD:
            scored.append((i, j, score))
    found = []
    for i, j, score in _mutual_best(scored, tasks):
        later, earlier = (i, j) if tasks[i].order > tasks[j].order else (j, i)
        found.append((tasks[later].id, tasks[earlier].id, score))
    return found


def _provinces(
    skeleton: nx.MultiDiGraph, rows: TaskRows
) -> Iterator[tuple[list[TaskText], Rarity, LeadCounts]]:
    """Each province's tasks (sorted by id) with the whole corpus's counts, read in passes
    over `rows`: bigram and lead counts over every task first, then (only where a lead has
    tasks in several provinces) those leads' bigrams, then the tasks province by province.
    At most one province's tasks are held. (Setting the first pass's TaskTexts aside in a
    file instead of reading them again measured no faster: unpickling costs what
    normalizing does, most texts being cached by _text_parts.)"""
    agencies = _Agencies(skeleton)
    by_province = docs_by_province(skeleton, rows.docs_with_tasks())
    groups = list(by_province.values())

    def texts(docs: list[str]) -> Iterator[TaskText]:
        for start in range(0, len(docs), READ_DOCS):
            for row in rows.tasks_of(docs[start : start + READ_DOCS]):
                yield task_text(row, skeleton, agencies)

    rarity, leads = Rarity(), LeadCounts()
    held = None
    for docs in groups:
        tasks = list(texts(docs))
        for task in tasks:
            rarity.add(task)
            leads.add(task)
        held = tasks if len(groups) == 1 else None  # one province: no second read
    leads.shared = frozenset(leads.spanning())
    spanned = {province for lead in leads.shared for province in leads.provinces[lead]}
    for province, docs in by_province.items():
        if province in spanned:
            for task in texts(docs):
                leads.add_keys(task, rarity)
    for docs in groups:
        tasks = held if held is not None else list(texts(docs))
        tasks.sort(key=lambda t: t.id)
        yield tasks, rarity, leads


def link_restatements(g: nx.MultiDiGraph) -> list[tuple[str, str, float]]:
    """Add Task -[:RESTATES {score}]-> Task edges to g (later -> earlier) and return them.

    Running it twice adds nothing new (the edge key is the type).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Agency", name="Sở Giáo dục và Đào tạo", kind="department")
    >>> for doc, day in (("doc:kh", "2025-06-01"), ("doc:tb", "2025-03-18")):
    ...     g.add_node(doc, label="Document", issued=day)
    >>> text = "Xây dựng Đề án phát triển giáo dục STEM cho học sinh phổ thông"
    >>> for t, doc in (("doc:kh/task/53", "doc:kh"), ("doc:tb/task/II.2", "doc:tb")):
    ...     g.add_node(t, label="Task", doc_id=doc, text=text)
    ...     _ = g.add_edge(t, "a", key="ASSIGNED_TO:lead", type="ASSIGNED_TO", role="lead")
    >>> link_restatements(g)
    [('doc:kh/task/53', 'doc:tb/task/II.2', 1.0)]
    """
    found = find_restatements(g)
    for later, earlier, score in found:
        if not g.has_edge(later, earlier, "RESTATES"):
            g.add_edge(
                later, earlier, key="RESTATES", type="RESTATES", score=score, source=None, line=None
            )
    return found
