"""A partial document: a copy with gaps marked, whose rows carry no numbers of their own.

Some copies hold only fragments of a document (NQ 71/NQ-CP in the lineage corpus: its
opening and 37 appendix rows taken from a later report), the gaps marked in the text
("[… gap: … …]", "BẢN KHÔNG ĐẦY ĐỦ"). The numbers printed beside such rows belong to the
report they were copied from, not to the document, so they cannot name its tasks: two
copies holding different fragments would give one id to two tasks. Here:

- the load report says the document is partial (a warning Finding naming the gap lines);
- each task gets a stable id from its own text (`<doc_id>/task/t-<8 hex>`: the same row
  keeps its id whatever else the copy holds); `no` stays as printed.

>>> from obligraph.loaders.text import source_from_string
>>> gap_lines(source_from_string("Số: 71/NQ-CP\\n[… gap: phần còn lại …]\\n"))
[2]
"""

from __future__ import annotations

import hashlib
import re

from obligraph.loaders.records import Extraction, Finding
from obligraph.loaders.text import SourceText

# "[… gap: phần còn lại Điều 2 …]", "[... gap ...]", "— BẢN KHÔNG ĐẦY ĐỦ." (a copy's note).
GAP = re.compile(r"^\s*\[\s*(?:…|\.\.\.)\s*gap\b|BẢN KHÔNG ĐẦY ĐỦ", re.IGNORECASE)


def gap_lines(src: SourceText) -> list[int]:
    """1-based numbers of the lines marking a gap or the copy as incomplete."""
    return [n for n, line in enumerate(src.lines, start=1) if GAP.search(line)]


def text_id(doc_id: str, text: str) -> str:
    """A task id from its text: accents and case kept, spacing ignored.

    >>> text_id("doc:71-nq-cp-2025", "Xây dựng  Danh mục")
    'doc:71-nq-cp-2025/task/t-7658c79b'
    """
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]
    return f"{doc_id}/task/t-{digest}"


def mark_partial(src: SourceText, extraction: Extraction, doc_id: str) -> None:
    """When `src` marks gaps: report the document partial, give its tasks text ids."""
    gaps = gap_lines(src)
    if not gaps:
        return
    renamed = {}
    for task in extraction.tasks:
        if task.origin == "appendix":
            new = text_id(doc_id, task.text)
            renamed[task.id] = new
            task.id = new
    for task in extraction.tasks:  # keep links inside the document (DETAILS) in step
        if task.details in renamed:
            task.details = renamed[task.details]
    extraction.findings.append(
        Finding(
            source=src.name,
            line_start=gaps[0],
            line_end=gaps[-1],
            reason=f"partial document: {len(gaps)} gap(s) marked (lines {', '.join(map(str, gaps))});"
            f" {len(renamed)} task rows without numbers of their own, named by their text",
            severity="warning",
        )
    )
