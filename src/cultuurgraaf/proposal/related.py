"""Related things of a proposal: makers, keepers, venues, organisers, concepts (types, materials,
collections), each a thing of its own with a name, linked from the record's thing.

Where a record has several (a list cell, a JSON list, repeated XML elements), the related things
are read from a source of their own that gives one record per item: CSV ``lists``, JSON
``nested``, or an XPath iterator at the item (which reaches back to the record's id with ``../``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .forms import URL_FORMS
from .profile import FieldProfile
from .trial import TRIED, attempt
from .yaml_text import Call, Rule, Source, TriplesMap


@dataclass(frozen=True)
class Kind:
    """How a related role enters the model: the predicate, the kind or concept scheme of the target,
    its classes, the predicate of its name, and whether it hangs on the production (a maker)."""

    predicate: str
    target: str
    classes: tuple[str, ...]
    label: str
    language: bool = True
    on_production: bool = False


CONCEPT = ("skos:Concept",)
USES: dict[str, dict[str, Kind]] = {
    "erfgoedobject": {
        "type": Kind("crm:P2_has_type", "concept:objectnaam", CONCEPT, "skos:prefLabel"),
        "material": Kind("crm:P45_consists_of", "concept:materiaal", CONCEPT, "skos:prefLabel"),
        "collection": Kind("crm:P46i_forms_part_of", "concept:collectie", CONCEPT + ("crm:E78_Curated_Holding",),
                           "skos:prefLabel"),
        "keeper": Kind("crm:P50_has_current_keeper", "organisatie", ("org:Organization",), "skos:prefLabel"),
        "maker": Kind("crm:P14_carried_out_by", "actor", ("dct:Agent",), "rdfs:label", on_production=True),
    },
    "activiteit": {
        "type": Kind("dct:type", "concept:activiteittype", CONCEPT, "skos:prefLabel"),
        "location": Kind("prov:atLocation", "locatie", ("prov:Location",), "rdfs:label"),
        "organiser": Kind("crm:P14_carried_out_by", "organisatie", ("org:Organization",), "skos:prefLabel"),
    },
    "organisatie": {"type": Kind("org:classification", "concept:organisatietype", CONCEPT, "skos:prefLabel")},
    "locatie": {"type": Kind("dct:type", "concept:locatietype", CONCEPT, "skos:prefLabel")},
    "persoon": {},
}


class Related:
    """Adds the related things of a :class:`~.propose.Builder`'s record to its mapping."""

    def __init__(self, builder):
        self.b = builder

    def build(self) -> None:
        for role, use in USES[self.b.kind].items():
            names, ids = self.b.role(role, "name"), self.b.role(role, "id")
            if not names and not ids:
                if role == "keeper":
                    self.b.main.notes.append("NO keeper: no field names the organisation that keeps the objects; the "
                                             "shapes ask for one (crm:P50_has_current_keeper to an org:Organization)")
                continue
            name = self.b.take(names[0]) if names else None
            ident = self.b.take(ids[0]) if ids else None
            if ident is not None and not self._usable_id(ident, use):
                self.b.used.discard(id(ident))
                self.b.hints[id(ident)] = (f"ids of the {role}: if another source describes these, point "
                                           f"{use.predicate} at its IRIs (id/{use.target}/<that source>-$(...))")
                ident = None
                if name is None:
                    continue
            self.thing(role, use, name, ident)

    def _usable_id(self, fp: FieldProfile, use: Kind) -> bool:
        """An id makes the related thing's IRI when it is a public IRI (a concept's, an authority's) or
        an AAT number; a local id names a thing in another source, which this proposal does not know."""
        if fp.share(*URL_FORMS, "wikidata", "viaf", "rkd", "gnd", "aat") >= 0.9:
            return self.b.reads("cg:urls", fp, iri=True).all or fp.main_form() in (
                "aat", "wikidata")
        return use.target in ("locatie", "organisatie") and self.b.kind == "activiteit"

    def thing(self, role: str, use: Kind, name: FieldProfile | None, ident: FieldProfile | None) -> None:
        chosen = [fp for fp in (name, ident) if fp is not None]
        if len(chosen) == 2 and self.item_source(role, chosen, dry=True) == "apart":
            self.b.used.discard(id(ident))      # the name and the id sit in different elements: the name alone
            chosen, ident = [name], None
        item = self.item_source(role, chosen)
        value = (lambda fp: self.b.value(fp)) if item is None else (lambda fp: self.item_value(item, fp))
        target, notes = self.target(role, use, name, ident, value)
        source = self.b.name if item is None else item[0].name
        thing = TriplesMap(role, source, target, use.classes, notes=notes)
        if name is not None:
            language, how = self.b.language(name) if use.language else (None, "")
            thing.rules.append(Rule(use.label, value(name), language=language,
                                    notes=(self.b.seen(name, why=f"the name of the {role}; {how}"),)))
            if use.target in ("actor", "organisatie"):
                thing.notes += several_names(name, role, item is not None)
        elif use.target.startswith("concept") or use.target in ("organisatie", "locatie"):
            thing.notes.append(f"no field gives the {role}'s name: add one ({use.label}); the shapes ask for it")
        partial = ident is not None and name is not None and ident.values < name.values
        if ident is not None and ident.share(*URL_FORMS, "wikidata") >= 0.9 and (
                partial or not use.target.startswith("concept")):
            same = Call("cg:wikidataEntity" if ident.main_form() == "wikidata" else "cg:urls",
                        (("cg:value", value(ident)),))
            predicate = "skos:exactMatch" if use.target.startswith("concept") else "owl:sameAs"
            thing.rules.append(Rule(predicate, same, term="iri", notes=(self.b.seen(ident, why="the IRI the source "
                                                                                    "gives it"),)))
        self.b.maps.append(thing)
        self.link(role, use, item, target)
        self.b.guesses.append(f"{use.predicate}: the {role} from " + " and ".join(fp.field.label for fp in chosen))

    def target(self, role, use: Kind, name, ident, value) -> tuple["str | Call", list[str]]:
        """The IRI of the related thing, and the comments that say how it is made."""
        scheme = use.target.partition(":")[2]
        local = f"id/concept/{self.b.name}-{scheme}-" if scheme else f"id/{use.target}/{self.b.name}-"
        if ident is not None and name is not None and ident.values < name.values and ident.main_form() != "aat":
            ident = None        # not every one has an id: named after the name, the id a link (above)
        if ident is not None:
            form = ident.main_form()
            note = self.b.seen(ident, form, why=f"ids of the {role}")
            if form == "aat" and ident.share("aat") >= 0.9 and not ident.share(*URL_FORMS):
                self.b.prefixes.add("aat")
                if name is not None and name.records > ident.records:
                    return (Call("cg:coded", (("cg:code", value(ident)), ("cg:name", value(name)),
                                              ("cg:prefix", "http://vocab.getty.edu/aat/"), ("cg:local", local))),
                            [note, f"the AAT concept where the record codes it, else a local one named after "
                                   f"{name.field.label} ({ident.records:,} coded, {name.records:,} named)"])
                return f"aat:{value(ident)}" if isinstance(value(ident), str) else Call(
                    "cg:concat", (("cg:value", "http://vocab.getty.edu/aat/"), ("cg:value2", value(ident)))), [note]
            if use.target.startswith("concept"):
                function = "cg:wikidataEntity" if form == "wikidata" else "cg:urls"
                return Call(function, (("cg:value", value(ident)),)), [note, "the concept keeps its own IRI"]
            if form in URL_FORMS or form == "wikidata":
                return (Call("cg:lastSegment", (("cg:value", value(ident)), ("cg:prefix", local))),
                        [note, f"a {use.target} of this source, named after the last segment of its IRI"])
            expression = value(ident)
            return (f"{local}{expression}" if isinstance(expression, str) else
                    Call("cg:concat", (("cg:value", local), ("cg:value2", expression)))), [note]
        return (Call("cg:concat", (("cg:value", local), ("cg:value2", Call("cg:slug", (("cg:value", value(name)),))))),
                [f"one {use.target.partition(':')[0]} per distinct name (slugged): {name.field.label} holds "
                 f"{name.distinct_count or 'many':,} distinct names" if name.distinct_count else
                 f"one {use.target} per distinct name"])

    def link(self, role: str, use: Kind, item, target) -> None:
        """The rule from the record's thing (or its production) to the related thing."""
        rule = Rule(use.predicate, target, term="iri", notes=(f"the {role} (described below)",))
        if use.on_production:
            production = self.b.production()
            if item is None:
                production.rules.append(rule)
            else:
                self.b.maps.append(TriplesMap(f"{role}-van-productie", item[0].name,
                                              self.b.production_subject(item[1]), rules=[rule]))
        elif item is None:
            self.b.main.rules.append(rule)
        else:
            self.b.maps.append(TriplesMap(f"{role}-van-{self.b.kind}", item[0].name, self.b.subject_for(item[1]),
                                          rules=[rule]))

    # -- several related things a record ------------------------------------------------------------
    def item_source(self, role: str, chosen: list[FieldProfile], dry: bool = False):
        """A source that gives one record per related thing, with how its references read, or None
        when each record has at most one; with ``dry`` only "apart" when the fields share no element."""
        fmt = self.b.profile.export.format
        main = self.b.sources[0]
        if dry and fmt != "xml":
            return None
        if fmt == "csv":
            separators = {fp.field.reference: fp.list_separator() for fp in chosen if fp.list_separator()}
            if not separators or any(fp.field.when for fp in chosen):
                return None
            columns = {fp.field.reference: separators.get(fp.field.reference) or next(iter(separators.values()))
                       for fp in chosen}
            source = Source(f"{self.b.name}-{role}", main.access, main.formulation, None,
                            {**main.options, "lists": columns}, [f"the rows once per {role} in the list cells of "
                                                                 + ", ".join(fp.field.label for fp in chosen)])
            return self._added(source), "csv"
        if all(fp.most <= 1 for fp in chosen) or any("[?" in fp.field.reference for fp in chosen):
            return None     # one a record: read from the record's own source
        if fmt in ("json", "ndjson"):
            parent = _common_list(fp.field.reference for fp in chosen)
            if parent is None:
                return None
            source = Source(f"{self.b.name}-{role}", main.access, main.formulation, main.iterator,
                            {**main.options, "nested": {role: parent}},
                            [f"each record once per {role} at {parent} (the item is member '{role}')"])
            return self._added(source), ("json", parent, role)
        parent = _common_element([fp.field.reference for fp in chosen])
        if dry or not parent:
            return "apart" if not parent else None
        source = Source(f"{self.b.name}-{role}", main.access, main.formulation, f"{main.iterator}/{parent}",
                        dict(main.options), [f"one record per <{parent.rsplit('/', 1)[-1]}> of each record"])
        return self._added(source), ("xml", parent)

    def _added(self, source: Source) -> Source:
        self.b.sources.append(source)
        return source

    def item_value(self, item, fp: FieldProfile) -> "str | Call":
        """The reference to a field from a record of an item source."""
        how = item[1]
        if how == "csv":
            return self.b.value(fp)
        if how[0] == "json":
            parent, member = how[1], how[2]
            return self.b.value(_moved(fp, "$." + member + fp.field.reference[len(parent):]))
        rest = fp.field.reference[len(how[1]):].lstrip("/")
        return self.b.value(_moved(fp, rest or "."))


def several_names(fp: FieldProfile, role: str, split: bool) -> list[str]:
    """A comment on the values of a field of names that name several people or organisations, as
    cg:splitNames reads them (``split``: the item source splits the cells at their separator already)."""
    values = sorted(fp.distinct or ())
    separator = fp.list_separator() if split else None
    several = [(value, names) for value in values[:TRIED] if (separator is None or separator not in value)
               and len(names := attempt("cg:splitNames", value).values) > 1]
    if not several:
        return []
    value, names = several[0]
    tried = f"{len(values):,}" if len(values) <= TRIED else f"the first {TRIED:,} of {len(values):,}"
    return [f"{len(several):,} of {tried} distinct values of {fp.field.label} name several, with only commas between "
            f"them (such as {value!r}, which cg:splitNames reads as {' and '.join(map(repr, names))}; where it guesses, "
            f"a build counts and lists it): here each such value makes ONE {role}; split those cells in the export "
            f"(';' between names) to make one {role} a name"]


def _moved(fp: FieldProfile, reference: str) -> FieldProfile:
    return replace(fp, field=replace(fp.field, reference=reference))


def _common_list(references) -> str | None:
    """The longest path, ending in ``[*]``, that every reference starts with."""
    references = list(references)
    prefix = references[0]
    for reference in references[1:]:
        while not reference.startswith(prefix):
            prefix = prefix[:-1]
    end = prefix.rfind("[*]")
    return prefix[:end + 3] if end >= 0 else None


def _common_element(references: list[str]) -> str:
    """The deepest element path that holds every reference (an attribute's element, a leaf itself)."""
    steps = [re.split(r"/(?![^\[]*\])", r) for r in references]
    steps = [s[:-1] if s[-1].startswith("@") else s for s in steps]
    common = []
    for parts in zip(*steps):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/".join(common)
