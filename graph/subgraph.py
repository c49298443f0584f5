"""The subgraph a question needs, read from the embedded store into networkx.

`viz`, `sheet` and `agencies --unresolved` were written over the whole graph (graph.json
in networkx), which at national size is 7 GB of JSON and tens of GB in memory. They run
unchanged on a small MultiDiGraph read here from LadybugDB with Cypher: the nodes and
edges carry exactly the attributes graph.json gives them (graph/contract.py: every
property, None where unknown; edge keys as the build makes them), and are added in
graph.json's order (nodes by id, edges by (from, to, key)), so a function iterating a
node's edges meets them in the same order on either graph.

Every read starts from a node the question names (an agency, a document) and walks
out along the relationship types the answer reads: a walk from the anchor is what the
engine does fast (a `WHERE n.id IN $list` filter scans the table once per listed id, so
lists of ids go through `UNWIND $ids … {id: i}`, a primary-key lookup each).

>>> from obligraph.graph.store import opened_store  # doctest: +SKIP
>>> with opened_store("store") as db:  # doctest: +SKIP
...     g = sheet_subgraph(db, agency_skeleton(db), "cong-an-tinh")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from obligraph.errors import QueryError
from obligraph.graph.contract import NODE_PROPERTIES, REL_TYPES, rel_properties

if TYPE_CHECKING:
    import networkx as nx

    from obligraph.graph.store import CypherStore

MAX_MEMBER_HOPS = 4  # MEMBER_OF*1..4, as queries/owns.cypher and viz/obligations.py
# Task links whose far end a sheet row names (its flags, the national tasks it carries out).
SHEET_TASK_LINKS = (("RESTATES", "out"), ("RESTATES", "in"), ("IMPLEMENTS", "out"))
SUPERSEDING = ("SUPERSEDES", "REPEALS")  # Document -> Document: the basis was replaced


def _q(name: str) -> str:
    """Backtick a property name (`group` and `no` are keywords in LadybugDB's Cypher)."""
    return f"`{name}`"


def node_columns(var: str, label: str, prefix: str = "n") -> str:
    """`var.id AS n_id, var.p AS n_p, …`: every property of the label, aliased."""
    props = ["id", *NODE_PROPERTIES[label]]
    return ", ".join(f"{var}.{_q(p)} AS {_q(prefix + '_' + p)}" for p in props)


def rel_columns(var: str, rel_type: str) -> str:
    """`var.p AS r_p, …`: every property of the relationship type, aliased."""
    return ", ".join(f"{var}.{_q(p)} AS {_q('r_' + p)}" for p in rel_properties(rel_type))


def edge_key(rel_type: str, attrs: dict[str, Any]) -> str:
    """The networkx key graph/build.py gives an edge: its type, ASSIGNED_TO by role.

    >>> edge_key("ASSIGNED_TO", {"role": "lead"}), edge_key("CITES", {})
    ('ASSIGNED_TO:lead', 'CITES')
    """
    if rel_type == "ASSIGNED_TO":
        return f"ASSIGNED_TO:{attrs.get('role')}"
    return rel_type


class Subgraph:
    """Nodes and edges read so far; `graph()` gives them as graph.json would."""

    def __init__(self, store: CypherStore) -> None:
        self.store = store
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._present: set[tuple[str, str, str]] | None = None

    def present(self, rel_type: str, source: str, target: str) -> bool:
        """Whether the store holds any edge of this type between these labels. An empty
        relationship table is skipped: the engine plans a lookup over one as a scan of
        the far table (40 ms a lookup at national size, against 0.3 ms with rows)."""
        if self._present is None:
            self._present = set()
            for t, spec in REL_TYPES.items():
                for a, b in spec.endpoints:
                    cypher = f"MATCH (:{a})-[r:{t}]->(:{b}) RETURN count(r) AS n"
                    if self.store.query(cypher)[0]["n"]:
                        self._present.add((t, a, b))
        return (rel_type, source, target) in self._present

    # ------------------------------------------------------------ reading rows

    def take_node(self, row: dict[str, Any], label: str, prefix: str) -> str:
        node_id = row[f"{prefix}_id"]
        if node_id not in self.nodes:
            attrs: dict[str, Any] = {"label": label}
            for p in NODE_PROPERTIES[label]:
                attrs[p] = row[f"{prefix}_{p}"]
            self.nodes[node_id] = attrs
        return node_id

    def take_edge(self, rel_type: str, u: str, v: str, row: dict[str, Any]) -> None:
        attrs: dict[str, Any] = {"type": rel_type}
        for p in rel_properties(rel_type):
            attrs[p] = row[f"r_{p}"]
        self.edges.setdefault((u, v, edge_key(rel_type, attrs)), attrs)

    def add_nodes(self, label: str, ids: Iterable[str]) -> list[str]:
        """Read these nodes of one label (those not read yet), one primary-key lookup
        each; returns the ids found."""
        found = []
        for node_id in sorted({i for i in ids if i not in self.nodes}):
            rows = self.store.query(
                f"MATCH (n:{label} {{id: $id}}) RETURN {node_columns('n', label)}", {"id": node_id}
            )
            found += [self.take_node(row, label, "n") for row in rows]
        return found

    def expand(
        self,
        path: str,
        rel_type: str,
        direction: str,
        far_label: str,
        params: dict[str, Any],
        *,
        where: str = "",
    ) -> list[str]:
        """Read the `rel_type` edges, outgoing or incoming, of the nodes `n` that `path`
        (a Cypher pattern ending in `(n:Label …)`) reaches, with their far ends (label
        `far_label`); returns the far ends' ids in the order read. One path pattern, not
        `WITH n MATCH …`: the engine then walks out from the pattern's start, where the
        second form joins against a scan of the far table (tens of seconds and GBs at
        national size)."""
        near_label = path.rsplit("(n:", 1)[1].split(" ", 1)[0].rstrip(")")
        if (near_label, far_label) not in _pairs(rel_type, direction):
            return []
        ends = (near_label, far_label) if direction == "out" else (far_label, near_label)
        if not self.present(rel_type, *ends):
            return []
        arrow = f"-[r:{rel_type}]->" if direction == "out" else f"<-[r:{rel_type}]-"
        cypher = (
            f"MATCH {path}{arrow}(m:{far_label}) {where} "
            f"RETURN n.id AS near, {rel_columns('r', rel_type)}, {node_columns('m', far_label, 'm')}"
        )
        found = []
        for row in self.store.query(cypher, params):
            far = self.take_node(row, far_label, "m")
            u, v = (row["near"], far) if direction == "out" else (far, row["near"])
            self.take_edge(rel_type, u, v, row)
            found.append(far)
        return found

    def expand_ids(
        self, near_label: str, ids: Iterable[str], rel_type: str, direction: str, far_label: str
    ) -> list[str]:
        """`expand` from a list of node ids, one primary-key lookup each (a list filter,
        `n.id IN $ids`, tests every row of the table against the list)."""
        found = []
        for node_id in sorted(set(ids)):
            path = f"(n:{near_label} {{id: $id}})"
            found += self.expand(path, rel_type, direction, far_label, {"id": node_id})
        return found

    # ------------------------------------------------------------ the graph

    def ids(self, label: str) -> list[str]:
        return sorted(n for n, a in self.nodes.items() if a["label"] == label)

    def graph(self) -> nx.MultiDiGraph:
        """The nodes and edges read, in graph.json's order (nodes by id, edges by
        (from, to, key)); an edge whose end was not read is left out, as a subgraph's."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for node_id in sorted(self.nodes):
            g.add_node(node_id, **_sorted(self.nodes[node_id]))
        for u, v, key in sorted(self.edges):
            if u in self.nodes and v in self.nodes:
                g.add_edge(u, v, key=key, **_sorted(self.edges[u, v, key]))
        return g


def _sorted(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes in graph.json's order (its keys are sorted)."""
    return {k: attrs[k] for k in sorted(attrs)}


def _pairs(rel_type: str, direction: str) -> set[tuple[str, str]]:
    """(near label, far label) pairs the relationship type joins, seen from `direction`."""
    pairs = REL_TYPES[rel_type].endpoints
    return set(pairs) if direction == "out" else {(b, a) for a, b in pairs}


def rels_of(label: str) -> list[tuple[str, str, str]]:
    """(type, direction, far label) of every relationship a node of `label` can have."""
    found = []
    for rel_type, spec in REL_TYPES.items():
        for a, b in spec.endpoints:
            if a == label:
                found.append((rel_type, "out", b))
            if b == label:
                found.append((rel_type, "in", a))
    return found


# ---------------------------------------------------------------- agencies


def agency_skeleton(store: CypherStore) -> Subgraph:
    """Every Agency node with the SUCCEEDED_BY and MEMBER_OF edges between them: what
    resolving an agency, its predecessors, its collectives and `--all`'s choice read
    (a few hundred nodes at national size)."""
    sub = Subgraph(store)
    for row in store.query(f"MATCH (n:Agency) RETURN {node_columns('n', 'Agency')}"):
        sub.take_node(row, "Agency", "n")
    for rel_type in ("SUCCEEDED_BY", "MEMBER_OF"):
        cypher = (
            f"MATCH (a:Agency)-[r:{rel_type}]->(b:Agency) "
            f"RETURN a.id AS u, b.id AS v, {rel_columns('r', rel_type)}"
        )
        for row in store.query(cypher):
            sub.take_edge(rel_type, row["u"], row["v"], row)
    return sub


def sheet_holders(skeleton: Subgraph, agency: str) -> list[str]:
    """The agencies whose tasks an agency's sheet may show: itself, every predecessor
    (SUCCEEDED_BY followed back, any date: the sheet's date is applied later) and its
    collectives (MEMBER_OF*1..4)."""
    predecessors: dict[str, set[str]] = {}  # successor -> its predecessors
    collectives: dict[str, set[str]] = {}  # member -> its collectives
    for (u, v, _), attrs in skeleton.edges.items():
        if attrs["type"] == "SUCCEEDED_BY":
            predecessors.setdefault(v, set()).add(u)
        else:
            collectives.setdefault(u, set()).add(v)
    found = {agency}
    frontier = [agency]
    while frontier:
        frontier = [p for a in frontier for p in predecessors.get(a, ()) if p not in found]
        found |= set(frontier)
    groups = {agency}
    frontier = [agency]
    for _ in range(MAX_MEMBER_HOPS):
        frontier = [c for a in frontier for c in collectives.get(a, ()) if c not in groups]
        groups |= set(frontier)
    return sorted(found | groups)


def sheet_subgraph(store: CypherStore, skeleton: Subgraph, agency: str) -> nx.MultiDiGraph:
    """Everything `viz.obligations.agency_obligations(g, agency, as_of)` reads, for any
    date: the agency skeleton; the tasks and indicators of the agency, its predecessors
    and collectives, with all their assignees; their documents (ASSIGNS, SETS); the
    documents their tasks cite; the tasks they restate or are restated by, and the higher
    tasks they carry out, with those tasks' documents; and what supersedes or repeals
    any of these documents."""
    sub = Subgraph(store)
    sub.nodes.update(skeleton.nodes)
    sub.edges.update(skeleton.edges)
    holders = {"holders": sheet_holders(skeleton, agency)}
    where = "WHERE h.id IN $holders"
    tasks = "(h:Agency)<-[:ASSIGNED_TO]-(n:Task)"
    indicators = "(h:Agency)<-[:MONITORED_BY]-(n:Indicator)"
    for path, label, reads in (
        (tasks, "Task", [("ASSIGNED_TO", "out", "Agency"), ("ASSIGNS", "in", "Document")]),
        (indicators, "Indicator", [("MONITORED_BY", "out", "Agency"), ("SETS", "in", "Document")]),
    ):
        rows = store.query(f"MATCH {path} {where} RETURN {node_columns('n', label)}", holders)
        for row in rows:
            sub.take_node(row, label, "n")
        for rel_type, direction, far in reads:
            sub.expand(path, rel_type, direction, far, holders, where=where)
    sub.expand(tasks, "CITES", "out", "Document", holders, where=where)
    linked: set[str] = set()
    for rel_type, direction in SHEET_TASK_LINKS:
        linked |= set(sub.expand(tasks, rel_type, direction, "Task", holders, where=where))
    # the documents of linked tasks, by their doc_id (what a row's flag names)
    sub.add_nodes("Document", {str(sub.nodes[t].get("doc_id")) for t in linked})
    # what replaced the items' documents and the documents their tasks cite
    for path in (
        "(h:Agency)<-[:ASSIGNED_TO]-(:Task)<-[:ASSIGNS]-(n:Document)",
        "(h:Agency)<-[:ASSIGNED_TO]-(:Task)-[:CITES]->(n:Document)",
        "(h:Agency)<-[:MONITORED_BY]-(:Indicator)<-[:SETS]-(n:Document)",
    ):
        for rel_type in SUPERSEDING:
            sub.expand(path, rel_type, "in", "Document", holders, where=where)
    return sub.graph()


# ---------------------------------------------------------------- neighbourhoods


class TooLarge(QueryError):
    """A neighbourhood past the page's limit."""


def neighbourhood_subgraph(
    store: CypherStore, centre: str, label: str, depth: int, limit: int
) -> nx.MultiDiGraph:
    """The nodes within `depth` hops of `centre` (edges either way, any type) with every
    edge between them: `viz.page.neighbourhood` on the whole graph, read hop by hop.
    Refuses (TooLarge) as soon as more than `limit` nodes are found."""
    sub = Subgraph(store)
    if not sub.add_nodes(label, [centre]):
        raise QueryError(f"no {label} {centre!r} in the store")
    layer = [centre]
    for _ in range(depth):
        before = set(sub.nodes)
        for near, ids in _by_label(sub, layer):
            for rel_type, direction, far in rels_of(near):
                sub.expand_ids(near, ids, rel_type, direction, far)
                if len(sub.nodes) > limit:
                    raise TooLarge(f"this neighbourhood has more than {limit} nodes; lower --depth")
        layer = sorted(set(sub.nodes) - before)
    # Edges between two nodes of the last layer: no hop crossed them.
    kept = set(sub.nodes)
    for near, ids in _by_label(sub, layer):
        for rel_type, direction, far in rels_of(near):
            if direction == "out":
                sub.expand_ids(near, ids, rel_type, direction, far)
    for extra in set(sub.nodes) - kept:  # far ends past the last layer: not drawn
        del sub.nodes[extra]
    return sub.graph()


def _by_label(sub: Subgraph, ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Node ids grouped by label, each group sorted."""
    groups: dict[str, list[str]] = {}
    for node in sorted(ids):
        groups.setdefault(sub.nodes[node]["label"], []).append(node)
    return sorted(groups.items())
