from __future__ import annotations

import pytest

from attain.store.models import Role
from attain.web.access import Decision, Principal, Rule, decide

ADMIN = Principal(Role.ADMIN)
OFFICER = Principal(Role.OFFICER)
HEAD = Principal(Role.SCHOOL, frozenset({1}))
HEAD_WITH_PUPILS = Principal(Role.SCHOOL, frozenset({1}), can_see_pupils=True)
VIEWER = Principal(Role.VIEWER)
A, F, N, S = Decision.ALLOW, Decision.FORBIDDEN, Decision.NOT_FOUND, Decision.SIGN_IN


@pytest.mark.parametrize(("rule", "who", "urn", "expected"), [
    (Rule.PUBLIC, None, None, A),
    (Rule.LA_AGGREGATES, None, None, S),
    (Rule.LA_AGGREGATES, VIEWER, None, A),
    (Rule.SCHOOL_DIRECTORY, VIEWER, None, F),
    (Rule.SCHOOL_DIRECTORY, HEAD, None, A),
    (Rule.SCHOOL, OFFICER, 2, A),
    (Rule.SCHOOL, HEAD, 1, A),
    (Rule.SCHOOL, HEAD, 2, N),  # another school: as if it did not exist
    (Rule.SCHOOL, VIEWER, 1, F),
    (Rule.PUPILS, HEAD, 1, F),  # named data needs the separate permission
    (Rule.PUPILS, HEAD_WITH_PUPILS, 1, A),
    (Rule.PUPILS, HEAD_WITH_PUPILS, 2, N),
    (Rule.PUPILS, Principal(Role.OFFICER, can_see_pupils=False), 2, F),
    (Rule.PUPILS, Principal(Role.OFFICER, can_see_pupils=True), 2, A),
    (Rule.PUPILS, Principal(Role.VIEWER, can_see_pupils=True), 1, F),
    (Rule.ADMIN, OFFICER, None, F),
    (Rule.ADMIN, ADMIN, None, A),
])
def test_decide(rule: Rule, who: Principal | None, urn: int | None,
                expected: Decision) -> None:
    assert decide(rule, who, urn) is expected


def test_visible_urns_by_role() -> None:
    every = frozenset({1, 2, 3})
    assert OFFICER.visible_urns(every) == every
    assert HEAD.visible_urns(every) == {1}
    assert VIEWER.visible_urns(every) == frozenset()
