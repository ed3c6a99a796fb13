"""Reading SPARQL before it runs: the form, the dataset, the read-only rule, SERVICE and LOAD
only to allowed endpoints (however they are spelled), and the protocol's USING clauses."""

from __future__ import annotations

import pytest

from cultuurgraaf.errors import QueryError, QueryRefused
from cultuurgraaf.sparql import (Dataset, ServiceRefused, check_query, prepare_update, query_form, screen_query,
                                 tokens, unescape_codepoints)

EVIL = "http://127.0.0.1:8999/sparql"


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("select * { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://example.org/> BASE <http://example.org/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# SELECT in a comment\nASK {}", "ASK"),
    ("PREFIX : <http://example.org/select#>\nDESCRIBE :x", "DESCRIBE"),
    ("PREFIX insert: <http://example.org/> SELECT ?insert WHERE { ?insert ?p insert:x }", "SELECT"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "UPDATE"),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
    ("CLEAR ALL", "UPDATE"),
    ("  \n", ""),
    ("HELLO", ""),
])
def test_the_form_of_a_query(text, form):
    assert query_form(text) == form


def test_tokens_skip_comments_and_keep_strings_iris_and_names_whole():
    text = "SELECT ?service # SERVICE <http://x>\nWHERE { <http://a/service> ex:SERVICE 'SERVICE' ; ?p \"\"\"a\nb\"\"\"@nl }"
    assert [(t.kind, t.text) for t in tokens(text)] == [
        ("word", "SELECT"), ("var", "?service"), ("word", "WHERE"), ("punct", "{"), ("iri", "<http://a/service>"),
        ("pname", "ex:SERVICE"), ("string", "'SERVICE'"), ("punct", ";"), ("var", "?p"),
        ("string", '"""a\nb"""'), ("langtag", "@nl"), ("punct", "}")]


def test_a_name_at_the_end_of_a_triple_leaves_the_dot():
    assert [t.text for t in tokens("?s a ex:Thing.")][-2:] == ["ex:Thing", "."]


# The read-only rule ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX ex: <http://example.org/>\ndelete where { ?s ex:p ?o }",
    "DROP ALL",
    "LOAD <http://example.org/data.ttl>",
])
def test_an_update_sent_as_a_query_is_refused(text):
    with pytest.raises(QueryRefused, match="this is an update, not a query"):
        check_query(text)


@pytest.mark.parametrize("text", [None, "", "   \n  "])
def test_an_empty_query_is_an_error(text):
    with pytest.raises(QueryError, match="the query is empty"):
        check_query(text)


# SERVICE -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    f"SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE SILENT <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE\n\t<{EVIL}>{{?s ?p ?o}} }}",
    "PREFIX e: <http://127.0.0.1:8999/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:8999/> SELECT * WHERE { SERVICE :sparql { ?s ?p ?o } }",
    "BASE <http://127.0.0.1:8999/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{EVIL}> {{ ?s ?q ?r }} }} }}",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
    f"ASK {{ FILTER EXISTS {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    # a longest-match tokenizer reads `<?b)SERVICE:x#>` as one IRI; the store's parser does not
    "PREFIX : <http://127.0.0.1:8999/> SELECT * { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE:x#>\n { ?s ?p ?o } }",
])
def test_service_to_an_endpoint_not_on_the_allow_list_is_refused(text):
    with pytest.raises(ServiceRefused, match=r"SERVICE <http://127\.0\.0\.1:8999/[a-z]*> is not allowed"):
        check_query(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT ?x { ?s ?p ?o } }",
    f"SELECT * WHERE {{ VALUES ?x {{ <{EVIL}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
])
def test_service_with_a_variable_endpoint_is_refused(text):
    with pytest.raises(ServiceRefused, match="SERVICE with a variable endpoint is not allowed"):
        check_query(text, allowlist=(EVIL,))


def test_service_to_an_allowed_endpoint_passes():
    checked = check_query(f"SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}", allowlist=(EVIL,))
    assert checked.form == "SELECT"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { <http://example.org/service> ?p 'SERVICE <http://127.0.0.1:8999/>' }",
    "# SERVICE <http://127.0.0.1:8999/>\nSELECT ?service WHERE { ?service a <http://www.w3.org/ns/sparql-service-description#Service> }",
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?s a sd:Service }",
])
def test_the_word_service_elsewhere_is_no_service_call(text):
    assert check_query(text).form == "SELECT"


def test_a_query_whose_service_only_a_parse_can_judge_and_cannot_be_read_is_refused_with_the_reason():
    with pytest.raises(QueryError, match="names SERVICE or LOAD.*could not be read"):
        check_query("SELECT * WHERE { SERVICE:x { ?s ?p ", allowlist=(EVIL,))


# What the tokens tell, and what they leave to a full parse -----------------------------------

@pytest.mark.parametrize("text", [
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType 'SERVICE' } # SERVICE <x>",
    f"SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <http://127.0.0.1:8999/> SELECT * WHERE { SERVICE SILENT e:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
])
def test_plain_service_clauses_are_judged_from_the_tokens_alone(text):
    try:
        assert not screen_query(text).needs_full_check
    except ServiceRefused:
        pass


@pytest.mark.parametrize("text", [
    "SELECT * { FILTER(?a<?b)SERVICE:x#>\n { ?s ?p ?o } }",  # `<?b)SERVICE:x#>` is no IRI to the store
    "SELECT * { SERVICESILENT <http://x> { ?s ?p ?o } }",
    # `<?b&&'>` would hide the SERVICE in a string that runs to the last quote
    "SELECT * { FILTER(?a<?b&&'>' = ?c) SERVICE <http://x> { ?s ?p ?o } FILTER(?z = '') }",
])
def test_service_clauses_the_tokens_could_misread_are_left_to_a_full_parse(text):
    assert screen_query(text, allowlist=("http://x",)).needs_full_check


def test_a_long_query_that_mentions_service_is_not_refused_by_the_checks_own_recursion_limit():
    patterns = " ".join(f"?s{i} schema:serviceType ?o{i} ." for i in range(300))
    text = f"PREFIX schema: <http://schema.org/> SELECT * WHERE {{ {patterns} }}"
    assert check_query(text).form == "SELECT"
    with pytest.raises(ServiceRefused):
        check_query(text[:-1] + f" SERVICE <{EVIL}> {{ ?a ?b ?c }} }}")


def test_codepoint_escapes_are_read_first():
    assert unescape_codepoints(r"\u0053ERVICE \U0001F600 \uD800") == "SERVICE \U0001F600 \\uD800"


# Datasets ----------------------------------------------------------------------------------

def test_without_a_dataset_the_default_graph_is_the_union_of_all_graphs():
    assert check_query("SELECT * { ?s ?p ?o }").store_arguments(Dataset()) == {"union_default_graph": True}


def test_a_query_with_from_keeps_its_own_dataset():
    checked = check_query("SELECT * FROM <http://g1> FROM NAMED <http://g2> { ?s ?p ?o }")
    assert checked.store_arguments(Dataset()) == {"union_default_graph": False}


def test_the_request_dataset_overrides_the_query():
    checked = check_query("SELECT * FROM <http://g1> { ?s ?p ?o }")
    assert checked.store_arguments(Dataset(named_graphs=("http://g2",))) == {
        "default_graph": [], "named_graphs": ["http://g2"]}


# Updates -----------------------------------------------------------------------------------

def test_using_graphs_from_the_request_go_before_every_where():
    text = ("INSERT { GRAPH <http://out> { ?s a <http://x> } } WHERE { ?s ?p 'WHERE' } ;\n"
            "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = <http://where>) }")
    assert prepare_update(text, using_graphs=("http://g1",), using_named_graphs=("http://g2",)) == (
        "INSERT { GRAPH <http://out> { ?s a <http://x> } } USING <http://g1> USING NAMED <http://g2> "
        "WHERE { ?s ?p 'WHERE' } ;\n"
        "DELETE { ?s ?p ?o } USING <http://g1> USING NAMED <http://g2> WHERE { ?s ?p ?o FILTER(?o = <http://where>) }")


@pytest.mark.parametrize("text", [
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }",
])
def test_using_graphs_in_the_request_and_in_the_update_conflict(text):
    with pytest.raises(QueryError, match="give the dataset in one place only"):
        prepare_update(text, using_named_graphs=("http://example/people",))


def test_an_update_without_using_graphs_is_left_as_it_is():
    text = "CLEAR SILENT GRAPH <http://example.org/g>"
    assert prepare_update(text) == text


@pytest.mark.parametrize("text, operation", [
    (f"LOAD <{EVIL}>", "LOAD"),
    (f"load silent <{EVIL}> into graph <http://g>", "LOAD"),
    (f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}", "SERVICE"),
])
def test_an_update_may_not_reach_other_hosts_either(text, operation):
    with pytest.raises(ServiceRefused, match=f"{operation} <{EVIL}> is not allowed"):
        prepare_update(text)
