"""A cell's width cost from the lengths of its printed lines, no text built (issue 21s).

order_reference._lines_width_cost reads a cell's printed lines as strings: their lengths,
the first word of the next line, whether the next line opens a list item and whether a
line ends on ":" or ";". When a fragment's atoms are clean (`_Spans.sliced`), every line
of every candidate cell atoms[i:j] is a slice joined[s:e] of the fragment's one joined
text, so all of that is read from the slice bounds: lengths are e - s, the first word
ends at the first space after s (or at e), a list item is read from at most four
characters, and the last character is joined[e - 1]. The terms added (2.0, 1.0, 1.5)
are the reference's, in the same order: the same float.
"""

from __future__ import annotations

import bisect

from obligraph.loaders.tables.order_reference import GAP_JOIN, LIST_ITEM, WRAP_VIOLATION, _Spans

# LIST_ITEM reads at most this many characters: "(12)", "- ", "a) ".
_LIST_ITEM_CHARS = 4


class LineWidths:
    """The width cost of any cell atoms[i:j] of one sliced fragment (`_Spans.sliced`)."""

    def __init__(self, spans: _Spans) -> None:
        self.spans = spans
        joined = spans._joined
        end = len(joined)
        # Where the first word of a line opening at content atom k ends.
        self._word_end = []
        for s in spans._starts:
            space = joined.find(" ", s)
            self._word_end.append(end if space < 0 else space)
        self._texts: dict[tuple[int, int], tuple[int, int, float, float, str]] = {}
        self._lines: dict[tuple[int, int], list[tuple[int, int, int]]] = {}

    def text(self, i: int, j: int) -> tuple[int, int, float, float, str]:
        """_Spans.info(i, j) without the per-line texts: (markers, first content index or
        -1, gap costs text/other, text), the same values as _Spans._slice's; once per
        cell, whatever its column."""
        found = self._texts.get((i, j))
        if found is None:
            found = self._texts[(i, j)] = self._text(i, j)
        return found

    def _text(self, i: int, j: int) -> tuple[int, int, float, float, str]:
        spans = self.spans
        markers = spans.markers[j] - spans.markers[i]
        a, b = spans.content_before[i], spans.content_before[j]
        if a >= b:
            return (markers, -1, 0, 0, "")
        lo = bisect.bisect_right(spans._gap_at, a)
        hi = bisect.bisect_left(spans._gap_at, b)
        g_text = sum(spans._gap_text[lo:hi])
        g_other = sum(GAP_JOIN for _ in range(hi - lo))
        text = spans._joined[spans._starts[a] : spans._ends[b - 1]]
        return (markers, spans.next_content[i], g_text, g_other, text)

    def lines(self, i: int, j: int) -> list[tuple[int, int, int]]:
        """(first content atom, start, end) of each printed line of atoms[i:j] in the
        joined text, as order_reference._Spans._slice cuts them (a non-empty cell); once
        per cell, whatever its column."""
        found = self._lines.get((i, j))
        if found is None:
            found = self._lines[(i, j)] = self._cut(i, j)
        return found

    def _cut(self, i: int, j: int) -> list[tuple[int, int, int]]:
        spans = self.spans
        a, b = spans.content_before[i], spans.content_before[j]
        starts, ends, run, run_last = spans._starts, spans._ends, spans._run, spans._run_last
        out = []
        first = a
        for r in range(run[a], run[b - 1]):
            out.append((first, starts[first], ends[run_last[r]]))
            first = run_last[r] + 1
        out.append((first, starts[first], ends[b - 1]))
        return out

    def cost(self, text_kind: bool, width: float | None, i: int, j: int) -> float:
        """order_reference._lines_width_cost(text_kind, width, line texts of atoms[i:j])."""
        cost = 0.0
        if text_kind:
            lines = self.lines(i, j)
            joined = self.spans._joined
            short = 0.55 * width
            for k in range(len(lines) - 1):
                _, s, e = lines[k]
                _, s2, e2 = lines[k + 1]
                if (
                    e - s < short
                    and not LIST_ITEM.match(joined[s2 : min(e2, s2 + _LIST_ITEM_CHARS)])
                    and joined[e - 1] not in ":;"
                ):
                    cost += 1.5
            return cost
        if width:
            lines = self.lines(i, j)
            word_end = self._word_end
            for k, (_, s, e) in enumerate(lines):
                if e - s > 1.3 * width + 4:
                    cost += 2.0
                if k + 1 < len(lines):
                    f2, s2, e2 = lines[k + 1]
                    if (e - s) + 1 + (min(word_end[f2], e2) - s2) <= 0.75 * width:
                        cost += WRAP_VIOLATION
        return cost
