"""The fast splitter's parts give the reference's values (issue 21s), on the cells of
the real plans in reading order (the seeds and Đồng Tháp KH 55):

- order_width.LineWidths: a cell's width cost from its lines' slice bounds;
- order_bounds: the completion bounds;
- order_best.best_cost: the best split's cost, best-first, is the ladder's;
- order_cost._may_start_deadline: no deadline opening is skipped;
- agency_mentions._known_pattern (one trie-shaped pattern): the matches of the names
  tried longest first, one alternative each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.tables import order_reference as ref
from obligraph.loaders.tables.order_best import best_cost
from obligraph.loaders.tables.order_bounds import completion_bounds
from obligraph.loaders.tables.order_cost import CellCosts, _may_start_deadline, atoms_of
from obligraph.loaders.tables.order_header import ROLE_KIND
from obligraph.loaders.tables.order_width import LineWidths

ROOT = Path(__file__).resolve().parents[1]
REAL = [
    *sorted((ROOT / "data" / "raw").glob("*.txt")),
    ROOT / "tests/fixtures/plan/dong_thap_kh_55.txt",
]


@pytest.fixture(scope="module")
def fragments() -> list[tuple[list[ref.Atom], tuple[str, ...], ref.Context]]:
    """Every row fragment the splitter reads in the real plans, as fine atoms, with the
    table's roles and the context of its second pass."""
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.tables import order_split
    from obligraph.loaders.text import read_source

    out: list = []
    seen = order_split.split_row

    def record(row, roles, ctx, warn=True, coarse=False, plan=None):
        if not coarse:
            out.extend((atoms_of(f, ctx), roles, ctx) for f in row.fragments)
        return seen(row, roles, ctx, warn, coarse, plan)

    order_split.split_row = record
    try:
        for path in REAL:
            load_source(read_source(path))
    finally:
        order_split.split_row = seen
    out = [(a, r, c) for a, r, c in out if a]
    assert len(out) > 100
    return out


def test_width_cost_from_slice_bounds(fragments) -> None:
    checked = 0
    for atoms, _, _ in fragments:
        spans = ref._Spans(atoms)
        if not spans.sliced:
            continue
        widths = LineWidths(spans)
        for text_kind, width in ((True, 45.0), (True, 20.0), (False, None), (False, 14.0)):
            for i in range(spans.n):
                for j in range(i + 1, spans.n + 1):
                    if spans.next_content[i] < j:
                        expected = ref._lines_width_cost(text_kind, width, spans.info(i, j)[5])
                        assert widths.cost(text_kind, width, i, j) == expected
                        checked += 1
    assert checked > 10_000


def _searches(fragments):
    """(n, m, cost_fn, lower_fn, refine_fn, h, limits, spans, roles, kinds, last)."""
    for atoms, roles, ctx in fragments:
        spans = ref._Spans(atoms)
        n, m = len(atoms), len(roles)
        kinds = [ROLE_KIND.get(r, "free") for r in roles]
        limits = [None if k == "text" else ref.MAX_CELL_ATOMS for k in kinds]
        cells = CellCosts(spans, roles, kinds, ctx)

        def lower_fn(c, i, j, spans=spans, kinds=kinds, roles=roles):
            return spans.lower_bound(kinds[c], roles[c], i, j, i == 0)

        last = [cells.floor(m - 1, i, n) for i in range(n + 1)]
        yield n, m, cells.exact, lower_fn, cells.floor, limits, spans, roles, kinds, last


def test_completion_bounds_are_the_reference_values(fragments) -> None:
    for *_, limits, spans, roles, kinds, last in _searches(fragments):
        expected = ref._completion_bounds(spans, roles, kinds, list(last), limits)
        assert completion_bounds(spans, roles, kinds, list(last), limits) == expected


def test_best_first_cost_is_the_ladder_best(fragments) -> None:
    for n, m, cost_fn, lower_fn, refine_fn, limits, spans, roles, kinds, last in _searches(
        fragments
    ):
        h = completion_bounds(spans, roles, kinds, last, limits)
        ladder = ref._search(n, m, cost_fn, lower_fn, refine_fn, h, limits, rivals=False)
        assert best_cost(n, m, cost_fn, lower_fn, refine_fn, h, limits) == pytest.approx(
            ladder[0].cost, abs=1e-9
        )


def test_no_deadline_opening_is_skipped() -> None:
    tails = ["hằng tháng", "ường xuyên", "áng 5", "ăm 2025", "uý II", "au khi", "gay khi"]
    tails += ["heo kế hoạch", "hiệm vụ thường xuyên", "/2025", "5/2025", "/3/2025", "025 - 2026"]
    for code in range(0x1F00):  # Latin letters of every case and tone, digits, signs
        for tail in tails:
            text = chr(code) + tail
            if ref.DEADLINE_START.match(text):
                assert _may_start_deadline(text.split(" ")[0]), text
    assert not _may_start_deadline("Công") and _may_start_deadline("Quý")


def test_known_names_trie_matches_the_names_longest_first() -> None:
    names = am._known()
    one_each = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    texts = [line for path in REAL for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [am.fold_same_length(t) for t in texts]
    for name in names:  # names glued to words, cut short, run together
        texts += [name, f"{name}x", f"{name} x", f"x{name}", name[:-1], name + name]
        texts += [f"{name}, {name}", f"{name} và {name}"]
    for text in texts:
        found = [m.span() for m in am._known_pattern().finditer(text)]
        assert found == [m.span() for m in one_each.finditer(text)], text
