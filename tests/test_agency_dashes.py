"""Agency names with dashes, en dashes and line breaks, in lists and notice headings.

"Sở Lao động – Thương binh và Xã hội" must not be cut at its dash (a list separator
elsewhere: "Sở Tài chính - đơn vị chủ trì"), nor "Sở Văn hóa, Thể thao và Du lịch" at
its comma, nor either where the PDF wrapped the line. A notice heading naming the
department hands its tasks to Sở Nội vụ from 2025-03-01 (DOMAIN.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from obligraph.graph.build import build_from_paths
from obligraph.loaders.agency_mentions import split_agencies
from obligraph.loaders.notice import agency_list
from obligraph.queries.named import run_named

ROOT = Path(__file__).resolve().parent.parent
NOTICE_2024 = ROOT / "data" / "raw" / "004_4bd8ed71577863bd.txt"
LDTBXH = "Sở Lao động – Thương binh và Xã hội"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Giao Sở Lao động – Thương binh và Xã hội:", [LDTBXH]),
        ("Sở Lao động - Thương binh và Xã hội chủ trì", ["Sở Lao động - Thương binh và Xã hội"]),
        ("Sở Lao động –\nThương binh và Xã hội: tham mưu", [LDTBXH]),
        ("Sở Lao động  –  \n Thương binh và Xã hội: tham mưu", [LDTBXH]),
        ("Sở Lao động—Thương binh và Xã hội:", ["Sở Lao động—Thương binh và Xã hội"]),
        (
            "Sở Lao động – Thương binh và Xã hội, Sở Văn hóa, Thể thao và Du lịch chủ trì",
            [LDTBXH, "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        ("Sở Văn hóa,\nThể thao và Du lịch phối hợp", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Tài chính - đơn vị chủ trì", ["Sở Tài chính"]),  # a dash that does end a list
    ],
)
def test_notice_agency_lists_keep_dashed_names_whole(text: str, names: list[str]) -> None:
    assert agency_list(text) == names


def test_split_keeps_dashed_names_whole() -> None:
    assert split_agencies(f"{LDTBXH}; Sở Văn hóa, Thể thao và Du lịch") == [
        LDTBXH,
        "Sở Văn hóa, Thể thao và Du lịch",
    ]


@pytest.mark.skipif(not NOTICE_2024.exists(), reason="seed notice 004 absent")
def test_dashed_notice_heading_is_inherited_by_so_noi_vu(tmp_path: Path) -> None:
    """004 with its first heading ("1. Sở Thông tin và Truyền thông:") given to the labour
    department instead: its directives belong to Sở Nội vụ after 2025-03-01."""
    text = NOTICE_2024.read_text(encoding="utf-8")
    heading = "1. Sở Thông tin và Truyền thông:"
    assert heading in text
    (tmp_path / "004_dash.txt").write_text(
        text.replace(heading, "1. Giao Sở Lao động – Thương binh và Xã hội:", 1), encoding="utf-8"
    )
    graph, _ = build_from_paths([tmp_path])
    assert not [n for n in graph if str(n).startswith("unresolved:")]
    before = run_named("owns", {"agency": "Sở Nội vụ", "as_of": "2025-02-28"}, graph=graph)
    after = run_named("owns", {"agency": "Sở Nội vụ", "as_of": "2025-12-31"}, graph=graph)
    inherited = [r for r in after if r["how"] == "inherited"]
    assert not [r for r in before if r["how"] == "inherited"]
    assert len(inherited) >= 5  # items 1.1 … 1.8 of the heading
    assert {r["inherited_from"] for r in inherited} == {"Sở Lao động – Thương binh và Xã hội"}
    assert {r["since"] for r in inherited} == {"2025-03-01"}
