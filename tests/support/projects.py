"""Throw-away copies of the demo project, to try bad input without touching the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    """A project in ``folder`` with one source, ``kind``, that maps each of ``inputs`` with the kind's
    mapping file (src/cultuurgraaf/kinds/{kind}.yml); validated with the project's shapes unless
    ``shapes`` is false."""
    files = ", ".join(f'"{path}"' for path in inputs)
    text = ["[project]", f'name = "{kind}"', 'base_iri = "https://data.cultuurgraaf.be"', 'store = "store"']
    if shapes:
        text.append(f'shapes = ["{ROOT / "shapes"}"]')
    text += ["", "[[sources]]", f'name = "{kind}"', f"inputs = [{files}]", f'mapping = "{KINDS / kind}.yml"', ""]
    (folder / "cultuurgraaf.toml").write_text("\n".join(text), encoding="utf-8")
    return folder
