"""The embedded Cypher store: LadybugDB (the maintained fork of Kùzu), bulk-loaded.

`write_ladybug` creates one node table per label and one rel table per relationship type
(docs/schema.md via graph.contract), writes one CSV per table into a temporary folder and
loads each with `COPY … FROM` — never row by row. Dates stay ISO strings, so comparisons
read the same on LadybugDB, Neo4j and networkx. `LadybugStore.query` runs Cypher
read-only unless opened for writing.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("cong-an-tinh", label="Agency", name="Công an tỉnh", aliases=["CA tỉnh"])
>>> d = pathlib.Path(tempfile.mkdtemp()) / "ladybug"
>>> write_ladybug(g, d)["Agency"]
1
>>> with LadybugStore(d) as store:
...     store.query("MATCH (a:Agency) RETURN a.name AS name, a.aliases AS aliases")
[{'name': 'Công an tỉnh', 'aliases': ['CA tỉnh']}]
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

from obligraph.errors import QueryError, StoreError
from obligraph.graph.contract import NODE_PROPERTIES, REL_TYPES, rel_properties
from obligraph.graph.cypher_guard import (
    RefusedCypher,
    check_cypher,
    check_parameters,
    explain_engine_error,
)
from obligraph.graph.store import gc_paused

if TYPE_CHECKING:  # hints only: reading the store imports neither networkx nor the writer
    import networkx as nx

    from obligraph.graph.graphjson import EdgeRow, NodeRow

LADYBUG_DIR = "ladybug"  # inside the store folder
DB_FILE = "graph.lbug"  # LadybugDB keeps a database in one file (plus a write-ahead log)
LIST_SEPARATOR = "\x1f"  # joins STRING[] cells in the CSV; split again by COPY's LOAD FROM
# Every CSV option stated, none guessed: the engine otherwise sniffs quoting from the
# first rows, and a file name with a comma ("00068_tb, bản sao.txt") past them shifted
# the columns of every row after it (issue 22). These match Python's csv.writer.
# The engine's page cache while importing. Its default is most of the machine's memory,
# which a national-scale import (GBs of pages) would fill, so it is sized from the rows:
# node COPY spills to disk beyond it, but a relationship COPY holds its table's rows in
# it and fails when it is full ("Buffer manager exception: Unable to allocate memory!"):
# 11 M ASSIGNED_TO rows (100,000 documents) failed with 1 and 2 GB and passed with 3 GB
# (peak RSS 3.5 GB), so 384 bytes a row of the largest relationship table, at least
# 1 GB, at most half the machine's memory.
IMPORT_POOL_MIN = 1 << 30
IMPORT_POOL_PER_REL_ROW = 384
CSV_OPTIONS = "header=true, delim=',', quote='\"', escape='\"', auto_detect=false, parallel=false"


def write_clause(cypher: str) -> str | None:
    """The first word that makes a query more than a read, ignoring quoted text and
    comments (graph/cypher_guard.py decides; kept for callers that only ask).

    >>> write_clause("MATCH (t:Task) WHERE t.text CONTAINS 'SET' RETURN t.id")
    >>> write_clause("MATCH (t:Task) DETACH DELETE t")
    'DETACH'
    """
    try:
        check_cypher(cypher)
    except RefusedCypher as exc:
        return exc.word
    return None


def _quote(name: str) -> str:
    """Backtick a name: `group` and `no` are keywords in LadybugDB's Cypher."""
    return f"`{name}`"


def _cell(value: Any, kind: str) -> Any:
    """A CSV cell: '' for null, true/false, lists joined by LIST_SEPARATOR."""
    if value is None:
        return ""
    if kind == "BOOLEAN":
        return "true" if value else "false"
    if kind == "STRING[]":
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _load_subquery(path: Path, columns: dict[str, str]) -> str:
    """COPY's source: LOAD FROM the CSV with declared types, lists split back into lists."""
    header = ", ".join(
        f"{_quote(c)} {'STRING' if t == 'STRING[]' else t}" for c, t in columns.items()
    )
    returns = []
    for column, kind in columns.items():
        if kind == "STRING[]":
            returns.append(
                f"CASE WHEN {_quote(column)} IS NULL THEN CAST([] AS STRING[]) "
                f"ELSE string_split({_quote(column)}, '{LIST_SEPARATOR}') END"
            )
        else:
            returns.append(_quote(column))
    return (
        f"LOAD WITH HEADERS ({header}) FROM '{path.as_posix()}' "
        f"({CSV_OPTIONS}) RETURN {', '.join(returns)}"
    )


def schema_statements() -> list[str]:
    """The DDL for the contract: node tables, then rel tables (CITES with two FROM/TO pairs).

    >>> schema_statements()[-1]
    'CREATE REL TABLE DETAILS(FROM Task TO Task, `source` STRING, `line` INT64)'
    """
    statements = []
    for label, props in NODE_PROPERTIES.items():
        columns = ", ".join(f"{_quote(p)} {t}" for p, t in props.items())
        statements.append(f"CREATE NODE TABLE {label}(`id` STRING, {columns}, PRIMARY KEY(`id`))")
    for rel_type, spec in REL_TYPES.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in spec.endpoints)
        props = ", ".join(f"{_quote(p)} {t}" for p, t in rel_properties(rel_type).items())
        statements.append(f"CREATE REL TABLE {rel_type}({pairs}, {props})")
    return statements


class TableFiles:
    """The CSV file of every node table and relationship table, written row by row from
    sorted rows (graph/graphjson.py NodeRow / EdgeRow), so an import never holds the
    graph: one file per label and per (type, from label, to label). Counts the rows and
    keeps an order-free digest of each label's ids, to check the import against."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[Any, tuple[Any, Any]] = {}
        self.nodes: dict[str, int] = dict.fromkeys(NODE_PROPERTIES, 0)
        self.rels: dict[tuple[str, str, str], int] = {}
        self.digests: dict[str, int] = dict.fromkeys(NODE_PROPERTIES, 0)
        for label, props in NODE_PROPERTIES.items():
            self._open(label, f"{label}.csv", ["id", *props])

    def _open(self, table: Any, name: str, header: list[str]) -> Any:
        f = (self.folder / name).open("w", encoding="utf-8", newline="")
        writer = csv.writer(f)
        writer.writerow(header)
        self._files[table] = (f, writer)
        return writer

    def node(self, node_id: str, attrs: dict) -> None:
        label = attrs.get("label")
        if label not in NODE_PROPERTIES:
            raise StoreError(f"node {node_id}: label {label!r} is not in docs/schema.md")
        props = NODE_PROPERTIES[label]
        self._files[label][1].writerow(
            [node_id, *(_cell(attrs.get(p), t) for p, t in props.items())]
        )
        self.nodes[label] += 1
        self.digests[label] ^= _id_hash(node_id)

    def edge(self, u: str, v: str, key: str, attrs: dict, u_label: str, v_label: str) -> None:
        rel_type = attrs.get("type")
        pair = (u_label, v_label)
        if rel_type not in REL_TYPES or pair not in REL_TYPES[rel_type].endpoints:
            raise StoreError(f"edge {u} -[{key}]-> {v}: {rel_type} {pair} is not in docs/schema.md")
        props = rel_properties(rel_type)
        table = (rel_type, u_label, v_label)
        if table in self._files:
            writer = self._files[table][1]
        else:
            writer = self._open(
                table, f"{rel_type}_{u_label}_{v_label}.csv", ["from", "to", *props]
            )
            self.rels[table] = 0
        writer.writerow([u, v, *(_cell(attrs.get(p), t) for p, t in props.items())])
        self.rels[table] += 1

    def close(self) -> None:
        for f, _ in self._files.values():
            f.close()


def _id_hash(node_id: str) -> int:
    """64 bits of a node id's digest: the XOR of a table's ids checks the import without
    holding them (an id lost or changed shows, whatever the order they come back in)."""
    return int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "big")


def write_ladybug(g: nx.MultiDiGraph, db_dir: str | Path) -> dict[str, int]:
    """Create a new LadybugDB database in db_dir (which must not exist) holding g.

    Returns the number of rows copied per table (rel tables as "TYPE:From->To").
    """
    from obligraph.graph.graphjson import graph_rows

    nodes, edges = graph_rows(g)
    return write_ladybug_rows(nodes, edges, db_dir)


def write_ladybug_rows(
    nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], db_dir: str | Path
) -> dict[str, int]:
    """write_ladybug from sorted rows (graph/graphjson.py), one row at a time."""
    db_dir = Path(db_dir)
    if db_dir.exists():
        raise StoreError(f"{db_dir} already exists: remove it before writing a new store")
    db_dir.parent.mkdir(parents=True, exist_ok=True)
    # The CSV files beside the database (not in /tmp, which may be memory): GBs at scale.
    with tempfile.TemporaryDirectory(prefix="obligraph-csv-", dir=db_dir.parent) as tmp:
        files = TableFiles(Path(tmp))
        try:
            for row in nodes:
                files.node(*row)
            for edge in edges:
                files.edge(*edge)
        finally:
            files.close()
        return import_tables(files, db_dir)


def import_tables(files: TableFiles, db_dir: Path) -> dict[str, int]:
    """Create the database in db_dir and COPY every table file into it, then check it."""
    db_dir.mkdir(parents=True)
    counts: dict[str, int] = {}
    pool = import_pool_size(max(files.rels.values(), default=0))
    db = ladybug.Database(str(db_dir / DB_FILE), buffer_pool_size=pool)
    conn = ladybug.Connection(db)
    try:
        for statement in schema_statements():
            conn.execute(statement)
        for label in NODE_PROPERTIES:
            columns = {"id": "STRING", **NODE_PROPERTIES[label]}
            path = files.folder / f"{label}.csv"
            conn.execute(f"COPY {label} FROM ({_load_subquery(path, columns)})")
            counts[label] = files.nodes[label]
        for (rel_type, a, b), n in sorted(files.rels.items()):
            path = files.folder / f"{rel_type}_{a}_{b}.csv"
            conn.execute(
                f"COPY {rel_type} FROM '{path.as_posix()}' ({CSV_OPTIONS}, from='{a}', to='{b}')"
            )
            counts[f"{rel_type}:{a}->{b}"] = n
        _verify_import(conn, files)
    except RuntimeError as exc:
        raise StoreError(f"LadybugDB refused the import: {_first_line(exc)}") from exc
    finally:
        conn.close()
        db.close()
    return counts


def import_pool_size(largest_rel_rows: int, memory: int | None = None) -> int:
    """Buffer pool bytes for importing a database whose largest relationship table has
    this many rows (see IMPORT_POOL_PER_REL_ROW), given the machine's memory in bytes.

    >>> import_pool_size(1_000_000, memory=24 << 30) == IMPORT_POOL_MIN
    True
    >>> round(import_pool_size(11_000_000, memory=24 << 30) / 2**30, 1)
    3.9
    >>> import_pool_size(100_000_000, memory=8 << 30) == 4 << 30
    True
    """
    if memory is None:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    wanted = max(IMPORT_POOL_MIN, largest_rel_rows * IMPORT_POOL_PER_REL_ROW)
    return min(wanted, max(IMPORT_POOL_MIN, memory // 2))


def _verify_import(conn: Any, files: TableFiles) -> None:
    """The imported tables against the rows written: every node id in place (count and
    digest), every relationship table's count, before the store is used."""
    for label, written in files.nodes.items():
        result = conn.execute(f"MATCH (n:{label}) RETURN n.id")
        found, digest = 0, 0
        for (node_id,) in _iter_rows(result):
            digest ^= _id_hash(node_id)
            found += 1
        if found != written or digest != files.digests[label]:
            raise StoreError(
                f"LadybugDB imported {found} {label} ids, not the {written} written"
                + (" (some ids differ)" if found == written else "")
            )
    for (rel_type, a, b), written in files.rels.items():
        result = conn.execute(f"MATCH (:{a})-[r:{rel_type}]->(:{b}) RETURN count(r)")
        (found,) = _fetch_all(result)[0]
        if found != written:
            raise StoreError(
                f"LadybugDB imported {found} {rel_type} {a}->{b} relationships, not {written}"
            )


def ladybug_counts(db_dir: str | Path) -> dict[str, dict[str, int]]:
    """Nodes by label and relationships by type in a database (those not empty), in the
    shape of graph.store_folder.graph_counts."""
    with LadybugStore(db_dir) as store:
        return store.counts()


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


SCALARS = frozenset({str, int, float, bool, type(None)})  # engine values needing no _plain
# Column types whose cells the engine already hands over as plain Python (str, int, float,
# bool, None, or lists of them): e.g. STRING, INT64, BOOL, STRING[] (collect() of names).
# Cells of other columns (NODE, REL, RECURSIVE_REL, STRUCT, DATE, …) go through _plain.
PLAIN_COLUMN = re.compile(r"(STRING|BOOL|U?INT(8|16|32|64)|SERIAL|DOUBLE|FLOAT)(\[\])*")


def _plain(value: Any) -> Any:
    """Engine values -> JSON-ready Python: nodes/rels as property dicts with `_label`."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("_ID", "_SRC", "_DST"):
                continue
            out[{"_LABEL": "_label", "_NODES": "nodes", "_RELS": "rels"}.get(k, k)] = _plain(v)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(result: Any, columns: list[str]) -> list[dict[str, Any]]:
    """A QueryResult's rows as dicts keyed by the column names.

    Columns typed STRING, INT64, STRING[] … (every column of the named queries) need no
    conversion: their rows become dicts as fetched, with no per-cell Python work, so a
    40,000-row answer costs the engine and the fetch, little else.
    """
    values = _fetch_all(result)
    to_convert = [
        i
        for i, kind in enumerate(result.get_column_data_types())
        if not PLAIN_COLUMN.fullmatch(kind)
    ]
    for row in values if to_convert else ():
        for i in to_convert:
            if type(row[i]) not in SCALARS:
                row[i] = _plain(row[i])
    if values and len(values[0]) != len(columns):
        raise QueryError(f"{len(values[0])} values for {len(columns)} columns")
    return [dict(zip(columns, row)) for row in values]  # noqa: B905 (checked above)


def _fetch_all(result: Any) -> list[list[Any]]:
    """Every row of a QueryResult as a list of values, in order."""
    return list(_iter_rows(result))


def _iter_rows(result: Any) -> Iterator[list[Any]]:
    """The rows of a QueryResult one at a time.

    Read from the engine's own cursor when the wrapper exposes it: the wrapper's
    `get_next` checks that the result is open on every row, a third of the fetch time
    of a large answer (`result` stays referenced here, so the cursor stays open).
    """
    cursor = getattr(result, "_query_result", None)
    if cursor is not None and hasattr(cursor, "getNext") and hasattr(cursor, "hasNext"):
        result.check_for_query_result_close()
        has_next, get_next = cursor.hasNext, cursor.getNext
    else:
        has_next, get_next = result.has_next, result.get_next
    while has_next():
        yield get_next()


@dataclass(frozen=True)
class PlanOperator:
    """One operator of a LadybugDB PROFILE: its name (`SCAN_NODE_TABLE`), the lines of
    its box as key -> value (`Tables` -> `Task`, `NumOutputTuples` -> `249`)."""

    name: str
    details: dict[str, str]

    @property
    def table(self) -> str | None:
        """The node or rel table the operator reads, if it reads one."""
        return self.details.get("Tables") or self.details.get("Table")

    @property
    def rows(self) -> int:
        """The tuples it produced (NumOutputTuples), 0 where not reported."""
        return int(self.details.get("NumOutputTuples", "0") or 0)


def plan_operators(plan: str) -> list[PlanOperator]:
    r"""The operators of a PROFILE plan as LadybugDB draws it: boxes of `│`-framed lines
    (`SCAN_NODE_TABLE[3]`, `Tables: Task`, `NumOutputTuples: 249`), read top to bottom.

    >>> box = "┌──────────────┐\n│ SCAN[3]      │\n│ Tables: Task │\n└──────────────┘"
    >>> plan_operators(box)
    [PlanOperator(name='SCAN', details={'Tables': 'Task'})]
    """
    lines = plan.splitlines()
    operators = []
    for row, line in enumerate(lines):
        start = line.find("┌")
        while start >= 0:
            end = line.find("┐", start)
            body = []
            for below in lines[row + 1 :]:
                if len(below) <= start or below[start] != "│":
                    break
                text = below[start + 1 : end].strip()
                if text and not text.startswith("---"):
                    body.append(text)
            if body and "[" in body[0] and ":" not in body[0]:
                details = dict(part.split(": ", 1) for part in body[1:] if ": " in part)
                operators.append(PlanOperator(body[0].split("[", 1)[0], details))
            start = line.find("┌", end)
    return operators


# The engine reserves its buffer pool when a database opens, 80% of the RAM by default,
# and the reserving takes time in proportion: 70-90 ms of a 0.3 s `obligraph query` on
# the seeds, against 35-50 ms for 1 GB. A reader's pool is sized from the database file
# instead: at least 1 GB, and 16 times the file (the pages, and room for the answers'
# intermediate results), never more than the default.
MIN_READ_POOL = 1 << 30
READ_POOL_PER_BYTE = 16


def reading_pool_size(db_file: Path) -> int:
    """Buffer pool bytes for reading db_file (0: the engine's default, 80% of the RAM).

    >>> reading_pool_size(Path("/nonexistent")) == MIN_READ_POOL
    True
    """
    try:
        size = db_file.stat().st_size + sum(
            p.stat().st_size for p in db_file.parent.glob(db_file.name + ".*")
        )
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError, AttributeError):
        size, ram = 0, 0
    wanted = max(MIN_READ_POOL, READ_POOL_PER_BYTE * size)
    return 0 if ram and wanted >= 0.8 * ram else wanted


class LadybugStore:
    """A LadybugDB database opened for Cypher; read-only unless `write=True`.

    Implements graph.store.CypherStore.
    """

    def __init__(self, db_dir: str | Path, write: bool = False) -> None:
        self.path = Path(db_dir) / DB_FILE
        self.write = write
        if not self.path.is_file():
            raise StoreError(f"no store at {Path(db_dir).parent}/: run `obligraph build` first")
        try:
            self._db = ladybug.Database(
                str(self.path),
                read_only=not write,
                buffer_pool_size=0 if write else reading_pool_size(self.path),
            )
        except RuntimeError as exc:
            raise StoreError(f"{self.path}: cannot open ({_first_line(exc)})") from exc
        self._conn = ladybug.Connection(self._db)

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one Cypher statement; rows as dicts keyed by the RETURN column names.

        The statement passes graph/cypher_guard.py first: read clauses only unless the
        store was opened with write=True, one statement, every $parameter given.
        """
        tokens = check_cypher(cypher, write=self.write)
        check_parameters(tokens, params)
        return self._execute(cypher, params)

    def _execute(self, cypher: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        try:
            result = self._conn.execute(cypher, params or {})
        except (RuntimeError, ValueError, TypeError, OverflowError) as exc:
            # ValueError/TypeError: a parameter the engine cannot type (a mixed list)
            raise QueryError(explain_engine_error(_first_line(exc))) from exc
        if isinstance(result, list):  # several statements: the last one's rows
            result = result[-1]
        columns = result.get_column_names()
        with gc_paused():
            return _rows(result, columns)

    def profile(self, cypher: str, params: dict[str, Any] | None = None) -> list[PlanOperator]:
        """Run the query under PROFILE: its operators with the rows each produced, to
        check that a query reads the neighbourhood of its answer, not whole tables.

        >>> store.profile("MATCH (a:Agency {id: $id}) RETURN a.name", {"id": "cong-an-tinh"})
        ... # doctest: +SKIP
        [..., PlanOperator(name='PRIMARY_KEY_SCAN_NODE_TABLE', details={...}), ...]
        """
        check_parameters(check_cypher(cypher, write=self.write), params)
        rows = self._execute(f"PROFILE {cypher}", params)
        return [op for row in rows for value in row.values() for op in plan_operators(value)]

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes by label and relationships by type (the non-empty ones), sorted."""
        nodes, rels = {}, {}
        for label in NODE_PROPERTIES:
            (n,) = self._execute(f"MATCH (n:{label}) RETURN count(n) AS n", None)[0].values()
            if n:
                nodes[label] = n
        for rel_type in REL_TYPES:
            (n,) = self._execute(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n", None)[
                0
            ].values()
            if n:
                rels[rel_type] = n
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
