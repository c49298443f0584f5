"""Documents of several provinces that share numbers: the synthetic corpus of
bench/make_corpus.py numbers each province's plans from 1 every year, as a UBND tỉnh
does, and a plan or notice cites and supersedes only its own province's plans.

The whole pipeline (load, build) must keep every plan as its own node and link every
citation to the plan of the citing document's province.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from make_corpus import make_corpus  # noqa: E402

from obligraph.graph.build import build_from_paths  # noqa: E402

LINKS = ("IMPLEMENTS", "SUPERSEDES", "BASED_ON", "CITES")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("provinces")
    paths = make_corpus(150, 7, folder)
    g, _ = build_from_paths([folder])
    return paths, g


def _plans(g) -> dict[str, dict]:
    return {
        n: a
        for n, a in g.nodes(data=True)
        if a["label"] == "Document" and a["in_corpus"] and a["kind_code"] == "KH"
    }


def test_plans_of_one_number_stay_apart(corpus) -> None:
    paths, g = corpus
    plans = _plans(g)
    assert len(plans) == sum(p.name.endswith("_kh.txt") for p in paths)
    numbers = Counter((a["number"], a["issued"][:4]) for a in plans.values())
    assert max(numbers.values()) >= 3  # the corpus does reuse numbers across provinces
    assert not [w for w in g.graph["warnings"] if "same id" in w]
    # Each plan's node carries the file it was read from, and no two share one.
    assert len({a["source"] for a in plans.values()}) == len(plans)


def test_every_cited_plan_is_the_citing_provinces_own(corpus) -> None:
    _, g = corpus
    plans = _plans(g)
    links = [
        (u, v)
        for u, v, k in g.edges(keys=True)
        if k in LINKS
        and g.nodes[u]["label"] == "Document"
        and str(v).startswith("doc:")
        and (g.nodes[v]["number"] or "").endswith("/KH-UBND")
    ]
    assert len(links) >= 10
    for u, v in links:
        assert v in plans, (u, v)  # the generator cites only plans it wrote
        assert g.nodes[u]["province"] == plans[v]["province"], (u, v)
