"""A demo project built twice, with changes between the builds, for the tests of the change feeds
(tests/test_feeds_ldes.py, tests/test_feeds_oai.py)."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from pathlib import Path

from cultuurgraaf.config import Project, load_project
from cultuurgraaf.pipeline import BuildResult, build

from .projects import demo_copy

BASE = "https://data.cultuurgraaf.be"
#: the object the second build renames, and the one it no longer has
CHANGED, DELETED = "1915.0001", "1980-0002"
NEW_TITLE = "Kandelaar (herzien)"


@dataclass
class Rebuilt:
    project: Project
    first: BuildResult
    second: BuildResult
    #: when the second build's changes were made (its members' prov:generatedAtTime)
    second_at: str


def rewrite_extract(path: Path, *, change: str, new_title: str, delete: str) -> None:
    """The objects' CSV with one object's Dutch title changed and another's row left out."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if row["objectnummer"] == delete:
            continue
        if row["objectnummer"] == change:
            row["titel"] = new_title
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")


def rebuilt_demo(folder: Path) -> Rebuilt:
    """Organisations, persons and objects built, then built again with CHANGED renamed and DELETED
    gone; fragments of 60 members and OAI-PMH pages of 40 records, so that lists take pages."""
    demo_copy(folder, sources=["organisaties", "personen", "objecten"])
    with open(folder / "cultuurgraaf.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[feeds]\npage_size = 60\noai_page_size = 40\nadmin_email = "info@example.org"\n')
    project = load_project(folder)
    first = build(project)
    assert not first.failed, [str(o.error) for o in first.failed]
    first_at = max(c.at for c in first.feeds) if first.feeds else ""
    # the log's times have whole seconds: the second build's changes come a second later
    while time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) <= first_at:
        time.sleep(0.1)
    rewrite_extract(folder / "data" / "objecten.csv", change=CHANGED, new_title=NEW_TITLE, delete=DELETED)
    second = build(project)
    assert not second.failed, [str(o.error) for o in second.failed]
    return Rebuilt(project, first, second, max(c.at for c in second.feeds))
