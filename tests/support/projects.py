"""Throw-away copies of the demo project, to try bad input without touching the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import BuildResult, build, dump_store

from .paths import DEMO, ROOT


def demo_copy(folder: Path, *, sources: list[str] | None = None) -> Path:
    """A copy of the demo project in ``folder``: its data copied, mappings and shapes by absolute path."""
    shutil.copytree(DEMO / "data", folder / "data")
    mappings = folder / "mappings"
    shutil.copytree(ROOT / "mappings" / "demo", mappings)
    names = sources or ["organisaties", "personen", "objecten", "activiteiten"]
    inputs = {"organisaties": "organisaties.xml", "personen": "personen.csv",
              "objecten": "objecten.csv", "activiteiten": "activiteiten.json"}
    text = [
        "[project]",
        'name = "Test project"',
        'base_iri = "https://data.cultuurgraaf.be"',
        'store = "store"',
        f'shapes = ["{ROOT / "shapes"}"]',
        "",
    ]
    for name in names:
        text += ["[[sources]]", f'name = "{name}"', f'inputs = "data/{inputs[name]}"',
                 f'mapping = "mappings/{name}.yml"', ""]
    (folder / "cultuurgraaf.toml").write_text("\n".join(text), encoding="utf-8")
    return folder


KINDS = ROOT / "src" / "cultuurgraaf" / "kinds"


def kind_project(folder: Path, kind: str, inputs: list[Path], *, shapes: bool = True) -> Path:
    """A project in ``folder`` with one source, ``kind``, that reads each of ``inputs`` as
    ``format = "{kind}"`` (the built-in mapping src/cultuurgraaf/kinds/{kind}.yml); validated with the
    project's shapes unless ``shapes`` is false."""
    files = ", ".join(f'"{path}"' for path in inputs)
    text = ["[project]", f'name = "{kind}"', 'base_iri = "https://data.cultuurgraaf.be"', 'store = "store"']
    if shapes:
        text.append(f'shapes = ["{ROOT / "shapes"}"]')
    text += ["", "[[sources]]", f'name = "{kind}"', f"inputs = [{files}]", f'format = "{kind}"', ""]
    (folder / "cultuurgraaf.toml").write_text("\n".join(text), encoding="utf-8")
    return folder


def build_kind(folder: Path, kind: str, inputs: list[Path], *, shapes: bool = True) -> tuple[Graph, BuildResult]:
    """Build ``inputs`` with the kind into a store in ``folder`` (see :func:`kind_project`): the
    source's graph as the store holds it, and the build's result."""
    project = load_project(kind_project(folder, kind, inputs, shapes=shapes))
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return source_graph(project, kind), result


def source_graph(project, name: str) -> Graph:
    """The graph of source ``name`` as the project's store holds it now."""
    dump = project.root / f"{name}.dump.nt"
    dump_store(project, dump, format="ntriples", graph=f"https://data.cultuurgraaf.be/graph/{name}")
    return Graph().parse(dump, format="nt")


def harvest_project(folder: Path, name: str, harvest: dict[str, str], *, shapes: bool = False) -> Path:
    """A project in ``folder`` with one source, ``name``, harvested as ``harvest`` says (its
    [sources.harvest] table: ldes = URL, or oai_pmh = URL and metadata_prefix ...), with the
    format the harvest implies; validated with the project's shapes when ``shapes`` is true."""
    text = ["[project]", f'name = "{name}"', 'base_iri = "https://data.cultuurgraaf.be"', 'store = "store"']
    if shapes:
        text.append(f'shapes = ["{ROOT / "shapes"}"]')
    text += ["", "[[sources]]", f'name = "{name}"', "", "[sources.harvest]"]
    text += [f'{key} = "{value}"' for key, value in harvest.items()]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cultuurgraaf.toml").write_text("\n".join(text) + "\n", encoding="utf-8")
    return folder
