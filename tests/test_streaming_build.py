"""The streaming build (graph/streaming.py) writes the same store as the in-memory one.

`obligraph build` keeps only a skeleton graph and per-document headers in memory and the
tasks in a staging store on disk (graph/staging.py); `build_graph` runs the same builder
and materializes one networkx graph. Their graph.json must be the same bytes: on the
seeds, and on a synthetic corpus with notices, supersessions, task lineage, restatements,
a copy of one file and a different document with the same id, in a subfolder whose file
names sort before the originals (so the load order is not the keep order).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import make_corpus  # noqa: E402

from obligraph.graph.build import build_graph, build_store, default_registry  # noqa: E402
from obligraph.graph.graphjson import graph_json_text  # noqa: E402
from obligraph.graph.staging import Staging  # noqa: E402
from obligraph.graph.store_folder import read_manifest, read_store_graph  # noqa: E402
from obligraph.graph.task_rows import GraphTaskRows  # noqa: E402
from obligraph.loaders.cache import ExtractionCache  # noqa: E402
from obligraph.loaders.pipeline import load_paths  # noqa: E402
from obligraph.loaders.report import load_report  # noqa: E402

SEEDS = ROOT / "data" / "raw"
PHASES = {"load", "build", "restates", "task_links", "linking", "graph_json", "import"}


def _in_memory(paths: list[Path], store: Path):
    """build_graph over the same files (read from the streaming build's cache)."""
    loaded = load_paths(paths, cache=ExtractionCache(store / "cache"))
    return loaded, build_graph(loaded, default_registry())


def _check_store(store: Path, summary: dict, loaded: list, g) -> None:
    assert (store / "graph.json").read_text(encoding="utf-8") == graph_json_text(g)
    report = json.loads((store / "load_report.json").read_text(encoding="utf-8"))
    assert report == json.loads(json.dumps(load_report(loaded), default=str))
    manifest = read_manifest(store)
    assert manifest["graph"] == manifest["ladybug"]
    assert summary["nodes"] == manifest["graph"]["nodes"]
    assert summary["edges"] == manifest["graph"]["relationships"]
    assert set(summary["phases"]) == PHASES
    # the staging and scratch folders (the SQLite staging store, the CSV files) are gone
    assert sorted(p.name for p in store.parent.iterdir() if p.name != store.name) == [
        f".{store.name}.lock"
    ]
    assert read_store_graph(store).number_of_nodes() == g.number_of_nodes()


def test_seeds_streamed_as_in_memory(tmp_path: Path) -> None:
    store = tmp_path / "store"
    summary = build_store([SEEDS], store)
    loaded, g = _in_memory([SEEDS], store)
    _check_store(store, summary, loaded, g)
    assert summary["nodes"] == {"Agency": 80, "Document": 30, "Indicator": 64, "Task": 249}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(200, 7, folder, task_links=[])
    extra = folder / "extra"
    extra.mkdir()
    notice = next(p for p in sorted(folder.glob("*_tb.txt")))
    plan = next(p for p in sorted(folder.glob("*_kh.txt")))
    shutil.copy(notice, extra / "00000_copy.txt")  # the same document twice
    text = plan.read_text(encoding="utf-8")
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("c) "))
    lines[row] = "c) Vận hành hệ thống giám sát mới do tỉnh đầu tư. "
    (extra / "0_changed.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path_factory.mktemp("out") / "store"
    summary = build_store([folder], store, workers=2)
    return folder, store, summary


def test_synthetic_streamed_as_in_memory(synthetic) -> None:
    folder, store, summary = synthetic
    loaded, g = _in_memory([folder], store)
    _check_store(store, summary, loaded, g)
    edges = summary["edges"]
    for rel_type in ("IMPLEMENTS", "SUPERSEDES", "RESTATES", "DETAILS", "ASSIGNED_TO"):
        assert edges.get(rel_type, 0) > 0, rel_type
    warnings = "\n".join(summary["warnings"])
    assert "00000_copy.txt" in warnings and "kept" in warnings
    assert "0_changed.txt is a different document with the same id" in warnings
    renamed = [n for n in g if n.startswith("doc:") and n.endswith("-0-changed")]
    assert len(renamed) == 1
    tasks = [t for t in g.successors(renamed[0]) if g.nodes[t]["label"] == "Task"]
    assert tasks and all(g.nodes[t]["doc_id"] == renamed[0] for t in tasks)
    # the order documents come in does not change the graph
    assert graph_json_text(build_graph(loaded[::-1], default_registry())) == graph_json_text(g)


def test_staging_reads_tasks_as_the_graph_does(synthetic) -> None:
    """Staging's TaskRows (what the linking passes read) against GraphTaskRows."""
    _, store, _ = synthetic
    g = read_store_graph(store)
    staging = Staging()
    for node, attrs in sorted(g.nodes(data=True)):
        if attrs["label"] in ("Task", "Indicator"):
            props = {k: v for k, v in attrs.items() if k != "label"}
            staging.add_node(node, attrs["label"], attrs.get("doc_id"), props)
    for u, v, key, attrs in g.edges(keys=True, data=True):
        if attrs["type"] == "ASSIGNED_TO":
            props = {k: v for k, v in attrs.items() if k != "type"}
            staging.add_edge(u, v, key, "ASSIGNED_TO", "Task", "Agency", props)
    whole = GraphTaskRows(g)
    assert staging.docs_with_tasks() == whole.docs_with_tasks()
    some = sorted(whole.docs_with_tasks())[::7]
    assert list(staging.tasks_of(some)) == list(whole.tasks_of(some))
