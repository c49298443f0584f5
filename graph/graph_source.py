"""The graph's nodes and edges as sorted rows, from networkx or streamed from graph.json.

The Neo4j paths (`neo4j export`, `neo4j push`) read the graph row by row through
`GraphRows`, so they work on a store of any size: `StoreGraphRows` streams a store's
graph.json (checked against the manifest first) with ijson, never holding more than one
row; `NetworkxRows` gives the same rows from a graph in memory (tests, small inputs).

Both give nodes sorted by id and edges sorted by (from, to, key), graph.json's own order
(graph/graphjson.py writes it so), and both may be read more than once.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("b", label="Agency"); g.add_node("a", label="Task")
>>> g.add_edge("a", "b", key="ASSIGNED_TO", type="ASSIGNED_TO", role="lead")
'ASSIGNED_TO'
>>> rows = as_graph_rows(g)
>>> [n for n, _ in rows.nodes()], [(u, v, k) for u, v, k, _ in rows.edges()]
(['a', 'b'], [('a', 'b', 'ASSIGNED_TO')])
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from obligraph.graph.graphjson import LINK_FROM, LINK_TO

if TYPE_CHECKING:
    import networkx as nx

NodeRow = tuple[str, dict[str, Any]]  # (id, attributes with `label`)
LinkRow = tuple[str, str, str, dict[str, Any]]  # (from, to, key, attributes with `type`)

_CHUNK = 1 << 20  # bytes read at a time when checking graph.json's digest


class GraphRows(Protocol):
    """A graph as rows: nodes sorted by id, edges by (from, to, key); re-iterable."""

    def nodes(self) -> Iterator[NodeRow]: ...

    def edges(self) -> Iterator[LinkRow]: ...


class NetworkxRows:
    """The rows of a networkx MultiDiGraph held in memory."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def nodes(self) -> Iterator[NodeRow]:
        return iter(sorted(self.graph.nodes(data=True), key=lambda n: n[0]))

    def edges(self) -> Iterator[LinkRow]:
        edges = self.graph.edges(keys=True, data=True)
        return iter(sorted(edges, key=lambda e: (e[0], e[1], e[2])))


class StoreGraphRows:
    """The rows of a store's graph.json, streamed: checked against the manifest (bytes
    and SHA-256, read in chunks) when made, then parsed item by item on each reading.

    >>> rows = StoreGraphRows("store")              # doctest: +SKIP
    >>> next(rows.nodes())[0]                       # doctest: +SKIP
    'ban-chi-dao-tinh'
    """

    def __init__(self, store: str | Path) -> None:
        from obligraph.graph.store_folder import GRAPH_JSON, StoreIncomplete, read_manifest

        self.store = Path(store)
        self.path = self.store / GRAPH_JSON
        expected = read_manifest(self.store).get("graph_json", {})
        digest, size = hashlib.sha256(), 0
        try:
            with self.path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError as exc:
            raise StoreIncomplete(self.store, f"graph.json unreadable: {exc.strerror}") from None
        if size != expected.get("bytes") or digest.hexdigest() != expected.get("sha256"):
            raise StoreIncomplete(self.store, "graph.json is not the one the build wrote")

    def nodes(self) -> Iterator[NodeRow]:
        for item in self._items("nodes"):
            node_id = item.pop("id")
            yield node_id, item

    def edges(self) -> Iterator[LinkRow]:
        for item in self._items("edges"):
            u, v, key = item.pop(LINK_FROM), item.pop(LINK_TO), item.pop("key")
            yield u, v, key, item

    def _items(self, array: str) -> Iterator[dict[str, Any]]:
        import ijson  # only the Neo4j paths need it

        from obligraph.graph.store_folder import StoreIncomplete

        try:
            with self.path.open("rb") as handle:
                # use_float: JSON numbers as int/float, as json.loads gives them
                yield from ijson.items(handle, f"{array}.item", use_float=True)
        except ijson.JSONError as exc:  # the digest matched, so only a bug could bring this
            raise StoreIncomplete(self.store, f"graph.json unreadable: {exc}") from None


def as_graph_rows(graph: nx.MultiDiGraph | GraphRows) -> GraphRows:
    """The rows of a networkx graph, or the rows given."""
    if isinstance(graph, NetworkxRows | StoreGraphRows):
        return graph
    return NetworkxRows(graph)
