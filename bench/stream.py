"""Peak memory of `build_store` (issue 21c, the streaming build): the whole process tree.

Runs one build in a new process (`build_store(CORPUS, STORE, workers=JOBS)`) and polls
/proc every 0.2 s for the resident memory (RSS) of that process and every process under
it (the loader processes), summed: the figure is the highest sum seen. Pages forked
workers share with their parent are counted in each, so it errs high. Also kept: the
build process's own peak (`ru_maxrss` from wait4), wall time, the summary's phases.

`--code DIR` runs another source tree (laid out as the installed package: DIR/obligraph
with loaders/, graph/ … inside, DIR/data), e.g. the code before this change:

    python bench/stream.py --corpus bench/corpora/1000 --store bench/results/s1000 --jobs 2
    python bench/stream.py --corpus … --store … --code /tmp/before --label before
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

CHILD = """
import json, sys, time
from obligraph.graph.build import build_store
started = time.perf_counter()
summary = build_store([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]))
summary["wall_s"] = round(time.perf_counter() - started, 2)
print(json.dumps({k: summary.get(k) for k in
      ("nodes", "edges", "phases", "peak_mb", "seconds", "from_cache", "wall_s")}, default=str))
"""


def _tree(root: int) -> list[int]:
    """A process and its descendants (from /proc/*/stat's parent ids)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure(corpus: Path, store: Path, jobs: int, code: Path | None) -> dict:
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), str(store), str(jobs)],
        stdout=subprocess.PIPE,
        env=env,
        cwd=code or None,
    )
    peak = {"tree_mb": 0.0, "processes": 0}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            pids = _tree(proc.pid)
            total = sum(_rss_mb(p) for p in pids)
            if total > peak["tree_mb"]:
                peak["tree_mb"], peak["processes"] = total, len(pids)
            time.sleep(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    started = time.perf_counter()
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    poller.join()
    if proc.returncode:
        raise SystemExit(f"build failed ({proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result |= {
        "peak_tree_mb": round(peak["tree_mb"]),
        "peak_processes": peak["processes"],
        "build_process_maxrss_mb": round(usage.ru_maxrss / 1024),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--code", type=Path, default=None)
    parser.add_argument("--label", default="after")
    parser.add_argument("--out", type=Path, default=None, help="append the result here (JSON)")
    args = parser.parse_args()
    corpus, store = args.corpus.resolve(), args.store.resolve()
    result = {"label": args.label, "corpus": str(args.corpus), "jobs": args.jobs}
    result |= measure(corpus, store, args.jobs, args.code)
    print(json.dumps(result, ensure_ascii=False))
    if args.out:
        runs = json.loads(args.out.read_text()) if args.out.exists() else []
        args.out.write_text(json.dumps([*runs, result], ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
