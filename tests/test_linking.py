"""Links across sources, made by the rules in the project file, each with its reason.

The samples must show: the Flagey venue and organiser of the event database linked to the
performing-arts venue and organisation records; the museum's two exports meeting at Design
Museum Gent (Wikidata Q1809071); and nothing linked that should not be.
"""

from __future__ import annotations

import pytest

from support.samples import (BASE, DMG_LDES, DMG_LIDO, FLAGEY_ORGANISATION, FLAGEY_ORGANISER, FLAGEY_PLACE,
                             FLAGEY_VENUE, LINKS_GRAPH, built_samples)
from support.paths import shared_or_skip
from cultuurgraaf.linking.report import group_of, report_lines, rule_counts, stored_links


@pytest.fixture(scope="module")
def samples():
    shared_or_skip("samples", "README.md")
    return built_samples()


def link_between(samples, a: str, b: str):
    links = [l for l in stored_links(samples.store, samples.project.iris, entity=a) if b in (l.left, l.right)]
    return links[0] if len(links) == 1 else None


def linked(samples, a: str, b: str) -> bool:
    return samples.ask(f"ASK {{ GRAPH <{LINKS_GRAPH}> {{ <{a}> ?relation <{b}> }} }}")


# --- what must be linked ------------------------------------------------------------------------------

def test_flagey_venue_of_the_event_database_is_the_performing_arts_venue(samples):
    link = link_between(samples, FLAGEY_PLACE, FLAGEY_VENUE)
    assert link is not None
    assert (link.rule, link.relation) == ("naam-en-postcode", "http://www.w3.org/2004/02/skos/core#exactMatch")
    assert (link.left, link.left_source, link.right, link.right_source) == (
        FLAGEY_VENUE, "kunstenpunt-locaties", FLAGEY_PLACE, "uitdatabank")
    assert link.matches == [("naam", "flagey", "Flageygebouw", "Flagey"), ("postcode", "1050", "1050", "1050")]
    assert link.reason("en") == ("linked by rule 'naam-en-postcode' because postcode 1050 (kunstenpunt-locaties) = "
                                 "1050 (uitdatabank) and naam 'Flageygebouw' (kunstenpunt-locaties) begins with "
                                 "'Flagey' (uitdatabank)")
    assert "gekoppeld volgens regel 'naam-en-postcode' omdat" in link.reason("nl")


def test_flagey_organiser_of_the_event_database_is_the_performing_arts_organisation(samples):
    link = link_between(samples, FLAGEY_ORGANISER, FLAGEY_ORGANISATION)
    assert link is not None
    assert link.rule == "naam-en-website"
    assert (link.left, link.right) == (FLAGEY_ORGANISATION, FLAGEY_ORGANISER)
    assert link.matches == [("naam", "flagey", "Flagey", "Flagey"),
                            ("website", "flagey.be", "http://www.flagey.be/", "http://www.flagey.be")]


def test_the_two_museum_exports_meet_at_design_museum_gent(samples):
    link = link_between(samples, DMG_LIDO, DMG_LDES)
    assert link is not None
    assert (link.rule, link.relation) == ("wikidata", "http://www.w3.org/2002/07/owl#sameAs")
    assert (link.left_source, link.right_source) == ("lido", "coghent")
    assert link.matches == [("wikidata", "Q1809071", "http://www.wikidata.org/entity/Q1809071",
                             "http://www.wikidata.org/entity/Q1809071")]
    assert linked(samples, DMG_LIDO, DMG_LDES) and linked(samples, DMG_LDES, DMG_LIDO)
    kept = samples.rows(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o crm:P50_has_current_keeper ?k . "
                        f"?k owl:sameAs* <{DMG_LIDO}> }}")
    assert kept == [{"n": str(98 + 160)}]     # both exports' objects, through the link


def test_each_link_says_which_build_made_it(samples):
    rows = samples.rows(f"SELECT ?link ?activity ?time WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?link a cg:Link ; "
                        "prov:wasGeneratedBy ?activity . ?activity prov:endedAtTime ?time } }")
    assert len(rows) == 3 and len({r["activity"] for r in rows}) == 1


def test_a_group_of_linked_records_has_one_canonical_entity_from_the_first_listed_source(samples):
    assert group_of(samples.store, samples.project.iris, DMG_LDES) == (DMG_LIDO, sorted([DMG_LIDO, DMG_LDES]))
    assert group_of(samples.store, samples.project.iris, FLAGEY_PLACE)[0] == FLAGEY_VENUE
    assert group_of(samples.store, samples.project.iris, FLAGEY_ORGANISER)[0] == FLAGEY_ORGANISATION


# --- what must not be linked --------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, why", [
    (FLAGEY_PLACE, FLAGEY_ORGANISATION, "a venue is not an organisation, though both are called Flagey"),
    (FLAGEY_ORGANISER, FLAGEY_VENUE, "an organiser is not a venue"),
    (FLAGEY_PLACE, BASE + "/id/locatie/kunstenpunt-133622", "Théâtre Marni: same postcode 1050, other name"),
    (FLAGEY_PLACE, BASE + "/id/locatie/kunstenpunt-134672", "GC Elzenhof: same postcode 1050, other name"),
    (BASE + "/id/organisatie/kunstenpunt-361873", BASE + "/id/organisatie/kunstenpunt-365518",
     "two organisations named De Verbeelding in one source"),
    (FLAGEY_ORGANISATION, FLAGEY_VENUE, "the organisation and its building are two things of one source"),
])
def test_must_not_link(samples, a, b, why):
    assert not linked(samples, a, b) and not linked(samples, b, a), why


def test_links_per_rule_on_the_samples(samples):
    """No link beyond the three above: every rule's count is known (docs/linking.md shows them)."""
    counts = {c.name: c.links for c in rule_counts(samples.store, samples.project)}
    assert counts == {"wikidata": 1, "stad-gent": 0, "kbo": 0, "isil": 0, "viaf": 0, "rkd": 0,
                      "website-en-postcode": 0, "naam-en-website": 1, "naam-en-postcode": 1}
    assert samples.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?a owl:sameAs|skos:exactMatch ?b }} }}") \
        == [{"n": "6"}]      # three links, each written both ways


def test_the_build_reports_links_per_rule(samples):
    lines = samples.result.links.lines()
    assert lines[0] == "links: 3 from 9 rules"
    assert "  naam-en-postcode (skos:exactMatch): 1 links; entities with the keys: kunstenpunt-locaties 1235, " \
           "uitdatabank 1" in lines


def test_the_links_report_of_a_built_store(samples):
    lines = report_lines(samples.store, samples.project, rule="wikidata", detailed=True)
    assert lines[0].startswith("1 links from 9 rules (linked ")
    assert lines[1].split() == ["wikidata", "owl:sameAs", "1", "zelfde", "Wikidata-item"]
    assert lines[2:] == [f"    <{DMG_LIDO}> (lido)", f"      owl:sameAs <{DMG_LDES}> (coghent)",
                         "      linked by rule 'wikidata' because wikidata http://www.wikidata.org/entity/Q1809071 "
                         "(lido) = http://www.wikidata.org/entity/Q1809071 (coghent)"]


def test_identifiers_are_indexed_for_the_resolver(samples):
    rows = samples.rows(f"SELECT ?key WHERE {{ GRAPH <{LINKS_GRAPH}> {{ <{FLAGEY_PLACE}> cg:key ?key }} }}")
    assert rows == [{"key": "uitdatabank=671e5372-6c0c-4c2e-821b-af9573ec90a5"}]


def test_the_links_command_reports_and_names_unknown_rules(samples, monkeypatch):
    from click.testing import CliRunner

    from cultuurgraaf.cli import main
    from support.samples import SAMPLES_PROJECT

    monkeypatch.setenv("CULTUURGRAAF_STORE", str(samples.project.store_path))
    result = CliRunner().invoke(main, ["links", str(SAMPLES_PROJECT)])
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == report_lines(samples.store, samples.project)[1:]
    wrong = CliRunner().invoke(main, ["links", str(SAMPLES_PROJECT), "--rule", "btw"])
    assert wrong.exit_code == 3
    assert "no link rule named 'btw' (rules: wikidata, stad-gent, kbo" in wrong.output
