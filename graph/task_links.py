"""Obligations down the hierarchy: which task of a higher document each task carries out.

`link_tasks(g)` adds, on a built graph:

- `Task -[:IMPLEMENTS {score, method, evidence}]-> Task`: a task of a plan to the task of a
  document the plan implements that it brings down (KH 103 row 5 "Triển khai thực hiện Đề
  án đánh giá mức độ hoàn thành nhiệm vụ chuyển đổi số…" → NQ 03 row 5 "Xây dựng, ban hành
  Đề án đánh giá…");
- `Task -[:AMENDS {score, evidence}]-> Task`: a task of an amending document to the task
  it changes (NQ 71 → NQ 03); `Task -[:REPLACES {score}]-> Task` where the newer document
  supersedes the older one.

Candidates (precision first, and what keeps it fast):

1. Only along the document chain. A document's *higher* documents are those it reaches
   over IMPLEMENTS (up to MAX_HOPS), and the programmes those amend (AMENDS, SUPERSEDES, or
   BASED_ON a document implementing the same one: NQ 71 "căn cứ" NQ 03, both implementing
   57-NQ/TW). They are tried level by level: a higher document that another candidate
   itself implements is one level further (KH 103 links to NQ 03 and NQ 71, and NQ 03 to
   57-NQ/TW), and a task is linked there only when nothing nearer carries it (KH 103 row
   39, which NQ 03 lacks, to 57-NQ/TW) or that level matches better by more than MARGIN
   (a plan implementing both another plan of its province and the Government programme:
   a row the other plan holds in looser words goes to the programme's task).
2. Within the same group where the groups correspond: the group headings of the two
   documents are matched (accent-folded words, GROUP_MATCH); a task is compared only with
   the higher document's tasks of its group. Where no group corresponds, all of them.

Score (0–1), each part from accent-folded content words (graph/linking.py's
`content_tokens`: function words and the verbs every task begins with removed):

- text: rapidfuzz token_set_ratio (the provincial row often shortens or extends the
  national one) averaged with token_sort_ratio (so a short row sharing a few words with a
  long one does not score 1); against prose at least PROSE_FACTOR times longer (a Party
  resolution's paragraph), the best over its sentences, or the share of the task's word
  pairs a sentence holds;
- object: the concrete thing both name, a head word ("Đề án", "Chương trình", "Luật",
  "nền tảng", "Trung tâm", "Chiến lược", "Kế hoạch", "cơ sở dữ liệu", …) and the words
  after it; both naming the same head with different words is evidence against, and so
  is a task's own object (right after its verb) that the higher task does not name;
- result: the expected output cells ("Đề án" / "Văn bản triển khai Đề án");
- agency: the lead localised (Bộ Nội vụ → Sở Nội vụ, a ministry to the department of the
  same name), or the national task given to local government ("địa phương", "UBND các
  tỉnh") that the province's row takes up.

A pair is kept when its score reaches THRESHOLD and comes within MARGIN of the task's best
in that higher document (several national tasks may be carried out by one row, and one
national task by several rows). Measured on KH 103 against NQ 03 and NQ 71 and on the
bench corpus's planted links: see docs/queries.md ("Task links down the hierarchy").

>>> object_phrases("Triển khai Đề án đánh giá mức độ hoàn thành nhiệm vụ chuyển đổi số")
{'de an': 'danh gia muc do'}
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise

import networkx as nx
import numpy as np
from rapidfuzz import fuzz, process

from obligraph.graph.contract import rel_properties
from obligraph.graph.linking import STOP_SYLLABLES, content_tokens, fold
from obligraph.graph.task_rows import GraphTaskRows, TaskRow, TaskRows, docs_by_province

THRESHOLD = 0.75  # see docs/queries.md: measured on KH 103 against NQ 03 and NQ 71
MARGIN = 0.05  # a second task of one document is kept only when nearly as good as the best
GROUP_MATCH = 80  # token_set_ratio of folded group headings for two groups to correspond
# token_set_ratio below which a pair cannot reach THRESHOLD (0.6 x text + 0.4 <= 0.75 needs
# text >= 0.58, and text is at most token_set_ratio): not scored further (speed).
TEXT_FLOOR = 58
MIN_TEXT = 0.58  # the same bound on the text part itself (mean of set and sort ratios)
PROSE_FACTOR = 3  # a higher text this many times longer is prose covering several tasks
# Sentence and clause ends inside a prose provision: ". ", "; ".
SENTENCE = re.compile(r"(?<=[.;])\s+")
READ_DOCS = 500  # documents whose tasks are read in one TaskRows.tasks_of call
MAX_HOPS = 4  # IMPLEMENTS steps followed up from a document
METHOD = "text+object+result+agency, within corresponding groups, along the document chain"
WEIGHTS = {"text": 0.6, "object": 0.2, "result": 0.1, "agency": 0.1}

# Head words of the concrete objects a task names, folded, longest first.
OBJECT_HEADS = (
    "co so du lieu",
    "chuong trinh",
    "nen tang",
    "trung tam",
    "chien luoc",
    "ke hoach",
    "bo tieu chi",
    "he thong",
    "nghi dinh",
    "mo hinh",
    "de an",
    "du an",
    "luat",
    "quy",
)
OBJECT_WORDS = 4  # words after the head that name the object
OWN_OBJECT_WITHIN = 6  # a head among a task's first words names its own object
WORDS = re.compile(r"\w+")
_OBJECT_STOPS = STOP_SYLLABLES | {"quốc", "gia"}  # "… quốc gia" / "… của tỉnh": level, not object
_HEADS_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _head in OBJECT_HEADS:  # longest first, as OBJECT_HEADS lists them
    _HEADS_BY_FIRST[_head.split()[0]] = (
        *_HEADS_BY_FIRST.get(_head.split()[0], ()),
        tuple(_head.split()),
    )
# Local government named as a collective: "địa phương", "UBND các tỉnh", "các tỉnh, thành".
LOCAL = re.compile(r"dia phuong|ubnd cac tinh|uy ban nhan dan cac tinh|cac tinh")
# A ministry-level or department-level prefix, folded: what localising an agency changes.
_LEVEL_PREFIX = re.compile(r"^(?:bo|so|cuc|chi cuc|ban)\s+")
# The place after a provincial agency's name ("Sở Nội vụ tỉnh Đồng Tháp", "Công an tỉnh"),
# folded: localising keeps the function, not the place.
_PLACE_SUFFIX = re.compile(r"\s+(?:tinh|thanh pho)(?:\s.*)?$")


@dataclass
class _Task:
    id: str
    doc_id: str
    group: str  # folded heading words ("" when none)
    tokens: str  # folded content words
    text: str  # as printed (its sentences are read only for prose provisions)
    objects: dict[str, str]
    own_objects: dict[str, str]  # named right after the verb (OWN_OBJECT_WITHIN words)
    result: str
    leads: set[str] = field(default_factory=set)  # folded names, level prefix stripped
    local: bool = False  # assigned to local government (lead or coordinate, collectives)
    words: frozenset[str] = frozenset()  # of `tokens` (_object_part)
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words of `tokens` (_containment)

    def __post_init__(self) -> None:
        self.words = frozenset(self.tokens.split())
        self.pairs = _word_pairs(self.tokens)


@lru_cache(maxsize=1 << 14)
def _word_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent words of a text of folded words (a task's, or a prose sentence's)."""
    return frozenset(pairwise(text.split()))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    """The folded content words of each sentence or clause of a prose provision."""
    return tuple(" ".join(content_tokens(part)) for part in SENTENCE.split(text) if part.strip())


def object_phrases(text: str, within: int | None = None) -> dict[str, str]:
    """Head word -> the content words after it, for each concrete object a text names
    (with `within`, only heads among its first `within` words: the task's own object,
    right after its verb, not a document it cites further on).

    >>> object_phrases("Triển khai Đề án đánh giá mức độ hoàn thành nhiệm vụ chuyển đổi số")
    {'de an': 'danh gia muc do'}
    """
    return {k: v for k, (v, at) in _objects_at(text).items() if within is None or at < within}


def _objects_at(text: str) -> dict[str, tuple[str, int]]:
    """Head -> (the content words after it, the head's word index), first mention each.
    Heads are read on all the words ("cơ sở dữ liệu" holds the stopword "sở"); the words
    after one skip stopwords (before folding: "giá" of "đánh giá" stays)."""
    raw = WORDS.findall(unicodedata.normalize("NFC", text).casefold())
    folded = [fold(w) for w in raw]
    out: dict[str, tuple[str, int]] = {}
    i = 0
    while i < len(raw):
        heads = _HEADS_BY_FIRST.get(folded[i], ())
        head = next((h for h in heads if tuple(folded[i : i + len(h)]) == h), None)
        if head is None:
            i += 1
            continue
        after = i + len(head)
        rest = list(islice((fold(w) for w in raw[after:] if w not in _OBJECT_STOPS), OBJECT_WORDS))
        name = " ".join(head)
        if rest and name not in out:
            out[name] = (" ".join(rest), i)
        i = after
    return out


def _group_key(group: str | None) -> str:
    """A group heading without its number, folded: "V. Đẩy mạnh …" -> "day manh …"."""
    text = re.sub(r"^\s*(?:[IVX]{1,4}|\d{1,2}|[A-Z])\s*[.)\-–]\s*", "", group or "")
    return " ".join(content_tokens(text))


def _task(row: TaskRow, skeleton: nx.MultiDiGraph) -> _Task:
    """One task read for linking (its agencies' names from the skeleton)."""
    attrs = row.attrs
    text = attrs.get("text") or ""
    tokens, objects, own_objects = _text_parts(text)
    task = _Task(
        id=row.id,
        doc_id=attrs.get("doc_id") or "",
        group=_group_key(attrs.get("group")),
        tokens=tokens,
        text=text,
        objects=dict(objects),
        own_objects=dict(own_objects),
        result=_folded_words(attrs.get("result") or ""),
    )
    for agency, role in row.assigned:
        name = fold((skeleton.nodes[agency] if agency in skeleton else {}).get("name") or "")
        if LOCAL.search(name):
            task.local = True
        if role == "lead":
            task.leads.add(_PLACE_SUFFIX.sub("", _LEVEL_PREFIX.sub("", name)))
    return task


@lru_cache(maxsize=1 << 14)
def _text_parts(text: str) -> tuple[str, tuple, tuple]:
    """(content words, objects, own objects) of a task's text. Cached: plans repeat their
    routine rows and copy the programme's wording."""
    found = _objects_at(text)
    objects = tuple((k, v) for k, (v, _) in found.items())
    own = tuple((k, v) for k, (v, at) in found.items() if at < OWN_OBJECT_WITHIN)
    return " ".join(content_tokens(text)), objects, own


@lru_cache(maxsize=4096)
def _folded_words(text: str) -> str:
    """The content words of an expected result ("Đề án", "Báo cáo"): a few hundred kinds."""
    return " ".join(content_tokens(text))


def _tasks_by_doc(
    skeleton: nx.MultiDiGraph, rows: TaskRows, docs: Iterable[str]
) -> dict[str, list[_Task]]:
    """Each document's tasks to link (of `docs`, read through `rows`): its appendix rows
    and directives, or where it has none (a Party resolution), its body provisions."""
    out: dict[str, list[tuple[str | None, _Task]]] = defaultdict(list)
    for row in rows.tasks_of(docs):
        task = _task(row, skeleton)
        out[task.doc_id].append((row.attrs.get("origin"), task))
    # A document's appendix rows detail its body (DETAILS): where it has rows, they link.
    return {
        doc: [t for origin, t in pairs if origin != "body"]
        if any(origin != "body" for origin, _ in pairs)
        else [t for _, t in pairs]
        for doc, pairs in out.items()
    }


def _out(g: nx.MultiDiGraph, node: str, types: tuple[str, ...]) -> list[str]:
    return sorted(
        v
        for _, v, d in g.out_edges(node, data=True)
        if d.get("type") in types and g.nodes[v].get("label") == "Document"
    )


def updated_by(g: nx.MultiDiGraph, doc: str) -> list[tuple[str, str]]:
    """(older document, edge type) pairs `doc` updates: AMENDS, SUPERSEDES (-> REPLACES), or
    BASED_ON a document implementing one of the documents `doc` implements (-> AMENDS)."""
    out = [(v, "AMENDS") for v in _out(g, doc, ("AMENDS",))]
    out += [(v, "REPLACES") for v in _out(g, doc, ("SUPERSEDES",))]
    implemented = set(_out(g, doc, ("IMPLEMENTS",)))
    for v in _out(g, doc, ("BASED_ON",)):
        if implemented & set(_out(g, v, ("IMPLEMENTS",))) and v not in dict(out):
            out.append((v, "AMENDS"))
    return out


def higher_documents(g: nx.MultiDiGraph, doc: str, with_tasks: set[str]) -> list[list[str]]:
    """The documents whose tasks `doc`'s tasks are compared with (module docstring, 1), in
    tiers, nearest first: a document another candidate implements is in a later tier."""
    reached: set[str] = set()
    frontier = {doc}
    for _ in range(MAX_HOPS):
        frontier = {v for u in frontier for v in _out(g, u, ("IMPLEMENTS",))} - reached - {doc}
        if not frontier:
            break
        reached |= frontier
    for v in sorted(reached):
        reached |= {older for older, _ in updated_by(g, v)}
    reached.discard(doc)
    left = reached & with_tasks
    tiers = []
    while left:
        # Leave a document to the candidate that implements it: link level by level.
        above = {v for c in left for v in _out(g, c, ("IMPLEMENTS",)) if v in left and v != c}
        tier = sorted(left - above) or sorted(left)  # (a cycle: take the rest as one tier)
        tiers.append(tier)
        left -= set(tier)
    return tiers


def _agency_part(low: _Task, high: _Task) -> float:
    if low.leads & high.leads:
        return 1.0  # Bộ Nội vụ -> Sở Nội vụ (level prefixes stripped)
    if high.local:
        return 0.6  # the national task names local government; the province takes it up
    return 0.0


def _object_part(low: _Task, high: _Task, text: float) -> tuple[float, str]:
    shared = sorted(set(low.objects) & set(high.objects))
    if not shared and low.own_objects:
        # The task's own object (right after its verb) is not named as such above: how
        # much of its words the higher text holds at all ("Hệ thống học bạ số liên thông"
        # against a row about "chương trình đào tạo kỹ năng số": little).
        words = high.words
        best, which = max(
            (
                sum(w in words for w in low.own_objects[h].split())
                / len(low.own_objects[h].split()),
                h,
            )
            for h in sorted(low.own_objects)
        )
        return best, f"{which} {low.own_objects[which]} (not named above)"
    if not shared:
        return text, ""  # the task names no concrete object: the text decides
    best, which = max(
        (fuzz.token_set_ratio(low.objects[h], high.objects[h]) / 100, h) for h in shared
    )
    return best, f"{which} {high.objects[which]}"


def _containment(low: str, high: str) -> float:
    """Share of the lower text's word pairs found in the higher text.

    >>> _containment("de an danh gia", "xay dung de an danh gia muc do")
    1.0
    """
    pairs = _word_pairs(low)
    return len(pairs & _word_pairs(high)) / len(pairs) if pairs else 0.0


def score(
    low: _Task, high: _Task, same_group: bool, text: float | None = None
) -> tuple[float, str]:
    """The score of `low` carrying out `high`, and the evidence (what matched)."""
    total, parts = _score(low, high, text)
    return total, _evidence(parts, same_group)


def _score(
    low: _Task, high: _Task, text: float | None = None, floor: float = 0.0
) -> tuple[float, tuple]:
    """The score and its parts; `text` when the caller has it (pair_links' screening).
    With a `floor` (pair_links), a text part below it cannot make the pair reach THRESHOLD:
    the sentences of a prose provision that cannot reach it are not scored exactly, and
    such a pair's score is some value below THRESHOLD."""
    if text is None:
        text = (
            fuzz.token_set_ratio(low.tokens, high.tokens)
            + fuzz.token_sort_ratio(low.tokens, high.tokens)
        ) / 200
    if len(high.tokens) >= PROSE_FACTOR * len(low.tokens):
        # A provision in prose covers several tasks, a sentence or a clause each: the task
        # is scored against the sentence that says most of it. A sentence's mean of set
        # and sort ratios reaches `floor` only if each reaches `cut` (the other <= 100):
        # rapidfuzz returns 0 below its score_cutoff, and skips most of the work.
        cut = max(0.0, 200 * floor - 100 - 1e-6)
        pairs = low.pairs
        for sentence in _sentences(high.text):
            if sentence:
                by_set = fuzz.token_set_ratio(low.tokens, sentence, score_cutoff=cut)
                if by_set or not cut:
                    by_sort = fuzz.token_sort_ratio(low.tokens, sentence, score_cutoff=cut)
                    text = max(text, (by_set + by_sort) / 200)
                if pairs:
                    text = max(text, len(pairs & _word_pairs(sentence)) / len(pairs))
    obj, obj_words = _object_part(low, high, text)
    result = _result_ratio(low.result, high.result) if low.result and high.result else text
    agency = _agency_part(low, high)
    total = (
        WEIGHTS["text"] * text
        + WEIGHTS["object"] * obj
        + WEIGHTS["result"] * result
        + WEIGHTS["agency"] * agency
    )
    return round(total, 3), (text, obj, obj_words, result, agency)


def _evidence(parts: tuple, same_group: bool) -> str:
    """What matched, for the edge: "text 0.99; object 'de an …' 1.00; result …"."""
    text, obj, obj_words, result, agency = parts
    evidence = f"text {text:.2f}"
    if obj_words:
        evidence += f"; object {obj_words!r} {obj:.2f}"
    evidence += f"; result {result:.2f}; agency {agency:.1f}"
    if same_group:
        evidence += "; same group"
    return evidence


def _group_map(lows: list[_Task], highs: list[_Task]) -> dict[str, str]:
    """Each group of the lower document -> the corresponding group of the higher one."""
    high_groups = sorted({t.group for t in highs if t.group})
    out: dict[str, str] = {}
    for group in sorted({t.group for t in lows if t.group}):
        scored = sorted(((fuzz.token_set_ratio(group, h), h) for h in high_groups), reverse=True)
        if scored and scored[0][0] >= GROUP_MATCH:
            out[group] = scored[0][1]
    return out


@lru_cache(maxsize=1 << 14)
def _result_ratio(low: str, high: str) -> float:
    """The result part of two expected outputs: a few hundred kinds ("de an", "bao cao")."""
    return fuzz.token_set_ratio(low, high) / 100


def _text_floor(low: _Task, high: _Task, text: float | None) -> float | None:
    """None when the pair cannot reach THRESHOLD whatever its object part (at most 1);
    else the text part below which it cannot (a floor for _score). Exact, not a guess:
    `upper` is _score's sum with the object part (and the result part where it follows
    the text) at their highest, each term no smaller than _score's, so no smaller a sum."""
    agency = _agency_part(low, high)
    has_result = bool(low.result and high.result)
    result = _result_ratio(low.result, high.result) if has_result else 1.0
    if text is not None:
        if not has_result:
            result = text
        obj = 1.0
        if not (low.objects.keys() & high.objects.keys()) and not low.own_objects:
            obj = text  # _object_part gives the text itself
        upper = (
            WEIGHTS["text"] * text
            + WEIGHTS["object"] * obj
            + WEIGHTS["result"] * result
            + WEIGHTS["agency"] * agency
        )
        return None if round(upper, 3) < THRESHOLD else 0.0
    # Prose: the text part is the best sentence's, not known yet. Below this floor the
    # sum rounds below THRESHOLD (the margin covers rounding to 3 places).
    rest = WEIGHTS["object"] + WEIGHTS["result"] * result + WEIGHTS["agency"] * agency
    return max(0.0, (THRESHOLD - 0.0005 - rest) / WEIGHTS["text"] - 1e-6)


def pair_links(lows: list[_Task], highs: list[_Task]) -> list[tuple[str, str, float, str]]:
    """(low id, high id, score, evidence) for every kept pair of two documents' tasks.

    Pairs are first screened by rapidfuzz's process.extract (in C): below TEXT_FLOOR
    of token_set_ratio no pair can reach THRESHOLD (text weighs 0.6 and the other parts
    at most 0.4), unless the higher task is prose, scored sentence by sentence.
    """
    groups = _group_map(lows, highs)
    by_group: dict[str | None, list[_Task]] = defaultdict(list)
    for t in highs:
        by_group[t.group].append(t)
    lows_by_pool: dict[str | None, list[_Task]] = defaultdict(list)
    for low in lows:
        if low.tokens:
            lows_by_pool[groups.get(low.group)].append(low)
    out = []
    for mapped, pool_lows in sorted(lows_by_pool.items(), key=lambda kv: kv[0] or ""):
        pool = [h for h in (by_group[mapped] if mapped is not None else highs) if h.tokens]
        if not pool:
            continue
        texts = [h.tokens for h in pool]
        lengths = [len(t) for t in texts]
        by_length = sorted((n, j) for j, n in enumerate(lengths))
        # Every low against every high of the pool in one call each (rapidfuzz's cdist, in
        # C, each string prepared once): the same ratios as pair by pair, in float64.
        # A plan repeats rows ("Báo cáo kết quả …"): each distinct wording compared once.
        distinct = list(dict.fromkeys(low.tokens for low in pool_lows))
        row_of = {tokens: x for x, tokens in enumerate(distinct)}
        set_ratios = process.cdist(
            distinct, texts, scorer=fuzz.token_set_ratio, score_cutoff=TEXT_FLOOR, dtype=np.float64
        )
        sort_ratios = process.cdist(distinct, texts, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        for low in pool_lows:
            prose_from = PROSE_FACTOR * len(low.tokens)
            near: dict[int, float | None] = {}
            sets, sorts = set_ratios[row_of[low.tokens]], sort_ratios[row_of[low.tokens]]
            for j in np.flatnonzero(sets >= TEXT_FLOOR).tolist():
                if lengths[j] >= prose_from:
                    near[j] = None  # prose: scored sentence by sentence
                    continue
                text = (float(sets[j]) + float(sorts[j])) / 200
                if text >= MIN_TEXT:
                    near[j] = text
            for length, j in reversed(by_length):  # the longest first: prose
                if length < prose_from:
                    break
                near[j] = None
            scored = []
            for j in sorted(near):
                floor = _text_floor(low, pool[j], near[j])
                if floor is None:
                    continue
                s, parts = _score(low, pool[j], near[j], floor)
                if s >= THRESHOLD:
                    scored.append((s, pool[j].id, parts))
            if scored:
                best = max(s for s, _, _ in scored)
                out += [
                    (low.id, h, s, _evidence(parts, mapped is not None))
                    for s, h, parts in sorted(scored, key=lambda x: (-x[0], x[1]))
                    if s >= best - MARGIN
                ]
    return out


def find_task_links(g: nx.MultiDiGraph) -> list[tuple[str, str, str, float, str]]:
    """(type, from task, to task, score, evidence), sorted: IMPLEMENTS along the chain,
    AMENDS / REPLACES between an updating document's tasks and the updated one's."""
    return find_task_links_in(g, GraphTaskRows(g))


def find_task_links_in(
    skeleton: nx.MultiDiGraph, rows: TaskRows
) -> list[tuple[str, str, str, float, str]]:
    """find_task_links on a skeleton graph (documents, agencies, their edges) and the tasks
    read through `rows` (graph/task_rows.py): what a streaming build calls.

    Read document chain by document chain: a document's tasks and those of the documents
    it is compared with (higher_documents, updated_by), a province's chains per read
    (READ_DOCS documents at most), each document's tasks dropped once no chain left needs
    them. So the tasks held are one batch's chains and the programmes many share."""
    with_tasks = rows.docs_with_tasks()
    chains = {}
    for doc in sorted(with_tasks):
        tiers = higher_documents(skeleton, doc, with_tasks)
        updates = [(o, t) for o, t in updated_by(skeleton, doc) if o in with_tasks]
        if tiers or updates:
            chains[doc] = (tiers, updates)
    needs = {
        doc: {doc} | {h for tier in tiers for h in tier} | {o for o, _ in updates}
        for doc, (tiers, updates) in chains.items()
    }
    uses = Counter(d for needed in needs.values() for d in needed)
    held: dict[str, list[_Task]] = {}
    found: list[tuple[str, str, str, float, str]] = []
    for docs in docs_by_province(skeleton, chains).values():
        for start in range(0, len(docs), READ_DOCS):
            batch = docs[start : start + READ_DOCS]
            wanted = sorted({d for doc in batch for d in needs[doc]} - set(held))
            held.update(_tasks_by_doc(skeleton, rows, wanted))
            for doc in batch:
                tiers, updates = chains[doc]
                found += _chain_links(doc, tiers, updates, held)
                for d in needs[doc]:
                    uses[d] -= 1
                    if not uses[d]:
                        held.pop(d, None)
    return sorted(found)


def _chain_links(
    doc: str,
    tiers: list[list[str]],
    updates: list[tuple[str, str]],
    tasks: dict[str, list[_Task]],
) -> list[tuple[str, str, str, float, str]]:
    """The links of one document's tasks up its chain (`tiers`, nearest first) and to the
    documents it updates."""
    found = []
    lows = tasks.get(doc, [])
    best: dict[str, float] = {}  # a task's best score at the nearer levels
    for tier in tiers:
        level = [link for high in tier for link in pair_links(lows, tasks.get(high, []))]
        top: dict[str, float] = {}
        for low_id, _, s, _ in level:
            top[low_id] = max(top.get(low_id, 0.0), s)
        for low_id, high_id, s, e in level:
            # A task is linked one level up when nothing nearer carries it, or when this
            # level matches clearly better (by more than MARGIN): a plan implementing both
            # a sibling plan and the Government programme.
            if low_id not in best or top[low_id] > best[low_id] + MARGIN:
                found.append(("IMPLEMENTS", low_id, high_id, s, e))
        for low_id, s in top.items():
            best[low_id] = max(best.get(low_id, 0.0), s)
    for older, rel_type in updates:
        if older in tasks:
            for low_id, high_id, s, e in pair_links(lows, tasks[older]):
                found.append((rel_type, low_id, high_id, s, e))
    return found


def link_tasks(g: nx.MultiDiGraph) -> list[tuple[str, str, str, float, str]]:
    """Add the edges of find_task_links to g (key = type) and return them.

    A RESTATES edge (graph/linking.py) between two tasks linked here is removed: that the
    provincial row carries out the national one says more than that it repeats it, and
    one pair should not read as two facts.
    """
    found = find_task_links(g)
    for _, low, high, _, _ in found:
        for u, v in ((low, high), (high, low)):
            if g.has_edge(u, v, "RESTATES"):
                g.remove_edge(u, v, "RESTATES")
    for rel_type, low, high, s, evidence in found:
        if g.has_edge(low, high, rel_type):
            continue
        props: dict[str, object] = dict.fromkeys(rel_properties(rel_type))
        props["score"] = s
        if "evidence" in props:
            props["evidence"] = evidence
        if "method" in props:
            props["method"] = METHOD
        g.add_edge(low, high, key=rel_type, type=rel_type, **props)
    return found
