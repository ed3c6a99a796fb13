"""The example queries a project offers on its query page: the ``.rq`` files of its ``queries/``.

Each file starts with comment lines that name it::

    # title: Activiteiten per soort
    # description: Hoeveel activiteiten er zijn van elke soort (concert, tentoonstelling, lezing, ...), ...
    PREFIX crm:  <http://www.cidoc-crm.org/cidoc-crm/>
    ...
"""

from __future__ import annotations

from pathlib import Path

from ..config import Project


def examples(queries_dir: Path) -> list[dict]:
    """The example queries of ``queries/``: each .rq file starts with '# title:' and '# description:'."""
    out = []
    for path in sorted(queries_dir.glob("*.rq")) if queries_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            meta[key.strip().lower()] = value.strip()
        out.append({"name": path.stem, "title": meta.get("title", path.stem),
                    "description": meta.get("description", ""), "query": text})
    return out


def queries_folder(project: Project) -> Path:
    """The project's ``queries/``, or the one of the repository that holds the project."""
    return project.queries or project.root / "queries"
