"""Neo4j push: the batches built from the seeds, the error lines, and (with a server) the push.

Without a server (this machine): `plan_batches` on the seeds' graph is checked in full
(every node and relationship in exactly one batch, values only as parameters, Cypher from
a fixed set of templates), a refused connection is a real one (a closed local port), and
the value conversions are checked. With NEO4J_URI set, the `neo4j`-marked tests push the
seeds for real, push again, and compare every named query with the embedded store.
`make test` runs them on the local server of tools/neo4j; by hand:

    make neo4j && .venv/bin/pytest -q tests/test_neo4j_push.py   # conftest reads .neo4j/env
"""

from __future__ import annotations

import re
import socket
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.errors import ObligraphError
from obligraph.graph.neo4j_store import (
    Batch,
    Neo4jError,
    Neo4jSettings,
    Neo4jStore,
    node_cypher,
    plain,
    plan_batches,
    push_graph,
    relationship_cypher,
)
from obligraph.graph.store_folder import write_store

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

# A Cypher string literal ('…' or "…"): a batch's Cypher must contain none.
STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
# A $parameter name: batches use $rows only.
PARAMETER = re.compile(r"\$(\w+)")


@pytest.fixture(scope="module")
def seeds_graph():
    """The seeds' graph, built by the real pipeline."""
    from obligraph.graph.build import build_from_paths

    graph, _ = build_from_paths([RAW])
    return graph


@pytest.fixture()
def closed_port() -> int:
    """A local TCP port nobody listens on: connecting to it is refused by the kernel."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _edge_rows(batches: list[Batch]) -> Counter:
    return Counter(
        (b.name, row["start"], row["end"], row.get("role"))
        for b in batches
        if b.kind == "relationships"
        for row in b.rows
    )


@pytest.mark.parametrize("batch_size", [1, 7, 500])
def test_every_node_and_edge_is_in_exactly_one_batch(seeds_graph, batch_size: int) -> None:
    batches = plan_batches(seeds_graph, batch_size)
    node_ids = Counter(row["id"] for b in batches if b.kind == "nodes" for row in b.rows)
    assert sorted(node_ids) == sorted(seeds_graph.nodes)
    assert set(node_ids.values()) == {1}
    edges = Counter(
        (d["type"], u, v, d.get("role") if d["type"] == "ASSIGNED_TO" else None)
        for u, v, d in seeds_graph.edges(data=True)
    )
    assert _edge_rows(batches) == edges
    assert all(1 <= len(b.rows) <= batch_size for b in batches)
    # Nodes land before any relationship that needs them.
    kinds = [b.kind for b in batches]
    assert kinds == sorted(kinds, key=lambda k: k != "nodes")
    for b in batches:
        group = [
            x
            for x in batches
            if (x.kind, x.name, x.start_label, x.end_label)
            == (b.kind, b.name, b.start_label, b.end_label)
        ]
        assert b.of == len(group) and 0 <= b.index < b.of


def test_batch_cypher_holds_no_values_only_parameters(seeds_graph) -> None:
    batches = plan_batches(seeds_graph, 50)
    templates = {node_cypher(label) for label in ("Agency", "Document", "Indicator", "Task")}
    for b in batches:
        if b.kind == "relationships":
            templates.add(relationship_cypher(b.name, b.start_label, b.end_label))
    values: set[str] = set()
    for b in batches:
        assert b.cypher in templates
        assert not STRING_LITERAL.search(b.cypher), b.cypher
        assert set(PARAMETER.findall(b.cypher)) == {"rows"}
        for row in b.rows:
            values.add(row.get("id") or row["start"])
            values.update(v for v in row["props"].values() if isinstance(v, str) and len(v) > 3)
    # No id, text or number of the seeds appears in any Cypher string.
    for cypher in templates:
        assert not [v for v in values if v in cypher], cypher


def test_batch_rows_carry_typed_values(seeds_graph) -> None:
    batches = plan_batches(seeds_graph, 500)
    docs = {r["id"]: r["props"] for b in batches if b.name == "Document" for r in b.rows}
    loaded = {i: p for i, p in docs.items() if p["in_corpus"] is True}
    assert sorted(p["source"] for p in loaded.values()) == sorted(p.name for p in RAW.glob("*.txt"))
    for node_id, props in docs.items():
        issued = seeds_graph.nodes[node_id]["issued"]
        assert props["issued"] == issued  # the ISO string the .cypher files compare
        assert props["issued_as_date"] == (date.fromisoformat(issued) if issued else None)
        assert "label" not in props and "id" not in props
    for b in batches:
        if b.name == "ASSIGNED_TO":
            assert "MERGE (a)-[r:ASSIGNED_TO {role: row.role}]->(b)" in b.cypher
            assert all(r["role"] in ("lead", "coordinate") for r in b.rows)
        if b.name == "Agency":
            assert all(isinstance(r["props"]["aliases"], list) for r in b.rows)


def test_plan_batches_contract_fixture_shapes() -> None:
    """The hand-built contract graph of the export test: exact batches and rows."""
    from test_neo4j_export import NASTY, _contract_graph

    batches = plan_batches(_contract_graph(), 3)
    assert [(b.name, b.index, b.of, len(b.rows)) for b in batches if b.kind == "nodes"] == [
        ("Agency", 0, 2, 3),
        ("Agency", 1, 2, 1),
        ("Document", 0, 1, 2),
        ("Indicator", 0, 1, 1),
        ("Task", 0, 1, 1),
    ]
    task = next(b for b in batches if b.name == "Task").rows[0]
    assert task["props"]["text"] == NASTY
    assert task["props"]["due"] == "2025-06-30"
    assert task["props"]["due_as_date"] == date(2025, 6, 30)
    assert task["props"]["due_from_as_date"] is None
    assert task["props"]["line_start"] == 956
    assigned = next(b for b in batches if b.name == "ASSIGNED_TO")
    assert [r["role"] for r in assigned.rows] == ["coordinate", "lead"]
    assert (assigned.start_label, assigned.end_label) == ("Task", "Agency")
    succeeded = next(b for b in batches if b.name == "SUCCEEDED_BY").rows[0]
    assert succeeded["props"]["date_as_date"] == date(2025, 3, 1)


def test_batch_size_must_be_positive(seeds_graph) -> None:
    with pytest.raises(ObligraphError, match="batch size must be at least 1"):
        plan_batches(seeds_graph, 0)


def test_refused_connection_is_one_clear_error(seeds_graph, closed_port: int) -> None:
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{closed_port}", password="x")
    with pytest.raises(Neo4jError) as info:
        push_graph(seeds_graph, settings)
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at bolt://127.0.0.1:{closed_port}: ")
    assert "connection refused" in message and "\n" not in message
    with pytest.raises(Neo4jError, match="cannot reach Neo4j"):
        Neo4jStore(settings)


def test_cli_push_refused_prints_one_line(tmp_path: Path, seeds_graph, closed_port: int) -> None:
    write_store(seeds_graph, tmp_path / "store", report={}, inputs=[])
    result = CliRunner().invoke(
        app,
        [
            "neo4j",
            "push",
            "--store",
            str(tmp_path / "store"),
            "--uri",
            f"neo4j://127.0.0.1:{closed_port}",
        ],
        env={"NEO4J_PASSWORD": "secret-pw"},
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("obligraph: cannot reach Neo4j at neo4j://")
    assert "secret-pw" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["cypher", "MATCH (d:Document) RETURN count(d) AS n", "--neo4j"],
        ["query", "lineage", "doc:103-kh-ubnd-2025", "--neo4j"],
    ],
    ids=["cypher", "query"],
)
def test_neo4j_flag_reaches_the_server_settings(closed_port: int, command: list[str]) -> None:
    """`obligraph cypher|query … --neo4j` open the Neo4j store from NEO4J_URI (here: refused)."""
    result = CliRunner().invoke(
        app,
        command,
        env={"NEO4J_URI": f"bolt://127.0.0.1:{closed_port}", "NEO4J_PASSWORD": "pw"},
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"obligraph: cannot reach Neo4j at bolt://127.0.0.1:{closed_port}: connection refused "
        "(is the server running? check NEO4J_URI or --uri)"
    ]


def test_unusable_uri_is_one_clear_error(seeds_graph) -> None:
    with pytest.raises(
        Neo4jError,
        match=r"cannot use Neo4j URI 'htp://localhost': the scheme must be one of neo4j://",
    ):
        push_graph(seeds_graph, Neo4jSettings(uri="htp://localhost"))


def test_settings_come_from_the_standard_variables() -> None:
    env = {
        "NEO4J_URI": "neo4j+s://abcd1234.databases.neo4j.io",
        "NEO4J_USERNAME": "analyst",
        "NEO4J_PASSWORD": "pw",
        "NEO4J_DATABASE": "obligations",
    }
    s = Neo4jSettings.from_env(environ=env)
    assert (s.uri, s.user, s.password, s.database) == (
        "neo4j+s://abcd1234.databases.neo4j.io",
        "analyst",
        "pw",
        "obligations",
    )
    assert Neo4jSettings.from_env(uri="bolt://h:7687", environ=env).uri == "bolt://h:7687"
    assert Neo4jSettings.from_env(environ={}) == Neo4jSettings(
        uri="neo4j://localhost:7687", user="neo4j", password=None, database=None
    )
    assert "pw" not in s.where()


def test_values_cross_the_driver_as_the_embedded_store_gives_them() -> None:
    from neo4j.time import Date

    assert plain(Date(2025, 6, 30)) == "2025-06-30"
    assert plain([Date(2025, 6, 30), None, {"due": Date(2026, 1, 1)}]) == [
        "2025-06-30",
        None,
        {"due": "2026-01-01"},
    ]


# --- with a server (NEO4J_URI) -------------------------------------------------------


def _graph_counts(graph) -> dict[str, dict[str, int]]:
    nodes = Counter(d["label"] for _, d in graph.nodes(data=True))
    rels = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return {
        "nodes": {k: nodes.get(k, 0) for k in ("Agency", "Document", "Indicator", "Task")},
        "relationships": dict(sorted(rels.items())),
    }


@pytest.mark.neo4j
def test_push_seeds_then_push_again_changes_nothing(seeds_graph, neo4j_settings) -> None:
    from obligraph.graph.neo4j_store import count_graph

    settings = neo4j_settings
    first = push_graph(seeds_graph, settings, replace=True, batch_size=100)
    assert first.failed is None and len(first.batches) == first.planned
    assert first.created()["nodes_created"] == seeds_graph.number_of_nodes()
    assert first.created()["relationships_created"] == seeds_graph.number_of_edges()
    with Neo4jStore(settings) as store:
        assert count_graph(store) == _graph_counts(seeds_graph)
        second = push_graph(seeds_graph, settings, batch_size=100)
        assert second.created()["nodes_created"] == 0
        assert second.created()["relationships_created"] == 0
        assert count_graph(store) == _graph_counts(seeds_graph)
        # Dates are ISO strings (as on every store) with a Neo4j DATE twin.
        rows = store.query(
            "MATCH (d:Document) WHERE d.issued IS NOT NULL "
            "RETURN d.id AS id, d.issued AS issued, d.issued_as_date.year AS year ORDER BY id"
        )
        for row in rows:
            assert row["issued"] == seeds_graph.nodes[row["id"]]["issued"]
            assert row["year"] == int(row["issued"][:4])


@pytest.mark.neo4j
def test_bad_credentials_are_one_clear_error(seeds_graph, neo4j_settings) -> None:
    settings = neo4j_settings
    wrong = Neo4jSettings(settings.uri, settings.user, "definitely-not-the-password")
    with pytest.raises(Neo4jError, match="refused the credentials of user"):
        push_graph(seeds_graph, wrong)


def test_nodes_relationships_and_paths_come_back_like_the_embedded_store() -> None:
    """Driver objects hydrated by the driver's own Bolt hydrator, as a server answer would be."""
    from neo4j._codec.hydration.bolt.v1.hydration_handler import _GraphHydrator
    from neo4j.time import Date

    hydrator = _GraphHydrator()
    kh103 = hydrator.hydrate_node(
        1,
        ["Document"],
        {"id": "doc:103-kh-ubnd-2025", "issued": "2025-05-26", "issued_as_date": Date(2025, 5, 26)},
        "4:a:1",
    )
    nq57 = hydrator.hydrate_node(2, ["Document"], {"id": "doc:57-nq-tw-2024"}, "4:a:2")
    implements = hydrator.hydrate_unbound_relationship(7, "IMPLEMENTS", {"line": 12}, "5:a:7")
    path = hydrator.hydrate_path([kh103, nq57], [implements], [1, 1])

    document = plain(kh103)
    assert document["_label"] == "Document"
    assert document["issued"] == "2025-05-26"
    assert "issued_as_date" not in document  # the Neo4j-only twin
    # Properties the server does not store (nulls) are there as None, as on LadybugDB.
    assert document["title"] is None and document["in_corpus"] is None
    assert plain(path) == {
        "nodes": [document, plain(nq57)],
        "rels": [
            {
                "evidence": None,
                "score": None,  # Task -> Task only (graph/task_links.py)
                "method": None,
                "source": None,
                "line": 12,
                "_label": "IMPLEMENTS",
            }
        ],
    }
