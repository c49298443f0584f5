"""`obligraph build`, `cypher` and `schema-questions` on the seed documents (data/raw).

Acceptance: the real pipeline, the real registry and the real embedded store, through the
CLI. The expected rows were read off the seed texts:
- KH 103 (001_…txt) says at line 632 "Kế hoạch này thay thế Kế hoạch số 37/KH-UBND"; its
  Phụ lục II numbers its task rows 1 to 106.
- Công an tỉnh leads KH 103's Phụ lục II rows 20, 21 (lines 1540, 1553), 74, 75, 77
  (2796, 2807, 2852), 79 and 83 (first of several leads, 2918, 3000) and 80 (2937); it
  coordinates rows 81, 82 and others. Each notice gives it one directive: 000 item 4
  ("Giao Công an tỉnh: Chủ trì …", Đề án 06), 003 item 3 (the SOC centre), 004 item 2
  (Quyết định 4466/QĐ-UBND).
- KH 103's title: it implements 152-KH/TU, "Kế hoạch hành động … của Tỉnh ủy thực hiện
  Nghị quyết số 57-NQ/TW"; lines 632-637: KH 37 implemented "Chương trình hành động số
  32-CTr/TU … thực hiện Nghị quyết số 57-NQ/TW".
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.graph.graphjson import read_graph_json

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("seeds") / "store"
    result = invoke("build", RAW, "--store", folder)
    assert result.exit_code == 0, result.output
    return folder, result.stdout


@pytest.fixture(scope="module")
def store(built) -> Path:
    return built[0]


def cypher_json(store: Path, query: str, *params: str) -> list[dict]:
    args = ["cypher", query, "--store", store, "--json"]
    for p in params:
        args += ["--param", p]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def answers(store) -> dict[str, list[dict]]:
    result = invoke("schema-questions", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_build_writes_the_store(store) -> None:
    assert (store / "graph.json").is_file()
    assert (store / "ladybug" / "graph.lbug").is_file()
    report = json.loads((store / "load_report.json").read_text(encoding="utf-8"))
    assert sorted(d["source"] for d in report["documents"]) == [p.name for p in SEEDS]


def test_build_summary_is_printed(built) -> None:
    out = built[1]
    assert "documents: " in out
    assert "· tasks: " in out
    assert "edges: " in out and "ASSIGNED_TO " in out
    assert "unresolved agencies: " in out


def test_graph_json_is_byte_identical_across_runs_and_orders(store) -> None:
    first = (store / "graph.json").read_bytes()
    # Rebuild over the existing store, the files in reverse order and each given twice:
    # the store is replaced, not added to, and graph.json does not change by one byte.
    result = invoke("build", *reversed(SEEDS), *SEEDS, "--store", store)
    assert result.exit_code == 0, result.output
    assert (store / "graph.json").read_bytes() == first


def test_store_holds_the_same_graph_as_graph_json(store) -> None:
    g = read_graph_json(store / "graph.json")
    labels = Counter(a["label"] for _, a in g.nodes(data=True))
    for label, n in labels.items():
        assert cypher_json(store, f"MATCH (n:{label}) RETURN count(*) AS n") == [{"n": n}]
    types = Counter(a["type"] for _, _, a in g.edges(data=True))
    for rel_type, n in types.items():
        rows = cypher_json(store, f"MATCH ()-[r:{rel_type}]->() RETURN count(*) AS n")
        assert rows == [{"n": n}], rel_type


def test_seed_documents_are_in_corpus(store) -> None:
    rows = cypher_json(
        store, "MATCH (d:Document) WHERE d.in_corpus RETURN d.source AS source ORDER BY source"
    )
    assert [r["source"] for r in rows] == [p.name for p in SEEDS]


def test_question_1_tasks_that_replaced_kh37(answers) -> None:
    rows = answers["schema_1_replaced_kh37"]
    assert {r["new.number"] for r in rows} == {"103/KH-UBND"}
    appendix = [r["t.no"] for r in rows if r["t.origin"] == "appendix"]
    assert sorted(appendix, key=int) == [str(n) for n in range(1, 107)]
    assert {r["t.origin"] for r in rows} <= {"appendix", "body"}
    row20 = next(r for r in rows if r["t.origin"] == "appendix" and r["t.no"] == "20")
    assert row20["t.text"].startswith("Huy động hạ tầng viễn thông, hạ tầng số dùng chung")


def test_question_2_what_cong_an_tinh_leads(answers) -> None:
    rows = answers["schema_2_cong_an_leads"]
    kh103 = {r["t.no"] for r in rows if r["d.number"] == "103/KH-UBND" and r["t.no"].isdigit()}
    assert kh103 == {"20", "21", "74", "75", "77", "79", "80", "83"}
    row21 = next(r for r in rows if r["d.number"] == "103/KH-UBND" and r["t.no"] == "21")
    assert row21["t.deadline_text"] == "Ngay khi Bộ Công an ban hành"
    notices = [r for r in rows if r["d.number"] is None]
    assert len({r["d.id"] for r in notices}) == 3
    texts = " ".join(r["t.text"] for r in notices)
    assert "Đề án 06" in texts  # 000, item 4
    assert "(SOC)" in texts  # 003, item 3
    assert "4466/QĐ-UBND" in texts  # 004, item 2


def test_question_2_agrees_with_graph_json(store, answers) -> None:
    g = read_graph_json(store / "graph.json")
    expected = {
        (g.nodes[t]["doc_id"], g.nodes[t]["no"])
        for t, agency, key in g.edges(keys=True)
        if key == "ASSIGNED_TO:lead" and g.nodes[agency]["name"] == "Công an tỉnh"
    }
    got = {(r["d.id"], r["t.no"]) for r in answers["schema_2_cong_an_leads"]}
    assert got == expected


def test_question_3_lineage_of_nq57(answers) -> None:
    rows = {(r["d.number"], r["hops"]) for r in answers["schema_3_lineage_nq57"]}
    assert {("152-KH/TU", 1), ("103/KH-UBND", 2), ("32-CTr/TU", 1), ("37/KH-UBND", 2)} <= rows


def test_cypher_table_and_parameters(store) -> None:
    result = invoke(
        "cypher",
        "MATCH (d:Document {number: $number}) RETURN d.kind AS kind, d.in_corpus AS loaded",
        "--param",
        "number=103/KH-UBND",
        "--store",
        store,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "kind      loaded",
        "--------  ------",
        "Kế hoạch  True",
        "(1 dòng)",
    ]


def test_cypher_refuses_writes_unless_asked(store) -> None:
    result = invoke("cypher", "MATCH (d:Document) SET d.title = 'x'", "--store", store)
    assert result.exit_code == 1
    assert (
        result.stderr == "obligraph: SET changes the store: queries are read-only (use --write)\n"
    )


def test_cypher_errors_are_one_line(store, tmp_path) -> None:
    result = invoke("cypher", "MATCH (d:Document) WHERE RETURN d", "--store", store)
    assert result.exit_code == 1
    assert result.stderr.startswith("obligraph: Parser exception")
    assert result.stderr.count("\n") == 1
    result = invoke("cypher", "MATCH (d) RETURN d", "--store", tmp_path / "none")
    assert result.exit_code == 1
    assert "run `obligraph build` first" in result.stderr
