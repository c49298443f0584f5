"""The overview page: documents and their lineage, drawn for any corpus size, with
drill-down into a document (its tasks and agencies) or an agency (its tasks by document)
on click, without writing another file.

Why this shape: a graph of every task and agency stops being readable (and drawable) past
a few thousand nodes, but the documents and the implements / supersedes / amends chains
between them stay few and meaningful. So the page draws only documents, in layers (what
a document carries out sits above it), sized by their task count, at positions computed
here (`layered_positions`): nothing moves or settles in the browser, and the first picture
is the final one. The tasks and agencies travel as compact tables in the same file and
are drawn only when asked for (a click, the agency or document list, the search box).

An agency's rows are the `owns` named query's (queries/owns_split.py): named directly and
inherited rows one by one, group rows counted per collective, each collective one click
away, so the page says what the sheets and `obligraph query owns` say.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from obligraph.queries import nx_answers
from obligraph.queries.owns_split import Successions, settle_owns
from obligraph.viz.labels import document_label, number_sort_key, short_document_label

LINEAGE = ("IMPLEMENTS", "SUPERSEDES", "AMENDS")  # the overview's edges (Document -> Document)
# Task -> Task links (graph/task_links.py): how the page says them, from either end.
TASK_LINKS = {
    "IMPLEMENTS": ("thực hiện", "được thực hiện bởi"),
    "AMENDS": ("sửa đổi", "được sửa đổi bởi"),
    "REPLACES": ("thay thế", "được thay thế bởi"),
}
LINEAGE_LABELS = {"IMPLEMENTS": "thực hiện", "SUPERSEDES": "thay thế", "AMENDS": "sửa đổi"}
TEXT_START = 72  # characters of a task's text the page carries (its label and list entry)
COLUMN_GAP, ROW_GAP, LAYER_GAP = 190, 95, 150  # layout units (vis-network pixels)
ROLE_CODES = {"lead": 0, "coordinate": 1, "monitor": 2}
HOW_CODES = {"direct": 0, "inherited": 1, "group": 2}
KIND_COLOURS = {
    "KH": "#2b6cb0",
    "TB": "#2c7a7b",
    "NQ": "#9c4221",
    "QĐ": "#6b46c1",
    "CT": "#b7791f",
    "CTr": "#c05621",
}
OTHER_COLOUR = "#4a5568"


def _documents(graph: nx.MultiDiGraph) -> list[str]:
    """Documents the overview draws: every loaded one, and every cited one that a lineage
    edge reaches (the national resolutions a plan carries out)."""
    linked = set()
    for u, v, d in graph.edges(data=True):
        if d.get("type") in LINEAGE and _is_doc(graph, u) and _is_doc(graph, v):
            linked |= {u, v}
    return sorted(
        n
        for n, a in graph.nodes(data=True)
        if a.get("label") == "Document" and (a.get("in_corpus") or n in linked)
    )


def _is_doc(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("label") == "Document"


def layered_positions(
    docs: list[str], edges: list[tuple[str, str, str]], order: dict[str, tuple]
) -> dict[str, tuple[int, int, int]]:
    """doc -> (x, y, layer): what a document carries out, implements or replaces sits
    above it (layer = longest chain up; cycles collapse to one layer); documents with no
    lineage at all form the last block. A wide layer wraps into rows, so the picture
    stays near square at any size; within a layer documents follow the mean position of
    what they point to, then their date and label.

    >>> pos = layered_positions(["a", "b", "c"], [("b", "a", "IMPLEMENTS")], {})
    >>> pos["a"][2], pos["b"][2], pos["c"][2]
    (0, 1, 2)
    """
    dag = nx.DiGraph()
    dag.add_nodes_from(docs)
    dag.add_edges_from((u, v) for u, v, _ in edges if u != v)
    condensed = nx.condensation(dag)
    members = condensed.graph["mapping"]
    level: dict[int, int] = {}
    for comp in reversed(list(nx.topological_sort(condensed))):
        ups = [level[s] for s in condensed.successors(comp)]
        level[comp] = 1 + max(ups) if ups else 0
    linked = {u for u, v, _ in edges} | {v for u, v, _ in edges}
    top = max((level[members[d]] for d in linked), default=-1)
    layers: dict[int, list[str]] = defaultdict(list)
    for d in docs:
        layers[level[members[d]] if d in linked else top + 1].append(d)
    width = max(8, math.ceil(math.sqrt(len(docs)) * 1.6))  # documents per row
    pos: dict[str, tuple[int, int, int]] = {}
    y = 0
    for layer in sorted(layers):
        placed = layers[layer]

        def weight(d: str) -> float:
            xs = [pos[v][0] for v in dag.successors(d) if v in pos]
            return sum(xs) / len(xs) if xs else math.inf

        placed.sort(key=lambda d: (weight(d), order.get(d, ()), d))
        per_row = min(width, len(placed))
        for i, d in enumerate(placed):
            row, col = divmod(i, per_row)
            x = (col - (per_row - 1) / 2) * COLUMN_GAP
            pos[d] = (round(x), y + row * ROW_GAP, layer)
        y += math.ceil(len(placed) / per_row) * ROW_GAP + LAYER_GAP
    return pos


def _text_start(text: str | None) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= TEXT_START else words[: TEXT_START - 1].rstrip() + "…"


def overview_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the overview page draws, as compact tables (lists of lists) indexed by
    position: documents (with layout), lineage edges, tasks, agencies and each agency's
    rows. Deterministic for the same graph."""
    docs = _documents(graph)
    doc_index = {d: i for i, d in enumerate(docs)}
    lineage = sorted(
        {
            (u, v, d["type"])
            for u, v, d in graph.edges(data=True)
            if d.get("type") in LINEAGE and u in doc_index and v in doc_index
        }
    )
    order = {
        d: (str(graph.nodes[d].get("issued") or "9999"), document_label(graph.nodes[d]))
        for d in docs
    }
    pos = layered_positions(docs, lineage, order)
    # tasks (and indicators) of the drawn documents, in document order, natural numbering
    tasks: list[list[Any]] = []
    task_index: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for d in docs:
        items = [
            v
            for _, v, e in graph.out_edges(d, data=True)
            if e.get("type") == "ASSIGNS" and graph.nodes[v].get("label") == "Task"
        ]
        for t in sorted(set(items), key=lambda t: _reading_order(graph.nodes[t], t)):
            a = graph.nodes[t]
            task_index[t] = len(tasks)
            tasks.append([doc_index[d], str(a.get("no") or ""), _text_start(a.get("text")), [], []])
            counts[d] += 1
    agencies = sorted(
        (n for n, a in graph.nodes(data=True) if a.get("label") == "Agency"),
        key=lambda n: (str(graph.nodes[n].get("name") or n).casefold(), n),
    )
    agency_index = {a: i for i, a in enumerate(agencies)}
    for t, i in task_index.items():
        assigned = sorted(
            (agency_index[v], ROLE_CODES.get(e.get("role") or "lead", 0))
            for _, v, e in graph.out_edges(t, data=True)
            if e.get("type") == "ASSIGNED_TO" and v in agency_index
        )
        tasks[i][3] = [list(p) for p in dict.fromkeys(assigned)]
        tasks[i][4] = task_chain(graph, t)
    # each agency: its own and inherited rows (settled by owns), and the groups it is in
    members: dict[str, list[str]] = defaultdict(list)
    for u, v, e in graph.edges(data=True):
        if e.get("type") == "MEMBER_OF" and u in agency_index and v in agency_index:
            members[u].append(v)
    agency_rows = []
    successions = Successions.of_graph(graph)
    for a in agencies:
        # owns' answer (as run_named gives it, without the sort the page does not need)
        rows = settle_owns(nx_answers.owns(graph, a, with_collectives=False), a, successions)
        own = [
            [task_index[r["item_id"]], HOW_CODES[r["how"]], ROLE_CODES.get(r["role"], 0)]
            for r in rows
            if r["item"] == "task" and r["item_id"] in task_index
        ]
        own.sort()  # tasks in their documents' reading order
        groups = sorted(agency_index[g] for g in _groups_of(a, members))
        agency_rows.append([own, groups])
    return {
        "docs": [
            [
                d,
                short_document_label(graph.nodes[d]),
                document_label(graph.nodes[d]),
                str(graph.nodes[d].get("kind_code") or ""),
                str(graph.nodes[d].get("issued") or ""),
                bool(graph.nodes[d].get("in_corpus")),
                counts[d],
                *pos[d],
                str(graph.nodes[d].get("title") or "")[:200],
                str(graph.nodes[d].get("source") or ""),
            ]
            for d in docs
        ],
        "edges": [[doc_index[u], doc_index[v], t] for u, v, t in lineage],
        "tasks": tasks,
        "agencies": [
            [
                a,
                str(graph.nodes[a].get("name") or a),
                str(graph.nodes[a].get("kind") or ""),
                bool(graph.nodes[a].get("unresolved")),
            ]
            for a in agencies
        ],
        "agency_rows": agency_rows,
        "colours": {**KIND_COLOURS, "": OTHER_COLOUR},
        "lineage_labels": LINEAGE_LABELS,
    }


def task_chain(graph: nx.MultiDiGraph, task: str) -> list[str]:
    """The task's links up and down the hierarchy (Task IMPLEMENTS / AMENDS / REPLACES
    Task, graph/task_links.py), as the page's tooltip and side panel say them.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("d1", label="Document", number="103/KH-UBND", kind="Kế hoạch")
    >>> g.add_node("d2", label="Document", number="03/NQ-CP", kind="Nghị quyết")
    >>> g.add_node("t1", label="Task", doc_id="d1", no="5")
    >>> g.add_node("t2", label="Task", doc_id="d2", no="5")
    >>> _ = g.add_edge("t1", "t2", key="IMPLEMENTS", type="IMPLEMENTS", score=0.993)
    >>> task_chain(g, "t1"), task_chain(g, "t2")
    (['thực hiện Nghị quyết 03/NQ-CP, mục 5 (0.99)'], ['được thực hiện bởi Kế hoạch 103/KH-UBND, mục 5 (0.99)'])
    """
    lines = []
    for u, v, e in [*graph.out_edges(task, data=True), *graph.in_edges(task, data=True)]:
        words = TASK_LINKS.get(str(e.get("type")))
        other = v if u == task else u
        if words is None or graph.nodes[other].get("label") != "Task":
            continue
        doc = graph.nodes.get(str(graph.nodes[other].get("doc_id"))) or {}
        score = f" ({e['score']:.2f})" if e.get("score") is not None else ""
        where = f"{document_label(doc)}, mục {graph.nodes[other].get('no')}"
        lines.append(f"{words[0] if u == task else words[1]} {where}{score}")
    return sorted(set(lines))


def _reading_order(task: dict, node: str) -> tuple:
    """A document's tasks in the order the text gives them (its lines), numbers next."""
    line = task.get("line_start")
    return (line if isinstance(line, int) else 10**9, number_sort_key(task.get("no")), node)


def _groups_of(agency: str, members: dict[str, list[str]]) -> set[str]:
    """The collectives an agency belongs to, transitively (MEMBER_OF*1..4, as owns)."""
    found: set[str] = set()
    frontier = [agency]
    for _ in range(4):
        frontier = [g for m in frontier for g in members.get(m, []) if g not in found]
        found |= set(frontier)
    return found
