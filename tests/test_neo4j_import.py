"""The CSV export imported by the real `neo4j-admin database import full` (Neo4j 5.26's
import tool from Maven Central, tools/neo4j/neo4j-admin) into a fresh database, run through
the export's own import.sh, then served by a second local Neo4j: the same counts as
graph.json, and the same properties as a push writes (the import reads an empty field as
no property, so empty strings and empty lists are left out on both sides).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from obligraph.graph.build import build_from_paths
from obligraph.graph.neo4j_csv import export_csv
from obligraph.graph.neo4j_store import Neo4jSettings, Neo4jStore, count_graph

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TOOLS = ROOT / "tools" / "neo4j"

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def java_tools() -> Path:
    """tools/neo4j built (Maven); skipped (failed under make test) without Java and Maven."""
    missing = [tool for tool in ("java", "javac", "mvn") if not shutil.which(tool)]
    if missing:
        reason = f"{', '.join(missing)} not installed: `make java` installs Debian's"
        if os.environ.get("OBLIGRAPH_REQUIRE_NEO4J") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    subprocess.run([TOOLS / "server.sh", "build"], check=True)
    return TOOLS


@pytest.fixture(scope="module")
def seeds_graph():
    graph, _ = build_from_paths([RAW])
    return graph


@pytest.fixture(scope="module")
def imported_server(java_tools: Path, seeds_graph, tmp_path_factory) -> Iterator[Neo4jSettings]:
    """The seeds exported, imported with import.sh into a fresh home, served on a free port."""
    work = tmp_path_factory.mktemp("import")
    export = export_csv(seeds_graph, work / "csv")
    state = work / "state"
    (state / "home").mkdir(parents=True)
    env = {
        **os.environ,
        "NEO4J_ADMIN": str(java_tools / "neo4j-admin"),
        "NEO4J_HOME": str(state / "home"),
    }
    done = subprocess.run(
        ["sh", str(work / "csv" / "import.sh"), "neo4j"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    expected_rows = sum(f.rows for f in export.files if f.kind == "nodes")
    assert f"{expected_rows} nodes" in done.stdout
    started = subprocess.run(
        [java_tools / "server.sh", "start", state], capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    try:
        pairs = dict(
            line.split("=", 1) for line in (state / "env").read_text().splitlines() if "=" in line
        )
        yield Neo4jSettings.from_env(environ=pairs)
    finally:
        subprocess.run([java_tools / "server.sh", "stop", state], check=False)


def test_import_gives_graph_json_counts(imported_server: Neo4jSettings, seeds_graph) -> None:
    from test_neo4j_server import _counts

    with Neo4jStore(imported_server) as store:
        assert count_graph(store) == _counts(seeds_graph)


def test_import_gives_the_pushed_properties(imported_server: Neo4jSettings, seeds_graph) -> None:
    from test_neo4j_server import _expected_state, _server_state

    def non_empty(state: dict[str, list]) -> dict[str, list]:
        return {
            kind: sorted(
                (*row[:-1], [(k, v) for k, v in row[-1] if v not in ("", [])]) for row in rows
            )
            for kind, rows in state.items()
        }

    got = _server_state(imported_server)
    assert len(got["nodes"]) == seeds_graph.number_of_nodes()
    assert non_empty(got) == non_empty(_expected_state(seeds_graph))
