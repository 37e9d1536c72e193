"""`attain risk`: frameworks, categorise, explain, decide, and recording the inputs
(import-ofsted, self-evaluation, characteristic)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from attain import settings
from attain.cli.lazy import lazy_module
from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.domain.risk import SELF_EVALUATION_KEYS, ReasonKind
from attain.errors import UserError

if TYPE_CHECKING:
    from attain.risk import review, store
    from attain.services import risk as service
else:
    review = lazy_module("attain.risk.review")
    store = lazy_module("attain.risk.store")
    service = lazy_module("attain.services.risk")

risk_app = typer.Typer(help="School risk categorisation: floor standards, frameworks, reasons.",
                       no_args_is_help=True)
app.add_typer(risk_app, name="risk")

UserOption = typer.Option("system", "--user", help="Who is making the change (audit log).")
MARK = {ReasonKind.FIRED: "+", ReasonKind.NOT_MET: "-", ReasonKind.INSUFFICIENT: "?"}


def _url(folder: Path) -> str:
    return settings.database_url(folder)


@risk_app.command("frameworks")
def frameworks_(data_dir: Path | None = DataDirOption) -> None:
    """List the frameworks (built-in and the data folder's own) with their years and source."""
    for f in sorted(service.frameworks(resolve_data_dir(data_dir)).values(), key=lambda f: f.id):
        years = f"{f.first_year or '…'}-{f.last_year or '…'}"
        typer.echo(f"{f.id}  ({years}, {f.country or 'E/W'})  {f.title}")
        typer.echo(f"    categories: {', '.join(c.id for c in f.categories)}")
        typer.echo(f"    source: {f.source}")


@risk_app.command()
def categorise(
    la: str = typer.Option(..., "--la", help="Three-digit LA code, e.g. 882."),
    year: int = typer.Option(..., "--year", help="Academic year as the year it ends."),
    framework: str | None = typer.Option(None, "--framework",
                                         help="Framework id (default: all that apply)."),
    save: bool = typer.Option(False, "--save", help="Keep the computed categories."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Categorise the LA's schools and print each category with every reason."""
    folder = resolve_data_dir(data_dir)
    results = service.categorise(folder, la=la, year=year, framework_id=framework)
    for school in results:
        for result in school.results:
            typer.echo(f"{school.school.urn} {school.school.name} [{result.framework_id}]: "
                       f"{result.label}")
            for reason in result.reasons:
                typer.echo(f"    {MARK[reason.kind]} {reason.text}")
            if save:
                store.save_decision(_url(folder), result, "computed", user)
    counts: dict[str, int] = {}
    for school in results:
        for result in school.results:
            counts[result.label] = counts.get(result.label, 0) + 1
    typer.echo("Summary: " + "; ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


@risk_app.command()
def explain(
    urn: int,
    year: int = typer.Option(..., "--year"),
    la: str | None = typer.Option(None, "--la", help="The school's LA code (default: from "
                                  "the schools registry)."),
    framework: str | None = typer.Option(None, "--framework"),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Every reason for one school's categories, and its decision history."""
    folder = resolve_data_dir(data_dir)
    la = la or service.school_la(folder, urn)
    found = [s for s in service.categorise(folder, la=la, year=year, framework_id=framework)
             if s.school.urn == urn]
    if not found:
        raise UserError(f"school {urn} is not an open school of LA {la} in {year}")
    for result in found[0].results:
        typer.echo(f"{result.framework_id}: {result.label}")
        for reason in result.reasons:
            typer.echo(f"    {MARK[reason.kind]} {reason.text}")
    url = _url(folder)
    from attain.store import appdb

    if appdb.is_current(url):
        from attain.services.school_review import decision_history

        for row, agreed_at in decision_history(url, urn):
            note = f" ({row.note})" if row.note else ""
            where = f" - agreed at {agreed_at.describe()}" if agreed_at else ""
            typer.echo(f"  {row.year} {row.stage}: {row.category} by {row.decided_by} "
                       f"{row.decided_at:%Y-%m-%d}{note}{where}")


@risk_app.command()
def decide(
    urn: int,
    la: str = typer.Option(..., "--la"),
    year: int = typer.Option(..., "--year"),
    framework: str = typer.Option(..., "--framework"),
    stage: str = typer.Option("agreed", "--stage",
                              help="proposed (officer), agreed (moderation) or appeal."),
    category: str | None = typer.Option(None, "--category",
                                        help="Override the computed category (needs --note)."),
    note: str | None = typer.Option(None, "--note", help="Why; who signed off."),
    meeting: int | None = typer.Option(
        None, "--meeting", help="The School Review Group meeting (1-4 of --year) an agreed "
        "category was agreed at; it must be recorded as held."),
    signed_off_by: str | None = typer.Option(
        None, "--signed-off-by", help="Who signed the agreed category off (default: --user)."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Accept or override a school's computed category; kept with who, when and (for an
    agreed category) the moderation meeting."""
    folder = resolve_data_dir(data_dir)
    found = [s for s in service.categorise(folder, la=la, year=year, framework_id=framework)
             if s.school.urn == urn]
    if not found:
        raise UserError(f"school {urn} is not an open school of LA {la} in {year}")
    result = found[0].results[0]
    if category is not None and category not in {c.id for c in
                                                  service.frameworks(folder)[framework].categories}:
        raise UserError(f"'{category}' is not a category of {framework}")
    store.save_decision(_url(folder), result, stage, user, category=category, note=note,
                        meeting=(year, meeting) if meeting is not None else None,
                        signed_off_by=signed_off_by)
    typer.echo(f"{urn} {year} {stage}: {category or result.category} "
               f"(computed {result.category}).")


@risk_app.command("import-ofsted")
def import_ofsted(
    file: Path = typer.Argument(..., help="CSV with URN, Rating, Inspection Date columns."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Import single-word Ofsted inspection outcomes (e.g. a ratings CSV)."""
    if not file.exists():
        raise UserError(f"{file} does not exist")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        inspections = [store.inspection_from_row(row, i + 2, file.name)
                       for i, row in enumerate(csv.DictReader(handle))]
    count = store.save_inspections(_url(resolve_data_dir(data_dir)), inspections, file.name,
                                   user)
    typer.echo(f"Imported {count} inspections.")


@risk_app.command("inspection-measures")
def inspection_measures(
    years: str = typer.Option(..., "--years", help="Years, e.g. 2012 or 2010-2012."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Write % of schools (and pupils) good or better, schools in an Ofsted category and
    the other inspection measures, per LA and nationally, into the results cube."""
    from attain.cli.results import parse_years

    chosen = parse_years(years) or []
    summary = service.write_inspection_measures(resolve_data_dir(data_dir), chosen)
    typer.echo(f"Wrote {summary.rows} inspection measure rows for "
               f"{', '.join(map(str, summary.years))} from {summary.inspections} inspections "
               f"(up to {summary.schools} schools open). See `attain results show --la CODE "
               "--measure ofsted_good_or_better_schools`.")


@risk_app.command("self-evaluation")
def self_evaluation(
    urn: int,
    year: int = typer.Option(..., "--year"),
    term: str = typer.Option("autumn", "--term"),
    grades: str = typer.Option(..., "--grades", help="Five grades 1-4 in the order: "
                               + ", ".join(SELF_EVALUATION_KEYS) + " (e.g. 2,2,3,2,2)."),
    validated_by: str | None = typer.Option(None, "--validated-by",
                                            help="School Support Partner who validated it."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Record a school's self-evaluation summary profile."""
    try:
        values = [int(g) for g in grades.split(",")]
    except ValueError:
        raise UserError(f"--grades {grades} is not five numbers",
                        fix="e.g. --grades 2,2,3,2,2") from None
    if len(values) != len(SELF_EVALUATION_KEYS):
        raise UserError(f"--grades needs {len(SELF_EVALUATION_KEYS)} grades, not {len(values)}")
    saved = store.save_self_evaluation(_url(resolve_data_dir(data_dir)), urn, year, term,
                                       dict(zip(SELF_EVALUATION_KEYS, values, strict=True)),
                                       user, validated_by)
    typer.echo(f"Recorded the {term} {year} self-evaluation of {urn}." if saved else
               f"No changes to the {term} {year} self-evaluation of {urn}: nothing was saved.")


@risk_app.command()
def characteristic(
    urn: int,
    name: str = typer.Argument(..., help="new_head, senior_staff_changes, budget_deficit, "
                               "falling_roll, poor_buildings or recently_improved."),
    year: int = typer.Option(..., "--year"),
    absent: bool = typer.Option(False, "--absent", help="Record that it no longer applies."),
    note: str | None = typer.Option(None, "--note"),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Record a risk characteristic of a school for a year."""
    saved = store.save_characteristic(_url(resolve_data_dir(data_dir)), urn, year, name,
                                      not absent, user, note)
    state = "absent" if absent else "present"
    typer.echo(f"Recorded {name} {state} for {urn} in {year}." if saved else
               f"{name} is already recorded {state} for {urn} in {year}: nothing was saved.")


review_app = typer.Typer(help="The termly review cycle: review-group meetings and visits "
                         "SV1-SV3.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("schedule")
def review_schedule(
    la: str = typer.Option(..., "--la"),
    year: int = typer.Option(..., "--year", help="Academic year as the year it ends."),
    framework: str | None = typer.Option(None, "--framework",
                                         help="Framework whose categories set the visits."),
    save: bool = typer.Option(False, "--save", help="Keep the visits in the app database."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Generate the year's School Review Group meetings and school visits."""
    folder = resolve_data_dir(data_dir)
    for name, start, end in review.meetings(year):
        typer.echo(f"{name}  {start:%d %b %Y} - {end:%d %b %Y}  School Review Group")
    visits = service.review_schedule(folder, la=la, year=year, framework_id=framework)
    for v in visits:
        typer.echo(f"{v.visit}  {v.due_from:%d %b %Y} - {v.due_to:%d %b %Y}  {v.urn}  {v.focus}")
    if save:
        added = store.save_schedule(_url(folder), visits, user)
        typer.echo(f"Saved {added} new visits.")


@review_app.command("due")
def review_due(
    year: int = typer.Option(..., "--year"),
    today: str | None = typer.Option(None, "--today", help="YYYY-MM-DD (default: today)."),
    show_all: bool = typer.Option(False, "--all", help="Also list done and upcoming visits."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Visits due, overdue or missed."""
    day = date.fromisoformat(today) if today else date.today()
    shown = 0
    for row, state in store.visit_states(_url(resolve_data_dir(data_dir)), year, day):
        if show_all or state in (review.VisitState.DUE, review.VisitState.OVERDUE,
                                 review.VisitState.MISSED):
            typer.echo(f"{state.value:9} {row.visit} {row.urn} due {row.due_from:%d %b} - "
                       f"{row.due_to:%d %b %Y}")
            shown += 1
    typer.echo(f"{shown} visits listed.")


@review_app.command("record")
def review_record(
    urn: int,
    year: int = typer.Option(..., "--year"),
    visit: str = typer.Option(..., "--visit", help="SV1, SV2 or SV3."),
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    officer: str = typer.Option(..., "--officer", help="Officer or School Support Partner."),
    record: Path | None = typer.Option(None, "--record", help="JSON visit record: priorities "
                                       "and impact, self-evaluation profile, risk "
                                       "characteristics, agreed actions."),
    plan: str | None = typer.Option(None, "--plan", help="The school's RAP (a plan id)."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Record that a scheduled visit took place."""
    content = json.loads(record.read_text(encoding="utf-8")) if record else {}
    store.record_visit(_url(resolve_data_dir(data_dir)), urn, year, visit,
                       date.fromisoformat(on), officer, content, user, plan)
    typer.echo(f"Recorded {visit} {year} for {urn}.")


@risk_app.command("concern")
def concern(
    urn: int,
    kind: str = typer.Option(..., "--kind", help="e.g. not_engaging, safeguarding, finance."),
    detail: str = typer.Option(..., "--detail"),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Raise a concern about a school (open concerns are a framework input)."""
    day = date.fromisoformat(on) if on else date.today()
    number = store.raise_concern(_url(resolve_data_dir(data_dir)), urn, kind, detail, day, user)
    typer.echo(f"Concern {number} raised for {urn}.")


@risk_app.command("close-concern")
def close_concern(
    concern_id: int,
    escalate: str | None = typer.Option(None, "--escalate", help="warning_notice, "
                                        "intervention_powers or interim_executive_board."),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Resolve a concern, or escalate it."""
    day = date.fromisoformat(on) if on else date.today()
    store.close_concern(_url(resolve_data_dir(data_dir)), concern_id, day, user, escalate)
    typer.echo(f"Concern {concern_id} {'escalated' if escalate else 'resolved'}.")


@review_app.command("meeting")
def review_meeting(
    number: int = typer.Argument(..., help="1 September, 2 January, 3 April, 4 July."),
    year: int = typer.Option(..., "--year"),
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    minutes: str = typer.Option("", "--minutes"),
    decisions: str = typer.Option("", "--decisions"),
    user: str = UserOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Record a School Review Group meeting's minutes and decisions."""
    store.record_meeting(_url(resolve_data_dir(data_dir)), year, number,
                         date.fromisoformat(on), minutes, decisions, user)
    typer.echo(f"Recorded review-group meeting {number} of {year}.")
