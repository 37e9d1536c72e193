"""Context builders of the risk pages: categorisations, decisions and concerns in, GOV.UK
macro parameters out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import url_for

from attain.domain.risk import Categorisation, Framework, Reason, ReasonKind
from attain.risk.moderation import Moderation
from attain.services.risk import SchoolResult
from attain.store.risk_models import CategorisationRow, ConcernRow, ReviewMeetingRow
from attain.web import tables as t
from attain.web.risk_forms import CONCERN_KINDS, DECISION_STAGES, ESCALATIONS

MARK = {ReasonKind.FIRED: "+", ReasonKind.NOT_MET: "−", ReasonKind.INSUFFICIENT: "?"}
STAGE_NAMES = {"computed": "Computed", **DECISION_STAGES}


def year_text(year: int) -> str:
    """2019 -> '2018/19'."""
    return f"{year - 1}/{str(year)[2:]}"


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def reasons_cell(reasons: Sequence[Reason]) -> dict[str, str]:
    """Every reason with its numbers, marked + (holds), − (does not) or ? (missing)."""
    items = "".join(f"<li>{MARK[r.kind]} {_escape(r.text)}</li>" for r in reasons)
    return {"html": f'<ul class="govuk-list govuk-body-s">{items}</ul>'}


def _latest(rows: Iterable[CategorisationRow], year: int, framework_id: str) -> str:
    found = [r for r in rows if r.year == year and r.framework_id == framework_id
             and r.stage != "computed"]
    if not found:
        return "–"
    last = max(found, key=lambda r: r.id)
    return f"{last.category} ({STAGE_NAMES.get(last.stage, last.stage).lower()})"


def category_table(results: Sequence[SchoolResult], year: int,
                   decisions: Mapping[int, list[CategorisationRow]],
                   caption: str) -> dict[str, Any]:
    body = []
    for found in results:
        school = found.school
        for result in found.results:
            href = url_for("risk.school_category", urn=school.urn, year=year,
                           framework=result.framework_id)
            body.append([t.link_cell(school.name, href), t.text_cell(str(school.urn)),
                         t.text_cell(result.framework_id), t.text_cell(result.label),
                         reasons_cell(result.reasons),
                         t.text_cell(_latest(decisions.get(school.urn, []), year,
                                             result.framework_id))])
    head = ["School", "URN", "Framework", "Category", "Reasons", "Latest decision"]
    return t.table(caption, head, body)


def summary_table(results: Sequence[SchoolResult], caption: str) -> dict[str, Any]:
    counts = Counter((r.framework_id, r.label) for found in results for r in found.results)
    body = [[t.text_cell(framework), t.text_cell(label), t.number_cell(str(n))]
            for (framework, label), n in sorted(counts.items())]
    return t.table(caption, ["Framework", "Category", "Schools"], body)


def result_summary(result: Categorisation, framework: Framework | None) -> dict[str, Any]:
    def row(key: str, value: str) -> dict[str, Any]:
        return {"key": {"text": key}, "value": {"text": value}}

    title = framework.title if framework is not None else result.framework_id
    return {"rows": [row("Framework", f"{title} ({result.framework_id})"),
                     row("Computed category", result.label),
                     {"key": {"text": "Reasons"}, "value": reasons_cell(result.reasons)}]}


def history_table(rows: Sequence[tuple[CategorisationRow, Moderation | None]],
                  caption: str) -> dict[str, Any]:
    body = [[t.text_cell(str(r.year)), t.text_cell(r.framework_id),
             t.text_cell(STAGE_NAMES.get(r.stage, r.stage)), t.text_cell(r.category),
             t.text_cell(r.note or "–"), t.text_cell(r.decided_by),
             t.text_cell(f"{r.decided_at:%d %b %Y %H:%M}"),
             t.text_cell(agreed_at.describe() if agreed_at else "–")]
            for r, agreed_at in sorted(rows, key=lambda pair: pair[0].id, reverse=True)]
    head = ["Year", "Framework", "Stage", "Category", "Reason", "By", "When",
            "Moderation meeting"]
    return t.table(caption, head, body)


def meeting_text(row: ReviewMeetingRow) -> str:
    held = f"{row.held_on.day} {row.held_on:%B %Y}" if row.held_on else "not held"
    return f"School Review Group {row.number}, {row.year - 1}/{str(row.year)[2:]}, {held}"


def category_choices(framework: Framework) -> list[tuple[str, str]]:
    return [(c.id, c.label) for c in framework.categories]


def framework_items(available: Mapping[str, Framework], year: int,
                    selected: str, any_text: str) -> list[dict[str, Any]]:
    options = [("", any_text)] + [(f.id, f"{f.title} ({f.id})")
                                  for f in sorted(available.values(), key=lambda f: f.id)
                                  if f.applies_to(year)]
    return [{"value": v, "text": text, "selected": v == selected} for v, text in options]


def concern_status(row: ConcernRow) -> str:
    if row.status == "escalated":
        return f"Escalated: {ESCALATIONS.get(row.escalation or '', row.escalation or '')}"
    if row.status == "resolved":
        return f"Resolved {row.closed_on:%d %b %Y}" if row.closed_on else "Resolved"
    return "Open"


def concern_view(row: ConcernRow) -> dict[str, Any]:
    """One concern as summary-list rows."""
    def item(key: str, value: str) -> dict[str, Any]:
        return {"key": {"text": key}, "value": {"text": value}}

    return {"rows": [item("Kind", CONCERN_KINDS.get(row.kind, row.kind)),
                     item("Concern", row.detail),
                     item("Raised", f"{row.raised_on:%d %b %Y} by {row.raised_by}"),
                     item("Status", concern_status(row))]}
