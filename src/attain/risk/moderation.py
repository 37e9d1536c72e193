"""The moderation meeting an agreed category was agreed at.

Categories are agreed at a School Review Group meeting (seed 004: September, January,
April, July), recorded with `attain review meeting N --year Y --date D`. An agreed decision
keeps the meeting's id (categorisations.meeting_id) and, as its `decided_by`, who signed
it off; the history shows both with the meeting's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.store.risk_models import CategorisationRow, ReviewMeetingRow

AGREED = "agreed"


@dataclass(frozen=True)
class Moderation:
    meeting_id: int
    year: int
    number: int
    held_on: date
    signed_off_by: str

    def describe(self) -> str:
        return (f"School Review Group {self.number}, {self.year - 1}/{str(self.year)[2:]} "
                f"(meeting {self.meeting_id}), held {self.held_on.day} "
                f"{self.held_on:%B %Y}, signed off by {self.signed_off_by}")

    def audit(self) -> dict[str, object]:
        return {"meeting_id": self.meeting_id, "year": self.year, "number": self.number,
                "held_on": self.held_on.isoformat(), "signed_off_by": self.signed_off_by}


def check(stage: str, meeting: tuple[int, int] | None, signed_off_by: str | None) -> None:
    """Only an agreed category is agreed at a meeting and signed off."""
    if stage != AGREED and (meeting is not None or signed_off_by):
        raise UserError(f"a {stage} category is not agreed at a moderation meeting",
                        fix="Record the meeting and who signed off with an agreed decision.")


def held_meeting(s: Session, year: int, number: int, signed_off_by: str) -> Moderation:
    """The recorded meeting `number` of academic year `year`; it must have taken place."""
    row = s.scalar(select(ReviewMeetingRow).where(ReviewMeetingRow.year == year,
                                                  ReviewMeetingRow.number == number))
    if row is None or row.held_on is None:
        raise UserError(f"School Review Group meeting {number} of {year} is not recorded",
                        fix=f"Record it first: `attain review meeting {number} --year {year} "
                            "--date YYYY-MM-DD`.")
    return Moderation(row.id, row.year, row.number, row.held_on, signed_off_by)


def of_decisions(s: Session, rows: list[CategorisationRow]) -> dict[int, Moderation]:
    """The moderation of each decision (by its id) that records a meeting."""
    ids = {r.meeting_id for r in rows if r.meeting_id is not None}
    if not ids:
        return {}
    meetings = {m.id: m for m in s.scalars(select(ReviewMeetingRow).where(
        ReviewMeetingRow.id.in_(ids)))}
    found: dict[int, Moderation] = {}
    for r in rows:
        meeting = meetings.get(r.meeting_id) if r.meeting_id is not None else None
        if meeting is not None and meeting.held_on is not None:
            found[r.id] = Moderation(meeting.id, meeting.year, meeting.number,
                                     meeting.held_on, r.decided_by)
    return found
