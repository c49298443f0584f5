"""The named questions answered over the networkx graph, row for row like the .cypher files.

Each function takes the graph and the same parameters the .cypher file gets (ids already
resolved by queries.resolve, null where not given) and returns the same columns. Where
the Cypher reads `*1..6` these walk at most 6 steps; where it takes `min(length(p))` they
take the breadth-first distance. tests/test_queries.py compares the two on the seeds.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("doc:new", label="Document", number="2/KH")
>>> g.add_node("doc:old", label="Document", number="1/KH")
>>> _ = g.add_edge("doc:new", "doc:old", key="SUPERSEDES", type="SUPERSEDES")
>>> distances(g, "doc:old", {"SUPERSEDES"}, forward=False)
{'doc:new': 1}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # hints only: the CLI's query path never imports networkx
    import networkx as nx

MAX_HOPS = 6  # the literal bound of every var-length path in queries/*.cypher
MAX_MEMBER_HOPS = 4  # MEMBER_OF*1..4 in owns.cypher
LINEAGE_TYPES = ("IMPLEMENTS", "SUPERSEDES", "BASED_ON")


def _typed(g: nx.MultiDiGraph, node: str, types: Iterable[str], forward: bool) -> list[tuple]:
    """(neighbour, edge data) over edges of these types, out-edges or in-edges."""
    types = set(types)
    if forward:
        return [(v, d) for _, v, d in g.out_edges(node, data=True) if d.get("type") in types]
    return [(u, d) for u, _, d in g.in_edges(node, data=True) if d.get("type") in types]


def distances(
    g: nx.MultiDiGraph,
    start: str,
    types: Iterable[str],
    forward: bool = True,
    limit: int = MAX_HOPS,
    keep: Any = None,
) -> dict[str, int]:
    """Shortest number of steps (1..limit) from start to each node over these edge types.

    `keep(edge_data)` filters the edges a path may use. start itself is left out.
    """
    types = tuple(types)
    seen = {start: 0}
    frontier = [start]
    for step in range(1, limit + 1):
        nxt = []
        for node in frontier:
            for other, data in _typed(g, node, types, forward):
                if other not in seen and (keep is None or keep(data)):
                    seen[other] = step
                    nxt.append(other)
        frontier = nxt
    seen.pop(start)
    return seen


def _label(g: nx.MultiDiGraph, node: str) -> str | None:
    return g.nodes[node].get("label")


def _assigning_documents(g: nx.MultiDiGraph, task: str) -> list[str]:
    return [u for u, d in _typed(g, task, ["ASSIGNS"], forward=False) if _label(g, u) == "Document"]


def replaced_by(g: nx.MultiDiGraph, doc_ids: list[str]) -> list[dict[str, Any]]:
    """queries/replaced_by.cypher over networkx."""
    rows = []
    for old in doc_ids:
        if old not in g:
            continue
        old_in_corpus = bool(g.nodes[old].get("in_corpus"))
        for new, hops in distances(g, old, ["SUPERSEDES"], forward=False).items():
            if _label(g, new) != "Document":
                continue
            for task, _ in _typed(g, new, ["ASSIGNS"], forward=True):
                t = g.nodes[task]
                row = {
                    "replaced_id": old,
                    "doc_id": new,
                    "number": g.nodes[new].get("number"),
                    "hops": hops,
                    "task_id": task,
                    "origin": t.get("origin"),
                    "no": t.get("no"),
                    "text": t.get("text"),
                    "deadline_text": t.get("deadline_text"),
                    "due": t.get("due"),
                }
                taken = [
                    (o, d)
                    for o, d in _typed(g, task, ["REPLACES"], forward=True)
                    if g.nodes[o].get("doc_id") == old
                ]
                for o, d in taken:
                    score = d.get("score")
                    rows.append(
                        row
                        | _old_task(g, o)
                        | {"score": score, "change": "kept" if score >= 0.95 else "reworded"}
                    )
                if not taken:
                    new_task = old_in_corpus and t.get("origin") != "body"
                    rows.append(
                        row
                        | {"old_task_id": None, "old_no": None, "old_text": None, "score": None}
                        | {"change": "new" if new_task else None}
                    )
        rows += _dropped(g, old)
    return rows


def _old_task(g: nx.MultiDiGraph, task: str) -> dict[str, Any]:
    t = g.nodes[task]
    return {"old_task_id": task, "old_no": t.get("no"), "old_text": t.get("text")}


def _dropped(g: nx.MultiDiGraph, old: str) -> list[dict[str, Any]]:
    """replaced_by.cypher's second branch: old tasks the direct successor takes none over."""
    rows = []
    olds = [o for o, _ in _typed(g, old, ["ASSIGNS"], forward=True) if _label(g, o) == "Task"]
    for new, _ in _typed(g, old, ["SUPERSEDES"], forward=False):
        if _label(g, new) != "Document" or new == old:
            continue
        for o in olds:
            if g.nodes[o].get("origin") == "body":
                continue
            if any(
                g.nodes[x].get("doc_id") == new
                for x, _ in _typed(g, o, ["REPLACES"], forward=False)
            ):
                continue
            empty = dict.fromkeys(("task_id", "origin", "no", "text", "deadline_text", "due"))
            rows.append(
                {"replaced_id": old, "doc_id": new, "number": g.nodes[new].get("number")}
                | {"hops": 1}
                | empty
                | _old_task(g, o)
                | {"score": None, "change": "dropped"}
            )
    return rows


def holders(g: nx.MultiDiGraph, agency_id: str, as_of: str | None) -> dict[str, str | None]:
    """The agency and its predecessors (SUCCEEDED_BY*0..6, every step dated <= as_of or
    undated), each mapped to the name to show as inherited_from (None for the agency)."""
    cutoff = as_of or "9999-12-31"
    earlier = distances(
        g,
        agency_id,
        ["SUCCEEDED_BY"],
        forward=False,
        keep=lambda d: (d.get("date") or "") <= cutoff,
    )
    found: dict[str, str | None] = {agency_id: None}
    for pred in earlier:
        if pred != agency_id:
            found[pred] = g.nodes[pred].get("name")
    return found


def _distinct(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """RETURN DISTINCT: one row per distinct tuple of values, first seen kept."""
    seen, out = set(), []
    for row in rows:
        key = tuple((k, repr(v)) for k, v in row.items())
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def owns(
    g: nx.MultiDiGraph,
    agency_id: str,
    role: str | None = None,
    as_of: str | None = None,
    with_collectives: bool | None = None,
) -> list[dict[str, Any]]:
    """queries/owns.cypher over networkx: tasks, collective tasks, indicators."""
    if agency_id not in g:
        return []
    rows: list[dict[str, Any]] = []
    held = holders(g, agency_id, as_of)

    def task_rows(holder: str, inherited_from: str | None, via: str | None) -> None:
        for task, data in _typed(g, holder, ["ASSIGNED_TO"], forward=False):
            if role and data.get("role") != role:
                continue
            t = g.nodes[task]
            for doc in _assigning_documents(g, task):
                rows.append(
                    {
                        "item": "task",
                        "item_id": task,
                        "doc_id": doc,
                        "number": g.nodes[doc].get("number"),
                        "issued": g.nodes[doc].get("issued"),
                        "no": t.get("no"),
                        "text": t.get("text"),
                        "role": data.get("role"),
                        "deadline_text": t.get("deadline_text"),
                        "due": t.get("due"),
                        "target": None,
                        "inherited_from": inherited_from,
                        "via_collective": via,
                    }
                )

    for holder, inherited_from in held.items():
        task_rows(holder, inherited_from, None)
    if with_collectives:
        collectives = distances(g, agency_id, ["MEMBER_OF"], limit=MAX_MEMBER_HOPS)
        for collective in collectives:
            task_rows(collective, None, g.nodes[collective].get("name"))
    if (role or "lead") == "lead":
        for holder, inherited_from in held.items():
            for ind, _ in _typed(g, holder, ["MONITORED_BY"], forward=False):
                i = g.nodes[ind]
                for doc, _ in _typed(g, ind, ["SETS"], forward=False):
                    rows.append(
                        {
                            "item": "indicator",
                            "item_id": ind,
                            "doc_id": doc,
                            "number": g.nodes[doc].get("number"),
                            "issued": g.nodes[doc].get("issued"),
                            "no": i.get("no"),
                            "text": i.get("name"),
                            "role": "monitor",
                            "deadline_text": None,
                            "due": None,
                            "target": i.get("target"),
                            "inherited_from": inherited_from,
                            "via_collective": None,
                        }
                    )
    return _distinct(rows)


def lineage(
    g: nx.MultiDiGraph, doc_ids: list[str], up: bool | None = True, down: bool | None = True
) -> list[dict[str, Any]]:
    """queries/lineage.cypher over networkx: shortest chains up and/or down."""
    rows = []
    directions = [("up", True, up), ("down", False, down)]
    for direction, forward, wanted in directions:
        if wanted is False:
            continue
        for start in doc_ids:
            if start not in g:
                continue
            reach = distances(g, start, LINEAGE_TYPES, forward=forward)
            per_type = {t: distances(g, start, [t], forward=forward) for t in LINEAGE_TYPES}
            for other, hops in reach.items():
                x = g.nodes[other]
                rows.append(
                    {
                        "direction": direction,
                        "from_id": start,
                        "doc_id": other,
                        "number": x.get("number"),
                        "kind": x.get("kind"),
                        "issued": x.get("issued"),
                        "in_corpus": x.get("in_corpus"),
                        "hops": hops,
                        "implements_hops": per_type["IMPLEMENTS"].get(other),
                        "supersedes_hops": per_type["SUPERSEDES"].get(other),
                        "based_on_hops": per_type["BASED_ON"].get(other),
                    }
                )
    return rows


def due(
    g: nx.MultiDiGraph,
    before: str | None = None,
    after: str | None = None,
    overdue_as_of: str | None = None,
    agency_id: str | None = None,
) -> list[dict[str, Any]]:
    """queries/due.cypher over networkx: dated tasks in a window, optionally one agency's."""
    wanted: set[str] | None = None
    if agency_id:
        wanted = {agency_id} | set(distances(g, agency_id, ["SUCCEEDED_BY"], forward=False))
    rows = []
    for task, t in g.nodes(data=True):
        if t.get("label") != "Task" or t.get("due") is None:
            continue
        when = t["due"]
        if before and when > before or after and when < after:
            continue
        if overdue_as_of and not when < overdue_as_of:
            continue
        assigned = _typed(g, task, ["ASSIGNED_TO"], forward=True)
        if wanted is not None and not any(a in wanted for a, _ in assigned):
            continue
        leads = sorted(
            g.nodes[a]["name"]
            for a, d in assigned
            if d.get("role") == "lead" and g.nodes[a].get("name") is not None
        )
        for doc in _assigning_documents(g, task):
            rows.append(
                {
                    "due": when,
                    "doc_id": doc,
                    "number": g.nodes[doc].get("number"),
                    "task_id": task,
                    "no": t.get("no"),
                    "text": t.get("text"),
                    "deadline_text": t.get("deadline_text"),
                    "leads": leads,
                }
            )
    return rows


def _stale_row(g, task, doc, how, basis, newer) -> dict[str, Any]:
    t = g.nodes[task]
    return {
        "task_id": task,
        "doc_id": doc,
        "number": g.nodes[doc].get("number"),
        "no": t.get("no"),
        "text": t.get("text"),
        "how": how,
        "basis_id": basis,
        "basis_number": g.nodes[basis].get("number"),
        "superseded_by_id": newer,
        "superseded_by_number": g.nodes[newer].get("number"),
    }


def stale(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """queries/stale.cypher over networkx: tasks whose basis document was superseded."""

    def newer_than(basis: str) -> list[str]:
        return [
            u
            for u, _ in _typed(g, basis, ["SUPERSEDES"], forward=False)
            if _label(g, u) == "Document"
        ]

    rows = []
    for task, t in g.nodes(data=True):
        if t.get("label") != "Task":
            continue
        for basis, _ in _typed(g, task, ["CITES"], forward=True):
            for newer in newer_than(basis):
                for doc in _assigning_documents(g, task):
                    if newer != doc:
                        rows.append(_stale_row(g, task, doc, "cites", basis, newer))
    for doc, d in g.nodes(data=True):
        if d.get("label") != "Document":
            continue
        for rel, how in (("IMPLEMENTS", "implements"), ("BASED_ON", "based_on")):
            for basis, _ in _typed(g, doc, [rel], forward=True):
                for newer in newer_than(basis):
                    if newer == doc:
                        continue
                    for task, _ in _typed(g, doc, ["ASSIGNS"], forward=True):
                        rows.append(_stale_row(g, task, doc, how, basis, newer))
    return rows


def restated(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """queries/restated.cypher over networkx: RESTATES edges with both tasks' documents."""
    rows = []
    for later, earlier, data in g.edges(data=True):
        if data.get("type") != "RESTATES":
            continue
        for ld in _assigning_documents(g, later):
            for ed in _assigning_documents(g, earlier):
                a, b = g.nodes[later], g.nodes[earlier]
                rows.append(
                    {
                        "score": data.get("score"),
                        "later_id": later,
                        "later_number": g.nodes[ld].get("number"),
                        "later_no": a.get("no"),
                        "later_text": a.get("text"),
                        "earlier_id": earlier,
                        "earlier_number": g.nodes[ed].get("number"),
                        "earlier_no": b.get("no"),
                        "earlier_text": b.get("text"),
                    }
                )
    return rows


# ------------------------------------------------- task chains (issue 18: graph/task_links.py)

CHAIN_STEPS = 4  # chain.cypher: one step, then 1..3 steps and one more
# gaps.cypher: an agency name that names local government.
LOCAL_WORDS = (
    "địa phương",
    "Địa phương",
    "các tỉnh",
    "Các tỉnh",
    "tỉnh, thành phố",
    "thành phố trực thuộc",
    "Thành phố trực thuộc",
)


def _walks(g: nx.MultiDiGraph, start: str, forward: bool) -> set[tuple[int, str, str, float]]:
    """(hops, via, task, score) for each IMPLEMENTS step ending a walk of 1..CHAIN_STEPS
    steps from start: as chain.cypher's variable-length MATCH finds them."""
    out: set[tuple[int, str, str, float]] = set()
    frontier = {start}
    for hops in range(1, CHAIN_STEPS + 1):
        nxt = set()
        for via in frontier:
            for task, d in _typed(g, via, ["IMPLEMENTS"], forward=forward):
                if _label(g, task) == "Task":
                    out.add((hops, via, task, d.get("score")))
                    nxt.add(task)
        frontier = nxt
    return out


def chain(g: nx.MultiDiGraph, task_id: str | None) -> list[dict[str, Any]]:
    """queries/chain.cypher over networkx."""
    if not task_id or task_id not in g:
        return []
    rows = []
    for direction, forward in (("up", True), ("down", False)):
        for hops, via, task, score in sorted(_walks(g, task_id, forward)):
            t = g.nodes[task]
            for doc in _assigning_documents(g, task):
                rows.append(
                    {
                        "direction": direction,
                        "hops": hops,
                        "via_id": via,
                        "task_id": task,
                        "doc_id": doc,
                        "number": g.nodes[doc].get("number"),
                        "no": t.get("no"),
                        "text": t.get("text"),
                        "score": score,
                    }
                )
    return rows


def _is_local(g: nx.MultiDiGraph, agency: str) -> bool:
    """The agency, or for a named agency a collective it belongs to (MEMBER_OF 1..3),
    names local government. ("Các cơ quan, đơn vị liên quan" of a central resolution is a
    member of the province's "Các sở, ngành, địa phương" in the registry: a collective's
    own collectives do not count.)"""
    names = [g.nodes[agency].get("name") or ""]
    if g.nodes[agency].get("kind") != "collective":  # a named agency's collectives
        names += [
            g.nodes[c].get("name") or "" for c in distances(g, agency, ["MEMBER_OF"], limit=3)
        ]
    return any(word in name for name in names for word in LOCAL_WORDS)


def gaps(g: nx.MultiDiGraph, doc_ids: list[str]) -> list[dict[str, Any]]:
    """queries/gaps.cypher over networkx."""
    own = set(doc_ids)
    up: set[str] = set()
    for doc in own & set(g.nodes):
        up |= {h for h in distances(g, doc, ["IMPLEMENTS"], limit=4) if _label(g, h) == "Document"}
    amended = {
        o
        for h in up
        for o, _ in _typed(g, h, ["AMENDS", "SUPERSEDES", "BASED_ON"], forward=True)
        if _label(g, o) == "Document"
    }

    def carried(task: str) -> bool:
        near = {task}
        near |= {u for u, _ in _typed(g, task, ["AMENDS"], forward=False)}
        near |= {v for v, _ in _typed(g, task, ["AMENDS"], forward=True)}
        return any(
            g.nodes[y].get("doc_id") in own
            for t in near
            for y, _ in _typed(g, t, ["IMPLEMENTS"], forward=False)
            if _label(g, y) == "Task"
        )

    rows = []
    for doc in sorted((up | amended) - own):
        for task, _ in _typed(g, doc, ["ASSIGNS"], forward=True):
            if _label(g, task) != "Task" or carried(task):
                continue
            t = g.nodes[task]
            for agency, d in _typed(g, task, ["ASSIGNED_TO"], forward=True):
                if _is_local(g, agency):
                    rows.append(
                        {
                            "doc_id": doc,
                            "number": g.nodes[doc].get("number"),
                            "task_id": task,
                            "no": t.get("no"),
                            "text": t.get("text"),
                            "role": d.get("role"),
                            "agency": g.nodes[agency].get("name"),
                            "deadline_text": t.get("deadline_text"),
                        }
                    )
    return rows
