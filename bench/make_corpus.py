"""Generate a realistic synthetic corpus from the seeds' structures, deterministically.

Plans (Kế hoạch) with a body and a Phụ lục table in the PDF-extracted layout of
data/raw/001 (cells wrapped column by column, blank lines inside cells, shared lines,
empty cells, the header repeated at page breaks), and notices (Thông báo) shaped like
data/raw/000 and 004 (numbered agency headings, bullets, prose deadlines). Documents cite,
implement and supersede each other; agencies come from several provinces. Each province
numbers its own plans from 1 every year, as UBND tỉnh does, so "Kế hoạch số 12/KH-UBND" of
2025 exists in every province, and a plan cites and supersedes only its own province's.

Some plan rows name a specific subject ("Hệ thống cảnh báo sạt lở đất xã Phước Lộc"), each
topic used once per commune in the corpus, and some later notices of the same province
restate one of them for the same lead agency in other words: the answer key for RESTATES
(`make_corpus(..., restatements=[])` receives one entry per planted pair).

    python bench/make_corpus.py --docs 1000 --seed 7 --out bench/corpora/1000

The same --docs and --seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PROVINCES = [
    "Bình Định",
    "Gia Lai",
    "Đồng Tháp",
    "Nghệ An",
    "Quảng Ninh",
    "Cần Thơ",
    "Lâm Đồng",
    "Thanh Hóa",
    "Hà Tĩnh",
    "Khánh Hòa",
    "Đắk Lắk",
    "An Giang",
]
# The registry's own province (data/agencies.yaml places): the graph reads its two places
# before the 2025 merger as one province, so here they share one numbering series.
HOME_PLACES = ("Bình Định", "Gia Lai")
DEPARTMENTS = [
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Công an tỉnh",
    "Bộ Chỉ huy quân sự tỉnh",
    "Văn phòng UBND tỉnh",
    "Văn phòng Tỉnh ủy",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Chi cục Thống kê tỉnh",
]
COLLECTIVES = [
    "Các Sở, ngành, địa phương",
    "Các sở, ban, ngành",
    "Các cơ quan, đơn vị liên quan",
    "UBND các xã, phường",
]
VERBS = [
    "Triển khai",
    "Xây dựng và triển khai",
    "Rà soát, hoàn thiện",
    "Tổ chức thực hiện",
    "Nghiên cứu, đề xuất",
    "Đẩy mạnh",
    "Hoàn thành",
    "Tham mưu ban hành",
]
OBJECTS = [
    "nền tảng số dùng chung của tỉnh",
    "cơ sở dữ liệu chuyên ngành",
    "dịch vụ công trực tuyến toàn trình",
    "Trung tâm điều hành thông minh (IOC)",
    "chương trình đào tạo kỹ năng số cho cán bộ, công chức",
    "hạ tầng băng rộng cố định và di động 5G",
    "Đề án phát triển giáo dục STEM",
    "kho dữ liệu số cấp tỉnh",
    "hệ thống giám sát an toàn thông tin (SOC)",
    "cơ chế hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo",
    "số hóa hồ sơ, tài liệu lưu trữ",
    "chính sách thu hút nhân lực chất lượng cao",
    "ứng dụng trí tuệ nhân tạo trong quản lý nhà nước",
]
QUALIFIERS = [
    "bảo đảm kết nối, chia sẻ dữ liệu thông suốt giữa các cơ quan trong hệ thống chính trị",
    "theo đúng lộ trình, hướng dẫn của Trung ương và điều kiện thực tiễn của tỉnh",
    "gắn với cải cách hành chính và nâng cao chất lượng phục vụ người dân, doanh nghiệp",
    "phù hợp với mô hình chính quyền địa phương hai cấp",
    "tiết kiệm, hiệu quả, đúng quy định",
]
RESULTS = [
    "Văn bản triển khai",
    "Quyết định của Chủ tịch UBND tỉnh",
    "Kế hoạch thực hiện",
    "Báo cáo kết quả",
    "Hệ thống được vận hành",
    "Chương trình",
    "Văn bản hướng dẫn",
]
DEADLINES = [
    "Hằng tháng",
    "Hằng năm",
    "Thường xuyên",
    "Quý I/{y1}",
    "Quý IV/{y}",
    "Năm {y}",
    "12/{y}",
    "9/{y}",
    "15/6/{y}",
    "{y}-{y2}",
    "Tháng 6/{y1}",
    "Ngay khi Bộ Công an ban hành",
    "Năm {y} và những năm tiếp theo",
]
# Specific subjects: what a real restatement shares with the task it repeats.
SUBJECT_KINDS = ["Dự án", "Đề án", "Hệ thống", "Nền tảng"]
SUBJECT_TOPICS = [
    "cảnh báo sạt lở đất",
    "quản lý hồ chứa nước",
    "truy xuất nguồn gốc nông sản",
    "bản đồ số quy hoạch sử dụng đất",
    "giám sát chất lượng nước sông",
    "chợ nông sản trực tuyến",
    "số hóa hồ sơ địa chính",
    "camera giám sát giao thông",
    "đo mặn tự động vùng ven biển",
    "thanh toán học phí không dùng tiền mặt",
    "bệnh án điện tử liên thông",
    "du lịch thông minh",
    "quan trắc môi trường tự động",
    "quản lý tàu cá",
    "cấp nước sạch nông thôn",
    "phòng chống cháy rừng",
    "quản lý di tích lịch sử",
    "thư viện số dùng chung",
    "chiếu sáng công cộng thông minh",
    "xử lý rác thải sinh hoạt",
    "kè chống sạt lở bờ sông",
    "trạm y tế số",
    "bảo tồn làng nghề truyền thống",
    "khu nuôi trồng thủy sản công nghệ cao",
]
# Commune names: 20 x 20 of them, as "Phước Lộc", "Nhơn Hưng".
PLACE_HEADS = [
    "Phước", "Nhơn", "Hoài", "Tây", "Cát", "Mỹ", "Ân", "Bình", "Tam", "Vĩnh",
    "An", "Đức", "Hòa", "Tân", "Long", "Phú", "Thạnh", "Quảng", "Xuân", "Hưng",
]  # fmt: skip
PLACE_TAILS = [
    "Lộc", "Hưng", "Thạnh", "Sơn", "Hải", "Tường", "Quang", "Hòa", "Phong", "Nghĩa",
    "Thành", "Trung", "Khánh", "Lợi", "Điền", "Mỹ", "Định", "Thuận", "Tiến", "Vinh",
]  # fmt: skip
RESTATING_VERBS = [
    "Khẩn trương hoàn thành",
    "Tập trung đẩy nhanh tiến độ",
    "Tiếp tục triển khai",
    "Khẩn trương rà soát, hoàn thiện",
]
# Before the 2025 mergers (DOMAIN.md) documents name the agencies of their time: the
# departments created in 2025 by their predecessors, and the ones merged away beside
# those they merged into, half of the time (graph/agencies.py holds the successions).
MERGED_ON = (2025, 3, 1)
OLD_NAMES = {
    "Sở Nông nghiệp và Môi trường": (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Tài nguyên và Môi trường",
    ),
    "Sở Dân tộc và Tôn giáo": ("Ban Dân tộc",),
    "Chi cục Thống kê tỉnh": ("Cục Thống kê tỉnh",),
}
MERGED_AWAY = {
    "Sở Tài chính": "Sở Kế hoạch và Đầu tư",
    "Sở Xây dựng": "Sở Giao thông vận tải",
    "Sở Nội vụ": "Sở Lao động – Thương binh và Xã hội",
    "Sở Khoa học và Công nghệ": "Sở Thông tin và Truyền thông",
}
SPECIFIC_SHARE = 0.04  # of plan rows with a single department as lead
RESTATE_SHARE = 0.6  # of notices that restate an earlier plan's specific row

HEADER = "TT Tên nhiệm vụ \nCơ quan \n\nchủ trì \nCơ quan \n\nphối hợp \nKết quả \n\nThời gian \nhoàn thành \n"


@dataclass
class DocSpec:
    index: int
    kind: str  # "KH" or "TB"
    number: int
    year: int
    month: int
    day: int
    province: str
    implements: list[str]
    supersedes: str | None


@dataclass
class Planter:
    """Specific plan rows, and the notices that restate them: the RESTATES answer key.

    Draws from its own random stream per document, so the rest of the corpus is what the
    same seed would give without it."""

    seed: int
    key: list[dict] | None = None  # planted pairs, when the caller wants them
    used: set[tuple[str, str]] = field(default_factory=set)  # (topic, commune name)
    specific: dict[str, list[dict]] = field(default_factory=dict)  # province -> rows

    def row_text(self, spec: DocSpec, no: int, lead: str, text: str) -> str | None:
        """A plan row's text rewritten round a specific subject (for some rows led by one
        department), or None."""
        rng = random.Random(f"{self.seed}-{spec.index}-{no}-subject")
        if lead not in DEPARTMENTS or rng.random() >= SPECIFIC_SHARE:
            return None
        for _ in range(20):
            # One project of a topic per commune in the whole corpus: "Đề án X xã A" and
            # "Hệ thống X phường A" would be the same project, and a fair restatement.
            topic, name = (
                rng.choice(SUBJECT_TOPICS),
                f"{rng.choice(PLACE_HEADS)} {rng.choice(PLACE_TAILS)}",
            )
            unit = rng.choice(["xã", "phường"])
            subject = f"{rng.choice(SUBJECT_KINDS)} {topic} {unit} {name}"
            if (topic, name) not in self.used:
                self.used.add((topic, name))
                row = {"doc": spec, "no": str(no), "lead": lead, "subject": subject}
                self.specific.setdefault(spec.province, []).append(row)
                verb = next(v for v in VERBS if text.startswith(v))
                return f"{verb} {subject}, {rng.choice(QUALIFIERS)}."
        return None

    def restatement(self, spec: DocSpec, departments: list[str]) -> dict | None:
        """An earlier specific row of this province led by one of the notice's departments."""
        rng = random.Random(f"{self.seed}-{spec.index}-restate")
        if rng.random() >= RESTATE_SHARE:
            return None
        when = (spec.year, spec.month, spec.day)
        rows = [
            r
            for r in self.specific.get(spec.province, [])[-200:]
            if r["lead"] in departments and (r["doc"].year, r["doc"].month, r["doc"].day) < when
        ]
        if not rows:
            return None
        row = rng.choice(rows)
        text = (
            f"{rng.choice(RESTATING_VERBS)} {row['subject']}; báo cáo kết quả về UBND tỉnh"
            f" trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{spec.year + 1}."
        )
        if self.key is not None:
            self.key.append(
                {
                    "later": file_name(spec),
                    "earlier": file_name(row["doc"]),
                    "no": row["no"],
                    "lead": row["lead"],
                    "subject": row["subject"],
                }
            )
        return {"lead": row["lead"], "text": text}


# National programmes above the plans (issue 18): Government programmes (…/NQ-CP) whose
# task table sits in the Nghị quyết as `|` rows, in the seven groups of NQ 03, and plans
# that implement one and bring some of its tasks down to the province in other words.
NATIONAL_GROUPS = [
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, tạo xung lực mới trong toàn xã hội",
    "Khẩn trương, quyết liệt hoàn thiện thể chế, tháo gỡ các điểm nghẽn",
    "Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ và chuyển đổi số",
    "Phát triển, trọng dụng nhân lực chất lượng cao, nhân tài",
    "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan trong hệ thống chính trị",
    "Thúc đẩy mạnh mẽ hoạt động khoa học, công nghệ và chuyển đổi số trong doanh nghiệp",
    "Tăng cường hợp tác quốc tế trong phát triển khoa học, công nghệ",
]
NATIONAL_KINDS = ["Đề án", "Chương trình", "Nền tảng", "Hệ thống", "Cơ sở dữ liệu", "Bộ tiêu chí"]
NATIONAL_TOPICS = [
    "đánh giá mức độ chuyển đổi số của cơ quan nhà nước",
    "đào tạo trực tuyến mở đại trà về kỹ năng số",
    "truy xuất nguồn gốc nông sản",
    "giám sát chất lượng không khí",
    "hồ sơ sức khỏe điện tử",
    "học bạ số liên thông",
    "quản lý đất đai đa mục tiêu",
    "cảnh báo sớm thiên tai",
    "thanh toán không dùng tiền mặt trong bệnh viện",
    "định danh địa điểm số",
    "phát triển nguồn nhân lực bán dẫn",
    "ươm tạo khởi nghiệp sáng tạo",
    "sàn giao dịch công nghệ",
    "bản đồ số du lịch",
    "hợp tác nghiên cứu với các viện quốc tế",
    "chữ ký số công cộng cho người dân",
    "giám sát an toàn thông tin mạng",
    "quản lý văn bản và hồ sơ điện tử",
    "dịch vụ công trực tuyến toàn trình",
    "phòng thí nghiệm trọng điểm về công nghệ sinh học",
    "doanh nghiệp công nghệ số vươn ra toàn cầu",
    "thương mại điện tử nông thôn",
    "giáo dục STEM trong trường phổ thông",
    "trợ lý ảo ứng dụng trí tuệ nhân tạo",
    "quan trắc tài nguyên nước",
    "lưu trữ tài liệu số",
    "kết nối các trung tâm đổi mới sáng tạo",
    "thu hút chuyên gia người Việt Nam ở nước ngoài",
]
NATIONAL_VERBS = [
    "Xây dựng, ban hành",
    "Xây dựng, trình Thủ tướng Chính phủ ban hành",
    "Nghiên cứu, xây dựng",
]
LOCAL_VERBS = ["Triển khai thực hiện", "Tổ chức triển khai", "Triển khai", "Triển khai áp dụng"]
# A department and the ministry above it: what a localised task's lead becomes.
MINISTRY_OF = {
    "Sở Khoa học và Công nghệ": "Bộ Khoa học và Công nghệ",
    "Sở Tài chính": "Bộ Tài chính",
    "Sở Nội vụ": "Bộ Nội vụ",
    "Sở Giáo dục và Đào tạo": "Bộ Giáo dục và Đào tạo",
    "Sở Y tế": "Bộ Y tế",
    "Sở Xây dựng": "Bộ Xây dựng",
    "Sở Công Thương": "Bộ Công Thương",
    "Sở Nông nghiệp và Môi trường": "Bộ Nông nghiệp và Môi trường",
    "Sở Tư pháp": "Bộ Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch": "Bộ Văn hóa, Thể thao và Du lịch",
    "Công an tỉnh": "Bộ Công an",
}
NATIONAL_PER_GROUP = 8  # tasks in each group of a programme
NATIONAL_SHARE = 0.3  # of the rows of a plan implementing a programme, brought down
NATIONAL_IMPLEMENTED = 0.7  # of plans that implement one of the programmes
NATIONAL_EVERY = 500  # one programme per this many documents (at least one)


@dataclass
class National:
    """Government programmes, and the plan rows that bring their tasks down: the answer
    key for Task IMPLEMENTS Task (graph/task_links.py). Its own random streams: the rest
    of the corpus is what the same seed gives without it."""

    seed: int
    count: int
    key: list[dict] | None = None  # planted links, when the caller wants them
    programmes: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(f"{self.seed}-national")
        pairs = [(k, t) for k in NATIONAL_KINDS for t in NATIONAL_TOPICS]
        for k in range(self.count):
            number, month, day = 100 + k, rng.randint(1, 12), rng.randint(1, 28)
            chosen = rng.sample(pairs, len(NATIONAL_GROUPS) * NATIONAL_PER_GROUP)
            tasks = []
            for i, (kind, topic) in enumerate(chosen):
                lead = MINISTRY_OF[rng.choice(sorted(MINISTRY_OF))]
                tasks.append(
                    {
                        "no": str(i + 1),
                        "group": i // NATIONAL_PER_GROUP,
                        "object": f"{kind} {topic}",
                        "text": f"{rng.choice(NATIONAL_VERBS)} {kind} {topic} quốc gia",
                        "lead": lead,
                        "result": kind,
                    }
                )
            self.programmes.append(
                {
                    "number": number,
                    "year": 2025,
                    "month": month,
                    "day": day,
                    "file": f"n{k:04d}_nq.txt",
                    "tasks": tasks,
                    "cite": f"Nghị quyết số {number}/NQ-CP ngày {day}/{month}/2025 của Chính phủ",
                }
            )

    def programme_of(self, spec: DocSpec) -> dict | None:
        """The programme a plan implements (it cites it), or None."""
        return next((p for p in self.programmes if p["cite"] in spec.implements), None)

    def cite(self, spec: DocSpec) -> None:
        """Some plans implement one programme: the citation joins spec.implements."""
        rng = random.Random(f"{self.seed}-{spec.index}-national")
        if spec.kind == "KH" and rng.random() < NATIONAL_IMPLEMENTED:
            spec.implements.append(rng.choice(self.programmes)["cite"])

    def group_titles(self, spec: DocSpec, count: int) -> list[str] | None:
        prog = self.programme_of(spec)
        if prog is None:
            return None
        rng = random.Random(f"{self.seed}-{spec.index}-groups")
        self._groups = sorted(rng.sample(range(len(NATIONAL_GROUPS)), count))
        return [NATIONAL_GROUPS[g] for g in self._groups]

    def row(self, spec: DocSpec, group: int, no: int, used: set[str]) -> dict | None:
        """A plan row bringing down a task of the programme's group `group` (the plan's
        group index), or None."""
        prog = self.programme_of(spec)
        if prog is None:
            return None
        rng = random.Random(f"{self.seed}-{spec.index}-{no}-national")
        if rng.random() >= NATIONAL_SHARE:
            return None
        pool = [
            t for t in prog["tasks"] if t["group"] == self._groups[group] and t["no"] not in used
        ]
        if not pool:
            return None
        task = rng.choice(pool)
        used.add(task["no"])
        lead = next(s for s, m in MINISTRY_OF.items() if m == task["lead"])
        text = f"{rng.choice(LOCAL_VERBS)} {task['object']} trên địa bàn tỉnh"
        if rng.random() < 0.5:
            text += f", {rng.choice(QUALIFIERS)}"
        if self.key is not None:
            self.key.append(
                {
                    "plan": file_name(spec),
                    "no": str(no),
                    "national": prog["file"],
                    "national_no": task["no"],
                }
            )
        return {"text": text + ".", "lead": lead, "result": f"Văn bản triển khai {task['result']}"}

    def text(self, prog: dict) -> str:
        """The programme as a Nghị quyết with its task table in `|` rows."""
        out = [
            "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n",
            f"Số: {prog['number']}/NQ-CP\n",
            f"Hà Nội, ngày {prog['day']} tháng {prog['month']} năm {prog['year']}\n\n",
            "NGHỊ QUYẾT\nBan hành Chương trình hành động của Chính phủ về chuyển đổi số\n\n",
            "CHÍNH PHỦ\n\nThực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị"
            " về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;\n\n",
            "QUYẾT NGHỊ:\n\nĐiều 1. Ban hành kèm theo Nghị quyết này Danh mục nhiệm vụ.\n\n",
            "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\nNguyễn Văn Minh\n\n",
            "PHỤ LỤC\n\nDANH MỤC NHIỆM VỤ\n\n",
            f"(Kèm theo Nghị quyết số {prog['number']}/NQ-CP ngày {prog['day']} tháng {prog['month']}"
            f" năm {prog['year']} của Chính phủ)\n\n",
            "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành |\n",
            "|---|---|---|---|---|---|\n",
        ]
        roman = ["I", "II", "III", "IV", "V", "VI", "VII"]
        for g, title in enumerate(NATIONAL_GROUPS):
            out.append(f"| {roman[g]}. | {title} | | | | |\n")
            for t in (t for t in prog["tasks"] if t["group"] == g):
                out.append(
                    f"| {t['no']}. | {t['text']}. | {t['lead']} | Các bộ, ngành, địa phương"
                    f" | {t['result']} | 12/2026 |\n"
                )
        return "".join(out)


def file_name(spec: DocSpec) -> str:
    return f"{spec.index:05d}_{spec.kind.lower()}.txt"


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def blanky(lines: list[str], rng: random.Random) -> str:
    """Join lines as PDF extraction does: sometimes a blank line falls inside a cell."""
    out = []
    for i, line in enumerate(lines):
        out.append(line + " ")
        if i < len(lines) - 1 and rng.random() < 0.35:
            out.append("")
    return "\n".join(out)


def task_text(rng: random.Random) -> str:
    parts = [f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
    parts.extend(rng.sample(QUALIFIERS, rng.randint(0, 3)))
    return ", ".join(parts) + "."


def deadline(rng: random.Random, year: int) -> str:
    return rng.choice(DEADLINES).format(y=year, y1=year + 1, y2=year + 2)


def names_of_the_time(cell: str, spec: DocSpec, salt: str) -> str:
    """An agencies cell as a document before the 2025 mergers prints it (OLD_NAMES,
    MERGED_AWAY); unchanged after. Its own random stream: the corpus stays the same seed's.

    >>> spec = DocSpec(0, "KH", 1, 2024, 5, 1, "Gia Lai", [], None)
    >>> names_of_the_time("Sở Dân tộc và Tôn giáo, Sở Y tế", spec, "1")
    'Ban Dân tộc, Sở Y tế'
    """
    if (spec.year, spec.month, spec.day) >= MERGED_ON:
        return cell
    rng = random.Random(f"{spec.index}-{salt}-names")
    names = []
    for name in cell.split(", "):
        if name in OLD_NAMES:
            name = rng.choice(OLD_NAMES[name])
        elif name in MERGED_AWAY and rng.random() < 0.5:
            name = MERGED_AWAY[name]
        names.append(name)
    return ", ".join(names)


def agencies_cell(rng: random.Random, k: int) -> str:
    pool = DEPARTMENTS + COLLECTIVES
    return ", ".join(rng.sample(pool, k))


def plan_text(
    spec: DocSpec,
    rng: random.Random,
    truth: list[dict] | None = None,
    planter: Planter | None = None,
    national: National | None = None,
) -> str:
    """The plan's text; when `truth` is given, each table row's true cells are appended.
    With `national`, a plan implementing a programme takes its group headings and brings
    some of its tasks down (National.row)."""
    y = spec.year
    out: list[str] = []
    out.append(f"ỦY BAN NHÂN DÂN\nTỈNH {spec.province.upper()}\n")
    out.append(f"Số: {spec.number}/KH-UBND\n")
    out.append(f"{spec.province}, ngày {spec.day} tháng {spec.month} năm {y}\n\n")
    out.append("KẾ HOẠCH \n")
    title = f"Triển khai chuyển đổi số và phát triển khoa học, công nghệ năm {y} trên địa bàn tỉnh {spec.province}"
    out.append("\n".join(wrap(title, 70)) + "\n\n")
    for ref in spec.implements:
        out.append(
            f"Thực hiện {ref} về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo\nvà chuyển đổi số quốc gia; \n\n"
        )
    out.append(f"UBND tỉnh ban hành Kế hoạch triển khai thực hiện năm {y}, cụ thể như sau: \n")
    out.append("I. MỤC TIÊU \n\n1. Mục tiêu chung \n\n")
    out.append("- " + "\n".join(wrap(task_text(rng), 78)) + " \n\n")
    out.append("II. NHIỆM VỤ VÀ GIẢI PHÁP \n\n")
    groups = rng.randint(2, 5)
    letters = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    group_titles = []
    for g in range(1, groups + 1):
        gt = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        group_titles.append(gt)
        out.append(f"{g}. {gt} \n\n")
        for letter in letters[: rng.randint(1, 4)]:
            out.append(f"{letter}) " + "\n".join(wrap(task_text(rng), 78)) + " \n\n")
    national_titles = national.group_titles(spec, groups) if national else None
    if national_titles:
        group_titles = national_titles
    used: set[str] = set()
    out.append("III. TỔ CHỨC THỰC HIỆN \n\n")
    out.append(
        "1. Các sở, ban, ngành và UBND các địa phương có trách nhiệm triển khai\nthực hiện Kế hoạch này. \n\n"
    )
    if spec.supersedes:
        out.append(f"Kế hoạch này thay thế {spec.supersedes} của UBND tỉnh./. \n\n")
    out.append("Nơi nhận: \n- Thường trực Tỉnh ủy; \n- Các sở, ban, ngành; \n- Lưu: VT. \n\n")
    out.append("TM. ỦY BAN NHÂN DÂN \nCHỦ TỊCH \n\n\n\nNguyễn Văn An \n\n")
    out.append(
        " Phụ lục \n\n(Kèm theo Kế hoạch số          /KH-UBND ngày       /      /"
        + str(y)
        + " của UBND tỉnh) \n\n"
    )
    out.append(HEADER + "\n")
    rows = rng.randint(20, 110)
    per_group = max(1, rows // groups)
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    no = 0
    lines_on_page = 0
    for g in range(groups):
        out.append(f"{roman[g]} \n\n{group_titles[g]} \n\n")
        count = per_group if g < groups - 1 else rows - per_group * (groups - 1)
        for _ in range(count):
            no += 1
            text = task_text(rng)
            text_lines = wrap(text, 50)
            lead_cell = agencies_cell(rng, 1 if rng.random() < 0.85 else 2)
            specific = planter.row_text(spec, no, lead_cell, text) if planter else None
            if specific:
                text, text_lines = specific, wrap(specific, 50)
            brought = national.row(spec, g, no, used) if national_titles and not specific else None
            if brought:  # a national task brought down: its text, its ministry's department
                text, text_lines = brought["text"], wrap(brought["text"], 50)
                lead_cell, specific = brought["lead"], brought["text"]
            coord_cell = agencies_cell(rng, rng.randint(1, 3)) if rng.random() < 0.9 else ""
            if not specific:  # a planted row keeps its lead: its restatement names it so
                lead_cell = names_of_the_time(lead_cell, spec, f"{no}-lead")
            coord_cell = names_of_the_time(coord_cell, spec, f"{no}-coordinate")
            result_cell = rng.choice(RESULTS)
            if brought:
                result_cell = brought["result"]
            deadline_cell = deadline(rng, y)
            lead = wrap(lead_cell, 12)
            coord = wrap(coord_cell, 17) if coord_cell else []
            result = wrap(result_cell, 20)
            dl = wrap(deadline_cell, 12)
            if truth is not None:
                truth.append(
                    {
                        "group": f"{roman[g]}. {group_titles[g]}",
                        "no": str(no),
                        "text": text,
                        "lead": lead_cell,
                        "coordinate": coord_cell,
                        "result": result_cell,
                        "deadline": deadline_cell,
                    }
                )
            cell = [f"{no} ", "", blanky(text_lines, rng), ""]
            # Page break inside the task text of roughly one row in eight.
            if lines_on_page > 40 and len(text_lines) > 2:
                split = len(text_lines) // 2
                cell[2] = (
                    blanky(text_lines[:split], rng)
                    + "\n"
                    + HEADER
                    + "\n"
                    + blanky(text_lines[split:], rng)
                )
                lines_on_page = 0
            cell.append(blanky(lead, rng))
            cell.append("")
            if coord:
                cell.append(blanky(coord, rng))
            else:
                cell.append("  ")
            cell.append("")
            cell.append(blanky(result, rng))
            cell.append("")
            cell.append(blanky(dl, rng))
            cell.append("")
            block = "\n".join(cell)
            lines_on_page += block.count("\n")
            out.append(block + "\n")
    return "".join(out)


def notice_text(spec: DocSpec, rng: random.Random, planter: Planter | None = None) -> str:
    y = spec.year
    # The issuer's header, as a plan's: who speaks (and whose Sở Tài chính is meant).
    out = [f"ỦY BAN NHÂN DÂN\nTỈNH {spec.province.upper()}\n\n THÔNG BÁO \n"]
    out.append(
        f"Ý kiến kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số \nnăm {y} \n\n"
    )
    out.append(
        f"Ngày {spec.day}/{spec.month}/{y}, tại Trụ sở UBND tỉnh, Chủ tịch UBND tỉnh chủ trì cuộc họp \n"
        "nghe báo cáo tình hình triển khai các nhiệm vụ. Chủ tịch UBND tỉnh kết luận như sau: \n\n"
    )
    departments = rng.sample(DEPARTMENTS, rng.randint(3, 7))
    planted = planter.restatement(spec, departments) if planter else None
    for i, dep in enumerate(departments, start=1):
        restated = planted and planted["lead"] == dep
        named = dep if restated else names_of_the_time(dep, spec, f"{i}-lead")
        out.append(f"{i}. Giao {named}: \n\n")
        if restated:
            out.append("- " + "\n".join(wrap(planted["text"], 78)) + " \n\n")
        for _ in range(rng.randint(1, 4)):
            text = task_text(rng)
            if spec.implements and rng.random() < 0.3:
                text = text[:-1] + f" theo {spec.implements[0]}."
            if rng.random() < 0.5:
                text = text[:-1] + f"; hoàn thành trong tháng {rng.randint(1, 12)}/{y}."
            if rng.random() < 0.3:
                other = names_of_the_time(rng.choice(DEPARTMENTS), spec, f"{i}-other")
                text = f"Chủ trì, phối hợp với {other} " + text[0].lower() + text[1:]
            out.append("- " + "\n".join(wrap(text, 78)) + " \n\n")
    out.append("UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./. \n\n")
    out.append(
        "Nơi nhận: \n- CT, các PCT UBND tỉnh; \n- Lưu: VT. \n\nTL. CHỦ TỊCH \nCHÁNH VĂN PHÒNG \n\n\n\nTrần Thị Bình \n"
    )
    return "".join(out)


def make_specs(n: int, rng: random.Random) -> list[DocSpec]:
    specs: list[DocSpec] = []
    plans: dict[str, list[DocSpec]] = defaultdict(list)  # numbering series -> its plans
    central = [
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ",
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
    ]
    serials: Counter[tuple[str, int]] = Counter()  # (numbering series, year) -> last number
    for i in range(n):
        kind = "KH" if rng.random() < 0.4 else "TB"
        year = rng.choice([2024, 2025, 2026])
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        province = rng.choice(PROVINCES)
        series = "home" if province in HOME_PLACES else province
        if kind == "KH":
            serials[(series, year)] += 1
        spec = DocSpec(
            index=i,
            kind=kind,
            number=serials[(series, year)],
            year=year,
            month=month,
            day=day,
            province=province,
            implements=[],
            supersedes=None,
        )
        spec.implements.append(rng.choice(central))
        own = plans[series]
        if own and rng.random() < 0.5:
            base = rng.choice(own[-50:])
            cite = f"Kế hoạch số {base.number}/KH-UBND ngày {base.day}/{base.month}/{base.year} của UBND tỉnh"
            if kind == "KH" and rng.random() < 0.3 and base.year <= year:
                spec.supersedes = cite
            else:
                spec.implements.append(cite)
        if kind == "KH":
            own.append(spec)
        specs.append(spec)
    return specs


def make_corpus(
    n: int,
    seed: int,
    out: Path,
    truth: dict[str, list[dict]] | None = None,
    restatements: list[dict] | None = None,
    task_links: list[dict] | None = None,
) -> list[Path]:
    """Write n documents into out/; returns their paths. Deterministic in (n, seed).

    When `truth` is a dict, it receives each plan's table rows as generated (file name ->
    rows with no, text, lead, coordinate, result, deadline): the answer key for the loader.
    When `restatements` is a list, it receives each planted restatement: the notice that
    restates (`later`), the plan and row restated (`earlier`, `no`), `lead` and `subject`.
    When `task_links` is a list, the corpus gains Government programmes (one per
    NATIONAL_EVERY documents) that some plans implement, and the list receives each
    planted task link: `plan`, `no` -> `national`, `national_no`.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    planter = Planter(seed, restatements)
    national = (
        National(seed, max(1, n // NATIONAL_EVERY), task_links) if task_links is not None else None
    )
    paths = []
    if national:
        for prog in national.programmes:
            path = out / prog["file"]
            path.write_text(national.text(prog), encoding="utf-8")
            paths.append(path)
    for spec in make_specs(n, rng):
        if national:
            national.cite(spec)
        doc_rng = random.Random(f"{seed}-{spec.index}")
        rows: list[dict] = []
        if spec.kind == "KH":
            text = plan_text(spec, doc_rng, rows, planter, national)
        else:
            text = notice_text(spec, doc_rng, planter)
        path = out / file_name(spec)
        path.write_text(text, encoding="utf-8")
        if truth is not None and rows:
            truth[path.name] = rows
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--national", action="store_true", help="add Government programmes above the plans"
    )
    args = parser.parse_args()
    out = args.out or Path("bench/corpora") / f"{args.docs}-{args.seed}"
    paths = make_corpus(args.docs, args.seed, out, task_links=[] if args.national else None)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
