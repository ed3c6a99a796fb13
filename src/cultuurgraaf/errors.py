"""Errors that are the user's to fix: each says what went wrong, where, and what exists.

Every error carries an exit code (documented in ``cultuurgraaf --help``) so the command line
can end with the right status, and a ``location`` (file, line or record, rule) so people can
find the cause. Anything that is not a :class:`CultuurgraafError` is a bug of ours.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3

#: The most characters of the user's input a message quotes (a cell, a line, a value).
EXCERPT = 80


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a text from the user's input, short enough for a message, saying how much is left out.

    >>> excerpt("Theepot")
    'Theepot'
    >>> excerpt("x" * 100_000_000, 10)
    'xxxxxxxxxx... (99,999,990 more characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters)"


def shown(path: str | os.PathLike) -> str:
    """A file's path as people read it: relative to the working folder when it lies inside it.

    >>> shown(Path.cwd() / "examples" / "demo" / "data" / "personen.csv")
    'examples/demo/data/personen.csv'
    >>> shown("/elders/personen.csv"), shown("data/personen.csv"), shown("http://example.org/sparql")
    ('/elders/personen.csv', 'data/personen.csv', 'http://example.org/sparql')
    """
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    try:
        return str(Path(text).relative_to(Path.cwd()))
    except ValueError:
        return text


@dataclass(frozen=True)
class Location:
    """Where a problem sits: a file, and within it a line, a record or a rule.

    >>> str(Location("mappings/objecten.yml", line=12, rule="titel"))
    "mappings/objecten.yml, line 12, rule 'titel'"
    >>> str(Location("data/objecten.csv", record="line 7"))
    'data/objecten.csv, line 7'
    """

    path: str | None = None
    line: int | None = None
    record: str | None = None
    rule: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.path:
            parts.append(shown(self.path))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record:
            parts.append(self.record)
        if self.rule:
            parts.append(f"rule '{self.rule}'")
        return ", ".join(parts)


class CultuurgraafError(Exception):
    """A problem in the user's input; the message is written for people."""

    exit_code = EXIT_UNREADABLE
    kind = "error"

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location and str(self.location) else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        """The one JSON error shape used by every HTTP error response."""
        body: dict = {"error": self.kind, "message": self.message}
        if self.location is not None:
            body["location"] = {k: v for k, v in vars(self.location).items() if v is not None}
        if self.hint:
            body["hint"] = self.hint
        return body


class ArgumentError(CultuurgraafError):
    """A command's argument cannot be used: a file that is not there, an IRI that is not one, a
    folder to write into that does not exist."""

    kind = "argument"


class ConfigError(CultuurgraafError):
    """The project file is missing, unparseable or names something that is not there."""

    kind = "config"


class SourceError(CultuurgraafError):
    """An extract cannot be read: missing file, malformed CSV, JSON or XML."""

    kind = "source"


class HarvestError(SourceError):
    """A source cannot be harvested: the server does not answer, refuses, or answers what cannot be read.

    Its location is the URL asked for and the page of the harvest; the harvest kept before stays.
    """

    kind = "harvest"


class MappingError(CultuurgraafError):
    """A mapping file is broken, or does not fit the extract it is applied to."""

    kind = "mapping"


class ShapesError(CultuurgraafError):
    """A shapes file cannot be read or is not valid SHACL."""

    kind = "shapes"


class RDFSyntaxError(CultuurgraafError):
    """An RDF file cannot be parsed."""

    kind = "rdf-syntax"


class InputTooLarge(CultuurgraafError):
    """An input bigger, deeper or expanding further than cultuurgraaf reads (docs/store.md, Limits)."""

    kind = "input-too-large"


class BodyTooLarge(InputTooLarge):
    """A request's body is longer than the server takes on that route (HTTP 413); what a body
    expands to once parsed is an :class:`InputTooLarge` about its content (HTTP 400)."""


class NothingChecked(CultuurgraafError):
    """Validation found nothing the shapes target in its inputs: no verdict, rather than "Conforms"."""

    kind = "nothing-checked"


class NotConforming(CultuurgraafError):
    """Data broke a shape with severity Violation (and the user asked that to be fatal)."""

    exit_code = EXIT_NOT_CONFORMING
    kind = "not-conforming"


class StoreError(CultuurgraafError):
    """The store cannot be opened or written."""

    kind = "store"


class QueryError(CultuurgraafError):
    """A SPARQL query is malformed, refused or failed."""

    exit_code = EXIT_NOT_CONFORMING
    kind = "query"


class QueryStopped(QueryError):
    """A query met one of the limits the endpoint gives each query and was stopped; no partial result."""

    kind = "query-stopped"


class QueryTimeout(QueryStopped):
    """A query ran longer than the configured limit and was stopped."""

    kind = "query-timeout"


class QueryOutOfMemory(QueryStopped):
    """A query needed more memory than the configured limit and was stopped."""

    kind = "query-out-of-memory"


class QueryRefused(QueryError):
    """A query asks for something this endpoint does not allow (update, SERVICE, ...)."""

    kind = "query-refused"


class ServiceRefused(QueryRefused):
    """A query or update would send a request to an endpoint that is not on the allow-list."""

    kind = "service-refused"


class UpdateRefused(QueryRefused):
    """An update without the right token, or on an endpoint that takes none."""

    kind = "update-refused"


class QueryTooComplex(QueryError):
    """A query that nests or chains more deeply than the query engine can run (see sparql.nesting)."""

    kind = "query-too-complex"


class QueryBusy(QueryError):
    """Every query slot is taken and the waiting line is full; try again shortly."""

    kind = "query-busy"


class ClientBusy(QueryBusy):
    """One client already has as many queries running or waiting as the endpoint gives one client."""

    kind = "client-busy"


class UpdateWithdrawn(QueryError):
    """The client went away before its update was applied, so it was not applied."""

    kind = "update-withdrawn"


class QueryFailed(QueryError):
    """The query was valid but could not be answered (a store or network failure)."""

    kind = "query-failed"


class CheckBusy(CultuurgraafError):
    """Every slot of the export checker is taken; try again shortly (HTTP 503 with Retry-After)."""

    kind = "check-busy"


class CheckTimeout(InputTooLarge):
    """An upload took the export checker longer than its time limit: too large or too complex to check."""

    kind = "check-timeout"


class CheckOutOfMemory(InputTooLarge):
    """An upload needed more memory to check than the checker gives one check: too large to check at once."""

    kind = "check-out-of-memory"


class CheckFailed(CultuurgraafError):
    """The export checker's worker process ended without an answer (ours to look into: HTTP 500)."""

    kind = "check-failed"


class NotFound(CultuurgraafError):
    """An entity, graph or page that does not exist."""

    exit_code = EXIT_NOT_CONFORMING
    kind = "not-found"


class BadParameter(CultuurgraafError):
    """A request parameter that cannot be used as given (a page number that is not a number, ...)."""

    kind = "bad-parameter"


class HeldBack(NotFound):
    """An entity that validation held back from the store: its address says when, from which
    source and why (``held``: per source, the build, its report and the report's entries)."""

    kind = "held-back"

    def __init__(self, message: str, *, held: list[dict], hint: str | None = None):
        super().__init__(message, hint=hint)
        self.held = held

    def to_json(self) -> dict:
        return {**super().to_json(), "held_back": self.held}


class ReconcileError(CultuurgraafError):
    """A reconciliation request (docs/reconciliation.md) that cannot be answered as sent: JSON that is
    not a query, a type or property the graph does not have, a value that is no identifier."""

    kind = "bad-request"


class ResolverError(CultuurgraafError):
    """An identifier to resolve names no key the project knows, or no value."""

    kind = "bad-request"
