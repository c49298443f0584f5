"""A Party resolution (Nghị quyết …-NQ/TW, …-NQ/TU): its tasks and solutions, in prose.

A Party resolution has no task table: its obligations are paragraphs of prose under
numbered groups. The body reads, in sections numbered "I-" or "I.":

- QUAN ĐIỂM CHỈ ĐẠO, MỤC TIÊU (views and targets): context, accounted, no tasks (the
  targets' figures are the Government programme's indicators, not the resolution's tasks);
- NHIỆM VỤ, GIẢI PHÁP: numbered groups ("1. Nâng cao nhận thức …", seven in 57-NQ/TW);
  each paragraph or "-" bullet under a group is one provision, Task origin "body",
  `<doc_id>/body/<section>.<group>.<k>` (57-NQ/TW: `…/body/III.2.3`), its group the
  group's heading;
- TỔ CHỨC THỰC HIỆN: each numbered item is one provision `<section>.<n>` with the
  agencies its sentence names (the subject leads, "phối hợp với …" coordinates).

Headings and the closing line are accounted for; lines before the first section (a press
copy's introduction) are left to the coverage report.

>>> from obligraph.loaders.text import source_from_string
>>> src = source_from_string("III- NHIỆM VỤ, GIẢI PHÁP\\n1. Nâng cao nhận thức\\n"
...     "- Có chương trình tuyên truyền.\\nIV- TỔ CHỨC THỰC HIỆN\\n"
...     "1. Ban Tuyên giáo Trung ương chủ trì hướng dẫn.\\n")
>>> [(t.no, t.group) for t in load_resolution(src, "doc:x").tasks]
[('III.1.1', 'Nâng cao nhận thức'), ('IV.1', 'Tổ chức thực hiện')]
"""

from __future__ import annotations

import re

from obligraph.loaders.plan_body import duty_agencies
from obligraph.loaders.records import Extraction, Task
from obligraph.loaders.text import SourceText

# "III- NHIỆM VỤ, GIẢI PHÁP", "IV. TỔ CHỨC THỰC HIỆN": a section in capitals.
SECTION = re.compile(r"^[\s*#]*(?P<roman>[IVX]{1,4})\s*[-.–]\s*(?P<title>\S.*?)[\s*]*$")
# "2. Khẩn trương, quyết liệt hoàn thiện thể chế; …": a numbered group or item.
NUMBERED = re.compile(r"^[\s*]*(?P<no>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
# "- Khẩn trương sửa đổi …": a bullet.
BULLET = re.compile(r"^\s*[-–•+]\s+(?P<text>\S.*)$")
# Section titles whose groups hold tasks, and the one of duties by agency (folded words).
TASK_SECTION = re.compile(r"NHIỆM VỤ|GIẢI PHÁP")
DUTY_SECTION = re.compile(r"TỔ CHỨC THỰC HIỆN")
ORGANISE_GROUP = "Tổ chức thực hiện"


def is_party_resolution(kind_code: str | None, number: str | None) -> bool:
    """True for a Nghị quyết of a Party body (number `57-NQ/TW`, `09-NQ/TU`).

    >>> is_party_resolution("NQ", "57-NQ/TW"), is_party_resolution("NQ", "03/NQ-CP")
    (True, False)
    """
    return kind_code == "NQ" and bool(number) and re.match(r"^\d+-NQ/", number or "") is not None


def load_resolution(src: SourceText, doc_id: str) -> Extraction:
    """The provisions of a Party resolution's body (see the module docstring)."""
    out = Extraction()
    section: str | None = None  # the Roman number
    kind: str | None = None  # "tasks", "duties" or None (context)
    group_no: str | None = None
    group_title: str | None = None
    count = 0
    for line_no, raw in enumerate(src.lines, start=1):
        line = raw.replace("**", "").strip()
        if not line:
            continue
        sec = SECTION.match(line)
        if sec and sec["title"] == sec["title"].upper():
            section, group_no, group_title, count = sec["roman"], None, None, 0
            title = sec["title"].upper()
            kind = (
                "duties"
                if DUTY_SECTION.search(title)
                else ("tasks" if TASK_SECTION.search(title) else None)
            )
            out.accounted.append((line_no, line_no))
            continue
        if section is None:
            continue  # a press copy's introduction: left to the coverage report
        if kind is None:
            out.accounted.append((line_no, line_no))  # views and targets: context
            continue
        num = NUMBERED.match(line)
        if kind == "duties":
            if num:
                out.tasks.append(
                    _task(
                        src, doc_id, f"{section}.{num['no']}", ORGANISE_GROUP, num["text"], line_no
                    )
                )
                task = out.tasks[-1]
                task.assignments = duty_agencies(task.text, src.name, line_no, line_no)
            out.accounted.append((line_no, line_no))  # duties, and the closing line
            continue
        if num:
            group_no, group_title, count = num["no"], num["text"].rstrip(" ."), 0
            out.accounted.append((line_no, line_no))
            continue
        if group_no is None:
            continue
        count += 1
        bullet = BULLET.match(line)
        text = bullet["text"] if bullet else line
        out.tasks.append(
            _task(src, doc_id, f"{section}.{group_no}.{count}", group_title, text, line_no)
        )
        out.accounted.append((line_no, line_no))
    return out


def _task(
    src: SourceText, doc_id: str, no: str, group: str | None, text: str, line_no: int
) -> Task:
    return Task(
        id=f"{doc_id}/body/{no}",
        doc_id=doc_id,
        no=no,
        origin="body",
        group=group,
        text=text.strip(),
        source=src.name,
        line_start=line_no,
        line_end=line_no,
    )
