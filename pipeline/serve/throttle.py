"""Login throttling with exponential back-off per account name and per client address (ASVS V2.2.1).

Each attempt counts against the account name tried (whether or not it exists, so the
answer reveals nothing) and against the client's address, before the password is checked:
the check and the count are one transaction, so a burst of parallel guesses is counted
guess by guess. Past a number of free failures within a window, every further attempt must
wait a delay that doubles with each failure; while it waits, attempts are refused without
checking the password, so guessing gets no answers at all. A success clears its account's
count and takes back its own count from the address; failures from an address only decay,
so logging into one's own account does not reset a password spray from the same address.
The same counts guard the current-password check of a password change.
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


def begin_attempt(
    session: Session, username: str, address: str | None, settings: ServeSettings
) -> Throttle | None:
    """Count an attempt as failed until it succeeds; or the wait it must honour first (nothing counted)."""
    now = time.time()
    keys = _keys(username, address, settings)
    worst: Throttle | None = None
    for key, _free, what in keys:
        row = session.get(LoginFailure, key)
        if row is not None and row.blocked_until > now:
            wait = max(1, math.ceil(row.blocked_until - now))
            if worst is None or wait > worst.seconds:
                worst = Throttle(what, wait)
    if worst is not None:
        return worst
    # Forget finished runs of failures, so names tried once do not pile up.
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.last < now - settings.login_failure_window_seconds, LoginFailure.blocked_until < now
        )
    )
    for key, free, _what in keys:
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
    return None


def succeeded(session: Session, username: str, address: str | None, settings: ServeSettings) -> None:
    """The attempt begun with :func:`begin_attempt` was right: clear the account, uncount it for the address."""
    keys = _keys(username, address, settings)
    account = session.get(LoginFailure, keys[0][0])
    if account is not None:
        session.delete(account)
    for key, free, _what in keys[1:]:
        row = session.get(LoginFailure, key)
        if row is not None:
            row.failures = max(0, row.failures - 1)
            if row.failures < free:
                row.blocked_until = 0.0
