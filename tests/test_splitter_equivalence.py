"""The fast reading-order splitter gives the reference's answers (issue 21a).

loaders/tables/order_split.py (the default) learns from coarse atoms and searches each
row fragment once; loaders/tables/order_reference.py is the splitter as it was before.
Both run on the same decoded input and the whole LoadedDocument is compared as JSON —
tasks, cells, agencies, warnings, findings, line counts — not only the cells: on the
seeds, on synthetic plans of several seeds (page breaks mid-row among them), on the
reading-order tables tests/test_table_carriers.py generates, and on the real plans in
reading order the project holds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_table_carriers import reading_order_text, tables

from obligraph.loaders import table
from obligraph.loaders.pipeline import load_source
from obligraph.loaders.text import read_source, source_from_string

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def both(load, monkeypatch) -> tuple[str, str]:
    """The document's JSON from the reference splitter and from the fast one."""
    out = []
    for which in ("reference", "fast"):
        monkeypatch.setenv("OBLIGRAPH_SPLITTER", which)
        out.append(load().model_dump_json(indent=1))
    return out[0], out[1]


def test_an_unknown_splitter_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown splitter 'fastest'"):
        table.split_cells([], None, splitter="fastest")  # type: ignore[arg-type]


# Real plans in reading order: the seeds (KH 103 is text extracted from its PDF) and
# another province's plan (Đồng Tháp KH 55). No file of ../shared/corpus reaches the
# reading-order splitter (every one of its 444 files loaded with split_cells counted:
# its plans state their tables, or are not Kế hoạch with a Phụ lục), so none is here.
REAL = [
    *sorted((ROOT / "data" / "raw").glob("*.txt")),
    ROOT / "tests/fixtures/plan/dong_thap_kh_55.txt",
]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_plans(path: Path, monkeypatch) -> None:
    src = read_source(path)
    reference, fast = both(lambda: load_source(src), monkeypatch)
    assert fast == reference


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> list[Path]:
    """Plans of eight generator seeds: the layouts the generator draws, a page break
    inside the text of about one row in eight among them (bench/make_corpus.py)."""
    from make_corpus import make_corpus

    out: list[Path] = []
    for seed in (3, 11, 42, 5, 19, 101, 202, 7):
        paths = make_corpus(24, seed, tmp_path_factory.mktemp(f"seed{seed}"))
        out += [p for p in paths if p.name.endswith("_kh.txt")][:4]
    return out


@pytest.mark.parametrize("k", range(32))
def test_synthetic_plans(k: int, synthetic: list[Path], monkeypatch) -> None:
    path = synthetic[k]
    src = read_source(path)
    reference, fast = both(lambda: load_source(src), monkeypatch)
    assert '"origin": "appendix"' in fast
    assert fast == reference, path.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_generated_reading_order_tables(t) -> None:
    # No monkeypatch under hypothesis (one fixture for many examples): set and restore.
    src = source_from_string(reading_order_text(t), "gen.txt")
    out = []
    before = os.environ.get("OBLIGRAPH_SPLITTER")
    try:
        for which in ("reference", "fast"):
            os.environ["OBLIGRAPH_SPLITTER"] = which
            out.append(load_source(src).model_dump_json())
    finally:
        if before is None:
            os.environ.pop("OBLIGRAPH_SPLITTER", None)
        else:
            os.environ["OBLIGRAPH_SPLITTER"] = before
    assert out[1] == out[0]
