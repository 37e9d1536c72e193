"""`attain plans import|list|show|export|progress|update|due|history`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from attain import settings
from attain.cli.lazy import lazy_module
from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.domain import plans as m
from attain.domain.periods import parse
from attain.errors import UserError

if TYPE_CHECKING:
    from attain.services import plans as service
    from attain.services import plans_reviews as reviews
else:
    service = lazy_module("attain.services.plans")
    reviews = lazy_module("attain.services.plans_reviews")

plans_app = typer.Typer(help="Strategic action plans: import, track and export.",
                        no_args_is_help=True)
app.add_typer(plans_app, name="plans")

UserOption = typer.Option("system", "--user", help="Who is making the change (audit log).")


def _url(data_dir: Path | None) -> str:
    return settings.database_url(resolve_data_dir(data_dir))


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


@plans_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A plan as .yaml or .xlsx (see docs/plans.md)."),
    replace: bool = typer.Option(False, "--replace", help="Replace a plan with the same id."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Import a plan; a file with any problem imports nothing and lists every problem."""
    plan = service.import_plan(_url(data_dir), file, user=user, replace=replace)
    count = sum(1 for _ in plan.actions())
    typer.echo(f"Imported plan '{plan.id}': {len(plan.priorities)} priorities, {count} actions.")


@plans_app.command("list")
def list_(data_dir: Path | None = DataDirOption) -> None:
    """List the plans in the app database."""
    table = Table("id", "title", "organisation", "status", "actions")
    for row in service.list_plans(_url(data_dir)):
        table.add_row(row.id, row.title, row.organisation, row.status, str(row.actions))
    Console().print(table)


@plans_app.command()
def show(plan_id: str, data_dir: Path | None = DataDirOption) -> None:
    """Show a plan's priorities, objectives and actions (with their numbers for `update`)."""
    plan = service.get_plan(_url(data_dir), plan_id)
    console = Console()
    console.print(f"[bold]{plan.title}[/bold] ({plan.id}) {plan.organisation}")
    keys = dict((id(a), k) for k, a in service.indexed_actions(plan))
    for priority in plan.priorities:
        console.print(f"\n[bold]{priority.ref}. {priority.title}[/bold]")
        for objective in priority.objectives:
            console.print(f"  {objective.ref} {objective.text}")
            for action in objective.actions:
                target = f" [{action.target}]" if action.target else ""
                console.print(f"    {keys[id(action)]} ({action.status.value}){target} "
                              f"{action.text}", highlight=False)


@plans_app.command()
def export(
    plan_id: str,
    fmt: str = typer.Option("yaml", "--format", help="yaml or xlsx."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default: ID.FORMAT)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write a plan as YAML or XLSX; importing the file gives the same plan."""
    written = service.export_plan(_url(data_dir), plan_id, fmt, out or Path(f"{plan_id}.{fmt}"))
    typer.echo(f"wrote {written}")


@plans_app.command()
def progress(
    plan_id: str,
    today: str | None = typer.Option(None, help="Judge as on this date (YYYY-MM-DD)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """What is on track, off track, overdue and on hold."""
    folder = resolve_data_dir(data_dir)
    plan = service.get_plan(_url(data_dir), plan_id)
    report = service.progress(plan, service.cube_lookup(folder), _day(today),
                              service.measure_directions())
    console = Console()
    console.print(f"[bold]{plan.title}[/bold]: overall {report.plan_track.value}")
    counts = ", ".join(f"{state.value} {len(items)}" for state, items in report.states.items()
                       if items)
    console.print(f"Actions: {counts}")
    for state in (m.ActionState.OVERDUE, m.ActionState.ON_HOLD):
        for key, action in report.states[state]:
            why = action.hold_reason if state is m.ActionState.ON_HOLD else str(action.target)
            console.print(f"  {state.value}: {key} {action.text} ({why})", highlight=False)
    table = Table("where", "measure of success", "latest", "track", "why")
    for item in report.measures:
        latest = f"{item.latest.value:g} ({item.latest.year})" if item.latest and \
            item.latest.value is not None else "-"
        table.add_row(item.where, item.text, latest, item.assessment.track.value,
                      item.assessment.reason)
    console.print(table)


@plans_app.command()
def update(
    plan_id: str,
    key: str = typer.Argument(..., help="Action number from `attain plans show`, e.g. 1.2.3."),
    version: int = typer.Option(..., "--version", help="The action version you edited."),
    status: m.ActionStatus | None = typer.Option(None, "--status"),
    reason: str | None = typer.Option(None, "--reason", help="Why it is on hold."),
    note: str | None = typer.Option(None, "--note", help="A progress log entry."),
    rag: m.Rag | None = typer.Option(None, "--rag"),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Change an action's status or add to its progress log (refused if changed meanwhile)."""
    change = service.ActionChange(status, reason, note, rag)
    new_version = service.update_action(_url(data_dir), plan_id, key, version, change,
                                        user=user)
    typer.echo(f"Updated action {key} of '{plan_id}' (now version {new_version}).")


@plans_app.command()
def due(
    owner: str = typer.Option("", "--owner", help="Part of the owner's name or role."),
    weeks: int = typer.Option(4, "--weeks", help="Due within this many weeks."),
    today: str | None = typer.Option(None, help="As on this date (YYYY-MM-DD)."),
    email: str | None = typer.Option(None, "--email", help="Send the digest to this address "
                                     "(SMTP settings: docs/plans.md)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Open actions overdue or due in the next N weeks, for one owner or everyone."""
    day = _day(today)
    items = service.due(_url(data_dir), owner=owner, weeks=weeks, today=day)
    if email:
        reviews.send_digest(reviews.Smtp.from_environment(), email, owner, items, day, weeks)
        typer.echo(f"Sent {len(items)} action(s) to {email}.")
        return
    table = Table("plan", "action", "due", "", "owners", "text")
    for item in items:
        table.add_row(item.plan_id, item.key, item.target, "OVERDUE" if item.overdue else "",
                      item.owners, item.text)
    Console().print(table)


@plans_app.command()
def review(
    plan_id: str,
    held_on: str = typer.Option(..., "--held-on", help="Date of the review (YYYY-MM-DD)."),
    objective: list[str] = typer.Option([], "--objective",
                                        help="PRIORITY/OBJECTIVE reviewed, e.g. 1/1a."),
    progress_text: list[str] = typer.Option([], "--progress", help="How it is going (one "
                                            "per --objective)."),
    next_steps: list[str] = typer.Option([], "--next-steps", help="Next steps (one per "
                                         "--objective)."),
    notes: str = typer.Option("", "--notes"),
    reviewer: str = UserOption,
    next_review: str | None = typer.Option(None, "--next-review",
                                           help="Next review date (default: one cadence on)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Record a review of a plan: per objective, progress and next steps; the next date."""
    if len(progress_text) != len(objective):
        raise UserError("give one --progress for each --objective",
                        fix="Repeat --objective and --progress in pairs.")
    steps = next_steps + [""] * (len(objective) - len(next_steps))
    items = tuple(m.ObjectiveReview(*_split_ref(ref), text, step)
                  for ref, text, step in zip(objective, progress_text, steps, strict=True))
    record = m.Review(_day(held_on), reviewer, notes, items,
                      parse(next_review) if next_review else None)
    saved = reviews.add_review(_url(data_dir), plan_id, record, user=reviewer)
    typer.echo(f"Recorded the review of {held_on}; next review {saved.next_review or 'not set'}.")


def _split_ref(ref: str) -> tuple[str, str]:
    priority, _, objective = ref.partition("/")
    if not objective:
        raise UserError(f"'{ref}' is not PRIORITY/OBJECTIVE", fix="Write e.g. 1/1a.")
    return priority, objective


@plans_app.command()
def delete(plan_id: str, user: str = UserOption, data_dir: Path | None = DataDirOption) -> None:
    """Delete a plan (its whole content is kept in the audit log)."""
    service.delete_plan(_url(data_dir), plan_id, user=user)
    typer.echo(f"Deleted plan '{plan_id}'.")


@plans_app.command()
def history(plan_id: str, data_dir: Path | None = DataDirOption) -> None:
    """Every change to a plan: who, when, and the values before and after."""
    for entry in service.history(_url(data_dir), plan_id):
        detail = json.dumps(entry.detail.get("after") if entry.entity == "plan_action"
                            else {"file": entry.detail.get("file")}, ensure_ascii=False)
        typer.echo(f"{entry.at} {entry.user} {entry.action} {entry.entity} "
                   f"{entry.entity_id} {detail}")
