"""The sections of a build's report beside its findings per check: merge conflicts, held-back
entities and dangling links (:mod:`.findings`), each a table of its own, in Dutch with English
beside it. Part of the report's page (:class:`cultuurgraaf.validation.render_html.Page`).
"""

from __future__ import annotations

from html import escape

from rdflib.util import from_n3

from .report_words import Say, both

OUTCOMES_NL = {"report": "alle waarden geladen", "first": "de waarde van het eerste record behouden, de andere weggelaten",
               "quarantine": "het ding tegengehouden", "": "gevonden"}
FINDING_NAMES = {"conflicts": ("samenvoegconflicten", "merge conflicts"),
                 "held_back": ("tegengehouden", "held back"),
                 "dangling": ("loshangende verwijzingen", "dangling links")}
#: rows of a findings section (conflicts, held back, dangling) written into the page
FINDING_ROWS = 500
#: the rows of a section shown open; more behind its "more"
FIRST_SECTION_ROWS = 20


def more_rows(hidden: int, rows: str, head: str, say: Say) -> str:
    """The rows of a table beyond its first, behind a "more"."""
    if not hidden:
        return ""
    return (f'<details class="more"><summary>{say.html("more", n=hidden)}</summary>'
            f"<table>{head}<tbody>{rows}</tbody></table></details>")


class FindingSections:
    """The findings' sections of a report page: a mixin of the page, whose pieces (``thing``,
    ``field``, ``badge``, ``link``, ``say``) they use."""

    def section(self, key: str, intro: tuple[str, str], columns: list[tuple[str, str]], rows: list[str]) -> str:
        """A section of findings: its heading and intro (Dutch, English), and a table of ``rows``, the
        first of them open, as many as :data:`FINDING_ROWS` in the page, the rest in the JSON report."""
        nl, en = FINDING_NAMES[key]
        head = "<thead><tr>" + "".join(f"<th>{both(c_nl, c_en)}</th>" for c_nl, c_en in columns) + "</tr></thead>"
        kept, left = rows[:FINDING_ROWS], len(rows) - FINDING_ROWS
        rest = (f'<p class="rest">nog {left} in het JSON-rapport <span class="en">/ {left} more in the JSON report</span> '
                f'{self.link("json")}</p>') if left > 0 else ""
        return (f'<section id="{key}"><h2>{escape(nl[:1].upper() + nl[1:])} <span class="en">/ '
                f'{escape(en[:1].upper() + en[1:])}</span>: {len(rows)}</h2>'
                f'<p class="intro">{escape(intro[0])} <span class="en">{escape(intro[1])}</span></p>'
                f"<table>{head}<tbody>{''.join(kept[:FIRST_SECTION_ROWS])}</tbody></table>"
                + more_rows(len(kept[FIRST_SECTION_ROWS:]), "".join(kept[FIRST_SECTION_ROWS:]), head, self.say) + rest + "</section>")

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
                       f"({escape(conflict.source or '')}): {both(OUTCOMES_NL[conflict.applied], conflict.outcome)}"
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
