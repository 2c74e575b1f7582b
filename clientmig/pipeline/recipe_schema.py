"""The recipe file's schema, checked at load: unknown keys, wrong types, out-of-range values and
cycles are errors that name the key (``inputs[1].slot``) and the file.

The schema is plain data: a dict spec lists an object's keys (``"?"`` marks optional ones), a
list spec ``[item]`` a list of items, ``{"*": spec}`` an object with free keys, and a leaf is a
:class:`Leaf` (types, a lower bound, allowed values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from clientmig.errors import RecipeError


@dataclass(frozen=True, slots=True)
class Leaf:
    """A value: one of ``types`` (``None`` in it allows null), optionally ``>= minimum`` or one
    of ``choices``."""

    types: tuple[type | None, ...]
    minimum: int | None = None
    choices: tuple[str, ...] = ()


STR, OPT_STR = Leaf((str,)), Leaf((str, None))
BOOL = Leaf((bool,))
ROW = Leaf((int,), minimum=1)

FIX = {
    "source": STR,
    "?sheet": OPT_STR,
    "row": ROW,
    "field": STR,
    "?code": STR,
    "value": STR,
    "?before": OPT_STR,
}
LINK = {"action": Leaf((str,), choices=("accept", "choose", "create", "blank")), "?name": OPT_STR}
MEMBER = [Leaf((str, int, None))]
CLUSTER = {
    "cluster_id": Leaf((int,), minimum=0),
    "verdict": Leaf((str,), choices=("accept", "split", "distinct")),
    "members": [MEMBER],
    "?groups": [[MEMBER]],
    "?survivors": {"*": OPT_STR},
}
INPUT = {
    "table": STR,
    "?slot": Leaf((int,), minimum=0),
    "?sheet": Leaf((str, int, None), minimum=0),
    "?read": {"?encoding": OPT_STR, "?delimiter": OPT_STR, "?header_row": Leaf((int, None), 1)},
    "?mapping": Leaf((dict, None)),  # checked by ColumnMapping.from_dict
}
RECIPE = {
    "clientmig_recipe": Leaf((int,)),
    "target": STR,
    "?inputs": [INPUT],
    "?options": {
        "?clean": {"?country": STR, "?date_order": OPT_STR},
        "?links": BOOL,
        "?duplicates": BOOL,
    },
    "?decisions": {
        "?fixes": {"?fixes": [FIX]},
        "?links": {"?decisions": {"*": LINK}},
        "?duplicates": {"?decisions": [CLUSTER]},
        "?overwrite": {
            "?fields": [STR],
            "?records": {"*": {"*": Leaf((str, int, float, bool, None))}},
            "?allow_empty": BOOL,
        },
    },
}


def check_recipe(data: Mapping[str, Any], where: str = "") -> None:
    """Raise :class:`RecipeError` naming the first key of ``data`` that breaks the schema."""
    _check(data, RECIPE, "", where)
    links = data.get("decisions", {}).get("links", {}).get("decisions", {})
    _check_link_cycles(links, where)


def _check(value: Any, spec: Any, path: str, where: str) -> None:
    if isinstance(spec, Leaf):
        _check_leaf(value, spec, path, where)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            _fail(where, path, f"must be a list, not {_kind(value)}")
        for i, item in enumerate(value):
            _check(item, spec[0], f"{path}[{i}]", where)
    else:
        if not isinstance(value, dict):
            _fail(where, path, f"must be an object, not {_kind(value)}")
        if "*" in spec:
            for key, item in value.items():
                _check(item, spec["*"], _join(path, key), where)
            return
        known = {k.lstrip("?"): k.startswith("?") for k in spec}
        for key in value:
            if key not in known:
                _fail(where, _join(path, key), f"is not a recipe key (known: {', '.join(known)})")
        for key, optional in known.items():
            if key in value:
                _check(value[key], spec[("?" if optional else "") + key], _join(path, key), where)
            elif not optional:
                _fail(where, _join(path, key), "is missing")


def _check_leaf(value: Any, leaf: Leaf, path: str, where: str) -> None:
    if value is None:
        if None not in leaf.types:
            _fail(where, path, "must not be null")
        return
    types = tuple(t for t in leaf.types if t is not None)
    if isinstance(value, bool) and bool not in types:  # JSON true is no number here
        _fail(where, path, f"must be {_names(types)}, not a boolean")
    if not isinstance(value, types):
        _fail(where, path, f"must be {_names(types)}, not {_kind(value)}")
    if leaf.minimum is not None and isinstance(value, int) and value < leaf.minimum:
        _fail(where, path, f"must be at least {leaf.minimum}, not {value}")
    if leaf.choices and value not in leaf.choices:
        _fail(where, path, f"must be one of {', '.join(leaf.choices)}, not {value!r}")


def _check_link_cycles(links: Mapping[str, Any], where: str) -> None:
    """A link decision that renames a value to itself, or renames in a circle, is an error."""
    renames = {
        k: v.get("name")
        for k, v in links.items()
        if v.get("action") in ("accept", "choose") and v.get("name")
    }
    for start, name in renames.items():
        chain = [start, name]
        while chain[-1] in renames and chain[-1] not in chain[:-1]:
            chain.append(renames[chain[-1]])
        if chain[-1] in chain[:-1]:
            problem = (
                "renames a value to itself"
                if name == start
                else "renames in a circle (" + " -> ".join(chain[chain.index(chain[-1]) :]) + ")"
            )
            _fail(where, _join("decisions.links.decisions", start), problem)


def _join(path: str, key: object) -> str:
    text = str(key)
    plain = text.isidentifier()
    return (f"{path}.{text}" if path else text) if plain else f"{path}[{text!r}]"


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _names(types: tuple[type, ...]) -> str:
    words = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    return " or ".join(words.get(t, "an object" if t is dict else t.__name__) for t in types)


def _fail(where: str, path: str, problem: str) -> NoReturn:
    msg = f"{where + ': ' if where else ''}`{path or '(top)'}` {problem}."
    raise RecipeError(msg)
