"""The two kinds of error attain raises, mapped to messages once at each edge (CLI, web).

`UserError` is something the person can fix: it says what is wrong, where (file, row,
column) and how to fix it. `InternalError` is a fault in attain itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and, when known, a row/line and a column."""

    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file or ""]
        if self.row is not None:
            parts.append(str(self.row))
        text = ":".join(p for p in parts if p)
        if self.column:
            text = f"{text} column {self.column}" if text else f"column {self.column}"
        return text


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """The start of a fix for an unknown `value`: "Did you mean a, b? " naming up to three
    of `known` close to it, or "" if none is."""
    near = difflib.get_close_matches(value, sorted(known), n=3)
    return f"Did you mean {', '.join(near)}? " if near else ""


def only_known(asked: Iterable[str], known: Collection[str], *,
               problem: Callable[[str], str], fix: str) -> tuple[str, ...]:
    """`asked` without repeats, in order, when each is one of `known`; else a UserError for
    the first that is not: `problem(value)`, and a fix naming close ones then `fix`."""
    asked = tuple(dict.fromkeys(asked))
    for value in asked:
        if value not in known:
            raise UserError(problem(value), fix=f"{did_you_mean(value, known)}{fix}")
    return asked


class AttainError(Exception):
    """Base class of attain's own errors."""


class UserError(AttainError):
    """A problem the user can fix. `what` is the problem, `fix` how to fix it."""

    def __init__(self, what: str, *, fix: str = "", where: Location | None = None) -> None:
        self.what = what
        self.fix = fix
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.what}" if self.where and str(self.where) else self.what
        if not self.fix:
            return text
        return f"{text.rstrip('.')}. {self.fix}"


class InternalError(AttainError):
    """A fault in attain; the user sees a short apology and a reference, never a traceback."""
