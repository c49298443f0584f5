"""Task links down the hierarchy (graph/task_links.py) and the queries chain / gaps, on the
seeds plus the lineage documents (../shared/corpus/lineage/: NQ 57, NQ 03, NQ 71 partial).

Hand check (issue 18): every KH 103 -> NQ 03 / NQ 71 / 57-NQ/TW link was read against
both texts. RIGHT_03 / RIGHT_71 / RIGHT_57 (and SECOND_03) hold the 75 found and right
(row 15, the province's detailed regulations under the new laws, carries out NQ 03 row
26, the Government's decrees guiding the Law on Science, Technology and Innovation);
KNOWN_WRONG the one found and not right (row 58 is about high-quality staff in science,
NQ 03 row 78 about digital staff in state agencies); PARTLY the two right in part. MISSED
lists rows left unlinked that should have had a link (9 of the 20 unlinked rows read: 13,
14, 18, 19, 22, 27, 35, 38, 47, 48, 49, 51, 53, 54, 55, 56, 57, 59, 60, 93), for the
record: they are not asserted, a later scorer may find them. The GAPS_* sets: the answer
of `gaps 103/KH-UBND`, each row read against KH 103.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from obligraph.graph.build import build_from_paths
from obligraph.graph.ladybug_store import LadybugStore, write_ladybug
from obligraph.queries.named import run_named

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw"
LINEAGE = ROOT.parent / "shared" / "corpus" / "lineage"
KH, NQ03, NQ71 = "doc:103-kh-ubnd-2025", "doc:03-nq-cp-2025", "doc:71-nq-cp-2025"


# KH 103 row -> NQ 03 row, read by hand: right.
RIGHT_03 = {
    1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 9, 9: 11, 10: 12, 11: 13, 15: 26, 16: 39, 17: 40,
    20: 42, 23: 46, 25: 48, 26: 49, 28: 51, 29: 52, 30: 54, 31: 55, 32: 58, 33: 60, 34: 61,
    36: 65, 37: 66, 40: 71, 41: 72, 42: 73, 43: 76, 50: 77, 52: 78, 61: 90, 62: 91, 68: 93,
    70: 99, 71: 100, 72: 101, 73: 102, 74: 104, 77: 106, 78: 107, 79: 108, 80: 109, 81: 110,
    82: 111, 83: 114, 84: 115, 90: 118, 91: 120, 92: 124, 96: 126, 97: 127, 98: 128,
    99: 129, 100: 130, 101: 131, 104: 136, 21: 14,
}  # fmt: skip
# A second NQ 03 task a row carries out (row 90's Đề án for small firms is also NQ 03
# row 121's programmes for them).
SECOND_03 = {(90, 121)}
# KH 103 row -> NQ 71 row (the report's TT, printed as `no`), read by hand: right.
RIGHT_71 = {1: 1, 4: 2, 5: 3, 7: 4, 9: 6, 12: 8, 42: 24, 45: 27, 46: 28, 62: 31, 81: 34, 100: 37}
# Rows that carry out nothing of NQ 03 / NQ 71 are compared with 57-NQ/TW (one level up),
# read by hand: right (row 44's words are a sentence of III.3.4 verbatim).
RIGHT_57 = {39: "III.3.6", 44: "III.3.4"}
KNOWN_WRONG = {(58, "03", 78)}
# Right in part: row 24's laboratories are part of NQ 03 row 43's Đề án; row 30's support
# for investing in laboratories is the last clause of NQ 71's row on research centres.
PARTLY = {(24, "03", 43), (30, "71", 26)}
MISSED = {18: 115, 19: 92, 35: 64, 38: 66, 49: 47, 51: 105, 56: 88, 59: "III.4.2", 93: "III.6.1"}


@pytest.fixture(scope="module")
def graph():
    if not (LINEAGE / "nq03.txt").exists():
        pytest.skip("../shared/corpus/lineage/ not present")
    g, _ = build_from_paths([SEEDS, LINEAGE])
    return g


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("task_links") / "ladybug"
    write_ladybug(graph, db_dir)
    with LadybugStore(db_dir) as s:
        yield s


def _kh_links(graph) -> set[tuple[int, str, str]]:
    out = set()
    for u, v, d in graph.edges(data=True):
        if d["type"] == "IMPLEMENTS" and u.startswith(f"{KH}/task/"):
            out.add(
                (int(graph.nodes[u]["no"]), graph.nodes[v]["doc_id"][4:6], graph.nodes[v]["no"])
            )
    return out


def test_kh103_links_are_the_hand_checked_ones(graph) -> None:
    found = _kh_links(graph)
    expected = {(k, "03", str(v)) for k, v in RIGHT_03.items()}
    expected |= {(k, "03", str(v)) for k, v in SECOND_03}
    expected |= {(k, "71", str(v)) for k, v in RIGHT_71.items()}
    expected |= {(k, "57", v) for k, v in RIGHT_57.items()}
    assert expected <= found  # every right link is found
    assert found - expected == {(r, d, str(n)) for r, d, n in KNOWN_WRONG | PARTLY}
    rows = {r for r, _, _ in found}
    assert len(rows) == 67  # of 106 rows


def test_edges_carry_score_method_evidence(graph) -> None:
    data = graph.get_edge_data(f"{KH}/task/5", f"{NQ03}/task/5")["IMPLEMENTS"]
    assert data["score"] >= 0.9 and "group" in data["method"] and "object" in data["evidence"]


def test_nq71_amends_nq03_and_is_partial(graph) -> None:
    amends = {
        (graph.nodes[u]["no"], graph.nodes[v]["no"])
        for u, v, d in graph.edges(data=True)
        if d["type"] == "AMENDS" and u.startswith(NQ71) and "/task/" in u
    }
    assert ("3", "5") in amends  # the Đề án on digital transformation duties, both
    ids = [n for n, a in graph.nodes(data=True) if a.get("doc_id") == NQ71]
    assert len(ids) == 37 and all("/task/t-" in n for n in ids)


def test_nq57_identity_and_provisions(graph) -> None:
    doc = graph.nodes["doc:57-nq-tw-2024"]
    assert (doc["number"], doc["issuer"], doc["issued"], doc["in_corpus"]) == (
        "57-NQ/TW",
        "Bộ Chính trị",
        "2024-12-22",
        True,
    )
    assert doc["title"].startswith("Về đột phá phát triển khoa học, công nghệ")
    groups = {a["group"] for a in graph.nodes.values() if a.get("doc_id") == "doc:57-nq-tw-2024"}
    assert len(groups - {"Tổ chức thực hiện"}) == 7
    assert graph.nodes["doc:71-nq-cp-2025"]["issued"] == "2025-04-01"


CASES = [
    ("chain", {"task": "103/KH-UBND 5"}),
    ("chain", {"task": "103/KH-UBND 42"}),
    ("chain", {"task": "03/NQ-CP 5"}),
    ("chain", {"task": "03/NQ-CP 60"}),
    ("gaps", {"doc": "103/KH-UBND"}),
]


@pytest.mark.parametrize(("name", "params"), CASES)
def test_cypher_and_networkx_agree(graph, store, name, params) -> None:
    assert run_named(name, params, graph=graph) == run_named(name, params, store=store)


def test_chain_of_row_5(graph) -> None:
    rows = run_named("chain", {"task": "103/KH-UBND 5"}, graph=graph)
    assert {(r["direction"], r["doc_id"], r["no"]) for r in rows} >= {
        ("up", NQ03, "5"),
        ("up", NQ71, "3"),
    }
    down = run_named("chain", {"task": "03/NQ-CP 5"}, graph=graph)
    assert ("down", KH, "5") in {(r["direction"], r["doc_id"], r["no"]) for r in down}


# gaps 103/KH-UBND, each read against KH 103 (docs/queries.md): central drafting where
# localities coordinate; real gaps; carried in part by a row not linked; false gaps.
GAPS_DRAFTING = {10, 15, 16, 17, 20, 21, 22, 23, 24, 33, 34, 56, 84, 86, 94, 95, 137}
GAPS_REAL = {57, 63, 70, 96, 98, 113, 122, 139}
GAPS_PARTLY = {79, 89, 134, 135}
GAPS_FALSE = {53: 29, 62: 69, 64: 35, 92: 65, 125: 96}  # NQ 03 row -> the KH 103 row


def test_gaps_are_local_and_not_carried_out(graph) -> None:
    rows = run_named("gaps", {"doc": "103/KH-UBND"}, graph=graph)
    carried = {f"{NQ03}/task/{v}" for v in RIGHT_03.values()}
    assert rows and not {r["task_id"] for r in rows} & carried
    assert {r["doc_id"] for r in rows} == {NQ03}
    found = {int(r["no"]) for r in rows}
    assert found == GAPS_DRAFTING | GAPS_REAL | GAPS_PARTLY | set(GAPS_FALSE)


# Two plans of one province, the later superseding the earlier, both loaded: written by the
# test (the project's own fixture). Row 1 is kept word for word, row 2 reworded, row 3 of
# each is new / dropped.
KH10 = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
Số: 10/KH-UBND
Gia Lai, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Chuyển đổi số năm 2024

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An

PHỤ LỤC
DANH MỤC NHIỆM VỤ
(Kèm theo Kế hoạch số 10/KH-UBND ngày 15/3/2024 của UBND tỉnh)

| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |
|---|---|---|---|---|---|
| I | Hạ tầng số | | | | |
| 1 | Xây dựng Đề án chuyển đổi số trong lĩnh vực y tế của tỉnh | Sở Y tế | Sở Tài chính | Đề án | 12/2024 |
| 2 | Triển khai nền tảng học tập số cho học sinh phổ thông trên địa bàn tỉnh | Sở Giáo dục và Đào tạo | Sở Tài chính | Nền tảng | 12/2024 |
| 3 | Tổ chức hội nghị tổng kết công tác chuyển đổi số năm 2023 | Sở Nội vụ | Các sở, ngành | Hội nghị | 3/2024 |
"""
KH20 = """ỦY BAN NHÂN DÂN
TỈNH GIA LAI
Số: 20/KH-UBND
Gia Lai, ngày 10 tháng 2 năm 2025

KẾ HOẠCH
Chuyển đổi số năm 2025

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;

Kế hoạch này thay thế Kế hoạch số 10/KH-UBND ngày 15/3/2024 của UBND tỉnh.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An

PHỤ LỤC
DANH MỤC NHIỆM VỤ
(Kèm theo Kế hoạch số 20/KH-UBND ngày 10/02/2025 của UBND tỉnh)

| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |
|---|---|---|---|---|---|
| I | Hạ tầng số | | | | |
| 1 | Xây dựng Đề án chuyển đổi số trong lĩnh vực y tế của tỉnh | Sở Y tế | Sở Tài chính | Đề án | 12/2025 |
| 2 | Hoàn thiện, nâng cấp nền tảng học tập số cho học sinh phổ thông và giáo viên | Sở Giáo dục và Đào tạo | Sở Khoa học và Công nghệ | Nền tảng | 12/2025 |
| 3 | Xây dựng bản đồ số du lịch của tỉnh | Sở Văn hóa, Thể thao và Du lịch | Sở Khoa học và Công nghệ | Bản đồ số | 12/2025 |
"""


@pytest.fixture(scope="module")
def superseding(tmp_path_factory):
    folder = tmp_path_factory.mktemp("superseding")
    (folder / "kh10.txt").write_text(KH10, encoding="utf-8")
    (folder / "kh20.txt").write_text(KH20, encoding="utf-8")
    g, _ = build_from_paths([folder])
    db_dir = folder.parent / "superseding-ladybug"
    write_ladybug(g, db_dir)
    with LadybugStore(db_dir) as s:
        yield g, s


def test_replaced_by_at_task_level(superseding) -> None:
    g, store = superseding
    rows = run_named("replaced-by", {"doc": "10/KH-UBND"}, graph=g)
    assert rows == run_named("replaced-by", {"doc": "10/KH-UBND"}, store=store)
    got = {(r["no"], r["old_no"], r["change"]) for r in rows}
    assert got == {
        ("1", "1", "kept"),
        ("2", "2", "reworded"),
        ("3", None, "new"),
        (None, "3", "dropped"),
    }


def test_replaced_by_on_the_lineage_graph(graph, store) -> None:
    # KH 37 (superseded by KH 103) is not loaded: rows as before, no change at task level.
    rows = run_named("replaced-by", {"doc": "37/KH-UBND"}, graph=graph)
    assert rows == run_named("replaced-by", {"doc": "37/KH-UBND"}, store=store)
    assert rows and {r["change"] for r in rows} == {None}


def test_an_unknown_task_is_a_one_line_error(graph) -> None:
    from obligraph.errors import QueryError

    with pytest.raises(QueryError, match="no task '103/KH-UBND 999'"):
        run_named("chain", {"task": "103/KH-UBND 999"}, graph=graph)
