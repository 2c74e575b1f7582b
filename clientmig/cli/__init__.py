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

from clientmig._messages import LANGUAGES, resolve_lang, text
from clientmig.errors import ClientmigError, OptionError
from clientmig.export.privacy import MaskingStream
from clientmig.io._guard import ReadLimits, read_limits

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
    parser = argparse.ArgumentParser(prog="clientmig", description=text("cli.main.description"))
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():
        command.add_argument(
            "--lang", metavar="LANG", help=text("cli.main.lang", languages=", ".join(LANGUAGES))
        )
        _add_limits(command)
    return parser


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """The read limits every command takes (checked before a reader runs)."""
    group = parser.add_argument_group(text("cli.main.limits"))
    default = ReadLimits()
    for name, kind, value in (
        ("max_input_mb", float, f"{default.max_input_mb:g}"),
        ("max_uncompressed_mb", float, f"{default.max_uncompressed_mb:g}"),
        ("max_ratio", float, f"{default.max_ratio:g}"),
        ("max_cells", int, f"{default.max_cells:,}"),
    ):
        flag = "--" + name.replace("_", "-")
        group.add_argument(flag, type=kind, help=text(f"cli.main.{name}", value=value))


def _lang_asked(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value on the command line, read before parsing so ``--help`` obeys it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    before = os.environ.get("CLIENTMIG_LANG")
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    finally:
        # main() called in-process (tests, scripts) leaves the environment as it was.
        if before is None:
            os.environ.pop("CLIENTMIG_LANG", None)
        else:
            os.environ["CLIENTMIG_LANG"] = before


def _main(argv: list[str]) -> int:
    asked = _lang_asked(argv)
    if asked:
        try:
            # Every stage that writes a message for a person reads the language from here.
            os.environ["CLIENTMIG_LANG"] = resolve_lang(asked)
        except ClientmigError as exc:
            print(f"clientmig: {exc}", file=sys.stderr)
            return 2
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    limits = {
        k: getattr(args, k, None)
        for k in ("max_input_mb", "max_uncompressed_mb", "max_ratio", "max_cells")
    }
    out, err = sys.stdout, sys.stderr
    # Everything printed is masked: a national number in a value, a name or a message.
    sys.stdout, sys.stderr = MaskingStream(out), MaskingStream(err)
    try:
        if isinstance(getattr(args, "country", None), str):
            args.country = country_code(args.country)
        with read_limits(**limits):
            return int(args.func(args))
    except ClientmigError as exc:
        print(f"clientmig: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"clientmig: {text('cli.main.interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``clientmig inspect x.csv | head``): end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        return 0
    except OSError as exc:  # a folder or file the system refused: one sentence, no traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"clientmig: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    finally:
        sys.stdout, sys.stderr = out, err


def country_code(value: str) -> str:
    """``--country``: an ISO code or a country's name in English, Dutch, French or German."""
    from clientmig.validators import country

    code = country.iso2(value)
    if code is None:
        raise OptionError(text("cli.main.unknown_country", value=repr(value)))
    return code


def _version() -> str:
    from clientmig import __version__

    return f"clientmig {__version__}"
