"""Records -> one networkx MultiDiGraph holding the graph contract of docs/schema.md.

The graph follows docs/architecture.md: node key = id, node attribute `label` plus every
schema property (None where unknown, dates as ISO strings); edge key = type (or
`ASSIGNED_TO:lead` / `ASSIGNED_TO:coordinate`), edge attributes `type`, the type's
properties and provenance `source`/`line`.

The result does not depend on the order documents are given in: documents are deduplicated
by id and processed sorted, and citations are merged into document nodes only after every
document is known (so a yearless "Nghị quyết số 71/NQ-CP" finds the dated one wherever it
was cited).

>>> from obligraph.loaders.records import Document, LoadedDocument
>>> g = build_graph([LoadedDocument(document=Document(id="doc:1-kh-ubnd-2025", number="1/KH-UBND"))])
>>> g.nodes["doc:1-kh-ubnd-2025"]["in_corpus"]
True
"""

from __future__ import annotations

import hashlib
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from obligraph.graph.agencies import unresolved_id
from obligraph.graph.contract import NODE_PROPERTIES, RELATION_TYPES, rel_properties
from obligraph.graph.provinces import (
    Province,
    cited_province,
    document_province,
    mention_province,
    numbered_in_province,
    provincial_name,
    scoped_document_id,
    unresolved_name,
)
from obligraph.graph.staging import Staging
from obligraph.loaders.records import (
    Assignment,
    Document,
    Indicator,
    LoadedDocument,
    Reference,
    Task,
    document_id,
    slugify,
)

# Kinds a name-only citation can start with, longest first ("Chương trình hành động"
# before "Chương trình"); e.g. "Đề án 06" -> "Đề án".
NAMED_KINDS = (
    "Chương trình hành động",
    "Chương trình",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Kế hoạch",
    "Thông báo",
    "Thông tư",
    "Chỉ thị",
    "Tờ trình",
    "Đề án",
    "Luật",
    "Văn bản",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _field(entry: Any, name: str, default: Any = None) -> Any:
    """A registry entry's field, whether the entry is a mapping or an object."""
    if isinstance(entry, dict):
        return entry.get(name, default)
    return getattr(entry, name, default)


def kind_from_name(name: str) -> str | None:
    """The document kind a name-only citation starts with.

    >>> kind_from_name("Đề án 06")
    'Đề án'
    >>> kind_from_name("Luật Giao dịch điện tử")
    'Luật'
    """
    lowered = name.casefold()
    for kind in NAMED_KINDS:
        if lowered.startswith(kind.casefold()):
            return kind
    return None


def default_registry() -> Any | None:
    """The project's agency registry (graph/agencies.py), or None while it is absent."""
    try:
        from obligraph.graph.agencies import AgencyRegistry
    except ImportError:
        return None
    return AgencyRegistry.load()


def _node(g: nx.MultiDiGraph, node_id: str, label: str, **props: Any) -> None:
    """Add a node with every property of its label (None where not given)."""
    attrs = dict.fromkeys(NODE_PROPERTIES[label])
    attrs.update(props)
    g.add_node(node_id, label=label, **attrs)


def _edge(
    g: nx.MultiDiGraph,
    u: str,
    v: str,
    rel_type: str,
    key: str | None = None,
    **props: Any,
) -> bool:
    """Add an edge unless the same (u, v, key) exists: the first fact stated wins."""
    key = key or rel_type
    if g.has_edge(u, v, key):
        return False
    attrs = dict.fromkeys(rel_properties(rel_type))
    attrs.update(props)
    g.add_edge(u, v, key=key, type=rel_type, **attrs)
    return True


TASK_TASK = ("Task", "Task")


class GraphRows:
    """Where the builder writes: Document and Agency nodes and the edges between them go
    into the skeleton graph `g` (in memory, small at any size); Task and Indicator nodes
    and every edge touching one into the staging store (graph/staging.py).

    Documents are written one at a time (`start_document`); whether a task id is taken
    is answered without a lookup for the usual ids, which start with their document's id
    (each document's own), and with one for the rare others.
    """

    def __init__(self, g: nx.MultiDiGraph, staging: Staging) -> None:
        self.g = g
        self.staging = staging
        self.doc_id = ""
        self._repeat = False  # the current document's id was written before (a rename clash)
        self._done: set[str] = set()  # documents written (a repeated final id is looked up)
        self._nodes: dict[str, str] = {}  # the current document's staged nodes -> label
        self._edges: set[tuple[str, str, str]] = set()  # and its staged edges
        self._foreign: dict[str, str] = {}  # staged ids not under their document's id
        self._pending: dict[tuple[str, str], tuple[str | None, int | None]] = {}

    def start_document(self, doc_id: str) -> None:
        self._repeat = doc_id in self._done
        self._done.add(doc_id)
        self.doc_id = doc_id
        self._nodes = {}
        self._edges = set()

    def label(self, node_id: str) -> str | None:
        """The label of a node written so far, or None."""
        if node_id in self.g:
            return self.g.nodes[node_id]["label"]
        found = self._nodes.get(node_id) or self._foreign.get(node_id)
        if found or (node_id.startswith(self.doc_id + "/") and not self._repeat):
            return found  # another document's ids never start with this one's
        return self.staging.node_label(node_id)

    def node(self, node_id: str, label: str, props: dict[str, Any]) -> None:
        """A Task or Indicator node with every property of its label."""
        attrs = dict.fromkeys(NODE_PROPERTIES[label])
        attrs.update(props)
        self.staging.add_node(node_id, label, attrs.get("doc_id"), attrs)
        self._nodes[node_id] = label
        if not node_id.startswith(self.doc_id + "/"):
            self._foreign[node_id] = label

    def edge(
        self,
        u: str,
        v: str,
        rel_type: str,
        key: str | None = None,
        labels: tuple[str, str] | None = None,
        **props: Any,
    ) -> None:
        """Add an edge unless the same (u, v, key) exists: the first fact stated wins.
        `labels` (the endpoints') skips the lookups where the caller knows them."""
        key = key or rel_type
        if labels is None and u in self.g and v in self.g:
            _edge(self.g, u, v, rel_type, key, **props)
            return
        edge = (u, v, key)
        if edge in self._edges:
            return
        if labels is None:
            mine = u in self._nodes or v in self._nodes
            if not mine and self.staging.edge_exists(u, v, key):
                return
            labels = (self.label(u) or "?", self.label(v) or "?")
        self._edges.add(edge)
        attrs = dict.fromkeys(rel_properties(rel_type))
        attrs.update(props)
        self.staging.add_edge(u, v, key, rel_type, labels[0], labels[1], attrs)

    def details(self, task_id: str, target: str, source: str | None, line: int | None) -> None:
        """Task -DETAILS-> Task when `target` is a task; decided at `finish` when it is
        not known yet (a later document's)."""
        if self.label(target) == "Task":  # a node's label never changes once written
            self.edge(task_id, target, "DETAILS", labels=TASK_TASK, source=source, line=line)
        else:
            self._pending.setdefault((task_id, target), (source, line))

    def finish(self, warnings: list[str]) -> None:
        """Every document written: the DETAILS left waiting, then the staging indexes."""
        self.start_document("")
        for (task_id, target), (source, line) in self._pending.items():
            if self.label(target) == "Task":
                self.edge(task_id, target, "DETAILS", labels=TASK_TASK, source=source, line=line)
            else:
                warnings.append(f"{task_id}: details {target}, which is not a task")
        self._pending = {}
        self.staging.finish_bulk()


# ---------------------------------------------------------------- documents and citations


@dataclass(frozen=True, slots=True)  # slots: one per reference is kept until the build
class _Citation:
    """One mention of a document, from a reference (cited or subject side)."""

    number: str | None
    name: str | None
    kind: str | None
    kind_code: str | None
    issuer: str | None
    issued: date | None
    source: str | None
    line: int | None


@dataclass(slots=True)
class DocHeader:
    """What the build keeps in memory of one loaded document until every document is
    known: enough to decide its final id (province scoping, two files with one id), to
    index its number and to resolve its citations. The records themselves wait on disk
    (graph/staging.py) and are read back one document at a time.

    `idx` is the document's place in the load; `id` its id in its province (before the
    dedupe); `content` a digest of what makes two loads the same document.
    """

    idx: int
    id: str
    document: Document
    line_count: int
    content: str
    citations: list[tuple[int, str, _Citation]]

    @property
    def source(self) -> str | None:
        return self.document.source


def doc_header(idx: int, loaded: LoadedDocument, agencies: _AgencyResolver) -> DocHeader:
    """The header of one loaded document (see DocHeader)."""
    scope = _number_scope(loaded.document.number, agencies.province_of(loaded.document))
    citations = []
    for i, ref in enumerate(loaded.references):
        cited, subject = _reference_citations(ref)
        citations.append((i, "cited", cited))
        if subject is not None:
            citations.append((i, "subject", subject))
    return DocHeader(
        idx=idx,
        id=scoped_document_id(loaded.document.id, scope) if scope else loaded.document.id,
        document=loaded.document,
        line_count=loaded.line_count,
        content=hashlib.sha256(_content_key(loaded).encode()).hexdigest(),
        citations=citations,
    )


def _dedupe(headers: Iterable[DocHeader]) -> tuple[list[tuple[DocHeader, str]], list[str]]:
    """One document per id: (header, final id) sorted by final id, and the warnings.

    Copies of one document (same id, same content) count once: the one from the first
    file name. Different documents that share an id — un-numbered notices of one issuer
    on one day, whose id is kind + issuer + date — are all kept: the first file name keeps
    the id, each other one gets its file name added (`doc:tb-ubnd-tinh-2024-01-05-00696-tb`),
    with a warning; their tasks would otherwise be lost. Decided from the headers alone,
    so a streaming build knows every final id before it writes a row.
    """
    by_id: dict[str, list[DocHeader]] = defaultdict(list)
    for header in headers:
        by_id[header.id].append(header)
    kept: list[tuple[DocHeader, str]] = []
    warnings = []
    for doc_id in sorted(by_id):
        copies = sorted(by_id[doc_id], key=lambda d: (d.source or "", d.line_count))
        distinct: dict[str, list[DocHeader]] = {}
        for copy in copies:
            distinct.setdefault(copy.content, []).append(copy)
        groups = sorted(distinct.values(), key=lambda group: group[0].source or "")
        for rank, group in enumerate(groups):
            first = group[0]
            sources = sorted({c.source or "?" for c in group})
            if len(sources) > 1:
                warnings.append(f"{doc_id}: loaded from {', '.join(sources)}; kept {sources[0]}")
            new_id = doc_id
            if rank:
                new_id = f"{doc_id}-{slugify(Path(first.source or str(rank)).stem)}"
                warnings.append(
                    f"{doc_id}: {first.source} is a different document with the same"
                    f" id (no number to tell them apart); its id is {new_id}"
                )
            kept.append((first, new_id))
    kept.sort(key=lambda pair: pair[1])
    return kept, warnings


def _content_key(loaded: LoadedDocument) -> str:
    """What makes two loads the same document, whatever file they came from."""
    doc = loaded.document
    parts = [doc.title or ""]
    for t in loaded.tasks:
        holders = ",".join(f"{a.role}:{a.agency}" for a in t.assignments)
        parts.append(f"{t.no}\t{t.text}\t{t.deadline_text}\t{holders}")
    for i in loaded.indicators:
        holders = ",".join(a.agency for a in i.monitors)
        parts.append(f"{i.no}\t{i.name}\t{i.target}\t{holders}")
    return "\n".join(parts)


def _with_id(loaded: LoadedDocument, new_id: str) -> LoadedDocument:
    """The same load under another document id (its tasks' and indicators' ids follow)."""
    old = loaded.document.id + "/"

    def moved(value: str | None) -> str | None:
        return new_id + "/" + value[len(old) :] if value and value.startswith(old) else value

    return loaded.model_copy(
        update={
            "document": loaded.document.model_copy(update={"id": new_id}),
            "tasks": [
                t.model_copy(
                    update={"id": moved(t.id), "doc_id": new_id, "details": moved(t.details)}
                )
                for t in loaded.tasks
            ],
            "indicators": [
                i.model_copy(update={"id": moved(i.id), "doc_id": new_id})
                for i in loaded.indicators
            ],
            "references": [
                r.model_copy(update={"task_id": moved(r.task_id)}) for r in loaded.references
            ],
        }
    )


def _number_scope(number: str | None, province: Province | None) -> Province | None:
    """The province a document number belongs to: `province` when the number is counted
    per province ("103/KH-UBND"), None for a central one ("57-NQ/TW")."""
    return province if province is not None and numbered_in_province(number) else None


def _cited_key(cit: _Citation, scope: Province | None) -> str | None:
    """The id a citation names before yearless resolution (None: nothing to name)."""
    if cit.number:
        key = document_id(cit.number, year=cit.issued.year if cit.issued else None)
        return scoped_document_id(key, scope)
    if cit.name:
        return document_id(None, name=cit.name)
    return None


class _DocumentIndex:
    """Known document ids by normalized number and province, to resolve citations printed
    without a year."""

    def __init__(self) -> None:
        self.dated: dict[tuple[str, Province | None], set[str]] = defaultdict(set)

    def add(self, number: str | None, doc_id: str, scope: Province | None = None) -> None:
        # Only ids that carry more than the number (a year) resolve a yearless citation.
        if number and doc_id != scoped_document_id(document_id(number), scope):
            self.dated[(slugify(number), scope)].add(doc_id)

    def resolve(
        self,
        number: str | None,
        doc_id: str,
        local: set[str] | None = None,
        scope: Province | None = None,
    ) -> str:
        """The unique dated id with this number in this province (preferring the same
        document's), else doc_id.

        A yearless citation ("Nghị quyết số 71/NQ-CP") resolves only when exactly one known
        document has that number; otherwise it stays "doc:71-nq-cp".
        """
        if not number or doc_id != scoped_document_id(document_id(number), scope):
            return doc_id
        candidates = self.dated.get((slugify(number), scope), set())
        if local:
            here = candidates & local
            if len(here) == 1:
                return next(iter(here))
        return next(iter(candidates)) if len(candidates) == 1 else doc_id


def _reference_citations(ref: Reference) -> tuple[_Citation, _Citation | None]:
    """The cited document and, when the text names one, the relation's subject document."""
    cited = _Citation(
        ref.number,
        ref.name,
        ref.kind,
        ref.kind_code,
        ref.issuer,
        ref.issued,
        ref.source,
        ref.line_start,
    )
    subject = None
    if ref.subject_number or ref.subject_name:
        subject = _Citation(
            ref.subject_number, ref.subject_name, None, None, None, None, ref.source, ref.line_start
        )
    return cited, subject


def _document_props(doc: Document, province: Province | None) -> dict[str, Any]:
    return {
        "number": doc.number,
        "kind": doc.kind,
        "kind_code": doc.kind_code,
        "issuer": doc.issuer,
        "issued": _iso(doc.issued),
        "title": doc.title,
        "signer": doc.signer,
        "source": doc.source,
        "in_corpus": True,
        "province": province.place if province is not None else None,
    }


def _add_documents(
    g: nx.MultiDiGraph,
    kept: list[tuple[DocHeader, str]],
    agencies: _AgencyResolver,
    provinces: dict[str, Province | None],
) -> dict[tuple[str, int, str], str]:
    """Document nodes for loaded and cited documents; returns the resolved id of each citation.

    A citation of a number counted per province names the citing document's province's
    document, unless its issuer names another province (graph/provinces.cited_province).
    `provinces`: each loaded document's province (None: the registry's). The map is keyed
    by (loaded doc id, index of the reference, "cited"|"subject").
    """
    index = _DocumentIndex()
    for header, doc_id in kept:
        scope = _number_scope(header.document.number, provinces[doc_id])
        index.add(header.document.number, doc_id, scope)
    raw: dict[tuple[str, int, str], tuple[_Citation, str, Province | None]] = {}
    local_ids: dict[str, set[str]] = defaultdict(set)
    for header, doc_id in kept:
        for i, side, cit in header.citations:
            province = agencies.cited_province(cit.issuer, provinces[doc_id])
            scope = _number_scope(cit.number, province)
            key = _cited_key(cit, scope)
            if key is None:
                continue
            raw[(doc_id, i, side)] = (cit, key, scope)
            index.add(cit.number, key, scope)
            local_ids[doc_id].add(key)

    for header, doc_id in kept:
        _node(g, doc_id, "Document", **_document_props(header.document, provinces[doc_id]))

    resolved: dict[tuple[str, int, str], str] = {}
    # Sorted so the first non-null value a property takes does not depend on input order.
    for slot in sorted(raw, key=lambda s: (s[0], s[1], s[2])):
        cit, key, scope = raw.pop(slot)
        node_id = index.resolve(cit.number, key, local_ids[slot[0]], scope)
        resolved[slot] = node_id
        if node_id not in g:
            _node(g, node_id, "Document", in_corpus=False)
        attrs = g.nodes[node_id]
        if attrs["in_corpus"]:
            continue
        kind = cit.kind or (kind_from_name(cit.name) if cit.name else None)
        for prop, value in (
            ("province", scope.place if scope is not None else None),
            ("number", cit.number),
            ("kind", kind),
            ("kind_code", cit.kind_code),
            ("issuer", cit.issuer),
            ("issued", _iso(cit.issued)),
            ("title", None if cit.number else cit.name),
        ):
            if attrs[prop] is None and value is not None:
                attrs[prop] = value
    return resolved


def _innermost_task(tasks: list[Task], ref: Reference) -> str | None:
    """The id of the smallest task whose line span holds the reference, if any."""
    return _innermost_tasks(tasks, [ref])[0]


def _innermost_tasks(tasks: list[Task], refs: list[Reference]) -> list[str | None]:
    """_innermost_task of each reference, in one sweep down the lines: references and
    tasks taken in order of their first line, only the tasks still open at a reference's
    line compared (a few), not every task of the document for every reference."""
    spans = sorted(
        (t for t in tasks if t.line_start is not None and t.line_end is not None),
        key=lambda t: t.line_start,
    )
    out: list[str | None] = [None] * len(refs)
    order = sorted(
        (i for i, r in enumerate(refs) if not r.task_id and r.line_start is not None),
        key=lambda i: refs[i].line_start,
    )
    open_: list[Task] = []
    next_task = 0
    for i in order:
        ref = refs[i]
        start, end = ref.line_start, ref.line_end or ref.line_start
        while next_task < len(spans) and spans[next_task].line_start <= start:
            open_.append(spans[next_task])
            next_task += 1
        open_ = [t for t in open_ if t.line_end >= start]  # a task ended above stays ended
        holding = [t for t in open_ if end <= t.line_end]
        if holding:
            out[i] = min(holding, key=lambda t: (t.line_end - t.line_start, t.id)).id
    for i, ref in enumerate(refs):
        if ref.task_id:
            out[i] = ref.task_id
    return out


def _add_references(
    rows: GraphRows, doc: LoadedDocument, resolved: dict, warnings: list[str]
) -> None:
    """One document's Document->Document relations, and Task -CITES-> Document for
    citations inside a task."""
    doc_id = doc.document.id
    order = sorted(range(len(doc.references)), key=lambda i: (doc.references[i].line_start or 0, i))
    holders = _innermost_tasks(doc.tasks, doc.references)
    for i in order:
        ref = doc.references[i]
        cited = resolved.get((doc_id, i, "cited"))
        if cited is None:
            warnings.append(f"{doc_id}: reference at line {ref.line_start} names no document")
            continue
        subject = resolved.get((doc_id, i, "subject"), doc_id)
        rel_type = RELATION_TYPES[ref.relation]
        provenance = {"source": ref.source or doc.document.source, "line": ref.line_start}
        task_id = holders[i]
        if task_id and subject == doc_id:
            # Inside one obligation ("Căn cứ Kế hoạch 37 …, Sở KHCN xây dựng kế hoạch"),
            # the relation is that task's, not the whole document's: the document
            # only mentions the cited one. Its own relations come from the title,
            # preamble and closing clauses.
            rel_type = "CITES"
        if subject != cited:  # a document does not relate to itself
            _edge(rows.g, subject, cited, rel_type, evidence=ref.evidence, **provenance)
        if task_id and task_id != cited and rows.label(task_id) is not None:
            rows.edge(task_id, cited, "CITES", evidence=ref.evidence, **provenance)


# ---------------------------------------------------------------- tasks, indicators, agencies


class _AgencyResolver:
    """Mentions -> agency node ids, adding registry agencies and unresolved mentions as nodes.

    A mention in a document of another province (graph/provinces.py) names that province's
    agency: the registry's entry, renamed for the province ("Sở Tài chính tỉnh Đồng Tháp"),
    with the successions and memberships of the entry between that province's agencies.
    """

    def __init__(self, g: nx.MultiDiGraph, registry: Any | None) -> None:
        self.g = g
        self.registry = registry
        self.cache: dict[tuple[str, date | None, Province | None], str] = {}
        self.unresolved_names: dict[str, set[str]] = defaultdict(set)
        self.entries: dict[str, Any] = {}
        self.home: list[str] = list(getattr(registry, "place_names", None) or [])
        self._provincial: dict[tuple[str, Province], str | None] = {}

    def add_registry(self) -> None:
        """Every registry agency as a node, with SUCCEEDED_BY and MEMBER_OF edges."""
        if self.registry is None:
            return
        entries = sorted(self.registry.agencies(), key=lambda e: _field(e, "id"))
        self.entries = {_field(e, "id"): e for e in entries}
        for entry in entries:
            _node(self.g, _field(entry, "id"), "Agency", **_entry_props(entry))
        for entry in entries:
            agency_id = _field(entry, "id")
            for succ in _field(entry, "successors") or []:
                self._succession(agency_id, self._ensure(_field(succ, "id")), succ)
            for parent in _field(entry, "member_of") or []:
                _edge(self.g, agency_id, self._ensure(parent), "MEMBER_OF")

    def _succession(self, agency_id: str, target: str, succ: Any) -> None:
        _edge(
            self.g,
            agency_id,
            target,
            "SUCCEEDED_BY",
            date=_date_text(_field(succ, "date")),
            evidence=_field(succ, "evidence"),
            partial=bool(_field(succ, "partial", False)),
            source=_field(succ, "source"),
        )

    def _ensure(self, agency_id: str) -> str:
        """A registry cross-reference to an id with no entry still gets a node."""
        if agency_id not in self.g:
            _node(self.g, agency_id, "Agency", name=agency_id, aliases=[], unresolved=True)
        return agency_id

    def province_of(self, doc: Document) -> Province | None:
        """The document's province when it is not the registry's (graph/provinces.py)."""
        return document_province(doc.issuer, self.home) if self.registry is not None else None

    def cited_province(self, issuer: str | None, citing: Province | None) -> Province | None:
        """The province of a document cited from a document of `citing` (None: the
        registry's own; graph/provinces.cited_province)."""
        return cited_province(issuer, citing, self.home) if self.registry is not None else None

    def resolve(
        self, assignment: Assignment, as_of: date | None = None, province: Province | None = None
    ) -> str:
        """The agency node id for a mention (a registry id, or an unresolved:<slug> node).

        `as_of` (the document's date) lets the registry pick between agencies that shared a
        name at different times; `province`, the document's when it is another province's,
        makes the agency that province's.
        """
        mention = assignment.agency
        province = mention_province(mention, province, self.home)
        if assignment.agency_id and assignment.agency_id in self.g and province is None:
            return assignment.agency_id
        key = (mention, as_of, province)
        if key not in self.cache:
            agency_id = self._registry_id(assignment, as_of)
            self.cache[key] = (
                self._home_node(agency_id, mention)
                if province is None
                else self._province_node(agency_id, mention, province)
            )
        return self.cache[key]

    def _registry_id(self, assignment: Assignment, as_of: date | None) -> str | None:
        """The registry entry the mention names, or None."""
        if assignment.agency_id in self.entries:
            return assignment.agency_id
        if self.registry is None:
            return None
        return _field(self.registry.resolve(assignment.agency, as_of=as_of), "agency_id")

    def _home_node(self, agency_id: str | None, mention: str) -> str:
        if agency_id is None:
            agency_id = unresolved_id(mention)
            self.unresolved_names[agency_id].add(mention)
        return self._ensure_resolved(agency_id)

    def _province_node(self, agency_id: str | None, mention: str, province: Province) -> str:
        """The province's own agency; a central or place-bound one stays the registry's;
        an unresolved mention is flagged as the province's ("Hội Nông dân tỉnh Đồng Tháp")."""
        if agency_id is not None:
            local = self._in_province(agency_id, province)
            return local if local is not None else self._ensure_resolved(agency_id)
        agency_id = unresolved_id(unresolved_name(mention, province))
        self.unresolved_names[agency_id].add(mention)
        return self._ensure_resolved(agency_id, province=province.place)

    def _in_province(self, agency_id: str, province: Province) -> str | None:
        """The node of registry agency `agency_id` in `province` (made on first use, with
        its successors and collectives there), or None when it is not a provincial one."""
        key = (agency_id, province)
        if key in self._provincial:
            return self._provincial[key]
        entry = self.entries.get(agency_id)
        name = (
            provincial_name(
                _field(entry, "name"),
                _field(entry, "kind"),
                _field(entry, "level"),
                province,
                self.home,
            )
            if entry is not None
            else None
        )
        local = slugify(name) if name else None
        self._provincial[key] = local
        if local is None or local in self.g:
            return local
        props = _entry_props(entry) | {"name": name, "aliases": [], "province": province.place}
        _node(self.g, local, "Agency", **props)
        for succ in _field(entry, "successors") or []:
            target = self._in_province(_field(succ, "id"), province)
            if target is not None and target != local:
                self._succession(local, target, succ)
        for parent in _field(entry, "member_of") or []:
            target = self._in_province(parent, province)
            if target is not None:
                _edge(self.g, local, target, "MEMBER_OF")
        return local

    def _ensure_resolved(self, agency_id: str, province: str | None = None) -> str:
        if agency_id not in self.g:
            _node(
                self.g,
                agency_id,
                "Agency",
                aliases=[],
                unresolved=agency_id.startswith("unresolved:"),
                province=province,
            )
        return agency_id

    def name_unresolved(self) -> None:
        """Unresolved nodes are named by their mention (the first, sorted, if spellings vary)."""
        for agency_id, mentions in self.unresolved_names.items():
            names = sorted(mentions)
            self.g.nodes[agency_id]["name"] = names[0]
            self.g.nodes[agency_id]["aliases"] = names[1:]


def _entry_props(entry: Any) -> dict[str, Any]:
    """The Agency properties of a registry entry."""
    return {
        "name": _field(entry, "name"),
        "aliases": list(_field(entry, "aliases") or []),
        "kind": _field(entry, "kind"),
        "level": _field(entry, "level"),
        "active_from": _date_text(_field(entry, "active_from")),
        "active_to": _date_text(_field(entry, "active_to")),
        "unresolved": False,
    }


def _date_text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _record_props(record: Task | Indicator, label: str) -> dict[str, Any]:
    """The schema properties of a task or indicator, read off the record (dates as ISO)."""
    wanted = set(NODE_PROPERTIES[label]) - {"id"}
    props = record.model_dump(mode="json", include=wanted)
    if label == "Task":  # what the loader was unsure of (OCR, uncertain cells): to be checked
        props["review"] = "; ".join(record.warnings) or None
    return props


def _add_tasks(
    rows: GraphRows,
    doc: LoadedDocument,
    agencies: _AgencyResolver,
    province: Province | None,
    warnings: list[str],
) -> None:
    """One document's Task and Indicator nodes, ASSIGNS/SETS, ASSIGNED_TO/MONITORED_BY,
    DETAILS (to a task known by now; the others once every document is in, `rows.finish`)."""
    doc_id = doc.document.id
    for task in sorted(doc.tasks, key=lambda t: t.id):
        if rows.label(task.id) is not None:
            warnings.append(f"{task.id}: task id given twice; kept the first")
            continue
        rows.node(task.id, "Task", _record_props(task, "Task"))
        rows.edge(doc_id, task.id, "ASSIGNS", source=task.source, line=task.line_start)
        for a in task.assignments:
            rows.edge(
                task.id,
                agencies.resolve(a, doc.document.issued, province),
                "ASSIGNED_TO",
                key=f"ASSIGNED_TO:{a.role}",
                role=a.role,
                source=a.source or task.source,
                line=a.line_start or task.line_start,
            )
    for ind in sorted(doc.indicators, key=lambda i: i.id):
        if rows.label(ind.id) is not None:
            warnings.append(f"{ind.id}: indicator id given twice; kept the first")
            continue
        rows.node(ind.id, "Indicator", _record_props(ind, "Indicator"))
        rows.edge(doc_id, ind.id, "SETS", source=ind.source, line=ind.line_start)
        for a in ind.monitors:
            rows.edge(
                ind.id,
                agencies.resolve(a, doc.document.issued, province),
                "MONITORED_BY",
                source=a.source or ind.source,
                line=a.line_start or ind.line_start,
            )
    for task in doc.tasks:
        if task.details:
            rows.details(task.id, task.details, task.source, task.line_start)


def _link(rows: GraphRows) -> dict[str, float]:
    """RESTATES (graph/linking.py) and Task IMPLEMENTS / AMENDS / REPLACES Task
    (graph/task_links.py) over the skeleton and the staged tasks, written to the staging
    store; a RESTATES edge between two tasks linked by lineage is dropped (the lineage
    says more). Returns the seconds each pass took."""
    from obligraph.graph.linking import find_restatements_in
    from obligraph.graph.task_links import METHOD, find_task_links_in

    started = time.perf_counter()
    restates = find_restatements_in(rows.g, rows.staging)
    seconds = {"restates": time.perf_counter() - started}
    started = time.perf_counter()
    found = find_task_links_in(rows.g, rows.staging)
    linked = {pair for _, low, high, _, _ in found for pair in ((low, high), (high, low))}
    seen: set[tuple[str, str]] = set()
    for later, earlier, score in restates:
        if (later, earlier) in seen or (later, earlier) in linked:
            continue
        seen.add((later, earlier))
        rows.edge(later, earlier, "RESTATES", labels=TASK_TASK, score=score, source=None, line=None)
    done: set[tuple[str, str, str]] = set()
    for rel_type, low, high, score, evidence in found:
        if (low, high, rel_type) in done:
            continue
        done.add((low, high, rel_type))
        props: dict[str, object] = {"score": score}
        if "evidence" in rel_properties(rel_type):
            props["evidence"] = evidence
        if "method" in rel_properties(rel_type):
            props["method"] = METHOD
        rows.edge(low, high, rel_type, labels=TASK_TASK, **props)
    seconds["task_links"] = time.perf_counter() - started
    return seconds


def _peak_mb() -> int:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


class GraphBuilder:
    """The one builder: loaded documents -> the skeleton graph (documents, agencies and
    their edges, in memory) and the staging store (tasks, indicators and their edges).

    Feed it documents in any order (`add`, which spools each one and keeps its header),
    then `build`: final ids from the headers, every Document node and citation, then each
    document's tasks in id order (read back one at a time), then the linking passes.
    `build_graph` materializes the result as one networkx graph; `build_store` streams it
    to graph.json and the embedded database.
    """

    def __init__(self, registry: Any | None, staging: Staging) -> None:
        self.rows = GraphRows(nx.MultiDiGraph(), staging)
        self.agencies = _AgencyResolver(self.rows.g, registry)
        self.headers: list[DocHeader] = []
        self.warnings: list[str] = []
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, int] = {}  # this process's peak RSS by the end of a step

    def add(self, loaded: LoadedDocument) -> None:
        """Keep one loaded document's header; the records go to the staging store."""
        idx = len(self.headers)
        self.headers.append(doc_header(idx, loaded, self.agencies))
        self.rows.staging.put_doc(idx, loaded)

    def build(self) -> nx.MultiDiGraph:
        """Write every row; returns the skeleton (its `warnings` set)."""
        started = time.perf_counter()
        g, agencies, warnings = self.rows.g, self.agencies, self.warnings
        kept, warnings[:0] = _dedupe(self.headers)
        self.headers = []
        agencies.add_registry()
        provinces = {doc_id: agencies.province_of(h.document) for h, doc_id in kept}
        resolved = _add_documents(g, kept, agencies, provinces)
        for header, doc_id in kept:
            doc = self.rows.staging.get_doc(header.idx)
            if doc.document.id != header.id:
                doc = _with_id(doc, header.id)  # another province's numbering
            if doc_id != header.id:
                doc = _with_id(doc, doc_id)  # a different document with the same id
            self.rows.start_document(doc_id)
            _add_tasks(self.rows, doc, agencies, provinces[doc_id], warnings)
            _add_references(self.rows, doc, resolved, warnings)
        del resolved, kept
        self.rows.staging.drop_docs()
        self.rows.finish(warnings)
        agencies.name_unresolved()
        self.seconds["build"] = time.perf_counter() - started
        self.peak_mb["build"] = _peak_mb()
        started = time.perf_counter()
        self.seconds |= _link(self.rows)
        self.seconds["linking"] = time.perf_counter() - started
        g.graph["warnings"] = sorted(set(warnings))
        return g


def build_graph(loaded: Iterable[LoadedDocument], registry: Any | None = None) -> nx.MultiDiGraph:
    """The obligation graph of these loaded documents, as one networkx graph.

    `registry` resolves agency mentions (graph.agencies.AgencyRegistry); without one every
    mention becomes an `unresolved:<slug>` Agency node. Documents given twice (same id)
    count once; the order of `loaded` does not change the result. Built by GraphBuilder
    with an in-memory staging store, then materialized: the same rows a streaming build
    writes to graph.json.

    >>> from obligraph.loaders.records import Document, LoadedDocument, Reference
    >>> kh = LoadedDocument(
    ...     document=Document(id="doc:103-kh-ubnd-2025", number="103/KH-UBND"),
    ...     references=[Reference(number="37/KH-UBND", relation="supersedes", evidence="…")],
    ... )
    >>> g = build_graph([kh, kh])
    >>> sorted(g.edges(keys=True))
    [('doc:103-kh-ubnd-2025', 'doc:37-kh-ubnd', 'SUPERSEDES')]
    """
    staging = Staging()
    try:
        builder = GraphBuilder(registry, staging)
        for doc in loaded:
            builder.add(doc)
        g = builder.build()
        for node_id, label, props in staging.nodes():
            g.add_node(node_id, label=label, **props)
        for u, v, key, rel_type, _, _, props in staging.edges():
            g.add_edge(u, v, key=key, type=rel_type, **props)
    finally:
        staging.close()
    return g


def build_from_paths(
    paths: Iterable[str | Path],
    registry: Any | None = None,
    workers: int = 1,
    cache: Any | None = None,
    log: Any | None = None,
) -> tuple[nx.MultiDiGraph, list[LoadedDocument]]:
    """Load files or folders and build their graph, with the project registry by default.
    `cache` (loaders.cache.ExtractionCache) skips files loaded before; with a `log`
    (loaders.pipeline.FileLog) files that cannot be read are recorded there, not raised.

    >>> g, loaded = build_from_paths(["data/raw"])  # doctest: +SKIP
    """
    from obligraph.loaders.pipeline import load_paths

    loaded = load_paths(paths, workers=workers, cache=cache, log=log)
    return build_graph(loaded, registry if registry is not None else default_registry()), loaded


# ---------------------------------------------------------------- the store folder

CACHE_DIR = "cache"  # store_dir/cache: loaded documents by content (loaders/cache.py)


def graph_summary(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of a graph: nodes by label, edges by type, unresolved agencies.

    >>> graph_summary(nx.MultiDiGraph())["edges"]
    {}
    """
    labels = Counter(attrs["label"] for _, attrs in g.nodes(data=True))
    edges = Counter(attrs["type"] for _, _, attrs in g.edges(data=True))
    return summary_of(dict(sorted(labels.items())), dict(sorted(edges.items())), g)


def summary_of(nodes: dict[str, int], edges: dict[str, int], g: nx.MultiDiGraph) -> dict[str, Any]:
    """graph_summary from counts and a graph holding every Document and Agency node (the
    whole graph, or a streaming build's skeleton)."""
    unresolved = sorted(
        n for n, attrs in g.nodes(data=True) if attrs["label"] == "Agency" and attrs["unresolved"]
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "documents_in_corpus": sum(
            1 for _, a in g.nodes(data=True) if a["label"] == "Document" and a["in_corpus"]
        ),
        "unresolved_agencies": unresolved,
    }


def build_store(
    paths: Iterable[str | Path], store_dir: str | Path, workers: int = 1, use_cache: bool = True
) -> dict[str, Any]:
    """Load, build, and write store_dir/graph.json, ladybug/ and load_report.json.

    Streamed (graph/streaming.py): documents are written away as they are loaded, tasks
    wait in a staging store on disk, graph.json and the database are written from it; the
    same graph as `build_graph`, in bounded memory. With `use_cache`, loaded documents are
    kept in store_dir/cache/ by content (see loaders/cache.py): a rebuild after adding or
    editing files loads only those. Returns the summary `obligraph build` prints (counts,
    findings, seconds, and `phases`: the seconds of each step).

    >>> build_store(["data/raw"], "store")["nodes"]["Document"]  # doctest: +SKIP
    """
    from obligraph.graph.streaming import build_store as streamed

    return streamed(paths, store_dir, workers=workers, use_cache=use_cache)


def load_alarms(report: dict[str, Any]) -> list[str]:
    """One line per loader alarm of the load report (loaders/report.py `alarms`)."""
    from obligraph.loaders.report import alarms

    return [
        f"{d['source']}:{f['lines'][0]}: {f['reason']}"
        for d in report["documents"]
        for f in alarms(d["findings"])
    ]


def render_build_summary(summary: dict[str, Any]) -> str:
    """The build summary as a few readable lines."""
    nodes = summary["nodes"]
    lines = [
        f"store: {summary['store']} (graph.json, ladybug/, load_report.json)"
        f" in {summary['seconds']} s"
        + (f" ({summary['from_cache']} documents from cache)" if summary.get("from_cache") else ""),
        f"documents: {nodes.get('Document', 0)} ({summary['documents_in_corpus']} loaded,"
        f" {nodes.get('Document', 0) - summary['documents_in_corpus']} cited only)"
        f" · tasks: {nodes.get('Task', 0)} · indicators: {nodes.get('Indicator', 0)}"
        f" · agencies: {nodes.get('Agency', 0)}",
        "edges: " + (", ".join(f"{t} {n}" for t, n in summary["edges"].items()) or "none"),
        f"unresolved agencies: {len(summary['unresolved_agencies'])}"
        + (
            f" ({', '.join(summary['unresolved_agencies'][:8])}…)"
            if summary["unresolved_agencies"]
            else ""
        ),
        f"loader findings: {summary['findings']} (see {summary['store']}/load_report.json)",
    ]
    if "files" in summary:
        from obligraph.loaders.pipeline import render_file_log

        lines += render_file_log(summary["files"])
    lines += [f"warning: {w}" for w in summary["warnings"]]
    return "\n".join(lines)
