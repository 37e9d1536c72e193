"""Documentation generated from code and definitions (tests fail when it is stale)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from attain.domain.datasets import datasets_markdown
from attain.settings import settings_markdown

GENERATED: dict[str, Callable[[], str]] = {
    "settings.md": settings_markdown,
    "datasets.md": datasets_markdown,
}


def register(filename: str, render: Callable[[], str]) -> None:
    GENERATED[filename] = render


def generated_docs() -> dict[str, str]:
    _load_plugins()
    return {name: render() for name, render in GENERATED.items()}


def write_generated_docs(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated_docs().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _load_plugins() -> None:
    """Modules that contribute generated docs register when imported."""
    import importlib

    for module in ("attain.measures.catalogue_docs", "attain.demo.docs_plugin"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
