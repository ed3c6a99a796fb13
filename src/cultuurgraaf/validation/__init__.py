"""Checking data against the project's SHACL shapes, and the report that says what is wrong and where.

``shapes`` loads shapes files (errors name the file and line); ``validator`` runs them;
``report`` holds the results and writes them as text, JSON or Turtle.
"""

from .report import ValidationReport, ValidationResult
from .shapes import load_shapes
from .validator import validate_graph

__all__ = ["ValidationReport", "ValidationResult", "load_shapes", "validate_graph"]
