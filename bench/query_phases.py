"""Where a named query's time goes on a built store, phase by phase, in a fresh process.

    python bench/query_phases.py STORE owns AGENCY [--repeat 5] [--json-out FILE]
    python bench/query_phases.py STORE lineage 57-NQ/TW

The first run is what `obligraph query NAME ARG --store STORE --json` does after its
imports (open_store with its count check, the catalogues, then the query): each phase
timed. The later runs reuse the open store and its catalogues (as `obligraph serve` and
bench/run.py do). Phases: `execute` (the engine, its statements), `fetch` (rows out of the
engine into dicts: with `execute`, the floor of any answer), `assemble` and `settle`
(queries/parts.py, queries/owns_split.py), `tidy` (sort keys and order), then the CLI's
`dedupe` and `render_json`. `--cpu`: the process's CPU time (the engine's threads
included) instead of wall time, steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

T = time.process_time if "--cpu" in sys.argv else time.perf_counter


def one_run(store: Any, name: str, params: dict[str, Any]) -> dict[str, float]:
    """run_named's steps, each timed (the same steps, in the same order, the collector
    paused as run_named pauses it), then the CLI's."""
    from obligraph.graph.store import gc_paused

    with gc_paused():
        return _one_run(store, name, params)


def _one_run(store: Any, name: str, params: dict[str, Any]) -> dict[str, float]:
    from obligraph.graph.ladybug_store import _rows
    from obligraph.queries.named import _Catalogue, get_query, prepare_params
    from obligraph.queries.tidy import tidy_rows
    from obligraph.render import dedupe, render_json

    ms: dict[str, float] = {}
    t0 = T()
    query = get_query(name)
    catalogue = _Catalogue(None, store)
    given = prepare_params(query, params, catalogue)
    cypher = {**given, "role": None} if query.settle and "role" in given else given
    facts = catalogue.agency_facts() if query.reads_facts else None
    if query.settle is not None:
        catalogue.successions()
    ms["catalogues"] = T() - t0
    rows: list[dict[str, Any]] = []
    ms["execute"] = ms["fetch"] = 0.0
    for statement in query.cypher_runs(cypher, facts):
        for own in query.bindings(cypher):
            t0 = T()
            result = store._conn.execute(statement, own)
            t1 = T()
            rows += _rows(result, result.get_column_names())
            ms["execute"] += t1 - t0
            ms["fetch"] += T() - t1
    t0 = T()
    if query.assemble is not None:
        rows = query.assemble(rows)
    ms["assemble"] = T() - t0
    t0 = T()
    if query.settle is not None:
        rows = query.settle(rows, given, catalogue)
    ms["settle"] = T() - t0
    t0 = T()
    rows = tidy_rows(query, rows, owned=True, shaped=True)
    ms["tidy"] = T() - t0
    t0 = T()
    rows = dedupe(rows)
    ms["dedupe"] = T() - t0
    t0 = T()
    text = render_json(rows)
    ms["render_json"] = T() - t0
    out = {k: round(v * 1000, 1) for k, v in ms.items()}
    out["rows"] = len(rows)
    out["json_mb"] = round(len(text.encode()) / 1e6, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("name")
    parser.add_argument("arg", help="the query's argument (agency, document)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--cpu", action="store_true", help="CPU seconds (all threads), not wall")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from obligraph.graph.store import open_store
    from obligraph.queries.named import get_query

    required = next(p.name for p in get_query(args.name).params if p.required)
    params = {required: args.arg}
    t0 = T()
    store = open_store(args.store)
    first = {"open_store": round((T() - t0) * 1000, 1), **one_run(store, args.name, params)}
    later = [one_run(store, args.name, params) for _ in range(args.repeat)]
    median = {k: statistics.median(r[k] for r in later) for k in later[0]}
    figures = {"query": args.name, "params": params, "first": first, "later_median": median}
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.json_out:
        args.json_out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
