"""What the PDF reader needs of each page — words with boxes, ruling edges, scan images —
read through pypdfium2 (PDFium, the engine of Chrome's PDF viewer: BSD/Apache).

pdfplumber's own page model parses each content stream in Python (pdfminer): 0.3-0.5 s a
page, over the target of well under a second per ten pages. PDFium gives the same facts
natively: characters with their origin and font size, path objects (with their matrices
and colours) for the rules, image objects for scans. pdfplumber's table finder then runs on
these edges unchanged (`EdgePage`).

Words are split at spaces and line ends PDFium reports and at gaps wider than a third of
the font size. A word's top and bottom come from its baseline and font size (0.8 above,
0.2 below), so words of one line share a band whatever their letters' heights.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from obligraph.errors import InputError

RULE_MAX = 2.5  # points: a filled box this thin is a rule (Word draws borders so)
WHITE = 0.95  # a colour this light (each channel, 0-1) is paper: an invisible rule


@dataclass
class PageData:
    number: int
    width: float
    height: float
    words: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    image_share: float = 0.0  # the largest image's share of the page area


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium. Raises InputError (encrypted, not a PDF)."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if (
            getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD
            or "password" in str(exc).lower()
        ):
            raise InputError(
                str(path), "encrypted PDF (password protected): cannot be read"
            ) from None
        raise InputError(str(path), f"not a readable PDF ({exc})") from None


def pages(pdf: pdfium.PdfDocument) -> Iterator[PageData]:
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            width, height = page.get_size()
            data = PageData(i + 1, width, height)
            textpage = page.get_textpage()
            try:
                data.words = _words(textpage, height)
            finally:
                textpage.close()
            _objects(page, height, data)
            yield data
        finally:
            page.close()


def _words(textpage: pdfium.PdfTextPage, height: float) -> list[dict]:
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    words: list[dict] = []
    cur: list[tuple[str, float, float, float, float]] = []  # char, x0, x1, baseline, size
    x = ctypes.c_double()
    y = ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def flush() -> None:
        if not cur:
            return
        size = max(c[4] for c in cur)
        base = cur[0][3]
        words.append(
            {
                "text": "".join(c[0] for c in cur),
                "x0": min(c[1] for c in cur),
                "x1": max(c[2] for c in cur),
                "top": height - base - 0.8 * size,
                "bottom": height - base + 0.2 * size,
                "size": size,
            }
        )
        cur.clear()

    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        # PDFium reports a hyphen that ends a line as 0x02: it is a hyphen.
        ch = "-" if code == 0x02 else chr(code) if code else ""
        if not ch or ch in " \r\n\t\u00a0\ufffe":
            flush()
            continue
        raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        raw.FPDFText_GetCharOrigin(tp, i, x, y)
        size = raw.FPDFText_GetFontSize(tp, i) or (top.value - bottom.value) or 10.0
        if cur:
            prev = cur[-1]
            gap = left.value - prev[2]
            resized = abs(size - prev[4]) > 0.2 * max(size, prev[4])
            if resized or abs(y.value - prev[3]) > 0.5 * size or gap > size / 3 or gap < -size:
                flush()
        cur.append((ch, left.value, right.value, y.value, size))
    flush()
    return words


def _objects(page: pdfium.PdfPage, height: float, data: PageData) -> None:
    area = max(data.width * data.height, 1.0)
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = raw.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        _walk(raw.FPDFPage_GetObject(page.raw, i), identity, height, area, data, 0)


def _matrix(obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _walk(
    obj, parent: tuple[float, ...], height: float, area: float, data: PageData, depth: int
) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
        m = _compose(_matrix(obj), parent)
        for j in range(raw.FPDFFormObj_CountObjects(obj)):
            _walk(raw.FPDFFormObj_GetObject(obj, j), m, height, area, data, depth + 1)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        x0, y0, x1, y1 = _bounds(obj, parent)
        data.image_share = max(data.image_share, abs(x1 - x0) * abs(y1 - y0) / area)
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        _path_edges(obj, parent, height, data)


def _bounds(obj, parent: tuple[float, ...]) -> tuple[float, float, float, float]:
    lft, btm, rgt, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, lft, btm, rgt, top)
    pts = [_apply(parent, px, py) for px in (lft.value, rgt.value) for py in (btm.value, top.value)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _color(obj, stroke: bool) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    getter = raw.FPDFPageObj_GetStrokeColor if stroke else raw.FPDFPageObj_GetFillColor
    if not getter(obj, r, g, b, a):
        return None
    if a.value == 0:
        return (1.0, 1.0, 1.0)  # fully transparent: as good as paper
    return (r.value / 255, g.value / 255, b.value / 255)


def _path_edges(obj, parent: tuple[float, ...], height: float, data: PageData) -> None:
    fillmode = ctypes.c_int()
    stroke = ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fillmode, stroke)
    m = _compose(_matrix(obj), parent)
    if stroke.value:
        color = _color(obj, True)
        if color is not None and min(color) < WHITE:
            _stroked_edges(obj, m, height, data)
            return
    if fillmode.value:
        color = _color(obj, False)
        x0, y0, x1, y1 = _bounds(obj, parent)
        if color is not None and min(color) < WHITE and min(x1 - x0, y1 - y0) < RULE_MAX:
            _add_edge(data, x0, height - y1, x1, height - y0)


def _stroked_edges(obj, m: tuple[float, ...], height: float, data: PageData) -> None:
    px = ctypes.c_float()
    py = ctypes.c_float()
    start = prev = None
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        point = _apply(m, px.value, py.value)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            _segment(data, prev, point, height)
        prev = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _segment(data, point, start, height)
            prev = start


def _segment(data: PageData, p: tuple[float, float], q: tuple[float, float], height: float) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1.0 or abs(x1 - x0) < 1.0:
        _add_edge(data, min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1))


def _add_edge(data: PageData, x0: float, top: float, x1: float, bottom: float) -> None:
    """An edge as pdfplumber's table finder takes it: horizontal or vertical."""
    w, h = x1 - x0, bottom - top
    if w >= h:
        y = (top + bottom) / 2
        edge = {
            "x0": x0,
            "x1": x1,
            "top": y,
            "bottom": y,
            "width": w,
            "height": 0.0,
            "orientation": "h",
        }
    else:
        x = (x0 + x1) / 2
        edge = {
            "x0": x,
            "x1": x,
            "top": top,
            "bottom": bottom,
            "width": 0.0,
            "height": h,
            "orientation": "v",
        }
    edge["object_type"] = "line"
    edge["doctop"] = edge["top"]
    data.edges.append(edge)


class EdgePage:
    """The part of a pdfplumber page its table finder reads: the edges and the box."""

    def __init__(self, data: PageData) -> None:
        self.edges = data.edges
        self.bbox = (0.0, 0.0, data.width, data.height)
        self.chars: list[dict] = []

    def extract_words(self, **_: object) -> list[dict]:  # the "text" strategy, unused
        return []
