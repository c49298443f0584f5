"""Reading-order tables: the patterns of row numbers, group headings and page furniture,
each with an example of what it matches. Split from loaders/table.py."""

from __future__ import annotations

import re

# A row number at the start of a line: "14", "8.1", "8.1.", "33 Đẩy mạnh phát triển …".
ROW_NUMBER = re.compile(r"^(?P<no>\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+(?P<rest>\S.*))?$")
# A group heading: "I", "IV", "II  Đến năm 2045", "III. Tăng cường đầu tư …".
GROUP_HEADING = re.compile(r"^(?P<roman>[IVXL]{1,6})\.?(?:\s+(?P<title>\S.*))?$")
# A page number on its own line: "17", "- 17 -", "Trang 3".
PAGE_NUMBER = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|Trang\s+\d{1,3})$", re.IGNORECASE)
# A footnote at a page foot: "1 Theo phân công chi tiết trong chương trình …".
FOOTNOTE = re.compile(r"^(?P<mark>\d{1,2})\s+(?P<text>\S.{8,})$")
# E-signature stamp lines: "Số: 103/KH-UBND", "Thời gian ký: 2025-06-01T20:58:38+07:00".
STAMP_LINE = re.compile(
    r"^(?:Số:\s*\S+|Thời gian ký:.*|Ký bởi:.*|Người ký:.*|Email:\s*\S+@\S+)$", re.IGNORECASE
)
