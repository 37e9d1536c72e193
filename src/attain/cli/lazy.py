"""Keep `attain` start-up light: services imported on first use, help text built when shown.

Typer builds every command when `attain` starts, so whatever a command module imports at
its top is paid by every command, `attain --help` included. Command modules import their
services inside the command functions, or through `lazy_module` where many commands share
one service module:

    if TYPE_CHECKING:
        from attain.services import plans as service   # what type checkers see
    else:
        service = lazy_module("attain.services.plans")  # imported on first attribute use
"""

from __future__ import annotations

import importlib
import importlib.abc
from collections.abc import Callable
from types import ModuleType
from typing import Any

from typer.core import TyperCommand


class LazyModule:
    """Stands for a module until an attribute of it is first used, then imports it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._module(), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    return LazyModule(name)


def help_filled_when_shown(**helps: Callable[[], str]) -> type[TyperCommand]:
    """A command class whose named options' help is computed only when --help is shown,
    for help that must read data (e.g. the model ids in the estimate specs)."""

    class LazyHelpCommand(TyperCommand):
        def format_help(self, ctx: Any, formatter: Any) -> None:
            for param in self.params:
                if param.name in helps:
                    param.help = helps[param.name]()  # type: ignore[attr-defined]
            super().format_help(ctx, formatter)

    return LazyHelpCommand


def arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas (0.3-0.4 s) in a command that builds arrays.

    pyarrow's first array asks whether its input is a pandas object, importing pandas to
    find out; attain hands it none. If that first ask finds no pandas, pyarrow takes
    pandas as absent until something asks it for pandas itself (`to_pandas()` imports it
    then), so the import fails for that one ask. Nothing changes where pandas or a
    pyarrow array has already been loaded."""
    import sys

    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    hide = _NoPandas()
    sys.meta_path.insert(0, hide)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(hide)


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is hidden from pyarrow's first array",
                                      name=name)
