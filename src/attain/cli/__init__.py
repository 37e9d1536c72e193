"""The `attain` command line: thin over the Python API. Each command group lives in its own
module and is registered here; errors are mapped to messages and exit codes once, in
`attain.cli.errors`."""

from __future__ import annotations

from attain.cli.app import app, main

__all__ = ["app", "main"]
