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

from clientmig._messages import LANGUAGES, resolve_lang
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
        _add_limits(command)
    return parser


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """The read limits every command takes (checked before a reader runs)."""
    group = parser.add_argument_group("read limits")
    default = ReadLimits()
    group.add_argument(
        "--max-input-mb", type=float, help=f"largest input file (default {default.max_input_mb:g})"
    )
    group.add_argument(
        "--max-uncompressed-mb",
        type=float,
        help=f"largest unpacked workbook (default {default.max_uncompressed_mb:g})",
    )
    group.add_argument(
        "--max-ratio",
        type=float,
        help=f"highest compression ratio of a workbook part (default {default.max_ratio:g})",
    )
    group.add_argument(
        "--max-cells",
        type=int,
        help=f"most cells a sheet may declare (default {default.max_cells:,})",
    )


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
    before = os.environ.get("CLIENTMIG_LANG")
    limits = {
        k: getattr(args, k, None)
        for k in ("max_input_mb", "max_uncompressed_mb", "max_ratio", "max_cells")
    }
    out, err = sys.stdout, sys.stderr
    # Everything printed is masked: a national number in a value, a name or a message.
    sys.stdout, sys.stderr = MaskingStream(out), MaskingStream(err)
    try:
        if getattr(args, "lang", None):
            # Every stage that writes a message for a person reads the language from here.
            os.environ["CLIENTMIG_LANG"] = resolve_lang(args.lang)
        if isinstance(getattr(args, "country", None), str):
            args.country = country_code(args.country)
        with read_limits(**limits):
            return int(args.func(args))
    except ClientmigError as exc:
        print(f"clientmig: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("clientmig: interrupted; no file was left half-written.", file=sys.stderr)
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
        # main() called in-process (tests, scripts) leaves the environment as it was.
        if before is None:
            os.environ.pop("CLIENTMIG_LANG", None)
        else:
            os.environ["CLIENTMIG_LANG"] = before


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
