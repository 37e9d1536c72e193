"""The whole `attain` command line: the root command with every command module imported,
for help, tests and callers in Python. The `attain` program itself starts from
`attain.cli.root.main`, which imports only the module of the command it runs."""

from __future__ import annotations

from attain.cli.root import DataDirOption, app, load_commands, main, resolve_data_dir

load_commands()

__all__ = ["DataDirOption", "app", "main", "resolve_data_dir"]
