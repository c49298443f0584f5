"""The build's staging store: tasks, indicators and their edges on disk while building.

At national scale (100,000 documents, about 4 million tasks) the tasks do not fit in one
networkx graph on a laptop. The build (graph/build.py) keeps a *skeleton* graph in memory
(Document and Agency nodes and the edges between them) and writes every Task and
Indicator node and every edge touching one here, as each document is processed: one
SQLite file in the build's staging folder (deleted before the swap), or an in-memory
database for small builds (`build_graph`). It also spools the loaded documents themselves
(pickled, compressed) between the load and the build, so the load never holds them all.

Rows: a node's id, label, owning document and properties (JSON text); an edge's endpoints,
key, type, the labels of its endpoints and properties (JSON text). The
linking passes read the tasks a few documents at a time through `TaskRows`
(graph/task_rows.py); the writers read nodes sorted by id and edges by (from, to, key):
SQLite's BINARY collation compares UTF-8 bytes, which orders like Python's `str`.

>>> s = Staging()
>>> s.add_node("d/task/1", "Task", "d", {"doc_id": "d", "text": "Lập kế hoạch"})
>>> s.add_edge("d/task/1", "a", "ASSIGNED_TO:lead", "ASSIGNED_TO", "Task", "Agency",
...            {"role": "lead", "source": None, "line": None})
>>> s.finish_bulk()
>>> [(r.id, r.assigned) for r in s.tasks_of(["d"])]
[('d/task/1', (('a', 'lead'),))]
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from obligraph.graph.task_rows import TaskRow

BATCH = 20_000  # rows per executemany: large enough to amortise, small in memory
_IN_CHUNK = 500  # ids per `IN (…)` (SQLite allows 32,766 parameters; kept modest)

_SCHEMA = """
CREATE TABLE docs (idx INTEGER PRIMARY KEY, blob BLOB NOT NULL);
CREATE TABLE nodes (id TEXT NOT NULL, label TEXT NOT NULL, doc_id TEXT, props TEXT NOT NULL);
CREATE TABLE edges (
    src TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,
    src_label TEXT NOT NULL, dst_label TEXT NOT NULL, props TEXT NOT NULL
);
"""
# Made after the bulk insert (cheaper than keeping them up to date row by row).
_INDEXES = """
CREATE INDEX IF NOT EXISTS nodes_id ON nodes(id);
CREATE INDEX IF NOT EXISTS nodes_doc ON nodes(doc_id, label);
CREATE INDEX IF NOT EXISTS edges_key ON edges(src, dst, key);
"""

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class Staging:
    """SQLite rows of the task side of the graph; `path` None keeps them in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.db = sqlite3.connect(str(path) if path is not None else ":memory:")
        # A scratch file, rebuilt from the inputs if lost: no journal safety needed.
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-131072;"
            "PRAGMA temp_store=FILE;" + _SCHEMA
        )
        self._nodes: list[tuple] = []
        self._edges: list[tuple] = []
        self._docs: list[tuple] = []
        self.indexed = False

    # ------------------------------------------------------------ loaded documents

    def put_doc(self, idx: int, doc: Any) -> None:
        """Spool one loaded document (pickled, compressed) under its input index."""
        self._docs.append((idx, zlib.compress(pickle.dumps(doc, pickle.HIGHEST_PROTOCOL), 1)))
        if len(self._docs) >= 200:
            self._flush_docs()

    def get_doc(self, idx: int) -> Any:
        """The document spooled under `idx`."""
        self._flush_docs()
        (blob,) = self.db.execute("SELECT blob FROM docs WHERE idx = ?", (idx,)).fetchone()
        return pickle.loads(zlib.decompress(blob))

    def drop_docs(self) -> None:
        """Forget the spooled documents once the graph rows are written."""
        self._docs.clear()
        self.db.execute("DELETE FROM docs")

    def _flush_docs(self) -> None:
        if self._docs:
            self.db.executemany("INSERT INTO docs VALUES (?, ?)", self._docs)
            self._docs.clear()

    # ------------------------------------------------------------ graph rows

    def add_node(self, node_id: str, label: str, doc_id: str | None, props: dict) -> None:
        """A Task or Indicator node (`props` without `label`; `id` is not repeated)."""
        self._nodes.append((node_id, label, doc_id, _JSON.encode(props)))
        if len(self._nodes) >= BATCH:
            self._flush_nodes()

    def add_edge(
        self,
        u: str,
        v: str,
        key: str,
        rel_type: str,
        u_label: str,
        v_label: str,
        props: dict,
    ) -> None:
        """An edge touching a Task or Indicator (`props` without `type`)."""
        self._edges.append((u, v, key, rel_type, u_label, v_label, _JSON.encode(props)))
        if len(self._edges) >= BATCH:
            self._flush_edges()

    def _flush_nodes(self) -> None:
        if self._nodes:
            self.db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?)", self._nodes)
            self._nodes.clear()

    def _flush_edges(self) -> None:
        if self._edges:
            self.db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?, ?)", self._edges)
            self._edges.clear()

    def flush(self) -> None:
        self._flush_docs()
        self._flush_nodes()
        self._flush_edges()

    def finish_bulk(self) -> None:
        """The bulk insert is over: write what is pending and build the indexes."""
        self.flush()
        if not self.indexed:
            self.db.executescript(_INDEXES)
            self.indexed = True

    def node_label(self, node_id: str) -> str | None:
        """The label of a staged node, or None (pending rows written first)."""
        self.flush()
        row = self.db.execute("SELECT label FROM nodes WHERE id = ? LIMIT 1", (node_id,)).fetchone()
        return row[0] if row else None

    def edge_exists(self, u: str, v: str, key: str) -> bool:
        """Whether a staged edge joins u to v under this key (pending rows written first)."""
        self.flush()
        found = self.db.execute(
            "SELECT 1 FROM edges WHERE src = ? AND dst = ? AND key = ? LIMIT 1", (u, v, key)
        ).fetchone()
        return found is not None

    # ------------------------------------------------------------ readers

    def nodes(self) -> Iterator[tuple[str, str, dict]]:
        """(id, label, properties) of every staged node, sorted by id."""
        self.flush()
        for node_id, label, props in self.db.execute(
            "SELECT id, label, props FROM nodes ORDER BY id"
        ):
            yield node_id, label, json.loads(props)

    def edges(self) -> Iterator[tuple[str, str, str, str, str, str, dict]]:
        """(from, to, key, type, from label, to label, properties), sorted by (from, to, key)."""
        self.flush()
        for u, v, key, rel_type, u_label, v_label, props in self.db.execute(
            "SELECT src, dst, key, type, src_label, dst_label, props FROM edges"
            " ORDER BY src, dst, key"
        ):
            yield u, v, key, rel_type, u_label, v_label, json.loads(props)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Staged nodes by label and edges by type."""
        self.flush()
        nodes = dict(self.db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
        edges = dict(self.db.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return nodes, edges

    # ------------------------------------------------------------ TaskRows (task_rows.py)

    def docs_with_tasks(self) -> set[str]:
        self.finish_bulk()
        return {
            d
            for (d,) in self.db.execute(
                "SELECT DISTINCT doc_id FROM nodes WHERE label = 'Task' AND doc_id IS NOT NULL"
            )
        }

    def tasks_of(self, doc_ids: Iterable[str]) -> Iterator[TaskRow]:
        """The tasks of these documents sorted by id, with their ASSIGNED_TO agencies."""
        self.finish_bulk()
        wanted = sorted(set(doc_ids))
        rows: list[tuple[str, str]] = []
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            rows += self.db.execute(
                "SELECT id, props FROM nodes WHERE label = 'Task'"
                f" AND doc_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        rows.sort()
        assigned: dict[str, list[tuple[str, str | None]]] = {}
        for start in range(0, len(rows), _IN_CHUNK):
            chunk = [node_id for node_id, _ in rows[start : start + _IN_CHUNK]]
            for src, dst, props in self.db.execute(
                "SELECT src, dst, props FROM edges"
                f" WHERE src IN ({','.join('?' * len(chunk))}) AND type = 'ASSIGNED_TO'",
                chunk,
            ):
                assigned.setdefault(src, []).append((dst, json.loads(props).get("role")))
        for node_id, props in rows:
            attrs = {"label": "Task", **json.loads(props)}
            yield TaskRow(node_id, attrs, tuple(sorted(assigned.get(node_id, ()))))

    def close(self) -> None:
        self.db.close()
