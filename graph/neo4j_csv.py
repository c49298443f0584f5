"""The graph as CSV files for `neo4j-admin database import full` (graphs too big for push).

One node file per label (`nodes_<Label>.csv`) and one relationship file per type
(`rels_<TYPE>.csv`), with neo4j-admin's typed headers:

    id:ID,:LABEL,doc_id,due:date,line_start:int,...
    :START_ID,:END_ID,:TYPE,line:int,role,source

Node ids are unique across labels (`doc:…`, `<doc>/task/…`, agency slugs), so all files
share one global id space (`id:ID`, no id groups). Nulls are empty fields, which
neo4j-admin imports as "no property"; text is quoted by the csv module (quotes doubled,
commas and newlines inside quotes, hence `--multiline-fields=true` in the command).
The exact command is written to `import.sh` beside the CSV files.

The property types come from graph/contract.py via `schema_types(graph)`, shared with the
push path (graph/neo4j_store.py) so both paths give the server the same typed properties.
Dates stay ISO strings under their schema names (as on every store) and gain a Neo4j
DATE twin: `issued` and `issued:date`-typed `issued_as_date` (see DATE_PROPERTIES).
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from obligraph.errors import ObligraphError, StoreError
from obligraph.graph import contract
from obligraph.graph.graph_source import GraphRows, as_graph_rows

if TYPE_CHECKING:
    import networkx as nx

# Properties holding ISO dates (docs/schema.md). On Neo4j each keeps its ISO string under
# its schema name, so the same .cypher files (which compare dates as strings, with string
# sentinels such as coalesce($before, '9999-12-31')) answer alike on every store, and gains
# a DATE twin named by DATE_TWIN_SUFFIX for Neo4j-native use: `t.due_as_date < date()`.
DATE_PROPERTIES = frozenset({"issued", "due", "due_from", "active_from", "active_to", "date"})
DATE_TWIN_SUFFIX = "_as_date"

# The labels obligraph writes; `neo4j push --replace` deletes exactly these.
OBLIGRAPH_LABELS = ("Agency", "Document", "Indicator", "Task")

# A name safe to place in Cypher or a CSV header unquoted: "Document", "ASSIGNED_TO", "line_start".
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# An ISO calendar date as the graph stores it: "2025-06-30".
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

ARRAY_DELIMITER = ";"  # neo4j-admin's default; checked against the data before writing

# graph/contract.py's (LadybugDB) column types -> neo4j-admin header types.
_CONTRACT_TYPES = {
    "STRING": "string",
    "INT64": "int",
    "DOUBLE": "float",
    "BOOLEAN": "boolean",
    "STRING[]": "string[]",
}

# neo4j-admin header types for the Python values the graph holds.
_PY_TYPES = ((bool, "boolean"), (int, "int"), (float, "float"), (list, "string[]"), (str, "string"))


class ExportError(ObligraphError):
    """The graph cannot be written for Neo4j as it stands (a name or value it cannot hold)."""


@dataclass(frozen=True)
class CsvFile:
    """One written CSV file: what it holds and how many rows."""

    path: Path
    kind: str  # "nodes" or "relationships"
    name: str  # the label or relationship type
    rows: int


@dataclass
class CsvExport:
    """What `export_csv` wrote: the files, and the import command that reads them."""

    out_dir: Path
    files: list[CsvFile] = field(default_factory=list)
    database: str = "neo4j"

    def command(self, relative: bool = False) -> list[str]:
        """The neo4j-admin command as an argument list (paths relative to out_dir if asked)."""
        return import_command(self.files, self.database, base=None if relative else self.out_dir)

    def command_line(self) -> str:
        """The command as one shell line with absolute paths, ready to paste."""
        return " ".join(shlex.quote(arg) for arg in self.command())

    def counts(self) -> dict[str, dict[str, int]]:
        """Rows per label and per relationship type: {"nodes": {...}, "relationships": {...}}."""
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for f in self.files:
            out[f.kind][f.name] = f.rows
        return out


def check_identifier(name: str, what: str) -> str:
    """Return `name` if it can appear unquoted in Cypher and headers, else raise ExportError.

    >>> check_identifier("ASSIGNED_TO", "relationship type")
    'ASSIGNED_TO'
    """
    if not IDENTIFIER.match(name):
        raise ExportError(f"{what} {name!r} is not a plain identifier; Neo4j export refuses it")
    return name


def checked_label(node_id: str, attrs: Mapping[str, object]) -> str:
    """The `label` of a node's attributes, checked to be one of obligraph's labels."""
    label = attrs.get("label")
    if label not in OBLIGRAPH_LABELS:
        raise ExportError(f"node {node_id!r} has label {label!r}, not one of {OBLIGRAPH_LABELS}")
    return label


def value_type(name: str, values: Iterable[object], where: str) -> str:
    """The neo4j-admin type of one property, from its name and the values it takes.

    >>> value_type("line_start", [3, None, 12], "Task")
    'int'
    >>> value_type("issued", ["2025-03-18", None], "Document")  # ISO string; DATE twin apart
    'string'
    """
    return kinds_type(name, {value_kind(v) for v in values if v is not None}, where)


def value_kind(value: object) -> str:
    """The neo4j-admin type of one (non-null) Python value; "?" for one it cannot hold."""
    return next((t for py, t in _PY_TYPES if isinstance(value, py)), "?")


def kinds_type(name: str, kinds: set[str], where: str) -> str:
    """The neo4j-admin type of a property whose non-null values are of these kinds."""
    if name in DATE_PROPERTIES:
        return "string"
    if kinds == {"int", "float"}:
        return "float"
    if len(kinds) > 1 or "?" in kinds:
        raise ExportError(f"{where}.{name} mixes value types {sorted(kinds)}; cannot type it")
    return next(iter(kinds)) if kinds else "string"


def schema_types(
    graph: nx.MultiDiGraph | GraphRows,
) -> dict[tuple[str, str], dict[str, str]]:
    """Property name -> neo4j-admin type, per ("nodes", label) and ("relationships", type).

    The declared properties of graph/contract.py come first, in schema order (so a
    column exists even when every value is null); a property the graph carries beyond
    the contract follows, typed from its values. `id`/`label` (nodes) and `type`
    (edges) are structure, not properties. Only labels and types present are listed.
    `graph` is a networkx graph or its rows (graph/graph_source.py: a store's graph.json
    streamed), read once.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); g.add_node("a", label="Agency", name="Sở Nội vụ")
    >>> list(schema_types(g)[("nodes", "Agency")].items())[:2]
    [('name', 'string'), ('aliases', 'string[]')]
    """
    rows = as_graph_rows(graph)
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    for node_id, attrs in rows.nodes():
        group = seen.setdefault(("nodes", checked_label(node_id, attrs)), {})
        for name, value in attrs.items():
            if name not in ("id", "label"):
                kinds = group.setdefault(name, set())
                if value is not None:
                    kinds.add(value_kind(value))
    for _, _, _, attrs in rows.edges():
        rel_type = check_identifier(str(attrs.get("type")), "relationship type")
        group = seen.setdefault(("relationships", rel_type), {})
        for name, value in attrs.items():
            if name != "type":
                kinds = group.setdefault(name, set())
                if value is not None:
                    kinds.add(value_kind(value))
    out: dict[tuple[str, str], dict[str, str]] = {}
    for key, props in sorted(seen.items()):
        kind, name = key
        if kind == "nodes":
            declared = contract.NODE_PROPERTIES.get(name, {})
        elif name in contract.REL_TYPES:
            declared = contract.rel_properties(name)
        else:
            declared = {}
        types = {p: _CONTRACT_TYPES[t] for p, t in declared.items()}
        for prop, kinds in sorted(props.items()):
            if prop not in types:
                types[check_identifier(prop, "property")] = kinds_type(prop, kinds, name)
        out[key] = with_date_twins(types)
    return out


def date_twin(name: str) -> str:
    """The Neo4j DATE twin of a date property.

    >>> date_twin("due")
    'due_as_date'
    """
    return name + DATE_TWIN_SUFFIX


def with_date_twins(types: dict[str, str]) -> dict[str, str]:
    """Columns with each date property's DATE twin right after it (the ISO string stays)."""
    out: dict[str, str] = {}
    for name, kind in types.items():
        out[name] = kind
        if name in DATE_PROPERTIES:
            out[date_twin(name)] = "date"
    return out


def twin_of(name: str) -> str | None:
    """The date property a twin column mirrors, or None: twin_of("due_as_date") == "due"."""
    base = name.removesuffix(DATE_TWIN_SUFFIX)
    return base if base != name and base in DATE_PROPERTIES else None


def check_date(value: object, where: str) -> str | None:
    """An ISO date string (or None), else ExportError naming where it was found."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.match(value):
        date.fromisoformat(value)  # rejects 2025-02-30
        return value
    raise ExportError(f"{where} is {value!r}, not an ISO date YYYY-MM-DD")


def csv_field(value: object, kind: str, where: str) -> str:
    """One property value as neo4j-admin reads it for a column of type `kind`.

    None and "" become an empty field (imported as no property).

    >>> csv_field(["Sở TT&TT", "STTTT"], "string[]", "Agency.aliases")
    'Sở TT&TT;STTTT'
    >>> csv_field(True, "boolean", "Document.in_corpus")
    'true'
    """
    if value is None:
        return ""
    if kind == "date":
        return check_date(value, where) or ""
    if kind == "boolean" and isinstance(value, bool):
        return "true" if value else "false"
    if kind == "string[]":
        if not isinstance(value, list | tuple):
            raise ExportError(f"{where} is {value!r}, not a list")
        items = [str(item) for item in value]
        clash = [item for item in items if ARRAY_DELIMITER in item]
        if clash:
            raise ExportError(f"{where} item {clash[0]!r} contains the array delimiter")
        return ARRAY_DELIMITER.join(items)
    expected = {"int": int, "float": int | float, "boolean": bool, "string": str}[kind]
    if not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool)):
        raise ExportError(f"{where} is {value!r}, not a {kind} as the contract says")
    if kind == "float":
        return repr(float(value))
    return str(value)


def header(name: str, kind: str) -> str:
    """A neo4j-admin header field: "title" for strings, "line_start:int" otherwise."""
    return name if kind == "string" else f"{name}:{kind}"


def export_csv(
    graph: nx.MultiDiGraph | GraphRows, out_dir: str | Path, database: str = "neo4j"
) -> CsvExport:
    """Write the graph as neo4j-admin CSV files plus import.sh into `out_dir`.

    Rows are sorted (nodes by id, relationships by start, end, key) so the same graph
    gives byte-identical files. `graph` is a networkx graph or its rows: a store's
    graph.json is read as a stream, twice (the types, then the rows), so the export of
    a national store holds one row at a time.

    >>> export = export_csv(graph, "out/neo4j")      # doctest: +SKIP
    >>> export.counts()["nodes"]["Document"]          # doctest: +SKIP
    17
    """
    check_identifier(database.replace("-", "_").replace(".", "_"), "database name")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {out}: {exc.strerror}") from exc
    for stale in [*out.glob("nodes_*.csv"), *out.glob("rels_*.csv")]:
        stale.unlink()  # a type the graph no longer has must not linger beside import.sh
    rows = as_graph_rows(graph)
    types = schema_types(rows)
    counts = dict.fromkeys(types, 0)
    with ExitStack() as stack:
        writers = {}
        for (kind, name), props in types.items():
            prefix, ends = ("nodes", ["id:ID", ":LABEL"])
            if kind != "nodes":
                prefix, ends = ("rels", [":START_ID", ":END_ID", ":TYPE"])
            # newline="" lets the csv module own line endings; "\n" keeps files diff-friendly.
            handle = stack.enter_context(
                (out / f"{prefix}_{name}.csv").open("w", encoding="utf-8", newline="")
            )
            writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow([*ends, *(header(p, t) for p, t in props.items())])
            writers[kind, name] = writer.writerow
        for node_id, attrs in rows.nodes():
            key = ("nodes", attrs["label"])
            where = f"{key[1]} {node_id!r}"
            writers[key]([node_id, key[1], *_fields(attrs, types[key], where)])
            counts[key] += 1
        for u, v, _key, attrs in rows.edges():
            key = ("relationships", attrs["type"])
            where = f"{key[1]} {u!r}->{v!r}"
            writers[key]([u, v, key[1], *_fields(attrs, types[key], where)])
            counts[key] += 1
    export = CsvExport(out_dir=out, database=database)
    for (kind, name), n in counts.items():
        path = out / f"{'nodes' if kind == 'nodes' else 'rels'}_{name}.csv"
        export.files.append(CsvFile(path=path, kind=kind, name=name, rows=n))
    (out / "constraints.cypher").write_text(
        "".join(f"{stmt};\n" for stmt in constraint_statements()), encoding="utf-8"
    )
    script = out / "import.sh"
    script.write_text(import_script(export), encoding="utf-8")
    script.chmod(0o755)
    return export


def _fields(attrs: Mapping[str, object], props: Mapping[str, str], where: str) -> list[str]:
    fields = []
    for name, kind in props.items():
        base = twin_of(name)
        if base is None and name in DATE_PROPERTIES:
            check_date(attrs.get(name), f"{where}.{name}")  # the ISO string must be a date
        fields.append(csv_field(attrs.get(base or name), kind, f"{where}.{base or name}"))
    return fields


def import_command(files: list[CsvFile], database: str, base: Path | None = None) -> list[str]:
    """`neo4j-admin database import full` for these files, as an argument list.

    Nodes come first (relationships refer to them). With `base`, paths are absolute
    (resolved under it); without, they are the bare file names (for import.sh, which
    changes into the export folder first).
    """

    def where(f: CsvFile) -> str:
        return str(f.path.resolve()) if base is not None else f.path.name

    ordered = sorted(files, key=lambda f: (f.kind != "nodes", f.name))
    return [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        *(f"--{'nodes' if f.kind == 'nodes' else 'relationships'}={where(f)}" for f in ordered),
        "--delimiter=,",
        f"--array-delimiter={ARRAY_DELIMITER}",
        '--quote="',
        "--multiline-fields=true",
    ]


def constraint_statements(labels: Iterable[str] = OBLIGRAPH_LABELS) -> list[str]:
    """Uniqueness constraints on the key of each label (docs/schema.md: `id`).

    >>> constraint_statements(["Task"])[0]
    'CREATE CONSTRAINT obligraph_task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE'
    """
    return [
        f"CREATE CONSTRAINT obligraph_{label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{check_identifier(label, 'label')}) REQUIRE n.id IS UNIQUE"
        for label in sorted(labels)
    ]


def import_script(export: CsvExport) -> str:
    """The text of import.sh: the import command, run from the export folder."""
    args = export.command(relative=True)
    args[0] = '"${NEO4J_ADMIN:-neo4j-admin}"'
    args[4] = '"$DATABASE"'
    quoted = [a if a.startswith('"') else shlex.quote(a) for a in args]
    # "neo4j-admin database import full DB" on one line, then one option a line.
    body = " \\\n  ".join([" ".join(quoted[:5]), *quoted[5:], '"$@"'])
    return (
        "#!/bin/sh\n"
        "# Import obligraph's CSV export into a NEW Neo4j 5+ database: the database must not\n"
        "# exist yet (or pass --overwrite-destination=true, which replaces it).\n"
        "# Usage: sh import.sh [DATABASE] [more neo4j-admin options]\n"
        "# Afterwards: cypher-shell -d DATABASE -f constraints.cypher\n"
        "set -eu\n"
        'cd "$(dirname "$0")"\n'
        f'DATABASE="${{1:-{export.database}}}"\n'
        'if [ "$#" -gt 0 ]; then shift; fi\n'
        f"{body}\n"
    )
