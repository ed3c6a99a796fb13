"""A proposed mapping as data (sources, triples maps, rules, each with its comments) and as YARRRML text.

The text is written by hand rather than by a YAML library so that every rule can carry the
comment that says why it is there; every value is quoted as JSON, which YAML reads as it is.

>>> rule = Rule("crm:P102_has_title", "$(titel)", language="nl", notes=("column 'titel': text in 3 of 3 values",))
>>> print("\\n".join(rule.lines(6)))
      # column 'titel': text in 3 of 3 values
      - [crm:P102_has_title, "$(titel)", nl~lang]
>>> date = Rule("crm:P4_has_time-span", Call("cg:edtf", (("cg:value", "$(datum)"),)), datatype="edtf:EDTF")
>>> print("\\n".join(date.lines(6)))
      - p: crm:P4_has_time-span
        o:
          function: cg:edtf
          parameters:
            - [cg:value, "$(datum)"]
          datatype: edtf:EDTF
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


def quoted(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted form, which YAML reads unchanged."""
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Call:
    """A function call: ``cg:edtf`` with ``(("cg:value", "$(datum)"),)``; a parameter may be a call."""

    function: str
    parameters: tuple[tuple[str, "str | Call"], ...]

    def flow(self) -> str:
        """The call on one line: ``{function: cg:slug, parameters: [[cg:value, "$(x)"]]}``."""
        return "{function: %s, parameters: [%s]}" % (self.function, ", ".join(
            f"[{name}, {value.flow() if isinstance(value, Call) else quoted(value)}]" for name, value in self.parameters))

    def lines(self, indent: int) -> list[str]:
        pad = " " * indent
        out = [f"{pad}function: {self.function}", f"{pad}parameters:"]
        for name, value in self.parameters:
            out.append(f"{pad}  - [{name}, {value.flow() if isinstance(value, Call) else quoted(value)}]")
        return out


@dataclass(frozen=True)
class Rule:
    """One predicate and its object: a template or reference, or a call; a literal, an IRI or a blank node."""

    predicate: str
    value: "str | Call"
    term: str = "literal"          # literal, iri or blank
    #: a language tag, or a call that gives each value's (a language map)
    language: "str | Call | None" = None
    datatype: str | None = None
    notes: tuple[str, ...] = ()

    def lines(self, indent: int) -> list[str]:
        """The rule in YARRRML, its notes as comments above it.

        >>> guess = Call("cg:likelyLanguage", (("cg:value", "$(tekst)"),))
        >>> print("\\n".join(Rule("dct:description", "$(tekst)", language=guess).lines(0)))
        - p: dct:description
          o:
            value: "$(tekst)"
            language: {function: cg:likelyLanguage, parameters: [[cg:value, "$(tekst)"]]}
        """
        pad = " " * indent
        out = [f"{pad}# {note}" for note in self.notes]
        if isinstance(self.value, Call) or isinstance(self.language, Call):
            out += [f"{pad}- p: {self.predicate}", f"{pad}  o:"]
            if isinstance(self.value, Call):
                out += self.value.lines(indent + 4)
            else:
                out.append(f"{pad}    value: {quoted(self.value)}")
            if self.term != "literal":
                out.append(f"{pad}    type: {self.term}")
            if self.language:
                language = self.language.flow() if isinstance(self.language, Call) else self.language
                out.append(f"{pad}    language: {language}")
            if self.datatype:
                out.append(f"{pad}    datatype: {self.datatype}")
            return out
        value = self.value if self.term == "literal" else f"{self.value}~{self.term}"
        extra = f", {self.language}~lang" if self.language else f", {self.datatype}" if self.datatype else ""
        out.append(f"{pad}- [{self.predicate}, {quoted(value)}{extra}]")
        return out


@dataclass
class TriplesMap:
    """A triples map: a subject (template or call) and its rules, with the comments above it."""

    name: str
    source: str
    subject: "str | Call"
    classes: tuple[str, ...] = ()
    rules: list[Rule] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"  # {note}" for note in self.notes]
        out += [f"  {self.name}:", f"    sources: {self.source}"]
        if isinstance(self.subject, Call):
            out += ["    s:"] + self.subject.lines(6)
        else:
            out.append(f"    s: {quoted(self.subject)}")
        out.append("    po:")
        out += [f"      - [a, {cls}]" for cls in self.classes]
        for rule in self.rules:
            out += rule.lines(6)
        return out


@dataclass
class Source:
    """A YARRRML source: the file (relative to the mapping), how to read it, and why."""

    name: str
    access: str
    formulation: str
    iterator: str | None = None
    options: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def lines(self, access: str | None = None) -> list[str]:
        out = [f"  # {note}" for note in self.notes]
        out += [f"  {self.name}:", f"    access: {quoted(access or self.access)}",
                f"    referenceFormulation: {self.formulation}"]
        if self.iterator:
            out.append(f"    iterator: {quoted(self.iterator)}")
        for key, value in self.options.items():
            out.append(f"    {key}: {_flow(value)}")
        return out


def _flow(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quoted(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return quoted(str(value))


@dataclass
class MappingText:
    """A whole proposed mapping: comments at the top, prefixes, sources, triples maps, and at the end
    the fields it leaves unmapped, so nothing the export holds is dropped without a word."""

    header: list[str]
    base: str
    sources: list[Source]
    maps: list[TriplesMap]
    prefixes: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)

    def text(self, access: str | None = None) -> str:
        """The YARRRML; ``access`` reads the export from another path (to try the mapping elsewhere)."""
        out = [f"# {line}".rstrip() for line in self.header]
        if self.prefixes:
            out += ["prefixes:"] + [f"  {p}: {quoted(iri)}" for p, iri in self.prefixes.items()]
        out += [f"base: {quoted(self.base)}", "", "sources:"]
        for source in self.sources:
            out += source.lines(access)
        out += ["", "mappings:"]
        for index, triples_map in enumerate(self.maps):
            if index:
                out.append("")
            out += triples_map.lines()
        if self.unmapped:
            out += ["", "# Not mapped (each is in the export; add a rule above to use it):"]
            out += [f"#   {line}" for line in self.unmapped]
        return "\n".join(out) + "\n"
