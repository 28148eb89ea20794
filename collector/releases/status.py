"""Each kiosk's release as its latest health report tells it: the release shown (or
its content folder), the one being downloaded or waiting for the attract screen, and
the latest failure with its reason; beside what the collector assigned to it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from collector import db

from .tables import releases
from .targets import all_assignments, assigned_from
from .texts import error_text, tr

#: failures older than the kiosk's latest change of release are history, not news
_CHANGES = ("installed", "switched", "confirmed")


@dataclass
class KioskRelease:
    kiosk_id: str
    site: str | None
    departement: str | None
    last_seen_at: datetime | None
    reported: bool                 # its health report says something of releases
    assigned_id: str | None
    assigned_version: str | None
    shown_id: str | None
    shown: str                     # what it shows, for people
    trial: bool
    next: str | None               # downloading / downloaded / waiting, for people
    next_state: str | None         # "downloading", "downloaded", "waiting"
    failure: str | None
    failure_at: str | None

    @property
    def up_to_date(self) -> bool:
        return self.assigned_id is not None and self.assigned_id == self.shown_id


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def kiosk_releases(conn: Connection, lang: str, version_name=lambda v: v) -> list[KioskRelease]:
    """Every registered kiosk's release status (``version_name`` names a health report's
    content version when the kiosk shows its content folder)."""
    versions = dict(conn.execute(select(releases.c.release_id, releases.c.version)).all())
    rows = all_assignments(conn)
    out = []
    for k in conn.execute(select(db.kiosks).order_by(db.kiosks.c.kiosk_id)):
        health = _dict(k.health)
        release = _dict(health.get("release"))
        download = _dict(health.get("download"))
        shown = _dict(release.get("shown"))
        assigned = assigned_from(rows, k.kiosk_id, k.site, k.departement)
        if shown:
            shown_text = str(shown.get("version") or shown.get("release_id") or "?")
        elif release or health.get("content_version"):
            folder = version_name(health.get("content_version") or "")
            shown_text = f"{folder} ({tr('folder', lang)})" if folder else tr("folder", lang)
        else:
            shown_text = "—"
        next_text, next_state = _next(release, download, lang)
        failure, failure_at = _failure(release, download, lang)
        out.append(KioskRelease(
            kiosk_id=k.kiosk_id, site=k.site, departement=k.departement, last_seen_at=k.last_seen_at,
            reported=bool(release), assigned_id=assigned, assigned_version=versions.get(assigned),
            shown_id=shown.get("release_id"), shown=shown_text, trial=bool(release.get("trial")),
            next=next_text, next_state=next_state, failure=failure, failure_at=failure_at))
    return out


def _next(release: dict, download: dict, lang: str) -> tuple[str | None, str | None]:
    ready = _dict(release.get("ready"))
    if ready:
        return f"{ready.get('version', '?')} — {tr('waiting', lang)}", "waiting"
    state = download.get("state")
    version = download.get("version") or download.get("release_id") or "?"
    if state == "downloading":
        size, received = download.get("size"), download.get("received")
        percent = f"{min(100, int(100 * received / size))} %" if isinstance(size, int) and size > 0 \
            and isinstance(received, int) else "?"
        return f"{version} — {tr('downloading', lang, percent=percent)}", "downloading"
    if state in ("downloaded", "installing"):
        return f"{version} — {tr('downloaded', lang)}", "downloaded"
    return None, None


def _failure(release: dict, download: dict, lang: str) -> tuple[str | None, str | None]:
    if download.get("state") in ("failed", "refused") and isinstance(download.get("error"), dict):
        return error_text(download["error"], lang), download.get("at")
    failure = _dict(release.get("last_failure"))
    change = _dict(release.get("last_change"))
    if not failure or not isinstance(failure.get("reason"), dict):
        return None, None
    superseded = (change and change != failure and change.get("action") in _CHANGES
                  and str(change.get("at") or "") > str(failure.get("at") or ""))
    if superseded:
        return None, None
    what = failure.get("version") or failure.get("file") or ""
    text = error_text(failure["reason"], lang)
    return (f"{what} : {text}" if lang == "fr" else f"{what}: {text}") if what else text, failure.get("at")
