"""Word's automatic numbering, rendered as Word shows it ("1.", "a)", "II.", "1.2.").

python-docx gives a paragraph's text without its list number: a TT column numbered by
Word reads empty, "1." and "a)" items lose their marks. `Numbering` reads numbering.xml
(abstract definitions, their instances, start overrides) and styles.xml (a style may carry
the number), and `Numbering.label(paragraph)` returns the label of each numbered paragraph
when called in document order, keeping Word's counters: one counter set per abstract list
shared by its instances, deeper levels restarting when a shallower level advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]
# Bullets in symbol fonts are private-use characters: shown as a plain dash.
_BULLET = "-"


def roman(n: int) -> str:
    """Lower-case Roman numerals (Word's lowerRoman).

    >>> roman(14)
    'xiv'
    """
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa, bb…

    >>> letters(28)
    'bb'
    """
    if n < 1:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in Word's format name (decimal, lowerLetter, upperRoman…)."""
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the exotic formats Vietnamese documents do not use


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level advances
    legal: bool = False  # isLgl: every level shown as decimal


@dataclass
class _Counters:
    values: dict[int, int] = field(default_factory=dict)


def _val(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


class Numbering:
    """The numbering definitions of one DOCX, with Word's running counters."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.style_num: dict[str, tuple[str | None, int]] = {}
        self.counters: dict[str, _Counters] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for an in root.iter(qn("w:abstractNum")):
            self.abstract[an.get(qn("w:abstractNumId"))] = {
                int(lvl.get(qn("w:ilvl"), "0")): self._level(lvl) for lvl in an.iter(qn("w:lvl"))
            }
        for num in root.iter(qn("w:num")):
            overrides: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for ov in num.iter(qn("w:lvlOverride")):
                ilvl = int(ov.get(qn("w:ilvl"), "0"))
                start = _val(ov, "w:startOverride")
                if start is not None:
                    overrides[ilvl] = int(start)
                lvl = ov.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self.nums[num.get(qn("w:numId"))] = (
                _val(num, "w:abstractNumId") or "",
                overrides,
                levels,
            )

    @staticmethod
    def _level(lvl: etree._Element) -> Level:
        restart = _val(lvl, "w:lvlRestart")
        return Level(
            start=int(_val(lvl, "w:start") or 1),
            fmt=_val(lvl, "w:numFmt") or "decimal",
            text=_val(lvl, "w:lvlText") or "",
            restart=int(restart) if restart is not None else None,
            legal=lvl.find(qn("w:isLgl")) is not None,
        )

    def _read_styles(self, root: etree._Element) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for st in root.iter(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            parent = _val(st, "w:basedOn")
            if parent:
                based[sid] = parent
            ppr = st.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                ilvl = _val(numpr, "w:ilvl")
                own[sid] = (_val(numpr, "w:numId"), int(ilvl) if ilvl else None)
        for sid in set(own) | set(based):
            seen, cur = set(), sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            if cur in own:
                num_id, ilvl = own[cur]
                self.style_num[sid] = (num_id, ilvl or 0)

    def label(self, p: etree._Element) -> str:
        """The number label Word shows before paragraph `p` ("" if none); advances counters.

        Call once per paragraph, in document order (table cells included)."""
        ppr = p.find(qn("w:pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style = _val(ppr, "w:pStyle")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is not None:
            own_id, own_lvl = _val(numpr, "w:numId"), _val(numpr, "w:ilvl")
            num_id = own_id if own_id is not None else num_id
            ilvl = int(own_lvl) if own_lvl is not None else (ilvl or 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, overrides, own_levels = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **own_levels}
        if ilvl not in levels:
            return ""
        key = abstract_id
        counters = self.counters.setdefault(key, _Counters()).values
        if overrides and num_id not in self.started:
            # An instance with start overrides restarts the list where it begins.
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
            for lvl in list(counters):
                if lvl > min(overrides) and lvl not in overrides:
                    del counters[lvl]
        level = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            deeper_level = levels.get(deeper)
            if deeper_level is None or deeper_level.restart != 0:
                del counters[deeper]
        if level.fmt == "bullet":
            return _bullet(level.text)
        out = level.text
        for i in range(ilvl + 1):
            lv = levels.get(i, Level())
            value = counters.get(i, lv.start)
            fmt = "decimal" if level.legal and lv.fmt != "none" else lv.fmt
            out = out.replace(f"%{i + 1}", format_number(value, fmt))
        return out


def _bullet(text: str) -> str:
    """A bullet's mark as Vietnamese documents type it: "-" or "+" kept, any other glyph
    (symbol-font dots, arrows, private-use characters) shown as a dash."""
    text = text.strip()
    return text if text in ("-", "+", "–", "*") else _BULLET
