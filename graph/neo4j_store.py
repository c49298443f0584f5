"""The graph on a Neo4j server: push it (batched, idempotent), and query it like the embedded store.

Push, in order:
1. uniqueness constraints on `id` for every obligraph label (`IF NOT EXISTS`);
2. with `replace`, delete obligraph's labels only, in batches (`DETACH DELETE`);
3. nodes per label, then relationships per (type, start label, end label), in batches of
   `UNWIND $rows AS row MERGE … SET … += row.props`, one transaction each.

Values reach Cypher only as parameters; label and type names are checked identifiers from
the schema. Lists stay lists. Dates keep their ISO strings under the schema names (the
named .cypher files compare them as strings, e.g. `t.due <= coalesce($before,
'9999-12-31')`, so they must be strings on every store) and gain a Neo4j DATE twin
(`due_as_date`, sent as `datetime.date`) for Neo4j-native use. MERGE on the id (nodes) and
on (start, type, end), plus `role` for ASSIGNED_TO, makes a second push create nothing.

`Neo4jStore.query(cypher, params)` has the embedded store's signature and answers in the
same plain values (docs/neo4j.md, "Dates").
"""

from __future__ import annotations

import os
import pickle
import re
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obligraph.errors import ObligraphError, QueryError, StoreError
from obligraph.graph import contract
from obligraph.graph.graph_source import GraphRows, as_graph_rows
from obligraph.graph.neo4j_csv import (
    DATE_PROPERTIES,
    OBLIGRAPH_LABELS,
    check_date,
    check_identifier,
    checked_label,
    constraint_statements,
    date_twin,
    twin_of,
)

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 500
DELETE_BATCH = 5000  # nodes a transaction of `--replace` detaches and deletes, at least
DELETE_ORDER = ("Task", "Indicator", "Document", "Agency")  # the low-degree labels first
MIN_SERVER_MAJOR = 5  # CREATE CONSTRAINT … IF NOT EXISTS … REQUIRE, `+=` on maps

# Relationship types whose MERGE key includes a property (the networkx edge key does too:
# "ASSIGNED_TO:lead"): a task may be both led and coordinated by one agency.
MERGE_KEYS: dict[str, tuple[str, ...]] = {"ASSIGNED_TO": ("role",)}

# Bolt schemes the driver speaks (the HTTP ones need extra packages and are in preview).
BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

# Seconds for the TCP connect and, as the driver's acquisition deadline, for the Bolt
# handshake too: a port that accepts but does not speak Bolt fails in this time, not 60 s.
DEFAULT_TIMEOUT = 10.0

# The leading major version of a server version string: "5.26.0" -> 5, "2025.01.0" -> 2025.
SERVER_MAJOR = re.compile(r"^(\d+)\.")


class Neo4jError(StoreError):
    """The Neo4j server is unreachable, refused us, or is too old."""


class PushError(Neo4jError):
    """A batch failed; `report` lists the batches that landed before it."""

    def __init__(self, message: str, report: PushReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is and who we are; `from_env` reads the standard NEO4J_* variables."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None  # None: the server's default database
    timeout: float = DEFAULT_TIMEOUT  # connect + handshake, seconds

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Neo4jSettings:
        """Explicit values first, then NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE.

        >>> Neo4jSettings.from_env(environ={"NEO4J_URI": "neo4j+s://x.databases.neo4j.io"}).uri
        'neo4j+s://x.databases.neo4j.io'
        """
        env = os.environ if environ is None else environ
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USERNAME") or DEFAULT_USER,
            password=password if password is not None else env.get("NEO4J_PASSWORD"),
            database=database or env.get("NEO4J_DATABASE") or None,
        )

    def shown_uri(self) -> str:
        """The URI for messages: any user:password@ in it replaced by "***@".

        >>> Neo4jSettings(uri="bolt://neo4j:s3cret@db:7687").shown_uri()
        'bolt://***@db:7687'
        """
        parts = urllib.parse.urlsplit(self.uri)
        if "@" not in parts.netloc:
            return self.uri
        return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()

    def where(self) -> str:
        """The server and database for messages (never the password)."""
        return self.shown_uri() + (f" (database {self.database})" if self.database else "")

    def scrub(self, text: str) -> str:
        """`text` (a driver's message) with the URI shown redacted and the password removed."""
        text = text.replace(self.uri, self.shown_uri())
        if self.password and len(self.password) >= 3:  # a 1-letter password would eat words
            text = text.replace(self.password, "***")
        return text

    def check_uri(self) -> None:
        """Refuse, in one line, a URI the Bolt driver cannot use or that holds credentials."""
        scheme, sep, rest = self.uri.partition("://")
        if not sep or scheme.lower() not in BOLT_SCHEMES:
            hint = " (7687, not the HTTP port 7474)" if scheme.lower().startswith("http") else ""
            raise Neo4jError(
                f"cannot use Neo4j URI {self.shown_uri()!r}: the scheme must be one of "
                f"{', '.join(s + '://' for s in BOLT_SCHEMES)}, with the Bolt port{hint}"
            )
        if "@" in rest.split("/", 1)[0]:
            raise Neo4jError(
                f"cannot use Neo4j URI {self.shown_uri()!r}: put the user and password in "
                "NEO4J_USERNAME / NEO4J_PASSWORD, not in the URI"
            )


@dataclass(frozen=True)
class Batch:
    """One transaction of a push: parameterized Cypher and the rows it UNWINDs."""

    kind: str  # "nodes" or "relationships"
    name: str  # label, or relationship type
    index: int  # 0-based within its (kind, name, start, end) group
    of: int  # how many batches the group has
    cypher: str
    rows: list[dict[str, Any]]
    start_label: str | None = None
    end_label: str | None = None

    def title(self) -> str:
        """ "Task 2/5" or "ASSIGNED_TO Task->Agency 1/3"."""
        ends = f" {self.start_label}->{self.end_label}" if self.kind == "relationships" else ""
        return f"{self.name}{ends} {self.index + 1}/{self.of}"


@dataclass(frozen=True)
class BatchResult:
    """What one landed batch did on the server."""

    kind: str
    name: str
    index: int
    rows: int
    nodes_created: int
    relationships_created: int
    properties_set: int
    start_label: str | None = None
    end_label: str | None = None


@dataclass
class PushReport:
    """The outcome of a push: constraints, deletions, every batch that landed, the failure."""

    where: str
    server_version: str = ""
    constraints: list[str] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)
    batches: list[BatchResult] = field(default_factory=list)
    planned: int = 0
    failed: str | None = None

    def created(self) -> dict[str, int]:
        """Totals over the landed batches: nodes_created, relationships_created, properties_set."""
        return {
            "nodes_created": sum(b.nodes_created for b in self.batches),
            "relationships_created": sum(b.relationships_created for b in self.batches),
            "properties_set": sum(b.properties_set for b in self.batches),
        }

    def rows(self) -> dict[str, dict[str, int]]:
        """Rows written per label and per relationship type."""
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for b in self.batches:
            out[b.kind][b.name] = out[b.kind].get(b.name, 0) + b.rows
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for `--json`."""
        return {
            "where": self.where,
            "server_version": self.server_version,
            "constraints": self.constraints,
            "deleted": self.deleted,
            "planned_batches": self.planned,
            "landed_batches": [b.__dict__ for b in self.batches],
            "created": self.created(),
            "rows": self.rows(),
            "failed": self.failed,
        }


# --- planning (pure: no server) ------------------------------------------------------


def node_cypher(label: str) -> str:
    """The MERGE for one label's batch; values only through $rows."""
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{check_identifier(label, 'label')} {{id: row.id}})\n"
        "SET n += row.props\n"
        "RETURN count(n) AS written"
    )


def relationship_cypher(rel_type: str, start: str, end: str) -> str:
    """The MERGE for one relationship group's batch: (start, type, end) plus MERGE_KEYS."""
    keys = MERGE_KEYS.get(rel_type, ())
    key_map = "{" + ", ".join(f"{k}: row.{k}" for k in keys) + "}" if keys else ""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{check_identifier(start, 'label')} {{id: row.start}})\n"
        f"MATCH (b:{check_identifier(end, 'label')} {{id: row.end}})\n"
        f"MERGE (a)-[r:{check_identifier(rel_type, 'relationship type')}{' ' + key_map if key_map else ''}]->(b)\n"
        "SET r += row.props\n"
        "RETURN count(r) AS written"
    )


def neo4j_props(attrs: Mapping[str, Any], skip: tuple[str, ...], where: str) -> dict[str, Any]:
    """Properties as the driver sends them: dates as ISO string plus DATE twin, lists
    copied, None kept (`SET n += {x: null}` removes a value a previous push wrote).

    >>> neo4j_props({"id": "t", "due": "2025-06-30", "no": "22"}, ("id",), "Task")
    {'due': '2025-06-30', 'due_as_date': datetime.date(2025, 6, 30), 'no': '22'}
    """
    props: dict[str, Any] = {}
    for name, value in sorted(attrs.items()):
        if name in skip:
            continue
        check_identifier(name, "property")
        if name in DATE_PROPERTIES:
            iso = check_date(value, f"{where}.{name}")
            props[name] = iso
            props[date_twin(name)] = date.fromisoformat(iso) if iso else None
        elif isinstance(value, list | tuple):
            props[name] = list(value)
        else:
            props[name] = value
    return props


def plan_batches(
    graph: nx.MultiDiGraph | GraphRows, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[Batch]:
    """Every node and relationship of the graph in exactly one batch, in push order.

    Nodes first (sorted by label, then id), then relationships grouped by type and end
    labels (sorted by start, end, key). Pure: builds Cypher text and parameter rows only.

    >>> batches = plan_batches(graph, 500)                 # doctest: +SKIP
    >>> batches[0].name, batches[0].rows[0]["id"]           # doctest: +SKIP
    ('Agency', 'ban-chi-dao-tinh')
    """
    with BatchPlan(graph, batch_size) as plan:
        return list(plan)


class BatchPlan:
    """plan_batches for a graph of any size: the rows are checked and grouped in one pass
    over the graph (a store's graph.json streamed: graph/graph_source.py) into a temporary
    SQLite file, then read back group by group as batches, so a push holds one batch (and
    an id -> label map for the relationships' end labels), never the whole graph.

    >>> with BatchPlan(graph, 500) as plan:                # doctest: +SKIP
    ...     len(plan), next(iter(plan)).title()
    (3, 'Agency 1/1')
    """

    def __init__(self, graph: nx.MultiDiGraph | GraphRows, batch_size: int) -> None:
        if batch_size < 1:
            raise ObligraphError(f"batch size must be at least 1, not {batch_size}")
        self.batch_size = batch_size
        self._dir = tempfile.TemporaryDirectory(prefix="obligraph-push-")
        self._db = sqlite3.connect(Path(self._dir.name) / "rows.sqlite")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE rows(grp INTEGER, seq INTEGER, row BLOB, PRIMARY KEY(grp, seq))"
            " WITHOUT ROWID"
        )
        self.groups: dict[tuple[str, str, str | None, str | None], int] = {}
        self._ids: dict[tuple, int] = {}
        try:
            self._spill(as_graph_rows(graph))
        except BaseException:
            self.close()
            raise

    def _spill(self, rows: GraphRows) -> None:
        labels: dict[str, str] = {}
        for node_id, attrs in rows.nodes():
            label = checked_label(node_id, attrs)
            labels[node_id] = label
            props = neo4j_props(attrs, ("id", "label"), f"{label} {node_id!r}")
            self._put(("nodes", label, None, None), {"id": node_id, "props": props})
        for u, v, _key, attrs in rows.edges():
            rel_type = check_identifier(str(attrs.get("type")), "relationship type")
            row: dict[str, Any] = {"start": u, "end": v}
            for k in MERGE_KEYS.get(rel_type, ()):
                if attrs.get(k) is None:
                    raise ObligraphError(
                        f"{rel_type} {u!r}->{v!r} has no {k}; it is part of its key"
                    )
                row[k] = attrs[k]
            row["props"] = neo4j_props(attrs, ("type",), f"{rel_type} {u!r}->{v!r}")
            self._put(("relationships", rel_type, labels[u], labels[v]), row)
        self._db.commit()

    def _put(self, group: tuple[str, str, str | None, str | None], row: dict) -> None:
        grp = self._ids.setdefault(group, len(self._ids))
        seq = self.groups.get(group, 0)
        self.groups[group] = seq + 1
        self._db.execute("INSERT INTO rows VALUES (?, ?, ?)", (grp, seq, pickle.dumps(row)))

    def _order(self) -> list[tuple[str, str, str | None, str | None]]:
        # nodes by label, then relationships by (type, start label, end label)
        return sorted(self.groups, key=lambda g: (g[0] != "nodes", g[1], g[2] or "", g[3] or ""))

    def __len__(self) -> int:
        return sum(-(-n // self.batch_size) for n in self.groups.values())

    def __iter__(self) -> Iterator[Batch]:
        for group in self._order():
            kind, name, start, end = group
            cypher = node_cypher(name) if kind == "nodes" else relationship_cypher(name, start, end)
            of = -(-self.groups[group] // self.batch_size)
            cursor = self._db.execute(
                "SELECT row FROM rows WHERE grp = ? ORDER BY seq", (self._ids[group],)
            )
            for index in range(of):
                chunk = [pickle.loads(r) for (r,) in cursor.fetchmany(self.batch_size)]
                yield Batch(kind, name, index, of, cypher, chunk, start, end)

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> BatchPlan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- the server ----------------------------------------------------------------------


@contextmanager
def neo4j_errors(settings: Neo4jSettings) -> Iterator[None]:
    """Turn the driver's connection, auth and server errors into one-line Neo4jErrors."""
    from neo4j import exceptions as nx4

    try:
        yield
    except nx4.AuthError as exc:
        raise Neo4jError(
            f"Neo4j at {settings.where()} refused the credentials of user {settings.user!r}: "
            "check NEO4J_USERNAME / NEO4J_PASSWORD (or --user / --password)"
        ) from exc
    except nx4.ServiceUnavailable as exc:
        text = str(exc).lower()
        if "refused" in text:
            reason = "connection refused (is the server running? check NEO4J_URI or --uri)"
        elif "handshake" in text or "protocol" in text:
            # Something listens but does not speak Bolt: a web server, the HTTP port 7474…
            reason = (
                f"no Bolt handshake within {settings.timeout:g}s: the port does not speak "
                "Neo4j's Bolt protocol (check the port: Bolt is usually 7687, not HTTP's 7474)"
            )
        elif "timed out" in text or "deadline" in text:
            reason = f"no answer within {settings.timeout:g}s (check NEO4J_URI, firewall)"
        else:
            reason = _one_line(settings.scrub(str(exc))) + " (check NEO4J_URI or --uri)"
        raise Neo4jError(f"cannot reach Neo4j at {settings.shown_uri()}: {reason}") from exc
    except (nx4.ConfigurationError, ValueError) as exc:
        # The driver raises ValueError for a URI it cannot parse ("htp://…").
        raise Neo4jError(
            f"cannot use Neo4j URI {settings.shown_uri()!r}: {_one_line(settings.scrub(str(exc)))}"
        ) from exc
    except nx4.Neo4jError as exc:  # the server answered with an error
        if exc.code and "DatabaseNotFound" in exc.code:
            raise Neo4jError(
                f"Neo4j at {settings.shown_uri()} has no database {settings.database!r} "
                "(NEO4J_DATABASE or --database)"
            ) from exc
        raise Neo4jError(
            f"Neo4j at {settings.where()} refused: {exc.code}: "
            f"{_one_line(settings.scrub(exc.message or ''))}"
        ) from exc
    except nx4.DriverError as exc:
        raise Neo4jError(
            f"Neo4j driver error at {settings.shown_uri()}: {_one_line(settings.scrub(str(exc)))}"
        ) from exc
    except OSError as exc:  # below the driver: DNS, sockets
        raise Neo4jError(
            f"cannot reach Neo4j at {settings.shown_uri()}: {_one_line(settings.scrub(str(exc)))}"
        ) from exc


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def connect(settings: Neo4jSettings) -> tuple[Any, str]:
    """An open driver (connectivity and credentials verified) and the server's version.

    Raises Neo4jError with one line for a refused connection, bad credentials, an
    unknown database or a server older than 5.x.
    """
    from neo4j import GraphDatabase

    settings.check_uri()
    auth = (settings.user, settings.password) if settings.password is not None else None
    with neo4j_errors(settings):
        driver = GraphDatabase.driver(
            settings.uri,
            auth=auth,
            connection_timeout=settings.timeout,
            # The acquisition deadline also bounds the Bolt handshake (driver 5/6).
            connection_acquisition_timeout=settings.timeout,
        )
        try:
            driver.verify_connectivity()
            version = server_version(driver, settings)
        except BaseException:
            driver.close()
            raise
    return driver, version


def server_version(driver: Any, settings: Neo4jSettings) -> str:
    """The server's version string ("5.26.0"); Neo4jError if older than MIN_SERVER_MAJOR."""
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions RETURN name, versions",
        database_=settings.database,
    )
    kernel = next(
        (r for r in records if r["name"] == "Neo4j Kernel"), records[0] if records else None
    )
    version = str(kernel["versions"][0]) if kernel and kernel["versions"] else "unknown"
    match = SERVER_MAJOR.match(version)
    if not match or int(match.group(1)) < MIN_SERVER_MAJOR:
        raise Neo4jError(
            f"Neo4j at {settings.shown_uri()} is version {version}; obligraph needs {MIN_SERVER_MAJOR}.x "
            "or later (CREATE CONSTRAINT … IF NOT EXISTS, SET += maps)"
        )
    return version


def push_graph(
    graph: nx.MultiDiGraph | GraphRows,
    settings: Neo4jSettings,
    *,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[Batch, BatchResult], None] | None = None,
) -> PushReport:
    """Write the graph to the server; returns the report (raises PushError on a failed batch).

    Idempotent: pushing the same graph twice creates no node or relationship the second
    time. Each batch is one transaction, so a failure leaves only whole batches behind.
    `graph` is a networkx graph or its rows (a store's graph.json streamed: see BatchPlan).

    >>> report = push_graph(graph, Neo4jSettings.from_env())   # doctest: +SKIP
    >>> report.created()["nodes_created"]                      # doctest: +SKIP
    412
    """
    with BatchPlan(graph, batch_size) as plan:  # before connecting: bad data fails fast
        return _push_plan(plan, settings, replace=replace, batch_size=batch_size, on_batch=on_batch)


def _push_plan(
    batches: BatchPlan,
    settings: Neo4jSettings,
    *,
    replace: bool,
    batch_size: int,
    on_batch: Callable[[Batch, BatchResult], None] | None,
) -> PushReport:
    report = PushReport(where=settings.where(), planned=len(batches))
    driver, report.server_version = connect(settings)
    try:
        with neo4j_errors(settings), driver.session(database=settings.database) as session:
            for stmt in constraint_statements():
                session.run(stmt).consume()
                report.constraints.append(stmt)
            if replace:
                # Deleting is cheaper per row than writing: larger transactions.
                report.deleted = _delete_obligraph(session, max(batch_size, DELETE_BATCH))
            for batch in batches:
                try:
                    result = session.execute_write(_write_batch, batch)
                except ObligraphError as exc:
                    report.failed = f"{batch.title()}: {exc}"
                    raise PushError(_failure_line(report), report) from exc
                except Exception as exc:  # the driver's errors, already rolled back
                    report.failed = f"{batch.title()}: {_one_line(str(exc))}"
                    raise PushError(_failure_line(report), report) from exc
                report.batches.append(result)
                if on_batch:
                    on_batch(batch, result)
    finally:
        driver.close()
    return report


def _failure_line(report: PushReport) -> str:
    return (
        f"push to {report.where} stopped at batch {report.failed}; "
        f"{len(report.batches)} of {report.planned} batches landed, none half-written"
    )


def _write_batch(tx: Any, batch: Batch) -> BatchResult:
    result = tx.run(batch.cypher, rows=batch.rows)
    written = result.single()["written"]
    summary = result.consume()
    if written != len(batch.rows):
        # A relationship whose end node is missing MATCHes nothing; raising rolls back.
        raise ObligraphError(f"wrote {written} of {len(batch.rows)} rows (missing end nodes?)")
    counters = summary.counters
    return BatchResult(
        kind=batch.kind,
        name=batch.name,
        index=batch.index,
        rows=len(batch.rows),
        nodes_created=counters.nodes_created,
        relationships_created=counters.relationships_created,
        properties_set=counters.properties_set,
        start_label=batch.start_label,
        end_label=batch.end_label,
    )


def _delete_obligraph(session: Any, batch_size: int) -> dict[str, int]:
    """DETACH DELETE every node with an obligraph label, batch by batch (one tx each)."""

    def delete_some(tx: Any, cypher: str) -> int:
        return tx.run(cypher, limit=batch_size).single()["deleted"]

    deleted: dict[str, int] = {}
    # Tasks first: they hold most relationships a few each; an Agency may hold 100,000
    # ASSIGNED_TO, and deleting agencies first overflowed a 1 GB server's transaction memory.
    for label in DELETE_ORDER:
        cypher = (
            f"MATCH (n:{check_identifier(label, 'label')}) WITH n LIMIT $limit "
            "DETACH DELETE n RETURN count(*) AS deleted"
        )
        total = 0
        while n := session.execute_write(delete_some, cypher):
            total += n
        deleted[label] = total
    return {label: deleted[label] for label in OBLIGRAPH_LABELS}


def count_graph(store: Neo4jStore) -> dict[str, dict[str, int]]:
    """Nodes per obligraph label and relationships per type on the server."""
    nodes = {
        label: store.query(f"MATCH (n:{check_identifier(label, 'label')}) RETURN count(n) AS n")[0][
            "n"
        ]
        for label in OBLIGRAPH_LABELS
    }
    rels = store.query(
        "MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels) "
        "RETURN type(r) AS type, count(r) AS n ORDER BY type",
        {"labels": list(OBLIGRAPH_LABELS)},
    )
    return {"nodes": nodes, "relationships": {r["type"]: r["n"] for r in rels}}


# --- querying ------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A query result value as the embedded store (graph/ladybug_store.py) gives it.

    Dates become ISO strings; a node becomes its properties plus `_label`, with the
    contract's properties the server does not store (nulls) filled in as None and the
    Neo4j-only DATE twins left out; a relationship likewise, `_label` being its type;
    a path {"nodes": …, "rels": …}.
    """
    from neo4j.graph import Node, Path, Relationship
    from neo4j.time import Date, DateTime

    if isinstance(value, Date | date):
        return value.isoformat()
    if isinstance(value, DateTime):
        return value.iso_format()
    if isinstance(value, Node):
        label = sorted(value.labels)[0] if value.labels else None
        declared = dict.fromkeys(contract.NODE_PROPERTIES.get(label, {}))
        return {**declared, **_own_props(value), "_label": label}
    if isinstance(value, Relationship):
        declared = (
            dict.fromkeys(contract.rel_properties(value.type))
            if value.type in contract.REL_TYPES
            else {}
        )
        return {**declared, **_own_props(value), "_label": value.type}
    if isinstance(value, Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "rels": [plain(r) for r in value.relationships],
        }
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _own_props(entity: Any) -> dict[str, Any]:
    """An entity's properties without the DATE twins, values made plain."""
    return {k: plain(v) for k, v in entity.items() if twin_of(k) is None}


class Neo4jStore:
    """A Neo4j database answering Cypher like the embedded store: `query(cypher, params)`.

    >>> store = open_neo4j_store_from_env()                         # doctest: +SKIP
    >>> store.query("MATCH (d:Document) RETURN count(d) AS n")     # doctest: +SKIP
    [{'n': 17}]
    """

    def __init__(self, settings: Neo4jSettings, write: bool = False) -> None:
        self.settings = settings
        self.write = write  # False: every query runs in a read transaction
        self._driver, self.server_version = connect(settings)

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, write: bool | None = None
    ) -> list[dict[str, Any]]:
        """Run Cypher and return rows as dicts keyed by the RETURN names.

        A read transaction (the server refuses writes in it) unless the store was opened
        with write=True or `write=True` is passed.
        """
        write = self.write if write is None else write
        from neo4j.exceptions import AuthError, ClientError

        parameters = dict(params or {})
        with neo4j_errors(self.settings):
            try:
                records, _, _ = self._driver.execute_query(
                    cypher,
                    parameters,
                    database_=self.settings.database,
                    routing_="w" if write else "r",  # "r": the server refuses writes
                )
            except ClientError as exc:
                if isinstance(exc, AuthError) or "DatabaseNotFound" in (exc.code or ""):
                    raise  # neo4j_errors words these
                raise QueryError(
                    f"Neo4j refused the query: {_one_line(exc.message or str(exc))}"
                ) from exc
        # A Record is a tuple: iterating it yields values, so pair keys() with values().
        return [
            dict(zip(record.keys(), map(plain, record.values()), strict=True)) for record in records
        ]

    def close(self) -> None:
        """Close the driver's connections."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_neo4j_store_from_env(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    write: bool = False,
) -> Neo4jStore:
    """A Neo4jStore from explicit values or NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD /
    NEO4J_DATABASE (what `obligraph cypher --neo4j` and `obligraph query --neo4j` use)."""
    return Neo4jStore(Neo4jSettings.from_env(uri, user, password, database), write=write)
