"""What one agency owes on a date: the rows of its obligation sheet, read off the graph.

The rows are the `owns` named query's (queries/owns_split.py settles each item's route):
named directly, through a group (`MEMBER_OF`), or inherited from a predecessor
(`SUCCEEDED_BY`, dated, followed back transitively up to the sheet's date). A route that
names the agency wins over a group's; each row says which route it came by ("Cách giao").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import networkx as nx

from obligraph.errors import QueryError
from obligraph.viz.labels import ROLE_LABELS, document_label, number_sort_key
from obligraph.viz.status import normalized_deadline, parse_iso, task_status, vn_date

Via = Literal["direct", "inherited", "collective"]
_ROLE_RANK = {"lead": 0, "coordinate": 1, "monitor": 2}
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
    how: str = "direct"  # direct | group | inherited (queries/owns_split.py)
    via: str = ""  # the collective, or the predecessor, it came through
    since: str | None = None  # ISO: when an inherited row's succession took effect
    partial: bool = False  # inherited through a partial succession
    issued: str | None = None  # ISO date of the document
    due: str | None = None  # ISO
    due_from: str | None = None  # ISO
    national: list[str] = field(default_factory=list)  # the higher tasks it carries out

    @property
    def how_label(self) -> str:
        """The "Cách giao" cell: trực tiếp / giao chung qua … / kế thừa từ … từ dd/mm/yyyy."""
        if self.how == "group":
            return f"giao chung qua {self.via}"
        if self.how == "inherited":
            since = f" từ {vn_date(self.since)}" if self.since else ""
            part = " (một phần)" if self.partial else ""
            return f"kế thừa từ {self.via}{since}{part}"
        return "trực tiếp"


@dataclass
class AgencySheet:
    """Everything one agency's sheet shows, direct, group and inherited rows apart."""

    agency_id: str
    agency_name: str
    as_of: date
    note: str  # e.g. "đã hợp nhất vào Sở Khoa học và Công nghệ từ 01/03/2025", else ""
    documents: list[str]  # "103/KH-UBND (01/06/2025)"
    direct: list[ObligationRow]
    group: list[ObligationRow]
    inherited: list[ObligationRow]
    indicators: list[ObligationRow]

    @property
    def tasks(self) -> list[ObligationRow]:
        """Task rows in sheet order: direct, group, inherited."""
        return [*self.direct, *self.group, *self.inherited]

    @property
    def rows(self) -> list[ObligationRow]:
        """All rows in sheet order: tasks (direct, group, inherited), then indicators."""
        return [*self.tasks, *self.indicators]

    @property
    def lead(self) -> list[ObligationRow]:
        return [r for r in self.tasks if r.role == "lead"]

    @property
    def coordinate(self) -> list[ObligationRow]:
        return [r for r in self.tasks if r.role == "coordinate"]

    def sections(self) -> list[tuple[str, str, list[ObligationRow]]]:
        """(key, Vietnamese title, rows) of the task sections, in sheet order."""
        return [
            ("direct", "Nhiệm vụ giao trực tiếp", self.direct),
            ("group", "Nhiệm vụ giao chung (qua nhóm cơ quan)", self.group),
            ("inherited", "Nhiệm vụ kế thừa từ cơ quan tiền nhiệm", self.inherited),
        ]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def agency_ids(graph: nx.MultiDiGraph) -> list[str]:
    """The ids of every Agency node, sorted."""
    return sorted(n for n, a in graph.nodes(data=True) if a.get("label") == "Agency")


def resolve_agency(graph: nx.MultiDiGraph, mention: str) -> str:
    """The Agency node a user's --agency argument names: id, name, alias or spelling, as
    `obligraph query` resolves it (queries/resolve.py).

    >>> g = nx.MultiDiGraph(); g.add_node("cong-an-tinh", label="Agency", name="Công an tỉnh")
    >>> resolve_agency(g, "công an tỉnh")
    'cong-an-tinh'
    """
    from obligraph.queries.resolve import graph_agencies
    from obligraph.queries.resolve import resolve_agency as resolve

    return resolve(mention, graph_agencies(graph))


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
    """Warnings for a row: read uncertainly (OCR, cells), basis superseded, restated."""
    flags: list[str] = _review_flags(graph.nodes[node_id].get("review"))
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


def _review_flags(review: str | None) -> list[str]:
    """The loader's doubt about a row (Task.review), said in Vietnamese: the detail stays
    in the graph and the load report."""
    if not review:
        return []
    if "OCR" in review:
        return ["Đọc bằng OCR: cần đối chiếu với ảnh trang văn bản gốc"]
    return ["Máy đọc chưa chắc chắn nội dung dòng này: cần đối chiếu với văn bản gốc"]


def _partial_flag(row: ObligationRow) -> list[str]:
    if row.how == "inherited" and row.partial:
        return [
            f"Kế thừa một phần từ {row.via}: cần rà soát nhiệm vụ có thuộc phần chức năng "
            "được chuyển giao không"
        ]
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


def _national(graph: nx.MultiDiGraph, task: str) -> list[str]:
    """The higher tasks this one carries out (Task -IMPLEMENTS-> Task, where the graph has
    them): "Nghị quyết 71/NQ-CP, mục 22"."""
    found = []
    for _, target, data in graph.out_edges(task, data=True):
        if data.get("type") != "IMPLEMENTS" or graph.nodes[target].get("label") != "Task":
            continue
        attrs = graph.nodes[target]
        doc = _document(graph, str(attrs.get("doc_id")))
        found.append(f"{document_label(doc)}, mục {attrs.get('no')}")
    return sorted(set(found))


def _doc_sort(doc: dict) -> tuple[str, str]:
    return (str(doc.get("issued") or "9999"), document_label(doc))


def owned_rows(graph: nx.MultiDiGraph, agency: str, as_of: date) -> list[dict]:
    """The `owns` answer for the agency on the date: one row per item, on its strongest
    route (queries/owns_split.py), groups included. The sheet is built from exactly
    these rows, so it and `obligraph query owns AGENCY --as-of DATE` agree."""
    from obligraph.queries.named import run_named

    return run_named("owns", {"agency": agency, "as_of": as_of.isoformat()}, graph=graph)


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
    >>> [(r.document, r.no, r.status, r.how_label) for r in sheet.direct]
    [('Kế hoạch 1/KH-UBND', '1', 'quá hạn', 'trực tiếp')]
    """
    if agency not in graph or graph.nodes[agency].get("label") != "Agency":
        raise QueryError(f"không có cơ quan mã {agency!r} trong đồ thị")
    held = owners(graph, agency, as_of)
    owner_ids = {o.agency_id for o in held}  # not co-assignees
    partial_names = {_name(graph, o.agency_id) for o in held if o.partial}
    rows: list[ObligationRow] = []
    for found in owned_rows(graph, agency, as_of):
        item, doc_id = found["item_id"], str(found["doc_id"])
        attrs = graph.nodes[item]
        doc = _document(graph, doc_id)
        how = found["how"]
        via = found["inherited_from"] or found["via_collective"] or ""
        row = ObligationRow(
            kind=found["item"],
            role=found["role"] or "lead",
            node_id=item,
            doc_id=doc_id,
            document=document_label(doc),
            document_date=vn_date(doc.get("issued")),
            no=str(attrs.get("no") or ""),
            text=str(attrs.get("text") or attrs.get("name") or ""),
            source=str(attrs.get("source") or ""),
            line=attrs.get("line_start"),
            sort_key=(*_doc_sort(doc), number_sort_key(attrs.get("no")), item),
            how=how,
            via=via,
            since=found["since"],
            partial=how == "inherited" and via in partial_names,
            issued=doc.get("issued"),
        )
        if row.kind == "task":
            row.result = str(attrs.get("result") or "")
            row.deadline_text = str(attrs.get("deadline_text") or "")
            row.deadline = normalized_deadline(attrs)
            row.status = task_status(attrs, as_of).value
            row.co_assignees = _co_assignees(graph, item, owner_ids)
            row.due, row.due_from = attrs.get("due"), attrs.get("due_from")
            row.national = _national(graph, item)
        else:
            row.result = " ".join(str(p) for p in (attrs.get("target"), attrs.get("unit")) if p)
            row.deadline_text = str(attrs.get("horizon") or "")
        row.flags = _partial_flag(row) + _flags(graph, item, doc_id, as_of)
        rows.append(row)
    # Lead before coordinate within a section, then by document and natural row number.
    rows.sort(key=lambda r: (_ROLE_RANK.get(r.role, 9), r.sort_key))
    documents = sorted({r.doc_id for r in rows}, key=lambda d: _doc_sort(_document(graph, d)))
    tasks = [r for r in rows if r.kind == "task"]
    return AgencySheet(
        agency_id=agency,
        agency_name=_name(graph, agency),
        as_of=as_of,
        note=_succession_note(graph, agency, as_of),
        documents=[_covered(graph, d) for d in documents],
        direct=[r for r in tasks if r.how == "direct"],
        group=[r for r in tasks if r.how == "group"],
        inherited=[r for r in tasks if r.how == "inherited"],
        indicators=sorted((r for r in rows if r.kind == "indicator"), key=lambda r: r.sort_key),
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


def is_group(graph: nx.MultiDiGraph, agency: str) -> bool:
    """A collective ("Các sở, ban, ngành"), not an agency someone works in."""
    return graph.nodes[agency].get("kind") == "collective"


def is_former(graph: nx.MultiDiGraph, agency: str, as_of: date) -> bool:
    """The agency had ceased by `as_of` (merged away, or past its `active_to`)."""
    ceased = ceased_on(graph, agency)
    return ceased is not None and ceased <= as_of.isoformat()


def candidate_agencies(
    graph: nx.MultiDiGraph,
    as_of: date,
    *,
    include_groups: bool = False,
    include_former: bool = False,
) -> list[str]:
    """Agency ids that may get a sheet on `as_of`, sorted: those that exist on the date;
    collectives with `include_groups`, ceased ones with `include_former`. Reads only the
    Agency nodes and their SUCCEEDED_BY edges."""
    return [
        a
        for a in agency_ids(graph)
        if (include_groups or not is_group(graph, a))
        and (include_former or not is_former(graph, a, as_of))
    ]


def agencies_with_obligations(
    graph: nx.MultiDiGraph,
    as_of: date,
    *,
    include_groups: bool = False,
    include_former: bool = False,
) -> list[str]:
    """The candidate agencies (candidate_agencies) whose sheet on `as_of` has a row."""
    chosen = candidate_agencies(
        graph, as_of, include_groups=include_groups, include_former=include_former
    )
    return [a for a in chosen if agency_obligations(graph, a, as_of).rows]
