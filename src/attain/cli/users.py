"""`attain users add|list`: accounts of the web app."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.errors import UserError

users_app = typer.Typer(help="Users of the web app, their roles and schools.",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
def add(
    email: str = typer.Argument(..., help="The user's email address (their sign-in name)."),
    role: str = typer.Option(..., "--role", "-r",
                             help="admin, officer, school or viewer."),
    school: list[int] = typer.Option([], "--school", "-s",
                                     help="URN of a school a school user may see "
                                     "(repeat for several)."),
    name: str = typer.Option("", "--name", help="Full name (default: the email)."),
    can_see_pupils: bool = typer.Option(False, "--can-see-pupils",
                                        help="Grant access to named pupil data."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from standard input."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Add a user who can sign in to the web app (asks for their initial password)."""
    from attain.store.models import Role
    from attain.web.accounts import NewUser, add_user_in_folder

    try:
        chosen = Role(role.lower())
    except ValueError:
        raise UserError(f"there is no role {role!r}",
                        fix="Use admin, officer, school or viewer.") from None
    added = add_user_in_folder(resolve_data_dir(data_dir), NewUser(
        email=email, role=chosen, password=_password(password_stdin), name=name,
        urns=tuple(school), can_see_pupils=can_see_pupils))
    schools = f" for school(s) {', '.join(map(str, sorted(added.urns)))}" if added.urns else ""
    typer.echo(f"Added {added.role.value} user {added.email}{schools}.")


@users_app.command("list")
def list_users(data_dir: Path | None = DataDirOption) -> None:
    """List the users, their roles and schools."""
    from attain.web.accounts import accounts_in_folder

    table = Table("email", "name", "role", "schools", "named pupil data", "active")
    for a in accounts_in_folder(resolve_data_dir(data_dir)):
        table.add_row(a.email, a.name, a.role.value, ", ".join(map(str, sorted(a.urns))),
                      "yes" if a.can_see_pupils else "no", "yes" if a.active else "no")
    Console().print(table)


@users_app.command("token")
def token(
    email: str = typer.Argument(..., help="The user the token acts as."),
    label: str = typer.Option("", "--label", help="What the token is for (shown in the "
                              "audit log)."),
    days: int = typer.Option(365, "--days", help="Days until the token expires."),
    revoke: bool = typer.Option(False, "--revoke",
                                help="Revoke every token of the user instead."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Create a token for the JSON API (/api/v1/), shown once; or revoke a user's tokens."""
    from attain.web.api_tokens import issue_token_in_folder, revoke_tokens_in_folder

    folder = resolve_data_dir(data_dir)
    if revoke:
        count = revoke_tokens_in_folder(folder, email)
        typer.echo(f"Revoked {count} token(s) of {email}.")
        return
    issued = issue_token_in_folder(folder, email, label=label, days=days)
    expires = issued.expires_at.date().isoformat() if issued.expires_at else "never"
    typer.echo(issued.token)
    typer.echo(f"API token for {issued.email}, expires {expires}. It is shown only now: "
               "send it as `Authorization: Bearer TOKEN`.", err=True)
