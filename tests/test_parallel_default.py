"""`build` and `load` in several processes give the same bytes as in one.

Parallel is the default (obligraph/jobs.py: one process per core, one for a small input),
so the pool's output must not differ from one process's in any byte: graph.json of a
build and the JSON of `load`, on the seeds and on a small synthetic corpus whose 40
documents really go through the pool.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from obligraph.jobs import SMALL_INPUT_BYTES, available_cores, default_jobs, jobs_for

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw"
CLI = str(Path(sys.executable).parent / "obligraph")

sys.path.insert(0, str(ROOT / "bench"))
from make_corpus import make_corpus  # noqa: E402


def _run(*args: str) -> bytes:
    done = subprocess.run([CLI, "-q", *args], capture_output=True, check=True)
    return done.stdout


def _build(corpus: Path, store: Path, jobs: int) -> bytes:
    _run("build", str(corpus), "--store", str(store), "--no-cache", "--jobs", str(jobs))
    return (store / "graph.json").read_bytes()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(40, 3, folder)
    return folder


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_build_and_load_same_bytes_in_two_processes(corpus, synthetic, tmp_path):
    folder = SEEDS if corpus == "seeds" else synthetic
    one = _build(folder, tmp_path / "one", 1)
    two = _build(folder, tmp_path / "two", 2)
    assert one == two
    assert b'"Task"' in one  # a real graph, not two empty ones
    load_one = _run("load", str(folder), "--json", "--jobs", "1")
    load_two = _run("load", str(folder), "--json", "--jobs", "2")
    assert load_one == load_two


def test_default_jobs_rule(synthetic):
    files = sorted(synthetic.iterdir())
    assert sum(f.stat().st_size for f in files) >= SMALL_INPUT_BYTES
    # The synthetic corpus is big enough for the pool: a process per core (up to 40).
    assert jobs_for([synthetic], None) == min(available_cores(), len(files))
    # The seeds (4 files, 122 KB) load in one process; --jobs wins over the rule.
    assert jobs_for([SEEDS], None) == 1
    assert jobs_for([SEEDS], 3) == 3
    assert default_jobs(files[:1]) == 1  # one file: no pool, however large
