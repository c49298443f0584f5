"""Each finding of issue 22's audit, reproduced through the command line only.

These tests drive the `obligraph` executable as a user does and look only at exit codes,
output and files, so the same module runs against any version: `OBLIGRAPH_BIN=/path/to/
an/older/obligraph pytest tests/test_issue22_findings.py` shows which findings that
version still has (the closing note of issue 22 lists the run against the code before).
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
OBLIGRAPH = os.environ.get("OBLIGRAPH_BIN") or str(Path(sys.executable).parent / "obligraph")
TRIALS = int(os.environ.get("OBLIGRAPH_FINDING_TRIALS", "2"))


def _two_gigabytes() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(*args: object, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [OBLIGRAPH, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"obligraph {' '.join(map(str, args))}: still running after {timeout} s")


def one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr[-400:])
    assert result.stderr.startswith("obligraph: ") and result.stderr.count("\n") == 1, (
        result.stderr[-600:]
    )
    for word in words:
        assert word in result.stderr, result.stderr


def corpus(folder: Path, rename: dict[str, str] | None = None, drop: str = "") -> Path:
    folder.mkdir(parents=True)
    for seed in SEEDS:
        if drop and seed.name.startswith(drop):
            continue
        shutil.copy(seed, folder / (rename or {}).get(seed.name[:3], seed.name))
    return folder


def graph_json_counts(store: Path) -> Counter | None:
    """Nodes by label and edges by type in graph.json, None when it is not JSON."""
    try:
        data = json.loads((store / "graph.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    counts = Counter(n["label"] for n in data["nodes"])
    counts.update(e["type"] for e in data["edges"])
    return counts


def cypher_count(store: Path, pattern: str) -> tuple[int, int | None]:
    result = run("cypher", f"{pattern} RETURN count(*) AS n", "--store", store, "--json")
    if result.returncode:
        return result.returncode, None
    return 0, json.loads(result.stdout)[0]["n"]


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("findings") / "store"
    built = run("build", ROOT / "data" / "raw", "--store", store)
    assert built.returncode == 0, built.stderr
    return store


# ---------------------------------------------------------------- 1. CSV quoting


def _database_matches_graph_json(store: Path) -> None:
    counts = graph_json_counts(store)
    assert counts is not None
    for rel in ("ASSIGNED_TO", "CITES", "ASSIGNS"):
        code, n = cypher_count(store, f"MATCH ()-[r:{rel}]->()")
        assert (code, n) == (0, counts[rel]), rel


def test_1_comma_in_a_file_name(tmp_path) -> None:
    folder = corpus(tmp_path / "in", {"004": "004_tb, bản sao.txt", "000": "000_tb, bản.txt"})
    store = tmp_path / "store"
    built = run("build", folder, "--store", store)
    assert built.returncode == 0, built.stderr
    _database_matches_graph_json(store)


def _notice_citing(plans: int) -> str:
    lines = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH GIA LAI",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp ngày 05/7/2025",
        "Ngày 05/7/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp. Kết luận như sau:",
        "1. Giao Sở Tài chính, Sở Nội vụ:",
    ]
    # Rows of the CSV sort by cited id ("doc:1-…", "doc:10-…", "doc:100-…"): the first
    # 333 (numbers starting 1-3) hold no comma, the rest do, past the engine's sniffing.
    for i in range(1, plans + 1):
        done = ", báo cáo trước ngày 30/9/2025" if str(i)[0] in "456789" else ""
        lines.append(
            f"- Rà soát kết quả thực hiện Kế hoạch số {i}/KH-UBND ngày "
            f"{1 + i % 28}/{1 + i % 12}/2024 của UBND tỉnh{done}."
        )
    return "\n".join(lines) + "\n"


def test_1_notice_citing_500_plans(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "215_tb.txt").write_text(_notice_citing(520), encoding="utf-8")
    store = tmp_path / "store"
    built = run("build", folder, "--store", store)
    assert built.returncode == 0, built.stderr
    _database_matches_graph_json(store)


# ---------------------------------------------------------------- 2. atomic, locked builds


def _reader_outcome(store: Path, complete: dict[int, str]) -> str:
    """'refused' (exit 1, one line), 'complete A/B', or 'wrong' (an answer that matches
    no complete store, or Cypher answering while graph.json is damaged)."""
    code, tasks = cypher_count(store, "MATCH (t:Task)")
    counts = graph_json_counts(store)
    sheet = run("viz", "--store", store, "--out", store.parent / "page.html")
    if code and sheet.returncode:
        return "refused"
    if code == 0 and counts is not None and counts["Task"] == tasks and tasks in complete:
        return f"complete {complete[tasks]}"
    if code and counts is None:
        return "refused"
    return "wrong"


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory) -> tuple[Path, Path, dict[int, str]]:
    base = tmp_path_factory.mktemp("two")
    a, b = corpus(base / "A"), corpus(base / "B", drop="003")
    complete = {}
    for name, folder in (("A", a), ("B", b)):
        store = base / f"store-{name}"
        assert run("build", folder, "--store", store).returncode == 0
        complete[cypher_count(store, "MATCH (t:Task)")[1]] = name
    assert len(complete) == 2
    return a, b, complete


def test_2_kill_9_mid_build(two_corpora, tmp_path) -> None:
    a, b, complete = two_corpora
    store = tmp_path / "store"
    assert run("build", a, "--store", store).returncode == 0
    started = time.perf_counter()
    assert run("build", b, "--store", store, "--no-cache").returncode == 0
    build_s = time.perf_counter() - started
    rng = random.Random(2222)
    outcomes = Counter()
    for trial in range(TRIALS):
        proc = subprocess.Popen(
            [OBLIGRAPH, "build", str((a, b)[trial % 2]), "--store", str(store), "--no-cache"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, build_s * 1.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        outcomes[_reader_outcome(store, complete)] += 1
    print(f"\nkill -9 trials with {OBLIGRAPH}: {dict(outcomes)}")
    assert outcomes["wrong"] == 0


def test_2_concurrent_builds(two_corpora, tmp_path) -> None:
    a, b, complete = two_corpora
    store = tmp_path / "store"
    outcomes = Counter()
    for _ in range(TRIALS):
        procs = [
            subprocess.Popen(
                [OBLIGRAPH, "build", str(folder), "--store", str(store), "--no-cache"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder in (a, b)
        ]
        for p in procs:
            err = p.communicate(timeout=300)[1]
            if p.returncode:
                ok = err.count("\n") == 1 and "Traceback" not in err
                outcomes["refused in one line" if ok else "traceback"] += 1
        outcomes[_reader_outcome(store, complete)] += 1
    print(f"\nconcurrent trials with {OBLIGRAPH}: {dict(outcomes)}")
    assert outcomes["wrong"] == outcomes["traceback"] == 0


# ---------------------------------------------------------------- 3. Cypher


def test_3_checkpoint_does_not_lock_reads_out(seeds_store) -> None:
    run("cypher", "CHECKPOINT", "--store", seeds_store)
    assert cypher_count(seeds_store, "MATCH (t:Task)")[0] == 0
    assert run("schema-questions", "--store", seeds_store).returncode == 0
    assert sorted(p.name for p in (seeds_store / "ladybug").iterdir()) == ["graph.lbug"]


@pytest.mark.parametrize("function", ["READ_CSV_SERIAL", "READ_PARQUET", "READ_NPY"])
def test_3_table_functions_refused_in_one_line(seeds_store, function) -> None:
    """The engine crashed on these (exit 139) after reading the file: refused before it."""
    query = f"CALL {function}('/etc/passwd') RETURN *"
    one_line(run("cypher", query, "--store", seeds_store), "CALL is not allowed")


def test_8_unset_parameter_is_an_error(seeds_store) -> None:
    one_line(run("cypher", "RETURN $n AS n", "--store", seeds_store), "$n")


def test_3_reserved_word_says_how_to_quote(seeds_store) -> None:
    one_line(run("cypher", "MATCH (t:Task) RETURN t.group", "--store", seeds_store), "t.`group`")


def test_8_write_is_said_to_stay_out_of_graph_json(seeds_store) -> None:
    result = run(
        "cypher", "MATCH (d:Document) SET d.title = d.title", "--write", "--store", seeds_store
    )
    assert result.returncode == 0, result.stderr
    assert "next build discards it" in result.stderr
    assert cypher_count(seeds_store, "MATCH (t:Task)")[0] == 0


# ---------------------------------------------------------------- 6. bounded inputs


def test_6_dev_zero(tmp_path) -> None:
    # 2 GB of address space at most: a version that reads /dev/zero fails, not the machine
    one_line(run("load", "/dev/zero", timeout=30, preexec_fn=_two_gigabytes), "/dev/zero")


def test_6_named_pipe_without_writer(tmp_path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    env = {**os.environ, "OBLIGRAPH_READ_TIMEOUT": "2"}
    one_line(run("load", fifo, timeout=30, env=env), str(fifo))


def test_6_build_from_process_substitution(tmp_path) -> None:
    script = f'"{OBLIGRAPH}" build <(cat "{SEEDS[-1]}") --store "{tmp_path / "store"}"'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- 7. one line


def test_7_mixed_list_parameter(seeds_store) -> None:
    one_line(run("cypher", "RETURN $n", "--param", 'n:=[1,"a",null]', "--store", seeds_store))


def test_7_viz_out_folder(seeds_store, tmp_path) -> None:
    one_line(run("viz", "--store", seeds_store, "--out", tmp_path), str(tmp_path))


def test_7_viz_out_dev_full(seeds_store) -> None:
    one_line(run("viz", "--store", seeds_store, "--out", "/dev/full"), "/dev/full")


def test_7_sheet_out_file(seeds_store, tmp_path) -> None:
    (tmp_path / "f").write_text("x")
    one_line(run("sheet", "--all", "--store", seeds_store, "--out", tmp_path / "f"))


def test_7_build_store_file(tmp_path) -> None:
    (tmp_path / "f").write_text("x")
    one_line(run("build", SEEDS[-1], "--store", tmp_path / "f"), str(tmp_path / "f"))


def test_7_cp1258_file_names(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), "Thông báo ông Đàm.txt".encode("cp1258"))
    with open(name, "wb") as out:
        out.write(SEEDS[-1].read_bytes())
    assert run("load", folder).returncode == 0
    built = run("build", folder, "--store", tmp_path / "store")
    assert built.returncode == 0, built.stderr[-500:]


def test_7_sheet_file_name_of_a_434_character_heading() -> None:
    """The audit's unresolved agency heading of 434 characters: `sheet --all` stopped midway
    (file name too long). The name the sheet gets, asked of the version under test."""
    python = str(Path(OBLIGRAPH).parent / "python")
    heading = "unresolved:" + "-".join(["so-khoa-hoc-va-cong-nghe-chu-tri-phoi-hop"] * 11)[:423]
    code = (
        "import sys; from obligraph.viz.sheets import sheet_file_name; "
        "print(len(sheet_file_name(sys.argv[1], 'xlsx').encode()))"
    )
    result = subprocess.run(
        [python, "-c", code, heading], capture_output=True, text=True, timeout=60, cwd="/"
    )
    assert len(heading) == 434 and result.returncode == 0, result.stderr
    assert int(result.stdout) <= 255
