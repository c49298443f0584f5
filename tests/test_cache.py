"""The extraction cache (loaders/cache.py): a rebuild reads unchanged files from
STORE/cache and gives the same bytes; a changed file is loaded again.

On the real seeds through the real CLI: a build without the cache is the reference; a
second build must take all four documents from the cache and write a byte-identical
graph.json; editing one notice must reload exactly that file and show the edit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.graph.build import build_store
from obligraph.graph.graphjson import read_graph_json
from obligraph.loaders.cache import ExtractionCache
from obligraph.loaders.pipeline import load_file

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
NOTICE_2024 = next(RAW.glob("004_*.txt"))  # Thông báo of 2024-01-18
runner = CliRunner()


@pytest.fixture()
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(RAW, folder)
    return folder


def test_rebuild_from_cache_is_byte_identical(seeds: Path, tmp_path: Path) -> None:
    reference = tmp_path / "no-cache"
    summary = build_store([seeds], reference, use_cache=False)
    assert summary["from_cache"] == 0
    assert not (reference / "cache").exists()

    cached = tmp_path / "cached"
    first = build_store([seeds], cached)
    assert first["from_cache"] == 0
    assert len(list((cached / "cache").glob("*/*.json"))) == 4
    second = runner.invoke(app, ["build", str(seeds), "--store", str(cached)])
    assert second.exit_code == 0, second.output
    assert "(4 documents from cache)" in second.output
    want = (reference / "graph.json").read_bytes()
    assert (cached / "graph.json").read_bytes() == want
    assert (cached / "load_report.json").read_bytes() == (
        reference / "load_report.json"
    ).read_bytes()


def test_an_edited_file_is_loaded_again(seeds: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_store([seeds], store)
    notice = seeds / NOTICE_2024.name
    text = notice.read_text(encoding="utf-8")
    # Line 81, item 2: "2. Công an tỉnh:" heads the Quyết định 4466 task; give it to
    # Sở Tư pháp instead.
    assert text.count("Công an tỉnh") == 1
    notice.write_text(text.replace("Công an tỉnh", "Sở Tư pháp"), encoding="utf-8")

    summary = build_store([seeds], store)
    assert summary["from_cache"] == 3
    g = read_graph_json(store / "graph.json")
    doc_id = load_file(notice).document.id
    tasks = [v for _, v, k in g.out_edges(doc_id, keys=True) if k == "ASSIGNS"]
    holders = {
        g.nodes[a]["name"]
        for t in tasks
        for _, a, k in g.out_edges(t, keys=True)
        if k.startswith("ASSIGNED_TO")
    }
    assert "Sở Tư pháp" in holders
    assert "Công an tỉnh" not in holders


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    notice = NOTICE_2024
    loaded = load_file(notice)
    key = cache.key_of(notice)
    assert key is not None
    cache.put(key, loaded)
    assert cache.get(key) == loaded
    entry = next((tmp_path / "cache").glob("*/*.json"))
    entry.write_bytes(entry.read_bytes()[:100])  # a write cut short
    assert cache.get(key) is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_key_follows_name_and_bytes(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path)
    base = cache.key("a.txt", b"x")
    assert cache.key("a.txt", b"x") == base
    assert cache.key("b.txt", b"x") != base  # records carry the file name
    assert cache.key("a.txt", b"y") != base
    assert cache.key_of(tmp_path / "missing.txt") is None
