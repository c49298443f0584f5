"""Answers joined in Python from the parts a .cypher file returns (NamedQuery.assemble).

LadybugDB walks well from a primary key (`old.id = $doc_id`: a key lookup, then one
relationship step after another), but a pattern that needs two things already bound
(a task and its old document; a pair of documents and a chain between them) makes it
hash-join against a scan of a whole table: every Task (3.4 million at 100,000 documents)
or every REPLACES edge. `replaced_by.cypher` and `lineage.cypher` therefore return small
parts, each walked from the document's key, tagged by a `part` column; the functions
here join them into the answer's rows, the same way whatever engine ran the file (Neo4j
included), and the networkx twins (queries/nx_answers.py) still answer on their own.

>>> parts = [
...     {"part": "successor", "old_id": "a", "in_corpus": False, "new_id": "b",
...      "number": "2/KH", "hops": 1, "edges": 1},
...     {"part": "task", "new_id": "b", "task_id": "b/task/1", "origin": "appendix",
...      "no": "1", "text": "T", "deadline_text": None, "due": None},
... ]
>>> [(r["replaced_id"], r["task_id"], r["change"]) for r in replaced_by_rows(parts)]
[('a', 'b/task/1', None)]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

KEPT = 0.95  # REPLACES score from which a task is 'kept' rather than 'reworded'
LINEAGE_TYPES = ("implements", "supersedes", "based_on")


def replaced_by_rows(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """replaced_by.cypher's parts -> its answer rows, as the query defines them.

    For each successor (a document superseding the old one within 6 steps, `hops` its
    shortest chain) and each of its tasks: where the old document was only cited, the
    task alone; where it was loaded, one row per old task the task REPLACES (`kept` from
    a score of 0.95, else `reworded`), or one row with `new` (no change for a body
    provision) when it replaces none. Then, once per SUPERSEDES edge straight from the
    successor, every old task (not a body provision) that no task of it replaces:
    `dropped`.
    """
    successors, tasks_of, old_tasks = [], defaultdict(list), defaultdict(list)
    taken_over: dict[tuple[str, str], list[tuple[str, Any]]] = defaultdict(list)
    replaced_from: set[tuple[str, str]] = set()  # (old task, document of a task taking it)
    for row in parts:
        part = row["part"]
        if part == "successor":
            successors.append(row)
        elif part == "task":
            tasks_of[row["new_id"]].append(row)
        elif part == "old_task":
            old_tasks[row["old_id"]].append(row)
        elif part == "replaces":
            taken_over[(row["task_id"], row["old_id"])].append((row["old_task_id"], row["score"]))
            replaced_from.add((row["old_task_id"], row["new_id"]))
    old_task = {o["task_id"]: o for rows in old_tasks.values() for o in rows}
    out = []
    for s in successors:
        old, new, in_corpus = s["old_id"], s["new_id"], s["in_corpus"]
        for t in tasks_of[new] if in_corpus is not None else ():
            base = {
                "replaced_id": old,
                "doc_id": new,
                "number": s["number"],
                "hops": s["hops"],
                "task_id": t["task_id"],
                "origin": t["origin"],
                "no": t["no"],
                "text": t["text"],
                "deadline_text": t["deadline_text"],
                "due": t["due"],
            }
            matches = taken_over.get((t["task_id"], old), ()) if in_corpus else ()
            for old_task_id, score in matches:
                o = old_task[old_task_id]
                change = "kept" if score is not None and score >= KEPT else "reworded"
                out.append(_replaced(base, o["task_id"], o["no"], o["text"], score, change))
            if not matches:
                new_task = None if not in_corpus or t["origin"] == "body" else "new"
                out.append(_replaced(base, None, None, None, None, new_task))
        for _ in range(s["edges"]):
            for o in old_tasks[old]:
                origin = o["origin"]
                if origin is None or origin == "body" or (o["task_id"], new) in replaced_from:
                    continue
                base = {
                    "replaced_id": old,
                    "doc_id": new,
                    "number": s["number"],
                    "hops": 1,
                    **dict.fromkeys(("task_id", "origin", "no", "text", "deadline_text", "due")),
                }
                out.append(_replaced(base, o["task_id"], o["no"], o["text"], None, "dropped"))
    return out


def _replaced(base: dict, old_task_id, old_no, old_text, score, change) -> dict[str, Any]:
    """One answer row of replaced-by, its columns in order."""
    return {
        **base,
        "old_task_id": old_task_id,
        "old_no": old_no,
        "old_text": old_text,
        "score": score,
        "change": change,
    }


def lineage_rows(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """lineage.cypher's parts -> its rows: each document reached through any of the three
    relationship types (part `any`, with its shortest chain `hops`), with the shortest
    chain of each type alone from that type's own part (the ids it reaches in `doc_ids`,
    one row per chain length; None where a type reaches it by no chain). The `any` rows
    become the answer's rows in place (20,000 of them: not copied).

    >>> parts = [
    ...     {"part": "any", "direction": "up", "from_id": "a", "doc_id": "b", "number": "1",
    ...      "kind": "Kế hoạch", "issued": None, "in_corpus": True, "hops": 2, "doc_ids": None},
    ...     {"part": "implements", "direction": "up", "from_id": "a", "hops": 3,
    ...      "doc_ids": ["b", "c"]},
    ... ]
    >>> [(r["hops"], r["implements_hops"], r["supersedes_hops"]) for r in lineage_rows(parts)]
    [(2, 3, None)]
    """
    typed: dict[tuple[str, str, str], dict[str, int]] = {}
    reached = []
    for row in parts:
        if row["part"] == "any":
            reached.append(row)
        else:
            hops = typed.setdefault((row["part"], row["direction"], row["from_id"]), {})
            hops.update(dict.fromkeys(row["doc_ids"], row["hops"]))
    nothing: dict[str, int] = {}
    walks: dict[tuple[str, str], tuple[dict[str, int], ...]] = {}  # per direction and start
    for row in reached:  # the part's own row becomes the answer's (run_named's rows)
        start, doc_id = (row["direction"], row["from_id"]), row["doc_id"]
        if start not in walks:
            walks[start] = tuple(typed.get((t, *start), nothing) for t in LINEAGE_TYPES)
        implements, supersedes, based_on = walks[start]
        del row["part"], row["doc_ids"]  # the rest are the answer's first columns, in order
        row["implements_hops"] = implements.get(doc_id)
        row["supersedes_hops"] = supersedes.get(doc_id)
        row["based_on_hops"] = based_on.get(doc_id)
    return reached
