"""The load report: per document its identity and counts, then what is not accounted for."""

from __future__ import annotations

from collections import Counter

from obligraph.loaders.coverage import LOST_ASSIGNMENTS, NOT_ACCOUNTED
from obligraph.loaders.records import LoadedDocument


def _uncovered_lines(doc: LoadedDocument) -> int:
    return sum(1 for f in doc.findings if f.reason.startswith(NOT_ACCOUNTED))


# Warnings shown beside a document's counts, not only in the findings list: what makes
# its counts untrustworthy (no task from an appendix, agencies lost, a header misread).
ALARMS = (LOST_ASSIGNMENTS, "close, not exact", "a page header")


def alarms(findings: list[dict]) -> list[dict]:
    """Errors, and the warnings that say a document's counts may be wrong."""
    return [
        f for f in findings if f["severity"] == "error" or any(a in f["reason"] for a in ALARMS)
    ]


def load_report(loaded: list[LoadedDocument]) -> dict:
    """A JSON-ready summary of a load: identity, counts, coverage, findings."""
    documents = []
    for doc in loaded:
        d = doc.document
        origins = Counter(t.origin for t in doc.tasks)
        relations = Counter(r.relation for r in doc.references)
        uncovered = _uncovered_lines(doc)
        documents.append(
            {
                "source": d.source,
                "id": d.id,
                "number": d.number,
                "kind": d.kind,
                "kind_code": d.kind_code,
                "issuer": d.issuer,
                "issued": d.issued.isoformat() if d.issued else None,
                "title": d.title,
                "signer": d.signer,
                "encoding": doc.encoding,
                "tasks": dict(sorted(origins.items())),
                "indicators": len(doc.indicators),
                "assignments": sum(len(t.assignments) for t in doc.tasks),
                "references": len({r.number or r.name for r in doc.references}),
                "relations": dict(sorted(relations.items())),
                "nonblank_lines": doc.nonblank_lines,
                "uncovered_lines": uncovered,
                "uncovered_percent": round(100 * uncovered / max(doc.nonblank_lines, 1), 2),
                "lines": dict(doc.line_counts),
                "findings": [
                    {
                        "source": f.source,
                        "lines": [f.line_start, f.line_end],
                        "severity": f.severity,
                        "reason": f.reason,
                    }
                    for f in doc.findings
                ],
            }
        )
    return {"documents": documents}


def render_load_report(report: dict, limit: int | None = 40) -> str:
    """The report as readable text."""
    out: list[str] = []
    for d in report["documents"]:
        out.append(f"{d['source']}")
        out.append(
            f"  {d['kind'] or '?'} {d['number'] or '(không số)'} · {d['issuer'] or '?'}"
            f" · {d['issued'] or '?'} · id {d['id']}"
        )
        if d["title"]:
            out.append(f"  {d['title'][:110]}")
        tasks = ", ".join(f"{n} {o}" for o, n in d["tasks"].items()) or "0"
        rels = ", ".join(f"{n} {r}" for r, n in d["relations"].items()) or "0"
        out.append(
            f"  tasks: {tasks} · indicators: {d['indicators']} · assignments: "
            f"{d['assignments']} · cited documents: {d['references']} ({rels})"
        )
        lines = d.get("lines") or {}
        out.append(
            f"  lines: {d['nonblank_lines']} non-blank · {lines.get('placed', 0)} placed in records"
            f" · {lines.get('classified', 0)} classified · {lines.get('unplaced', 0)} unplaced"
            f" ({d['uncovered_percent']}%)"
        )
        for f in alarms(d["findings"])[:4]:
            out.append(f"  {f['severity'].upper()} line {f['lines'][0]}: {f['reason']}")
    findings = [(d["source"], f) for d in report["documents"] for f in d["findings"]]
    if findings:
        out.append("")
        out.append(f"Findings ({len(findings)}):")
        for source, f in findings[: limit or len(findings)]:
            a, b = f["lines"]
            where = f"{source}:{a}" + (f"-{b}" if b and b != a else "")
            out.append(f"  {where}  [{f['severity']}] {f['reason']}")
        if limit and len(findings) > limit:
            out.append(f"  … {len(findings) - limit} more (use --all or --json)")
    return "\n".join(out)
