"""Readers: a file in any format -> `ReadDocument` (lines plus the tables it states).

One reader per carrier, registered by file suffix in `READERS` (the one place that knows
formats); see `model.py` for what a reader returns. Later stages never ask which reader ran.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from obligraph.errors import InputError
from obligraph.loaders.readers.markdown import read_markdown
from obligraph.loaders.readers.model import ReadDocument
from obligraph.loaders.text import read_source

Reader = Callable[[Path], ReadDocument]


def read_plain_text(path: Path) -> ReadDocument:
    """Plain text and Markdown: the file's own lines, no stated tables (yet)."""
    src = read_source(path)
    return ReadDocument(source=src, format="markdown" if path.suffix.lower() == ".md" else "text")


# suffix (lower case, with the dot) -> reader. Text may state pipe tables (NQ 03 as plain
# text), so .txt goes through the Markdown reader too.
READERS: dict[str, Reader] = {
    ".txt": read_markdown,
    ".text": read_markdown,
    ".md": read_markdown,
}


def read_document(path: str | Path) -> ReadDocument:
    """Read one file with the reader its suffix names. Raises InputError.

    A suffix with no reader is read as plain text (a saved page without an extension,
    say); `read_source` then refuses binary content with one clear line.
    """
    p = Path(path)
    reader = READERS.get(p.suffix.lower(), read_plain_text)
    return reader(p)


def supported_suffixes() -> frozenset[str]:
    return frozenset(READERS)


__all__ = ["READERS", "InputError", "ReadDocument", "read_document", "supported_suffixes"]
