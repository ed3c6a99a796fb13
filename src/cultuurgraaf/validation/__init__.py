"""Checking data against the project's SHACL shapes, and the report that says what is wrong and where.

``shapes`` loads shapes files (errors name the file, line and shape); ``validator`` runs them,
with the fast SPARQL validator (``shapes_to_sparql`` + ``fast``) or pySHACL as the reference;
``origins`` points each result at the source record and mapping rule; ``report`` holds the
results and writes text and JSON; ``render_turtle``, ``render_html`` and ``sarif`` write the other
formats (``renderings`` is the table of them); ``quarantine`` keeps a build's bad records out of
the store.
"""

from .report import Origin, ValidationReport, ValidationResult
from .shapes import Shapes, load_shapes
from .validator import ENGINES, validate_graph, validate_store

__all__ = ["ENGINES", "Origin", "Shapes", "ValidationReport", "ValidationResult", "load_shapes",
           "validate_graph", "validate_store"]
