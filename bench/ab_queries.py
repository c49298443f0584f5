"""Named queries with another commit's code against this checkout's, on one store, in
fresh processes run alternately: a ratio on a shared machine, whose load inflates both.

    git archive cf8d535 | tar -x -C /tmp/base
    python bench/ab_queries.py /tmp/base STORE PARAMS.json base 7   # the other code
    python bench/ab_queries.py /tmp/base STORE PARAMS.json new 7    # this checkout
    python bench/ab_queries.py /tmp/base STORE - base cli query owns AGENCY --store S --json

PARAMS.json: {"owns@median": {"agency": "…"}, …} (bench/scale.py query_params). The other
code is imported in place of this checkout's by pointing the editable install's finder
at its folders (the same package layout: pyproject's package-dir). Prints one JSON line:
p50 and max ms of each query over `repeat` runs after a warm-up.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    base_dir, store, params_file, which, *rest = sys.argv[1:]
    if which == "base":
        import __editable___obligraph_0_1_0_finder as finder  # the editable install's

        root = finder.MAPPING["obligraph"].rsplit("/", 1)[0]
        finder.MAPPING.update({k: v.replace(root, base_dir) for k, v in finder.MAPPING.items()})
    if rest[0] == "cli":
        sys.argv = ["obligraph", *rest[1:]]
        from obligraph.cli import main as cli

        cli()
        return
    from obligraph.graph.ladybug_store import LadybugStore
    from obligraph.queries.named import run_named

    params = json.loads(Path(params_file).read_text(encoding="utf-8"))
    repeat = int(rest[0])
    out = {}
    with LadybugStore(f"{store}/ladybug") as db:
        for name, p in params.items():
            query = name.split("@")[0]
            run_named(query, p, store=db)
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                run_named(query, p, store=db)
                samples.append((time.perf_counter() - t0) * 1000)
            out[name] = {"p50": round(statistics.median(samples)), "max": round(max(samples))}
    print(which, json.dumps(out))


if __name__ == "__main__":
    main()
