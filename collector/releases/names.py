"""Content ids and versions as people read them, from the published releases.

Events carry an exhibit's content version (what the kiosk's loader computed for its
file) and content ids (a statement's, an intent's); a release's manifest lists the
version of each of its exhibits. So a figure recorded with version V of exhibit E is
named from the release(s) holding E at V — the newest of them when several do (a file
unchanged between releases) — and a version no published release holds is shown as
it is: an honest id rather than a guessed name.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from contract.figures import ContentText

from .tables import release_exhibits, releases


@dataclass
class Naming:
    """One exhibit as one release has it."""

    release_id: str
    version: str          # the release's human version
    created_at: datetime
    title: dict
    texts: dict


@dataclass
class ReleaseIndex:
    by_version: dict[tuple[str, str], list[Naming]] = field(default_factory=dict)  # newest first
    newest: dict[str, Naming] = field(default_factory=dict)                         # exhibit id -> newest
    version_names: dict[str, list[str]] = field(default_factory=dict)               # content version -> names
    fingerprints: dict[str, str] = field(default_factory=dict)                      # health's version -> name


_cache: dict[str, tuple[tuple, ReleaseIndex]] = {}
_lock = threading.Lock()


def load_index(conn: Connection) -> ReleaseIndex:
    """Every release's names, cached until a release is published."""
    stamp = tuple(conn.execute(select(func.count(), func.max(releases.c.published_at))).one())
    key = str(conn.engine.url)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
    index = ReleaseIndex()
    info = {r.release_id: r for r in conn.execute(select(releases.c.release_id, releases.c.version,
                                                         releases.c.created_at, releases.c.content_fingerprint))}
    for r in info.values():
        if r.content_fingerprint:
            index.fingerprints[r.content_fingerprint] = r.version
    by_version: dict[tuple[str, str], list[Naming]] = defaultdict(list)
    for row in conn.execute(select(release_exhibits)):
        release = info.get(row.release_id)
        if release is None:
            continue
        naming = Naming(row.release_id, release.version, release.created_at, _dict(row.title), _dict(row.texts))
        by_version[(row.exhibit_id, row.content_version)].append(naming)
    for (exhibit_id, version), namings in by_version.items():
        namings.sort(key=lambda n: (n.created_at, n.release_id), reverse=True)
        index.by_version[(exhibit_id, version)] = namings
        newest = index.newest.get(exhibit_id)
        if newest is None or (namings[0].created_at, namings[0].release_id) > (newest.created_at, newest.release_id):
            index.newest[exhibit_id] = namings[0]
        names = index.version_names.setdefault(version, [])
        for n in reversed(namings):  # oldest first
            if n.version not in names:
                names.append(n.version)
    with _lock:
        _cache[key] = (stamp, index)
    return index


def _dict(value) -> dict:
    if isinstance(value, str):  # a JSON column read back as text by some drivers
        import json

        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _pick(text: dict, lang: str) -> str | None:
    if not text:
        return None
    return text.get(lang) or text.get("") or text.get("fr") or next(iter(text.values()), None)


class ContentNames:
    """The index, read in the coordinator's language."""

    def __init__(self, index: ReleaseIndex, lang: str):
        self.index = index
        self.lang = lang

    def version(self, version: str | None) -> str:
        """A content version (an exhibit's, or the health report's) by its human name(s)."""
        if not version:
            return ""
        if version in self.index.fingerprints:
            return self.index.fingerprints[version]
        names = self.index.version_names.get(version)
        if not names:
            return version
        return names[0] if len(names) == 1 else f"{names[0]} – {names[-1]}"

    def versions(self, versions: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(self.version(v) for v in versions if v))

    def _namings(self, exhibit_id: str, versions: Iterable[str] | None) -> list[Naming]:
        if versions is None:
            newest = self.index.newest.get(exhibit_id)
            return [newest] if newest else []
        found = [n for v in versions for n in self.index.by_version.get((exhibit_id, v), ())]
        return sorted(found, key=lambda n: (n.created_at, n.release_id), reverse=True)

    def exhibit(self, exhibit_id: str | None, versions: Iterable[str] | None = None) -> str | None:
        """The exhibit's title from the newest release holding it at one of ``versions``
        (None: at any version)."""
        if not exhibit_id:
            return None
        for naming in self._namings(exhibit_id, versions):
            title = _pick(naming.title, self.lang)
            if title:
                return title
        return None

    def key_text(self, exhibit_id: str, versions: Iterable[str], content: ContentText, key: str) -> str | None:
        """The text of content id ``key`` (of ``content.kind``) where the exhibit had it."""
        for naming in self._namings(exhibit_id, versions):
            text = _pick((naming.texts.get(content.kind) or {}).get(key) or {}, self.lang)
            if text:
                return text
        return None


def names_for(conn: Connection, lang: str) -> ContentNames:
    return ContentNames(load_index(conn), lang)
