"""The steps issue 22 made linear give the answers of the quadratic ones they replace.

`plan_body._join` and `build._innermost_tasks` against the straightforward versions they
replaced (kept here as the reference), on generated inputs; the timings are in
bench/quadratic.py.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from obligraph.graph.build import _innermost_task, _innermost_tasks
from obligraph.loaders.plan_body import _join
from obligraph.loaders.records import Reference, Task

_GLUED_HYPHEN = re.compile(r"[\w/]-$")


def join_reference(lines: list[tuple[int, str]]) -> str:
    out = ""
    for _, text in lines:
        text = text.strip()
        if not text:
            continue
        if out.endswith("-") and _GLUED_HYPHEN.search(out) and not text[:1].islower():
            out += text
        else:
            out = f"{out} {text}" if out else text
    return " ".join(out.split())


pieces = st.sampled_from(["71/NQ-", "CP", "cp", "-", " ", "", "a-", "Sở", "x -", "/", "\t"])
line_texts = st.lists(st.lists(pieces, max_size=4).map("".join), max_size=30)


@settings(max_examples=300, deadline=None)
@given(line_texts)
def test_join_as_before(texts: list[str]) -> None:
    lines = list(enumerate(texts, 1))
    assert _join(lines) == join_reference(lines)


def innermost_reference(tasks: list[Task], ref: Reference) -> str | None:
    if ref.task_id:
        return ref.task_id
    if ref.line_start is None:
        return None
    start, end = ref.line_start, ref.line_end or ref.line_start
    holding = [
        t
        for t in tasks
        if t.line_start is not None
        and t.line_end is not None
        and t.line_start <= start
        and end <= t.line_end
    ]
    if not holding:
        return None
    return min(holding, key=lambda t: (t.line_end - t.line_start, t.id)).id


spans = st.tuples(st.integers(1, 40), st.integers(0, 12))


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=15), st.lists(st.tuples(spans, st.booleans()), max_size=15))
def test_innermost_tasks_as_before(task_spans, ref_spans) -> None:
    tasks = [
        Task(
            id=f"t{i}", doc_id="d", no=str(i), origin="body", text="x", line_start=a, line_end=a + n
        )
        for i, (a, n) in enumerate(task_spans)
    ]
    refs = [
        Reference(
            number="1/QĐ-UBND",
            evidence="x",
            line_start=a,
            line_end=a + n if n % 3 else None,
            task_id="given" if given_ else None,
        )
        for (a, n), given_ in ref_spans
    ]
    want = [innermost_reference(tasks, r) for r in refs]
    assert _innermost_tasks(tasks, refs) == want
    assert [_innermost_task(tasks, r) for r in refs] == want
