"""`obligraph build` with bounded memory: load, build and write the store one document
at a time.

The loader processes hand documents back in input order (loaders/pipeline.py
`iter_load_paths`); each one's load-report entry is written at once, and the document
goes to the builder (graph/build.py `GraphBuilder`), which keeps a small header and spools
the records to the staging store (graph/staging.py, a SQLite file in the build's scratch
folder). Once every document is in, the builder writes the skeleton graph (documents,
agencies) and the staged rows (tasks, indicators, their edges), then the linking passes;
graph.json and the embedded database are written from the two merged in order
(graph/store_folder.py `finish_store`). Nothing holds every task: the same graph as
`build_graph`, byte for byte.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from obligraph.graph.graphjson import EdgeRow, NodeRow, graph_rows
from obligraph.graph.staging import Staging

STAGING_DB = "staging.sqlite"  # in the build's scratch folder, removed with it


def merged_rows(
    skeleton: nx.MultiDiGraph, staging: Staging
) -> tuple[Iterator[NodeRow], Iterator[EdgeRow]]:
    """The skeleton's rows and the staging store's, merged in the writers' order (nodes
    by id, edges by (from, to, key)); the two hold different nodes and edges."""
    skel_nodes, skel_edges = graph_rows(skeleton)
    staged_nodes = ((n, {"label": label, **props}) for n, label, props in staging.nodes())
    staged_edges = (
        (u, v, k, {"type": t, **props}, a, b) for u, v, k, t, a, b, props in staging.edges()
    )
    nodes = heapq.merge(skel_nodes, staged_nodes, key=lambda row: row[0])
    edges = heapq.merge(skel_edges, staged_edges, key=lambda row: (row[0], row[1], row[2]))
    return nodes, edges


class ReportWriter:
    """load_report.json written one document at a time: the same text as one
    `json.dumps({"documents": [...]}, indent=1, sort_keys=True)` of the whole report."""

    def __init__(self, path: Path) -> None:
        self.out: TextIO = path.open("w", encoding="utf-8")
        self.count = 0

    def add(self, entry: dict[str, Any]) -> None:
        text = json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True, default=str)
        self.out.write('{\n "documents": [\n  ' if not self.count else ",\n  ")
        self.out.write(text.replace("\n", "\n  "))
        self.count += 1

    def close(self) -> None:
        self.out.write("\n ]\n}\n" if self.count else '{\n "documents": []\n}\n')
        self.out.close()


def build_store(
    paths: Iterable[str | Path], store_dir: str | Path, workers: int = 1, use_cache: bool = True
) -> dict[str, Any]:
    """graph/build.py build_store (see there), streamed. The summary's `phases` holds the
    seconds of each step: load (with the spooling), build (rows), linking, graph_json
    (graph.json and the import files, one pass) and import (COPY and its checks)."""
    from obligraph.graph.build import (
        CACHE_DIR,
        GraphBuilder,
        _peak_mb,
        default_registry,
        load_alarms,
        summary_of,
    )
    from obligraph.graph.store_folder import (
        REPORT_JSON,
        build_lock,
        check_store_path,
        finish_store,
        new_store,
    )
    from obligraph.loaders.cache import ExtractionCache
    from obligraph.loaders.pipeline import FileLog, expand_paths, iter_load_paths
    from obligraph.loaders.report import load_report

    started = time.perf_counter()
    store = Path(store_dir)
    paths = list(paths)
    check_store_path(store)
    phases: dict[str, float] = {}
    # Locked from the start, so a second build is refused at once, not after its load;
    # written beside the store and swapped in whole (graph/store_folder.py).
    with build_lock(store), new_store(store) as (folder, scratch):
        cache = ExtractionCache(store / CACHE_DIR) if use_cache else None
        log = FileLog()
        staging = Staging(scratch / STAGING_DB)
        try:
            builder = GraphBuilder(default_registry(), staging)
            report = ReportWriter(folder / REPORT_JSON)
            findings, alarms = 0, []
            for doc in iter_load_paths(paths, workers=workers, cache=cache, log=log):
                entry = load_report([doc])
                report.add(entry["documents"][0])
                alarms += load_alarms(entry)
                findings += len(doc.findings)
                builder.add(doc)
            report.close()
            phases["load"] = time.perf_counter() - started
            peaks = {"load": _peak_mb()}
            skeleton = builder.build()
            phases |= builder.seconds
            peaks |= builder.peak_mb
            peaks["linking"] = _peak_mb()
            nodes, edges = merged_rows(skeleton, staging)
            manifest = finish_store(
                folder, scratch, store, nodes, edges, skeleton.graph, expand_paths(paths), phases
            )
            peaks["graph_json+import"] = _peak_mb()
        finally:
            staging.close()
    counts = manifest["graph"]
    summary = summary_of(counts["nodes"], counts["relationships"], skeleton)
    summary["findings"] = findings
    # the loader's alarms (no task from an appendix, agencies lost, a header misread) too
    summary["warnings"] = [*skeleton.graph["warnings"], *alarms]
    summary["store"] = str(store)
    summary["from_cache"] = cache.hits if cache else 0
    summary["files"] = log.as_dict()
    summary["phases"] = {k: round(v, 2) for k, v in phases.items()}
    # this process's peak RSS (MB) by the end of each step (loader processes not counted)
    summary["peak_mb"] = peaks
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary
