"""Cited documents and their relations: every citation of every file, with its sentence.

A citation is a document number (numbers.py) with the kind phrase before it and the date
and issuer after it ("Kế hoạch số 37/KH-UBND ngày 26/02/2025 của UBND tỉnh"), or a
document named without a number ("Đề án 06", "Luật Giao dịch điện tử").

Relations are read per sentence, citation by citation, from the words between a citation
and the one before it (the "gap"):

- a trigger among the last words of the gap sets the relation: "thay thế" supersedes,
  "bãi bỏ" repeals, "sửa đổi, bổ sung" amends, "Căn cứ"/"Theo đề nghị … tại Tờ trình"
  based_on, "thực hiện"/"triển khai" implements; no trigger: cites;
- when the trigger directly follows the previous citation ("Kế hoạch 152 … thực hiện
  Nghị quyết 57"), the relation is between the two cited documents (subject_number);
- a bare list joiner (", ", " và ") continues the previous citation's relation and
  subject; a "về …" subject clause then a joiner returns to the sentence's outer
  relation ("Thực hiện NQ 71 và KH 152 thực hiện NQ 57 về …, Quyết định 970": all
  implemented by the document, not by KH 152);
- a subject clause closing a coordinated list is shared by the list: "NQ 71 và KH 152
  thực hiện NQ 57" gives NQ 71 -implements-> NQ 57 as well as KH 152 -implements-> NQ 57;
- "(sau đây gọi tắt là …)" names an alias: it adds a spelling, not a citation.

Typos of one document in one file fold into one number (same serial, kind and date),
each printed spelling kept in `variants`. The document's own number is not a citation.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from obligraph.loaders import dates, numbers, patterns
from obligraph.loaders.records import Document, Reference
from obligraph.loaders.spans import LineIndex, collapse
from obligraph.loaders.text import SourceText

# How many words may stand between a trigger and the citation it governs.
TRIGGER_REACH = {"based_on": 12, "default": 6}
# Capitalised words that still end an issuer ("của Thủ tướng Chính phủ Quy định trách nhiệm").
_SUBJECT_LINK = re.compile(r"[\s,]*(?:về(?:\s+việc)?\s*)?")
_CAPITAL_STOPS = frozenset({"Quy", "Về", "Thực", "Triển", "Phê", "Hướng"})
EVIDENCE_LINES = 8  # an evidence sentence reaches at most this many lines either side
# ... and at most this many characters either side: the evidence of every citation of one
# huge sentence would otherwise hold the whole sentence (work and size growing with the
# square of the citation count). Real sentences stay under it (the longest evidence in
# the seeds is about 700 characters in all).
EVIDENCE_CHARS = 1500
_KIND_LOOKBACK = 60
_WORD = re.compile(r"\S+")  # a word as str.split() sees it
_FEW_TRIGGERS = 8  # up to this many triggers in one gap, their tails are split directly

_RELATION_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("supersedes", patterns.SUPERSEDES),
    ("repeals", patterns.REPEALS),
    ("amends", patterns.AMENDS),
    ("based_on", patterns.BASED_ON),
    ("implements", patterns.IMPLEMENTS),
)


@dataclass
class _Citation:
    """One citation in the working text, before relations are known."""

    start: int  # the kind phrase (or number/name) start
    end: int  # after the date / issuer tail
    number: numbers.DocNumber | None = None
    name: str | None = None
    kind: str | None = None
    kind_code: str | None = None
    issuer: str | None = None
    issued: date | None = None
    alias: bool = False
    variants: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.number.number if self.number else f"name:{self.name}"


@dataclass
class _Found:
    """A citation with its relation, subject and sentence."""

    cit: _Citation
    relation: str
    subject: _Citation | None
    sentence: tuple[int, int]


def working_text(lines: list[str]) -> str:
    """The joined text with offsets kept: bold markers blanked, dashes made hyphens."""
    text = "\n".join(lines)
    return text.replace("**", "  ").replace("–", "-").replace("‑", "-").replace("—", "-")


# ------------------------------------------------------------------ citations


def _tail(text: str, pos: int, cit: _Citation) -> None:
    """Read " ngày <date> của <issuer>" after position `pos` into `cit` (sets cit.end)."""
    m = patterns.CITATION_DATE.match(text, pos)
    if m:
        cit.issued = dates.parse_date("ngày " + m["date"])
        pos = m.end()
    m = patterns.CITATION_ISSUER.match(text, pos)
    if m:
        words: list[re.Match[str]] = []
        tokens = list(re.finditer(r"\S+", m["issuer"]))
        for i, w in enumerate(tokens):
            word = w.group(0)
            pair = f"{word} {tokens[i + 1].group(0)}".lower() if i + 1 < len(tokens) else ""
            if word in patterns.ISSUER_STOP_WORDS or pair in patterns.ISSUER_STOP_PAIRS:
                break
            if words and word in _CAPITAL_STOPS:
                break
            if word == "và" and not _name_goes_on(tokens[i + 1 : i + 3]):
                break  # "… của Chính phủ và Chương trình hành động số …": the next item
            words.append(w)
        if words:
            issuer = m["issuer"][: words[-1].end()]
            cit.issuer = collapse(issuer).replace("uỷ", "ủy").replace("Uỷ", "Ủy")
            pos = m.start("issuer") + words[-1].end()
    cit.end = max(cit.end, pos)


def _name_goes_on(following: list[re.Match[str]]) -> bool:
    """After "và": does a name continue ("Bộ Thông tin và Truyền thông"), not a new item?"""
    if not following or not following[0].group(0)[:1].isupper():
        return False
    words = [w.group(0) for w in following]
    return (
        numbers.kind_from_words(" ".join(words)) is None
        and numbers.kind_from_words(words[0]) is None
    )


def _kind_before(text: str, start: int) -> tuple[int, str | None]:
    """The start and kind name of a kind phrase right before `start` ("Nghị quyết số ")."""
    window = text[max(0, start - _KIND_LOOKBACK) : start]
    m = patterns.KIND_BEFORE_NUMBER.search(window)
    if not m:
        return start, None
    return start - len(window) + m.start(), numbers.kind_from_words(m["kind"])


def _number_citations(text: str, own_number: str | None) -> list[_Citation]:
    out: list[_Citation] = []
    for m in patterns.DOC_NUMBER.finditer(text):
        dn = numbers.from_match(m)
        if own_number and dn.number == own_number:
            continue  # the document's own number ("Số: 103/KH-UBND", "Kèm theo Kế hoạch số …")
        start, kind = _kind_before(text, m.start())
        cit = _Citation(start=start, end=m.end(), number=dn, kind=kind)
        _tail(text, m.end(), cit)
        stated = numbers.issuer_code_of_phrase(cit.issuer)
        if (
            dn.party
            and stated
            and stated != dn.issuer_code
            and dn.issuer_code in numbers.PARTY_ISSUERS
        ):
            cit.number = numbers.with_issuer(dn, stated)  # "152-KH/TW … của Tỉnh ủy" is /TU
        cit.kind = cit.kind or numbers.kind_name(cit.number.kind_code)
        cit.kind_code = cit.number.kind_code or numbers.kind_code_of(cit.kind)
        if dn.raw != cit.number.number:
            cit.variants.add(dn.raw)
        out.append(cit)
    return out


def _law_name(m: re.Match[str]) -> tuple[str, int]:
    """A law's name without trailing stop words ("… năm 2023"), and where it ends."""
    end = m.end("head")
    for w in re.finditer(r"\S+", m["tail"]):
        if w.group(0) in patterns.LAW_STOP_WORDS:
            break
        end = m.start("tail") + w.end()
    return collapse(m.string[m.start() : end]), end


def _name_citations(text: str, taken: list[tuple[int, int]]) -> list[_Citation]:
    """Documents cited by name only: "Đề án 06", "Chỉ thị 18", "Luật Giao dịch điện tử"."""
    free = _FreeTest(taken)

    out: list[_Citation] = []
    for m in patterns.NAMED_BY_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        kind = numbers.kind_from_words(m["kind"])
        cit = _Citation(start=m.start(), end=m.end(), name=collapse(m["name"]), kind=kind)
        cit.kind_code = numbers.kind_code_of(kind)
        _tail(text, m.end(), cit)
        out.append(cit)
    for m in patterns.NAMED_LAW.finditer(text):
        if not free(m.start(), m.end()):
            continue
        name, end = _law_name(m)
        cit = _Citation(start=m.start(), end=end, name=name, kind="Luật")
        _tail(text, cit.end, cit)
        out.append(cit)
    return out


class _FreeTest:
    """Does [start, end) overlap none of the `taken` spans? In log time, not one pass over
    the spans per question (a file with thousands of citations would be quadratic).

    >>> free = _FreeTest([(10, 20), (30, 40)])
    >>> free(0, 10), free(15, 16), free(20, 30), free(35, 50)
    (True, False, True, False)
    """

    def __init__(self, taken: list[tuple[int, int]]) -> None:
        ordered = sorted(taken)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        for _, b in ordered:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def __call__(self, start: int, end: int) -> bool:
        # A span overlaps when it starts before `end` and ends after `start`.
        before = bisect.bisect_left(self.starts, end)
        return before == 0 or self.reach[before - 1] <= start


# ------------------------------------------------------------------ sentences and relations


def _sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences end (after the punctuation), plus the text's ends."""
    ends = {0, len(text)}
    # SENTENCE_END's matches, found faster as those of its two halves (see patterns.py).
    ends.update(m.end() for m in patterns.SENTENCE_END_PUNCT.finditer(text))
    ends.update(m.end() for m in patterns.SENTENCE_END_BREAK.finditer(text))
    return sorted(ends)


def _sentence_of(bounds: list[int], cit: _Citation) -> tuple[int, int]:
    """The sentence around a citation: (start, end) offsets."""
    i = bisect.bisect_right(bounds, cit.start) - 1
    j = bisect.bisect_left(bounds, cit.end)
    return bounds[max(i, 0)], max(bounds[min(j, len(bounds) - 1)], cit.end)


def _evidence(text: str, idx: LineIndex, sentence: tuple[int, int], cit: _Citation) -> str:
    """The sentence, cut to EVIDENCE_LINES lines (tables) and EVIDENCE_CHARS characters
    (a sentence of a thousand citations) either side of the citation; a cut by characters
    falls on a word boundary."""
    first = max(1, idx.line_of(cit.start) - EVIDENCE_LINES)
    last = idx.line_of(cit.end) + EVIDENCE_LINES
    start = max(sentence[0], idx.offset_of(first))
    end = min(sentence[1], idx.offset_of(last + 1) if last < len(idx.starts) else len(text))
    if cit.start - start > EVIDENCE_CHARS:
        start = cit.start - EVIDENCE_CHARS
        while start < cit.start and not text[start - 1].isspace():
            start += 1  # not in the middle of a word
    if end - cit.end > EVIDENCE_CHARS:
        end = cit.end + EVIDENCE_CHARS
        while end > cit.end and not text[end].isspace():
            end -= 1
    return collapse(text[start:end])


def _trigger(gap: str) -> tuple[str, int] | None:
    """The last relation trigger within reach of the gap's end: (relation, its start)."""
    best: tuple[int, str, int] | None = None
    seen = 0
    word_ends: list[int] | None = None
    for relation, regex in _RELATION_TRIGGERS:
        for m in regex.finditer(gap):
            seen += 1
            if seen <= _FEW_TRIGGERS:
                words_after = len(gap[m.end() :].split())
            else:
                # Many triggers in a long gap: count with the gap's word ends, found once
                # (counting each trigger's tail anew would grow with the square of the gap).
                if word_ends is None:
                    word_ends = [w.end() for w in _WORD.finditer(gap)]
                words_after = len(word_ends) - bisect.bisect_right(word_ends, m.end())
            reach = TRIGGER_REACH.get(relation, TRIGGER_REACH["default"])
            if words_after > reach:
                continue
            if best is None or m.end() > best[0]:
                best = (m.end(), relation, m.start())
    return (best[1], best[2]) if best else None


def _relate(text: str, sentence: tuple[int, int], cits: list[_Citation]) -> list[_Found]:
    """Relations of the citations of one sentence, in order."""
    out: list[_Found] = []
    outer = "cites"  # the relation the document itself holds in this sentence
    prev: _Found | None = None
    listed: list[_Found] = []  # the coordinated list "A, B và C" that prev closes
    for cit in cits:
        shared: list[_Found] = []
        gap = text[prev.cit.end if prev else sentence[0] : cit.start]
        if prev and patterns.ALIAS_INTRO.search(gap):
            if prev.cit.key == cit.key:
                prev.cit.variants |= cit.variants
                continue
            found = _Found(cit, "cites", None, sentence)
        elif prev and patterns.TITLE_THEN_JOINER.match(gap):
            found = _Found(cit, outer, None, sentence)
        elif prev and patterns.LIST_JOINER.match(gap):
            found = _Found(cit, prev.relation, prev.subject, sentence)
            if not (cit.kind or (cit.number and cit.number.kind_code)):
                cit.kind, cit.kind_code = prev.cit.kind, prev.cit.kind_code  # "Văn bản số A và B"
        else:
            hit = _trigger(gap)
            if hit is None:
                found = _Found(cit, "cites", None, sentence)
            else:
                relation, at = hit
                # "KH 37 … thực hiện NQ 03", "KH 103 … về triển khai NQ 71": between the two.
                linked = _SUBJECT_LINK.fullmatch(gap[:at])
                subject = prev.cit if prev and linked else None
                if subject is None:
                    outer = relation
                else:
                    # "NQ 71 … và KH 152 … thực hiện NQ 57": the clause is shared by the
                    # whole coordinated list, so every list-mate relates to NQ 57 too.
                    shared = [
                        _Found(cit, relation, mate.cit, sentence)
                        for mate in listed[:-1]
                        if mate.cit.key != cit.key
                    ]
                found = _Found(cit, relation, subject, sentence)
        if found.subject is not None and found.subject.key == cit.key:
            found.subject = None
        joined = prev is not None and patterns.LIST_JOINER.match(gap) is not None
        if (
            joined
            and prev is not None
            and (prev.relation, prev.subject)
            == (
                found.relation,
                found.subject,
            )
        ):
            listed.append(found)
        else:
            listed = [found]
        out.append(found)
        out.extend(shared)
        prev = found
    return out


# ------------------------------------------------------------------ folding typos


def _fold(found: list[_Found]) -> dict[str, str]:
    """Raw normalized numbers -> the number they fold to (same serial, kind and date)."""
    groups: dict[tuple[str, str | None, date], Counter[str]] = defaultdict(Counter)
    for f in found:
        n = f.cit.number
        if n and f.cit.issued:
            groups[(n.serial, n.kind_code, f.cit.issued)][n.number] += 1
    mapping: dict[str, str] = {}
    for counts in groups.values():
        if len(counts) < 2:
            continue
        # The spelling printed most often wins; ties go to the first in sort order.
        winner = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for number in counts:
            if number != winner:
                mapping[number] = winner
    return mapping


# ------------------------------------------------------------------ the records


def find_references(
    src: SourceText, document: Document
) -> tuple[list[Reference], list[tuple[int, int]]]:
    """Every document the file cites, and the line spans the citations account for.

    >>> from obligraph.loaders.text import source_from_string
    >>> from obligraph.loaders.records import Document
    >>> src = source_from_string(
    ...     "Kế hoạch này thay thế Kế hoạch số 37/KH-UBND ngày 26/02/2025 của\\n"
    ...     "UBND tỉnh thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ./.")
    >>> refs, _ = find_references(src, Document(id="doc:x"))
    >>> [(r.subject_number, r.relation, r.number, r.issuer) for r in refs]
    [(None, 'supersedes', '37/KH-UBND', 'UBND tỉnh'), ('37/KH-UBND', 'implements', '03/NQ-CP', 'Chính phủ')]
    """
    text = working_text(src.lines)
    idx = LineIndex(src.lines)
    cits = _number_citations(text, document.number)
    cits += _name_citations(text, [(c.start, c.end) for c in cits])
    cits.sort(key=lambda c: (c.start, c.end))

    bounds = _sentence_bounds(text)
    by_sentence: dict[tuple[int, int], list[_Citation]] = defaultdict(list)
    for cit in cits:
        by_sentence[_sentence_of(bounds, cit)].append(cit)
    found: list[_Found] = []
    for sentence in sorted(by_sentence):
        found.extend(_relate(text, sentence, by_sentence[sentence]))

    folded = _fold(found)
    variants: dict[str, set[str]] = defaultdict(set)
    for f in found:
        if f.cit.number:
            n = f.cit.number
            if n.number in folded:
                f.cit.variants.add(n.raw)
                f.cit.number = replace(n, number=folded[n.number])
            variants[f.cit.number.number] |= {v for v in f.cit.variants if v != f.cit.number.number}

    refs: list[Reference] = []
    seen: set[tuple[str, str, str | None, tuple[int, int]]] = set()
    for f in found:
        cit = f.cit
        subject_key = f.subject.key if f.subject else None
        key = (cit.key, f.relation, subject_key, f.sentence)
        if key in seen:
            continue  # one reference per (document, relation, subject, sentence)
        seen.add(key)
        number = cit.number.number if cit.number else None
        subject_number = None
        if f.subject and f.subject.number:
            subject_number = folded.get(f.subject.number.number, f.subject.number.number)
        line_start, line_end = idx.span_lines(cit.start, cit.end)
        refs.append(
            Reference(
                number=number,
                name=None if number else cit.name,
                kind=cit.kind,
                kind_code=cit.kind_code,
                issuer=cit.issuer,
                issued=cit.issued,
                relation=f.relation,
                evidence=_evidence(text, idx, f.sentence, cit),
                variants=sorted(variants.get(number, set())) if number else [],
                subject_number=subject_number,
                subject_name=f.subject.name if f.subject and not f.subject.number else None,
                source=src.name,
                line_start=line_start,
                line_end=line_end,
            )
        )
    return refs, _preamble_spans(src.lines, refs)


def _preamble_spans(lines: list[str], refs: list[Reference]) -> list[tuple[int, int]]:
    """The citation-only preamble ("Căn cứ …; Thực hiện …; Theo đề nghị …, như sau:")."""
    cited_lines = {n for r in refs for n in range(r.line_start or 0, (r.line_end or 0) + 1)}
    spans: list[tuple[int, int]] = []
    number = 1
    while number <= len(lines):
        line = lines[number - 1].replace("**", "")
        if re.match(r"^\s*(?:[IVX]+\.|Điều\s+1\b)", line):
            break  # the body starts: no preamble below
        if not patterns.PREAMBLE_OPENER.match(line):
            number += 1
            continue
        end = number
        for probe in range(number, min(len(lines), number + 60) + 1):
            text = lines[probe - 1].replace("**", "").rstrip()
            if probe > number and re.match(r"^\s*(?:[IVX]+\.|Điều\s+\d|\d+\.\s)", text):
                break
            if text.strip():
                end = probe
            if patterns.PREAMBLE_END.search(text):
                break
        if any(n in cited_lines for n in range(number, end + 1)):
            spans.append((number, end))
        number = end + 1
    return spans
