"""The validated records every loader produces and the graph builder consumes.

Field names follow docs/schema.md (the graph contract). Every record extracted from text
carries `source` (the input file name) and a 1-based inclusive line span.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["lead", "coordinate"]
Origin = Literal["appendix", "notice", "body"]
Recurrence = Literal["monthly", "quarterly", "annual", "continuous"]
Relation = Literal["implements", "supersedes", "based_on", "amends", "repeals", "cites"]
Severity = Literal["info", "warning", "error"]


class Record(BaseModel):
    """Base: strict, NFC text, provenance."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    source: str | None = None
    line_start: int | None = Field(default=None, ge=1)
    line_end: int | None = Field(default=None, ge=1)
    page: int | None = Field(default=None, ge=1)  # paged carriers (PDF): page of line_start

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        return value


class Assignment(Record):
    """An agency as mentioned in the text, with its role on a task or indicator."""

    agency: str  # the mention as printed (whitespace collapsed), e.g. "Sở Tài Chính"
    role: Role = "lead"
    agency_id: str | None = None  # filled by graph.agencies resolution


class Task(Record):
    """An obligation: an appendix row, a notice directive, or a body provision."""

    id: str
    doc_id: str
    no: str  # as printed: "22", "II.1.3", "II.1.a"
    origin: Origin
    group: str | None = None  # the heading it falls under
    text: str
    result: str | None = None
    deadline_text: str | None = None
    due: date | None = None
    due_from: date | None = None
    recurrence: Recurrence | None = None
    condition: str | None = None
    assignments: list[Assignment] = Field(default_factory=list)
    details: str | None = None  # id of the body provision this appendix row details
    warnings: list[str] = Field(default_factory=list)  # ambiguity noted while loading
    # Table columns with no field of their own ("Nguồn kinh phí", "Ghi chú", a column of
    # no known role), by header text. Kept on the record and in the load report, not in
    # graph.json (the schema has no such property).
    extra: dict[str, str] = Field(default_factory=dict)


class Indicator(Record):
    """A quantified target a document sets (Phụ lục I rows, notice "chỉ tiêu")."""

    id: str
    doc_id: str
    no: str
    name: str
    unit: str | None = None
    target: str | None = None
    horizon: int | None = None
    monitors: list[Assignment] = Field(default_factory=list)  # MONITORED_BY
    group: str | None = None


class Reference(Record):
    """A cited document and how the citing text relates to it.

    `subject_number` is None when the relation is from the loaded document itself; when
    the text states a relation between two cited documents ("KH 152 thực hiện NQ 57"),
    it holds the normalized number of the cited document that is the relation's subject.
    """

    number: str | None = None  # normalized, e.g. "152-KH/TU"; None for name-only
    name: str | None = None  # name-only citations: "Đề án 06"
    kind: str | None = None
    kind_code: str | None = None
    issuer: str | None = None
    issued: date | None = None
    relation: Relation = "cites"
    evidence: str  # the sentence
    variants: list[str] = Field(default_factory=list)  # raw spellings seen ("152-KH/TW")
    subject_number: str | None = None
    subject_name: str | None = None
    task_id: str | None = None  # set when a task's own text cites it (Task -CITES-> Document)


class Document(Record):
    """A document: loaded in full (in_corpus) or known only from citations."""

    id: str
    number: str | None = None
    kind: str | None = None
    kind_code: str | None = None
    issuer: str | None = None
    issued: date | None = None
    title: str | None = None
    signer: str | None = None
    in_corpus: bool = True


class Finding(Record):
    """Something the loader could not place or was unsure of: file, lines, why."""

    reason: str
    severity: Severity = "warning"


class LoadedDocument(BaseModel):
    """Everything one input file yields, plus what accounts for its lines."""

    model_config = ConfigDict(extra="forbid")

    document: Document
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    # Line spans (1-based, inclusive) accounted for: by records, or recognised as
    # non-content (headers, signature blocks, "Nơi nhận", page numbers, preamble prose).
    accounted: list[tuple[int, int]] = Field(default_factory=list)
    # Lines recognised as something the graph does not model, with the reason (1-based,
    # inclusive): "table header", "non-task table (…)", "portal furniture"…
    classified: list[tuple[int, int, str]] = Field(default_factory=list)
    line_count: int = 0
    nonblank_lines: int = 0
    # non-blank lines placed in a record or accounted span / classified / unplaced
    line_counts: dict[str, int] = Field(default_factory=dict)
    encoding: str = "utf-8"


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug: 'Sở Khoa học và Công nghệ' -> 'so-khoa-hoc-va-cong-nghe'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return _SLUG_DROP.sub("-", text).strip("-")


def document_id(
    number: str | None,
    *,
    year: int | None = None,
    kind_code: str | None = None,
    issuer: str | None = None,
    issued: date | None = None,
    name: str | None = None,
) -> str:
    """The stable id of a document node.

    Numbered: "doc:" + slug(number) [+ "-" + year when the number does not carry it],
    e.g. 103/KH-UBND of 2025 -> "doc:103-kh-ubnd-2025", 73/2019/NĐ-CP -> "doc:73-2019-nd-cp".
    Un-numbered notice: kind, issuer and date, e.g. "doc:tb-ubnd-tinh-2025-03-18".
    Name-only citation: "doc:name:" + slug(name), e.g. "doc:name:de-an-06".
    """
    if number:
        slug = slugify(number)
        if year and not re.search(r"/(19|20)\d\d/", number):
            slug = f"{slug}-{year}"
        return f"doc:{slug}"
    if name:
        return f"doc:name:{slugify(name)}"
    parts = [kind_code or "doc", issuer or "unknown", issued.isoformat() if issued else "undated"]
    return "doc:" + "-".join(slugify(p) for p in parts)


class Extraction(BaseModel):
    """What one stage (plan tables, notice directives) extracts from a document."""

    model_config = ConfigDict(extra="forbid")

    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    accounted: list[tuple[int, int]] = Field(default_factory=list)
    classified: list[tuple[int, int, str]] = Field(default_factory=list)  # lines, reason
