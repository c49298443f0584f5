"""The obligraph command line: a thin typer layer over loaders/, graph/, queries/, viz/.

Every command parses its arguments, calls one library function, and prints either a
readable table or JSON (--json). Errors the user can cause exit non-zero with one line.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from obligraph.errors import ObligraphError
from obligraph.paths import DEFAULT_INPUT, DEFAULT_STORE

app = typer.Typer(
    name="obligraph",
    help="A graph of cross-document obligations in Vietnamese public administration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress or notices on stderr.")
    ] = False,
) -> None:
    """obligraph: đọc văn bản, dựng đồ thị nhiệm vụ, hỏi, vẽ, lập bảng theo dõi (load
    documents, build the graph, ask it questions, draw it, print sheets)."""
    from obligraph import progress
    from obligraph.render import show_notices

    show_notices((lambda _message: None) if quiet else (lambda m: typer.echo(m, err=True)))
    if quiet:
        progress.disable()
    else:
        progress.enable()


def fail(message: str, code: int = 1) -> None:
    """Print one clear line to stderr and exit."""
    typer.echo(f"obligraph: {message}", err=True)
    raise typer.Exit(code)


def exit_if_files_failed(files: dict) -> None:
    """Each file that could not be read, one line on stderr, then exit 1 (the summary on
    stdout lists them too; the rest of a folder was loaded)."""
    if not files["failed"]:
        return
    for entry in files["failed"]:
        typer.echo(f"obligraph: {entry['file']}: {entry['reason']}", err=True)
    raise typer.Exit(1)


def emit_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str))


def emit_json_rows(payload: dict[str, Any], listed: str) -> None:
    """emit_json's very text for a payload whose `listed` key (its last in sorted order)
    holds a sequence of rows, written one row at a time rather than dumped whole
    (`agencies` at national size: 4 M unresolved mentions)."""
    rows = payload[listed]
    if isinstance(rows, list) or max(payload) != listed:
        emit_json(payload)
        return
    head = json.dumps({**payload, listed: []}, ensure_ascii=False, indent=2, sort_keys=True)
    out = sys.stdout
    out.write(head.removesuffix("[]\n}"))
    sep = "["
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        out.write(sep + "\n    " + text.replace("\n", "\n    "))
        sep = ","
    out.write("[]\n}\n" if sep == "[" else "\n  ]\n}\n")


TableFormatOpt = Annotated[
    str, typer.Option("--format", help="table (fits the terminal), csv or json.")
]

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders of documents (default: data/raw)."),
]

JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Load documents in this many processes (default: one per core; one for a "
        "small input, none more than files).",
    ),
]


@app.command()
def load(
    paths: PathsArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    all_lines: Annotated[
        bool, typer.Option("--all", help="List every unaccounted line, not the first 40.")
    ] = False,
    jobs: JobsOpt = None,
) -> None:
    """Đọc văn bản và báo cáo (load documents and report identity, counts and coverage;
    no graph is written)."""
    from obligraph.jobs import jobs_for
    from obligraph.loaders.pipeline import FileLog, load_paths, render_file_log
    from obligraph.loaders.report import load_report, render_load_report

    log = FileLog()
    paths = paths or [DEFAULT_INPUT]
    try:
        loaded = load_paths(paths, workers=jobs_for(paths, jobs), log=log)
    except ObligraphError as exc:
        fail(str(exc))
    report = load_report(loaded)
    report["files"] = log.as_dict()
    if as_json:
        emit_json(report)
    else:
        if loaded:
            typer.echo(render_load_report(report, limit=None if all_lines else 40))
        typer.echo("\n".join(render_file_log(report["files"])))
    exit_if_files_failed(report["files"])


GraphStoreOpt = Annotated[
    Path, typer.Option("--store", help="Store folder: graph.json, ladybug/, load_report.json.")
]


@app.command()
def build(
    paths: PathsArg = None,
    store: GraphStoreOpt = DEFAULT_STORE,
    jobs: JobsOpt = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Load every file again (default: reuse STORE/cache by content)."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Dựng đồ thị (load documents, build the graph, write graph.json and the embedded
    Cypher store).

    Loaded documents are cached in STORE/cache by content, so a rebuild after adding or
    editing files loads only those."""
    from obligraph.graph.build import build_store, render_build_summary
    from obligraph.jobs import jobs_for

    paths = paths or [DEFAULT_INPUT]
    try:
        summary = build_store(paths, store, workers=jobs_for(paths, jobs), use_cache=not no_cache)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(summary)
    else:
        typer.echo(render_build_summary(summary))
    exit_if_files_failed(summary["files"])  # the graph is built from the rest


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="Cypher; user values as $name, see --param.")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value (int/float/true/false/text) or name:=json."),
    ] = None,
    store: GraphStoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    write: Annotated[
        bool, typer.Option("--write", help="Allow clauses that change the store.")
    ] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on Neo4j ($NEO4J_URI).")] = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Chạy truy vấn Cypher (run Cypher on the embedded store; read-only unless --write)."""
    from obligraph.graph.store import parse_param, run_cypher

    try:
        params = dict(parse_param(p) for p in param or [])
        rows = run_cypher(store, query, params, neo4j=neo4j, write=write)
    except ObligraphError as exc:
        fail(str(exc))
    if write and not neo4j:
        typer.echo(
            f"note: --write changed {store}/ladybug only: graph.json, the page, the sheets and "
            "Neo4j do not see it, and the next build discards it",
            err=True,
        )
    typer.echo(table_output(rows, "json" if as_json else fmt, keep_ids=True))


@app.command("schema-questions")
def schema_questions(
    store: GraphStoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on Neo4j ($NEO4J_URI).")] = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Ba câu hỏi mẫu của docs/schema.md (the three Cypher questions, queries/schema_*)."""
    from obligraph.graph.store import opened_store, run_schema_questions

    try:
        with opened_store(store, neo4j=neo4j) as cypher_store:
            answers = run_schema_questions(cypher_store)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json or fmt == "json":
        emit_json(answers)
        return
    for name, rows in answers.items():
        if fmt == "csv":  # one CSV block per question, its name in a comment line
            typer.echo(f"# {name}")
        else:
            typer.echo(f"== {name}")
        typer.echo(table_output(rows, fmt, keep_ids=True))


neo4j_app = typer.Typer(
    help="Neo4j: push the graph to a server, or export CSV for neo4j-admin import.",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")

StoreOpt = Annotated[Path, typer.Option("--store", help="Store folder holding graph.json.")]
UriOpt = Annotated[str | None, typer.Option("--uri", help="Server URI (default: $NEO4J_URI).")]
UserOpt = Annotated[str | None, typer.Option("--user", help="User (default: $NEO4J_USERNAME).")]
PasswordOpt = Annotated[
    str | None, typer.Option("--password", help="Password (default: $NEO4J_PASSWORD).")
]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database", help="Database (default: $NEO4J_DATABASE).")
]


@neo4j_app.command("push")
def neo4j_push(
    store: StoreOpt = DEFAULT_STORE,
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete obligraph's labels on the server first.")
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows a batch.")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Đẩy đồ thị lên Neo4j (push store/graph.json; idempotent, one transaction a batch)."""
    from rich.progress import Progress

    from obligraph.graph.graph_source import StoreGraphRows
    from obligraph.graph.neo4j_store import Neo4jSettings, PushError, push_graph
    from obligraph.graph.store_folder import read_manifest

    settings = Neo4jSettings.from_env(uri, user, password, database)
    try:  # graph.json streamed: a national store is pushed one batch at a time
        graph = StoreGraphRows(store)
        counts = read_manifest(store)["graph"]
        total = sum(sum(per.values()) for per in counts.values())
        with Progress(transient=True, disable=as_json) as progress:
            task = progress.add_task("pushing", total=total)

            def advance(batch, _result) -> None:  # noqa: ANN001 - rich callback
                progress.update(task, advance=len(batch.rows), description=batch.title())

            report = push_graph(
                graph, settings, replace=replace, batch_size=batch_size, on_batch=advance
            )
    except PushError as exc:
        if as_json:
            emit_json(exc.report.as_dict())
        else:
            for b in exc.report.batches:
                typer.echo(f"landed: {b.name} batch {b.index + 1} ({b.rows} rows)", err=True)
        fail(str(exc))
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(report.as_dict())
        return
    typer.echo(f"pushed to {report.where} (Neo4j {report.server_version})")
    if report.deleted:
        typer.echo("deleted first: " + ", ".join(f"{k} {v}" for k, v in report.deleted.items()))
    rows = report.rows()
    for kind in ("nodes", "relationships"):
        for name, n in sorted(rows[kind].items()):
            typer.echo(f"  {kind[:-1] if kind == 'nodes' else 'rel '}  {name:<14} {n:>6}")
    created = report.created()
    typer.echo(
        f"{len(report.batches)} batches; created {created['nodes_created']} nodes, "
        f"{created['relationships_created']} relationships (0 and 0 on a repeat push)"
    )


@neo4j_app.command("export")
def neo4j_export(
    out_dir: Annotated[Path, typer.Argument(help="Folder for the CSV files and import.sh.")],
    store: StoreOpt = DEFAULT_STORE,
    database: Annotated[
        str, typer.Option("--database", help="Database name in the import command.")
    ] = "neo4j",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Xuất CSV cho Neo4j (CSV files for `neo4j-admin database import full`, and the
    command)."""
    from obligraph.graph.graph_source import StoreGraphRows
    from obligraph.graph.neo4j_csv import export_csv

    try:  # graph.json streamed: a national store is exported one row at a time
        export = export_csv(StoreGraphRows(store), out_dir, database=database)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(
            {
                "files": [str(f.path) for f in export.files],
                "counts": export.counts(),
                "command": export.command(),
                "script": str(out_dir / "import.sh"),
            }
        )
        return
    for f in export.files:
        typer.echo(f"  {f.path}  {f.rows} rows")
    typer.echo(f"import (Neo4j 5+, database absent or stopped): sh {out_dir / 'import.sh'}, i.e.")
    typer.echo(export.command_line())


VizStoreOpt = Annotated[
    Path, typer.Option("--store", help="Store folder (read from its embedded database).")
]


@app.command()
def viz(
    store: VizStoreOpt = DEFAULT_STORE,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path(
        "out/graph.html"
    ),
    agency: Annotated[
        str | None, typer.Option("--agency", help="Draw only this agency's neighbourhood.")
    ] = None,
    document: Annotated[
        str | None,
        typer.Option("--document", help="Draw only this document's neighbourhood (number or id)."),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Hops around the centre.")] = 2,
    full: Annotated[
        bool, typer.Option("--full", help="Every node (up to 2,500), not the overview.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Vẽ trang đồ thị tương tác (write the interactive page): one HTML file, offline.

    By default an overview of the documents and their lineage (any corpus size), drilling
    into a document or an agency on click; --full draws every node (up to 2,500);
    --agency or --document (with --depth, default 2) draws a neighbourhood.
    """
    from obligraph.viz.store_views import store_page

    try:
        summary = store_page(store, out, agency=agency, document=document, depth=depth, full=full)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(
            {
                "path": str(summary.path),
                "title": summary.title,
                "nodes": summary.nodes,
                "edges": summary.edges,
                "by_label": summary.by_label,
            }
        )
        return
    counts = ", ".join(f"{n} {label}" for label, n in summary.by_label.items())
    typer.echo(f"đã ghi (wrote) {summary.path}: {summary.title}")
    typer.echo(f"  {summary.nodes} nút/nodes ({counts}), {summary.edges} cạnh/edges")


@app.command()
def sheet(
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency id, name or alias.")
    ] = None,
    all_agencies: Annotated[
        bool, typer.Option("--all", help="One file per agency that exists and owes anything.")
    ] = False,
    include_groups: Annotated[
        bool, typer.Option("--include-groups", help="--all: also collectives (groups).")
    ] = False,
    include_former: Annotated[
        bool, typer.Option("--include-former", help="--all: also agencies that had ceased.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Status date, 31/12/2025 or 2025-12-31 (default: today)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="xlsx, html or md.")] = "xlsx",
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("out/sheets"),
    store: VizStoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Lập bảng theo dõi nhiệm vụ từng cơ quan (per-agency obligation sheets): direct,
    group, inherited, indicators."""
    from obligraph.errors import QueryError
    from obligraph.render import parse_day, today
    from obligraph.viz.store_views import store_sheets

    try:
        if bool(agency) == all_agencies:
            raise QueryError("cần --agency A hoặc --all (pass either --agency A or --all)")
        day = parse_day(as_of, "--as-of") if as_of else today()
        written = store_sheets(
            store,
            None if all_agencies else agency,
            day,
            fmt,
            out,
            include_groups=include_groups,
            include_former=include_former,
        )
    except ObligraphError as exc:
        fail(str(exc))
    from obligraph.render import sheet_summary

    rows = sheet_summary(written)
    if as_json:
        emit_json({"as_of": day.isoformat(), "sheets": rows})
        return
    typer.echo(f"{len(rows)} bảng (sheet), tình trạng tính đến {day.strftime('%d/%m/%Y')}")
    typer.echo(
        f"  {'trực tiếp':>9} {'giao chung':>10} {'kế thừa':>7} {'chỉ tiêu':>8} {'quá hạn':>7}  tệp  (cơ quan)"
    )
    for r in rows:
        typer.echo(
            f"  {r['direct']:>9} {r['group']:>10} {r['inherited']:>7} {r['indicators']:>8}"
            f" {r['overdue']:>7}  {r['file']}  ({r['agency']})"
        )


@app.command()
def agencies(
    paths: PathsArg = None,
    store: GraphStoreOpt = DEFAULT_STORE,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="List mentions no agency took, with file and line.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Danh mục cơ quan và số lần được nêu (registry agencies, mention counts): read off
    the built store when there is one and no PATHS are given; else the documents are loaded."""
    from obligraph.graph.agencies import AgencyRegistry, agencies_report, iter_agencies_report

    try:
        if not paths and (store / "graph.json").is_file():
            from obligraph.graph.store import opened_store
            from obligraph.graph.store_agencies import agencies_report_from_store

            with opened_store(store) as db:
                report = agencies_report_from_store(db, AgencyRegistry.load())
        else:
            from obligraph.loaders.pipeline import load_paths

            report = agencies_report(load_paths(paths or [DEFAULT_INPUT]), AgencyRegistry.load())
    except ObligraphError as exc:
        fail(str(exc))
    if unresolved:
        report = {"unresolved": report["unresolved"], "summary": report["summary"]}
    if as_json or fmt == "json":
        emit_json_rows(report, "unresolved")
    elif fmt == "csv":
        rows = report.get("agencies", report["unresolved"])
        typer.echo(table_output(list(rows), "csv"), nl=False)
    else:
        out = sys.stdout  # line by line: millions of unresolved mentions at national size
        for line in iter_agencies_report(report):
            out.write(line + "\n")


@app.command()
def query(
    name: Annotated[
        str, typer.Argument(help="replaced-by, owns, lineage, due, stale, restated, chain or gaps.")
    ],
    args: Annotated[
        list[str] | None,
        typer.Argument(help="DOC (number or id), AGENCY (name or id) or TASK (id, or DOC ROW)."),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="owns: lead, coordinate or any.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="owns: successions up to this date.")
    ] = None,
    with_collectives: Annotated[
        bool | None,
        typer.Option(
            "--with-collectives/--without-collectives",
            help="owns: tasks given to groups it belongs to (default: yes, how=group).",
        ),
    ] = None,
    up: Annotated[bool, typer.Option("--up", help="lineage: upwards only.")] = False,
    down: Annotated[bool, typer.Option("--down", help="lineage: downwards only.")] = False,
    before: Annotated[
        str | None, typer.Option("--before", help="due: on or before YYYY-MM-DD.")
    ] = None,
    after: Annotated[
        str | None, typer.Option("--after", help="due: on or after YYYY-MM-DD.")
    ] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="due: one agency's.")] = None,
    overdue_as_of: Annotated[
        str | None, typer.Option("--overdue-as-of", help="due: due before this date.")
    ] = None,
    store: GraphStoreOpt = DEFAULT_STORE,
    use_nx: Annotated[
        bool, typer.Option("--nx", help="Answer over graph.json with networkx, not Cypher.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on Neo4j ($NEO4J_URI).")] = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Trả lời một câu hỏi có tên (a named question, queries/*.cypher); docs/queries.md."""
    from obligraph.queries.named import cli_params, run_named

    options = {
        "role": role,
        "as_of": as_of,
        "with_collectives": with_collectives,
        "up": up,
        "down": down,
        "before": before,
        "after": after,
        "agency": agency,
        "overdue_as_of": overdue_as_of,
    }
    try:
        params = cli_params(name, args or [], options)
        if use_nx:
            from obligraph.graph.store_folder import read_store_graph

            rows = run_named(name, params, graph=read_store_graph(store))
        else:
            from obligraph.graph.store import open_store

            rows = run_named(name, params, store=open_store(store, neo4j=neo4j))
    except ObligraphError as exc:
        fail(str(exc))
    typer.echo(table_output(rows, "json" if as_json else fmt))


@app.command()
def serve(
    store: GraphStoreOpt = DEFAULT_STORE,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on Neo4j ($NEO4J_URI).")] = False,
) -> None:
    """Trả lời nhiều câu hỏi trong một tiến trình (answer many questions in one process):
    JSON lines on stdin, one JSON line each on stdout; docs/queries.md."""
    from obligraph.graph.store import opened_store
    from obligraph.serve import serve_lines

    try:
        with opened_store(store, neo4j=neo4j) as cypher_store:
            serve_lines(sys.stdin, sys.stdout, cypher_store)
    except ObligraphError as exc:
        fail(str(exc))


def table_output(rows: list[dict], fmt: str, keep_ids: bool = False) -> str:
    """Rows as a table that fits the terminal (ids left to csv/json), CSV or JSON."""
    from obligraph.render import dedupe, render_rows, table_view

    try:
        rows = dedupe(rows)
        if keep_ids:  # a user's own Cypher, a schema file: columns as written
            return render_rows(rows, fmt, raw=True).rstrip("\n")
        return render_rows(rows if fmt != "table" else table_view(rows), fmt).rstrip("\n")
    except ObligraphError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def _one_line(command: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose every failure is one line naming the file or argument, exit 1:
    the project's errors, and the OS, decoding, value and engine errors a library call
    can still raise (a folder given as --out, a full disk, a file name that is not UTF-8).
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.ClickException):
            raise
        except ObligraphError as exc:
            fail(str(exc))
        except OSError as exc:
            where = exc.filename or _path_argument(kwargs)
            fail(f"{_printable(where)}: {exc.strerror or exc}")
        except (UnicodeError, ValueError, RuntimeError) as exc:
            fail(f"{_printable(_path_argument(kwargs))}: {' '.join(str(exc).split())}")

    return run


def _path_argument(kwargs: dict[str, Any]) -> object:
    """The file argument a failure most likely concerns: --out, then --store, else the paths."""
    for name in ("out", "out_dir", "store", "paths", "query"):
        if kwargs.get(name) is not None:
            return kwargs[name]
    return "obligraph"


def _printable(value: object) -> str:
    """A name for the terminal: undecodable bytes of a file name shown as �."""
    if isinstance(value, list):
        return ", ".join(_printable(v) for v in value)
    text = os.fsdecode(value) if isinstance(value, bytes | os.PathLike) else str(value)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _guard_commands(typer_app: typer.Typer) -> None:
    """Wrap every registered command (and those of sub-apps) in _one_line."""
    for info in typer_app.registered_commands:
        if info.callback is not None:
            info.callback = _one_line(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_commands(group.typer_instance)


_guard_commands(app)


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except ObligraphError as exc:
        typer.echo(f"obligraph: {exc}", err=True)
        sys.exit(1)
