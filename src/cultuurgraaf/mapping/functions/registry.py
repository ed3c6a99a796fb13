"""The registry of the functions mappings call, and the one rule every function follows.

Functions are registered by IRI in the ``cg:`` namespace (some also under a GREL name) and called
with their parameters by local name. Each takes strings and returns a string, a list of strings,
or None for "no value" (for a value it had to guess at, those wrapped in :class:`Guessed` with how
it guessed). What a function does with a value that is missing, empty or that it cannot read is
not up to the function: :data:`RULE` says it once for all of them, and a function only declares
which parameters may be missing, what it treats as "unknown", what it guesses at, and what it
cannot read (shown by ``cultuurgraaf mapping functions``).

>>> call("cg:concat", value="1890", value2=None, separator="/")
['1890']
>>> call("cg:decimal", value="twee")
Traceback (most recent call last):
...
cultuurgraaf.mapping.functions.registry.Unreadable: not a number
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Callable, Collection, Sequence

from ...errors import MappingError
from ...vocab import CG as CG_NAMESPACE

CG = CG_NAMESPACE.iri
GREL = "http://users.ugent.be/~bjdmeest/function/grel.ttl#"
#: Short names a mapping may use instead of full IRIs.
ALIASES = {"cg": CG, "grel": GREL}

RULE = """\
Every function follows one rule on the values it is given:
  missing      A parameter filled from the record that finds nothing there (no field, an empty
               cell, only white space) is missing. The call then gives no value, counted under
               "gave no value" like any missing cell, unless the function says the parameter
               may be missing: then it works with the parameters that are there. When every
               parameter filled from the record is missing, the call gives no value.
  no value     Text a function cleans down to nothing, and the placeholders for "unknown" that
               a function names, give no value.
  cannot read  A value a function cannot read gives no value. build and map count it per rule
               and list it with its row (file and line, JSON Pointer or XPath) and the value: the
               first rows always, up to 20 with --verbose. A value written in the mapping itself
               (a constant parameter) that the function cannot read is an error in the mapping.
  guessed      A value a function had to guess at (names in a cell with only commas between them,
               a label's language) gives what it guessed. build and map count it per rule and
               list it with its row and how it guessed, as they list what cannot be read.
A function never keeps a value it cannot read as written, and never fills in what the value does
not say: where it interprets (an approximate date, an end time after midnight), it says how.
"""


class Unreadable(ValueError):
    """A value a function cannot read: the call gives no value for it, and the run lists it.

    ``parameter`` names the parameter whose value it is; ``kept`` holds what the function could
    still read from it (a cell of several web addresses, one of which is not one).
    """

    def __init__(self, reason: str, *, parameter: str = "value", kept: Sequence[str] = ()):
        super().__init__(reason)
        self.reason = reason
        self.parameter = parameter
        self.kept = list(kept)


@dataclass(frozen=True)
class Guessed:
    """What a function gives for a value it had to guess at, and how it guessed (for people): the
    call gives ``result``, and the run counts the value of ``parameter`` and lists it with its row."""

    result: str | list[str] | None
    how: str
    parameter: str = "value"


Result = str | list[str] | Guessed | None


@dataclass(frozen=True)
class Function:
    """A registered function with what it declares about its input (see :data:`RULE`)."""

    fn: Callable[..., Result]
    names: tuple[str, ...]
    #: parameters the function works without when the record has no value for them, and how (for people)
    may_be_missing: frozenset[str] = frozenset()
    when_missing: str = ""
    #: what, besides empty text, gives no value (for people)
    no_value: str = ""
    #: what the function cannot read (for people); empty when it reads any text
    cannot_read: str = ""
    #: what it guesses at, and how (for people); empty when it never guesses
    guesses: str = ""

    def __call__(self, **params: str) -> Result:
        return self.fn(**params)

    def mapping_error(self, exc: Unreadable, value: str) -> MappingError:
        """The error for a value written in the mapping that the function cannot read."""
        return MappingError(f"{short_name(self.names[0])} cannot read its parameter {exc.parameter} {value!r}: "
                            f"{exc.reason}", hint=signature(self.names[0]))

    def arguments(self, given: dict[str, list[str]], from_record: Collection[str]) -> dict[str, list[str]] | None:
        """The values to call with, by parameter, as :data:`RULE` says: values from the record that
        are only white space are dropped, a missing parameter that may be missing is left out; None
        when the call gives no value.

        >>> concat = lookup("cg:concat")
        >>> concat.arguments({"value": ["1890"], "value2": [" "]}, from_record={"value", "value2"})
        {'value': ['1890']}
        >>> concat.arguments({"value": ["id/x-"], "value2": []}, from_record={"value2"}) is None
        True
        >>> lookup("cg:nth").arguments({"value": [], "index": ["2"]}, from_record={"value"}) is None
        True
        """
        present: dict[str, list[str]] = {}
        found_in_record = False
        for name, values in given.items():
            if name in from_record:
                values = [v for v in values if v.strip()]
                found_in_record = found_in_record or bool(values)
            if values:
                present[name] = values
            elif name not in self.may_be_missing:
                return None
        if from_record and not found_in_record:
            return None
        return present


FUNCTIONS: dict[str, Function] = {}


def register(*names: str, may_be_missing: Sequence[str] = (), when_missing: str = "", no_value: str = "",
             cannot_read: str = "", guesses: str = ""):
    """Register a function under one or more names, with what it declares about its input."""
    def decorate(fn):
        parameters = inspect.signature(fn).parameters
        unknown = [p for p in may_be_missing if p not in parameters]
        assert not unknown, f"{fn.__name__} has no parameter {unknown}"
        entry = Function(fn, tuple(expand(n) for n in names), frozenset(may_be_missing), when_missing, no_value,
                         cannot_read, guesses)
        for name in entry.names:
            FUNCTIONS[name] = entry
        return fn
    return decorate


def expand(name: str) -> str:
    prefix, sep, local = name.partition(":")
    if sep and prefix in ALIASES and not local.startswith("//"):
        return ALIASES[prefix] + local
    return name


def lookup(name: str) -> Function:
    try:
        return FUNCTIONS[expand(name)]
    except KeyError:
        known = ", ".join(sorted(short_name(n) for n in FUNCTIONS))
        raise MappingError(f"unknown function '{name}' (known: {known})") from None


def short_name(name: str) -> str:
    """``cg:split`` for the full IRI of a registered function.

    >>> short_name(CG + "split")
    'cg:split'
    """
    for prefix, namespace in ALIASES.items():
        if name.startswith(namespace):
            return f"{prefix}:{name[len(namespace):]}"
    return name


def signature(name: str) -> str:
    """How to call a function: ``cg:split(value, separator=';', prefix='')``."""
    fn = lookup(name).fn
    params = []
    for param in inspect.signature(fn).parameters.values():
        params.append(param.name if param.default is inspect.Parameter.empty else f"{param.name}={param.default!r}")
    return f"{short_name(expand(name))}({', '.join(params)})"


def catalogue() -> list[tuple[str, list[str]]]:
    """Every registered function, once, as (signature, lines about it): the first paragraph of
    its description, then what it does with missing and unknown values, what it guesses at, and
    what it cannot read."""
    out = []
    for entry in dict.fromkeys(FUNCTIONS.values()):
        summary = " ".join((entry.fn.__doc__ or "").strip().split("\n\n")[0].split())
        also = ", ".join(short_name(n) for n in entry.names[1:])
        lines = [summary + (f" (also {also})" if also else "")]
        if entry.may_be_missing:
            lines.append("may be missing: " + ", ".join(sorted(entry.may_be_missing))
                         + (f" ({entry.when_missing})" if entry.when_missing else ""))
        if entry.no_value:
            lines.append("no value: " + entry.no_value)
        if entry.guesses:
            lines.append("guesses: " + entry.guesses)
        lines.append("cannot read: " + (entry.cannot_read or "nothing (it reads any text)"))
        out.append((signature(entry.names[0]), lines))
    return sorted(out)


class Written(str):
    """A parameter written in the mapping (a constant), as opposed to one filled from the record,
    for :func:`call`."""


def call(function: str, /, **params: str | None) -> list[str]:
    """Call a function as a mapping does: each parameter filled from the record (None: it has no
    value there) unless it is :class:`Written`; always a list of values back. A value from the
    record that it cannot read raises :class:`Unreadable`; a written one, a MappingError."""
    entry = lookup(function)
    from_record = {k for k, v in params.items() if not isinstance(v, Written)}
    present = entry.arguments({k: [] if v is None else [v] for k, v in params.items()}, from_record)
    if present is None:
        return []
    values = {k: v[0] for k, v in present.items()}
    try:
        return values_of(entry(**values))
    except Unreadable as exc:
        if exc.parameter in from_record:
            raise
        raise entry.mapping_error(exc, values.get(exc.parameter, "")) from None


def values_of(result: Result) -> list[str]:
    """A function's result as a list of values; empty text is no value.

    >>> values_of("x"), values_of(""), values_of(None), values_of(["a", "", None])
    (['x'], [], [], ['a'])
    >>> values_of(Guessed("nl", how="a guess"))
    ['nl']
    """
    if isinstance(result, Guessed):
        result = result.result
    if isinstance(result, str):
        return [result] if result else []
    return [v for v in result if v] if result else []


def local_name(parameter: str) -> str:
    """The keyword a parameter IRI is passed as: ``cg:value`` and ``grel:valueParameter`` -> value."""
    name = re.split(r"[#/:]", parameter)[-1]
    return {"valueParameter": "value", "valueParameter2": "value2", "p_string_sep": "separator",
            "p_string_find": "pattern", "p_string_replace": "replacement"}.get(name, name)
