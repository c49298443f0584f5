"""Coverage: the non-blank lines that no record or recognised boilerplate accounts for."""

from __future__ import annotations

from obligraph.loaders.records import Finding, LoadedDocument
from obligraph.loaders.text import SourceText

NOT_ACCOUNTED = "not accounted for by any record"


def accounted_lines(loaded: LoadedDocument) -> set[int]:
    """Every line number inside an accounted span or a record's span."""
    spans = list(loaded.accounted)
    for rec in [*loaded.tasks, *loaded.indicators, *loaded.references]:
        if rec.line_start and rec.line_end:
            spans.append((rec.line_start, rec.line_end))
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end + 1))
    return covered


def uncovered(src: SourceText, loaded: LoadedDocument) -> list[Finding]:
    """One Finding (severity info) per non-blank line that nothing accounts for."""
    covered = accounted_lines(loaded)
    return [
        Finding(
            source=src.name,
            line_start=number,
            line_end=number,
            reason=f"{NOT_ACCOUNTED}: {line.strip()[:90]}",
            severity="info",
        )
        for number, line in enumerate(src.lines, start=1)
        if line.strip() and number not in covered
    ]


def nonblank_count(src: SourceText) -> int:
    return sum(1 for line in src.lines if line.strip())
