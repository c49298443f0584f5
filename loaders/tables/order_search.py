"""The searches of one row fragment for the fast splitter (issue 21a): one search each.

The reference (loaders/tables/order_reference.py) searches a fragment within a ladder of
cost bounds (`_search`: floor + 0.5, + 1, + 2 … until the best split fits), then once
more for the rivals within the ambiguity margin. Here a fragment usually comes with a
split it may take (`upper`: the learning pass's split of the same fragment): its exact
cost U bounds the best split from above, so one bounded k-best search with bound U
(rivals: U + AMBIGUITY_MARGIN) finds what the ladder finds, with no failed rounds and no
second search. Why the answer is the same: the bounded search keeps every split costing at
most its bound in place, rank and back-pointers (order_reference._first_fragment_splits),
so with bound U + margin >= best + margin the k best it returns start with every split
the reference's rival search returns, in the same order; `_uncertainty` reads only those.

`_first_fragment_splits` and `_continued_splits` are the reference's but for the `upper`
argument, the search they end with (loaders/tables/order_cost.py), cell costs and floors
remembered per cell, and the completion bounds taken from the last cell's floor rather
than its exact cost (issue 21e: a third to a half fewer content costs computed; the
give-up test of a page-break row's losing reading then gives up less often, and the
reading it finishes loses to the text-only one as before).
"""

from __future__ import annotations

from obligraph.loaders.tables.order_bounds import completion_bounds, completion_bounds_by
from obligraph.loaders.tables.order_cost import CellCosts, bounded_splits, remembered, search
from obligraph.loaders.tables.order_header import ROLE_KIND
from obligraph.loaders.tables.order_join import JoinedCells
from obligraph.loaders.tables.order_reference import (
    _BOUND_SLACK,
    AMBIGUITY_MARGIN,
    BOUNDARY_SPLIT,
    EMPTY_COST,
    LOWERCASE_OPENING,
    MARKER_ABSORBED,
    NEW_COLUMN_AFTER_BREAK,
    Atom,
    Context,
    Split,
    _cell_cost,
    _continuation_cost,
    _continued_shrink,
    _span_cost,
    _span_floor,
    _Spans,
    _view,
)

# A split as the atoms each column takes: atoms[i:j] per column.
Bounds = list[tuple[int, int]]


def feasible(upper: Bounds, n: int, limits) -> bool:
    """Is `upper` a split the search could return: consecutive cells covering atoms[:n],
    each within its column's atom limit?"""
    at = 0
    for c, (i, j) in enumerate(upper):
        limit = limits[c] if limits is not None else None
        if i != at or j < i or (limit is not None and c < len(upper) - 1 and j - i > limit):
            return False
        at = j
    return at == n


def search_within(
    n: int, m: int, cost_fn, lower_fn, refine_fn, h, limits, rivals: bool, upper: Bounds | None
) -> list[Split]:
    """The reference's `_search` answer: one bounded search when `upper` is a feasible
    split (its exact cost bounds the best from above, and with rivals the k = 4 search
    runs at once within that cost plus the margin); otherwise the reference's ladder.
    (Capping the ladder by the cost of the split the completion bounds point to saved
    no round on the bench corpus: that split is far from the best.)"""
    if upper is None or len(upper) != m or not feasible(upper, n, limits):
        return search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals)
    bound = _cost_of(upper, cost_fn)
    if rivals:
        bound += AMBIGUITY_MARGIN
    k = 4 if rivals else 1
    found = bounded_splits(n, m, cost_fn, lower_fn, h, bound, limits, k=k, refine_fn=refine_fn)
    if not found:  # cannot happen (upper itself fits): the ladder, to be safe
        return search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals)
    return found


def _cost_of(bounds: Bounds, cost_fn) -> float:
    """A split's exact cost, summed in the order the search sums its cells: the same float."""
    total = 0.0
    for c, (i, j) in enumerate(bounds):
        total += cost_fn(c, i, j)
    return total


def _first_fragment_splits(
    atoms: list[Atom],
    roles: tuple[str, ...],
    ctx: Context,
    limits,
    rivals: bool = True,
    upper: Bounds | None = None,
    costs: CellCosts | None = None,
) -> list[Split]:
    """order_reference._first_fragment_splits, searched once within the cost of `upper`
    when given (`search_within`). `costs`: the fragment's cells, when the caller prices
    some of them too.

    As the reference: `_best_splits` over the fragment with `_cell_cost`, searched within
    a cost bound.

    The result is exactly the unbounded search's: a candidate is dropped only when its
    cost so far plus a lower bound of every completion exceeds the bound B, so every
    split costing at most B keeps its place, rank and back-pointers in every table cell;
    and the answer is accepted only when all k splits found cost at most B (then the
    true k best all cost at most B). Otherwise B grows, up to no bound at all.
    """
    n, m = len(atoms), len(roles)
    kinds = [ROLE_KIND.get(r, "free") for r in roles]
    # _span_cost and _span_floor, remembered
    cells = costs if costs is not None else CellCosts(_Spans(atoms), roles, kinds, ctx)
    spans = cells.spans
    cost_fn, refine_fn = cells.exact, cells.floor

    def lower_fn(c: int, i: int, j: int) -> float:
        return spans.lower_bound(kinds[c], roles[c], i, j, i == 0)

    # The last cell's floor, not its exact cost, bounds the completions: the search
    # prices only the last cells it reaches, and the answer is the same for any lower
    # bound of the completions (order_cost.search says why).
    last = [refine_fn(m - 1, i, n) for i in range(n + 1)]
    h = completion_bounds(spans, roles, kinds, last, limits)
    return search_within(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals, upper)


def _continued_splits(
    atoms: list[Atom],
    roles: tuple[str, ...],
    ctx: Context,
    limits,
    prior: list[list[Atom]],
    rivals: bool = True,
    give_up_above: float | None = None,
    upper: Bounds | None = None,
    costs: CellCosts | None = None,
) -> list[Split]:
    """order_reference._continued_splits, searched once within the cost of `upper` when
    given (`search_within`). `costs`: the fragment's cells, priced once for both readings
    of a row cut by a page break (they do not depend on the cells before the break).

    As the reference: splits of a fragment after a page break, each part extending the
    cell of its column.

    The result is exactly `_best_splits(atoms, roles, cost_fn, limits=limits)`'s, searched
    within a cost bound as `_first_fragment_splits` does, with `lower_fn` a lower bound of
    `cost_fn` for every candidate (see there for why the bounded search is exact).
    """
    n, m = len(atoms), len(roles)
    kinds = [ROLE_KIND.get(r, "free") for r in roles]
    views = [_view(p) for p in prior]
    started = [bool(v.text) for v in views]  # cell_text(prior[c]) is the view's text
    base = [_cell_cost(roles[c], views[c], ctx, True) if started[c] else 0.0 for c in range(m)]
    continuation = [_continuation_cost(r, p, ctx) for r, p in zip(roles, prior, strict=True)]
    if costs is None:
        costs = CellCosts(_Spans(atoms), roles, kinds, ctx)
    spans = costs.spans
    shrink = [_continued_shrink(kinds[c], roles[c], views[c], atoms, ctx) for c in range(m)]
    # The cost terms of a started column that depend on where its part starts only.
    fixed = [
        [
            (BOUNDARY_SPLIT if atoms[i].before == "space" and i > 0 else 0.0)
            + (NEW_COLUMN_AFTER_BREAK if i > 0 else 0.0)
            + (NEW_COLUMN_AFTER_BREAK if ROLE_KIND.get(roles[c]) != "text" else 0.0)
            + continuation[c]
            for i in range(n)
        ]
        for c in range(m)
    ]
    fragment = costs  # fresh columns' cells
    joined = JoinedCells(fragment, atoms, prior, views, ctx)  # started columns' cells
    # Otherwise the cells prior[c] + atoms[i:j] for every j share one _Spans per (c, i).
    joined_spans: dict[tuple[int, int], _Spans] = {}
    costs: dict[tuple[int, int, int], float] = {}

    def joined_cell(c: int, i: int) -> _Spans:
        joined = joined_spans.get((c, i))
        if joined is None:
            joined = joined_spans[(c, i)] = _Spans(
                prior[c]
                + [
                    Atom(a.text, a.line, "line" if k == 0 else a.before, a.marker)
                    for k, a in enumerate(atoms[i:])
                ]
            )
        return joined

    def exact_cost(c: int, i: int, j: int, span_cost=_span_cost) -> float:
        """The cost of atoms[i:j] in column c; with `span_cost=_span_floor`, a lower
        bound of it (the same terms, the span's content cost left out)."""
        if i == j:
            return 0.0
        kind = kinds[c]
        if not started[c]:
            # A cell that starts only after the break: its own cost, refunding the empty
            # cell already charged before the break.
            lower = LOWERCASE_OPENING if atoms[i].text[:1].islower() and kind != "text" else 0.0
            own = fragment.exact if span_cost is _span_cost else fragment.floor
            return own(c, i, j) - EMPTY_COST[kind] + lower
        if joined.eligible[c]:
            whole = joined.exact(c, i, j) if span_cost is _span_cost else joined.floor(c, i, j)
        else:
            cell_end = len(prior[c]) + j - i
            whole = span_cost(joined_cell(c, i), roles[c], kind, 0, cell_end, ctx, True)
        extra = whole - base[c]
        if atoms[i].before == "space" and i > 0:
            extra += BOUNDARY_SPLIT
        if i > 0:
            extra += NEW_COLUMN_AFTER_BREAK
        if ROLE_KIND.get(roles[c]) != "text":
            extra += NEW_COLUMN_AFTER_BREAK
        return extra + continuation[c]

    def cost_fn(c: int, i: int, j: int) -> float:
        key = (c, i, j)
        cc = costs.get(key)
        if cc is None:
            cc = costs[key] = exact_cost(c, i, j)
        return cc

    @remembered
    def refine_fn(c: int, i: int, j: int) -> float:
        return exact_cost(c, i, j, _span_floor)

    def lower_fn(c: int, i: int, j: int) -> float:
        if i == j:
            return 0.0
        kind = kinds[c]
        if not started[c]:
            lower = LOWERCASE_OPENING if atoms[i].text[:1].islower() and kind != "text" else 0.0
            return spans.lower_bound(kind, roles[c], i, j, i == 0) - EMPTY_COST[kind] + lower
        # The joined cell keeps the prior cell's markers, gaps and (never negative)
        # content and width costs, less `shrink`; atoms[i] joins as a new line, not a gap.
        gaps = spans.gaps_text if kind == "text" else spans.gaps_other
        added = MARKER_ABSORBED * (spans.markers[j] - spans.markers[i]) + (gaps[j] - gaps[i + 1])
        return added - shrink[c] + fixed[c][i]

    last = [refine_fn(m - 1, i, n) for i in range(n + 1)]  # a floor, as above
    # A started column's lower_fn is a[i] + p[j] (j > i): its best end is a slice min.
    separable: list[tuple[list[float], list[float]] | None] = [None] * m
    for c in range(m):
        if started[c]:
            gaps = spans.gaps_text if kinds[c] == "text" else spans.gaps_other
            a = [
                fixed[c][i] - shrink[c] - MARKER_ABSORBED * spans.markers[i] - gaps[i + 1]
                for i in range(n)
            ]
            separable[c] = (a, [MARKER_ABSORBED * spans.markers[j] + gaps[j] for j in range(n + 1)])
    # A column that starts only after the break: the fresh cell's bound, shifted.
    fresh: list[tuple[_Spans, str, list[float]] | None] = [None] * m
    for c in range(m):
        if not started[c]:
            kind = kinds[c]
            shift = [
                (LOWERCASE_OPENING if a.text[:1].islower() and kind != "text" else 0.0)
                - EMPTY_COST[kind]
                for a in atoms
            ]
            fresh[c] = (spans, kind, shift)
    h = completion_bounds_by(n, m, lower_fn, last, limits, separable, fresh)
    if give_up_above is not None and h[0][0] > give_up_above + _BOUND_SLACK:
        return []  # every split costs more than the caller can use
    return search_within(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals, upper)
