"""The obligraph command line: a thin typer layer over loaders/, graph/, queries/, viz/.

Every command parses its arguments, calls one library function, and prints either a
readable table or JSON (--json). Errors the user can cause exit non-zero with one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from obligraph.errors import ObligraphError
from obligraph.paths import DEFAULT_INPUT

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


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except ObligraphError as exc:
        typer.echo(f"obligraph: {exc}", err=True)
        sys.exit(1)
