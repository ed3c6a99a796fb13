"""The house rules that can be checked by reading the code, written as data: who may import each
heavy dependency, that no module imports one that imports it back, where namespaces are written,
who reads the environment, and that the top level stays the flow's packages and a few modules."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from cultuurgraaf import vocab

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cultuurgraaf"

#: Who may import each dependency: packages (folders) of cultuurgraaf, or modules of its top level.
#: The adapters' libraries belong to web/ and cli.py only; every other row is "one owner per job".
OWNERS: dict[str, set[str]] = {
    "pyoxigraph": {"store"},
    "pyshacl": {"validation"},
    "sqlite3": {"search", "sources", "feeds"},  # the search index; SQL sources that are SQLite files; the change log
    "lxml": {"sources", "feeds"},  # reading XML extracts; writing OAI-PMH answers
    "pymarc": {"sources"},
    "httpx": {"store", "sources"},  # SPARQL servers; harvested sources (sources/harvest/)
    "yaml": {"mapping"},
    "dateparser": {"mapping"},  # dates with month names, for the mapping functions
    "langcodes": {"mapping"},
    "regex": {"mapping"},  # the script of a label, by each letter's Unicode Script property
    "py3langid": {"mapping"},  # a label's likely language
    "ijson": {"sources"},
    "jsonpath": {"sources"},
    "fastapi": {"web"},
    "starlette": {"web"},
    "jinja2": {"web"},
    "markupsafe": {"web"},
    "nh3": {"web"},  # web/markup.py: HTML from the sources, sanitised
    "click": {"cli.py"},
    "uvicorn": {"web"},  # web/server.py: the server and its limits
    "python_multipart": {"web"},  # web/upload_form.py: the export checker's uploads, streamed to its folder
    "tqdm": {"cli.py"},
    "imagesize": {"entities"},  # entities/pictures.py: the size of the project's own pictures, for IIIF canvases
}

#: The packages of the data flow, in its order (README.md's "What is where" names them so).
FLOW = ("sources", "kinds", "proposal", "mapping", "validation", "linking", "store", "catalogue", "search", "sparql",
        "entities", "reconcile", "feeds", "checker", "web")
#: The most modules the top level may hold besides the packages (__init__.py not counted).
MOST_LOOSE_MODULES = 10

#: Files that still write namespace IRIs by hand or borrow rdflib's namespaces: mapping/, validation/
#: and sources/ are changed by other work at present, and their namespaces move to vocab.py after
#: it lands. A file that no longer writes any fails the test, so it comes off the list.
NAMESPACES_NOT_YET_IN_VOCAB = frozenset((
    "mapping/compiler.py", "mapping/lineage.py", "mapping/rml_reader.py",
    "mapping/rml_vocab.py", "mapping/rml_writer.py", "mapping/terms.py", "mapping/yarrrml.py",
    "sources/sparql_reader.py", "sources/sql_reader.py", "validation/fast.py", "validation/node_labels.py",
    "validation/render_turtle.py", "validation/shapes.py", "validation/shapes_to_sparql.py",
    "validation/targets.py", "validation/validator.py", "validation/conflicts.py",
))


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by the name of its folder)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The imports a module runs, at its top or inside functions; those under ``if TYPE_CHECKING:`` run never."""
    found, stack = [], [tree]
    while stack:
        for child in ast.iter_child_nodes(stack.pop()):
            if isinstance(child, ast.If) and _type_checking(child):
                stack.extend(child.orelse)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            else:
                stack.append(child)
    return found


def top_names(path: Path) -> set[str]:
    """The top-level names of what a module imports, at any depth (``from x.y import z`` -> x)."""
    names = set()
    for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of the package importing it runs: the module named and every package
    on the way to it (their __init__ runs too), except the importer's own packages."""
    known = modules()
    graph = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in known)
        graph[name] = {prefix for target in targets for prefix in _prefixes(target)
                       if prefix in known and not (name == prefix or name.startswith(prefix + "."))}
    return graph


def _prefixes(dotted: str) -> list[str]:
    parts = dotted.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or round about (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in sorted(graph[name]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return found


def test_each_dependency_is_imported_only_by_its_owners():
    imported = {str(p.relative_to(PACKAGE)): top_names(p) for p in PACKAGE.rglob("*.py")}
    importers = {dependency: {name for name, names in imported.items() if dependency in names} for dependency in OWNERS}
    strays = {dependency: sorted(name for name in names if Path(name).parts[0] not in OWNERS[dependency])
              for dependency, names in importers.items()}
    assert {d: s for d, s in strays.items() if s} == {}
    assert [d for d, names in importers.items() if not names] == [], "the table names a dependency no module imports"


def test_no_modules_import_each_other_at_run_time():
    assert cycles(import_graph()) == []


def test_the_cycle_scan_finds_a_loop_and_skips_type_checking_imports(tmp_path, monkeypatch):
    """The scan itself, on a package of three modules: a loop through a late import is found; one
    closed only under TYPE_CHECKING is not."""
    package = tmp_path / "cultuurgraaf"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from typing import TYPE_CHECKING\nfrom . import b\n"
                                  "if TYPE_CHECKING:\n    from . import c\n")
    (package / "b.py").write_text("def late():\n    from .a import x\n")
    (package / "c.py").write_text("from . import a\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert cycles(import_graph()) == [["cultuurgraaf.a", "cultuurgraaf.b"]]


def test_environment_variables_are_read_only_in_config():
    readers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                     if "os.environ" in p.read_text(encoding="utf-8") or "getenv(" in p.read_text(encoding="utf-8"))
    assert readers == ["config.py"]


def namespace_writing(path: Path) -> list[str]:
    """Where a module writes a namespace by hand: a string (not a docstring) holding a namespace
    IRI of vocab.py or any W3C IRI, a Namespace(...) made, or rdflib's namespaces imported."""
    namespaces = [ns.iri for ns in vars(vocab).values() if isinstance(ns, vocab.ClosedNamespace)]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if "http://www.w3.org/" in node.value or any(iri in node.value for iri in namespaces):
                found.append(f"line {node.lineno}: {node.value[:60]!r}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "Namespace", "ClosedNamespace"):
            found.append(f"line {node.lineno}: a namespace made")
        elif isinstance(node, ast.ImportFrom) and node.module == "rdflib.namespace":
            found.append(f"line {node.lineno}: rdflib's namespaces")
    return found


def test_namespaces_are_written_only_in_vocab():
    writers = {str(p.relative_to(PACKAGE)): namespace_writing(p) for p in sorted(PACKAGE.rglob("*.py"))
               if p.name != "vocab.py"}
    writers = {name: places for name, places in writers.items() if places}
    assert {n: p for n, p in writers.items() if n not in NAMESPACES_NOT_YET_IN_VOCAB} == {}
    assert sorted(set(NAMESPACES_NOT_YET_IN_VOCAB) - set(writers)) == [], "off the list: it writes none now"


def test_the_top_level_is_the_flows_packages_and_a_few_modules():
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert packages == sorted(FLOW)
    assert len(loose) <= MOST_LOOSE_MODULES, loose


def test_the_readme_names_the_packages_in_the_order_of_the_flow():
    readme = (PACKAGE.parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `src/cultuurgraaf/` |"))
    named = re.findall(r"`([a-z_]+)/`", row)
    assert named == list(FLOW), row


def test_every_file_the_package_reads_is_in_its_package_data():
    """An install that is not editable gets only the files pyproject.toml names: each data file of
    the package (templates, words, styles, kinds, contexts) must match one of its patterns."""
    import tomllib

    patterns = tomllib.loads((PACKAGE.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["cultuurgraaf"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    data = {path for path in PACKAGE.rglob("*")
            if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts}
    assert sorted(str(path.relative_to(PACKAGE)) for path in data - shipped) == []
