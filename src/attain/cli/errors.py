"""Map attain's errors to a message and an exit code, once, at the CLI edge."""

from __future__ import annotations

import logging
import os
import sys
import uuid
from typing import Any

import typer
from typer.core import TyperGroup

from attain.errors import UserError

log = logging.getLogger("attain")

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command cut off by a pipe


class ErrorMappingGroup(TyperGroup):
    """A command group that turns attain's errors into a one-line message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as err:
            typer.echo(f"Error: {err.message}", err=True)
            raise typer.Exit(EXIT_USER_ERROR) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            # The reader went away (`attain ... | head`): stop quietly, as Python's docs advise,
            # with stdout pointed at /dev/null so the final flush cannot fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as err:  # noqa: BLE001 - the edge maps everything else
            if type(err).__module__.startswith(("typer", "click")):
                raise
            reference = uuid.uuid4().hex[:8]
            log.error("internal error %s: %s", reference, type(err).__name__, exc_info=True)
            typer.echo(
                f"Error: attain failed unexpectedly (reference {reference}: "
                f"{type(err).__name__}). Please report it with that reference.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL_ERROR) from None
