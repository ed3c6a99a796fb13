"""What a field is for in the model of a kind, read from the words of its name (Dutch, English, French,
German).

A field either describes a *related* thing (the maker of an object, the venue of an activity: its
name, its id or its date) or the record's own thing (its title, its description, its postcode).
The path is read from its end: ``$.location.label.cdbid`` is the id of the activity's location,
``lido:eventActor/.../lido:appellationValue`` the name of an actor of an event.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import LANGUAGES, Field
from .kinds import matches


def _w(text: str) -> tuple[str, ...]:
    """Words in the order they are preferred: a field named by an earlier word wins."""
    return tuple(text.split())


#: Words that say nothing about what a field is (``$.title.value``, ``lido:term``).
NOISE = frozenset(_w("value values text term set wrap string content label"))
NAME_WORDS = frozenset(_w("name naam label title titel appellation value term text preflabel benaming"))
ID_WORDS = frozenset(_w("id identifier cdbid code nummer number nr uri iri ref priref concept aat uuid wikidata viaf "
                         "rkd gnd ulan isni"))
DATE_WORDS = frozenset(_w("date datum datering dating jaar year earliest latest display periode period begin time span"))

#: Related things, per kind: the words that name them in a path.
RELATED: dict[str, dict[str, tuple[str, ...]]] = {
    "erfgoedobject": {
        "maker": _w("vervaardiger vervaardigers maker makers creator creators kunstenaar artist actor ontwerper "
                    "designer auteur author fotograaf photographer uitgevoerd"),
        "keeper": _w("beheerder keeper repository bewaarinstelling holder eigenaar owner"),
        "material": _w("materiaal materialen material materials"),
        "type": _w("objectnaam objectname objecttype objectworktype worktype classificatie classification type "
                   "soort categorie category"),
        "collection": _w("collectie collection deelcollectie"),
        "production": _w("event productie production vervaardiging creation"),
        "place": _w("place plaats locatie location standplaats"),
        "resource": _w("resource resources representation media"),
        "record": _w("record recordwrap"),
    },
    "activiteit": {
        "location": _w("locatie location venue zaal plaats place"),
        "organiser": _w("organisator organiser organizer organisatie"),
        "type": _w("categorie category categories type genre thema theme discipline"),
        "contact": _w("contact contactinfo"),
        "media": _w("media image afbeelding"),
    },
    "organisatie": {
        "type": _w("type soort categorie category"),
        "contact": _w("contact contactinfo contactpoint"),
        "site": _w("locatie location venue"),
    },
    "locatie": {"type": _w("type soort categorie category")},
    "persoon": {},
}

#: The record's own properties, per kind: the words that name them.
DIRECT: dict[str, dict[str, tuple[str, ...]]] = {
    "erfgoedobject": {
        "description": _w("beschrijving description omschrijving note notes opmerking toelichting descriptive"),
        "date": _w("datering dating datum date jaar year vervaardigingsdatum productiedatum"),
        "licence": _w("licentie licence license rights rechten"),
        "image": _w("afbeelding image images foto photo beeld thumbnail iiif linkresource representation"),
    },
    "activiteit": {
        "description": _w("beschrijving description longdescription omschrijving shortdescription samenvatting "
                          "tekst summary"),
        "start": _w("start begin aanvang startdatum startdate starttijd starttime startuur van vanaf datum date"),
        "end": _w("einde end einddatum enddate eindtijd endtime timeend einduur tot"),
        "time": _w("uur tijd time timestart tijdstip"),
        "price": _w("prijs price pricevalue tarief inkom kostprijs"),
    },
    "persoon": {
        "given": _w("voornaam voornamen firstname givenname prenom vorname"),
        "family": _w("familienaam achternaam lastname surname familyname nachname"),
        "homepage": _w("website homepage url www webadres"),
    },
    "organisatie": {
        "homepage": _w("website homepage url www webadres web"),
        "email": _w("email mail"),
        "phone": _w("telefoon tel phone telephone gsm"),
    },
    "locatie": {},
}
ADDRESS = {
    "street": _w("straat street thoroughfare straatnaam"),
    "number": _w("huisnummer housenr housenumber huisnr"),
    "postcode": _w("postcode zip zipcode postalcode postnummer plz"),
    "city": _w("gemeente stad city woonplaats municipality town postname plaats"),
    "country": _w("land country pays"),
    "address": _w("adres address fulladdress volledigadres"),
}
GEO = {"lat": _w("lat latitude breedtegraad ycoordinate"), "lon": _w("lon lng longitude lengtegraad xcoordinate")}
COMMON = {
    "id": _w("id identifier identificatie nummer number nr code key sleutel cdbid priref recid rec objectnummer "
             "inventarisnummer inventory uuid"),
    "label": _w("titel title titre titel naam name nom benaming appellation preflabel p102"),
    "sameas": _w("wikidata viaf rkd gnd ulan isni sameas"),
    "kbo": _w("kbo ondernemingsnummer"),
    "isil": _w("isil"),
}


_WRAPPERS = frozenset({"value", "values", "text", "string", "content"})
#: Related things that hold others: an event's actor is the object's maker, not the event's.
CONTAINERS = frozenset({"production"})
_PROPER_NAMES = frozenset({"name", "naam", "appellation", "title", "titel", "label"})


@dataclass(frozen=True)
class Match:
    """What a field is for: a role of the record's own thing, or a part (name, id, date) of a related one.

    ``rank`` orders fields of one role: the lower, the better its name says it (a field named
    ``description`` before one named ``summary``; a name under ``nameActorSet`` before a role term).
    """

    role: str
    part: str = ""
    #: the words of its name that show it
    hits: tuple[str, ...] = ()
    rank: int = 0

    def says(self) -> str:
        what = (self.role if not self.part else f"{self.part} of the {self.role}" if self.part != "other"
                else f"something about the {self.role}")
        return f"{what} (named {', '.join(self.hits)})" if self.hits else what


def direct_roles(kind: str) -> dict[str, tuple[str, ...]]:
    """The record's own roles in the order they are tried: the specific before the common ones, so
    that ``huisnummer`` is a house number before it is an id."""
    roles = dict(DIRECT[kind])
    if kind in ("organisatie", "locatie"):
        roles.update(ADDRESS)
    if kind == "locatie":
        roles.update(GEO)
    roles.update(COMMON)
    return roles


def classify(field: Field, kind: str) -> Match | None:
    """What ``field`` is for in ``kind``'s model, judged by its name; None when its name does not say.

    The first related thing named along the path wins (the city of a venue's address is about the
    venue), except a container such as an event, whose own related things (its actor) come first.

    >>> from .fields import Field, json_segments
    >>> classify(Field("$.location.label.cdbid", "", json_segments("$.location.label.cdbid")), "activiteit")
    Match(role='location', part='id', hits=('location',), rank=1)
    >>> classify(Field("titel_en", "", (("titel", "en"),)), "erfgoedobject")
    Match(role='label', part='', hits=('titel',), rank=0)
    >>> classify(Field("vervaardiger_id", "", (("vervaardiger", "id"),)), "erfgoedobject")
    Match(role='maker', part='id', hits=('vervaardiger',), rank=100)
    """
    segments = field.segments
    if not segments or field.reference.endswith("['@type']"):
        return None     # no name to go by; JSON-LD's @type is the kind, not a property
    found: Match | None = None
    for index, segment in enumerate(segments):
        for role, role_words in RELATED[kind].items():
            hits = matches(segment, role_words)
            if hits and (found is None or found.role in CONTAINERS) and (found is None or role not in CONTAINERS):
                rest = [tuple(w for w in segment if w not in hits)] + list(segments[index + 1:])
                found = Match(role, _part(rest), tuple(hits), _rank(hits, role_words) + _name_rank(rest))
                break
        if found is not None and found.role not in CONTAINERS:
            return found
    if found is not None:
        return found
    last = _meaningful(segments)
    for role, role_words in direct_roles(kind).items():
        hits = matches(last, role_words)
        if hits:
            return Match(role, "", tuple(hits), _rank(hits, role_words))
    return None


def _rank(hits: list[str], role_words: tuple[str, ...]) -> int:
    """The place in the role's words of the best word that hit (a compound counts by its keyword)."""
    places = [i for i, k in enumerate(role_words) for h in hits if h == k or (len(k) >= 5 and (
        h.startswith(k) or h.endswith(k)))]
    return min(places, default=len(role_words))


def _name_rank(rest: list[tuple[str, ...]]) -> int:
    """0 when the words after the related thing say 'name' (nameActorSet), else 100."""
    return 0 if any(w in _PROPER_NAMES for segment in rest for w in segment) else 100


def _meaningful(segments: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The words of the last step that says something (``$.title.value``, ``$.titel.nl`` -> title)."""
    for segment in reversed(segments):
        kept = tuple(w for w in segment if w not in NOISE)
        if kept and not (len(kept) == 1 and kept[0] in LANGUAGES):
            return kept
    return segments[-1]


def _part(rest: list[tuple[str, ...]]) -> str:
    """Which part of a related thing the path after it names: its id, its date, its name
    (``label``, ``term``, ``appellationValue``, or nothing more), or else 'other'. ``rest`` holds
    the words left of the step that named the thing, then the steps after it; the last step that is
    more than a value wrapper (``value``, ``text``) decides."""
    leftover, after = rest[0], [s for s in rest[1:] if s]
    steps = after or ([leftover] if leftover else [])
    told = [s for s in steps if not set(s) <= _WRAPPERS]
    if not told:
        return "name"
    last = told[-1]
    if any(w in ID_WORDS or (w.endswith("id") and len(w) <= 6) for w in last):
        return "id"
    if any(w in DATE_WORDS for w in last):
        return "date"
    if all(w in NAME_WORDS or w in NOISE for w in last):
        return "name"
    return "other"


def shallow(field: Field) -> bool:
    """Whether a field sits on the record itself (a column, a top-level key, a child element or, as
    MARC's subfields, a child's child), where a value may speak for a field whose name says nothing;
    deeper ones belong to something else.

    >>> shallow(Field("$.wikidata", "", (("wikidata",),))), shallow(Field("a/b/c", "", ()))
    (True, False)
    """
    reference = field.reference
    if "/" in reference and not reference.startswith("$"):
        return reference.count("/") <= 1
    return len([s for s in field.segments if not set(s) <= NOISE | {"id"}]) <= 1
