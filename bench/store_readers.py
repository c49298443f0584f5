"""Wall time and peak memory of the readers that make files from a store: `sheet`, `viz`
(the overview, a document's neighbourhood) and `agencies --unresolved`, each in a fresh
process under `/usr/bin/time -v` (the child's peak resident set, engine included).

They read from the store's embedded database only the subgraph they need
(graph/subgraph.py), so they run on a national-size store (`/work/store-100000-q`:
100,003 documents, 3.4 M tasks, graph.json 7 GB) as on the seeds. The store is opened
read-only; nothing is written into it. Outputs go to a temporary folder.

    nice -n 10 .venv/bin/python bench/store_readers.py --store /work/store-100000-q \\
        --agency so-y-te --document doc:1-kh-ubnd-2024-an-giang

The figures go to bench/store-readers-<date>.json (or --out), with the files' sizes and
what each command printed (the first lines).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "obligraph"

# name -> arguments after `obligraph` ({store}, {out}, {agency}, {document} filled in)
COMMANDS: dict[str, list[str]] = {
    "sheet --agency (xlsx)": [
        "sheet", "--agency", "{agency}", "--as-of", "2025-12-31", "--out", "{out}/sheets",
    ],
    "sheet --agency (html)": [
        "sheet", "--agency", "{agency}", "--as-of", "2025-12-31", "--format", "html",
        "--out", "{out}/sheets",
    ],
    "viz --document --depth 1": [
        "viz", "--document", "{document}", "--depth", "1", "--out", "{out}/document.html",
    ],
    "viz --agency --depth 1": [
        "viz", "--agency", "{agency}", "--depth", "1", "--out", "{out}/agency.html",
    ],
    "viz (overview)": ["viz", "--out", "{out}/overview.html"],
    "agencies --unresolved": ["agencies", "--unresolved", "--json"],
}  # fmt: skip


def timed(argv: list[str]) -> dict[str, object]:
    """Run one command under /usr/bin/time -v: wall seconds, peak RSS (MB), exit code,
    the first lines it printed (stdout, or the one-line refusal on stderr)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *argv],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        text = Path(report.name).read_text()
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    printed = (done.stdout if done.returncode == 0 else done.stderr).strip().splitlines()
    return {
        "seconds": round(wall, 2),
        "peak_rss_mb": round(int(peak.group(1)) / 1024) if peak else None,
        "exit": done.returncode,
        "printed": printed[:3] if "--json" not in argv else [f"{len(done.stdout)} bytes"],
        "stdout_bytes": len(done.stdout),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="store")
    parser.add_argument("--agency", default="cong-an-tinh")
    parser.add_argument("--document", default="doc:103-kh-ubnd-2025")
    parser.add_argument("--only", action="append", help="Run only these commands (names).")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    store = Path(args.store).resolve()
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="store-readers-") as out:
        for name, template in COMMANDS.items():
            if args.only and name not in args.only:
                continue
            argv = [
                str(CLI),
                "-q",
                *(a.format(out=out, agency=args.agency, document=args.document) for a in template),
                "--store",
                str(store),
            ]
            result = timed(argv)
            result["files_mb"] = round(
                sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file()) / 1e6, 1
            )
            for p in Path(out).rglob("*"):
                if p.is_file():
                    p.unlink()
            results[name] = result
            print(f"{name:28} {result['seconds']:>8} s {result['peak_rss_mb']:>6} MB  "
                  f"exit {result['exit']}  {' | '.join(result['printed'])[:150]}", flush=True)  # fmt: skip
    payload = {
        "store": str(store),
        "graph": manifest.get("graph"),
        "graph_json_bytes": manifest.get("graph_json", {}).get("bytes"),
        "agency": args.agency,
        "document": args.document,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": results,
    }
    out_path = args.out or ROOT / "bench" / f"store-readers-{time.strftime('%Y-%m-%d-%H%M')}.json"
    out_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
