"""The graph contract of docs/schema.md as data: labels, properties, relationship types.

One table every writer follows: `graph.build` fills exactly these properties (None where
unknown), `graph.ladybug_store` turns them into node and rel tables, and the Neo4j export
can read the same lists. Types are LadybugDB's; dates stay ISO strings (`STRING`) so the
same comparison (`t.due < '2025-12-31'`) works on every store and in graph.json.

>>> NODE_PROPERTIES["Agency"]["aliases"]
'STRING[]'
>>> REL_TYPES["CITES"].endpoints
(('Document', 'Document'), ('Task', 'Document'))
"""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("Document", "Task", "Indicator", "Agency")

# Per label: property -> LadybugDB type, in schema order. `id` is the primary key and the
# networkx node key; it is not repeated as a node attribute.
NODE_PROPERTIES: dict[str, dict[str, str]] = {
    "Document": {
        "number": "STRING",
        "kind": "STRING",
        "kind_code": "STRING",
        "issuer": "STRING",
        "issued": "STRING",
        "title": "STRING",
        "signer": "STRING",
        "source": "STRING",
        "in_corpus": "BOOLEAN",
        "province": "STRING",  # project addition: another province's document (its name)
    },
    "Task": {
        "doc_id": "STRING",
        "no": "STRING",
        "origin": "STRING",
        "group": "STRING",
        "text": "STRING",
        "result": "STRING",
        "deadline_text": "STRING",
        "due": "STRING",
        "due_from": "STRING",
        "recurrence": "STRING",
        "condition": "STRING",
        "source": "STRING",
        "line_start": "INT64",
        "line_end": "INT64",
        "review": "STRING",  # project addition: why a person should check the row, or null
    },
    "Indicator": {
        "doc_id": "STRING",
        "no": "STRING",
        "name": "STRING",
        "unit": "STRING",
        "target": "STRING",
        "horizon": "INT64",
        "source": "STRING",
        "line_start": "INT64",
        "line_end": "INT64",
    },
    "Agency": {
        "name": "STRING",
        "aliases": "STRING[]",
        "kind": "STRING",
        "level": "STRING",
        "active_from": "STRING",
        "active_to": "STRING",
        "unresolved": "BOOLEAN",  # project addition: a mention the registry did not resolve
        "province": "STRING",  # project addition: another province's agency (its name)
    },
}

# Provenance every relationship carries (None where the fact is not from a text line).
PROVENANCE: dict[str, str] = {"source": "STRING", "line": "INT64"}

_DOC_DOC = (("Document", "Document"),)


@dataclass(frozen=True)
class RelType:
    """A relationship type: the (from, to) label pairs it joins and its own properties."""

    endpoints: tuple[tuple[str, str], ...]
    properties: dict[str, str]


REL_TYPES: dict[str, RelType] = {
    # Task -> Task (project: graph/task_links.py): `score` and `method` are null on Document
    # edges; `evidence` is the sentence there, what matched here.
    "IMPLEMENTS": RelType(
        (*_DOC_DOC, ("Task", "Task")),
        {"evidence": "STRING", "score": "DOUBLE", "method": "STRING"},
    ),
    "SUPERSEDES": RelType(_DOC_DOC, {"evidence": "STRING"}),
    "BASED_ON": RelType(_DOC_DOC, {"evidence": "STRING"}),
    "AMENDS": RelType((*_DOC_DOC, ("Task", "Task")), {"evidence": "STRING", "score": "DOUBLE"}),
    "REPEALS": RelType(_DOC_DOC, {"evidence": "STRING"}),
    "CITES": RelType((("Document", "Document"), ("Task", "Document")), {"evidence": "STRING"}),
    "ASSIGNS": RelType((("Document", "Task"),), {}),
    "SETS": RelType((("Document", "Indicator"),), {}),
    "ASSIGNED_TO": RelType((("Task", "Agency"),), {"role": "STRING"}),
    "MONITORED_BY": RelType((("Indicator", "Agency"),), {}),
    "RESTATES": RelType((("Task", "Task"),), {"score": "DOUBLE"}),
    # `partial` (project addition): only some functions moved (Sở TT&TT's press and
    # publishing -> Sở VH-TT-DL), so not every obligation is inherited along this edge.
    "SUCCEEDED_BY": RelType(
        (("Agency", "Agency"),), {"date": "STRING", "evidence": "STRING", "partial": "BOOLEAN"}
    ),
    "MEMBER_OF": RelType((("Agency", "Agency"),), {}),
    "REPLACES": RelType((("Task", "Task"),), {"score": "DOUBLE"}),  # graph/task_links.py
    "DETAILS": RelType((("Task", "Task"),), {}),  # project addition: appendix row -> provision
}

# Reference.relation (loaders) -> relationship type.
RELATION_TYPES: dict[str, str] = {
    "implements": "IMPLEMENTS",
    "supersedes": "SUPERSEDES",
    "based_on": "BASED_ON",
    "amends": "AMENDS",
    "repeals": "REPEALS",
    "cites": "CITES",
}


def rel_properties(rel_type: str) -> dict[str, str]:
    """Every property an edge of this type carries: its own, then provenance.

    >>> list(rel_properties("ASSIGNED_TO"))
    ['role', 'source', 'line']
    """
    return {**REL_TYPES[rel_type].properties, **PROVENANCE}
