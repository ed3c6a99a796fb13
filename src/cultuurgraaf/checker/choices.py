"""What an upload is, and which profile checks it: the two choices of the checker's form.

An upload is an export of one of the project's sources (``source:objecten``: the source's mapping
runs on the upload instead of its configured inputs), of a standard format (``format:lido``: the
built-in mapping of ``cultuurgraaf mapping kinds``), or RDF to check as it is (``rdf``). A bare
name is taken when it is unambiguous (``objecten``, ``lido``).

A profile says how the results of the project's shapes count: the validation profiles of
``validation/profiles.py`` (``publicatie``, the default; ``oslo``; ``strikt``), the same a build uses.

>>> import cultuurgraaf
>>> from cultuurgraaf.config import load_project
>>> project = load_project(Path(cultuurgraaf.__file__).parents[2] / "examples" / "demo")
>>> export_kind(project, "objecten").value, export_kind(project, "lido").value, export_kind(project, "rdf").title_en
('source:objecten', 'format:lido', 'RDF as it is (any common syntax)')
>>> export_kind(project, "dublin-core")
Traceback (most recent call last):
...
cultuurgraaf.errors.BadParameter: kind: unknown kind 'dublin-core' ...
>>> profile_shapes(project, "")[0], profile_shapes(project, "oslo")[0]
('publicatie', 'oslo')
>>> profile_shapes(project, "streng")
Traceback (most recent call last):
...
cultuurgraaf.errors.BadParameter: profile: unknown profile 'streng'; this server checks with: publicatie (the project's recommendations for publication as warnings), ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_PROFILE, Project
from ..errors import BadParameter, Location, ShapesError
from ..kinds import KINDS
from ..validation.profiles import DESCRIPTIONS

RDF_AS_IS = "rdf"

#: The profiles an upload may be checked with: name -> what it is for (Dutch, English).
PROFILES: dict[str, tuple[str, str]] = DESCRIPTIONS


@dataclass(frozen=True)
class ExportKind:
    """One answer to "what is this upload?": its form value, its titles, and the mapping that reads it."""

    value: str
    title_nl: str
    title_en: str
    #: the mapping file that reads the upload; None for RDF checked as it is
    mapping: Path | None = None
    #: the project's source whose export this is, if it is one
    source: str | None = None

    @property
    def group(self) -> str:
        return self.value.split(":", 1)[0]


def export_kinds(project: Project) -> list[ExportKind]:
    """Every kind the form offers: the project's sources, the standard formats, and RDF as it is."""
    found = [ExportKind(f"source:{s.name}", s.title, s.title, mapping=s.mapping, source=s.name) for s in project.sources]
    found += [ExportKind(f"format:{k.name}", f"{k.name}: {k.description}", f"{k.name}: {k.description}",
                         mapping=k.path) for k in KINDS.values()]
    return found + [ExportKind(RDF_AS_IS, "RDF zoals het is (elke gangbare syntaxis)", "RDF as it is (any common syntax)")]


def export_kind(project: Project, text: str) -> ExportKind:
    """The kind a form value names: ``source:NAME``, ``format:NAME``, ``rdf``, or a bare name that is one of them."""
    text = (text or "").strip()
    kinds = export_kinds(project)
    exact = [k for k in kinds if k.value == text]
    bare = [k for k in kinds if k.value.split(":", 1)[-1] == text]
    if exact or len(bare) == 1:
        return (exact or bare)[0]
    known = ", ".join(k.value for k in kinds)
    if len(bare) > 1:
        raise BadParameter(f"'{text}' is both a source of this project and a standard format; say which: "
                           f"{' or '.join(k.value for k in bare)}", location=Location(record="kind"))
    raise BadParameter(f"unknown kind '{text}' (known: {known})" if text else f"say what the upload is (known: {known})",
                       location=Location(record="kind"),
                       hint="a source of this project, a standard format (cultuurgraaf mapping kinds), or rdf")


def profile_shapes(project: Project, name: str) -> tuple[str, tuple[Path, ...]]:
    """The profile called ``name`` (empty: the default), and the project's shapes it checks with."""
    name = (name or "").strip() or DEFAULT_PROFILE
    if name not in PROFILES:
        known = ", ".join(f"{n} ({english})" for n, (_, english) in PROFILES.items())
        raise BadParameter(f"unknown profile '{name}'; this server checks with: {known}",
                           location=Location(record="profile"))
    if not project.shapes:
        raise ShapesError("the project names no shapes, so the checker has nothing to check with",
                          hint="name them in [project] shapes of cultuurgraaf.toml")
    return name, tuple(project.shapes)
