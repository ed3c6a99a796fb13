"""Compiling a triples map into one Python function: the engine's fast path.

For each triples map and the source it reads, :class:`TriplesMapCompiler` writes the source of
a generator function that walks the records and appends N-Quads lines to a list, yielding the
list every few thousand lines. Everything that can be decided before the first record is
decided here: column positions, constant terms and graph suffixes are folded into f-strings,
IRI templates that start with a scheme are known to be valid, and a CSV cell is read once
however many term maps use it. ``source`` keeps the generated text for people to read
(``cultuurgraaf mapping compile --python``).

The generated function never formats a term it does not need: a record whose subject yields
nothing is counted and skipped, and every term map that yields nothing is counted (``empty``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from ..sources import Records
from . import terms
from .lineage import clean
from .functions import short_name
from .model import DEFAULT_GRAPH, Join, RefObjectMap, TermMap, TriplesMap
from .stats import KEPT
from .term_code import Code, TermCompiler, _fstring

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CHUNK = 4096
#: records a batch when a run is shared between processes
BATCH = 4096


@dataclass
class CompiledMap:
    """Triples maps ready to run over their open records; ``empty_rules`` has one list a map:
    ``records``, then the subject's rule, then a label for each object map (:func:`rule_labels`)."""

    name: str
    run: Callable[..., Any]
    empty_rules: list[list[str]]
    source: str
    env: dict = field(repr=False, default_factory=dict)


class TriplesMapCompiler(TermCompiler):
    """Writes the function for one triples map bound to one open :class:`Records`."""

    def graph_tails(self, maps: tuple[TermMap, ...]) -> list[Code]:
        """The ends of the lines (`` <g> .\\n``) for a set of graph maps; the default graph if none."""
        tails: list[Code] = []
        for g in maps:
            if g.kind == "constant" and g.value == DEFAULT_GRAPH:
                tails.append(Code("const", repr(self.default_tail)))
                continue
            code = self.materialise(self.term(g, position="graph"))
            if code.mode == "const":
                tails.append(Code("const", repr(" " + eval(code.expr) + " .\n")))  # noqa: S307
            else:
                dflt = self.bind(self.default_tail, "dg")
                out = self.var("g")
                default_term = f"<{DEFAULT_GRAPH}>"
                if code.mode == "scalar":
                    self.line(f"{out} = ([{dflt} if {code.expr} == {default_term!r} else ' ' + {code.expr} + ' .\\n']"
                              f" if {code.expr} is not None else [])")
                else:
                    self.line(f"{out} = [{dflt} if x == {default_term!r} else ' ' + x + ' .\\n' for x in {code.expr}]")
                tails.append(Code("list", out))
        unique: list[Code] = []
        for tail in tails:
            if tail.mode != "const" or all(t.expr != tail.expr for t in unique):
                unique.append(tail)
        return unique or [Code("const", repr(self.default_tail))]

    # objects that are other triples maps' subjects -------------------------------------------
    def ref_object(self, obj: RefObjectMap) -> Code:
        parent = self.parent_of(obj.parent)
        if not obj.joins and parent.source == self.tm.source:
            saved = self.base
            self.base = parent.base_iri if parent.base_iri is not None else self.base
            try:
                return self.term(parent.subject, position="subject")
            finally:
                self.base = saved
        index = self.bind(self.join_index(obj), "idx")
        out = self.var("t")
        if not obj.joins:
            self.line(f"{out} = {index}.get((), ())")
            return Code("list", out)
        if len(obj.joins) == 1:
            key = self.values(obj.joins[0].child)
            if key.mode == "inline" and len(key.pieces) == 1 and key.pieces[0][0]:
                lookup = f"{index}.get({key.pieces[0][1]}, ())"
                self.line(f"{out} = {lookup} if {key.guard} else ()" if key.guard else f"{out} = {lookup}")
                return Code("list", out)
            key = self.materialise(key)
            if key.mode == "list":
                self.line(f"{out} = [s for k in {key.expr} for s in {index}.get(k, ())]")
            elif key.mode == "scalar":
                self.line(f"{out} = {index}.get({key.expr}, ()) if {key.expr} is not None else ()")
            else:
                self.line(f"{out} = {index}.get({key.expr}, ())")
            return Code("list", out)
        keys = [self.materialise(self.values(j.child)) for j in obj.joins]
        lists = [k.expr if k.mode == "list" else (f"([{k.expr}] if {k.expr} is not None else [])"
                 if k.mode == "scalar" else f"[{k.expr}]") for k in keys]
        self.env["product"] = itertools.product
        self.line(f"{out} = [s for k in product({', '.join(lists)}) for s in {index}.get(k, ())]")
        return Code("list", out)

    # emitting lines ------------------------------------------------------------------------
    def emit(self, subject: Code, predicate: Code, obj: Code, tails: list[Code], empty: int,
             depth: int = 0, lineage_rule: str | None = None) -> None:
        guards, loops = [], []
        names: dict[str, list[tuple[bool, str]]] = {}
        plain: dict[str, str] = {}
        for key, code in (("s", subject), ("p", predicate), ("o", obj)):
            if code.mode == "const":
                text = eval(code.expr)  # noqa: S307 - a repr() we made
                names[key], plain[key] = [(False, text)], repr(text)
            elif code.mode == "inline":
                if code.guard and key != "s":
                    guards.append(code.guard)
                names[key] = code.pieces
                plain[key] = _fstring(code.pieces)
            elif code.mode == "scalar":
                if key != "s":
                    guards.append(f"{code.expr} is not None")
                names[key], plain[key] = [(True, code.expr)], code.expr
            else:
                if key != "s":
                    guards.append(code.expr)
                item = self.var(key)
                loops.append(f"for {item} in {code.expr}:")
                names[key], plain[key] = [(True, item)], item
        if guards:
            self.line(f"if {' and '.join(guards)}:", depth)
            depth += 1
        inner = depth
        for loop in loops:
            self.line(loop, inner)
            inner += 1
        line = names["s"] + [(False, " ")] + names["p"] + [(False, " ")] + names["o"]
        for tail in tails:
            if tail.mode == "const":
                self.line(f"ap({_fstring(line + [(False, eval(tail.expr))])})", inner)  # noqa: S307
            else:
                self.line(f"for gt in {tail.expr}:", inner)
                self.line(f"ap({_fstring(line + [(True, 'gt')])})", inner + 1)
        if lineage_rule is not None:
            rule = self.bind(lineage_rule, "rule")
            self.line(f"LINT({plain['s']}, {plain['p']}, {plain['o']}, {self.lineage_id}, {self.locator_text}, {rule})",
                      inner)
        if guards:
            self.line("else:", depth - 1)
            self.line(f"{self.E}[{empty}] += 1", depth)

    def note_record(self, subject: Code) -> None:
        """Code noting the record's subject and place in a list the engine hands on a chunk at a time:
        finished sidecar lines for a writer that takes them (``add_lines``), else (subject, place) pairs."""
        lin = "lin" + self.suffix
        each = subject.expr
        if subject.mode == "list":
            each = "s"
        if getattr(self.lineage, "add_lines", None) is not None:
            place = self.locator
            if not self.tracks_lines:
                place = f"LCLEAN({place})"
                self.env["LCLEAN"] = clean
            note = _fstring(self.lineage.record_pieces(each, self.lineage_id, place, csv_line=self.tracks_lines))
        else:
            note = f"({each}, {self.locator})"
        if subject.mode == "list":
            self.line(f"for s in {subject.expr}: {lin}({note})")
        else:
            self.line(f"{lin}({note})")

    # the whole function ----------------------------------------------------------------------
    def compile_body(self) -> None:
        """This triples map's code for one record, into ``body`` (see :func:`assemble`)."""
        tm, E = self.tm, self.E
        self.line(f"{E}[0] += 1")
        self.rule = tm.subject.rule or f"{tm.name}: subject"
        subject = self.term(tm.subject, position="subject")
        subject_empty = self.count_empty(self.rule)
        skip = None
        if subject.mode == "inline":
            skip = f"not ({subject.guard})" if subject.guard else None
        elif subject.mode == "list":
            skip = f"not {subject.expr}"
        elif subject.mode == "scalar":
            skip = f"{subject.expr} is None"
        if skip:
            self.line(f"if {skip}:")
            self.line(f"{E}[{subject_empty}] += 1", 1)
            if self.stats is not None:
                note = self.bind(partial(self.stats.note_no_subject, tm.name, self.file), "nosubj")
                self.line(f"if {E}[{subject_empty}] <= {KEPT}: {note}({self.locator_text})", 1)
            self.line("else:")
            self.depth0 += 1
        opened = len(self.body)
        if subject.mode == "inline":
            subject = self.materialise(Code("inline", pieces=subject.pieces))
        subject_tails = self.graph_tails(tm.graphs)
        if self.lineage is not None:
            self.note_record(subject)
        rdf_type = Code("const", repr(f"<{RDF_TYPE}>"))
        for cls in tm.classes:
            full = cls if terms.has_scheme(cls) else self.base + cls
            if not terms.is_absolute_iri(full):
                raise self.error(f"the class '{cls}' is not a valid IRI", tm.subject)
            self.emit(subject, rdf_type, Code("const", repr(f"<{full}>")), subject_tails, subject_empty)
        labels = rule_labels(tm)
        for pom, pom_labels in zip(tm.predicate_objects, labels):
            self.rule = pom.rule
            predicates = [self.term(p, position="predicate") for p in pom.predicates]
            pom_tails = self.graph_tails(tm.graphs + pom.graphs) if pom.graphs else subject_tails
            # lineage notes a triple one by one when its predicate comes from the data, or is one whose
            # values the run notes (``value_lineage``)
            dynamic = self.lineage is not None and any(p.mode != "const" for p in predicates)
            noted = [dynamic or (self.lineage is not None and p.kind == "constant" and p.value in self.value_lineage)
                     for p in pom.predicates]
            for obj, label in zip(pom.objects, pom_labels):
                self.rule = label
                if isinstance(obj, RefObjectMap):
                    code = self.ref_object(obj)
                else:
                    code = self.term(obj, position="object")
                    if len(predicates) * len(pom_tails) > 1:
                        code = self.materialise(code)
                empty = self.count_empty(label)
                for predicate, one_by_one in zip(predicates, noted):
                    self.emit(subject, predicate, code, pom_tails, empty,
                              lineage_rule=(obj.rule or pom.rule) if one_by_one else None)
        if len(self.body) == opened:  # a subject alone (a join's parent): nothing to write for it here
            self.line("pass")


def rule_labels(tm: TriplesMap) -> list[list[str]]:
    """A label for each object map of each predicate-object map: its rule and what it reads
    (a reference, a template, a function, a join), and where two rules of the triples map would
    read alike, their lines in the mapping, so that each rule is counted on its own.

    >>> from cultuurgraaf.mapping.model import PredicateObjectMap
    >>> def pom(line, *objects):
    ...     return PredicateObjectMap(predicates=(TermMap("constant", "p"),), objects=objects, rule="e: dct:title", line=line)
    >>> tm = TriplesMap("e", None, TermMap("template", "{id}"), predicate_objects=(
    ...     pom(4, TermMap("reference", "title_nl"), TermMap("reference", "title_fr")),
    ...     pom(6, TermMap("constant", "Zonder titel")), pom(7, TermMap("constant", "Sans titre"))))
    >>> rule_labels(tm)
    [['e: dct:title (title_nl)', 'e: dct:title (title_fr)'], ['e: dct:title (line 6)'], ['e: dct:title (line 7)']]
    """
    found = []
    for pom in tm.predicate_objects:
        row = []
        for obj in pom.objects:
            if isinstance(obj, RefObjectMap):
                what = f"join to {obj.parent}"
            elif obj.kind == "function" and obj.function is not None:
                what = short_name(obj.function.name)
            else:
                what = obj.value or "" if obj.kind in ("reference", "template") else ""
            row.append((obj.rule or pom.rule, what, obj.line or pom.line))
        found.append(row)
    alike = Counter((rule, what) for row in found for rule, what, _ in row)
    lines = Counter((rule, what, line) for row in found for rule, what, line in row)
    labels, seen = [], Counter()
    for row in found:
        labels.append([])
        for rule, what, line in row:
            parts = [what] if what else []
            if alike[(rule, what)] > 1:
                seen[(rule, what, line)] += 1
                parts.append(f"line {line}" if line else "")
                if line is None or lines[(rule, what, line)] > 1:
                    parts[-1] = (parts[-1] + " " if parts[-1] else "") + f"#{seen[(rule, what, line)]}"
            labels[-1].append(f"{rule} ({', '.join(parts)})" if parts else rule)
    return labels


def assemble(compilers: list[TriplesMapCompiler], *, shard: tuple[int, int, int] | None = None) -> CompiledMap:
    """One function running the triples maps that read the same source, in one pass over it.

    ``run(records, ES, loc, LINT, LRECS)`` takes one list of counts (``E``) and one list for
    lineage notes per triples map, and yields chunks of N-Quads lines. With ``shard`` (worker,
    workers, batch) it maps only the batches of ``batch`` records whose number falls to that
    worker; it still reads every record, so lines and locators stay those of the whole file.
    """
    first = compilers[0]
    head = ["def run(records, ES, loc, LINT=None, LRECS=None):", "    out = []", "    ap = out.append"]
    for i, c in enumerate(compilers):
        head.append(f"    {c.E} = ES[{i}]")
        if c.lineage is not None:
            head.append(f"    lin{c.suffix} = LRECS[{i}].append")
    env: dict[str, Any] = {"CHUNK": CHUNK}
    if first.rows:
        # CSV: compiled code reads the csv module's rows itself and checks their width
        # a part of a file (csv_parts.py) counts its lines from its start: the file's lines before it are added
        offset = getattr(first.records, "line_offset", 0)
        plus = f" + {offset}" if offset else ""
        head += [f"    L0 = 0 if {first.pending_first} else RDR.line_num{plus}", "    for rec in records:"]
        if first.tracks_lines:
            head += ["        S0 = L0 + 1", f"        L0 = RDR.line_num{plus}"]
        head += [f"        if len(rec) != {first.records.width}:", "            if not rec:",
                 "                continue", "            raise ROWERR(rec)"]
        env["RDR"] = first.records.reader
        env["ROWERR"] = first.records.row_error
    else:
        head += ["    for rec in records:"]
    if shard is not None:
        worker, workers, batch = shard
        head.insert(1, "    N0 = -1")
        head += ["        N0 += 1", f"        if (N0 // {batch}) % {workers} != {worker}:", "            continue"]
    tail = [
        "        if len(out) >= CHUNK:",
        "            yield out",
        "            out = []",
        "            ap = out.append",
        "    if out:",
        "        yield out",
    ]
    body: list[str] = []
    for c in compilers:
        body.append(f"        # {c.tm.name}")
        body.extend(c.body)
        env.update(c.env)
    source = "\n".join(head + body + tail) + "\n"
    names = ", ".join(c.tm.name for c in compilers)
    namespace = dict(env)
    exec(compile(source, f"<triples maps {names}>", "exec"), namespace)  # noqa: S102 - our own code
    return CompiledMap(name=names, run=namespace["run"], empty_rules=[c.empty_rules for c in compilers],
                       source=source, env=env)


def probe(tm: TriplesMap, records: Records, joins: tuple[Join, ...], **options) -> Callable[[Any], tuple]:
    """A function from a parent's raw record to (its subjects, the values of each join key)."""
    compiler = TriplesMapCompiler(tm, records, **options)
    subject = compiler.materialise(compiler.term(tm.subject, position="subject"))
    keys = [compiler.materialise(compiler.values(j.parent)) for j in joins]
    results = []
    for code in [subject, *keys]:
        if code.mode == "list":
            results.append(code.expr)
        elif code.mode == "scalar":
            results.append(f"([{code.expr}] if {code.expr} is not None else [])")
        else:
            results.append(f"[{code.expr}]")
    source = "def probe(rec):\n" + "\n".join(line[4:] for line in compiler.body) + \
             f"\n    return ({', '.join(results)},)\n"
    namespace = dict(compiler.env)
    exec(compile(source, f"<join keys of {tm.name}>", "exec"), namespace)  # noqa: S102 - our own code
    return namespace["probe"]
