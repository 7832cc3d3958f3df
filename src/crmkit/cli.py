"""The ``crmkit`` console script: dispatches to sub-tools (``crmkit grading …``).

>>> main(["--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser; each tool adds its own sub-parser."""
    from crmkit.grading.cli import add_grading_parser

    parser = argparse.ArgumentParser(
        prog="crmkit", description="Outils du cours « GRC et marketing direct »."
    )
    tools = parser.add_subparsers(dest="tool", metavar="OUTIL")
    tools.required = True
    add_grading_parser(tools)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by the console script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
