"""The report as one HTML page for a collection manager who does not know RDF, at any size.

The page reads from the top: the verdict and the counts, then a summary (per check, per mapping
rule, per source, the rows with the most problems), the merge conflicts, held-back entities and
dangling links, then the findings per check, violations before warnings before notes. Each check
shows its first rows; more rows of it are behind a "more" (``<details>``), as many as fit a page
that stays small (:data:`INLINE_ROWS`), and the rest come on demand from the JSON report beside
the page, a page of rows at a time. The whole list is there as CSV and JSON. Filters by severity,
source, check and mapping rule are the work of a small script of the project's own
(``report.js``, written into the page); without scripts the page reads the same, unfiltered.

Dutch first, with English beside it. Fields are named with the labels of ``ontologies/``, things
by the name the data gives them. Every entry has its id as an anchor (``build.html#r-...``);
the entries that held-back things point at are always on the page. Every text from data or
shapes is escaped, and the script writes data as text, never as markup.

Rendered by hand with ``html.escape`` into ``report_page.html`` (a ``string.Template``): the
report is core output written by the command line and the build, so it does not pull the web
layer's template engine (jinja2) into the core.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import unquote

from rdflib import BNode, Literal
from rdflib.util import from_n3

from ..labels import Labels
from .report import ValidationReport, ValidationResult, term_text
from .summary import SEVERITIES, Check, Summary, source_of

SEVERITY_NAMES = {"Violation": ("fout", "violation", "fouten", "violations"),
                  "Warning": ("waarschuwing", "warning", "waarschuwingen", "warnings"),
                  "Info": ("tip", "notice", "tips", "notices")}
CHECKOUT_ONTOLOGIES = Path(__file__).resolve().parents[3] / "ontologies"
THING_IRI = re.compile(r"/id/([a-z]+)/([^/]+)$")
OUTCOMES_NL = {"report": "alle waarden geladen", "first": "de waarde van het eerste record behouden, de andere weggelaten",
               "quarantine": "het ding tegengehouden", "": "gevonden"}
FINDING_NAMES = {"conflicts": ("samenvoegconflicten", "merge conflicts"),
                 "held_back": ("tegengehouden", "held back"),
                 "dangling": ("loshangende verwijzingen", "dangling links")}
#: rows of each check shown open; more behind its "more"
FIRST_ROWS = 5
#: rows of all checks together written into the page (beyond each check's first ones); the rest
#: come from the JSON report on demand. About 300 bytes a row: the page stays well under 1 MB.
INLINE_ROWS = 800
#: rows of the summary's tables shown open; the rest behind a "more"
SUMMARY_ROWS = 15
#: rows of a findings section (conflicts, held back, dangling) written into the page
FINDING_ROWS = 500
SCRIPT = resources.files(__package__).joinpath("report.js").read_text(encoding="utf-8")
#: the script's hash, for a Content-Security-Policy that allows it and no other script
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")


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


def to_html(report: ValidationReport, *, labels: Labels | None = None, title: str | None = None,
            downloads: Downloads | None = None) -> str:
    page = Page(report, labels or default_labels(), downloads or Downloads())
    template = Template(resources.files(__package__).joinpath("report_page.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(title or "Validatierapport / Validation report"),
                               json=escape(page.downloads.json or ""), status=page.status(), counts=page.counts(),
                               meta=page.meta(), filters=page.filters(), body=page.body(), script=SCRIPT)


def _both(nl: str, en: str) -> str:
    return escape(nl) + (f' <span class="en">/ {escape(en)}</span>' if en and en != nl else "")


def _head(*columns: tuple[str, str]) -> str:
    return "<thead><tr>" + "".join(f'<th>{escape(nl)} <span class="en">/ {escape(en)}</span></th>'
                                   for nl, en in columns) + "</tr></thead>"


def _more(hidden: int, rows: str, colspan_head: str) -> str:
    """The rows beyond the first, behind a "more"."""
    if not hidden:
        return ""
    return (f'<details class="more"><summary>nog {hidden} <span class="en">/ {hidden} more</span></summary>'
            f"<table>{colspan_head}<tbody>{rows}</tbody></table></details>")


def source_name(source: str) -> str:
    return source or "(geen bron / no source)"


class Page:
    def __init__(self, report: ValidationReport, labels: Labels, downloads: Downloads):
        self.report = report
        self.labels = labels
        self.downloads = downloads
        self.summary = Summary.of(report)
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
    def badge(self, severity: str) -> str:
        nl, en, *_ = SEVERITY_NAMES.get(severity, (severity, severity))
        return f'<span class="badge {escape(severity)}">{escape(nl)} / {escape(en)}</span>'

    def field(self, path: str | None) -> str:
        if not path:
            return '<span class="en">(het hele record / the whole record)</span>'
        if not path.startswith(("^", "(", "<")):
            return f'{_both(self.labels.label(path, ("nl",)), self.labels.label(path, ("en",)))} <code>{escape(path)}</code>'
        return f"<code>{escape(path)}</code>"

    def thing(self, node) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            kind = f" ({escape(node.language)})" if node.language else (
                f' <span class="en">{escape(self.labels.label(str(node.datatype), ("nl",)))}</span>' if node.datatype else "")
            return f"“{escape(str(node))}”{kind}"
        if isinstance(node, BNode):
            return '<span class="en">(een onderdeel zonder eigen naam / a part without a name of its own)</span>'
        name = self.report.node_labels.get(str(node))
        iri = f'<span class="iri">{escape(term_text(node))}</span>'
        kind = THING_IRI.search(str(node))
        if kind:
            what = f"{self.labels.kind_label(kind.group(1), ('nl',))} {unquote(kind.group(2))}"
            name = f"{name} ({what})" if name else what
        return f"{escape(name)}<br>{iri}" if name else iri

    def where(self, origins) -> str:
        if not origins:
            return '<span class="en">(geen mapping / not from a mapping)</span>'
        return "<br>".join(dict.fromkeys(f"<code>{escape(o.source_file)}</code> {escape(o.record)}" for o in origins))

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

    def link(self, kind: str, nl: str, en: str) -> str:
        href = getattr(self.downloads, kind)
        return f'<a href="{escape(href)}" download>{escape(nl)} <span class="en">/ {escape(en)}</span></a>' if href else ""

    # the header --------------------------------------------------------------------------------
    def status(self) -> str:
        if self.report.conforms:
            return '<span class="status ok">In orde: geen fouten / Conforms: no violations</span>'
        return '<span class="status nok">Niet in orde: er zijn fouten / Does not conform: there are violations</span>'

    def counts(self) -> str:
        counts = self.report.counts()
        out = []
        for severity in SEVERITIES:
            _, _, nl, en = SEVERITY_NAMES[severity]
            out.append(f'<a class="count {severity}" href="#ernst-{severity}"><b>{counts.get(severity, 0)}</b>'
                       f'{escape(nl)} <span class="en">/ {escape(en)}</span></a>')
        entities = [held for held in self.report.held_back if held.part_of is None]
        for key, items in (("conflicts", self.report.conflicts), ("held_back", entities),
                           ("dangling", self.report.dangling)):
            if items:
                nl, en = FINDING_NAMES[key]
                out.append(f'<a class="count" href="#{key}"><b>{len(items)}</b>{escape(nl)} '
                           f'<span class="en">/ {escape(en)}</span></a>')
        return "".join(out)

    def meta(self) -> str:
        lines = []
        if self.report.profiles:
            lines.append(f"Profiel <span class=\"en\">/ profile</span>: <b>{escape(self.report.profile_names())}</b>")
        lines.append(f"Gecontroleerd met <span class=\"en\">/ checked with</span>: {escape(self.report.engine)}")
        files = " · ".join(filter(None, (self.link("csv", "CSV", "CSV"), self.link("json", "JSON", "JSON"))))
        if files:
            lines.append(f"De volledige lijst <span class=\"en\">/ the full list</span>: {files}")
        lines += [f"<b>Waarschuwing / warning:</b> {escape(warning)}" for warning in self.report.warnings]
        lines += [escape(note) for note in self.report.notes]
        return '<p class="notes">' + "<br>".join(lines) + "</p>"

    def filters(self) -> str:
        """The filters, hidden until the script shows them (they do nothing without it)."""
        def select(name: str, nl: str, en: str, options: list[tuple[str, str]]) -> str:
            choices = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
            return (f'<label>{escape(nl)} <span class="en">/ {escape(en)}</span> <select data-filter="{name}">'
                    f'<option value="*">alle / all</option>{choices}</select></label>')

        boxes = "".join(f'<label><input type="checkbox" data-filter="severity" value="{s}" checked> '
                        f'{escape(SEVERITY_NAMES[s][2])} <span class="en">/ {escape(SEVERITY_NAMES[s][3])}</span></label>'
                        for s in SEVERITIES)
        rules = sorted({rule for (_s, rule), _n in self.summary.rules})
        return ('<form class="filters" hidden aria-label="Filters">' + boxes
                + select("source", "Bron", "source", [(s, source_name(s)) for s in self.summary.sources])
                + select("check", "Controle", "check", [(c.id, f"{SEVERITY_NAMES[c.severity][0]}: {c.name('nl')} ({c.count})")
                                                        for c in self.summary.checks])
                + select("rule", "Mappingregel", "mapping rule", [(r, r) for r in rules])
                + '<output class="filter-status" aria-live="polite"></output></form>')

    # the body ----------------------------------------------------------------------------------
    def body(self) -> str:
        if not self.report.results and not (self.report.conflicts or self.report.held_back or self.report.dangling):
            return "<p>Alle gegevens voldoen aan de shapes. <span class=\"en\">All data meets the shapes.</span></p>"
        return (self.overview() + self.conflicts() + self.held_back() + self.dangling() + self.findings())

    def overview(self) -> str:
        if not self.summary.checks:
            return ""
        out = ['<section id="samenvatting"><h2>Samenvatting <span class="en">/ Summary</span></h2>']
        out.append(self.summary_table(
            ("Per controle", "Per check"), [("Ernst", "severity"), ("Controle", "check"), ("Aantal", "count")],
            [f'<tr data-check="{escape(c.id)}"><td>{self.badge(c.severity)}</td><td><a href="#{escape(c.id)}">'
             f'{_both(c.name("nl"), c.name("en"))}</a> <code>{escape(c.shape.rsplit("#", 1)[-1])}</code></td>'
             f'<td class="num">{c.count}</td></tr>' for c in self.summary.checks]))
        out.append(self.summary_table(
            ("Per mappingregel", "Per mapping rule"), [("Mappingregel", "mapping rule"), ("Ernst", "severity"),
                                                      ("Aantal", "count")],
            [f"<tr><td>{escape(rule)}</td><td>{self.badge(severity)}</td><td class=\"num\">{count}</td></tr>"
             for (severity, rule), count in self.summary.rules]))
        out.append(self.summary_table(
            ("Per bron", "Per source"), [("Bron", "source")] + [SEVERITY_NAMES[s][2:] for s in SEVERITIES],
            [f"<tr><td>{escape(source_name(source))}</td>"
             + "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITIES) + "</tr>"
             for source, counts in self.summary.sources.items()]))
        if self.summary.worst_rows:
            checks = {c.id: c for c in self.summary.checks}
            out.append(self.summary_table(
                (f"Rijen met de meeste problemen (van {self.summary.rows})",
                 f"Rows with the most problems (of {self.summary.rows})"),
                [("Bestand en rij", "file and row")] + [SEVERITY_NAMES[s][2:] for s in SEVERITIES]
                + [("Controles", "checks")],
                [f"<tr><td><code>{escape(row.source_file)}</code> {escape(row.record)}</td>"
                 + "".join(f'<td class="num">{row.counts[s]}</td>' for s in SEVERITIES)
                 + "<td>" + ", ".join(f'<a href="#{escape(i)}">{escape(checks[i].name("nl"))}</a>' for i in row.checks)
                 + "</td></tr>" for row in self.summary.worst_rows], first=len(self.summary.worst_rows)))
        out.append("</section>")
        return "".join(out)

    def summary_table(self, title: tuple[str, str], columns: list[tuple[str, str]], rows: list[str], *,
                      first: int = SUMMARY_ROWS) -> str:
        head = _head(*columns)
        return (f"<h3>{_both(*title)}</h3><table>{head}<tbody>{''.join(rows[:first])}</tbody></table>"
                + _more(len(rows[first:]), "".join(rows[first:]), head))

    def section(self, key: str, intro: tuple[str, str], columns: list[tuple[str, str]], rows: list[str]) -> str:
        """A section of findings: its heading and intro (Dutch, English), and a table of ``rows``, the
        first of them open, as many as :data:`FINDING_ROWS` in the page, the rest in the JSON report."""
        nl, en = FINDING_NAMES[key]
        head = _head(*columns)
        kept, left = rows[:FINDING_ROWS], len(rows) - FINDING_ROWS
        rest = (f'<p class="rest">nog {left} in het JSON-rapport <span class="en">/ {left} more in the JSON report</span> '
                f'{self.link("json", "JSON", "JSON")}</p>') if left > 0 else ""
        return (f'<section id="{key}"><h2>{escape(nl[:1].upper() + nl[1:])} <span class="en">/ '
                f'{escape(en[:1].upper() + en[1:])}</span>: {len(rows)}</h2>'
                f'<p class="intro">{escape(intro[0])} <span class="en">{escape(intro[1])}</span></p>'
                f"<table>{head}<tbody>{''.join(kept[:FIRST_ROWS * 4])}</tbody></table>"
                + _more(len(kept[FIRST_ROWS * 4:]), "".join(kept[FIRST_ROWS * 4:]), head) + rest + "</section>")

    def origins(self, origins) -> str:
        return "<br>".join(dict.fromkeys(
            f"<code>{escape(o.source_file)}</code> {escape(o.record)}, {escape(o.rule)}" for o in origins))

    def entries(self, ids) -> str:
        return " ".join(f'<a href="#{escape(i)}"><code>{escape(i)}</code></a>' for i in ids)

    def conflicts(self) -> str:
        rows = []
        for conflict in self.report.conflicts:
            values = "".join(f"<li>{self.thing(v.value)}{' <b>(weggelaten / dropped)</b>' if v.dropped else ''}"
                             f"<br>{self.origins(v.origins)}</li>" for v in conflict.values)
            language = f" ({escape(conflict.language)})" if conflict.language else ""
            outcome = (f"{self.badge(conflict.severity)} <code>on_conflict = \"{escape(conflict.policy)}\"</code> "
                       f"({escape(conflict.source or '')}): {_both(OUTCOMES_NL[conflict.applied], conflict.outcome)}"
                       if conflict.policy else self.badge(conflict.severity))
            rows.append(f'<tr id="{escape(conflict.id)}"><td>{self.thing(conflict.focus)}</td>'
                        f"<td>{self.field(conflict.path)}{language}</td><td><ul>{values}</ul></td><td>{outcome}</td></tr>")
        intro = ("Meerdere records maakten één ding, met verschillende waarden waar de shapes er minder toelaten. Per "
                 "waarde de rijen waar ze vandaan komt, en wat er geladen werd (on_conflict van de bron).",
                 "Several records made one thing, with different values where the shapes allow fewer. For each value "
                 "the rows it came from, and what was loaded (the source's on_conflict).")
        return self.section("conflicts", intro, [("Wat", "what"), ("Veld", "field"), ("Waarden en rijen", "values and rows"),
                                                 ("Gevolg", "outcome")], rows) if rows else ""

    def held_back(self) -> str:
        rows = [f"<tr><td>{self.thing(held.node)}</td><td>{escape(held.source)}</td>"
                f"<td>{self.thing(from_n3(held.part_of)) if held.part_of else ''}</td><td>{self.entries(held.entries)}</td></tr>"
                for held in self.report.held_back]
        intro = ("Deze dingen werden niet geladen, elk met zijn onderdelen; de verwijzingen zeggen waarom.",
                 "These things were not loaded, each with its parts; the links say why.")
        return self.section("held_back", intro, [("Wat", "what"), ("Bron", "source"), ("Onderdeel van", "part of"),
                                                 ("Waarom", "why")], rows) if rows else ""

    def dangling(self) -> str:
        rows = [f'<tr id="{escape(link.id)}"><td>{self.thing(link.subject)}</td><td>{self.field(link.path)}</td>'
                f"<td>{self.thing(link.target)}</td><td>{self.origins(link.origins)}</td>"
                f"<td>{self.entries(link.entries)}</td></tr>" for link in self.report.dangling]
        intro = ("Deze verwijzingen werden geladen met het ding dat ze maakt, maar wijzen naar iets dat werd tegengehouden.",
                 "These links were loaded with the thing that holds them, but point at something held back.")
        return self.section("dangling", intro, [("Wat", "what"), ("Veld", "field"), ("Wijst naar", "points at"),
                                                ("Bron", "source"), ("Waarom tegengehouden", "why held back")],
                            rows) if rows else ""

    def findings(self) -> str:
        out = ['<section id="bevindingen"><h2>Bevindingen per controle <span class="en">/ Findings per check</span></h2>']
        counts = self.report.counts()
        for severity in SEVERITIES:
            checks = [c for c in self.summary.checks if c.severity == severity]
            if not checks:
                continue
            _, _, nl, en = SEVERITY_NAMES[severity]
            out.append(f'<div class="severity" data-severity="{severity}"><h2 id="ernst-{severity}">'
                       f'{escape(nl[:1].upper() + nl[1:])} <span class="en">/ {escape(en[:1].upper() + en[1:])}</span>: '
                       f"{counts[severity]}</h2>")
            out += [self.check(check) for check in checks]
            out.append("</div>")
        out.append("</section>")
        return "".join(out)

    def check(self, check: Check) -> str:
        """A check's section: its name, message and count, its first rows, more rows behind a "more",
        and, when the page does not hold them all, a way to the rest."""
        mixed = len(check.paths) > 1
        columns = [("Bron en rij", "source and row"), ("Wat", "what")] + ([("Veld", "field")] if mixed else []) \
            + [("Waarde", "value"), ("Mappingregel", "mapping rule")]
        head = _head(*columns)
        shown = self.shown[check.id]
        rows = [self.row(r, mixed) for r in check.results[:shown]]
        extra = [self.row(r, mixed) for r in check.results[shown:] if r.id in self.pointed_at]
        field = "" if mixed else f'<p class="field">Veld <span class="en">/ field</span>: {self.field(check.paths[0] or None)}</p>'
        left = check.count - shown - len(extra)
        rest = ""
        if left:
            rest = (f'<p class="rest" data-left="{left}">nog {left} rijen niet op deze pagina '
                    f'<span class="en">/ {left} more rows not on this page</span>'
                    + (f": {self.link('csv', 'CSV', 'CSV')} · {self.link('json', 'JSON', 'JSON')}"
                       if self.downloads.json else
                       ' <span class="en">(cultuurgraaf validate --format csv / json)</span>') + "</p>")
        return (f'<section class="check" id="{escape(check.id)}" data-check="{escape(check.id)}" '
                f'data-severity="{escape(check.severity)}" data-count="{check.count}" data-mixed="{int(mixed)}" '
                f'data-complete="{int(not left)}">'
                f'<h3>{self.badge(check.severity)} {_both(check.name("nl"), check.name("en"))}: '
                f'<span class="n">{check.count}</span></h3>'
                f'<div class="message">{self.message(check.messages)}</div>{field}'
                f'<details class="technical"><summary>Technisch <span class="en">/ technical</span></summary>'
                f"<code>{escape(check.shape)}</code> <code>sh:{escape(check.constraint)}</code></details>"
                f"<table>{head}<tbody>{''.join(rows[:FIRST_ROWS])}</tbody></table>"
                + (_more(len(rows[FIRST_ROWS:]) + len(extra), "".join(rows[FIRST_ROWS:] + extra), head)
                   or (f'<details class="more" hidden><summary></summary><table>{head}<tbody></tbody></table></details>'
                       if left else ""))
                + rest + "</section>")

    def row(self, result: ValidationResult, mixed: bool) -> str:
        origin = result.origin
        return (f'<tr id="{escape(result.id)}" data-source="{escape(source_of(result))}" '
                f'data-rule="{escape(origin.rule if origin else "")}"><td>{self.where(result.origins)}</td>'
                f"<td>{self.thing(result.focus)}</td>" + (f"<td>{self.field(result.path)}</td>" if mixed else "")
                + f"<td>{self.thing(result.value)}</td><td>{self.rule(result.origins)}</td></tr>")
