"""Command-line interface: ``clientmig COMMAND ...``; ``main(argv) -> int``.

Each command lives in its own module under ``clientmig.cli`` with ``register(subparsers)``, which
adds its parser and sets ``func`` to a function ``(args) -> int``. Exit codes: 0 clean, 1 error
issues found, 2 unusable input or bad arguments. Errors clientmig raises on purpose are printed as
one sentence, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from clientmig.errors import ClientmigError, OptionError
from clientmig.messages import LANGUAGES, resolve_lang

# One module per command; each adds itself with register(subparsers).
COMMANDS = (
    "clientmig.cli.inspect_cmd",
    "clientmig.cli.map_cmd",
    "clientmig.cli.validate_cmd",
    "clientmig.cli.export_cmd",
    "clientmig.cli.run_cmd",
    "clientmig.cli.recipe_cmd",
    "clientmig.cli.links_cmd",
    "clientmig.cli.dedupe_cmd",
    "clientmig.cli.reconcile_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="clientmig",
        description="Turn messy client-list exports into import-ready files.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():
        command.add_argument(
            "--lang",
            metavar="LANG",
            help=f"language of messages in reports and issues ({', '.join(LANGUAGES)}; default:"
            " the CLIENTMIG_LANG variable, else the locale, else en)",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        if getattr(args, "lang", None):
            # Every stage that writes a message for a person reads the language from here.
            os.environ["CLIENTMIG_LANG"] = resolve_lang(args.lang)
        if isinstance(getattr(args, "country", None), str):
            args.country = country_code(args.country)
        return int(args.func(args))
    except ClientmigError as exc:
        print(f"clientmig: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``clientmig inspect x.csv | head``): end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a folder or file the system refused: one sentence, no traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"clientmig: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2


def country_code(value: str) -> str:
    """``--country``: an ISO code or a country's name in English, Dutch, French or German."""
    from clientmig.validators import country

    code = country.iso2(value)
    if code is None:
        raise OptionError(
            f"Unknown country {value!r}: give an ISO code (BE, NL, FR) or a country's name."
        )
    return code


def _version() -> str:
    from clientmig import __version__

    return f"clientmig {__version__}"
