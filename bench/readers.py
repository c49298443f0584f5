"""Reader speed: pages per second of each reader on the real office files.

Reads every file of ../shared/corpus/office (or --folder) with its reader only (no
loading), best of --repeat runs, and prints seconds, pages and pages/s per file and per
format; writes bench/readers-<date>.json. Pages: the PDF's page count; for DOCX/DOC, the
page count LibreOffice gives when it renders the file (counted once, not timed), else
lines / 45. OCR is timed once (slow by nature) and only with --ocr.

    .venv/bin/python bench/readers.py            # digital files, OCR hidden
    .venv/bin/python bench/readers.py --ocr      # the scans too, through Tesseract
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parent.parent / "shared" / "corpus" / "office"


def page_count(path: Path) -> int | None:
    """Pages of a PDF, or of a Word file as LibreOffice lays it out."""
    import pypdfium2 as pdfium

    if path.suffix.lower() == ".pdf":
        return len(pdfium.PdfDocument(str(path)))
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to",
             "pdf", "--outdir", tmp, str(path)],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        out = Path(tmp) / (path.stem + ".pdf")
        return len(pdfium.PdfDocument(str(out))) if out.exists() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=OFFICE)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ocr", action="store_true", help="also OCR the scans (minutes)")
    ap.add_argument(
        "--printed",
        action="store_true",
        help="also time the PDF reader on the DOCX plans printed to PDF by LibreOffice",
    )
    args = ap.parse_args()
    if not args.ocr:
        os.environ["OBLIGRAPH_OCR"] = "off"
    from obligraph.errors import InputError
    from obligraph.loaders.readers import read_document

    rows = []
    per_format: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    files = sorted(args.folder.iterdir())
    printed_dir = tempfile.TemporaryDirectory(prefix="obligraph-bench-")
    if args.printed and shutil.which("soffice"):
        docx = [str(f) for f in files if f.suffix.lower() == ".docx"]
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{printed_dir.name}/p", "--headless",
             "--convert-to", "pdf", "--outdir", printed_dir.name, *docx],
            capture_output=True, timeout=600, check=False,
        )  # fmt: skip
        files += sorted(Path(printed_dir.name).glob("*.pdf"))
    for path in files:
        if path.suffix.lower() not in (".pdf", ".docx", ".doc", ".html", ".htm"):
            continue
        pages = page_count(path)
        best, fmt, error = float("inf"), path.suffix.lower().lstrip("."), None
        repeat = 1 if args.ocr and path.suffix.lower() == ".pdf" else args.repeat
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                read = read_document(path)
                fmt = read.format
                pages = pages or max(1, len(read.source.lines) // 45)
                if not any(line.strip() for line in read.source.lines):
                    error = "; ".join(f.reason for f in read.findings)  # a scan, OCR off
            except InputError as exc:
                error = exc.problem
            best = min(best, time.perf_counter() - started)
        name = path.name if path.parent == args.folder else f"{path.name} (printed)"
        row = {"file": name, "format": fmt, "pages": pages, "seconds": round(best, 3)}
        if error:
            row["not read"] = error[:90]
        elif pages:
            row["pages_per_second"] = round(pages / best, 3)
            per_format[fmt][0] += pages
            per_format[fmt][1] += best
        rows.append(row)
        print(
            f"{name:42} {fmt:8} {pages or '?':>3} p {best:7.3f} s"
            + (f" {row['pages_per_second']:7.1f} p/s" if "pages_per_second" in row else "")
            + (f"  not read: {error[:60]}" if error else "")
        )
    summary = {
        fmt: {"pages": p, "seconds": round(s, 3), "pages_per_second": round(p / s, 3)}
        for fmt, (p, s) in sorted(per_format.items())
        if s
    }
    for fmt, figs in summary.items():
        print(f"{fmt:8} {figs['pages']:>4} pages in {figs['seconds']:7.3f} s: "
              f"{figs['pages_per_second']} pages/s")  # fmt: skip
    out = HERE / f"readers-{date.today().isoformat()}{'-ocr' if args.ocr else ''}.json"
    out.write_text(
        json.dumps({"files": rows, "per_format": summary}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"written {out}")


if __name__ == "__main__":
    main()
