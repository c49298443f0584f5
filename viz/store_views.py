"""Sheets and pages made from the embedded store, reading only what each one needs.

The functions of viz/ take a networkx graph. Here each gets the subgraph its answer
reads (graph/subgraph.py) instead of graph.json whole, so a sheet or a neighbourhood
page costs the same at 100,000 documents as at 100: `sheet --all` reads one agency at a
time; a page reads the neighbourhood hop by hop and stops past its limit; the overview
and `--full` check the store's size from its manifest before reading anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obligraph.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx

    from obligraph.graph.store import CypherStore
    from obligraph.viz.obligations import AgencySheet
    from obligraph.viz.page import PageSummary

# The overview carries every task of every document in one file, read into one networkx
# graph: 10,000 documents (397,379 tasks) made a 71 MB page (docs/viz.md). Past this
# many tasks the page would be hundreds of MB no browser opens and the graph tens of GB
# (3.4 M tasks at 100,000 documents): above it the page says to draw a document or an
# agency instead.
OVERVIEW_MAX_TASKS = 500_000
# The relationships the overview reads (viz/overview.py): lineage, tasks and who holds
# them, task chains, groups and successions, indicators (for owns' routes).
OVERVIEW_RELS = (
    "IMPLEMENTS",
    "SUPERSEDES",
    "AMENDS",
    "REPLACES",
    "ASSIGNS",
    "ASSIGNED_TO",
    "SETS",
    "MONITORED_BY",
    "MEMBER_OF",
    "SUCCEEDED_BY",
)


@contextmanager
def store_and_manifest(store_dir: str | Path) -> Iterator[tuple[CypherStore, dict[str, Any]]]:
    """The store's database opened read-only (checked against the manifest) and the
    manifest itself; refuses an incomplete store in one line."""
    from obligraph.graph.store import opened_store
    from obligraph.graph.store_folder import read_manifest

    manifest = read_manifest(store_dir)
    with opened_store(store_dir) as store:
        yield store, manifest


def store_sheets(
    store_dir: str | Path,
    agency: str | None,
    as_of: date,
    fmt: str,
    out_dir: Path,
    *,
    include_groups: bool = False,
    include_former: bool = False,
) -> list[tuple[Path, AgencySheet]]:
    """`sheet --agency A` (agency given) or `sheet --all` (None) from the store: the
    same files `viz.sheets.write_sheet` / `write_all_sheets` write from graph.json."""
    from obligraph.graph.subgraph import agency_skeleton, sheet_subgraph
    from obligraph.viz.obligations import resolve_agency
    from obligraph.viz.sheets import check_format, write_all_sheets, write_sheet

    check_format(fmt)
    with store_and_manifest(store_dir) as (store, _):
        skeleton = agency_skeleton(store)
        agencies = skeleton.graph()

        def graph_for(agency_id: str) -> nx.MultiDiGraph:
            return sheet_subgraph(store, skeleton, agency_id)

        if agency is None:
            return write_all_sheets(
                agencies,
                as_of,
                fmt,
                out_dir,
                include_groups=include_groups,
                include_former=include_former,
                graph_for=graph_for,
            )
        agency_id = resolve_agency(agencies, agency)
        return [write_sheet(graph_for(agency_id), agency_id, as_of, fmt, out_dir)]


def store_page(
    store_dir: str | Path,
    out: Path,
    agency: str | None = None,
    document: str | None = None,
    depth: int = 2,
    full: bool = False,
) -> PageSummary:
    """`viz` from the store: the page `viz.page.write_page` draws from graph.json."""
    from obligraph.viz import page

    if agency and document:
        raise QueryError("pass --agency or --document, not both")
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    with store_and_manifest(store_dir) as (store, manifest):
        counts = manifest.get("ladybug") or {}
        nodes = sum(counts.get("nodes", {}).values())
        if agency or document:
            view, title = _neighbourhood(store, agency, document, depth)
            return page.write_view(view, title, out)
        if full:
            if nodes > page.MAX_FULL_VIEW_NODES:
                raise QueryError(page.too_many_nodes(nodes))
            return page.write_view(whole_subgraph(store), page.FULL_TITLE, out)
        tasks = counts.get("nodes", {}).get("Task", 0)
        if tasks > OVERVIEW_MAX_TASKS:
            raise QueryError(
                f"the store has {tasks} tasks, more than the {OVERVIEW_MAX_TASKS} the overview "
                "page carries; draw a neighbourhood: --document D or --agency A (--depth N)"
            )
        graph = whole_subgraph(store, OVERVIEW_RELS)
        return page.write_overview(graph, out, counts)


def _neighbourhood(
    store: CypherStore, agency: str | None, document: str | None, depth: int
) -> tuple[nx.MultiDiGraph, str]:
    """The view around the agency or document a user names, and its title."""
    from obligraph.graph.subgraph import TooLarge, agency_skeleton, neighbourhood_subgraph
    from obligraph.viz.labels import document_label
    from obligraph.viz.obligations import resolve_agency
    from obligraph.viz.page import MAX_FULL_VIEW_NODES, resolve_document

    if agency:
        agencies = agency_skeleton(store).graph()
        centre, label = resolve_agency(agencies, agency), "Agency"
    else:
        centre, label = (
            resolve_document(documents_graph(store, document or ""), document or ""),
            "Document",
        )
    try:
        view = neighbourhood_subgraph(store, centre, label, depth, MAX_FULL_VIEW_NODES)
    except TooLarge as exc:
        raise QueryError(str(exc)) from None
    if agency:
        title = f"{view.nodes[centre].get('name')} — vùng lân cận {depth} bước"
    else:
        title = f"{document_label(view.nodes[centre])} — vùng lân cận {depth} bước"
    return view, title


def documents_graph(store: CypherStore, mention: str) -> nx.MultiDiGraph:
    """The Document node a mention names by id, else every Document node (no edges):
    what `viz.page.resolve_document` reads."""
    from obligraph.graph.subgraph import Subgraph, node_columns

    sub = Subgraph(store)
    if not sub.add_nodes("Document", [mention]):
        for row in store.query(f"MATCH (n:Document) RETURN {node_columns('n', 'Document')}"):
            sub.take_node(row, "Document", "n")
    return sub.graph()


def whole_subgraph(store: CypherStore, rel_types: tuple[str, ...] | None = None) -> nx.MultiDiGraph:
    """Every node, and every edge of these types (all types by default)."""
    from obligraph.graph.contract import NODE_PROPERTIES, REL_TYPES
    from obligraph.graph.subgraph import Subgraph, node_columns, rel_columns

    sub = Subgraph(store)
    for label in NODE_PROPERTIES:
        for row in store.query(f"MATCH (n:{label}) RETURN {node_columns('n', label)}"):
            sub.take_node(row, label, "n")
    for rel_type in rel_types or tuple(REL_TYPES):
        for a, b in REL_TYPES[rel_type].endpoints:
            cypher = (
                f"MATCH (a:{a})-[r:{rel_type}]->(b:{b}) "
                f"RETURN a.id AS u, b.id AS v, {rel_columns('r', rel_type)}"
            )
            for row in store.query(cypher):
                sub.take_edge(rel_type, row["u"], row["v"], row)
    return sub.graph()
