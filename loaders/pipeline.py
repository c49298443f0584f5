"""One input file -> one LoadedDocument: identity, references, then the kind's own loader.

Stages (one module each):
  text.read_source      bytes -> NFC lines, or InputError
  identity.identify     kind, number, issuer, date, title, signer
  references.find_references   every cited document and its relation
  plan.load_plan        Kế hoạch: body provisions, Phụ lục tables (tasks, indicators)
  notice.load_notice    Thông báo: directives per agency, indicators
  resolution.load_resolution   Party Nghị quyết (…-NQ/TW): tasks and solutions in prose
  coverage.uncovered    non-blank lines no record accounts for
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from obligraph.errors import InputError
from obligraph.loaders import coverage, identity, notice, partial, plan, references, resolution
from obligraph.loaders.cache import ExtractionCache
from obligraph.loaders.readers import read_document, supported_suffixes
from obligraph.loaders.readers.model import ReadDocument, StatedTable
from obligraph.loaders.records import Extraction, Finding, LoadedDocument
from obligraph.loaders.tables.records import TablesOut, tables_extraction
from obligraph.loaders.text import SourceText


def load_read(read: ReadDocument) -> LoadedDocument:
    """Run every stage on one file as its reader gave it (lines and stated tables)."""
    loaded = load_source(read.source, read.tables)
    loaded.findings[:0] = list(read.findings)
    return loaded


def load_source(src: SourceText, tables: tuple[StatedTable, ...] = ()) -> LoadedDocument:
    """Run every stage on one decoded file.

    Task tables the carrier states are read in a document of any kind (Kế hoạch,
    Chương trình, Nghị quyết, Quyết định with the plan it issues, Thông báo, Chỉ thị,
    Công văn); without them, a Kế hoạch's tables are read in reading order
    (`plan.load_plan`) and a Thông báo's directives from its prose.
    """
    document, id_spans = identity.identify(src)
    refs, ref_spans = references.find_references(src, document)
    stated = tables_extraction(src.name, document, tables)
    if document.kind_code == "TB":
        extraction = notice.load_notice(src, document)
        if stated.tasks or stated.indicators:
            _add_stated(extraction, stated)
        else:
            extraction.classified.extend(stated.classified)
    elif stated.tasks or stated.indicators:
        extraction = plan.load_stated(src, document, stated)
    elif document.kind_code == "KH":
        try:
            extraction = plan.load_plan(src, document)
        except Exception as exc:  # noqa: BLE001 - a table we cannot read is a finding
            extraction = Extraction(findings=[_unread(src, exc)])
        extraction.classified.extend(stated.classified)
    elif resolution.is_party_resolution(document.kind_code, document.number):
        extraction = resolution.load_resolution(src, document.id)
    else:
        extraction = Extraction(findings=stated.findings, classified=stated.classified)
    partial.mark_partial(src, extraction, document.id)
    loaded = LoadedDocument(
        document=document,
        tasks=extraction.tasks,
        indicators=extraction.indicators,
        references=refs,
        findings=[*identity.identity_findings(src, document), *extraction.findings],
        accounted=[*id_spans, *ref_spans, *extraction.accounted],
        classified=extraction.classified,
        line_count=len(src.lines),
        nonblank_lines=coverage.nonblank_count(src),
        encoding=src.encoding,
    )
    loaded.findings.extend(coverage.uncovered(src, loaded))
    loaded.findings.extend(coverage.appendix_without_tasks(src, loaded, stated.task_tables))
    loaded.findings.extend(coverage.lost_assignments(src, loaded))
    return loaded


def _unread(src: SourceText, exc: Exception) -> Finding:
    """The reading-order table splitter failed: an error finding, the lines left unplaced."""
    first = next(
        (i for i, line in enumerate(src.lines, 1) if plan.APPENDIX_TITLE.match(plan.plain(line))), 1
    )
    return Finding(
        source=src.name,
        line_start=first,
        line_end=len(src.lines),
        reason=f"appendix table not read in reading order ({type(exc).__name__}: {exc}); "
        "its lines are left unplaced",
        severity="error",
    )


def _add_stated(extraction: Extraction, stated: TablesOut) -> None:
    """A notice's stated task tables, beside the directives of its prose."""
    known = {t.id for t in extraction.tasks}
    for task in stated.tasks:
        if task.id in known:  # the prose numbered a directive alike: keep both
            task.id = f"{task.id}-table"
        extraction.tasks.append(task)
    extraction.indicators.extend(stated.indicators)
    extraction.findings.extend(stated.findings)
    extraction.classified.extend(stated.classified)
    extraction.accounted.extend((t.line_start, t.line_end) for t in stated.tasks if t.line_start)


def load_file(path: str | Path) -> LoadedDocument:
    """Read and load one file. Raises InputError for unreadable input."""
    return load_read(read_document(path))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the text files inside named folders, sorted by name."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.iterdir() if f.is_file() and f.suffix.lower() in supported_suffixes()
            )
            if not found:
                raise InputError(str(p), "folder holds no .txt or .md documents")
            files.extend(found)
        else:
            files.append(p)
    return files


def load_paths(
    paths: Iterable[str | Path], workers: int = 1, cache: ExtractionCache | None = None
) -> list[LoadedDocument]:
    """Load every file, in the order of expand_paths; the first unreadable one raises.

    `workers` > 1 loads in that many processes (documents are independent); the result
    is the same list in the same order, so builds stay byte-identical. With a `cache`
    (loaders/cache.py), files loaded before with the same loader are read from it and
    only the others are loaded (and then stored).
    """
    files = expand_paths(paths)
    keys = [cache.key_of(f) if cache else None for f in files]
    loaded: list[LoadedDocument | None] = [cache.get(k) if cache and k else None for k in keys]
    todo = [i for i, doc in enumerate(loaded) if doc is None]
    fresh = _load_files([files[i] for i in todo], workers)
    for i, doc in zip(todo, fresh, strict=True):
        loaded[i] = doc
        if cache and keys[i]:
            cache.put(keys[i], doc)
    return loaded  # type: ignore[return-value]  # every slot is filled above


def _load_files(files: list[Path], workers: int) -> list[LoadedDocument]:
    if workers <= 1 or len(files) < 2:
        return [load_file(p) for p in files]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Chunks amortise the pickling of records back to the parent.
        return list(pool.map(load_file, files, chunksize=max(1, len(files) // (workers * 8))))
