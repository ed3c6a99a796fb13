"""The functions mappings call, on the values the sector's exports hold: their specification.

One table, one row a case: (function, its parameters as the record fills them, what it gives).
``None`` is a parameter the record has no value for, ``Written(...)`` one the mapping writes
(a constant); ``Cannot(...)`` is a value from the record the function cannot read, which gives no
value and which the run counts and lists with its row (tests/test_mapping_problems.py checks
that side); ``Error(...)`` a written value it cannot read, an error in the mapping. The rule for all functions is
``functions.RULE``; each row below is one of its cases for one function. ``Guess(...)`` is what a
function gives for a value it had to guess at, with how it says it guessed.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import MappingError
from cultuurgraaf.mapping.functions import (FUNCTIONS, RULE, Guessed, Unreadable, Written, call, catalogue,
                                            lookup, values_of)

XSD = "http://www.w3.org/2001/XMLSchema#"
EDTF = "http://id.loc.gov/datatypes/edtf/EDTF"


class Cannot:
    """The function cannot read the value: no value, and a reason that says so."""

    def __init__(self, reason: str, *, kept: tuple[str, ...] = ()):
        self.reason, self.kept = reason, list(kept)


class Guess:
    """The function gives these values for a value it had to guess at, and says how it guessed
    (the run counts and lists it with its row)."""

    def __init__(self, values: list[str], how: str):
        self.values, self.how = values, how


class Error:
    """A written parameter the function cannot read: an error in the mapping."""

    def __init__(self, message: str):
        self.message = message


SPEC = [
    # text
    ("cg:trim", {"value": "  Theepot \n"}, ["Theepot"]),
    ("cg:trim", {"value": "   "}, []),                                   # only white space: missing
    ("cg:trim", {"value": None}, []),
    ("cg:lower", {"value": "ZILVER"}, ["zilver"]),
    ("grel:toUpperCase", {"value": "zilver"}, ["ZILVER"]),
    ("cg:replace", {"value": "inv. 2019.0042", "pattern": r"^inv\. ?"}, ["2019.0042"]),
    ("cg:replace", {"value": "1890-1900", "pattern": r"(\d{4})-(\d{4})", "replacement": r"\1/\2"}, ["1890/1900"]),
    ("cg:replace", {"value": "inv.", "pattern": r"^inv\."}, []),          # cleaned down to nothing
    ("cg:replace", {"value": "x", "pattern": "(unclosed"}, Cannot("not a valid regular expression")),
    ("cg:replace", {"value": "x", "pattern": Written("(unclosed")},
     Error("cg:replace cannot read its parameter pattern '(unclosed': not a valid regular expression")),
    ("cg:split", {"value": "zilver; ebbenhout;;", "separator": ";"}, ["zilver", "ebbenhout"]),
    ("cg:split", {"value": "300011029|300011914", "separator": "|", "prefix": "aat:"},
     ["aat:300011029", "aat:300011914"]),
    ("cg:nth", {"value": "zilver;ebbenhout", "index": "2"}, ["ebbenhout"]),
    ("cg:nth", {"value": "zilver", "index": "2"}, []),                   # fewer parts than the index
    ("cg:nth", {"value": "zilver", "index": "twee"}, Cannot("not a whole number")),
    ("cg:nth", {"value": "zilver", "index": Written("0")}, Error("cg:nth cannot read its parameter index '0'")),
    ("cg:concat", {"value": "Breydelstraat 5", "value2": "Gent", "separator": ", "}, ["Breydelstraat 5, Gent"]),
    ("cg:concat", {"value": "1897", "value2": None, "separator": "/"}, ["1897"]),   # a part may be missing
    ("cg:concat", {"value": None, "value2": "1900", "separator": "/"}, ["1900"]),
    ("cg:concat", {"value": " ", "value2": "1900", "separator": "/"}, ["1900"]),
    ("cg:concat", {"value": None, "value2": None, "separator": "/"}, []),
    ("cg:concat", {"value": "id/concept/lido-classification-", "value2": None}, []),  # no separator: both needed
    ("cg:concat", {"value": "Jan", "value2": "Breydel", "separator": Written(" ")}, ["Jan Breydel"]),
    # a written prefix alone is not a value: nothing from the record, no IRI minted from the prefix
    ("cg:concat", {"value": Written("id/concept/collectie-"), "value2": None}, []),
    ("cg:nullIf", {"value": "NA"}, []),
    ("cg:nullIf", {"value": "Gent"}, ["Gent"]),
    ("cg:stripHtml", {"value": "<p>Een&nbsp;<b>zilveren</b><br/>theepot</p><script>alert(1)</script>"},
     ["Een zilveren theepot"]),
    ("cg:stripHtml", {"value": "<p></p>"}, []),
    ("cg:slug", {"value": "Musée du Design — Gent"}, ["musee-du-design-gent"]),
    ("cg:slug", {"value": "—"}, Cannot("no letters or digits")),
    ("cg:coded", {"code": "300011029", "name": "zilver", "prefix": Written("aat:"), "local": Written("materiaal-")},
     ["aat:300011029"]),
    ("cg:coded", {"code": None, "name": "Ebbenhout", "prefix": Written("aat:"), "local": Written("materiaal-")},
     ["materiaal-ebbenhout"]),
    ("cg:coded", {"code": None, "name": None, "prefix": Written("aat:"), "local": Written("materiaal-")}, []),
    ("cg:coded", {"code": None, "name": "???", "prefix": Written("aat:"), "local": Written("materiaal-")},
     Cannot("no letters or digits")),
    ("cg:wikidataEntity", {"value": "https://www.wikidata.org/wiki/Q1809071"}, ["http://www.wikidata.org/entity/Q1809071"]),
    ("cg:wikidataEntity", {"value": "https://m.wikidata.org/wiki/Special:EntityPage/Q42"}, ["http://www.wikidata.org/entity/Q42"]),
    ("cg:wikidataEntity", {"value": "Q42"}, ["http://www.wikidata.org/entity/Q42"]),
    ("cg:wikidataEntity", {"value": "geen"}, Cannot("no Wikidata id")),
    ("cg:licence", {"value": "CC BY-SA 4.0"}, ["https://creativecommons.org/licenses/by-sa/4.0/"]),
    ("cg:licence", {"value": "CC0"}, ["https://creativecommons.org/publicdomain/zero/1.0/"]),
    ("cg:licence", {"value": "Alle rechten voorbehouden"}, Cannot("not a licence it knows")),
    ("cg:decimal", {"value": "21,5"}, ["21.5"]),
    ("cg:decimal", {"value": "21,5 cm"}, Cannot("not a number")),
    ("cg:decimal", {"value": None}, []),
    ("cg:wktPoint", {"lon": "3,72", "lat": "51.05"}, ["POINT(3.72 51.05)"]),
    ("cg:wktPoint", {"lon": "3.72", "lat": "151.05"}, Cannot("out of range")),
    ("cg:wktPoint", {"lon": "oost", "lat": "51.05"}, Cannot("not a number")),
    ("cg:wktPoint", {"lon": "3.72", "lat": None}, []),
    ("cg:urls", {"value": "www.pianofabriek.be"}, ["http://www.pianofabriek.be"]),
    ("cg:urls", {"value": "http://x.hu/portal;jsessionid=AEF0"}, ["http://x.hu/portal;jsessionid=AEF0"]),
    ("cg:urls", {"value": "None"}, []),
    ("cg:urls", {"value": "www.x.be; Turkije"}, Cannot("not a web address: Turkije", kept=("http://www.x.be",))),
    ("cg:language", {"value": "deu"}, ["de"]),
    ("cg:language", {"value": "nl-NL"}, ["nl-NL"]),
    ("cg:language", {"value": "x"}, Cannot("not a language tag")),
    ("cg:lastSegment", {"value": "https://stad.gent/id/mensgemaaktobject/dmg/530029181"}, ["530029181"]),
    ("cg:when", {"value": "Flageygebouw", "test": "naam", "equals": "naam"}, ["Flageygebouw"]),
    # calendar dates, as Flemish exports write them
    ("cg:date", {"value": "2011-07-17"}, ["2011-07-17"]),
    ("cg:date", {"value": "17/07/2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "17-7-2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "17.07.2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "17 juli 2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "zondag 17 juli 2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "17 juillet 2011"}, ["2011-07-17"]),
    ("cg:date", {"value": "07/08/2011"}, ["2011-08-07"]),               # day first
    ("cg:date", {"value": "0001-01-01"}, []),                           # the way some systems write 'unknown'
    ("cg:date", {"value": "onbekend"}, []),
    ("cg:date", {"value": "31/02/2011"}, Cannot("no such day")),
    ("cg:date", {"value": "1983-02-30"}, Cannot("no such day")),
    ("cg:date", {"value": "ca. 1890"}, Cannot("not one certain day (cg:edtf reads it as 1890~)")),
    ("cg:date", {"value": "1950~/1955~"}, Cannot("not one certain day (cg:edtf reads it as 1950~/1955~)")),
    ("cg:date", {"value": "1983"}, Cannot("not one certain day (cg:edtf reads it as 1983)")),
    ("cg:date", {"value": "17 juli 11"}, Cannot("not a date it recognises")),  # which century?
    ("cg:date", {"value": "3 oktober"}, Cannot("not a date it recognises")),   # which year?
    ("cg:date", {"value": "gisteren"}, Cannot("not a date it recognises")),
    # EDTF dates
    ("cg:edtf", {"value": "17 juli 2011"}, ["2011-07-17"]),
    ("cg:edtf", {"value": "mei 1890"}, ["1890-05"]),
    ("cg:edtf", {"value": "07/1890"}, ["1890-07"]),
    ("cg:edtf", {"value": "± 1890"}, ["1890~"]),
    ("cg:edtf", {"value": "ca. 1890-1900"}, ["1890~/1900"]),
    ("cg:edtf", {"value": "1897–1900"}, ["1897/1900"]),
    ("cg:edtf", {"value": "17/07/2011 - 20/07/2011"}, ["2011-07-17/2011-07-20"]),
    ("cg:edtf", {"value": "1890 (?)"}, ["1890?"]),
    ("cg:edtf", {"value": "1923-13"}, Cannot("no such month")),
    ("cg:edtf", {"value": "tweede helft 19de eeuw"}, Cannot("not a date it recognises")),
    ("cg:edtf", {"value": None}, []),
    # a day and a time of day (D1: an end time after midnight is on the next day)
    ("cg:epochDateTime", {"value": "1473544800000", "offset": "69300000"}, ["2016-09-11T19:15:00+02:00"]),
    ("cg:epochDateTime", {"value": "1477778400000", "offset": "75600000"}, ["2016-10-30T21:00:00+01:00"]),
    ("cg:epochDateTime", {"value": "1473544800000", "offset": "3600000", "start": "72000000"},
     ["2016-09-12T01:00:00+02:00"]),                                    # 20:00 to 01:00
    ("cg:epochDateTime", {"value": "1473544800000", "offset": "86400000", "start": "72000000"},
     ["2016-09-12T00:00:00+02:00"]),                                    # 20:00 to 24:00
    ("cg:epochDateTime", {"value": "1473544800000", "offset": "79200000", "start": "72000000"},
     ["2016-09-11T22:00:00+02:00"]),                                    # 20:00 to 22:00
    ("cg:epochDateTime", {"value": "1473544800000", "offset": "-1"}, []),   # the export's "not known"
    ("cg:epochDateTime", {"value": "1473544800000", "offset": None}, []),
    ("cg:epochDateTime", {"value": "morgen", "offset": "0"}, Cannot("not a whole number of milliseconds")),
    ("cg:epochDateTime", {"value": "1473544800000", "timezone_name": Written("Europe/Gent")},
     Error("cannot read its parameter timezone_name 'Europe/Gent': not a time zone")),
    ("cg:epochDate", {"value": "1473544800000"}, ["2016-09-11"]),
    ("cg:localTime", {"value": "2024-11-08T19:00:00Z"}, ["2024-11-08T20:00:00+01:00"]),
    ("cg:localTime", {"value": "2021-05-17T20:15:00"}, ["2021-05-17T20:15:00+02:00"]),
    ("cg:localTime", {"value": "17/05/2021"}, Cannot("not an ISO date and time")),
    ("cg:uitTime", {"date": "1473544800000", "time": "69300000"}, ["2016-09-11T20:15:00+02:00"]),
    ("cg:uitTime", {"date": "1473544800000", "time": "0", "start": "69300000"},
     ["2016-09-12T01:00:00+02:00"]),                                    # van 20:15 tot 01:00
    ("cg:uitTime", {"date": "1473544800000", "time": "-3600000", "start": "69300000"},
     ["2016-09-12T00:00:00+02:00"]),                                    # van 20:15 tot 24:00
    ("cg:uitTime", {"date": "1473544800000", "time": "75600000", "start": "69300000"},
     ["2016-09-11T22:00:00+02:00"]),                                    # van 20:15 tot 22:00
    ("cg:uitTime", {"date": "1481324400000", "time": "69300000"}, ["2016-12-10T20:15:00+01:00"]),  # winter time
    ("cg:uitTime", {"date": "1473544800000", "time": ""}, []),
    ("cg:uitTime", {"date": "soon", "time": "69300000"}, Cannot("not a whole number of milliseconds")),
    ("cg:dayTime", {"date": "17/07/2024", "time": "20:30"}, ["2024-07-17T20:30:00+02:00"]),
    ("cg:dayTime", {"date": "2024-12-08", "time": "20u15"}, ["2024-12-08T20:15:00+01:00"]),   # winter time
    ("cg:dayTime", {"date": "27 oktober 2024", "time": "9.30"}, ["2024-10-27T09:30:00+01:00"]),  # clocks went back
    ("cg:dayTime", {"date": "17/07/2024", "time": "01:00", "start": "22:00"}, ["2024-07-18T01:00:00+02:00"]),
    ("cg:dayTime", {"date": "17/07/2024", "time": "24:00", "start": "20h"}, ["2024-07-18T00:00:00+02:00"]),
    ("cg:dayTime", {"date": "17/07/2024", "time": "23:00", "start": "22:00"}, ["2024-07-17T23:00:00+02:00"]),
    ("cg:dayTime", {"date": "17/07/2024", "time": None}, []),
    ("cg:dayTime", {"date": "onbekend", "time": "20:30"}, []),
    ("cg:dayTime", {"date": "ca. 1890", "time": "20:30"}, Cannot("not one certain day")),
    ("cg:dayTime", {"date": "17/07/2024", "time": "'s avonds"}, Cannot("not a time of day")),
    ("cg:dayTime", {"date": "17/07/2024", "time": "24:30"}, Cannot("no such time of day")),
    # lists of names, "Surname, Given name" kept whole
    ("cg:splitNames", {"value": "Claus, Hugo; Mortier, Erwin"}, ["Claus, Hugo", "Mortier, Erwin"]),
    ("cg:splitNames", {"value": "Van den Bossche, Jan"}, ["Van den Bossche, Jan"]),
    ("cg:splitNames", {"value": "de Coster, Charles|Conscience, Hendrik"}, ["de Coster, Charles", "Conscience, Hendrik"]),
    ("cg:splitNames", {"value": "Rubens | Van Dyck"}, ["Rubens", "Van Dyck"]),
    ("cg:splitNames", {"value": "Jan Fabre / Wim Vandekeybus"}, ["Jan Fabre", "Wim Vandekeybus"]),
    ("cg:splitNames", {"value": "Op de Beeck, Hans\nDe Keersmaeker, Anne Teresa"},
     ["Op de Beeck, Hans", "De Keersmaeker, Anne Teresa"]),
    ("cg:splitNames", {"value": "AC/DC"}, ["AC/DC"]),                 # a slash without spaces is part of a name
    ("cg:splitNames", {"value": "Rubens, Peter Paul (1577-1640); Van Dyck, Anthony"},
     ["Rubens, Peter Paul (1577-1640)", "Van Dyck, Anthony"]),
    ("cg:splitNames", {"value": "Brueghel, Pieter + Brueghel, Jan", "separator": Written("+")},
     ["Brueghel, Pieter", "Brueghel, Jan"]),
    ("cg:splitNames", {"value": "Claus, Hugo, Mortier, Erwin"},
     Guess(["Claus, Hugo", "Mortier, Erwin"], 'read as 2 names "Surname, Given name"')),
    ("cg:splitNames", {"value": "Van den Bossche, Jan, de Coster, Charles", "separator": Written(",")},
     Guess(["Van den Bossche, Jan", "de Coster, Charles"], "each second one a given name")),
    ("cg:splitNames", {"value": "Rubens, Van Dyck"},                    # 'Van Dyck' is no given name
     Guess(["Rubens", "Van Dyck"], "the part after it is not a given name")),
    ("cg:splitNames", {"value": "Rubens, Van Dyck, Jordaens"},
     Guess(["Rubens", "Van Dyck", "Jordaens"], "not in pairs of surname and given name: read as 3 names")),
    ("cg:splitNames", {"value": "onbekend"}, []),
    ("cg:splitNames", {"value": "Claus, Hugo; ???"}, Cannot("not a name: '???': no letters", kept=("Claus, Hugo",))),
    ("cg:splitNames", {"value": "Claus, Hugo, Mortier; Erwin"},
     Cannot("'Claus, Hugo, Mortier': more than one comma", kept=("Erwin",))),
    # the script of a label, and its likely language
    ("cg:script", {"value": "Гентский алтарь"}, ["und-Cyrl"]),
    ("cg:script", {"value": "ゲントの祭壇画"}, ["und-Jpan"]),
    ("cg:script", {"value": "مذبح غنت"}, ["und-Arab"]),
    ("cg:script", {"value": "根特祭坛画"}, ["und-Hani"]),
    ("cg:script", {"value": "겐트 제단화"}, ["und-Kore"]),
    ("cg:script", {"value": "Het Lam Gods (1432)"}, ["und-Latn"]),
    ("cg:script", {"value": "Гентский алтарь (Ghent)"}, Guess(["und-Cyrl"], "letters in several scripts (Cyrl 14, Latn 5)")),
    ("cg:script", {"value": "1432"}, Cannot("no letters, so no script")),
    ("cg:likelyLanguage", {"value": "Tentoonstelling over de geschiedenis van de stad en haar haven"},
     Guess(["nl"], "nl with probability")),
    ("cg:likelyLanguage", {"value": "Exposition sur l'histoire de la ville et de son port"},
     Guess(["fr"], "fr with probability")),
    ("cg:likelyLanguage", {"value": "An exhibition about the history of the city and its port"},
     Guess(["en"], "en with probability")),
    ("cg:likelyLanguage", {"value": "Olieverf op doek, gesigneerd en gedateerd rechtsonder",
                           "languages": Written("nl,fr,en,de")}, Guess(["nl"], "nl with probability")),
    ("cg:likelyLanguage", {"value": "Olieverf op doek, gesigneerd en gedateerd rechtsonder"},
     ["und-Latn"]),                                                       # Dutch or Afrikaans: not sure enough
    ("cg:likelyLanguage", {"value": "ゲントの祭壇画は、ファン・エイク兄弟による多翼祭壇画である"},
     Guess(["ja"], "ja with probability")),
    ("cg:likelyLanguage", {"value": "Stilleven met bloemen"}, ["und-Latn"]),        # three words: too short
    ("cg:likelyLanguage", {"value": "Museum voor Schone Kunsten Gent"}, ["und-Latn"]),  # a name, not confident
    ("cg:likelyLanguage", {"value": "Гентский алтарь"}, ["und-Cyrl"]),
    ("cg:likelyLanguage", {"value": "مذبح غنت"}, ["und-Arab"]),
    ("cg:likelyLanguage", {"value": "Una mostra sulla storia della città e del suo porto",
                           "languages": Written("nl,fr,en,de")}, ["und-Latn"]),   # none of those
    ("cg:likelyLanguage", {"value": "???"}, Cannot("no letters")),
    ("cg:likelyLanguage", {"value": "Gentse Feesten", "languages": Written("nl,vlaams")},
     Error("cannot read its parameter languages 'nl,vlaams': not a language the model knows: vlaams")),
]


@pytest.mark.parametrize("name, params, expected", SPEC, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(SPEC)])
def test_function_specification(name, params, expected):
    if isinstance(expected, Cannot):
        with pytest.raises(Unreadable) as caught:
            call(name, **params)
        assert expected.reason in caught.value.reason
        assert caught.value.kept == expected.kept
    elif isinstance(expected, Guess):
        guessed = lookup(name)(**params)
        assert isinstance(guessed, Guessed) and expected.how in guessed.how, guessed
        assert values_of(guessed) == call(name, **params) == expected.values
    elif isinstance(expected, Error):
        with pytest.raises(MappingError) as failed:
            call(name, **params)
        assert expected.message in failed.value.message
    else:
        assert call(name, **params) == expected


@pytest.mark.parametrize("written, edtf, datatype", [
    ("12/03/1923", "1923-03-12", XSD + "date"),
    ("1923-03-12", "1923-03-12", XSD + "date"),
    ("1923-03", "1923-03", XSD + "gYearMonth"),
    ("1890", "1890", XSD + "gYear"),
    ("ca. 1890", "1890~", EDTF),
    ("circa 1890", "1890~", EDTF),
    ("1950~/1955~", "1950~/1955~", EDTF),
    ("1897-1900", "1897/1900", EDTF),
    ("19de eeuw", "18XX", EDTF),
    ("1473544800000", "2016-09-11", XSD + "date"),   # epoch milliseconds, local date in Brussels
    ("0001-01-01", None, None),                     # the way some systems write 'unknown'
    ("onbekend", None, None),
])
def test_dates_as_sources_write_them(written, edtf, datatype):
    assert call("cg:edtf", value=written) == ([edtf] if edtf else [])
    assert call("cg:dateType", value=written) == ([datatype] if datatype else [])


def test_every_function_says_what_it_cannot_read_and_is_in_the_table():
    listed = {lookup(name) for name, _, _ in SPEC} | {lookup("cg:dateType")}
    assert set(FUNCTIONS.values()) <= listed, "every function has a row in the specification"
    for signature, lines in catalogue():
        assert lines[-1].startswith("cannot read: "), signature
    may_be_missing = {f.names[0].rsplit("#", 1)[-1]: sorted(f.may_be_missing) for f in FUNCTIONS.values()
                      if f.may_be_missing}
    assert may_be_missing == {"concat": ["value", "value2"], "coded": ["code", "name"]}


def test_mapping_functions_prints_the_rule_and_each_function_s_behaviour():
    result = CliRunner().invoke(main, ["mapping", "functions"])
    assert result.exit_code == 0
    assert result.output.startswith(RULE)
    assert "cg:edtf(value)" in result.output
    assert "cg:split(value, separator=';', prefix='')" in result.output
    assert "cg:concat(value='', value2='', separator='')\n" in result.output
    assert "    may be missing: value, value2 (when a separator is given; without one, both are needed)\n" \
           in result.output
    assert "    cannot read: a value that is not a number (twee, 21,5 cm)\n" in result.output


def test_an_unknown_function_lists_the_known_ones():
    with pytest.raises(MappingError) as caught:
        lookup("cg:titleCase")
    assert "cg:slug" in caught.value.message and "grel:toUpperCase" in caught.value.message
