"""No widget or CLI module above labels or prints an English literal: words come from the catalogue.

An AST walk over the modules whose text is in ``clientmig/_data/messages/*.toml`` ([ui], [cli]).
A string literal counts as words for people when, outside HTML tags, it holds a word and is not
shaped like a code (one lower-case token such as ``cm-accept``, ``value``, ``ui.issues.title``,
or an upper-case one: a metavar ``FILE``, a country ``BE``).
Where a person surely reads it (``description=``, ``tooltip=``, ``placeholder=``, ``print``,
``set_title``, an HTML widget's content, a button's text) any word is flagged. Catalogue keys
(the first argument of ``text``/``_t``), dictionary keys and subscripts (JSON and column names)
are not text. Argparse help counts too (``help=`` is a sink).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = (
    "clientmig/widgets/issue_browser.py",
    "clientmig/widgets/mapping_widget.py",
    "clientmig/widgets/link_fixer.py",
    "clientmig/widgets/diff_review.py",
    "clientmig/widgets/cluster_review.py",
    "clientmig/widgets/_style.py",
    "clientmig/cli/inspect_cmd.py",
    "clientmig/cli/map_cmd.py",
    "clientmig/cli/validate_cmd.py",
    "clientmig/cli/links_cmd.py",
    "clientmig/cli/reconcile_cmd.py",
    "clientmig/cli/dedupe_cmd.py",
    "clientmig/cli/export_cmd.py",
    "clientmig/cli/run_cmd.py",
    "clientmig/cli/recipe_cmd.py",
    "clientmig/cli/_input.py",
    "clientmig/cli/_summary.py",
    "clientmig/cli/__init__.py",
    "clientmig/mapping/usable.py",
    "clientmig/io/reader.py",
    "clientmig/export/report_page.py",
)
ALLOWED = {
    "repeat(4, 200px)",  # CSS values
    "0 1 auto",
    "(all)",  # sentinel values of choices whose labels come from the catalogue
    "(no field)",
    "(none)",
    "People",  # Karbon's sheet names (--people-sheet, --orgs-sheet defaults)
    "Organizations",
    "FIELD=RULE",  # a metavar (dedupe --rule)
    "clientmig: {}",  # the program's name before a sentence from the catalogue or an error
    "{}: {}",  # a label and its value
    "clientmig: {}{}",  # the system's own sentence for a refused file (OSError.strerror)
    "clientmig {}",  # --version
    "--lang=",  # an option as typed
    "not searched: nothing to compare",  # the run's step value that _summary translates
    " with BOM",  # the reader's encoding value that inspect translates
    "clientmig validate",  # the progress bar names the command
}
_SKIPPED_ASSIGNMENTS = {"CSS", "_STYLE", "_SCRIPT"}  # stylesheets and the page script
_SKIPPED_FUNCTIONS: set[str] = set()
_CATALOGUE_CALLS = {"text", "_t", "t"}
_SINK_KEYWORDS = {"description", "tooltip", "placeholder", "help"}
_SINK_CALLS = {"print", "set_title", "HTML", "_button"}
_TAG = re.compile(r"<[^>]*>|&[a-z]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_SHAPED = re.compile(r"[a-z0-9_.\-/%#{}]*|[A-Z][A-Z0-9_]*")  # codes; FILE, BE


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


class Literal:
    """A string literal's place and text; an f-string's fields read ``{}``."""

    def __init__(self, node: ast.Constant | ast.JoinedStr) -> None:
        self.node, self.lineno = node, node.lineno
        if isinstance(node, ast.Constant):
            self.value = str(node.value)
        else:
            self.value = "".join(
                str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values
            )


def _strings(node: ast.AST) -> Iterator[Literal]:
    """String literals under ``node``, leaving out catalogue keys, dict keys and subscripts."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield Literal(node)
        return
    if isinstance(node, ast.JoinedStr):
        yield Literal(node)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _strings(value.value)
        return
    if isinstance(node, ast.Subscript):
        yield from _strings(node.value)
        return
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _strings(value)
        return
    if isinstance(node, ast.Call) and _name(node) in _CATALOGUE_CALLS:
        for keyword in node.keywords:
            yield from _strings(keyword.value)
        return
    for child in ast.iter_child_nodes(node):
        yield from _strings(child)


def _has_words(literal: str) -> bool:
    return bool(_WORD.search(_TAG.sub(" ", literal)))


def _is_prose(literal: str) -> bool:
    bare = _TAG.sub(" ", literal).strip()
    return _has_words(literal) and not _CODE_SHAPED.fullmatch(bare)


def _docstrings(tree: ast.Module) -> set[int]:
    """Bare string statements: docstrings of modules, classes, functions and constants."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _skipped(tree: ast.Module) -> set[int]:
    """Nodes under the stylesheet and docstrings."""
    ids = _docstrings(tree)
    for node in ast.walk(tree):
        skip = (isinstance(node, ast.FunctionDef) and node.name in _SKIPPED_FUNCTIONS) or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in _SKIPPED_ASSIGNMENTS for t in node.targets)
        )
        if skip:
            ids |= {id(n) for n in ast.walk(node)}
    return ids


def _sinks(tree: ast.Module) -> Iterator[ast.AST]:
    """Expressions a person surely reads."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in _SINK_CALLS and node.args:
            # print: every argument; set_title(index, title); HTML(content); _button(text, ...)
            yield from (
                node.args
                if name == "print"
                else node.args[-1:]
                if name == "set_title"
                else node.args[:1]
            )
        for keyword in node.keywords:
            if keyword.arg in _SINK_KEYWORDS or (name == "HTML" and keyword.arg == "value"):
                yield keyword.value


def english_literals(source: str) -> list[str]:
    """The literals of ``source`` that look like words for people, as ``line: text``."""
    tree = ast.parse(source)
    skipped = _skipped(tree)
    catalogue_keys = {
        id(c)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node) in _CATALOGUE_CALLS and node.args
        for c in ast.walk(node.args[0])
    }
    found: dict[int, Literal] = {}
    for sink in _sinks(tree):
        for literal in _strings(sink):
            if _has_words(literal.value):
                found[id(literal.node)] = literal
    for literal in _strings(tree):
        if id(literal.node) not in catalogue_keys and _is_prose(literal.value):
            found[id(literal.node)] = literal
    return sorted(
        f"{n.lineno}: {n.value!r}"
        for n in found.values()
        if id(n.node) not in skipped and n.value not in ALLOWED
    )


@pytest.mark.parametrize("module", MODULES)
def test_no_english_literal_for_people(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    assert english_literals(source) == []


def test_the_check_finds_english_labels_and_lines() -> None:
    source = '''
import ipywidgets as w
def run(n):
    """A docstring is not shown."""
    w.Button(description="rows", icon="check")
    w.Text(placeholder=text("ui.mapping.value_placeholder"))
    print(f"{n} rows read")
    status = "<span class='cm-ok'>Saved</span>"
    print(json.dumps({"counts": n}))
    return text("ui.links.title", name="x")
'''
    assert english_literals(source) == [
        "5: 'rows'",
        "7: '{} rows read'",
        "8: " + repr("<span class='cm-ok'>Saved</span>"),
    ]
