"""The interactive graph page: one self-contained HTML file that makes no network request.

pyvis builds the node and edge lists (styles, tooltips); our own Jinja2 template
(`templates/page.html.j2`, autoescaped) inlines vis-network's JS and CSS from the pyvis
package, adds the legend, filters (agency, document, node type), search and click
highlight, and embeds the data as JSON escaped for a <script> context. Tooltips are
plain text (vis-network sets them with innerText), so document text cannot inject markup.

Views: the whole graph up to MAX_FULL_VIEW_NODES nodes; above that only an --agency or
--document neighbourhood (depth N, default 2), itself capped at the same count.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from obligraph.errors import QueryError
from obligraph.viz.labels import ROLE_LABELS, document_label, short_document_label
from obligraph.viz.obligations import resolve_agency
from obligraph.viz.status import normalized_deadline, vn_date

if TYPE_CHECKING:  # networkx and pyvis are imported where a page is drawn (~0.2 s)
    import networkx as nx
    from pyvis.network import Network

MAX_FULL_VIEW_NODES = 2500  # above this the page needs --agency or --document
DEFAULT_DEPTH = 2
TASK_LABEL = 32  # characters of a task's text in its label
VIS_SUBDIR = Path("templates") / "lib" / "vis-9.1.2"  # inside the pyvis package

# Node look per label: (colour, vis shape, legend text).
NODE_STYLES: dict[str, tuple[str, str, str]] = {
    "Document": ("#2b6cb0", "box", "Văn bản (Document)"),
    "Task": ("#dd8a1e", "dot", "Nhiệm vụ (Task)"),
    "Indicator": ("#2f855a", "diamond", "Chỉ tiêu (Indicator)"),
    "Agency": ("#805ad5", "ellipse", "Cơ quan (Agency)"),
}
UNRESOLVED_COLOUR = "#a0aec0"  # an agency mention the registry did not resolve
CITED_ONLY_COLOUR = "#90b4de"  # a document known only because another cites it

# Edge look per type (ASSIGNED_TO split by role): (label, colour, dashes, width).
EDGE_STYLES: dict[str, tuple[str, str, bool | list[int], float]] = {
    "IMPLEMENTS": ("thực hiện", "#2b6cb0", False, 2.5),
    "SUPERSEDES": ("thay thế", "#c53030", [8, 4], 2.5),
    "BASED_ON": ("căn cứ", "#4a5568", [2, 4], 1.5),
    "AMENDS": ("sửa đổi", "#b7791f", [6, 3], 1.5),
    "REPEALS": ("bãi bỏ", "#9b2c2c", [8, 4], 2.0),
    "CITES": ("trích dẫn", "#a0aec0", [2, 3], 1.0),
    "ASSIGNS": ("giao", "#718096", False, 1.0),
    "SETS": ("đặt chỉ tiêu", "#68a07f", False, 1.0),
    "ASSIGNED_TO:lead": ("chủ trì", "#c05621", False, 3.0),
    "ASSIGNED_TO:coordinate": ("phối hợp", "#dd8a1e", [5, 5], 1.5),
    "MONITORED_BY": ("theo dõi", "#2f855a", [5, 5], 1.5),
    "RESTATES": ("nhắc lại", "#d53f8c", [1, 4], 2.0),
    "SUCCEEDED_BY": ("kế thừa", "#6b46c1", False, 3.0),
    "MEMBER_OF": ("thành viên", "#b794f4", [2, 6], 1.0),
    "DETAILS": ("chi tiết", "#975a16", [3, 3], 1.0),
}

# Characters that could end or confuse a <script> block, as JSON escapes.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class PageSummary:
    """What `write_page` drew."""

    path: Path
    title: str
    nodes: int
    edges: int
    by_label: dict[str, int]


def script_json(payload: object) -> str:
    """JSON safe to place inside <script>: no '<', '>', '&' or line separators left raw.

    >>> script_json({"t": "</script><b>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


def fold(text: str) -> str:
    """Lower case without diacritics, for search: 'Công an tỉnh' -> 'cong an tinh'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()


# ---------------------------------------------------------------- choosing the view


def resolve_document(graph: nx.MultiDiGraph, mention: str) -> str:
    """The Document node named by an id ('doc:103-kh-ubnd-2025') or number ('103/KH-UBND')."""
    node = graph.nodes.get(mention)
    if node and node.get("label") == "Document":
        return mention
    wanted = " ".join(mention.split()).casefold()
    matches = sorted(
        n
        for n, a in graph.nodes(data=True)
        if a.get("label") == "Document"
        and wanted in {str(a.get("number") or "").casefold(), short_document_label(a).casefold()}
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise QueryError(f"{mention!r} names several documents: {', '.join(matches)}; pass the id")
    raise QueryError(f"no document matches {mention!r}; pass a number such as 103/KH-UBND or an id")


def neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` hops of `centre` (edges in either direction), with their edges."""
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    import networkx as nx

    keep = nx.single_source_shortest_path_length(
        graph.to_undirected(as_view=True), centre, cutoff=depth
    )
    return graph.subgraph(sorted(keep)).copy()


FULL_TITLE = "Toàn bộ đồ thị nghĩa vụ"
OVERVIEW_TITLE = "Tổng quan văn bản và nghĩa vụ"


def too_many_nodes(nodes: int) -> str:
    """The refusal of --full above the limit."""
    return (
        f"the graph has {nodes} nodes, more than the {MAX_FULL_VIEW_NODES} a page can draw; "
        "use --agency A or --document D (with --depth N) to draw a neighbourhood"
    )


def select_view(
    graph: nx.MultiDiGraph,
    agency: str | None = None,
    document: str | None = None,
    depth: int = DEFAULT_DEPTH,
) -> tuple[nx.MultiDiGraph, str]:
    """The subgraph to draw and the page title; refuses views above MAX_FULL_VIEW_NODES."""
    if agency and document:
        raise QueryError("pass --agency or --document, not both")
    if agency:
        centre = resolve_agency(graph, agency)
        view = neighbourhood(graph, centre, depth)
        title = f"{graph.nodes[centre].get('name')} — vùng lân cận {depth} bước"
    elif document:
        centre = resolve_document(graph, document)
        view = neighbourhood(graph, centre, depth)
        title = f"{document_label(graph.nodes[centre])} — vùng lân cận {depth} bước"
    else:
        view, title = graph, FULL_TITLE
        if graph.number_of_nodes() > MAX_FULL_VIEW_NODES:
            raise QueryError(too_many_nodes(graph.number_of_nodes()))
    if view.number_of_nodes() > MAX_FULL_VIEW_NODES:
        raise QueryError(
            f"this neighbourhood has {view.number_of_nodes()} nodes, more than "
            f"{MAX_FULL_VIEW_NODES}; lower --depth"
        )
    return view, title


# ---------------------------------------------------------------- tooltips and filters


def _line_span(attrs: dict) -> str:
    if not attrs.get("source"):
        return ""
    start, end = attrs.get("line_start"), attrs.get("line_end")
    if start and end and end != start:
        return f"Nguồn: {attrs['source']}, dòng {start}–{end}"
    return f"Nguồn: {attrs['source']}" + (f", dòng {start}" if start else "")


def _assignees(graph: nx.MultiDiGraph, node: str) -> list[str]:
    found = []
    for _, agency, data in graph.out_edges(node, data=True):
        if data.get("type") in ("ASSIGNED_TO", "MONITORED_BY"):
            role = data.get("role") or "monitor"
            found.append(
                f"{graph.nodes[agency].get('name') or agency} ({ROLE_LABELS.get(role, role)})"
            )
    return sorted(found)


def tooltip(graph: nx.MultiDiGraph, node: str) -> str:
    """Plain-text tooltip: full Vietnamese text, number, deadline, roles, source and line."""
    a = graph.nodes[node]
    label = a.get("label")
    lines: list[str] = []
    if label == "Document":
        lines.append(document_label(a))
        if a.get("issued"):
            lines.append(
                f"Ngày: {vn_date(a['issued'])}" + (f" — {a['issuer']}" if a.get("issuer") else "")
            )
        if a.get("title"):
            lines.append(f"Trích yếu: {a['title']}")
        if a.get("province"):
            lines.append(f"Tỉnh: {a['province']}")
        if not a.get("in_corpus", True):
            lines.append("(chỉ biết qua trích dẫn)")
    elif label == "Task":
        doc = graph.nodes[a["doc_id"]] if a.get("doc_id") in graph else {"id": a.get("doc_id")}
        lines.append(f"Nhiệm vụ {a.get('no')} — {document_label(doc)}")
        lines.append(str(a.get("text") or ""))
        if a.get("result"):
            lines.append(f"Kết quả: {a['result']}")
        if a.get("deadline_text") or normalized_deadline(a):
            deadline = a.get("deadline_text") or ""
            norm = normalized_deadline(a)
            lines.append(f"Thời hạn: {deadline}" + (f" ({norm})" if norm else ""))
        lines += [f"Cơ quan: {x}" for x in _assignees(graph, node)]
    elif label == "Indicator":
        lines.append(f"Chỉ tiêu {a.get('no')}: {a.get('name')}")
        target = " ".join(str(p) for p in (a.get("target"), a.get("unit")) if p)
        if target:
            lines.append(
                f"Mục tiêu: {target}" + (f" (năm {a['horizon']})" if a.get("horizon") else "")
            )
        lines += [f"Cơ quan: {x}" for x in _assignees(graph, node)]
    else:
        lines.append(str(a.get("name") or node))
        if a.get("aliases"):
            lines.append("Tên khác: " + ", ".join(a["aliases"]))
        if a.get("province"):
            lines.append(f"Tỉnh: {a['province']}")
        if a.get("active_to"):
            lines.append(f"Hoạt động đến: {vn_date(a['active_to'])}")
        if a.get("unresolved"):
            lines.append("(chưa xác định trong danh mục cơ quan)")
    span = _line_span(a)
    if span:
        lines.append(span)
    lines.append(f"Mã: {node}")
    return "\n".join(line for line in lines if line)


def _node_label(graph: nx.MultiDiGraph, node: str) -> str:
    a = graph.nodes[node]
    if a.get("label") == "Document":
        return short_document_label(a)
    if a.get("label") == "Task":  # the start of its text, not only its number
        words = " ".join(str(a.get("text") or "").split())
        start = words if len(words) <= TASK_LABEL else words[: TASK_LABEL - 1].rstrip() + "…"
        return f"{a.get('no')}. {start}" if start else f"NV {a.get('no')}"
    if a.get("label") == "Indicator":
        return f"CT {a.get('no')}"
    return str(a.get("name") or node)


def _related(graph: nx.MultiDiGraph, node: str) -> tuple[list[str], list[str]]:
    """(agency ids, document ids) a node belongs to, for the page's agency/document filters.

    Task/Indicator: its document and its agencies. Document: itself and the agencies of its
    tasks and indicators. Agency: itself and the documents of its tasks and indicators.
    """
    a = graph.nodes[node]
    label = a.get("label")
    agencies: set[str] = set()
    docs: set[str] = set()
    if label in ("Task", "Indicator"):
        docs.add(str(a.get("doc_id")))
        agencies |= {
            t
            for _, t, d in graph.out_edges(node, data=True)
            if d.get("type") in ("ASSIGNED_TO", "MONITORED_BY")
        }
    elif label == "Document":
        docs.add(node)
        for _, child, d in graph.out_edges(node, data=True):
            if d.get("type") in ("ASSIGNS", "SETS"):
                agencies |= {
                    t
                    for _, t, e in graph.out_edges(child, data=True)
                    if e.get("type") in ("ASSIGNED_TO", "MONITORED_BY")
                }
    elif label == "Agency":
        agencies.add(node)
        for src, _, d in graph.in_edges(node, data=True):
            if d.get("type") in ("ASSIGNED_TO", "MONITORED_BY"):
                docs.add(str(graph.nodes[src].get("doc_id")))
    return sorted(agencies), sorted(docs)


# ---------------------------------------------------------------- the page


def build_network(view: nx.MultiDiGraph) -> Network:
    """A pyvis Network of the view: styled nodes and edges with plain-text titles."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node in sorted(view.nodes):
        a = view.nodes[node]
        label = a.get("label") or "Agency"
        colour, shape, _ = NODE_STYLES.get(label, NODE_STYLES["Agency"])
        if label == "Agency" and a.get("unresolved"):
            colour = UNRESOLVED_COLOUR
        if label == "Document" and a.get("in_corpus") is False:
            colour = CITED_ONLY_COLOUR
        agencies, docs = _related(view, node)
        text = _node_label(view, node)
        net.add_node(
            node,
            label=text,
            shape=shape,
            color=colour,
            title=tooltip(view, node),
            kind=label,
            agencies=agencies,
            docs=docs,
            search=fold(
                " ".join(
                    [
                        text,
                        node,
                        str(a.get("number") or ""),
                        str(a.get("name") or ""),
                        str(a.get("text") or ""),
                    ]
                )
            ),
            font={"color": "#ffffff" if shape in ("box", "ellipse") else "#1a202c"},
            size=18 if label == "Document" else 12,
        )
    for u, v, key, d in sorted(
        view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
    ):
        rel = d.get("type") or str(key)
        style_key = f"ASSIGNED_TO:{d.get('role') or 'lead'}" if rel == "ASSIGNED_TO" else rel
        text, colour, dashes, width = EDGE_STYLES.get(
            style_key, (rel.lower(), "#999999", False, 1.0)
        )
        title = [f"{rel}" + (f" ({d['role']})" if d.get("role") else "")]
        if d.get("evidence"):
            title.append(str(d["evidence"]))
        if d.get("date"):
            title.append(f"Từ ngày {vn_date(d['date'])}")
        if d.get("score") is not None:
            title.append(f"Độ tương đồng: {d['score']}")
        if d.get("source"):
            title.append(f"Nguồn: {d['source']}" + (f", dòng {d['line']}" if d.get("line") else ""))
        net.add_edge(
            u,
            v,
            id=f"{u}|{key}|{v}",
            label=text,
            title="\n".join(title),
            color=colour,
            dashes=dashes,
            width=width,
            arrows="to",
            rel=style_key,
            font={"size": 9, "color": "#4a5568", "strokeWidth": 2, "align": "middle"},
        )
    return net


def _options(node_count: int) -> dict:
    """vis-network options: seeded layout, stabilise once, then the page freezes physics."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150},
        "physics": {
            # ForceAtlas2 keeps each document's tasks in a cluster around it; a weak central
            # gravity lets unconnected registry agencies drift to the edge.
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "centralGravity": 0.01,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 600 if node_count <= 500 else 200,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "multiselect": True,
        },
        "edges": {"smooth": {"type": "continuous"}},
        "nodes": {"borderWidth": 1},
    }


def _vis_dir() -> Path:
    """vis-network's files in the pyvis package (found without importing pyvis)."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise QueryError("pyvis is not installed: reinstall obligraph")
    return Path(spec.origin).parent / VIS_SUBDIR


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis package, made safe to inline."""
    vis_dir = _vis_dir()
    js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    # Only ever inside string literals in the bundle; escaped so the HTML parser never
    # sees an end tag or a comment opener in the middle of the script.
    js = js.replace("</script", "<\\/script").replace("<!--", "<\\!--")
    return js, css.replace("</style", "<\\/style")


def page_html(view: nx.MultiDiGraph, title: str) -> str:
    """The HTML page for a view (deterministic for the same view and title)."""
    net = build_network(view)
    nodes, edges, *_ = net.get_network_data()
    by_label = Counter(view.nodes[n].get("label") for n in view.nodes)
    rel_counts = Counter(e.get("rel") for e in edges)
    agencies = sorted(
        (
            (n, str(view.nodes[n].get("name") or n))
            for n in view.nodes
            if view.nodes[n].get("label") == "Agency"
        ),
        key=lambda item: (fold(item[1]), item[0]),  # the id breaks ties: view order is a set's
    )
    documents = sorted(
        (
            (n, document_label(view.nodes[n]))
            for n in view.nodes
            if view.nodes[n].get("label") == "Document"
        ),
        key=lambda item: (str(view.nodes[item[0]].get("issued") or "9999"), item[1], item[0]),
    )
    vis_js, vis_css = _vis_assets()
    return _ENV.get_template("page.html.j2").render(
        title=title,
        node_count=view.number_of_nodes(),
        edge_count=view.number_of_edges(),
        node_styles=[(lab, *NODE_STYLES[lab], by_label.get(lab, 0)) for lab in NODE_STYLES],
        edge_styles=[
            (k, *v, rel_counts.get(k, 0)) for k, v in EDGE_STYLES.items() if rel_counts.get(k)
        ],
        agencies=agencies,
        documents=documents,
        data_json=script_json({"nodes": nodes, "edges": edges, "options": _options(len(nodes))}),
        vis_js=vis_js,
        vis_css=vis_css,
    )


def overview_html(graph: nx.MultiDiGraph, title: str) -> str:
    """The overview page (viz/overview.py): documents and lineage, drill-down on click."""
    from obligraph.viz.overview import overview_data

    data = overview_data(graph)
    vis_js, vis_css = _vis_assets()
    return _ENV.get_template("overview.html.j2").render(
        title=title,
        counts={
            "docs": len(data["docs"]),
            "edges": len(data["edges"]),
            "tasks": len(data["tasks"]),
            "agencies": sum(1 for rows in data["agency_rows"] if rows[0]),
        },
        data_json=script_json(data),
        vis_js=vis_js,
        vis_css=vis_css,
    )


def write_page(
    graph: nx.MultiDiGraph,
    out: Path,
    agency: str | None = None,
    document: str | None = None,
    depth: int = DEFAULT_DEPTH,
    full: bool = False,
) -> PageSummary:
    """Write the page: the overview of documents (any size; the default), the whole graph
    (`full`, up to MAX_FULL_VIEW_NODES) or a neighbourhood; return what it shows.

    >>> # write_page(graph, Path("out/graph.html"), agency="Công an tỉnh", depth=2)
    """
    if not (agency or document or full):
        return write_overview(graph, out)
    view, title = select_view(graph, agency=agency, document=document, depth=depth)
    return write_view(view, title, out)


def write_view(view: nx.MultiDiGraph, title: str, out: Path) -> PageSummary:
    """Write the page of a view (the whole graph or a neighbourhood); what it shows."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page_html(view, title), encoding="utf-8")
    by_label = Counter(str(view.nodes[n].get("label")) for n in view.nodes)
    return PageSummary(
        out, title, view.number_of_nodes(), view.number_of_edges(), dict(sorted(by_label.items()))
    )


def write_overview(
    graph: nx.MultiDiGraph, out: Path, counts: dict[str, dict[str, int]] | None = None
) -> PageSummary:
    """Write the overview page of `graph`; the summary counts the whole store's nodes
    and edges (`counts`, the manifest's, when the graph holds only what the overview
    reads; else the graph's own)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(overview_html(graph, OVERVIEW_TITLE), encoding="utf-8")
    if counts is None:
        by_label = dict(
            sorted(Counter(str(a.get("label")) for _, a in graph.nodes(data=True)).items())
        )
        nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    else:
        by_label = dict(sorted(counts.get("nodes", {}).items()))
        nodes, edges = sum(by_label.values()), sum(counts.get("relationships", {}).values())
    return PageSummary(out, OVERVIEW_TITLE, nodes, edges, by_label)
