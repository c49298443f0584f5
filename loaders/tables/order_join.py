"""Cells that continue across a page break, costed without re-joining them (issue 21s).

order_reference._continued_splits prices the cell prior[c] + atoms[i:j] (a column's
text before the break and its part after it) by building a `_Spans` over prior[c] +
atoms[i:] for every start i and reading its cell [0, len(prior) + j - i). When the prior
cell's texts are clean and all its lines come before the fragment's, and the fragment's
cells are slices of one text (`_Spans.sliced`), every term of that cost is known from
the prior cell's view and the fragment's spans:

- markers and gap costs add up (the gap costs summed as one list, as `_slice` does);
- the text is the prior text, then a space unless `_join`'s hyphen or slash glue holds
  between the prior's last atom and the part's first, then the part's slice;
- the printed lines are the prior's lines, then the part's; the width cost is the sum of
  per-line and per-pair terms (2.0, 1.0, 1.5: sums of halves, exact in any order), so it
  is the prior's, the pair across the break, and the part's (order_width.LineWidths).

`JoinedCells.exact` is then `_span_cost(joined, role, kind, 0, end, ctx, True)`, the same
float; `floor` is a lower bound of it. Elsewhere `eligible` is False and the caller keeps
the reference's way.
"""

from __future__ import annotations

from bisect import bisect_left

from obligraph.loaders.tables.order_cost import CellCosts
from obligraph.loaders.tables.order_reference import (
    GAP_JOIN,
    GAP_JOIN_TEXT,
    LIST_ITEM,
    LOWERCASE_OPENING,
    MARKER_ABSORBED,
    WRAP_VIOLATION,
    Atom,
    Context,
    _content_cost,
    _lines_width_cost,
    _View,
)


def _clean(text: str) -> bool:
    """An atom text `_Spans` can slice (stripped, single-spaced, not a lone "-" or "/")."""
    return bool(text) and text not in {"-", "/"} and text == " ".join(text.split())


class JoinedCells:
    """The costs of prior[c] + atoms[i:j] for the started columns of one fragment."""

    def __init__(
        self,
        cells: CellCosts,
        atoms: list[Atom],
        prior: list[list[Atom]],
        views: list[_View],
        ctx: Context,
    ) -> None:
        self.cells, self.ctx = cells, ctx
        spans = cells.spans
        self.spans = spans
        self.views = views
        m = len(prior)
        self.eligible = [False] * m
        self._gaps: list[list[float]] = [[] for _ in range(m)]
        self._width: list[float] = [0.0] * m
        self._floor: list[float] = [0.0] * m
        self._exact: dict[tuple[int, int, int], float] = {}
        self._lower: dict[tuple[int, int, int], float] = {}
        if not spans.sliced or not atoms:
            return
        first_line = atoms[0].line
        for c in range(m):
            view, part = views[c], prior[c]
            if not view.text or not all(_clean(a.text) for a in view.content):
                continue
            if any(a.line >= first_line for a in part):
                continue
            if any(part[k].line > part[k + 1].line for k in range(len(part) - 1)):
                continue
            self.eligible[c] = True
            content = view.content
            self._gaps[c] = [
                GAP_JOIN_TEXT if a.text[:1].islower() else GAP_JOIN
                for a in content[1:]
                if a.before == "gap"
            ]
            kind = cells.kinds[c]
            width = cells._column_width[c]
            self._width[c] = _lines_width_cost(kind == "text", width, view.line_texts)
            opening = content[0].text.strip()
            floor = 0.0
            if opening[:1].islower():
                if kind in ("free", "deadline", "unit", "target"):
                    floor = LOWERCASE_OPENING
                elif kind == "agency" and not opening.casefold().startswith(("các", "sở")):
                    floor = 2.0
            self._floor[c] = floor

    def _structure(self, c: int, i: int, j: int) -> tuple[float, int, int]:
        """(markers and gap costs, first and end content index of the part)."""
        spans, view = self.spans, self.views[c]
        markers = view.markers + (spans.markers[j] - spans.markers[i])
        # The part's gaps after its first atom (which joins the cell as a new line).
        lo = bisect_left(spans._gap_at, spans.content_before[i + 1])
        hi = bisect_left(spans._gap_at, spans.content_before[j])
        gaps = self._gaps[c]
        count = len(gaps) + max(0, hi - lo)
        if self.cells.kinds[c] == "text":
            g = sum(gaps + spans._gap_text[lo:hi]) if hi > lo else sum(gaps)
        else:
            g = sum(GAP_JOIN for _ in range(count))
        return MARKER_ABSORBED * markers + g, spans.content_before[i], spans.content_before[j]

    def _width_of(self, c: int, i: int, j: int, a: int, b: int) -> float:
        """The width cost of the joined cell's printed lines."""
        cells = self.cells
        width = cells._column_width[c]
        text_kind = cells.kinds[c] == "text"
        cost = self._width[c]
        if a >= b:
            return cost
        lines = cells._lines
        cost += lines.cost(text_kind, width, i, j)
        last = self.views[c].line_texts[-1]
        f2, s2, e2 = lines.lines(i, j)[0]
        joined = self.spans._joined
        if text_kind:
            if (
                len(last) < 0.55 * width
                and not LIST_ITEM.match(joined[s2 : min(e2, s2 + 4)])
                and not last.endswith((":", ";"))
            ):
                cost += 1.5
        elif width and len(last) + 1 + (min(lines._word_end[f2], e2) - s2) <= 0.75 * width:
            cost += WRAP_VIOLATION
        return cost

    def exact(self, c: int, i: int, j: int) -> float:
        """_span_cost over the joined cell prior[c] + atoms[i:j] (first=True)."""
        key = (c, i, j)
        value = self._exact.get(key)
        if value is None:
            cost, a, b = self._structure(c, i, j)
            text = self.views[c].text
            if a < b:
                spans = self.spans
                prev = self.views[c].content[-1].text
                part = spans._joined[spans._starts[a] : spans._ends[b - 1]]
                glue = prev[-1] in "-/" and prev[-2].isalnum() and not part[:1].islower()
                text = text + part if glue else f"{text} {part}"
            cost += _content_cost(self.cells.kinds[c], text, self.ctx.vocabulary)
            cost += self._width_of(c, i, j, a, b)
            value = self._exact[key] = cost
        return value

    def floor(self, c: int, i: int, j: int) -> float:
        """A lower bound of `exact`: the content cost replaced by what the prior cell's
        opening alone implies."""
        key = (c, i, j)
        value = self._lower.get(key)
        if value is None:
            cost, a, b = self._structure(c, i, j)
            value = self._lower[key] = cost + self._floor[c] + self._width_of(c, i, j, a, b)
        return value
