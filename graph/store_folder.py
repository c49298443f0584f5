"""The store folder, written whole or not at all, and checked by every reader.

A build writes graph.json, the embedded database (ladybug/), load_report.json and, last,
manifest.json into a staging folder beside the store (`.store.build-XXXX` in the store's
parent), checks the database's counts against the graph, and only then swaps the staging
folder in, with one atomic exchange of the two folders (Linux `renameat2`; elsewhere two
renames, with a moment in which readers find no store and say so). A build killed at any
moment leaves the previous store as it was; its staging folder is removed by the next
build. A lock file beside the store (`.store.lock`, holding the builder's PID) refuses a
second build while one runs; the kernel drops the lock when its process dies, so a lock
left by a killed build is never in the way.

The manifest names the build (id, time, a digest of the inputs) and counts the graph's
nodes by label and relationships by type, in graph.json and in the database. A reader
(`cypher`, `query`, `viz`, `sheet`, `neo4j push/export`) checks them against what it opens
and refuses a store that does not match: "store/ is incomplete: rebuild (…)".

>>> import networkx as nx, tempfile
>>> g = nx.MultiDiGraph()
>>> g.add_node("cong-an-tinh", label="Agency", name="Công an tỉnh")
>>> store = Path(tempfile.mkdtemp()) / "store"
>>> manifest = write_store(g, store, report={"documents": []}, inputs=[])
>>> manifest["graph"]["nodes"], read_store_graph(store).number_of_nodes()
({'Agency': 1}, 1)
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from obligraph.errors import StoreError

if TYPE_CHECKING:  # hints only: readers of the store never import networkx
    import networkx as nx

    from obligraph.graph.graphjson import EdgeRow, NodeRow

GRAPH_JSON = "graph.json"
REPORT_JSON = "load_report.json"
MANIFEST = "manifest.json"
LADYBUG_DIR = "ladybug"  # = graph.ladybug_store.LADYBUG_DIR (not imported: no engine here)
CACHE_DIR = "cache"  # loaded documents by content (loaders/cache.py), kept across builds
# What a store folder holds; a folder with anything else is not replaced by a build.
STORE_ENTRIES = frozenset({GRAPH_JSON, REPORT_JSON, MANIFEST, LADYBUG_DIR, CACHE_DIR})
MANIFEST_VERSION = 1


class StoreIncomplete(StoreError):
    """The store folder does not match its manifest (or has none): rebuild it."""

    def __init__(self, store: Path, why: str) -> None:
        super().__init__(f"{store}/ is incomplete: rebuild it with `obligraph build` ({why})")


# ---------------------------------------------------------------- the lock


def lock_path(store: Path) -> Path:
    """`.store.lock` beside `store/` (not inside: the folder itself is swapped)."""
    return store.parent / f".{store.name}.lock"


@contextmanager
def build_lock(store: str | Path) -> Iterator[None]:
    """Hold the store's build lock, or refuse with one line naming the builder's PID."""
    store = Path(os.path.abspath(store))  # "." has no name to put beside
    path = lock_path(store)
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the build lock ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            raise StoreError(
                f"another build (PID {holder}) is writing {store}/: wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing drops the lock; the file stays, unlocked


# ---------------------------------------------------------------- staging and the swap


def check_store_path(store: Path) -> None:
    """Refuse a --store that is a file, or a folder holding files a build did not write."""
    if store.exists() and not store.is_dir():
        raise StoreError(f"--store {store}: is a file, not a folder")
    if store.is_dir():
        others = sorted(p.name for p in store.iterdir() if p.name not in STORE_ENTRIES)
        if others:
            shown = ", ".join(others[:3]) + ("…" if len(others) > 3 else "")
            raise StoreError(
                f"--store {store}: holds files a build did not write ({shown}); "
                "a build replaces the whole folder, so pick a new or empty one"
            )


def _staging_prefix(store: Path) -> str:
    return f".{store.name}.build-"


def remove_stale_staging(store: Path) -> None:
    """Staging folders of killed builds (only called with the lock held)."""
    for stale in store.parent.glob(_staging_prefix(store) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def make_staging(store: Path) -> Path:
    """A new, empty staging folder beside the store."""
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(store), dir=store.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would outlive the swap
        return staging
    except OSError as exc:
        raise StoreError(
            f"{store.parent}: cannot write a new store there ({exc.strerror})"
        ) from None


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where not available."""
    import ctypes  # here, not at the top: only a build swaps folders
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, store: Path) -> None:
    """Make the complete staging folder the store; the previous store is removed."""
    try:
        if not store.exists():
            os.rename(staging, store)
            return
        if not _exchange(staging, store):
            old = staging.with_name(staging.name + "-old")
            os.rename(store, old)
            os.rename(staging, store)
            staging = old
    except OSError as exc:
        raise StoreError(f"{store}: cannot put the new store in place ({exc.strerror})") from None
    shutil.rmtree(staging, ignore_errors=True)  # the previous store, now at staging's name


# ---------------------------------------------------------------- the manifest


def graph_counts(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Nodes by label and relationships by type, sorted."""
    nodes = Counter(attrs.get("label") for _, attrs in g.nodes(data=True))
    rels = Counter(attrs.get("type") for _, _, attrs in g.edges(data=True))
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


def input_digest(files: Iterable[Path]) -> str:
    """SHA-256 over each input's name and bytes (a pipe or device by its name only)."""
    from obligraph.loaders.text import read_bounded

    digest = hashlib.sha256()
    for path in sorted(files, key=str):
        digest.update(os.fsencode(path.name) + b"\0")
        if path.is_file():
            try:
                digest.update(hashlib.sha256(read_bounded(path)).digest())
            except Exception:  # noqa: BLE001 - the loader has reported the file already
                digest.update(b"unreadable")
    return digest.hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, payload: object) -> None:
    path.write_text(
        json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n",
        encoding="utf-8",
    )


def write_store(
    g: nx.MultiDiGraph,
    store: str | Path,
    report: dict[str, Any],
    inputs: Iterable[Path],
) -> dict[str, Any]:
    """Write the whole store beside `store`, check it, swap it in; returns the manifest.
    Takes the build lock (a build that also loads holds it from the start and calls
    replace_store)."""
    with build_lock(store):
        return replace_store(g, Path(store), report, inputs)


def replace_store(
    g: nx.MultiDiGraph, store: Path, report: dict[str, Any], inputs: Iterable[Path]
) -> dict[str, Any]:
    """write_store with the lock already held. The previous store's cache moves into the
    new one."""
    from obligraph.graph.graphjson import graph_rows

    with new_store(store) as (staging, scratch):
        _write_json(staging / REPORT_JSON, report)
        nodes, edges = graph_rows(g)
        return finish_store(staging, scratch, store, nodes, edges, g.graph, inputs)


@contextmanager
def new_store(store: Path) -> Iterator[tuple[Path, Path]]:
    """A new staging folder beside the store, and a scratch folder beside it for what
    the build needs on the way but the store does not keep (the staging database of
    graph/staging.py, the CSV files of the import). Call with the lock held; both are
    removed on the way out, whatever happens. OSErrors become one line: the store is
    unchanged."""
    store = Path(os.path.abspath(store))
    check_store_path(store)
    remove_stale_staging(store)
    staging = make_staging(store)
    scratch = staging.with_name(staging.name + "-work")
    try:
        scratch.mkdir()
        yield staging, scratch
    except OSError as exc:
        raise StoreError(
            f"{exc.filename or staging}: cannot write the new store ({exc.strerror}); "
            f"{store}/ is unchanged"
        ) from None
    finally:
        if (staging / CACHE_DIR).is_dir() and not (store / CACHE_DIR).exists():
            os.rename(staging / CACHE_DIR, store / CACHE_DIR)  # not swapped in: put it back
        for folder in (staging, scratch):
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


def finish_store(
    staging: Path,
    scratch: Path,
    store: Path,
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    graph: dict[str, Any],
    inputs: Iterable[Path],
    seconds: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Write graph.json and the embedded database from sorted rows in one pass (one row
    in memory at a time), check the database's counts against the rows written, write
    the manifest last and swap the staging folder in (load_report.json is there already).
    `seconds`, when given, gets the time of each step ("graph_json": graph.json and the
    CSV files, one pass; "import": COPY and the checks)."""
    from obligraph.graph.graphjson import write_graph_json_rows
    from obligraph.graph.ladybug_store import TableFiles, import_tables, ladybug_counts

    store = Path(os.path.abspath(store))
    seconds = seconds if seconds is not None else {}
    started = time.perf_counter()
    nodes_by_label: Counter[str] = Counter()
    rels_by_type: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="csv-", dir=scratch) as tmp:
        files = TableFiles(Path(tmp))
        try:

            def tap_nodes() -> Iterator[NodeRow]:
                for row in nodes:
                    files.node(*row)
                    nodes_by_label[row[1].get("label")] += 1
                    yield row

            def tap_edges() -> Iterator[EdgeRow]:
                for row in edges:
                    files.edge(*row)
                    rels_by_type[row[3].get("type")] += 1
                    yield row

            write_graph_json_rows(tap_nodes(), tap_edges(), graph, staging / GRAPH_JSON)
        finally:
            files.close()
        seconds["graph_json"] = time.perf_counter() - started
        started = time.perf_counter()
        import_tables(files, staging / LADYBUG_DIR)
    counts = {
        "nodes": dict(sorted(nodes_by_label.items())),
        "relationships": dict(sorted(rels_by_type.items())),
    }
    found = ladybug_counts(staging / LADYBUG_DIR)
    if found != counts:
        raise StoreError(f"the embedded database holds {found}, the graph {counts}: not swapped in")
    seconds["import"] = time.perf_counter() - started
    manifest = {
        "version": MANIFEST_VERSION,
        "build_id": uuid.uuid4().hex,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "input_digest": input_digest(inputs),
        "graph": counts,
        "ladybug": found,
        "graph_json": {
            "bytes": (staging / GRAPH_JSON).stat().st_size,
            "sha256": _sha256_file(staging / GRAPH_JSON),
        },
        "annotated": False,
    }
    if (store / CACHE_DIR).is_dir():
        os.rename(store / CACHE_DIR, staging / CACHE_DIR)
    _write_json(staging / MANIFEST, manifest)  # last: the store is complete
    swap_in(staging, store)
    return manifest


# ---------------------------------------------------------------- readers


def read_manifest(store: str | Path) -> dict[str, Any]:
    """The manifest of a complete store; StoreIncomplete when it is missing or damaged,
    StoreError when there is no store at all."""
    store = Path(store)
    if not store.is_dir():
        raise StoreError(f"no store at {store}/: run `obligraph build` first")
    path = store / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if not any(store.iterdir()):
            raise StoreError(f"no store at {store}/: run `obligraph build` first") from None
        raise StoreIncomplete(store, "no manifest.json") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreIncomplete(store, f"manifest.json unreadable: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        raise StoreIncomplete(store, "manifest.json of another version")
    for name in (GRAPH_JSON, REPORT_JSON, LADYBUG_DIR):
        if not (store / name).exists():
            raise StoreIncomplete(store, f"{name} is missing")
    return manifest


def read_store_graph(store: str | Path) -> nx.MultiDiGraph:
    """graph.json of a complete store, checked against the manifest (bytes, digest, counts).

    >>> read_store_graph("store")  # doctest: +SKIP
    """
    from obligraph.graph.graphjson import read_graph_json_text

    store = Path(store)
    manifest = read_manifest(store)
    expected = manifest.get("graph_json", {})
    try:
        data = (store / GRAPH_JSON).read_bytes()
    except OSError as exc:
        raise StoreIncomplete(store, f"graph.json unreadable: {exc.strerror}") from None
    if len(data) != expected.get("bytes") or hashlib.sha256(data).hexdigest() != expected.get(
        "sha256"
    ):
        raise StoreIncomplete(store, "graph.json is not the one the build wrote")
    try:
        g = read_graph_json_text(data.decode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - any damage is the same answer: rebuild
        raise StoreIncomplete(store, f"graph.json unreadable: {exc}") from None
    if graph_counts(g) != manifest.get("graph"):
        raise StoreIncomplete(store, "graph.json counts differ from the manifest")
    return g


def check_ladybug(store: str | Path, counts: dict[str, dict[str, int]]) -> None:
    """The open database's counts against the manifest's (called by open_store)."""
    store = Path(store)
    manifest = read_manifest(store)
    if counts != manifest.get("ladybug"):
        raise StoreIncomplete(store, "the embedded database's counts differ from the manifest")


def record_annotation(store: str | Path, counts: dict[str, dict[str, int]]) -> None:
    """After `cypher --write`: the database's new counts, and that it now differs from
    graph.json (written to a temporary file, then renamed over the manifest)."""
    store = Path(store)
    manifest = read_manifest(store)
    manifest["ladybug"] = counts
    manifest["annotated"] = True
    tmp = store / (MANIFEST + ".tmp")
    _write_json(tmp, manifest)
    os.replace(tmp, store / MANIFEST)
