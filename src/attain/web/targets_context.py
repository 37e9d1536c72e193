"""Targets pages: domain values (targets, the challenge list, LA targets, row errors)
turned into the parameters of GOV.UK macros. Templates only loop and test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attain.targets.challenge import ChallengeRow, LaTarget
from attain.targets.records import RowError, Target
from attain.web import tables as t
from attain.web.messages import message

ERRORS_IN_SUMMARY = 20


def _measure(titles: Mapping[str, str], measure_id: str) -> str:
    return titles.get(measure_id, measure_id)


def school_targets_table(targets: Sequence[Target], titles: Mapping[str, str],
                         change_href: Mapping[tuple[str, int], str]) -> dict[str, Any]:
    """The school's targets, each with a link that fills the form to change it."""
    rows = [[t.text_cell(_measure(titles, x.measure_id)), t.number_cell(str(x.year)),
             t.number_cell(t.figure(x.value)),
             t.link_cell(message("targets.change"), change_href[(x.measure_id, x.year)])]
            for x in targets]
    head = [message("targets.measure"), message("targets.year"), message("targets.target"),
            message("targets.action")]
    return t.table(message("targets.school_caption"), head, rows)


def challenge_table(rows: Sequence[ChallengeRow], names: Mapping[int, str],
                    titles: Mapping[str, str], year: int) -> dict[str, Any]:
    """Targets below the school's modelled estimate, largest shortfall first."""
    body = [[t.text_cell(f"{names.get(r.urn, r.urn)} ({r.urn})"),
             t.text_cell(_measure(titles, r.measure_id)),
             t.number_cell(t.figure(r.target)), t.number_cell(t.figure(r.estimate)),
             t.number_cell(message("table.interval", low=t.figure(r.ci_low),
                                   high=t.figure(r.ci_high))),
             t.number_cell(t.figure(r.last_year)), t.number_cell(t.figure(r.shortfall)),
             t.text_cell(message("targets.yes") if r.below_range else message("targets.no"))]
            for r in rows]
    head = [message("targets.school"), message("targets.measure"), message("targets.target"),
            message("targets.estimate"), message("targets.range"),
            message("targets.last_year", year=year - 1), message("targets.shortfall"),
            message("targets.below_range")]
    return t.table(message("targets.challenge_caption", year=year), head, body)


def la_targets_table(las: Sequence[LaTarget], titles: Mapping[str, str],
                     year: int) -> dict[str, Any]:
    """Each measure's LA target (pupil-weighted school targets) beside the LA estimate."""
    body = [[t.text_cell(_measure(titles, x.measure_id)), t.number_cell(t.figure(x.target)),
             t.number_cell(t.figure(x.estimate)), t.number_cell(str(x.pupils)),
             t.number_cell(str(x.schools))] for x in las]
    head = [message("targets.measure"), message("targets.la_target"),
            message("targets.la_estimate"), message("targets.pupils"),
            message("targets.schools")]
    return t.table(message("targets.la_caption", year=year), head, body)


def row_error_text(error: RowError) -> str:
    return message("targets.row_error", row=error.row, column=error.column,
                   problem=error.message)


def row_errors_table(errors: Sequence[RowError]) -> dict[str, Any]:
    body = [[t.number_cell(str(e.row)), t.text_cell(e.column), t.text_cell(e.message)]
            for e in errors]
    head = [message("targets.row"), message("targets.column"), message("targets.problem")]
    return t.table(message("targets.errors_caption", count=len(errors)), head, body)


def summary_errors(errors: Sequence[RowError]) -> list[str]:
    """How many problems (the file input shows this first one), then the first rows' for
    the error summary; the table below the forms lists them all."""
    shown = [message("targets.errors_caption", count=len(errors))]
    shown += [row_error_text(e) for e in errors[:ERRORS_IN_SUMMARY]]
    if len(errors) > ERRORS_IN_SUMMARY:
        shown.append(message("targets.more_errors", count=len(errors) - ERRORS_IN_SUMMARY))
    return shown


def file_error_summary(errors: Sequence[str], href: str) -> dict[str, Any]:
    """The GOV.UK error summary of an upload: every message of the file field (the summary
    of govuk-frontend-wtf shows a field's first error only)."""
    return {"titleText": message("error.summary"),
            "errorList": [{"text": e, "href": href} for e in errors]}
