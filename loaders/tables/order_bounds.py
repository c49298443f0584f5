"""Completion bounds of the fast splitter's searches (issue 21s).

order_reference._completion_bounds and _completion_bounds_by, the same values computed
with less work per start: the minimum over a text column's ends (no atom limit) comes
from suffix minima instead of a fresh slice per start; `cell_bounds_row` computes the
terms that depend only on a cell's first content atom once per atom and compares instead
of calling `min`. The float expressions are the reference's, in the same order.
"""

from __future__ import annotations

from obligraph.loaders.tables.order_reference import (
    BOUNDARY_SPLIT,
    EMPTY_COST,
    EMPTY_LEAD_EXTRA,
    LOWERCASE_SPLIT,
    MARKER_ABSORBED,
    _Spans,
)

_INF = float("inf")


def completion_bounds(
    spans: _Spans, roles: tuple[str, ...], kinds: list[str], last: list[float], limits
) -> list[list[float]]:
    """order_reference._completion_bounds: h[c][i] bounds from below what cells c..
    cost over atoms[i:] (the last cell: `last[i]`)."""
    n, m = spans.n, len(roles)
    h: list[list[float]] = [[_INF] * (n + 1) for _ in range(m - 1)]
    h.append(last)
    h.append([_INF] * n + [0.0])
    for c in range(m - 2, -1, -1):
        kind, role = kinds[c], roles[c]
        empty = EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0)
        limit = limits[c] if limits is not None else None
        h[c] = cell_bounds_row(spans, kind, h[c + 1], limit, empty, None)
    return h


def cell_bounds_row(
    spans: _Spans,
    kind: str,
    h_next: list[float],
    limit: int | None,
    empty: float,
    shift: list[float] | None,
) -> list[float]:
    """order_reference._cell_bounds_row: min over the allowed ends j of (lower bound of
    cell atoms[i:j]) + h_next[j], for every start i."""
    n = spans.n
    markers, next_content, atoms = spans.markers, spans.next_content, spans.atoms
    gaps = spans.gaps_text if kind == "text" else spans.gaps_other
    floor = spans.content_floor[kind]
    q = [MARKER_ABSORBED * markers[j] + gaps[j] + h_next[j] for j in range(n + 1)]
    # The boundary terms of a cell whose first content atom is f, when it is not atoms[0].
    split = [
        BOUNDARY_SPLIT + (LOWERCASE_SPLIT if a.text[:1].islower() else 0.0)
        if a.before == "space"
        else None
        for a in atoms
    ]
    suffix = _suffix_minima(q) if limit is None else None
    out = [0.0] * (n + 1)
    for i in range(n + 1):
        top = n if limit is None else min(n, i + limit)
        f = next_content[i]
        x = shift[i] if shift is not None and i < n else 0.0
        best = empty + h_next[i]
        if f > i:
            for j in range(i + 1, min(f, top) + 1):  # markers only
                value = x + MARKER_ABSORBED * (j - i - 1) + h_next[j]
                if value < best:
                    best = value
        if f < top:
            base = -MARKER_ABSORBED * markers[i] - gaps[f + 1] + floor[f]
            if i != 0 and split[f] is not None:
                base += split[f]
            rest = suffix[f + 1] if suffix is not None else min(q[f + 1 : top + 1])
            value = x + base + rest
            if value < best:
                best = value
        out[i] = best
    return out


def completion_bounds_by(
    n: int, m: int, lower_fn, last: list[float], limits, separable=None, fresh=None
) -> list[list[float]]:
    """order_reference._completion_bounds_by (see there), over `cell_bounds_row`."""
    h: list[list[float]] = [[_INF] * (n + 1) for _ in range(m - 1)]
    h.append(last)
    h.append([_INF] * n + [0.0])
    for c in range(m - 2, -1, -1):
        h_next, h_c = h[c + 1], h[c]
        limit = limits[c] if limits is not None else None
        sep = separable[c] if separable is not None else None
        if fresh is not None and fresh[c] is not None:
            spans, kind, shift = fresh[c]
            h[c] = cell_bounds_row(spans, kind, h_next, limit, 0.0, shift)
            continue
        if sep is None:
            for i in range(n + 1):
                top = n if limit is None else min(n, i + limit)
                h_c[i] = min(lower_fn(c, i, j) + h_next[j] for j in range(i, top + 1))
            continue
        a, p = sep
        q = [p[j] + h_next[j] for j in range(n + 1)]
        suffix = _suffix_minima(q) if limit is None else None
        for i in range(n + 1):
            top = n if limit is None else min(n, i + limit)
            if top > i:
                rest = suffix[i + 1] if suffix is not None else min(q[i + 1 : top + 1])
                h_c[i] = min(h_next[i], a[i] + rest)
            else:
                h_c[i] = h_next[i]
    return h


def _suffix_minima(q: list[float]) -> list[float]:
    """out[k] = min(q[k:]) for every k (inf past the end)."""
    out = [_INF] * (len(q) + 1)
    running = _INF
    for k in range(len(q) - 1, -1, -1):
        if q[k] < running:
            running = q[k]
        out[k] = running
    return out
