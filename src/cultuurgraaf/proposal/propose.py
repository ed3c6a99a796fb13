"""A proposed mapping for a profiled export: the record's thing, its identifier, its own properties.

Every rule carries the comment that says what the profile saw; what no rule uses is listed at the
end of the mapping. Related things (makers, keepers, venues, concepts) are in ``related.py``,
composite parts (addresses, time-spans, prices) in ``parts.py``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Location, SourceError
from ..sources.marc_reader import MARC
from ..vocab import LIDO, OAI_DC
from .forms import AUTHORITY_FORMS, URL_FORMS, describe
from .kinds import CLASSES, KindGuess, guess_kind
from .profile import FieldProfile, Profile
from .roles import Match, classify, shallow
from .parts import Parts
from .related import Related
from .texts import Texts
from .trial import Reading, reading
from .yaml_text import Call, MappingText, Rule, Source, TriplesMap

PREFIXES = {"aat": "http://vocab.getty.edu/aat/"}
DEFAULT_LANGUAGE = "nl"


@dataclass
class Proposal:
    """A proposed mapping, the guesses behind it, and what it leaves unmapped."""

    name: str
    kind: KindGuess
    profile: Profile
    mapping: MappingText
    #: one line per guess, for the command's output
    guesses: list[str] = field(default_factory=list)
    #: the built-in kind that reads the export as it is, if one does
    standard: str | None = None

    @property
    def text(self) -> str:
        return self.mapping.text()


#: Standard formats by what gives them away (a namespace), named as the built-in kinds (``kinds/``) are.
STANDARD_NAMESPACES = {LIDO.iri: "lido", MARC: "marc21", OAI_DC.iri: "oai-dc"}


def standard_format(profile: Profile) -> str | None:
    """The built-in kind that reads this export without a mapping of one's own, if there is one.

    LIDO, MARCXML and Dublin Core by their namespaces; the event database's JSON by its ids (a
    ``cdbid`` of the search API v2, or ``@id``s at io.uitdatabank.be); an OSLO event stream by its
    members' ``@id`` and ``isVersionOf``.
    """
    from ..kinds import KINDS

    found = [STANDARD_NAMESPACES[uri] for _, uri in profile.export.namespaces if uri in STANDARD_NAMESPACES]
    fields = profile.present()
    if profile.export.format == "json" and any(
            fp.field.reference == "$.cdbid" or any(v.startswith("https://io.uitdatabank.be/") for v in
                                                   list(fp.distinct or ())[:20]) for fp in fields):
        found.append("uitdatabank")
    if profile.export.format in ("json", "ndjson") and any("isVersionOf" in fp.field.reference for fp in fields) \
            and any(fp.field.reference == "$['@id']" for fp in fields):
        found.append("oslo-ldes")
    return next((name for name in found if name in KINDS), None)


def propose(profile: Profile, *, name: str, mapping_folder: Path, kind: str | None = None,
            base_iri: str = "https://data.cultuurgraaf.be/") -> Proposal:
    """A mapping for ``profile``'s export onto the model of ``kind`` (guessed when None), written to be
    saved in ``mapping_folder`` (its source path is relative to it)."""
    guess = guess_kind(profile, kind)
    builder = Builder(profile, guess.kind, name, os.path.relpath(profile.export.path, mapping_folder))
    builder.build()
    header = builder.header(guess)
    standard = standard_format(profile)
    if standard is not None:
        builder.guesses.insert(0, f"note: this is a standard format: `format = \"{standard}\"` in the [[sources]] "
                                  "entry reads it without a mapping of your own (`cultuurgraaf mapping kinds` lists "
                                  "them); this proposal is a start for what that leaves out")
        header.insert(1, f"The built-in format '{standard}' reads this export without a mapping: format = \"{standard}\".")
    mapping = MappingText(header=header, base=base_iri, sources=builder.sources, maps=builder.maps,
                          prefixes={p: PREFIXES[p] for p in builder.prefixes}, unmapped=builder.unmapped_lines())
    return Proposal(name, guess, profile, mapping, guesses=guess.lines() + builder.guesses, standard=standard)


class Builder:
    """Puts the profiled fields to use in the model of one kind."""

    def __init__(self, profile: Profile, kind: str, name: str, access: str):
        self.profile, self.kind, self.name, self.access = profile, kind, name, access
        self.fields = profile.present()
        self.matches: dict[str, Match | None] = {fp.field.reference + str(fp.field.when): _by_values(
            classify(fp.field, kind), fp) for fp in self.fields}
        self.used: set[int] = set()
        self.sources: list[Source] = []
        self.maps: list[TriplesMap] = []
        self.prefixes: set[str] = set()
        self.guesses: list[str] = []
        self.hints: dict[int, str] = {}
        self.main: TriplesMap | None = None
        self.id: FieldProfile | None = None
        self.iri_id = False

    # -- reading fields -------------------------------------------------------------------------------
    def match(self, fp: FieldProfile) -> Match | None:
        return self.matches[fp.field.reference + str(fp.field.when)]

    def role(self, role: str, part: str = "") -> list[FieldProfile]:
        """The unused fields whose names say ``role`` (and ``part``): the best named first, then the most filled."""
        found = [fp for fp in self.fields if id(fp) not in self.used and (m := self.match(fp)) is not None
                 and m.role == role and m.part == part]
        return sorted(found, key=lambda fp: (self.match(fp).rank, -fp.records))

    def take(self, fp: FieldProfile) -> FieldProfile:
        self.used.add(id(fp))
        return fp

    def value(self, fp: FieldProfile) -> "str | Call":
        """The reference to a field, as a rule reads it: trimmed where values are padded, and for a
        long file only on the rows of its attribute (``cg:when``)."""
        reference = fp.field.reference
        if self.profile.export.format == "csv":
            reference = reference.replace("(", "\\(").replace(")", "\\)")
        expression: str | Call = f"$({reference})"
        if fp.field.when is not None:
            attribute, equals = fp.field.when
            expression = Call("cg:when", (("cg:value", expression), ("cg:test", f"$({attribute})"),
                                          ("cg:equals", equals)))
        if fp.padded:
            expression = Call("cg:trim", (("cg:value", expression),))
        return expression

    def seen(self, fp: FieldProfile, form: str | None = None, why: str = "") -> str:
        """"column 3 holds DD/MM/YYYY dates in 4,135 of 4,135 values" (and why it was chosen)."""
        forms = [form] if form else [f for f, n in fp.forms.most_common(2) if n >= 0.1 * fp.values]
        text = f"{fp.field.label}: " + ", ".join(f"{describe(f)} in {fp.count(f):,}" for f in forms) + \
            f" of {fp.values:,} values"
        if fp.records != self.profile.records:
            text += f" ({fp.records:,} of {self.profile.records:,} {self.profile.unit} have one)"
        if fp.padded:
            text += f"; {fp.padded:,} padded with spaces, trimmed"
        return text + (f"; {why}" if why else "")

    def reads(self, function: str, fp: FieldProfile, iri: bool = False) -> Reading:
        """What ``function`` reads of the field's distinct values (a valid IRI when ``iri``): the
        proposal's functions are tried on the export's own values."""
        return reading(function, fp.distinct or (), iri=iri)

    def language(self, fp: FieldProfile) -> tuple[str, str]:
        """The language of a text field and how it is known (a guess where the export does not say)."""
        return self.said_language(fp) or (DEFAULT_LANGUAGE, f"language {DEFAULT_LANGUAGE} is a guess: the export "
                                                            "does not say; edit it")

    def said_language(self, fp: FieldProfile) -> tuple[str, str] | None:
        """The language the export gives a text field (by its name, or a field beside it), and how."""
        if fp.field.language:
            return fp.field.language, f"language {fp.field.language} from its name"
        sibling = self.language_sibling(fp)
        if sibling is not None:
            values = sorted(sibling.distinct or ())
            if len(values) == 1 and _language_tag(values[0]):
                self.take(sibling)
                return values[0], f"language {values[0]} from {sibling.field.label} (the only one it holds)"
        return None

    def language_sibling(self, fp: FieldProfile) -> FieldProfile | None:
        """A field beside this one that holds its language (``lang``, ``@language``)."""
        reference = fp.field.reference
        parent = reference[:max(reference.rfind("."), reference.rfind("['"), reference.rfind("/"))]
        for other in self.fields:
            rest = other.field.reference[len(parent):]
            if other is not fp and other.field.reference.startswith(parent) and rest.strip(".[]'/@") in (
                    "lang", "language", "taal", "@language", "xml:lang"):
                return other
        return None

    # -- the record's thing ---------------------------------------------------------------------------
    def build(self) -> None:
        self.main_source()
        self.subject()
        Texts(self).build()
        Related(self).build()
        Parts(self).build()

    def main_source(self) -> None:
        export = self.profile.export
        options: dict = {}
        notes = [f"{export.path.name}: {self.profile.records:,} {self.profile.unit}"]
        if export.format == "csv":
            formulation = "csv"
            if export.delimiter != ",":
                options["delimiter"] = export.delimiter
            if not export.header:
                options["header"] = False
            notes.append(f"separated by a {export.delimiter_name}; {export.header_note}")
            if not export.header:
                notes.append("without a header, columns are named by position from 1: $(1), $(2), ...")
        else:
            formulation = {"json": "jsonpath", "ndjson": "ndjson", "xml": "xpath"}[export.format]
            notes.append(f"records: {export.iterator_note}")
        if export.encoding != "utf-8":
            options["encoding"] = export.encoding
        notes.append(f"encoding: {export.encoding_note}")
        if export.namespaces:
            options["namespaces"] = dict(export.namespaces)
        if self.profile.null_values != ("",):
            options["null"] = list(self.profile.null_values)
            notes.append(f"no value: {self.profile.null_note}")
        versions = self.versions()
        if versions:
            options["versions"] = {"of": versions[0].field.reference, "at": versions[1].field.reference}
            notes.append(f"a stream of versions: only the latest of each {versions[0].field.label} is kept "
                         f"(by {versions[1].field.label}); the older ones are counted, not mapped")
        self.sources.append(Source(self.name, self.access, formulation, export.iterator, options, notes))

    def versions(self) -> tuple[FieldProfile, FieldProfile] | None:
        """The version-of and version-time fields of a stream of versions (LDES members), if any."""
        if self.profile.export.format not in ("json", "ndjson"):
            return None
        of = [fp for fp in self.fields if {"version", "of"} <= set(fp.field.words) and fp.most == 1
              and fp.records == self.profile.records and not fp.unique]
        at = [fp for fp in self.fields if fp.field.words[-3:] in (("generated", "at", "time"),) or
              fp.field.words[-1:] == ("modified",)]
        return (self.take(of[0]), self.take(at[0])) if of and at else None

    def subject(self) -> None:
        fp, why = self.choose_id()
        self.id = fp
        kind, name = self.kind, self.name
        self.iri_id = fp.share(*URL_FORMS) >= 0.9 and self._unique_last_segments(fp)
        if self.iri_id:
            why += "; its IRIs' last segments are unique too, and make the refs"
        notes = [f"one {kind} a {'thing' if self.profile.long else 'record'}: {CLASSES[kind]}",
                 f"the IRI: {self.seen(fp, why=why)}"]
        self.guesses.append(f"identifier: {fp.field.label} ({why})")
        self.main = TriplesMap(kind, name, self.subject_for(), (CLASSES[kind],), notes=notes)
        self.maps.append(self.main)
        label = f"_:{name}-id-$({fp.field.reference})"
        self.main.rules.append(Rule("adms:identifier", label, term="blank",
                                    notes=(f"the {name} number as an identifier (adms:Identifier)",)))
        self.maps.append(TriplesMap("identificator", name, label, ("adms:Identifier",), rules=[
            Rule("skos:notation", self.value(fp)),
            Rule("adms:schemaAgency", name, notes=("who issued the number: the source's name for now; write the "
                                                   "organisation's name",))]))
        if fp.share(*URL_FORMS) >= 0.9 and self.reads("cg:urls", fp, iri=True).all:
            self.main.rules.append(Rule("owl:sameAs", Call("cg:urls", (("cg:value", self.value(fp)),)), term="iri",
                                        notes=("the source's own IRI for the thing",)))

    def subject_for(self, how=None, prefix: str | None = None) -> "str | Call":
        """The IRI of the record's thing (or, with ``prefix``, of its production), from the main source
        or from an item source (``how``, see related.py), whose XPath reaches back with ``../``."""
        fp = self.id
        if how is not None and how != "csv" and how[0] == "xml":
            depth = how[1].count("/") + 1
            fp = replace(fp, field=replace(fp.field, reference="../" * depth + fp.field.reference))
        value = self.value(fp)
        prefix = prefix or f"id/{self.kind}/{self.name}-"
        if self.iri_id:
            return Call("cg:lastSegment", (("cg:value", value), ("cg:prefix", prefix)))
        if isinstance(value, Call):
            return Call("cg:concat", (("cg:value", prefix), ("cg:value2", value)))
        return f"{prefix}{value}"

    def production(self) -> TriplesMap:
        """The object's production (made once, when a maker or a date needs it)."""
        for triples_map in self.maps:
            if triples_map.name == "productie":
                return triples_map
        subject = self.subject_for(prefix=f"id/productie/{self.name}-")
        self.main.rules.append(Rule("crm:P108i_was_produced_by", subject, term="iri", notes=("its production",)))
        production = TriplesMap("productie", self.name, subject, ("crm:E12_Production",),
                                rules=[Rule("crm:P108_has_produced", self.subject_for(), term="iri")])
        self.maps.append(production)
        return production

    def production_subject(self, how) -> "str | Call":
        return self.subject_for(how, prefix=f"id/productie/{self.name}-")

    def choose_id(self) -> tuple[FieldProfile, str]:
        """The field that names each record: unique and in every record where one is."""
        if self.profile.long:
            fp = next(p for p in self.fields if p.field.reference == self.profile.long[0] and not p.field.when)
            return self.take(fp), (f"a long file: each {fp.field.label} has its attributes on several rows "
                                   f"({self.profile.records:,} things), which all add to one {self.kind}")
        every = [fp for fp in self.fields if fp.records == self.profile.records and fp.most == 1]
        named = [fp for fp in every if (m := self.match(fp)) is not None and m.role == "id" and shallow(fp.field)]
        version = [fp for fp in self.fields if {"version", "of"} <= set(fp.field.words) and id(fp) in self.used]
        if version:
            self.used.discard(id(version[0]))
            return self.take(version[0]), "the object each version is of"
        for fp in named:
            if fp.unique:
                return self.take(fp), f"its name says id and its {fp.values:,} values are unique"
        for fp in sorted(every, key=lambda p: p.spaced > 0.5):
            if fp.unique and fp.average_length <= 80 and fp.main_form() not in ("html",):
                return self.take(fp), (f"unique in all {fp.values:,} {self.profile.unit}" +
                                       ("" if not named else f"; {named[0].field.label} is not"))
        candidates = named or every or sorted(self.fields, key=lambda p: -p.records)
        if not candidates:
            raise SourceError("the export holds no values at all: there is nothing to map",
                              location=Location(str(self.profile.export.path)))
        fp = candidates[0]
        distinct = fp.distinct_count
        why = (f"NOT unique: {distinct:,} distinct values in {fp.values:,} values, so {self.profile.unit} that share "
               f"a value become one {self.kind} (check that this is what you want)" if distinct is not None
               else "the best there is: check it")
        if fp.records < self.profile.records:
            why += (f"; only {fp.records:,} of {self.profile.records:,} {self.profile.unit} have one, the others "
                    "make nothing")
        return self.take(fp), why

    def _unique_last_segments(self, fp: FieldProfile) -> bool:
        values = list(fp.distinct or ())
        segments = {v.rstrip("/").rsplit("/", 1)[-1] for v in values}
        return bool(values) and len(segments) == len(values) and all(segments)

    # -- what is left ---------------------------------------------------------------------------------
    def header(self, guess: KindGuess) -> list[str]:
        export = self.profile.export
        return [f"A mapping proposed by `cultuurgraaf init` for {export.path.name}: read it, edit it, run it.",
                "Every guess is a comment that says what it saw; the fields no rule uses are listed at the end.",
                *guess.lines(),
                "Check it: cultuurgraaf map <this file> --format turtle | less; cultuurgraaf validate <this file>"]

    def unmapped_lines(self) -> list[str]:
        lines = list(self.profile.unmappable)
        for fp in self.fields:
            if id(fp) in self.used:
                continue
            forms = ", ".join(f"{describe(f)} {n:,}" for f, n in fp.forms.most_common(3))
            line = f"{fp.field.label}: {forms}, such as {fp.examples[fp.main_form()][:40]!r}"
            if fp.records != self.profile.records:
                line += f" ({fp.records:,} of {self.profile.records:,} {self.profile.unit})"
            if id(fp) in self.hints:
                line += f"; {self.hints[id(fp)]}"
            elif (match := self.match(fp)) is not None:
                line += f"; its name suggests the {match.says()}, which this proposal does not map"
            if (separator := fp.list_separator()) is not None and fp.main_form() == "text":
                split = Call("cg:splitNames", (("cg:value", self.value(fp)), ("cg:separator", separator)))
                line += (f"; {fp.lists[separator]:,} values are lists with {separator!r}: {split.flow()} gives one "
                         "value each, with 'Surname, Given name' kept whole")
            lines.append(line)
        for fp in self.profile.fields.values():
            if not fp.values and fp.field.mappable:
                lines.append(f"{fp.field.label}: empty in every {self.profile.unit[:-1]}")
        return lines


def _by_values(match: Match | None, fp: FieldProfile) -> Match | None:
    """A part of a related thing that holds IRIs or authority ids is its id (``beheerder``: Q1809071)."""
    if match is not None and match.part in ("name", "other") and match.role != "sameas" \
            and fp.share(*URL_FORMS, *AUTHORITY_FORMS, "aat") >= 0.9:
        return replace(match, part="id")
    return match


def _language_tag(text: str) -> bool:
    return bool(re.fullmatch(r"[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*", text))

