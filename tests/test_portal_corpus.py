"""Every document of the portal corpus (../shared/corpus/portal, 426 Markdown pages of a
legal portal) loads without a traceback, and its tables are accounted for: task tables
become tasks, other tables are named non-task tables, and a document with an appendix or
a task table but no task says so with an error finding (never "0 unaccounted")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from obligraph.loaders.coverage import NO_TASKS
from obligraph.loaders.pipeline import load_read
from obligraph.loaders.readers import read_document
from obligraph.loaders.records import LoadedDocument
from obligraph.loaders.tables.interpret import read_table

PORTAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "portal"


@pytest.fixture(scope="module")
def corpus() -> list[tuple[LoadedDocument, Counter]]:
    if not PORTAL.exists():
        pytest.skip("../shared/corpus/portal is absent")
    out = []
    for path in sorted(PORTAL.glob("*.md")):
        read = read_document(path)
        kinds = Counter(read_table(t).kind for t in read.tables)
        out.append((load_read(read), kinds))
    return out


def test_every_portal_document_loads(corpus) -> None:
    assert len(corpus) == 426
    for doc, _ in corpus:
        counts = doc.line_counts
        assert sum(counts.values()) == doc.nonblank_lines, doc.document.source


def test_task_tables_become_tasks_in_every_kind(corpus) -> None:
    with_tasks = Counter(
        doc.document.kind_code
        for doc, _ in corpus
        if any(t.origin == "appendix" for t in doc.tasks)
    )
    # task tables sit in plans (179/KH Đồng Nai, 310/KH Hà Nội) and in the plans and
    # programmes decisions issue (2820/QĐ-UBND, 2629/QĐ-TTg); the portal's other tables
    # are procedure lists, procedure steps, norms and name lists (NQ 03's programme, a
    # Nghị quyết's, is in lineage/)
    assert with_tasks["KH"] >= 2 and with_tasks["QĐ"] >= 2
    for doc, kinds in corpus:
        if kinds["tasks"]:
            assert any(t.origin == "appendix" for t in doc.tasks), doc.document.source


def test_non_task_tables_never_become_tasks(corpus) -> None:
    """A document whose tables are all non-task tables has no appendix task."""
    for doc, kinds in corpus:
        if not kinds["tasks"] and not kinds["indicators"]:
            assert not [t for t in doc.tasks if t.origin == "appendix"], doc.document.source


def test_appendix_without_tasks_is_an_error_finding(corpus) -> None:
    flagged = [
        doc
        for doc, _ in corpus
        if any(f.severity == "error" and NO_TASKS in f.reason for f in doc.findings)
    ]
    assert flagged, "the corpus holds appendices of procedure lists and norms"
    for doc in flagged:
        assert not doc.tasks or all(t.origin != "appendix" for t in doc.tasks)
        assert not doc.indicators


def test_budget_and_norm_tables_are_not_tasks(corpus) -> None:
    """ "Nội dung | Đơn vị tính | Năm 2026 …" (KH 9b7e…, budget estimates) and "Nội dung |
    Đơn vị tính | Định mức" (NQ a6fb…, spending norms) name no one and no deadline."""
    by_source = {doc.document.source: doc for doc, _ in corpus}
    for name in ("9b7eebadf7081069.md", "a6fb1f372de14a1e.md", "d5f01e57dbf5a890.md"):
        assert not [t for t in by_source[name].tasks if t.origin == "appendix"], name
