"""The steps issue 22 found quadratic, timed at doubling sizes: each must now grow linearly.

- the prose-body join (loaders/plan_body._join) of one provision of 1, 2, 4 and 8 MB,
  and the whole load of a plan whose body holds such a provision;
- citations inside tasks (graph/build.py, _innermost_task): one document of 1k, 2k, 4k
  and 8k tasks, each citing one document;
- two copies of the seed plan in one file, against one.

    python bench/quadratic.py --out bench/figures-quadratic.json

Prints one line per case (seconds, and the ratio to the size before: ~2 for linear, ~4
for quadratic) and keeps the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN_SEED = next((ROOT / "data" / "raw").glob("001_*.txt"))
PROSE = (
    "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước, phát triển chính quyền "
    "số, kinh tế số và xã hội số; nâng cao chất lượng nguồn nhân lực khoa học và công nghệ"
)


def timed(fn) -> float:  # noqa: ANN001 - any callable
    started = time.perf_counter()
    fn()
    return round(time.perf_counter() - started, 3)


def prose_lines(megabytes: int) -> list[tuple[int, str]]:
    count = megabytes * 1_000_000 // len(PROSE.encode("utf-8"))
    return [(i + 1, PROSE) for i in range(count)]


def bench_join(sizes: list[int]) -> list[dict]:
    from obligraph.loaders.plan_body import _join

    return [{"mb": mb, "seconds": timed(lambda mb=mb: _join(prose_lines(mb)))} for mb in sizes]


def plan_with_prose(megabytes: int) -> str:
    """The seed plan with one body provision grown to `megabytes` of wrapped prose."""
    lines = PLAN_SEED.read_text(encoding="utf-8").split("\n")
    section = next(i for i, line in enumerate(lines) if line.strip().startswith("II."))
    at = next(i for i in range(section, len(lines)) if lines[i].strip().startswith("a)"))
    extra = [text for _, text in prose_lines(megabytes)]
    return "\n".join([*lines[: at + 1], *extra, *lines[at + 1 :]])


def bench_body_load(sizes: list[int]) -> list[dict]:
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import source_from_string

    load_source(source_from_string(PLAN_SEED.read_text(encoding="utf-8"), "warm.txt"))  # imports
    out = []
    for mb in sizes:
        src = source_from_string(plan_with_prose(mb), "plan.txt")
        out.append({"mb": mb, "seconds": timed(lambda src=src: load_source(src))})
    return out


def cited_document(citations: int):  # noqa: ANN201 - a LoadedDocument
    from obligraph.loaders.records import Document, LoadedDocument, Reference, Task

    doc_id = "doc:1-kh-ubnd-2025"
    tasks = [
        Task(
            id=f"{doc_id}/task/{i}",
            doc_id=doc_id,
            no=str(i),
            origin="appendix",
            text=f"Nhiệm vụ {i}",
            source="plan.txt",
            line_start=3 * i + 1,
            line_end=3 * i + 3,
        )
        for i in range(citations)
    ]
    refs = [
        Reference(
            number=f"{i + 1}/QĐ-UBND",
            kind="Quyết định",
            kind_code="QĐ",
            evidence=f"Quyết định số {i + 1}/QĐ-UBND",
            source="plan.txt",
            line_start=3 * i + 2,
            line_end=3 * i + 2,
        )
        for i in range(citations)
    ]
    document = Document(id=doc_id, number="1/KH-UBND", kind="Kế hoạch", kind_code="KH")
    return LoadedDocument(document=document, tasks=tasks, references=refs)


def bench_citations(sizes: list[int]) -> list[dict]:
    from obligraph.graph.build import build_graph

    out = []
    for n in sizes:
        doc = cited_document(n)
        seconds = timed(lambda doc=doc: build_graph([doc]))
        out.append({"citations": n, "seconds": seconds})
    return out


def bench_two_plans() -> list[dict]:
    from obligraph.loaders.pipeline import load_source
    from obligraph.loaders.text import source_from_string

    text = PLAN_SEED.read_text(encoding="utf-8")
    out = []
    for copies in (1, 2):
        src = source_from_string("\n".join([text] * copies), "plan.txt")
        out.append({"copies": copies, "seconds": timed(lambda src=src: load_source(src))})
    return out


def _print(title: str, key: str, rows: list[dict]) -> None:
    print(title)
    before = None
    for row in rows:
        ratio = f"  x{row['seconds'] / before:.1f}" if before else ""
        print(f"  {key} {row[key]:>5}  {row['seconds']:>7.3f} s{ratio}")
        before = row["seconds"] or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="JSON file for the figures")
    parser.add_argument("--sizes", default="1,2,4,8", help="MB (join) and thousands (citations)")
    parser.add_argument(
        "--cases", default="join,body_load,citations,two_plans", help="which cases to run"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = {
        "join": ("prose body join (plan_body._join)", "mb", lambda: bench_join(sizes)),
        "body_load": (
            "plan load with a prose body provision",
            "mb",
            lambda: bench_body_load(sizes),
        ),
        "citations": (
            "citations inside tasks (build_graph)",
            "citations",
            lambda: bench_citations([1000 * s for s in sizes]),
        ),
        "two_plans": ("the seed plan, one and two copies in one file", "copies", bench_two_plans),
    }
    figures: dict = {"python": sys.version.split()[0], "machine": platform.machine()}
    for name in args.cases.split(","):
        title, key, run = cases[name]
        figures[name] = run()
        _print(title, key, figures[name])
        sys.stdout.flush()
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
