"""How each of an agency's obligations reaches it: named directly, through a group, or
inherited — one rule shared by `obligraph query owns`, the sheets and the page.

`queries/owns.cypher` (and its networkx twin) return every route: a task can come back
once named directly and again through "Các sở, ngành, địa phương". `settle_owns` keeps one
row per item, on its strongest route, and says which:

- `how`: `direct` (the document names the agency), `inherited` (it named a predecessor;
  `since` is the date the chain of successions reached the agency), `group` (it named a
  collective the agency is a member of; `via_collective` says which);
- a route that names the agency (directly, or a predecessor) always wins over a group's,
  whatever the roles: KH 103 row 18 gives the group "Các sở, ngành, địa phương" the lead
  and names Công an tỉnh as coordinator, so Công an tỉnh coordinates row 18;
- within one route, lead before coordinate;
- an agency that had ceased (a full succession, or `active_to`) receives nothing a group
  was given by a document issued on or after that day (Ban Dân tộc, merged 2025-03-01,
  gets no group rows of KH 103 of 01/06/2025);
- the role filter (`--role`) applies to the settled role, after all of this.

>>> s = Successions(edges=(), active_to={})
>>> rows = [
...     {"item": "task", "item_id": "t18", "role": "lead", "issued": "2025-06-01",
...      "inherited_from": None, "via_collective": "Các sở, ngành, địa phương"},
...     {"item": "task", "item_id": "t18", "role": "coordinate", "issued": "2025-06-01",
...      "inherited_from": None, "via_collective": None},
... ]
>>> [(r["item_id"], r["role"], r["how"]) for r in settle_owns(rows, "a", s)]
[('t18', 'coordinate', 'direct')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # hints only: the CLI's query path never imports networkx
    import networkx as nx

HOWS = ("direct", "inherited", "group")  # strongest first
HOW_LABELS = {"direct": "trực tiếp", "inherited": "kế thừa", "group": "giao chung"}
_ROLE_RANK = {"lead": 0, "coordinate": 1, "monitor": 2}
MAX_CHAIN = 6  # SUCCEEDED_BY*1..6, as owns.cypher

# Every succession and every agency's last day, read once per store (a few dozen rows).
SUCCESSIONS_CYPHER = (
    "MATCH (a:Agency)-[s:SUCCEEDED_BY]->(b:Agency) "
    "RETURN a.id AS source, a.name AS name, b.id AS target, s.date AS date, "
    "s.partial AS partial"
)
ACTIVE_TO_CYPHER = (
    "MATCH (a:Agency) WHERE a.active_to IS NOT NULL RETURN a.id AS id, a.active_to AS active_to"
)


@dataclass(frozen=True)
class Succession:
    source: str
    name: str | None
    target: str
    date: str | None
    partial: bool


@dataclass(frozen=True)
class Successions:
    """The SUCCEEDED_BY edges and `active_to` dates of a graph or store."""

    edges: tuple[Succession, ...]
    active_to: dict[str, str]

    @classmethod
    def of_graph(cls, g: nx.MultiDiGraph) -> Successions:
        edges = tuple(
            sorted(
                (
                    Succession(u, g.nodes[u].get("name"), v, d.get("date"), bool(d.get("partial")))
                    for u, v, d in g.edges(data=True)
                    if d.get("type") == "SUCCEEDED_BY"
                ),
                key=lambda s: (s.source, s.target),
            )
        )
        active_to = {
            n: str(a["active_to"])
            for n, a in g.nodes(data=True)
            if a.get("label") == "Agency" and a.get("active_to")
        }
        return cls(edges, active_to)

    @classmethod
    def of_store(cls, store: Any) -> Successions:
        edges = tuple(
            sorted(
                (
                    Succession(r["source"], r["name"], r["target"], r["date"], bool(r["partial"]))
                    for r in store.query(SUCCESSIONS_CYPHER)
                ),
                key=lambda s: (s.source, s.target),
            )
        )
        active_to = {r["id"]: str(r["active_to"]) for r in store.query(ACTIVE_TO_CYPHER)}
        return cls(edges, active_to)

    def predecessors(self, agency: str, as_of: str | None) -> dict[str, tuple[str, str | None]]:
        """Predecessor id -> (name, since): the latest date on its chain to `agency` (None
        when no step is dated). Steps dated after `as_of` are not followed."""
        cutoff = as_of or "9999-12-31"
        found: dict[str, tuple[str, str | None]] = {}
        frontier = [(agency, None)]
        for _ in range(MAX_CHAIN):
            step = []
            for current, since in frontier:
                for s in self.edges:
                    if s.target != current or s.source == agency or s.source in found:
                        continue
                    if (s.date or "") > cutoff:
                        continue
                    when = max(d for d in (since, s.date) if d) if since or s.date else None
                    found[s.source] = (s.name or s.source, when)
                    step.append((s.source, when))
            frontier = step
        return found

    def ceased(self, agency: str) -> str | None:
        """The first day (ISO) the agency no longer existed, or None."""
        days = [s.date for s in self.edges if s.source == agency and s.date and not s.partial]
        if agency in self.active_to:
            last = date.fromisoformat(self.active_to[agency][:10])
            days.append((last + timedelta(days=1)).isoformat())
        return min(days) if days else None


def how_of(row: dict[str, Any]) -> str:
    """direct / inherited / group, from the columns owns.cypher returns."""
    if row.get("inherited_from"):
        return "inherited"
    if row.get("via_collective"):
        return "group"
    return "direct"


def settle_owns(
    rows: list[dict[str, Any]],
    agency: str,
    successions: Successions,
    *,
    as_of: str | None = None,
    role: str | None = None,
    columns: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    """One row per item on its strongest route, with `how` and `since` (module docstring).

    `columns`: the settled rows' keys in this order (every column of `rows`, `how` and
    `since`), so run_named need not rebuild 100,000 rows to order them; rows that already
    have exactly these keys (owns.cypher returns `how` and `since` null in their places)
    are completed in place. Without `columns`: new rows, the row's own keys followed by
    `how` and `since`.
    """
    ceased = successions.ceased(agency)
    since_by_name = {
        name: since for name, since in successions.predecessors(agency, as_of).values()
    }
    # The winning route of each item, by rank; the settled row is built for winners only.
    best: dict[str, tuple[tuple[int, int], dict[str, Any], str]] = {}
    for row in rows:
        how = how_of(row)
        if how == "group" and ceased and (row.get("issued") or "") >= ceased:
            continue  # a group's later tasks do not reach an agency that had ceased
        rank = (HOWS.index(how), _ROLE_RANK.get(row.get("role") or "lead", 9))
        key = row["item_id"]
        held = best.get(key)
        if held is None or rank < held[0] or (rank == held[0] and _tie(row, held[1])):
            best[key] = (rank, row, how)
    winners = [
        (row, how, since_by_name.get(row["inherited_from"]) if how == "inherited" else None)
        for _, row, how in best.values()
        if not role or row["role"] == role or (role == "lead" and row["role"] == "monitor")
    ]  # indicators (monitoring) count as lead, as owns.cypher's role filter
    if columns is None:
        return [{**row, "how": how, "since": since} for row, how, since in winners]
    if all(tuple(row) == columns for row, _, _ in winners):  # owns.cypher's own rows
        for row, how, since in winners:  # completed in place: they are the caller's
            row["how"], row["since"] = how, since
        return [row for row, _, _ in winners]
    return _in_order(winners, columns)


def _in_order(
    winners: list[tuple[dict[str, Any], str, str | None]], columns: tuple[str, ...]
) -> list[dict[str, Any]]:
    """(row, how, since) -> settled rows keyed by `columns` in order (a missing one None)."""
    slots = sorted((columns.index(c), c) for c in ("how", "since"))
    raw = tuple(c for c in columns if c not in ("how", "since"))
    get = itemgetter(*raw)
    out = []
    for row, how, since in winners:
        try:
            values = list(get(row))
        except KeyError:
            values = [row.get(c) for c in raw]
        for index, column in slots:  # ascending: each insert lands where `columns` has it
            values.insert(index, how if column == "how" else since)
        out.append(dict(zip(columns, values, strict=True)))
    return out


def _tie(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """Between two routes of the same rank, the first collective or predecessor by name,
    so the answer does not depend on the order rows came back in."""
    a = (new.get("via_collective") or "", new.get("inherited_from") or "", new.get("doc_id") or "")
    b = (old.get("via_collective") or "", old.get("inherited_from") or "", old.get("doc_id") or "")
    return a < b
