"""`obligraph agencies` read off the embedded store: counts by agency and role from
aggregates, and the mentions no registry entry took, with the file and line they were
read at; never the whole graph.

At 100,000 synthetic documents the store holds 4.1 M such mentions (heading fragments
such as "Các Sở" and "ngành" the generator assigns tasks to). They are read one flagged
agency at a time and kept as tuples (`Mentions`, a sequence handing out dicts), so the
report holds about 200 bytes a mention rather than a dict of seven strings; the CLI prints
them as they come (obligraph/cli.py).

>>> Mentions([("Ban X", "unresolved:ban-x", None, "kh.txt", 3, "lead", "t1")])[0]["line"]
3
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from obligraph.graph.agencies import AgencyRegistry, agency_table, is_flagged, store_report

FIELDS = ("mention", "unresolved_id", "province", "source", "line", "role", "record_id")
# One flagged agency's mentions, with what says where each was read: the edge's
# provenance, else the item's (as agencies_report_from_graph reads them).
MENTIONS_CYPHER = (
    "MATCH (t:{item})-[r:{rel}]->(a:Agency {{id: $id}}) "
    "RETURN a.name AS mention, a.id AS unresolved_id, a.province AS province, "
    "coalesce(r.source, t.source) AS source, "
    "CASE WHEN r.line IS NULL OR r.line = 0 THEN t.line_start ELSE r.line END AS line, "
    "{role} AS role, t.id AS record_id"
)
RELS = (
    ("ASSIGNED_TO", "Task", "coalesce(r.role, 'lead')"),
    ("MONITORED_BY", "Indicator", "'monitor'"),
)


class Mentions(Sequence[dict[str, Any]]):
    """Unresolved mentions held as tuples (FIELDS order), given out as dicts."""

    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [dict(zip(FIELDS, row, strict=True)) for row in self.rows[i]]
        return dict(zip(FIELDS, self.rows[i], strict=True))


def _sort_key(row: tuple) -> tuple:
    """The report's order (file, line, mention), ties in the graph's edge order
    (from, to, key): what agencies_report_from_graph's stable sort gives."""
    mention, unresolved_id, _, source, line, role, record_id = row
    return (source or "", line or 0, mention or "", record_id, unresolved_id, role)


def agencies_report_from_store(store: Any, registry: AgencyRegistry) -> dict[str, Any]:
    """`agencies_report_from_graph` answered by a Cypher store (graph/store.py)."""
    table = {row["id"]: row for row in agency_table([], registry)}
    counted = 0
    for rel, item, role in RELS:
        rows = store.query(
            f"MATCH (:{item})-[r:{rel}]->(a:Agency) RETURN a.id AS id, {role} AS role, count(*) AS n"
        )
        for row in rows:
            counted += row["n"]
            if row["id"] in table:
                entry = table[row["id"]]
                entry["mentions"] += row["n"]
                entry[row["role"]] = entry.get(row["role"], 0) + row["n"]
    agencies = store.query(
        "MATCH (a:Agency) RETURN a.id AS id, a.unresolved AS unresolved, a.province AS province"
    )
    flagged = sorted(a["id"] for a in agencies if is_flagged(a["id"], a, table))
    kept: dict[Any, Any] = {}  # one object per repeated value (file names, mentions)
    mentions: list[tuple] = []
    for agency in flagged:
        for rel, item, role in RELS:
            for row in store.query(
                MENTIONS_CYPHER.format(item=item, rel=rel, role=role), {"id": agency}
            ):
                mentions.append(
                    tuple(
                        kept.setdefault(v, v) if k != "record_id" else v
                        for k, v in zip(FIELDS, (row[f] for f in FIELDS), strict=True)
                    )
                )
    mentions.sort(key=_sort_key)
    return store_report(table, Mentions(mentions), counted, registry)
