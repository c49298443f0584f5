"""The plan loader on plans it was not tuned on: synthetic plans with an answer key.

bench/make_corpus.py writes plans in the seed's PDF-extracted layout but with other
agencies, row counts, page breaks and wraps, and records each row's true cells. Every row
must be found; a cell read wrong must sit in a row the loader flagged as ambiguous.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from accuracy import table_accuracy  # noqa: E402


@pytest.fixture(scope="module")
def result() -> dict:
    return table_accuracy(docs=12, seed=11)


def test_every_generated_row_is_found(result: dict) -> None:
    assert result["plans"] >= 3
    assert result["accuracy"]["row"] == 1.0, result["wrong"][:5]


def test_no_cell_is_wrong_without_a_warning(result: dict) -> None:
    silent = [w for w in result["wrong"] if "SILENT" in w]
    assert silent == []


@pytest.mark.parametrize("field", ["text", "result", "deadline", "lead", "coordinate"])
def test_cells_match_the_answer_key(result: dict, field: str) -> None:
    assert result["accuracy"][field] >= 0.97, [w for w in result["wrong"] if f" {field} " in w]
