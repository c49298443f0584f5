"""The registry of named questions, and `run_named`, which answers one on a store or a graph.

Each named query is a .cypher file in this folder (portable Cypher, user values only as
$parameters), a networkx implementation (queries/nx_answers.py) with the same columns,
its parameters and its columns. `run_named` resolves what the user typed (a document
number, an agency name) to ids, checks dates and roles, runs one of the two, and returns
rows sorted the same way, so the two answers compare equal row for row.

>>> sorted(NAMED_QUERIES)
['due', 'lineage', 'owns', 'replaced-by', 'restated', 'stale']
>>> run_named("owns", {"agency": "Sở KHCN", "as_of": "2025-12-31"})  # doctest: +SKIP
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from obligraph.errors import QueryError
from obligraph.queries import nx_answers
from obligraph.queries.resolve import (
    DocumentIndex,
    graph_agencies,
    graph_documents,
    resolve_agency,
    resolve_document,
    store_agencies,
    store_documents,
)

ROLES = ("lead", "coordinate", "any")


@dataclass(frozen=True)
class Param:
    """One user-facing parameter: its name, what it is, and what it becomes for Cypher."""

    name: str
    kind: str  # document | agency | date | role | flag
    help: str
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A named question: the .cypher file, the networkx answer, parameters, columns."""

    name: str
    question: str
    cypher_file: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    order: tuple[str, ...]  # columns rows are sorted by (then every column)
    answer: Callable[..., list[dict[str, Any]]]
    cypher_params: tuple[str, ...]  # every $parameter of the .cypher file

    def cypher(self) -> str:
        """The .cypher file's text, unchanged: user values never enter it."""
        return cypher_path(self.cypher_file).read_text(encoding="utf-8")


def cypher_path(file_name: str) -> Path:
    """A .cypher file of this package."""
    return Path(str(resources.files("obligraph.queries") / file_name))


NAMED_QUERIES: dict[str, NamedQuery] = {
    q.name: q
    for q in (
        NamedQuery(
            name="replaced-by",
            question="Which tasks replaced a document? (SUPERSEDES, transitively)",
            cypher_file="replaced_by.cypher",
            params=(Param("doc", "document", "number (37/KH-UBND) or id", required=True),),
            columns=(
                "replaced_id",
                "doc_id",
                "number",
                "hops",
                "task_id",
                "origin",
                "no",
                "text",
                "deadline_text",
                "due",
            ),
            order=("replaced_id", "hops", "doc_id", "task_id"),
            answer=nx_answers.replaced_by,
            cypher_params=("doc_ids",),
        ),
        NamedQuery(
            name="owns",
            question="What does an agency own: tasks and indicators, inherited ones included?",
            cypher_file="owns.cypher",
            params=(
                Param("agency", "agency", "name, alias, abbreviation or id", required=True),
                Param("role", "role", "lead, coordinate or any (default any)"),
                Param("as_of", "date", "inherit only successions dated on or before"),
                Param("with_collectives", "flag", "add tasks of collectives it belongs to"),
            ),
            columns=(
                "item",
                "item_id",
                "doc_id",
                "number",
                "no",
                "text",
                "role",
                "deadline_text",
                "due",
                "target",
                "inherited_from",
                "via_collective",
            ),
            order=("item", "doc_id", "item_id", "role"),
            answer=nx_answers.owns,
            cypher_params=("agency_id", "role", "as_of", "with_collectives"),
        ),
        NamedQuery(
            name="lineage",
            question="Which documents a document implements, replaces or is based on, "
            "and which do so to it, with path lengths?",
            cypher_file="lineage.cypher",
            params=(
                Param("doc", "document", "number or id", required=True),
                Param("up", "flag", "only what the document implements / is based on"),
                Param("down", "flag", "only what implements / is based on the document"),
            ),
            columns=(
                "direction",
                "from_id",
                "doc_id",
                "number",
                "kind",
                "issued",
                "in_corpus",
                "hops",
                "implements_hops",
                "supersedes_hops",
                "based_on_hops",
            ),
            order=("direction", "from_id", "hops", "doc_id"),
            answer=nx_answers.lineage,
            cypher_params=("doc_ids", "up", "down"),
        ),
        NamedQuery(
            name="due",
            question="Which tasks fall due in a window (or are overdue), optionally one agency's?",
            cypher_file="due.cypher",
            params=(
                Param("before", "date", "due on or before"),
                Param("after", "date", "due on or after"),
                Param("agency", "agency", "only this agency's (and its predecessors')"),
                Param("overdue_as_of", "date", "only tasks due before this date"),
            ),
            columns=("due", "doc_id", "number", "task_id", "no", "text", "deadline_text", "leads"),
            order=("due", "doc_id", "task_id"),
            answer=nx_answers.due,
            cypher_params=("before", "after", "overdue_as_of", "agency_id"),
        ),
        NamedQuery(
            name="stale",
            question="Which obligations rest on a document that has since been superseded?",
            cypher_file="stale.cypher",
            params=(),
            columns=(
                "task_id",
                "doc_id",
                "number",
                "no",
                "text",
                "how",
                "basis_id",
                "basis_number",
                "superseded_by_id",
                "superseded_by_number",
            ),
            order=("doc_id", "task_id", "how", "basis_id", "superseded_by_id"),
            answer=nx_answers.stale,
            cypher_params=(),
        ),
        NamedQuery(
            name="restated",
            question="Which obligations does a later document restate from an earlier one?",
            cypher_file="restated.cypher",
            params=(),
            columns=(
                "score",
                "later_id",
                "later_number",
                "later_no",
                "later_text",
                "earlier_id",
                "earlier_number",
                "earlier_no",
                "earlier_text",
            ),
            order=("later_id", "earlier_id"),
            answer=nx_answers.restated,
            cypher_params=(),
        ),
    )
}


def get_query(name: str) -> NamedQuery:
    """The named query, or QueryError listing the names."""
    if name not in NAMED_QUERIES:
        raise QueryError(f"no named query {name!r}; known: {', '.join(sorted(NAMED_QUERIES))}")
    return NAMED_QUERIES[name]


def _iso_date(name: str, value: Any) -> str | None:
    """An ISO date string, or None; QueryError for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise QueryError(
            f"--{name.replace('_', '-')} must be a date YYYY-MM-DD, not {value!r}"
        ) from None


def _role(value: Any) -> str | None:
    if value in (None, "", "any"):
        return None
    if value not in ROLES:
        raise QueryError(f"--role must be one of {', '.join(ROLES)}, not {value!r}")
    return str(value)


class _Catalogue:
    """Documents and agencies to resolve mentions against, read once per graph or store.

    Repeated questions on the same open store (an analyst's session, the benchmarks) do
    not list every document again: the lists are kept beside the store object.
    """

    _kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __init__(self, graph: nx.MultiDiGraph | None, store: Any | None) -> None:
        self.graph, self.store = graph, store
        source = graph if graph is not None else store
        try:
            self._lists = self._kept.setdefault(source, {})
        except TypeError:  # a source that cannot be weakly referenced: no keeping
            self._lists = {}

    def documents(self) -> DocumentIndex:
        if "documents" not in self._lists:
            self._lists["documents"] = DocumentIndex(
                graph_documents(self.graph)
                if self.graph is not None
                else store_documents(self.store)
            )
        return self._lists["documents"]

    def agencies(self):
        if "agencies" not in self._lists:
            self._lists["agencies"] = (
                graph_agencies(self.graph) if self.graph is not None else store_agencies(self.store)
            )
        return self._lists["agencies"]


def prepare_params(query: NamedQuery, given: dict[str, Any], catalogue: _Catalogue) -> dict:
    """The user's parameters -> the .cypher file's $parameters (ids resolved, dates checked)."""
    known = {p.name for p in query.params}
    unknown = sorted(k for k, v in given.items() if k not in known and v not in (None, False))
    if unknown:
        raise QueryError(f"{query.name} takes no {', '.join(unknown)}")
    for p in query.params:
        if p.required and given.get(p.name) in (None, ""):
            raise QueryError(f"{query.name} needs {p.name.upper()} ({p.help})")
    out: dict[str, Any] = dict.fromkeys(query.cypher_params)
    for p in query.params:
        value = given.get(p.name)
        if p.kind == "document":
            out["doc_ids"] = resolve_document(str(value), catalogue.documents())
        elif p.kind == "agency":
            if value not in (None, ""):
                out["agency_id"] = resolve_agency(str(value), catalogue.agencies())
        elif p.kind == "date":
            out[p.name] = _iso_date(p.name, value)
        elif p.kind == "role":
            out[p.name] = _role(value)
        elif p.kind == "flag":
            out[p.name] = bool(value) if value is not None else None
    if query.name == "lineage":  # neither flag: both directions
        up, down = bool(out.get("up")), bool(out.get("down"))
        out["up"], out["down"] = (True, True) if up == down else (up, down)
    return out


_NULL_KEY = (0, "", "")


def _sort_value(value: Any) -> tuple:
    """Sort nulls first, then by type name and value (ints and strings never compared)."""
    if type(value) is str:  # most cells: checked first, the sort key of 10,000s of rows
        return (1, "str", value)
    if value is None:
        return _NULL_KEY
    if isinstance(value, list):
        return (1, "list", tuple(_sort_value(v) for v in value))
    if isinstance(value, bool):
        return (1, "bool", int(value))
    if isinstance(value, int | float):
        return (1, "number", float(value))
    return (1, "str", str(value))


def _cells(columns: tuple[str, ...]) -> Callable[[dict], tuple]:
    """A row -> its values in these columns, always as a tuple (itemgetter of one is not)."""
    if len(columns) == 1:
        return lambda row: (row[columns[0]],)
    return itemgetter(*columns)


def tidy_rows(query: NamedQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the query's columns in order, list cells sorted, rows sorted by the
    query's `order` columns, ties broken by the other columns.

    The other columns (long texts among them) enter the sort key only when some rows
    tie on `order`, which for most answers never happens.
    """
    columns = query.columns
    tidy = [
        dict(row) if tuple(row) == columns else {c: row.get(c) for c in columns} for row in rows
    ]
    list_columns = [c for c in columns if list in set(map(type, map(itemgetter(c), tidy)))]
    for row in tidy:
        for column in list_columns:
            if type(row[column]) is list:
                row[column] = sorted(row[column], key=_sort_value)
    head = _cells(query.order)
    keys = [tuple(map(_sort_value, head(row))) for row in tidy]
    rest_columns = tuple(c for c in columns if c not in query.order)
    if rest_columns and len(set(keys)) < len(keys):  # ties on `order`: break them
        rest = _cells(rest_columns)
        keys = [
            key + tuple(map(_sort_value, rest(row))) for key, row in zip(keys, tidy, strict=True)
        ]
    return [tidy[i] for i in sorted(range(len(tidy)), key=keys.__getitem__)]


def run_named(
    name: str,
    params: dict[str, Any] | None = None,
    *,
    graph: nx.MultiDiGraph | None = None,
    store: Any | None = None,
) -> list[dict[str, Any]]:
    """Answer a named question: on the networkx graph when `graph` is given, else on the
    Cypher store (`store`, or the default store folder opened read-only).

    >>> run_named("replaced-by", {"doc": "37/KH-UBND"}, graph=g)  # doctest: +SKIP
    [{'replaced_id': 'doc:37-kh-ubnd-2025', 'doc_id': 'doc:103-kh-ubnd-2025', ...}, ...]
    """
    query = get_query(name)
    if graph is None and store is None:
        from obligraph.graph.store import open_store
        from obligraph.paths import DEFAULT_STORE

        store = open_store(DEFAULT_STORE)
    cypher_params = prepare_params(query, params or {}, _Catalogue(graph, store))
    if graph is not None:
        rows = query.answer(graph, **cypher_params)
    else:
        rows = store.query(query.cypher(), cypher_params)
    return tidy_rows(query, rows)


def cli_params(name: str, args: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """`obligraph query NAME ARGS… --opt …` -> run_named's parameters.

    ARGS (joined by spaces, so an unquoted agency name works) fill the query's required
    parameter; options the query does not take are refused when set.

    >>> cli_params("owns", ["Sở", "KHCN"], {"as_of": "2025-12-31", "up": False})
    {'as_of': '2025-12-31', 'agency': 'Sở KHCN'}
    """
    query = get_query(name)
    params = {k: v for k, v in options.items() if v not in (None, False)}
    required = [p for p in query.params if p.required]
    if args:
        if not required:
            raise QueryError(f"{name} takes no argument, got {' '.join(args)!r}")
        params[required[0].name] = " ".join(args)
    return params
