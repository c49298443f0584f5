"""The project's own errors: every failure a user can cause ends in one of these."""

from __future__ import annotations


class ObligraphError(Exception):
    """Base class: a clear, one-line message for the user, naming the file or value."""


class InputError(ObligraphError):
    """An input file cannot be read as a document (missing, empty, binary, undecodable)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreError(ObligraphError):
    """A graph store is missing, unreadable or refused a query."""


class QueryError(ObligraphError):
    """A query or its parameters are wrong (unknown name, bad date, Cypher syntax)."""
