"""The ASCII slug of a name or a document number, without the loaders' imports.

The same function as `obligraph.loaders.records.slugify` (which the loaders keep, their
load cache being keyed by their own source): the query path resolves names and numbers
with this one, so that answering a question does not import pydantic.
tests/test_cli_startup.py checks the two agree.

>>> slugify("Sở Khoa học và Công nghệ"), slugify(" 37 / KH-UBND ")
('so-khoa-hoc-va-cong-nghe', '37-kh-ubnd')
"""

from __future__ import annotations

import re
import unicodedata

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug: 'Sở Khoa học và Công nghệ' -> 'so-khoa-hoc-va-cong-nghe'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return _SLUG_DROP.sub("-", text).strip("-")
