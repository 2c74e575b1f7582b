"""The package's shape is a contract: stage packages own their modules, their ``__init__`` only
re-exports, and no module name shadows a function the façade exports."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import clientmig

PACKAGE = Path(clientmig.__file__).parent
# Top-level modules allowed beside the stage packages: the façade, the records every stage
# shares, and private helpers (a leading underscore).
TOP_LEVEL = {"__init__", "__main__", "errors", "issues", "lineage", "keys"}
# Packages whose __init__ is only a docstring, imports and __all__. cli/ (the entry point),
# validators/ (the registry) and widgets/ are not stages of the pipeline.
STAGES = (
    "io",
    "mapping",
    "cleaning",
    "validation",
    "links",
    "dedupe",
    "reconciliation",
    "export",
    "pipeline",
    "target_schemas",
)


def test_no_top_level_module_beyond_the_shared_ones() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    extra = sorted(m for m in modules - TOP_LEVEL if not m.startswith("_"))
    assert extra == [], f"move these into a stage package: {extra}"


def test_every_stage_is_a_package_whose_init_only_re_exports() -> None:
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), stage
        tree = ast.parse(init.read_text("utf-8"))
        for node in tree.body:
            allowed = isinstance(node, (ast.Import, ast.ImportFrom)) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            )
            is_all = isinstance(node, ast.Assign) and [
                t.id for t in node.targets if isinstance(t, ast.Name)
            ] == ["__all__"]
            assert allowed or is_all, (
                f"{stage}/__init__.py line {node.lineno}: logic belongs in a module"
            )


def test_stage_exports_are_importable_and_listed() -> None:
    for stage in STAGES:
        module = importlib.import_module(f"clientmig.{stage}")
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"clientmig.{stage}.{name}"


def test_no_submodule_shadows_a_facade_name() -> None:
    """Python binds a loaded submodule as an attribute of its package: a module named like a
    function its package re-exports would replace that function once imported."""
    clashes = []
    for stage in STAGES:
        module = importlib.import_module(f"clientmig.{stage}")
        path = [str(PACKAGE / stage)]
        for info in pkgutil.iter_modules(path):
            if info.name in getattr(module, "__all__", ()):
                clashes.append(f"clientmig.{stage}.{info.name}")
    names = {info.name for info in pkgutil.iter_modules([str(PACKAGE)])}
    clashes += sorted(names & set(clientmig.__all__))
    assert clashes == []
