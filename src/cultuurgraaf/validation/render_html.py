"""The report as one HTML page for a collection manager who does not know RDF, at any size.

The page reads from the top: the verdict and the counts, then a summary (per check, per mapping
rule, per source, the rows with the most problems), the merge conflicts, held-back entities and
dangling links, then the findings per check, violations before warnings before notes. Each check
shows its first rows; more rows of it are behind a "more" (``<details>``), as many as fit a page
that stays small (:data:`INLINE_ROWS`), and the rest come on demand from the JSON report beside
the page, a page of rows at a time. The whole list is there as CSV and JSON. Filters by severity,
source, check and mapping rule are the work of a small script of the project's own
(``report.js``, written into the page); without scripts the page reads the same, unfiltered.

Dutch first, with English beside it; or, on a page of the server that shows a report (the export
checker's), in the page's language (:mod:`.report_words`). Where a result's origin says what its
rule read in the record (the export checker), the row shows the columns or elements as the file
names them and the values there, and each check what its shape expects. Fields are named with
the labels of ``ontologies/``, things by the name the data gives them. Every entry has its id as an anchor (``build.html#r-...``);
the entries that held-back things point at are always on the page. Every text from data or
shapes is escaped, and the script writes data as text, never as markup.

Rendered by hand with ``html.escape`` into ``report_page.html`` (a ``string.Template``): the
report is core output written by the command line and the build, so it does not pull the web
layer's template engine (jinja2) into the core. A page that shows a report takes its
:class:`Parts` and :data:`STYLE` and :data:`SCRIPT`, each allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import unquote

from rdflib import BNode, Literal

from ..labels import Labels
from .report import Origin, ValidationReport, ValidationResult, term_text
from .render_findings import FINDING_NAMES, FindingSections, more_rows
from .report_words import WORDS, Say, both
from .summary import SEVERITIES, Check, Summary, source_of

CHECKOUT_ONTOLOGIES = Path(__file__).resolve().parents[3] / "ontologies"
THING_IRI = re.compile(r"/id/([a-z]+)/([^/]+)$")
#: rows of each check shown open; more behind its "more"
FIRST_ROWS = 5
#: rows of all checks together written into the page (beyond each check's first ones); the rest
#: come from the JSON report on demand. About 300 bytes a row: the page stays well under 1 MB.
INLINE_ROWS = 800
#: rows of the summary's tables shown open; the rest behind a "more"
SUMMARY_ROWS = 15
RECORD_LINE = re.compile(r"line (\d+)")
#: the words the script says (report.js), by key
SCRIPT_WORDS = ("more", "show_more", "show_next", "reading_rows", "only_this_page", "shown", "no_mapping", "empty",
                "line")


def _resource(name: str) -> tuple[str, str]:
    """A file beside this module, and its hash for a Content-Security-Policy that allows it inline."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return text, "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


SCRIPT, SCRIPT_HASH = _resource("report.js")
STYLE, STYLE_HASH = _resource("report.css")


@dataclass(frozen=True)
class Downloads:
    """Where the whole report is, relative to the page: its JSON (which the script reads rows from)
    and its CSV. A page without them (``cultuurgraaf validate --format html``) holds what fits."""

    json: str | None = None
    csv: str | None = None


def default_labels() -> Labels:
    """Labels from ./ontologies, or from the ontologies/ folder of this checkout."""
    for folder in (Path("ontologies"), CHECKOUT_ONTOLOGIES):
        if folder.is_dir():
            return Labels([folder])
    return Labels([])


@dataclass(frozen=True)
class Parts:
    """A report's pieces, as HTML: the verdict, the counts, what was checked and with what, the
    filters, and the summary and findings. The filters and the script read the rows they do not
    hold from ``downloads.json``, named by ``data-json`` on the element that holds the report."""

    status: str
    counts: str
    meta: str
    filters: str
    body: str


def to_html(report: ValidationReport, *, labels: Labels | None = None, title: str | None = None,
            downloads: Downloads | None = None, summary: Summary | None = None) -> str:
    """The report as a page of its own (the page a build writes beside its JSON and CSV); ``summary`` is
    the report's own, when the caller has it already."""
    parts = report_parts(report, labels=labels, downloads=downloads, summary=summary)
    template = Template(resources.files(__package__).joinpath("report_page.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(title or Say().text("title", capital=True)),
                               heading=Say().html("title", capital=True), json=escape((downloads or Downloads()).json or ""),
                               style=STYLE, script=SCRIPT, **vars(parts))


def report_parts(report: ValidationReport, *, labels: Labels | None = None, downloads: Downloads | None = None,
                 language: str | None = None, expected: dict[str, dict[str, str]] | None = None,
                 summary: Summary | None = None) -> Parts:
    """The report's pieces, for a page that shows it: in ``language`` (None: Dutch with English
    beside it), each check with what its shape expects (``expected``: shape -> text by language)."""
    page = Page(report, labels or default_labels(), downloads or Downloads(), say=Say(language),
                expected=expected or {}, summary=summary)
    return Parts(status=page.status(), counts=page.counts(), meta=page.meta(), filters=page.filters(), body=page.body())


def _read(origins) -> list[Origin]:
    """The origins that say what their rule read in the record."""
    return [o for o in origins if o.read]


class Page(FindingSections):
    def __init__(self, report: ValidationReport, labels: Labels, downloads: Downloads, *, say: Say | None = None,
                 expected: dict[str, dict[str, str]] | None = None, summary: Summary | None = None):
        self.report = report
        self.labels = labels
        self.downloads = downloads
        self.say = say or Say()
        self.expected = expected or {}
        #: the languages of names from the ontologies: the page's, or Dutch and English
        self.languages = (self.say.language,) if self.say.language else ("nl", "en")
        self.summary = Summary.of(report) if summary is None else summary
        #: the entries that held-back things point at: always on the page
        self.pointed_at = {entry for held in report.held_back for entry in held.entries}
        self.shown = self._rows_shown()

    def _rows_shown(self) -> dict[str, int]:
        """How many rows of each check are written into the page: its first ones, then whole checks
        in order (violations first) while they fit :data:`INLINE_ROWS`."""
        shown = {check.id: min(check.count, FIRST_ROWS) for check in self.summary.checks}
        budget = INLINE_ROWS
        for check in self.summary.checks:
            rest = check.count - shown[check.id]
            if 0 < rest <= budget:
                shown[check.id], budget = check.count, budget - rest
        return shown

    # pieces ------------------------------------------------------------------------------------
    def head(self, *keys: str) -> str:
        return "<thead><tr>" + "".join(f"<th>{self.say.html(key, capital=True)}</th>" for key in keys) + "</tr></thead>"

    def severity_word(self, severity: str, *, plural: bool = False, capital: bool = False) -> str:
        key = f"{'severities' if plural else 'severity'}_{severity}"
        return self.say.html(key, capital=capital) if key in WORDS else escape(severity)

    def badge(self, severity: str) -> str:
        return f'<span class="badge {escape(severity)}">{escape(self.say.text(f"severity_{severity}"))}</span>'

    def name(self, path: str) -> str:
        """A property's name from the ontologies, in the page's language or in Dutch and English."""
        if self.say.language:
            return escape(self.labels.label(path, (self.say.language,)))
        return both(self.labels.label(path, ("nl",)), self.labels.label(path, ("en",)))

    def field(self, path: str | None) -> str:
        if not path:
            return f'<span class="en">{self.say.html("whole_record")}</span>'
        if not path.startswith(("^", "(", "<")):
            return f"{self.name(path)} <code>{escape(path)}</code>"
        return f"<code>{escape(path)}</code>"

    def record(self, record: str) -> str:
        """A record as the report says it: ``line 5`` in the page's language (a file's own record as it is)."""
        line = RECORD_LINE.fullmatch(record) if self.say.language else None
        return self.say.text("line", n=line.group(1)) if line else record

    def thing(self, node) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            kind = f" ({escape(node.language)})" if node.language else (
                f' <span class="en">{escape(self.labels.label(str(node.datatype), self.languages[:1]))}</span>' if node.datatype else "")
            return f"“{escape(str(node))}”{kind}"
        if isinstance(node, BNode):
            return f'<span class="en">{self.say.html("no_name")}</span>'
        name = self.report.node_labels.get(str(node))
        iri = f'<span class="iri">{escape(term_text(node))}</span>'
        kind = THING_IRI.search(str(node))
        if kind:
            what = f"{self.labels.kind_label(kind.group(1), self.languages[:1])} {unquote(kind.group(2))}"
            name = f"{name} ({what})" if name else what
        return f"{escape(name)}<br>{iri}" if name else iri

    def where(self, origins) -> str:
        if not origins:
            return f'<span class="en">{self.say.html("no_mapping")}</span>'
        return "<br>".join(dict.fromkeys(f"<code>{escape(o.source_file)}</code> {escape(self.record(o.record))}"
                                         for o in origins))

    def in_file(self, result: ValidationResult) -> str:
        """What the rule read, as the file names it (a CSV's columns); else the field."""
        read = _read(result.origins)
        if not read:
            return self.field(result.path)
        return ", ".join(dict.fromkeys(f"<code>{escape(reference)}</code>" for o in read for reference, _ in o.read))

    def value(self, result: ValidationResult) -> str:
        """The values the rule read in the record (``leeg`` when none); else the result's value."""
        read = _read(result.origins)
        if not read:
            return self.thing(result.value)
        values = [v for o in read for _, vs in o.read for v in vs]
        return ", ".join(f"“{escape(v)}”" for v in dict.fromkeys(values)) or self.say.html("empty")

    def rule(self, origins) -> str:
        parts = []
        for origin in origins:
            at = f"{origin.mapping_file}:{origin.mapping_line}" if origin.mapping_file and origin.mapping_line else (
                origin.mapping_file or "")
            parts.append(escape(origin.rule) + (f"<br><code>{escape(at)}</code>" if at else ""))
        return "<br>".join(dict.fromkeys(parts))

    def message(self, messages: dict[str, str]) -> str:
        nl = messages.get("nl") or messages.get("") or next(iter(messages.values()), "")
        en = messages.get("en") or nl
        return f'{escape(nl)}<div class="en">{escape(en)}</div>'

    def link(self, kind: str) -> str:
        href = getattr(self.downloads, kind)
        return f'<a href="{escape(href)}" download>{kind.upper()}</a>' if href else ""

    # the header --------------------------------------------------------------------------------
    def status(self) -> str:
        if self.report.conforms:
            return f'<span class="status ok">{escape(self.say.text("status_ok"))}</span>'
        return f'<span class="status nok">{escape(self.say.text("status_nok"))}</span>'

    def counts(self) -> str:
        counts = self.report.counts()
        out = []
        for severity in SEVERITIES:
            out.append(f'<a class="count {severity}" href="#ernst-{severity}"><b>{counts.get(severity, 0)}</b>'
                       f"{self.severity_word(severity, plural=True)}</a>")
        entities = [held for held in self.report.held_back if held.part_of is None]
        for key, items in (("conflicts", self.report.conflicts), ("held_back", entities),
                           ("dangling", self.report.dangling)):
            if items:
                nl, en = FINDING_NAMES[key]
                out.append(f'<a class="count" href="#{key}"><b>{len(items)}</b>{escape(nl)} '
                           f'<span class="en">/ {escape(en)}</span></a>')
        return "".join(out)

    def meta(self) -> str:
        say = self.say
        lines = []
        if self.report.profiles:
            lines.append(f"{say.html('profile')}: <b>{escape(self.report.profile_names())}</b>")
        lines.append(f"{say.html('checked_with')}: {escape(self.report.engine)}")
        files = " · ".join(filter(None, (self.link("csv"), self.link("json"))))
        if files:
            lines.append(f"{say.html('full_list')}: {files}")
        lines += [f"<b>{escape(say.text('warning'))}:</b> {escape(warning)}" for warning in self.report.warnings]
        lines += [escape(note) for note in self.report.notes]
        return '<p class="notes">' + "<br>".join(lines) + "</p>"

    def filters(self) -> str:
        """The filters, hidden until the script shows them (they do nothing without it)."""
        say = self.say

        def select(name: str, options: list[tuple[str, str]]) -> str:
            choices = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
            return (f'<label>{say.html(name, capital=True)} <select data-filter="{name}">'
                    f'<option value="*">{escape(say.text("filter_all"))}</option>{choices}</select></label>')

        boxes = "".join(f'<label><input type="checkbox" data-filter="severity" value="{s}" checked> '
                        f"{self.severity_word(s, plural=True)}</label>" for s in SEVERITIES)
        rules = sorted({rule for (_s, rule), _n in self.summary.rules})
        words = {key: say.text(key) for key in SCRIPT_WORDS if key != "line" or say.language}
        return (f'<form class="filters" hidden aria-label="Filters" data-words="{escape(json.dumps(words, ensure_ascii=False))}">'
                + boxes + select("source", [(s, s or say.text("no_source")) for s in self.summary.sources])
                + select("check", [(c.id, f"{say.text(f'severity_{c.severity}')}: {say.pick(c.names) or c.name('')} "
                                          f"({c.count})") for c in self.summary.checks])
                + select("rule", [(r, r) for r in rules])
                + '<output class="filter-status" aria-live="polite"></output></form>')

    # the body ----------------------------------------------------------------------------------
    def body(self) -> str:
        if not self.report.results and not (self.report.conflicts or self.report.held_back or self.report.dangling):
            return f"<p>{self.say.html('all_well')}</p>"
        return (self.overview() + self.conflicts() + self.held_back() + self.dangling() + self.findings())

    def overview(self) -> str:
        if not self.summary.checks:
            return ""
        say = self.say
        plural = [f"severities_{s}" for s in SEVERITIES]
        out = [f'<section id="samenvatting"><h2>{say.html("summary")}</h2>']
        out.append(self.summary_table(
            say.html("per_check"), self.head("severity", "check", "count"),
            [f'<tr data-check="{escape(c.id)}"><td>{self.badge(c.severity)}</td><td><a href="#{escape(c.id)}">'
             f'{self.check_name(c)}</a> <code>{escape(c.shape.rsplit("#", 1)[-1])}</code></td>'
             f'<td class="num">{c.count}</td></tr>' for c in self.summary.checks]))
        out.append(self.summary_table(
            say.html("per_rule"), self.head("rule", "severity", "count"),
            [f"<tr><td>{escape(rule)}</td><td>{self.badge(severity)}</td><td class=\"num\">{count}</td></tr>"
             for (severity, rule), count in self.summary.rules]))
        out.append(self.summary_table(
            say.html("per_source"), self.head("source", *plural),
            [f"<tr><td>{escape(source or say.text('no_source'))}</td>"
             + "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES) + "</tr>"
             for source, counts in self.summary.sources.items()]))
        if self.summary.worst_rows:
            checks = {c.id: c for c in self.summary.checks}
            out.append(self.summary_table(
                say.html("worst_rows", n=self.summary.rows), self.head("file_and_row", *plural, "checks"),
                [f"<tr><td><code>{escape(row.source_file)}</code> {escape(self.record(row.record))}</td>"
                 + "".join(f'<td class="num">{row.counts[s]}</td>' for s in SEVERITIES)
                 + "<td>" + ", ".join(f'<a href="#{escape(i)}">{escape(self.say.pick(checks[i].names) or checks[i].name(""))}</a>'
                                      for i in row.checks)
                 + "</td></tr>" for row in self.summary.worst_rows], first=len(self.summary.worst_rows)))
        out.append("</section>")
        return "".join(out)

    def check_name(self, check: Check) -> str:
        if self.say.language:
            return escape(self.say.pick(check.names) or check.name(""))
        return both(check.name("nl"), check.name("en"))

    def summary_table(self, title: str, head: str, rows: list[str], *, first: int = SUMMARY_ROWS) -> str:
        return (f"<h3>{title}</h3><table>{head}<tbody>{''.join(rows[:first])}</tbody></table>"
                + more_rows(len(rows[first:]), "".join(rows[first:]), head, self.say))

    def findings(self) -> str:
        out = [f'<section id="bevindingen"><h2>{self.say.html("findings_per_check")}</h2>']
        counts = self.report.counts()
        for severity in SEVERITIES:
            checks = [c for c in self.summary.checks if c.severity == severity]
            if not checks:
                continue
            out.append(f'<div class="severity" data-severity="{severity}"><h2 id="ernst-{severity}">'
                       f"{self.severity_word(severity, plural=True, capital=True)}: {counts[severity]}</h2>")
            out += [self.check(check) for check in checks]
            out.append("</div>")
        out.append("</section>")
        return "".join(out)

    def check(self, check: Check) -> str:
        """A check's section: its name, message, what its shape expects, and count, its first rows,
        more rows behind a "more", and, when the page does not hold them all, a way to the rest. The
        field is a column when the check's results are about several, or when a rule read the file
        (its columns, as the file names them)."""
        say = self.say
        read = any(_read(r.origins) for r in check.results)
        mixed = len(check.paths) > 1 or read
        head = self.head(*(["where", "what"] + (["in_the_file" if read else "field"] if mixed else []) + ["value", "rule"]))
        shown = self.shown[check.id]
        rows = [self.row(r, mixed) for r in check.results[:shown]]
        extra = [self.row(r, mixed) for r in check.results[shown:] if r.id in self.pointed_at]
        field = "" if len(check.paths) > 1 else f'<p class="field">{say.html("field", capital=True)}: {self.field(check.paths[0] or None)}</p>'
        expected = self.expected.get(check.shape)
        expectation = (f'<p class="expected">{say.html("expected", capital=True)}: {self.message(expected)}</p>'
                       if expected else "")
        left = check.count - shown - len(extra)
        rest = ""
        if left:
            rest = (f'<p class="rest" data-left="{left}">{say.html("rows_not_here", n=left)}'
                    + (f": {self.link('csv')} · {self.link('json')}" if self.downloads.json else
                       ' <span class="en">(cultuurgraaf validate --format csv / json)</span>') + "</p>")
        return (f'<section class="check" id="{escape(check.id)}" data-check="{escape(check.id)}" '
                f'data-severity="{escape(check.severity)}" data-count="{check.count}" data-mixed="{int(mixed)}" '
                f'data-complete="{int(not left)}">'
                f'<h3>{self.badge(check.severity)} {self.check_name(check)}: '
                f'<span class="n">{check.count}</span></h3>'
                f'<div class="message">{self.message(check.messages)}</div>{expectation}{field}'
                f'<details class="technical"><summary>{say.html("technical", capital=True)}</summary>'
                f"<code>{escape(check.shape)}</code> <code>sh:{escape(check.constraint)}</code></details>"
                f"<table>{head}<tbody>{''.join(rows[:FIRST_ROWS])}</tbody></table>"
                + (more_rows(len(rows[FIRST_ROWS:]) + len(extra), "".join(rows[FIRST_ROWS:] + extra), head, say)
                   or (f'<details class="more" hidden><summary></summary><table>{head}<tbody></tbody></table></details>'
                       if left else ""))
                + rest + "</section>")

    def row(self, result: ValidationResult, mixed: bool) -> str:
        origin = result.origin
        return (f'<tr id="{escape(result.id)}" data-source="{escape(source_of(result))}" '
                f'data-rule="{escape(origin.rule if origin else "")}"><td>{self.where(result.origins)}</td>'
                f"<td>{self.thing(result.focus)}</td>" + (f"<td>{self.in_file(result)}</td>" if mixed else "")
                + f"<td>{self.value(result)}</td><td>{self.rule(result.origins)}</td></tr>")
