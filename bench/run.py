"""Benchmark obligraph on synthetic corpora and print the figures (JSON saved too).

For each size: load throughput (documents/s, MB of text/s, and the seed plan alone),
graph build time, graph.json write time, embedded store import time, peak memory (each
size runs in its own process so peaks do not mix), and p50/p95 latency of every named
query and of the three questions of docs/schema.md on the embedded store.

    python bench/run.py --sizes 100,1000,10000 --repeat 20
    python bench/run.py --sizes 100 --json-out bench/results/latest.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from obligraph.graph.linking import places_named  # noqa: E402

SEED_PLAN = ROOT / "data" / "raw" / "001_2f8b4d489cccd7d8.txt"

TARGETS = {
    "load_mb_per_s": 2.0,  # at least
    "seed_plan_load_ms": 50.0,  # at most
    "build_plus_import_s_10000": 600.0,
    "peak_rss_mb_10000": 8192.0,
    "owns_p95_ms": 100.0,
    "replaced_by_p95_ms": 100.0,
    "lineage_p95_ms": 500.0,
}


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_query(fn, repeat: int) -> dict[str, float]:
    fn()  # warm-up: first call compiles/caches
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
    }


def seed_plan_load_ms(repeat: int = 20) -> float:
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import read_source

    src = read_source(SEED_PLAN)
    load_source(src)  # warm caches (regexes, vocabularies)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        load_source(read_source(SEED_PLAN))
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 1)


def query_params(g) -> dict[str, dict]:
    """Parameters for the named queries, picked from the generated graph itself."""
    superseded = sorted(v for _, v, k in g.edges(keys=True) if k == "SUPERSEDES")
    # Agencies by the tasks and indicators given to them (not by MEMBER_OF edges in).
    held = Counter(v for _, v, t in g.edges(data="type") if t in ("ASSIGNED_TO", "MONITORED_BY"))
    busiest = sorted(
        (n for n, d in g.nodes(data=True) if d.get("label") == "Agency"),
        key=lambda n: (-held[n], n),
    )
    # A typical agency too: owns answers grow with the agency's tasks, not with the graph.
    holding = [n for n in busiest if held[n] > 0]
    typical = g.nodes[holding[len(holding) // 2]]["name"] if holding else "Công an tỉnh"
    return {
        "replaced-by": {"doc": superseded[0] if superseded else "57-NQ/TW"},
        "owns": {"agency": g.nodes[busiest[0]]["name"] if busiest else "Công an tỉnh"},
        "owns@median": {"agency": typical},
        "lineage": {"doc": "57-NQ/TW"},
        "due": {"before": "2025-12-31"},
        "stale": {},
        "restated": {},
    }


def restatement_recall(g, planted: list[dict]) -> dict:
    """How the graph's RESTATES edges fare on the planted restatements (make_corpus's key).

    found: planted pairs linked (the notice's task naming the subject -[:RESTATES]-> the
    plan's row of that number). Wrong links, from or to a planted task: other_project_links
    end at a task about another specific subject (another project, or the same project in
    another commune); generic_links end at a task of generic wording that shares only a
    long boilerplate phrase with it ("gắn với cải cách hành chính và nâng cao chất lượng
    phục vụ người dân, doanh nghiệp").
    """
    by_source: dict[str, list[tuple[str, dict]]] = {}
    for node, attrs in g.nodes(data=True):
        if attrs.get("label") == "Task":
            by_source.setdefault(attrs.get("source"), []).append((node, attrs))

    def text_of(node: str) -> str:
        return " ".join((g.nodes[node].get("text") or "").split())

    found, planted_tasks = 0, {}
    for pair in planted:
        later = [n for n, _ in by_source.get(pair["later"], []) if pair["subject"] in text_of(n)]
        earlier = [n for n, a in by_source.get(pair["earlier"], []) if a.get("no") == pair["no"]]
        planted_tasks.update((n, pair["subject"]) for n in later + earlier)
        if any(g.has_edge(x, y, "RESTATES") for x in later for y in earlier):
            found += 1
    restates = [(u, v) for u, v, k in g.edges(keys=True) if k == "RESTATES"]
    # Links from or to a planted task whose other end is about something else: another
    # project (it names a locality: a planted subject) or generic wording (it names none).
    other_project = generic = 0
    for u, v in restates:
        for node, end in ((u, v), (v, u)):
            if node in planted_tasks and planted_tasks[node] not in text_of(end):
                if places_named(text_of(end)):
                    other_project += 1
                else:
                    generic += 1
    return {
        "planted": len(planted),
        "found": found,
        "recall": round(found / len(planted), 3) if planted else None,
        "other_project_links": other_project,
        "generic_links": generic,
        "restates_edges": len(restates),
    }


# Document -> Document relations read from the text.
CITING = ("IMPLEMENTS", "SUPERSEDES", "BASED_ON", "AMENDS", "REPEALS", "CITES")


def province_figures(g) -> dict:
    """How the graph keeps each province's documents apart (make_corpus numbers every
    province's plans from 1 each year, and a plan cites only its own province's).

    shared_numbers: (number, year) pairs held by plans of two provinces or more; renamed:
    documents that lost their id to another one (a "same id" warning), numbered or not (an
    un-numbered notice's id is issuer and date: two of one day collide); plan_citations:
    Document -> Document relations to a loaded plan; crossing: those whose two ends lie in
    different provinces (0 when every citation found its own province's plan)."""
    docs = {n: a for n, a in g.nodes(data=True) if a.get("label") == "Document"}
    loaded = {n: a for n, a in docs.items() if a["in_corpus"]}
    holders = Counter(
        (a["number"], (a["issued"] or "")[:4]) for a in loaded.values() if a["number"]
    )
    links = [
        (u, v)
        for u, v, k in g.edges(keys=True)
        if k in CITING and u in docs and v in loaded and loaded[v]["kind_code"] == "KH"
    ]
    # "<id>: <file> is a different document with the same id (…); its id is <new id>"
    warnings = g.graph.get("warnings", [])
    renamed = [w.rsplit("its id is ", 1)[1] for w in warnings if "same id" in w]
    return {
        "loaded": len(loaded),
        "of_other_provinces": sum(1 for a in loaded.values() if a["province"]),
        "shared_numbers": sum(1 for c in holders.values() if c > 1),
        "renamed_numbered": sum(1 for n in renamed if docs[n]["number"]),
        "renamed_unnumbered": sum(1 for n in renamed if not docs[n]["number"]),
        "plan_citations": len(links),
        "crossing": sum(1 for u, v in links if docs[u]["province"] != docs[v]["province"]),
    }


def measure_latencies(db_dir: Path, params: dict[str, dict], repeat: int) -> dict[str, dict]:
    """p50/p95 (and rows) of every named query and of the schema's questions on the
    embedded store in `db_dir`."""
    from obligraph.graph.ladybug_store import LadybugStore
    from obligraph.queries.named import run_named

    latencies: dict[str, dict] = {}
    with LadybugStore(db_dir) as store:
        for name, p in params.items():
            query = name.split("@")[0]  # "owns@median": the owns query, other parameters
            latencies[name] = time_query(lambda n=query, p=p: run_named(n, p, store=store), repeat)
            # Rows returned: a 5,000-row answer is bounded below by fetching its rows.
            rows = run_named(query, p, store=store)
            latencies[name]["rows"] = len(rows)
            if query == "owns":  # the agency asked, and how much of its answer it inherited
                latencies[name]["agency"] = p["agency"]
                latencies[name]["inherited_rows"] = sum(1 for r in rows if r["inherited_from"])
        for cypher_file in sorted((ROOT / "queries").glob("schema_*.cypher")):
            text = cypher_file.read_text(encoding="utf-8")
            latencies[cypher_file.stem] = time_query(lambda t=text: store.query(t), repeat)
    return latencies


def latencies_in_fresh_process(db_dir: Path, params: dict[str, dict], repeat: int) -> dict:
    """measure_latencies in a new interpreter that only opens the store."""
    params_json = json.dumps(params, ensure_ascii=False)
    return _child_json("--latency", str(db_dir), "--params", params_json, "--repeat", str(repeat))


def _child_json(*args: str) -> dict:
    """Run this script in a new interpreter with `args`; the JSON of its last output line."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_one(
    size: int,
    seed: int,
    repeat: int,
    workdir: Path,
    workers: int = 1,
    cache_dir: Path | None = None,
) -> dict:
    from obligraph.graph.build import build_graph, default_registry
    from obligraph.graph.graphjson import write_graph_json
    from obligraph.graph.ladybug_store import write_ladybug
    from obligraph.loaders.cache import ExtractionCache
    from obligraph.loaders.pipeline import load_paths

    corpus = workdir / f"corpus-{size}"
    t0 = time.perf_counter()
    planted: list[dict] = []
    paths = make_corpus(size, seed, corpus, restatements=planted)
    gen_s = time.perf_counter() - t0
    mb = sum(p.stat().st_size for p in paths) / 1e6

    cache = ExtractionCache(cache_dir / f"seed-{seed}") if cache_dir else None
    t0 = time.perf_counter()
    loaded = load_paths(paths, workers=workers, cache=cache)
    load_s = time.perf_counter() - t0
    # Throughput counts only the files really loaded (a cache hit is not loading).
    from_cache = cache.hits if cache else 0
    loaded_mb = mb * (size - from_cache) / size

    registry = default_registry()
    t0 = time.perf_counter()
    g = build_graph(loaded, registry)
    build_s = time.perf_counter() - t0
    restates = restatement_recall(g, planted)
    provinces = province_figures(g)
    tasks = sum(len(d.tasks) for d in loaded)
    assignments = sum(len(t.assignments) for d in loaded for t in d.tasks)
    del loaded

    t0 = time.perf_counter()
    write_graph_json(g, workdir / "graph.json")
    json_s = time.perf_counter() - t0

    db_dir = workdir / "ladybug"
    t0 = time.perf_counter()
    write_ladybug(g, db_dir)
    import_s = time.perf_counter() - t0

    params = query_params(g)
    # The analyst's latency: a process that opens the built store, as `obligraph query`
    # does, without this process's graph and loaded documents (5 GB at 10,000 documents,
    # which slow a large answer's fetch by a third or more). Both are recorded.
    latencies = latencies_in_fresh_process(db_dir, params, repeat)
    latencies_here = measure_latencies(db_dir, params, repeat)

    # Per document: loading counts only the documents really loaded (the rest came from
    # the cache), build and import count every document of the graph.
    load_ms_per_doc = 1000 * load_s / (size - from_cache) if from_cache < size else None
    build_ms_per_doc = 1000 * (build_s + import_s) / size
    return {
        "documents": size,
        "mb_text": round(mb, 2),
        "tasks": tasks,
        "assignments": assignments,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "generate_s": round(gen_s, 2),
        "load_s": round(load_s, 2),
        "load_docs_per_s": round((size - from_cache) / load_s, 1) if from_cache < size else None,
        "load_mb_per_s": round(loaded_mb / load_s, 3) if from_cache < size else None,
        "load_workers": workers,
        "load_from_cache": from_cache,
        "build_s": round(build_s, 2),
        "graph_json_s": round(json_s, 2),
        "ladybug_import_s": round(import_s, 2),
        "build_plus_import_s": round(build_s + import_s, 2),
        "ms_per_doc_load": round(load_ms_per_doc, 2) if load_ms_per_doc is not None else None,
        "ms_per_doc_load_build_import": round(load_ms_per_doc + build_ms_per_doc, 2)
        if load_ms_per_doc is not None
        else None,
        "ms_per_doc_build_import": round(build_ms_per_doc, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "restates": restates,
        "documents_by_province": provinces,
        "latency": latencies,
        "latency_in_build_process": latencies_here,
    }


def run_child(size: int, seed: int, repeat: int, workers: int, cache: Path | None) -> dict:
    """One size in a fresh interpreter, so peak memory is that size's own."""
    return _child_json(
        *(["--cache", str(cache)] if cache else []),
        *("--one", str(size), "--seed", str(seed)),
        *("--repeat", str(repeat), "--workers", str(workers)),
    )


def _per_size(results: list[dict], title: str, key: str, describe) -> list[str]:
    """A blank line, a title, and a line per size that recorded `key`."""
    return ["", title] + [
        f"  {r['documents']:>6}: {describe(r[key])}" for r in results if r.get(key)
    ]


def render(results: list[dict], seed_ms: float) -> str:
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"seed plan (90 KB) load: {seed_ms} ms (target < {TARGETS['seed_plan_load_ms']} ms)",
        "",
        "docs     MB   tasks   assign  load MB/s docs/s  build s  import s  peak MB  ms/doc",
    ]
    for r in results:
        lines.append(
            f"{r['documents']:>6} {r['mb_text']:>6} {r['tasks']:>7} {r['assignments']:>8} "
            f"{r['load_mb_per_s'] or 'cached':>9} {r['load_docs_per_s'] or '-':>6} {r['build_s']:>8} "
            f"{r['ladybug_import_s']:>9} {r['peak_rss_mb']:>8} {r['ms_per_doc_load_build_import'] or '-':>7}"
        )
    lines += _per_size(
        results,
        "RESTATES on the planted restatements (found / planted, wrong links, all edges):",
        "restates",
        lambda rs: (
            f"{rs['found']}/{rs['planted']} found, {rs['other_project_links']} to another "
            f"project, {rs['generic_links']} to generic wording, {rs['restates_edges']} "
            "RESTATES edges"
        ),
    )
    lines += _per_size(
        results,
        "documents of one number in several provinces (kept apart, citations):",
        "documents_by_province",
        lambda dp: (
            f"{dp['of_other_provinces']}/{dp['loaded']} of other provinces, "
            f"{dp['shared_numbers']} plan numbers shared by provinces, "
            f"{dp['renamed_numbered']} numbered and {dp['renamed_unnumbered']} un-numbered "
            f"renamed, {dp['crossing']}/{dp['plan_citations']} plan citations crossing provinces"
        ),
    )
    lines.append("")
    names = sorted({n for r in results for n in r["latency"]})
    lines.append(
        "latency p50/p95 ms, on the embedded store opened by a fresh process: "
        + ", ".join(str(r["documents"]) for r in results)
        + " documents"
    )
    for name in names:
        cells = []
        for r in results:
            lat = r["latency"].get(name, {})
            cells.append(f"{lat.get('p50_ms', '-')}/{lat.get('p95_ms', '-')}")
        lines.append(f"  {name:<32} " + "   ".join(cells))
    here = [r.get("latency_in_build_process", {}).get("owns") for r in results]
    if any(here):
        lines.append(
            "  owns, in the process that built the graph (its graph still in memory): "
            + "   ".join(f"{h['p50_ms']}/{h['p95_ms']}" if h else "-" for h in here)
        )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        for key, what in (
            ("ms_per_doc_load", "load"),
            ("ms_per_doc_load_build_import", "load + build + import"),
            ("ms_per_doc_build_import", "build + import"),
        ):
            if first.get(key) and last.get(key):
                lines.append(
                    f"growth of {what} time per document, {last['documents']} / "
                    f"{first['documents']}: {last[key] / first[key]:.2f}"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json-out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument("--workers", type=int, default=1, help="loader processes")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep loaded documents here (loaders/cache.py): a rerun skips loading; "
        "load throughput then counts only the files really loaded",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--latency", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.latency:
        print(json.dumps(measure_latencies(args.latency, json.loads(args.params), args.repeat)))
        return

    if args.one:
        workdir = Path(tempfile.mkdtemp(prefix="obligraph-bench-"))
        try:
            print(
                json.dumps(
                    bench_one(args.one, args.seed, args.repeat, workdir, args.workers, args.cache)
                )
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    seed_ms = seed_plan_load_ms()
    results = []
    for size in sizes:
        print(f"… {size} documents", file=sys.stderr, flush=True)
        results.append(run_child(size, args.seed, args.repeat, args.workers, args.cache))
    print(render(results, seed_ms))
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": {
            "arch": platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
        },
        "seed_plan_load_ms": seed_ms,
        "targets": TARGETS,
        "results": results,
    }
    args.json_out.write_text(
        json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nfigures written to {args.json_out}")


if __name__ == "__main__":
    main()
