"""Reading-order tables: of the rows tests/test_table_carriers.py generates, how many come
back exact, wrong but flagged, or wrong with no warning (the last must be 0):

    python bench/reading_order_carriers.py --tables 300

Text, lead, coordinators, deadline and result are compared (a coordinator equal to the
lead may be dropped). Hypothesis draws the tables, derandomized: the same tables each run
of one version of this file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import test_table_carriers as gen  # noqa: E402  (the generator lives with its test)

from obligraph.loaders.pipeline import load_source  # noqa: E402
from obligraph.loaders.text import source_from_string  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=300)
    args = ap.parse_args()
    counts: Counter[str] = Counter()

    @settings(
        max_examples=args.tables,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(gen.tables())
    def run(t: gen.Table) -> None:
        counts["tables"] += 1
        loaded = load_source(source_from_string(gen.reading_order_text(t), "gen.txt"))
        tasks = [x for x in loaded.tasks if x.origin == "appendix"]
        expected = gen._rows(t)
        counts["rows generated"] += len(expected)
        counts["rows found"] += len(tasks)
        for task, (_, row) in zip(tasks, expected, strict=False):
            if task.no != row.no.rstrip("."):
                counts["misnumbered"] += 1
            elif gen._misplaced(t, task, row) is None:
                counts["exact"] += 1
                counts["exact, flagged all the same"] += bool(task.warnings)
            elif task.warnings:
                counts["wrong, flagged"] += 1
            else:
                counts["WRONG, NO WARNING"] += 1

    run()
    for key, n in counts.items():
        print(f"{key:30} {n}")


if __name__ == "__main__":
    main()
