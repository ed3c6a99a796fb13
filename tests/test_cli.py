"""The command line teaches: every command has help with an example, and exit codes are documented."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main

COMMANDS = sorted(main.commands)


def test_the_stages_are_all_there():
    assert {"up", "build", "map", "validate", "load", "dump", "serve", "query"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_the_exit_codes(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"'{command} --help' shows no example"
    assert "Exit codes" in result.output


def test_an_unknown_command_is_a_usage_error():
    assert CliRunner().invoke(main, ["bouw"]).exit_code == 2


def test_a_failing_query_exits_1(demo_project):
    result = CliRunner().invoke(main, ["query", str(demo_project.root), "SELEC nothing"],
                                env={"CULTUURGRAAF_STORE": demo_project.store})
    assert result.exit_code == 1
    assert "not valid SPARQL" in result.output


def test_query_prints_a_table(demo_project):
    result = CliRunner().invoke(main, ["query", str(demo_project.root),
                                       "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                                env={"CULTUURGRAAF_STORE": demo_project.store})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].strip() == "n"
    assert int(result.output.splitlines()[2]) > 1000


def test_a_misspelt_setting_is_shown_as_a_warning(tmp_path):
    (tmp_path / "cultuurgraaf.toml").write_text('[project]\nbase_iri = "https://example.org"\nstore = "s"\n'
                                                '[server]\nprot = 8001\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-q"])
    assert "warning: " in result.output and "[server]: unknown setting 'prot' is ignored (known: host, port," \
        in result.output
