"""What the user typed -> node ids, before anything becomes a Cypher parameter.

A document is named by its number ("37/KH-UBND", "37/kh-ubnd", " 37 / KH-UBND ") or by its
id ("doc:tb-ubnd-tinh-2025-03-18"); an agency by its id, name, alias or abbreviation
("Sở KHCN"), through the agency registry where it knows the mention. Both work from a
small catalogue (id, number / id, name, aliases) read from a networkx graph or a store,
so the same resolution runs before the Cypher and the networkx answers.

>>> docs = [DocumentEntry("doc:37-kh-ubnd-2025", "37/KH-UBND")]
>>> resolve_document(" 37 / kh-ubnd ", docs)
['doc:37-kh-ubnd-2025']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from obligraph.errors import QueryError
from obligraph.slug import slugify

if TYPE_CHECKING:  # hints only: the CLI's query path never imports networkx
    import networkx as nx


class DocumentEntry(NamedTuple):
    id: str
    number: str | None


@dataclass(frozen=True)
class AgencyEntry:
    id: str
    name: str | None
    aliases: tuple[str, ...] = ()
    # A registry agency still in office (no active_to, not an unresolved mention): the
    # one kind whose name or alias, typed as written, the registry is sure to resolve to
    # this id, so resolve_agency takes it without loading the registry.
    current: bool = False


def number_key(text: str) -> str:
    """A document number compared without case, spaces or the / vs - of its separators.

    >>> number_key("37/KH-UBND") == number_key(" 37 / kh - ubnd") == "37-kh-ubnd"
    True
    """
    return slugify(text)


class DocumentIndex:
    """Document ids, and ids by number_key: built once per catalogue, so resolving a
    number is a dict lookup, not a slugify of every document (10,000 documents: ~100 ms).

    >>> index = DocumentIndex([DocumentEntry("doc:37-kh-ubnd-2025", "37/KH-UBND")])
    >>> index.by_number["37-kh-ubnd"]
    ['doc:37-kh-ubnd-2025']
    """

    def __init__(self, documents: list[DocumentEntry]) -> None:
        self.ids = frozenset(d.id for d in documents)
        by_number: dict[str, list[str]] = {}
        for d in documents:
            if d.number:
                by_number.setdefault(number_key(d.number), []).append(d.id)
        self.by_number = {k: sorted(v) for k, v in by_number.items()}


def resolve_document(mention: str, documents: list[DocumentEntry] | DocumentIndex) -> list[str]:
    """The ids of the documents a mention names, sorted; QueryError when none does.

    An id is taken as is; a number matches every document carrying it (numbers repeat
    across issuers and years: "37/KH-UBND" exists in every province). Pass a
    DocumentIndex when resolving many mentions against the same documents.
    """
    index = documents if isinstance(documents, DocumentIndex) else DocumentIndex(documents)
    text = mention.strip()
    if text in index.ids:
        return [text]
    key = number_key(text)
    if not key:
        raise QueryError("a document number or id is needed, e.g. 37/KH-UBND")
    found = list(index.by_number.get(key, ()))
    if not found and f"doc:{key}" in index.ids:
        found = [f"doc:{key}"]
    if not found:
        raise QueryError(f"no document numbered {text!r} in the graph (give a number or a doc: id)")
    return found


DOCUMENT_BY_ID = "MATCH (d:Document {id: $id}) RETURN d.id AS id"
# The documents whose number holds a run of digits: numbers that may share a number_key.
DOCUMENTS_BY_DIGITS = (
    "MATCH (d:Document) WHERE d.number CONTAINS $digits RETURN d.id AS id, d.number AS number"
)
_DIGIT_RUN = re.compile(r"[0-9]+")


def store_resolve_document(store: Any, mention: str) -> list[str]:
    """resolve_document on a Cypher store, without listing every document (100,000 of
    them took 0.25-0.5 s of each `obligraph query lineage` or `replaced-by`).

    The same answer: an id found by its key; else every document whose number_key is the
    mention's. A number with that key holds the key's longest run of ASCII digits as it
    is (slugify lowers case and drops accents and separators, never touches a digit), so
    only the numbers containing that run are read and compared; a key without digits
    reads them all.
    """
    text = mention.strip()
    if store.query(DOCUMENT_BY_ID, {"id": text}):
        return [text]
    key = number_key(text)
    digits = max(_DIGIT_RUN.findall(key), key=len, default="")
    if not digits:  # nothing to narrow by (or no key: the same error as resolve_document)
        return resolve_document(mention, DocumentIndex(store_documents(store)))
    rows = store.query(DOCUMENTS_BY_DIGITS, {"digits": digits})
    found = sorted(r["id"] for r in rows if r["number"] and number_key(r["number"]) == key)
    if not found and store.query(DOCUMENT_BY_ID, {"id": f"doc:{key}"}):
        found = [f"doc:{key}"]
    if not found:
        raise QueryError(f"no document numbered {text!r} in the graph (give a number or a doc: id)")
    return found


def _name_key(text: str) -> str:
    return slugify(text)


def resolve_agency(mention: str, agencies: list[AgencyEntry], registry: Any | None = None) -> str:
    """The id of the agency a mention names; QueryError when none or several do.

    Order: an id; the registry's resolution (graph/agencies.py) when it names an agency of
    the graph; a name or alias equal to the mention once case, accents and punctuation are
    set aside.

    >>> resolve_agency("so khoa hoc va cong nghe",
    ...                [AgencyEntry("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ")])
    'so-khoa-hoc-va-cong-nghe'
    """
    text = " ".join(mention.split())
    ids = {a.id for a in agencies}
    if text in ids:
        return text
    if not text:
        raise QueryError("cần tên, tên viết tắt hoặc mã cơ quan (an agency name or id)")
    names = {a.id: a.name or a.id for a in agencies}
    if registry is None:
        spelled = _spelled_as_written(text, agencies)
        if spelled is not None:  # what the registry would answer, without reading it
            return spelled
        registry = _default_registry()
    if registry is not None:
        resolution = registry.resolve(text)
        found = getattr(resolution, "agency_id", None)
        if found in ids:
            _understood(text, found, names[found], agencies)
            return found
    key = _name_key(text)
    matches = sorted(
        a.id for a in agencies if any(_name_key(n) == key for n in (a.name or "", *a.aliases) if n)
    )
    if len(matches) == 1:
        _understood(text, matches[0], names[matches[0]], agencies)
        return matches[0]
    if matches:
        raise QueryError(f"{text!r} names several agencies: {', '.join(matches)}; give an id")
    close = closest_agencies(text, agencies)
    hint = f"; gần nhất: {'; '.join(close)}" if close else ""
    raise QueryError(f"không có cơ quan {text!r} trong đồ thị (no agency {text!r}){hint}")


def _written(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()  # as _understood compares


def _spelled_as_written(text: str, agencies: list[AgencyEntry]) -> str | None:
    """The one current registry agency whose name or an alias is `text` as written (case
    aside), else None.

    The registry resolves such a text to that agency: its exact stage comes first and no
    two agencies in office share a name (graph/agencies.py refuses a registry where they
    do). Former agencies and unresolved mentions are left to the registry, which may
    prefer an agency in office spelled differently; so are texts two agencies carry.
    Reading data/agencies.yaml (YAML, pydantic) is most of a query's start-up.

    >>> agencies = [AgencyEntry("cong-an-tinh", "Công an tỉnh", ("CA tỉnh",), current=True)]
    >>> _spelled_as_written("công an TỈNH", agencies), _spelled_as_written("CA", agencies)
    ('cong-an-tinh', None)
    """
    typed = _written(text)
    found = {
        a.id for a in agencies if any(_written(n) == typed for n in (a.name or "", *a.aliases) if n)
    }
    if len(found) != 1:
        return None
    (agency_id,) = found
    entry = next(a for a in agencies if a.id == agency_id)
    return agency_id if entry.current else None


def _understood(text: str, agency_id: str, name: str, agencies: list[AgencyEntry]) -> None:
    """Say "hiểu là: Công an tỉnh" when the words typed are not a name, alias or id as
    written (case and spacing aside): a guess the user should see."""
    from obligraph.render import notice

    typed = unicodedata.normalize("NFC", text).casefold()
    entry = next(a for a in agencies if a.id == agency_id)
    spelled = {
        unicodedata.normalize("NFC", n).casefold() for n in (entry.name or "", *entry.aliases) if n
    }
    if typed not in spelled:
        notice(f"hiểu là: {name}")


def closest_agencies(text: str, agencies: list[AgencyEntry], limit: int = 3) -> list[str]:
    """The agency names closest to a mention no agency took ("Sở Giáo dục" -> "Sở Giáo
    dục và Đào tạo"), best first."""
    from rapidfuzz import fuzz, process

    choices: dict[str, str] = {}
    for a in agencies:
        for n in (a.name or "", *a.aliases):
            if n and not a.id.startswith("unresolved:"):
                choices.setdefault(_name_key(n), a.name or a.id)
    found = process.extract(_name_key(text), list(choices), scorer=fuzz.WRatio, limit=limit * 3)
    names: list[str] = []
    for key, score, _ in found:
        if score >= 60 and choices[key] not in names:
            names.append(choices[key])
    return names[:limit]


@lru_cache(maxsize=1)
def _default_registry() -> Any | None:
    """The project's agency registry (read once per process), or None if it cannot load."""
    try:
        from obligraph.graph.agencies import AgencyRegistry

        return AgencyRegistry.load()
    except (ImportError, OSError):
        return None


def graph_documents(g: nx.MultiDiGraph) -> list[DocumentEntry]:
    """The document catalogue of a networkx graph."""
    return sorted(
        DocumentEntry(n, a.get("number"))
        for n, a in g.nodes(data=True)
        if a.get("label") == "Document"
    )


def graph_agencies(g: nx.MultiDiGraph) -> list[AgencyEntry]:
    """The agency catalogue of a networkx graph."""
    return sorted(
        (
            AgencyEntry(n, a.get("name"), tuple(a.get("aliases") or ()), _current(n, a))
            for n, a in g.nodes(data=True)
            if a.get("label") == "Agency"
        ),
        key=lambda e: e.id,
    )


def store_documents(store: Any) -> list[DocumentEntry]:
    """The document catalogue of a Cypher store."""
    rows = store.query("MATCH (d:Document) RETURN d.id AS id, d.number AS number")
    return sorted(DocumentEntry(r["id"], r["number"]) for r in rows)


def store_agencies(store: Any) -> list[AgencyEntry]:
    """The agency catalogue of a Cypher store."""
    rows = store.query(
        "MATCH (a:Agency) RETURN a.id AS id, a.name AS name, a.aliases AS aliases, "
        "a.active_to AS active_to, a.unresolved AS unresolved"
    )
    return sorted(
        (
            AgencyEntry(r["id"], r["name"], tuple(r["aliases"] or ()), _current(r["id"], r))
            for r in rows
        ),
        key=lambda e: e.id,
    )


def _current(agency_id: str, props: dict[str, Any]) -> bool:
    """A registry agency in office: no end date, not an unresolved mention."""
    return not (
        props.get("active_to") or props.get("unresolved") or agency_id.startswith("unresolved:")
    )
