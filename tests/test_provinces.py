"""Agencies of other provinces (graph/provinces.py): a Đồng Tháp plan's "Công an tỉnh" is
Công an tỉnh Đồng Tháp, not the registry's Công an tỉnh (Gia Lai).

Real texts: the seed corpus (the registry's own province, issuers "UBND tỉnh") with a plan
and a notice of UBND tỉnh Đồng Tháp (tests/fixtures), loaded and built as `obligraph
build` does; the answers are read on the embedded store and on networkx.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligraph.graph.build import build_graph, default_registry
from obligraph.graph.ladybug_store import LadybugStore, write_ladybug
from obligraph.loaders.pipeline import load_paths
from obligraph.loaders.records import Assignment, Document, LoadedDocument, Task
from obligraph.queries.named import run_named

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw"
DONG_THAP = [
    ROOT / "tests" / "fixtures" / "plan" / "dong_thap_kh_55.txt",
    ROOT / "tests" / "fixtures" / "notice" / "tb_dong_thap_de_an_06.txt",
]


def _assigned(g, doc_ids: set[str]) -> list[tuple[str, str]]:
    """(task, agency) of every ASSIGNED_TO from tasks of these documents."""
    return [
        (t, a)
        for t, a, k in g.edges(keys=True)
        if k.startswith("ASSIGNED_TO") and g.nodes[t]["doc_id"] in doc_ids
    ]


@pytest.fixture(scope="module")
def loaded():
    return load_paths([SEEDS, *DONG_THAP])


@pytest.fixture(scope="module")
def graph(loaded):
    return build_graph(loaded, default_registry())


def _of_dong_thap(doc: LoadedDocument) -> bool:
    return "Đồng Tháp" in (doc.document.issuer or "")


@pytest.fixture(scope="module")
def dong_thap_docs(loaded, graph) -> set[str]:
    """The Đồng Tháp documents' nodes: those the graph places in Đồng Tháp."""
    docs = {
        n
        for n, a in graph.nodes(data=True)
        if a["label"] == "Document" and a["in_corpus"] and a["province"] == "Đồng Tháp"
    }
    assert len(docs) == len([d for d in loaded if _of_dong_thap(d)]) == 2  # both headers say so
    return docs


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("provinces") / "ladybug"
    write_ladybug(graph, db_dir)
    with LadybugStore(db_dir) as s:
        yield s


def test_another_provinces_mentions_name_its_own_agencies(graph, dong_thap_docs) -> None:
    edges = _assigned(graph, dong_thap_docs)
    assert len(edges) >= 20
    for task, agency in edges:
        attrs = graph.nodes[agency]
        # Every one is Đồng Tháp's (or central): none is a registry agency of Gia Lai.
        assert attrs["province"] == "Đồng Tháp" or attrs["level"] == "central", (task, agency)
    agencies = {a for _, a in edges}
    assert "cong-an-tinh-dong-thap" in agencies
    assert graph.nodes["cong-an-tinh-dong-thap"]["name"] == "Công an tỉnh Đồng Tháp"
    assert graph.nodes["cong-an-tinh-dong-thap"]["kind"] == "police"
    # Its collective is Đồng Tháp's too, so "with collectives" stays in the province.
    assert graph.has_edge("cong-an-tinh-dong-thap", "cac-so-ban-nganh-tinh-dong-thap", "MEMBER_OF")


def test_the_registry_provinces_assignments_do_not_change(loaded, graph, dong_thap_docs) -> None:
    seeds_only = build_graph([d for d in loaded if not _of_dong_thap(d)], default_registry())
    seed_docs = {n for n, a in seeds_only.nodes(data=True) if a.get("in_corpus")}
    assert sorted(_assigned(graph, seed_docs)) == sorted(_assigned(seeds_only, seed_docs))
    assert all(graph.nodes[a]["province"] is None for _, a in _assigned(graph, seed_docs))


def test_owns_keeps_each_province_to_its_own(graph, store, dong_thap_docs) -> None:
    home = run_named("owns", {"agency": "Công an tỉnh"}, store=store)
    there = run_named("owns", {"agency": "Công an tỉnh Đồng Tháp"}, store=store)
    assert home and there
    assert not {r["doc_id"] for r in home} & dong_thap_docs
    assert {r["doc_id"] for r in there} <= dong_thap_docs
    # The same answer on networkx.
    assert run_named("owns", {"agency": "Công an tỉnh Đồng Tháp"}, graph=graph) == there


def _dong_thap_plan_of_2024(mention: str) -> LoadedDocument:
    doc_id = "doc:12-kh-ubnd-2024"
    return LoadedDocument(
        document=Document(
            id=doc_id,
            number="12/KH-UBND",
            kind="Kế hoạch",
            kind_code="KH",
            issuer="UBND tỉnh Đồng Tháp",
            issued=date(2024, 3, 1),
            source="dt.txt",
        ),
        tasks=[
            Task(
                id=f"{doc_id}/appendix/1",
                doc_id=doc_id,
                no="1",
                origin="appendix",
                text="Xây dựng kế hoạch đầu tư công trung hạn",
                assignments=[Assignment(agency=mention, role="lead")],
                source="dt.txt",
                line_start=10,
                line_end=11,
            )
        ],
    )


def test_a_renamed_department_passes_its_tasks_on_within_its_province(tmp_path) -> None:
    # Sở Kế hoạch và Đầu tư merged into Sở Tài chính in every province (DOMAIN.md): the
    # 2024 task of Đồng Tháp's goes to Đồng Tháp's Sở Tài chính, not to the registry's.
    g = build_graph([_dong_thap_plan_of_2024("Sở KH&ĐT")], default_registry())
    old, new = "so-ke-hoach-va-dau-tu-tinh-dong-thap", "so-tai-chinh-tinh-dong-thap"
    assert g.has_edge(old, new, "SUCCEEDED_BY")
    assert g.edges[old, new, "SUCCEEDED_BY"]["date"] == "2025-03-01"
    db_dir = tmp_path / "ladybug"
    write_ladybug(g, db_dir)
    with LadybugStore(db_dir) as store:
        there = run_named("owns", {"agency": "Sở Tài chính tỉnh Đồng Tháp"}, store=store)
        home = run_named("owns", {"agency": "Sở Tài chính"}, store=store)
    assert [(r["no"], r["inherited_from"]) for r in there] == [
        ("1", "Sở Kế hoạch và Đầu tư tỉnh Đồng Tháp")
    ]
    assert home == []


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("UBND tỉnh", "ubnd-tinh-dong-thap"),  # the registry's is UBND tỉnh Gia Lai
        ("UBND tỉnh Gia Lai", "ubnd-tinh-gia-lai"),  # named: the registry's own
        ("Bộ Công an", "bo-cong-an"),  # central: one for all
        ("Trường Đại học Quy Nhơn", "truong-dai-hoc-quy-nhon"),  # bound to its place
        ("Ngân hàng Nhà nước chi nhánh tỉnh", "ngan-hang-nha-nuoc-chi-nhanh-tinh-dong-thap"),
        ("Hội Nông dân tỉnh", "unresolved:hoi-nong-dan-tinh-dong-thap"),
    ],
)
def test_which_agencies_become_the_provinces(mention: str, expected: str) -> None:
    g = build_graph([_dong_thap_plan_of_2024(mention)], default_registry())
    (agency,) = {a for _, a in _assigned(g, {"doc:12-kh-ubnd-2024-dong-thap"})}
    assert agency == expected
    if expected.startswith("unresolved:"):
        assert g.nodes[agency]["name"] == mention  # as printed, flagged, in its province
        assert g.nodes[agency]["province"] == "Đồng Tháp"


def test_a_regional_successor_is_not_guessed_for_another_province() -> None:
    # Ngân hàng Nhà nước chi nhánh tỉnh (Gia Lai) became chi nhánh khu vực 10, a region
    # that does not hold Đồng Tháp: Đồng Tháp's branch gets no successor.
    g = build_graph(
        [_dong_thap_plan_of_2024("Ngân hàng Nhà nước chi nhánh tỉnh")], default_registry()
    )
    assert list(g.successors("ngan-hang-nha-nuoc-chi-nhanh-tinh-dong-thap")) == [
        "cac-so-ban-nganh-tinh-dong-thap"
    ]


# ---------------------------------------------------------------- documents of a province

NOTICE_215 = DONG_THAP[1]  # Số: 215/TB-UBND, 12/5/2025, UBND tỉnh Đồng Tháp
CITES_215 = "Căn cứ Thông báo số 215/TB-UBND ngày 12/5/2025 của UBND tỉnh;"


def _in_gia_lai(text: str) -> str:
    """The same text issued by the registry's own province (header and place of issue)."""
    return text.replace("TỈNH ĐỒNG THÁP", "TỈNH GIA LAI").replace(
        "Đồng Tháp, ngày", "Gia Lai, ngày"
    )


def _plan_citing(line: str) -> str:
    """The Đồng Tháp plan with one more legal basis after its first ("Căn cứ …")."""
    lines = DONG_THAP[0].read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(k for k, text in enumerate(lines) if text.startswith("Căn cứ"))
    return "".join([*lines[: at + 1], line + "\n", *lines[at + 1 :]])


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory):
    """Notice 215/TB-UBND of 2025 issued in Đồng Tháp and in Gia Lai, and a plan of each
    province citing "Thông báo số 215/TB-UBND … của UBND tỉnh" and a Đồng Tháp plan by
    its issuer."""
    folder = tmp_path_factory.mktemp("two-provinces")
    notice = NOTICE_215.read_text(encoding="utf-8")
    (folder / "tb_215_dong_thap.txt").write_text(notice, encoding="utf-8")
    (folder / "tb_215_gia_lai.txt").write_text(_in_gia_lai(notice), encoding="utf-8")
    (folder / "kh_dong_thap.txt").write_text(_plan_citing(CITES_215), encoding="utf-8")
    gia_lai_plan = _plan_citing(
        CITES_215 + "\nCăn cứ Kế hoạch số 55/KH-UBND ngày 10/3/2025 của UBND tỉnh Đồng Tháp;"
    )
    (folder / "kh_gia_lai.txt").write_text(_in_gia_lai(gia_lai_plan), encoding="utf-8")
    loaded = load_paths([folder])
    return loaded, build_graph(loaded, default_registry())


def _cited(g, doc_id: str) -> set[str]:
    return {v for _, v, k in g.out_edges(doc_id, keys=True) if g.nodes[v]["label"] == "Document"}


def test_each_province_keeps_its_own_document_of_a_number(two_provinces) -> None:
    loaded, g = two_provinces
    # The loader gives both notices the id of their number and year ...
    assert sorted(d.document.id for d in loaded if d.document.kind_code == "TB") == [
        "doc:215-tb-ubnd-2025",
        "doc:215-tb-ubnd-2025",
    ]
    # ... and the graph keeps each in its province, neither renamed after its file.
    assert g.nodes["doc:215-tb-ubnd-2025"]["province"] is None
    assert g.nodes["doc:215-tb-ubnd-2025"]["source"] == "tb_215_gia_lai.txt"
    assert g.nodes["doc:215-tb-ubnd-2025-dong-thap"]["province"] == "Đồng Tháp"
    assert g.nodes["doc:215-tb-ubnd-2025-dong-thap"]["source"] == "tb_215_dong_thap.txt"
    assert not [w for w in g.graph["warnings"] if "same id" in w]
    # Each keeps its own tasks, under its own id.
    for doc_id in ("doc:215-tb-ubnd-2025", "doc:215-tb-ubnd-2025-dong-thap"):
        tasks = [t for _, t, k in g.out_edges(doc_id, keys=True) if k == "ASSIGNS"]
        assert len(tasks) >= 5
        assert all(g.nodes[t]["doc_id"] == doc_id and t.startswith(doc_id + "/") for t in tasks)


def test_a_citation_names_its_own_provinces_document(two_provinces) -> None:
    loaded, g = two_provinces
    plans = {
        g.nodes[d]["source"]: d
        for d, a in g.nodes(data=True)
        if a["label"] == "Document" and a["in_corpus"] and a["kind_code"] == "KH"
    }
    dong_thap, gia_lai = _cited(g, plans["kh_dong_thap.txt"]), _cited(g, plans["kh_gia_lai.txt"])
    # "Thông báo số 215/TB-UBND … của UBND tỉnh": the citing plan's province's notice.
    assert "doc:215-tb-ubnd-2025-dong-thap" in dong_thap
    assert "doc:215-tb-ubnd-2025" not in dong_thap
    assert "doc:215-tb-ubnd-2025" in gia_lai
    assert "doc:215-tb-ubnd-2025-dong-thap" not in gia_lai
    # A central resolution is one document for both provinces.
    assert "doc:71-nq-cp-2025" in dong_thap & gia_lai
    # A Gia Lai plan citing a plan "của UBND tỉnh Đồng Tháp": Đồng Tháp's, known by citation.
    cited = g.nodes["doc:55-kh-ubnd-2025-dong-thap"]
    assert "doc:55-kh-ubnd-2025-dong-thap" in gia_lai
    assert (cited["in_corpus"], cited["province"]) == (False, "Đồng Tháp")
    assert "doc:55-kh-ubnd-2025" not in g


def test_the_embedded_store_answers_by_province(two_provinces, tmp_path) -> None:
    _, g = two_provinces
    write_ladybug(g, tmp_path / "ladybug")
    with LadybugStore(tmp_path / "ladybug") as store:
        rows = store.query(
            "MATCH (d:Document {number: $number}) RETURN d.id AS id, d.province AS province "
            "ORDER BY id",
            {"number": "215/TB-UBND"},
        )
    assert [(r["id"], r["province"]) for r in rows] == [
        ("doc:215-tb-ubnd-2025", None),
        ("doc:215-tb-ubnd-2025-dong-thap", "Đồng Tháp"),
    ]


def test_restates_stays_within_a_province(tmp_path) -> None:
    """The same directives in a later Đồng Tháp notice restate Đồng Tháp's; Gia Lai's
    notice of the same words restates nothing of Đồng Tháp's."""
    notice = NOTICE_215.read_text(encoding="utf-8")
    later = notice.replace("Số: 215/TB-UBND", "Số: 260/TB-UBND").replace(
        "ngày 12 tháng 5 năm 2025", "ngày 20 tháng 6 năm 2025"
    )
    assert later.count("260/TB-UBND") == 1 and "20 tháng 6" in later
    (tmp_path / "tb_215_dong_thap.txt").write_text(notice, encoding="utf-8")
    (tmp_path / "tb_260_dong_thap.txt").write_text(later, encoding="utf-8")
    (tmp_path / "tb_215_gia_lai.txt").write_text(_in_gia_lai(notice), encoding="utf-8")
    g = build_graph(load_paths([tmp_path]), default_registry())
    pairs = {
        (g.nodes[u]["doc_id"], g.nodes[v]["doc_id"])
        for u, v, k in g.edges(keys=True)
        if k == "RESTATES"
    }
    assert pairs == {("doc:260-tb-ubnd-2025-dong-thap", "doc:215-tb-ubnd-2025-dong-thap")}


def test_the_agencies_report_names_the_graphs_unresolved_node() -> None:
    # `obligraph agencies --unresolved` lists a mention of another province's document
    # with that province and the id its node has in the graph.
    from obligraph.graph.agencies import AgencyRegistry, agencies_report, render_agencies_report

    docs = [_dong_thap_plan_of_2024("Hội Nông dân tỉnh")]
    report = agencies_report(docs, AgencyRegistry.load())
    (entry,) = report["unresolved"]
    g = build_graph(docs, default_registry())
    (node,) = {a for _, a in _assigned(g, {"doc:12-kh-ubnd-2024-dong-thap"})}
    assert (entry["province"], entry["unresolved_id"]) == ("Đồng Tháp", node)
    assert "'Hội Nông dân tỉnh' (Đồng Tháp) -> " + node in render_agencies_report(report)


def test_sheets_and_the_page_name_the_province_of_a_document(two_provinces) -> None:
    # Two "Thông báo 215/TB-UBND" of 2025 must not read alike on a sheet or the page.
    from obligraph.viz.obligations import agency_obligations
    from obligraph.viz.page import tooltip

    _, g = two_provinces
    sheet = agency_obligations(g, "so-y-te-tinh-dong-thap", date(2025, 12, 31))
    documents = {row.document for row in sheet.rows}
    assert "Thông báo 215/TB-UBND (Đồng Tháp)" in documents
    assert "Thông báo 215/TB-UBND" not in documents
    home = agency_obligations(g, "so-y-te", date(2025, 12, 31))
    assert "Thông báo 215/TB-UBND" in {row.document for row in home.rows}
    assert "Tỉnh: Đồng Tháp" in tooltip(g, "doc:215-tb-ubnd-2025-dong-thap")
