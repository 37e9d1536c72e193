"""Plan reviews (per objective: progress, next steps, RAG; the next review date) and the
owners' digest of actions due soon or overdue, printed or sent by email over SMTP.

SMTP settings (docs/plans.md): ATTAIN_SMTP_HOST, ATTAIN_SMTP_PORT (default 25),
ATTAIN_SMTP_FROM, and optionally ATTAIN_SMTP_USER / ATTAIN_SMTP_PASSWORD with
ATTAIN_SMTP_STARTTLS=1. The digest holds action texts and dates, never pupil data.
"""

from __future__ import annotations

import dataclasses
import os
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from attain.domain import plans as m
from attain.domain.periods import FuzzyDate, exact, weeks_after
from attain.errors import UserError
from attain.ingest.plans_tree import plan_tree
from attain.services import plans as service
from attain.services.plans import DueAction
from attain.store.models import AuditEntry
from attain.store.plan_models import PlanRow


def next_review_date(plan: m.Plan, held_on: date) -> FuzzyDate | None:
    """The review after one held on `held_on`, from the plan's cadence (None without one)."""
    if plan.cadence is None:
        return None
    return exact(weeks_after(held_on, plan.cadence.weeks))


def add_review(url: str, plan_id: str, review: m.Review, *, user: str = service.SYSTEM_USER
               ) -> m.Review:
    """Record a review; its next date defaults to one cadence after it. Audited."""
    with service._session(url) as s:  # noqa: SLF001 - same service, split for size
        row = s.get(PlanRow, plan_id)
        if row is None:
            raise UserError(f"there is no plan '{plan_id}'", fix="See `attain plans list`.")
        plan = service.to_plan(row.document, plan_id)
        if review.next_review is None:
            review = dataclasses.replace(review, next_review=next_review_date(plan,
                                                                             review.held_on))
        try:
            updated = dataclasses.replace(plan, reviews=(*plan.reviews, review))
        except m.PlanError as err:
            raise UserError(str(err), fix=f"See `attain plans show {plan_id}`.") from None
        before = row.document
        row.document = plan_tree(updated)
        row.version += 1
        s.add(AuditEntry(user=user, action="review", entity="plan", entity_id=plan_id,
                                 detail={"before": {"reviews": before.get("reviews", [])},
                                         "after": {"reviews": row.document["reviews"]}}))
    return review


def digest_text(owner: str, items: Sequence[DueAction], today: date, weeks: int) -> str:
    overdue = [i for i in items if i.overdue]
    soon = [i for i in items if not i.overdue]
    lines = [f"Actions for {owner or 'all owners'} on {today.isoformat()}:", ""]
    for title, group in ((f"Overdue ({len(overdue)})", overdue),
                         (f"Due in the next {weeks} weeks ({len(soon)})", soon)):
        lines.append(title)
        lines += [f"  - {i.plan_id} {i.key} [{i.target}] {i.text}" for i in group] or ["  none"]
        lines.append("")
    lines.append("Update an action with `attain plans update PLAN KEY --version N ...`.")
    return "\n".join(lines)


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    sender: str = "attain@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False

    @classmethod
    def from_environment(cls) -> Smtp:
        host = os.environ.get("ATTAIN_SMTP_HOST", "")
        if not host:
            raise UserError("no SMTP server is set",
                            fix="Set ATTAIN_SMTP_HOST (and ATTAIN_SMTP_PORT, ATTAIN_SMTP_FROM); "
                            "see docs/plans.md.")
        return cls(host, int(os.environ.get("ATTAIN_SMTP_PORT", "25")),
                   os.environ.get("ATTAIN_SMTP_FROM", "attain@localhost"),
                   os.environ.get("ATTAIN_SMTP_USER", ""),
                   os.environ.get("ATTAIN_SMTP_PASSWORD", ""),
                   os.environ.get("ATTAIN_SMTP_STARTTLS", "") == "1")


def send_digest(smtp: Smtp, to: str, owner: str, items: Sequence[DueAction], today: date,
                weeks: int) -> None:
    message = EmailMessage()
    message["From"], message["To"] = smtp.sender, to
    message["Subject"] = (f"attain: {sum(i.overdue for i in items)} overdue and "
                          f"{sum(not i.overdue for i in items)} due actions")
    message.set_content(digest_text(owner, items, today, weeks))
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.user:
                client.login(smtp.user, smtp.password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise UserError(f"cannot send the digest through {smtp.host}:{smtp.port} ({err})",
                        fix="Check the ATTAIN_SMTP_* settings (docs/plans.md).") from None
