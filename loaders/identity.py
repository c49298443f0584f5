"""Document identity: kind, number, issuer, date, title, signer — and the lines they take.

Where each comes from, most trusted first:

- number: a "Số:" line at a line start (header or e-signature stamp; the number may sit on
  the next line). A blank "Số:     /KH-UBND" is a draft: no number. A "số" inside a
  Căn cứ line is a citation, not the document's number.
- kind: the kind line in capitals ("KẾ HOẠCH", "THÔNG BÁO", …), else the number's kind
  code, else "Công văn" for an official letter (a "V/v" subject line).
- issuer: the header's issuer lines ("ỦY BAN NHÂN DÂN" / "TỈNH ĐỒNG THÁP"), else the text's
  "UBND tỉnh thông báo/ban hành", else the number's issuer code.
- issued: the header's "<place>, ngày … tháng … năm …", else the e-signature time, else
  (notices) the meeting date of the first sentence.
- title: the lines under the kind line up to the body, else an official letter's "V/v".
- signer: the first personal name after a signature block ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH").

The accounted spans are those lines plus boilerplate: national motto, separators, the
e-signature stamp, the "Nơi nhận" recipient list and page numbers in "- 2 -" form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from obligraph.loaders import dates, numbers, patterns
from obligraph.loaders.records import Document, Finding, document_id
from obligraph.loaders.spans import LineIndex, collapse
from obligraph.loaders.text import SourceText

HEADER_LINES = 40  # the header block (issuer, number, place-date, kind, title) lies in these
TITLE_MAX_LINES = 10
SIGNATURE_NAME_WINDOW = 14  # lines between a signature title and the signer's name

# Header cells: two-column headers flattened by PDF or web copies ("ỦY BAN … | CỘNG HÒA …").
_CELL_SPLIT = re.compile(r"\s*\|\s*|\s{3,}")
# The text itself says who issues: "UBND tỉnh thông báo …", "UBND tỉnh ban hành Kế hoạch …".
_ISSUED_BY_TEXT = re.compile(
    r"\b(?P<issuer>UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân)\s+(?P<level>tỉnh|thành phố)"
    r"(?:\s+(?P<place>[A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*)*))?\s+(?:thông báo|ban hành)\b"
)
_ON_BEHALF = re.compile(r"^(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\b")
_SIGNED_MARK = re.compile(r"^\s*\(?\s*(?:Đã ký|đã ký|Ký|\[?đã ký\]?)\s*\)?\s*$")
# The enacting authority above a Quyết định/Nghị quyết's preamble and its verb line, in
# capitals. Matches "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP",
# "KHÓA X, KỲ HỌP THỨ MƯỜI BẢY", "BỘ TRƯỞNG BỘ NỘI VỤ", "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:".
_AUTHORITY_LINE = re.compile(
    r"^[\s*]*(?:(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN"
    r"|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|KHÓA|KHOÁ)\b.*|(?:QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:)[\s*]*$"
)  # only lines in capitals qualify: see _authority_lines
# A legal portal's metadata lines above the document (thuvienphapluat, vbpl):
# "Số hiệu: 15/2024/NQ-HĐND  Loại văn bản: Nghị quyết", "Người ký: …", "Tình trạng: …".
_PORTAL_LINE = re.compile(
    r"^\s*(?:Số hiệu|Loại văn bản|Nơi ban hành|Cơ quan ban hành|Người ký|Ngày ban hành"
    r"|Ngày hiệu lực|Ngày công báo|Số công báo|Tình trạng|Lĩnh vực)\s*:",
    re.IGNORECASE,
)
# A letter's closing courtesy line. Matches "Trân trọng./.", "Trân trọng!".
_CLOSING_LINE = re.compile(r"^\s*Trân trọng\s*[./!]*\s*$", re.IGNORECASE)
# A "Số:" cell that goes on after the number ("Số: 71/NQ-CP Hà Nội, ngày …").
_NUMBER_THEN_REST = re.compile(r"^[\s*|]*Số\s*:\s*\S+\s+(?P<rest>\S.*)$")
# A press copy without the header: a heading naming the document itself ("Nghị quyết số
# 57-NQ/TW"), then an introduction "… ký ban hành Nghị quyết số 57-NQ/TW (ngày 22/12/2024)
# của Bộ Chính trị". The heading gives kind and number; the introduction date and issuer.
_HEADING_NUMBER = re.compile(
    r"^[\s*#]*(?P<kind>Nghị quyết|Chỉ thị|Kết luận|Quyết định|Kế hoạch|Chương trình hành động"
    r"|Quy định|Thông báo|Nghị định)\s+số\s+(?P<number>\S+?)[\s*.]*$",
    re.IGNORECASE,
)
# The subject after the issuer in a press introduction: "… của Bộ Chính trị về đột phá
# phát triển khoa học, … quốc gia." -> "về đột phá … quốc gia".
_ABOUT = re.compile(r"\bcủa [^.;]{2,40}? (?P<title>về [^.;]{10,300}?)\s*[.;]")
_CENTRAL_PARTY_ISSUER = re.compile(
    r"\b(?P<issuer>Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương)\b"
)
_PARTY_PLACE = re.compile(
    r"^[\s*|]*ĐẢNG BỘ\s+(?P<level>TỈNH|THÀNH PHỐ)\s+(?P<place>[A-ZĐÀ-Ỹ ]+?)[\s*|]*$"
)


@dataclass
class _Found:
    """What the scan of one file found, with the lines each finding takes."""

    lines: list[str]
    hinted: list[int] = field(default_factory=list)  # see _hinted_lines
    spans: list[tuple[int, int]] = field(default_factory=list)
    draft_lines: list[int] = field(default_factory=list)

    def take(self, start: int, end: int | None = None) -> None:
        self.spans.append((start, end if end is not None else start))


def _clean(line: str) -> str:
    """A line without Markdown bold markers, trimmed."""
    return line.replace("**", "").strip()


def _is_blank(line: str) -> bool:
    return not line.strip()


def _cells(line: str) -> list[str]:
    """The cells of a flattened two-column header line (`_CELL_SPLIT`).

    >>> _cells("ỦY BAN NHÂN DÂN   |  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
    """
    if "|" not in line and " ".join(line.split()) == line:
        return [line]  # single spaces only: nothing to split (a prose line, quickly)
    return _CELL_SPLIT.split(line)


def _is_motto(line: str) -> bool:
    """`_is_motto(line)`, quicker on long prose lines: its phrases are
    looked for in the lower-cased line first (a regex search ignoring case is slow).

    >>> _is_motto("Độc lập - Tự do - Hạnh phúc"), _is_motto("-----"), _is_motto("Căn cứ")
    (True, True, False)
    """
    if "\n" not in line and not patterns.MOTTO_LINE.match(line):
        low = line.lower()
        if "cộng h" not in low and "độc lập" not in low and "đảng cộng" not in low:
            return False
    return patterns.MOTTO_LINE.search(line) is not None


# ------------------------------------------------------------------ number


def _own_number(src: SourceText, idx: LineIndex, found: _Found) -> numbers.DocNumber | None:
    """The document's number from the first "Số:" line (header or stamp) that holds one.

    Later "Số:" lines repeating that number (a legal portal's "Số hiệu:" block above the
    header, a stamp on every page) are taken as identity lines too.
    """
    text = idx.text
    own: numbers.DocNumber | None = None
    for m in patterns.NUMBER_LINE.finditer(text):
        word = text[m.start() : m.end()].strip(" \t|*")
        if not (word.startswith("Số") or word.startswith("SỐ")):
            continue  # a wrapped citation's lower-case "số …" is not a number line
        line_no = idx.line_of(m.start())
        has_colon = ":" in text[m.start() : m.end()]
        if not has_colon and line_no > HEADER_LINES:
            continue  # "Số 10-CTr/TU" without a colon counts only in the header
        after = text[m.end() : m.end() + 120]
        lead = len(after) - len(after.lstrip())
        if "\n\n\n" in after[:lead]:
            continue
        number = patterns.DOC_NUMBER.match(after, lead)
        if number:
            dn = numbers.from_match(number)
            if own is None:
                found.take(line_no, idx.line_of(m.end() + number.end() - 1))
                own = replace(dn, start=m.end() + dn.start, end=m.end() + dn.end)
            elif dn.number == own.number:
                found.take(line_no, idx.line_of(m.end() + number.end() - 1))
            continue
        if own is None and patterns.BLANK_NUMBER.match(after):
            found.take(line_no)
            found.draft_lines.append(line_no)
    return own


# ------------------------------------------------------------------ kind and title


def _kind_line(found: _Found) -> tuple[str, int] | None:
    """The kind in capitals and its line number, within the header."""
    for number, line in enumerate(found.lines[: HEADER_LINES + 40], start=1):
        m = patterns.KIND_LINE.match(_clean(line))
        if m:
            return m["kind"], number
    return None


def _title(found: _Found, after_line: int) -> tuple[str | None, tuple[int, int] | None]:
    """The title: non-blank lines under the kind line until two blank lines or the body."""
    lines = found.lines
    taken: list[int] = []
    blanks = 0
    for number in range(after_line + 1, min(len(lines), after_line + 30) + 1):
        raw = lines[number - 1]
        text = _clean(raw)
        if not text or _is_motto(raw):
            if taken:
                blanks += 1
                if blanks >= 2:
                    break
            continue
        first = not taken
        stop = patterns.TITLE_STOP.match(text)
        if stop and first and stop.group(0).strip().startswith(("Thực hiện", "Theo đề nghị")):
            stop = None  # a title may open with "Thực hiện …" (001): only the body may not
        if stop or patterns.MEETING_OPENER.match(text) or patterns.PLACE_DATE.match(text):
            if stop and text.isupper():
                _take_capitals(found, number)  # "ỦY BAN NHÂN DÂN TỈNH …", "KHÓA X, KỲ HỌP …"
            break
        if not first and blanks and patterns.PREAMBLE_OPENER.match(text):
            break
        taken.append(number)
        blanks = 0
        if len(taken) >= TITLE_MAX_LINES:
            break
    if not taken:
        return None, None
    title = collapse(" ".join(_clean(lines[n - 1]) for n in taken))
    return title or None, (taken[0], taken[-1])


def _authority_lines(found: _Found, after_line: int) -> None:
    """Take the enacting authority and verb lines between the title and the body."""
    lines = found.lines
    for number in range(after_line + 1, min(len(lines), after_line + 30) + 1):
        text = _clean(lines[number - 1])
        if not text or _is_motto(text):
            continue  # separators under the title are the boilerplate pass's
        if text != text.upper() or not _AUTHORITY_LINE.match(text):
            break  # the preamble or body has started: "Căn cứ …", "Điều 1.", "I. MỤC TIÊU"
        found.take(number)


def _take_capitals(found: _Found, start: int) -> None:
    """Take the authority line at `start` and the capitalised lines right under it."""
    end = start
    while end < len(found.lines) and _clean(found.lines[end]).isupper():
        end += 1
    found.take(start, end)


def _subject_line(found: _Found) -> tuple[str | None, tuple[int, int] | None]:
    """An official letter's "V/v …" subject, with its continuation lines."""
    lines = found.lines
    for number, line in enumerate(lines[:HEADER_LINES], start=1):
        for cell in _cells(_clean(line)):
            m = patterns.SUBJECT_LINE.match(cell)
            if not m:
                continue
            parts, end = [cell[m.end() :]], number
            for nxt in range(number + 1, min(len(lines), number + 4) + 1):
                text = _clean(lines[nxt - 1])
                if not text or patterns.PLACE_DATE.match(text) or "Kính gửi" in text:
                    break
                parts.append(_cells(text)[0])
                end = nxt
            return collapse(" ".join(parts)) or None, (number, end)
    return None, None


# ------------------------------------------------------------------ issuer


def _place_name(upper: str) -> str:
    """'ĐỒNG THÁP' -> 'Đồng Tháp' (place names capitalise every word)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in upper.split())


def _sentence_case(upper: str) -> str:
    """'BỘ NỘI VỤ' -> 'Bộ nội vụ', or the known spelling when the name is a known issuer."""
    for known in numbers.ISSUER_NAMES.values():
        if known.casefold() == upper.casefold():
            return known
    words = upper.split()
    return " ".join([words[0].capitalize(), *(w.lower() for w in words[1:])])


def _header_issuer(found: _Found) -> str | None:
    """The issuer named by the header's capitalised lines, with its province."""
    lines = found.lines[:HEADER_LINES]
    cells_by_line = [[c for c in _cells(_clean(line)) if c] for line in lines]
    party_place = None
    for number, cells in enumerate(cells_by_line, start=1):
        for cell in cells:
            pm = _PARTY_PLACE.match(cell)
            if pm:
                party_place = (pm["level"].lower(), _place_name(pm["place"]))
                found.take(number)
                continue
            m = patterns.ISSUER_LINE.match(cell)
            if not m or _is_motto(cell):
                continue
            found.take(number)
            head = " ".join(m["issuer"].split())
            rest = " ".join(m["rest"].split())
            place = _place_of(rest) if rest else None
            if place is None:
                for later in range(number, min(len(cells_by_line), number + 2)):
                    nxt = next(
                        (c for c in cells_by_line[later] if patterns.PLACE_LINE.match(c)), None
                    )
                    if nxt:
                        pl = patterns.PLACE_LINE.match(nxt)
                        place = (pl["level"].lower(), _place_name(pl["place"]))
                        found.take(later + 1)
                        break
            if place is None and party_place and "ỦY" in head.replace("UỶ", "ỦY"):
                place = party_place
            return _issuer_name(head, rest, place)
    return None


def _place_of(rest: str) -> tuple[str, str] | None:
    m = patterns.PLACE_LINE.match(rest)
    if m:
        return m["level"].lower(), _place_name(m["place"])
    return None


def _issuer_name(head: str, rest: str, place: tuple[str, str] | None) -> str:
    """A readable issuer name from header words: 'UBND tỉnh Đồng Tháp', 'Tỉnh ủy Đồng Tháp'."""
    head = head.replace("UỶ", "ỦY").replace("UỴ", "ỦY")
    where = f" {place[0]} {place[1]}" if place else ""
    if head in ("ỦY BAN NHÂN DÂN", "UBND"):
        return f"UBND{where}"
    if head in ("HỘI ĐỒNG NHÂN DÂN", "HĐND"):
        return f"HĐND{where}"
    if head in ("TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY"):
        name = head.capitalize().replace("ủy", "ủy")
        if rest and not place:
            return f"{name} {_place_name(rest)}"
        return f"{name}{' ' + place[1] if place else ''}"
    return _sentence_case(f"{head} {rest}".strip())


def _text_issuer(text: str) -> str | None:
    """'UBND tỉnh' from "UBND tỉnh thông báo …" / "UBND tỉnh ban hành …" in the body."""
    m = _ISSUED_BY_TEXT.search(text)
    if not m:
        return None
    short = "UBND" if m["issuer"] in ("UBND", "Ủy ban nhân dân") else "HĐND"
    return f"{short} {m['level']}" + (f" {m['place']}" if m["place"] else "")


# ------------------------------------------------------------------ dates


def _header_date(found: _Found) -> tuple[date | None, bool]:
    """The "<place>, ngày … tháng … năm …" date; (None, True) when it is a draft's blank."""
    lines = found.lines
    for number, line in enumerate(lines[:HEADER_LINES], start=1):
        for cell in _after_number(_cells(line)):
            if not patterns.PLACE_DATE.match(cell) or "ngày" not in cell:
                continue
            at = line.find(cell)  # the date may hold wide gaps ("ngày      tháng"): read the line
            tail = line[at + cell.index("ngày") :] if at >= 0 else cell[cell.index("ngày") :]
            window = "\n".join([tail, *lines[number : number + 2]])
            hits = dates.find_dates(window)
            if hits and hits[0][0] < 40:  # the date must follow "ngày" directly
                found.take(number, number + window[: hits[0][1]].count("\n"))
                return hits[0][2], False
            if dates.is_blank_date(window):
                found.take(number)
                found.draft_lines.append(number)
                return None, True
    return None, False


def _after_number(cells: list[str]) -> list[str]:
    """The cells, and where one opens with the number, what follows it: a copy that put
    the number and the place-date on one line ("Số: 71/NQ-CP Hà Nội, ngày 01 tháng 4 năm
    2025") still has its date read.

    >>> _after_number(["Số: 71/NQ-CP Hà Nội, ngày 01 tháng 4 năm 2025"])[1]
    'Hà Nội, ngày 01 tháng 4 năm 2025'
    """
    out = list(cells)
    for cell in cells:
        m = _NUMBER_THEN_REST.match(cell)
        if m:
            out.append(m["rest"])
    return out


def _stamp_date(found: _Found) -> date | None:
    """The e-signature time ("Thời gian ký: 2025-06-01T20:58:38+07:00") as a date."""
    for number in found.hinted:  # only a hinted line can hold the stamp's time
        line = found.lines[number - 1]
        if patterns.SIGNATURE_TIME.match(line):
            value = dates.parse_date(line)
            if value is not None:
                found.take(number)
                return value
    return None


def _meeting_date(found: _Found, after_line: int) -> date | None:
    """A notice's meeting date: the date of the first sentence ("Ngày 18/3/2025, tại …")."""
    lines = found.lines
    for number in range(after_line + 1, min(len(lines), after_line + 40) + 1):
        text = _clean(lines[number - 1])
        if patterns.MEETING_OPENER.match(text):
            window = "\n".join(_clean(x) for x in lines[number - 1 : number + 3])
            return dates.parse_date(window)
    return None


# ------------------------------------------------------------------ signature and boilerplate


def _signer(found: _Found) -> str | None:
    """The name under the first signature block, taking the block's lines."""
    lines = found.lines
    # Only a hinted line can be a signature title (see _hinted_lines).
    for number in found.hinted:
        if not patterns.SIGNATURE_TITLE.match(_clean(lines[number - 1])):
            continue
        start, last_title, probe = number, number, number + 1
        while probe <= min(len(lines), last_title + SIGNATURE_NAME_WINDOW):
            text = _clean(lines[probe - 1])
            if patterns.SIGNATURE_TITLE.match(text):
                last_title = probe  # "TL. CHỦ TỊCH" / "KT. CHÁNH VĂN PHÒNG" / "PHÓ …"
            elif text and not _SIGNED_MARK.match(text):
                m = patterns.PERSON_NAME.match(text)
                if m:
                    found.take(start, probe)
                    return collapse(m["name"])
                break
            probe += 1
        if _ON_BEHALF.match(_clean(lines[start - 1])):
            found.take(start, last_title)  # an unsigned draft's "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    return None


def _boilerplate(found: _Found) -> None:
    """Motto and separator lines, stamps, recipient lists and page numbers."""
    lines = found.lines
    header = range(1, min(HEADER_LINES, len(lines)) + 1)
    # Below the header only hinted lines can pass the tests below.
    candidates = sorted({*header, *found.hinted})
    after = 0  # the last line a recipient list took
    for number in candidates:
        if number <= after:
            continue
        line = lines[number - 1]
        if number <= HEADER_LINES and _is_motto(line):
            found.take(number)
        elif number <= HEADER_LINES and patterns.DRAFT_MARK.match(line):
            found.take(number)
            found.draft_lines.append(number)
        elif (
            patterns.STAMP_LINE.match(line)
            or patterns.PAGE_NUMBER.match(line)
            or (number <= HEADER_LINES and _PORTAL_LINE.match(line))
            or _CLOSING_LINE.match(line)
        ):
            found.take(number)
        elif patterns.RECIPIENTS.match(_clean(line)) or _clean(line).startswith("Kính gửi"):
            end = number
            for probe in range(number + 1, len(lines) + 1):
                text = lines[probe - 1]
                if _is_blank(text):
                    continue
                if not patterns.RECIPIENT_ITEM.match(text):
                    break
                end = probe
            found.take(number, end)
            after = end


def _hinted_lines(idx: LineIndex) -> list[int]:
    """Numbers of the lines that may be boilerplate or a signature title, in order:
    those IDENTITY_LINE_HINT finds in one scan of the whole text (much faster than a
    match per line), and every line holding a "**" marker (which `_clean` removes, so the
    hint may not see through it).

    >>> _hinted_lines(LineIndex(["Số: 1", "Nơi nhận:", "x **y**", "CHỦ TỊCH"]))
    [2, 3, 4]
    """
    hinted = [idx.line_of(m.start()) for m in patterns.IDENTITY_LINE_HINT.finditer("\n" + idx.text)]
    at = idx.text.find("**")
    while at >= 0:
        hinted.append(idx.line_of(at))
        at = idx.text.find("**", at + 2)
    return sorted(set(hinted))


# ------------------------------------------------------------------ the record


def _scan(src: SourceText) -> tuple[Document, _Found, numbers.DocNumber | None]:
    idx = LineIndex(src.lines)
    found = _Found(lines=src.lines, hinted=_hinted_lines(idx))
    number = _own_number(src, idx, found)

    kind_hit = _kind_line(found)
    kind = numbers.kind_from_words(kind_hit[0]) if kind_hit else None
    if number and kind_hit:
        # Above the kind line, a line naming the document's own number is identity too
        # (a legal portal's heading "Nghị quyết 15/2024/NQ-HĐND quy định …").
        for line_no in range(1, kind_hit[1]):
            if any(n.number == number.number for n in numbers.find_numbers(src.lines[line_no - 1])):
                found.take(line_no)
    if kind_hit:
        found.take(kind_hit[1])
    title, title_span = _title(found, kind_hit[1]) if kind_hit else (None, None)
    subject, subject_span = _subject_line(found)
    if title is None and subject:
        title, title_span = subject, subject_span
    elif subject_span:
        found.take(*subject_span)
    if title_span:
        found.take(*title_span)
        _authority_lines(found, title_span[1])

    press = _heading_identity(found) if number is None and kind_hit is None else None
    if press is not None:
        number, kind = press[0], press[1]
    if kind is None and number and number.kind_code:
        kind = numbers.kind_name(number.kind_code)
    if kind is None and subject and number:
        kind = "Công văn"  # an official letter: number with only issuer codes, and a "V/v"
    kind_code = (number.kind_code if number else None) or numbers.kind_code_of(kind)

    issuer = _header_issuer(found) or _text_issuer(idx.text)
    if issuer is None and number:
        issuer = numbers.issuer_name(number.issuer_code)

    issued, _ = _header_date(found)
    if press is not None:
        issued, issuer = issued or press[2], press[3] or issuer
        title = title or press[4]
    if issued is None:
        issued = _stamp_date(found)
    else:
        _stamp_date(found)  # still take the stamp's lines
    if issued is None and (kind_code == "TB" or number is None):
        issued = _meeting_date(found, title_span[1] if title_span else 0)

    signer = _signer(found)
    _boilerplate(found)

    if number:
        year = issued.year if issued else number.year
        doc_id = document_id(number.number, year=year)
    elif issued:
        doc_id = document_id(None, kind_code=kind_code, issuer=issuer, issued=issued)
    else:
        doc_id = document_id(None, name=Path(src.name).stem)
    document = Document(
        id=doc_id,
        number=number.number if number else None,
        kind=kind,
        kind_code=kind_code,
        issuer=issuer,
        issued=issued,
        title=title,
        signer=signer,
        source=src.name,
        line_start=1,
        line_end=max(1, len(src.lines)),
    )
    return document, found, number


def _heading_identity(
    found: _Found,
) -> tuple[numbers.DocNumber, str, date | None, str | None, str | None] | None:
    """Number, kind, date, issuer and title of a copy without its header
    (`_HEADING_NUMBER`): the date, issuer and subject ("về …") are those printed next to
    the number in the first paragraphs.
    """
    lines = found.lines[:HEADER_LINES]
    for line_no, line in enumerate(lines, start=1):
        m = _HEADING_NUMBER.match(_clean(line))
        own = numbers.normalize_number(m["number"]) if m else None
        if not m or own is None:
            continue
        found.take(line_no)
        dn = numbers.find_numbers(m["number"])[0]
        issued, issuer, title = None, None, None
        for later_no, later in enumerate(lines[line_no:], start=line_no + 1):
            at = later.find(m["number"])
            if at < 0:
                continue
            hits = dates.find_dates(later[at : at + 60])
            issued = issued or (hits[0][2] if hits else None)
            who = _CENTRAL_PARTY_ISSUER.search(later)
            issuer = issuer or (who["issuer"] if who and dn.party else None)
            about = _ABOUT.search(later, at)  # "… của Bộ Chính trị về đột phá … quốc gia."
            if about and title is None:
                title = about["title"][:1].upper() + about["title"][1:]
                found.take(later_no)
            if issued and issuer:
                break
        return dn, numbers.kind_from_words(m["kind"]) or m["kind"], issued, issuer, title
    return None


# The last scan identify() made, so identity_findings() on the same SourceText (the
# pipeline calls one then the other) reads its draft lines instead of scanning again.
_last_scan: tuple[SourceText, _Found] | None = None


def identify(src: SourceText) -> tuple[Document, list[tuple[int, int]]]:
    """The Document record for a file, and the line spans its identity accounts for.

    >>> from obligraph.loaders.text import source_from_string
    >>> doc, spans = identify(source_from_string(
    ...     "ỦY BAN NHÂN DÂN\\nTỈNH ĐỒNG THÁP\\nSố: 283/KH-UBND\\n"
    ...     "Đồng Tháp, ngày 24 tháng 9 năm 2025\\n\\nKẾ HOẠCH\\nChuyển đổi số năm 2026\\n"))
    >>> doc.id, doc.kind, doc.issuer, doc.issued.isoformat(), doc.title
    ('doc:283-kh-ubnd-2025', 'Kế hoạch', 'UBND tỉnh Đồng Tháp', '2025-09-24', 'Chuyển đổi số năm 2026')
    """
    global _last_scan
    document, found, _ = _scan(src)
    _last_scan = (src, found)
    return document, _merge(found.spans)


def identity_findings(src: SourceText, document: Document) -> list[Finding]:
    """Warnings about identity: a draft (blank number or date), a document without a kind.

    >>> from obligraph.loaders.text import source_from_string
    >>> src = source_from_string("Số:     /KH-UBND\\n\\nKẾ HOẠCH\\nVề chuyển đổi số\\n")
    >>> doc, _ = identify(src)
    >>> [f.reason for f in identity_findings(src, doc)][0]
    'draft: the number or date is left blank'
    """
    if _last_scan is not None and _last_scan[0] is src and _last_scan[1].lines is src.lines:
        found = _last_scan[1]  # identify() just scanned this very text: no second scan
    else:
        _, found, _ = _scan(src)
    out: list[Finding] = []
    for line in sorted(set(found.draft_lines)):
        out.append(
            Finding(
                source=src.name,
                line_start=line,
                line_end=line,
                reason="draft: the number or date is left blank",
                severity="warning",
            )
        )
    if document.kind is None:
        out.append(
            Finding(source=src.name, reason="kind of document not recognised", severity="warning")
        )
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching spans merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((min(a, b), max(a, b)) for a, b in spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
