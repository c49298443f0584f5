"""DOC reader (Word 97-2003): converted to DOCX by LibreOffice, then read as DOCX.

`soffice --headless --convert-to docx` writes into a temporary folder (the input is never
touched) with a private LibreOffice profile, so it runs beside an open LibreOffice and in
parallel workers. Without LibreOffice on the PATH the file fails with one line naming the
fix. `OBLIGRAPH_SOFFICE=off` hides it (tests of that message on machines that have it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from obligraph.errors import InputError
from obligraph.loaders.readers.model import ReadDocument

TIMEOUT = 180  # seconds: LibreOffice's first start in a fresh profile takes a while
FIX = "install LibreOffice (Debian: apt install libreoffice-writer-nogui) to read .doc files"


def soffice() -> str | None:
    """The LibreOffice command, unless hidden by OBLIGRAPH_SOFFICE=off."""
    if os.environ.get("OBLIGRAPH_SOFFICE", "").lower() in ("off", "0", "no", "false"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path) -> ReadDocument:
    """Read a legacy .doc through LibreOffice. Raises InputError."""
    from obligraph.loaders.readers.docx import read_docx

    if not path.is_file():
        raise InputError(str(path), "no such file")
    exe = soffice()
    if exe is None:
        raise InputError(str(path), f"Word 97 .doc needs LibreOffice: {FIX}")
    with tempfile.TemporaryDirectory(prefix="obligraph-doc-") as tmp:
        work = Path(tmp)
        src = work / ("input" + path.suffix.lower())
        shutil.copyfile(path, src)  # an ASCII name: soffice mangles some others
        try:
            done = subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation=file://{work / 'profile'}",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    str(work),
                    str(src),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise InputError(
                str(path), f"LibreOffice took over {TIMEOUT} s to convert it"
            ) from None
        out = work / "input.docx"
        if done.returncode != 0 or not out.exists():
            why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise InputError(str(path), f"LibreOffice could not convert it ({why[0]})")
        read = read_docx(out)
    source = replace(read.source, path=path, name=path.name, encoding="doc")
    return replace(read, source=source, format="doc")
