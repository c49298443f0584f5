"""What the linking passes read of the tasks, without holding the whole graph.

At national scale (100,000 documents, about 4 million tasks) the tasks and their edges do
not fit in one networkx graph on a laptop. The build keeps a *skeleton* in memory — the
Document and Agency nodes and the edges between them (IMPLEMENTS, SUPERSEDES, AMENDS,
BASED_ON, MEMBER_OF, SUCCEEDED_BY …), small at any size — and the tasks elsewhere (an
on-disk staging store while building). The linking passes (graph/linking.py RESTATES,
graph/task_links.py task lineage) read the skeleton for the document chain and the agency
successions, and the tasks of only the documents a step needs through `TaskRows`:
per province for RESTATES, per document chain for task lineage.

`GraphTaskRows` reads them from a whole in-memory graph (small builds, tests), so the same
linking code runs on both: `find_restatements(g)` is `find_restatements_in(g,
GraphTaskRows(g))`, and likewise for the task links.

How the passes read (for a store implementing TaskRows; the protocol is unchanged):

- RESTATES (`linking.find_restatements_in`): `docs_with_tasks()` once, grouped by
  `docs_by_province(skeleton, …)`; then `tasks_of` with at most `linking.READ_DOCS` (500)
  documents of one province per call, over every province twice: a counting pass, which
  keeps only counts (each bigram's number of tasks, a Counter the size of the vocabulary,
  and each lead agency's number of tasks), and the linking pass, which holds one
  province's tasks at a time. The provinces where a lead agency with tasks in several
  provinces has tasks are read a third time, to count that lead's bigrams.
- Task lineage (`task_links.find_task_links_in`): `tasks_of` with the documents of up to
  `task_links.READ_DOCS` document chains of one province (each plan, its higher documents,
  the documents it updates) not already held; each document is read once, and its tasks
  dropped after the last chain that needs them (a Government programme many provinces
  implement stays until then).
- What a row needs: `attrs` with `doc_id`, `text`, `group`, `origin`, `result`, and the
  ASSIGNED_TO pairs. What the skeleton needs: Document nodes (`issued`, `province`) with
  their IMPLEMENTS / AMENDS / SUPERSEDES / BASED_ON edges; Agency nodes (`name`, `kind`)
  with their SUCCEEDED_BY / MEMBER_OF edges. A task whose document or agency the skeleton
  lacks is still linked (no date or province; the agency its own successor), as before.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("d", label="Document"); g.add_node("a", label="Agency")
>>> g.add_node("d/task/1", label="Task", doc_id="d", text="Xây dựng kế hoạch")
>>> _ = g.add_edge("d/task/1", "a", key="ASSIGNED_TO:lead", type="ASSIGNED_TO", role="lead")
>>> rows = GraphTaskRows(g)
>>> sorted(rows.docs_with_tasks())
['d']
>>> [(r.id, r.assigned) for r in rows.tasks_of(["d"])]
[('d/task/1', (('a', 'lead'),))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import networkx as nx


@dataclass(frozen=True)
class TaskRow:
    """One Task node: its id, its properties (as in the graph, `label` included) and the
    agencies of its ASSIGNED_TO edges as (agency node id, role), sorted."""

    id: str
    attrs: dict[str, Any]
    assigned: tuple[tuple[str, str | None], ...]


class TaskRows(Protocol):
    """The tasks of a graph, read a few documents at a time."""

    def docs_with_tasks(self) -> set[str]:
        """Ids of the documents that have at least one Task (by the task's `doc_id`)."""
        ...

    def tasks_of(self, doc_ids: Iterable[str]) -> Iterator[TaskRow]:
        """The tasks whose `doc_id` is one of `doc_ids`, sorted by task id."""
        ...


class GraphTaskRows:
    """TaskRows over a whole networkx graph (the contract of docs/architecture.md)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self._by_doc: dict[str, list[str]] = defaultdict(list)
        for node, attrs in g.nodes(data=True):
            if attrs.get("label") == "Task" and attrs.get("doc_id"):
                self._by_doc[attrs["doc_id"]].append(node)

    def docs_with_tasks(self) -> set[str]:
        return set(self._by_doc)

    def tasks_of(self, doc_ids: Iterable[str]) -> Iterator[TaskRow]:
        ids = sorted(t for d in set(doc_ids) for t in self._by_doc.get(d, ()))
        for node in ids:
            assigned = sorted(
                (agency, data.get("role"))
                for agency, keyed in self.g.succ[node].items()
                for data in keyed.values()
                if data.get("type") == "ASSIGNED_TO"
            )
            yield TaskRow(node, self.g.nodes[node], tuple(assigned))


def whole_graph(skeleton: nx.MultiDiGraph, rows: TaskRows) -> nx.MultiDiGraph:
    """The skeleton with every task and its ASSIGNED_TO edges added back: what the linking
    passes read, as one graph. The simple way, not the scalable one (it holds every task);
    the linking passes read `rows` a few documents at a time instead where they can.

    >>> skel = nx.MultiDiGraph(); skel.add_node("a", label="Agency")
    >>> row = TaskRow("d/task/1", {"label": "Task", "doc_id": "d"}, (("a", "lead"),))
    >>> class One:
    ...     def docs_with_tasks(self): return {"d"}
    ...     def tasks_of(self, doc_ids): return iter([row])
    >>> sorted(whole_graph(skel, One()).edges(keys=True))
    [('d/task/1', 'a', 'ASSIGNED_TO:lead')]
    """
    g = skeleton.copy()
    for row in rows.tasks_of(sorted(rows.docs_with_tasks())):
        g.add_node(row.id, **row.attrs)
        for agency, role in row.assigned:
            g.add_edge(row.id, agency, key=f"ASSIGNED_TO:{role}", type="ASSIGNED_TO", role=role)
    return g


def docs_by_province(
    skeleton: nx.MultiDiGraph, doc_ids: Iterable[str]
) -> dict[str | None, list[str]]:
    """The documents of `doc_ids` by their province (Document.province of the skeleton;
    None: the registry's own, or a document the skeleton lacks), each list sorted; the
    provinces in order, None first. RESTATES reads the tasks one province at a time.

    >>> skel = nx.MultiDiGraph()
    >>> skel.add_node("d1", label="Document", province="Đồng Tháp")
    >>> skel.add_node("d2", label="Document")
    >>> docs_by_province(skel, ["d1", "d2", "d3"])
    {None: ['d2', 'd3'], 'Đồng Tháp': ['d1']}
    """
    out: dict[str | None, list[str]] = defaultdict(list)
    for doc in sorted(set(doc_ids)):
        out[skeleton.nodes[doc].get("province") if doc in skeleton else None].append(doc)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")))
