"""What one agency owes on a date: the rows of its obligation sheet, read off the graph.

The traversal (`agency_obligations`) follows docs/architecture.md's networkx contract:
tasks reach an agency through `ASSIGNED_TO` (role lead/coordinate), indicators through
`MONITORED_BY`; an agency also owes what a predecessor was given (`SUCCEEDED_BY`, dated,
followed back transitively up to the sheet's date) and what a collective it belongs to
was given (`MEMBER_OF`). Each task appears once, under its strongest role.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import networkx as nx

from obligraph.errors import QueryError
from obligraph.loaders.records import slugify
from obligraph.viz.labels import ROLE_LABELS, document_label, number_sort_key
from obligraph.viz.status import normalized_deadline, parse_iso, task_status, vn_date

Via = Literal["direct", "inherited", "collective"]
_ROLE_RANK = {"lead": 0, "coordinate": 1, "monitor": 2}
_VIA_RANK = {"direct": 0, "inherited": 1, "collective": 2}
MAX_MEMBER_HOPS = 4  # MEMBER_OF*1..4, as queries/owns.cypher


@dataclass(frozen=True)
class Owner:
    """An agency whose obligations the sheet's agency carries, and why."""

    agency_id: str
    via: Via
    since: str | None = None  # succession date (ISO) for an inherited predecessor
    partial: bool = False  # only some functions passed on (SUCCEEDED_BY partial: true)
    evidence: str | None = None


@dataclass
class ObligationRow:
    """One row of an obligation sheet (a task or an indicator)."""

    kind: Literal["task", "indicator"]
    role: Literal["lead", "coordinate", "monitor"]
    node_id: str
    doc_id: str
    document: str  # "Kế hoạch 103/KH-UBND", "Thông báo UBND tỉnh ngày 18/03/2025"
    document_date: str  # dd/mm/yyyy
    no: str
    text: str
    result: str = ""
    deadline_text: str = ""
    deadline: str = ""  # normalized, in words
    status: str = ""
    co_assignees: str = ""
    flags: list[str] = field(default_factory=list)
    source: str = ""
    line: int | None = None
    sort_key: tuple = ()


@dataclass
class AgencySheet:
    """Everything one agency's sheet shows."""

    agency_id: str
    agency_name: str
    as_of: date
    note: str  # e.g. "đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/03/2025", else ""
    documents: list[str]  # "103/KH-UBND (01/06/2025)"
    lead: list[ObligationRow]
    coordinate: list[ObligationRow]
    indicators: list[ObligationRow]

    @property
    def rows(self) -> list[ObligationRow]:
        """All rows in sheet order: lead, coordinate, indicators."""
        return [*self.lead, *self.coordinate, *self.indicators]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def agency_ids(graph: nx.MultiDiGraph) -> list[str]:
    """The ids of every Agency node, sorted."""
    return sorted(n for n, a in graph.nodes(data=True) if a.get("label") == "Agency")


def resolve_agency(graph: nx.MultiDiGraph, mention: str) -> str:
    """The Agency node a user's --agency argument names: id, name, alias or spelling.

    >>> g = nx.MultiDiGraph(); g.add_node("cong-an-tinh", label="Agency", name="Công an tỉnh")
    >>> resolve_agency(g, "công an tỉnh")
    'cong-an-tinh'
    """
    node = graph.nodes.get(mention)
    if node and node.get("label") == "Agency":
        return mention
    wanted = _fold(mention)
    for agency in agency_ids(graph):
        attrs = graph.nodes[agency]
        names = [attrs.get("name") or "", *(attrs.get("aliases") or [])]
        if any(_fold(name) == wanted for name in names if name):
            return agency
    resolved = _registry_resolve(mention)
    if resolved and resolved in graph:
        return resolved
    if slugify(mention) in graph and graph.nodes[slugify(mention)].get("label") == "Agency":
        return slugify(mention)
    raise QueryError(
        f"no agency matches {mention!r}; "
        "use an agency id or name from `obligraph sheet --all` or data/agencies.yaml"
    )


def _registry_resolve(mention: str) -> str | None:
    """The agency registry's answer for a spelling variant (None if it has none)."""
    try:
        from obligraph.graph.agencies import AgencyRegistry
    except ImportError:  # registry not installed in this checkout
        return None
    try:
        found = AgencyRegistry.load().resolve(mention)
    except Exception:  # noqa: BLE001 - an unknown mention is reported by the caller
        return None
    if found is None or isinstance(found, str):
        return found
    return getattr(found, "agency_id", None) or getattr(found, "id", None)


def owners(graph: nx.MultiDiGraph, agency: str, as_of: date) -> list[Owner]:
    """The agency itself, its predecessors up to `as_of`, and the collectives it is in.

    A predecessor P counts when an edge P -SUCCEEDED_BY-> agency (or a chain of them) is
    dated on or before `as_of`.
    """
    found: list[Owner] = [Owner(agency, "direct")]
    seen = {agency}
    frontier = [agency]
    while frontier:
        current = frontier.pop()
        for pred, _, data in sorted(graph.in_edges(current, data=True), key=lambda e: e[0]):
            if data.get("type") != "SUCCEEDED_BY" or pred in seen:
                continue
            when = parse_iso(data.get("date"))
            if when is not None and when > as_of:
                continue
            seen.add(pred)
            found.append(
                Owner(
                    pred,
                    "inherited",
                    data.get("date"),
                    bool(data.get("partial")),
                    data.get("evidence"),
                )
            )
            frontier.append(pred)
    # collectives, transitively (a member of a member), as the owns query follows them
    frontier = [agency]
    for _ in range(MAX_MEMBER_HOPS):
        step = []
        for current in frontier:
            for _, collective, data in sorted(
                graph.out_edges(current, data=True), key=lambda e: e[1]
            ):
                if data.get("type") == "MEMBER_OF" and collective not in seen:
                    seen.add(collective)
                    found.append(Owner(collective, "collective"))
                    step.append(collective)
        frontier = step
    return found


def ceased_on(graph: nx.MultiDiGraph, agency: str) -> str | None:
    """The first day (ISO) the agency no longer existed: its earliest non-partial
    succession, else the day after `active_to`; None while it exists.

    >>> g = nx.MultiDiGraph(); g.add_node("a", label="Agency", active_to="2025-02-28")
    >>> ceased_on(g, "a")
    '2025-03-01'
    """
    dates = [
        str(d["date"])
        for _, _, d in graph.out_edges(agency, data=True)
        if d.get("type") == "SUCCEEDED_BY" and d.get("date") and not d.get("partial")
    ]
    active_to = parse_iso(graph.nodes[agency].get("active_to"))
    if active_to is not None:
        dates.append((active_to + timedelta(days=1)).isoformat())
    return min(dates) if dates else None


def _issued(graph: nx.MultiDiGraph, doc_id: str) -> str:
    return str(graph.nodes[doc_id].get("issued") or "") if doc_id in graph else ""


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("name") or node)


def _document(graph: nx.MultiDiGraph, doc_id: str) -> dict:
    return dict(graph.nodes[doc_id]) if doc_id in graph else {"id": doc_id}


def _superseded_by(graph: nx.MultiDiGraph, doc_id: str, as_of: date) -> list[str]:
    """Documents (issued by `as_of`, or undated) that supersede or repeal `doc_id`."""
    if doc_id not in graph:
        return []
    newer = set()
    for src, _, data in graph.in_edges(doc_id, data=True):
        if data.get("type") not in ("SUPERSEDES", "REPEALS"):
            continue
        issued = parse_iso(graph.nodes[src].get("issued"))
        if issued is None or issued <= as_of:
            newer.add(src)
    return sorted(newer)


def _flags(graph: nx.MultiDiGraph, node_id: str, doc_id: str, as_of: date) -> list[str]:
    """Warnings for a row: basis superseded, restated elsewhere."""
    flags: list[str] = []
    for newer in _superseded_by(graph, doc_id, as_of):
        flags.append(f"Văn bản giao đã bị thay thế bởi {document_label(_document(graph, newer))}")
    cited = sorted(
        target
        for _, target, data in graph.out_edges(node_id, data=True)
        if data.get("type") == "CITES"
    )
    for target in cited:
        for newer in _superseded_by(graph, target, as_of):
            flags.append(
                f"Văn bản căn cứ {document_label(_document(graph, target))} đã bị thay thế "
                f"bởi {document_label(_document(graph, newer))}"
            )
    later = sorted(
        src for src, _, data in graph.in_edges(node_id, data=True) if data.get("type") == "RESTATES"
    )
    for src in later:
        attrs = graph.nodes[src]
        doc = _document(graph, str(attrs.get("doc_id")))
        flags.append(f"Được nhắc lại tại {document_label(doc)}, mục {attrs.get('no')}")
    earlier = sorted(
        target
        for _, target, data in graph.out_edges(node_id, data=True)
        if data.get("type") == "RESTATES"
    )
    for target in earlier:
        attrs = graph.nodes[target]
        doc = _document(graph, str(attrs.get("doc_id")))
        flags.append(f"Nhắc lại nhiệm vụ tại {document_label(doc)}, mục {attrs.get('no')}")
    return flags


def _via_flag(graph: nx.MultiDiGraph, owner: Owner) -> list[str]:
    if owner.via == "inherited":
        since = f" từ {vn_date(owner.since)}" if owner.since else ""
        if owner.partial:
            return [
                f"Kế thừa một phần từ {_name(graph, owner.agency_id)}{since}: "
                "cần rà soát nhiệm vụ có thuộc phần chức năng được chuyển giao không"
                + (f" ({owner.evidence})" if owner.evidence else "")
            ]
        return [f"Kế thừa từ {_name(graph, owner.agency_id)}{since}"]
    if owner.via == "collective":
        return [f"Giao chung cho {_name(graph, owner.agency_id)}"]
    return []


def _co_assignees(graph: nx.MultiDiGraph, task: str, owner_ids: set[str]) -> str:
    others = []
    for _, agency, data in graph.out_edges(task, data=True):
        if data.get("type") != "ASSIGNED_TO" or agency in owner_ids:
            continue
        role = data.get("role") or "lead"
        others.append((_ROLE_RANK.get(role, 9), _name(graph, agency), role))
    return "; ".join(
        f"{name} ({ROLE_LABELS.get(role, role)})" for _, name, role in sorted(set(others))
    )


def _doc_sort(doc: dict) -> tuple[str, str]:
    return (str(doc.get("issued") or "9999"), document_label(doc))


def claims(graph: nx.MultiDiGraph, agency: str, as_of: date) -> dict[str, tuple[str, Owner]]:
    """Item id -> (role, owner) for everything the agency owes, strongest claim per item.

    The items come from the `owns` named query (queries/nx_answers.py, the networkx twin
    of queries/owns.cypher, with collectives), so the sheet and `obligraph query owns`
    agree; `owners` supplies the succession dates. Strongest: lead before coordinate,
    then direct before inherited before collective.
    """
    from obligraph.queries.nx_answers import owns

    known = {o.agency_id: o for o in owners(graph, agency, as_of)}
    ceased = ceased_on(graph, agency)
    by_name = {str(graph.nodes[o].get("name")): known[o] for o in known}
    best: dict[str, tuple[str, Owner]] = {}
    for row in owns(graph, agency, as_of=as_of.isoformat(), with_collectives=True):
        if row["inherited_from"]:
            owner = by_name.get(row["inherited_from"]) or Owner(row["inherited_from"], "inherited")
        elif row["via_collective"]:
            owner = by_name.get(row["via_collective"]) or Owner(row["via_collective"], "collective")
            if ceased and _issued(graph, row["doc_id"]) >= ceased:
                continue  # a collective's later tasks do not reach an agency that had ceased
        else:
            owner = known[agency]
        role = row["role"] or "lead"
        rank = (_ROLE_RANK.get(role, 9), _VIA_RANK[owner.via])
        current = best.get(row["item_id"])
        if current is None or rank < (_ROLE_RANK.get(current[0], 9), _VIA_RANK[current[1].via]):
            best[row["item_id"]] = (role, owner)
    return best


def agency_obligations(graph: nx.MultiDiGraph, agency: str, as_of: date) -> AgencySheet:
    """The sheet of `agency` (an Agency node id) on `as_of`.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Agency", name="Công an tỉnh")
    >>> g.add_node("doc:x", label="Document", number="1/KH-UBND", kind="Kế hoạch",
    ...            issued="2025-06-01")
    >>> g.add_node("doc:x/task/1", label="Task", doc_id="doc:x", no="1", text="Làm việc A",
    ...            due="2025-09-30")
    >>> g.add_edge("doc:x", "doc:x/task/1", key="ASSIGNS", type="ASSIGNS")
    'ASSIGNS'
    >>> g.add_edge("doc:x/task/1", "a", key="ASSIGNED_TO:lead", type="ASSIGNED_TO", role="lead")
    'ASSIGNED_TO:lead'
    >>> sheet = agency_obligations(g, "a", date(2025, 12, 31))
    >>> [(r.document, r.no, r.status) for r in sheet.lead]
    [('Kế hoạch 1/KH-UBND', '1', 'quá hạn')]
    """
    if agency not in graph or graph.nodes[agency].get("label") != "Agency":
        raise QueryError(f"no agency with id {agency!r} in the graph")
    owner_ids = {o.agency_id for o in owners(graph, agency, as_of)}  # not co-assignees
    owed = claims(graph, agency, as_of)
    rows: list[ObligationRow] = []
    for task, (role, owner) in owed.items():
        if role == "monitor":
            continue
        attrs = graph.nodes[task]
        doc_id = str(attrs.get("doc_id"))
        doc = _document(graph, doc_id)
        rows.append(
            ObligationRow(
                kind="task",
                role=role,  # type: ignore[arg-type]
                node_id=task,
                doc_id=doc_id,
                document=document_label(doc),
                document_date=vn_date(doc.get("issued")),
                no=str(attrs.get("no") or ""),
                text=str(attrs.get("text") or ""),
                result=str(attrs.get("result") or ""),
                deadline_text=str(attrs.get("deadline_text") or ""),
                deadline=normalized_deadline(attrs),
                status=task_status(attrs, as_of).value,
                co_assignees=_co_assignees(graph, task, owner_ids),
                flags=_via_flag(graph, owner) + _flags(graph, task, doc_id, as_of),
                source=str(attrs.get("source") or ""),
                line=attrs.get("line_start"),
                sort_key=(*_doc_sort(doc), number_sort_key(attrs.get("no")), task),
            )
        )
    for indicator, (role, owner) in owed.items():
        if role != "monitor":
            continue
        attrs = graph.nodes[indicator]
        doc_id = str(attrs.get("doc_id"))
        doc = _document(graph, doc_id)
        target = " ".join(str(p) for p in (attrs.get("target"), attrs.get("unit")) if p)
        rows.append(
            ObligationRow(
                kind="indicator",
                role="monitor",
                node_id=indicator,
                doc_id=doc_id,
                document=document_label(doc),
                document_date=vn_date(doc.get("issued")),
                no=str(attrs.get("no") or ""),
                text=str(attrs.get("name") or ""),
                result=target,
                deadline_text=str(attrs.get("horizon") or ""),
                flags=_via_flag(graph, owner) + _flags(graph, indicator, doc_id, as_of),
                source=str(attrs.get("source") or ""),
                line=attrs.get("line_start"),
                sort_key=(*_doc_sort(doc), number_sort_key(attrs.get("no")), indicator),
            )
        )
    rows.sort(key=lambda r: r.sort_key)
    documents = sorted({r.doc_id for r in rows}, key=lambda d: _doc_sort(_document(graph, d)))
    return AgencySheet(
        agency_id=agency,
        agency_name=_name(graph, agency),
        as_of=as_of,
        note=_succession_note(graph, agency, as_of),
        documents=[_covered(graph, d) for d in documents],
        lead=[r for r in rows if r.role == "lead"],
        coordinate=[r for r in rows if r.role == "coordinate"],
        indicators=[r for r in rows if r.role == "monitor"],
    )


def _covered(graph: nx.MultiDiGraph, doc_id: str) -> str:
    doc = _document(graph, doc_id)
    when = vn_date(doc.get("issued"))
    label = document_label(doc)
    return f"{label} ({when})" if when and when not in label else label


def _succession_note(graph: nx.MultiDiGraph, agency: str, as_of: date) -> str:
    """'Đã chuyển giao cho X từ dd/mm/yyyy' when the agency was succeeded by `as_of`."""
    notes = []
    for _, successor, data in sorted(graph.out_edges(agency, data=True), key=lambda e: e[1]):
        if data.get("type") != "SUCCEEDED_BY":
            continue
        when = parse_iso(data.get("date"))
        if when is None or when <= as_of:
            since = f" từ {vn_date(when)}" if when else ""
            notes.append(f"Đã chuyển giao cho {_name(graph, successor)}{since}")
    return "; ".join(notes)


def agencies_with_obligations(graph: nx.MultiDiGraph, as_of: date) -> list[str]:
    """Agency ids whose sheet on `as_of` has at least one row, sorted."""
    return [a for a in agency_ids(graph) if agency_obligations(graph, a, as_of).rows]
