"""The one access policy every route uses.

Each view declares a `Rule` with `@requires(...)`; a hook checks it before the view runs, and
a view without a rule is refused (deny by default), so adding a route without a rule fails
the route × role test. `decide` is pure: who may do what is testable without Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from attain.store.models import Role

STAFF = frozenset({Role.ADMIN, Role.OFFICER})
F = TypeVar("F", bound=Callable[..., object])
RULE_ATTRIBUTE = "access_rule"


class Rule(StrEnum):
    PUBLIC = "public"  # sign-in page and static assets
    SIGNED_IN = "signed_in"  # any signed-in user (sign out)
    LA_AGGREGATES = "la_aggregates"  # published, suppressed LA-level pages: every role
    SCHOOL_DIRECTORY = "school_directory"  # staff see all schools, school users their own
    SCHOOL = "school"  # one school (URN in the URL): staff, or a school user linked to it
    PUPILS = "pupils"  # named pupil data of one school: also needs can_see_pupils
    ADMIN = "admin"  # users, roles and school assignments
    PLANS = "plans"  # action plans: staff all, school users their schools' RAPs (the view
    #                 checks the plan and answers 404 for another school's); viewers none
    # LA staff only (admin, officer): categorisation decisions, visit records, the review
    # cycle; a school user asking with another school's URN gets 404, never a hint
    STAFF = "staff"


class Decision(StrEnum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"  # not signed in: redirect to the sign-in page
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404: a school user must not learn that another school exists


@dataclass(frozen=True)
class Principal:
    """What the policy needs to know about the signed-in user."""

    role: Role
    urns: frozenset[int] = frozenset()
    can_see_pupils: bool = False

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    def may_see_school(self, urn: int) -> bool:
        return self.is_staff or (self.role is Role.SCHOOL and urn in self.urns)

    def visible_urns(self, all_urns: frozenset[int]) -> frozenset[int]:
        """The schools whose own figures this user may see."""
        if self.is_staff:
            return all_urns
        if self.role is Role.SCHOOL:
            return all_urns & self.urns
        return frozenset()


def decide(rule: Rule, who: Principal | None, urn: int | None = None) -> Decision:
    if rule is Rule.PUBLIC:
        return Decision.ALLOW
    if who is None:
        return Decision.SIGN_IN
    if rule in (Rule.SIGNED_IN, Rule.LA_AGGREGATES):
        return Decision.ALLOW
    if rule is Rule.ADMIN:
        return Decision.ALLOW if who.role is Role.ADMIN else Decision.FORBIDDEN
    if rule is Rule.STAFF:
        if who.is_staff:
            return Decision.ALLOW
        hidden = who.role is Role.SCHOOL and urn is not None and urn not in who.urns
        return Decision.NOT_FOUND if hidden else Decision.FORBIDDEN
    if who.role is Role.VIEWER:
        return Decision.FORBIDDEN
    if rule in (Rule.SCHOOL_DIRECTORY, Rule.PLANS):
        return Decision.ALLOW
    if urn is None or not who.may_see_school(urn):
        return Decision.FORBIDDEN if who.is_staff else Decision.NOT_FOUND
    if rule is Rule.PUPILS and not who.can_see_pupils:
        return Decision.FORBIDDEN
    return Decision.ALLOW


def requires(rule: Rule) -> Callable[[F], F]:
    """Declare the access rule of a view function."""

    def mark(view: F) -> F:
        setattr(view, RULE_ATTRIBUTE, rule)
        return view

    return mark


def rule_of(view: Callable[..., object] | None) -> Rule | None:
    return getattr(view, RULE_ATTRIBUTE, None) if view is not None else None
