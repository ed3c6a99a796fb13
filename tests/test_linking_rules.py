"""Linking rules and keys as the project file declares them: what is accepted, and the errors for the rest."""

from __future__ import annotations

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.errors import ConfigError
from cultuurgraaf.linking.keys import normalise

HEAD = '[project]\nname = "T"\nbase_iri = "https://data.cultuurgraaf.be"\n\n'


def project_with(tmp_path, text: str):
    (tmp_path / "cultuurgraaf.toml").write_text(HEAD + text, encoding="utf-8")
    return load_project(tmp_path)


def test_a_rule_with_built_in_keys(tmp_path):
    project = project_with(tmp_path, '[[links]]\nrule = "kbo"\nkeys = ["kbo"]\n')
    (rule,) = project.links
    assert (rule.name, rule.relation_curie, [k.name for k in rule.keys]) == ("kbo", "owl:sameAs", ["kbo"])
    assert rule.keys[0].agency == "KBO" and rule.keys[0].identifier


def test_a_key_declared_in_the_project_file(tmp_path):
    project = project_with(tmp_path, '[keys.museumnummer]\nagency = "Museumregister"\nnormalise = "id"\n\n'
                                     '[[links]]\nrule = "museum"\nkeys = ["museumnummer"]\n')
    key = project.keys["museumnummer"]
    assert (key.path, key.agency, key.normalise, key.identifier) == ("adms:identifier", "Museumregister", "id", True)
    assert project.links[0].keys == (key,)


@pytest.mark.parametrize("text, words", [
    ('[[links]]\nrule = "x"\nkeys = ["btw"]\n', "[[links]] 'x': unknown key btw (known: isil, kbo, kunstenpunt"),
    ('[[links]]\nrule = "x"\nkeys = ["kbo"]\nrelation = "owl:equivalentClass"\n',
     "relation 'owl:equivalentClass' is not one of owl:sameAs, skos:exactMatch, skos:closeMatch"),
    ('[[links]]\nrule = "x"\nkeys = ["naam"]\nprefix = ["naam"]\n', "at least one key must be matched as equal"),
    ('[[links]]\nrule = "x"\nkeys = ["kbo"]\n\n[[links]]\nrule = "x"\nkeys = ["isil"]\n', "repeated: x"),
    ('[[links]]\nrule = "Met Spatie"\nkeys = ["kbo"]\n', "needs 'rule', a name of lower-case letters"),
    ('[[links]]\nrule = "x"\nkeys = ["kbo"]\nwanneer = "altijd"\n', "unknown settings: wanneer"),
    ('[keys.web]\npath = "foaf:homepage"\nnormalise = "url"\n', "unknown normaliser 'url'"),
    ('[keys.web]\nnormalise = "website"\n', "[keys.web] needs 'path'"),
    ('[[sources]]\nname = "links"\nmapping = "m.yml"\n\n[[links]]\nrule = "x"\nkeys = ["kbo"]\n',
     "a source may not be named 'links'"),
])
def test_mistakes_in_rules_name_what_is_wrong_and_where(tmp_path, text, words):
    with pytest.raises(ConfigError) as caught:
        project_with(tmp_path, text)
    assert words in caught.value.message
    assert caught.value.location.path.endswith("cultuurgraaf.toml")


@pytest.mark.parametrize("normaliser, written, normal", [
    ("website", "http://www.flagey.be/", "flagey.be"),
    ("website", "https://Flagey.be", "flagey.be"),
    ("website", "www.flagey.be/nl/", "flagey.be/nl"),
    ("website", "http://www.detijd.be/cgi-bin/tijd_frame.cgi?1,1", "detijd.be/cgi-bin/tijd_frame.cgi?1,1"),
    ("postcode", "B-1050", "1050"),
    ("postcode", "1017 SG", "1017SG"),
    ("postcode", "None", None),
    ("kbo", "BE0207.451.227", "0207451227"),
    ("isil", "be-gnt01", "BE-GNT01"),
    ("naam", "Flagey", "flagey"),
    ("naam", "Théâtre de L'L asbl", "theatre de l l"),
    ("qid", "wd:q1809071", "Q1809071"),
])
def test_normal_forms(normaliser, written, normal):
    assert normalise(normaliser, written) == normal


@pytest.mark.parametrize("key, iri, value", [
    ("viaf", "http://viaf.org/viaf/24606226", "24606226"),
    ("viaf", "https://viaf.org/viaf/24606226", "24606226"),
    ("rkd", "https://rkd.nl/explore/artists/80330", "80330"),
    ("wikidata", "https://www.wikidata.org/wiki/Q312560", "Q312560"),
    ("stadgent", "https://stad.gent/id/entiteit/530001198", "entiteit/530001198"),
    ("viaf", "https://rkd.nl/explore/artists/80330", None),          # another authority's IRI is no VIAF id
])
def test_authority_keys_read_their_own_namespace(key, iri, value):
    from cultuurgraaf.linking.keys import BUILTIN_KEYS

    assert BUILTIN_KEYS[key].value(iri) == value
