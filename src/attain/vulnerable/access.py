"""Who may see pupil-level lists: named data needs the separate pupil permission, and a
school user sees only their own schools; viewers never see pupils."""

from __future__ import annotations

from dataclasses import dataclass

from attain.errors import UserError


class AccessDenied(UserError):
    """The requesting user may not see these pupils."""


@dataclass(frozen=True)
class Requester:
    email: str
    role: str  # admin | officer | school | viewer (attain.store.models.Role values)
    schools: frozenset[int] = frozenset()
    can_see_pupils: bool = False


def check_pupil_access(requester: Requester, urn: int) -> None:
    if requester.role == "viewer" or not requester.can_see_pupils:
        raise AccessDenied(f"{requester.email} may not see pupil-level data",
                           fix="ask an administrator for named (pupil-level) access.")
    if requester.role == "school" and urn not in requester.schools:
        raise AccessDenied(f"{requester.email} may not see pupils of school {urn}",
                           fix="school users see only their own school's pupils.")
    if requester.role not in {"admin", "officer", "school"}:
        raise AccessDenied(f"unknown role {requester.role!r}")


def check_la_counts_access(requester: Requester) -> None:
    """LA-level counts by reason hold no pupil rows, but are for LA staff."""
    if requester.role not in {"admin", "officer"}:
        raise AccessDenied(f"{requester.email} may not see LA-wide vulnerable-pupil counts",
                           fix="these counts are for LA officers and administrators.")


def may_see_school_counts(requester: Requester, urn: int) -> bool:
    """Whether a school's (suppressed) counts are shown: LA staff see every school, a school
    user their own; viewers see LA-level figures only."""
    if requester.role in {"admin", "officer"}:
        return True
    return requester.role == "school" and urn in requester.schools
