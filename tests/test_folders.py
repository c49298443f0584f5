"""Folders: searched recursively; every file loaded or listed with why not; one bad file
never stops the rest; `build` and `load` say how many of each format they read."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from obligraph.cli import app
from obligraph.errors import InputError
from obligraph.loaders.pipeline import FileLog, load_paths

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw"
NOTICE = "000_6a0873ae99d3cd7d.txt"


def make_folder(root: Path) -> Path:
    """A folder as an analyst keeps one: documents in sub-folders, and things that are not."""
    (root / "2026" / "quy1").mkdir(parents=True)
    (root / "2026" / "quy1" / NOTICE).write_bytes((SEEDS / NOTICE).read_bytes())
    d = docx.Document()
    for text in ("UBND TỈNH LÂM ĐỒNG", "Số:   /KH-UBND", "KẾ HOẠCH", "Kiểm tra công vụ năm 2026"):
        d.add_paragraph(text)
    d.add_paragraph("1. Sở Nội vụ chủ trì kiểm tra công vụ, hoàn thành trong Quý II/2026.")
    d.save(str(root / "2026" / "plan.docx"))
    (root / "README.md").write_text("# Hồ sơ\nCác văn bản của phòng.\n", encoding="utf-8")
    (root / "MANIFEST.tsv").write_text("file\tnumber\n", encoding="utf-8")
    (root / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "note.txt").write_text("Ghi chú họp tổ.\nMai gửi lại bảng.\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: main\n")
    return root


def test_folder_loads_recursively_and_reports_the_rest(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "hoso")
    log = FileLog()
    loaded = load_paths([folder], log=log)
    assert sorted(d.document.source for d in loaded) == [NOTICE, "plan.docx"]
    assert dict(log.formats) == {"docx": 1, "text": 1}
    skipped = {Path(f).name: why for f, why in log.skipped}
    assert skipped == {
        "MANIFEST.tsv": "not an administrative document (a README, manifest or data file)",
        "README.md": "not an administrative document (a README, manifest or data file)",
        "scan.png": "unsupported type .png",
        "note.txt": "not an administrative document (no kind, number or issuer in its text)",
    }
    assert [(Path(f).name, why.split(" (")[0]) for f, why in log.failed] == [
        ("broken.docx", "not a readable DOCX file")
    ]


def test_without_a_log_the_first_failure_raises(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "hoso")
    with pytest.raises(InputError, match="broken.docx: not a readable DOCX"):
        load_paths([folder])


def test_a_file_named_directly_is_always_loaded(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Ghi chú họp tổ.\n", encoding="utf-8")
    (loaded,) = load_paths([note], log=FileLog())
    assert loaded.document.source == "note.txt"


def test_build_prints_formats_and_failures(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "hoso")
    result = CliRunner().invoke(app, ["build", str(folder), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1, result.output  # some files could not be read
    out = result.output
    assert "Traceback" not in out
    assert "files read: 2 (1 docx, 1 text)" in out
    assert "files skipped: 4" in out
    assert "files could not read: 1" in out
    assert "broken.docx: not a readable DOCX file" in out
    assert (tmp_path / "store" / "graph.json").exists()  # built from the rest


def test_load_json_lists_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "hoso")
    result = CliRunner().invoke(app, ["load", str(folder), "--json"])
    report = json.loads(result.stdout)
    assert report["files"]["read"] == {"docx": 1, "text": 1}
    assert len(report["files"]["failed"]) == 1
    assert result.stderr.startswith("obligraph: ")  # the failed file, one line on stderr
