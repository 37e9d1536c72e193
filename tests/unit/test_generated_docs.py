"""Documentation generated from code must match the code (regenerate with `attain docs`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attain.services.docs import generated_docs
from attain.settings import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(generated_docs()))
def test_generated_doc_is_fresh(name: str) -> None:
    path = DOCS / name
    assert path.exists(), f"docs/{name} is missing: run `attain docs`"
    assert path.read_text(encoding="utf-8") == generated_docs()[name], (
        f"docs/{name} is stale: run `attain docs`"
    )


def test_every_setting_is_documented_with_env_default_and_help() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name
        assert f"`{setting.env}`" in text
        assert setting.env.startswith("ATTAIN_")
