"""Every `.cypher` file of queries/, unchanged, on Neo4j and on LadybugDB: the same rows.

The seeds are pushed once (with --replace) and written to a fresh embedded store; then
each named query runs with every parameter case of tests/test_queries.py (through
run_named, as `obligraph query … [--neo4j]` does) and each schema question as it is, on
both stores. Rows are compared as sorted lists of their reprs: values, types and column
order alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_queries import CASES

from obligraph.graph.build import build_from_paths
from obligraph.graph.ladybug_store import LadybugStore, write_ladybug
from obligraph.graph.neo4j_store import Neo4jStore, push_graph
from obligraph.queries.named import NAMED_QUERIES, run_named

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
QUERIES = ROOT / "queries"
SCHEMA_FILES = sorted(p.name for p in QUERIES.glob("schema_*.cypher"))

pytestmark = pytest.mark.neo4j


def test_the_cases_cover_every_cypher_file() -> None:
    covered = {q.cypher_file for q in NAMED_QUERIES.values()} | set(SCHEMA_FILES)
    assert covered == {p.name for p in QUERIES.glob("*.cypher")}
    assert {name for name, _ in CASES} == set(NAMED_QUERIES)
    assert len(SCHEMA_FILES) == 3


@pytest.fixture(scope="module")
def stores(neo4j_settings, tmp_path_factory) -> Iterator[tuple[LadybugStore, Neo4jStore]]:
    graph, _ = build_from_paths([RAW])
    push_graph(graph, neo4j_settings, replace=True)
    db = tmp_path_factory.mktemp("ladybug") / "ladybug"
    write_ladybug(graph, db)
    with LadybugStore(db) as embedded, Neo4jStore(neo4j_settings) as server:
        yield embedded, server


def _sorted(rows: list[dict]) -> list[str]:
    return sorted(repr(list(r.items())) for r in rows)


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_named_query_same_rows(stores, name: str, params: dict) -> None:
    embedded, server = stores
    want = run_named(name, params, store=embedded)
    got = run_named(name, params, store=server)
    assert _sorted(got) == _sorted(want)


@pytest.mark.parametrize("cypher_file", SCHEMA_FILES)
def test_schema_question_same_rows(stores, cypher_file: str) -> None:
    embedded, server = stores
    text = (QUERIES / cypher_file).read_text(encoding="utf-8")
    want = embedded.query(text)
    assert want, f"{cypher_file} answers nothing on the seeds: the comparison would be empty"
    assert _sorted(server.query(text)) == _sorted(want)


def test_most_cases_answer_something(stores) -> None:
    """Equal empty answers prove little: most cases must return rows on the seeds."""
    embedded, _ = stores
    answered = [bool(run_named(name, params, store=embedded)) for name, params in CASES]
    assert sum(answered) >= len(CASES) - 3, answered
