"""graph.json streamed (graph/graph_source.py): the same rows as the graph in memory, and
the Neo4j paths built on it (export, push plan) unchanged by streaming.

The seed store is built by the real pipeline; the streamed rows, the CSV export and the
push batches are compared with those made from the whole graph read back into networkx.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from obligraph.graph.graph_source import NetworkxRows, StoreGraphRows
from obligraph.graph.neo4j_csv import export_csv
from obligraph.graph.neo4j_store import plan_batches
from obligraph.graph.store_folder import StoreIncomplete, read_store_graph, write_store

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from obligraph.graph.build import build_from_paths

    store = tmp_path_factory.mktemp("store") / "store"
    graph, _ = build_from_paths([RAW])
    write_store(graph, store, report={}, inputs=[])
    return store


def test_streamed_rows_equal_the_graph_in_memory(seeds_store: Path) -> None:
    streamed = StoreGraphRows(seeds_store)
    whole = NetworkxRows(read_store_graph(seeds_store))
    assert list(streamed.nodes()) == list(whole.nodes())
    assert list(streamed.edges()) == list(whole.edges())
    # re-iterable: a second reading gives the same rows (export reads twice)
    assert sum(1 for _ in streamed.edges()) == sum(1 for _ in whole.edges()) > 900
    manifest = json.loads((seeds_store / "manifest.json").read_text(encoding="utf-8"))
    labels: dict[str, int] = {}
    for _, attrs in streamed.nodes():
        labels[attrs["label"]] = labels.get(attrs["label"], 0) + 1
    assert labels == manifest["graph"]["nodes"]


def test_export_from_the_stream_is_byte_identical(seeds_store: Path, tmp_path: Path) -> None:
    from_stream = export_csv(StoreGraphRows(seeds_store), tmp_path / "stream")
    from_graph = export_csv(read_store_graph(seeds_store), tmp_path / "graph")
    assert from_stream.counts() == from_graph.counts()
    names = sorted(p.name for p in (tmp_path / "graph").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "stream").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "graph", tmp_path / "stream", names, shallow=False
    )
    assert (mismatch, errors) == ([], [])
    assert len(match) == len(names) >= 10


def test_push_plan_from_the_stream_is_the_same(seeds_store: Path) -> None:
    streamed = plan_batches(StoreGraphRows(seeds_store), 50)
    whole = plan_batches(read_store_graph(seeds_store), 50)
    assert [b.title() for b in streamed] == [b.title() for b in whole]
    assert [b.rows for b in streamed] == [b.rows for b in whole]
    assert [b.cypher for b in streamed] == [b.cypher for b in whole]


def test_a_changed_graph_json_is_refused_before_any_row(seeds_store: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(seeds_store, copy)
    path = copy / "graph.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Task"', '"Tusk"', 1), encoding="utf-8")  # same length
    with pytest.raises(StoreIncomplete, match="not the one the build wrote"):
        StoreGraphRows(copy)
