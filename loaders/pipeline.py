"""One input file -> one LoadedDocument: identity, references, then the kind's own loader.

Stages (one module each):
  text.read_source      bytes -> NFC lines, or InputError
  identity.identify     kind, number, issuer, date, title, signer
  references.find_references   every cited document and its relation
  plan.load_plan        Kế hoạch: body provisions, Phụ lục tables (tasks, indicators)
  notice.load_notice    Thông báo: directives per agency, indicators
  coverage.uncovered    non-blank lines no record accounts for
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from obligraph.errors import InputError
from obligraph.loaders import coverage, identity, notice, plan, references
from obligraph.loaders.cache import ExtractionCache
from obligraph.loaders.readers import read_document, supported_suffixes
from obligraph.loaders.readers.model import ReadDocument
from obligraph.loaders.records import Extraction, LoadedDocument
from obligraph.loaders.text import SourceText


def load_read(read: ReadDocument) -> LoadedDocument:
    """Run every stage on one file as its reader gave it (lines and stated tables)."""
    loaded = load_source(read.source)
    loaded.findings[:0] = list(read.findings)
    return loaded


def load_source(src: SourceText) -> LoadedDocument:
    """Run every stage on one decoded file."""
    document, id_spans = identity.identify(src)
    refs, ref_spans = references.find_references(src, document)
    if document.kind_code == "KH":
        extraction = plan.load_plan(src, document)
    elif document.kind_code == "TB":
        extraction = notice.load_notice(src, document)
    else:
        extraction = Extraction()
    loaded = LoadedDocument(
        document=document,
        tasks=extraction.tasks,
        indicators=extraction.indicators,
        references=refs,
        findings=[*identity.identity_findings(src, document), *extraction.findings],
        accounted=[*id_spans, *ref_spans, *extraction.accounted],
        line_count=len(src.lines),
        nonblank_lines=coverage.nonblank_count(src),
        encoding=src.encoding,
    )
    loaded.findings.extend(coverage.uncovered(src, loaded))
    return loaded


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
    from obligraph.progress import ticker

    tick = ticker("đọc văn bản (loading)", len(files))  # stderr, only for long runs
    if workers <= 1 or len(files) < 2:
        loaded = []
        for p in files:
            loaded.append(load_file(p))
            tick(p.name)
        return loaded
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Chunks amortise the pickling of records back to the parent.
        loaded = []
        chunks = max(1, len(files) // (workers * 8))
        for p, doc in zip(files, pool.map(load_file, files, chunksize=chunks), strict=True):
            loaded.append(doc)
            tick(p.name)
        return loaded
