"""The two linking passes (RESTATES, task lineage) as a streaming build runs them: on a
skeleton graph (documents, agencies) with the tasks read from an on-disk SQLite table
through TaskRows, each pass in a fresh process, timed (wall and CPU) with its peak memory
above the process's baseline (skeleton loaded, table opened). Also checks that the edges
found are those of the code at `--before` (a git commit), which runs in the same harness:
the skeleton and every task rebuilt as one graph (`whole_graph`) and the old functions.

    python bench/linking.py --corpus restates --docs 1000 --before 90c5289
    python bench/linking.py --corpus national --docs 1000 --before 90c5289
    python bench/linking.py --corpus key --docs 10000 --passes task_links --before 90c5289

`restates`: bench/make_corpus.py with its planted restatements (run.py's corpus);
`national`: with Government programmes and planted task links (`--national`); `key`: the
plans and programmes straight from the generator's answer key (task_links.py --from-key).
The corpus is loaded and built once (linking left out) into bench/corpora/linking-*/, then
reused. Prints one JSON object (kept with --json-out): per pass and version, seconds, CPU
seconds, peak MB, edges, whether the edges are identical, and the planted figures.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import pickle
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import networkx as nx  # noqa: E402

from obligraph.graph.task_rows import TaskRow  # noqa: E402

SKELETON_LABELS = {"Document", "Agency"}
CACHE = {"restates": "rest", "national": "nat"}  # folders of bench/corpora/ (loaded documents)


class SqliteTaskRows:
    """TaskRows over a SQLite table (a stand-in for the build's staging store)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def docs_with_tasks(self) -> set[str]:
        return {d for (d,) in self.db.execute("SELECT DISTINCT doc_id FROM task")}

    def tasks_of(self, doc_ids: Iterable[str]) -> Iterator[TaskRow]:
        docs = sorted(set(doc_ids))
        rows = []
        for start in range(0, len(docs), 500):
            part = docs[start : start + 500]
            marks = ",".join("?" * len(part))
            rows += self.db.execute(
                f"SELECT id, attrs, assigned FROM task WHERE doc_id IN ({marks})",  # noqa: S608
                part,
            ).fetchall()
        for node, attrs, assigned in sorted(rows):
            yield TaskRow(node, json.loads(attrs), tuple(tuple(a) for a in json.loads(assigned)))


def prepare(corpus: str, docs: int, seed: int, folder: Path) -> dict:
    """Load and build the corpus without linking; write skeleton.pickle, tasks.sqlite and
    planted.json into `folder` (once)."""
    if (folder / "planted.json").exists():
        return json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    from make_corpus import make_corpus

    import obligraph.graph.build as build
    from obligraph.loaders.cache import ExtractionCache
    from obligraph.loaders.pipeline import load_paths

    planted: list[dict] = []
    if corpus == "key":
        from task_links import records_from_key

        loaded, planted = records_from_key(docs, seed)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            kw = {"restatements": planted} if corpus == "restates" else {"task_links": planted}
            # Loaded documents cached by content (git-ignored): a second corpus folder
            # or a rerun does not load again.
            cache = ExtractionCache(HERE / "corpora" / f"cache-{CACHE[corpus]}")
            paths = make_corpus(docs, seed, Path(tmp) / "c", **kw)
            loaded = load_paths(paths, workers=2, cache=cache)
    # The graph as the build leaves it before linking (graph/build.py links last).
    saved = build._link_restatements, build._link_tasks
    build._link_restatements = build._link_tasks = lambda g: None
    try:
        g = build.build_graph(loaded, build.default_registry())
    finally:
        build._link_restatements, build._link_tasks = saved
    del loaded
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "tasks.sqlite")
    db.execute("CREATE TABLE task (id TEXT PRIMARY KEY, doc_id TEXT, attrs TEXT, assigned TEXT)")
    db.execute("CREATE INDEX task_doc ON task (doc_id)")
    rows = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("label") == "Task":
            assigned = sorted(
                (agency, data.get("role"))
                for agency, keyed in g.succ[node].items()
                for data in keyed.values()
                if data.get("type") == "ASSIGNED_TO"
            )
            rows.append((node, attrs.get("doc_id"), json.dumps(attrs), json.dumps(assigned)))
    db.executemany("INSERT INTO task VALUES (?, ?, ?, ?)", rows)
    db.commit()
    skeleton = g.subgraph(n for n, a in g.nodes(data=True) if a.get("label") in SKELETON_LABELS)
    with (folder / "skeleton.pickle").open("wb") as f:
        pickle.dump(nx.MultiDiGraph(skeleton), f, protocol=5)
    sources = {
        a["source"]: n
        for n, a in g.nodes(data=True)
        if a["label"] == "Document" and a.get("source")
    }
    figures = {"tasks": len(rows), "documents": len(sources), "planted": planted, "ids": sources}
    if corpus == "restates":  # each planted pair as (its notice's tasks, the plan's row)
        by_source: dict[str, list[tuple[str, dict]]] = {}
        for node, attrs in g.nodes(data=True):
            if attrs.get("label") == "Task":
                by_source.setdefault(attrs.get("source"), []).append((node, attrs))
        figures["pairs"] = [
            (
                [n for n, a in by_source.get(p["later"], []) if p["subject"] in _words(a)],
                [n for n, a in by_source.get(p["earlier"], []) if a.get("no") == p["no"]],
            )
            for p in planted
        ]
    (folder / "planted.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return figures


def _words(attrs: dict) -> str:
    return " ".join((attrs.get("text") or "").split())


def _old_modules(commit: str, tmp: Path) -> tuple:
    """graph/linking.py and graph/task_links.py as they were at `commit`."""
    for name in ("linking", "task_links"):
        text = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:graph/{name}.py"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        text = text.replace("from obligraph.graph.linking import", "from old_linking import")
        (tmp / f"old_{name}.py").write_text(text, encoding="utf-8")
    sys.path.insert(0, str(tmp))
    modules = []
    for name in ("old_linking", "old_task_links"):
        spec = importlib.util.spec_from_file_location(name, tmp / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        modules.append(module)
    return tuple(modules)


def _memory_kb(field: str) -> int:
    """VmRSS / VmHWM of this process (kB). Not ru_maxrss: that one survives fork and exec,
    so a child would start at its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> int:
    """Reset this process's peak resident memory to the current one; return it (kB)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: resets VmHWM
    return _memory_kb("VmRSS")


def run_pass(folder: Path, which: str, version: str, profile: Path | None) -> dict:
    """One pass in this process: the figures and the edges found (in `folder`)."""
    with (folder / "skeleton.pickle").open("rb") as f:
        skeleton = pickle.load(f)  # noqa: S301 - written by prepare() above
    rows = SqliteTaskRows(folder / "tasks.sqlite")
    if version == "after":
        from obligraph.graph.linking import find_restatements_in
        from obligraph.graph.task_links import find_task_links_in

        run = find_restatements_in if which == "restates" else find_task_links_in
    else:
        from obligraph.graph.task_rows import whole_graph

        tmp = Path(tempfile.mkdtemp())
        old_linking, old_task_links = _old_modules(version, tmp)
        old = (
            old_linking.find_restatements if which == "restates" else old_task_links.find_task_links
        )

        def run(skeleton, rows):  # the reference entry points at main: whole_graph, then g
            return old(whole_graph(skeleton, rows))

    base = _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        found = profiler.runcall(run, skeleton, rows)
        profiler.dump_stats(profile)
    else:
        found = run(skeleton, rows)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    peak = _memory_kb("VmHWM")
    out = folder / f"found-{which}-{'after' if version == 'after' else 'before'}.json"
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return {
        "s": round(seconds, 2),
        "cpu_s": round(cpu_s, 2),
        "peak_mb_above_baseline": round((peak - base) / 1024, 1),
        "baseline_mb": round(base / 1024, 1),
        "edges": len(found),
    }


def planted_figures(which: str, found: list, figures: dict) -> dict:
    """Found / planted, as bench/run.py and bench/task_links.py count them."""
    ids, planted = figures["ids"], figures["planted"]
    if (which == "restates") != ("pairs" in figures):
        return {}  # this corpus plants the other kind
    if which == "restates":
        pairs = {(a, b) for a, b, _ in found}
        right = sum(
            any((x, y) in pairs for x in later for y in earlier)
            for later, earlier in figures["pairs"]
        )
        return {"planted": len(planted), "found": right}
    want = {
        (f"{ids[p['plan']]}/task/{p['no']}", f"{ids[p['national']]}/task/{p['national_no']}")
        for p in planted
        if p["plan"] in ids and p["national"] in ids
    }
    national = {hi.rsplit("/task/", 1)[0] for _, hi in want}
    got = {
        (lo, hi)
        for rel, lo, hi, _, _ in found
        if rel == "IMPLEMENTS" and hi.rsplit("/task/", 1)[0] in national
    }
    right = len(want & got)
    return {
        "planted": len(want),
        "found_to_programmes": len(got),
        "right": right,
        "precision": round(right / len(got), 4) if got else None,
        "recall": round(right / len(want), 4) if want else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("restates", "national", "key"), default="restates")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", default="restates,task_links")
    parser.add_argument("--before", help="git commit whose linking is the reference")
    parser.add_argument("--profile", action="store_true", help="cProfile each pass (.prof)")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # (child)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # pass, version (child)
    args = parser.parse_args()
    folder = HERE / "corpora" / f"linking-{args.corpus}-{args.docs}-{args.seed}"
    if args.one:
        which, version = args.one
        profile = folder / f"{which}-{version}.prof" if args.profile else None
        print(json.dumps(run_pass(folder, which, version, profile)))
        return
    common = [sys.executable, __file__, "--corpus", args.corpus, "--docs", str(args.docs)]
    common += ["--seed", str(args.seed)]
    if args.prepare:
        prepare(args.corpus, args.docs, args.seed, folder)
        return
    # Built in a process of its own: a child inherits its parent's peak memory (ru_maxrss
    # survives fork and exec), so the passes' processes must not descend from it.
    subprocess.run([*common, "--prepare"], check=True)
    figures = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    result = {
        "corpus": args.corpus,
        "docs": args.docs,
        "seed": args.seed,
        "documents": figures["documents"],
        "tasks": figures["tasks"],
        "before": args.before,
        "passes": {},
    }
    for which in args.passes.split(","):
        entry = {}
        for version in ([args.before] if args.before else []) + ["after"]:
            command = [*common, "--one", which, version]
            command += ["--profile"] if args.profile else []
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            label = "after" if version == "after" else "before"
            entry[label] = json.loads(done.stdout.splitlines()[-1])
            found = json.loads((folder / f"found-{which}-{label}.json").read_text(encoding="utf-8"))
            entry[label] |= planted_figures(which, found, figures)
        if args.before:
            before, after = (folder / f"found-{which}-{v}.json" for v in ("before", "after"))
            entry["identical"] = before.read_bytes() == after.read_bytes()
        result["passes"][which] = entry
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
