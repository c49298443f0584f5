"""Obligation sheets: rows read back from the written XLSX and checked against the graph.

Two graphs: tests/fixtures/viz/mini_graph.json (a small graph in the contract, notice texts
quoted from data/raw) and the graph built from the seeds in data/raw.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from obligraph.errors import QueryError
from obligraph.graph.graphjson import read_graph_json
from obligraph.viz.labels import document_label
from obligraph.viz.obligations import agency_obligations, owners, resolve_agency
from obligraph.viz.sheets import (
    HEADER_ROW,
    TASK_COLUMNS,
    markdown_text,
    write_all_sheets,
    write_sheet,
)
from obligraph.viz.status import Status, normalized_deadline, task_status

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "viz" / "mini_graph.json"
AS_OF = date(2025, 12, 31)
COL = {title: i for i, (title, _) in enumerate(TASK_COLUMNS)}


@pytest.fixture(scope="module")
def mini_graph() -> nx.MultiDiGraph:
    return read_graph_json(FIXTURE)


TABS = ("Giao trực tiếp", "Giao chung", "Kế thừa")
HOW_OF_TAB = dict(zip(TABS, ("direct", "group", "inherited"), strict=True))


def task_rows(path: Path) -> list[dict[str, object]]:
    """The task tabs' rows as dicts keyed by column header, with the tab under '_tab'."""
    wb = load_workbook(path)
    rows = []
    for tab in TABS:
        ws = wb[tab]
        header = [c.value for c in ws[HEADER_ROW]]
        for values in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            if any(v is not None for v in values):
                row = {h: ("" if v is None else v) for h, v in zip(header, values, strict=True)}
                rows.append({**row, "_tab": tab})
    return rows


def expected_tasks(graph: nx.MultiDiGraph, agency: str, as_of: date) -> dict[str, tuple]:
    """task id -> (how, role), straight from the graph's edges: the agency's own
    ASSIGNED_TO edges, its predecessors' (SUCCEEDED_BY dated by `as_of`) and its
    collectives' (MEMBER_OF, transitively). A route naming the agency (or a predecessor)
    wins over a group's whatever the roles; then lead over coordinate."""
    predecessors = set()
    frontier = [agency]
    while frontier:
        current = frontier.pop()
        for pred, _, d in graph.in_edges(current, data=True):
            if d["type"] == "SUCCEEDED_BY" and (d.get("date") or "") <= as_of.isoformat():
                predecessors.add(pred)
                frontier.append(pred)
    groups: set[str] = set()
    members = [agency]  # collectives, and collectives of collectives (up to 4 steps)
    for _ in range(4):
        members = [
            c
            for m in members
            for _, c, d in graph.out_edges(m, data=True)
            if d["type"] == "MEMBER_OF"
        ]
        groups |= set(members)
    rank = {"direct": 0, "inherited": 1, "group": 2}
    best: dict[str, tuple] = {}
    for how, sources in (("direct", {agency}), ("inherited", predecessors), ("group", groups)):
        for source in sources:
            for task, _, d in graph.in_edges(source, data=True):
                if d["type"] != "ASSIGNED_TO":
                    continue
                claim = (rank[how], d["role"] != "lead")
                if task not in best or claim < best[task][0]:
                    best[task] = (claim, how, d["role"])
    return {task: (how, role) for task, (_, how, role) in best.items()}


def check_sheet_against_graph(graph: nx.MultiDiGraph, agency: str, path: Path) -> list[dict]:
    """Every task the graph gives the agency is on the sheet exactly once, in the tab of
    its route, with its document, number, text, printed deadline and role; lead rows come
    before coordinate rows in each tab."""
    rows = task_rows(path)
    ids = Counter(r["Mã nhiệm vụ"] for r in rows)
    assert all(n == 1 for n in ids.values()), ids.most_common(3)
    expected = expected_tasks(graph, agency, AS_OF)
    ceased = [
        d.get("date")
        for _, _, d in graph.out_edges(agency, data=True)
        if d["type"] == "SUCCEEDED_BY" and not d.get("partial")
    ]
    if not ceased and not graph.nodes[agency].get("active_to"):
        assert set(ids) == set(expected)
    for row in rows:
        task = graph.nodes[row["Mã nhiệm vụ"]]
        doc = graph.nodes[task["doc_id"]]
        how, role = expected[row["Mã nhiệm vụ"]]
        assert HOW_OF_TAB[row["_tab"]] == how
        assert row["Văn bản"] == document_label(doc)
        assert row["STT/Mục"] == task["no"]
        assert row["Nhiệm vụ"] == task["text"]
        assert row["Thời hạn (theo văn bản)"] == (task["deadline_text"] or "")
        assert row["Vai trò"] == {"lead": "Chủ trì", "coordinate": "Phối hợp"}[role]
        assert row["Tệp nguồn"] == task["source"] and row["Dòng"] == task["line_start"]
    for tab in TABS:
        roles = [r["Vai trò"] for r in rows if r["_tab"] == tab]
        assert roles == sorted(roles, key=lambda r: r != "Chủ trì")
    return rows


# ------------------------------------------------------------------ status and deadlines


@pytest.mark.parametrize(
    ("task", "status"),
    [
        ({"due": "2025-09-30", "deadline_text": "9/2025"}, Status.OVERDUE),
        ({"due": "2025-12-31"}, Status.DUE_SOON),  # due on the sheet date: not yet late
        ({"due": "2026-01-30"}, Status.DUE_SOON),  # 30 days after 31/12/2025
        ({"due": "2026-01-31"}, Status.LATER),
        ({"recurrence": "quarterly", "due": "2025-03-31"}, Status.RECURRING),
        ({"recurrence": "continuous"}, Status.CONTINUOUS),
        ({"condition": "Ngay khi Bộ Công an ban hành"}, Status.CONDITIONAL),
        ({"deadline_text": "Theo kế hoạch của Bộ Quốc phòng"}, Status.UNKNOWN),
    ],
)
def test_status_on_the_sheet_date(task, status):
    assert task_status(task, AS_OF) is status


def test_normalized_deadline_in_words():
    assert (
        normalized_deadline({"due": "2026-03-31", "due_from": "2026-01-01"})
        == "từ 01/01/2026 đến 31/03/2026"
    )
    assert (
        normalized_deadline({"recurrence": "annual", "due_from": "2025-01-01"})
        == "hằng năm, từ 01/01/2025"
    )
    assert normalized_deadline({}) == ""


# ------------------------------------------------------------------ the small graph


def test_cong_an_tinh_sheet_matches_the_graph(mini_graph, tmp_path):
    path, sheet = write_sheet(mini_graph, "cong-an-tinh", AS_OF, "xlsx", tmp_path)
    assert path.name == "cong-an-tinh.xlsx"
    rows = check_sheet_against_graph(mini_graph, "cong-an-tinh", path)
    by_id = {r["Mã nhiệm vụ"]: r for r in rows}
    # notice of 18/01/2024, item 2 (file 004, lines 81-86): "Thường xuyên theo dõi ..."
    standing = by_id["doc:tb-ubnd-tinh-2024-01-18/task/2"]
    assert standing["Văn bản"] == "Thông báo UBND tỉnh ngày 18/01/2024"
    assert standing["Tình trạng"] == "thường xuyên"
    assert standing["Lưu ý"] == "Được nhắc lại tại Thông báo UBND tỉnh ngày 18/03/2025, mục II.4"
    # notice of 05/07/2025, item 3: Công an leads, Sở KHCN coordinates
    soc = by_id["doc:tb-ubnd-tinh-2025-07-05/task/3"]
    assert soc["Cơ quan cùng thực hiện"] == "Sở Khoa học và Công nghệ (phối hợp)"
    # a row given to "Các sở, ngành, địa phương" reaches every member, flagged
    shared = by_id["doc:103-kh-ubnd-2025/task/70"]
    assert (shared["Tình trạng"], shared["Cách giao"], shared["_tab"]) == (
        "quá hạn",
        "Giao chung qua Các sở, ngành, địa phương",
        "Giao chung",
    )
    # the indicator it monitors (KH 103, Phụ lục I row 28)
    ws = load_workbook(path)["Chỉ tiêu"]
    assert [c.value for c in ws[HEADER_ROW + 1]][:7] == [
        "Trực tiếp",
        "Kế hoạch 103/KH-UBND",
        datetime(2025, 6, 1),
        "28",
        "Xếp hạng về an toàn thông tin mạng",
        "≤20 Thứ bậc",
        "2030",
    ]
    assert (len(sheet.lead), len(sheet.coordinate), len(sheet.indicators)) == (5, 1, 1)


def test_khcn_inherits_from_thong_tin_truyen_thong(mini_graph, tmp_path):
    path, _ = write_sheet(
        mini_graph, resolve_agency(mini_graph, "Sở KHCN"), AS_OF, "xlsx", tmp_path
    )
    rows = check_sheet_against_graph(mini_graph, "so-khoa-hoc-va-cong-nghe", path)
    inherited = sorted(r["STT/Mục"] for r in rows if r["_tab"] == "Kế thừa")
    assert inherited == ["1.1", "1.4", "1.6", "3.1"]
    row = next(r for r in rows if r["Mã nhiệm vụ"] == "doc:tb-ubnd-tinh-2024-01-18/task/1.1")
    assert row["Cách giao"] == "Kế thừa từ Sở Thông tin và Truyền thông từ 01/03/2025"
    assert (row["Vai trò"], row["Tình trạng"], row["Thời hạn (diễn giải)"]) == (
        "Chủ trì",
        "quá hạn",
        "hạn 29/02/2024",
    )
    assert row["Hạn hoàn thành"] == datetime(2024, 2, 29)  # a date cell, sortable
    # the notice of 18/03/2025 rests on KH 37/KH-UBND, which KH 103 replaced
    basis = next(r for r in rows if r["Mã nhiệm vụ"] == "doc:tb-ubnd-tinh-2025-03-18/task/II.1.1")
    assert (
        basis["Lưu ý"]
        == "Văn bản căn cứ Kế hoạch 37/KH-UBND đã bị thay thế bởi Kế hoạch 103/KH-UBND"
    )
    # before the merger (01/03/2025) nothing is inherited
    early = agency_obligations(mini_graph, "so-khoa-hoc-va-cong-nghe", date(2025, 2, 28))
    assert not early.inherited
    assert [
        o.agency_id for o in owners(mini_graph, "so-khoa-hoc-va-cong-nghe", date(2025, 2, 28))
    ] == [
        "so-khoa-hoc-va-cong-nghe",
        "cac-so-nganh-dia-phuong",
    ]


def test_xlsx_page_setup_and_determinism(mini_graph, tmp_path):
    path, _ = write_sheet(mini_graph, "cong-an-tinh", AS_OF, "xlsx", tmp_path / "a")
    again, _ = write_sheet(mini_graph, "cong-an-tinh", AS_OF, "xlsx", tmp_path / "b")
    assert path.read_bytes() == again.read_bytes()
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Giao trực tiếp", "Giao chung", "Kế thừa", "Chỉ tiêu"]
    for ws in wb.worksheets[1:]:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth in (1, "1")
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    tasks = wb["Giao trực tiếp"]
    assert tasks["A1"].value == "BẢNG THEO DÕI NHIỆM VỤ: Công an tỉnh"
    assert tasks["A2"].value == "Tình trạng tính đến ngày 31/12/2025"
    assert tasks.auto_filter.ref.startswith(f"A{HEADER_ROW}:R")
    assert tasks.column_dimensions["F"].width == 60  # Nhiệm vụ
    assert tasks.cell(HEADER_ROW + 1, COL["Nhiệm vụ"] + 1).alignment.wrap_text
    assert wb.properties.modified.date() == AS_OF


def test_html_sheet_escapes_text_and_prints_a4(mini_graph, tmp_path):
    graph = mini_graph.copy()
    graph.nodes["doc:tb-ubnd-tinh-2025-07-05/task/3"]["text"] = "<script>alert(1)</script> & SOC"
    path, _ = write_sheet(graph, "cong-an-tinh", AS_OF, "html", tmp_path)
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; SOC" in html
    assert "size: A4 landscape" in html and "thead { display: table-header-group; }" in html
    md = markdown_text(agency_obligations(graph, "cong-an-tinh", AS_OF))
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_all_sheets_one_file_per_active_agency_with_obligations(mini_graph, tmp_path):
    written = write_all_sheets(mini_graph, AS_OF, "md", tmp_path / "default")
    # by default: agencies that exist on the date; no group, no merged-away Sở TTTT
    assert [p.name for p, _ in written] == [
        "cong-an-tinh.md",
        "so-khoa-hoc-va-cong-nghe.md",
        "so-noi-vu.md",
        "so-tai-chinh.md",
        "van-phong-ubnd-tinh.md",
    ]
    everything = write_all_sheets(
        mini_graph, AS_OF, "md", tmp_path, include_groups=True, include_former=True
    )
    assert {p.name for p, _ in everything} - {p.name for p, _ in written} == {
        "cac-so-nganh-dia-phuong.md",
        "so-thong-tin-va-truyen-thong.md",
    }
    tttt = (tmp_path / "so-thong-tin-va-truyen-thong.md").read_text(encoding="utf-8")
    assert "- Đã chuyển giao cho Sở Khoa học và Công nghệ từ 01/03/2025" in tttt


HOSTILE = [
    '=HYPERLINK("http://example.invalid/x","Bấm vào đây.")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "=1+1",
]


def test_xlsx_text_is_never_a_formula_and_dates_are_date_cells(mini_graph, tmp_path):
    """Issue 22 item 4: a document line '- =HYPERLINK(…)' stays text; deadlines are real
    dates shown dd/mm/yyyy (sortable and filterable)."""
    graph = mini_graph.copy()
    sheet = agency_obligations(graph, "cong-an-tinh", AS_OF)
    for row, text in zip(sheet.direct, HOSTILE, strict=False):
        graph.nodes[row.node_id]["text"] = text
        graph.nodes[row.node_id]["result"] = text
    path, sheet = write_sheet(graph, "cong-an-tinh", AS_OF, "xlsx", tmp_path)
    wb = load_workbook(path)
    ws = wb["Giao trực tiếp"]
    header = [c.value for c in ws[HEADER_ROW]]
    text_col = header.index("Nhiệm vụ") + 1
    found = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        cell = ws.cell(r, text_col)
        assert cell.data_type == "s", (cell.value, cell.data_type)
        found.append(cell.value)
    assert set(HOSTILE[: len(sheet.direct)]) <= set(found)
    # nowhere in the workbook a formula
    for sheet_ws in wb.worksheets:
        for row in sheet_ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
    # dates: date cells with a Vietnamese display format
    due_col = header.index("Hạn hoàn thành") + 1
    doc_col = header.index("Ngày văn bản") + 1
    dated = [ws.cell(r, due_col) for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    dated = [c for c in dated if c.value is not None]
    assert dated and all(c.is_date and c.number_format == "DD/MM/YYYY" for c in dated)
    assert all(ws.cell(r, doc_col).is_date for r in range(HEADER_ROW + 1, ws.max_row + 1))


def test_markdown_escapes_links_and_images(mini_graph):
    graph = mini_graph.copy()
    task = "doc:tb-ubnd-tinh-2025-07-05/task/3"
    graph.nodes[task]["text"] = (
        "[bấm](javascript:alert(1)) ![x](http://example.invalid/p.png) <img src=x> | ô"
    )
    md = markdown_text(agency_obligations(graph, "cong-an-tinh", AS_OF))
    line = next(x for x in md.splitlines() if "bấm" in x)
    assert "](" not in line and "![" not in line and "<img" not in line
    assert "\\[bấm\\]\\(javascript" in line and "http&#58;//" in line and "\\| ô" in line


def test_cover_counts_match_the_rows(mini_graph, tmp_path):
    path, sheet = write_sheet(mini_graph, "so-khoa-hoc-va-cong-nghe", AS_OF, "xlsx", tmp_path)
    wb = load_workbook(path)
    cover = {r[0]: r[1:4] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r[0]}
    tabs = {tab: len(task_rows(path)) for tab in TABS}
    rows = task_rows(path)
    for tab, title in zip(TABS, [t for _, t, _ in sheet.sections()], strict=True):
        in_tab = [r for r in rows if r["_tab"] == tab]
        lead = sum(r["Vai trò"] == "Chủ trì" for r in in_tab)
        assert cover[f"{title} ({tab})"] == (lead, len(in_tab) - lead, len(in_tab))
    assert cover["Tổng số nhiệm vụ"][2] == len(rows) == len(sheet.tasks)
    assert tabs


def test_unknown_agency_and_format_are_clear_errors(mini_graph, tmp_path):
    with pytest.raises(QueryError, match="không có cơ quan"):
        resolve_agency(mini_graph, "Sở Du lịch")
    with pytest.raises(QueryError, match="unknown sheet format"):
        write_sheet(mini_graph, "cong-an-tinh", AS_OF, "pdf", tmp_path)


def test_docstring_examples_run():
    import doctest

    from obligraph.viz import labels, obligations, sheets, status

    for module in (status, labels, obligations, sheets):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0 or module is sheets, module.__name__


# ------------------------------------------------------------------ the seed documents


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    from obligraph.graph.build import build_from_paths

    graph, _ = build_from_paths([ROOT / "data" / "raw"])
    return graph


@pytest.fixture(scope="module")
def seed_sheets(seed_graph, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seed-sheets")
    return {
        agency: write_sheet(seed_graph, agency, AS_OF, "xlsx", out)[0]
        for agency in ("cong-an-tinh", "so-khoa-hoc-va-cong-nghe")
    }


def rows_from(rows: list[dict], date_text: str, words: str) -> list[dict]:
    """Rows of the document dated `date_text` (dd/mm/yyyy) whose task text has `words`."""
    day = datetime.strptime(date_text, "%d/%m/%Y")
    return [
        r
        for r in rows
        if (date_text in str(r["Văn bản"]) or r["Ngày văn bản"] == day)
        and words in " ".join(str(r["Nhiệm vụ"]).split())
    ]


def test_seed_cong_an_tinh_sheet(seed_graph, seed_sheets):
    rows = check_sheet_against_graph(seed_graph, "cong-an-tinh", seed_sheets["cong-an-tinh"])
    lead = [r for r in rows if r["Vai trò"] == "Chủ trì" and r["_tab"] == "Giao trực tiếp"]
    # 004 lines 81-86: "2. Công an tỉnh: Thường xuyên theo dõi, quản lý, kiểm tra, đôn đốc ..."
    [standing] = rows_from(lead, "18/01/2024", "đôn đốc các cơ quan liên quan")
    assert standing["Tình trạng"] == "thường xuyên"
    # 000 lines 187-191: "4. Giao Công an tỉnh: Chủ trì, ... (Đề án 06)"
    assert len(rows_from(lead, "18/03/2025", "Đề án 06")) == 1
    # 003 line 57: Công an tỉnh leads the SOC, with Sở Khoa học và Công nghệ coordinating
    [soc] = rows_from(lead, "05/07/2025", "Trung tâm giám sát an toàn thông tin (SOC)")
    assert "Sở Khoa học và Công nghệ (phối hợp)" in soc["Cơ quan cùng thực hiện"]
    # 001 Phụ lục I row 28 (line 956): "Xếp hạng về an toàn thông tin mạng  Thứ bậc  ≤20 Công an tỉnh"
    ws = load_workbook(seed_sheets["cong-an-tinh"])["Chỉ tiêu"]
    indicators = [list(r) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert any(
        r[3] == "28" and "an toàn thông tin mạng" in r[4] and "≤20" in r[5] for r in indicators
    )


def test_seed_khcn_inherits_from_so_thong_tin_va_truyen_thong(seed_graph, seed_sheets):
    path = seed_sheets["so-khoa-hoc-va-cong-nghe"]
    rows = check_sheet_against_graph(seed_graph, "so-khoa-hoc-va-cong-nghe", path)
    inherited = [
        r for r in rows if r["Cách giao"] == "Kế thừa từ Sở Thông tin và Truyền thông từ 01/03/2025"
    ]
    # 004 lines 39-47: "1. Sở Thông tin và Truyền thông: - ... hoàn chỉnh dự thảo Kế hoạch
    # chuyển đổi số năm 2024, trình UBND tỉnh ban hành trong tháng 02 năm 2024."
    [draft] = rows_from(
        inherited, "18/01/2024", "hoàn chỉnh dự thảo Kế hoạch chuyển đổi số năm 2024"
    )
    assert (draft["Vai trò"], draft["Tình trạng"]) == ("Chủ trì", "quá hạn")
    # every inherited row comes from the notice of 18/01/2024, the only seed before the merger
    assert inherited and all("18/01/2024" in str(r["Văn bản"]) for r in inherited)
    # 003 line 57: it coordinates the SOC that Công an tỉnh leads
    [soc] = rows_from(rows, "05/07/2025", "Trung tâm giám sát an toàn thông tin (SOC)")
    assert (
        soc["Vai trò"] == "Phối hợp" and "Công an tỉnh (chủ trì)" in soc["Cơ quan cùng thực hiện"]
    )
    # as of 2025-02-28 (before the merger) nothing is inherited
    early = agency_obligations(seed_graph, "so-khoa-hoc-va-cong-nghe", date(2025, 2, 28))
    assert not early.inherited


def test_make_run_invocations(tmp_path, monkeypatch):
    """`make run`'s two commands, from a store folder holding graph.json."""
    from typer.testing import CliRunner

    from obligraph.cli import app

    monkeypatch.chdir(tmp_path)
    from obligraph.graph.graphjson import read_graph_json
    from obligraph.graph.store_folder import write_store

    write_store(read_graph_json(FIXTURE), tmp_path / "store", report={}, inputs=[])
    runner = CliRunner()
    page = runner.invoke(app, ["viz", "--store", "store", "--out", "out/graph.html"])
    assert page.exit_code == 0, page.output
    assert "29 nút/nodes (7 Agency, 6 Document, 1 Indicator, 15 Task), 49 cạnh/edges" in page.output
    assert (tmp_path / "out" / "graph.html").stat().st_size > 400_000  # vis-network inlined
    args = ["sheet", "--all", "--store", "store", "--format", "xlsx", "--out", "out/sheets"]
    sheets = runner.invoke(app, [*args, "--as-of", "2025-12-31"])
    assert sheets.exit_code == 0, sheets.output
    assert "5 bảng (sheet), tình trạng tính đến 31/12/2025" in sheets.output
    assert len(list((tmp_path / "out" / "sheets").glob("*.xlsx"))) == 5
    vn = runner.invoke(app, [*args, "--as-of", "31/12/2025", "--include-groups"])
    assert vn.exit_code == 0 and "6 bảng (sheet)" in vn.output
    missing = runner.invoke(app, ["sheet", "--agency", "Công an tỉnh", "--store", "nowhere"])
    assert missing.exit_code == 1 and "run `obligraph build` first" in missing.output


def test_seed_merged_agencies(seed_graph):
    """Ban Dân tộc ceased on 01/03/2025 (data/agencies.yaml): tasks a collective it was in
    received afterwards are not its; Sở VHTTDL took over only part of Sở TTTT's work."""
    ban = agency_obligations(seed_graph, "ban-dan-toc", AS_OF)
    assert ban.note == "Đã chuyển giao cho Sở Dân tộc và Tôn giáo từ 01/03/2025"
    assert all(seed_graph.nodes[r.doc_id]["issued"] < "2025-03-01" for r in ban.group)
    culture = agency_obligations(seed_graph, "so-van-hoa-the-thao-va-du-lich", AS_OF)
    from_tttt = [r for r in culture.inherited if r.via == "Sở Thông tin và Truyền thông"]
    assert all(r.how_label.endswith("(một phần)") for r in from_tttt)
    assert from_tttt
    assert all(any(f.startswith("Kế thừa một phần") for f in r.flags) for r in from_tttt)


# Hand-checked in 001 (KH 103): Công an tỉnh is named in Phụ lục II rows 18 (line 1465,
# coordinator; the group "Các sở, ngành, địa phương" leads), 20, 21, 74, 75, 77, 79, 80,
# 83 (lead) and 81, 82, 85 (coordinator), and monitors Phụ lục I indicators 23, 24, 28;
# the notices name it in 004 item 2, 000 II.4 and 003 II.3 (lead).
KH103_LEAD = ["20", "21", "74", "75", "77", "79", "80", "83"]
KH103_COORDINATE = ["18", "81", "82", "85"]


def test_seed_cong_an_tinh_direct_rows_and_roles_and_owns_agree(seed_graph, seed_sheets):
    from obligraph.queries.named import run_named

    rows = task_rows(seed_sheets["cong-an-tinh"])
    direct = [r for r in rows if r["_tab"] == "Giao trực tiếp"]
    kh103 = {r["STT/Mục"]: r["Vai trò"] for r in direct if r["Văn bản"] == "Kế hoạch 103/KH-UBND"}
    assert kh103 == {
        **dict.fromkeys(KH103_LEAD, "Chủ trì"),
        **dict.fromkeys(KH103_COORDINATE, "Phối hợp"),
    }
    notices = sorted(r["STT/Mục"] for r in direct if r["Văn bản"].startswith("Thông báo"))
    assert notices == ["2", "II.3", "II.4"]
    assert all(r["Cách giao"] == "Trực tiếp" for r in direct)
    group = [r for r in rows if r["_tab"] == "Giao chung"]
    assert group and all(r["Cách giao"].startswith("Giao chung qua ") for r in group)
    assert not {r["Mã nhiệm vụ"] for r in group} & {r["Mã nhiệm vụ"] for r in direct}
    # `owns` gives the same split, row for row
    owned = run_named("owns", {"agency": "Công an tỉnh", "as_of": "2025-12-31"}, graph=seed_graph)
    tasks = [r for r in owned if r["item"] == "task"]
    assert {r["item_id"] for r in tasks if r["how"] == "direct"} == {
        r["Mã nhiệm vụ"] for r in direct
    }
    assert {r["item_id"] for r in tasks if r["how"] == "group"} == {r["Mã nhiệm vụ"] for r in group}
    row18 = next(r for r in tasks if r["item_id"] == "doc:103-kh-ubnd-2025/task/18")
    assert (row18["role"], row18["how"]) == ("coordinate", "direct")
    indicators = sorted(r["no"] for r in owned if r["item"] == "indicator")
    assert indicators == ["23", "24", "28"]


def test_seed_groups_reach_only_their_members(seed_graph):
    """A newspaper is not a "sở, ban, ngành"; the court, the procuracy and the HĐND are
    not "cơ quan, đơn vị liên quan" of a UBND plan: they owe only what names them."""
    for agency in (
        "bao-binh-dinh",
        "toa-an-nhan-dan-tinh",
        "vien-kiem-sat-nhan-dan-tinh",
        "hoi-dong-nhan-dan-tinh",
    ):
        if agency in seed_graph:
            assert not agency_obligations(seed_graph, agency, AS_OF).group, agency
    # Sở Tư pháp, named in no seed, has group rows only
    justice = agency_obligations(seed_graph, "so-tu-phap", AS_OF)
    assert not justice.direct and justice.group


def test_the_national_task_a_row_carries_out(mini_graph, tmp_path):
    """Where the graph has (:Task)-[:IMPLEMENTS]->(:Task) (issue 18 adds them), the row
    names the higher task; elsewhere the cell stays empty."""
    graph = mini_graph.copy()
    graph.add_node("doc:71-nq-cp-2025", label="Document", number="71/NQ-CP", kind="Nghị quyết")
    graph.add_node("doc:71-nq-cp-2025/task/22", label="Task", doc_id="doc:71-nq-cp-2025", no="22")
    graph.add_edge(
        "doc:tb-ubnd-tinh-2025-07-05/task/3",
        "doc:71-nq-cp-2025/task/22",
        key="IMPLEMENTS",
        type="IMPLEMENTS",
        score=0.9,
        method="text",
        evidence="…",
    )
    path, _ = write_sheet(graph, "cong-an-tinh", AS_OF, "xlsx", tmp_path)
    rows = {r["Mã nhiệm vụ"]: r for r in task_rows(path)}
    column = "Thực hiện nhiệm vụ cấp trên"
    assert rows["doc:tb-ubnd-tinh-2025-07-05/task/3"][column] == "Nghị quyết 71/NQ-CP, mục 22"
    assert all(r[column] == "" for k, r in rows.items() if not k.endswith("2025-07-05/task/3"))


@pytest.mark.parametrize(
    ("agency", "no"),
    [
        # KH 103 Phụ lục II: the group "Các sở, ngành, địa phương" leads these rows and
        # the text names the agency in the coordinating column (row 18: line 1465).
        ("cong-an-tinh", "18"),
        ("so-giao-duc-va-dao-tao", "3"),
        ("so-khoa-hoc-va-cong-nghe", "3"),
        ("so-khoa-hoc-va-cong-nghe", "18"),
        ("van-phong-ubnd-tinh", "18"),
        ("van-phong-ubnd-tinh", "19"),
    ],
)
def test_seed_named_role_wins_over_the_groups(seed_graph, agency, no):
    sheet = agency_obligations(seed_graph, agency, AS_OF)
    [row] = [r for r in sheet.tasks if r.node_id == f"doc:103-kh-ubnd-2025/task/{no}"]
    assert (row.how, row.role, row.how_label) == ("direct", "coordinate", "trực tiếp")
