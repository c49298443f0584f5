"""End-to-end latency of the CLI: each command in a fresh process, interpreter start included.

What an analyst waits for when typing `obligraph query owns "Công an tỉnh"`: Python's
start, the imports, opening and checking the store, the query, printing the table.
Each command runs --runs times (default 12) in new processes; the median and p95 of the
wall clock are printed, with the child's CPU seconds (user + system, which a shared
machine's load distorts less than the wall clock) and the machine's load average. Several
CLIs can be compared in one run, e.g. the code before a change (an install of main into
another venv) and after, interleaved so that both see the same load:

    .venv/bin/python bench/cli_latency.py                       # this checkout's CLI
    .venv/bin/python bench/cli_latency.py --cli before=/tmp/main/venv/bin/obligraph \\
        --cli after=.venv/bin/obligraph

The figures are written to bench/cli-latency-<date>.json (or --out). Needs a built store
(`make run` builds store/ from the seeds). Python reads compiled bytecode when it can;
where PYTHONDONTWRITEBYTECODE is set (as on some shared machines) and no __pycache__
exists, every run compiles the project's modules again, so --compile writes them first.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("obligraph", "loaders", "graph", "queries", "viz")

# The commands timed: name -> arguments after `obligraph` ({store} filled in).
# "python" is the interpreter alone (`python -c pass`, the CLI's own interpreter): the
# floor no change to obligraph can go below, under the same load.
COMMANDS: dict[str, list[str]] = {
    "python": ["{python}", "-c", "pass"],
    "query owns": ["query", "owns", "Công an tỉnh", "--store", "{store}"],
    "query replaced-by": ["query", "replaced-by", "37/KH-UBND", "--store", "{store}"],
    "query lineage": ["query", "lineage", "57-NQ/TW", "--store", "{store}"],
    "cypher": ["cypher", "MATCH (a:Agency) RETURN count(*) AS n", "--store", "{store}"],
    "--help": ["--help"],
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile, nearest rank (p95 of 12 runs is the largest but none)."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def run_once(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, child CPU seconds, exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(f"{' '.join(argv)}: exit {done.returncode}\n{done.stderr.decode()}\n")
    return wall, cpu, done.returncode


def _argv(exe: str, args: list[str], store: str) -> list[str]:
    """The command line: `obligraph ARGS`, or the CLI's interpreter for "python"."""
    if args[0] == "{python}":
        return [str(Path(exe).parent / "python"), *args[1:]]
    return [exe, *(a.format(store=store) for a in args)]


def measure(clis: dict[str, str], store: str, runs: int) -> dict[str, dict[str, dict]]:
    """Per CLI and command: runs interleaved across CLIs, one warm-up run each first."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        label: {name: [] for name in COMMANDS} for label in clis
    }
    for name, args in COMMANDS.items():
        argvs = {label: _argv(exe, args, store) for label, exe in clis.items()}
        for argv in argvs.values():
            run_once(argv)  # warm the page cache
        for _ in range(runs):
            for label, argv in argvs.items():
                wall, cpu, code = run_once(argv)
                if code == 0:
                    samples[label][name].append((wall, cpu))
    result: dict[str, dict[str, dict]] = {}
    for label, by_command in samples.items():
        result[label] = {}
        for name, pairs in by_command.items():
            walls = [w for w, _ in pairs]
            cpus = [c for _, c in pairs]
            result[label][name] = {
                "runs": len(pairs),
                "wall_median_s": round(statistics.median(walls), 4) if walls else None,
                "wall_p95_s": round(percentile(walls, 95), 4) if walls else None,
                "wall_min_s": round(min(walls), 4) if walls else None,
                "cpu_median_s": round(statistics.median(cpus), 4) if cpus else None,
            }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cli",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="an obligraph executable to time (repeatable); default: this venv's",
    )
    parser.add_argument("--store", default=str(ROOT / "store"), help="store folder (seeds)")
    parser.add_argument("--runs", type=int, default=12, help="runs per command (>= 10)")
    parser.add_argument("--compile", action="store_true", help="write this checkout's bytecode")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/cli-latency-DATE.json)")
    args = parser.parse_args()

    clis = dict(c.split("=", 1) for c in args.cli) or {
        "this": str(Path(sys.executable).parent / "obligraph")
    }
    if not (Path(args.store) / "manifest.json").is_file():
        sys.exit(f"no store at {args.store}: run `make run` (or obligraph build) first")
    if args.compile:
        for package in PACKAGES:
            compileall.compile_dir(str(ROOT / package), quiet=1)
    load_before = os.getloadavg()
    figures = measure(clis, args.store, max(args.runs, 1))
    load_after = os.getloadavg()

    print(f"{'command':<18} {'cli':<8} {'median':>8} {'p95':>8} {'min':>8} {'cpu':>8}")
    for name in COMMANDS:
        for label in clis:
            f = figures[label][name]
            if not f["runs"]:
                print(f"{name:<18} {label:<8} failed")
                continue
            print(
                f"{name:<18} {label:<8} {f['wall_median_s'] * 1000:>6.0f}ms "
                f"{f['wall_p95_s'] * 1000:>6.0f}ms {f['wall_min_s'] * 1000:>6.0f}ms "
                f"{f['cpu_median_s'] * 1000:>6.0f}ms"
            )
    print(
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; {os.cpu_count()} cores"
    )

    out = args.out or ROOT / "bench" / f"cli-latency-{time.strftime('%Y-%m-%d-%H%M')}.json"
    payload = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        },
        "runs": args.runs,
        "clis": clis,
        "commands": {n: " ".join(_argv("obligraph", a, args.store)) for n, a in COMMANDS.items()},
        "figures": figures,
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
