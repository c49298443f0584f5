"""OCR of scanned pages: Tesseract with its Vietnamese model, when installed.

An optional part: Debian's `tesseract-ocr` and `tesseract-ocr-vie` (or any Tesseract with
the `vie` language). The command is called directly (no Python wrapper needed); pages are
rendered by pypdfium2 (which pdfplumber brings) at 300 dpi and read as one block of text
(`--psm 6`: on the corpus scan, whose lines are slightly warped, the automatic layout
analysis dropped a third of page 1; one block keeps every line). `OBLIGRAPH_OCR=off` hides
Tesseract, so a machine that has it can show what a machine without it does (tests).

OCR text is only as good as the scan: the reader marks the document `ocr`, the pipeline
flags its records for review.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

DPI = 300
LANG = "vie"
TIMEOUT = 300  # seconds per page: a stuck Tesseract must not hang a folder build


def available() -> bool:
    """Tesseract with the Vietnamese model is on the PATH (and not hidden by the env)."""
    if os.environ.get("OBLIGRAPH_OCR", "").lower() in ("off", "0", "no", "false"):
        return False
    return _has_vietnamese()


@lru_cache(maxsize=1)
def _has_vietnamese() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in (langs.stdout + langs.stderr).split()


def read_page(pdf: Path, number: int) -> list[tuple[float, str]]:
    """The text lines of page `number` (1-based) by OCR, each with its top in PDF points."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[number - 1]
        image = page.render(scale=DPI / 72).to_pil()
    finally:
        doc.close()
    with tempfile.TemporaryDirectory(prefix="obligraph-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        done = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", LANG, "--psm", "6", "tsv"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    if done.returncode != 0:
        return []
    return _lines_from_tsv(done.stdout, 72 / DPI)


def _lines_from_tsv(tsv: str, scale: float) -> list[tuple[float, str]]:
    """Tesseract's TSV (one row per word) -> lines with their top, in reading order."""
    lines: dict[tuple[int, int, int], list[tuple[int, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))  # block, paragraph, line
        lines.setdefault(key, []).append((int(cols[6]), int(cols[7]) * scale, cols[11]))
    out = []
    for key in sorted(lines):
        words = sorted(lines[key])
        text = " ".join(w for _, _, w in words)
        out.append((min(top for _, top, _ in words), _ITEM_MISREAD.sub(r"c)", text)))
    return out


# Tesseract reads the item mark "c)" at a line start as "©)" (the corpus scan's 1.c).
_ITEM_MISREAD = re.compile(r"^©\)")
