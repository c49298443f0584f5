"""Coverage that cannot lie: every non-blank line is placed, classified, or unplaced.

- placed: inside a record (task, indicator, cited reference);
- classified: recognised as something the graph does not model: lines a loader
  accounted for (identity, preamble, headings, closing formula, boilerplate), and lines
  with a named reason (table header, non-task table, portal furniture, heading, legal
  basis, signature, recipients, table separator…);
- unplaced: neither; each is an info finding naming the line.

A document with an appendix ("Phụ lục", "Danh mục nhiệm vụ", "Biểu") or a task table
that yields no task or indicator gets an error finding: never "0 unaccounted".
"""

from __future__ import annotations

import re

from obligraph.loaders.records import Finding, LoadedDocument
from obligraph.loaders.text import SourceText

NOT_ACCOUNTED = "not accounted for by any record"
NO_TASKS = "has an appendix or a task table but no task was read from it"

# Line classes, first match wins: (reason, pattern on the line without Markdown emphasis).
LINE_CLASSES: list[tuple[str, re.Pattern[str]]] = [
    ("table separator", re.compile(r"^\|$|^\|?\s*:?-{2,}")),
    (
        "portal furniture",
        re.compile(
            r"^(?:#+\s|Bản dịch này|THƯ VIỆN PHÁP LUẬT|Đang tải văn bản|Văn bản này chưa|"
            r"Click vào|Ban hành:|Hiệu lực:|Tình trạng:|Cập nhật:|Số hiệu:|Loại văn bản:|"
            r"Nơi ban hành:|Người ký:|Ngày ban hành:|Ngày hiệu lực:|Ngày công báo:|Số công báo:|"
            r"Địa chỉ:|Điện thoại:|E-mail:|Mã số thuế:|X$|\[Nguồn:)",
            re.IGNORECASE,
        ),
    ),
    ("legal basis", re.compile(r"^(?:Căn cứ|Xét đề nghị|Theo đề nghị|Trên cơ sở)", re.I)),
    ("recipients", re.compile(r"^(?:Nơi nhận|-\s*(?:Như|Lưu)\b)", re.I)),
    (
        "signature",
        re.compile(r"^(?:KT\.|TM\.|TL\.|Q\.|CHỦ TỊCH|PHÓ CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC)"),
    ),
    (
        "meeting context",
        re.compile(r"^(?:Thành phần|Chủ trì|Tham dự|Địa điểm|Thời gian)[^:]{0,20}:", re.I),
    ),
]
APPENDIX_LINE = re.compile(
    r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?(?:[IVX]{1,4}|\d{1,2}))?\s*:?$"
    r"|^DANH\s+MỤC\s+(?:CÁC\s+)?NHIỆM\s+VỤ|^Biểu\s+(?:số\s+)?\d",
)


def _plain(line: str) -> str:
    return " ".join(line.replace("*", " ").split())


def classify_line(line: str) -> str | None:
    """The named class of a line the records do not cover, or None."""
    text = _plain(line)
    for reason, pattern in LINE_CLASSES:
        if pattern.match(text):
            return reason
    # no lower-case letter and at least four capitals: "II. NHIỆM VỤ", "KẾ HOẠCH"
    if not any(c.islower() for c in text) and sum(c.isupper() for c in text) >= 4:
        return "heading"
    return None


def record_lines(loaded: LoadedDocument) -> set[int]:
    """Lines inside a task, indicator or reference record."""
    out: set[int] = set()
    for rec in [*loaded.tasks, *loaded.indicators, *loaded.references]:
        if rec.line_start and rec.line_end:
            out.update(range(rec.line_start, rec.line_end + 1))
    return out


def accounted_lines(loaded: LoadedDocument) -> set[int]:
    """Every line number inside an accounted span or a record's span."""
    spans = list(loaded.accounted)
    for rec in [*loaded.tasks, *loaded.indicators, *loaded.references]:
        if rec.line_start and rec.line_end:
            spans.append((rec.line_start, rec.line_end))
    covered: set[int] = set()
    for start, end in spans:
        covered.update(range(start, end + 1))
    return covered


def line_classes(src: SourceText, loaded: LoadedDocument) -> dict[int, str]:
    """Each non-blank line outside the records: its class, where it has one."""
    covered = accounted_lines(loaded)
    out: dict[int, str] = {}
    for start, end, reason in loaded.classified:
        for n in range(start, end + 1):
            out.setdefault(n, reason)
    recipients = False  # inside a "Nơi nhận:" list: its "- …" lines
    for n, line in enumerate(src.lines, start=1):
        plain = _plain(line)
        if plain.lower().startswith("nơi nhận"):
            recipients = True
        elif recipients and plain and not plain.startswith("-"):
            recipients = plain[:1].islower()  # a wrapped recipient line goes on
        if n in covered or n in out or not line.strip():
            continue
        reason = "recipients" if recipients else classify_line(line)
        if reason:
            out[n] = reason
    return {n: r for n, r in out.items() if n not in covered and src.line(n).strip()}


def uncovered(src: SourceText, loaded: LoadedDocument) -> list[Finding]:
    """One Finding (severity info) per non-blank line nothing places or classifies; also
    sets `loaded.line_counts` (placed, classified, unplaced)."""
    covered = accounted_lines(loaded)
    classes = line_classes(src, loaded)
    out = [
        Finding(
            source=src.name,
            line_start=number,
            line_end=number,
            reason=f"{NOT_ACCOUNTED}: {line.strip()[:90]}",
            severity="info",
        )
        for number, line in enumerate(src.lines, start=1)
        if line.strip() and number not in covered and number not in classes
    ]
    records = record_lines(loaded)
    nonblank = {n for n, line in enumerate(src.lines, start=1) if line.strip()}
    placed = len(nonblank & records)
    loaded.line_counts = {
        "placed": placed,
        "classified": len(nonblank) - placed - len(out),
        "unplaced": len(out),
    }
    return out


def appendix_without_tasks(
    src: SourceText, loaded: LoadedDocument, task_tables: int
) -> list[Finding]:
    """An error finding when the text has an appendix or a task table but no appendix task
    or indicator (body provisions or notice directives do not read an appendix)."""
    if any(t.origin == "appendix" for t in loaded.tasks) or loaded.indicators:
        return []
    titles = [n for n, line in enumerate(src.lines, start=1) if APPENDIX_LINE.match(_plain(line))]
    if not titles and not task_tables:
        return []
    held = sorted({r for _, _, r in loaded.classified if r.startswith("non-task table")})
    why = f"; its tables: {', '.join(held)}" if held else "; no table recognised in it"
    first = titles[0] if titles else 1
    return [
        Finding(
            source=src.name,
            line_start=first,
            line_end=first,
            reason=f"{NO_TASKS}{why}",
            severity="error",
        )
    ]


LOST_ASSIGNMENTS = "tasks lost their agencies"
# A table or document where more than this share of appendix tasks names no agency has
# probably lost its agency column (a misread header, a shifted column): warn.
LOST_SHARE = 0.5


def lost_assignments(src: SourceText, loaded: LoadedDocument) -> list[Finding]:
    """A warning when most appendix tasks of a document name no agency: the mark of a
    header misread or a column lost, which a count alone would hide."""
    tasks = [t for t in loaded.tasks if t.origin == "appendix"]
    bare = [t for t in tasks if not t.assignments]
    if len(tasks) < 4 or len(bare) <= LOST_SHARE * len(tasks):
        return []
    first = min(t.line_start or 1 for t in bare)
    return [
        Finding(
            source=src.name,
            line_start=first,
            line_end=max(t.line_end or first for t in bare),
            reason=f"{LOST_ASSIGNMENTS}: {len(bare)} of {len(tasks)} appendix tasks name no "
            "agency (a header misread or a column lost?)",
            severity="warning",
        )
    ]


def nonblank_count(src: SourceText) -> int:
    return sum(1 for line in src.lines if line.strip())
