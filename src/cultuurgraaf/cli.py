"""The command line: each command parses its options, calls one core function and prints.

Exit codes: 0 ok; 1 data did not conform or a query failed; 2 usage; 3 unreadable input or
configuration (the message names the file, the line or record, and the rule).
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .config import DEFAULT_PROFILE, PROFILES
from .errors import EXIT_NOT_CONFORMING, EXIT_UNREADABLE, CultuurgraafError, shown

EPILOG = """\b
Exit codes:
  0  ok
  1  data does not conform to the shapes, or a query failed
  2  usage: unknown command or option
  3  unreadable input or configuration (the message says where)
"""


class TqdmProgress:
    """Progress bars on standard error, quiet when it is not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    @contextmanager
    def task(self, label: str, total: int | None = None):
        if not self.enabled:
            yield lambda n: None
            return
        from tqdm import tqdm

        unit = " quads" if label.startswith("map") else " pages" if label.startswith("harvest") else ""
        with tqdm(total=total, desc=label, unit=unit, unit_scale=True,
                  file=sys.stderr, leave=False, dynamic_ncols=True) as bar:
            yield bar.update


def _progress(quiet: bool) -> TqdmProgress:
    return TqdmProgress(enabled=not quiet and sys.stderr.isatty())


def _fail(exc: CultuurgraafError) -> None:
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(exc.exit_code)


@contextmanager
def user_errors():
    try:
        yield
    except CultuurgraafError as exc:
        _fail(exc)


def _load_project(project_dir: Path):
    """The project, with what its file says that is ignored (unknown settings) shown as warnings."""
    from .config import load_project

    project = load_project(project_dir)
    for warning in project.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    return project


port_option = click.option("--port", type=click.IntRange(1, 65535), default=None,
                           help="Port to listen on (default from the project, 8000).")

VERBOSE_HELP = ("List how many records each triples map read, and every mapping rule that gave no value with how "
                "many records; and up to 20 rows (not 3) for each rule with a value a function could not read, "
                "and each triples map some records made no subject in.")

project_argument = click.argument("project_dir", type=click.Path(path_type=Path), default=".", required=False)


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cultuurgraaf")
def main() -> None:
    """Build one linked-data graph from the cultural sector's exports, and serve it.

    \b
    A project folder holds cultuurgraaf.toml, which names the base IRI, the store,
    the shapes and the sources (input files + mapping). Start with the demo:
      cultuurgraaf up examples/demo          build the demo graph, then serve it
      cultuurgraaf build examples/demo       only build (map, validate, load)
      cultuurgraaf query examples/demo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    # A literal whose text does not fit its datatype ("2017"^^xsd:dateTime) is the source's; the
    # build summary and the shapes report it, where rdflib would print a traceback for each one.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


@main.command(epilog=EPILOG)
@project_argument
@click.option("--host", default=None, help="Address to listen on (default from the project, 127.0.0.1).")
@port_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def up(project_dir: Path, host: str | None, port: int | None, quiet: bool) -> None:
    """Build the project's graph, then serve it: the one command to get going.

    \b
    Example:
      cultuurgraaf up examples/demo --port 8000
      # then open http://127.0.0.1:8000/ or query http://127.0.0.1:8000/sparql
    """

    with user_errors():
        project = _load_project(project_dir)
        _run_build(project, force=False, strict=False, keep_going=False, only=None, quiet=quiet)
        _serve(project, host=host, port=port)


@main.command(epilog=EPILOG)
@project_argument
@click.option("--source", "only", multiple=True, help="Build only this source (repeatable).")
@click.option("--force", is_flag=True, help="Rebuild sources even when their inputs, mapping and shapes are unchanged.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) instead of loading data with violations.")
@click.option("--keep-going", is_flag=True, help="Load the sources that work even when others fail.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
@click.option("--reharvest", is_flag=True,
              help="Harvest the harvested sources again from the start; what they kept is replaced only when "
                   "the new harvest has succeeded.")
@click.option("--no-harvest", "no_harvest", is_flag=True,
              help="Build the harvested sources from what their last harvest kept, asking no server.")
def build(project_dir: Path, only: tuple[str, ...], force: bool, strict: bool, keep_going: bool, quiet: bool,
          verbose: bool, reharvest: bool, no_harvest: bool) -> None:
    """Map, validate and load every source of a project into its store.

    The store switches to the new graphs only when everything has worked: a build that
    fails leaves the store as it was. Unchanged sources are skipped.

    A harvested source (an event stream, an OAI-PMH endpoint) is first brought up to date:
    only what changed since its last harvest is asked for.

    \b
    Example:
      cultuurgraaf build examples/demo
      cultuurgraaf build examples/demo --source objecten --force
    """

    if reharvest and no_harvest:
        raise click.UsageError("--reharvest and --no-harvest exclude each other")
    with user_errors():
        project = _load_project(project_dir)
        _run_build(project, force=force, strict=strict, keep_going=keep_going, only=list(only) or None, quiet=quiet,
                   verbose=verbose, reharvest=reharvest, fetch=not no_harvest)


def _run_build(project, *, force: bool, strict: bool, keep_going: bool, only, quiet: bool,
               verbose: bool = False, reharvest: bool = False, fetch: bool = True) -> None:
    from .linking.duplicates import summary as duplicates_summary
    from .pipeline import build as run_build

    result = run_build(project, only=only, force=force, strict=strict, keep_going=keep_going,
                       progress=_progress(quiet), reharvest=reharvest, fetch=fetch)
    for outcome in result.outcomes:
        for line in outcome.harvest.lines() if outcome.harvest is not None else []:
            click.echo(f"{outcome.name}: {line}" if not line.startswith(" ") else line, err=True)
        if outcome.status == "failed":
            click.secho(f"{outcome.name}: failed: {outcome.error}", fg="red", err=True)
        else:
            click.echo(outcome.line(), err=True)
            lines = outcome.stats.summary(verbose=verbose) if outcome.stats is not None else []
            for line in (["  " + lines[0]] if verbose and lines else []) + lines[1:]:
                click.echo(line, err=True)
    if result.report is not None:
        counts = result.report.counts()
        click.echo(f"validation: {counts['Violation']} violations, {counts['Warning']} warnings, "
                   f"{counts['Info']} notes", err=True)
        for line in duplicates_summary(result.report):
            click.echo(line, err=True)
    if result.check is not None:
        for line in result.check.summary():
            click.echo(line, err=True)
    if result.links is not None and result.links.rules:
        for line in result.links.lines():
            click.echo(line, err=True)
    for changes in result.feeds:
        for line in changes.lines(verbose=verbose):
            click.echo(line, err=True)
    # a whole index where an older one could have been updated is said always; an update with --verbose
    if result.index is not None and result.index.chosen and (verbose or result.index.read_again is None):
        click.echo(result.index.line(), err=True)
    if result.failed:
        if keep_going and result.generation:
            click.echo(f"store: generation {result.generation}; failed sources keep their previous graph", err=True)
        else:
            click.secho("the store was left as it was", fg="red", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(f"store: generation {result.generation} at {shown(project.store_path or project.store)}", err=True)


@main.command(epilog=EPILOG)
@click.argument("export", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["erfgoedobject", "activiteit", "persoon", "organisatie", "locatie"]),
              default=None, help="What a record is (default: guessed from the names and values, and said).")
@click.option("--name", default=None, help="The source's name (default: from the export's file name).")
@click.option("--project", "project_dir", type=click.Path(path_type=Path), default=".", show_default=True,
              help="The project folder: the mapping goes to its mappings/, the source into its cultuurgraaf.toml "
                   "(made when there is none).")
@click.option("--force", is_flag=True, help="Write over a mapping that init wrote before.")
def init(export: Path, kind: str | None, name: str | None, project_dir: Path, force: bool) -> None:
    """Propose a mapping for an export (CSV, TSV, JSON, NDJSON or XML) and add it to a project.

    Reads the whole export, says what it found (columns or paths, their values, the kind of
    thing a record is), writes a commented YARRRML mapping onto the project's model to
    PROJECT/mappings/NAME.yml and a [[sources]] entry to PROJECT/cultuurgraaf.toml, and maps
    it once to check that it runs. Every guess is a comment in the mapping; edit from there.

    \b
    Example:
      cultuurgraaf init exports/festival.csv --kind activiteit
      cultuurgraaf init collectie.xml --project mijn-project --name collectie
    """
    from .errors import shown
    from .proposal.write import init_source

    with user_errors():
        result = init_source(export, project_dir=project_dir, kind=kind, name=name, force=force)
    if result.proposal is None:
        click.echo(f"this is binary MARC (ISO 2709): the built-in format \"{result.format}\" reads it without a "
                   f"mapping (`cultuurgraaf mapping show {result.format}`), so the source names that format"
                   + ("; --kind does not apply" if kind else ""))
    else:
        for line in result.proposal.guesses:
            click.echo(line)
        unmapped = result.proposal.mapping.unmapped
        click.echo(f"not mapped: {len(unmapped)} fields, listed at the end of the mapping" if unmapped
                   else "not mapped: nothing")
        click.echo("checked by mapping it once: " + result.check[0])
        for line in result.check[1:]:
            click.echo(line)
        click.echo(f"wrote {shown(result.mapping_path)}")
    click.echo(("wrote " if result.project_created else "added the source to " if result.source_added
                else "the source is in ") + shown(result.project_file))
    if result.shapes is None and result.project_created:
        click.echo("note: no shapes folder was found; the project file says how to add one")
    project = shown(result.project_file.parent) or "."
    click.echo("next:\n" + (f"  cultuurgraaf map {shown(result.mapping_path)} --format turtle | less   # what it makes\n"
                             if result.mapping_path else "")
               + f"  cultuurgraaf build {project}   # validate and load it; the report says what to fix")


@main.command(name="map", epilog=EPILOG)
@click.argument("mapping", type=click.Path(path_type=Path))
@click.option("--base-iri", default=None, help="Base IRI for relative IRIs (default: the mapping's own base).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples"]), default="nquads",
              show_default=True, help="RDF syntax of the output.")
@click.option("--lineage", "lineage_path", type=click.Path(path_type=Path), default=None,
              help="Also write where each subject came from (file, record, rule) to this file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to map with (default: the usable cores, 1 for inputs under 8 MB). "
                   "--jobs 1 writes the lines in the order of the records.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (there is none when standard error is no terminal).")
@click.option("--verbose", "-v", is_flag=True, help=VERBOSE_HELP)
def map_command(mapping: Path, base_iri: str | None, output: Path | None, fmt: str, lineage_path: Path | None,
                jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Run one mapping file (YARRRML, or RML in any RDF syntax) on its sources and write the RDF it makes.

    Sources resolve relative to the mapping file's folder. Standard error says what was made,
    the rows that made no subject, the values a function could not read (with their rows) and
    how many rules gave no value, so nothing is lost silently.

    \b
    Example:
      cultuurgraaf map mappings/demo/personen.yml --format turtle -o personen.ttl
      cultuurgraaf map mapping.rml.ttl --base-iri http://example.com/ --lineage lineage.tsv
    """
    from .mapping import load_mapping
    from .mapping.parallel import choose_jobs, map_to_output

    with user_errors():
        spec = load_mapping(mapping)
        with _progress(quiet).task("map") as advance:
            stats = map_to_output(spec, output=output, format=fmt, base_iri=base_iri, lineage_path=lineage_path,
                                  jobs=jobs or choose_jobs(spec), progress=advance)
        for line in stats.summary(verbose=verbose):
            click.echo(line, err=True)


@main.group(epilog=EPILOG)
def mapping() -> None:
    """Look into mapping files: the RML a YARRRML file means, the functions mappings may call,
    the built-in mappings of the standard export formats.

    \b
    Example:
      cultuurgraaf mapping compile mappings/demo/personen.yml
      cultuurgraaf mapping functions
      cultuurgraaf mapping kinds
      cultuurgraaf mapping show lido > mappings/mine.yml
    """


@mapping.command(name="compile", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write here (source paths are made relative to its folder) instead of standard output.")
@click.option("--python", "show_python", is_flag=True,
              help="Print the Python the engine generates for each triples map instead (needs the sources).")
def mapping_compile(file: Path, output: Path | None, show_python: bool) -> None:
    """Print a mapping file as RML in Turtle, to read or diff what it means.

    \b
    Example:
      cultuurgraaf mapping compile mappings/demo/objecten.yml
      cultuurgraaf mapping compile mappings/demo/objecten.yml -o mappings/demo/objecten.rml.ttl
    """
    from .mapping import execute, load_mapping
    from .mapping.rml_writer import write_rml

    with user_errors():
        spec = load_mapping(file)
        if show_python:
            run = execute(spec)
            text = "\n".join(f"# {names}\n{source}" for names, source in run.compiled())
        else:
            text = write_rml(spec, folder=(output.resolve().parent if output else None))
        if output:
            from .sources.files import check_output_file

            check_output_file(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)


@mapping.command(name="functions", epilog=EPILOG)
def mapping_functions() -> None:
    """List the functions mappings may call, with their parameters, and what each does with a
    value that is missing, unknown or that it cannot read (one rule for all, printed first).

    \b
    Example:
      cultuurgraaf mapping functions
    """
    import textwrap

    from .mapping.functions import RULE, catalogue

    click.echo(RULE)
    for signature, lines in catalogue():
        click.echo(signature)
        for line in lines:
            click.echo(textwrap.fill(line, width=100, initial_indent="    ", subsequent_indent="      ",
                                     break_on_hyphens=False))


@mapping.command(name="kinds", epilog=EPILOG)
def mapping_kinds() -> None:
    """List the standard export formats a source may name as `format` instead of a mapping.

    \b
    Example:
      cultuurgraaf mapping kinds
    """
    from .kinds import kinds

    for kind in kinds():
        click.echo(f"{kind.name:<12} {kind.description}")


@mapping.command(name="show", epilog=EPILOG)
@click.argument("kind_name", metavar="FORMAT")
def mapping_show(kind_name: str) -> None:
    """Print the built-in mapping of a standard export format, to read or to copy as a start.

    \b
    Example:
      cultuurgraaf mapping show lido
      cultuurgraaf mapping show lido > mappings/mine.yml
    """
    from .kinds import kind

    with user_errors():
        click.echo(kind(kind_name).text(), nl=False)


@main.command(epilog=EPILOG)
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_paths", multiple=True, type=click.Path(path_type=Path),
              help="Shapes file or folder (repeatable; default: the project's shapes, or ./shapes).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json", "csv", "html", "sarif"]),
              default="text", show_default=True,
              help="Report format: text, a SHACL report graph in Turtle, JSON, CSV (one line per result and row), "
              "an HTML page for collection managers, or SARIF 2.1.0 for code-hosting CI.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write the report here.")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="The fast SPARQL validator, or pySHACL (the reference).")
@click.option("--profile", type=click.Choice(PROFILES), default=DEFAULT_PROFILE, show_default=True,
              help="What counts as a violation: publicatie (the project's recommendations as warnings), oslo (only "
              "the OSLO application profiles, as violations) or strikt (the shapes as written).")
def validate(data: tuple[Path, ...], shapes_paths: tuple[Path, ...], fmt: str, output: Path | None, engine: str,
             profile: str) -> None:
    """Check RDF files, or the output of mapping files, against SHACL shapes.

    DATA are RDF files in any common syntax (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD,
    N3), or mapping files (YARRRML, or RML/R2RML in any of those syntaxes), told apart by what
    they hold, not by their names. Mappings are run first: then every result names the source
    file, the record (CSV line, JSON Pointer, XPath) and the mapping rule. A file that holds
    nothing the shapes target is named in a warning. Exit 0 when the data conforms, 1 with
    violations, 3 when data, mapping or shapes cannot be read (the message says where) or when
    nothing at all was checked.

    \b
    Example:
      cultuurgraaf validate export.ttl --shapes shapes/
      cultuurgraaf validate mappings/demo/objecten.yml --format html -o report.html
      cultuurgraaf validate mappings/demo/objecten.yml --format sarif -o validation.sarif
    """
    from .validation.inputs import validate_inputs
    from .validation.renderings import render

    with user_errors():
        if output:
            from .sources.files import check_output_file

            check_output_file(output)
        report = validate_inputs(list(data), shapes=list(shapes_paths) or None, engine=engine, profile=profile)
        text = render(report, fmt)
        if output:
            output.write_text(text, encoding="utf-8")
            click.echo(f"{report.summary()} Report: {output}", err=True)
        else:
            click.echo(text, nl=False)
        for warning in report.warnings:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        if not report.conforms:
            sys.exit(EXIT_NOT_CONFORMING)


@main.command(epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--graph", required=True, help="The named graph to replace with the file's contents.")
@click.option("--format", "fmt", default=None, help="RDF syntax (default: from the file name).")
@click.option("--project", "project_dir", type=click.Path(path_type=Path), default=".", show_default=True)
@click.option("--index", "with_index", is_flag=True,
              help="Also write the search index of the new generation before switching to it (by default a "
                   "running server writes it in the background, answering from the previous one meanwhile).")
def load(file: Path, graph: str, fmt: str | None, project_dir: Path, with_index: bool) -> None:
    """Load an RDF file into one named graph of the project's store, atomically.

    \b
    Example:
      cultuurgraaf load thesaurus.ttl --graph https://data.cultuurgraaf.be/graph/thesaurus --project examples/demo
    """
    from .pipeline import load_file

    with user_errors():
        project = _load_project(project_dir)
        loaded = load_file(project, file, graph=graph, format=fmt, index=with_index)
        click.echo(f"{loaded.quads} quads loaded into <{graph}>", err=True)
        if loaded.index is not None:
            click.echo(loaded.index.line(), err=True)
        else:
            click.echo("search index: not yet updated; the pages' lists and search catch up when the server (or the "
                       "next build) writes it, answering from the previous index meanwhile (--index waits for it)",
                       err=True)


@main.command(epilog=EPILOG)
@project_argument
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "ntriples", "rdfxml"]),
              default="nquads", show_default=True, help="RDF syntax; turtle, ntriples and rdfxml need --graph.")
@click.option("--graph", default=None, help="Write only this named graph.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write here (complete or not at all) instead of standard output.")
def dump(project_dir: Path, fmt: str, graph: str | None, output: Path | None) -> None:
    """Write the whole store, every named graph, as N-Quads or TriG; or one graph.

    \b
    Example:
      cultuurgraaf dump examples/demo -o demo.nq
      cultuurgraaf dump examples/demo --graph https://data.cultuurgraaf.be/graph/objecten --format turtle
    """
    from .pipeline import dump_store

    with user_errors():
        project = _load_project(project_dir)
        if output:
            dump_store(project, output, format=fmt, graph=graph)
        else:
            dump_store(project, sys.stdout.buffer, format=fmt, graph=graph)


@main.command(epilog=EPILOG)
@project_argument
@click.option("--rule", default=None, help="Only this rule.")
@click.option("--list", "detailed", is_flag=True, help="List every link and why it was made.")
def links(project_dir: Path, rule: str | None, detailed: bool) -> None:
    """Report the links the project's [[links]] rules made in the last build, per rule.

    \b
    Example:
      cultuurgraaf links examples/samples
      cultuurgraaf links examples/samples --rule naam-en-postcode --list
    """
    from .linking.report import report_lines
    from .store import open_built_store

    with user_errors():
        project = _load_project(project_dir)
        for line in report_lines(open_built_store(project), project, rule=rule,
                                 detailed=detailed):
            click.echo(line)


@main.command(epilog=EPILOG)
@project_argument
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@port_option
def serve(project_dir: Path, host: str | None, port: int | None) -> None:
    """Serve the project's store: SPARQL at /sparql, pages at /doc/..., things at /id/...

    A build in another process may run while serving: the server switches to the
    new graphs when the build has finished.

    \b
    Example:
      cultuurgraaf serve examples/demo --port 8080
    """

    with user_errors():
        _serve(_load_project(project_dir), host=host, port=port)


def _serve(project, *, host: str | None, port: int | None) -> None:
    from .web.app import create_app
    from .web.server import serve

    host = host or project.server.host
    port = port or project.server.port
    click.echo(f"serving {project.name} on http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)", err=True)
    serve(create_app(project), project.server, host=host, port=port)


@main.command(epilog=EPILOG)
@project_argument
@click.argument("query_text", metavar="QUERY")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
              default="table", show_default=True)
def query(project_dir: Path, query_text: str, fmt: str) -> None:
    """Run a SPARQL query on the project's store; QUERY is the text, or @file.rq.

    \b
    Example:
      cultuurgraaf query examples/demo 'SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }'
      cultuurgraaf query examples/demo @queries/objects-by-maker.rq --format csv
    """
    from .sparql import run_query
    from .store import open_built_store

    with user_errors():
        project = _load_project(project_dir)
        if query_text.startswith("@"):
            query_text = _query_file(Path(query_text[1:]))
        store = open_built_store(project)
        result = run_query(store, query_text)
        if fmt == "table":
            click.echo(_table(result), nl=False)
        elif result.kind == "graph":
            sys.stdout.buffer.write(result.serialize(fmt if fmt in ("turtle", "ntriples") else "turtle"))
        else:
            sys.stdout.buffer.write(result.serialize(fmt if fmt in ("json", "csv", "tsv", "xml") else "json"))


def _query_file(path: Path) -> str:
    from .errors import ArgumentError, Location
    from .sources.files import check_input_file

    check_input_file(path, what="the query file", error=ArgumentError)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ArgumentError(f"the query file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                         location=Location(str(path))) from None


def _table(result) -> str:
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples())
    variables = result.variables
    rows = [[str(row.get(v, "")) for v in variables] for row in result.rows()]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"
