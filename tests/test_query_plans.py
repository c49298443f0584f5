"""The named queries read the neighbourhood of their answer, not whole tables (issue 8).

On the seed store, each query runs under PROFILE (graph.ladybug_store.LadybugStore.profile)
and no operator reading a big table (tasks, documents, assignments) may produce more
tuples than the answer needs. A plan that scans every Task to find one agency's two tasks
fails here on the 249-task seeds already, long before it is slow at 10,000 documents.
Also: document numbers resolve through an index (queries.resolve.DocumentIndex).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obligraph.errors import QueryError
from obligraph.graph.build import build_from_paths
from obligraph.graph.ladybug_store import LadybugStore, plan_operators, write_ladybug
from obligraph.queries.named import UNION_ALL, _Catalogue, get_query, prepare_params, run_named
from obligraph.queries.resolve import (
    DocumentIndex,
    graph_documents,
    resolve_document,
    store_resolve_document,
)

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"
# Tables that grow with the corpus; Agency (the registry) and SUCCEEDED_BY/MEMBER_OF do not.
BIG_TABLES = {
    "Task",
    "Document",
    "Indicator",
    "ASSIGNS",
    "ASSIGNED_TO",
    "SETS",
    "MONITORED_BY",
    "REPLACES",
    "SUPERSEDES",
    "IMPLEMENTS",
    "BASED_ON",
}


@pytest.fixture(scope="module")
def graph():
    g, _ = build_from_paths([SEEDS])
    return g


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("plans") / "ladybug"
    write_ladybug(graph, db_dir)
    with LadybugStore(db_dir) as s:
        yield s


def widest_big_read(store, name: str, params: dict, but: tuple[str, ...] = ()) -> int:
    """The most tuples any operator on a big table produced while answering: over the
    statements run_named runs (the whole file, or the UNION ALL branches the parameters
    and the documents reach, NamedQuery.branches), branch by branch, but those returning
    a part named in `but`."""
    query = get_query(name)
    catalogue = _Catalogue(None, store)
    cypher_params = prepare_params(query, params, catalogue)
    facts = catalogue.agency_facts() if query.reads_facts else None
    widest = 0
    runs = [b for run in query.cypher_runs(cypher_params, facts) for b in UNION_ALL.split(run)]
    for statement in runs:  # each UNION ALL branch on its own, to leave out those in `but`
        if any(f"'{part}' AS part" in statement for part in but):
            continue
        for own in query.bindings(cypher_params):  # once, or once per document id
            operators = store.profile(statement, own)
            assert operators, "PROFILE gave no operators"
            widest = max(widest, *(op.rows for op in operators if op.table in BIG_TABLES), 0)
    return widest


def test_plan_operators_reads_a_real_profile(store) -> None:
    operators = store.profile(
        "MATCH (a:Agency {id: $id}) RETURN a.name AS name", {"id": "cong-an-tinh"}
    )
    lookup = [op for op in operators if op.name == "PRIMARY_KEY_SCAN_NODE_TABLE"]
    assert len(lookup) == 1 and lookup[0].rows == 1
    assert plan_operators("no boxes here") == []


def test_profile_refuses_write_clauses(store) -> None:
    with pytest.raises(QueryError, match="read-only"):
        store.profile("MATCH (t:Task) DETACH DELETE t")


@pytest.mark.parametrize(
    "params",
    [
        {"agency": "Ban Quản lý Khu kinh tế"},  # 2 tasks of the 249
        {"agency": "Sở KHCN", "as_of": "2025-12-31"},  # inherits Sở TTTT's tasks
        {"agency": "Sở Thông tin và Truyền thông"},
    ],
)
def test_owns_reads_only_the_agencys_tasks(store, params) -> None:
    rows = run_named("owns", params, store=store)
    assert rows
    # every route of every item (before run_named keeps the strongest per item)
    assert widest_big_read(store, "owns", params) <= len(all_routes(store, params))


def all_routes(store, params: dict) -> list[dict]:
    """owns' rows as the engine returns them: one per route, before settling."""
    from obligraph.queries.named import _Catalogue, get_query, prepare_params

    query = get_query("owns")
    catalogue = _Catalogue(None, store)
    given = {**prepare_params(query, params, catalogue), "role": None}
    facts = catalogue.agency_facts()
    return [row for run in query.cypher_runs(given, facts) for row in store.query(run, given)]


def test_owns_with_a_role_reads_no_more_than_the_roleless_answer(store) -> None:
    # The role is tested after the tasks are reached: at most every role's rows are read.
    params = {"agency": "Công an tỉnh", "with_collectives": True}
    everything = run_named("owns", params, store=store)
    leads = run_named("owns", {**params, "role": "lead"}, store=store)
    assert 0 < len(leads) < len(everything)
    assert widest_big_read(store, "owns", {**params, "role": "lead"}) <= len(
        all_routes(store, params)
    )


def test_replaced_by_reads_only_the_replacing_documents_tasks(store) -> None:
    rows = run_named("replaced-by", {"doc": "37/KH-UBND"}, store=store)
    assert {r["doc_id"] for r in rows} == {"doc:103-kh-ubnd-2025"}
    # The seeds hold no REPLACES edge, and over an empty REPLACES table the planner
    # reads the 249 tasks as cheaply as it walks: the plan is checked at scale below
    # (test_replaced_by_walks_from_the_document_at_scale). Every other part walks here.
    assert widest_big_read(store, "replaced-by", {"doc": "37/KH-UBND"}, but=("replaces",)) <= len(
        rows
    )


def test_document_index_resolves_like_the_list(graph, store) -> None:
    documents = graph_documents(graph)
    index = DocumentIndex(documents)
    for mention in ("37/KH-UBND", " 37 / kh-ubnd ", "57-NQ/TW", "doc:tb-ubnd-tinh-2025-03-18"):
        assert resolve_document(mention, index) == resolve_document(mention, documents)
    # and asked of the store, without listing every document, alike: every document's
    # number and id, in other spellings, and mentions that name nothing
    mentions = [d.number for d in documents if d.number] + [d.id for d in documents]
    mentions += [m.lower().replace("/", " / ") for m in mentions] + ["999/KH-XYZ", "KH-UBND"]
    for mention in mentions:
        try:
            want = resolve_document(mention, index)
        except QueryError as exc:
            with pytest.raises(QueryError, match=re.escape(str(exc))):
                store_resolve_document(store, mention)
        else:
            assert store_resolve_document(store, mention) == want, mention
    assert resolve_document("37/kh-ubnd", index) == ["doc:37-kh-ubnd-2025"]
    with pytest.raises(QueryError, match="no document numbered"):
        resolve_document("999/KH-XYZ", index)


# ---------------------------------------------- plans at a scale where scanning shows
# On the 30-document seeds the planner may scan a table of 30 documents (or 249 tasks,
# where REPLACES is empty) as cheaply as it walks: its choice follows the tables' sizes.
# A synthetic store with the proportions of a national one (many documents, twenty tasks
# each, a few supersessions) makes it choose as it does at 100,000 documents.
DOCS, TASKS_PER_DOC, SUPERSEDED = 1500, 20, 30


def synthetic_graph():
    """Plans implementing a root resolution (two levels), the first SUPERSEDED of them
    superseded by later plans whose tasks REPLACE theirs, row for row."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("doc:root", label="Document", number="57-NQ/TW", kind="Nghị quyết", in_corpus=False)
    for i in range(DOCS):
        doc = f"doc:{i}-kh"
        g.add_node(doc, label="Document", number=f"{i}/KH", kind="Kế hoạch", in_corpus=True)
        parent = "doc:root" if i < 100 else f"doc:{i % 100}-kh"
        g.add_edge(doc, parent, type="IMPLEMENTS")
        for k in range(TASKS_PER_DOC):
            task = f"{doc}/task/{k}"
            g.add_node(task, label="Task", doc_id=doc, no=str(k), origin="appendix", text="t")
            g.add_edge(doc, task, type="ASSIGNS")
    for i in range(SUPERSEDED):
        old, new = f"doc:{i}-kh", f"doc:{DOCS - 1 - i}-kh"
        g.add_edge(new, old, type="SUPERSEDES")
        for k in range(TASKS_PER_DOC - 1):  # the last row of each is dropped
            g.add_edge(f"{new}/task/{k}", f"{old}/task/{k}", type="REPLACES", score=0.97)
    return g


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("national") / "ladybug"
    write_ladybug(synthetic_graph(), db_dir)
    with LadybugStore(db_dir) as s:
        yield s


def test_replaced_by_walks_from_the_document_at_scale(national) -> None:
    rows = run_named("replaced-by", {"doc": "doc:3-kh"}, store=national)
    changes = [r["change"] for r in rows]
    assert (changes.count("kept"), changes.count("new"), changes.count("dropped")) == (19, 1, 1)
    assert rows == run_named("replaced-by", {"doc": "doc:3-kh"}, graph=synthetic_graph())
    # the old and the new plan's tasks, not the 30,000 tasks nor every REPLACES edge
    assert widest_big_read(national, "replaced-by", {"doc": "doc:3-kh"}) <= 2 * TASKS_PER_DOC


def test_lineage_walks_from_the_document_at_scale(national) -> None:
    rows = run_named("lineage", {"doc": "doc:7-kh"}, store=national)
    # up: the root; down: the 14 plans implementing it (107, 207, …, 1407) and 1492,
    # which supersedes it
    assert [r["doc_id"] for r in rows if r["direction"] == "up"] == ["doc:root"]
    down = {r["doc_id"]: r for r in rows if r["direction"] == "down"}
    assert len(down) == 15 and down["doc:1492-kh"]["supersedes_hops"] == 1
    assert down["doc:1407-kh"]["implements_hops"] == 1
    assert rows == run_named("lineage", {"doc": "doc:7-kh"}, graph=synthetic_graph())
    assert widest_big_read(national, "lineage", {"doc": "doc:7-kh"}) <= len(rows)
