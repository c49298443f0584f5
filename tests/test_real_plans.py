"""Task tables of real plans as they really come (../shared/corpus), read through the
readers' stated tables and the shared interpretation (loaders/tables/).

Expected cells below were read off the corpus text by hand (the line is given for each
row); they are not copied from the loader's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from obligraph.loaders.pipeline import load_file
from obligraph.loaders.records import LoadedDocument, Task

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
NQ03 = CORPUS / "lineage" / "nq03.txt"

needs_corpus = pytest.mark.skipif(
    not NQ03.exists(), reason="../shared/corpus is absent (real documents beside the clone)"
)


def leads(task: Task) -> list[str]:
    return [a.agency for a in task.assignments if a.role == "lead"]


def coordinators(task: Task) -> list[str]:
    return [a.agency for a in task.assignments if a.role == "coordinate"]


@pytest.fixture(scope="module")
def nq03() -> LoadedDocument:
    return load_file(NQ03)


@needs_corpus
def test_nq03_identity(nq03: LoadedDocument) -> None:
    d = nq03.document
    assert (d.number, d.kind_code, d.issuer, d.issued) == (
        "03/NQ-CP",
        "NQ",
        "Chính phủ",
        date(2025, 1, 9),
    )


@needs_corpus
def test_nq03_has_140_tasks_in_seven_groups(nq03: LoadedDocument) -> None:
    tasks = [t for t in nq03.tasks if t.origin == "appendix"]
    assert [t.no for t in tasks] == [str(n) for n in range(1, 141)]
    assert [t.id for t in tasks][:2] == ["doc:03-nq-cp-2025/task/1", "doc:03-nq-cp-2025/task/2"]
    by_group: dict[str, list[int]] = {}
    for t in tasks:
        by_group.setdefault((t.group or "").split(".")[0], []).append(int(t.no))
    # Roman group rows at lines 387, 401, 431, 466, 479, 510, 527
    assert {g: (min(n), max(n), len(n)) for g, n in by_group.items()} == {
        "I": (1, 13, 13),
        "II": (14, 42, 29),
        "III": (43, 76, 34),
        "IV": (77, 88, 12),
        "V": (89, 116, 28),
        "VI": (117, 131, 15),
        "VII": (132, 140, 9),
    }
    assert all(leads(t) for t in tasks), "every NQ 03 row names its lead"


# no: (leads, coordinators, result, deadline as printed) — read off nq03.txt
NQ03_ROWS = {
    "2": (
        ["VTV", "VOV", "TTXVN", "các địa phương"],
        ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"],
        "Chương trình",
        "Thường xuyên",
    ),
    "5": (["Bộ Nội vụ"], ["Các bộ, ngành, địa phương"], "Đề án", "6/2025"),
    "6": (["Các bộ, ngành, địa phương"], [], "Kế hoạch công tác", "Thường xuyên"),
    "7": (
        ["Các bộ, ngành, địa phương"],
        [],
        "Kế hoạch của các bộ, ngành, địa phương",
        "01/2025",
    ),
    # two leads with no separator between them (line 395)
    "8": (
        ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"],
        [],
        "Văn bản hướng dẫn",
        "03/2025",
    ),
    # "Các bộ, ngành và địa phương" is one collective
    "15": (
        ["Bộ Khoa học và Công nghệ"],
        ["Các bộ, ngành và địa phương"],
        "Luật của Quốc hội",
        "2025",
    ),
    "16": (
        ["Bộ Khoa học và Công nghệ"],
        ["Các bộ, ngành và địa phương"],
        "Luật của Quốc hội",
        "Tháng 10/2025",
    ),
    "20": (["Bộ Nội vụ"], ["Các bộ, ngành, địa phương"], "Luật của Quốc hội", "2/2025"),
    "27": (
        ["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông"],
        ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"],
        "Nghị định của Chính phủ",
        "2026",
    ),
    "29": (["Bộ Công an"], ["Các bộ, ngành có liên quan"], "Nghị định của Chính phủ", "7/2025"),
    "31": (["Bộ Giáo dục và Đào tạo"], ["Bộ Nội vụ"], "Nghị định của Chính phủ", "2027"),
    "75": (["Bộ Công an"], [], "Quyết định của Thủ tướng Chính phủ", "3/2025"),
    "105": (
        ["Bộ Thông tin và Truyền thông"],
        [],
        "Quyết định của Thủ tướng Chính phủ",
        "2026",
    ),
    "133": (["Bộ Ngoại giao"], [], "Chương trình/Kế hoạch được phê duyệt", "2025"),
}


@needs_corpus
@pytest.mark.parametrize("no", sorted(NQ03_ROWS, key=int))
def test_nq03_rows_cell_by_cell(nq03: LoadedDocument, no: str) -> None:
    task = next(t for t in nq03.tasks if t.no == no)
    lead, coordinate, result, deadline = NQ03_ROWS[no]
    assert (leads(task), coordinators(task), task.result, task.deadline_text) == (
        lead,
        coordinate,
        result,
        deadline,
    )


@needs_corpus
def test_nq03_group_row_with_a_fragment_cut_by_the_page(nq03: LoadedDocument) -> None:
    """Line 466: the group row IV carries "năm tiếp theo", the end of row 76's deadline."""
    row76 = next(t for t in nq03.tasks if t.no == "76")
    assert row76.deadline_text is not None and row76.deadline_text.endswith("năm tiếp theo")
    assert any("line 466" in w for w in row76.warnings)
    assert next(t for t in nq03.tasks if t.no == "77").group.startswith("IV. Phát triển")


@needs_corpus
def test_nq03_indicators(nq03: LoadedDocument) -> None:
    """Phụ lục I: 41 numbered indicators; 11 is a heading over 11.1-11.12, 23 has 23.1-23.4."""
    numbers = [i.no for i in nq03.indicators]
    top = [n for n in numbers if "." not in n]
    assert top == [str(n) for n in range(1, 42) if n != 11]
    assert [n for n in numbers if n.startswith("11.")] == [f"11.{k}" for k in range(1, 13)]
    first = nq03.indicators[0]
    assert (first.unit, first.horizon, [m.agency for m in first.monitors]) == (
        "Thứ bậc",
        2030,
        ["Bộ Khoa học và Công nghệ"],
    )
