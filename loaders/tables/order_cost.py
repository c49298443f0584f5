"""The bounded k-best search of the fast splitter (issue 21e), and what it shares.

`bounded_splits` is order_reference._bounded_splits with the same table, the same
pruning and the same answer, faster where it matters:

- k = 1 (the learning pass): a bucket holds one entry, so instead of append, sort and
  cut, a candidate replaces it only when strictly cheaper (a stable sort keeps the
  earlier of two equal entries, and the one already there is the earlier);
- every call of `refine_fn` (a cell's cost without its content cost: per-line widths and
  structure) is remembered per (column, start, end): the ladder of bounds asks for the
  same cells again in every round, and the rival search again after it.

`search` is order_reference._search over it (the ladder, for fragments with no split to
start from). Why a cheaper completion bound `h` leaves the answer unchanged: see
`search`. Also here: `CellCosts` (a cell's exact cost and floor, each once, one width
cost for both) and `atoms_of` (the reference's atoms, its cut points found without
folding every suffix of a piece). tests/test_splitter_equivalence.py holds them to the
reference's answers.
"""

from __future__ import annotations

from functools import lru_cache

from obligraph.loaders import agency_mentions as am
from obligraph.loaders.tables.order_best import best_cost
from obligraph.loaders.tables.order_header import _fold
from obligraph.loaders.tables.order_reference import (
    _BOUND_SLACK,
    _DEADLINE_START_WORDS,
    AMBIGUITY_MARGIN,
    BOUNDARY_SPLIT,
    DEADLINE_START,
    EMPTY_COST,
    EMPTY_LEAD_EXTRA,
    LOWERCASE_SPLIT,
    MARKER_ABSORBED,
    SEARCH_BOUNDS,
    WIDE_GAP,
    Atom,
    Context,
    Split,
    _agency_opener,
    _backtrack,
    _content_cost,
    _ends_with_known,
    _Spans,
    _vocab_index,
    _width_cost,
)
from obligraph.loaders.tables.order_width import LineWidths


def remembered(fn):
    """`fn(c, i, j)` computed once per (c, i, j) (a cell's bound or cost in one fragment)."""
    memo: dict[tuple[int, int, int], float] = {}

    def get(c: int, i: int, j: int) -> float:
        key = (c, i, j)
        value = memo.get(key)
        if value is None:
            value = memo[key] = fn(c, i, j)
        return value

    return get


def bounded_splits(
    n: int,
    m: int,
    cost_fn,
    lower_fn,
    h: list[list[float]],
    bound: float,
    limits,
    k: int = 4,
    refine_fn=None,
) -> list[Split]:
    """order_reference._bounded_splits: the same table, entries and answer (see there)."""
    limit = bound + _BOUND_SLACK
    # Buckets are made when first filled: most of the table stays empty.
    table: list[list[list[tuple[float, int, int]] | None]] = [
        [None] * (n + 1) for _ in range(m + 1)
    ]
    table[0][0] = [(0.0, -1, -1)]
    for c in range(m):
        h_c, h_next = h[c], h[c + 1]
        row, next_row = table[c], table[c + 1]
        row_limit = limits[c] if limits is not None else None
        last = c == m - 1
        for i in range(n + 1):
            entries = row[i]
            if not entries:
                continue
            best = entries[0][0]
            if best + h_c[i] > limit:
                continue
            if last:
                ends = range(n, n + 1)
            else:
                top = n if row_limit is None else min(n, i + row_limit)
                ends = range(i, top + 1)
            for j in ends:
                rest = h_next[j]
                if best + lower_fn(c, i, j) + rest > limit:
                    continue
                if refine_fn is not None and best + refine_fn(c, i, j) + rest > limit:
                    continue
                cc = cost_fn(c, i, j)
                bucket = next_row[j]
                if k == 1:
                    total = best + cc  # entries holds one: the best
                    if total + rest > limit:
                        continue
                    if bucket is None:
                        next_row[j] = [(total, i, 0)]
                    elif total < bucket[0][0]:
                        bucket[0] = (total, i, 0)
                    continue
                if bucket is None:
                    bucket = next_row[j] = []
                added = False
                for rank, (cost, _, _) in enumerate(entries):
                    total = cost + cc
                    if total + rest > limit:
                        break  # entries are sorted: the rest cost more
                    bucket.append((total, i, rank))
                    added = True
                if added:
                    bucket.sort(key=_entry_cost)
                    del bucket[k:]
    if table[m][n] is None:
        table[m][n] = []
    return _backtrack(table, m, n)


def _entry_cost(entry: tuple[float, int, int]) -> float:
    return entry[0]


def search(n: int, m: int, cost_fn, lower_fn, refine_fn, h, limits, rivals: bool) -> list[Split]:
    """order_reference._search (the ladder of bounds, then the rivals) over `bounded_splits`.

    `h` may be any lower bound of the completions, not only the reference's: a bounded
    search's answer is the same for every bound B at or above the best split's cost (the
    entries a bucket keeps are those whose cost plus the bound of the rest fits B, a
    prefix of the same sorted list whatever bound of the rest is used), so a weaker `h`
    changes which rounds of the ladder run, never the split the ladder returns.

    So the ladder's answer is one round's at the best split's cost itself, found first
    best-first (order_best.best_cost); the ladder stays for a search that finds none."""
    best: list[Split] = []
    cost = best_cost(n, m, cost_fn, lower_fn, refine_fn, h, limits)
    if cost is not None:
        best = bounded_splits(n, m, cost_fn, lower_fn, h, cost, limits, k=1, refine_fn=refine_fn)
    if not best:
        floor = h[0][0]
        for extra in SEARCH_BOUNDS:
            bound = floor + extra
            best = bounded_splits(
                n, m, cost_fn, lower_fn, h, bound, limits, k=1, refine_fn=refine_fn
            )
            if extra == float("inf") or (best and best[0].cost <= bound):
                break
    if not rivals:
        return best
    bound = best[0].cost + AMBIGUITY_MARGIN
    return bounded_splits(n, m, cost_fn, lower_fn, h, bound, limits, k=4, refine_fn=refine_fn)


# ---------------------------------------------------------------------------------------
# Atoms: order_reference.atoms_of with the same cuts, found without folding every suffix


@lru_cache(maxsize=1)
def _openers() -> tuple[frozenset[str], tuple[str, ...]]:
    """What a text's first folded word must be for `_agency_opener` to hold: the first
    word of a known name or head word, or a word starting with a one-word one."""
    names = [*am._known(), *am._heads()]
    return frozenset(n.split(" ")[0] for n in names), tuple(n for n in names if " " not in n)


@lru_cache(maxsize=8)
def _enders(vocabulary: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """What a text's last folded word must be for `_ends_with_known` to hold: the last
    word of a suffix name, or a word ending with a one-word one."""
    names = _vocab_index(vocabulary).suffixes
    return frozenset(n.split(" ")[-1] for n in names), tuple(n for n in names if " " not in n)


def _may_open(word: str) -> bool:
    """False only when no text whose first word is `word` opens like an agency name.

    The folded text starts with the folded word and then a space (fold works word by
    word: NFC and case never cross a space, the tone rule looks one letter ahead), so a
    name with a space must share that first word and a name without one must open it."""
    if word.split() != [word]:
        return True  # odd white space inside: let the full test decide
    folded = _fold(word)
    firsts, singles = _openers()
    return folded in firsts or folded.startswith(singles)


def _may_end(word: str, vocabulary: frozenset[str]) -> bool:
    """False only when no text whose last word is `word` ends with a known name."""
    if word.split() != [word]:
        return True
    folded = _fold(word)
    lasts, singles = _enders(vocabulary)
    return folded in lasts or folded.endswith(singles)


# The first letters a DEADLINE_START match can open with ("nhiệm", "thường", "hằng",
# "hàng", "quý", "tháng", "năm", "sau", "ngay", "theo"), in either case, and "ſ", which
# the pattern's IGNORECASE matches as "s"; or else a digit.
_DEADLINE_HEADS = frozenset("nNtThHqQsSſ")


def _may_start_deadline(word: str) -> bool:
    """False only when no text opening with `word` can match DEADLINE_START."""
    head = word[:1]
    return head in _DEADLINE_HEADS or head.isdigit()


def split_points(piece: str, ctx: Context) -> list[int]:
    """order_reference._split_points, the same points: the agency tests on the rest or
    the start of the piece run only where its first or last word allows them."""
    words = piece.split(" ")
    window = _DEADLINE_START_WORDS
    deadline_at = [
        _may_start_deadline(words[k])
        and DEADLINE_START.match(" ".join(words[k : k + window])) is not None
        for k in range(len(words))
    ]
    points = []
    for k in range(1, len(words)):
        word, prev = words[k], words[k - 1]
        if not word:
            continue
        head = word[0]
        if deadline_at[k - 1] and not deadline_at[k]:
            continue
        if prev in {"≥", "≤", ">", "<", "=", "-", "–"}:
            continue
        if (
            head.isdigit()
            or head in "≥≤<>%"
            or deadline_at[k]
            or (head.isupper() and prev[:1].islower())
            or (_may_open(word) and _agency_opener(" ".join(words[k:])))
            or (
                head.isupper()
                and _may_end(prev, ctx.vocabulary)
                and _ends_with_known(" ".join(words[:k]), ctx)
            )
        ):
            points.append(k)
    return points


def atoms_of(lines: list[tuple[int, str]], ctx: Context, coarse: bool = False) -> list[Atom]:
    """order_reference.atoms_of (the same atoms) over `split_points`. With `coarse`, no cut
    at single spaces: every piece between a line start or a wide gap is one atom (the
    learning pass's atoms; the fine atoms of the same lines are these, split further)."""
    atoms: list[Atom] = []
    for number, raw in lines:
        text = raw.rstrip()
        if not text.strip():
            if len(raw) >= 2:
                atoms.append(Atom("", number, "line", marker=True))
            continue
        lead = len(text) - len(text.lstrip(" "))
        if lead >= 2:
            for _ in range(max(1, lead // 2)):
                atoms.append(Atom("", number, "line", marker=True))
        stripped = text.strip()
        if stripped in {"-", "–", "—"}:
            atoms.append(Atom("", number, "line", marker=True))
            continue
        for p_idx, piece in enumerate(WIDE_GAP.split(stripped)):
            if coarse:
                atoms.append(Atom(piece, number, "gap" if p_idx else "line"))
                continue
            words = piece.split(" ")
            cuts = [0, *split_points(piece, ctx), len(words)]
            for c_idx in range(len(cuts) - 1):
                chunk = " ".join(words[cuts[c_idx] : cuts[c_idx + 1]])
                before = "space" if c_idx else ("gap" if p_idx else "line")
                atoms.append(Atom(chunk, number, before))
    return atoms


# ---------------------------------------------------------------------------------------
# Cell costs: order_reference._span_cost and _span_floor, sharing one width cost


class CellCosts:
    """The exact cost of a cell atoms[i:j] of one fragment (`exact`, as
    order_reference._span_cost) and its floor (`floor`, as _span_floor), each computed
    once, with the width cost of the cell's printed lines computed once for both: the
    same float operations in the same order as the reference's."""

    def __init__(self, spans: _Spans, roles: tuple[str, ...], kinds: list[str], ctx: Context):
        self.spans, self.roles, self.kinds, self.ctx = spans, roles, kinds, ctx
        self._exact: dict[tuple[int, int, int], float] = {}
        self._floor: dict[tuple[int, int, int], float] = {}
        self._width: dict[tuple[int, int, int], float] = {}
        # Widths from line lengths when the cells are slices of one text (order_width).
        self._lines = LineWidths(spans) if spans.sliced else None
        self._column_width = [
            ctx.text_width if kind == "text" else ctx.widths.get(role)
            for role, kind in zip(roles, kinds, strict=True)
        ]

    def width(self, c: int, i: int, j: int, line_texts: tuple[str, ...] | None = None) -> float:
        """The width cost of the non-empty cell atoms[i:j] in column c, once."""
        key = (c, i, j)
        width = self._width.get(key)
        if width is None:
            if self._lines is not None:
                width = self._lines.cost(self.kinds[c] == "text", self._column_width[c], i, j)
            else:
                if line_texts is None:
                    line_texts = self.spans.info(i, j)[5]
                width = _width_cost(self.kinds[c], self.roles[c], line_texts, self.ctx)
            self._width[key] = width
        return width

    def _structure(self, c: int, i: int, j: int) -> tuple[float, bool, str, float]:
        """(the cost before the content term, whether the cell is empty, its text, its
        width cost); an empty cell's cost is final."""
        spans, role, kind = self.spans, self.roles[c], self.kinds[c]
        if self._lines is not None:
            markers, f, g_text, g_other, text = self._lines.text(i, j)
            line_texts = None
        else:
            markers, f, g_text, g_other, text, line_texts = spans.info(i, j)
        if f < 0:
            if markers == 0:
                return EMPTY_COST[kind] + (EMPTY_LEAD_EXTRA if role == "lead" else 0.0), True, "", 0
            return MARKER_ABSORBED * (markers - 1), True, "", 0.0
        cost = MARKER_ABSORBED * markers
        a = spans.atoms[f]
        if a.before == "space" and i != 0:
            cost += BOUNDARY_SPLIT
            if a.text[:1].islower():
                cost += LOWERCASE_SPLIT
        cost += g_text if kind == "text" else g_other
        return cost, False, text, self.width(c, i, j, line_texts)

    def exact(self, c: int, i: int, j: int) -> float:
        key = (c, i, j)
        value = self._exact.get(key)
        if value is None:
            cost, empty, text, width = self._structure(c, i, j)
            if not empty:
                cost += _content_cost(self.kinds[c], text, self.ctx.vocabulary)
                cost += width
            value = self._exact[key] = cost
        return value

    def floor(self, c: int, i: int, j: int) -> float:
        key = (c, i, j)
        value = self._floor.get(key)
        if value is None:
            spans = self.spans
            # The structural terms from prefix sums (_Spans.lower_bound: the same terms
            # up to float rounding, far below _BOUND_SLACK) and the width cost: no text.
            value = spans.lower_bound(self.kinds[c], self.roles[c], i, j, i == 0)
            if spans.next_content[i] < j:
                value += self.width(c, i, j)
            self._floor[key] = value
        return value
