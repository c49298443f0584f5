"""Task links down the hierarchy on a synthetic corpus: the links make_corpus plants (plan
rows that bring a Government programme's task down to the province) against those
graph/task_links.py finds, and the time linking takes.

    python bench/task_links.py --docs 1000 --workers 2 --cache /tmp/tl-cache
    python bench/task_links.py --docs 10000 --json-out bench/task-links-10000.json

Prints precision and recall of the planted links (a link found from a planted row to
another task of its programme counts as wrong, as does any link to a programme task from a
row not planted), recall counting also the planted rows that reach their national task
through a plan their plan implements (`chain`'s answer), and the seconds of
`find_task_links` on the built graph.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import NATIONAL_GROUPS as GROUPS  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from obligraph.graph.build import build_graph, default_registry  # noqa: E402
from obligraph.graph.task_links import find_task_links  # noqa: E402
from obligraph.loaders.cache import ExtractionCache  # noqa: E402
from obligraph.loaders.pipeline import load_paths  # noqa: E402


def measure(docs: int, seed: int, workers: int, cache_dir: Path | None) -> dict:
    planted: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = make_corpus(docs, seed, corpus, task_links=planted)
        started = time.perf_counter()
        cache = ExtractionCache(cache_dir) if cache_dir else None
        loaded = load_paths(paths, workers=workers, cache=cache)
        load_s = time.perf_counter() - started
    return _figures(docs, seed, loaded, planted, load_s)


def _figures(docs: int, seed: int, loaded: list, planted: list[dict], load_s: float) -> dict:
    started = time.perf_counter()
    g = build_graph(loaded, default_registry())
    build_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    found = find_task_links(g)
    link_s, link_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    source = {  # file name -> document id in the graph (another province's id has its slug)
        attrs["source"]: node
        for node, attrs in g.nodes(data=True)
        if attrs["label"] == "Document" and attrs.get("source")
    }
    national_docs = {source[p["national"]] for p in planted if p["national"] in source}
    want = {
        (f"{source[p['plan']]}/task/{p['no']}", f"{source[p['national']]}/task/{p['national_no']}")
        for p in planted
        if p["plan"] in source and p["national"] in source
    }
    got = {
        (low, high)
        for rel, low, high, _, _ in found
        if rel == "IMPLEMENTS" and high.rsplit("/task/", 1)[0] in national_docs
    }
    right = want & got
    # A planted row may carry out the national task through a plan its plan implements
    # (plan 2's row -> plan 1's row that brings the same task down -> the task): the chain
    # query's answer, counted apart.
    up: dict[str, set[str]] = {}
    for rel, low, high, _, _ in found:
        if rel == "IMPLEMENTS":
            up.setdefault(low, set()).add(high)

    def reaches(low: str, target: str, steps: int = 3) -> bool:
        frontier = {low}
        for _ in range(steps):
            frontier = {h for t in frontier for h in up.get(t, ())}
            if target in frontier:
                return True
        return False

    through = {(lo, hi) for lo, hi in want - got if reaches(lo, hi)}
    return {
        "docs": docs,
        "seed": seed,
        "programmes": len(national_docs),
        "tasks": sum(len(d.tasks) for d in loaded),
        "planted": len(want),
        "found_to_programmes": len(got),
        "right": len(right),
        "precision": round(len(right) / len(got), 4) if got else None,
        "recall": round(len(right) / len(want), 4) if want else None,
        "reached_through_a_plan": len(through),
        "recall_with_chains": round((len(right) + len(through)) / len(want), 4) if want else None,
        "wrong_examples": sorted(got - want)[:5],
        "missed_examples": sorted(want - got - through)[:5],
        "all_links": len(found),
        "load_s": round(load_s, 1),
        "build_s_with_links": round(build_s, 1),
        "link_s": round(link_s, 2),
        "link_cpu_s": round(link_cpu_s, 2),  # the machine is shared: CPU time says more
    }


def records_from_key(docs: int, seed: int) -> tuple[list, list[dict]]:
    """The corpus's plans and programmes as loaded records, straight from the generator's
    answer key (no text, no loader): for timing the linking on corpora too large to load
    on a shared machine. Notices are left out (they hold no planted link)."""
    import random
    from datetime import date

    from key_cache import plan_record
    from make_corpus import National, file_name, make_specs

    from obligraph.loaders.records import (
        Assignment,
        Document,
        LoadedDocument,
        Task,
        document_id,
    )

    planted: list[dict] = []
    truth: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:  # the key comes with the text; text unused
        make_corpus(docs, seed, Path(tmp) / "c", truth=truth, task_links=planted)
    rng = random.Random(seed)
    national = National(seed, max(1, docs // 500))
    loaded = []
    for prog in national.programmes:
        number = f"{prog['number']}/NQ-CP"
        doc = Document(
            id=document_id(number, year=prog["year"]),
            number=number,
            kind="Nghị quyết",
            kind_code="NQ",
            issuer="Chính phủ",
            issued=date(prog["year"], prog["month"], prog["day"]),
            source=prog["file"],
        )
        tasks = [
            Task(
                id=f"{doc.id}/task/{t['no']}",
                doc_id=doc.id,
                no=t["no"],
                origin="appendix",
                group=f"{t['group'] + 1}. {GROUPS[t['group']]}",
                text=t["text"],
                result=t["result"],
                assignments=[Assignment(agency=t["lead"], role="lead")],
            )
            for t in prog["tasks"]
        ]
        loaded.append(LoadedDocument(document=doc, tasks=tasks))
    for spec in make_specs(docs, rng):
        national.cite(spec)
        if spec.kind != "KH":
            continue
        name = file_name(spec)  # the plan as bench/key_cache.py makes it from the key
        loaded.append(plan_record(spec, truth.get(name, []), name, f"UBND tỉnh {spec.province}"))
    return loaded, planted


def measure_from_key(docs: int, seed: int) -> dict:
    """measure() on records_from_key: linking time and precision/recall, no loading."""
    started = time.perf_counter()
    loaded, planted = records_from_key(docs, seed)
    records_s = time.perf_counter() - started
    return _figures(docs, seed, loaded, planted, records_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--json-out", type=Path, default=None)
    parser.add_argument(
        "--from-key",
        action="store_true",
        help="build the records from the generator's answer key instead of loading the text",
    )
    args = parser.parse_args()
    if args.from_key:
        figures = measure_from_key(args.docs, args.seed)
    else:
        figures = measure(args.docs, args.seed, args.workers, args.cache)
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
