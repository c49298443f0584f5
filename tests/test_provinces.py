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


@pytest.fixture(scope="module")
def dong_thap_docs(loaded) -> set[str]:
    docs = {d.document.id for d in loaded if "Đồng Tháp" in (d.document.issuer or "")}
    assert len(docs) == 2  # both fixtures say so in their header
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
    seeds_only = build_graph(
        [d for d in loaded if d.document.id not in dong_thap_docs], default_registry()
    )
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
    (agency,) = {a for _, a in _assigned(g, {"doc:12-kh-ubnd-2024"})}
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
