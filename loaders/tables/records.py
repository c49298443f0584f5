"""Interpreted table rows -> Task and Indicator records, for a document of any kind.

Ids: `<doc_id>/task/<no>` when no two task rows of the document share a number (NQ 03's
1…140, like KH 103's), else `<doc_id>/task/<group path>.<no>` (`B.II.3`), and with the
appendix's rank in front (`PL2.I.3`) when two tables still collide. Columns without a
field of their own (funding, notes, basis document, monitoring agency, columns of no
known role) go to `Task.extra` under their header text; they stay out of graph.json.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from obligraph.loaders import agency_mentions as am
from obligraph.loaders import table as reading_order
from obligraph.loaders.deadlines import parse_deadline
from obligraph.loaders.readers.model import StatedTable
from obligraph.loaders.records import Assignment, Document, Finding, Indicator, Task
from obligraph.loaders.tables.interpret import TableReading, Value, read_table
from obligraph.loaders.tables.structure import Structured, StructuredRow, structure

# "…, phối hợp với …", "chủ trì; phối hợp: …": where a responsibility cell turns to
# coordinators.
COORDINATE_TURN = re.compile(
    r"[,;.]?\s*\(?\s*(?:chủ trì\s*[,;]?\s*)?phối hợp(?:\s+với)?\s*:?\s*", re.I
)
LEAD_TAIL = re.compile(r"\s*\(?\s*chủ trì\s*\)?\s*[,;:]?\s*$", re.I)
# A line that opens a list item keeps its line break when wraps are joined.
LIST_OPENER = re.compile(r"^(?:[-–+•]\s|[a-zđ]\)\s|\(\w{1,3}\)\s)")
# A sentence ending a line and a new one opening the next: "…quy hoạch.\nBố trí …".
SENTENCE_START = re.compile(r"[.;]\n(?=[A-ZĐÀ-Ỹ])")
HORIZON_YEAR = re.compile(r"năm\s+(?P<y>20\d\d)", re.IGNORECASE)
# Roles with a field of their own on Task / Indicator.
TASK_FIELDS = frozenset({"text", "lead", "coordinate", "responsibility", "result", "deadline"})


@dataclass
class TablesOut:
    """What a document's stated tables yield."""

    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # (start, end, reason) for lines that are table furniture or non-task tables
    classified: list[tuple[int, int, str]] = field(default_factory=list)
    readings: list[TableReading] = field(default_factory=list)

    @property
    def task_tables(self) -> int:
        return sum(1 for r in self.readings if r.kind == "tasks")


def text_of(value: Value | None) -> str:
    """A cell's text with wrapped lines joined; list items keep their line breaks."""
    if value is None:
        return ""
    out: list[str] = []
    for line in value.text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and not LIST_OPENER.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def tables_extraction(
    src_name: str, document: Document, tables: tuple[StatedTable, ...]
) -> TablesOut:
    """Tasks and indicators of every task or indicator table among `tables`."""
    out = TablesOut()
    structured: list[Structured] = []
    for table in tables:
        try:
            reading = read_table(table)
        except Exception as exc:  # noqa: BLE001 - a table we cannot read is a finding
            out.findings.append(
                Finding(
                    source=src_name,
                    line_start=table.line_start,
                    line_end=table.line_end,
                    reason=f"table not read ({type(exc).__name__}: {exc})",
                    severity="error",
                )
            )
            continue
        out.readings.append(reading)
        if reading.kind == "other":
            out.classified.extend(_other_table_lines(table, reading.why))
            continue
        s = structure(reading)
        structured.append(s)
        if reading.header:
            out.classified.append((*reading.header, "table header"))
        out.classified.extend(reading.dropped)
        out.classified.extend((g.line_start, g.line_end, "table group heading") for g in s.groups)
        for a, b, why in [*reading.findings, *s.findings]:
            out.findings.append(Finding(source=src_name, line_start=a, line_end=b, reason=why))
    ids = _ids(structured)
    for rank, s in enumerate(structured):
        kind = s.reading.kind
        for row in s.rows:
            key = ids[(rank, id(row))]
            if kind == "indicators":
                out.indicators.append(_indicator(row, key, src_name, document))
            else:
                out.tasks.append(_task(row, key, src_name, document))
            for warning in row.warnings:
                out.findings.append(
                    Finding(
                        source=src_name,
                        line_start=row.line_start,
                        line_end=row.line_end,
                        reason=f"row {row.no}: {warning}",
                    )
                )
    return out


# A cell running longer than this is a page laid out in a table (the portal puts a whole
# document body in one cell), not a table's content: its lines are not classified here.
MAX_TABLE_CELL_LINES = 8


def _other_table_lines(table: StatedTable, why: str) -> list[tuple[int, int, str]]:
    """The lines of a non-task table's cells, classified; long layout cells left out."""
    out: list[tuple[int, int, str]] = []
    for row in table.rows:
        for cell in row.cells:
            if cell.line_end - cell.line_start < MAX_TABLE_CELL_LINES:
                out.append((cell.line_start, cell.line_end, f"non-task table ({why})"))
    return out


def _ids(structured: list[Structured]) -> dict[tuple[int, int], str]:
    """The id suffix of every row: bare numbers if unique per kind, else group paths."""
    out: dict[tuple[int, int], str] = {}
    for kind in ("tasks", "indicators"):
        rows = [
            (rank, r) for rank, s in enumerate(structured) if s.reading.kind == kind for r in s.rows
        ]
        for choice in (
            lambda rank, r: r.no,
            lambda rank, r: r.key,
            lambda rank, r: f"PL{rank + 1}.{r.key}",
        ):
            keys = [choice(rank, r) for rank, r in rows]
            if len(set(keys)) == len(keys):
                break
        seen: Counter[str] = Counter()
        for (rank, r), key in zip(rows, keys, strict=True):
            seen[key] += 1
            if seen[key] > 1:  # still given twice: keep both, the later one numbered
                r.warnings.append(f"number {key} given twice in the document")
                key = f"{key}#{seen[key]}"
            out[(rank, id(r))] = key
    return out


def _agencies(value: Value | None) -> list[str]:
    """Agency mentions of a cell. A line break is a boundary when the next line opens a
    new agency name ("…, đặc khu" / "Sở Tài chính"); otherwise it is a wrap."""
    if value is None or not value.text.strip():
        return []
    pieces: list[str] = []
    for line in value.text.split("\n"):
        line = line.strip().lstrip("-–+• ").strip()
        if not line:
            continue
        if pieces and not (line[:1].isupper() and am.looks_like_agency(line)):
            pieces[-1] = f"{pieces[-1]} {line}"
        else:
            pieces.append(line)
    out: list[str] = []
    for piece in pieces:
        out.extend(reading_order.cell_agencies(piece, frozenset()))
    return [a for a in (m.strip(" .;,") for m in out) if a]


def _lines_naming_agencies(value: Value | None) -> int:
    if value is None:
        return 0
    return sum(
        1
        for line in value.text.split("\n")
        if line.strip()[:1].isupper() and am.looks_like_agency(line.strip())
    )


def _split_responsibility(value: Value | None) -> tuple[list[str], list[str]]:
    """Lead and coordinators of a single who-column: "phối hợp" inside splits them."""
    text = text_of(value)
    if not text:
        return [], []
    parts = COORDINATE_TURN.split(text, maxsplit=1)
    lead_text = LEAD_TAIL.sub("", parts[0])
    lead = _agencies(Value(lead_text, 1, 1))
    coordinate = _agencies(Value(parts[1], 1, 1)) if len(parts) > 1 else []
    return lead, coordinate


def _assignments(names: list[str], role: str, value: Value | None, source: str) -> list[Assignment]:
    out: list[Assignment] = []
    seen: set[str] = set()
    for name in names:
        key = am.fold(name)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Assignment(
                agency=name,
                role=role,  # type: ignore[arg-type]
                source=source,
                line_start=value.line_start if value else None,
                line_end=value.line_end if value else None,
            )
        )
    return out


def _task(row: StructuredRow, key: str, source: str, document: Document) -> Task:
    v = row.values
    lead_names = _agencies(v.get("lead"))
    coord_names = _agencies(v.get("coordinate"))
    if "responsibility" in v:
        r_lead, r_coord = _split_responsibility(v["responsibility"])
        lead_names += r_lead
        coord_names += r_coord
    lead_value = v.get("lead") or v.get("responsibility")
    coord_value = v.get("coordinate") or v.get("responsibility")
    deadline_text = text_of(v.get("deadline")).rstrip(".").strip() or None
    deadline = parse_deadline(deadline_text, reference=document.issued)
    extra = {
        row.headers.get(role, role): text_of(val)
        for role, val in v.items()
        if role not in TASK_FIELDS
    }
    extra.update({header: text_of(val) for header, val in row.extra.items()})
    sentences = SENTENCE_START.findall(v["text"].text) if "text" in v else []
    if len(sentences) >= 1 and _lines_naming_agencies(v.get("lead")) >= 2:
        row.warnings.append(
            "the task cell may name several tasks (a sentence opens a new line and the lead "
            "cell names one agency a line): kept as one row"
        )
    lead = _assignments(lead_names, "lead", lead_value, source)
    lead_keys = {am.fold(a.agency) for a in lead}
    coordinate = [
        a
        for a in _assignments(coord_names, "coordinate", coord_value, source)
        if am.fold(a.agency) not in lead_keys
    ]
    return Task(
        id=f"{document.id}/task/{key}",
        doc_id=document.id,
        no=row.no,
        origin="appendix",
        group=row.group.label if row.group else None,
        text=text_of(v.get("text")),
        result=text_of(v.get("result")) or None,
        deadline_text=text_of(v.get("deadline")) or None,
        due=deadline.due,
        due_from=deadline.due_from,
        recurrence=deadline.recurrence,
        condition=deadline.condition,
        assignments=[*lead, *coordinate],
        warnings=list(row.warnings),
        extra={k: val for k, val in extra.items() if val},
        source=source,
        line_start=row.line_start,
        line_end=row.line_end,
        page=row.page,
    )


def horizon_year(*texts: str | None) -> int | None:
    """The target year an indicator's group heading or name states ("… năm 2030"), the
    first text that has one winning; shared with the reading-order plan loader.

    >>> horizon_year("Mục tiêu đến năm 2030", "Tỷ lệ … năm 2025")
    2030
    """
    for text in texts:
        m = HORIZON_YEAR.search(text or "")
        if m:
            return int(m.group("y"))
    return None


def _indicator(row: StructuredRow, key: str, source: str, document: Document) -> Indicator:
    v = row.values
    name = text_of(v.get("name") or v.get("text"))
    horizon = horizon_year(row.group.title if row.group else "", name)
    return Indicator(
        id=f"{document.id}/indicator/{key}",
        doc_id=document.id,
        no=row.no,
        name=name,
        unit=text_of(v.get("unit")) or None,
        target=text_of(v.get("target")) or None,
        horizon=horizon,
        monitors=_assignments(_agencies(v.get("monitor")), "lead", v.get("monitor"), source),
        group=row.group.label if row.group else None,
        source=source,
        line_start=row.line_start,
        line_end=row.line_end,
        page=row.page,
    )
