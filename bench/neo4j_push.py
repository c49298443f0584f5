"""Push the bench corpora's graphs to Neo4j and ask the named queries there and on LadybugDB.

For each size: the corpus (bench/make_corpus.py, seed 7) built with `obligraph build` into
bench/corpora/store-SIZE (reused when its graph.json exists); obligraph's labels deleted
on the server (timed apart); then, in a fresh process, `push_graph` of graph.json with the
given batch size: nodes/s and relationships/s (each phase timed from the batches' ends),
the client's resident memory after checking graph.json (streamed since issue 21: no
row held) and its peak over the push. Then
p50/p95 of every named query (parameters picked from the graph as bench/run.py does) and
of the three schema questions on Neo4j and on the embedded store of the same build.

    make neo4j        # or NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD of any Neo4j 5
    .venv/bin/python bench/neo4j_push.py --sizes 1000 --batch-size 5000
    .venv/bin/python bench/neo4j_push.py --sizes 1000,10000 --json-out bench/neo4j-x.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import time_query  # noqa: E402

CORPORA = ROOT / "bench" / "corpora"
LOCAL_ENV = ROOT / ".neo4j" / "env"


def settings():
    """NEO4J_* of the environment, else the server `make neo4j` started."""
    from obligraph.graph.neo4j_store import Neo4jSettings

    if os.environ.get("NEO4J_URI") or not LOCAL_ENV.exists():
        return Neo4jSettings.from_env()
    pairs = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    return Neo4jSettings.from_env(environ=pairs)


def server_pid() -> int | None:
    """The PID of the local server (.neo4j/env) when the bench talks to it, else None."""
    if os.environ.get("NEO4J_URI") or not LOCAL_ENV.exists():
        return None
    pairs = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    return int(pairs["NEO4J_PID"]) if "NEO4J_PID" in pairs else None


def cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used: the shared machine's load makes
    wall-clock rates vary, elements per CPU-second of the server much less."""
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    """Resident memory now (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_store(size: int, seed: int) -> Path:
    """bench/corpora/store-SIZE built from the corpus (made if missing) by `obligraph build`."""
    store = CORPORA / f"store-{size}"
    if (store / "graph.json").exists():
        return store
    corpus = CORPORA / f"{size}-{seed}"
    if not corpus.exists():
        subprocess.run(
            [
                sys.executable,
                ROOT / "bench" / "make_corpus.py",
                "--docs",
                str(size),
                "--seed",
                str(seed),
            ],
            check=True,
        )
    obligraph = Path(sys.executable).with_name("obligraph")
    subprocess.run(
        [obligraph, "build", corpus, "--store", store, "--jobs", "2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store


def clear_server(batch_size: int) -> dict:
    """Delete obligraph's labels from the server (what `push --replace` does), timed."""
    from obligraph.graph.neo4j_store import _delete_obligraph, connect

    s = settings()
    driver, version = connect(s)
    t0 = time.perf_counter()
    with driver.session(database=s.database) as session:
        deleted = _delete_obligraph(session, max(batch_size, 10_000))
    driver.close()
    return {
        "server_version": version,
        "deleted": deleted,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def push_child(store: Path, batch_size: int) -> dict:
    """In this (fresh) process: push graph.json as `obligraph neo4j push` does (streamed,
    graph/graph_source.py), measure; params for the queries from the embedded store."""
    from scale import query_params as store_query_params

    from obligraph.graph.graph_source import StoreGraphRows
    from obligraph.graph.neo4j_store import push_graph
    from obligraph.graph.store_folder import read_manifest

    rss_start = rss_mb()
    t_read = time.perf_counter()
    graph = StoreGraphRows(store)  # checks graph.json against the manifest, holds no row
    read_s = time.perf_counter() - t_read
    rss_graph = rss_mb()
    counts = read_manifest(store)["graph"]
    nodes, rels = sum(counts["nodes"].values()), sum(counts["relationships"].values())
    params = store_query_params(store / "ladybug")

    pid = server_pid()
    ends: list[tuple[str, float, float]] = []  # kind, wall clock, server CPU at the batch's end
    client0, server0 = own_cpu_s(), cpu_s(pid)
    t0 = time.perf_counter()
    report = push_graph(
        graph,
        settings(),
        batch_size=batch_size,
        on_batch=lambda batch, _r: ends.append((batch.kind, time.perf_counter(), cpu_s(pid))),
    )
    total = time.perf_counter() - t0
    client_cpu = own_cpu_s() - client0
    _, last_node, server_nodes_end = max(e for e in ends if e[0] == "nodes")
    node_s = last_node - t0  # includes planning, connecting and the constraints
    rel_s = ends[-1][1] - last_node
    server_node_cpu = server_nodes_end - server0
    server_rel_cpu = ends[-1][2] - server_nodes_end
    created = report.created()
    assert created["nodes_created"] == nodes and created["relationships_created"] == rels, created
    return {
        "nodes": nodes,
        "relationships": rels,
        "batch_size": batch_size,
        "batches": len(report.batches),
        "server_version": report.server_version,
        "read_graph_json_s": round(read_s, 2),
        "push_s": round(total, 2),
        "nodes_s": round(node_s, 2),
        "relationships_s": round(rel_s, 2),
        "nodes_per_s": round(nodes / node_s),
        "relationships_per_s": round(rels / rel_s),
        "elements_per_s": round((nodes + rels) / total),
        "server_cpu_s_nodes": round(server_node_cpu, 1),
        "server_cpu_s_relationships": round(server_rel_cpu, 1),
        "nodes_per_server_cpu_s": round(nodes / server_node_cpu) if server_node_cpu > 0 else None,
        "relationships_per_server_cpu_s": (
            round(rels / server_rel_cpu) if server_rel_cpu > 0 else None
        ),
        "client_cpu_s": round(client_cpu, 1),
        "load_average_after": os.getloadavg()[0],
        "client_rss_start_mb": round(rss_start),
        "client_rss_with_graph_mb": round(rss_graph),
        "client_peak_rss_mb": round(peak_rss_mb()),
        "params": params,
    }


def latencies(store: Path, params: dict[str, dict], repeat: int) -> dict[str, dict]:
    """p50/p95 and rows of every named query and schema question, LadybugDB and Neo4j."""
    from obligraph.graph.ladybug_store import LadybugStore
    from obligraph.graph.neo4j_store import Neo4jStore
    from obligraph.queries.named import run_named

    out: dict[str, dict] = {}
    schema = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "queries").glob("schema_*.cypher"))
    }
    with LadybugStore(store / "ladybug") as embedded, Neo4jStore(settings()) as server:
        for engine, db in (("ladybug", embedded), ("neo4j", server)):
            for name, p in params.items():
                query = name.split("@")[0]
                timing = time_query(lambda q=query, p=p, db=db: run_named(q, p, store=db), repeat)
                timing["rows"] = len(run_named(query, p, store=db))
                out.setdefault(name, {})[engine] = timing
            for stem, text in schema.items():
                timing = time_query(lambda t=text, db=db: db.query(t), repeat)
                timing["rows"] = len(db.query(text))
                out.setdefault(stem, {})[engine] = timing
    return out


def bench_size(size: int, seed: int, batch_size: int, repeat: int) -> dict:
    store = ensure_store(size, seed)
    cleared = clear_server(batch_size)
    done = subprocess.run(
        [sys.executable, __file__, "--push-child", str(store), "--batch-size", str(batch_size)],
        check=True,
        capture_output=True,
        text=True,
    )
    push = json.loads(done.stdout.strip().splitlines()[-1])
    params = push.pop("params")
    result = {
        "documents": size,
        "store": str(store.relative_to(ROOT)),
        "clear": cleared,
        "push": push,
        "params": params,
        "latency": latencies(store, params, repeat),
    }
    return result


def render(results: list[dict]) -> str:
    lines = []
    for r in results:
        p = r["push"]
        lines += [
            f"== {r['documents']:,} documents: {p['nodes']:,} nodes, {p['relationships']:,} "
            f"relationships, batch {p['batch_size']:,} (Neo4j {p['server_version']})",
            f"push {p['push_s']} s: nodes {p['nodes_per_s']:,}/s, relationships "
            f"{p['relationships_per_s']:,}/s (wall clock, load average {p['load_average_after']:.1f}); "
            f"per server CPU-second: nodes {p['nodes_per_server_cpu_s'] or 0:,}, relationships "
            f"{p['relationships_per_server_cpu_s'] or 0:,}; client CPU {p['client_cpu_s']} s, "
            f"RSS {p['client_rss_with_graph_mb']:,} MB with the graph, peak {p['client_peak_rss_mb']:,} MB",
            "",
            "| query | rows | LadybugDB p50 / p95 ms | Neo4j p50 / p95 ms |",
            "|---|---|---|---|",
        ]
        for name, by in r["latency"].items():
            lb, n4 = by["ladybug"], by["neo4j"]
            rows = f"{lb['rows']:,}" + ("" if lb["rows"] == n4["rows"] else f" vs {n4['rows']:,}")
            lines.append(
                f"| {name} | {rows} | {lb['p50_ms']} / {lb['p95_ms']} | {n4['p50_ms']} / {n4['p95_ms']} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument("--push-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.push_child:
        print(json.dumps(push_child(args.push_child, args.batch_size), ensure_ascii=False))
        return
    results = []
    out = args.json_out or ROOT / "bench" / f"neo4j-figures-{datetime.now(UTC):%Y-%m-%d-%H%M}.json"
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(bench_size(size, args.seed, args.batch_size, args.repeat))
        print(render(results[-1:]), flush=True)
        payload = {  # written after every size: a later failure loses nothing
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "results": results,
        }
        out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"figures: {out}")
    # Leave the server empty: the tests' next `push --replace` need not delete these graphs.
    clear_server(args.batch_size)


if __name__ == "__main__":
    main()
