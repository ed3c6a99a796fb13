"""Compiling term maps into Python source: the pieces of each generated line.

:class:`TermCompiler` turns a term map into :class:`Code`: a constant folded into the line, an
inline f-string piece guarded by its null test (a CSV cell), or a variable holding a value or a
list of values (JSON, XML, functions). ``compiler.py`` puts the pieces together into the
function for a whole triples map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..errors import Location, MappingError, SourceError
from ..sources import Records, text_of
from . import terms
from .calls import Problem, function_call
from .model import RefObjectMap, TermMap, TriplesMap
from .templates import TemplateError, parse_template

if TYPE_CHECKING:
    from .stats import MappingStats


@dataclass
class Code:
    """A compiled term: ``const`` (a Python literal of the final text), ``scalar`` (a variable
    holding a string or None), ``list`` (a variable holding a list of strings) or ``inline``
    (f-string ``pieces`` to splice into the line that uses it, valid when ``guard`` holds)."""

    mode: str
    expr: str = ""
    pieces: list = field(default_factory=list)
    guard: str | None = None


def _enc(encode: str, var: str) -> str:
    """Code encoding a string variable for an IRI, skipping the call for plain alphanumerics."""
    return f"({var} if {var}.isalnum() and {var}.isascii() else {encode}({var}))"


def _esc(expr: str) -> str:
    """Code escaping a string for a literal, skipping the call when nothing needs escaping.

    It holds no quotes or backslashes, so it can stand inside an f-string's braces (Python 3.11).
    """
    if not expr.isidentifier():
        return f"ESC({expr})"
    return f"({expr} if {expr}.isprintable() and Q not in {expr} and BS not in {expr} else ESC({expr}))"


def _fstring(parts: list[tuple[bool, str]]) -> str:
    """Python source of an f-string from (is_expression, text) parts."""
    body = "".join("{" + text + "}" if is_expr else text.replace("{", "{{").replace("}", "}}")
                   for is_expr, text in parts)
    return "f" + repr(body)


class TermCompiler:
    """Writes the code for the term maps of one triples map bound to one open :class:`Records`."""

    def __init__(self, tm: TriplesMap, records: Records, *, mapping_path: str, base_iri: str,
                 default_graph: str | None, join_index: Callable[[RefObjectMap], dict],
                 parent_of: Callable[[str], TriplesMap], fresh: Callable[[], int], fresh_prefix: str,
                 lineage: Any = None, lineage_id: int = 0, suffix: str = "",
                 value_lineage: frozenset[str] = frozenset(), stats: "MappingStats | None" = None):
        self.tm = tm
        #: appended to every name this compiler makes, so several triples maps can share one function
        self.suffix = suffix
        self.E = "E" + suffix
        self.depth0 = 0
        self.records = records
        self.mapping_path = mapping_path
        self.base = tm.base_iri if tm.base_iri is not None else base_iri
        self.default_tail = f" <{default_graph}> .\n" if default_graph else " .\n"
        self.join_index = join_index
        self.parent_of = parent_of
        self.fresh_prefix = fresh_prefix
        self.env: dict[str, Any] = {"FRESH": fresh, "TXT": text_of, "NAT": terms.natural,
                                    "ESC": terms.escape, "ENC": terms.iri_safe, "ENCU": terms.uri_safe, "BL": terms.blank_label,
                                    "Q": '"', "BS": "\\"}
        self.body: list[str] = []
        self.count = 0
        self.reads: dict[str, tuple[str, str]] = {}
        self.empty_rules: list[str] = ["records"]
        self.lineage = lineage
        self.lineage_id = lineage_id
        #: predicates (IRIs) whose every triple lineage notes with its value
        self.value_lineage = value_lineage
        #: CSV rows straight from the csv module (see CsvRecords.rows); start lines tracked for lineage and
        #: for the rows a run lists (a record of several lines is named by its first)
        self.rows = hasattr(records, "rows")
        self.pending_first = bool(getattr(records, "_first", None) is not None)
        self.tracks_lines = self.rows and (lineage is not None or stats is not None) and not getattr(records, "_lists", None)
        #: Python for the current record's place: a CSV start line (an int) or a locator string
        self.locator = "S0" if self.tracks_lines else "loc()"
        self.locator_text = 'f"line {S0}"' if self.tracks_lines else "loc()"
        nulls = records.null_values
        self.env["NULLS"] = nulls
        if not nulls:
            self.present = lambda v: "True"
        elif nulls == frozenset({""}):
            self.present = lambda v: v
        else:
            self.present = lambda v: f"{v} not in NULLS"

        #: where the rows this compiler notes come from, and the run's counts to note them in
        source = getattr(records, "source", tm.source)
        self.file = source.endpoint or source.path.name
        self.stats = stats
        #: the rule whose terms are being compiled, which problems with their values are counted under
        self.rule = tm.name
        #: values the functions of the current record could not read or guessed at, noted with its place
        #: (``values``)
        self.problems: list[Problem] | None = [] if stats is not None else None
        if stats is not None:
            self.env["PROBLEMS" + suffix] = self.problems
            self.env["UNREAD" + suffix] = self._note_unreadable

    def _note_unreadable(self, locator: str) -> None:
        assert self.stats is not None and self.problems is not None
        for rule, function, value, reason, guessed in self.problems:
            note = self.stats.note_guessed if guessed else self.stats.note_unreadable
            note(rule, self.file, locator, function, value, reason)
        self.problems.clear()

    # plumbing ------------------------------------------------------------------------------
    def var(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}{self.suffix}"

    def bind(self, obj: Any, prefix: str = "k") -> str:
        name = self.var(prefix)
        self.env[name] = obj
        return name

    def line(self, text: str, depth: int = 0) -> None:
        self.body.append("        " + "    " * (depth + self.depth0) + text)

    def where(self, term: TermMap | RefObjectMap | None = None) -> Location:
        line = getattr(term, "line", None) or self.tm.line
        rule = getattr(term, "rule", None) or self.tm.name
        return Location(self.mapping_path, line=line, rule=rule)

    def error(self, message: str, term=None, hint: str | None = None) -> MappingError:
        return MappingError(message, location=self.where(term), hint=hint)

    def count_empty(self, label: str) -> int:
        self.empty_rules.append(label)
        return len(self.empty_rules) - 1

    # reading references --------------------------------------------------------------------
    def read(self, reference: str, term: TermMap) -> tuple[str, str]:
        """('raw', var) for a cell that may be null, ('list', var) for a list of values."""
        if reference in self.reads:
            return self.reads[reference]
        try:
            access = self.records.accessor(reference)
        except SourceError as exc:
            file = getattr(self.records, "source", self.tm.source).path.name
            raise MappingError(f"{file}: {exc.message}", location=self.where(term),
                               hint=exc.hint) from None
        var = self.var("r")
        if isinstance(access, int):
            self.line(f"{var} = rec[{access}]")
            found = ("raw", var)
        else:
            self.line(f"{var} = {self.bind(access, 'acc')}(rec)")
            found = ("list", var)
        self.reads[reference] = found
        return found

    # values: the text a term map yields, before it becomes an RDF term ------------------------
    def values(self, term: TermMap) -> Code:
        if term.kind == "constant":
            return Code("const", repr(term.value or ""))
        if term.kind == "reference":
            mode, var = self.read(term.value or "", term)
            if mode == "raw":
                guard = self.present(var)
                return Code("inline", pieces=[(True, var)], guard=None if guard == "True" else guard)
            out = self.var("v")
            self.line(f"{out} = [TXT(x) for x in {var}]")
            return Code("list", out)
        if term.kind == "template":
            return self.template(term, encode=None)
        if term.kind == "function":
            fn = self.bind(function_call(self, term), "fn")
            out = self.var("v")
            self.line(f"{out} = {fn}(rec)")
            if self.problems is not None:
                self.line(f"if PROBLEMS{self.suffix}: UNREAD{self.suffix}({self.locator_text})")
            return Code("list", out)
        raise self.error("a fresh blank node has no value to use here", term)

    def template(self, term: TermMap, *, encode: str | None, wrap: tuple[str, str] = ("", "")) -> Code:
        """A template's text; ``encode`` names a function applied to each value (ENC for IRIs)."""
        try:
            parts = parse_template(term.value or "")
        except TemplateError as exc:
            raise self.error(f"invalid template: {exc}", term) from None
        pieces: list[tuple[bool, str]] = [(False, wrap[0])]
        guards, loops = [], []
        for is_ref, text in parts:
            if not is_ref:
                pieces.append((False, text))
                continue
            mode, var = self.read(text, term)
            if mode == "raw":
                guards.append(self.present(var))
                pieces.append((True, _enc(encode, var) if encode else var))
            else:
                item = self.var("x")
                loops.append(f"for {item} in {var}")
                pieces.append((True, f"{encode}(TXT({item}))" if encode else f"TXT({item})"))
        pieces.append((False, wrap[1]))
        fstring = _fstring([p for p in pieces if p[0] or p[1]]) if any(p[1] for p in pieces) else "''"
        out = self.var("v")
        condition = " and ".join(g for g in guards if g != "True")
        if loops:
            comprehension = f"[{fstring} {' '.join(loops)}]"
            self.line(f"{out} = {comprehension} if {condition} else []" if condition else f"{out} = {comprehension}")
            return Code("list", out)
        self.count -= 1
        return Code("inline", pieces=[p for p in pieces if p[0] or p[1]], guard=condition or None)

    def materialise(self, code: Code) -> Code:
        """An inline term computed once into a variable (for terms used more than once)."""
        if code.mode != "inline":
            return code
        out = self.var("v")
        fstring = _fstring(code.pieces) if code.pieces else "''"
        self.line(f"{out} = {fstring} if {code.guard} else None" if code.guard else f"{out} = {fstring}")
        return Code("scalar", out)

    def term(self, term: TermMap, *, position: str) -> Code:
        term_type = term.term_type or ("literal" if position == "object" else "iri")
        if position in ("subject", "predicate", "graph") and term_type == "literal":
            raise self.error(f"a {position} cannot be a literal", term)
        if position in ("predicate", "graph") and term_type == "blank":
            raise self.error(f"a {position} cannot be a blank node", term)
        if term.kind == "fresh":
            out = self.var("t")
            self.line(f"{out} = {self.fresh_prefix!r} + str(FRESH())")
            return Code("scalar", out)
        if term.kind == "constant":
            return Code("const", repr(self.constant(term, term_type, position)))
        if term_type == "literal":
            return self.literal(term)
        if term_type == "blank":
            if term.kind == "template":
                code = self.template(term, encode=None)
            else:
                code = self.values(term)
            return self.map_code(code, lambda v: f"'_:b' + BL({v})")
        return self.iri(term, unsafe=term_type == "unsafe_iri", encode="ENCU" if term_type == "uri" else "ENC")

    def constant(self, term: TermMap, term_type: str, position: str) -> str:
        value = term.value or ""
        if term_type == "literal":
            if term.language_map is not None or term.datatype_map is not None:
                raise self.error("a constant literal takes a constant language or datatype", term)
            return self.literal_text(repr(value), term, constant=True)
        if term_type == "blank":
            raise self.error("a constant cannot be a blank node: every record would share it; use a "
                             "template or a fresh blank node", term)
        full = value if terms.has_scheme(value) else self.base + value
        if not terms.is_absolute_iri(full):
            raise self.error(f"'{full}' is not a valid IRI", term,
                             hint="percent-encode spaces and other unsafe characters, or set a base IRI")
        return f"<{full}>"

    def literal_text(self, expr: str, term: TermMap, *, constant: bool = False) -> str:
        """For a constant literal, the finished term; otherwise the Python source making it."""
        pieces = self.literal_pieces(expr, term, constant=constant)
        return pieces[0][1] if constant else _fstring(pieces)

    def literal_pieces(self, expr: str, term: TermMap, *, constant: bool = False) -> list[tuple[bool, str]]:
        language, datatype = term.language, term.datatype
        if language is not None and not terms.is_language_tag(language):
            raise self.error(f"'{language}' is not a valid language tag", term,
                             hint="a BCP 47 tag such as nl, en, fr-BE")
        if datatype is not None and not terms.is_absolute_iri(datatype):
            full = self.base + datatype
            if not terms.is_absolute_iri(full):
                raise self.error(f"the datatype '{datatype}' is not a valid IRI", term)
            datatype = full
        suffix = f"@{language}" if language else (f"^^<{datatype}>" if datatype else "")
        if constant:
            return [(False, '"' + terms.escape(eval(expr)) + '"' + suffix)]  # noqa: S307 - a repr() we made
        return [(False, '"'), (True, _esc(expr)), (False, '"' + suffix)]

    def literal(self, term: TermMap) -> Code:
        if term.language_map is not None or term.datatype_map is not None:
            return self.mapped_literal(term)
        plain = term.language is None and term.datatype is None
        if term.kind == "reference":
            mode, var = self.read(term.value or "", term)
            if mode == "raw":
                guard = self.present(var)
                return Code("inline", pieces=self.literal_pieces(var, term), guard=None if guard == "True" else guard)
            out = self.var("t")
            if plain:
                self.line(f"{out} = [NAT(x) for x in {var}]")
            else:
                self.line(f"{out} = [{self.literal_text('TXT(x)', term)} for x in {var}]")
            return Code("list", out)
        code = self.values(term)
        return self.map_code(code, lambda v: self.literal_text(v, term))

    def mapped_literal(self, term: TermMap) -> Code:
        code = self.values(term)
        if term.language_map is not None:
            tags = self.values(term.language_map)
            check = self.bind(self.language_check(term.language_map), "lang")
            if tags.mode == "const":
                tags = Code("const", repr(self.language_check(term.language_map)(eval(tags.expr))))  # noqa: S307
            joiner, wrap = '"@', (lambda t: f"{check}({t})")
        else:
            assert term.datatype_map is not None
            tags = self.iri(term.datatype_map, unsafe=False)
            joiner, wrap = '"^^', (lambda t: t)
        code, tags = self.materialise(code), self.materialise(tags)
        out = self.var("t")
        loops, guards, pieces = [], [], []
        for c, make in ((code, _esc), (tags, wrap)):
            if c.mode == "list":
                item = self.var("x")
                loops.append(f"for {item} in {c.expr}")
                pieces.append((True, make(item)))
            elif c.mode == "scalar":
                guards.append(f"{c.expr} is not None")
                pieces.append((True, make(c.expr)))
            else:
                pieces.append((False, eval(c.expr) if c is tags else terms.escape(eval(c.expr))))  # noqa: S307
        expr = _fstring([(False, '"'), pieces[0], (False, joiner), pieces[1]])
        condition = " and ".join(guards)
        comprehension = f"[{expr} {' '.join(loops)}]"
        self.line(f"{out} = {comprehension} if {condition} else []" if condition else f"{out} = {comprehension}")
        return Code("list", out)

    def language_check(self, term: TermMap) -> Callable[[str], str]:
        where = self.where(term)

        def check(tag: str) -> str:
            if not terms.is_language_tag(tag):
                raise MappingError(f"'{tag}' is not a valid language tag", location=where,
                                   hint="a BCP 47 tag such as nl, en, fr-BE")
            return tag
        return check

    def iri(self, term: TermMap, *, unsafe: bool, encode: str = "ENC") -> Code:
        if term.kind == "constant":
            return Code("const", repr(self.constant(term, "iri", "object")))
        if term.kind == "template" and not unsafe:
            try:
                parts = parse_template(term.value or "")
            except TemplateError as exc:
                raise self.error(f"invalid template: {exc}", term) from None
            head = "" if not parts or parts[0][0] else parts[0][1]
            static = terms.has_scheme(head) and all(terms.is_iri_text(t) for is_ref, t in parts if not is_ref)
            if static:
                return self.template(term, encode=encode, wrap=("<", ">"))
            code = self.template(term, encode=encode)
        elif term.kind == "template":
            code = self.template(term, encode=None)
        else:
            code = self.values(term)
        check = self.bind(self.iri_check(term, unsafe=unsafe), "iri")
        return self.map_code(code, lambda v: f"{check}({v})")

    def iri_check(self, term: TermMap, *, unsafe: bool) -> Callable[[str], str]:
        base, where = self.base, self.where(term)

        def check(value: str) -> str:
            if getattr(value, "blank", False):      # a blank node of an RDF source stays one
                return terms.blank(value)
            full = value if terms.has_scheme(value) else base + value
            if unsafe or terms.is_absolute_iri(full):
                return f"<{full}>"
            raise MappingError(f"'{full}' is not a valid IRI", location=where,
                               hint="percent-encode spaces and other unsafe characters, or set a base IRI")
        return check

    def map_code(self, code: Code, make: Callable[[str], str]) -> Code:
        code = self.materialise(code)
        out = self.var("t")
        if code.mode == "const":
            self.line(f"{out} = {make(code.expr)}")
            return Code("scalar", out)
        if code.mode == "scalar":
            self.line(f"{out} = {make(code.expr)} if {code.expr} is not None else None")
            return Code("scalar", out)
        self.line(f"{out} = [{make('x')} for x in {code.expr}]")
        return Code("list", out)

    # graphs --------------------------------------------------------------------------------
