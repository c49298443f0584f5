"""Fill a load cache with the plans of a generated corpus as records made from the
generator's answer key, not by the loader: for building a corpus too large to load within
one session (100,000 documents: ~1.45 GB of text, an hour and more of loading on two
cores), so that `obligraph build` measures everything after loading at that size.

Each plan's text is generated again (make_corpus, same size and seed) and compared with
the file on disk; only a file whose bytes match gets an entry, under the key the store's
cache would give it (loaders/cache.py: loader version, file name, bytes). Notices get no
entry: `obligraph build` loads them for real. The records hold what the key holds (number,
text, lead and coordinating agencies, result, deadline text, group, the plan's citations);
the loader would add line numbers, parsed due dates and findings. Say so wherever figures
built this way are quoted.

    python bench/key_cache.py --corpus /work/corpora/corpus-100000 --docs 100000 --cache DIR
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CITE = re.compile(r"(?:Nghị quyết|Kế hoạch) số (\S+) ngày (\d+)/(\d+)/(\d+)")


def plan_record(spec, rows: list[dict], name: str, issuer: str):
    from obligraph.loaders.records import (
        Assignment,
        Document,
        LoadedDocument,
        Reference,
        Task,
        document_id,
    )

    number = f"{spec.number}/KH-UBND"
    doc = Document(
        id=document_id(number, year=spec.year),
        number=number,
        kind="Kế hoạch",
        kind_code="KH",
        issuer=issuer,
        issued=date(spec.year, spec.month, spec.day),
        source=name,
    )
    refs = []
    for text, relation in [(t, "implements") for t in spec.implements] + (
        [(spec.supersedes, "supersedes")] if spec.supersedes else []
    ):
        m = CITE.search(text)
        if m:
            refs.append(
                Reference(
                    number=m[1],
                    issued=date(int(m[4]), int(m[3]), int(m[2])),
                    relation=relation,
                    evidence=text,
                    source=name,
                )
            )
    tasks = []
    for row in rows:
        people = [Assignment(agency=a, role="lead") for a in row["lead"].split(", ") if a]
        people += [
            Assignment(agency=a, role="coordinate") for a in row["coordinate"].split(", ") if a
        ]
        tasks.append(
            Task(
                id=f"{doc.id}/task/{row['no']}",
                doc_id=doc.id,
                no=row["no"],
                origin="appendix",
                group=row["group"],
                text=row["text"],
                result=row["result"],
                deadline_text=row["deadline"],
                assignments=people,
                source=name,
            )
        )
    return LoadedDocument(document=doc, tasks=tasks, references=refs)


def fill(corpus: Path, docs: int, seed: int, cache_dir: Path) -> dict:
    from make_corpus import Planter, file_name, make_specs, notice_text, plan_text

    from obligraph.loaders.cache import ExtractionCache

    cache = ExtractionCache(cache_dir)
    rng = random.Random(seed)
    planter = Planter(seed, None)
    written = mismatched = notices = 0
    started = time.perf_counter()
    for spec in make_specs(docs, rng):  # the loop of make_corpus, files not written
        doc_rng = random.Random(f"{seed}-{spec.index}")
        name = file_name(spec)
        if spec.kind != "KH":
            notice_text(spec, doc_rng, planter)  # the planter's state moves on as it did
            notices += 1
            continue
        rows: list[dict] = []
        text = plan_text(spec, doc_rng, rows, planter, None)
        data = (corpus / name).read_bytes()
        if data != text.encode("utf-8"):
            mismatched += 1
            continue
        issuer = re.search(r"UBND (?:TỈNH|THÀNH PHỐ) [^\n]+", text)
        record = plan_record(
            spec, rows, name, issuer[0].title() if issuer else f"UBND tỉnh {spec.province}"
        )
        cache.put(cache.key(name, data), record)
        written += 1
        if written % 5000 == 0:
            print(f"  {written} plans, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {
        "plans_cached": written,
        "plans_not_matching_their_file": mismatched,
        "notices_left_to_load": notices,
        "seconds": round(time.perf_counter() - started, 1),
    }


def rekey(corpus: Path, cache_dir: Path, old_version: str) -> dict:
    """Move the entries a fill made under another loader version to this one's keys (for
    a loader change that does not change records, such as a faster splitter proven
    equivalent: tests/test_splitter_equivalence.py)."""
    import hashlib

    from obligraph.loaders.cache import ExtractionCache

    cache = ExtractionCache(cache_dir)
    moved = missing = 0
    for path in sorted(corpus.iterdir()):
        data = path.read_bytes()
        old = hashlib.sha256(old_version.encode())
        old.update(b"\0" + path.name.encode() + b"\0")
        old.update(data)
        source = cache_dir / old.hexdigest()[:2] / f"{old.hexdigest()}.json"
        if not source.exists():
            missing += 1
            continue
        target = cache_dir / cache.key(path.name, data)[:2] / f"{cache.key(path.name, data)}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
        moved += 1
    return {"moved": moved, "without_entry": missing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--rekey-from", help="a loader version whose entries to move")
    args = parser.parse_args()
    if args.rekey_from:
        print(rekey(args.corpus, args.cache, args.rekey_from))
        return
    print(fill(args.corpus, args.docs, args.seed, args.cache))


if __name__ == "__main__":
    main()
