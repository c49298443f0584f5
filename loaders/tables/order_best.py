"""The best split's cost of a fragment, found best-first (issue 21s).

order_reference._search finds the best split with a ladder of bounded searches (floor +
0.5, + 1, + 2 … until one holds a split): the failed rounds are wasted, and the round
that succeeds prices every cell that fits its bound, often far above the best split's
cost. A bounded search returns the same split for every bound at or above the best
cost (order_cost.search), so the least work is one round at exactly that cost; this
module finds it.

`best_cost` is A* over the states (column c, atom i) of the search table: an edge
(c, i) -> (c + 1, j) is the cell atoms[i:j] in column c, and h[c][i] bounds from below
what the columns from c on cost over atoms[i:]. Cells are priced lazily, as the bounded
search does: an edge is queued by its structural lower bound, re-queued by its floor
when it comes first, and priced exactly only when it comes first again. A state is
expanded again whenever a cheaper path reaches it (a cell after a page break may cost
less than nothing), so the first time the last state comes out of the queue its cost is
the least over all splits: every queued key bounds from below the cost of every split
through it. Path costs are summed cell by cell from the first column, the same float
operations as the bounded search's.
"""

from __future__ import annotations

import heapq

_EDGE_LOWER, _EDGE_FLOOR, _STATE = 0, 1, 2


def best_cost(n: int, m: int, cost_fn, lower_fn, refine_fn, h, limits) -> float | None:
    """The least cost of a split of atoms[:n] into m cells (None: no split at all)."""
    inf = float("inf")
    best_g: dict[tuple[int, int], float] = {(0, 0): 0.0}
    queue: list[tuple[float, int, int, int, int, int, float]] = [(h[0][0], 0, _STATE, 0, 0, 0, 0.0)]
    tick = 1  # queue order among equal keys: first queued, first out
    while queue:
        key, _, what, c, i, j, g = heapq.heappop(queue)
        if key == inf:
            return None
        if what == _STATE:
            if g > best_g.get((c, i), inf):
                continue  # a cheaper path reached this state since
            if c == m:
                return g
            h_next = h[c + 1]
            if c == m - 1:
                ends = range(n, n + 1)
            else:
                limit = limits[c] if limits is not None else None
                top = n if limit is None else min(n, i + limit)
                ends = range(i, top + 1)
            for end in ends:
                rest = h_next[end]
                if rest == inf:
                    continue
                heapq.heappush(
                    queue, (g + lower_fn(c, i, end) + rest, tick, _EDGE_LOWER, c, i, end, g)
                )
                tick += 1
        elif what == _EDGE_LOWER and refine_fn is not None:
            key = g + refine_fn(c, i, j) + h[c + 1][j]
            heapq.heappush(queue, (key, tick, _EDGE_FLOOR, c, i, j, g))
            tick += 1
        else:
            total = g + cost_fn(c, i, j)
            if total < best_g.get((c + 1, j), inf):
                best_g[(c + 1, j)] = total
                heapq.heappush(queue, (total + h[c + 1][j], tick, _STATE, c + 1, j, 0, total))
                tick += 1
    return None
