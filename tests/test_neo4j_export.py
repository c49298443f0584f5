"""CSV export for `neo4j-admin database import full`: read back, compared with graph.json.

No Neo4j here, so the files are checked the way neo4j-admin reads them: the csv module
parses them, each header field's `:type` converts the values, and the result must be the
graph of graph.json exactly (every node and relationship once, same properties).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.graph import contract
from obligraph.graph.graphjson import read_graph_json, write_graph_json
from obligraph.graph.neo4j_csv import DATE_PROPERTIES, ExportError, export_csv
from obligraph.graph.store_folder import write_store

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

# A header field as neo4j-admin reads it: "id:ID", ":LABEL", "line_start:int", "title".
HEADER_FIELD = re.compile(
    r"^(id:ID|:LABEL|:START_ID|:END_ID|:TYPE|[a-z][a-z_]*(:(int|float|boolean|date|string\[\]))?)$"
)

# Text that needs every kind of CSV care: a quote, commas, newlines, markup, Vietnamese.
NASTY = 'Sở "Khoa học", Công nghệ\nbáo cáo <script>alert("x")</script>, xong; trước 30/6'


def _contract_graph() -> nx.MultiDiGraph:
    """A small graph following the contract of docs/architecture.md, values from the seeds."""
    g = nx.MultiDiGraph()

    def node(node_id: str, label: str, **props: object) -> None:
        base = dict.fromkeys(contract.NODE_PROPERTIES[label])
        g.add_node(node_id, label=label, **{**base, **props})

    def edge(u: str, v: str, rel: str, key: str | None = None, **props: object) -> None:
        base = dict.fromkeys(contract.rel_properties(rel))
        g.add_edge(u, v, key=key or rel, type=rel, **{**base, **props})

    node(
        "doc:103-kh-ubnd-2025",
        "Document",
        number="103/KH-UBND",
        kind="Kế hoạch",
        kind_code="KH",
        issuer="UBND tỉnh",
        issued="2025-05-26",
        source="001_2f8b4d489cccd7d8.txt",
        in_corpus=True,
    )
    node("doc:57-nq-tw-2024", "Document", number="57-NQ/TW", kind="Nghị quyết", in_corpus=False)
    node(
        "doc:103-kh-ubnd-2025/task/28",
        "Task",
        doc_id="doc:103-kh-ubnd-2025",
        no="28",
        origin="appendix",
        text=NASTY,
        deadline_text="Quý II/2025",
        due="2025-06-30",
        recurrence=None,
        source="001_2f8b4d489cccd7d8.txt",
        line_start=956,
        line_end=958,
    )
    node(
        "doc:103-kh-ubnd-2025/indicator/8.1",
        "Indicator",
        doc_id="doc:103-kh-ubnd-2025",
        no="8.1",
        name="Xếp hạng về an toàn thông tin mạng",
        unit="Thứ bậc",
        target="≤20",
        horizon=2030,
        line_start=956,
        line_end=956,
    )
    node("cong-an-tinh", "Agency", name="Công an tỉnh", aliases=["CAT", "Công an"], kind="police")
    node(
        "so-thong-tin-va-truyen-thong",
        "Agency",
        name="Sở Thông tin và Truyền thông",
        aliases=[],
        active_to="2025-03-01",
    )
    node("so-khoa-hoc-va-cong-nghe", "Agency", name="Sở Khoa học và Công nghệ", aliases=["KH&CN"])
    node("unresolved:cac-so-nganh", "Agency", name="Các sở, ngành", unresolved=True)
    edge("doc:103-kh-ubnd-2025", "doc:57-nq-tw-2024", "IMPLEMENTS", evidence=NASTY, line=12)
    edge("doc:103-kh-ubnd-2025", "doc:103-kh-ubnd-2025/task/28", "ASSIGNS")
    edge("doc:103-kh-ubnd-2025", "doc:103-kh-ubnd-2025/indicator/8.1", "SETS")
    for role in ("lead", "coordinate"):  # the same agency in both roles: two relationships
        edge(
            "doc:103-kh-ubnd-2025/task/28",
            "cong-an-tinh",
            "ASSIGNED_TO",
            key=f"ASSIGNED_TO:{role}",
            role=role,
            source="001_2f8b4d489cccd7d8.txt",
            line=956,
        )
    edge("doc:103-kh-ubnd-2025/indicator/8.1", "cong-an-tinh", "MONITORED_BY")
    edge(
        "so-thong-tin-va-truyen-thong",
        "so-khoa-hoc-va-cong-nghe",
        "SUCCEEDED_BY",
        date="2025-03-01",
        evidence="hợp nhất",
    )
    edge("doc:103-kh-ubnd-2025/task/28", "doc:103-kh-ubnd-2025/task/28", "RESTATES", score=0.875)
    return g


def _convert(raw: str, kind: str) -> object:
    """A CSV field as neo4j-admin types it; an empty field is no property (None)."""
    if raw == "":
        return None
    return {
        "int": int,
        "float": float,
        "boolean": lambda s: s == "true",
        "string[]": lambda s: s.split(";"),
    }.get(kind, str)(raw)


def _expected(value: object) -> object:
    """What a graph value becomes after the round trip: [] and "" are no property."""
    return None if value in ([], "") else value


def read_back(out_dir: Path) -> tuple[dict[str, dict], Counter, list[dict]]:
    """Nodes by id (label + props), a count of node ids, and relationship rows."""
    nodes: dict[str, dict] = {}
    seen: Counter = Counter()
    rels: list[dict] = []
    for path in sorted(out_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            for row in reader:
                assert len(row) == len(header), f"{path.name}: ragged row {row[:2]}"
                record: dict[str, object] = {}
                for field, raw in zip(header, row, strict=True):
                    name, _, kind = field.partition(":")
                    record[name or field] = _convert(raw, kind)
                if path.name.startswith("nodes_"):
                    node_id = record.pop("id")
                    seen[node_id] += 1
                    nodes[node_id] = record
                else:
                    rels.append(record)
    return nodes, seen, rels


def drop_date_twins(record: dict) -> dict:
    """Check each DATE twin equals its ISO string property, then drop it (Neo4j-only)."""
    for name in [k for k in record if k.endswith("_as_date")]:
        base = name.removesuffix("_as_date")
        assert base in DATE_PROPERTIES and record.pop(name) == record[base], name
    return record


def assert_matches_graph_json(out_dir: Path, graph_json: Path) -> None:
    """Every node and relationship of graph.json exactly once in the CSVs, same properties."""
    data = json.loads(graph_json.read_text(encoding="utf-8"))
    nodes, seen, rels = read_back(out_dir)
    nodes = {k: drop_date_twins(v) for k, v in nodes.items()}
    rels = [drop_date_twins(r) for r in rels]
    assert set(seen.values()) <= {1}, "a node id appears in two rows"
    assert sorted(nodes) == sorted(n["id"] for n in data["nodes"])
    for n in data["nodes"]:
        got = dict(nodes[n["id"]])
        assert got.pop(":LABEL") == n["label"]
        want = {k: _expected(v) for k, v in n.items() if k not in ("id", "label")}
        assert got == want, n["id"]
    want_rels = sorted(
        (
            e["from"],
            e["to"],
            e["type"],
            json.dumps(
                {k: _expected(v) for k, v in e.items() if k not in ("from", "to", "key", "type")},
                sort_keys=True,
                ensure_ascii=False,
            ),
        )
        for e in data["edges"]
    )
    got_rels = sorted(
        (
            r.pop(":START_ID"),
            r.pop(":END_ID"),
            r.pop(":TYPE"),
            json.dumps(r, sort_keys=True, ensure_ascii=False),
        )
        for r in rels
    )
    assert got_rels == want_rels
    by_type = Counter(e["type"] for e in data["edges"])
    by_label = Counter(n["label"] for n in data["nodes"])
    for path in out_dir.glob("*.csv"):
        kind, _, name = path.stem.partition("_")
        rows = sum(1 for _ in csv.reader(path.open(encoding="utf-8", newline=""))) - 1
        assert rows == (by_label if kind == "nodes" else by_type)[name], path.name


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """store/graph.json built from the four seed documents by the real pipeline."""
    from obligraph.graph.build import build_from_paths

    store = tmp_path_factory.mktemp("store")
    graph, _ = build_from_paths([RAW])
    write_store(graph, store / "store", report={}, inputs=[])
    return store / "store"


def test_seeds_export_holds_exactly_graph_json(seeds_store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["neo4j", "export", str(tmp_path / "csv"), "--store", str(seeds_store)]
    )
    assert result.exit_code == 0, result.output
    assert "--multiline-fields=true" in result.output
    assert_matches_graph_json(tmp_path / "csv", seeds_store / "graph.json")
    graph = read_graph_json(seeds_store / "graph.json")
    documents = [n for n, d in graph.nodes(data=True) if d["label"] == "Document"]
    assert len(documents) >= 4  # the four seeds at least, in_corpus
    with (tmp_path / "csv" / "nodes_Document.csv").open(encoding="utf-8", newline="") as f:
        in_corpus = [r["in_corpus:boolean"] for r in csv.DictReader(f)]
    assert in_corpus.count("true") == 4


def test_contract_graph_round_trips_with_nasty_text(tmp_path: Path) -> None:
    graph = _contract_graph()
    write_graph_json(graph, tmp_path / "graph.json")
    export = export_csv(read_graph_json(tmp_path / "graph.json"), tmp_path / "csv")
    assert_matches_graph_json(tmp_path / "csv", tmp_path / "graph.json")
    assert export.counts() == {
        "nodes": {"Agency": 4, "Document": 2, "Indicator": 1, "Task": 1},
        "relationships": {
            "ASSIGNED_TO": 2,
            "ASSIGNS": 1,
            "IMPLEMENTS": 1,
            "MONITORED_BY": 1,
            "RESTATES": 1,
            "SETS": 1,
            "SUCCEEDED_BY": 1,
        },
    }
    text = (tmp_path / "csv" / "nodes_Task.csv").read_text(encoding="utf-8")
    # RFC 4180: the field is quoted, inner quotes doubled, the newline kept inside quotes.
    assert (
        '"Sở ""Khoa học"", Công nghệ\nbáo cáo <script>alert(""x"")</script>, xong; trước 30/6"'
        in text
    )
    nodes, _, rels = read_back(tmp_path / "csv")
    assert nodes["doc:103-kh-ubnd-2025/task/28"]["text"] == NASTY
    assert [r["evidence"] for r in rels if r[":TYPE"] == "IMPLEMENTS"] == [NASTY]
    assert nodes["cong-an-tinh"]["aliases"] == ["CAT", "Công an"]
    assert nodes["doc:103-kh-ubnd-2025"]["issued"] == "2025-05-26"
    assert nodes["doc:103-kh-ubnd-2025"]["issued_as_date"] == "2025-05-26"  # typed :date
    assert nodes["doc:57-nq-tw-2024"]["issued_as_date"] is None
    assert sorted(r["role"] for r in rels if r[":TYPE"] == "ASSIGNED_TO") == ["coordinate", "lead"]


def test_headers_are_neo4j_admin_format(tmp_path: Path) -> None:
    export_csv(_contract_graph(), tmp_path)
    headers = {
        p.name: next(csv.reader(p.open(encoding="utf-8", newline="")))
        for p in tmp_path.glob("*.csv")
    }
    for name, header in headers.items():
        assert all(HEADER_FIELD.match(h) for h in header), (name, header)
        if name.startswith("nodes_"):
            assert header[:2] == ["id:ID", ":LABEL"]
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert headers["nodes_Document.csv"] == [
        "id:ID",
        ":LABEL",
        "number",
        "kind",
        "kind_code",
        "issuer",
        "issued",
        "issued_as_date:date",
        "title",
        "signer",
        "source",
        "in_corpus:boolean",
        "province",
    ]
    assert "aliases:string[]" in headers["nodes_Agency.csv"]
    assert {"active_to", "active_to_as_date:date"} <= set(headers["nodes_Agency.csv"])
    assert "unresolved:boolean" in headers["nodes_Agency.csv"]
    assert {"line_start:int", "due", "due_as_date:date", "due_from_as_date:date"} <= set(
        headers["nodes_Task.csv"]
    )
    assert "horizon:int" in headers["nodes_Indicator.csv"]
    assert headers["rels_ASSIGNED_TO.csv"] == [
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "role",
        "source",
        "line:int",
    ]
    assert "score:float" in headers["rels_RESTATES.csv"]
    assert {"date", "date_as_date:date"} <= set(headers["rels_SUCCEEDED_BY.csv"])


def test_import_script_passes_every_file_to_neo4j_admin(tmp_path: Path) -> None:
    export = export_csv(_contract_graph(), tmp_path / "csv")
    script = tmp_path / "csv" / "import.sh"
    # A stand-in neo4j-admin that prints its arguments, one a line: the script runs for real.
    recorder = tmp_path / "neo4j-admin"
    recorder.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    recorder.chmod(0o755)
    run = subprocess.run(
        ["sh", str(script), "obligraph", "--overwrite-destination=true"],
        env={"NEO4J_ADMIN": str(recorder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    args = run.stdout.splitlines()
    expected = export.command(relative=True)[1:]
    expected[3] = "obligraph"
    assert args == [*expected, "--overwrite-destination=true"]
    assert args[:4] == ["database", "import", "full", "obligraph"]
    assert "--multiline-fields=true" in args
    assert '--quote="' in args and "--array-delimiter=;" in args
    files = [a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert sorted(files) == sorted(p.name for p in (tmp_path / "csv").glob("*.csv"))
    first_rel = next(i for i, a in enumerate(args) if a.startswith("--relationships="))
    assert all(not a.startswith("--nodes=") for a in args[first_rel:])
    constraints = (tmp_path / "csv" / "constraints.cypher").read_text(encoding="utf-8")
    assert constraints.count("IF NOT EXISTS") == 4
    assert "FOR (n:Task) REQUIRE n.id IS UNIQUE" in constraints


def test_export_is_byte_identical_across_runs(tmp_path: Path) -> None:
    export_csv(_contract_graph(), tmp_path / "a")
    export_csv(_contract_graph(), tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_alias_containing_the_array_delimiter_is_refused(tmp_path: Path) -> None:
    graph = _contract_graph()
    graph.nodes["cong-an-tinh"]["aliases"] = ["CAT; Công an"]
    with pytest.raises(ExportError, match="array delimiter"):
        export_csv(graph, tmp_path)


def test_a_date_that_is_not_iso_is_refused(tmp_path: Path) -> None:
    graph = _contract_graph()
    graph.nodes["doc:103-kh-ubnd-2025/task/28"]["due"] = "30/6/2025"
    with pytest.raises(ExportError, match=r"due is '30/6/2025', not an ISO date"):
        export_csv(graph, tmp_path)


def test_export_without_a_store_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["neo4j", "export", str(tmp_path / "csv"), "--store", str(tmp_path / "nope")]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"obligraph: no store at {tmp_path / 'nope'}/: run `obligraph build` first"
    ]


def test_export_replaces_an_earlier_export(tmp_path: Path) -> None:
    export_csv(_contract_graph(), tmp_path)
    smaller = _contract_graph()
    smaller.remove_edges_from(
        [(u, v, k) for u, v, k, t in smaller.edges(keys=True, data="type") if t == "RESTATES"]
    )
    export_csv(smaller, tmp_path)
    assert not (tmp_path / "rels_RESTATES.csv").exists()
    assert "RESTATES" not in (tmp_path / "import.sh").read_text(encoding="utf-8")
