"""The overview page, in real headless Chromium with the network off (as test_viz_page.py).

On the seeds (always): the overview draws every document at the positions computed in
Python (nothing moves after the first picture), a click on a document on the canvas
opens its tasks and agencies, a click on an agency its tasks by document (the same rows
as `obligraph query owns`, direct and inherited, groups counted apart), the agency filter
keeps and zooms to that agency's documents, legend counts follow, search zooms to what it
finds, document text cannot run script, and nothing is fetched.

On a 1,000-document bench corpus (bench/make_corpus.py; building it takes minutes, so
only when OBLIGRAPH_BENCH_STORE names a store built from it, e.g.
`python bench/make_corpus.py --docs 1000 --out /tmp/c1000 && obligraph build /tmp/c1000
--store /tmp/s1000`): it draws, a click on a document shows its tasks, the filter zooms.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import networkx as nx
import pytest
from test_viz_page import ARTIFACTS, assert_no_network, browser, click_node  # noqa: F401

from obligraph.graph.build import build_from_paths
from obligraph.graph.graphjson import read_graph_json
from obligraph.queries.named import run_named
from obligraph.viz.overview import overview_data
from obligraph.viz.page import write_page

ROOT = Path(__file__).resolve().parent.parent
BENCH_STORE = os.environ.get("OBLIGRAPH_BENCH_STORE")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    graph, _ = build_from_paths([ROOT / "data" / "raw"])
    return graph


def open_overview(driver, path: Path) -> float:
    """Load the page, wait for its first picture; return the time to it (ms)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script(
            "return !!window.obligraphPage && window.obligraphPage.stabilized"
        )
    )
    return driver.execute_script("return window.obligraphPage.firstDrawMs")


def shown(driver, kind: str | None = None) -> list[str]:
    """Ids of the nodes drawn now ('d…' documents, 't…' tasks, 'a…' agencies)."""
    ids = driver.execute_script("return window.obligraphPage.network.body.data.nodes.getIds()")
    return [n for n in ids if kind is None or n[0] == kind]


def in_viewport(driver, ids: list[str]) -> bool:
    """Every one of these nodes is drawn inside the canvas (the view zoomed to them)."""
    return driver.execute_script(
        "var net = window.obligraphPage.network, c = document.querySelector('#network canvas');"
        "var w = c.clientWidth, h = c.clientHeight, at = net.getPositions(arguments[0]);"
        "return arguments[0].every(function (id) { var p = net.canvasToDOM(at[id]);"
        " return p.x >= -2 && p.y >= -2 && p.x <= w + 2 && p.y <= h + 2; });",
        ids,
    )


def legend_count(driver, kind: str) -> int:
    from selenium.webdriver.common.by import By

    row = driver.find_element(By.CSS_SELECTOR, f"#legend-kinds [data-kind='{kind}'] .n")
    return int(row.text)


def test_overview_data_is_deterministic_and_layered(seed_graph) -> None:
    data = overview_data(seed_graph)
    assert data == overview_data(seed_graph)
    docs = {d[0]: d for d in data["docs"]}
    # KH 103 carries out NQ 71, which carries out NQ 57: each sits below what it implements
    layer = {d: docs[d][9] for d in docs}
    assert layer["doc:103-kh-ubnd-2025"] > layer[next(d for d in docs if docs[d][1] == "71/NQ-CP")]
    # sized by task count: KH 103's 106 appendix rows and 97 provisions
    assert docs["doc:103-kh-ubnd-2025"][6] == 203
    # an agency's rows are owns' rows (direct and inherited; groups listed apart)
    police = [a[0] for a in data["agencies"]].index("cong-an-tinh")
    owned = run_named(
        "owns", {"agency": "cong-an-tinh", "with_collectives": False}, graph=seed_graph
    )
    assert len(data["agency_rows"][police][0]) == sum(r["item"] == "task" for r in owned)
    groups = {data["agencies"][g][0] for g in data["agency_rows"][police][1]}
    assert "cac-so-nganh-dia-phuong" in groups


def test_seed_overview_drills_filters_and_searches(browser, seed_graph, tmp_path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    path = tmp_path / "overview.html"
    write_page(seed_graph, path)
    data = overview_data(seed_graph)
    first_ms = open_overview(browser, path)
    assert first_ms > 0
    docs = shown(browser, "d")
    assert len(docs) == len(data["docs"])
    # the positions are the ones computed in Python: nothing settles in the browser
    kh103 = "d" + str([d[0] for d in data["docs"]].index("doc:103-kh-ubnd-2025"))
    at = browser.execute_script(
        "return window.obligraphPage.network.getPositions([arguments[0]])[arguments[0]]", kh103
    )
    row = data["docs"][int(kh103[1:])]
    assert (round(at["x"]), round(at["y"])) == (row[7], row[8])
    assert legend_count(browser, "KH") == sum(1 for d in data["docs"] if d[3] == "KH")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "overview-seeds.png"))

    # a click on KH 103 shows its 203 tasks and their agencies
    click_node(browser, kh103)
    assert browser.execute_script("return window.obligraphPage.mode") == "document"
    assert len(shown(browser, "t")) == 203
    assert shown(browser, "a")
    assert "203 nhiệm vụ" in browser.find_element(By.ID, "details").text
    assert legend_count(browser, "task") == 203
    browser.save_screenshot(str(ARTIFACTS / "overview-seeds-kh103.png"))

    # a click on Công an tỉnh: its tasks by document, as owns gives them
    police = "a" + str([a[0] for a in data["agencies"]].index("cong-an-tinh"))
    browser.execute_script(
        "window.obligraphPage.network.fit({nodes: [arguments[0]], animation: false})", police
    )
    click_node(browser, police)
    assert browser.execute_script("return window.obligraphPage.mode") == "agency"
    details = browser.find_element(By.ID, "details").text
    assert "Giao trực tiếp: 15" in details and "Các sở, ngành, địa phương" in details
    browser.save_screenshot(str(ARTIFACTS / "overview-seeds-cong-an-tinh.png"))

    # back to the overview; the agency filter keeps its documents and zooms to them
    browser.find_element(By.ID, "back").click()
    Select(browser.find_element(By.ID, "agency-filter")).select_by_value(police[1:])
    kept = shown(browser, "d")
    assert 0 < len(kept) < len(docs)
    assert int(browser.find_element(By.ID, "visible-count").text) == len(kept)
    assert legend_count(browser, "KH") + legend_count(browser, "TB") == len(kept)
    assert in_viewport(browser, kept)
    browser.find_element(By.ID, "reset").click()
    assert len(shown(browser, "d")) == len(docs)

    # search zooms to what it finds
    box = browser.find_element(By.ID, "search")
    box.send_keys("103/KH-UBND")
    box.submit()
    found = browser.execute_script("return window.obligraphPage.lastSearch")
    assert kh103 in found and in_viewport(browser, found)
    assert_no_network(browser, path)


def test_document_text_cannot_run_script(browser, seed_graph, tmp_path) -> None:  # noqa: F811
    graph = seed_graph.copy()
    evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
    graph.nodes["doc:103-kh-ubnd-2025"]["title"] = evil
    task = next(n for n, a in graph.nodes(data=True) if a.get("doc_id") == "doc:103-kh-ubnd-2025")
    graph.nodes[task]["text"] = evil
    path = tmp_path / "xss.html"
    write_page(graph, path)
    open_overview(browser, path)
    browser.execute_script(
        "var D = window.obligraphPage.data;"
        "window.obligraphPage.drillDocument(D.docs.findIndex(function (d) { return d[0] === 'doc:103-kh-ubnd-2025'; }));"
    )
    time.sleep(0.3)
    assert browser.execute_script("return window.__xss === undefined")
    assert "<script>" in browser.find_element("id", "details").text  # shown as text


@pytest.mark.skipif(
    not BENCH_STORE, reason="OBLIGRAPH_BENCH_STORE unset (a built 1,000-document bench store)"
)
def test_bench_overview_draws_drills_and_zooms(browser, tmp_path) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import Select

    graph = read_graph_json(Path(str(BENCH_STORE)) / "graph.json")
    path = tmp_path / "bench.html"
    started = time.time()
    write_page(graph, path)
    written = time.time() - started
    first_ms = open_overview(browser, path)
    docs = shown(browser, "d")
    loaded = sum(
        1 for _, a in graph.nodes(data=True) if a.get("label") == "Document" and a.get("in_corpus")
    )
    assert len(docs) >= loaded >= 1000
    print(
        f"\nbench overview: {len(docs)} documents, {path.stat().st_size / 1e6:.1f} MB, "
        f"written in {written:.1f} s, first picture {first_ms:.0f} ms"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "overview-bench.png"))
    # the document with the most tasks: a click shows them
    data = browser.execute_script(
        "return window.obligraphPage.data.docs.map(function (d) { return d[6]; })"
    )
    best = max(range(len(data)), key=data.__getitem__)
    browser.execute_script(
        "window.obligraphPage.network.fit({nodes: ['d' + arguments[0]], animation: false})", best
    )
    click_node(browser, f"d{best}")
    assert browser.execute_script("return window.obligraphPage.mode") == "document"
    assert len(shown(browser, "t")) == min(400, data[best])
    browser.save_screenshot(str(ARTIFACTS / "overview-bench-document.png"))
    browser.find_element("id", "back").click()
    # the agency filter zooms to the chosen agency's documents
    select = Select(browser.find_element("id", "agency-filter"))
    select.select_by_index(1)
    kept = shown(browser, "d")
    assert 0 < len(kept) <= len(docs) and in_viewport(browser, kept)
    browser.save_screenshot(str(ARTIFACTS / "overview-bench-filtered.png"))
    assert_no_network(browser, path)
