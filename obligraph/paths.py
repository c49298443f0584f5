"""Default locations, relative to the working directory so the README commands just work."""

from __future__ import annotations

from pathlib import Path

DEFAULT_INPUT = Path("data/raw")
DEFAULT_STORE = Path("store")  # graph.json, ladybug/ database, reports
DEFAULT_OUT = Path("out")  # page and sheets
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
AGENCIES_FILE = PACKAGE_ROOT / "data" / "agencies.yaml"
