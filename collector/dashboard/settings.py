"""The dashboard's settings, from environment variables (the collector has no config file):

- ``KIOSK_DASHBOARD_SILENT_HOURS`` (24): a kiosk not heard from for longer stands out;
- ``KIOSK_DASHBOARD_SESSION_HOURS`` (8): a login lasts this long;
- ``KIOSK_DASHBOARD_TZ`` (Europe/Paris): days and hours of the figures are local to it;
- ``KIOSK_DASHBOARD_REFRESH_S`` (30): the summary tables are refreshed at most this often;
- ``KIOSK_DASHBOARD_SECURE_COOKIE`` (0): 1 makes cookies ``Secure`` always (without it
  they are ``Secure`` when the request came over HTTPS, directly or through a proxy of
  ``KIOSK_COLLECTOR_TRUSTED_PROXIES``: :mod:`collector.dashboard.security`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collector.summary.rollup import DEFAULT_TZ


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    silent_after_hours: float = 24
    session_hours: float = 8
    timezone: str = DEFAULT_TZ
    refresh_every_s: float = 30
    secure_cookies: bool = False

    @classmethod
    def from_env(cls, env=None) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for field, name in (("silent_after_hours", "KIOSK_DASHBOARD_SILENT_HOURS"),
                            ("session_hours", "KIOSK_DASHBOARD_SESSION_HOURS"),
                            ("refresh_every_s", "KIOSK_DASHBOARD_REFRESH_S")):
            if env.get(name):
                try:
                    values[field] = float(env[name])
                except ValueError:
                    raise SettingsError(f"{name}={env[name]!r} is not a number") from None
                if values[field] < 0:
                    raise SettingsError(f"{name} must not be negative")
        if env.get("KIOSK_DASHBOARD_TZ"):
            try:
                ZoneInfo(env["KIOSK_DASHBOARD_TZ"])
            except (ZoneInfoNotFoundError, ValueError):
                raise SettingsError(f"KIOSK_DASHBOARD_TZ={env['KIOSK_DASHBOARD_TZ']!r} is not a time zone") from None
            values["timezone"] = env["KIOSK_DASHBOARD_TZ"]
        values["secure_cookies"] = env.get("KIOSK_DASHBOARD_SECURE_COOKIE", "0") in ("1", "true", "yes")
        return cls(**values)
