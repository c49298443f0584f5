"""The reading-order cell splitter (issue 21a): the reference's answers, faster.

The cost model is the reference's (loaders/tables/order_reference.py: atoms, cell costs,
the vocabulary and widths learnt from a first pass); two things differ, both for speed:

- The learning pass reads coarse atoms: the pieces between line starts and wide gaps,
  not split further at single spaces (`coarse_atoms`). It only learns the agency names
  and column widths, and cells that begin after a single space teach it no names
  (`_learn`), so it needs far fewer atoms per row to learn the same things.
- The second pass searches each fragment once (loaders/tables/order_search.py), bounded
  by the cost of the split the learning pass chose for it (`upper`): no ladder of
  bounds, no separate search for the rivals.

tests/test_splitter_equivalence.py checks the whole loaded documents are the same as the
reference's on the seeds, synthetic plans and the real corpus.
"""

from __future__ import annotations

from obligraph.loaders.tables.order_checks import cell_doubts, layout_doubt
from obligraph.loaders.tables.order_cost import CellCosts, atoms_of
from obligraph.loaders.tables.order_header import ROLE_KIND, Layout
from obligraph.loaders.tables.order_reference import (
    BAD_CELL,
    EMPTY_COST,
    MAX_CELL_ATOMS,
    Atom,
    Context,
    Split,
    _cells_from,
    _initial_context,
    _learn,
    _Spans,
    _text_only,
    _uncertainty,
    cell_agencies,
    cell_text,
)
from obligraph.loaders.tables.order_rows import Cell, Row
from obligraph.loaders.tables.order_search import (
    Bounds,
    _continued_splits,
    _first_fragment_splits,
)

# What the learning pass leaves for the second: per fragment with atoms, the number of
# coarse atoms and the split it chose (None: no split recorded for that fragment).
Plan = list[tuple[int, Bounds | None]]


def coarse_atoms(lines: list[tuple[int, str]], ctx: Context) -> list[Atom]:
    """`atoms_of` without the cuts at single spaces (order_cost.atoms_of, coarse)."""
    return atoms_of(lines, ctx, coarse=True)


def _fine_bounds(atoms: list[Atom], coarse: int, bounds: Bounds | None) -> Bounds | None:
    """A coarse split in the indexes of the fine atoms of the same lines (each coarse atom
    starts where a fine atom does not follow a single space), or None."""
    if bounds is None:
        return None
    starts = [k for k, a in enumerate(atoms) if a.marker or a.before != "space"]
    if len(starts) != coarse:
        return None
    at = [*starts, len(atoms)]
    return [(at[i], at[j]) for i, j in bounds]


def split_row(
    row: Row,
    roles: tuple[str, ...],
    ctx: Context,
    warn: bool = True,
    coarse: bool = False,
    plan: Plan | None = None,
) -> tuple[list[list[Atom]], list[str], float, Plan]:
    """order_reference.split_row, and the split each fragment took (the `Plan`).

    `coarse`: read coarse atoms (the learning pass). `plan`: the learning pass's splits,
    which bound each fragment's search from above (order_search.search_within).

    A row cut by a page break is read twice (split, or all text before the break), and
    the split reading mostly loses; its rivals (the k = 4 searches) and warnings matter
    only when it wins. So it is read first without them: its best splits, costs and
    cells are the same (a k = 1 search keeps, in every table cell, the entry a k = 4
    search puts first: the cheapest, the earliest of equals), hence the same reading
    wins; when that is the split reading, the row is read again with them."""
    out = _split_row(row, roles, ctx, warn, coarse, plan, lazy=warn)
    if out is None:
        out = _split_row(row, roles, ctx, warn, coarse, plan, lazy=False)
        assert out is not None
    return out


def _split_row(
    row: Row,
    roles: tuple[str, ...],
    ctx: Context,
    warn: bool,
    coarse: bool,
    plan: Plan | None,
    lazy: bool,
) -> tuple[list[list[Atom]], list[str], float, Plan] | None:
    """`split_row`; with `lazy`, None when the split reading of a row cut by a page break
    wins (read without its rivals and warnings)."""
    limits = [None if ROLE_KIND.get(r) == "text" else MAX_CELL_ATOMS for r in roles]
    atoms_fn = coarse_atoms if coarse else atoms_of
    fragments = [(f, atoms_fn(f, ctx)) for f in row.fragments]
    fragments = [(f, a) for f, a in fragments if a]
    if not fragments:
        return [[] for _ in roles], [], 0.0, []
    uppers: list[Bounds | None] = [None] * len(fragments)
    if plan is not None and len(plan) == len(fragments):
        uppers = [_fine_bounds(a, n, b) for (_, a), (n, b) in zip(fragments, plan, strict=True)]
    first_fragment, first_atoms = fragments[0]
    kinds = [ROLE_KIND.get(r, "free") for r in roles]
    # The first fragment's cells: for the search, the text-only reading and the warnings
    # (CellCosts.exact is _cell_cost of the same atoms, the same float).
    first_costs = CellCosts(_Spans(first_atoms), roles, kinds, ctx)
    cut = _text_only(first_atoms, roles) if len(fragments) > 1 else None
    lazy = lazy and cut is not None
    rivals = warn and not lazy  # the split reading's rivals and warnings
    first_splits = _first_fragment_splits(
        first_atoms, roles, ctx, limits, rivals=rivals, upper=uppers[0], costs=first_costs
    )
    starts = [first_splits]
    if cut is not None:
        starts.insert(0, [cut])
    readings: list[tuple[float, list[list[Atom]], list[str], list[Split], bool]] = []
    shared: dict[int, CellCosts] = {}  # each later fragment's cells, for both readings
    for splits in starts:
        best = splits[0]
        taken = [best]
        cells = [list(p) for p in _cells_from(first_atoms, best, roles)]
        total = best.cost
        if splits is not first_splits:
            total = first_costs.exact(0, 0, len(first_atoms)) + sum(
                EMPTY_COST[ROLE_KIND.get(r, "free")] for r in roles[1:]
            )
        warnings: list[str] = []
        split_reading = splits is first_splits
        search_rivals = rivals if split_reading else warn
        if split_reading and rivals:
            note = _uncertainty(row, roles, first_atoms, splits, first_fragment)
            if note:
                warnings.append(note)
            lines = f"lines {first_fragment[0][0]}–{first_fragment[-1][0]}"
            for c, part in enumerate(cells):
                cc = first_costs.exact(c, *best.bounds[c])
                if cc >= BAD_CELL and (cell_text(part) or ROLE_KIND[roles[c]] != "text"):
                    what = cell_text(part) or "(empty)"
                    warnings.append(
                        f"row {row.no}: {roles[c]} cell {what!r} does not look like its column ({lines})"
                    )
        for k, (fragment, atoms) in enumerate(fragments[1:], start=2):
            budget = None
            if readings and k == len(fragments):
                budget = readings[0][0] - total
            costs = shared.get(k)
            if costs is None:
                costs = shared[k] = CellCosts(_Spans(atoms), roles, kinds, ctx)
            splits_n = _continued_splits(
                atoms,
                roles,
                ctx,
                limits,
                cells,
                rivals=search_rivals,
                give_up_above=budget,
                upper=uppers[k - 1],
                costs=costs,
            )
            if not splits_n:
                break
            note = _uncertainty(row, roles, atoms, splits_n, fragment) if search_rivals else None
            if note:
                warnings.append(note)
            total += splits_n[0].cost
            taken.append(splits_n[0])
            for c, part in enumerate(_cells_from(atoms, splits_n[0], roles)):
                cells[c].extend(part)
        else:
            # the split reading wins ties
            readings.insert(0, (total, cells, warnings, taken, split_reading))
    total, cells, warnings, taken, split_won = min(readings, key=lambda r: r[0])
    if lazy and split_won:
        return None
    chosen: Plan = [(len(a), s.bounds) for (_, a), s in zip(fragments, taken, strict=True)]
    return cells, warnings, total, chosen


def split_cells(rows: list[Row], layout: Layout) -> list[Row]:
    """Fill each row's `cells` (role -> Cell), `agencies` and `warnings`, in two passes:
    a coarse learning pass, then every row searched within its learnt split's cost."""
    roles = layout.roles
    ctx = _initial_context(rows)
    first: dict[str, list[list[Atom]]] = {}
    plans: list[Plan] = []
    for row in rows:
        cells, _, _, plan = split_row(row, roles, ctx, warn=False, coarse=True)
        first[row.no] = cells
        plans.append(plan)
    ctx = _learn(rows, roles, first)
    table_doubt = layout_doubt(layout.dropped)
    for row, plan in zip(rows, plans, strict=True):
        cells, warnings, _, _ = split_row(row, roles, ctx, plan=plan)
        row.cells = {
            role: Cell(cell_text(atoms), sorted({a.line for a in atoms if not a.marker}))
            for role, atoms in zip(roles, cells, strict=True)
        }
        # independent checks of what the splitter chose (loaders/tables/order_checks.py)
        lines = f"lines {row.line_start}–{row.line_end}"
        texts = [row.cells[r].text for r in roles]
        warnings += [f"row {row.no}: {table_doubt}"] if table_doubt else []
        warnings += [
            w for w in cell_doubts(row.no, roles, cells, texts, lines) if w not in warnings
        ]
        row.agencies = {
            role: cell_agencies(cell.text, ctx.vocabulary)
            for role, cell in row.cells.items()
            if ROLE_KIND.get(role) == "agency" and cell.text
        }
        row.warnings = warnings
    return rows
