"""Checking data against the project's SHACL shapes, and the report that says what is wrong and where.

``shapes`` loads shapes files (errors name the file, line and shape); ``validator`` runs them,
with the fast SPARQL validator (``shapes_to_sparql`` + ``fast``) or pySHACL as the reference;
``origins`` points each result at the source record and mapping rule; ``report`` holds the
results and writes text and JSON, ``summary`` counts them per check, rule, source and row;
``render_csv``, ``render_turtle``, ``render_html`` and ``sarif`` write the other formats
(``renderings`` is the table of them: ``render(report, format)``); ``profiles`` decides what
counts as a violation (``oslo``, ``publicatie``, ``strikt``); ``quarantine`` keeps a build's bad
records out of the store.
"""

from .profiles import Rules, check_profile
from .renderings import FORMATS, render
from .report import Origin, ValidationReport, ValidationResult
from .shapes import Shapes, load_shapes
from .validator import ENGINES, validate_graph, validate_store

__all__ = ["ENGINES", "FORMATS", "Origin", "Rules", "Shapes", "ValidationReport", "ValidationResult",
           "check_profile", "load_shapes", "render", "validate_graph", "validate_store"]
