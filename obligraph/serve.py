"""`obligraph serve`: one process answering many questions, one JSON line each.

A dashboard or a script asking hundreds of questions should not pay the interpreter's
start, the imports and the opening of the store every time: `serve` opens the store once
and reads requests from stdin, one JSON object a line, answering each with one JSON line
on stdout, in order:

    {"query": "owns", "args": ["Công an tỉnh"], "options": {"role": "lead"}}
    {"cypher": "MATCH (d:Document) WHERE d.number = $n RETURN d.id AS id", "params": {"n": "37/KH-UBND"}}

    {"id": null, "rows": [...]}                 the answer (rows as `--json` prints them)
    {"id": null, "error": "no document numbered …"}   a request that cannot be answered

`options` are those of `obligraph query` (role, as_of, with_collectives, up, down, before,
after, agency, overdue_as_of); an `id` given in a request comes back with its answer.
Cypher is read-only, as `obligraph cypher` without --write. A request that is not JSON is
answered with an error line and the next one is read; end of input ends the process.

>>> import io
>>> out = io.StringIO()
>>> serve_lines(io.StringIO('{"id": 1, "query": "nope"}\\nnot json\\n'), out, store=None)
2
>>> print(out.getvalue(), end="")
{"error": "no named query 'nope'; known: chain, due, gaps, lineage, owns, replaced-by, restated, stale", "id": 1}
{"error": "not a JSON object: Expecting value", "id": null}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from obligraph.errors import ObligraphError, QueryError

OPTIONS = (
    "role",
    "as_of",
    "with_collectives",
    "up",
    "down",
    "before",
    "after",
    "agency",
    "overdue_as_of",
)


def answer(request: dict[str, Any], store: Any) -> list[dict[str, Any]]:
    """One request's rows: a named question (`query`, `args`, `options`) or `cypher`
    with `params`."""
    if "cypher" in request:
        cypher = request["cypher"]
        params = request.get("params") or {}
        if not isinstance(cypher, str) or not isinstance(params, dict):
            raise QueryError("cypher must be text and params an object")
        return _rows(store).query(cypher, params)
    from obligraph.queries.named import cli_params, run_named
    from obligraph.render import dedupe

    name = request.get("query")
    args = request.get("args") or []
    options = request.get("options") or {}
    if not isinstance(name, str):
        raise QueryError('a request names a question ("query") or gives "cypher"')
    if isinstance(args, str):
        args = [args]
    if not isinstance(args, list) or not isinstance(options, dict):
        raise QueryError("args must be a list and options an object")
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise QueryError(f"unknown options: {', '.join(unknown)}; known: {', '.join(OPTIONS)}")
    given = dict.fromkeys(OPTIONS) | {"up": False, "down": False} | options
    params = cli_params(name, [str(a) for a in args], given)
    return dedupe(run_named(name, params, store=_rows(store)))


def _rows(store: Any) -> Any:
    if store is None:
        raise QueryError("no store is open")
    return store


def serve_lines(lines: Iterable[str], out: TextIO, store: Any) -> int:
    """Answer each non-blank line of `lines` on `out`; returns how many were answered."""
    answered = 0
    for line in lines:
        if not line.strip():
            continue
        request: Any = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            reply: dict[str, Any] = {"id": None, "error": f"not a JSON object: {_first(exc)}"}
        else:
            reply = {"id": request.get("id")}
            try:
                reply["rows"] = answer(request, store)
            except ObligraphError as exc:
                reply["error"] = str(exc)
        out.write(json.dumps(reply, ensure_ascii=False, sort_keys=True, default=str) + "\n")
        out.flush()  # the asker waits for this line before sending the next
        answered += 1
    return answered


def _first(exc: Exception) -> str:
    """The message of a JSON error without its position (one line)."""
    return str(exc).split(":")[0]
