"""Progress on stderr for runs longer than a couple of seconds (`build`, `load`).

Library code calls `ticker(label, total)` and then the returned function once per item;
nothing is shown unless the command line switched progress on (`enable`), and even then
only once the run has taken longer than `AFTER` seconds, at most a few lines a second, so
short runs and tests print nothing. `obligraph --quiet …` leaves it off.

>>> tick = ticker("đọc văn bản", 3)
>>> for name in ("a.txt", "b.txt", "c.txt"):
...     tick(name)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

AFTER = 2.0  # seconds before the first line
EVERY = 0.5  # seconds between lines
_stream: TextIO | None = None


def enable(stream: TextIO | None = None) -> None:
    """Show progress on `stream`; by default on stderr when it is a terminal (a script
    or a pipe reading the output gets none, as with any progress bar)."""
    global _stream
    if stream is None:
        stream = sys.stderr if sys.stderr.isatty() else None
    _stream = stream


def disable() -> None:
    global _stream
    _stream = None


def ticker(label: str, total: int) -> Callable[[str], None]:
    """A function to call once per finished item (with its name)."""
    stream = _stream
    if stream is None or total <= 1:
        return lambda _name: None
    start = time.monotonic()
    state = {"done": 0, "shown": 0.0}

    def tick(name: str) -> None:
        state["done"] += 1
        now = time.monotonic()
        last = state["done"] == total
        if now - start < AFTER or (now - state["shown"] < EVERY and not last):
            return
        state["shown"] = now
        percent = 100 * state["done"] // total
        stream.write(f"{label}: {state['done']}/{total} ({percent}%) {now - start:.0f} s  {name}\n")
        stream.flush()

    return tick
