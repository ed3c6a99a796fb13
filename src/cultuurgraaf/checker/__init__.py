"""The export checker: an institution uploads an export and learns what to fix, before it publishes.

``choices`` says what an upload can be (one of the project's sources, a standard format, or RDF
as it is) and which profiles check it; ``uploads`` makes an upload safe to read (names, zips,
XML entities); ``check`` maps and validates it without loading anything into the graph, and
``cells`` adds what each rule read in the uploader's file; ``rows`` and ``answers`` say what was
found in the uploader's own terms, as rows, JSON, CSV, SARIF or Turtle; ``worker`` runs each
check in a process of its own with a time limit, and ``recent`` keeps the findings a short while
for the page's downloads. The web layer's ``/controle`` is the page and the API (docs/checker.md).
"""

from .check import Checked, check_files
from .choices import ExportKind, export_kind, export_kinds, profile_shapes
from .worker import CheckJob, CheckService

__all__ = ["Checked", "CheckJob", "CheckService", "ExportKind", "check_files", "export_kind", "export_kinds",
           "profile_shapes"]
