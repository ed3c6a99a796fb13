"""The texts of a proposal's thing: its title or name (per language), its description, and its links
to authority files (Wikidata, VIAF, RKD, GND)."""

from __future__ import annotations

from collections import Counter

from .forms import AUTHORITY_FORMS, URL_FORMS
from .profile import FieldProfile
from .roles import shallow
from .trial import TRIED, attempt
from .yaml_text import Call, Rule

LABELS = {"erfgoedobject": "crm:P102_has_title", "activiteit": "dct:title", "persoon": "foaf:name",
          "organisatie": "skos:prefLabel", "locatie": "rdfs:label"}
DESCRIPTIONS = {"erfgoedobject": "crm:P3_has_note", "activiteit": "dct:description"}
SAME_AS = {"viaf": "http://viaf.org/viaf/", "rkd": "https://rkd.nl/explore/artists/", "gnd": "https://d-nb.info/gnd/"}
#: the languages a proposal lets cg:likelyLanguage choose among
LIKELY = "nl,fr,en,de"


class Texts:
    """Adds the texts and authority links of a :class:`~.propose.Builder`'s record to its mapping."""

    def __init__(self, builder):
        self.b = builder

    def build(self) -> None:
        self.labels()
        self.descriptions()
        self.same_as()

    def labels(self) -> None:
        predicate = LABELS[self.b.kind]
        found = self.b.role("label")
        if self.b.kind == "persoon" and not found:
            return      # a person's name may be made from given and family names (parts.py)
        if not found:
            fallback = self.text_fallback()
            if fallback is None:
                self.b.main.notes.append(f"NO {predicate}: no field looks like a title or name; add one (the shapes "
                                       "ask for it)")
                self.b.guesses.append(f"{predicate}: nothing found")
                return
            found = [fallback]
            why = ("no field is named like a title or name: of the fields of words, mostly distinct, this one "
                   "looks most like one")
        else:
            why = "named like a title or name"
        self.texts(predicate, found, why, language=self.b.kind != "persoon")

    def descriptions(self) -> None:
        if self.b.kind in DESCRIPTIONS:
            found = self.b.role("description")
            if found:
                self.texts(DESCRIPTIONS[self.b.kind], found, "named like a description")

    def texts(self, predicate: str, found: list[FieldProfile], why: str, *, language: bool = True) -> None:
        """One rule per language for text fields (the most filled field of each language)."""
        languages: set[str] = set()
        for fp in found:
            if language:
                said = self.b.said_language(fp)
                lang, how = said or self.b.language(fp)
                if lang in languages:
                    continue
                languages.add(lang)
                self.b.take(fp)
                note = self.b.seen(fp, why=f"{why}; {how}")
                if fp.count("html"):
                    note += f"; {fp.count('html'):,} hold HTML, kept as it is (cg:stripHtml would drop the tags)"
                option = () if said else guessed_languages(predicate, fp, self.b.value(fp))
                self.b.main.rules.append(Rule(predicate, self.b.value(fp), language=lang, notes=(note, *option)))
                self.b.guesses.append(f"{predicate}: {fp.field.label} ({how})")
            else:
                self.b.take(fp)
                self.b.main.rules.append(Rule(predicate, self.b.value(fp), notes=(self.b.seen(fp, why=why),)))
                self.b.guesses.append(f"{predicate}: {fp.field.label}")
                return

    def text_fallback(self) -> FieldProfile | None:
        """The field of words (mostly letters, mostly with spaces, mostly distinct) that looks most like a
        title: the most values with spaces, the first of equals."""
        found = [fp for fp in self.b.fields if id(fp) not in self.b.used and self.b.match(fp) is None and shallow(fp.field)
                 and fp.main_form() == "text" and fp.share("text") >= 0.8 and 2 <= fp.average_length <= 200
                 and (fp.distinct_count or 0) >= 0.5 * fp.values and fp.spaced >= 0.5 and fp.letters >= 0.6]
        return max(found, key=lambda fp: fp.spaced, default=None)

    def same_as(self) -> None:
        """owl:sameAs to authority files: Wikidata, VIAF, RKD, GND (by value or by name)."""
        for fp in self.b.fields:
            if id(fp) in self.b.used:
                continue
            form = fp.main_form()
            match = self.b.match(fp)
            named = match is not None and match.role == "sameas"
            if form in AUTHORITY_FORMS and fp.share(form) >= 0.8 and (named or (match is None and shallow(fp.field))):
                authority = form
            elif named and fp.share("integer", "year", "text") >= 0.8:
                authority = next((a for a in ("wikidata", "viaf", "rkd", "gnd", "ulan", "isni") if a in match.hits),
                                 None)
                if authority not in SAME_AS:
                    continue
            else:
                continue
            self.b.take(fp)
            value = self.b.value(fp)
            separator = fp.list_separator()
            if authority == "wikidata":
                target = Call("cg:wikidataEntity", (("cg:value", _split(value, separator)),))
            elif form in URL_FORMS or form in AUTHORITY_FORMS:
                target = Call("cg:urls", (("cg:value", _split(value, separator)),))
            else:
                target = Call("cg:split", (("cg:value", value), ("cg:separator", separator or ";"),
                                           ("cg:prefix", SAME_AS[authority])))
            self.b.main.rules.append(Rule("owl:sameAs", target, term="iri", notes=(
                self.b.seen(fp, form if form in AUTHORITY_FORMS else None,
                          why=f"{authority.upper()} ids: a link to the authority file"),)))
            self.b.guesses.append(f"owl:sameAs: {fp.field.label} ({authority})")


def _split(value: "str | Call", separator: str | None) -> "str | Call":
    if separator is None:
        return value
    return Call("cg:split", (("cg:value", value), ("cg:separator", separator)))


def guessed_languages(predicate: str, fp: FieldProfile, value: "str | Call") -> tuple[str, ...]:
    """Comment lines that offer, for a text whose language the export does not say, a rule that lets
    cg:likelyLanguage guess each value's, with what it makes of the field's own distinct values."""
    values = sorted(fp.distinct or ())
    tags = Counter((attempt("cg:likelyLanguage", v, languages=LIKELY).values or [""])[0] for v in values[:TRIED])
    tried = f"{len(values):,} distinct values" if len(values) <= TRIED else f"{TRIED:,} of its {len(values):,} " \
        "distinct values"
    found = ", ".join(f"{tag if tag else 'no value (no letters)'} for {count:,}" for tag, count in tags.most_common())
    option = Rule(predicate, value, language=Call("cg:likelyLanguage", (("cg:value", value), ("cg:languages", LIKELY))))
    return (f"or let cg:likelyLanguage guess each value's language among {LIKELY} (a build counts and lists every "
            f"guess; und-Latn and the like are only the script: too short to tell, or not sure); tried on {tried}, "
            f"it gives {found or 'nothing'}; in place of the rule below:",
            *(f"  {line}" for line in option.lines(0)))
