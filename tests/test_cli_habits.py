"""The command line's habits (issue 19), each on the seed store: natural sort, no
duplicate rows, counts that add up, "hiểu là" for a guessed agency, the closest names
for an unknown one, Vietnamese and ISO dates, reversed ranges refused, CSV for every
table, tables that fit the terminal, `agencies` from the built store, progress on
stderr with a quiet flag, Vietnamese headers."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obligraph import progress
from obligraph.cli import app
from obligraph.graph.build import build_store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("habits") / "store"
    build_store([SEEDS], folder)
    return str(folder)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_task_numbers_sort_naturally(store) -> None:
    result = run("query", "owns", "Công an tỉnh", "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    rows = [
        r for r in csv_rows(result.stdout) if r["number"] == "103/KH-UBND" and r["item"] == "task"
    ]
    numbers = [int(r["no"]) for r in rows if r["no"].isdigit()]
    assert numbers == sorted(numbers) and numbers[:2] == [1, 3] and 100 in numbers


def test_no_duplicate_rows_in_the_lineage_question(store) -> None:
    result = run("schema-questions", "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    block = result.stdout.split("# schema_3_lineage_nq57\n")[1]
    lines = [line for line in block.splitlines() if line]
    assert len(lines) == len(set(lines))
    assert "103/KH-UBND,Kế hoạch,2" in lines


def test_cited_documents_and_mentions_are_said_apart() -> None:
    result = run("load", str(SEEDS / "001_2f8b4d489cccd7d8.txt"))
    assert result.exit_code == 0, result.output
    m = re.search(r"cited: (\d+) documents in (\d+) mentions \(([^)]*)\)", result.stdout)
    assert m, result.stdout
    parts = [int(p.split()[0]) for p in m.group(3).split(", ")]
    assert sum(parts) == int(m.group(2)) and int(m.group(1)) <= int(m.group(2))


def test_a_guessed_agency_is_said_on_stderr(store) -> None:
    result = run("query", "owns", "Công an tình", "--format", "csv", "--store", store)
    assert result.exit_code == 0
    assert "hiểu là: Công an tỉnh" in result.stderr
    assert "hiểu là" not in result.stdout
    exact = run("query", "owns", "Công an tỉnh", "--format", "csv", "--store", store)
    assert "hiểu là" not in exact.stderr and exact.stdout == result.stdout
    quiet = run("-q", "query", "owns", "Công an tình", "--format", "csv", "--store", store)
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_an_unknown_agency_suggests_the_closest_names(store) -> None:
    result = run("query", "owns", "Sở Giáo dục", "--store", store)
    assert result.exit_code == 1
    assert "Sở Giáo dục và Đào tạo" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    sheet = run("sheet", "--agency", "Sở Giáo dục", "--store", store)
    assert sheet.exit_code == 1 and "Sở Giáo dục và Đào tạo" in sheet.stderr


def test_dates_as_vietnamese_or_iso(store, tmp_path) -> None:
    vn = run("query", "due", "--before", "31/12/2025", "--format", "csv", "--store", store)
    iso = run("query", "due", "--before", "2025-12-31", "--format", "csv", "--store", store)
    assert vn.exit_code == iso.exit_code == 0 and vn.stdout == iso.stdout
    sheet = run(
        "sheet",
        "--agency",
        "Công an tỉnh",
        "--as-of",
        "31/12/2025",
        "--store",
        store,
        "--out",
        str(tmp_path),
    )
    assert sheet.exit_code == 0 and "31/12/2025" in sheet.stdout
    bad = run("query", "due", "--before", "31/13/2025", "--store", store)
    assert bad.exit_code == 1 and "31/12/2025" in bad.stderr  # says how to write it


def test_a_reversed_range_is_an_error(store) -> None:
    result = run(
        "query", "due", "--after", "2025-12-31", "--before", "01/01/2025", "--store", store
    )
    assert result.exit_code == 1 and "ngược" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("query", "owns", "Sở KHCN"),
        ("query", "due", "--before", "2025-12-31"),
        ("query", "lineage", "103/KH-UBND"),
        ("cypher", "MATCH (d:Document) RETURN d.number AS number, d.kind AS kind"),
        ("agencies",),
    ],
)
def test_every_tabular_command_writes_csv(store, args) -> None:
    result = run(*args, "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert rows and all(len(r) == len(rows[0]) for r in rows)


def test_tables_fit_the_terminal(store) -> None:
    for width in (80, 120):
        result = run("query", "owns", "Công an tỉnh", "--store", store, env={"COLUMNS": str(width)})
        assert result.exit_code == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= width
        header = result.stdout.splitlines()[0]
        assert "nội dung" in header and "vai trò" in header  # Vietnamese headers


def test_agencies_reads_the_built_store(store) -> None:
    result = run("agencies", "--json", "--store", store)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["from"] == "store"
    police = next(a for a in report["agencies"] if a["id"] == "cong-an-tinh")
    assert police["mentions"] > 0 and police["lead"] > 0


def test_progress_on_stderr_for_long_runs(monkeypatch) -> None:
    out = io.StringIO()
    progress.enable(out)
    monkeypatch.setattr(progress, "AFTER", 0.0)
    monkeypatch.setattr(progress, "EVERY", 0.0)
    try:
        tick = progress.ticker("đọc văn bản", 3)
        for name in ("a.txt", "b.txt", "c.txt"):
            tick(name)
    finally:
        progress.disable()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("đọc văn bản: 3/3 (100%)") and lines[-1].endswith("c.txt")
    silent = progress.ticker("x", 3)  # disabled: nothing
    silent("a")
