"""The regular expressions of identity and references, each named, with what it matches.

The text they run over is one file joined with newlines, so `\\s` also crosses line breaks
(PDF extraction splits numbers and dates over lines: "Kế hoạch số 37/KH-\\nUBND").
Logic lives in numbers.py, dates.py, identity.py and references.py; only patterns here.

Speed: Python's regex engine skips quickly through text to a pattern's possible first
characters, but only when the pattern opens with a literal, a character class or an
alternation of those; a pattern opening with a lookbehind is tried at every position
(10-40 times slower on a 90 KB plan). So a word-start check `(?<!\\w)Luật` is written
after the first character, `Luật(?<!\\wLuật)`: the same matches, found faster.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ document numbers

# One code of a number ("số, ký hiệu"): a kind or issuer abbreviation, upper-case first,
# sometimes with a term number. Matches "KH", "CTr", "TTg", "NĐ", "BCĐTW", "QH15", "CTR".
CODE = r"[A-ZĐƯ][A-Za-zĐđƯư]{0,9}\d{0,2}"

# Codes joined by hyphens, spaces allowed around them: "KH-UBND", "BTTTT - TTH", "NQHĐND".
CODES = rf"{CODE}(?:\s*-\s*{CODE})*"

# A document number in any of the conventions of DOMAIN.md, tolerant of line breaks and
# stray spaces around its separators. Named groups: serial, then either year + ycodes
# (legal normative), pkind + pissuer (Party form with a hyphen), or codes (state form).
# Matches "103/KH-UBND", "73/2019/NĐ-CP", "193/2025/QH15", "57-NQ/TW", "32 -CTr/TU",
# "1552/BTTTT-TTH", "37/KH-\nUBND", "57-\n\nNQ/TW", "10-CTR/TU", "15/2024/NQHĐND".
# Not "12/2025" (a month), "2022-2025" (years), "16-18%/năm", nor "/KH-UBND" (a blank).
DOC_NUMBER = re.compile(
    rf"""
    (?P<serial>\d(?<![\w/.\-]\d)\d{{0,4}})   # 1-5 digits, after no word char, "/", "." or "-"
    (?:
        \s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?P<ycodes>{CODES})
      | \s*-\s*(?P<pkind>{CODE})\s*/\s*(?P<pissuer>{CODE})
      | \s*/\s*(?P<codes>{CODES})
    )
    (?![\w/])
    """,
    re.VERBOSE,
)

# ------------------------------------------------------------------ dates

# Day/month/year with one separator; two-, three- (typo) or four-digit year.
# Matches "18/3/2025", "05/7/2025", "01/4/025", "26-02-2025". Not "12/2025" nor "73/2019/NĐ".
NUMERIC_DATE = re.compile(
    r"(?P<day>\d(?<![\d/.\-]\d)\d?)\s*(?P<sep>[/.\-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<year>\d{2,4})(?![\d/]|\s*/\s*[A-ZĐ])"
)

# The long form, possibly wrapped over lines.
# Matches "ngày 24 tháng 9 năm 2025", "Ngày 18 tháng 01 năm 2024", "ngày 24 tháng\n9 năm 2025".
VERBAL_DATE = re.compile(
    r"n(?<!\wn)gày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)

# A draft's blank date: "ngày      tháng      năm 2025", "ngày   /   /2025".
BLANK_DATE = re.compile(r"\bngày\s+(?:tháng\s+năm|/\s*/)", re.IGNORECASE)

# ISO signature time of an e-signature stamp. Matches "2025-06-01T20:58:38+07:00".
ISO_DATETIME = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)T\d\d:\d\d")

# ------------------------------------------------------------------ identity: header lines

# The "Số:" line of a header or an e-signature stamp; the number may follow on a later line.
# Matches "Số: 103/KH-UBND", "Số:283/KH-UBND", "Số 10-CTr/TU", "Số hiệu: 15/2024/NQ-HĐND",
# "Số:\n283/KH-UBND", "Số:     /KH-UBND" (a draft). Anchored at a line start, so the
# "số:" inside a Căn cứ line is not the document's own number.
NUMBER_LINE = re.compile(
    r"^[ \t|*]*Số(?:\s*hiệu|\s*,?\s*ký\s*hiệu)?\s*[:.]?[ \t]*", re.IGNORECASE | re.MULTILINE
)

# A draft's blank number right after "Số:": "     /KH-UBND", "…/QĐ-UBND", "   -CTr/TU".
BLANK_NUMBER = re.compile(rf"^[ \t.…_]*[/\-]\s*{CODE}")

# The signature time line of an e-signature stamp. Matches "Thời gian ký: 2025-06-01T20:58:38+07:00".
SIGNATURE_TIME = re.compile(r"^\s*Thời gian ký\s*:", re.IGNORECASE)

# Other lines of an e-signature stamp: "Ký bởi: Ủy ban Nhân dân tỉnh", "Email: …", "Cơ quan: …".
STAMP_LINE = re.compile(r"^\s*(?:Ký bởi|Người ký|Email|Cơ quan|Ngày ký)\s*:", re.IGNORECASE)

# Place and date line. Matches "Đồng Tháp, ngày 24 tháng 9 năm 2025",
# "Hà Nội, ngày 05 tháng 3 năm 2024", "Quy Nhơn, ngày      tháng      năm 2025" (draft).
PLACE_DATE = re.compile(r"^[ \t|*]*[A-ZĐ][^\n,;:]{1,40},\s*ngày\b", re.MULTILINE)

# National motto and Party header boilerplate lines.
# Matches "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
# "ĐẢNG CỘNG SẢN VIỆT NAM", "---------------", "_______", "*" (under a Party issuer).
MOTTO_LINE = re.compile(
    r"CỘNG H[ÒO]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc"
    r"|ĐẢNG CỘNG SẢN VIỆT NAM|^[\s|*]*[-_=–*.]{3,}[\s|*]*$|^\s*\*\s*$",
    re.IGNORECASE | re.MULTILINE,
)

# A line that is only the document kind, in capitals (bold markers and spaces allowed).
# Matches " THÔNG BÁO ", "KẾ HOẠCH", "**NGHỊ QUYẾT**", "CHƯƠNG TRÌNH HÀNH ĐỘNG".
KIND_LINE = re.compile(
    r"^[\s*#]*(?P<kind>KẾ HOẠCH(?: HÀNH ĐỘNG)?|THÔNG BÁO|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ"
    r"|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|NGHỊ ĐỊNH|THÔNG TƯ(?: LIÊN TỊCH)?|TỜ TRÌNH|BÁO CÁO"
    r"|HƯỚNG DẪN|KẾT LUẬN|QUY ĐỊNH|CÔNG ĐIỆN|ĐỀ ÁN|LUẬT|CÔNG VĂN)[\s*]*$"
)

# The subject line of an official letter ("trích yếu"). Matches "V/v triển khai …", "V/v: …".
SUBJECT_LINE = re.compile(r"^[\s*]*V/v\b\s*:?\s*", re.IGNORECASE)

# Issuer lines of a header, in capitals. Matches "ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP",
# "TỈNH ỦY ĐỒNG THÁP", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "HỘI ĐỒNG NHÂN DÂN",
# "BAN CHẤP HÀNH TRUNG ƯƠNG", "UBND TỈNH GIA LAI", "THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ".
ISSUER_LINE = re.compile(
    r"^[\s*|]*(?P<issuer>(?:ỦY|UỶ|UỴ) BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND"
    r"|TỈNH (?:ỦY|UỶ)|THÀNH (?:ỦY|UỶ)|HUYỆN (?:ỦY|UỶ)|BAN CHẤP HÀNH TRUNG ƯƠNG|BAN THƯỜNG VỤ"
    r"|BỘ CHÍNH TRỊ|THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|BỘ [A-ZĐÀ-Ỹ ,]+|SỞ [A-ZĐÀ-Ỹ ,]+"
    r"|VĂN PHÒNG [A-ZĐÀ-Ỹ ]+|BAN CHỈ ĐẠO [A-ZĐÀ-Ỹ ]+)"
    r"(?P<rest>[A-ZĐÀ-Ỹ \-]*?)[\s*|]*$"
)

# A place line under an issuer line. Matches "TỈNH ĐỒNG THÁP", "THÀNH PHỐ HÀ NỘI".
PLACE_LINE = re.compile(r"^[\s*|]*(?P<level>TỈNH|THÀNH PHỐ)\s+(?P<place>[A-ZĐÀ-Ỹ ]+?)[\s*|]*$")

# Where the title of a header ends: the authority line of a Quyết định/Nghị quyết, a
# "Căn cứ"/"Kính gửi" line, or the "QUYẾT ĐỊNH:" verb line.
# Matches "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "Căn cứ Luật …", "Kính gửi: …".
TITLE_STOP = re.compile(
    r"^[\s*]*(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|BAN THƯỜNG VỤ"
    r"|BAN CHẤP HÀNH|Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Xét đề nghị|QUYẾT ĐỊNH\s*:"
    r"|QUYẾT NGHỊ\s*:|[IVX]+\.\s|Điều\s+\d)"
)

# The first sentence of a notice, which states the meeting date.
# Matches "Ngày 18/3/2025, tại …", "Chiều ngày 05/7/2025, …", "Sáng ngày 18 tháng 01 năm 2024".
MEETING_OPENER = re.compile(r"^[\s*]*(?:(?:Sáng|Chiều|Tối|Trưa)\s+)?ngày\s+\d", re.IGNORECASE)

# ------------------------------------------------------------------ signature and boilerplate

# Signature authority lines. Matches "TM. ỦY BAN NHÂN DÂN", "KT.CHÁNH VĂN PHÒNG",
# "TL. CHỦ TỊCH", "CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG", "TL", "VĂN PHÒNG", "BỘ TRƯỞNG",
# "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "GIÁM ĐỐC".
SIGNATURE_TITLE = re.compile(
    r"^[\s*]*(?:(?:TM|KT|TL|TUQ|Q)\s*\.\s*[A-ZĐÀ-Ỹ ]*|(?:T/M|K/T|T/L)\s*[A-ZĐÀ-Ỹ ]*|TM|KT|TL|TUQ"
    r"|(?:PHÓ\s+)?(?:CHỦ TỊCH|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|BÍ THƯ"
    r"|THỦ TƯỚNG|TRƯỞNG BAN|VĂN PHÒNG|CHÁNH ÁN|VIỆN TRƯỞNG)[A-ZĐÀ-Ỹ ]*)[\s*]*$"
)

# A draft's mark. Matches "DỰ THẢO", "Dự thảo 2", "**DỰ THẢO**".
DRAFT_MARK = re.compile(r"^[\s*]*(?:DỰ THẢO|Dự thảo)(?:\s*(?:lần\s*)?\d+)?[\s*]*$")

# The recipient list heading. Matches "Nơi nhận:", "**Nơi nhận:**".
RECIPIENTS = re.compile(r"^[\s*]*Nơi nhận\s*:?", re.IGNORECASE)

# A recipient line: "- CT, các PCT UBND tỉnh;", "- Lưu: VT, K8.", "+ Như trên;".
RECIPIENT_ITEM = re.compile(r"^\s*[-+•]\s*\S")

# Page numbers on their own line in forms no table uses. Matches "- 2 -", "Trang 3", "3/12".
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)\s*$")

# A personal name line (2-5 capitalised words): "Võ Gia Nghĩa", "Phạm Anh Tuấn".
PERSON_NAME = re.compile(
    r"^[\s*]*(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)[\s*]*$"
)

# Where boilerplate or a signature may start: the newline before a line whose first words
# (after spaces and "*") could pass STAMP_LINE, SIGNATURE_TIME, PAGE_NUMBER, the closing
# "Trân trọng", RECIPIENTS, "Kính gửi" or SIGNATURE_TITLE. A superset of those lines, found
# in one scan of the text so the exact tests run on a few lines only (identity.py).
# Matches "\nNơi nhận:", "\n- 2 -", "\n  TM. ỦY BAN NHÂN DÂN", "\nKý bởi: …", "\n**CHỦ TỊCH**".
IDENTITY_LINE_HINT = re.compile(
    r"\n(?:[^\S\n]|\*)*(?:(?i:Ký bởi|Người ký|Email|Cơ quan|Ngày ký|Trân trọng|Nơi nhận"
    r"|Thời gian ký)|-|Trang|Kính gửi|TM|KT|TL|TUQ|Q|T/M|K/T|T/L|PHÓ|CHỦ TỊCH|CHÁNH|GIÁM ĐỐC"
    r"|BỘ TRƯỞNG|THỨ TRƯỞNG|BÍ THƯ|THỦ TƯỚNG|TRƯỞNG BAN|VĂN PHÒNG|VIỆN TRƯỞNG)"
)

# ------------------------------------------------------------------ citations

# A kind phrase right before a number, "số" repeated by typo or glued with a colon.
# Matches "Kế hoạch hành động số ", "Nghị quyết số số ", "Chương trình hành động số ",
# "Nghị quyết ", "Văn bản số ", "Quyết định số:", "Nghị\nđịnh số ".
KIND_WORDS = (
    r"Kế\s+hoạch(?:\s+hành\s+động)?|Nghị\s+quyết|Chương\s+trình(?:\s+hành\s+động)?"
    r"|Quyết\s+định|Chỉ\s+thị|Thông\s+báo|Nghị\s+định|Thông\s+tư(?:\s+liên\s+tịch)?"
    r"|Tờ\s+trình|Báo\s+cáo|Hướng\s+dẫn|Kết\s+luận|Quy\s+định|Công\s+văn|Văn\s+bản"
    r"|Luật|Pháp\s+lệnh|Đề\s+án|Công\s+điện"
)
KIND_BEFORE_NUMBER = re.compile(rf"(?P<kind>{KIND_WORDS})(?:\s+số\b\s*:?)*\s*$", re.IGNORECASE)

# The date and issuer right after a cited number.
# Matches " ngày 26/02/2025 của UBND tỉnh", "\n\nngày 22/12/2024 của Bộ Chính trị",
# " của Chính phủ", " ngày 24 tháng 9 năm 2025".
CITATION_DATE = re.compile(
    r"\s*(?:,\s*)?(?:ban hành\s+)?ngày\s+(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.IGNORECASE,
)
CITATION_ISSUER = re.compile(r"\s*của\s+(?P<issuer>[^\s,;.:()“”\"]+(?:\s+[^\s,;.:()“”\"]+){0,7})")

# Words and word pairs that end an issuer name after "của":
# "của Tỉnh ủy thực hiện …" -> "Tỉnh ủy"; "của Ủy ban nhân dân tỉnh về …" -> "Ủy ban nhân dân tỉnh".
ISSUER_STOP_WORDS = frozenset(
    [
        "về",
        "tại",
        "theo",
        "ngày",
        "số",
        "trong",
        "để",
        "nhằm",
        "đã",
        "được",
        "là",
        "sau",
        "gồm",
        "năm",
        "trên",
        "cho",
        "với",
        "đến",
        "từ",
        "thay",
    ]
)
ISSUER_STOP_PAIRS = frozenset(
    {
        "thực hiện",
        "triển khai",
        "phê duyệt",
        "quy định",
        "ban hành",
        "hướng dẫn",
        "cụ thể",
        "giai đoạn",
        "đối với",
        "sửa đổi",
        "bổ sung",
        "bãi bỏ",
        "thay thế",
        "thi hành",
    }
)

# Name-only citations: "Đề án 06", "Đề án 5299", "Chỉ thị 18" (a kind word and a bare number).
NAMED_BY_NUMBER = re.compile(
    r"(?P<name>(?P<kind>Đ(?<!\wĐ)ề\s+án|C(?<!\wC)hỉ\s+thị|N(?<!\wN)ghị\s+quyết|C(?<!\wC)hương\s+trình)"
    r"\s+(?P<no>\d{1,5}))"
    r"(?![\w/\-]|\s*[/\-]\s*[A-ZĐ\d])"
)

# A law by name: "Luật Giao dịch điện tử", "Luật Khoa học, công nghệ và đổi mới sáng tạo",
# "Luật Quản lý, sử dụng tài sản công".
# The name runs over lower-case words after a capitalised first word; numbered laws
# ("Luật số 20/2023/QH15") are found as numbers instead.
# A comma may follow the first or second word only ("Luật Quản lý, sử dụng tài sản công"),
# so "Luật Giao dịch điện tử, các đơn vị …" still ends at the comma.
NAMED_LAW = re.compile(
    r"Luật(?<!\wLuật)\s+(?P<head>[A-ZĐÀ-Ỹ][a-zđà-ỹ]*(?:[ \t]+[a-zđà-ỹ]+)?(?:,(?=[ \t]+[a-zđà-ỹ]))?)"
    r"(?P<tail>(?:[ \t]+[a-zđà-ỹ]+){0,6})"
)

# Words that end a law's name: "Luật Giao dịch điện tử năm 2023" -> "Luật Giao dịch điện tử".
LAW_STOP_WORDS = frozenset(
    ["năm", "số", "của", "và", "ngày", "đã", "được", "để", "trong", "theo", "về", "tại"]
)

# "(sau đây gọi tắt là …)": the next citation is an alias of the previous one.
ALIAS_INTRO = re.compile(r"\(\s*sau đây gọi (?:tắt )?là\s*$", re.IGNORECASE)

# ------------------------------------------------------------------ relations

# Relation triggers, looked for in the words right before a citation (the last wins).
# supersedes: "Kế hoạch này thay thế Kế hoạch số …", "thay Kế hoạch số …"
# repeals: "bãi bỏ Quyết định số …"; amends: "sửa đổi, bổ sung một số điều của Quyết định …"
# based_on: "Căn cứ Luật …", "Theo đề nghị của Sở … tại Tờ trình số …", "Xét Tờ trình số …"
#   (the kind phrase "Tờ trình số" belongs to the citation, so "Xét" alone is the trigger)
# implements: "Thực hiện Nghị quyết …", "triển khai Kế hoạch …", "… thực hiện Chương trình
# hành động theo Nghị quyết …"
SUPERSEDES = re.compile(r"\bthay(?:\s+thế)?\b(?!\s+đổi)", re.IGNORECASE)  # not "thay đổi"
REPEALS = re.compile(r"\bbãi\s+bỏ\b", re.IGNORECASE)
AMENDS = re.compile(r"\bsửa\s+đổi(?:\s*,?\s*bổ\s+sung)?\b", re.IGNORECASE)
BASED_ON = re.compile(r"\b(?:[Cc]ăn\s+cứ|[Tt]heo\s+đề\s+nghị|Xét\b|tại\s+Tờ\s+trình)")
# "thực hiện theo Nghị định …" is "done according to": a citation, not an implementation.
IMPLEMENTS = re.compile(r"\b(?:thực\s+hiện|triển\s+khai|thi\s+hành)\b(?!\s+theo\b)", re.IGNORECASE)

# A list joiner between two citations of one relation: ", ", " và ", " cùng ", ") và ".
LIST_JOINER = re.compile(r"^[\s,()]*(?:và|cùng|hoặc)?[\s,()]*$")

# A cited document's subject ("về …") running on to the list's next item.
# Matches " về đột phá phát triển khoa học, …, chuyển đổi số quốc gia, " (ends in a joiner).
TITLE_THEN_JOINER = re.compile(r"^\s*về\s.*(?:,|\svà)\s*$", re.DOTALL)

# Sentence ends: ".", ";", ":" or "./." followed by a break; a new bullet or numbered item.
# Matches ". T", ";\n", "./.", "\n- ", "\na) ", "\n2. ", "\nII. ", a "-----" line, two blank lines,
# a line opening with "Căn cứ"/"Thực hiện"/"Theo đề nghị" (a preamble clause under a title)
# (a title block ends so; PDF paragraphs break over single blank lines only).
_SENTENCE_PUNCT = r"[.;:!?](?:/\.)?(?=\s|$)(?<!\bTP\.)(?<!\bTX\.)(?<!\bTT\.)(?<!\bV/v\.)"
_SENTENCE_BREAK = (
    r"\n(?=[ \t]*(?:[-+•]\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*\.\s|[IVX]{1,4}\.\s))"
    r"|\n[ \t]*\n[ \t]*\n|\n[ \t]*[-_=*]{3,}[ \t]*(?=\n)"
    r"|\n(?=[ \t]*(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Xét Tờ trình)\b)"
)
SENTENCE_END = re.compile(rf"(?:{_SENTENCE_PUNCT}|{_SENTENCE_BREAK})")
# The two halves of SENTENCE_END, each scanned faster on its own. A punctuation match
# holds no newline and a break match (newlines, spaces, tabs, "-_=*") no punctuation, so
# neither can overlap the other: the matches of the two equal those of SENTENCE_END.
SENTENCE_END_PUNCT = re.compile(_SENTENCE_PUNCT)
SENTENCE_END_BREAK = re.compile(_SENTENCE_BREAK)

# Preamble prose made only of citations: "Căn cứ …;", "Thực hiện …;", "Theo đề nghị …".
PREAMBLE_OPENER = re.compile(r"^[\s*]*(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Xét Tờ trình)\b")

# Where a preamble ends: "…, cụ thể như sau:", "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:", "như sau:".
PREAMBLE_END = re.compile(r"(?:như sau|QUYẾT ĐỊNH|QUYẾT NGHỊ|BAN HÀNH)\s*:\s*$")
