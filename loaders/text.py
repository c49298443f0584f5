"""Reading input files into normalized text lines, with clear errors for bad input.

UTF-8 (with or without BOM), UTF-16 (with BOM) and Windows-1258/CP1252 fallbacks are
accepted; the text is normalized to NFC so decomposed Vietnamese loads like composed.
Line numbers are 1-based and refer to the decoded file's lines.
"""

from __future__ import annotations

import codecs
import os
import re
import select
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from obligraph.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
# Seconds a pipe (`build <(cmd)`, a named pipe) may stay silent before reading it stops;
# OBLIGRAPH_READ_TIMEOUT overrides it.
READ_TIMEOUT = 30.0

# The control characters (category Cc: U+0000-U+001F and U+007F-U+009F) but tab and
# newline, as a str.translate table that deletes them (C speed, not a loop per character).
_DROP_CONTROLS = {c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t"}
# Characters surely not binary-like (all assigned, none Cc/Cn/Co/Cs but the four allowed
# controls): ASCII, Latin-1 to Latin Extended-B, combining marks, Vietnamese letters
# (Latin Extended Additional), general punctuation up to U+2064. _reject_binary skips them
# in one regex pass and looks up the category of the rest only.
_PLAIN_TEXT = re.compile("[\n\r\t\f\x20-\x7e\u00a0-\u024f\u0300-\u036f\u1e00-\u1eff\u2010-\u2064]+")


@dataclass(frozen=True)
class SourceText:
    """A decoded, NFC-normalized input file."""

    path: Path
    name: str  # the file name recorded as `source` on every record
    lines: list[str]  # without line terminators; lines[0] is line 1
    encoding: str

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line(self, number: int) -> str:
        """The line with 1-based `number`."""
        return self.lines[number - 1]

    def span(self, start: int, end: int) -> str:
        """Lines start..end (1-based, inclusive) joined with newlines."""
        return "\n".join(self.lines[start - 1 : end])


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode document bytes; returns (text, encoding). Raises InputError."""
    if not data.strip():
        raise InputError(name, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data and len(data) >= 16:
        # UTF-16 without BOM shows NULs on every other byte; anything else is binary.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        half = len(data) // 2 or 1
        if odd > 0.3 * half and even < 0.05 * half:
            return _strict(data, "utf-16-le", name), "utf-16-le"
        if even > 0.3 * half and odd < 0.05 * half:
            return _strict(data, "utf-16-be", name), "utf-16-be"
        raise InputError(name, "binary file (contains NUL bytes), not a text document")
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise InputError(
                name, f"not valid UTF-8 (byte {exc.start}) nor Windows-1258 text"
            ) from None
        return text, "cp1258"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {encoding} text (byte {exc.start})") from None


def _reject_binary(text: str, name: str) -> None:
    """Decoded text that is mostly control or unassigned characters is a binary file."""
    sample = _PLAIN_TEXT.sub("", text[:4096])
    bad = sum(
        1
        for ch in sample
        if ch not in "\n\r\t\f" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    if bad > max(2, 0.05 * len(text[:4096])):
        raise InputError(name, "binary file, not a text document")


def normalize(text: str) -> str:
    """NFC, unified line endings, no NUL or other C0 controls except tab/newline."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.translate(_DROP_CONTROLS)


def display_name(name: str) -> str:
    r"""A file name as text: names that are not UTF-8 (cp1258 names from Windows, which
    Python holds as surrogate escapes) decoded as Windows-1258, the Vietnamese code page.

    >>> display_name(os.fsdecode(b"b\xe1o c\xe1o.txt"))
    'báo cáo.txt'
    """
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", "replace")


def _read_timeout() -> float:
    try:
        return float(os.environ.get("OBLIGRAPH_READ_TIMEOUT", READ_TIMEOUT))
    except ValueError:
        return READ_TIMEOUT


def read_bounded(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a file, counted as read (devices and pipes report size 0).

    Regular files and pipes (`build <(cmd)`, a named pipe) are read; a pipe silent for
    READ_TIMEOUT seconds (a named pipe no one writes to) is refused, as are devices
    (/dev/zero) and sockets, with one line each. Raises InputError.
    """
    p = Path(path)
    name = display_name(str(p))
    try:
        # O_NONBLOCK: opening a named pipe with no writer must not wait for one
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(name, "is a directory, not a file")
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            raise InputError(name, "is a device or socket, not a document file")
        pipe = stat.S_ISFIFO(mode)
        timeout = _read_timeout()
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            if pipe and not select.select([fd], [], [], timeout)[0]:
                raise InputError(name, f"pipe gave no data for {timeout:g} s (no writer?)")
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputError(name, f"file is over the {limit} byte limit")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_source(path: str | Path) -> SourceText:
    """Read and normalize one input file. Raises InputError with a one-line reason."""
    p = Path(path)
    name = display_name(str(p))
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    data = read_bounded(p)
    text, encoding = decode_bytes(data, name)
    _reject_binary(text, name)
    text = normalize(text)
    if not text.strip():
        raise InputError(name, "file holds no text")
    return SourceText(path=p, name=display_name(p.name), lines=text.split("\n"), encoding=encoding)


def source_from_string(text: str, name: str = "<text>") -> SourceText:
    """A SourceText from an in-memory string (tests, fixtures). Raises InputError."""
    text = normalize(text)
    if not text.strip():
        raise InputError(name, "file holds no text")
    return SourceText(path=Path(name), name=name, lines=text.split("\n"), encoding="str")
