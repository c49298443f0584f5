"""The interactive page, opened in real headless Chromium with the network switched off.

Every test opens a page written by obligraph.viz.page, waits until vis-network has drawn,
drives the page's own controls like a person, and checks that the only request the browser
made was for the file itself. Skipped (with the reason) only when chromium is not installed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from obligraph.errors import QueryError
from obligraph.graph.graphjson import read_graph_json
from obligraph.viz.page import MAX_FULL_VIEW_NODES, page_html, script_json, select_view, write_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "viz" / "mini_graph.json"
ARTIFACTS = ROOT / "out" / "test-artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
XSS_TEXT = '<script>window.__xss = 1; alert(1)</script><img src=x onerror="window.__xss = 2">'

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mini_graph() -> nx.MultiDiGraph:
    return read_graph_json(FIXTURE)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium/chromedriver not installed (make browser installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="obligraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--window-size=1600,1000",
        # The network is off: every host resolves to nothing and every proxy is a dead port.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--allow-file-access-from-files",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (CDP performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def open_page(driver, path: Path) -> None:
    """Load the page and wait until vis-network has drawn its nodes on a canvas."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance")  # drop what an earlier page asked for
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script(
            "var p = window.obligraphPage;"
            "return !!p && p.network.body.data.nodes.length > 0"
            " && !!document.querySelector('#network canvas') && p.stabilized;"
        )
    )


def assert_no_network(driver, path: Path) -> None:
    """Only the page itself was fetched (data: URIs of inlined CSS are not requests)."""
    urls = [u for u in requested_urls(driver) if not u.startswith("data:")]
    assert urls, "the performance log recorded no request at all (is Network.enable on?)"
    assert set(urls) == {path.resolve().as_uri()}, urls


def visible_count(driver) -> int:
    shown = driver.execute_script("return window.obligraphPage.network.body.data.nodes.length")
    assert int(driver.find_element("id", "visible-count").text) == shown
    return shown


def agency_view_size(graph: nx.MultiDiGraph, agency: str) -> int:
    """What the agency filter should leave: the agency, the tasks and indicators assigned
    to it directly, and the documents those come from."""
    work = {
        src
        for src, _, d in graph.in_edges(agency, data=True)
        if d["type"] in ("ASSIGNED_TO", "MONITORED_BY")
    }
    docs = {graph.nodes[w]["doc_id"] for w in work}
    return 1 + len(work) + len(docs)


def test_script_json_cannot_close_the_script_block():
    text = script_json({"text": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["text"].startswith("</script>")


def test_full_view_is_refused_above_the_limit():
    big = nx.MultiDiGraph()
    for i in range(MAX_FULL_VIEW_NODES + 1):
        big.add_node(f"a{i}", label="Agency", name=f"Cơ quan {i}")
    with pytest.raises(QueryError, match="--agency"):
        select_view(big)
    # a neighbourhood of the same graph is fine
    view, _ = select_view(big, agency="a7", depth=2)
    assert list(view.nodes) == ["a7"]


def test_agency_view_is_the_depth_2_neighbourhood(mini_graph):
    view, title = select_view(mini_graph, agency="Công an tỉnh", depth=1)
    # depth 1 from the agency: its tasks, its indicator, the collective it belongs to
    assert sorted(view.nodes) == [
        "cac-so-nganh-dia-phuong",
        "cong-an-tinh",
        "doc:103-kh-ubnd-2025/indicator/28",
        "doc:103-kh-ubnd-2025/task/22",
        "doc:103-kh-ubnd-2025/task/71",
        "doc:tb-ubnd-tinh-2024-01-18/task/2",
        "doc:tb-ubnd-tinh-2025-03-18/task/II.4",
        "doc:tb-ubnd-tinh-2025-07-05/task/3",
    ]
    assert title.startswith("Công an tỉnh")
    two, _ = select_view(mini_graph, agency="cong-an-tinh")
    assert "doc:103-kh-ubnd-2025" in two and "so-khoa-hoc-va-cong-nghe" in two
    with pytest.raises(QueryError, match="no agency"):
        select_view(mini_graph, agency="Sở Không Tồn Tại")


def test_page_is_deterministic_and_self_contained(mini_graph):
    first = page_html(mini_graph, "t")
    assert first == page_html(mini_graph, "t")
    fetching = FetchingTags()
    fetching.feed(first)
    assert fetching.found == []  # no <link>, no src=, no href= to load anything from


class FetchingTags(HTMLParser):
    """Collects tags that would make the browser fetch something (link, src, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "link" or any(name in ("src", "href") for name, _ in attrs):
            self.found.append((tag, attrs))


def test_page_renders_filters_and_searches_offline(browser, mini_graph, tmp_path):
    path = tmp_path / "graph.html"
    summary = write_page(mini_graph, path, full=True)
    open_page(browser, path)
    assert visible_count(browser) == mini_graph.number_of_nodes() == summary.nodes == 29
    drawn_edges = browser.execute_script(
        "return window.obligraphPage.network.body.data.edges.length"
    )
    assert drawn_edges == mini_graph.number_of_edges()

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    # node type filter: untick "Nhiệm vụ" (Task) -> the 15 tasks disappear
    browser.find_element(By.CSS_SELECTOR, "input.type-toggle[value=Task]").click()
    assert visible_count(browser) == 29 - 15
    browser.find_element(By.ID, "reset").click()
    assert visible_count(browser) == 29

    # agency filter: Công an tỉnh -> itself, 5 tasks, 1 indicator, 4 documents
    Select(browser.find_element(By.ID, "agency-filter")).select_by_visible_text("Công an tỉnh")
    assert visible_count(browser) == agency_view_size(mini_graph, "cong-an-tinh") == 11
    # and the document filter narrows it further (AND): the 05/07/2025 notice
    Select(browser.find_element(By.ID, "document-filter")).select_by_visible_text(
        "Thông báo UBND tỉnh ngày 05/07/2025"
    )
    # the notice, its task 3 (Công an leads) and Công an tỉnh; task 4 is Văn phòng's
    assert visible_count(browser) == 3
    browser.find_element(By.ID, "reset").click()

    # search by number, without accents
    box = browser.find_element(By.ID, "search")
    box.send_keys("103/KH-UBND")
    browser.find_element(By.ID, "search-button").click()
    found = browser.execute_script("return window.obligraphPage.lastSearch")
    assert found == ["doc:103-kh-ubnd-2025"]
    assert browser.find_element(By.ID, "search-result").text == "1 kết quả"
    selected = browser.execute_script("return window.obligraphPage.network.getSelectedNodes()")
    assert selected == ["doc:103-kh-ubnd-2025"]
    box.clear()
    box.send_keys("so khoa hoc va cong nghe")
    browser.find_element(By.ID, "search-button").click()
    found = browser.execute_script("return window.obligraphPage.lastSearch")
    assert "so-khoa-hoc-va-cong-nghe" in found

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "reset").click()
    shot = ARTIFACTS / "page-mini.png"
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")
    assert_no_network(browser, path)


def click_node(driver, node_id: str) -> None:
    """Click a node on the canvas where vis-network drew it, like a mouse would."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    x, y = driver.execute_script(
        "var net = window.obligraphPage.network; var p = net.getPositions([arguments[0]])[arguments[0]];"
        "var d = net.canvasToDOM(p); return [d.x, d.y];",
        node_id,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    time.sleep(0.3)


def test_script_in_document_text_does_not_run(browser, mini_graph, tmp_path):
    graph = mini_graph.copy()
    task = "doc:tb-ubnd-tinh-2025-07-05/task/9"
    graph.add_node(
        task, **{**graph.nodes["doc:tb-ubnd-tinh-2025-07-05/task/3"], "no": "9", "text": XSS_TEXT}
    )
    graph.add_edge(
        "doc:tb-ubnd-tinh-2025-07-05", task, key="ASSIGNS", type="ASSIGNS", source=None, line=None
    )
    graph.add_edge(
        task,
        "cong-an-tinh",
        key="ASSIGNED_TO:lead",
        type="ASSIGNED_TO",
        role="lead",
        source=None,
        line=None,
    )
    path = tmp_path / "xss.html"
    write_page(graph, path, document="doc:tb-ubnd-tinh-2025-07-05", depth=1)
    open_page(browser, path)

    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    assert browser.execute_script("return window.__xss === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 3  # vis, data, page code
    # the text is data: the tooltip and the details panel show it verbatim, as text
    title = browser.execute_script(
        "return window.obligraphPage.nodes.get(arguments[0]).title", task
    )
    assert XSS_TEXT in title
    click_node(browser, task)
    details = browser.find_element(By.ID, "details")
    assert XSS_TEXT in details.text
    assert details.find_elements(By.XPATH, "./*") == []
    # click highlight: everything but the task's neighbours is dimmed
    dimmed = browser.execute_script(
        "var p = window.obligraphPage; return p.nodesView.get().filter("
        "function (n) { return n.color && n.color.background === '#e2e8f0'; }).length"
    )
    neighbours = set(nx.all_neighbors(graph, task)) & set(
        select_view(graph, document="doc:tb-ubnd-tinh-2025-07-05", depth=1)[0]
    )
    assert dimmed == visible_count(browser) - 1 - len(neighbours)
    assert_no_network(browser, path)


def test_seed_graph_page(browser, tmp_path):
    """The whole seed graph: drawn, filtered to Công an tỉnh, searched; screenshot kept."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from obligraph.graph.build import build_from_paths

    graph, _ = build_from_paths([ROOT / "data" / "raw"])
    path = tmp_path / "graph.html"
    summary = write_page(graph, path, full=True)
    open_page(browser, path)
    assert visible_count(browser) == graph.number_of_nodes() == summary.nodes
    tasks = sum(1 for _, a in graph.nodes(data=True) if a["label"] == "Task")
    assert tasks > 100  # Phụ lục II of KH 103 alone has 106 rows

    positions = "return window.obligraphPage.network.getPositions(arguments[0])"
    anchors = ["doc:103-kh-ubnd-2025", "cong-an-tinh", "doc:tb-ubnd-tinh-2025-03-18"]
    laid_out = browser.execute_script(positions, anchors)
    browser.find_element(By.CSS_SELECTOR, "input.type-toggle[value=Task]").click()
    assert visible_count(browser) == graph.number_of_nodes() - tasks
    browser.find_element(By.ID, "reset").click()

    Select(browser.find_element(By.ID, "agency-filter")).select_by_visible_text("Công an tỉnh")
    assert visible_count(browser) == agency_view_size(graph, "cong-an-tinh")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("window.obligraphPage.network.fit()")
    filtered = ARTIFACTS / "page-cong-an-tinh.png"
    browser.save_screenshot(str(filtered))
    browser.find_element(By.ID, "reset").click()
    # filtering hides and restores nodes; the layout stays where it was
    after = browser.execute_script(positions, anchors)
    for node in anchors:
        assert abs(after[node]["x"] - laid_out[node]["x"]) < 1
        assert abs(after[node]["y"] - laid_out[node]["y"]) < 1

    box = browser.find_element(By.ID, "search")
    box.send_keys("103/KH-UBND")
    browser.find_element(By.ID, "search-button").click()
    found = browser.execute_script("return window.obligraphPage.lastSearch")
    assert "doc:103-kh-ubnd-2025" in found
    browser.find_element(By.ID, "reset").click()
    shot = ARTIFACTS / "page.png"
    browser.save_screenshot(str(shot))
    print(f"screenshots: {shot} {filtered}")
    assert_no_network(browser, path)
