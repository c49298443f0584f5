"""graph.ladybug_store: bulk import of the contract into LadybugDB and read-only Cypher.

Runs the real embedded engine on graphs built from the records of test_build.py.
"""

from __future__ import annotations

from collections import Counter

import pytest
from test_build import KH103, NOTICE, kh103, notice_000

from obligraph.errors import QueryError, StoreError
from obligraph.graph.build import build_graph
from obligraph.graph.ladybug_store import (
    LadybugStore,
    _plain,
    schema_statements,
    write_clause,
    write_ladybug,
)
from obligraph.graph.store import open_store, parse_param


@pytest.fixture(scope="module")
def graph():
    g = build_graph([kh103(), notice_000()])
    # Values the CSV route must carry unchanged: commas, quotes and newlines in text,
    # an alias list whose items hold commas.
    g.nodes["unresolved:cong-an-tinh"]["aliases"] = ["Công an tỉnh Bình Định", "CA, tỉnh"]
    g.nodes[f"{NOTICE}/task/4"]["result"] = 'Kế hoạch "Đề án 06", bản 2\ndòng hai'
    return g


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("store") / "ladybug"
    counts = write_ladybug(graph, db_dir)
    assert counts["Task"] == 3
    with LadybugStore(db_dir) as s:
        yield s


def test_counts_match_the_networkx_graph(graph, store) -> None:
    for label, n in Counter(a["label"] for _, a in graph.nodes(data=True)).items():
        assert store.query(f"MATCH (n:{label}) RETURN count(*) AS n") == [{"n": n}], label
    for rel_type, n in Counter(a["type"] for _, _, a in graph.edges(data=True)).items():
        rows = store.query(f"MATCH ()-[r:{rel_type}]->() RETURN count(*) AS n")
        assert rows == [{"n": n}], rel_type


def test_cites_joins_documents_and_tasks(store) -> None:
    rows = store.query(
        "MATCH (t:Task)-[c:CITES]->(d:Document) RETURN t.id AS task, d.id AS doc, c.line AS line "
        "ORDER BY task"
    )
    assert rows == [
        {"task": f"{KH103}/body/II.1.a", "doc": "doc:57-nq-tw-2024", "line": 181},
        {"task": f"{NOTICE}/task/4", "doc": "doc:name:de-an-06", "line": 193},
    ]
    docs = store.query(
        "MATCH (:Document {id: $id})-[:CITES]->(d:Document) RETURN d.id AS id ORDER BY id",
        {"id": NOTICE},
    )
    assert docs == [{"id": "doc:37-kh-ubnd-2025"}, {"id": "doc:name:de-an-06"}]


def test_values_round_trip(store) -> None:
    [agency] = store.query(
        "MATCH (a:Agency {id: 'unresolved:cong-an-tinh'}) "
        "RETURN a.name AS name, a.aliases AS aliases, a.unresolved AS unresolved, a.kind AS kind"
    )
    assert agency == {
        "name": "Công an tỉnh",
        "aliases": ["Công an tỉnh Bình Định", "CA, tỉnh"],
        "unresolved": True,
        "kind": None,
    }
    [task] = store.query(
        "MATCH (t:Task {no: '4'}) RETURN t.result AS result, t.line_start AS line, t.`group` AS g"
    )
    assert task == {"result": 'Kế hoạch "Đề án 06", bản 2\ndòng hai', "line": 187, "g": None}
    [doc] = store.query(
        "MATCH (d:Document {number: '37/KH-UBND'}) RETURN d.issued AS issued, d.in_corpus AS c"
    )
    assert doc == {"issued": "2025-02-26", "c": False}
    [edge] = store.query(
        "MATCH (:Task)-[r:ASSIGNED_TO {role: 'coordinate'}]->(a:Agency) "
        "RETURN a.name AS name, r.source AS source, r.line AS line"
    )
    assert edge == {
        "name": "Các sở, ngành, địa phương",
        "source": "001_2f8b4d489cccd7d8.txt",
        "line": 1554,
    }


def test_rows_convert_only_the_cells_that_need_it(store) -> None:
    # Plain columns (STRING, INT64, STRING[], BOOL, nulls) come back as fetched; nodes,
    # relationships, structs and dates still pass through _plain, cell by cell, exactly
    # as the engine's own rows converted one value at a time.
    cypher = (
        "MATCH (d:Document)-[r:SUPERSEDES]->(old:Document) "
        "RETURN d.id AS id, old, r, date(old.issued) AS issued, {day: date(old.issued), "
        "n: 1} AS s, d.in_corpus AS c, [d.id] AS ids, d.signer AS signer, 1 AS one"
    )
    rows = store.query(cypher)
    raw = store._conn.execute(cypher)
    columns = raw.get_column_names()
    expected = []
    while raw.has_next():
        expected.append(dict(zip(columns, map(_plain, raw.get_next()), strict=True)))
    assert rows == expected and len(rows) == 1
    [row] = rows
    assert row["old"]["_label"] == "Document" and "_ID" not in row["old"]
    assert row["r"]["_label"] == "SUPERSEDES" and "_SRC" not in row["r"]
    assert row["issued"] == "2025-02-26" and row["s"] == {"day": "2025-02-26", "n": 1}
    assert (row["c"], row["ids"], row["one"]) == (True, [KH103], 1)


def test_lineage_path_lengths_and_dates_compare_as_strings(store) -> None:
    rows = store.query(
        "MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(:Document {number: '57-NQ/TW'}) "
        "RETURN d.number AS number, length(p) AS hops ORDER BY hops, number"
    )
    assert rows == [{"number": "152-KH/TU", "hops": 1}, {"number": "103/KH-UBND", "hops": 2}]
    before = store.query(
        "MATCH (d:Document) WHERE d.issued < $date RETURN d.id AS id ORDER BY id",
        {"date": "2025-01-01"},
    )
    assert before == [{"id": "doc:57-nq-tw-2024"}]


def test_read_only_refuses_writes_but_not_words_in_strings(store) -> None:
    with pytest.raises(QueryError, match="CREATE changes the store"):
        store.query("CREATE (:Agency {id: 'x'})")
    with pytest.raises(QueryError, match="DETACH"):
        store.query("MATCH (a:Agency) DETACH DELETE a")
    assert store.query("MATCH (t:Task) WHERE t.text CONTAINS 'SET' RETURN t.id AS id") == []
    assert write_clause("MATCH (n) // CREATE later\nRETURN n") is None


def test_syntax_error_is_one_line(store) -> None:
    with pytest.raises(QueryError) as err:
        store.query("MATCH (d:Document) WHERE RETURN d")
    assert "Parser exception" in str(err.value)
    assert "\n" not in str(err.value)


def test_write_mode_and_rebuild_guard(graph, tmp_path) -> None:
    db_dir = tmp_path / "ladybug"
    write_ladybug(graph, db_dir)
    with pytest.raises(StoreError, match="already exists"):
        write_ladybug(graph, db_dir)
    with LadybugStore(db_dir, write=True) as s:
        s.query("MATCH (a:Agency {id: 'unresolved:cong-an-tinh'}) SET a.kind = 'police'")
        assert s.query("MATCH (a:Agency {kind: 'police'}) RETURN a.id AS id") == [
            {"id": "unresolved:cong-an-tinh"}
        ]


def test_missing_store_names_the_folder(tmp_path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*nowhere/: run `obligraph build` first"):
        open_store(tmp_path / "nowhere")


def test_schema_has_a_table_for_every_contract_type() -> None:
    ddl = "\n".join(schema_statements())
    assert "CREATE REL TABLE CITES(FROM Document TO Document, FROM Task TO Document" in ddl
    assert "`aliases` STRING[]" in ddl


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no=21", ("no", 21)),
        ("score=0.85", ("score", 0.85)),
        ("flag=false", ("flag", False)),
        ("date=2025-03-01", ("date", "2025-03-01")),
        ("number=57-NQ/TW", ("number", "57-NQ/TW")),
        ("name=Sở Tài chính", ("name", "Sở Tài chính")),
        ("text=a=b", ("text", "a=b")),
        ('ids:=["a", "b"]', ("ids", ["a", "b"])),
    ],
)
def test_parse_param(text, expected) -> None:
    assert parse_param(text) == expected


@pytest.mark.parametrize("text", ["novalue", "bad name=1", "xs:=[1,"])
def test_parse_param_errors(text) -> None:
    with pytest.raises(QueryError, match="--param"):
        parse_param(text)
