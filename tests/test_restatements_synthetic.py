"""RESTATES on a corpus it was not tuned on: the restatements bench/make_corpus.py plants.

Some plan rows there name a specific subject ("Hệ thống camera giám sát giao thông phường
Hoài Quang"), each used once, and some later notices of the same province give the same
department that subject again in other words. The whole pipeline (load, build, link)
must link every planted pair, and link no planted task to a task about another project.

Links to generic tasks that share only a long boilerplate phrase with a planted task are
counted by bench/run.py (`generic_links`), not held to zero here: see docs/queries.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from make_corpus import make_corpus  # noqa: E402
from run import restatement_recall  # noqa: E402

from obligraph.graph.build import build_from_paths  # noqa: E402


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    planted: list[dict] = []
    folder = tmp_path_factory.mktemp("restated")
    make_corpus(60, 9, folder, restatements=planted)
    g, _ = build_from_paths([folder])
    return restatement_recall(g, planted)


def test_every_planted_restatement_is_linked(figures: dict) -> None:
    assert figures["planted"] >= 5
    assert figures["found"] == figures["planted"], figures


def test_no_planted_task_is_linked_to_another_project(figures: dict) -> None:
    assert figures["other_project_links"] == 0, figures
