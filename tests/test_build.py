"""graph.build and graph.graphjson: the contract, merging, dedupe, order independence.

The small records below restate what the seed texts say (line numbers from
data/raw/001_2f8b4d489cccd7d8.txt, KH 103/KH-UBND, and 000_…, the notice of 2025-03-18), so
the mechanics are tested independently of the loaders; test_cli_graph.py runs the real
pipeline on the seeds.
"""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest

from obligraph.graph.build import build_graph, graph_summary, kind_from_name
from obligraph.graph.contract import NODE_PROPERTIES, rel_properties
from obligraph.graph.graphjson import graph_json_text, read_graph_json, write_graph_json
from obligraph.loaders.records import (
    Assignment,
    Document,
    Indicator,
    LoadedDocument,
    Reference,
    Task,
)

KH103 = "doc:103-kh-ubnd-2025"
NOTICE = "doc:tb-ubnd-tinh-2025-03-18"
SRC103 = "001_2f8b4d489cccd7d8.txt"
SRC000 = "000_6a0873ae99d3cd7d.txt"


def kh103() -> LoadedDocument:
    """KH 103 as its text states it: implements NQ 71 and KH 152, which implements NQ 57;
    replaces KH 37; appendix row 21 led by Công an tỉnh; body provision II.1.a."""
    ref = {"source": SRC103}
    return LoadedDocument(
        document=Document(
            id=KH103,
            number="103/KH-UBND",
            kind="Kế hoạch",
            kind_code="KH",
            issuer="UBND tỉnh",
            issued=date(2025, 6, 1),
            source=SRC103,
        ),
        tasks=[
            Task(
                id=f"{KH103}/body/II.1.a",
                doc_id=KH103,
                no="II.1.a",
                origin="body",
                text="Triển khai tuyên truyền Nghị quyết số 57-NQ/TW, Nghị quyết số 71/NQ-CP",
                source=SRC103,
                line_start=181,
                line_end=186,
            ),
            Task(
                id=f"{KH103}/task/21",
                doc_id=KH103,
                no="21",
                origin="appendix",
                text="Xây dựng kế hoạch triển khai cơ chế, chính sách ưu đãi trong cấp thị thực",
                deadline_text="Ngay khi Bộ Công an ban hành",
                condition="Ngay khi Bộ Công an ban hành",
                assignments=[
                    Assignment(agency="Công an tỉnh", role="lead", source=SRC103, line_start=1553),
                    Assignment(
                        agency="Các sở, ngành, địa phương",
                        role="coordinate",
                        source=SRC103,
                        line_start=1554,
                    ),
                ],
                details=f"{KH103}/body/II.1.a",
                source=SRC103,
                line_start=1547,
                line_end=1567,
            ),
        ],
        indicators=[
            Indicator(
                id=f"{KH103}/indicator/28",
                doc_id=KH103,
                no="28",
                name="Xếp hạng về an toàn thông tin mạng",
                unit="Thứ bậc",
                target="≤20",
                monitors=[Assignment(agency="Công an tỉnh", source=SRC103, line_start=956)],
                source=SRC103,
                line_start=956,
                line_end=956,
            )
        ],
        references=[
            Reference(
                number="71/NQ-CP",
                kind="Nghị quyết",
                kind_code="NQ",
                issuer="Chính phủ",
                issued=date(2025, 4, 1),
                relation="implements",
                evidence="Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ …",
                line_start=9,
                line_end=9,
                **ref,
            ),
            Reference(
                number="152-KH/TU",
                kind="Kế hoạch",
                kind_code="KH",
                issuer="Tỉnh ủy",
                issued=date(2025, 5, 13),
                relation="implements",
                evidence="… Kế hoạch hành động số 152-KH/TU ngày 13/5/2025 của Tỉnh ủy …",
                line_start=11,
                line_end=11,
                **ref,
            ),
            Reference(
                number="57-NQ/TW",
                kind="Nghị quyết",
                kind_code="NQ",
                issuer="Bộ Chính trị",
                issued=date(2024, 12, 22),
                relation="implements",
                subject_number="152-KH/TU",
                evidence="Kế hoạch hành động số 152-KH/TU … thực hiện Nghị quyết số 57-NQ/TW",
                line_start=12,
                line_end=12,
                **ref,
            ),
            # "(sau đây gọi tắt là Nghị quyết số 71/NQ-CP)": no date -> the dated one.
            Reference(
                number="71/NQ-CP",
                relation="cites",
                evidence="(sau đây gọi tắt là Nghị quyết số 71/NQ-CP)",
                line_start=52,
                line_end=52,
                **ref,
            ),
            Reference(
                number="57-NQ/TW",
                relation="cites",
                evidence="a) Triển khai tuyên truyền Nghị quyết số 57-NQ/TW, …",
                line_start=181,
                line_end=181,
                **ref,
            ),
            Reference(
                number="37/KH-UBND",
                kind="Kế hoạch",
                kind_code="KH",
                issuer="UBND tỉnh",
                issued=date(2025, 2, 26),
                relation="supersedes",
                evidence="Kế hoạch này thay thế Kế hoạch số 37/KH-UBND ngày 26/02/2025 …",
                line_start=632,
                line_end=633,
                **ref,
            ),
        ],
    )


def notice_000() -> LoadedDocument:
    """The 2025-03-18 notice: cites KH 37 and names Đề án 06 in its directive 4."""
    return LoadedDocument(
        document=Document(
            id=NOTICE,
            kind="Thông báo",
            kind_code="TB",
            issuer="UBND tỉnh",
            issued=date(2025, 3, 18),
            source=SRC000,
        ),
        tasks=[
            Task(
                id=f"{NOTICE}/task/4",
                doc_id=NOTICE,
                no="4",
                origin="notice",
                text="Chủ trì, phối hợp với các cơ quan, đơn vị liên quan triển khai hiệu quả "
                "Kế hoạch thực hiện Đề án 06",
                assignments=[Assignment(agency="Công an tỉnh", source=SRC000, line_start=187)],
                source=SRC000,
                line_start=187,
                line_end=195,
            )
        ],
        references=[
            Reference(
                number="37/KH-UBND",
                kind="Kế hoạch",
                kind_code="KH",
                issuer="UBND tỉnh",
                issued=date(2025, 2, 26),
                evidence="…, Kế hoạch số 37/KH-UBND ngày 26/02/2025 của UBND tỉnh; …",
                source=SRC000,
                line_start=118,
                line_end=120,
            ),
            Reference(
                name="Đề án 06",
                evidence="… trên địa bàn tỉnh Bình Định (Đề án 06), …",
                source=SRC000,
                line_start=193,
                line_end=193,
            ),
        ],
    )


def kh152_loaded() -> LoadedDocument:
    """KH 152-KH/TU as if its full text had been loaded too."""
    return LoadedDocument(
        document=Document(
            id="doc:152-kh-tu-2025",
            number="152-KH/TU",
            kind="Kế hoạch",
            kind_code="KH",
            issuer="Tỉnh ủy",
            issued=date(2025, 5, 13),
            title="Kế hoạch hành động thực hiện Nghị quyết 57-NQ/TW",
            source="152.txt",
        ),
        references=[
            Reference(
                number="57-NQ/TW",
                issued=date(2024, 12, 22),
                relation="implements",
                evidence="Thực hiện Nghị quyết số 57-NQ/TW …",
                source="152.txt",
                line_start=3,
            )
        ],
    )


def edges(g) -> set[tuple[str, str, str]]:
    return set(g.edges(keys=True))


def test_documents_loaded_and_cited() -> None:
    g = build_graph([kh103(), notice_000()])
    assert g.nodes[KH103]["in_corpus"] is True
    assert g.nodes[KH103]["source"] == SRC103
    kh37 = g.nodes["doc:37-kh-ubnd-2025"]
    assert kh37["in_corpus"] is False
    assert kh37["number"] == "37/KH-UBND"
    assert kh37["issued"] == "2025-02-26"
    assert kh37["source"] is None
    assert (KH103, "doc:37-kh-ubnd-2025", "SUPERSEDES") in edges(g)
    assert g.edges[KH103, "doc:37-kh-ubnd-2025", "SUPERSEDES"]["evidence"].startswith(
        "Kế hoạch này thay thế"
    )
    assert g.edges[KH103, "doc:37-kh-ubnd-2025", "SUPERSEDES"]["line"] == 632
    # The notice cites the same KH 37: one node, not two.
    assert (NOTICE, "doc:37-kh-ubnd-2025", "CITES") in edges(g)


def test_relation_between_two_cited_documents() -> None:
    g = build_graph([kh103()])
    assert (KH103, "doc:152-kh-tu-2025", "IMPLEMENTS") in edges(g)
    assert ("doc:152-kh-tu-2025", "doc:57-nq-tw-2024", "IMPLEMENTS") in edges(g)
    assert (KH103, "doc:57-nq-tw-2024", "IMPLEMENTS") not in edges(g)
    assert g.nodes["doc:57-nq-tw-2024"]["issuer"] == "Bộ Chính trị"


def test_yearless_citation_resolves_to_the_unique_dated_document() -> None:
    g = build_graph([kh103()])
    assert "doc:71-nq-cp" not in g
    assert (KH103, "doc:71-nq-cp-2025", "CITES") in edges(g)
    assert (KH103, "doc:71-nq-cp-2025", "IMPLEMENTS") in edges(g)


def test_yearless_citation_stays_yearless_when_ambiguous() -> None:
    def citing(doc_id: str, issued: date | None) -> LoadedDocument:
        return LoadedDocument(
            document=Document(id=doc_id, source=f"{doc_id}.txt"),
            references=[Reference(number="37/KH-UBND", issued=issued, evidence="Kế hoạch 37")],
        )

    g = build_graph(
        [
            citing("doc:a", date(2024, 3, 1)),
            citing("doc:b", date(2025, 2, 26)),
            citing("doc:c", None),
        ]
    )
    assert ("doc:c", "doc:37-kh-ubnd", "CITES") in edges(g)
    assert {"doc:37-kh-ubnd-2024", "doc:37-kh-ubnd-2025", "doc:37-kh-ubnd"} <= set(g)


def test_name_only_citation_and_task_cites() -> None:
    g = build_graph([notice_000()])
    de_an = g.nodes["doc:name:de-an-06"]
    assert de_an["kind"] == "Đề án"
    assert de_an["number"] is None
    assert de_an["in_corpus"] is False
    # Line 193 lies inside directive 4 (lines 187-195): the task cites Đề án 06 too.
    assert (f"{NOTICE}/task/4", "doc:name:de-an-06", "CITES") in edges(g)
    assert (NOTICE, "doc:name:de-an-06", "CITES") in edges(g)
    # Line 118 lies in no task: no task edge for KH 37.
    assert not any(
        u.startswith(f"{NOTICE}/task") for u, _, _ in g.in_edges("doc:37-kh-ubnd-2025", keys=True)
    )


def test_tasks_indicators_and_agencies_without_registry() -> None:
    g = build_graph([kh103()], registry=None)
    row21 = f"{KH103}/task/21"
    assert (KH103, row21, "ASSIGNS") in edges(g)
    assert g.nodes[row21]["condition"] == "Ngay khi Bộ Công an ban hành"
    assert g.nodes[row21]["due"] is None
    lead = g.edges[row21, "unresolved:cong-an-tinh", "ASSIGNED_TO:lead"]
    assert lead == {"type": "ASSIGNED_TO", "role": "lead", "source": SRC103, "line": 1553}
    coord = "unresolved:cac-so-nganh-dia-phuong"
    assert g.edges[row21, coord, "ASSIGNED_TO:coordinate"]["role"] == "coordinate"
    agency = g.nodes["unresolved:cong-an-tinh"]
    assert agency["unresolved"] is True
    assert agency["name"] == "Công an tỉnh"
    assert agency["kind"] is None
    assert (f"{KH103}/indicator/28", "unresolved:cong-an-tinh", "MONITORED_BY") in edges(g)
    assert (KH103, f"{KH103}/indicator/28", "SETS") in edges(g)
    assert (row21, f"{KH103}/body/II.1.a", "DETAILS") in edges(g)
    # The body provision's own line 181 cites NQ 57.
    assert (f"{KH103}/body/II.1.a", "doc:57-nq-tw-2024", "CITES") in edges(g)


def test_every_node_and_edge_carries_the_contract() -> None:
    g = build_graph([kh103(), notice_000()])
    for node, attrs in g.nodes(data=True):
        expected = {"label", *NODE_PROPERTIES[attrs["label"]]}
        assert set(attrs) == expected, node
    for u, v, key, attrs in g.edges(keys=True, data=True):
        assert set(attrs) == {"type", *rel_properties(attrs["type"])}, (u, v, key)
        assert key == attrs["type"] or key == f"ASSIGNED_TO:{attrs['role']}"
    assert graph_summary(g)["nodes"] == {"Agency": 2, "Document": 7, "Indicator": 1, "Task": 3}


def test_loading_twice_changes_nothing() -> None:
    once = graph_json_text(build_graph([kh103(), notice_000()]))
    assert graph_json_text(build_graph([kh103(), notice_000(), kh103()])) == once
    # The same document from a second file name: still one document, no new nodes or edges.
    copy = kh103()
    copy.document.source = "zz_copy_of_001.txt"
    twice = build_graph([copy, kh103(), notice_000()])
    assert sorted(twice.nodes(data=True)) == sorted(
        build_graph([kh103(), notice_000()]).nodes(data=True)
    )
    assert edges(twice) == edges(build_graph([kh103(), notice_000()]))
    assert twice.graph["warnings"] == [
        f"{KH103}: loaded from {SRC103}, zz_copy_of_001.txt; kept {SRC103}"
    ]


def test_cited_document_becomes_full_when_loaded_in_any_order() -> None:
    docs = [kh103(), notice_000(), kh152_loaded()]
    texts = {graph_json_text(build_graph(list(order))) for order in itertools.permutations(docs)}
    assert len(texts) == 1
    g = build_graph(docs)
    kh152 = g.nodes["doc:152-kh-tu-2025"]
    assert kh152["in_corpus"] is True
    assert kh152["title"] == "Kế hoạch hành động thực hiện Nghị quyết 57-NQ/TW"
    assert kh152["source"] == "152.txt"
    # Stated by KH 103 and by KH 152 itself: one edge.
    assert g.number_of_edges("doc:152-kh-tu-2025", "doc:57-nq-tw-2024") == 1


def test_graph_json_round_trips_and_is_sorted(tmp_path) -> None:
    g = build_graph([kh103(), notice_000()])
    path = write_graph_json(g, tmp_path / "graph.json")
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "Công an tỉnh" in text  # ensure_ascii=False
    back = read_graph_json(path)
    assert graph_json_text(back) == text
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))
    data = json.loads(text)
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids)
    ends = [(e["from"], e["to"], e["key"]) for e in data["edges"]]
    assert ends == sorted(ends)
    assert {e["type"] for e in data["edges"]} >= {"ASSIGNS", "SUPERSEDES", "IMPLEMENTS"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Đề án 06", "Đề án"),
        ("Luật Giao dịch điện tử", "Luật"),
        ("Chương trình hành động 32", "Chương trình hành động"),
        ("Sổ tay", None),
    ],
)
def test_kind_from_name(name: str, kind: str | None) -> None:
    assert kind_from_name(name) == kind


def test_agencies_with_the_project_registry() -> None:
    from obligraph.graph.agencies import AgencyRegistry

    registry = AgencyRegistry.load()
    doc = kh103()
    # A mention no registry entry takes stays a node of its own.
    doc.tasks[1].assignments.append(Assignment(agency="Hội Nông dân tỉnh", role="coordinate"))
    g = build_graph([doc, notice_000()], registry)
    row21 = f"{KH103}/task/21"
    assert (row21, "cong-an-tinh", "ASSIGNED_TO:lead") in edges(g)
    assert (row21, "cac-so-nganh-dia-phuong", "ASSIGNED_TO:coordinate") in edges(g)
    assert (row21, "unresolved:hoi-nong-dan-tinh", "ASSIGNED_TO:coordinate") in edges(g)
    assert g.nodes["unresolved:hoi-nong-dan-tinh"]["unresolved"] is True
    assert (f"{NOTICE}/task/4", "cong-an-tinh", "ASSIGNED_TO:lead") in edges(g)
    police = g.nodes["cong-an-tinh"]
    assert (police["name"], police["kind"], police["level"], police["unresolved"]) == (
        "Công an tỉnh",
        "police",
        "province",
        False,
    )
    # Every registry agency is a node, mentioned or not: the succession chain is queryable.
    agencies = {n for n, a in g.nodes(data=True) if a["label"] == "Agency"}
    assert {a.id for a in registry.agencies()} <= agencies
    sttt = "so-thong-tin-va-truyen-thong"
    assert g.nodes[sttt]["active_to"] == "2025-02-28"
    to_khcn = g.edges[sttt, "so-khoa-hoc-va-cong-nghe", "SUCCEEDED_BY"]
    assert (to_khcn["date"], to_khcn["partial"]) == ("2025-03-01", False)
    assert g.edges[sttt, "so-van-hoa-the-thao-va-du-lich", "SUCCEEDED_BY"]["partial"] is True
    assert (sttt, "cac-so-ban-nganh", "MEMBER_OF") in edges(g)


def test_two_unnumbered_notices_of_one_day_are_both_kept(tmp_path) -> None:
    """The seed notices carry no number, so their id is kind + issuer + date. A second
    notice of the same day (here: 004 with its item 2, line 81, given to Sở Tư pháp
    instead of Công an tỉnh) must not be dropped as a copy of the first."""
    from pathlib import Path

    from obligraph.graph.build import build_from_paths

    raw = Path(__file__).resolve().parent.parent / "data" / "raw"
    original = next(raw.glob("004_*.txt"))
    text = original.read_text(encoding="utf-8")
    (tmp_path / original.name).write_text(text, encoding="utf-8")
    (tmp_path / "zz_same_day.txt").write_text(
        text.replace("Công an tỉnh", "Sở Tư pháp"), encoding="utf-8"
    )
    (tmp_path / "zz_copy.txt").write_text(text, encoding="utf-8")  # a plain copy: counted once

    g, loaded = build_from_paths([tmp_path])
    base = loaded[0].document.id
    assert base == "doc:tb-ubnd-tinh-2024-01-18"
    assert {d.document.id for d in loaded} == {base}
    docs = sorted(n for n, d in g.nodes(data=True) if d["label"] == "Document" and d["in_corpus"])
    assert docs == [base, f"{base}-zz-same-day"]

    def holders(doc_id: str) -> set[str]:
        return {
            g.nodes[a]["name"]
            for _, t, k in g.out_edges(doc_id, keys=True)
            if k == "ASSIGNS"
            for _, a, r in g.out_edges(t, keys=True)
            if r.startswith("ASSIGNED_TO")
        }

    assert "Công an tỉnh" in holders(base) and "Sở Tư pháp" not in holders(base)
    assert "Sở Tư pháp" in holders(f"{base}-zz-same-day")
    assert "Công an tỉnh" not in holders(f"{base}-zz-same-day")
    tasks = [t for _, t, k in g.out_edges(f"{base}-zz-same-day", keys=True) if k == "ASSIGNS"]
    assert len(tasks) == 20 and all(t.startswith(f"{base}-zz-same-day/") for t in tasks)
    assert g.graph["warnings"] == [
        f"{base}: loaded from {original.name}, zz_copy.txt; kept {original.name}",
        f"{base}: zz_same_day.txt is a different document with the same id (no number to"
        f" tell them apart); its id is {base}-zz-same-day",
    ]


def test_streamed_graph_json_is_node_link_data(tmp_path) -> None:
    """graph.json is written piece by piece (no second copy of a large graph in memory);
    its bytes must be exactly one json.dumps of networkx's node-link data, sorted."""
    import networkx as nx

    from obligraph.graph.graphjson import EDGES, LINK_FROM, LINK_TO

    g = build_graph([kh103(), notice_000(), kh152_loaded()])
    g.graph["note"] = {"nested": ["a", {"b": 1}], "empty": []}
    data = nx.node_link_data(g, edges=EDGES, source=LINK_FROM, target=LINK_TO)
    data["nodes"].sort(key=lambda n: n["id"])
    data[EDGES].sort(key=lambda e: (e[LINK_FROM], e[LINK_TO], e["key"]))
    want = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert graph_json_text(g) == want
    assert write_graph_json(g, tmp_path / "g.json").read_bytes() == want.encode("utf-8")
    assert (
        graph_json_text(nx.MultiDiGraph())
        == json.dumps(
            nx.node_link_data(nx.MultiDiGraph(), edges=EDGES, source=LINK_FROM, target=LINK_TO),
            indent=1,
            sort_keys=True,
        )
        + "\n"
    )
