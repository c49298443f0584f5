"""A cache of loaded documents, keyed by what decides the result, so a rebuild loads only
the files that changed.

A key is the SHA-256 of: the loader's own version (the source of every module in
loaders/ and the agency names of data/agencies.yaml, which the loaders match against), the
file's name (records carry it as `source`) and the file's bytes. Anything that could
change a LoadedDocument changes the key; an entry is the document's JSON, which
`LoadedDocument.model_validate_json` reads back to an equal record, so a build from the
cache is byte-identical to a build without it.

Entries live in `<store>/cache/<2 hex>/<key>.json`; a stale entry is never read, only
left behind (`obligraph build --no-cache` skips the cache; deleting the folder is safe).

>>> import tempfile
>>> from obligraph.loaders.records import Document, LoadedDocument
>>> cache = ExtractionCache(tempfile.mkdtemp())
>>> doc = LoadedDocument(document=Document(id="doc:1-kh-ubnd-2025"))
>>> key = cache.key("a.txt", b"text")
>>> cache.get(key) is None
True
>>> cache.put(key, doc)
>>> cache.get(key) == doc
True
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from obligraph.loaders.records import LoadedDocument
from obligraph.paths import AGENCIES_FILE

LOADERS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def loader_version() -> str:
    """A digest of everything besides the input file that decides a load's result."""
    digest = hashlib.sha256()
    # every module and data file of loaders/ and its sub-packages (readers/, tables/ and
    # the column vocabulary tables/columns.yaml)
    files = [*LOADERS_DIR.rglob("*.py"), *LOADERS_DIR.rglob("*.yaml")]
    for module in sorted(files):
        digest.update(module.relative_to(LOADERS_DIR).as_posix().encode())
        digest.update(module.read_bytes())
    if AGENCIES_FILE.exists():
        digest.update(AGENCIES_FILE.read_bytes())
    return digest.hexdigest()


class ExtractionCache:
    """LoadedDocuments on disk by content key (see the module docstring)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0

    def key(self, name: str, data: bytes) -> str:
        digest = hashlib.sha256(loader_version().encode())
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def key_of(self, path: str | Path) -> str | None:
        """The key of a file on disk, or None when it cannot be read (the loader will say
        why, with its own error)."""
        p = Path(path)
        try:
            return self.key(p.name, p.read_bytes())
        except OSError:
            return None

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> LoadedDocument | None:
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            loaded = LoadedDocument.model_validate_json(raw)
        except ValidationError:
            # A damaged entry (a killed write, a hand edit) is a miss, not an error.
            self.misses += 1
            return None
        self.hits += 1
        return loaded

    def put(self, key: str, loaded: LoadedDocument) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader never sees half an entry.
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(loaded.model_dump_json().encode())
        os.replace(tmp, target)
