"""The formats a validation report can be written in, as one table: name -> writer.

>>> sorted(FORMATS)
['csv', 'html', 'json', 'sarif', 'text', 'turtle']
"""

from __future__ import annotations

from typing import Callable

from .report import ValidationReport


def _text(report: ValidationReport, **_options) -> str:
    return report.to_text()


def _json(report: ValidationReport, **_options) -> str:
    return report.to_json()


def _csv(report: ValidationReport, **_options) -> str:
    from .render_csv import to_csv

    return to_csv(report)


def _turtle(report: ValidationReport, **_options) -> str:
    from .render_turtle import to_turtle

    return to_turtle(report)


def _html(report: ValidationReport, *, labels=None, downloads=None, **_options) -> str:
    from .render_html import to_html

    return to_html(report, labels=labels, downloads=downloads)


def _sarif(report: ValidationReport, **_options) -> str:
    from .sarif import to_sarif

    return to_sarif(report)


FORMATS: dict[str, Callable[..., str]] = {
    "text": _text, "json": _json, "csv": _csv, "turtle": _turtle, "html": _html, "sarif": _sarif,
}


def render(report: ValidationReport, format: str, *, labels=None, downloads=None) -> str:
    """The report in one of :data:`FORMATS`. For HTML, ``labels`` names the terms (a project's
    ontologies) and ``downloads`` (``render_html.Downloads``) says where the whole report is as
    JSON and CSV, relative to the page: the page brings rows it does not hold from that JSON."""
    try:
        writer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown report format {format!r} (known: {', '.join(sorted(FORMATS))})") from None
    return writer(report, labels=labels, downloads=downloads)
