"""Shared fixtures: the Neo4j server of the `neo4j`-marked tests.

The server is NEO4J_URI (with NEO4J_USERNAME / NEO4J_PASSWORD), or else the local one
`make neo4j` started (its settings in .neo4j/env). Without either the tests skip with the
reason; under `make test` (OBLIGRAPH_REQUIRE_NEO4J=1) they fail instead, so CI cannot pass
with the Neo4j tests silently skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL_ENV = ROOT / ".neo4j" / "env"


def _local_env() -> dict[str, str]:
    """The NEO4J_* assignments of the running `make neo4j` server, or {}."""
    try:
        pairs = dict(
            line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line
        )
        os.kill(int(pairs["NEO4J_PID"]), 0)  # still running?
    except (OSError, KeyError, ValueError):
        return {}
    return pairs


@pytest.fixture(scope="session")
def neo4j_settings():
    """Settings of the Neo4j server the tests may write to (skip, or fail under make test)."""
    from obligraph.graph.neo4j_store import Neo4jSettings

    if os.environ.get("NEO4J_URI"):
        return Neo4jSettings.from_env()
    local = _local_env()
    if local:
        return Neo4jSettings.from_env(environ=local)
    reason = "no Neo4j server: NEO4J_URI not set and `make neo4j` not running"
    if os.environ.get("OBLIGRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(reason + " (OBLIGRAPH_REQUIRE_NEO4J=1)")
    pytest.skip(reason)
