"""What every Cypher store offers, and how the CLI opens one.

A store runs Cypher with `$parameters` and returns rows as dicts keyed by the RETURN
column names: LadybugDB (embedded, `graph.ladybug_store`, the default) or a Neo4j server
(`graph.neo4j_store`). `parse_param` turns `--param k=v` into typed parameters.

>>> parse_param("year=2025"), parse_param("name=Công an tỉnh"), parse_param("ids:=[1, 2]")
(('year', 2025), ('name', 'Công an tỉnh'), ('ids', [1, 2]))
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from obligraph.errors import QueryError, StoreError

# A --param value read as a number: "2025", "-3" (INTEGER); "0.85", "1e-3" (DECIMAL).
# Anything else ("2025-03-01", "nan", "57-NQ/TW") stays a string.
INTEGER = re.compile(r"[+-]?\d+")
DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+(?=[eE]))([eE][+-]?\d+)?")


class CypherStore(Protocol):
    """A graph store that answers Cypher (the portable subset of docs/schema.md)."""

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by RETURN column names."""
        ...


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building an answer's rows.

    Tens of thousands of fresh lists and dicts (rows, sort keys) set off its full passes,
    which walk every object alive (a loaded networkx graph: millions); rows hold no
    cycles, so nothing is left for it to find. It is turned back on, if it was on, on the
    way out; reference counting frees memory as usual meanwhile.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_store(store_dir: str | Path, neo4j: bool = False, write: bool = False) -> CypherStore:
    """The embedded store in store_dir/ladybug (or Neo4j, from NEO4J_URI, when neo4j=True).

    >>> store = open_store("store")  # doctest: +SKIP
    >>> store.query("MATCH (d:Document) RETURN count(*) AS n")  # doctest: +SKIP
    [{'n': 47}]
    """
    if neo4j:
        try:
            from obligraph.graph.neo4j_store import open_neo4j_store_from_env
        except ImportError as exc:
            raise StoreError("the Neo4j store is not available in this installation") from exc
        return open_neo4j_store_from_env(write=write)
    from obligraph.graph.ladybug_store import LADYBUG_DIR, LadybugStore
    from obligraph.graph.store_folder import check_ladybug, read_manifest

    read_manifest(store_dir)  # refuses a half-written or foreign folder before opening it
    store = LadybugStore(Path(store_dir) / LADYBUG_DIR, write=write)
    try:
        check_ladybug(store_dir, store.counts())
    except BaseException:
        store.close()
        raise
    return store


@contextmanager
def opened_store(
    store_dir: str | Path, neo4j: bool = False, write: bool = False
) -> Iterator[CypherStore]:
    """open_store, closed again on the way out (both stores have `close`)."""
    store = open_store(store_dir, neo4j=neo4j, write=write)
    try:
        yield store
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()


def run_cypher(
    store_dir: str | Path,
    cypher: str,
    params: dict[str, Any] | None = None,
    *,
    neo4j: bool = False,
    write: bool = False,
) -> list[dict[str, Any]]:
    """Open a store, run one query, close it: what `obligraph cypher` does.

    >>> run_cypher("store", "MATCH (t:Task) RETURN count(*) AS n")  # doctest: +SKIP
    [{'n': 249}]
    """
    with opened_store(store_dir, neo4j=neo4j, write=write) as store:
        if neo4j:  # Neo4j routes a query to a writer only when asked
            return store.query(cypher, params, write=write)  # type: ignore[call-arg]
        rows = store.query(cypher, params)
        if write:  # the database now differs from graph.json: say so in the manifest
            from obligraph.graph.store_folder import record_annotation

            record_annotation(store_dir, store.counts())  # type: ignore[attr-defined]
        return rows


def parse_value(text: str) -> Any:
    """A --param value: int, float, true/false, else the string itself.

    >>> parse_value("3"), parse_value("0.5"), parse_value("true"), parse_value("2025-03-01")
    (3, 0.5, True, '2025-03-01')
    """
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if INTEGER.fullmatch(text):
        return int(text)
    if DECIMAL.fullmatch(text):
        return float(text)
    return text


def parse_param(text: str) -> tuple[str, Any]:
    """`k=v` (value typed by parse_value) or `k:=json` (any JSON value, e.g. a list)."""
    if "=" not in text:
        raise QueryError(f"--param {text}: expected name=value or name:=json")
    name, raw = text.split("=", 1)
    if name.endswith(":"):
        name = name[:-1]
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise QueryError(f"--param {text}: the value after := is not JSON ({exc.msg})") from exc
    else:
        value = parse_value(raw)
    name = name.strip()
    if not name.isidentifier():
        raise QueryError(f"--param {text}: {name!r} is not a parameter name")
    return name, value


def schema_question_files() -> list[Path]:
    """The three questions of docs/schema.md, as queries/schema_*.cypher, sorted by name."""
    folder = resources.files("obligraph.queries")
    return sorted(
        Path(str(f))
        for f in folder.iterdir()
        if f.name.startswith("schema_") and f.name.endswith(".cypher")
    )


def run_schema_questions(store: CypherStore) -> dict[str, list[dict[str, Any]]]:
    """Each schema question's rows, keyed by the file's stem (e.g. `schema_1_replaced_kh37`)."""
    return {
        path.stem: store.query(path.read_text(encoding="utf-8")) for path in schema_question_files()
    }


def _cell_text(value: Any, width: int) -> str:
    if value is None:
        text = ""
    elif isinstance(value, list):
        text = ", ".join(_cell_text(v, width) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rows_table(rows: list[dict[str, Any]], width: int = 70) -> str:
    """Rows as an aligned text table, headers = the RETURN column names; long cells cut.

    >>> print(rows_table([{"d.number": "103/KH-UBND", "length(p)": 2}]))
    d.number     length(p)
    -----------  ---------
    103/KH-UBND  2
    (1 row)
    """
    if not rows:
        return "(no rows)"
    columns = list(rows[0])
    cells = [[_cell_text(row.get(c), width) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
