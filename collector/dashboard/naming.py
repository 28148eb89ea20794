"""The names a page uses: exhibits by their title, content versions by their human
version, content ids by their text — from the published releases that produced the
period's figures (:mod:`collector.releases.names`); ids where no release is known."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from collector.dashboard.filters import Filters
from collector.dashboard.queries import OPENED, period_rows
from collector.releases.names import ContentNames, names_for


class PageNames:
    def __init__(self, names: ContentNames, versions: dict[str, list[str]]):
        self.names = names
        #: exhibit id -> the content versions it was opened in over the period
        self.exhibit_versions = versions

    def exhibit(self, exhibit_id: str | None, versions=None) -> str | None:
        """Its title, from the newest release that had it at one of ``versions`` (by
        default, those it was opened in over the period)."""
        if versions is None:
            versions = self.exhibit_versions.get(exhibit_id or "", ())
        return self.names.exhibit(exhibit_id, versions)

    def version(self, version: str | None) -> str:
        return self.names.version(version)

    def versions(self, versions) -> str:
        """Several content versions, by their human names, comma-separated."""
        return ", ".join(self.names.versions(versions or ()))

    def key_text(self, exhibit_id, versions, content, key):
        return self.names.key_text(exhibit_id, versions, content, key)


def page_names(conn: Connection, f: Filters | None, lang: str) -> PageNames:
    versions: dict[str, list[str]] = {}
    if f is not None:
        p = period_rows(f, lambda t: [t.c.kind == OPENED, t.c.exhibit_id.is_not(None)])
        for exhibit_id, version in conn.execute(select(p.c.exhibit_id, p.c.content_version).distinct()):
            if version:
                versions.setdefault(exhibit_id, []).append(version)
    return PageNames(names_for(conn, lang), versions)
