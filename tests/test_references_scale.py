"""References at scale: one sentence citing 1,500 documents (issue 8, "no quadratic steps
in reference resolution").

Every citation used to store the whole sentence as its evidence, so the work and the
output grew with the square of the citation count (about 13 s for 1,500). Evidence is now
cut to EVIDENCE_CHARS either side of the citation. These tests check correctness on the
big input (every reference there, right number, date, issuer, relation and line, evidence
bounded and around its own citation) and that evidence of ordinary sentences is still the
whole sentence. No timing is asserted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligraph.loaders.identity import identify
from obligraph.loaders.records import Document
from obligraph.loaders.references import EVIDENCE_CHARS, find_references
from obligraph.loaders.text import read_source, source_from_string

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
COUNT = 1500


def _citation(i: int) -> str:
    """ "Quyết định số 7/QĐ-UBND ngày 08/08/2024 của UBND tỉnh": day and month vary with i."""
    day_month = 1 + i % 9
    return f"Quyết định số {i}/QĐ-UBND ngày 0{day_month}/0{day_month}/2024 của UBND tỉnh"


def _one_sentence(count: int, opener: str = "Căn cứ ") -> str:
    return opener + ", ".join(_citation(i) for i in range(1, count + 1)) + ".\n"


@pytest.fixture(scope="module")
def big_refs():
    src = source_from_string(_one_sentence(COUNT), "big.txt")
    refs, spans = find_references(src, Document(id="doc:big"))
    return src, refs, spans


def test_every_citation_of_a_huge_sentence_is_found(big_refs):
    _, refs, _ = big_refs
    assert [r.number for r in refs] == [f"{i}/QĐ-UBND" for i in range(1, COUNT + 1)]


def test_each_reference_of_the_huge_sentence_is_read_right(big_refs):
    _, refs, _ = big_refs
    for i, ref in enumerate(refs, start=1):
        day_month = 1 + i % 9
        assert ref.kind == "Quyết định"
        assert ref.kind_code == "QĐ"
        assert ref.issued == date(2024, day_month, day_month)
        assert ref.issuer == "UBND tỉnh"
        # "Căn cứ A, B, C …": a list after one trigger, all based_on (LIST_JOINER).
        assert ref.relation == "based_on"
        assert ref.subject_number is None
        assert (ref.line_start, ref.line_end) == (1, 1)
        assert ref.source == "big.txt"


def test_evidence_of_the_huge_sentence_is_bounded_and_around_its_citation(big_refs):
    src, refs, _ = big_refs
    sentence = src.lines[0]
    assert len(sentence) > 40 * EVIDENCE_CHARS  # the sentence itself is far longer
    for i, ref in enumerate(refs, start=1):
        own = _citation(i)
        assert own in ref.evidence
        assert len(ref.evidence) <= 2 * EVIDENCE_CHARS + len(own)
        # A cut falls between words: the evidence is a run of whole words of the sentence.
        assert ref.evidence in sentence
        start = sentence.index(ref.evidence)
        assert start == 0 or sentence[start - 1] == " "
        end = start + len(ref.evidence)
        assert end == len(sentence) or sentence[end] in " ."
    # The first citation's evidence opens the sentence; the last one's closes it.
    assert refs[0].evidence.startswith("Căn cứ Quyết định số 1/QĐ-UBND ngày 02/02/2024")
    assert refs[-1].evidence.endswith(f"{_citation(COUNT)}.")


def test_the_huge_sentence_counts_as_cited_preamble(big_refs):
    _, _, spans = big_refs
    assert spans == [(1, 1)]  # "Căn cứ …" whose line holds citations


def test_a_sentence_shorter_than_the_cut_keeps_its_whole_evidence():
    text = _one_sentence(3, opener="Thực hiện ")
    refs, _ = find_references(source_from_string(text, "small.txt"), Document(id="doc:s"))
    assert [r.number for r in refs] == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]
    assert {r.relation for r in refs} == {"implements"}
    assert {r.evidence for r in refs} == {text.strip()}


def test_seed_evidence_is_still_the_whole_sentence():
    # 001 lines 58-64: the bullet "- Xác định nhiệm vụ cụ thể …" cites NQ 57, NQ 71 and
    # KH 152 (printed "152/KH-TU" there, folded into 152-KH/TU of lines 11, 41, 53) in one
    # sentence of about 700 characters, ending "… của Việt Nam.".
    src = read_source(next(RAW.glob("001_*.txt")))
    doc, _ = identify(src)
    refs, _ = find_references(src, doc)
    in_bullet = [r for r in refs if r.line_start in (59, 60)]
    assert [r.number for r in in_bullet] == ["57-NQ/TW", "71/NQ-CP", "152-KH/TU"]
    for ref in in_bullet:
        assert ref.evidence.startswith("- Xác định nhiệm vụ cụ thể để các sở, ngành, địa phương")
        assert ref.evidence.endswith("nơi ứng dụng trí tuệ nhân tạo quan trọng của Việt Nam.")
        assert "thực hiện Nghị quyết số 57-NQ/TW, Nghị quyết số 71/NQ-CP, Kế hoạch số" in (
            ref.evidence
        )
