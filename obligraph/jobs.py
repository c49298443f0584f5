"""How many processes `build` and `load` use when --jobs does not say: as many as cores.

Documents load independently, so a folder loads in one process per core; the records
come back in input order, so the graph and the report are the same bytes as with one
process (tests/test_parallel_default.py). A pool is not free: starting it (fork) and
sending the records back cost about 0.1 s on the 2-core machine, about what loading 50 KB
of text takes, so a small input loads in one process, and never in more processes than
it has files.

>>> from pathlib import Path
>>> default_jobs([Path("a.txt")], total_bytes=10_000_000, cores=8)
1
>>> default_jobs([Path("a.txt"), Path("b.txt")], total_bytes=100_000, cores=8)
1
>>> default_jobs([Path(f"{i}.txt") for i in range(40)], total_bytes=2_000_000, cores=8)
8
>>> default_jobs([Path(f"{i}.txt") for i in range(3)], total_bytes=2_000_000, cores=8)
3
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# Below this much input, one process: the seeds (4 files, 122 KB, of which one plan of
# 90 KB takes most of the time whatever the pool) load no faster in two (measured:
# 1.2-1.8 s either way on the loaded machine, an empty pool 0.1 s).
SMALL_INPUT_BYTES = 256 * 1024


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit counts)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def default_jobs(
    files: list[Path], total_bytes: int | None = None, cores: int | None = None
) -> int:
    """Processes for loading `files`: one per core, at most one per file, one for a
    small input (SMALL_INPUT_BYTES)."""
    if total_bytes is None:
        total_bytes = sum(_size(f) for f in files)
    available = cores if cores is not None else available_cores()
    if len(files) < 2 or total_bytes < SMALL_INPUT_BYTES:
        return 1
    return max(1, min(available, len(files)))


def jobs_for(paths: Iterable[str | Path], jobs: int | None) -> int:
    """--jobs as given, else default_jobs of the documents the paths name (a path that
    cannot be scanned counts for nothing here: loading reports it)."""
    if jobs is not None:
        return jobs
    from obligraph.loaders.pipeline import scan_paths

    try:
        files, _skipped = scan_paths(list(paths))
    except Exception:  # noqa: BLE001 - the load itself reports what is wrong
        return 1
    return default_jobs(files)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
