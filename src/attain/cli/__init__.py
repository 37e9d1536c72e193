"""The `attain` command line: thin over the Python API. Each command group lives in its own
module and registers itself on the root command (`attain.cli.root`); errors are mapped to
messages and exit codes once, in `attain.cli.errors`. `attain.cli.app` is the whole command
line; `main` runs one command, importing only its module."""

from __future__ import annotations

from attain.cli.root import main

__all__ = ["main"]
