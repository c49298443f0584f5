"""graph <-> graph.json: networkx node-link data, sorted, byte-identical across runs.

Nodes carry `id`, `label` and their properties; edges carry `from`, `to`, `key`, `type`
and their properties. The endpoints are named `from`/`to` rather than networkx's default
`source`/`target` because every edge has a provenance property called `source` (the input
file), which the default name would overwrite.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="Agency"); g.add_node("b", label="Agency")
>>> _ = g.add_edge("a", "b", key="MEMBER_OF", type="MEMBER_OF", source=None, line=None)
>>> text = graph_json_text(g)
>>> list(read_graph_json_text(text).edges(keys=True, data="source"))
[('a', 'b', 'MEMBER_OF', None)]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from obligraph.errors import StoreError

if TYPE_CHECKING:  # hints only: the query path never imports networkx
    import networkx as nx

EDGES = "edges"
LINK_FROM = "from"  # edge endpoint names in graph.json (see the module docstring)
LINK_TO = "to"


# The rows a writer reads (graph.json here, the embedded database's CSV files in
# graph/ladybug_store.py): nodes as (id, attributes with `label`), sorted by id; edges as
# (from, to, key, attributes with `type`, from label, to label), sorted by (from, to, key).
NodeRow = tuple[str, dict]
EdgeRow = tuple[str, str, str, dict, str, str]


def graph_rows(g: nx.MultiDiGraph) -> tuple[Iterator[NodeRow], Iterator[EdgeRow]]:
    """The nodes and edges of a networkx graph as sorted rows."""
    nodes = g.nodes
    edges = (
        (u, v, k, g.edges[u, v, k], nodes[u].get("label"), nodes[v].get("label"))
        for u, v, k in sorted(g.edges(keys=True), key=lambda e: (e[0], e[1], e[2]))
    )
    return iter(sorted(g.nodes(data=True), key=_first)), edges


def iter_graph_json(g: nx.MultiDiGraph) -> Iterator[str]:
    """graph.json text in pieces, one node or edge at a time, so writing a large graph
    never holds a second copy of it (the text is the same as one `json.dumps(indent=1,
    sort_keys=True)` of networkx's node-link data: nodes sorted by id, edges by
    (from, to, key))."""
    nodes, edges = graph_rows(g)
    return iter_graph_json_rows(nodes, edges, g.graph)


def iter_graph_json_rows(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], graph: dict
) -> Iterator[str]:
    """graph.json text from sorted rows (graph_rows, or a streaming build's merge of its
    skeleton and staging store), never holding more than one row."""
    yield '{\n "directed": true,\n "edges": '
    yield from _array({**attrs, LINK_FROM: u, LINK_TO: v, "key": k} for u, v, k, attrs, *_ in edges)
    yield ',\n "graph": ' + _nested(_dumps(graph), 1)
    yield ',\n "multigraph": true,\n "nodes": '
    yield from _array({**attrs, "id": n} for n, attrs in nodes)
    yield "\n}\n"


def _first(item: tuple) -> object:
    return item[0]


# One encoder for every piece (json.dumps with options builds a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)


def _dumps(value: object) -> str:
    return _ENCODER.encode(value)


def _nested(text: str, depth: int) -> str:
    """A value dumped alone, re-indented to sit `depth` levels down (JSON strings hold no
    raw newline, so every newline is layout)."""
    return text.replace("\n", "\n" + " " * depth)


def _array(items: Iterable[dict]) -> Iterator[str]:
    """A list one level down (a value of the top-level object), item by item."""
    first = True
    for item in items:
        yield ("[\n  " if first else ",\n  ") + _nested(_dumps(item), 2)
        first = False
    yield "[]" if first else "\n ]"


def graph_json_text(g: nx.MultiDiGraph) -> str:
    """The graph as graph.json text: nodes sorted by id, edges by (from, to, key)."""
    return "".join(iter_graph_json(g))


def write_graph_json(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write graph.json (UTF-8, final newline), streamed, and return its path."""
    nodes, edges = graph_rows(g)
    return write_graph_json_rows(nodes, edges, g.graph, path)


def write_graph_json_rows(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], graph: dict, path: str | Path
) -> Path:
    """Write graph.json from sorted rows (see iter_graph_json_rows) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(iter_graph_json_rows(nodes, edges, graph))
    return path


def read_graph_json_text(text: str) -> nx.MultiDiGraph:
    """A graph from graph.json text (the inverse of graph_json_text)."""
    import networkx as nx

    data = json.loads(text)
    return nx.node_link_graph(
        data, directed=True, multigraph=True, edges=EDGES, source=LINK_FROM, target=LINK_TO
    )


def read_graph_json(path: str | Path) -> nx.MultiDiGraph:
    """Read graph.json back into the MultiDiGraph it was written from.

    >>> g = read_graph_json("store/graph.json")  # doctest: +SKIP
    """
    import networkx as nx

    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no graph at {path}: run `obligraph build` first")
    try:
        return read_graph_json_text(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, KeyError, nx.NetworkXError) as exc:
        raise StoreError(f"{path}: not a graph.json file ({exc})") from exc
