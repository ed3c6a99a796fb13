"""The report as one HTML page for a collection manager who does not know RDF.

Dutch first, with English beside it. The page starts with what to fix where (per source file,
per row, the field, the problem and the value), then the merge conflicts (each value with its
rows), the entities a build held back and the links to them left dangling, then the counts per
mapping rule, then every check with all its results. Every entry has its id as an anchor
(``build.html#c-...``). Fields are named with the labels of ``ontologies/``, things by the
name the data gives them. Every text from data or shapes is escaped.

Rendered by hand with ``html.escape`` into ``report_page.html`` (a ``string.Template``): the
report is core output written by the command line and the build, so it does not pull the web
layer's template engine (jinja2) into the core.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import unquote

from rdflib import BNode, Literal
from rdflib.util import from_n3

from ..labels import Labels
from .report import SEVERITY_ORDER, ValidationReport, ValidationResult, term_text

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


def default_labels() -> Labels:
    """Labels from ./ontologies, or from the ontologies/ folder of this checkout."""
    for folder in (Path("ontologies"), CHECKOUT_ONTOLOGIES):
        if folder.is_dir():
            return Labels([folder])
    return Labels([])


def to_html(report: ValidationReport, *, labels: Labels | None = None, title: str | None = None) -> str:
    page = Page(report, labels or default_labels())
    template = Template(resources.files(__package__).joinpath("report_page.html").read_text(encoding="utf-8"))
    return template.substitute(title=escape(title or "Validatierapport / Validation report"),
                               status=page.status(), counts=page.counts(), notes=page.notes(), body=page.body())


def _both(nl: str, en: str) -> str:
    return escape(nl) + (f' <span class="en">/ {escape(en)}</span>' if en and en != nl else "")


def record_key(record: str) -> tuple:
    """Rows in file order: ``line 9`` before ``line 10``; other locators by text."""
    match = re.fullmatch(r"line (\d+)", record)
    return (0, int(match.group(1)), "") if match else (1, 0, record)


class Page:
    def __init__(self, report: ValidationReport, labels: Labels):
        self.report = report
        self.labels = labels

    # pieces ------------------------------------------------------------------------------------
    def badge(self, severity: str) -> str:
        nl, en, *_ = SEVERITY_NAMES.get(severity, (severity, severity))
        return f'<span class="badge {escape(severity)}">{escape(nl)} / {escape(en)}</span>'

    def field(self, path: str | None) -> str:
        if not path:
            return '<span class="en">(het hele record / the whole record)</span>'
        if not path.startswith(("^", "(", "<")):
            nl = self.labels.label(path, ("nl",))
            en = self.labels.label(path, ("en",))
            return f'{_both(nl, en)}<br><code>{escape(path)}</code>'
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

    def where(self, result: ValidationResult) -> str:
        if not result.origins:
            return '<span class="en">(geen mapping / not from a mapping)</span>'
        parts = []
        for origin in result.origins:
            parts.append(f"<code>{escape(origin.source_file)}</code> {escape(origin.record)}")
        return "<br>".join(dict.fromkeys(parts))

    def rule(self, result: ValidationResult) -> str:
        parts = []
        for origin in result.origins:
            at = f"{origin.mapping_file}:{origin.mapping_line}" if origin.mapping_file and origin.mapping_line else (
                origin.mapping_file or "")
            parts.append(f"{escape(origin.rule)}" + (f"<br><code>{escape(at)}</code>" if at else ""))
        return "<br>".join(dict.fromkeys(parts))

    def problem(self, result: ValidationResult) -> str:
        return f'{escape(result.message("nl"))}<div class="en">{escape(result.message("en"))}</div>'

    # sections ----------------------------------------------------------------------------------
    def status(self) -> str:
        if self.report.conforms:
            return '<span class="status ok">In orde: geen fouten / Conforms: no violations</span>'
        return '<span class="status nok">Niet in orde: er zijn fouten / Does not conform: there are violations</span>'

    def counts(self) -> str:
        counts = self.report.counts()
        out = []
        for severity in ("Violation", "Warning", "Info"):
            _, _, nl, en = SEVERITY_NAMES[severity]
            out.append(f'<div class="count {severity}"><b>{counts.get(severity, 0)}</b>{escape(nl)} '
                       f'<span class="en">/ {escape(en)}</span></div>')
        for items, (nl, en) in ((self.report.conflicts, FINDING_NAMES["conflicts"]),
                                (self.report.held_back, FINDING_NAMES["held_back"]),
                                (self.report.dangling, FINDING_NAMES["dangling"])):
            if items:
                out.append(f'<div class="count"><b>{len(items)}</b>{escape(nl)} <span class="en">/ {escape(en)}</span></div>')
        return "".join(out)

    def notes(self) -> str:
        lines = [f"Gecontroleerd met / checked with: {escape(self.report.engine)}"]
        lines += [f"<b>Waarschuwing / warning:</b> {escape(warning)}" for warning in self.report.warnings]
        lines += [escape(note) for note in self.report.notes]
        return '<p class="notes">' + "<br>".join(lines) + "</p>"

    def body(self) -> str:
        if not self.report.results:
            return "<p>Alle gegevens voldoen aan de shapes. <span class=\"en\">All data meets the shapes.</span></p>"
        return self.to_fix() + self.conflicts() + self.held_back() + self.dangling() + self.per_rule() + self.per_check()

    def to_fix(self) -> str:
        by_file: dict[str, list[tuple[str, ValidationResult]]] = defaultdict(list)
        for result in self.report.results:
            for record in dict.fromkeys((o.source_file, o.record) for o in result.origins):
                by_file[record[0]].append((record[1], result))
        if not by_file:
            return ""
        out = ["<h2>Te verbeteren in de bron <span class=\"en\">/ To fix in the source</span></h2>",
               '<p class="intro">Per bestand de rijen (of records) met een probleem, met het veld, wat er mis is '
               'en de waarde die er nu staat. <span class="en">Per file, the rows (or records) with a problem, '
               'with the field, what is wrong and the value that is there now.</span></p>']
        for file in sorted(by_file):
            rows = sorted(by_file[file], key=lambda rr: (record_key(rr[0]), SEVERITY_ORDER.get(rr[1].severity, 9)))
            records = len({r for r, _ in rows})
            out.append(f'<h3 class="file"><code>{escape(file)}</code>: {records} '
                       f'{"rij" if records == 1 else "rijen"} <span class="en">/ {records} '
                       f'{"row" if records == 1 else "rows"}</span></h3>')
            out.append("<table><thead><tr><th>Rij <span class=\"en\">/ row</span></th><th>Ernst <span class=\"en\">/ severity</span></th>"
                       "<th>Wat <span class=\"en\">/ what</span></th><th>Veld <span class=\"en\">/ field</span></th>"
                       "<th>Probleem <span class=\"en\">/ problem</span></th><th>Waarde <span class=\"en\">/ value</span></th>"
                       "<th>Mappingregel <span class=\"en\">/ mapping rule</span></th></tr></thead><tbody>")
            for record, result in rows:
                out.append(f"<tr><td>{escape(record)}</td><td>{self.badge(result.severity)}</td><td>{self.thing(result.focus)}</td>"
                           f"<td>{self.field(result.path)}</td><td>{self.problem(result)}</td>"
                           f"<td>{self.thing(result.value)}</td><td>{self.rule(result)}</td></tr>")
            out.append("</tbody></table>")
        return "".join(out)

    def section(self, key: str, intro: tuple[str, str], columns: list[tuple[str, str]], rows: list[str]) -> str:
        """A section of findings: its heading and intro (Dutch, English), and a table of ``rows``."""
        nl, en = FINDING_NAMES[key]
        head = "".join(f'<th>{escape(c_nl)} <span class="en">/ {escape(c_en)}</span></th>' for c_nl, c_en in columns)
        return (f'<h2>{escape(nl[:1].upper() + nl[1:])} <span class="en">/ {escape(en[:1].upper() + en[1:])}</span></h2>'
                f'<p class="intro">{escape(intro[0])} <span class="en">{escape(intro[1])}</span></p>'
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")

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

    def per_rule(self) -> str:
        counts = self.report.rule_counts()
        if not counts:
            return ""
        out = ["<h2>Per mappingregel <span class=\"en\">/ Per mapping rule</span></h2>",
               "<table><thead><tr><th>Mappingregel <span class=\"en\">/ mapping rule</span></th>"
               "<th>Ernst <span class=\"en\">/ severity</span></th><th>Aantal <span class=\"en\">/ count</span></th></tr></thead><tbody>"]
        for (severity, rule), count in counts:
            out.append(f"<tr><td>{escape(rule)}</td><td>{self.badge(severity)}</td><td class=\"num\">{count}</td></tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def per_check(self) -> str:
        out = ["<h2>Per controle <span class=\"en\">/ Per check</span></h2>"]
        for (severity, shape, _message), results in self.report.groups():
            first = results[0]
            name_nl = first.shape_name.get("nl") or first.shape_name.get("") or shape
            name_en = first.shape_name.get("en") or ""
            out.append(f"<h3>{self.badge(severity)} {_both(name_nl, name_en)}: {len(results)}×</h3>")
            out.append(f'<div class="message">{self.problem(first)}</div>')
            out.append(f"<details><summary>Technisch / technical</summary><code>{escape(shape)}</code> "
                       f"<code>sh:{escape(first.constraint)}</code></details>")
            out.append("<table><thead><tr><th>Wat <span class=\"en\">/ what</span></th><th>Veld <span class=\"en\">/ field</span></th>"
                       "<th>Waarde <span class=\"en\">/ value</span></th><th>Bron <span class=\"en\">/ source</span></th>"
                       "<th>Mappingregel <span class=\"en\">/ mapping rule</span></th></tr></thead><tbody>")
            for result in results:
                out.append(f'<tr id="{escape(result.id)}"><td>{self.thing(result.focus)}</td><td>{self.field(result.path)}</td>'
                           f"<td>{self.thing(result.value)}</td><td>{self.where(result)}</td><td>{self.rule(result)}</td></tr>")
            out.append("</tbody></table>")
        return "".join(out)
