"""Release files on USB sticks: found, verified and checked, for staff to choose from.

Looks at the top of each mounted stick and one folder down, for ``.zip`` files that
are releases (other ZIP files are not listed). Each one found is judged exactly as an
install would judge it (:meth:`ReleaseManager.evaluate`), which takes a few seconds per
file: call it off the UI thread.
"""
from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .apply import ReleaseManager, Verdict

DEFAULT_MEDIA = ("/media/*/*", "/run/media/*/*")
MAX_CANDIDATES = 50  # files looked at per search: a stick full of archives stays quick


@dataclass
class FoundRelease:
    path: Path
    verdict: Verdict

    @property
    def version(self) -> str | None:
        return self.verdict.manifest.content_version if self.verdict.manifest else None


def release_files(folders: Iterable[str] = DEFAULT_MEDIA) -> list[Path]:
    """``.zip`` files at the top of each folder (patterns allowed) and one level down."""
    found: list[Path] = []
    for pattern in folders:
        for mount in sorted(glob.glob(pattern)):
            for folder in [mount, *_subfolders(mount)]:
                for path in _zip_files(folder):
                    if path not in found:
                        found.append(path)
                    if len(found) >= MAX_CANDIDATES:
                        return found
    return found


def _subfolders(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as it:
            return sorted(e.path for e in it if e.is_dir(follow_symlinks=False) and not e.name.startswith("."))
    except OSError:
        return []


def _zip_files(folder: str) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return []
    out = []
    for e in entries:
        if e.name.lower().endswith(".zip") and not e.name.startswith("."):
            try:
                if stat.S_ISREG(e.stat(follow_symlinks=False).st_mode):
                    out.append(Path(e.path))
            except OSError:
                continue
    return out


def find_releases(manager: ReleaseManager, folders: Iterable[str] = DEFAULT_MEDIA, *,
                  allow_older: bool = False) -> list[FoundRelease]:
    """Every release file found, newest first, each with what this kiosk would do with it
    (accepted, or refused and why). ZIP files that are not releases are left out.
    ``allow_older``: judge older and withdrawn releases as a rollback would (staff then
    see whether they could go back to one, or why not)."""
    found = []
    for path in release_files(folders):
        verdict = manager.evaluate(path, allow_older=allow_older)
        if verdict.error is not None and verdict.error.key == "file.not_release":
            continue
        found.append(FoundRelease(path, verdict))
    found.sort(key=lambda f: (f.verdict.manifest is not None,
                              f.verdict.manifest.sort_key() if f.verdict.manifest else ()), reverse=True)
    return found
