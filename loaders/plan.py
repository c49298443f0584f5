"""Kế hoạch -> body provisions, Phụ lục indicators and Phụ lục tasks.

The plan is read in three parts:

- the body (everything before the first "Phụ lục" title or table): `plan_body.parse_body`;
- each appendix: its title lines ("Phụ lục II", "DANH MỤC …", "(Kèm theo Kế hoạch số …)"),
  then a table whose header says what it holds — tasks ("Tên nhiệm vụ | Cơ quan chủ trì |
  … | Thời gian hoàn thành") or indicators ("Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì
  theo dõi, đánh giá") — reconstructed by `table` (rows by number, cells by a scored split);
- DETAILS: an appendix task whose text restates a lettered item of the body group with the
  same number (I <-> 1 … VII <-> 7) gets `Task.details` = that item's id.

Records: tasks `<doc_id>/task/<no>` (origin "appendix"), indicators
`<doc_id>/indicator/<no>`, body provisions `<doc_id>/body/<no>`. A row whose cells cannot be
told apart for sure is still loaded, with a warning on the task and a Finding naming the
row and its lines.

Example:
    >>> from obligraph.loaders.records import Document
    >>> from obligraph.loaders.text import read_source
    >>> src = read_source("data/raw/001_2f8b4d489cccd7d8.txt")  # doctest: +SKIP
    >>> out = load_plan(src, Document(id="doc:103-kh-ubnd-2025"))  # doctest: +SKIP
    >>> len([t for t in out.tasks if t.origin == "appendix"])  # doctest: +SKIP
    106
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from obligraph.loaders import agency_mentions as am
from obligraph.loaders import plan_body, table
from obligraph.loaders.deadlines import parse_deadline
from obligraph.loaders.records import Assignment, Document, Extraction, Finding, Indicator, Task
from obligraph.loaders.tables.records import TablesOut, horizon_year
from obligraph.loaders.text import SourceText

# "Phụ lục I", "PHỤ LỤC II", "Phụ lục 2": an appendix title.
APPENDIX_TITLE = re.compile(r"^Phụ\s+lục(?:\s+(?:[IVX]{1,4}|\d{1,2}))?\s*:?$", re.IGNORECASE)
# DETAILS: an appendix row restates a body item of its group when their normalized texts
# score at least DETAILS_THRESHOLD on rapidfuzz's token_set_ratio (shared words), at least
# DETAILS_PARTIAL on partial_ratio (the shorter text found, nearly verbatim, in the longer),
# and the item beats the group's next best by DETAILS_MARGIN. Precision first: on
# 103/KH-UBND every pair passing both is a true restatement (63 rows); rows such as 79
# (a list of Đề án 06 tasks, token_set 97 but partial 60 against II.5.g) are left unlinked,
# and so are a few true but loose restatements (rows 40, 41, 61, 78, 96, 104, 106).
DETAILS_THRESHOLD = 85
DETAILS_PARTIAL = 80
DETAILS_MARGIN = 5
DETAILS_CHARS = 4000  # of a body item compared (the seeds' longest is under 900)


@dataclass
class _Appendix:
    title_start: int  # 0-based index of the "Phụ lục" line (or the header when untitled)
    end: int  # 0-based exclusive end of its region


def load_plan(src: SourceText, document: Document) -> Extraction:
    """Body provisions, appendix tasks and indicators of a Kế hoạch."""
    doc_id = document.id
    appendices = _find_appendices(src)
    body_end = appendices[0].title_start if appendices else len(src.lines)
    out = Extraction()
    body = plan_body.parse_body(src, 0, body_end, doc_id)
    out.tasks.extend(body.tasks)
    out.accounted.extend(body.accounted)
    for appendix in appendices:
        _load_appendix(src, document, appendix, out)
    _link_details(out.tasks)
    out.accounted = _merge(out.accounted)
    return out


def load_stated(src: SourceText, document: Document, stated: TablesOut) -> Extraction:
    """A document whose carrier states its task tables (Markdown, DOCX, HTML…), any kind.

    The tasks and indicators come from the stated tables (`tables.records`); a Kế hoạch's
    body provisions are read from the lines before its first task table (or the "Phụ lục"
    title above it), as for text without stated cells.
    """
    out = Extraction(
        tasks=list(stated.tasks),
        indicators=list(stated.indicators),
        findings=list(stated.findings),
        classified=list(stated.classified),
    )
    out.accounted.extend((t.line_start, t.line_end) for t in stated.tasks if t.line_start)
    if document.kind_code == "KH":
        first = min(
            (r.table.line_start for r in stated.readings if r.kind in ("tasks", "indicators")),
            default=len(src.lines) + 1,
        )
        titles = [i for i in range(first - 1) if APPENDIX_TITLE.match(plain(src.lines[i]))]
        body_end = titles[-1] if titles else first - 1
        body = plan_body.parse_body(src, 0, body_end, document.id)
        out.tasks[:0] = body.tasks
        out.accounted.extend(body.accounted)
        _link_details(out.tasks)
    out.accounted = _merge(out.accounted)
    return out


def plain(line: str) -> str:
    """A line without Markdown emphasis: '**PHỤ LỤC I**' -> 'PHỤ LỤC I'."""
    return line.replace("**", "").replace("*", "").strip()


def _find_appendices(src: SourceText) -> list[_Appendix]:
    """Appendix regions: from each "Phụ lục" title (or, without titles, each first table
    header after the body) to the next."""
    starts = [i for i, line in enumerate(src.lines) if APPENDIX_TITLE.match(line.strip())]
    if not starts:
        header = table.find_header(src.lines, 0)
        starts = [header.start] if header else []
    if not starts:
        return []  # a plan with no appendix: its body alone is loaded
    ends = [*starts[1:], len(src.lines)]
    return [_Appendix(s, e) for s, e in zip(starts, ends, strict=True)]


def _load_appendix(
    src: SourceText, document: Document, appendix: _Appendix, out: Extraction
) -> None:
    header = table.find_header(src.lines, appendix.title_start, appendix.end)
    if header is None:
        # An appendix without a table: its lines are accounted for as text we do not model.
        out.findings.append(
            Finding(
                source=src.name,
                line_start=appendix.title_start + 1,
                line_end=appendix.end,
                reason="appendix without a recognisable table header (TT …); not loaded",
            )
        )
        return
    layout = table.layout_from_header(header.text)
    if not layout.roles:
        # "STT" alone (a header laid out one cell a line): nothing to split rows by
        out.findings.append(
            Finding(
                source=src.name,
                line_start=header.start + 1,
                line_end=appendix.end,
                reason=f'appendix table header "{header.text[:60]}" names no column; not loaded',
                severity="error",
            )
        )
        return
    out.accounted.append((appendix.title_start + 1, header.end + 1))  # title lines + header
    for number, printed, read_as in header.corrections:
        out.findings.append(
            Finding(
                source=src.name,
                line_start=number,
                line_end=number,
                reason=f'header line "{printed}" read as "{read_as}": close, not exact',
            )
        )
    segmented = table.segment_rows(src, header.end + 1, appendix.end, layout)
    for number, note in segmented.notes:
        out.findings.append(
            Finding(source=src.name, line_start=number, line_end=number, reason=note)
        )
    out.accounted.extend(segmented.boilerplate)
    out.accounted.extend((g.line_start, g.line_end) for g in segmented.groups)
    for number in segmented.stray:
        out.findings.append(
            Finding(
                source=src.name,
                line_start=number,
                line_end=number,
                reason=f"table line outside any numbered row: {src.line(number).strip()[:80]}",
            )
        )
    rows = table.split_cells(segmented.rows, layout)
    for row in rows:
        if layout.kind == "indicators":
            out.indicators.append(_indicator(row, src, document))
        else:
            out.tasks.append(_appendix_task(row, src, document))
        for warning in row.warnings:
            out.findings.append(
                Finding(
                    source=src.name,
                    line_start=row.line_start,
                    line_end=row.line_end,
                    reason=warning,
                )
            )


def _cell(row: table.Row, role: str) -> table.Cell:
    return row.cells.get(role) or table.Cell("", [])


def _assignments(row: table.Row, column: str, role: str, source: str) -> list[Assignment]:
    """One Assignment per agency in a cell; a collective stays one."""
    cell = _cell(row, column)
    if not cell.text:
        return []
    out: list[Assignment] = []
    seen: set[str] = set()
    for name in row.agencies.get(column, []):
        key = am.fold(name)
        if not name or key in seen:
            continue
        seen.add(key)
        out.append(
            Assignment(
                agency=name,
                role=role,
                source=source,
                line_start=min(cell.lines),
                line_end=max(cell.lines),
            )
        )
    return out


def _appendix_task(row: table.Row, src: SourceText, document: Document) -> Task:
    doc_id = document.id
    deadline_text = _cell(row, "deadline").text or None
    deadline = parse_deadline(deadline_text, reference=document.issued)
    lead = _assignments(row, "lead", "lead", src.name)
    coordinate = _assignments(row, "coordinate", "coordinate", src.name)
    return Task(
        id=f"{doc_id}/task/{row.no}",
        doc_id=doc_id,
        no=row.no,
        origin="appendix",
        group=row.group.label if row.group else None,
        text=_cell(row, "text").text,
        result=_cell(row, "result").text or None,
        deadline_text=deadline_text,
        due=deadline.due,
        due_from=deadline.due_from,
        recurrence=deadline.recurrence,
        condition=deadline.condition,
        assignments=[*lead, *coordinate],
        warnings=list(row.warnings),
        source=src.name,
        line_start=row.line_start,
        line_end=row.line_end,
    )


def _indicator(row: table.Row, src: SourceText, document: Document) -> Indicator:
    doc_id = document.id
    name = _cell(row, "name").text
    horizon = horizon_year(row.group.title if row.group else "", name)
    return Indicator(
        id=f"{doc_id}/indicator/{row.no}",
        doc_id=doc_id,
        no=row.no,
        name=name,
        unit=_cell(row, "unit").text or None,
        target=_cell(row, "target").text or None,
        horizon=horizon,
        monitors=_assignments(row, "monitor", "lead", src.name),
        group=row.group.label if row.group else None,
        source=src.name,
        line_start=row.line_start,
        line_end=row.line_end,
    )


# ---------------------------------------------------------------------------------------
# DETAILS: appendix rows -> body items


def normalized(text: str) -> str:
    """Comparison form for matching: folded, no punctuation, one space.

    >>> normalized("Triển khai tuyên truyền Nghị quyết số 57-NQ/TW, …")
    'triển khai tuyên truyền nghị quyết số 57 nq tw'
    """
    text = unicodedata.normalize("NFC", am.fold(text))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}


def _link_details(tasks: list[Task]) -> None:
    """Set `details` on each appendix task that restates a lettered body item of its group."""
    items: dict[str, list[tuple[Task, str]]] = {}
    for task in tasks:
        parts = task.no.split(".")
        if task.origin == "body" and parts[0] == "II" and len(parts) == 3:
            # compared by their opening words only: a body item of megabytes (pasted prose)
            # made every row's fuzzy comparison cost its whole length (issue 22)
            items.setdefault(parts[1], []).append((task, normalized(task.text[:DETAILS_CHARS])))
    for task in tasks:
        if task.origin != "appendix" or not task.group:
            continue
        group_no = _ROMAN.get(task.group.split(".")[0].strip())
        candidates = items.get(str(group_no), [])
        if not candidates:
            continue
        text = normalized(task.text)
        scored = sorted(
            (
                (fuzz.token_set_ratio(text, item_text), item.id, item_text)
                for item, item_text in candidates
            ),
            reverse=True,
        )
        best, best_id, best_text = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0
        short, long_ = sorted((text, best_text), key=len)
        if (
            best >= DETAILS_THRESHOLD
            and fuzz.partial_ratio(short, long_) >= DETAILS_PARTIAL
            and best - runner_up >= DETAILS_MARGIN
        ):
            task.details = best_id


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping and adjacent spans merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
