"""Which kind of thing a record of an export is (docs/model.md), guessed from its names and values.

The guess weighs words in the field names (Dutch, English, French, German), the forms of the
values (VIAF ids speak of persons, KBO numbers of organisations) and the file's own name, and
keeps the evidence so the proposal can say why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .fields import words
from .profile import Profile

KINDS = ("erfgoedobject", "activiteit", "persoon", "organisatie", "locatie")

#: The class of each kind in the model.
CLASSES = {
    "erfgoedobject": "crm:E22_Human-Made_Object",
    "activiteit": "crm:E7_Activity",
    "persoon": "person:Person",
    "organisatie": "org:Organization",
    "locatie": "prov:Location",
}

#: Words of field names that speak of each kind; the first word of each set names the kind itself.
KIND_WORDS: dict[str, frozenset[str]] = {
    "erfgoedobject": frozenset("""object objects objekt objet erfgoed erfgoedobject mensgemaaktobject kunstwerk artwork
        work werk inventaris inventarisnummer inventory objectnummer objectnaam objectname lido marc materiaal materialen
        material materials technique techniek vervaardiger maker makers creator creators kunstenaar artist datering dating
        afmeting afmetingen dimension dimensions measurement measurements hoogte breedte diepte height width depth
        collectie collection repository beheerder keeper objectwork classification iconography bibliographic
        isbn title245""".split()),
    "activiteit": frozenset("""activiteit activiteiten activity activities event events evenement evenementen
        voorstelling voorstellingen concert concerten performance performances programma program calendar kalender
        timestamp timestamps aanvang starttijd eindtijd startuur einduur starttime endtime startdate enddate startdatum
        einddatum timestart timeend prijs prijzen price tickets ticket organisator organiser organizer performer
        performers uitdatabank cdbid""".split()),
    "persoon": frozenset("""persoon personen person persons people voornaam voornamen familienaam achternaam
        firstname lastname givenname familyname surname geboortedatum geboortejaar geboorteplaats sterfdatum sterfjaar
        sterfplaats overlijdensdatum birth born birthdate death died deathdate gender geslacht nationaliteit nationality
        beroep occupation viaf rkd ulan isni orcid biografie biography""".split()),
    "organisatie": frozenset("""organisatie organisaties organisation organization organisations organizations
        kbo ondernemingsnummer btw vat isil rechtsvorm vzw instelling instellingen institution institutions bedrijf
        company website homepage oprichting opgericht founded founding sector gezelschap""".split()),
    "locatie": frozenset("""locatie locaties location locations venue venues zaal zalen gebouw building site plaats
        place places adres address straat street huisnummer postcode zipcode zip gemeente stad city lat latitude lon lng
        longitude coordinaten coordinates gis geo xcoordinate ycoordinate""".split()),
}

#: Types in JSON-LD (``@type``) and record element names that name a kind outright.
TYPE_NAMES = {
    "erfgoedobject": {"mensgemaaktobject", "humanmadeobject", "e22_human-made_object", "e22_man-made_object",
                      "erfgoedobject", "culturalheritageobject", "lido", "record"},
    "activiteit": {"event", "activiteit", "activity", "e7_activity", "evenement"},
    "persoon": {"person", "persoon", "e21_person"},
    "organisatie": {"organizer", "organization", "organisation", "organisatie"},
    "locatie": {"place", "location", "locatie", "venue"},
}

#: Value forms that speak of a kind.
FORM_KINDS = {"viaf": "persoon", "rkd": "persoon", "kbo": "organisatie", "isil": "organisatie",
              "coordinates": "locatie", "wkt point": "locatie", "aat": "erfgoedobject", "circa year": "erfgoedobject",
              "edtf": "erfgoedobject", "time": "activiteit", "iso datetime": "activiteit", "epoch ms": "activiteit"}


@dataclass
class KindGuess:
    kind: str
    chosen: bool                              # True when the user chose it (--kind)
    scores: Counter = field(default_factory=Counter)
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """What the guess rests on, for the proposal's header and the command's output."""
        if self.chosen:
            return [f"kind: {self.kind} (chosen with --kind)"]
        if not self.scores:
            return [f"kind: {self.kind} (a guess with nothing to go on: nothing in the names or values speaks of "
                    "a kind; choose with --kind)"]
        out = [f"kind: {self.kind} (guessed; choose another with --kind): " + "; ".join(self.evidence[self.kind][:5])]
        others = [(k, s) for k, s in self.scores.most_common() if k != self.kind and s]
        if others:
            out.append("  also considered: " + ", ".join(f"{k} ({s} points)" for k, s in others[:2]) +
                       f", against {self.scores[self.kind]} for {self.kind}")
        return out


def matches(name_words: tuple[str, ...], keywords: frozenset[str]) -> list[str]:
    """The words that hit, exactly or as part of a Dutch compound (``premierelocatie``, ``objectnummer``).

    >>> matches(("premierelocatie", "id"), KIND_WORDS["locatie"]), matches(("naam",), KIND_WORDS["locatie"])
    (['premierelocatie'], [])
    """
    hits = []
    for word in name_words:
        if word in keywords or any(len(k) >= 5 and (word.startswith(k) or word.endswith(k)) for k in keywords):
            hits.append(word)
    return hits


def guess_kind(profile: Profile, chosen: str | None = None) -> KindGuess:
    """The kind a record most likely is, with the evidence for each kind."""
    scores: Counter = Counter()
    evidence: dict[str, list[str]] = {kind: [] for kind in KINDS}

    def vote(kind: str, points: int, why: str) -> None:
        scores[kind] += points
        evidence[kind].append(why)

    stem = words(profile.export.path.stem)
    record_names = words(profile.export.iterator or "") if profile.export.format == "xml" else ()
    for kind in KINDS:
        if hits := matches(stem, KIND_WORDS[kind]):
            vote(kind, 2, f"the file is called {profile.export.path.name} ({', '.join(hits)})")
        if any(w in TYPE_NAMES[kind] for w in record_names[-1:]):
            vote(kind, 3, f"the records are <{profile.export.iterator.rsplit('/', 1)[-1]}> elements")
    #: a word, a set of words or a form is heard once: the thirty fields of a LIDO event all say 'event'
    heard: set[tuple[str, tuple[str, ...]]] = set()
    for field_profile in profile.present():
        name_words = field_profile.field.words
        for kind in KINDS:
            hits = tuple(dict.fromkeys(matches(name_words, KIND_WORDS[kind])))
            if hits and (kind, hits) not in heard:
                heard.add((kind, hits))
                vote(kind, 1, f"{field_profile.field.label} ({', '.join(hits)})")
        if name_words[-1:] == ("type",) or "@type" in field_profile.field.reference:
            for value in list(field_profile.distinct or ())[:20]:
                for kind in KINDS:
                    if value.lower().rsplit("/", 1)[-1].rsplit("#", 1)[-1] in TYPE_NAMES[kind]:
                        vote(kind, 5, f"{field_profile.field.label} says {value!r}")
        form = field_profile.main_form()
        if form in FORM_KINDS and field_profile.count(form) >= field_profile.values / 2 and (form, ()) not in heard:
            heard.add((form, ()))
            vote(FORM_KINDS[form], 2, f"{field_profile.field.label} holds {field_profile.seen(form)}")
    if chosen:
        return KindGuess(chosen, True, scores, evidence)
    if not scores:
        return KindGuess("erfgoedobject", False, scores, evidence)
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    return KindGuess(best, False, scores, evidence)
