"""Micro-benchmark of the plan loader: the seed plan cold, fresh and warm, and MB/s.

- cold: the first load in this process (imports done, but every cache empty: the agency
  registry, compiled patterns, the table's per-text caches);
- fresh: the seed plan after a warm-up on another document (one-time set-up done, but
  no cell text of the seed seen before: what a new document costs);
- warm: the seed plan again (its cell texts cached), median of --repeat runs;
- corpus: every file of a synthetic corpus (bench/make_corpus.py), after the same
  warm-up, as MB of text per second and documents per second.

    python bench/plan_load.py --docs 50 --repeat 5
    python bench/plan_load.py --json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SEED_PLAN = ROOT / "data" / "raw" / "001_2f8b4d489cccd7d8.txt"
WARM_UP = ROOT / "tests" / "fixtures" / "plan" / "dong_thap_kh_55.txt"


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def fresh_ms() -> float:
    """The seed plan after a warm-up document, in a new process (its caches empty)."""
    out = subprocess.run(
        [sys.executable, __file__, "--fresh-only"], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def _fresh_only() -> None:
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import read_source

    plan, warm_up = read_source(SEED_PLAN), read_source(WARM_UP)
    load_source(warm_up)
    print(_ms(lambda: load_source(plan)))


def measure(docs: int, seed: int, repeat: int) -> dict:
    """The figures as a dict (milliseconds, MB/s, documents/s)."""
    from make_corpus import make_corpus

    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import read_source

    plan = read_source(SEED_PLAN)
    warm_up = read_source(WARM_UP)
    cold = _ms(lambda: load_source(plan))
    warm = statistics.median(_ms(lambda: load_source(plan)) for _ in range(repeat))
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(docs, seed, Path(tmp))
        sources = [read_source(p) for p in paths]
        size = sum(p.stat().st_size for p in paths)
        load_source(warm_up)
        start = time.perf_counter()
        for src in sources:
            load_source(src)
        seconds = time.perf_counter() - start
    return {
        "machine": f"{platform.machine()} {platform.python_version()}",
        "seed_plan_kb": round(SEED_PLAN.stat().st_size / 1000, 1),
        "seed_plan_cold_ms": round(cold, 1),
        "seed_plan_fresh_ms": round(fresh_ms(), 1),
        "seed_plan_warm_ms": round(warm, 1),
        "corpus_docs": len(paths),
        "corpus_mb": round(size / 1e6, 3),
        "corpus_seconds": round(seconds, 2),
        "corpus_mb_per_s": round(size / 1e6 / seconds, 3),
        "corpus_docs_per_s": round(len(paths) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50, help="synthetic corpus size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of the seed plan")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--fresh-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_only:
        _fresh_only()
        return
    figures = measure(args.docs, args.seed, args.repeat)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
