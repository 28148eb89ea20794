"""Failed logins slowed down, per client address and per account, without letting an
attacker lock a coordinator out for good.

- **Per address**: after ``address_failures`` failed logins within ``window_s`` (any
  account), that address may not try again until the oldest of them is ``window_s`` old.
- **Per account**: after ``account_failures`` failures in a row, the account waits
  ``first_lock_s``, doubled at each further failure, at most ``max_lock_s``; a success
  clears it. A browser that already logged into that account (it holds a "known
  browser" cookie, an HMAC of the account's name under the server's key) is not held by
  the account's wait: an attacker hammering an account from elsewhere cannot keep its
  coordinator out. It is still held by its own address's count.
- While held, the password is not even checked (no oracle); the answer is 429 with
  ``Retry-After`` and a message in the page's language (French first).

Counts live in the collector's memory (a restart clears them) and are bounded: at most
``max_entries`` addresses and accounts are remembered, the oldest forgotten first.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottleRules:
    address_failures: int = 10
    window_s: float = 15 * 60
    account_failures: int = 5
    first_lock_s: float = 60
    max_lock_s: float = 15 * 60
    max_entries: int = 10_000


class LoginThrottle:
    def __init__(self, rules: ThrottleRules | None = None, clock=time.monotonic) -> None:
        self.rules = rules or ThrottleRules()
        self._clock = clock
        self._lock = threading.Lock()
        self._addresses: OrderedDict[str, deque[float]] = OrderedDict()
        self._accounts: OrderedDict[str, tuple[int, float]] = OrderedDict()  # failures in a row, held until
        self._key = secrets.token_bytes(32)

    # --- the "known browser" cookie ----------------------------------------------------
    def known_browser_token(self, username: str) -> str:
        return hmac.new(self._key, username.encode(), hashlib.sha256).hexdigest()

    def is_known_browser(self, username: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token, self.known_browser_token(username))

    # --- the counts ----------------------------------------------------------------------
    def wait_s(self, address: str, username: str, known_browser: bool = False) -> float:
        """Seconds this address must wait before trying this account (0: it may try)."""
        now = self._clock()
        with self._lock:
            waits = [0.0]
            failures = self._addresses.get(address)
            if failures:
                while failures and failures[0] <= now - self.rules.window_s:
                    failures.popleft()
                if len(failures) >= self.rules.address_failures:
                    waits.append(failures[0] + self.rules.window_s - now)
            if not known_browser and username in self._accounts:
                waits.append(self._accounts[username][1] - now)
            return max(waits)

    def failed(self, address: str, username: str) -> None:
        now = self._clock()
        with self._lock:
            self._remember(self._addresses, address, deque()).append(now)
            count, _ = self._accounts.get(username, (0, 0.0))
            count += 1
            held = 0.0
            if count >= self.rules.account_failures:
                doublings = count - self.rules.account_failures
                held = self.rules.max_lock_s if doublings > 30 else \
                    min(self.rules.first_lock_s * 2 ** doublings, self.rules.max_lock_s)
            self._remember(self._accounts, username, None)
            self._accounts[username] = (count, now + held)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._accounts.pop(username, None)

    def _remember(self, table: OrderedDict, key: str, default):
        if key in table:
            table.move_to_end(key)
        else:
            while len(table) >= self.rules.max_entries:
                table.popitem(last=False)
            table[key] = default
        return table[key]


def minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))
