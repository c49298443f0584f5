"""Which Cypher may reach the embedded engine: an allow-list over the statement's tokens.

A read query is made only of read clauses (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND,
RETURN, ORDER BY, SKIP, LIMIT, UNION), expressions, the functions of the portable subset
(docs/schema.md) and variables the query itself binds (in a pattern, after AS, in a
quantifier such as `all(s IN …)`). Every other bare word is refused before the engine
sees the text: write clauses, COPY, EXPORT/IMPORT DATABASE, LOAD FROM, INSTALL/LOAD
EXTENSION, ATTACH, USE, CHECKPOINT, BEGIN/COMMIT, DDL, `CALL` of a table function
(READ_CSV_SERIAL, READ_PARQUET, …), PROFILE/EXPLAIN, and any keyword the engine adds
later. The text is first cut into tokens by a tokenizer that knows string literals,
comments and backtick identifiers, so neither can hide a keyword from the check nor fake
one; a `;` may only end the statement. `--write` adds the clauses that change data
(CREATE, MERGE, SET, DELETE, DETACH, REMOVE) and nothing that reads or writes files.

>>> _ = check_cypher("MATCH (t:Task) WHERE t.text CONTAINS 'COPY' RETURN t.id // SET")
>>> try:
...     check_cypher("MATCH (t:Task) DETACH DELETE t")
... except QueryError as exc:
...     print(exc)
DETACH changes the store: queries are read-only (use --write)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from obligraph.errors import QueryError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may appear as keywords of a read query (upper case).
READ_KEYWORDS = _words("""MATCH OPTIONAL WHERE WITH UNWIND RETURN ORDER BY SKIP LIMIT UNION ALL AS DISTINCT
    ASC DESC ASCENDING DESCENDING AND OR XOR NOT IN IS NULL TRUE FALSE CONTAINS STARTS ENDS
    CASE WHEN THEN ELSE END EXISTS COUNT""")
# Added by --write: clauses that change data, never files, extensions or transactions.
WRITE_KEYWORDS = _words("CREATE MERGE SET DELETE DETACH REMOVE ON")
# A statement starts with one of these (read) or, with --write, also with a write clause.
READ_STARTS = _words("MATCH OPTIONAL WITH UNWIND RETURN")
WRITE_STARTS = _words("CREATE MERGE")
# Functions of the portable subset (lower case), plus the aggregates and the predicates
# the named queries use. Anything else called with `(` is refused (table functions such
# as READ_CSV_SERIAL, and engine functions Neo4j lacks).
FUNCTIONS = _words("""count collect sum min max avg coalesce length size nodes relationships rels
    startnode endnode tolower toupper lower upper trim ltrim rtrim tostring tointeger
    tofloat toboolean abs round floor ceil sign all any none single exists date replace
    split left right reverse head last range keys""")
# Words that start a statement or clause of the engine other than a read: refused as
# variable names too (quote such a name with backticks), so that `MATCH (copy:Task)` cannot
# make a later COPY pass for a bound variable.
RESERVED = _words(
    """ALTER ATTACH BEGIN CALL CHECKPOINT COMMENT COMMIT COPY CREATE DELETE DETACH DROP
    EXPLAIN EXPORT FOREACH IMPORT INSTALL LOAD MERGE PROFILE PROJECT REMOVE ROLLBACK SET
    UNINSTALL UPDATE USE YIELD"""
)

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<open_comment>/\*)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<open_string>['"])
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<open_quoted>`)
  | (?P<param>\$(?:[A-Za-z_]\w*|`(?:[^`]|``)*`|\d+))
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<punct>\.\.|<>|<=|>=|=~|->|<-|[-+*/%^=<>(){}\[\]:;,.|])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
OPENERS = {"(": ")", "[": "]", "{": "}"}


class RefusedCypher(QueryError):
    """A statement the allow-list refuses; `word` is the first word it refused."""

    def __init__(self, word: str, message: str) -> None:
        self.word = word
        super().__init__(message)


@dataclass(frozen=True)
class Token:
    """One token: its kind (a group name of TOKEN), text and offset in the statement."""

    kind: str
    text: str
    at: int


def tokenize(cypher: str) -> list[Token]:
    """The statement's tokens without space and comments; unclosed quotes are refused.

    >>> [t.text for t in tokenize("MATCH (n) /* CREATE */ RETURN n.`x y` // DROP")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'n', '.', '`x y`']
    >>> [t.kind for t in tokenize("RETURN 'a;b' AS `c`")]
    ['word', 'string', 'word', 'quoted']
    """
    tokens = []
    for match in TOKEN.finditer(cypher):
        kind = match.lastgroup or "other"
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind.startswith("open_"):
            what = {"open_comment": "comment /*", "open_string": "string", "open_quoted": "`name`"}
            raise QueryError(f"unclosed {what[kind]} at offset {match.start()}")
        if kind == "other":
            raise QueryError(f"unexpected character {match.group()!r} at offset {match.start()}")
        tokens.append(Token(kind, match.group(), match.start()))
    return tokens


def parameter_names(tokens: Iterable[Token]) -> set[str]:
    """The names of the statement's $parameters (without `$`, unquoted).

    >>> sorted(parameter_names(tokenize("RETURN $a, $`b c`, '$d'")))
    ['a', 'b c']
    """
    names = set()
    for tok in tokens:
        if tok.kind == "param":
            name = tok.text[1:]
            names.add(name[1:-1].replace("``", "`") if name.startswith("`") else name)
    return names


def _bound_variables(tokens: list[Token]) -> set[str]:
    """Names the statement binds: `(x`, `[x`, `p =`, `AS x`, `x IN` (quantifiers)."""
    bound = set()
    for i, tok in enumerate(tokens):
        if tok.kind != "word":
            continue
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if (
            (before in ("(", "[") and after.upper() in (":", ")", "]", "{", "*", "IN"))
            or before.upper() == "AS"
            or (after == "=" and i + 2 < len(tokens) and tokens[i + 2].text == "(")
        ):
            bound.add(tok.text.upper())
    return bound


def check_cypher(cypher: str, write: bool = False) -> list[Token]:
    """Raise QueryError unless the statement is one read query (or, with write=True, one
    read or data-changing query); returns its tokens.

    >>> try:
    ...     check_cypher("CALL READ_CSV_SERIAL('/etc/passwd') RETURN *")
    ... except QueryError as exc:
    ...     print(exc)
    CALL is not allowed: only MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT and UNION run here
    """
    tokens = tokenize(cypher)
    while tokens and tokens[-1].text == ";":  # a closing `;` ends the statement, no more
        tokens.pop()
    if not tokens:
        raise QueryError("empty query")
    keywords = READ_KEYWORDS | (WRITE_KEYWORDS if write else frozenset())
    starts = READ_STARTS | (WRITE_STARTS if write else frozenset())
    first = tokens[0]
    if first.kind != "word" or first.text.upper() not in starts:
        _refuse(first.text, write)
    bound = _bound_variables(tokens)
    stack: list[str] = []
    for i, tok in enumerate(tokens):
        before = tokens[i - 1].text if i else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if tok.text == ";":
            raise RefusedCypher(
                ";", f"one statement at a time: `;` at offset {tok.at} starts another"
            )
        if tok.kind == "punct" and tok.text in OPENERS:
            stack.append(OPENERS[tok.text])
        elif tok.kind == "punct" and tok.text in ")]}" and (not stack or stack.pop() != tok.text):
            raise QueryError(f"unbalanced {tok.text!r} at offset {tok.at}")
        if tok.kind == "quoted" and after == "(":
            # `READ_CSV`(…): a quoted name called is still a function
            name = tok.text[1:-1].replace("``", "`")
            if name.lower() not in FUNCTIONS:
                raise RefusedCypher(name.upper(), f"function {name}() is not allowed")
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        owner = tokens[i - 2] if i > 1 else None  # what a `.` reads a property of
        is_property = before == "." and owner is not None and owner.kind != "number"
        if is_property or before in (":", "|") or (after == ":" and stack and stack[-1] == "}"):
            continue  # a property, label, relationship type or map key: a name, not a verb
        if after == "(" and word not in keywords:
            if tok.text.lower() not in FUNCTIONS:
                raise RefusedCypher(
                    tok.text.upper(),
                    f"function {tok.text}() is not allowed: only the portable functions "
                    f"of docs/schema.md run here ({', '.join(sorted(FUNCTIONS))})",
                )
            continue
        if word in keywords:
            continue
        if word in RESERVED or word not in bound:
            _refuse(tok.text, write)
    if stack:
        raise QueryError(f"unclosed {'(' if stack[-1] == ')' else stack[-1]} in the query")
    return tokens


def _refuse(word: str, write: bool) -> None:
    upper = word.upper()
    if not write and upper in WRITE_KEYWORDS:
        raise RefusedCypher(
            upper, f"{upper} changes the store: queries are read-only (use --write)"
        )
    if upper in RESERVED or upper in WRITE_KEYWORDS:
        raise RefusedCypher(
            upper,
            f"{upper} is not allowed: only MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, "
            "ORDER BY, SKIP, LIMIT and UNION run here"
            + (" (with --write also CREATE, MERGE, SET, DELETE, REMOVE)" if write else ""),
        )
    raise RefusedCypher(
        upper,
        f"{word!r} is neither a read clause nor a variable the query binds "
        "(quote a name that is a keyword with backticks, e.g. t.`group`)",
    )


def check_parameters(tokens: Iterable[Token], params: dict[str, object] | None) -> None:
    """Every $parameter of the statement must be given: an unset one is an error, not null.

    >>> try:
    ...     check_parameters(tokenize("RETURN $year"), {})
    ... except QueryError as exc:
    ...     print(exc)
    missing parameter $year (pass --param year=…)
    """
    missing = sorted(parameter_names(tokens) - set(params or {}))
    if missing:
        raise QueryError(
            "missing parameter"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join(f"${m}" for m in missing)
            + f" (pass --param {missing[0]}=…)"
        )


# "Invalid input <t.group>:" — the engine's parser stops on a keyword used as a name.
_INVALID_INPUT = re.compile(r"Invalid input <([^>]*)>")


def explain_engine_error(message: str) -> str:
    """The engine's error, with a hint when a reserved word is used as a name.

    >>> explain_engine_error("Parser exception: Invalid input <t.group>: expected rule")
    'Parser exception: Invalid input <t.group>: expected rule (`group` is a reserved word: write t.`group`)'
    """
    match = _INVALID_INPUT.search(message)
    name = re.search(r"(\w+)\.(\w+)", match.group(1)) if match else None
    if name:
        variable, prop = name.groups()
        return f"{message} (`{prop}` is a reserved word: write {variable}.`{prop}`)"
    return message
