"""The linking passes read a few documents at a time (graph/task_rows.py), with the same
edges as on the whole graph.

`find_restatements_in` / `find_task_links_in` get a skeleton graph with no Task node and
the tasks through a TaskRows that is not the graph (as a streaming build gives them), read
a couple of documents per call here (READ_DOCS patched to 2, so the batching and the
dropping of a chain's tasks are exercised), and must find exactly what the whole-graph
functions find: on the seeds with the lineage documents, on a synthetic corpus with
planted restatements and on one with Government programmes and planted task links. The
comparison with the code before this change on bench corpora of 1,000 and 10,000
documents is bench/linking.py's (`identical` in bench/figures-linking-*.json).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import pytest

from obligraph.graph import linking, task_links
from obligraph.graph.build import build_from_paths
from obligraph.graph.task_rows import GraphTaskRows, TaskRow, docs_by_province

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from make_corpus import make_corpus  # noqa: E402

SEEDS = ROOT / "data" / "raw"
LINEAGE = ROOT.parent / "shared" / "corpus" / "lineage"


class StoredRows:
    """TaskRows over a copy of the tasks (not the graph), logging what each call asked."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        whole = GraphTaskRows(g)
        self.by_doc: dict[str, list[TaskRow]] = {}
        for row in whole.tasks_of(whole.docs_with_tasks()):
            self.by_doc.setdefault(row.attrs["doc_id"], []).append(row)
        self.calls: list[list[str]] = []

    def docs_with_tasks(self) -> set[str]:
        return set(self.by_doc)

    def tasks_of(self, doc_ids: Iterable[str]) -> Iterator[TaskRow]:
        docs = sorted(set(doc_ids))
        self.calls.append(docs)
        return iter(sorted((r for d in docs for r in self.by_doc.get(d, ())), key=lambda r: r.id))


def skeleton_of(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Documents, agencies and the edges between them: what a streaming build holds."""
    keep = [n for n, a in g.nodes(data=True) if a.get("label") in ("Document", "Agency")]
    return nx.MultiDiGraph(g.subgraph(keep))


@pytest.fixture(scope="module")
def seeds():
    paths = [SEEDS] + ([LINEAGE] if (LINEAGE / "nq03.txt").exists() else [])
    return build_from_paths(paths)[0]


@pytest.fixture(scope="module")
def restated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("restated-stream")
    make_corpus(60, 9, folder, restatements=[])
    return build_from_paths([folder])[0]


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national-stream")
    make_corpus(60, 7, folder, task_links=[])
    return build_from_paths([folder])[0]


@pytest.fixture(autouse=True)
def two_documents_a_read(monkeypatch):
    monkeypatch.setattr(linking, "READ_DOCS", 2)
    monkeypatch.setattr(task_links, "READ_DOCS", 2)


@pytest.mark.parametrize("corpus", ["seeds", "restated", "national"])
def test_restatements_read_by_province_are_the_whole_graphs(corpus, request) -> None:
    g = request.getfixturevalue(corpus)
    skeleton, rows = skeleton_of(g), StoredRows(g)
    assert not any(a.get("label") == "Task" for _, a in skeleton.nodes(data=True))
    found = linking.find_restatements_in(skeleton, rows)
    assert found == linking.find_restatements(g)
    assert found or corpus == "national"  # the programmes' corpus plants no restatement
    provinces = {
        doc: p for p, docs in docs_by_province(skeleton, rows.by_doc).items() for doc in docs
    }
    assert all(len(call) <= 2 for call in rows.calls)
    assert all(len({provinces[d] for d in call}) == 1 for call in rows.calls)


@pytest.mark.parametrize("corpus", ["seeds", "restated", "national"])
def test_task_links_read_by_chain_are_the_whole_graphs(corpus, request) -> None:
    g = request.getfixturevalue(corpus)
    skeleton, rows = skeleton_of(g), StoredRows(g)
    found = task_links.find_task_links_in(skeleton, rows)
    assert found == task_links.find_task_links(g)
    assert found
    # Each document's tasks are read once, and no read holds every document.
    read = [d for call in rows.calls for d in call]
    assert len(read) == len(set(read))
    assert max(len(call) for call in rows.calls) < len(rows.by_doc)


def test_a_lead_with_tasks_in_two_provinces_is_counted_over_both() -> None:
    # One agency leads tasks in two provinces: the bigrams it holds often overall (in the
    # other province) are its routine, even where its tasks of this province hold them
    # rarely. Per province (the counts of one province only) this pair would be a
    # candidate; over the whole corpus, as on the whole graph, it is not.
    g = nx.MultiDiGraph()
    g.add_node("agency:x", label="Agency", name="Bộ X", kind="ministry")
    text = "Xây dựng cơ sở dữ liệu quản lý hồ chứa nước vùng hạ du sông Kôn"
    rng = random.Random(1)
    for province, n in (("Đồng Tháp", 2), ("Nghệ An", 150)):
        for d in range(n):
            doc = f"doc:{province[:2]}-{d}"
            g.add_node(doc, label="Document", issued=f"2025-01-{d % 28 + 1:02d}", province=province)
            words = text if province == "Đồng Tháp" or d < 60 else f"Báo cáo số {rng.random()}"
            g.add_node(f"{doc}/task/1", label="Task", doc_id=doc, text=words)
            g.add_edge(
                f"{doc}/task/1", "agency:x", key="ASSIGNED_TO:lead", type="ASSIGNED_TO", role="lead"
            )
    tasks = linking.task_texts(g)
    dong_thap = [t for t in tasks if t.province == "Đồng Tháp"]
    # Counted over Đồng Tháp alone, its two tasks would be a pair (and a restatement).
    assert linking.candidate_pairs(dong_thap, linking.Rarity(dong_thap)) == [(0, 1)]
    # Over the whole corpus they are not: common overall, and the lead's routine.
    whole = linking.candidate_pairs(tasks, linking.Rarity(tasks))
    assert not [pair for pair in whole if tasks[pair[0]].province == "Đồng Tháp"]
    streamed = linking.find_restatements_in(skeleton_of(g), StoredRows(g))
    assert streamed == linking.find_restatements(g)
    assert not [pair for pair in streamed if pair[0].startswith("doc:Đồ")]


def test_rarity_mass_does_not_depend_on_order() -> None:
    rarity = linking.Rarity()
    rarity.df.update({f"k{i}": i + 1 for i in range(40)})
    rarity.n = 997
    keys = [f"k{i}" for i in range(40)]
    assert rarity.mass(keys) == rarity.mass(reversed(keys)) == rarity.mass(sorted(keys, key=hash))
