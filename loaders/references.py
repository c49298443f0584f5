"""Cited documents and their relations. (Being written.)"""

from __future__ import annotations

from obligraph.loaders.records import Document, Reference
from obligraph.loaders.text import SourceText


def find_references(
    src: SourceText, document: Document
) -> tuple[list[Reference], list[tuple[int, int]]]:
    """Every document the file cites, and the line spans the citations account for."""
    return [], []
