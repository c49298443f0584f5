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
def _root() -> None:
    """obligraph: load documents, build the graph, ask it questions, draw it, print sheets."""


def fail(message: str, code: int = 1) -> None:
    """Print one clear line to stderr and exit."""
    typer.echo(f"obligraph: {message}", err=True)
    raise typer.Exit(code)


def emit_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True, default=str))


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders of documents (default: data/raw)."),
]


@app.command()
def load(
    paths: PathsArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    all_lines: Annotated[
        bool, typer.Option("--all", help="List every unaccounted line, not the first 40.")
    ] = False,
) -> None:
    """Load documents and report identity, counts and coverage (no graph is written)."""
    from obligraph.loaders.pipeline import load_paths
    from obligraph.loaders.report import load_report, render_load_report

    try:
        loaded = load_paths(paths or [DEFAULT_INPUT])
    except ObligraphError as exc:
        fail(str(exc))
    report = load_report(loaded)
    if as_json:
        emit_json(report)
    else:
        typer.echo(render_load_report(report, limit=None if all_lines else 40))


GraphStoreOpt = Annotated[
    Path, typer.Option("--store", help="Store folder: graph.json, ladybug/, load_report.json.")
]


@app.command()
def build(
    paths: PathsArg = None,
    store: GraphStoreOpt = DEFAULT_STORE,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Load documents in this many processes.")
    ] = 1,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Load every file again (default: reuse STORE/cache by content)."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Load documents, build the graph, write graph.json and the embedded Cypher store.

    Loaded documents are cached in STORE/cache by content, so a rebuild after adding or
    editing files loads only those."""
    from obligraph.graph.build import build_store, render_build_summary

    try:
        summary = build_store(paths or [DEFAULT_INPUT], store, workers=jobs, use_cache=not no_cache)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(summary)
    else:
        typer.echo(render_build_summary(summary))


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
) -> None:
    """Run Cypher on the embedded store (read-only unless --write)."""
    from obligraph.graph.store import parse_param, rows_table, run_cypher

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
    if as_json:
        emit_json(rows)
    else:
        typer.echo(rows_table(rows))


@app.command("schema-questions")
def schema_questions(
    store: GraphStoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on Neo4j ($NEO4J_URI).")] = False,
) -> None:
    """Run the three Cypher questions of docs/schema.md (queries/schema_*.cypher)."""
    from obligraph.graph.store import opened_store, rows_table, run_schema_questions

    try:
        with opened_store(store, neo4j=neo4j) as cypher_store:
            answers = run_schema_questions(cypher_store)
    except ObligraphError as exc:
        fail(str(exc))
    if as_json:
        emit_json(answers)
        return
    for name, rows in answers.items():
        typer.echo(f"== {name}")
        typer.echo(rows_table(rows))
        typer.echo("")


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
    """Push store/graph.json to a Neo4j server (idempotent, one transaction a batch)."""
    from rich.progress import Progress

    from obligraph.graph.neo4j_store import Neo4jSettings, PushError, push_graph
    from obligraph.graph.store_folder import read_store_graph

    settings = Neo4jSettings.from_env(uri, user, password, database)
    try:
        graph = read_store_graph(store)
        total = graph.number_of_nodes() + graph.number_of_edges()
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
    """Write CSV files for `neo4j-admin database import full`, and print the command."""
    from obligraph.graph.neo4j_csv import export_csv
    from obligraph.graph.store_folder import read_store_graph

    try:
        export = export_csv(read_store_graph(store), out_dir, database=database)
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


VizStoreOpt = Annotated[Path, typer.Option("--store", help="Store folder holding graph.json.")]


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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Write the interactive graph page: one HTML file that works offline.

    The whole graph is drawn up to 2,500 nodes; above that the full view is refused and
    --agency or --document (with --depth, default 2) draws a neighbourhood instead.
    """
    from obligraph.graph.store_folder import read_store_graph
    from obligraph.viz.page import write_page

    try:
        summary = write_page(
            read_store_graph(store),
            out,
            agency=agency,
            document=document,
            depth=depth,
        )
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
    typer.echo(f"wrote {summary.path}: {summary.title}")
    typer.echo(f"  {summary.nodes} nodes ({counts}), {summary.edges} edges")


@app.command()
def sheet(
    agency: Annotated[
        str | None, typer.Option("--agency", help="Agency id, name or alias.")
    ] = None,
    all_agencies: Annotated[
        bool, typer.Option("--all", help="One file per agency that owes anything.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Status date YYYY-MM-DD (default: today).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="xlsx, html or md.")] = "xlsx",
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("out/sheets"),
    store: VizStoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Write per-agency obligation sheets (Vietnamese): tasks led, coordinated, indicators."""
    from datetime import date

    from obligraph.errors import QueryError
    from obligraph.graph.store_folder import read_store_graph
    from obligraph.viz.obligations import resolve_agency
    from obligraph.viz.sheets import write_all_sheets, write_sheet

    try:
        if bool(agency) == all_agencies:
            raise QueryError("pass either --agency A or --all")
        try:
            day = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError:
            raise QueryError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}") from None
        graph = read_store_graph(store)
        if all_agencies:
            written = write_all_sheets(graph, day, fmt, out)
        else:
            written = [write_sheet(graph, resolve_agency(graph, agency or ""), day, fmt, out)]
    except ObligraphError as exc:
        fail(str(exc))
    rows = [
        {
            "file": str(path),
            "agency": s.agency_name,
            "lead": len(s.lead),
            "coordinate": len(s.coordinate),
            "indicators": len(s.indicators),
            "overdue": sum(r.status == "quá hạn" for r in s.rows),
        }
        for path, s in written
    ]
    if as_json:
        emit_json({"as_of": day.isoformat(), "sheets": rows})
        return
    typer.echo(f"{len(rows)} sheet(s), status as of {day.isoformat()}")
    typer.echo(f"  {'lead':>4} {'coord':>5} {'ind':>3} {'late':>4}  file  (agency)")
    for r in rows:
        typer.echo(
            f"  {r['lead']:>4} {r['coordinate']:>5} {r['indicators']:>3} {r['overdue']:>4}"
            f"  {r['file']}  ({r['agency']})"
        )


@app.command()
def agencies(
    paths: PathsArg = None,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="List mentions no agency took, with file and line.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List registry agencies with their mention counts in the documents (or the unresolved)."""
    from obligraph.graph.agencies import AgencyRegistry, agencies_report, render_agencies_report
    from obligraph.loaders.pipeline import load_paths

    try:
        report = agencies_report(load_paths(paths or [DEFAULT_INPUT]), AgencyRegistry.load())
    except ObligraphError as exc:
        fail(str(exc))
    if unresolved:
        report = {"unresolved": report["unresolved"], "summary": report["summary"]}
    if as_json:
        emit_json(report)
    else:
        typer.echo(render_agencies_report(report))


@app.command()
def query(
    name: Annotated[
        str, typer.Argument(help="replaced-by, owns, lineage, due, stale or restated.")
    ],
    args: Annotated[
        list[str] | None, typer.Argument(help="DOC (number or id) or AGENCY (name or id).")
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="owns: lead, coordinate or any.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="owns: successions up to this date.")
    ] = None,
    with_collectives: Annotated[
        bool, typer.Option("--with-collectives", help="owns: add collectives' tasks.")
    ] = False,
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
) -> None:
    """Answer a named question (queries/*.cypher) on the embedded store; see docs/queries.md."""
    from obligraph.graph.store import rows_table
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
    if as_json:
        emit_json(rows)
    else:
        typer.echo(rows_table(rows, width=60))


def _one_line(command: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose every failure is one line naming the file or argument, exit 1:
    the project's errors, and the OS, decoding, value and engine errors a library call
    can still raise (a folder given as --out, a full disk, a file name that is not UTF-8).
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
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
