"""The pages speak Dutch, English and French: the table of words is complete and used, the terms the
demo's pages show have a French name, and the language is chosen by ?lang=, the cookie, then
Accept-Language, on every page and error page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cultuurgraaf.labels import Labels
from cultuurgraaf.validation.report_words import WORDS as REPORT_WORDS
from cultuurgraaf.web.words import PAGE_LANGUAGES, WORDS
from support.demo_things import design_museum, iri_safe, object_with_script, page
from support.http import without_data_blocks
from support.paths import ROOT

WEB = ROOT / "src" / "cultuurgraaf" / "web"
#: t("key") in a template, WORDS.text("key") in Python
USED = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']|WORDS\.text\(\s*["']([a-z0-9_]+)["']""")
#: keys the code builds (month_1 .. month_12, for dates) or a template picks from a list (the groups of a list by date)
BUILT = re.compile(r"month_\d+|upcoming|past|no_date")


def used_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in [*WEB.glob("templates/*.html"), *(p for p in WEB.glob("*.py") if p.name != "words.py")]:
        for match in USED.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1) or match.group(2), set()).add(path.name)
    for path in WEB.glob("templates/*.html"):  # conditional keys: t("a" if x else "b")
        for match in re.finditer(r"""\bt\(\s*["']([a-z0-9_]+)["']\s+if\s+[^)]*?else\s+["']([a-z0-9_]+)["']""",
                                 path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), set()).add(path.name)
    return found


def test_every_word_is_in_every_page_language():
    incomplete = {key: sorted(set(PAGE_LANGUAGES) - set(texts)) for key, texts in WORDS.table.items()
                  if set(PAGE_LANGUAGES) - {k for k, v in texts.items() if v}}
    assert incomplete == {}


def test_every_word_a_page_uses_is_in_the_table_and_every_word_there_is_used():
    used = used_keys()
    assert {k: sorted(v) for k, v in used.items() if k not in WORDS.table} == {}
    assert sorted(k for k in WORDS.table if k not in used and not BUILT.fullmatch(k)) == []


def test_the_validation_reports_words_are_complete_and_used():
    """The report a page shows (the export checker's) speaks the page's language too."""
    validation = ROOT / "src" / "cultuurgraaf" / "validation"
    code = "".join((validation / name).read_text(encoding="utf-8") for name in ("render_html.py", "report.js"))
    assert {key: sorted(set(PAGE_LANGUAGES) - set(texts)) for key, texts in REPORT_WORDS.items()
            if set(PAGE_LANGUAGES) - set(texts)} == {}
    built = re.compile(r"severit(y|ies)_(Violation|Warning|Info)")  # by severity: f"severity_{severity}"
    assert sorted(k for k in REPORT_WORDS if f'"{k}"' not in code and f"'{k}'" not in code and not built.fullmatch(k)) == []


def test_the_words_keep_their_placeholders_in_every_language():
    differing = {key: texts for key, texts in WORDS.table.items()
                 if len({tuple(sorted(re.findall(r"\{(\w+)\}", t))) for t in texts.values()}) > 1}
    assert differing == {}


def test_no_dutch_sentence_is_left_in_the_templates():
    """Page text goes through the table: a template holds no run of three or more Dutch words."""
    dutch = re.compile(r">[^<>{}]*\b(de|het|een|van|en|met|voor|niet|naar)\b[^<>{}]*\b(de|het|een|van|en|met)\b[^<>{}]*<")
    strays = {path.name: dutch.findall(path.read_text(encoding="utf-8")) for path in WEB.glob("templates/*.html")}
    assert {name: found for name, found in strays.items() if found} == {}


def test_every_term_the_demo_pages_show_is_named_in_french(demo_project, demo_app):
    """The properties and classes of the sources' graphs (the catalogue's own terms are another page's)."""
    labels = Labels(demo_project.ontologies)
    others = ", ".join(f"<{g}>" for g in (demo_project.iris.meta_graph, demo_project.iris.graph("links")))
    shown = {row[0][1] for row in demo_app.state.cg.store.query(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } } "
        f"FILTER(?g NOT IN ({others})) }}").solution_tuples()}
    missing = sorted(t for t in shown if labels.language(t, ("nl",)) == "nl" and labels.language(t, ("fr",)) != "fr")
    assert len(shown) > 40 and missing == [], "terms with a Dutch name but no French one (ontologies/fr.ttl)"


# choosing the language --------------------------------------------------------------------------
def test_lang_in_the_url_sets_the_page_language_and_a_cookie(client):
    client.cookies.clear()
    response = client.get("/?lang=en")
    assert '<html lang="en">' in response.text and "What the graph holds" in response.text
    assert "lang=en" in response.headers["set-cookie"] and "Cookie" in response.headers["vary"]
    again = client.get("/lijst")
    assert '<html lang="en">' in again.text and "<h1>Lists</h1>" in again.text, "the cookie keeps the language"
    french = client.get("/lijst", headers={"Accept-Language": "nl"}, params={"lang": "fr"})
    assert "<h1>Listes</h1>" in french.text
    client.cookies.clear()


def test_without_a_choice_the_browser_language_decides_and_dutch_is_the_default(client):
    client.cookies.clear()
    assert '<html lang="fr">' in client.get("/", headers={"Accept-Language": "de, fr;q=0.8"}).text
    assert '<html lang="nl">' in client.get("/", headers={"Accept-Language": "de"}).text
    assert '<html lang="nl">' in client.get("/").text


def test_a_language_the_pages_do_not_speak_is_a_clear_400(client):
    response = client.get("/?lang=de", headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert "lang must be one of nl, en, fr" in response.text and '<html lang="nl">' in response.text


@pytest.mark.parametrize("language, heading", [("nl", "Niet gevonden"), ("en", "Not found"), ("fr", "Introuvable")])
def test_error_pages_speak_the_page_language(client, language, heading):
    client.cookies.clear()
    client.cookies.set("lang", language)
    response = client.get("/doc/erfgoedobject/bestaat-niet", headers={"Accept": "text/html"})
    client.cookies.clear()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in response.text and f"<h1>{heading}</h1>" in response.text
    message = re.search(r'<p class="error"([^>]*)>', response.text).group(1)
    assert (message == ' lang="en"') == (language != "en"), "the message from the error is English, and says so"


def test_values_in_another_language_than_the_page_carry_lang(client):
    html = client.get(page("organisatie", design_museum()["ref"]), params={"lang": "fr"}).text
    client.cookies.clear()
    assert '<html lang="fr">' in html
    linked = dict(re.findall(r'<a href="/doc/erfgoedobject/([^"]+)"( lang="nl")?>', html))
    french = {iri_safe(o["objectnummer"]) for o in design_museum()["kept"] if o["titel_fr"]}
    assert linked and french and {ref for ref, marked in linked.items() if not marked} == french & set(linked), \
        "on a French page, the objects kept are named in French where they have a French title, else marked lang=nl"
    assert re.search(r'<dt title="[^"]+" lang=', html) is None, "property names are French on a French page"


def test_the_object_with_a_script_is_the_same_in_every_language(client):
    for language in PAGE_LANGUAGES:
        html = client.get(page("erfgoedobject", object_with_script()["objectnummer"]), params={"lang": language}).text
        assert "<script" not in without_data_blocks(html)
    client.cookies.clear()


def test_the_query_page_gives_its_scripts_and_yasguis_buttons_the_page_language(client):
    """YASGUI writes English; the page hands its scripts our words for each of its texts, and asks
    the labels and the completion's terms in the page's language."""
    html = client.get("/sparql", params={"lang": "fr"}, headers={"Accept": "text/html"}).text
    client.cookies.clear()
    config = json.loads(re.search(r'<script id="cg-query-config" type="application/json">(.*?)</script>', html,
                                  re.S).group(1))
    words = config["labels"]
    assert "<h2 id=\"cg-examples-heading\">Exemples de requêtes" in html
    assert words["yasgui"]["Run query"] == "Exécuter la requête" and words["map"] == "Carte"
    assert words["resultsMany"] == "{n} résultats" and words["tabName"] == "Requête"
    assert config["vocabularyUrl"] == "/api/vocabulary?lang=fr" and config["labelsUrl"] == "/api/labels?lang=fr"
