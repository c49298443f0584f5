"""Cell accuracy of the plan loader on synthetic plans, against the generator's answer key.

The seed plan is one layout; these plans are others (other agencies, other row counts,
page breaks in other places). Every cell of every generated row is compared with what
the loader read:

    python bench/accuracy.py --docs 40 --seed 7
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_corpus  # noqa: E402

from obligraph.loaders.agency_mentions import fold, split_agencies  # noqa: E402
from obligraph.loaders.pipeline import load_file  # noqa: E402

FIELDS = ("row", "text", "lead", "coordinate", "result", "deadline")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _agencies(cell: str) -> set[str]:
    return {fold(name) for name in split_agencies(cell)}


def score_plan(path: Path, rows: list[dict]) -> tuple[Counter, list[str]]:
    """Per-field counts of correct cells for one plan, and a line per wrong cell.

    Counter keys: the fields, plus "silent" — wrong cells in rows the loader did not flag
    as ambiguous (the errors an analyst would not be warned of).
    """
    loaded = load_file(path)
    tasks = {t.no: t for t in loaded.tasks if t.origin == "appendix"}
    right: Counter = Counter()
    wrong: list[str] = []
    for row in rows:
        task = tasks.get(row["no"])
        if task is None:
            wrong.append(f"{path.name} row {row['no']}: not found")
            continue
        right["row"] += 1
        got = {
            "text": _norm(task.text),
            "lead": {fold(a.agency) for a in task.assignments if a.role == "lead"},
            "coordinate": {fold(a.agency) for a in task.assignments if a.role == "coordinate"},
            "result": _norm(task.result),
            "deadline": _norm(task.deadline_text),
        }
        want = {
            "text": _norm(row["text"]),
            "lead": _agencies(row["lead"]),
            "coordinate": _agencies(row["coordinate"]),
            "result": _norm(row["result"]),
            "deadline": _norm(row["deadline"]),
        }
        for field in want:
            if got[field] == want[field]:
                right[field] += 1
            else:
                flag = "flagged" if task.warnings else "SILENT"
                if not task.warnings:
                    right["silent"] += 1
                wrong.append(
                    f"{path.name} row {row['no']} {field} ({flag}): {got[field]!r} != {want[field]!r}"
                )
    return right, wrong


def table_accuracy(docs: int, seed: int) -> dict:
    """Generate a corpus, load its plans, and score every cell."""
    with tempfile.TemporaryDirectory() as tmp:
        truth: dict[str, list[dict]] = {}
        make_corpus(docs, seed, Path(tmp), truth)
        total_rows = sum(len(rows) for rows in truth.values())
        right: Counter = Counter()
        wrong: list[str] = []
        for name, rows in sorted(truth.items()):
            r, w = score_plan(Path(tmp) / name, rows)
            right.update(r)
            wrong.extend(w)
    return {
        "plans": len(truth),
        "rows": total_rows,
        "accuracy": {f: round(right[f] / max(total_rows, 1), 4) for f in FIELDS},
        "silent_errors": right["silent"],
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=15, help="wrong cells to print")
    args = parser.parse_args()
    result = table_accuracy(args.docs, args.seed)
    print(
        f"{result['plans']} plans, {result['rows']} rows, "
        f"{result['silent_errors']} wrong cells in rows not flagged as ambiguous"
    )
    for field, value in result["accuracy"].items():
        print(f"  {field:<11} {100 * value:6.2f}%")
    for line in result["wrong"][: args.show]:
        print("  ✗", line)
    if len(result["wrong"]) > args.show:
        print(f"  … {len(result['wrong']) - args.show} more")


if __name__ == "__main__":
    main()
