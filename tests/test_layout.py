"""The house rules that can be checked by reading the code: who imports what."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cultuurgraaf"
ADAPTER_LIBRARIES = {"fastapi", "starlette", "click", "jinja2", "uvicorn", "tqdm"}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "web" not in p.relative_to(PACKAGE).parts and p.name != "cli.py"]


def test_core_modules_do_not_import_web_or_command_line_libraries():
    offenders = {str(p.relative_to(PACKAGE)): sorted(imports_of(p) & ADAPTER_LIBRARIES) for p in core_modules()}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_store_imports_pyoxigraph():
    importers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "pyoxigraph" in imports_of(p))
    assert importers and all(name.startswith("store") for name in importers), importers


def test_environment_variables_are_read_only_in_config():
    readers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                     if "os.environ" in p.read_text(encoding="utf-8") or "getenv(" in p.read_text(encoding="utf-8"))
    assert readers == ["config.py"]
