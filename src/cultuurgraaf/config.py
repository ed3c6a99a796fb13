"""The project file ``cultuurgraaf.toml``: one frozen settings object per project.

One file describes a whole graph: its base IRI, where the store lives, the shapes, and the
sources (name, input files, mapping, target graph). Paths in the file are relative to the
folder that holds it. This module is the only reader of environment variables.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError, Location
from .iris import IriScheme, iri_problem
from .kinds import KINDS, for_prefix, kind
from .linking.keys import BUILTIN_KEYS, NORMALISERS, KeySpec
from .linking.rules import RELATIONS, LinkRule
from .settings import Table, shown

PROJECT_FILE = "cultuurgraaf.toml"
DEFAULT_STORE = ".cultuurgraaf/store"
DEFAULT_PORT = 8000
#: real exports run to several GB; this refuses what no export is (a disk image, a runaway dump)
DEFAULT_MAX_INPUT_MB = 20_000
#: what a build loads when records merge into one entity with contradictory values (docs/validation.md)
ON_CONFLICT = ("quarantine", "first", "report")
#: the validation profiles, the default first: what counts as a violation (validation/profiles.py)
PROFILES = ("publicatie", "oslo", "strikt")
DEFAULT_PROFILE = PROFILES[0]


@dataclass(frozen=True)
class HarvestConfig:
    """Where a harvested source comes from: the ``[sources.harvest]`` table (docs/add-a-source.md#harvesting).

    Either ``ldes``, the URL of a Linked Data Event Stream (its view, or the stream), or ``oai_pmh``,
    the base URL of an OAI-PMH endpoint with the ``metadata_prefix`` to ask for and perhaps a
    ``set``. What was harvested, and where the harvest stopped, is kept in ``folder`` between
    builds. Each request waits ``timeout_s`` at most and is tried ``retries`` more times when the
    server is busy or unreachable.
    """

    folder: Path
    ldes: str | None = None
    oai_pmh: str | None = None
    metadata_prefix: str | None = None
    set: str | None = None
    timeout_s: float = 60.0
    retries: int = 5

    @property
    def protocol(self) -> str:
        return "ldes" if self.ldes else "oai-pmh"

    @property
    def url(self) -> str:
        return self.ldes or self.oai_pmh or ""


@dataclass(frozen=True)
class SourceConfig:
    """One source: an extract (one or more files) and the mapping that turns it into RDF.

    ``inputs`` holds one binding per run of the mapping: a list of files in the project file
    runs a one-file mapping once per file; a table binds each file the mapping reads by name.
    ``format`` names the built-in kind (``kinds/``) whose mapping this is, when the entry gave
    one instead of a mapping file.
    """

    @property
    def input_files(self) -> list[Path]:
        return [path for binding in self.inputs for path in binding.values()]

    name: str
    mapping: Path
    inputs: tuple[dict[str, Path], ...]
    graph: str
    title: str
    licence: str | None = None
    description: str | None = None
    format: str | None = None
    #: one of ON_CONFLICT: hold the entity back (the default), keep the first record's value, or load all
    on_conflict: str = ON_CONFLICT[0]
    #: whether a build may replace the source's graph with far fewer records than the last build's, or none
    may_shrink: bool = False
    #: where the source is harvested from, when it is (its inputs are then what the harvest keeps)
    harvest: HarvestConfig | None = None
    #: the validation profile its records are checked with (``validation.profiles``): what is a violation
    profile: str = DEFAULT_PROFILE


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    query_timeout_s: float = 30.0
    max_rows: int = 10_000
    max_concurrent_queries: int = 4
    max_queued_queries: int = 16
    #: how long a query waits for a worker before it is told to try again (shorter than the time limit)
    queue_wait_s: float = 10.0
    #: queries one client (address) may have running or waiting at once
    max_queries_per_client: int = 2
    #: a query still running after this long is a long query; at most max_long_queries of those run at
    #: once (one per client), so the other workers stay free for ordinary queries
    long_query_s: float = 5.0
    max_long_queries: int = 3
    #: memory one query worker, and the update writer, may allocate (MB; 0: no limit)
    query_memory_mb: int = 512
    update_memory_mb: int = 4096
    #: a query worker is replaced by a fresh one after this many queries, or when it holds more than
    #: this many MB after one (0: never), so that what workers keep does not grow with the server's age
    worker_max_queries: int = 1000
    worker_max_held_mb: int = 256
    #: dump downloads (/dump.nq, /dump/{source}.nt) served at once
    max_concurrent_dumps: int = 2
    update_token: str | None = None
    service_allowlist: tuple[str, ...] = ()
    #: what one client may send (docs/sparql.md, "Limits on requests"): a request head, a body
    #: per route, the time to send a request and the time an idle connection stays open
    max_header_kb: float = 64
    max_query_body_mb: float = 10
    max_graph_body_mb: float = 100
    max_body_mb: float = 1
    read_timeout_s: float = 15
    keep_alive_s: float = 5
    max_connections: int = 200
    #: the export checker at /controle (docs/checker.md): the largest upload, what a zip may unpack
    #: to, how long one check may take, how many run at once, and the folder uploads are checked in
    #: (None: the system's temporary folder), and the memory one check's worker may allocate (MB; 0: no limit)
    max_upload_mb: float = 50
    max_unpacked_mb: float = 250
    check_timeout_s: float = 120
    check_memory_mb: int = 2048
    max_concurrent_checks: int = 2
    check_folder: Path | None = None


_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_UNITS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)


def duration_seconds(text: str) -> int | None:
    """Seconds in an xsd:duration such as ``P30D`` or ``PT12H`` (a year 365 days, a month 30), or None.

    >>> duration_seconds("P1W"), duration_seconds("PT1H30M"), duration_seconds("30 days")
    (604800, 5400, None)
    """
    found = _DURATION.fullmatch(text.strip())
    if found is None or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        return None
    return sum(int(n) * unit for n, unit in zip(found.groups(), _UNITS) if n)


@dataclass(frozen=True)
class FeedsConfig:
    """The change feeds and the OAI-PMH provider: the ``[feeds]`` table (docs/ldes.md, docs/oai-pmh.md).

    >>> FeedsConfig(keep_versions=1, keep_versions_for="P30D").retention_seconds
    2592000
    """

    #: members per fragment of an event stream
    page_size: int = 250
    #: the retention policy: the latest versions of each entity always kept (None: the whole log)...
    keep_versions: int | None = None
    #: ...and how long older versions stay after that (an xsd:duration; None: pruned at the next build)
    keep_versions_for: str | None = None
    #: records per answer of the OAI-PMH provider, before a resumption token
    oai_page_size: int = 100
    #: the address the OAI-PMH Identify answer names
    admin_email: str | None = None

    @property
    def retention_seconds(self) -> int | None:
        return duration_seconds(self.keep_versions_for) if self.keep_versions_for else None


@dataclass(frozen=True)
class RemoteStoreConfig:
    """How to reach a SPARQL server when ``store`` is a ``sparql+http(s)://`` URL: the ``[store]`` table.

    The query endpoint is the URL itself; updates go to ``update_url`` (default: the same), bulk
    loads to the Graph Store Protocol endpoint ``graph_store_url`` (default: SPARQL Update in small
    requests). ``user``/``password`` (better from CULTUURGRAAF_STORE_USER/_PASSWORD) authenticate
    with ``auth`` = "basic" or "digest". Derived files (the search index) go to ``cache``.
    """

    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "basic"
    timeout_s: float = 90.0
    row_limit: int = 10_000
    page_size: int = 5_000
    chunk_triples: int = 10_000
    cache: str = ".cultuurgraaf/remote"
    #: "virtuoso": load through Virtuoso's own bulk loader (files written to ``bulk_folder``, which the
    #: server reads, and loaded through its SQL client at ``isql``) instead of Graph Store requests
    bulk_loader: str = "none"
    bulk_folder: str | None = None
    isql: str = "127.0.0.1:1111"
    isql_user: str = "dba"
    isql_password: str | None = None


@dataclass(frozen=True)
class Project:
    """A configured project, as read from its ``cultuurgraaf.toml``."""

    root: Path
    name: str
    iris: IriScheme
    store: str
    shapes: tuple[Path, ...]
    sources: tuple[SourceConfig, ...]
    ontologies: tuple[Path, ...] = ()
    queries: Path | None = None
    #: a folder of pictures the server shows at /beelden/ (things pictured at {base}/beelden/...)
    images: Path | None = None
    server: ServerConfig = field(default_factory=ServerConfig)
    licence: str | None = None
    #: the ``[[links]]`` rules, and the keys they and the resolver use (built-in plus ``[keys.*]``)
    links: tuple[LinkRule, ...] = ()
    keys: dict[str, KeySpec] = field(default_factory=lambda: dict(BUILTIN_KEYS))
    remote: RemoteStoreConfig = field(default_factory=RemoteStoreConfig)
    #: the largest extract or RDF file a build or ``load`` reads (docs/store.md, "Limits on inputs")
    max_input_mb: float = DEFAULT_MAX_INPUT_MB
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    #: what the project file says that is ignored (unknown settings), for the command line to show
    warnings: tuple[str, ...] = ()

    @property
    def base_iri(self) -> str:
        return self.iris.base

    @property
    def store_path(self) -> Path | None:
        """The folder of the embedded store, or None when the store is a remote server."""
        if "://" in self.store:
            return None
        return (self.root / self.store).resolve()

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"no source named '{name}' (sources: {known})",
                          location=Location(str(self.root / PROJECT_FILE)))


def find_project_file(path: Path) -> Path:
    """The project file for a folder or a file path given on the command line."""
    path = Path(path)
    candidate = path / PROJECT_FILE if path.is_dir() else path
    if not candidate.is_file():
        raise ConfigError(
            f"no project file at {candidate}",
            hint=f"run the command in a project folder, or give the folder that holds {PROJECT_FILE}",
        )
    return candidate


def load_project(path: Path | str = ".", *, store: str | None = None) -> Project:
    """Read a project folder (or its ``cultuurgraaf.toml``) into a :class:`Project`.

    ``store`` puts the store somewhere else than the project file says (a folder or a URL).
    """
    file = find_project_file(Path(path)).resolve()
    where = Location(str(file))
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"the project file is not valid TOML: {exc}", location=where) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"the project file is not UTF-8 text: {exc}", location=where) from exc
    except OSError as exc:
        raise ConfigError(f"the project file cannot be read: {exc.strerror or exc}", location=where) from exc
    project = _project_from_dict(data, root=file.parent, where=where)
    if store is not None:
        project = replace(project, store=str(store))
    return project


def _project_from_dict(data: dict, *, root: Path, where: Location) -> Project:
    top = Table(data, section="", where=where)
    if top.raw("project") is None:
        raise ConfigError("the project file needs a [project] table", location=where)
    project = Table(top.raw("project"), section="[project]", where=where, environ=os.environ)
    base = project.text("base_iri", required=True)
    problem = iri_problem(base)
    if problem is not None or not base.startswith(("http://", "https://")):
        raise project.error("base_iri", f"must be an http(s) IRI, and {shown(base)} is not: "
                            f"{problem or 'its scheme is not http or https'}")
    iris = IriScheme(base)
    entries = top.raw("sources", [])
    if not isinstance(entries, list):
        raise top.error("sources", "must be [[sources]] tables, one per source")
    sources = [Table(entry, section=f"[[sources]] entry {n}", where=where) for n, entry in enumerate(entries, 1)]
    default_profile = project.choice("profile", DEFAULT_PROFILE, tuple(PROFILES))
    configs = tuple(_source(entry, root=root, iris=iris, default_profile=default_profile) for entry in sources)
    names = [s.name for s in configs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"source names must be unique; repeated: {', '.join(duplicates)}", location=where)
    if "build" in names:
        raise ConfigError("a source may not be named 'build': the build's own validation report is build.html "
                          "(with build.json and build.csv), and the report of a source is <name>.html beside it",
                          location=where)
    if top.raw("links") and "links" in names:
        raise ConfigError("a source may not be named 'links' when the project has [[links]] rules: "
                          "{base}/graph/links holds the links", location=where)
    keys = _keys_from_tables(top.raw("keys"), where=where)
    links = _rules_from_tables(top.raw("links"), keys, where=where)
    shapes = tuple(_path(root, p) for p in project.texts("shapes"))
    for shape_path in shapes:
        if not shape_path.exists():
            raise project.error("shapes", f"names {shape_path}, which does not exist")
    ontologies = project.texts("ontologies")
    for ontology_path in (_path(root, p) for p in ontologies):
        if not ontology_path.exists():
            raise project.error("ontologies", f"names {ontology_path}, which does not exist")
    queries = project.text("queries")
    images = project.text("images")
    if images is not None and not _path(root, images).is_dir():
        raise project.error("images", f"names {_path(root, images)}, which is not a folder")
    server = Table(top.raw("server", {}), section="[server]", where=where, environ=os.environ)
    remote = Table(top.raw("store", {}), section="[store]", where=where, environ=os.environ)
    feeds = Table(top.raw("feeds", {}), section="[feeds]", where=where)
    result = Project(
        root=root,
        name=project.text("name", root.name),
        iris=iris,
        store=project.text("store", DEFAULT_STORE, env="CULTUURGRAAF_STORE"),
        shapes=shapes,
        ontologies=tuple(_path(root, p) for p in ontologies)
        if project.raw("ontologies") is not None else _nearest(root, "ontologies"),
        queries=_path(root, queries) if queries is not None
        else next(iter(_nearest(root, "queries")), None),
        images=_path(root, images) if images is not None else None,
        sources=configs,
        server=_server(server, root=root),
        licence=project.text("licence"),
        links=links,
        keys=keys,
        remote=_remote(remote),
        max_input_mb=project.number("max_input_mb", DEFAULT_MAX_INPUT_MB, above=0, unit="MB"),
        feeds=_feeds(feeds),
    )
    tables = [top, project, *sources, server, remote, feeds]
    return replace(result, warnings=tuple(w for table in tables for w in table.warnings()))


def _path(root: Path, text: str) -> Path:
    """A path of the project file, made absolute. A symbolic link that loops is left as it is
    written, for whoever reads the file to refuse with the reason."""
    try:
        return (root / text).resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's pathlib on a symlink loop
        return Path(os.path.abspath(root / text))


def _remote(table: Table) -> RemoteStoreConfig:
    bulk = table.choice("bulk_loader", "none", ("none", "virtuoso"))
    folder = table.text("bulk_folder", required=bulk == "virtuoso", env="CULTUURGRAAF_STORE_BULK_FOLDER")
    if folder is not None and not os.path.isabs(folder):
        raise table.error("bulk_folder", f"must be an absolute path, not {folder!r}: the SQL server reads the "
                          "files by the same path")
    return RemoteStoreConfig(
        update_url=table.url("update_url", env="CULTUURGRAAF_STORE_UPDATE_URL"),
        graph_store_url=table.url("graph_store_url", env="CULTUURGRAAF_STORE_GSP_URL"),
        user=table.text("user", env="CULTUURGRAAF_STORE_USER"),
        password=table.text("password", env="CULTUURGRAAF_STORE_PASSWORD"),
        auth=table.choice("auth", "basic", ("basic", "digest"), env="CULTUURGRAAF_STORE_AUTH"),
        timeout_s=table.number("timeout_s", 90.0, above=0, unit="seconds"),
        row_limit=table.integer("row_limit", 10_000, minimum=1),
        page_size=table.integer("page_size", 5_000, minimum=1),
        chunk_triples=table.integer("chunk_triples", 10_000, minimum=1),
        cache=table.text("cache", ".cultuurgraaf/remote"),
        bulk_loader=bulk,
        bulk_folder=folder,
        isql=table.text("isql", "127.0.0.1:1111", env="CULTUURGRAAF_STORE_ISQL"),
        isql_user=table.text("isql_user", "dba", env="CULTUURGRAAF_STORE_ISQL_USER"),
        isql_password=table.text("isql_password", required=bulk == "virtuoso", env="CULTUURGRAAF_STORE_ISQL_PASSWORD"),
    )


def _feeds(table: Table) -> FeedsConfig:
    keep = table.raw("keep_versions")
    result = FeedsConfig(
        page_size=table.integer("page_size", 250, minimum=1),
        keep_versions=None if keep is None else table.integer("keep_versions", 1, minimum=1),
        keep_versions_for=table.text("keep_versions_for"),
        oai_page_size=table.integer("oai_page_size", 100, minimum=1),
        admin_email=table.text("admin_email"),
    )
    if result.keep_versions_for is not None:
        if result.retention_seconds is None:
            raise table.error("keep_versions_for", f"must be a duration such as \"P30D\" or \"PT12H\", "
                              f"not {shown(result.keep_versions_for)}")
        if keep is None:
            raise table.error("keep_versions_for", "needs keep_versions: how many versions of each entity are "
                              "kept whatever their age (at least 1)")
    if result.admin_email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", result.admin_email):
        raise table.error("admin_email", f"must be an e-mail address, not {shown(result.admin_email)}")
    return result


def _source(table: Table, *, root: Path, iris: IriScheme, default_profile: str) -> SourceConfig:
    name = table.text("name", required=True)
    if not name.replace("-", "").replace("_", "").isalnum():
        raise table.error("name", f"may hold only letters, digits, '-' and '_', not {shown(name)}")
    table.section = f"[[sources]] '{name}'"
    harvest = _harvest(table, name=name, root=root)
    mapping, kind_name = _mapping_or_kind(table, root=root, harvest=harvest)
    raw_inputs = table.raw("inputs", {})
    if isinstance(raw_inputs, dict):
        if not all(isinstance(v, str) for v in raw_inputs.values()):
            raise table.error("inputs", "must be a file, a list of files or a table of files (all strings)")
        inputs = ({str(k): _path(root, v) for k, v in raw_inputs.items()},)
    else:
        inputs = tuple({"": _path(root, f)} for f in table.texts("inputs"))
    if kind_name and not (inputs and inputs[0]) and harvest is None:
        raise table.error("", f"has format = '{kind_name}' but no inputs: name the export's files")
    graph = table.text("graph")
    if graph is not None and iri_problem(graph) is not None:
        raise table.error("graph", f"must be an IRI, and {shown(graph)} is not: {iri_problem(graph)}")
    return SourceConfig(
        name=name,
        mapping=mapping,
        inputs=inputs,
        graph=graph or iris.graph(name),
        title=table.text("title", name),
        licence=table.text("licence"),
        description=table.text("description"),
        format=kind_name,
        on_conflict=table.choice("on_conflict", ON_CONFLICT[0], ON_CONFLICT),
        may_shrink=table.flag("may_shrink", False),
        harvest=harvest,
        profile=table.choice("profile", default_profile, tuple(PROFILES)),
    )


def _harvest(source: Table, *, name: str, root: Path) -> HarvestConfig | None:
    """The source's ``[sources.harvest]`` table, when it has one: an event stream or an OAI-PMH
    endpoint. A setting it does not know is refused, not ignored: a misspelt one would harvest
    something else (another format, every set)."""
    if source.raw("harvest") is None:
        return None
    table = Table(source.raw("harvest"), section=f"{source.section} harvest", where=source.where)
    known = [f.name for f in fields(HarvestConfig)]
    unknown = sorted(set(table.data) - set(known))
    if unknown:
        raise table.error(unknown[0], f"is not a harvest setting (known: {', '.join(known)})")
    if source.raw("inputs") is not None:
        raise source.error("inputs", "must be left out of a harvested source: its inputs are what the harvest keeps")
    ldes, oai_pmh = table.url("ldes"), table.url("oai_pmh")
    if (ldes is None) == (oai_pmh is None) or (ldes and {"metadata_prefix", "set"} & set(table.data)):
        raise table.error("", "needs either ldes, the URL of an event stream, or oai_pmh, the base URL of an "
                              "OAI-PMH endpoint (with metadata_prefix and set)")
    format = source.raw("format")
    prefixes = KINDS[format].prefixes if isinstance(format, str) and format in KINDS else ()
    return HarvestConfig(folder=_path(root, table.text("folder", f".cultuurgraaf/harvest/{name}")),
                         ldes=ldes, oai_pmh=oai_pmh,
                         metadata_prefix=table.text("metadata_prefix", (*prefixes, "oai_dc")[0]) if oai_pmh else None,
                         set=table.text("set"), timeout_s=table.number("timeout_s", 60.0, above=0, unit="seconds"),
                         retries=table.integer("retries", 5, minimum=0))


def _mapping_or_kind(table: Table, *, root: Path, harvest: HarvestConfig | None = None) -> tuple[Path, str | None]:
    """The source's mapping file: its own (``mapping``), or a built-in kind's (``format``, or the one
    a harvest implies: oslo-ldes for a stream, the metadata format's for an OAI-PMH endpoint)."""
    if table.raw("format") is None and table.raw("mapping") is None and harvest is not None:
        try:
            implied = kind("oslo-ldes") if harvest.ldes else for_prefix(harvest.metadata_prefix)
        except ConfigError as exc:
            raise table.error("harvest", exc.message, hint=exc.hint) from None
        return implied.path, implied.name
    if table.raw("format") is None:
        return _path(root, table.text("mapping", required=True)), None
    if table.raw("mapping") is not None:
        raise table.error("", "names both a mapping and a format: give one",
                          hint="a format uses the built-in mapping; `cultuurgraaf mapping show FORMAT` prints it "
                               "to copy and change")
    kind_name = table.text("format", required=True)
    try:
        return kind(kind_name).path, kind_name
    except ConfigError as exc:
        raise table.error("format", exc.message, hint=exc.hint) from None


def _server(table: Table, *, root: Path) -> ServerConfig:
    first = dict(  # read in the order of the docs, which the message about an unknown setting follows
        host=table.text("host", "127.0.0.1", required="host" in table.data),
        port=table.integer("port", DEFAULT_PORT, minimum=1, maximum=65535, env="CULTUURGRAAF_PORT"),
        query_timeout_s=table.number("query_timeout_s", 30.0, above=0, unit="seconds"),
        max_rows=table.integer("max_rows", 10_000, minimum=0, meaning="0 turns the limit off"),
        max_concurrent_queries=table.integer("max_concurrent_queries", 4, minimum=1))
    max_concurrent = first["max_concurrent_queries"]
    return ServerConfig(
        **first,
        max_queued_queries=table.integer("max_queued_queries", 16, minimum=0),
        queue_wait_s=table.number("queue_wait_s", 10.0, above=0, unit="seconds"),
        max_queries_per_client=table.integer("max_queries_per_client", 2, minimum=0,
                                             meaning="0 turns the limit off"),
        long_query_s=table.number("long_query_s", 5.0, above=0, unit="seconds"),
        max_long_queries=table.integer("max_long_queries", max(1, max_concurrent - 1), minimum=1),
        query_memory_mb=table.integer("query_memory_mb", 512, minimum=0, meaning="0 turns the limit off"),
        update_memory_mb=table.integer("update_memory_mb", 4096, minimum=0, meaning="0 turns the limit off"),
        worker_max_queries=table.integer("worker_max_queries", ServerConfig.worker_max_queries, minimum=0,
                                         meaning="0: never"),
        worker_max_held_mb=table.integer("worker_max_held_mb", ServerConfig.worker_max_held_mb, minimum=0,
                                         meaning="0: never"),
        max_concurrent_dumps=table.integer("max_concurrent_dumps", 2, minimum=0, meaning="0 turns the limit off"),
        update_token=table.text("update_token", env="CULTUURGRAAF_UPDATE_TOKEN",
                                required="update_token" in table.data),
        service_allowlist=tuple(table.urls("service_allowlist")),
        max_header_kb=table.number("max_header_kb", ServerConfig.max_header_kb, above=0, unit="kB"),
        max_query_body_mb=table.number("max_query_body_mb", ServerConfig.max_query_body_mb, above=0, unit="MB"),
        max_graph_body_mb=table.number("max_graph_body_mb", ServerConfig.max_graph_body_mb, above=0, unit="MB"),
        max_body_mb=table.number("max_body_mb", ServerConfig.max_body_mb, above=0, unit="MB"),
        read_timeout_s=table.number("read_timeout_s", ServerConfig.read_timeout_s, above=0, unit="seconds"),
        keep_alive_s=table.number("keep_alive_s", ServerConfig.keep_alive_s, above=0, unit="seconds"),
        max_connections=table.integer("max_connections", ServerConfig.max_connections, minimum=1),
        max_upload_mb=table.number("max_upload_mb", ServerConfig.max_upload_mb, above=0, unit="MB"),
        max_unpacked_mb=table.number("max_unpacked_mb", ServerConfig.max_unpacked_mb, above=0, unit="MB"),
        check_timeout_s=table.number("check_timeout_s", ServerConfig.check_timeout_s, above=0, unit="seconds"),
        check_memory_mb=table.integer("check_memory_mb", ServerConfig.check_memory_mb, minimum=0,
                                      meaning="0 turns the limit off"),
        max_concurrent_checks=table.integer("max_concurrent_checks", ServerConfig.max_concurrent_checks, minimum=1),
        check_folder=_path(root, folder) if (folder := table.text("check_folder")) is not None else None,
    )


def _nearest(root: Path, name: str) -> tuple[Path, ...]:
    """The closest folder called ``name`` in the project folder or above it (the checkout's own)."""
    for folder in (root, *root.parents):
        if (folder / name).is_dir():
            return ((folder / name).resolve(),)
    return ()


def _str_list(value, name: str, where: Location) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{name} must be a string or a list of strings", location=where)


# Linking: [keys.<name>] and [[links]] (see linking/keys.py and linking/rules.py) -----------

def _keys_from_tables(tables, *, where: Location) -> dict[str, KeySpec]:
    """The built-in keys with the project file's ``[keys.<name>]`` added or redefined."""
    keys = dict(BUILTIN_KEYS)
    if tables is None:
        return keys
    if not isinstance(tables, dict):
        raise ConfigError("[keys] must hold tables, one per key ([keys.website] ...)", location=where)
    for name, table in tables.items():
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", str(name)):
            raise ConfigError(f"key name '{name}' may hold only lower-case letters, digits, '-' and '_'", location=where)
        keys[str(name)] = _key_from_table(str(name), table, where=where)
    return keys


def _rules_from_tables(entries, keys: dict[str, KeySpec], *, where: Location) -> tuple[LinkRule, ...]:
    """The ``[[links]]`` entries of a project file as rules, checked."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ConfigError("[[links]] entries must be tables ([[links]] rule = ... keys = [...])", location=where)
    rules = [_rule(entry, keys, where=where) for entry in entries]
    names = [r.name for r in rules]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"link rule names must be unique; repeated: {', '.join(repeated)}", location=where)
    return tuple(rules)


def _rule(entry, keys: dict[str, KeySpec], *, where: Location) -> LinkRule:
    if not isinstance(entry, dict):
        raise ConfigError("each [[links]] entry must be a table", location=where)
    name = entry.get("rule")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise ConfigError("[[links]] needs 'rule', a name of lower-case letters, digits, '-' and '_'",
                          location=where)
    unknown = set(entry) - {"rule", "title", "keys", "relation", "kinds", "prefix"}
    if unknown:
        raise ConfigError(f"[[links]] '{name}' has unknown settings: {', '.join(sorted(unknown))} "
                          "(known: rule, title, keys, relation, kinds, prefix)", location=where)
    key_names = entry.get("keys")
    if isinstance(key_names, str):
        key_names = [key_names]
    if not isinstance(key_names, list) or not key_names or not all(isinstance(k, str) for k in key_names):
        raise ConfigError(f"[[links]] '{name}' needs 'keys', a list of key names "
                          f"(known: {', '.join(sorted(keys))})", location=where)
    missing = [k for k in key_names if k not in keys]
    if missing:
        raise ConfigError(f"[[links]] '{name}': unknown key {', '.join(missing)} (known: {', '.join(sorted(keys))}; "
                          "declare others under [keys.<name>])", location=where)
    relation = str(entry.get("relation", "owl:sameAs"))
    if relation not in RELATIONS:
        raise ConfigError(f"[[links]] '{name}': relation '{relation}' is not one of {', '.join(RELATIONS)}",
                          location=where)
    prefix = tuple(_str_list(entry.get("prefix", []), f"[[links]] '{name}'.prefix", where))
    if any(p not in key_names for p in prefix):
        raise ConfigError(f"[[links]] '{name}': prefix names keys that are not in its keys", location=where)
    if len(prefix) == len(key_names):
        raise ConfigError(f"[[links]] '{name}': at least one key must be matched as equal, not by prefix",
                          location=where)
    return LinkRule(name=name, keys=tuple(keys[k] for k in key_names), relation=RELATIONS[relation],
                    title=str(entry.get("title", name)),
                    kinds=tuple(_str_list(entry.get("kinds", []), f"[[links]] '{name}'.kinds", where)),
                    prefix=prefix)


def _key_from_table(name: str, table: dict, *, where: Location) -> KeySpec:
    """A key declared in the project file under ``[keys.<name>]``."""
    if not isinstance(table, dict):
        raise ConfigError(f"[keys.{name}] must be a table", location=where)
    unknown = set(table) - {"path", "normalise", "agency", "namespaces", "identifier", "title"}
    if unknown:
        raise ConfigError(f"[keys.{name}] has unknown settings: {', '.join(sorted(unknown))} "
                          "(known: path, normalise, agency, namespaces, identifier, title)", location=where)
    base = BUILTIN_KEYS.get(name)
    path = table.get("path", base.path if base else "adms:identifier" if table.get("agency") else None)
    if not isinstance(path, str) or not path.strip():
        raise ConfigError(f"[keys.{name}] needs 'path', a SPARQL property path such as foaf:homepage",
                          location=where)
    normal = str(table.get("normalise", base.normalise if base else "text"))
    if normal not in NORMALISERS:
        raise ConfigError(f"[keys.{name}]: unknown normaliser '{normal}' (known: {', '.join(sorted(NORMALISERS))})",
                          location=where)
    namespaces = table.get("namespaces", list(base.namespaces) if base else [])
    if isinstance(namespaces, str):
        namespaces = [namespaces]
    if not isinstance(namespaces, list) or not all(isinstance(n, str) for n in namespaces):
        raise ConfigError(f"[keys.{name}].namespaces must be a list of IRIs", location=where)
    agency = table.get("agency", base.agency if base else None)
    return KeySpec(name=name, path=path.strip(), normalise=normal, agency=str(agency) if agency else None,
                   namespaces=tuple(namespaces),
                   identifier=bool(table.get("identifier", base.identifier if base else bool(agency or namespaces))),
                   title=str(table.get("title", base.title if base else name)))
