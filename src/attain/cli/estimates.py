"""`attain estimates fit|show|info`, `attain targets import|challenge|suggest`,
`attain pupils vulnerable`, `attain schools similar|attendance-triggers`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from attain.cli.defaults import FAMILY_SIZE, FAMILY_VARIABLES
from attain.cli.lazy import help_filled_when_shown, lazy_module
from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.errors import UserError
from attain.vulnerable.access import Requester

if TYPE_CHECKING:
    from attain.estimates import artefact, specs
    from attain.estimates.specs import EstimateType
    from attain.services import estimates as estimate_service
    from attain.services import similar as similar_service
    from attain.services import targets as target_service
    from attain.services import vulnerable as vulnerable_service
else:
    artefact = lazy_module("attain.estimates.artefact")
    specs = lazy_module("attain.estimates.specs")
    estimate_service = lazy_module("attain.services.estimates")
    similar_service = lazy_module("attain.services.similar")
    target_service = lazy_module("attain.services.targets")
    vulnerable_service = lazy_module("attain.services.vulnerable")

estimates_app = typer.Typer(help="Modelled estimates (docs/estimates.md).", no_args_is_help=True)
targets_app = typer.Typer(help="School targets and the challenge list.", no_args_is_help=True)
pupils_app = typer.Typer(help="Pupil-level lists (named access only).", no_args_is_help=True)
schools_app = typer.Typer(help="Similar schools and school-level triggers.",
                          no_args_is_help=True)
app.add_typer(estimates_app, name="estimates")
app.add_typer(targets_app, name="targets")
app.add_typer(pupils_app, name="pupils")
app.add_typer(schools_app, name="schools")

ContextOption = typer.Option(True, "--context/--prior-only",
                             help="With pupil and school context, or prior attainment only.")


def _kind(context: bool) -> EstimateType:
    kinds = specs.EstimateType
    return kinds.WITH_CONTEXT if context else kinds.PRIOR_ONLY


def _model_help() -> str:
    return "Model id: " + ", ".join(specs.load_specs())


def _years(text: str) -> list[int]:
    try:
        return [int(y) for y in text.replace(" ", "").split(",") if y]
    except ValueError:
        raise UserError(f"cannot read years {text!r}", fix="write e.g. 2022,2023.") from None


def _f(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


@estimates_app.command("fit", cls=help_filled_when_shown(model=_model_help))
def fit(
    model: str = typer.Option(..., "--outcome", "--model", help="Model id."),
    years: str = typer.Option(..., help="Training years, e.g. 2022,2023,2024 (the last is "
                              "held out for validation unless --holdout is given)."),
    holdout: int | None = typer.Option(None, help="Held-out validation year."),
    context: bool = ContextOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Fit a model on national data and save it under <data folder>/models."""
    fitted = estimate_service.fit(resolve_data_dir(data_dir), model, _kind(context),
                                  _years(years), holdout)
    _print_model(fitted)


@estimates_app.command("info")
def info(model: str, context: bool = ContextOption,
         data_dir: Path | None = DataDirOption) -> None:
    """Show a fitted model: coefficients, fit statistics and held-out calibration."""
    _print_model(artefact.load(resolve_data_dir(data_dir), model, _kind(context)))


def _print_model(model: artefact.FittedModel) -> None:
    console = Console()
    console.print(f"{model.name} version {model.version}: {model.spec.title}")
    console.print(f"trained on {', '.join(map(str, model.training_years))}; "
                  + ", ".join(f"{k} {v:.4g}" for k, v in model.fit.items()))
    table = Table("term", "coefficient", "std. error")
    for c in model.coefficients:
        table.add_row(c.name, f"{c.value:.4f}", f"{c.std_error:.4f}")
    console.print(table)
    if model.validation is not None:
        v = model.validation
        cal = Table("decile", "pupils", "mean estimate", "mean actual",
                    title=f"held-out {v.year}: {v.pupils} pupils, RMSE {v.rmse:.3f}")
        for d in v.deciles:
            cal.add_row(str(d.decile), str(d.pupils), f"{d.mean_estimate:.3f}",
                        f"{d.mean_actual:.3f}")
        console.print(cal)


@estimates_app.command("show")
def show(
    school: int | None = typer.Option(None, "--school", help="URN."),
    la: str | None = typer.Option(None, "--la", help="Three-digit LA code."),
    year: int = typer.Option(..., help="Year of the cohort."),
    model: str | None = typer.Option(None, "--model", help="One model (default: all fitted)."),
    percentile: int | None = typer.Option(None, help="Estimates as at this percentile of "
                                          "school performance, e.g. 80 for the top 20%."),
    context: bool = ContextOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """School or LA estimates with 95% ranges, beside the actual result when known."""
    folder = resolve_data_dir(data_dir)
    ids = [model] if model else [m for m in specs.load_specs()
                                 if artefact.model_path(folder, m, _kind(context)).exists()]
    if not ids:
        raise UserError("no fitted models", fix="run `attain estimates fit` first.")
    table = Table("model", "level", "area", "pupils", "estimate", "95% range", "actual",
                  "difference")
    for model_id in ids:
        scored = estimate_service.score(folder, model_id, _kind(context), year, urn=school,
                                        la_code=la, percentile=percentile)
        for row in scored.schools if school else scored.las:
            table.add_row(model_id, row.level, row.area_code, str(row.pupils),
                          _f(row.estimate), f"{_f(row.ci_low)} to {_f(row.ci_high)}",
                          _f(row.actual), _f(row.difference))
    Console().print(table)


@targets_app.command("import")
def import_targets(file: Path, data_dir: Path | None = DataDirOption) -> None:
    """Import targets (CSV/XLSX: urn, measure_id, year, target); any bad row imports none."""
    count = target_service.import_file(resolve_data_dir(data_dir), file)
    typer.echo(f"Imported {count} target(s).")


@targets_app.command("challenge")
def challenge(year: int = typer.Option(...), data_dir: Path | None = DataDirOption) -> None:
    """Targets below the school's modelled estimate, largest shortfall first."""
    result = target_service.challenge(resolve_data_dir(data_dir), year)
    table = Table("URN", "measure", "target", "estimate", "95% range", "last year",
                  "shortfall", title=f"Targets below estimate, {year}")
    for r in result.rows:
        table.add_row(str(r.urn), r.measure_id, _f(r.target), _f(r.estimate),
                      f"{_f(r.ci_low)} to {_f(r.ci_high)}", _f(r.last_year), _f(r.shortfall))
    console = Console()
    console.print(table)
    for la in result.la_targets:
        console.print(f"LA target {la.measure_id}: {la.target:.1f} (sum of {la.schools} "
                      f"schools' targets, {la.pupils} pupils) against estimate "
                      f"{_f(la.estimate)}")
    for measure_id in result.without_model:
        console.print(f"{measure_id}: no fitted model, so its targets cannot be challenged.")


@targets_app.command("suggest")
def suggest(
    school: int = typer.Option(..., "--school", help="URN."),
    measure: str = typer.Option(..., help="Measure id, e.g. abs_persistent."),
    year: int = typer.Option(..., help="Latest year of results."),
    group: str = typer.Option("all", help="Pupil group, e.g. fsm or lac."),
    size: int = typer.Option(FAMILY_SIZE, help="Similar-schools family size."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Suggested targets for three years from the school's trend and similar schools."""
    found = target_service.suggest_targets(resolve_data_dir(data_dir), school, measure, year,
                                           group_id=group, family_size=size)
    console = Console()
    console.print(f"{measure} ({group}) at {school}: "
                  + ", ".join(f"{y} {v:.1f}" for y, v in found.history)
                  + f"; {len(found.family_values)} similar schools with results")
    table = Table("year", "suggested target", "family goal", "own trend")
    for t in found.targets:
        table.add_row(str(t.year), _f(t.value), _f(t.goal), _f(t.trend))
    console.print(table)


@pupils_app.command("vulnerable")
def vulnerable(
    school: int = typer.Option(..., "--school", help="URN."),
    year: int = typer.Option(...),
    user: str | None = typer.Option(None, "--user", help="Act as this app user (their role, "
                                    "schools and pupil permission apply). Default: the data "
                                    "folder's administrator."),
    export: Path | None = typer.Option(None, help="Also write the list to this CSV file."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Vulnerable pupils of a school with every reason and the priority score."""
    folder = resolve_data_dir(data_dir)
    requester = (vulnerable_service.requester_for(folder, user) if user else
                 Requester("data-folder administrator", "admin", can_see_pupils=True))
    listing = vulnerable_service.school_list(folder, requester, school, year)
    table = Table("pupil", "priority", "reasons", title=escape(
        f"{len(listing.pupils)} of {listing.on_roll} pupils flagged; {listing.formula}"))
    for a in listing.pupils:
        table.add_row(a.pupil_id, f"{a.priority:g}",
                      escape("; ".join(r.evidence for r in a.reasons)))
    Console().print(table)
    if export:
        typer.echo(f"wrote {vulnerable_service.export_csv(listing, export)}")


@pupils_app.command("counts")
def counts(
    la: str = typer.Option(..., "--la", help="Three-digit LA code."),
    year: int = typer.Option(...),
    user: str | None = typer.Option(None, "--user", help="Act as this app user."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Counts of vulnerable pupils by reason for the LA and its schools (no pupil rows),
    small numbers suppressed as in every published table (the suppression reason shown)."""
    folder = resolve_data_dir(data_dir)
    requester = (vulnerable_service.requester_for(folder, user) if user else
                 Requester("data-folder administrator", "admin", can_see_pupils=True))
    table = Table("level", "area", "counting", "reason", "pupils", "on roll",
                  title=f"Vulnerable pupils, LA {la}, {year}")
    for row in vulnerable_service.published_la_counts(folder, requester, la, year):
        shown = (str(row.pupils), str(row.on_roll)) if row.suppressed is None else (
            f"suppressed ({row.suppressed})", "")
        table.add_row(row.level, row.area_code, str(row.counting), row.reason, *shown)
    Console().print(table)


@schools_app.command("similar")
def similar(
    urn: int,
    year: int = typer.Option(...),
    size: int = typer.Option(FAMILY_SIZE, help="Family size."),
    variables: str = typer.Option(",".join(FAMILY_VARIABLES), help="Context variables."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """The school's family of most similar schools (same phase) by context."""
    family = similar_service.school_family(resolve_data_dir(data_dir), urn, year, size=size,
                                           variables=[v for v in variables.split(",") if v])
    table = Table("URN", "distance", *family.variables)
    for code, distance in [(str(urn), 0.0), *((m.code, m.distance) for m in family.members)]:
        values = family.context[code].values
        table.add_row(code, f"{distance:.3f}", *(_f(values.get(v)) for v in family.variables))
    Console().print(table)


@schools_app.command("attendance-triggers")
def attendance_triggers(year: int = typer.Option(...), la: str | None = typer.Option(None),
                        points: float = typer.Option(1.0),
                        data_dir: Path | None = DataDirOption) -> None:
    """Schools whose attendance fell more than POINTS from the previous year."""
    rows = vulnerable_service.attendance_triggers(resolve_data_dir(data_dir), year, la, points)
    table = Table("URN", f"attendance {year - 1}", f"attendance {year}", "fall")
    for t in rows:
        table.add_row(str(t.urn), _f(t.attendance_last_year), _f(t.attendance), _f(t.fall))
    Console().print(table)
