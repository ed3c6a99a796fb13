"""Writing a proposal into a project: the mapping file, the ``[[sources]]`` entry (and the project
file itself when there is none), after running the proposal once to be sure it maps.

Nothing is overwritten without ``force``: an existing mapping file, or a source of the same name
in the project file, stops with a message that says what to do.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import PROJECT_FILE
from ..errors import ConfigError, CultuurgraafError, Location
from ..mapping.functions.text import slug
from .profile import profile_export
from .reading import binary_format
from .propose import Proposal, propose

DEFAULT_BASE = "https://data.cultuurgraaf.be"


@dataclass
class InitResult:
    """What ``init`` wrote and found: the proposal, its files, and the run that checked it; for an
    export a built-in format reads and init cannot profile (binary MARC), that format and no proposal."""

    proposal: Proposal | None
    mapping_path: Path | None
    project_file: Path
    project_created: bool
    #: whether the [[sources]] entry was added (False when a forced run found it there already)
    source_added: bool
    entry: str
    #: the summary of mapping the proposal once (quads, records, rules that gave no value)
    check: list[str] = field(default_factory=list)
    shapes: Path | None = None
    #: the built-in format the [[sources]] entry names instead of a mapping
    format: str | None = None


def init_source(export: Path, *, project_dir: Path = Path("."), kind: str | None = None, name: str | None = None,
                force: bool = False) -> InitResult:
    """Profile ``export``, propose a mapping for it, check that it maps, and add it to the project in
    ``project_dir`` (``mappings/NAME.yml`` and a ``[[sources]]`` entry in ``cultuurgraaf.toml``).
    Binary MARC, which is no text to profile, gets an entry that names the built-in format instead."""
    export = Path(export).resolve()
    project_dir = Path(project_dir).resolve()
    name = name or slug(export.name.split(".")[0]) or "bron"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ConfigError(f"source name '{name}' may hold only letters, digits, '-' and '_'",
                          hint="choose one with --name")
    project_file = project_dir / PROJECT_FILE
    existing = _read_project(project_file)
    standard = binary_format(export)
    mapping_path = None if standard else project_dir / "mappings" / f"{name}.yml"
    _check_free(existing, project_file, mapping_path, export, name, force)
    if standard:
        proposal, check = None, []
        entry = format_entry(name, export, project_dir, standard)
    else:
        base = str(existing.get("project", {}).get("base_iri", DEFAULT_BASE)).rstrip("/") + "/"
        profile = profile_export(export)
        proposal = propose(profile, name=name, mapping_folder=mapping_path.parent, kind=kind, base_iri=base)
        check = _check(proposal, mapping_path)
        mapping_path.parent.mkdir(parents=True, exist_ok=True)
        mapping_path.write_text(proposal.text, encoding="utf-8")
        entry = source_entry(name, export, project_dir, proposal)
    shapes = nearest_shapes(project_dir)
    created = not project_file.exists()
    added = created or not _has_source(existing, name)
    if created:
        project_dir.mkdir(parents=True, exist_ok=True)
        project_file.write_text(project_text(project_dir, shapes) + "\n" + entry, encoding="utf-8")
    elif added:
        with project_file.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if not project_file.read_text(encoding="utf-8").endswith("\n\n") else "") + entry)
    return InitResult(proposal, mapping_path, project_file, created, added, entry, check, shapes, standard)


def _read_project(project_file: Path) -> dict:
    if not project_file.exists():
        return {}
    try:
        return tomllib.loads(project_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the project file cannot be read: {exc}", location=Location(str(project_file))) from exc


def _has_source(project: dict, name: str) -> dict | None:
    return next((s for s in project.get("sources", []) if isinstance(s, dict) and s.get("name") == name), None)


def _check_free(project: dict, project_file: Path, mapping_path: Path | None, export: Path, name: str,
                force: bool) -> None:
    """Refuse to overwrite a mapping, or to add a second source of one name, unless ``force`` and the
    source is the one this run would write (the same mapping, or none, and input)."""
    source = _has_source(project, name)
    if source is not None:
        mapping = source.get("mapping")
        same = ((project_file.parent / str(mapping)).resolve() == mapping_path if mapping else mapping_path is None) \
            and (project_file.parent / str(source.get("inputs", ""))).resolve() == export
        if not (same and force):
            raise ConfigError(f"the project already has a source named '{name}'",
                              location=Location(str(project_file)),
                              hint="choose another name with --name" + (", or --force to propose it again"
                                                                        if same else ""))
    if mapping_path is not None and mapping_path.exists() and not force:
        raise ConfigError("the mapping file exists already; init never overwrites one",
                          location=Location(str(mapping_path)),
                          hint="--force writes a new proposal over it; --name chooses another source name")


def _check(proposal: Proposal, mapping_path: Path) -> list[str]:
    """Map the proposal once, in memory, and return the summary; a proposal that does not map is a bug
    of ours, reported as such."""
    import tempfile

    from ..mapping import execute, load_mapping

    with tempfile.TemporaryDirectory(prefix="cultuurgraaf-init-") as folder:
        trial = Path(folder) / mapping_path.name
        trial.write_text(proposal.mapping.text(access=str(proposal.profile.export.path)), encoding="utf-8")
        try:
            run = execute(load_mapping(trial))
            for _ in run.chunks():
                pass
        except CultuurgraafError as exc:
            raise CultuurgraafError(f"the proposed mapping does not run (a bug of cultuurgraaf init: please report "
                                    f"it with the export's first records): {exc}") from exc
        return run.stats.summary()


def source_entry(name: str, export: Path, project_dir: Path, proposal: Proposal) -> str:
    """The ``[[sources]]`` table for the project file (paths relative to it)."""
    kind = proposal.kind.kind
    return "\n".join([
        "[[sources]]",
        f"# proposed by `cultuurgraaf init` ({kind}): edit mappings/{name}.yml, then build",
        f"name = {json.dumps(name)}",
        f"title = {json.dumps(f'{export.name} ({kind})', ensure_ascii=False)}",
        f"inputs = {json.dumps(os.path.relpath(export, project_dir), ensure_ascii=False)}",
        f"mapping = {json.dumps(f'mappings/{name}.yml')}",
        "",
    ])


def format_entry(name: str, export: Path, project_dir: Path, standard: str) -> str:
    """The ``[[sources]]`` table for an export that a built-in format reads as it is."""
    return "\n".join([
        "[[sources]]",
        f"# added by `cultuurgraaf init`: the built-in format reads it (`cultuurgraaf mapping show {standard}`)",
        f"name = {json.dumps(name)}",
        f"title = {json.dumps(f'{export.name} ({standard})', ensure_ascii=False)}",
        f"format = {json.dumps(standard)}",
        f"inputs = {json.dumps(os.path.relpath(export, project_dir), ensure_ascii=False)}",
        "",
    ])


def project_text(project_dir: Path, shapes: Path | None) -> str:
    """A new project file: the project's name, base IRI, store and shapes."""
    lines = [
        "# A cultuurgraaf project, started by `cultuurgraaf init`. Paths are relative to this file.",
        "[project]",
        f"name = {json.dumps(project_dir.name, ensure_ascii=False)}",
        f"base_iri = {json.dumps(DEFAULT_BASE)}      # things are {{base}}/id/{{kind}}/{{ref}}: use your own domain",
        'store = ".cultuurgraaf/store"',
    ]
    if shapes is not None:
        lines.append(f"shapes = [{json.dumps(os.path.relpath(shapes, project_dir))}]      # the project's SHACL shapes")
    else:
        lines.append("# shapes = [\"...\"]   # no shapes folder was found: without shapes a build does not validate")
    return "\n".join(lines) + "\n"


def nearest_shapes(project_dir: Path) -> Path | None:
    """The shapes folder of the project's checkout: in the project folder or above it, else beside
    the installed package's source tree."""
    package_root = Path(__file__).resolve().parents[3]
    for folder in (project_dir, *project_dir.parents, package_root):
        candidate = folder / "shapes"
        if candidate.is_dir() and any(candidate.glob("*.ttl")):
            return candidate
    return None
