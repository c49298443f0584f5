"""Fragile headers are findings (issue 22, item 5), on the seed plan 103/KH-UBND.

A misprint in the appendix header ("Cơq uan", "Kết uqả") is read as the phrase it nearly
spells and flagged; a body heading repeated as a page header inside the table ("II. NHIỆM
VỤ") is not a group; a header lost altogether leaves tasks without agencies, and that is a
warning beside the document's counts, not a silent drop."""

from __future__ import annotations

from pathlib import Path

import pytest

from obligraph.loaders.coverage import LOST_ASSIGNMENTS
from obligraph.loaders.pipeline import load_source
from obligraph.loaders.records import LoadedDocument
from obligraph.loaders.report import alarms, load_report
from obligraph.loaders.text import source_from_string

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "001_2f8b4d489cccd7d8.txt"
HEADER_AGENCY_LINE = 997  # "Cơ quan" over "chủ trì", first appendix II header
HEADER_RESULT_LINE = 1003  # "Kết quả"
AFTER_PAGE_HEADER = 1077  # first row line after the header repeated at a page break


def load(lines: list[str]) -> LoadedDocument:
    return load_source(source_from_string("\n".join(lines), "kh103.txt"))


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def base(seed_lines) -> LoadedDocument:
    return load(seed_lines)


def appendix(doc: LoadedDocument):
    return [t for t in doc.tasks if t.origin == "appendix"]


def cells(doc: LoadedDocument):
    return [
        (
            t.no,
            t.group,
            t.text,
            t.result,
            t.deadline_text,
            [(a.agency, a.role) for a in t.assignments],
        )
        for t in appendix(doc)
    ]


def edited(lines: list[str], number: int, old: str, new: str) -> list[str]:
    out = list(lines)
    assert old in out[number - 1], out[number - 1]
    out[number - 1] = out[number - 1].replace(old, new)
    return out


def test_misprinted_agency_header_keeps_every_agency(seed_lines, base) -> None:
    doc = load(edited(seed_lines, HEADER_AGENCY_LINE, "Cơ quan", "Cơq uan"))
    assert cells(doc) == cells(base)  # ASSIGNED_TO unchanged, not 331 -> 86
    assert any('"Cơq uan" read as "cơ quan"' in f.reason for f in doc.findings)


def test_misprinted_result_header_keeps_result_apart_from_deadline(seed_lines, base) -> None:
    doc = load(edited(seed_lines, HEADER_RESULT_LINE, "Kết quả", "Kết uqả"))
    assert cells(doc) == cells(base)
    assert any('"Kết uqả" read as "kết quả"' in f.reason for f in doc.findings)


def test_body_heading_repeated_as_page_header_moves_no_task(seed_lines, base) -> None:
    lines = list(seed_lines)
    lines.insert(AFTER_PAGE_HEADER - 1, "II. NHIỆM VỤ")
    doc = load(lines)
    assert [(t.no, t.group) for t in appendix(doc)] == [(t.no, t.group) for t in appendix(base)]
    notes = [f for f in doc.findings if "repeats a heading of the body" in f.reason]
    assert [f.line_start for f in notes] == [AFTER_PAGE_HEADER]


def test_a_lost_agency_column_is_an_alarm(seed_lines, base) -> None:
    """A header word beyond repair ("Cxx yyy zz"): the agency columns are lost, and the
    load says so beside the counts (and so does the build summary, which lists alarms)."""
    doc = load(edited(seed_lines, HEADER_AGENCY_LINE, "Cơ quan", "Cxx yyy zz"))
    assert not any(LOST_ASSIGNMENTS in f.reason for f in base.findings)
    assert len(appendix(doc)) == 106
    assert not any(t.assignments for t in appendix(doc))
    lost = [f for f in doc.findings if LOST_ASSIGNMENTS in f.reason]
    assert lost and "106 of 106" in lost[0].reason
    report = load_report([doc])["documents"][0]
    assert any(LOST_ASSIGNMENTS in f["reason"] for f in alarms(report["findings"]))
