"""Parts of a proposal's thing that are nodes of their own or need functions: a production and its
date, an activity's time-span and price, an address, a contact point, a geometry, registry numbers,
web addresses, images and licences.
"""

from __future__ import annotations

from ..mapping.terms import is_absolute_iri
from .forms import DATE_FORMS, MOMENT_FORMS, URL_FORMS
from .moments import Clock, day_first, times_of_day
from .profile import FieldProfile
from .roles import shallow
from .trial import attempt, reading
from .yaml_text import Call, Rule, TriplesMap

ADDRESS_PARTS = (("street", "locn:thoroughfare", False), ("number", "locn:locatorDesignator", False),
                 ("postcode", "locn:postCode", False), ("city", "locn:postName", True),
                 ("country", "locn:adminUnitL1", False), ("address", "locn:fullAddress", True))


class Parts:
    """Adds the parts of a :class:`~.propose.Builder`'s record to its mapping."""

    def __init__(self, builder):
        self.b = builder

    def build(self) -> None:
        kind = self.b.kind
        if kind == "erfgoedobject":
            self.production_date()
            self.iris("image", "crm:P138i_has_representation", "an image of the object", also=("resource",))
            self.licence()
        if kind == "activiteit":
            self.period()
            self.price()
        if kind == "persoon":
            self.person_names()
        if kind in ("organisatie", "persoon"):
            self.iris("homepage", "foaf:homepage", "the website")
        if kind == "organisatie":
            self.contact()
        if kind in ("organisatie", "locatie"):
            self.registry_numbers()
            self.address()
        if kind == "locatie":
            self.geometry()

    def node(self, part: str, classes: tuple[str, ...], predicate: str, note: str) -> TriplesMap:
        """A blank node of the record's thing (``_:name-adres-$(id)``), linked from it."""
        label = f"_:{self.b.name}-{part}-$({self.b.id.field.reference})"
        self.b.main.rules.append(Rule(predicate, label, term="blank", notes=(note,)))
        node = TriplesMap(part, self.b.name, label, classes)
        self.b.maps.append(node)
        return node

    def dated(self, fields: list[FieldProfile]) -> list[FieldProfile]:
        return [fp for fp in fields if fp.share(*DATE_FORMS, *MOMENT_FORMS) >= 0.5]

    # -- heritage objects ------------------------------------------------------------------------------
    def production_date(self) -> None:
        found = self.dated(self.b.role("production", "date") + [fp for fp in self.b.role("date") if shallow(fp.field)])
        why = "named like a date"
        if not found:
            found = [fp for fp in self.unnamed() if fp.share(*DATE_FORMS) >= 0.8]
            why = "the first field of dates (its name does not say what date)"
        if not found:
            return
        fp = self.b.take(found[0])
        value, values = day_first(self.b, fp)
        read = reading("cg:edtf", values)
        self.b.production().rules.append(Rule("crm:P4_has_time-span", Call("cg:edtf", (("cg:value", value),)),
                                              datatype="edtf:EDTF", notes=(self.b.seen(fp, why=f"{why}; {read.says()}"),)))
        self.b.guesses.append(f"production date: {fp.field.label} ({fp.main_form()}; cg:edtf reads {read.read} of "
                              f"{read.total})")

    def licence(self) -> None:
        for fp in self.b.role("licence")[:1]:
            read = self.b.reads("cg:licence", fp)
            self.b.take(fp)
            self.b.main.rules.append(Rule("dct:license", Call("cg:licence", (("cg:value", self.b.value(fp)),)),
                                          term="iri", notes=(self.b.seen(fp, why=read.says()),)))

    def iris(self, role: str, predicate: str, what: str, also: tuple[str, ...] = ()) -> None:
        """Web addresses as IRIs (cg:urls makes ``www.x.be`` absolute), only where every value makes a
        valid IRI: an invalid IRI stops a build. ``also``: related things whose web addresses count
        (the resources of a LIDO record, whose links are its images)."""
        candidates = self.b.role(role) + [fp for other in also for part in ("id", "name", "other")
                                          for fp in self.b.role(other, part)]
        for fp in candidates:
            if fp.share(*URL_FORMS) < 0.5:
                continue
            read = self.b.reads("cg:urls", fp, iri=True)
            bad = [v for v in fp.distinct or () if not all(is_absolute_iri(u) for u in attempt("cg:urls", v).values)]
            if bad:
                self.b.hints[id(fp)] = (f"{len(bad)} values are not valid web addresses (such as {bad[0]!r}); an "
                                        "invalid IRI stops a build, so clean them before mapping this")
                continue
            self.b.take(fp)
            self.b.main.rules.append(Rule(predicate, Call("cg:urls", (("cg:value", self.b.value(fp)),)), term="iri",
                                          notes=(self.b.seen(fp, why=f"{what}; {read.says()}"),)))
            return

    # -- activities --------------------------------------------------------------------------------------
    def period(self) -> None:
        starts = self.dated(self.b.role("start"))
        ends = self.dated(self.b.role("end"))
        named = self.b.role("time") + self.b.role("start") + self.b.role("end")
        if not starts:
            starts = [fp for fp in self.unnamed() if fp.share(*DATE_FORMS, *MOMENT_FORMS) >= 0.8]
            ends = ends or starts[1:2]
        if not starts:
            self.b.main.notes.append("NO time-span: no field looks like the date the activity takes place")
            return
        in_ms = starts[0].main_form() == "epoch ms"
        times = [fp for fp in named if times_of_day(fp, in_ms, 0.5)]
        if not times and named is not self.b.role("time"):
            times = [fp for fp in self.unnamed() if times_of_day(fp, in_ms, 0.8)]
        node = self.node("periode", ("m8g:PeriodOfTime",), "crm:P4_has_time-span", "when it takes place")
        start_time = [fp for fp in times if fp not in ends and "end" not in (self.b.match(fp) or _NONE).role][:1]
        end_time = [fp for fp in times if fp not in start_time][:1]
        clock = Clock(self.b)
        clock.moment(node, "m8g:startTime", self.b.take(starts[0]), start_time[0] if start_time else None)
        if ends and ends[0] is not starts[0]:
            clock.moment(node, "m8g:endTime", self.b.take(ends[0]), end_time[0] if end_time else None)
        elif end_time:
            clock.moment(node, "m8g:endTime", starts[0], end_time[0], start=start_time[0] if start_time else None)

    def price(self) -> None:
        for fp in self.b.role("price")[:1]:
            if fp.share("decimal", "integer", "zero") < 0.5:
                continue
            node = self.node("prijs", ("schema:PriceSpecification",), "cp:Activiteit.prijs", "the price")
            node.rules.append(Rule("schema:price", Call("cg:decimal", (("cg:value", self.b.value(self.b.take(fp))),)),
                                   datatype="xsd:decimal", notes=(self.b.seen(fp),)))
            node.rules.append(Rule("schema:priceCurrency", "EUR", notes=("a guess: the export names no currency",)))

    # -- persons -----------------------------------------------------------------------------------------
    def person_names(self) -> None:
        given, family = self.b.role("given")[:1], self.b.role("family")[:1]
        for fps, predicate in ((given, "foaf:givenName"), (family, "foaf:familyName")):
            for fp in fps:
                self.b.main.rules.append(Rule(predicate, self.b.value(self.b.take(fp)), notes=(self.b.seen(fp),)))
                self.b.guesses.append(f"{predicate}: {fp.field.label}")
        if not any(r.predicate == "foaf:name" for r in self.b.main.rules) and given and family:
            self.b.main.rules.append(Rule("foaf:name", Call("cg:concat", (
                ("cg:value", self.b.value(given[0])), ("cg:value2", self.b.value(family[0])), ("cg:separator", " "))),
                notes=("no field holds the whole name: given and family name joined",)))

    # -- organisations and places ------------------------------------------------------------------------
    def contact(self) -> None:
        email = [fp for fp in self.b.role("email") if fp.share("email") >= 0.5][:1]
        phone = self.b.role("phone")[:1]
        if not email and not phone:
            return
        node = self.node("contact", ("schema:ContactPoint",), "schema:contactPoint", "how to reach it")
        for fps, predicate in ((email, "schema:email"), (phone, "schema:telephone")):
            for fp in fps:
                node.rules.append(Rule(predicate, self.b.value(self.b.take(fp)), notes=(self.b.seen(fp),)))

    def registry_numbers(self) -> None:
        for role, agency, function in (("kbo", "KBO", Call("cg:replace", (("cg:pattern", "[^0-9]"),))),
                                       ("isil", "ISIL", Call("cg:upper", ()))):
            found = self.b.role(role) or [fp for fp in self.unnamed() if fp.share(role) >= 0.8]
            for fp in found[:1]:
                self.b.take(fp)
                label = f"_:{self.b.name}-{role}-$({self.b.id.field.reference})-$({fp.field.reference})"
                self.b.main.rules.append(Rule("adms:identifier", label, term="blank",
                                              notes=(self.b.seen(fp, why=f"{agency} numbers"),)))
                normal = Call(function.function, (("cg:value", self.b.value(fp)),) + function.parameters)
                self.b.maps.append(TriplesMap(role, self.b.name, label, ("adms:Identifier",), rules=[
                    Rule("skos:notation", normal), Rule("adms:schemaAgency", agency)]))

    def address(self) -> None:
        found = [(part, predicate, lang, self.b.role(part)[:1]) for part, predicate, lang in ADDRESS_PARTS]
        if not any(fps for *_, fps in found):
            return
        node = self.node("adres", ("locn:Address",), "locn:address", "the address")
        for part, predicate, lang, fps in found:
            for fp in fps:
                self.b.take(fp)
                node.rules.append(Rule(predicate, self.b.value(fp), language="nl" if lang else None,
                                       notes=(self.b.seen(fp, why="language nl is a guess" if lang else ""),)))

    def geometry(self) -> None:
        lat = [fp for fp in self.b.role("lat") if fp.share("decimal") >= 0.8][:1]
        lon = [fp for fp in self.b.role("lon") if fp.share("decimal") >= 0.8][:1]
        pairs = [fp for fp in self.b.fields if id(fp) not in self.b.used and fp.share("coordinates") >= 0.8][:1]
        if lat and lon:
            x, y = self.b.value(self.b.take(lon[0])), self.b.value(self.b.take(lat[0]))
            notes = (self.b.seen(lat[0], why="latitude"), self.b.seen(lon[0], why="longitude"))
        elif pairs:
            pair = self.b.value(self.b.take(pairs[0]))
            x = Call("cg:nth", (("cg:value", pair), ("cg:index", "2"), ("cg:separator", ",")))
            y = Call("cg:nth", (("cg:value", pair), ("cg:index", "1"), ("cg:separator", ",")))
            notes = (self.b.seen(pairs[0], why="read as 'latitude, longitude' (check the order)"),)
        else:
            return
        node = self.node("geometrie", ("locn:Geometry",), "locn:geometry", "where it is")
        node.rules.append(Rule("geo:asWKT", Call("cg:wktPoint", (("cg:lon", x), ("cg:lat", y))),
                               datatype="geo:wktLiteral", notes=notes))

    def unnamed(self) -> list[FieldProfile]:
        """Unused fields on the record itself whose names say nothing (all columns of a headerless CSV)."""
        return [fp for fp in self.b.fields if id(fp) not in self.b.used and self.b.match(fp) is None and shallow(fp.field)]


class _NoMatch:
    role = ""


_NONE = _NoMatch()

