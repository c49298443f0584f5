"""`obligraph neo4j push` against a real Neo4j (the local server of tools/neo4j under
`make test`): what lands equals graph.json property for property, the constraints exist, a
second push changes nothing, a rebuild that dropped a document is reflected (with
`--replace`; without it stale nodes stay, as docs/neo4j.md says), and every way of
pointing at the wrong thing is one line with exit code 1 and no credential in it.

Every test that changes the server leaves the seeds on it, pushed with --replace.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.graph.graphjson import read_graph_json
from obligraph.graph.neo4j_csv import OBLIGRAPH_LABELS
from obligraph.graph.neo4j_store import (
    Neo4jError,
    Neo4jSettings,
    Neo4jStore,
    count_graph,
    neo4j_props,
    plain,
    push_graph,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

pytestmark = pytest.mark.neo4j


def _env(settings: Neo4jSettings) -> dict[str, str]:
    env = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user}
    if settings.password is not None:
        env["NEO4J_PASSWORD"] = settings.password
    return env


def _build(paths: list[Path], store: Path) -> None:
    result = CliRunner().invoke(app, ["build", *map(str, paths), "--store", str(store)])
    assert result.exit_code == 0, result.output


def _push(store: Path, settings: Neo4jSettings, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["neo4j", "push", "--store", str(store), "--json", *extra], env=_env(settings)
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory) -> Path:
    """`obligraph build data/raw` into a fresh store."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    _build([RAW], store)
    return store


def _server_state(settings: Neo4jSettings) -> dict[str, list]:
    """Every obligraph node and relationship on the server with all its properties,
    values made plain (dates as ISO strings), sorted: comparable and hashable."""
    with Neo4jStore(settings) as store:
        nodes = store.query(
            "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) "
            "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
            {"labels": list(OBLIGRAPH_LABELS)},
        )
        rels = store.query(
            "MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels) "
            "RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props",
            {"labels": list(OBLIGRAPH_LABELS)},
        )
    return {
        "nodes": sorted((n["id"], n["labels"], sorted(n["props"].items())) for n in nodes),
        "rels": sorted((r["start"], r["end"], r["type"], sorted(r["props"].items())) for r in rels),
    }


def _expected_state(graph) -> dict[str, list]:
    """The same view computed from graph.json: what the push must have written (Neo4j
    stores no nulls; dates gain their DATE twin)."""

    def stored(props: dict[str, Any]) -> list:
        return sorted((k, plain(v)) for k, v in props.items() if v is not None)

    nodes = [
        (
            node_id,
            [attrs["label"]],
            stored({"id": node_id, **neo4j_props(attrs, ("id", "label"), node_id)}),
        )
        for node_id, attrs in graph.nodes(data=True)
    ]
    rels = [
        (u, v, attrs["type"], stored(neo4j_props(attrs, ("type",), f"{u}->{v}")))
        for u, v, attrs in graph.edges(data=True)
    ]
    return {"nodes": sorted(nodes), "rels": sorted(rels)}


def _checksum(state: dict[str, list]) -> str:
    return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()


def _counts(graph) -> dict[str, dict[str, int]]:
    nodes = Counter(d["label"] for _, d in graph.nodes(data=True))
    rels = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return {
        "nodes": {label: nodes.get(label, 0) for label in OBLIGRAPH_LABELS},
        "relationships": dict(sorted(rels.items())),
    }


def test_push_writes_graph_json_exactly(seeds_store: Path, neo4j_settings) -> None:
    graph = read_graph_json(seeds_store / "graph.json")
    report = _push(seeds_store, neo4j_settings, "--replace", "--batch-size", "50")
    assert report["failed"] is None
    assert report["created"]["nodes_created"] == graph.number_of_nodes()
    assert report["created"]["relationships_created"] == graph.number_of_edges()
    with Neo4jStore(neo4j_settings) as store:
        assert count_graph(store) == _counts(graph)
    # Every node and relationship, every property, equal to graph.json's.
    assert _server_state(neo4j_settings) == _expected_state(graph)


def test_push_creates_the_uniqueness_constraints(seeds_store: Path, neo4j_settings) -> None:
    _push(seeds_store, neo4j_settings)
    with Neo4jStore(neo4j_settings) as store:
        constraints = store.query(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
            "WHERE name STARTS WITH 'obligraph_' RETURN name, type, labelsOrTypes, properties"
        )
        indexes = store.query(
            "SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint STARTS WITH "
            "'obligraph_' RETURN owningConstraint AS c"
        )
    assert sorted((c["labelsOrTypes"], c["properties"], c["type"]) for c in constraints) == [
        ([label], ["id"], "UNIQUENESS") for label in sorted(OBLIGRAPH_LABELS)
    ]
    # Each constraint is backed by an index: MERGE on id is an index seek.
    assert sorted(i["c"] for i in indexes) == sorted(c["name"] for c in constraints)


def test_second_push_changes_nothing(seeds_store: Path, neo4j_settings) -> None:
    _push(seeds_store, neo4j_settings, "--replace")
    before = _server_state(neo4j_settings)
    again = _push(seeds_store, neo4j_settings)
    assert again["created"] == {
        "nodes_created": 0,
        "relationships_created": 0,
        "properties_set": again["created"]["properties_set"],  # rewritten with equal values
    }
    after = _server_state(neo4j_settings)
    assert len(after["nodes"]) == len(before["nodes"]) > 0
    assert len(after["rels"]) == len(before["rels"]) > 0
    assert _checksum(after) == _checksum(before)


def test_push_after_a_rebuild_without_a_document(
    seeds_store: Path, neo4j_settings, tmp_path: Path
) -> None:
    """A rebuild without one of the seeds: a plain push keeps the stale tasks (documented:
    push only adds and updates), `--replace` leaves exactly the new graph."""
    full = read_graph_json(seeds_store / "graph.json")
    raw = tmp_path / "raw"
    raw.mkdir()
    files = sorted(RAW.glob("*.txt"))
    # Drop the document with the most tasks of its own.
    dropped = max(
        files,
        key=lambda f: sum(
            1
            for _, d in full.nodes(data=True)
            if d.get("label") == "Task" and d.get("source") == f.name
        ),
    )
    for f in files:
        if f != dropped:
            shutil.copy(f, raw / f.name)
    smaller_store = tmp_path / "store"
    _build([raw], smaller_store)
    smaller = read_graph_json(smaller_store / "graph.json")
    gone = {
        n for n, d in full.nodes(data=True) if d.get("label") == "Task" and n not in smaller.nodes
    }
    assert gone, f"dropping {dropped.name} removed no task"

    _push(seeds_store, neo4j_settings, "--replace")
    _push(smaller_store, neo4j_settings)
    with Neo4jStore(neo4j_settings) as store:
        left = store.query("MATCH (t:Task) WHERE t.id IN $ids RETURN t.id AS id", {"ids": [*gone]})
    assert {r["id"] for r in left} == gone  # stale: still there without --replace

    _push(smaller_store, neo4j_settings, "--replace")
    assert _server_state(neo4j_settings) == _expected_state(smaller)
    _push(seeds_store, neo4j_settings, "--replace")  # leave the seeds for the next tests


# --- every wrong target: one line, exit 1, nothing secret printed ---------------------


def _cli_push_fails(store: Path, env: dict[str, str], *extra: str) -> str:
    result = CliRunner().invoke(app, ["neo4j", "push", "--store", str(store), *extra], env=env)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture()
def http_port() -> Iterator[int]:
    """A local web server: something that listens but is not Neo4j."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture()
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_bad_password_is_one_line(seeds_store: Path, neo4j_settings) -> None:
    env = {**_env(neo4j_settings), "NEO4J_PASSWORD": "not-the-password-9876"}
    line = _cli_push_fails(seeds_store, env)
    assert line == (
        f"obligraph: Neo4j at {neo4j_settings.uri} refused the credentials of user 'neo4j': "
        "check NEO4J_USERNAME / NEO4J_PASSWORD (or --user / --password)"
    )
    assert "not-the-password-9876" not in line


def test_wrong_database_is_one_line(seeds_store: Path, neo4j_settings) -> None:
    line = _cli_push_fails(seeds_store, _env(neo4j_settings), "--database", "obligations")
    assert line == (
        f"obligraph: Neo4j at {neo4j_settings.uri} has no database 'obligations' "
        "(NEO4J_DATABASE or --database)"
    )


def test_a_web_server_on_the_port_is_one_line_within_the_timeout(
    seeds_store: Path, http_port: int
) -> None:
    started = time.monotonic()
    line = _cli_push_fails(
        seeds_store,
        {"NEO4J_URI": f"bolt://127.0.0.1:{http_port}", "NEO4J_PASSWORD": "secret-pw-1"},
    )
    assert time.monotonic() - started < 20  # the driver alone waits 60 s
    assert line == (
        f"obligraph: cannot reach Neo4j at bolt://127.0.0.1:{http_port}: no Bolt handshake "
        "within 10s: the port does not speak Neo4j's Bolt protocol (check the port: Bolt is "
        "usually 7687, not HTTP's 7474)"
    )


def test_a_silent_port_times_out_in_the_handshake(silent_port: int) -> None:
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{silent_port}", password="pw", timeout=2)
    started = time.monotonic()
    with pytest.raises(Neo4jError, match="no Bolt handshake within 2s"):
        Neo4jStore(settings)
    assert time.monotonic() - started < 8


def test_http_scheme_is_one_line(seeds_store: Path) -> None:
    line = _cli_push_fails(seeds_store, {"NEO4J_PASSWORD": "pw"}, "--uri", "http://127.0.0.1:1")
    assert line.startswith("obligraph: cannot use Neo4j URI 'http://127.0.0.1:1': the scheme")
    assert "(7687, not the HTTP port 7474)" in line


def test_password_in_the_uri_is_never_echoed(seeds_store: Path, neo4j_settings) -> None:
    port = neo4j_settings.uri.rsplit(":", 1)[1]
    for uri in (f"bolt://neo4j:hunter2-xyz@127.0.0.1:{port}", "neo4j://u:hunter2-xyz@h:1"):
        line = _cli_push_fails(seeds_store, {}, "--uri", uri)
        assert "hunter2-xyz" not in line
        assert "***@" in line and "NEO4J_USERNAME / NEO4J_PASSWORD, not in the URI" in line


def test_refused_connection_is_one_line(seeds_store: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    line = _cli_push_fails(
        seeds_store, {"NEO4J_PASSWORD": "pw-77"}, "--uri", f"bolt://127.0.0.1:{port}"
    )
    assert line == (
        f"obligraph: cannot reach Neo4j at bolt://127.0.0.1:{port}: connection refused "
        "(is the server running? check NEO4J_URI or --uri)"
    )


def test_push_graph_wrong_password_never_in_message(seeds_store: Path, neo4j_settings) -> None:
    graph = read_graph_json(seeds_store / "graph.json")
    wrong = Neo4jSettings(neo4j_settings.uri, neo4j_settings.user, "sekrit-value-42")
    with pytest.raises(Neo4jError) as info:
        push_graph(graph, wrong)
    assert "sekrit-value-42" not in str(info.value)
