"""The web app: Flask + GOV.UK Frontend templates over attain's services.

`create_app` is imported lazily, so `attain users` and other commands that only need
`attain.web.accounts` do not load Flask.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from attain.web.app import create_app

        return create_app
    raise AttributeError(name)
