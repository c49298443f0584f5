"""queries/: the named questions, on the seeds, in Cypher (LadybugDB) and over networkx.

Every named query runs both ways on the graph of data/raw and must give the same rows.
The specific rows asserted were checked against the seed texts:
- 004 (notice of 18/01/2024) gives Sở Thông tin và Truyền thông task 1.1, "trong tháng 02
  năm 2024"; the registry says Sở Khoa học và Công nghệ took over its obligations on
  2025-03-01 (DOMAIN.md), so Sở KHCN owns it as of 2025-12-31, inherited, not before.
- 001 line 632: "Kế hoạch này thay thế Kế hoạch số 37/KH-UBND ngày 26/02/2025".
- 000 lines 110-118: Sở KHCN is to plan "Căn cứ … Kế hoạch số 37/KH-UBND …" (stale).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.errors import QueryError
from obligraph.graph.build import build_from_paths
from obligraph.graph.ladybug_store import LadybugStore, write_ladybug
from obligraph.queries.named import (
    NAMED_QUERIES,
    _Catalogue,
    cli_params,
    get_query,
    prepare_params,
    run_named,
)
from obligraph.queries.tidy import _sort_value, natural, tidy_rows

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"
KH103 = "doc:103-kh-ubnd-2025"
TB2024 = "doc:tb-ubnd-tinh-2024-01-18"
TB0318 = "doc:tb-ubnd-tinh-2025-03-18"
KHCN = "so-khoa-hoc-va-cong-nghe"
TTTT_NAME = "Sở Thông tin và Truyền thông"


@pytest.fixture(scope="module")
def graph():
    g, _ = build_from_paths([SEEDS])
    return g


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory):
    db_dir = tmp_path_factory.mktemp("queries") / "ladybug"
    write_ladybug(graph, db_dir)
    with LadybugStore(db_dir) as s:
        yield s


# Parameter sets every named query is run with, both ways.
CASES = [
    ("replaced-by", {"doc": "37/KH-UBND"}),
    ("replaced-by", {"doc": KH103}),
    ("owns", {"agency": "Sở Khoa học và Công nghệ", "as_of": "2025-12-31"}),
    ("owns", {"agency": "Sở KHCN", "as_of": "2025-02-01"}),
    ("owns", {"agency": KHCN, "role": "coordinate"}),
    ("owns", {"agency": "Công an tỉnh", "role": "lead", "with_collectives": True}),
    ("owns", {"agency": "Sở Thông tin và Truyền thông"}),
    ("lineage", {"doc": "103/KH-UBND"}),
    ("lineage", {"doc": "57-NQ/TW", "down": True}),
    ("lineage", {"doc": "103/kh-ubnd", "up": True}),
    ("due", {}),
    ("due", {"before": "2025-12-31", "after": "2025-06-01"}),
    ("due", {"agency": "Sở Khoa học và Công nghệ", "overdue_as_of": "2025-07-01"}),
    ("stale", {}),
    ("restated", {}),
    # issue 18 (task chains): on the seeds alone no higher document's tasks are loaded, so
    # both answer with no rows; tests/test_task_links.py runs them on the lineage documents.
    ("chain", {"task": "103/KH-UBND 5"}),
    ("gaps", {"doc": "103/KH-UBND"}),
]


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_cypher_and_networkx_agree(graph, store, name, params) -> None:
    via_cypher = run_named(name, params, store=store)
    via_nx = run_named(name, params, graph=graph)
    columns = get_query(name).columns

    def as_tuples(rows):
        return sorted(tuple(repr(r[c]) for c in columns) for r in rows)

    assert as_tuples(via_cypher) == as_tuples(via_nx)
    assert all(list(r) == list(columns) for r in via_cypher)


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_the_branches_run_named_leaves_out_yield_no_rows(store, name, params) -> None:
    # run_named runs only the UNION ALL branches that `branches` keeps for the
    # parameters: the whole .cypher file must give the very same rows (run once per
    # document id where the query takes one, its parts joined where it returns parts).
    query = get_query(name)
    catalogue = _Catalogue(None, store)
    given = prepare_params(query, params, catalogue)
    cypher_params = {**given, "role": None} if query.settle else given
    whole = [
        row for own in query.bindings(cypher_params) for row in store.query(query.cypher(), own)
    ]
    if query.assemble:  # replaced-by, lineage: parts walked from the key, joined
        whole = query.assemble(whole)
    if query.settle:  # owns: one row per item on its strongest route, as run_named does
        whole = query.settle(whole, given, catalogue)
    assert run_named(name, params, store=store) == tidy_rows(query, whole)


def test_owns_leaves_out_only_the_branches_the_graph_empties(graph, store) -> None:
    facts = _Catalogue(None, store).agency_facts()
    # Read off the store as off the graph: Sở TTTT holds tasks (004) and became Sở KHCN;
    # Sở KHCN monitors indicators of KH 103.
    assert _Catalogue(graph, None).agency_facts() == facts
    assert KHCN in facts.inheriting and KHCN in facts.monitoring
    assert "cong-an-tinh" not in facts.inheriting
    owns = get_query("owns")
    inherited = "SUCCEEDED_BY*1..6"
    runs = owns.cypher_runs({"agency_id": KHCN}, facts)
    assert any(inherited in r for r in runs)
    runs = owns.cypher_runs({"agency_id": "cong-an-tinh"}, facts)
    assert runs and not any(inherited in r for r in runs)
    # Every agency the sets leave out gets no row from the branch left out.
    for agency in sorted(n for n, a in graph.nodes(data=True) if a["label"] == "Agency"):
        rows = run_named("owns", {"agency": agency}, graph=graph)
        if agency not in facts.inheriting:
            assert not any(r["inherited_from"] and r["item"] == "task" for r in rows)
        if agency not in facts.monitoring:
            assert not any(r["item"] == "indicator" for r in rows)


def _reference_tidy(query, rows):
    """tidy_rows by its definition: columns in order, list cells sorted, rows sorted by
    the `order` columns and then by every other column, all through _sort_value of the
    natural form (numbers in strings compared as numbers)."""
    tidy = [
        {
            c: sorted(r[c], key=_sort_value) if c in query.list_columns and r[c] else r[c]
            for c in query.columns
        }
        for r in rows
    ]
    by = (*query.order, *(c for c in query.columns if c not in query.order))
    return sorted(tidy, key=lambda r: tuple(_sort_value(natural(r[c])) for c in by))


CELLS = st.one_of(st.none(), st.sampled_from(["a", "b", "B", "é", ""]), st.integers(0, 2))
STRINGS = st.sampled_from(
    ["a", "ab", "b", "", "a\x00", "\x00b", "t2", "t10", "t1"]
)  # NUL: joined keys refused
LISTS = st.lists(st.one_of(st.none(), st.sampled_from(["Sở Y tế", "Sở Nội vụ", "a"])), max_size=3)


@given(
    st.tuples(
        st.sampled_from(["due", "owns", "lineage"]), st.sampled_from([CELLS, STRINGS])
    ).flatmap(
        lambda case: st.tuples(
            st.just(case[0]),
            st.lists(
                st.fixed_dictionaries(
                    {
                        c: LISTS if c in get_query(case[0]).list_columns else case[1]
                        for c in get_query(case[0]).columns
                    }
                ),
                max_size=12,
            ),
            st.booleans(),
        )
    )
)
def test_tidy_rows_sorts_as_defined(case) -> None:
    # Few distinct values, so rows tie on the order columns; nulls, numbers and strings
    # mixed in one column, or strings only (some holding NUL); some rows with their keys
    # in another order.
    name, rows, reverse_some = case
    query = get_query(name)
    if reverse_some:
        rows = [dict(reversed(r.items())) if i % 2 else r for i, r in enumerate(rows)]
    expected = _reference_tidy(query, rows)
    before = copy.deepcopy(rows)
    tidy = tidy_rows(query, rows)
    assert tidy == expected and all(list(r) == list(query.columns) for r in tidy)
    assert rows == before  # not owned: left as given
    assert tidy_rows(query, copy.deepcopy(rows), owned=True) == expected
    if not reverse_some:
        assert tidy_rows(query, copy.deepcopy(rows), owned=True, shaped=True) == expected


def test_owns_includes_inherited_tasks_of_the_predecessor(store) -> None:
    rows = run_named(
        "owns", {"agency": "Sở Khoa học và Công nghệ", "as_of": "2025-12-31"}, store=store
    )
    inherited = {r["item_id"]: r for r in rows if r["inherited_from"] == TTTT_NAME}
    # 004 task 1.1: Sở TTTT leads, "trong tháng 02 năm 2024".
    task = inherited[f"{TB2024}/task/1.1"]
    assert (task["role"], task["due"], task["doc_id"]) == ("lead", "2024-02-29", TB2024)
    assert all(r["doc_id"] == TB2024 for r in inherited.values())
    # Its own tasks are there too, not marked inherited: 000 II.2 (coordinate, STEM).
    own = {r["item_id"]: r for r in rows if r["inherited_from"] is None}
    assert own[f"{TB0318}/task/II.2"]["role"] == "coordinate"


def test_owns_before_the_succession_inherits_nothing(store) -> None:
    rows = run_named("owns", {"agency": KHCN, "as_of": "2025-02-28"}, store=store)
    assert rows
    assert all(r["inherited_from"] is None for r in rows)


def test_owns_role_and_collectives(store) -> None:
    lead = run_named("owns", {"agency": KHCN, "role": "lead"}, store=store)
    assert {r["role"] for r in lead} <= {"lead", "monitor"}
    coordinate = run_named("owns", {"agency": KHCN, "role": "coordinate"}, store=store)
    assert {r["role"] for r in coordinate} == {"coordinate"}
    plain = run_named("owns", {"agency": KHCN, "with_collectives": False}, store=store)
    wide = run_named("owns", {"agency": KHCN}, store=store)  # groups by default
    via = {r["via_collective"] for r in wide if r["via_collective"]}
    # 001 row 22 gives "Các Sở, ngành, địa phương" the coordinating role; Sở KHCN is a member.
    assert "Các sở, ngành, địa phương" in via
    assert len(wide) > len(plain)
    assert all(r["via_collective"] is None for r in plain)
    assert {r["how"] for r in wide} == {"direct", "group", "inherited"}
    assert all((r["how"] == "group") == bool(r["via_collective"]) for r in wide)
    assert len({r["item_id"] for r in wide}) == len(wide)  # one row per item


def test_owns_lists_monitored_indicators(store) -> None:
    rows = run_named("owns", {"agency": KHCN}, store=store)
    indicators = {r["no"]: r for r in rows if r["item"] == "indicator" and r["doc_id"] == KH103}
    # Phụ lục I row 3 "Xếp hạng năng lực cạnh tranh số", target ≤ 20, Sở KHCN monitors.
    assert indicators["3"]["role"] == "monitor"
    assert "20" in indicators["3"]["target"]


def test_replaced_by_37_lists_the_tasks_of_kh103(store, graph) -> None:
    rows = run_named("replaced-by", {"doc": " 37/kh-ubnd "}, store=store)
    assert {r["doc_id"] for r in rows} == {KH103}
    assert {r["hops"] for r in rows} == {1}
    kh103_tasks = {v for _, v, k in graph.out_edges(KH103, keys=True) if k == "ASSIGNS"}
    assert {r["task_id"] for r in rows} == kh103_tasks
    assert f"{KH103}/task/22" in kh103_tasks


def test_stale_finds_the_directive_to_plan_under_kh37(store) -> None:
    rows = run_named("stale", {}, store=store)
    hits = [r for r in rows if r["doc_id"] == TB0318 and r["basis_number"] == "37/KH-UBND"]
    assert any(r["no"] == "II.1.1" and r["how"] == "cites" for r in hits)
    assert all(r["superseded_by_id"] == KH103 for r in hits)


def test_lineage_up_from_kh103_reaches_nq57(store) -> None:
    rows = run_named("lineage", {"doc": "103/KH-UBND", "up": True}, store=store)
    by_number = {r["number"]: r for r in rows}
    assert by_number["37/KH-UBND"]["supersedes_hops"] == 1
    # 001 lines 9-12: the plan implements KH 152-KH/TU, "… của Tỉnh ủy thực hiện Nghị quyết
    # số 57-NQ/TW": NQ 57 is two IMPLEMENTS steps up, through KH 152.
    assert by_number["152-KH/TU"]["implements_hops"] == 1
    assert by_number["57-NQ/TW"]["implements_hops"] == 2
    # 001 lines 632-634: KH 37, which KH 103 replaces, implemented NQ 03/NQ-CP: a mixed
    # chain of two steps, so no IMPLEMENTS-only chain.
    nq03 = by_number["03/NQ-CP"]
    assert (nq03["hops"], nq03["implements_hops"], nq03["supersedes_hops"]) == (2, None, None)
    assert {r["direction"] for r in rows} == {"up"}


def test_due_window_and_overdue(store) -> None:
    rows = run_named("due", {"before": "2024-12-31"}, store=store)
    # 004 (2024): 1.1 "trong tháng 02 năm 2024", 8.1 "trong quý I năm 2024", 1.6 "trong năm 2024".
    found = {r["task_id"]: r["due"] for r in rows}
    assert found[f"{TB2024}/task/1.1"] == "2024-02-29"
    assert found[f"{TB2024}/task/8.1"] == "2024-03-31"
    assert found[f"{TB2024}/task/1.6"] == "2024-12-31"
    assert all(d <= "2024-12-31" for d in found.values())
    overdue = run_named("due", {"overdue_as_of": "2024-03-01"}, store=store)
    assert {r["task_id"] for r in overdue} >= {f"{TB2024}/task/1.1"}
    assert all(r["due"] < "2024-03-01" for r in overdue)
    # The agency filter follows successions: Sở KHCN gets Sở TTTT's 2024 deadlines.
    khcn = run_named("due", {"agency": "Sở KHCN", "before": "2024-12-31"}, store=store)
    assert f"{TB2024}/task/1.1" in {r["task_id"] for r in khcn}
    assert f"{TB2024}/task/8.1" not in {r["task_id"] for r in khcn}  # collectives' task


def test_restated_lists_the_linked_pairs(store) -> None:
    rows = run_named("restated", {}, store=store)
    pairs = {(r["later_id"], r["earlier_id"]) for r in rows}
    assert (f"{KH103}/task/53", f"{TB0318}/task/II.2") in pairs  # STEM
    assert all(0 < r["score"] <= 1 for r in rows)


def test_user_errors_are_one_line_query_errors(store) -> None:
    with pytest.raises(QueryError, match="no document numbered"):
        run_named("replaced-by", {"doc": "999/KH-UBND"}, store=store)
    with pytest.raises(QueryError, match="no agency"):
        run_named("owns", {"agency": "Sở Ngoại vụ tỉnh Lào"}, store=store)
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        run_named("due", {"before": "31 tháng 12"}, store=store)
    # the Vietnamese way of writing a date is understood, the same as ISO
    assert run_named("due", {"before": "31/12/2025"}, store=store) == run_named(
        "due", {"before": "2025-12-31"}, store=store
    )
    with pytest.raises(QueryError, match="ngược"):  # a reversed range is an error
        run_named("due", {"after": "2025-12-31", "before": "2025-01-01"}, store=store)
    with pytest.raises(QueryError, match="--role"):
        run_named("owns", {"agency": KHCN, "role": "boss"}, store=store)
    with pytest.raises(QueryError, match="no named query"):
        run_named("nope", {}, store=store)
    with pytest.raises(QueryError, match="takes no"):
        cli_params("stale", ["x"], {})


def test_an_injection_attempt_is_only_a_value(store) -> None:
    # The value goes in as a parameter: it names no agency, and nothing is run from it.
    with pytest.raises(QueryError, match="no agency"):
        run_named("owns", {"agency": "x' OR 1=1 //"}, store=store)
    owns = get_query("owns")
    params = dict.fromkeys(owns.cypher_params)
    params["agency_id"] = "x' OR 1=1 //"
    assert store.query(owns.cypher(), params) == []


# A string literal in Cypher: '…' or "…".
STRING_LITERAL = re.compile(r"'([^'\\]|\\.)*'|\"([^\"\\]|\\.)*\"")
# Fixed constants the files may hold: row kinds, roles, sentinels for null dates.
ALLOWED_LITERALS = {
    "''",
    "'task'",
    "'indicator'",
    "'monitor'",
    "'lead'",
    "'up'",
    "'down'",
    "'cites'",
    "'implements'",
    "'based_on'",
    "'9999-12-31'",
    "'0000-01-01'",
    # gaps.cypher: the words that name local government in an agency's name
    "'địa phương'",
    "'Địa phương'",
    "'các tỉnh'",
    "'Các tỉnh'",
    "'tỉnh, thành phố'",
    "'thành phố trực thuộc'",
    "'Thành phố trực thuộc'",
    "'collective'",
    # replaced_by.cypher: how a task of the superseding document takes over the old ones
    "'kept'",
    "'reworded'",
    "'new'",
    "'dropped'",
    "'body'",
    # replaced_by.cypher and lineage.cypher: the parts run_named joins (queries/parts.py)
    "'successor'",
    "'old_task'",
    "'replaces'",
    "'any'",
    "'supersedes'",
}
# What the portable subset of docs/schema.md rules out.
NOT_PORTABLE = re.compile(
    r"\btype\s*\(|\blabels\s*\(|\bsubstring\s*\(|\bshortestPath\b|CALL\s*\{|"
    r"\*\s*\d*\s*\.\.\s*\]|\*\s*\]|\*\s*\$|\[\s*\w+\s+IN\b[^\]]*\|",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", sorted(NAMED_QUERIES))
def test_cypher_files_take_user_values_only_as_parameters(name) -> None:
    text = get_query(name).cypher()
    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    assert set(m.group(0) for m in STRING_LITERAL.finditer(code)) <= ALLOWED_LITERALS
    assert not NOT_PORTABLE.search(code)
    # Every $parameter the file uses is one run_named fills.
    used = set(re.findall(r"\$(\w+)", code))
    assert used == set(get_query(name).cypher_params)
    # Var-length paths carry literal bounds.
    assert all(re.fullmatch(r"\*\d\.\.\d", m) for m in re.findall(r"\*[^\]]*(?=\])", code))


def test_cli_query_prints_a_table_and_json(graph, tmp_path) -> None:
    from obligraph.graph.store_folder import write_store

    store_dir = tmp_path / "store"
    write_store(graph, store_dir, report={}, inputs=[])
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "query",
            "owns",
            "Sở Khoa học và Công nghệ",
            "--as-of",
            "2025-12-31",
            "--store",
            str(store_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "kế thừa từ" in result.output  # the table's Vietnamese header
    as_csv = runner.invoke(
        app,
        ["query", "owns", "Sở KHCN", "--as-of", "2025-12-31", "--format", "csv"]
        + ["--store", str(store_dir)],
    )
    assert as_csv.exit_code == 0
    assert "inherited_from" in as_csv.stdout.splitlines()[0] and TTTT_NAME in as_csv.stdout
    as_json = runner.invoke(
        app,
        [
            "query",
            "owns",
            "Sở",
            "KHCN",
            "--as-of",
            "2025-12-31",
            "--json",
            "--store",
            str(store_dir),
        ],
    )
    via_nx = runner.invoke(
        app,
        [
            "query",
            "owns",
            "Sở KHCN",
            "--as-of",
            "2025-12-31",
            "--json",
            "--nx",
            "--store",
            str(store_dir),
        ],
    )
    assert as_json.exit_code == via_nx.exit_code == 0
    assert as_json.output == via_nx.output
    bad = runner.invoke(app, ["query", "due", "--before", "tomorrow", "--store", str(store_dir)])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    missing = runner.invoke(app, ["query", "stale", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "obligraph build" in missing.output


@pytest.mark.parametrize(
    ("name", "params"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
)
def test_cli_json_and_dedupe_as_defined(store, name, params) -> None:
    # `--json` goes through the C encoder and dedupe keys rows without a repr per cell:
    # both must give what their plain definitions give (json.dumps with indent=2; rows
    # compared by the repr of each value).
    import json

    from obligraph.render import dedupe, render_json

    rows = run_named(name, params, store=store)
    rows = rows + rows[:3] + [{**rows[0], "extra": 1.0}, {**rows[0], "extra": True}] if rows else []
    assert render_json(rows) == json.dumps(
        rows, ensure_ascii=False, indent=2, sort_keys=True, default=str
    )
    seen, expected = set(), []
    for row in rows:
        key = tuple((k, repr(v)) for k, v in row.items())
        if key not in seen:
            seen.add(key)
            expected.append(row)
    assert dedupe(rows) == expected and len(dedupe(rows)) == len(expected)


DOC_IDS = st.sampled_from(["d1", "d12", "d2", "d", "d\u0663", "d\x00", ""])
TAILS = st.sampled_from(["", "1", "/t/2", "/t/10", "\u0663", "/t/\u0662", "x\x00", "/t/9"])


@given(st.lists(st.tuples(DOC_IDS, TAILS, st.sampled_from(["lead", "coordinate"])), max_size=12))
def test_ids_under_their_document_sort_as_defined(cases) -> None:
    # owns sorts by (item, doc_id, item_id, role) and each item id extends its document's
    # id: the sort key reuses the document's natural form (_natural_extending). Numbers
    # across the join ("d1" + "2"), other decimal digits (U+0663) and NUL included.
    query = get_query("owns")
    rows = [
        {c: None for c in query.columns}
        | {"item": "task", "doc_id": doc, "item_id": doc + tail, "role": role}
        for doc, tail, role in cases
    ]
    assert tidy_rows(query, copy.deepcopy(rows)) == _reference_tidy(query, rows)
