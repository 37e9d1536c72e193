"""Rendered page fragments, cached per worker: the results tables of the LA dashboard and of
a school page cost most of their render time (a GOV.UK table macro call per cell), and
their HTML only changes when the cube does.

A fragment is keyed by the results version, the signed-in user's scope (role, schools,
pupil access), the language, the route and its URL and query arguments, plus whatever
else the view puts in (`extra`): users whose scope differs never share an entry. The
fragment is looked up inside the view, so every route's access check (the policy hook in
attain.web.auth) has already run; the per-request parts of a page (navigation, CSP nonce,
the sign-out form) are rendered afresh around it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import current_app, request
from markupsafe import Markup

from attain.web import cache_results, data, database
from attain.web.access import Principal
from attain.web.cache_results import Version, results_version
from attain.web.i18n import current_language
from attain.web.workspace import folder, home_la, who

FRAGMENTS_KEY = "attain_fragments"
# A school page's fragment is about 20-40 kB of HTML; this holds every page of a large LA
# in a few languages and scopes.
BYTE_BUDGET = 32 * 1024 * 1024

Scope = tuple[str, tuple[int, ...], bool]


@dataclass(frozen=True)
class Fragment:
    html: Markup
    has_rows: bool


@dataclass(frozen=True)
class FragmentKey:
    version: Version
    scope: Scope
    language: str
    endpoint: str
    view_args: tuple[tuple[str, str], ...]
    query: tuple[tuple[str, str], ...]
    extra: tuple[Hashable, ...] = ()


def scope_of(principal: Principal) -> Scope:
    return (str(principal.role), tuple(sorted(principal.urns)), principal.can_see_pupils)


class FragmentCache:
    """Least recently used fragments within a byte budget; emptied when the cube changes."""

    def __init__(self, budget: int = BYTE_BUDGET) -> None:
        self.budget = budget
        self.version: Version = ()
        self.entries: OrderedDict[FragmentKey, Fragment] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self._lock = threading.Lock()

    def get(self, key: FragmentKey, build: Callable[[], Fragment]) -> Fragment:
        with self._lock:
            if key.version != self.version:
                self._clear(key.version)
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        built = build()  # outside the lock: other requests go on meanwhile
        with self._lock:
            if key.version == self.version and key not in self.entries:
                self.entries[key] = built
                self.size += len(built.html)
                while self.size > self.budget and len(self.entries) > 1:
                    _, dropped = self.entries.popitem(last=False)
                    self.size -= len(dropped.html)
        return built

    def _clear(self, version: Version) -> None:
        self.version = version
        self.entries.clear()
        self.size = 0


def fragments() -> FragmentCache:
    """The app's fragment cache (one per app, so per gunicorn worker)."""
    found: FragmentCache = current_app.extensions.setdefault(FRAGMENTS_KEY, FragmentCache())
    return found


def page_fragment(build: Callable[[], Fragment], *extra: Hashable) -> Fragment:
    """The request's fragment from the cache, or `build()` (then cached)."""
    key = FragmentKey(
        results_version(folder()), scope_of(who()), current_language(),
        request.endpoint or "",
        tuple(sorted((k, str(v)) for k, v in (request.view_args or {}).items())),
        tuple(sorted(request.args.items(multi=True))), extra)
    return fragments().get(key, build)


def warm_index() -> bool:
    """Make sure this worker's index holds the home LA's rows for the current cube (read
    again, with the registry's current schools, after a compute); whether it read them."""
    here = folder()
    if not cache_results.needs_warm(here, results_version(here)):
        return False
    data.warm_index(database.session(), here, home_la())
    return True
