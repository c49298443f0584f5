"""One line, never a traceback (issue 22): each failure the audit met, through the CLI.

Every command runs in a subprocess, as a user runs it; the error must be one line on
stderr naming the file or argument, and exit 1.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_build import notice_000

from obligraph.graph.build import build_graph
from obligraph.graph.store_folder import write_store

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
OBLIGRAPH = str(Path(sys.executable).parent / "obligraph")


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [OBLIGRAPH, *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("obligraph: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A small complete store, one agency given a 434-character unresolved heading."""
    g = build_graph([notice_000()])
    heading = ("Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành " * 7)[:434]
    long_id = "unresolved:" + "-".join(heading.lower().split())
    g.add_node(long_id, **{**g.nodes["unresolved:cong-an-tinh"], "name": heading})
    task = next(n for n, a in g.nodes(data=True) if a["label"] == "Task")
    g.add_edge(
        task,
        long_id,
        key="ASSIGNED_TO:lead",
        type="ASSIGNED_TO",
        role="lead",
        source=None,
        line=None,
    )
    folder = tmp_path_factory.mktemp("errors") / "store"
    write_store(g, folder, report={}, inputs=[])
    return folder


def test_cypher_mixed_list_parameter(store) -> None:
    one_line(run("cypher", "RETURN $n", "--param", 'n:=[1,"a",null]', "--store", store))


def test_cypher_unset_parameter(store) -> None:
    one_line(run("cypher", "RETURN $n AS n", "--store", store), "missing parameter $n")


def test_viz_out_is_a_folder(store, tmp_path) -> None:
    one_line(run("viz", "--store", store, "--out", tmp_path), str(tmp_path))


def test_viz_out_full_disk(store) -> None:
    one_line(run("viz", "--store", store, "--out", "/dev/full"), "/dev/full")


def test_sheet_out_is_a_file(store, tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    one_line(
        run("sheet", "--all", "--store", store, "--out", tmp_path / "file"),
        str(tmp_path / "file"),
    )


def test_build_store_is_a_file(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    one_line(run("build", RAW, "--store", tmp_path / "file"), "is a file, not a folder")


def test_sheet_file_names_are_capped(store, tmp_path) -> None:
    """A 434-character agency heading: its sheet is written under a capped name."""
    out = tmp_path / "sheets"
    result = run("sheet", "--all", "--store", store, "--format", "md", "--out", out)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert max(len(n.encode()) for n in names) <= 124
    assert any(len(n) > 100 for n in names)  # the long one, cut, with its hash
