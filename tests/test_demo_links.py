"""The demo exercises linking after its first command: its [[links]] rules join the ISIL register's
institutions to the register's organisations, so the resolver, the 'also described in' section and
`cultuurgraaf links` work on a fresh clone (docs/linking.md, "The demo")."""

from __future__ import annotations

from support.demo_facts import organisations
from support.demo_things import DESIGN_MUSEUM_WIKIDATA, design_museum, page

from cultuurgraaf.linking.report import report_lines


def _isil_of(ref: str) -> str:
    return next(o.findtext("isil") for o in organisations() if o.get("id") == ref)


def test_the_resolver_answers_the_demo_s_wikidata_isil_and_kbo_with_the_register_s_record(client):
    museum = design_museum()
    kbo = next(o.findtext("kbo") for o in organisations() if o.get("id") == museum["ref"])
    for query in ({"wikidata": DESIGN_MUSEUM_WIKIDATA}, {"isil": _isil_of(museum["ref"])}, {"kbo": kbo}):
        answer = client.get("/id", params=query, follow_redirects=False)
        assert answer.status_code == 303, (query, answer.text)
        assert answer.headers["location"] == f"/id/organisatie/{museum['ref']}"


def test_the_museum_s_page_shows_the_isil_register_s_record_and_why(client):
    museum = design_museum()
    html = client.get(page("organisatie", museum["ref"])).text
    section = html.split('id="gekoppeld"', 1)[1].split("</section>\n  </section>", 1)[0]
    isil = _isil_of(museum["ref"])
    assert f'href="/doc/organisatie/isil-{isil}"' in section
    assert "Erfgoedinstellingen (ISIL-register, CSV)" in section
    assert f"gekoppeld volgens regel &#39;isil&#39; omdat isil {isil} (organisaties) = {isil} (erfgoedinstellingen)" \
        in section


def test_the_links_report_counts_the_demo_s_links_per_rule(demo_app, demo_project):
    """What `cultuurgraaf links examples/demo` prints (report_lines is all the command does)."""
    lines = report_lines(demo_app.state.cg.store, demo_project)
    assert lines[0].startswith("35 links from 3 rules")
    assert [line.split()[:3] for line in lines[1:]] == [["wikidata", "owl:sameAs", "1"], ["isil", "owl:sameAs", "18"],
                                                        ["kbo", "owl:sameAs", "16"]]
