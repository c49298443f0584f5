"""Figures of the overview page: file size, time to write it, and time to the first useful
picture in a real browser (Debian's headless chromium, network off), per built store.

    python bench/page_bench.py store /tmp/s200 /tmp/s1000 [--out bench/figures-page.json]

Each store must hold a graph.json (`obligraph build CORPUS --store STORE`; corpora from
bench/make_corpus.py). "First picture" is the page's own `performance.now()` at
vis-network's first `afterDrawing` (from navigation start: parsing the file included);
the overview is laid out before the page is written, so that picture is final.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from obligraph.graph.graphjson import read_graph_json
from obligraph.viz.page import write_page


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="obligraph-bench-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1600,1000",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
    ):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options), profile


def measure(driver, store: Path, out_dir: Path) -> dict:
    from selenium.webdriver.support.ui import WebDriverWait

    graph = read_graph_json(store / "graph.json")
    page = out_dir / f"{store.name}.html"
    started = time.perf_counter()
    write_page(graph, page)
    written = time.perf_counter() - started
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 600).until(
        lambda d: d.execute_script(
            "return !!window.obligraphPage && window.obligraphPage.stabilized"
        )
    )
    first = driver.execute_script("return window.obligraphPage.firstDrawMs")
    drawn = driver.execute_script("return window.obligraphPage.network.body.data.nodes.length")
    # a click's worth of work: the largest document's drill-down
    t0 = driver.execute_script(
        "var P = window.obligraphPage, D = P.data, best = 0;"
        "D.docs.forEach(function (x, i) { if (x[6] > D.docs[best][6]) best = i; });"
        "var t = performance.now(); P.drillDocument(best); return performance.now() - t;"
    )
    driver.save_screenshot(str(out_dir / f"{store.name}-document.png"))
    docs = sum(
        1 for _, a in graph.nodes(data=True) if a.get("label") == "Document" and a.get("in_corpus")
    )
    return {
        "store": str(store),
        "documents": docs,
        "graph_nodes": graph.number_of_nodes(),
        "drawn_nodes": drawn,
        "page_mb": round(page.stat().st_size / 1e6, 2),
        "write_s": round(written, 1),
        "first_picture_ms": round(first),
        "drill_largest_document_ms": round(t0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="JSON file for the figures")
    parser.add_argument("--pages", type=Path, default=Path("out/bench-pages"))
    args = parser.parse_args()
    args.pages.mkdir(parents=True, exist_ok=True)
    driver, profile = browser()
    rows = []
    try:
        for store in args.stores:
            row = measure(driver, store, args.pages)
            rows.append(row)
            print(
                f"{row['documents']:>6} documents  {row['page_mb']:>6.2f} MB  written "
                f"{row['write_s']:>6.1f} s  first picture {row['first_picture_ms']:>6} ms  "
                f"largest drill-down {row['drill_largest_document_ms']:>5} ms  ({store})",
                flush=True,
            )
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    sys.exit(0)


if __name__ == "__main__":
    main()
