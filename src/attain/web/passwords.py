"""Password hashing: argon2id for new hashes; older werkzeug hashes (scrypt, pbkdf2) still
verify and are replaced by an argon2id hash at the user's next successful sign-in.

The default cost is OWASP's recommended minimum for argon2id (19 MiB of memory, 2
iterations, 1 lane: OWASP Password Storage Cheat Sheet), about 0.1 s a check on a
2-core server. A hash whose cost differs from the configured one is also rehashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

ARGON2_PREFIX = "$argon2"


@dataclass(frozen=True)
class Argon2Cost:
    time_cost: int = 2
    memory_kib: int = 19 * 1024
    parallelism: int = 1


OWASP_MINIMUM = Argon2Cost()


@dataclass(frozen=True)
class PasswordCheck:
    matches: bool
    needs_rehash: bool = False  # matches, but the hash is werkzeug's or of another cost


@lru_cache(maxsize=8)
def _hasher(cost: Argon2Cost) -> PasswordHasher:
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib,
                          parallelism=cost.parallelism)


def hash_password(password: str, cost: Argon2Cost = OWASP_MINIMUM) -> str:
    return _hasher(cost).hash(password)


def is_argon2(stored: str) -> bool:
    return stored.startswith(ARGON2_PREFIX)


def scheme(stored: str) -> str:
    """The hash's scheme for the audit log (`argon2id`, `scrypt`, `pbkdf2`), never the hash."""
    if is_argon2(stored):
        return stored.split("$")[1]
    return stored.split(":", 1)[0].split("$", 1)[0]


def check_password(stored: str, password: str,
                   cost: Argon2Cost = OWASP_MINIMUM) -> PasswordCheck:
    """Whether `password` matches the stored hash, and whether to store a new hash."""
    if not is_argon2(stored):
        return PasswordCheck(check_password_hash(stored, password), needs_rehash=True)
    hasher = _hasher(cost)
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return PasswordCheck(False)
    return PasswordCheck(True, needs_rehash=hasher.check_needs_rehash(stored))
