"""The page shows a task's chain (issue 18): KH 103 row 5 carries out NQ 03 row 5, and
NQ 03 row 5 says which provincial row carries it out, in the overview's task data that
the tooltip and the side panel read."""

from __future__ import annotations

from pathlib import Path

import pytest

from obligraph.graph.build import build_from_paths
from obligraph.viz.overview import overview_data

ROOT = Path(__file__).resolve().parents[1]
LINEAGE = ROOT.parent / "shared" / "corpus" / "lineage"


@pytest.mark.skipif(not LINEAGE.is_dir(), reason="needs ../shared/corpus/lineage")
def test_overview_tasks_carry_their_chain() -> None:
    g, _ = build_from_paths([ROOT / "data" / "raw", LINEAGE])
    data = overview_data(g)
    label = {i: d[2] for i, d in enumerate(data["docs"])}
    by_row = {(label[t[0]], t[1]): t[4] for t in data["tasks"]}
    assert "thực hiện Nghị quyết 03/NQ-CP, mục 5 (0.99)" in by_row[("Kế hoạch 103/KH-UBND", "5")]
    assert any(
        c.startswith("được thực hiện bởi Kế hoạch 103/KH-UBND, mục 5 ")
        for c in by_row[("Nghị quyết 03/NQ-CP", "5")]
    )
