"""docs/add-a-source.md, followed to the letter: its files, written where it says, give the output it shows."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from click.testing import CliRunner

from cultuurgraaf.cli import main
from support.samples import ROOT

DOC = ROOT / "docs" / "add-a-source.md"


def doc_files() -> list[tuple[str, str]]:
    """(path, content) of every code block the document introduces with "file `path`", in order."""
    text = DOC.read_text(encoding="utf-8")
    return re.findall(r"[Ff]ile `(mijn-project/[^`]+)`[^\n]*\n+```\w*\n(.*?)```", text, re.S)


def doc_output(command: str) -> list[str]:
    """The lines the document shows after ``$ <command>``, up to the next prompt or the block's end."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"\$ " + re.escape(command) + r"\n(.*?)(?:\n\$ |```)", text, re.S).group(1)
    return block.rstrip("\n").splitlines()


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A folder laid out like the checkout (shapes, mappings, examples), where the guide's commands run."""
    if not (ROOT / "examples" / "demo" / "data" / "organisaties.xml").exists():
        pytest.skip("the demo register examples/demo/data/organisaties.xml is not there")
    for name in ("shapes", "mappings", "examples", "ontologies"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "mijn-project").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(checkout, path: str, content: str) -> None:
    (checkout / path).write_text(content, encoding="utf-8")


def first_museum_matches(shown: list[str], turtle: str) -> bool:
    """The guide's Turtle of the first museum is, as a graph, what the mapping says of it.

    Compared as graphs: a Turtle writer may list blank nodes in any order.
    """
    shown_graph = Graph().parse(data="\n".join(shown), format="turtle")
    museum = next(s for s in set(shown_graph.subjects()) if isinstance(s, URIRef))
    return isomorphic(shown_graph, Graph().parse(data=turtle, format="turtle").cbd(museum))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_guide_has_its_files():
    assert [path for path, _ in doc_files()] == ["mijn-project/musea.csv", "mijn-project/musea.yml",
                                                 "mijn-project/musea.yml", "mijn-project/cultuurgraaf.toml"]


def test_the_first_try_fails_validation_as_shown_and_the_fix_passes(checkout):
    csv, first, final = doc_files()[:3]
    write(checkout, *csv)
    write(checkout, *first)
    shown = doc_output("cultuurgraaf map mijn-project/musea.yml --format turtle --verbose")
    mapped = run("map", "mijn-project/musea.yml", "--format", "turtle", "--verbose")
    cut = shown.index("…")
    assert first_museum_matches(shown[:cut], mapped.stdout)                   # the first museum
    assert shown[cut + 1:] == mapped.stderr.splitlines()                       # the counts
    result = run("validate", "mijn-project/musea.yml", "--profile", "strikt")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == doc_output("cultuurgraaf validate mijn-project/musea.yml --profile strikt")[0]
    shown = [line for line in doc_output("cultuurgraaf validate mijn-project/musea.yml --profile strikt") if line != "…"]
    assert all(line in result.output.splitlines() for line in shown), result.output
    write(checkout, *final)
    result = run("validate", "mijn-project/musea.yml", "--profile", "strikt")
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "Conforms. 0 violations, 0 warnings, 4 notes.")


def test_the_project_builds_and_links_as_shown(checkout):
    files = doc_files()
    for path, content in (files[0], files[2], files[3]):
        write(checkout, path, content)
    built = run("build", "mijn-project", "-q")
    assert built.exit_code == 0, built.output
    without_paths = [line for line in doc_output("cultuurgraaf build mijn-project") if ".cultuurgraaf/store" not in line]
    assert [line for line in built.output.splitlines() if ".cultuurgraaf/store" not in line] == without_paths
    listed = run("links", "mijn-project", "--list")
    expected = doc_output("cultuurgraaf links mijn-project --list")
    assert listed.output.splitlines()[1:] == expected[1:]
    assert re.fullmatch(r"5 links from 3 rules \(linked .+\)", listed.output.splitlines()[0])
