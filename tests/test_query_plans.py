"""The named queries read the neighbourhood of their answer, not whole tables (issue 8).

On the seed store, each query runs under PROFILE (graph.ladybug_store.LadybugStore.profile)
and no operator reading a big table (tasks, documents, assignments) may produce more
tuples than the answer needs. A plan that scans every Task to find one agency's two tasks
fails here on the 249-task seeds already, long before it is slow at 10,000 documents.
Also: document numbers resolve through an index (queries.resolve.DocumentIndex).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from obligraph.errors import QueryError
from obligraph.graph.build import build_from_paths
from obligraph.graph.ladybug_store import LadybugStore, plan_operators, write_ladybug
from obligraph.queries.named import _Catalogue, get_query, prepare_params, run_named
from obligraph.queries.resolve import DocumentIndex, graph_documents, resolve_document

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"
# Tables that grow with the corpus; Agency (the registry) and SUCCEEDED_BY/MEMBER_OF do not.
BIG_TABLES = {"Task", "Document", "Indicator", "ASSIGNS", "ASSIGNED_TO", "SETS", "MONITORED_BY"}


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


def widest_big_read(store, name: str, params: dict) -> int:
    """The most tuples any operator on a big table produced while answering: over the
    statements run_named runs (the whole file, or the UNION ALL branches the parameters
    and the documents reach, NamedQuery.branches)."""
    query = get_query(name)
    catalogue = _Catalogue(None, store)
    cypher_params = prepare_params(query, params, catalogue)
    facts = catalogue.agency_facts() if query.reads_facts else None
    own = {k: cypher_params[k] for k in query.cypher_params}
    widest = 0
    for statement in query.cypher_runs(cypher_params, facts):
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
    assert widest_big_read(store, "replaced-by", {"doc": "37/KH-UBND"}) <= len(rows)


def test_document_index_resolves_like_the_list(graph) -> None:
    documents = graph_documents(graph)
    index = DocumentIndex(documents)
    for mention in ("37/KH-UBND", " 37 / kh-ubnd ", "57-NQ/TW", "doc:tb-ubnd-tinh-2025-03-18"):
        assert resolve_document(mention, index) == resolve_document(mention, documents)
    assert resolve_document("37/kh-ubnd", index) == ["doc:37-kh-ubnd-2025"]
    with pytest.raises(QueryError, match="no document numbered"):
        resolve_document("999/KH-XYZ", index)
