"""Micro-benchmark of the plan loader, the reference splitter against the fast one in one run.

Both reading-order splitters (loaders/table.py `split_cells(..., splitter=…)`, chosen here
by OBLIGRAPH_SPLITTER) load the same files in the same process, the order alternated from
file to file (reference first on even files, fast first on odd ones), and the ratio of
their throughputs is the before/after of issue 21a measured in one run:

- fresh: the seed plan after a warm-up on another document, in a new process per splitter
  and round (one-time set-up done, but no cell text of the seed seen before: what a new
  document costs), median of --fresh rounds, interpreter start excluded;
- warm: the seed plan again in this process (its cell texts cached), median of --repeat;
- corpus: every file of a synthetic corpus (bench/make_corpus.py, --docs documents), after
  the same warm-up; the splitters' per-text caches are emptied before each file, so that
  neither profits from the other having read the same file just before. MB of text per
  CPU-second of this one process (one core: MB/s per core; CPU time, because the machine
  is shared and wall time counts other people's work) and per wall-clock second.

Prints the figures and writes them to bench/plan-load-<date>.json (--out to change).

    python bench/plan_load.py --docs 50
    python bench/plan_load.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SEED_PLAN = ROOT / "data" / "raw" / "001_2f8b4d489cccd7d8.txt"
WARM_UP = ROOT / "tests" / "fixtures" / "plan" / "dong_thap_kh_55.txt"
SPLITTERS = ("reference", "fast")


def _timed(fn) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _use(splitter: str) -> None:
    os.environ["OBLIGRAPH_SPLITTER"] = splitter


def _clear_caches() -> None:
    """Empty the per-text caches of the splitters' cost model and of agency parsing.

    The one-time set-up (caches of one entry: the agency registry read from YAML, the
    head-word and known-name patterns) is kept: a process reads it once, not once per
    document (before issue 21e it was emptied too, about 7% of every file's time)."""
    from obligraph.loaders import agency_mentions
    from obligraph.loaders.tables import order_cost, order_reference

    for module in (order_reference, order_cost, agency_mentions):
        for value in vars(module).values():
            if not callable(getattr(value, "cache_clear", None)):
                continue
            if value.cache_parameters().get("maxsize") == 1:
                continue  # one-time set-up, not a per-text cache
            value.cache_clear()


def fresh_ms(splitter: str) -> tuple[float, float]:
    """The seed plan after a warm-up document, in a new process (its caches empty)."""
    env = {**os.environ, "OBLIGRAPH_SPLITTER": splitter}
    out = subprocess.run(
        [sys.executable, __file__, "--fresh-only"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def _fresh_only() -> None:
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import read_source

    plan, warm_up = read_source(SEED_PLAN), read_source(WARM_UP)
    load_source(warm_up)
    print(*_timed(lambda: load_source(plan)))


def measure(docs: int, seed: int, repeat: int, fresh: int) -> dict:
    """The figures of both splitters and their ratios, as a dict."""
    from make_corpus import make_corpus

    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import read_source

    plan, warm_up = read_source(SEED_PLAN), read_source(WARM_UP)
    figures: dict = {
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "seed_plan_kb": round(SEED_PLAN.stat().st_size / 1000, 1),
    }
    per: dict[str, dict] = {s: {} for s in SPLITTERS}
    # Fresh: rounds alternate the splitter that goes first.
    rounds: dict[str, list[tuple[float, float]]] = {s: [] for s in SPLITTERS}
    for r in range(fresh):
        for s in SPLITTERS if r % 2 == 0 else SPLITTERS[::-1]:
            rounds[s].append(fresh_ms(s))
    for s in SPLITTERS:
        per[s]["seed_plan_fresh_ms"] = round(statistics.median(w for w, _ in rounds[s]), 1)
        per[s]["seed_plan_fresh_cpu_ms"] = round(statistics.median(c for _, c in rounds[s]), 1)
        _use(s)
        load_source(plan)
        per[s]["seed_plan_warm_ms"] = round(
            statistics.median(_timed(lambda: load_source(plan))[0] for _ in range(repeat)), 1
        )
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(docs, seed, Path(tmp))
        sources = [read_source(p) for p in paths]
        size = sum(p.stat().st_size for p in paths)
        for s in SPLITTERS:
            _use(s)
            load_source(warm_up)
        wall = dict.fromkeys(SPLITTERS, 0.0)
        cpu = dict.fromkeys(SPLITTERS, 0.0)
        for k, src in enumerate(sources):
            for s in SPLITTERS if k % 2 == 0 else SPLITTERS[::-1]:
                _use(s)
                _clear_caches()
                w, c = _timed(lambda src=src: load_source(src))
                wall[s] += w / 1000
                cpu[s] += c / 1000
    figures["corpus_docs"] = len(paths)
    figures["corpus_mb"] = round(size / 1e6, 3)
    for s in SPLITTERS:
        per[s]["corpus_cpu_seconds"] = round(cpu[s], 2)
        per[s]["corpus_wall_seconds"] = round(wall[s], 2)
        per[s]["corpus_mb_per_cpu_s"] = round(size / 1e6 / cpu[s], 3)
        per[s]["corpus_mb_per_wall_s"] = round(size / 1e6 / wall[s], 3)
        per[s]["corpus_docs_per_cpu_s"] = round(len(paths) / cpu[s], 1)
    figures.update(per)
    ref, fast = per["reference"], per["fast"]
    figures["ratio_fast_over_reference"] = {
        "corpus_mb_per_cpu_s": round(fast["corpus_mb_per_cpu_s"] / ref["corpus_mb_per_cpu_s"], 2),
        "corpus_mb_per_wall_s": round(
            fast["corpus_mb_per_wall_s"] / ref["corpus_mb_per_wall_s"], 2
        ),
        "seed_plan_fresh_cpu": round(
            ref["seed_plan_fresh_cpu_ms"] / fast["seed_plan_fresh_cpu_ms"], 2
        ),
        "seed_plan_fresh_wall": round(ref["seed_plan_fresh_ms"] / fast["seed_plan_fresh_ms"], 2),
    }
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50, help="synthetic corpus size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of the seed plan")
    parser.add_argument("--fresh", type=int, default=4, help="fresh rounds per splitter")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/plan-load-<date>.json)")
    parser.add_argument("--fresh-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_only:
        _fresh_only()
        return
    figures = measure(args.docs, args.seed, args.repeat, args.fresh)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    out = args.out or HERE / f"plan-load-{stamp}.json"
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        for key, value in figures.items():
            print(f"{key:<26}  {value}")
    print(f"written: {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
