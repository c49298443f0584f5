"""A query's start-up stays light: what `obligraph query` / `cypher` import, and that the
shortcuts taken for speed give the answers of the long way.

The time itself is a benchmark (bench/cli_latency.py), not a test: a shared machine's
load makes wall-clock assertions flaky. What is structural is asserted here: answering a
question imports neither networkx nor pydantic (the graph and the records), nor rich, nor
PyYAML (the agency registry), so none creeps back onto the path unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from obligraph.graph.agencies import AgencyRegistry
from obligraph.loaders.records import slugify as loaders_slugify
from obligraph.queries.resolve import resolve_agency, store_agencies
from obligraph.slug import slugify

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "obligraph")
HEAVY = ("networkx", "pydantic", "rich", "yaml", "rapidfuzz", "jinja2", "openpyxl", "pyvis")

# Runs the CLI in this interpreter, then lists the top-level packages it imported.
PROBE = """
import json, sys
from obligraph.cli import main
sys.argv = ["obligraph", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}),
      file=sys.stderr)
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "store"
    subprocess.run(
        [CLI, "-q", "build", str(ROOT / "data" / "raw"), "--store", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def imported(*args: str) -> tuple[int, set[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True
    )
    probe = json.loads(done.stderr.strip().splitlines()[-1])
    return probe["code"], set(probe["modules"]), done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("query", "owns", "Công an tỉnh"),
        ("query", "replaced-by", "37/KH-UBND"),
        ("query", "lineage", "57-NQ/TW", "--down"),
        ("query", "due", "--before", "2025-12-31", "--agency", "Sở Nội vụ"),
        ("cypher", "MATCH (a:Agency) RETURN count(*) AS n"),
    ],
)
def test_the_query_path_imports_nothing_heavy(store, args):
    code, modules, out = imported(*args, "--store", str(store))
    assert code == 0, out
    assert out.strip()  # it answered
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_help_does_not_load_the_library():
    code, modules, out = imported("--help")
    assert code == 0 and "query" in out
    assert not modules & {"networkx", "pydantic", "ladybug", "yaml"}


def test_registry_shortcut_agrees_with_the_registry(store):
    """Every name and alias of every agency of the seed store, typed as written (and in
    capitals), resolves to what the registry's long way resolves it to."""
    from obligraph.graph.store import opened_store

    with opened_store(store) as db:
        agencies = store_agencies(db)
    registry = AgencyRegistry.load()
    typed = sorted({n for a in agencies for n in (a.name or "", *a.aliases) if n})
    assert len(typed) > 50
    checked = 0
    for text in typed + [t.upper() for t in typed]:
        try:
            long_way = resolve_agency(text, agencies, registry=registry)
        except Exception as exc:  # noqa: BLE001 - the same failure both ways
            long_way = type(exc).__name__
        try:
            short_way = resolve_agency(text, agencies)
        except Exception as exc:  # noqa: BLE001
            short_way = type(exc).__name__
        assert short_way == long_way, text
        checked += 1
    assert checked == 2 * len(typed)


@pytest.mark.parametrize(
    "text",
    ["Sở Khoa học và Công nghệ", " 37 / KH-UBND ", "57-NQ/TW", "Đắk Lắk", "ĐẢNG ỦY", "", "Ⅻ ½ ﬁ"],
)
def test_slugify_is_the_loaders(text):
    assert slugify(text) == loaders_slugify(text)


def test_serve_answers_as_the_cli_does(store):
    """`obligraph serve`: one process, one JSON line per request, in order; the rows are
    those of `obligraph query … --json`, and a bad request is answered, not fatal."""
    asked = [
        ("owns", ["Công an tỉnh"], {"role": "lead"}),
        ("replaced-by", ["37/KH-UBND"], {}),
        ("lineage", ["57-NQ/TW"], {"down": True}),
    ]
    requests = [{"id": i, "query": q, "args": a, "options": o} for i, (q, a, o) in enumerate(asked)]
    requests.insert(1, {"id": "bad", "query": "owns", "args": ["Không có cơ quan này"]})
    lines = [json.dumps(r, ensure_ascii=False) for r in requests]
    lines.insert(2, "not json")
    lines.append(json.dumps({"id": "c", "cypher": "MATCH (d:Document) RETURN count(*) AS n"}))
    done = subprocess.run(
        [CLI, "-q", "serve", "--store", str(store)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in replies] == [0, "bad", None, 1, 2, "c"]
    assert "error" in replies[1] and "error" in replies[2]
    assert replies[5]["rows"][0]["n"] >= 4
    for reply, (name, args, options) in zip(
        [replies[0], replies[3], replies[4]], asked, strict=True
    ):
        flags = [
            f"--{k.replace('_', '-')}" if v is True else f"--{k}={v}" for k, v in options.items()
        ]
        cli = subprocess.run(
            [CLI, "-q", "query", name, *args, *flags, "--json", "--store", str(store)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert reply["rows"] == json.loads(cli.stdout), name
        assert reply["rows"]  # real answers
