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
from pathlib import Path

import networkx as nx

from obligraph.errors import StoreError

EDGES = "edges"
LINK_FROM = "from"  # edge endpoint names in graph.json (see the module docstring)
LINK_TO = "to"


def graph_json_text(g: nx.MultiDiGraph) -> str:
    """The graph as graph.json text: nodes sorted by id, edges by (from, to, key)."""
    data = nx.node_link_data(g, edges=EDGES, source=LINK_FROM, target=LINK_TO)
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data[EDGES] = sorted(data[EDGES], key=lambda e: (e[LINK_FROM], e[LINK_TO], e["key"]))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_graph_json(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write graph.json (UTF-8, final newline) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(graph_json_text(g), encoding="utf-8")
    return path


def read_graph_json_text(text: str) -> nx.MultiDiGraph:
    """A graph from graph.json text (the inverse of graph_json_text)."""
    data = json.loads(text)
    return nx.node_link_graph(
        data, directed=True, multigraph=True, edges=EDGES, source=LINK_FROM, target=LINK_TO
    )


def read_graph_json(path: str | Path) -> nx.MultiDiGraph:
    """Read graph.json back into the MultiDiGraph it was written from.

    >>> g = read_graph_json("store/graph.json")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no graph at {path}: run `obligraph build` first")
    try:
        return read_graph_json_text(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, KeyError, nx.NetworkXError) as exc:
        raise StoreError(f"{path}: not a graph.json file ({exc})") from exc
