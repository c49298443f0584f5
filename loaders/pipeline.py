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

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from obligraph.errors import InputError, ObligraphError
from obligraph.loaders import coverage, identity, notice, partial, plan, references, resolution
from obligraph.loaders.cache import ExtractionCache
from obligraph.loaders.readers import read_document, supported_suffixes
from obligraph.loaders.readers.model import ReadDocument, StatedTable
from obligraph.loaders.records import Extraction, Finding, LoadedDocument
from obligraph.loaders.tables.records import TablesOut, tables_extraction
from obligraph.loaders.text import SourceText


def load_read(read: ReadDocument) -> LoadedDocument:
    """Run every stage on one file as its reader gave it (lines and stated tables)."""
    if not any(line.strip() for line in read.source.lines):
        # A scan without OCR, a garbled text layer: nothing to load, the reader says why.
        why = "; ".join(f.reason for f in read.findings) or "no text"
        raise InputError(read.source.name, why)
    loaded = load_source(read.source, read.tables)
    loaded.findings[:0] = list(read.findings)
    _mark_provenance(loaded, read)
    return loaded


OCR_WARNING = "read by OCR: check against the page image"


def _mark_provenance(loaded: LoadedDocument, read: ReadDocument) -> None:
    """The reader's format, the page of every record (paged carriers), OCR flags."""
    loaded.format = read.format
    loaded.ocr = read.ocr
    if read.pages is not None:
        records = [
            loaded.document,
            *loaded.tasks,
            *loaded.indicators,
            *loaded.references,
            *loaded.findings,
            *(a for t in loaded.tasks for a in t.assignments),
        ]
        for rec in records:
            if rec.line_start is not None:
                rec.page = read.page_of(rec.line_start)
    if read.ocr:
        for task in loaded.tasks:
            if OCR_WARNING not in task.warnings:
                task.warnings.append(OCR_WARNING)


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


# Files a folder may hold that are not administrative documents, by name (lower case).
_NOT_DOCUMENT_NAMES = re.compile(
    r"^(?:readme|manifest|license|licence|changelog|changes|contributing|index)\b"
)
_DATA_SUFFIXES = {".tsv", ".csv", ".json", ".jsonl", ".yaml", ".yml", ".xml", ".toml"}


@dataclass
class FileLog:
    """What a load did with each file: read (by format), skipped, or failed, with why.

    Skipped files were not documents to read (unsupported type, a README or manifest, a
    page with no document in it); failed ones were documents that could not be read
    (encrypted, a scan without OCR, corrupt). Neither stops a folder load.
    """

    formats: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": dict(sorted(self.formats.items())),
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "failed": [{"file": f, "reason": r} for f, r in self.failed],
        }


def render_file_log(log: dict) -> list[str]:
    """The file log as lines for the load and build summaries."""
    read = ", ".join(f"{n} {fmt}" for fmt, n in log["read"].items()) or "none"
    lines = [f"files read: {sum(log['read'].values())} ({read})"]
    for key, label in (("skipped", "skipped"), ("failed", "could not read")):
        if log[key]:
            lines.append(f"files {label}: {len(log[key])}")
            lines += [f"  {e['file']}: {e['reason']}" for e in log[key]]
    return lines


def folder_skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not loaded, by its name alone; None: load it."""
    name = path.name.lower()
    if name.startswith("."):
        return "hidden file"
    if path.suffix.lower() in _DATA_SUFFIXES or _NOT_DOCUMENT_NAMES.match(name):
        return "not an administrative document (a README, manifest or data file)"
    if path.suffix.lower() not in supported_suffixes():
        return f"unsupported type {path.suffix or '(no suffix)'}"
    return None


def content_skip_reason(doc: LoadedDocument) -> str | None:
    """Why a loaded file from a folder is not a document: nothing in it names a kind, a
    number or an issuer, and it yields no task (a portal's index page, a note)."""
    d = doc.document
    if d.kind_code or d.number or d.issuer or doc.tasks:
        return None
    return "not an administrative document (no kind, number or issuer in its text)"


def scan_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to load and files skipped with why. Folders are searched recursively (hidden
    folders left out); a file named directly is always loaded."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            files.append(p)
            continue
        found = sorted(
            f
            for f in p.rglob("*")
            if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
        )
        for f in found:
            reason = folder_skip_reason(f)
            if reason:
                skipped.append((f, reason))
            else:
                files.append(f)
    return files, skipped


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the documents inside named folders (recursively)."""
    files, skipped = scan_paths(paths)
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not any(f.is_relative_to(p) for f in files):
            raise InputError(str(p), "folder holds no documents (.txt, .md, .docx, .pdf…)")
    return files


def load_paths(
    paths: Iterable[str | Path],
    workers: int = 1,
    cache: ExtractionCache | None = None,
    log: FileLog | None = None,
) -> list[LoadedDocument]:
    """Load every file, in the order of expand_paths.

    Without a `log`, the first unreadable file raises (InputError). With one, a file that
    cannot be read is recorded there with why and the rest loads; files found in folders
    that are not documents (by name or by content) are recorded as skipped.

    `workers` > 1 loads in that many processes (documents are independent); the result
    is the same list in the same order, so builds stay byte-identical. With a `cache`
    (loaders/cache.py), files loaded before with the same loader are read from it and
    only the others are loaded (and then stored).
    """
    return list(iter_load_paths(paths, workers=workers, cache=cache, log=log))


def iter_load_paths(
    paths: Iterable[str | Path],
    workers: int = 1,
    cache: ExtractionCache | None = None,
    log: FileLog | None = None,
) -> Iterator[LoadedDocument]:
    """load_paths one document at a time, in the same order, so a caller can write each
    one away and drop it (a streaming build never holds every record). The `log` is
    complete (and sorted) once the iterator is exhausted."""
    paths = list(paths)
    files = expand_paths(paths)
    direct = {Path(p) for p in paths if not Path(p).is_dir()}
    if log is not None:
        log.skipped.extend((str(f), why) for f, why in scan_paths(paths)[1])
    keys = [cache.key_of(f) if cache else None for f in files]
    folder = cache.directory if cache else None
    for f, (doc, hit) in zip(files, _load_files(files, keys, folder, workers), strict=True):
        if cache is not None and hit is not None:
            cache.hits += hit
            cache.misses += not hit
        if isinstance(doc, str):
            if log is None:
                raise InputError(str(f), doc)
            log.failed.append((str(f), doc))
            continue
        why = content_skip_reason(doc) if log is not None and f not in direct else None
        if why:
            log.skipped.append((str(f), why))  # type: ignore[union-attr]  # log is set
            continue
        if log is not None:
            log.formats[doc.format] += 1
        yield doc
    if log is not None:
        log.skipped.sort()
        log.failed.sort()


def _load_one(path: Path) -> LoadedDocument | str:
    """One file loaded, or why not (a string: errors cross process boundaries as text).

    Any exception is caught: one bad file must not abort a folder (it is reported)."""
    try:
        return load_file(path)
    except ObligraphError as exc:
        return getattr(exc, "problem", str(exc))
    except Exception as exc:  # noqa: BLE001  # reported per file, the folder goes on
        return f"internal error while reading ({type(exc).__name__}: {exc})"


def _load_cached(
    path: Path, key: str | None, folder: Path | None
) -> tuple[LoadedDocument | str, bool | None]:
    """One file from the cache when its entry is there, else loaded (and stored there);
    with whether the cache had it (None: no cache or no key). Runs in the loader
    processes, so cached documents are read in parallel too."""
    if folder is None or key is None:
        return _load_one(path), None
    cache = ExtractionCache(folder)
    doc = cache.get(key)
    if doc is not None:
        return doc, True
    fresh = _load_one(path)
    if isinstance(fresh, LoadedDocument):
        cache.put(key, fresh)
    return fresh, False


def _load_files(
    files: list[Path], keys: list[str | None], folder: Path | None, workers: int
) -> Iterator[tuple[LoadedDocument | str, bool | None]]:
    """Each file loaded (or read from the cache folder), in order, one at a time."""
    from obligraph.progress import ticker

    tick = ticker("đọc văn bản (loading)", len(files))  # stderr, only for long runs
    if workers <= 1 or len(files) < 2:
        for p, key in zip(files, keys, strict=True):
            result = _load_cached(p, key, folder)
            tick(p.name)
            yield result
        return
    # Chunks amortise the pickling of records back to the parent; only a few are in
    # flight at a time, so documents never pile up in memory while the caller writes
    # each one away (a streaming build).
    size = max(1, min(8, len(files) // (workers * 8)))
    chunks = iter(range(0, len(files), size))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[int, Future]] = deque()

        def submit() -> None:
            start = next(chunks, None)
            if start is not None:
                part = slice(start, start + size)
                pending.append((start, pool.submit(_load_chunk, files[part], keys[part], folder)))

        for _ in range(workers * 4):
            submit()
        while pending:
            start, future = pending.popleft()
            results = future.result()
            submit()
            for p, result in zip(files[start : start + size], results, strict=True):
                tick(p.name)
                yield result


def _load_chunk(
    files: list[Path], keys: list[str | None], folder: Path | None
) -> list[tuple[LoadedDocument | str, bool | None]]:
    """_load_cached of a few files, in a loader process."""
    return [_load_cached(p, key, folder) for p, key in zip(files, keys, strict=True)]
