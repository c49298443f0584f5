"""(Being written.)"""

from __future__ import annotations

from obligraph.loaders.records import Document, Extraction
from obligraph.loaders.text import SourceText


def load_notice(src: SourceText, document: Document) -> Extraction:
    return Extraction()
