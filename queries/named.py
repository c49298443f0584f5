"""The registry of named questions, and `run_named`, which answers one on a store or a graph.

Each named query is a .cypher file in this folder (portable Cypher, user values only as
$parameters), a networkx implementation (queries/nx_answers.py) with the same columns,
its parameters and its columns. `run_named` resolves what the user typed (a document
number, an agency name) to ids, checks dates and roles, runs one of the two, and returns
rows sorted the same way, so the two answers compare equal row for row.

>>> sorted(NAMED_QUERIES)
['chain', 'due', 'gaps', 'lineage', 'owns', 'replaced-by', 'restated', 'stale']
>>> run_named("owns", {"agency": "Sở KHCN", "as_of": "2025-12-31"})  # doctest: +SKIP
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obligraph.errors import QueryError
from obligraph.graph.store import gc_paused
from obligraph.queries import nx_answers
from obligraph.queries.owns_split import MAX_CHAIN, Successions, settle_owns
from obligraph.queries.parts import lineage_rows, replaced_by_rows
from obligraph.queries.resolve import (
    DocumentIndex,
    graph_agencies,
    graph_documents,
    resolve_agency,
    resolve_document,
    store_agencies,
    store_documents,
    store_resolve_document,
)
from obligraph.queries.tidy import tidy_rows

if TYPE_CHECKING:  # hints only: the CLI's query path never imports networkx
    import networkx as nx

ROLES = ("lead", "coordinate", "any")


@dataclass(frozen=True)
class Param:
    """One user-facing parameter: its name, what it is, and what it becomes for Cypher."""

    name: str
    kind: str  # document | agency | date | role | flag | task
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
    list_columns: tuple[str, ...] = ()  # columns of lists (sorted by tidy_rows)
    # For a file of UNION ALL branches: which branches can yield rows, given the .cypher
    # parameters. Every branch tests its own condition (the file stays whole and right on
    # any store), but LadybugDB does not skip the work of a branch whose condition is
    # false: due's first branch scans every Task even when an agency is given.
    # `facts` (AgencyFacts, when known) lets it rule out branches that the graph's shape
    # leaves empty: owns' inherited tasks for an agency with no predecessor.
    branches: Callable[[dict[str, Any], AgencyFacts | None], tuple[bool, ...]] | None = None
    reads_facts: bool = False  # `branches` reads AgencyFacts (two queries, once per store)
    # (list parameter, $parameter): run the file once per value of the list prepare_params
    # resolved (a document number may name several documents), bound to the $parameter.
    # LadybugDB walks from a key given as `d.id = $doc_id`; `d.id IN $doc_ids` makes it
    # scan the table and hash-join the walk's other end against all of it.
    each: tuple[str, str] | None = None
    # Rows of a file whose branches return parts (tagged `part`) -> the answer's rows,
    # keyed by `columns` in order (queries/parts.py); Cypher rows only, networkx answers
    # whole.
    assemble: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None
    # Rows of every route -> the answer, keyed by `columns` in order: owns keeps one row
    # per item on its strongest route (queries/owns_split.py), the same step over Cypher
    # and networkx rows.
    settle: Callable[[list[dict[str, Any]], dict[str, Any], Any], list[dict[str, Any]]] | None = (
        None
    )

    def cypher(self) -> str:
        """The .cypher file's text, unchanged: user values never enter it."""
        return cypher_path(self.cypher_file).read_text(encoding="utf-8")

    def cypher_runs(self, params: dict[str, Any], facts: AgencyFacts | None = None) -> list[str]:
        """The statements run_named runs for these parameters: the whole file, or, when
        `branches` rules some UNION ALL branches out, each of the others unchanged.

        >>> due = NAMED_QUERIES["due"]
        >>> def shape(runs):  # (a UNION left?, the agency branch?) for each statement
        ...     return [("UNION ALL" in r, "MATCH (holder:Agency)" in r) for r in runs]
        >>> shape(due.cypher_runs({"agency_id": None})), shape(due.cypher_runs({"agency_id": "so-noi-vu"}))
        ([(False, False)], [(False, True)])
        >>> owns = NAMED_QUERIES["owns"]  # the whole file; branches 1a and 1b alone
        >>> len(owns.cypher_runs({"with_collectives": True})), len(owns.cypher_runs({"role": "coordinate"}))
        (1, 2)
        """
        text = self.cypher()
        if self.branches is None:
            return [text]
        keep = self.branches(params, facts)
        parts = UNION_ALL.split(text)
        if all(keep) or len(parts) != len(keep):
            return [text]
        return [part for part, kept in zip(parts, keep, strict=True) if kept]

    def bindings(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The file's $parameters for each run: once, or once per value of `each`'s list.

        >>> NAMED_QUERIES["lineage"].bindings({"doc_ids": ["a", "b"], "up": True, "down": None})
        [{'doc_id': 'a', 'up': True, 'down': None}, {'doc_id': 'b', 'up': True, 'down': None}]
        """
        own = {k: params.get(k) for k in self.cypher_params}
        if self.each is None:
            return [own]
        many, one = self.each
        return [{**own, one: value} for value in params[many]]

    def answer_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """The networkx answer's keyword arguments: the file's $parameters, with `each`'s
        list in place of its one value."""
        own = {k: params.get(k) for k in self.cypher_params}
        if self.each is not None:
            many, one = self.each
            del own[one]
            own[many] = params[many]
        return own


@dataclass(frozen=True)
class AgencyFacts:
    """What the graph's shape says about agencies, for skipping branches it leaves empty.

    Both sets ignore dates and partial successions, so they hold every agency a branch can
    give a row for, whatever the parameters.
    """

    inheriting: frozenset[str]  # agencies with a predecessor (1..6 steps) that holds a task
    monitoring: frozenset[str]  # agencies that, or whose predecessor, monitor an indicator

    def may_inherit(self, agency_id: str | None) -> bool:
        return agency_id in self.inheriting

    def may_monitor(self, agency_id: str | None) -> bool:
        return agency_id in self.monitoring


# What AgencyFacts is read from on a store, each walked from keys or from a small table:
# the predecessors (agencies with a SUCCEEDED_BY edge) holding a task, and the agencies
# monitoring an indicator. One query asking `MATCH (p)-[:SUCCEEDED_BY*1..6]->(a) WHERE
# EXISTS { MATCH (:Task)-[:ASSIGNED_TO]->(p) }` read all 11 million ASSIGNED_TO edges at
# 100,000 documents (0.1-0.3 s of every `obligraph query owns`); the chains are followed
# in Python over the successions (a few dozen edges, read once per store for `owns`).
HOLDING_PREDECESSORS_CYPHER = (
    "MATCH (p:Agency)-[:SUCCEEDED_BY]->(:Agency) WITH collect(p.id) AS ids "
    "MATCH (p:Agency)<-[:ASSIGNED_TO]-(:Task) WHERE p.id IN ids RETURN DISTINCT p.id AS id"
)
MONITORS_CYPHER = "MATCH (:Indicator)-[:MONITORED_BY]->(p:Agency) RETURN DISTINCT p.id AS id"


def agency_facts(successors: dict[str, set[str]], holders: set[str], monitors: set[str]):
    """AgencyFacts from the SUCCEEDED_BY edges (source -> targets), the agencies holding
    a task and those monitoring an indicator: who a chain of 1..6 successions from a
    holder reaches (as owns.cypher's branch 1b walks), and the monitors with who a chain
    of 0..6 from one reaches (branch 3).

    >>> facts = agency_facts({"a": {"b"}, "b": {"c"}}, holders={"a"}, monitors={"b"})
    >>> sorted(facts.inheriting), sorted(facts.monitoring)
    (['b', 'c'], ['b', 'c'])
    """

    def reached(starts: set[str], steps: int) -> set[str]:
        out, frontier = set(), set(starts)
        for _ in range(steps):
            frontier = {v for u in frontier for v in successors.get(u, ())}
            out |= frontier
        return out

    return AgencyFacts(
        inheriting=frozenset(reached(holders, MAX_CHAIN)),
        monitoring=frozenset(monitors | reached(monitors, MAX_CHAIN)),
    )


def graph_agency_facts(g: nx.MultiDiGraph) -> AgencyFacts:
    """AgencyFacts of a networkx graph, read as store_agency_facts reads a store."""
    holders, monitors = set(), set()
    successors: dict[str, set[str]] = {}
    for u, v, kind in g.edges(data="type"):
        if kind == "ASSIGNED_TO":
            holders.add(v)
        elif kind == "MONITORED_BY":
            monitors.add(v)
        elif kind == "SUCCEEDED_BY":
            successors.setdefault(u, set()).add(v)
    return agency_facts(successors, holders, monitors)


def store_agency_facts(store: Any, successions: Successions) -> AgencyFacts:
    """AgencyFacts of a Cypher store (HOLDING_PREDECESSORS_CYPHER, MONITORS_CYPHER)."""
    successors: dict[str, set[str]] = {}
    for s in successions.edges:
        successors.setdefault(s.source, set()).add(s.target)
    holders = {row["id"] for row in store.query(HOLDING_PREDECESSORS_CYPHER)}
    monitors = {row["id"] for row in store.query(MONITORS_CYPHER)}
    return agency_facts(successors, holders, monitors)


def _owns_branches(p: dict[str, Any], facts: AgencyFacts | None) -> tuple[bool, ...]:
    """1a own tasks, 1b inherited, 2 collectives' (if asked), 3 indicators (role lead/any)."""
    agency = p.get("agency_id")
    return (
        True,
        facts is None or facts.may_inherit(agency),
        bool(p.get("with_collectives")),
        p.get("role") != "coordinate" and (facts is None or facts.may_monitor(agency)),
    )


def _settle_owns(rows: list[dict[str, Any]], params: dict[str, Any], catalogue: Any):
    """owns: one row per item on its strongest route (queries/owns_split.py)."""
    return settle_owns(
        rows,
        params["agency_id"],
        catalogue.successions(),
        as_of=params.get("as_of"),
        role=params.get("role"),
        columns=NAMED_QUERIES["owns"].columns,
    )


# A line holding only UNION ALL: where a .cypher file's branches meet.
UNION_ALL = re.compile(r"^[ \t]*UNION ALL[ \t]*$", re.MULTILINE)


def cypher_path(file_name: str) -> Path:
    """A .cypher file of this package."""
    return Path(str(resources.files("obligraph.queries") / file_name))


NAMED_QUERIES: dict[str, NamedQuery] = {
    q.name: q
    for q in (
        NamedQuery(
            name="replaced-by",
            question="Which tasks replaced a document? (SUPERSEDES, transitively; at task level,"
            " where its tasks are loaded: kept, reworded, new, dropped)",
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
                "old_task_id",
                "old_no",
                "old_text",
                "score",
                "change",
            ),
            order=("replaced_id", "hops", "doc_id", "task_id", "old_task_id"),
            answer=nx_answers.replaced_by,
            cypher_params=("doc_id",),
            each=("doc_ids", "doc_id"),
            assemble=replaced_by_rows,
        ),
        NamedQuery(
            name="owns",
            question="What does an agency own: tasks and indicators, inherited ones included?",
            cypher_file="owns.cypher",
            params=(
                Param("agency", "agency", "name, alias, abbreviation or id", required=True),
                Param("role", "role", "lead, coordinate or any (default any)"),
                Param("as_of", "date", "inherit only successions dated on or before"),
                Param(
                    "with_collectives",
                    "flag",
                    "tasks of collectives it belongs to (default: yes, marked how=group)",
                ),
            ),
            columns=(
                "item",
                "item_id",
                "doc_id",
                "number",
                "issued",
                "no",
                "text",
                "role",
                "how",
                "deadline_text",
                "due",
                "target",
                "inherited_from",
                "since",
                "via_collective",
            ),
            order=("item", "doc_id", "item_id", "role"),
            answer=nx_answers.owns,
            cypher_params=("agency_id", "role", "as_of", "with_collectives"),
            branches=_owns_branches,
            reads_facts=True,
            settle=_settle_owns,
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
            cypher_params=("doc_id", "up", "down"),
            each=("doc_ids", "doc_id"),
            assemble=lineage_rows,
            # the four walks up, then the four down (LINEAGE_TYPES and any)
            branches=lambda p, _facts: (
                (bool(p.get("up", True)),) * 4 + (bool(p.get("down", True)),) * 4
            ),
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
            list_columns=("leads",),
            # 1 every dated task (no agency given), 2 the agency's and its predecessors'
            branches=lambda p, _facts: (not p.get("agency_id"), bool(p.get("agency_id"))),
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


# ------------------------------------------------- task chains (issue 18: graph/task_links.py)


def _chain_queries() -> tuple[NamedQuery, ...]:
    """chain TASK and gaps DOC: obligations down the hierarchy (Task IMPLEMENTS Task)."""
    return (
        NamedQuery(
            name="chain",
            question="Which higher tasks does a task carry out, and which lower tasks carry it"
            " out (Task IMPLEMENTS Task, with scores)?",
            cypher_file="chain.cypher",
            params=(
                Param(
                    "task",
                    "task",
                    "task id, or document number and row (103/KH-UBND 5)",
                    required=True,
                ),
            ),
            columns=(
                "direction",
                "hops",
                "via_id",
                "task_id",
                "doc_id",
                "number",
                "no",
                "text",
                "score",
            ),
            order=("direction", "hops", "via_id", "task_id"),
            answer=nx_answers.chain,
            cypher_params=("task_id",),
        ),
        NamedQuery(
            name="gaps",
            question="Which tasks of the documents a plan implements, given to local"
            " government, does no task of the plan carry out?",
            cypher_file="gaps.cypher",
            params=(Param("doc", "document", "the plan's number or id", required=True),),
            columns=(
                "doc_id",
                "number",
                "task_id",
                "no",
                "text",
                "role",
                "agency",
                "deadline_text",
            ),
            order=("doc_id", "task_id", "role", "agency"),
            answer=lambda g, doc_ids: _distinct(nx_answers.gaps(g, doc_ids)),
            cypher_params=("doc_ids",),
        ),
    )


def _distinct(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without repeats, in first-seen order (a Cypher RETURN DISTINCT)."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = tuple(row.items())
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def resolve_task(value: str, catalogue: _Catalogue) -> str:
    """A task id from what the user typed: the id itself, or "<document> <row>".

    The row is the task's `no` as printed ("5", "II.1.a"); appendix rows are tried before
    body provisions. QueryError when nothing matches.
    """
    value = " ".join(str(value).split())
    doc_text, _, no = value.rpartition(" ")
    ids = [value]
    if doc_text:
        for doc_id in catalogue.document_ids(doc_text):
            ids += [f"{doc_id}/task/{no}", f"{doc_id}/body/{no}"]
    if catalogue.graph is not None:
        found = [i for i in ids if i in catalogue.graph]
    else:
        rows = catalogue.store.query(
            "MATCH (t:Task) WHERE t.id IN $ids RETURN t.id AS id", {"ids": ids}
        )
        found = [i for i in ids if i in {r["id"] for r in rows}]
    if not found:
        raise QueryError(f"no task {value!r} (give its id, or a document number and row)")
    return found[0]


NAMED_QUERIES.update({q.name: q for q in _chain_queries()})


def get_query(name: str) -> NamedQuery:
    """The named query, or QueryError listing the names."""
    if name not in NAMED_QUERIES:
        raise QueryError(f"no named query {name!r}; known: {', '.join(sorted(NAMED_QUERIES))}")
    return NAMED_QUERIES[name]


def _iso_date(name: str, value: Any) -> str | None:
    """An ISO date string, or None; the user may write 31/12/2025 or 2025-12-31."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    from obligraph.render import parse_day

    return parse_day(str(value), f"--{name.replace('_', '-')}").isoformat()


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

    def document_ids(self, mention: str) -> list[str]:
        """The ids a document mention resolves to (resolve_document): from the listed
        documents where they are listed (a graph), else asked of the store
        (store_resolve_document: no listing of 100,000 documents per CLI call); kept."""
        resolved = self._lists.setdefault("resolved", {})
        if mention not in resolved:
            if self.graph is not None or "documents" in self._lists:
                resolved[mention] = resolve_document(mention, self.documents())
            else:
                resolved[mention] = store_resolve_document(self.store, mention)
        return list(resolved[mention])

    def agency_facts(self) -> AgencyFacts:
        if "facts" not in self._lists:
            if self.graph is not None:
                facts = graph_agency_facts(self.graph)
            else:
                facts = store_agency_facts(self.store, self.successions())
            self._lists["facts"] = facts
        return self._lists["facts"]

    def successions(self) -> Successions:
        if "successions" not in self._lists:
            self._lists["successions"] = (
                Successions.of_graph(self.graph)
                if self.graph is not None
                else Successions.of_store(self.store)
            )
        return self._lists["successions"]

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
            out["doc_ids"] = catalogue.document_ids(str(value))
        elif p.kind == "agency":
            if value not in (None, ""):
                out["agency_id"] = resolve_agency(str(value), catalogue.agencies())
        elif p.kind == "date":
            out[p.name] = _iso_date(p.name, value)
        elif p.kind == "role":
            out[p.name] = _role(value)
        elif p.kind == "task":
            out["task_id"] = resolve_task(str(value), catalogue)
        elif p.kind == "flag":
            out[p.name] = bool(value) if value is not None else None
    if query.name == "due":  # a window that ends before it starts is a mistake, not "no rows"
        from obligraph.render import check_range

        check_range(out.get("after"), out.get("before"), ("--after", "--before"))
    if query.name == "owns" and out.get("with_collectives") is None:
        out["with_collectives"] = True  # groups by default, each row saying how it came
    if query.name == "lineage":  # neither flag: both directions
        up, down = bool(out.get("up")), bool(out.get("down"))
        out["up"], out["down"] = (True, True) if up == down else (up, down)
    return out


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
    catalogue = _Catalogue(graph, store)
    given = prepare_params(query, params or {}, catalogue)
    # A settled query filters on the role after choosing each item's route: every route
    # comes back from the engine.
    cypher_params = {**given, "role": None} if query.settle and "role" in given else given
    with gc_paused():  # tens of thousands of rows and sort keys: see gc_paused
        # Only the file's own $parameters reach it (prepare_params may add facts for
        # `branches`, and each query's lists of ids for `each`).
        if graph is not None:
            rows = query.answer(graph, **query.answer_params(cypher_params))
            if query.settle is not None:
                rows = query.settle(rows, given, catalogue)
            return tidy_rows(query, rows, owned=True)
        rows: list[dict[str, Any]] = []
        shaped = True  # the rows of one statement share the keys of its first row
        facts = catalogue.agency_facts() if query.reads_facts else None
        for statement in query.cypher_runs(cypher_params, facts):
            for own in query.bindings(cypher_params):
                answer = store.query(statement, own)
                shaped = shaped and (not answer or tuple(answer[0]) == query.columns)
                rows += answer
        if query.assemble is not None:
            rows, shaped = query.assemble(rows), True  # in column order
        if query.settle is not None:
            rows, shaped = query.settle(rows, given, catalogue), True  # in column order
        return tidy_rows(query, rows, owned=True, shaped=shaped)


def cli_params(name: str, args: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """`obligraph query NAME ARGS… --opt …` -> run_named's parameters.

    ARGS (joined by spaces, so an unquoted agency name works) fill the query's required
    parameter; options the query does not take are refused when set.

    >>> cli_params("owns", ["Sở", "KHCN"], {"as_of": "2025-12-31", "up": False})
    {'as_of': '2025-12-31', 'agency': 'Sở KHCN'}
    """
    query = get_query(name)
    flags = {p.name for p in query.params if p.kind == "flag"}
    # A False flag the query takes is kept (`--without-collectives`); one it does not take
    # is an option left at its default.
    params = {k: v for k, v in options.items() if v is not None and (v is not False or k in flags)}
    required = [p for p in query.params if p.required]
    if args:
        if not required:
            raise QueryError(f"{name} takes no argument, got {' '.join(args)!r}")
        params[required[0].name] = " ".join(args)
    return params
