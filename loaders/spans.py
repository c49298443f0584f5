"""Offsets in a file's joined text <-> 1-based line numbers, and whitespace collapsing."""

from __future__ import annotations

import bisect


def collapse(text: str) -> str:
    """Whitespace runs (line breaks included) as one space, trimmed.

    >>> collapse(" ngày 24 tháng\\n\\n9 năm 2025 ")
    'ngày 24 tháng 9 năm 2025'
    """
    return " ".join(text.split())  # str.split() splits at exactly the characters \s matches


class LineIndex:
    """Maps offsets of `"\\n".join(lines)` to 1-based line numbers.

    >>> idx = LineIndex(["a", "bc", "d"])
    >>> idx.line_of(0), idx.line_of(2), idx.line_of(5)
    (1, 2, 3)
    """

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self.starts: list[int] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def line_of(self, offset: int) -> int:
        """The line holding `offset` (an offset at a line's newline belongs to that line)."""
        return bisect.bisect_right(self.starts, max(offset, 0))

    def offset_of(self, line: int) -> int:
        """The offset where 1-based `line` starts."""
        return self.starts[line - 1]

    def span_lines(self, start: int, end: int) -> tuple[int, int]:
        """The lines of text[start:end] (end exclusive), ignoring trailing whitespace."""
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return self.line_of(start), self.line_of(max(start, end - 1))
