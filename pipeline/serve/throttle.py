"""Login throttling with exponential back-off per account name and per client address (ASVS V2.2.1).

Each failed login counts against the account name tried (whether or not it exists, so the
answer reveals nothing) and against the client's address. Past a number of free failures
within a window, every further attempt must wait a delay that doubles with each failure;
while it waits, attempts are refused without checking the password, so guessing gets no
answers at all. A success clears its account's count; an address's count only decays, so
logging into one's own account does not reset a password spray from the same address.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pipeline.serve.settings import ServeSettings
from pipeline.store.models import LoginFailure


@dataclass(frozen=True)
class Throttle:
    """Why a login must wait: the key that is blocked and the seconds left."""

    what: str
    """``for this account`` or ``from your address``."""
    seconds: int


def _keys(username: str, address: str | None, settings: ServeSettings) -> list[tuple[str, int, str]]:
    keys = [
        (
            f"account:{username.strip().casefold()[:150]}",
            settings.login_free_failures_per_account,
            "for this account",
        )
    ]
    if address:
        keys.append(
            (f"address:{address[:64]}", settings.login_free_failures_per_address, "from your address")
        )
    return keys


def blocked(session: Session, username: str, address: str | None, settings: ServeSettings) -> Throttle | None:
    """The longest wait any of the attempt's keys is under, or None if it may try now."""
    now = time.time()
    worst: Throttle | None = None
    for key, _free, what in _keys(username, address, settings):
        row = session.get(LoginFailure, key)
        if row is None or row.blocked_until <= now:
            continue
        wait = max(1, math.ceil(row.blocked_until - now))
        if worst is None or wait > worst.seconds:
            worst = Throttle(what, wait)
    return worst


def record_failure(session: Session, username: str, address: str | None, settings: ServeSettings) -> None:
    """Count a failed login against the account name and the address; start a back-off past the free ones."""
    now = time.time()
    # Forget finished runs of failures, so names tried once do not pile up.
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.last < now - settings.login_failure_window_seconds, LoginFailure.blocked_until < now
        )
    )
    for key, free, _what in _keys(username, address, settings):
        row = session.get(LoginFailure, key)
        if row is None:
            row = LoginFailure(key=key, failures=0, last=now, blocked_until=0.0)
            session.add(row)
        if now - row.last > settings.login_failure_window_seconds:
            row.failures = 0  # an old run of failures is forgotten
        row.failures += 1
        row.last = now
        if row.failures >= free:
            delay = settings.login_backoff_seconds * 2 ** min(row.failures - free, 30)
            row.blocked_until = now + min(delay, settings.login_backoff_max_seconds)


def record_success(session: Session, username: str) -> None:
    """A correct password clears the account's failures (not the address's)."""
    session.execute(
        delete(LoginFailure).where(LoginFailure.key == f"account:{username.strip().casefold()[:150]}")
    )
