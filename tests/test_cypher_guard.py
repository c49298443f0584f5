"""graph.cypher_guard: the allow-list in front of the embedded engine.

The write and exfiltration attempts of the audit (issue 22), reconstructed: every write
clause, DDL, COPY TO/FROM, EXPORT/IMPORT DATABASE, LOAD FROM, INSTALL/LOAD EXTENSION,
ATTACH/USE/DETACH, CHECKPOINT, transactions, CALL of table functions (READ_CSV_SERIAL,
READ_PARQUET, READ_NPY, READ_CSV_PARALLEL, …), `;` chains, keywords hidden behind comments
and strings, mixed case. Each is refused with one line, and the proof that none reaches
the engine: the real connection is wrapped by a recorder that sees every text handed to
it, no file is written, no `.wal`/`.shadow` is left beside the database, and read
queries keep working after all of them (the CHECKPOINT of the audit locked them out).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_build import kh103, notice_000

from obligraph.errors import QueryError
from obligraph.graph.build import build_graph
from obligraph.graph.cypher_guard import (
    RESERVED,
    check_cypher,
    explain_engine_error,
    tokenize,
)
from obligraph.graph.ladybug_store import DB_FILE, LadybugStore, write_ladybug
from obligraph.graph.store_folder import write_store

OUT = "/tmp/obligraph-guard-exfil"  # every exfiltration target; must never appear

WRITES = [
    "CREATE (:Agency {id: 'x'})",
    "MATCH (a:Agency) SET a.name = 'x'",
    "MATCH (a:Agency) DELETE a",
    "MATCH (a:Agency) DETACH DELETE a",
    "MATCH (a:Agency) REMOVE a.name",
    "MERGE (a:Agency {id: 'x'})",
    "MATCH (t:Task) WITH t CREATE (:Agency {id: t.id})",
    "UNWIND [1, 2] AS i CREATE (:Agency {id: toString(i)})",
    "MATCH (a:Agency) FOREACH (x IN [1] | SET a.name = 'x')",
    "MATCH (a:Agency) MERGE (a)-[:MEMBER_OF]->(a)",
    "mAtCh (a:Agency) sEt a.name = 'x'",
]
# Refused with --write too: DDL, nothing that reads or writes files, extensions, other
# databases, transactions or checkpoints (--write changes data only).
DANGERS = [
    # DDL
    "CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))",
    "CREATE REL TABLE R(FROM Task TO Task)",
    "DROP TABLE Task",
    "ALTER TABLE Task ADD extra STRING",
    "COMMENT ON TABLE Task IS 'x'",
    "CREATE MACRO m(x) AS x + 1",
    # COPY
    f"COPY Task TO '{OUT}/task.csv'",
    f"COPY (MATCH (t:Task) RETURN t.text) TO '{OUT}/text.csv'",
    "COPY Task FROM '/etc/passwd'",
    "COPY Agency FROM (LOAD FROM '/etc/passwd' RETURN *)",
    # EXPORT / IMPORT
    f"EXPORT DATABASE '{OUT}/db'",
    f"IMPORT DATABASE '{OUT}/db'",
    # LOAD FROM, extensions
    "LOAD FROM '/etc/passwd' RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *",
    "LOAD EXTENSION httpfs",
    "INSTALL httpfs",
    "UNINSTALL httpfs",
    # other databases
    f"ATTACH '{OUT}/other.lbug' AS other (dbtype lbug)",
    "USE other",
    "DETACH other",
    # checkpoint, transactions
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "BEGIN TRANSACTION READ ONLY",
    "COMMIT",
    "ROLLBACK",
    # table functions
    "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
    "CALL READ_PARQUET('/etc/passwd') RETURN *",
    "CALL READ_NPY('/etc/passwd') RETURN *",
    "CALL READ_CSV_PARALLEL('/etc/passwd') RETURN *",
    "CALL show_tables() RETURN *",
    "CALL table_info('Task') RETURN *",
    "CALL threads = 1",
    "RETURN 1 UNION CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",
    "MATCH (t:Task) WHERE EXISTS { CALL READ_CSV_SERIAL('/etc/passwd') RETURN * } RETURN t",
    "RETURN `READ_CSV_SERIAL`('/etc/passwd')",
    "RETURN read_csv_serial('/etc/passwd')",
    # chains
    "MATCH (n:Task) RETURN n.id; CHECKPOINT",
    "RETURN 1; CREATE (:Agency {id: 'x'})",
    "MATCH (n:Task) RETURN n.id ;DROP TABLE Task;",
    f"RETURN 1;COPY Task TO '{OUT}/chain.csv'",
    # comments and strings that hide or fake a keyword
    "/* RETURN 1 */ CHECKPOINT",
    "MATCH (n:Task) RETURN n.id /* x */ ; /* y */ CHECKPOINT",
    "RETURN 1 // a comment\nCHECKPOINT",
    "RETURN '*/' /* ' */ CHECKPOINT",
    f"RETURN 'a\\'' ; COPY Task TO '{OUT}/esc.csv'",
    'RETURN "//" CHECKPOINT',
    "RETURN 1 /* unclosed CHECKPOINT",
    "RETURN 'unclosed CHECKPOINT",
    # mixed case
    "cHeCkPoInT",
    "CaLl read_csv_serial('/etc/passwd') return *",
    f"copy Task to '{OUT}/lower.csv'",
    # keywords as variables, other statements
    f"MATCH (copy:Task) COPY Task TO '{OUT}/var.csv'",
    f"WITH 1 AS copy COPY Task TO '{OUT}/alias.csv'",
    "PROFILE MATCH (n:Task) RETURN n",
    "EXPLAIN MATCH (n:Task) RETURN n",
    "RETURN 1 ； CHECKPOINT",  # a full-width semicolon
    "WITH 1. CALL READ_CSV_SERIAL('/etc/passwd') RETURN *",  # "1." read as a number
    "WITH 1 . COPY RETURN 1",
]
ATTEMPTS = WRITES + DANGERS

READS = [
    "MATCH (t:Task) RETURN count(*) AS n",
    "MATCH (t:Task) WHERE t.text CONTAINS 'CHECKPOINT; COPY' RETURN t.id AS id",
    "MATCH (d:Document)-[:ASSIGNS]->(t:Task) RETURN d.number, t.`no` ORDER BY t.`no` LIMIT 2",
    "OPTIONAL MATCH (a:Agency {id: 'none'}) RETURN a.name AS name",
    "UNWIND [1, 2] AS i RETURN i ORDER BY i DESC SKIP 1",
    "MATCH (t:Task) RETURN t.id AS id UNION ALL MATCH (d:Document) RETURN d.id AS id",
    "MATCH p = (d:Document)-[:IMPLEMENTS*1..6]->(x:Document) RETURN length(p) AS hops",
    "MATCH (t:Task) WITH t, toLower(t.text) AS low WHERE low STARTS WITH 'x' RETURN t.id",
    "RETURN 1 AS one; // a closing semicolon ends the statement",
]


class Recorder:
    """The real connection, recording every text handed to the engine."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.seen: list[str] = []

    def execute(self, cypher, params=None):
        self.seen.append(cypher)
        return self.conn.execute(cypher, params or {})

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="module")
def db_dir(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("guard") / "store"
    write_store(build_graph([kh103(), notice_000()]), store, report={}, inputs=[])
    return store / "ladybug"


def _db_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("write", [False, True])
def test_every_attempt_is_refused_before_the_engine(db_dir, write) -> None:
    assert len(ATTEMPTS) >= 47
    before = _db_files(db_dir)
    attempts = DANGERS if write else ATTEMPTS
    with LadybugStore(db_dir, write=write) as store:
        store._conn = recorder = Recorder(store._conn)
        for attempt in attempts:
            with pytest.raises(QueryError) as err:
                store.query(attempt)
            assert "\n" not in str(err.value), attempt
        assert recorder.seen == []  # not one text reached the engine
        assert store.query("MATCH (t:Task) RETURN count(*) AS n") == [{"n": 3}]
        assert len(recorder.seen) == 1
    assert not Path(OUT).exists()
    assert _db_files(db_dir) == before == [DB_FILE]  # no .wal, no .shadow


def test_reads_pass_and_answer(db_dir) -> None:
    with LadybugStore(db_dir) as store:
        for query in READS:
            store.query(query)
    assert _db_files(db_dir) == [DB_FILE]


def test_write_mode_changes_data_only(tmp_path) -> None:
    folder = tmp_path / "ladybug"
    write_ladybug(build_graph([notice_000()]), folder)
    with LadybugStore(folder, write=True) as store:
        store.query("MATCH (d:Document) SET d.title = $title", {"title": "x"})
        assert store.query("MATCH (d:Document) RETURN DISTINCT d.title AS t") == [{"t": "x"}]


def test_missing_parameter_is_an_error_not_null(db_dir) -> None:
    with LadybugStore(db_dir) as store:
        with pytest.raises(QueryError, match=r"missing parameter \$year"):
            store.query("MATCH (d:Document) WHERE d.issued > $year RETURN d.id")
        assert store.query("RETURN $n AS n", {"n": None}) == [{"n": None}]
        with pytest.raises(QueryError, match="invalid literal"):
            store.query("RETURN $n AS n", {"n": [1, "a", None]})  # was a traceback


def test_reserved_word_error_says_how_to_quote(db_dir) -> None:
    with LadybugStore(db_dir) as store, pytest.raises(QueryError) as err:
        store.query("MATCH (t:Task) RETURN t.group")
    assert "write t.`group`" in str(err.value)
    assert "t.`group`" in explain_engine_error("Invalid input <t.group>: x")


def test_tokenizer_keeps_strings_comments_and_names_apart() -> None:
    tokens = tokenize("RETURN 'a // b' AS `x -- /* y` /* z */ // w")
    assert [t.kind for t in tokens] == ["word", "string", "word", "quoted"]
    check_cypher("MATCH (n:Task) RETURN n.`CHECKPOINT`")  # a quoted name is a name
    with pytest.raises(QueryError):
        check_cypher("MATCH (n:Task) RETURN CHECKPOINT")


@pytest.mark.parametrize(
    "query",
    ["CHECKPOINT", "CALL READ_CSV_SERIAL('/etc/passwd') RETURN *", "CALL READ_NPY('/x') RETURN *"],
)
def test_cli_refuses_in_one_line_and_later_reads_work(db_dir, query) -> None:
    """The audit's CHECKPOINT locked every later read out; READ_CSV_SERIAL crashed (139)."""
    store = db_dir.parent
    obligraph = [str(Path(sys.executable).parent / "obligraph")]
    run = subprocess.run(
        [*obligraph, "cypher", query, "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("obligraph: ") and run.stderr.count("\n") == 1
    again = subprocess.run(
        [*obligraph, "cypher", "MATCH (t:Task) RETURN count(*) AS n", "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert _db_files(db_dir) == [DB_FILE]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(READS),
    st.sampled_from(sorted(RESERVED)),
    st.integers(0, 200),
    st.sampled_from(["", " ", "/* c */", "\n", "// c\n"]),
)
def test_a_statement_keyword_anywhere_is_refused(read, word, at, pad) -> None:
    """A statement keyword put between any two tokens of a good query (where it is not a
    name), in any case, with comments around it, is refused (read-only)."""
    tokens = [t.text for t in tokenize(read)]
    at = at % (len(tokens) + 1)
    # right after `.`, `:` or `|` (or before `:`) a word is a property, label or key name
    assume(not (at and tokens[at - 1] in (".", ":", "|")))
    assume(not (at < len(tokens) and tokens[at] == ":"))
    cased = word.lower() if at % 2 else word
    text = " ".join([*tokens[:at], f"{pad}{cased}{pad}", *tokens[at:]])
    with pytest.raises(QueryError):
        check_cypher(text)
