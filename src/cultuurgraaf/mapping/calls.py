"""Function calls in term maps, run as plain Python (interpreted, not generated).

A function-valued term map (``function: cg:split``, ``rml:functionExecution``) gets each
argument's values from the record, calls the function for every combination, and yields all
the results. Functions are the slow path by nature; everything around them stays compiled.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..errors import MappingError
from ..sources import text_of
from . import functions
from .model import TermMap
from .templates import parse_template

if TYPE_CHECKING:
    from .term_code import TermCompiler


class Problem(NamedTuple):
    """A value a function could not read, or one it guessed at, for the run to note with its row."""

    rule: str
    function: str
    value: str
    reason: str
    guessed: bool = False


def function_call(compiler: "TermCompiler", term: TermMap) -> Callable[[Any], list[str]]:
    """An interpreted function call: each argument's values, every combination, flattened, with
    missing and unreadable values treated as ``functions.RULE`` says."""
    call = term.function
    assert call is not None
    try:
        fn = functions.lookup(call.name)
    except MappingError as exc:
        raise compiler.error(exc.message, term) from None
    args = [(functions.local_name(name), value_function(compiler, arg)) for name, arg in call.args]
    from_record = {functions.local_name(name) for name, arg in call.args if reads_record(arg)}
    where = compiler.where(term)
    display = functions.short_name(call.name)
    problems, rule = compiler.problems, compiler.rule

    def run(rec: Any) -> list[str]:
        present = fn.arguments({name: gen(rec) for name, gen in args}, from_record)
        if present is None:
            return []
        out: list[str] = []
        for combo in itertools.product(*present.values()):
            params = dict(zip(present, combo))
            try:
                result = fn(**params)
            except TypeError as exc:
                raise MappingError(f"{display} was called with the wrong parameters: {exc}",
                                   location=where, hint=functions.signature(call.name)) from None
            except functions.Unreadable as exc:
                value = params.get(exc.parameter, "")
                if exc.parameter not in from_record:
                    error = fn.mapping_error(exc, value)
                    error.location = where
                    raise error from None
                if problems is not None:
                    problems.append(Problem(rule, display, value, exc.reason))
                out.extend(exc.kept)
                continue
            except MappingError as exc:
                raise MappingError(exc.message, location=where, hint=exc.hint) from None
            if isinstance(result, functions.Guessed) and problems is not None:
                problems.append(Problem(rule, display, params.get(result.parameter, ""), result.how, guessed=True))
            out.extend(functions.values_of(result))
        return out
    return run


def reads_record(term: TermMap) -> bool:
    """Whether a term map's values come from the record (a reference, a template, or a function
    of those), as opposed to a constant the mapping writes."""
    if term.kind == "function" and term.function is not None:
        return any(reads_record(arg) for _, arg in term.function.args)
    return term.kind in ("reference", "template")


def value_function(compiler: "TermCompiler", term: TermMap) -> Callable[[Any], list[str]]:
    """The values of a term map as a plain function of a raw record (for function arguments)."""
    if term.kind == "constant":
        constant = [term.value or ""]
        return lambda rec: constant
    if term.kind == "function":
        return function_call(compiler, term)
    refs = term.references()
    accessors = {}
    for ref in refs:
        compiler.read(ref, term)
        accessors[ref] = compiler.records.accessor(ref)
    nulls = compiler.records.null_values

    def get(rec: Any, ref: str) -> list[str]:
        access = accessors[ref]
        if isinstance(access, int):
            value = rec[access]
            return [] if value in nulls else [value]
        return [text_of(v) for v in access(rec)]
    if term.kind == "reference":
        ref = term.value or ""
        return lambda rec: get(rec, ref)
    parts = parse_template(term.value or "")

    def expand(rec: Any) -> list[str]:
        results = [""]
        for is_ref, text in parts:
            if not is_ref:
                results = [r + text for r in results]
                continue
            vals = get(rec, text)
            if not vals:
                return []
            results = [r + v for r in results for v in vals]
        return results
    return expand

# terms: values made into N-Triples terms -------------------------------------------------
