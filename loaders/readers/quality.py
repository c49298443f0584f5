"""Is this text layer trustworthy Vietnamese? One documented measure with its thresholds.

A PDF's text layer can be present and still worthless: fonts without a Unicode map give
`(cid:N)` codes or mojibake (TCVN3/VNI bytes read as Latin-1: "Uû ban nh©n d©n"); an
invisible OCR layer made without the Vietnamese model gives "uY BAN NgAN nAN". Loading
such text gives nonsense records, so the reader measures each page first:

- `vietnamese`: the share of words (tokens of two or more letters) carrying a Vietnamese
  letter — đ, ă, â, ê, ô, ơ, ư or a tone mark. Vietnamese administrative prose has 85-92%
  such words (the four seeds, the six office DOCX and every page of the three digital
  office PDFs measured: 0.848-0.918); the junk OCR layer of the corpus has 0.0: it lost
  every diacritic, as mojibake of legacy fonts does.
- `garbled`: the share of tokens that cannot be text — `(cid:N)` codes, letters mixed
  with digits or symbols inside a word ("H4nh", "l$p"), mojibake symbols (© ¸ ® µ ¬ …).
  Real text: under 0.2%; the garbled and junk layers of the corpus: 20-83%.
- `foreign`: the share of words holding a letter no Vietnamese (or English) text has —
  Cyrillic, Latin letters with other marks ("ÿ", "Ƭ"), control characters: what a font
  without a Unicode map gives when its glyph codes are read as characters. Real text: 0%;
  `lc_kh1105`'s layer read by PDFium: most words.

A text is trustworthy when it has at least `MIN_WORDS` words, `vietnamese` ≥ 0.40,
`garbled` ≤ 0.10 and `foreign` ≤ 0.10. Fewer words than that (a page of only a signature or a table of figures)
is judged "too little text" and trusted only when it has no garbled token at all.

>>> assess("Ủy ban nhân dân tỉnh đề nghị các sở, ngành triển khai thực hiện kế hoạch").trusted
True
>>> q = assess("uY BAN NgAN nAN ceNG HoA xA ugr cuu xcuia vrET NAM TINH LAMDONG DQc l$p - Tg do - H4nh phric")
>>> q.trusted, q.reason
(False, 'not Vietnamese: 0% of words carry Vietnamese letters (junk OCR layer or mojibake)')
>>> assess("(cid:54)(cid:1250) CÔNG (cid:55)(cid:43)(cid:1132) HÒA XÃ (cid:43)(cid:1244)").reason
'fonts without a Unicode map ((cid:N) codes)'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_WORDS = 12
VIETNAMESE_MIN = 0.40
GARBLED_MAX = 0.10

_CID = re.compile(r"\(cid:\d+\)")
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"^[^\W\d_]{2,}$")
# Vietnamese letters beyond ASCII: the modified vowels, đ, and any tone mark.
_VIET_BASE = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Letters glued to digits or symbols inside one token: "H4nh", "l$p", "D6ng", "56:]+9-}".
_MIXED = re.compile(r"[^\W\d_][\d$@#%^&*{}\[\]<>~|\\]+[^\W\d_]|[\[\]{}^~|\\]{2,}")
# Symbols that Vietnamese legacy fonts (TCVN3, VNI) turn into when read as Latin-1.
_MOJIBAKE = set("©¸®µ¬¤¦§¨ª«°±²³´¶·¹º»¼½¾¿×÷ÐÞßþ")


# The marks Vietnamese letters carry (NFD): five tones, circumflex, breve, horn.
_VIET_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _foreign(token: str) -> bool:
    """A token holding a control character or a letter outside the Vietnamese alphabet."""
    for ch in unicodedata.normalize("NFD", token):
        if ch.isascii():
            if ch < " ":
                return True
            continue
        if ch in "đĐ" or ch in _VIET_MARKS:
            continue
        if ch.isalpha() or unicodedata.category(ch) in ("Mn", "Cc", "Co", "Cn"):
            return True
    return False


@dataclass(frozen=True)
class Quality:
    """The measure of one text: shares, word count, and the verdict with its reason."""

    words: int
    vietnamese: float
    garbled: float
    foreign: float
    trusted: bool
    reason: str  # why not trusted, with the figure ("" when trusted)

    @property
    def kind(self) -> str:
        """The reason without its figure: the same for every page of one bad layer."""
        return re.sub(r":? \d+% of \w+ [^(]*", " ", self.reason).replace("  ", " ").strip()


def _is_vietnamese(word: str) -> bool:
    if any(ch in _VIET_BASE for ch in word):
        return True
    return any(ch in _TONES for ch in unicodedata.normalize("NFD", word))


def assess(text: str) -> Quality:
    """Measure `text` (one page, or a document) and judge it; see the module docstring."""
    cids = len(_CID.findall(text))
    plain = _CID.sub(" ", text)
    tokens = _TOKEN.findall(plain)
    total = len(tokens) + cids
    words = [t.strip(".,;:!?()\"'“”‘’«»-–") for t in tokens]
    words = [w for w in words if _WORD.match(w)]
    viet = sum(1 for w in words if _is_vietnamese(w)) / len(words) if words else 0.0
    bad = cids + sum(1 for t in tokens if _MIXED.search(t) or any(ch in _MOJIBAKE for ch in t))
    garbled = bad / total if total else 0.0
    foreign = sum(1 for t in tokens if _foreign(t)) / len(tokens) if tokens else 0.0
    reason = ""
    if total and cids / total > GARBLED_MAX:
        reason = "fonts without a Unicode map ((cid:N) codes)"
    elif len(tokens) >= MIN_WORDS and foreign > GARBLED_MAX:
        reason = (
            f"fonts without a Unicode map: {foreign:.0%} of words hold letters"
            " no Vietnamese text has"
        )
    elif len(words) < MIN_WORDS:
        if bad:
            reason = "too little text, and garbled"
    elif viet < VIETNAMESE_MIN:
        reason = (
            f"not Vietnamese: {viet:.0%} of words carry Vietnamese letters"
            " (junk OCR layer or mojibake)"
        )
    elif garbled > GARBLED_MAX:
        reason = f"garbled text: {garbled:.0%} of tokens cannot be words"
    return Quality(
        len(words), round(viet, 3), round(garbled, 3), round(foreign, 3), not reason, reason
    )
