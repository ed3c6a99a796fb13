"""The formats a validation report can be written in, as one table: name -> writer.

>>> sorted(FORMATS)
['html', 'json', 'sarif', 'text', 'turtle']
"""

from __future__ import annotations

from typing import Callable

from .report import ValidationReport


def _text(report: ValidationReport, labels=None) -> str:
    return report.to_text()


def _json(report: ValidationReport, labels=None) -> str:
    return report.to_json()


def _turtle(report: ValidationReport, labels=None) -> str:
    from .render_turtle import to_turtle

    return to_turtle(report)


def _html(report: ValidationReport, labels=None) -> str:
    from .render_html import to_html

    return to_html(report, labels=labels)


def _sarif(report: ValidationReport, labels=None) -> str:
    from .sarif import to_sarif

    return to_sarif(report)


FORMATS: dict[str, Callable[..., str]] = {
    "text": _text, "json": _json, "turtle": _turtle, "html": _html, "sarif": _sarif,
}


def render(report: ValidationReport, format: str, *, labels=None) -> str:
    """The report in one of :data:`FORMATS`; ``labels`` names the terms (a project's ontologies)."""
    try:
        writer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown report format {format!r} (known: {', '.join(sorted(FORMATS))})") from None
    return writer(report, labels)
