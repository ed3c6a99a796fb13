"""The functions mappings call, on the values the sector's exports hold."""

from __future__ import annotations

import pytest

from cultuurgraaf.errors import MappingError
from cultuurgraaf.mapping.functions import call, lookup

XSD = "http://www.w3.org/2001/XMLSchema#"
EDTF = "http://id.loc.gov/datatypes/edtf/EDTF"


@pytest.mark.parametrize("name, params, expected", [
    ("cg:trim", {"value": "  Theepot \n"}, ["Theepot"]),
    ("cg:trim", {"value": "   "}, []),
    ("cg:lower", {"value": "ZILVER"}, ["zilver"]),
    ("grel:toUpperCase", {"value": "zilver"}, ["ZILVER"]),
    ("cg:replace", {"value": "inv. 2019.0042", "pattern": r"^inv\. ?", "replacement": ""}, ["2019.0042"]),
    ("cg:replace", {"value": "1890-1900", "pattern": r"(\d{4})-(\d{4})", "replacement": r"\1/\2"}, ["1890/1900"]),
    ("cg:split", {"value": "zilver; ebbenhout;;", "separator": ";"}, ["zilver", "ebbenhout"]),
    ("cg:split", {"value": "300011029|300011914", "separator": "|", "prefix": "aat:"},
     ["aat:300011029", "aat:300011914"]),
    ("cg:nth", {"value": "zilver;ebbenhout", "index": "2"}, ["ebbenhout"]),
    ("cg:nth", {"value": "zilver", "index": "2"}, []),
    ("cg:concat", {"value": "Jan", "value2": "Breydelstraat", "separator": " "}, ["Jan Breydelstraat"]),
    ("cg:stripHtml", {"value": "<p>Een&nbsp;<b>zilveren</b><br/>theepot</p><script>alert(1)</script>"},
     ["Een zilveren theepot"]),
    ("cg:slug", {"value": "Musée du Design — Gent"}, ["musee-du-design-gent"]),
    ("cg:wikidataEntity", {"value": "https://www.wikidata.org/wiki/Q1809071"}, ["http://www.wikidata.org/entity/Q1809071"]),
    ("cg:wikidataEntity", {"value": "https://m.wikidata.org/wiki/Special:EntityPage/Q42"}, ["http://www.wikidata.org/entity/Q42"]),
    ("cg:wikidataEntity", {"value": "Q42"}, ["http://www.wikidata.org/entity/Q42"]),
    ("cg:wikidataEntity", {"value": "geen"}, []),
    ("cg:licence", {"value": "CC BY-SA 4.0"}, ["https://creativecommons.org/licenses/by-sa/4.0/"]),
    ("cg:decimal", {"value": "21,5"}, ["21.5"]),
])
def test_value_functions(name, params, expected):
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


def test_epoch_milliseconds_with_a_time_of_day_become_a_datetime():
    assert call("cg:epochDateTime", value="1473544800000", offset="69300000") == ["2016-09-11T19:15:00+02:00"]


def test_an_unknown_function_lists_the_known_ones():
    with pytest.raises(MappingError) as caught:
        lookup("cg:titleCase")
    assert "cg:slug" in caught.value.message and "grel:toUpperCase" in caught.value.message
