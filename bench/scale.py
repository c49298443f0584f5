"""National scale, measured as an analyst runs it: `obligraph build` on a folder of N
documents, then queries on the store it wrote, each in its own process.

For each corpus size (bench/make_corpus.py, generated once into --corpora and reused):

- build: wall time of `obligraph build CORPUS --store STORE --json` (a new process), the
  phases its summary reports (load, build, linking, graph.json, import, where given), CPU
  seconds of the command and its loader processes, and the **peak memory of the whole
  process tree** (the command and every loader process, RSS summed every 0.2 s from
  /proc: pages forked workers share are counted in each, so it errs high);
- load throughput: MB of document text per second of wall clock, and per CPU-second of the
  processes that loaded it (MB/s per core: a shared machine's load does not distort it);
- the store on disk: graph.json, ladybug/, the rest (cache excluded);
- queries: p50/p95 and rows of every named query and schema question on the embedded
  store, in a fresh process that only opens it (as `obligraph query` does; run.py's
  `measure_latencies`), the parameters picked from the store itself with Cypher; and the
  whole command `obligraph query owns …` end to end (interpreter start included).

    python bench/scale.py --sizes 100,1000,10000 --corpora bench/corpora
    python bench/scale.py --sizes 100000 --corpora /work/corpora --jobs 2 --cache /work/cache-100k

`--cache DIR` keeps loaded documents in DIR (the store's cache folder is a link to it), so a
second run of one size builds from the cache: its load figures are then those of the files
really loaded (none), and the build figures those of a build from cached records.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

OBLIGRAPH = Path(sys.executable).with_name("obligraph")

TARGETS = {
    "load_mb_per_cpu_s": 0.48,  # 4x the 0.12 MB/s per core measured before issue 21
    "build_plus_import_s": {10000: 300.0, 100000: 3600.0},
    "peak_mb": {10000: 2500.0, 100000: 8000.0},
    "owns_p95_ms": 100.0,
    "replaced_by_p95_ms": 100.0,
    "lineage_p95_ms": 500.0,
    "cli_query_s": 0.3,
}


# ---------------------------------------------------------------- the process tree


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss_mb(root: int) -> float:
    """RSS of a process and all its descendants, in MB."""
    kids = _children_map()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def run_measured(cmd: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, dict]:
    """Run cmd; its wall time, CPU seconds (its own and its reaped children's) and the
    peak RSS of its process tree."""
    peak = [0.0]
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return result, {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_mb": round(peak[0], 1)}


# ---------------------------------------------------------------- one size


def corpus_of(size: int, seed: int, corpora: Path) -> tuple[Path, float]:
    """The corpus folder of `size` documents (generated when missing) and its MB."""
    from make_corpus import make_corpus

    folder = corpora / f"corpus-{size}"
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    if len(files) < size:
        shutil.rmtree(folder, ignore_errors=True)
        files = make_corpus(size, seed, folder)
    return folder, sum(p.stat().st_size for p in files) / 1e6


def du_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def store_sizes(store: Path) -> dict[str, float]:
    sizes = {"graph_json_mb": round(du_mb(store / "graph.json"), 1)}
    sizes["ladybug_mb"] = round(du_mb(store / "ladybug"), 1)
    rest = [p for p in store.iterdir() if p.name not in ("graph.json", "ladybug", "cache")]
    sizes["other_mb"] = round(sum(du_mb(p) for p in rest), 1)
    return sizes


def query_params(db: Path) -> dict[str, dict]:
    """The named queries' parameters, picked from the store with Cypher (no graph.json:
    at 100,000 documents it would not fit in memory as networkx)."""
    from obligraph.graph.ladybug_store import LadybugStore

    with LadybugStore(db) as store:
        held: dict[str, int] = {}
        for rel in ("ASSIGNED_TO", "MONITORED_BY"):
            for row in store.query(
                f"MATCH ()-[:{rel}]->(a:Agency) RETURN a.id AS id, count(*) AS n"
            ):  # by id: a name may be held by several provinces' agencies
                held[row["id"]] = held.get(row["id"], 0) + row["n"]
        superseded = store.query(
            "MATCH (:Document)-[:SUPERSEDES]->(d:Document) RETURN DISTINCT d.id AS id ORDER BY id"
        )
    names = sorted(held, key=lambda n: (-held[n], n))
    return {
        "replaced-by": {"doc": superseded[0]["id"] if superseded else "57-NQ/TW"},
        "owns": {"agency": names[0] if names else "Công an tỉnh"},
        "owns@median": {"agency": names[len(names) // 2] if names else "Công an tỉnh"},
        "lineage": {"doc": "57-NQ/TW"},
        "due": {"before": "2025-12-31"},
        "stale": {},
        "restated": {},
    }


def cli_query_s(store: Path, agency: str, repeat: int) -> dict[str, float]:
    """`obligraph query owns AGENCY --store STORE` end to end, interpreter start included."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [str(OBLIGRAPH), "query", "owns", agency, "--store", str(store), "--json"],
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - t0)
    return {"p50_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3)}


def bench_size(size: int, args: argparse.Namespace) -> dict:
    from run import latencies_in_fresh_process

    corpus, mb = corpus_of(size, args.seed, args.corpora)
    store = args.work / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    build_cmd = [str(OBLIGRAPH), "build", str(corpus), "--store", str(store), "--json"]
    if args.jobs:
        build_cmd += ["--jobs", str(args.jobs)]
    if args.cache:
        # the store's cache is a link to the kept one (made before the build locks the store)
        cache = args.cache / f"cache-{size}"
        cache.mkdir(parents=True, exist_ok=True)
        store.mkdir(parents=True)
        (store / "cache").symlink_to(cache.resolve(), target_is_directory=True)
    else:
        build_cmd.append("--no-cache")
    print(f"… {size} documents: {' '.join(build_cmd)}", file=sys.stderr, flush=True)
    done, measured = run_measured(build_cmd)
    # the build's stderr is kept beside the store: a failed build at 100,000 documents
    # must say why (its stdout is empty then)
    (args.work / f"build-{size}.stderr").write_text(done.stderr, encoding="utf-8")
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"build failed ({done.returncode}): {done.stderr[-2000:]}")
    summary = json.loads(done.stdout)
    phases = summary.get("phases") or summary.get("timings") or {}
    from_cache = summary.get("from_cache", 0)
    loaded_mb = mb * (size - from_cache) / size
    load_s = phases.get("load_s", phases.get("load"))
    after_load = [v for k, v in phases.items() if k in ("build", "linking", "graph_json", "import")]
    result = {
        "documents": size,
        "mb_text": round(mb, 1),
        "nodes": summary["nodes"],
        "edges": summary["edges"],
        "from_cache": from_cache,
        "build_command": measured,
        "phases": phases,
        # everything after loading: rows, linking, graph.json and the import (summary phases)
        "build_plus_import_s": round(sum(after_load), 1) if after_load else None,
        "load_mb_per_s": round(loaded_mb / load_s, 3) if load_s and loaded_mb else None,
        "load_mb_per_cpu_s": round(loaded_mb / measured["cpu_s"], 3) if loaded_mb else None,
        "store": store_sizes(store),
    }
    params = query_params(store / "ladybug")
    result["latency"] = latencies_in_fresh_process(store / "ladybug", params, args.repeat)
    result["cli_query_owns"] = cli_query_s(store, params["owns@median"]["agency"], 5)
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
    return result


def load_only(size: int, args: argparse.Namespace) -> dict:
    """Load a corpus into the kept cache (--cache) in chunks, records dropped after each:
    the load figures of a corpus too large to build with the code of the day, and a cache
    a later build reads instead of loading again (while the loader code is unchanged)."""
    from obligraph.loaders.cache import ExtractionCache
    from obligraph.loaders.pipeline import load_paths

    corpus, mb = corpus_of(size, args.seed, args.corpora)
    cache = ExtractionCache(args.cache / f"cache-{size}")
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    peak, done = [0.0], threading.Event()

    def poll() -> None:
        while not done.wait(0.5):
            peak[0] = max(peak[0], tree_rss_mb(os.getpid()))

    threading.Thread(target=poll, daemon=True).start()
    before, start = os.times(), time.perf_counter()
    jobs = args.jobs or len(os.sched_getaffinity(0))
    for i in range(0, len(files), 2000):
        load_paths(files[i : i + 2000], workers=jobs, cache=cache)
        print(
            f"  {min(i + 2000, len(files))}/{len(files)} files, "
            f"{time.perf_counter() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    wall, after = time.perf_counter() - start, os.times()
    done.set()
    cpu = sum(after[:4]) - sum(before[:4])  # self and reaped children, user + system
    loaded_mb = mb * cache.misses / len(files)
    return {
        "documents": size,
        "mb_text": round(mb, 1),
        "jobs": jobs,
        "loaded": cache.misses,
        "from_cache": cache.hits,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "load_mb_per_s": round(loaded_mb / wall, 3),
        "load_mb_per_cpu_s": round(loaded_mb / cpu, 3) if cpu else None,
        "peak_mb": round(peak[0], 1),
    }


def render(results: list[dict]) -> str:
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "",
        "docs     MB  tasks      edges  build s  b+i s  cpu s  load MB/s  MB/cpu-s  peak MB  "
        "store MB  owns p95  replaced-by p95  lineage p95  cli owns s",
    ]
    for r in results:
        lat = r["latency"]
        store = r["store"]
        lines.append(
            f"{r['documents']:>6} {r['mb_text']:>6} {r['nodes'].get('Task', 0):>6} "
            f"{sum(r['edges'].values()):>10} {r['build_command']['wall_s']:>8} "
            f"{r.get('build_plus_import_s') or '-':>6} "
            f"{r['build_command']['cpu_s']:>6} {r['load_mb_per_s'] or '-':>10} "
            f"{r['load_mb_per_cpu_s'] or '-':>9} {r['build_command']['peak_mb']:>8} "
            f"{store['graph_json_mb'] + store['ladybug_mb'] + store['other_mb']:>9.1f} "
            f"{lat['owns']['p95_ms']:>9} {lat['replaced-by']['p95_ms']:>16} "
            f"{lat['lineage']['p95_ms']:>12} {r['cli_query_owns']['p50_s']:>11}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", type=int, help="loader processes (default: the CLI's)")
    parser.add_argument("--corpora", type=Path, default=HERE / "corpora")
    parser.add_argument("--work", type=Path, default=HERE / "corpora")
    parser.add_argument("--cache", type=Path, help="keep loaded documents here (see above)")
    parser.add_argument("--keep", action="store_true", help="keep each size's store")
    parser.add_argument("--load-only", action="store_true", help="fill --cache, measure loading")
    parser.add_argument("--measure-store", type=Path, help="only the queries, on a built store")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    if args.measure_store:
        from run import latencies_in_fresh_process

        params = query_params(args.measure_store / "ladybug")
        figures = {
            "store": str(args.measure_store),
            "sizes": store_sizes(args.measure_store),
            "latency": latencies_in_fresh_process(
                args.measure_store / "ladybug", params, args.repeat
            ),
            "cli_query_owns": cli_query_s(args.measure_store, params["owns@median"]["agency"], 5),
        }
        print(json.dumps(figures, indent=1, ensure_ascii=False))
        if args.json_out:
            args.json_out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
        return
    args.corpora.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.load_only:
        if not args.cache:
            parser.error("--load-only needs --cache")
        loads = [load_only(int(s), args) for s in args.sizes.split(",") if s.strip()]
        print(json.dumps(loads, indent=1))
        if args.json_out:
            args.json_out.write_text(json.dumps(loads, indent=1) + "\n", encoding="utf-8")
        return
    results = [bench_size(int(s), args) for s in args.sizes.split(",") if s.strip()]
    print(render(results))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    out = args.json_out or HERE / f"scale-{stamp}.json"
    payload = {
        "machine": {
            "arch": platform.machine(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
        },
        "targets": {
            k: v if not isinstance(v, dict) else {str(n): t for n, t in v.items()}
            for k, v in TARGETS.items()
        },
        "results": results,
    }
    out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nfigures written to {out}")


if __name__ == "__main__":
    main()
