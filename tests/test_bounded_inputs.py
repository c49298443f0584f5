"""Bounded inputs (issue 22): no file makes obligraph read without end or wait for ever.

`load /dev/zero` read until the kernel killed it at 24 GB (the size limit trusted the
reported size, 0 for devices and pipes); a named pipe with no writer hung; `build <(cmd)`
said "file is empty" (the cache had read the pipe first). Each runs here under a timeout.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from obligraph.errors import InputError
from obligraph.loaders.text import read_bounded, read_source

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "data" / "raw").glob("004_*.txt"))
OBLIGRAPH = str(Path(sys.executable).parent / "obligraph")


def _two_gigabytes() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [OBLIGRAPH, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kwargs
    )


def test_dev_zero_is_refused_at_once() -> None:
    result = run("load", "/dev/zero", timeout=20, preexec_fn=_two_gigabytes)
    assert result.returncode == 1
    assert result.stderr == "obligraph: /dev/zero: is a device or socket, not a document file\n"


def test_named_pipe_without_writer_times_out(tmp_path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    env = {**os.environ, "OBLIGRAPH_READ_TIMEOUT": "1"}
    result = run("load", fifo, timeout=20, env=env)
    assert result.returncode == 1
    assert result.stderr == f"obligraph: {fifo}: pipe gave no data for 1 s (no writer?)\n"


def test_build_from_process_substitution(tmp_path) -> None:
    """`obligraph build <(cat seed)`: the pipe is read once, by the loader."""
    store = tmp_path / "store"
    script = f'"{OBLIGRAPH}" build <(cat "{SEED}") --store "{store}"'
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "documents: " in result.stdout


def test_the_limit_counts_bytes_read(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    assert len(read_bounded(path, limit=2000)) == 2000
    with pytest.raises(InputError, match="over the 1999 byte limit"):
        read_bounded(path, limit=1999)


def test_proc_file_reports_size_zero_but_is_read() -> None:
    """/proc files report st_size 0: the bytes are counted as read, not trusted from stat."""
    data = read_bounded("/proc/self/status", limit=1 << 20)
    assert b"Name:" in data


def test_cp1258_file_names_load_and_build(tmp_path) -> None:
    """A Windows file name (cp1258 bytes, not UTF-8) names its records readably."""
    folder = tmp_path / "in"
    folder.mkdir()
    raw_name = "Thông báo ông Đàm.txt".encode("cp1258")
    target = os.path.join(os.fsencode(folder), raw_name)
    with open(target, "wb") as out:
        out.write(SEED.read_bytes())
    src = read_source(os.fsdecode(target))
    assert src.name == "Thông báo ông Đàm.txt"
    loaded = run("load", folder, "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert "Thông báo ông Đàm.txt" in loaded.stdout
    built = run("build", folder, "--store", tmp_path / "store")
    assert built.returncode == 0, built.stderr
