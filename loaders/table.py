"""Reconstructing a table from PDF-extracted text: headers, rows, and the cells of a row.

A PDF table arrives as lines in reading order. Each row starts with its number ("14",
"8.1") on its own line or at the start of a line; the row's cells follow one another,
each wrapped over several narrow lines; two or three cells may share one line, separated
by a wide gap ("Sở Nội vụ   Các Sở, ngành,") or by a single space ("Sở Tài Chính Mạng lưới
kết nối  Năm 2030"); a page break repeats the header in the middle of a row and the cells
then continue. This module knows nothing of one particular plan: it works from signals.
It serves text whose cells are not stated; tables a carrier states (Markdown, DOCX, HTML)
are read by loaders/tables/ instead. The header block and the row segmentation live in
loaders/tables/order_header.py and order_rows.py (re-exported here); this module splits
each row into cells.

- `find_header(lines, start)`: a header block ("TT Tên nhiệm vụ / Cơ quan / chủ trì …"),
  and from its words the column roles in order (`layout_from_header`).
- `segment_rows(src, start, end, layout)`: rows by their numbers in sequence (the next
  expected number), group headings ("I", "II Khẩn trương …"), repeated headers (page
  breaks), page numbers, footnotes and e-signature stamps.
- `split_cells(rows, layout)`: each row's cells (loaders/tables/order_split.py), chosen by
  a small dynamic programme over the row's text pieces that scores every candidate cell
  by what its column holds (agency names, deadline shapes, units, numbers, wide wrapped
  text) and every boundary by how it is printed (new line, wide gap, single space). Two
  passes: the first learns the table's agency vocabulary and column widths, the second
  uses them. A row whose best split is barely better than the next best, or whose cells
  look wrong, is flagged.

The cost model (patterns, atoms, cell costs, the learning of vocabulary and widths) and
the splitter as it was before issue 21 live in loaders/tables/order_reference.py, kept as
the reference implementation; the default splitter (loaders/tables/order_split.py) uses
the same cost model with a faster search and gives the same answers
(tests/test_splitter_equivalence.py). `split_cells(..., splitter="reference")` or
OBLIGRAPH_SPLITTER=reference selects the reference, for measurement (bench/plan_load.py).

Example:
    >>> from obligraph.loaders.text import source_from_string
    >>> src = source_from_string("TT Tên nhiệm vụ Cơ quan chủ trì Thời gian\\n"
    ...                          "1 Xây dựng kế hoạch  Sở Nội vụ  Năm 2025")
    >>> header = find_header(src.lines, 0)
    >>> layout = layout_from_header(header.text)
    >>> rows = split_cells(segment_rows(src, header.end, len(src.lines), layout).rows, layout)
    >>> rows[0].cells["lead"].text, rows[0].cells["deadline"].text
    ('Sở Nội vụ', 'Năm 2025')
"""

from __future__ import annotations

import os

from obligraph.loaders.tables import order_reference, order_split
from obligraph.loaders.tables.order_header import (
    HEADER_PHRASES,
    NEAR_HEADER,
    ROLE_KIND,
    Header,
    Layout,
    find_header,
    is_header_line,
    layout_from_header,
    near_header_phrase,
)
from obligraph.loaders.tables.order_patterns import (
    FOOTNOTE,
    GROUP_HEADING,
    PAGE_NUMBER,
    ROW_NUMBER,
    STAMP_LINE,
)
from obligraph.loaders.tables.order_reference import (  # the cost model, shared by both
    DEADLINE_CELL,
    _bounded_splits,
    _continued_splits,
    cell_agencies,
    split_row,
)
from obligraph.loaders.tables.order_rows import Cell, Group, Row, Segmented, segment_rows
from obligraph.loaders.text import SourceText

SPLITTERS = ("fast", "reference")


def split_cells(rows: list[Row], layout: Layout, splitter: str | None = None) -> list[Row]:
    """Fill each row's `cells` (role -> Cell), `agencies` and `warnings`.

    `splitter`: "fast" (the default, loaders/tables/order_split.py) or "reference" (the
    splitter before issue 21, loaders/tables/order_reference.py); unset, the environment
    variable OBLIGRAPH_SPLITTER chooses, else "fast"."""
    which = splitter or os.environ.get("OBLIGRAPH_SPLITTER") or "fast"
    if which not in SPLITTERS:
        raise ValueError(f"unknown splitter {which!r}: one of {', '.join(SPLITTERS)}")
    if which == "reference":
        return order_reference.split_cells(rows, layout)
    return order_split.split_cells(rows, layout)


# The reading-order API, wherever each part now lives (loaders/tables/order_*.py).
__all__ = [
    "DEADLINE_CELL",
    "SPLITTERS",
    "_bounded_splits",
    "_continued_splits",
    "FOOTNOTE",
    "GROUP_HEADING",
    "HEADER_PHRASES",
    "NEAR_HEADER",
    "PAGE_NUMBER",
    "ROLE_KIND",
    "ROW_NUMBER",
    "STAMP_LINE",
    "Cell",
    "Group",
    "Header",
    "Layout",
    "Row",
    "Segmented",
    "SourceText",
    "cell_agencies",
    "find_header",
    "is_header_line",
    "layout_from_header",
    "near_header_phrase",
    "segment_rows",
    "split_cells",
    "split_row",
]
