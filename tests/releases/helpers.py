"""Shared by the release tests: real content copies, real keys, real release files."""
from __future__ import annotations

import shutil
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from kiosk.releases.apply import ReleaseManager
from kiosk.releases.build import build_release
from contract.releases.keys import SigningKey, TrustedKeys
from kiosk.releases.store import ReleaseStore
from kiosk.releases.verify import verify_installed

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def make_content(parent: Path, version: str = "2026.11-1", name: str | None = None) -> Path:
    """A copy of the shipped content with ``exhibition.yaml``'s version set to ``version``."""
    dest = parent / (name or f"content-{version}")
    shutil.copytree(ROOT / "exhibits", dest)
    exhibition = dest / "exhibition.yaml"
    text = exhibition.read_text(encoding="utf-8")
    assert 'version: "2026.11-1"' in text
    exhibition.write_text(text.replace('version: "2026.11-1"', f'version: "{version}"'), encoding="utf-8")
    return dest


def build(content: Path, key: SigningKey, out: Path, *, hours: float = 0, **kwargs):
    """Build a release as if made ``hours`` after T0 on the organisers' computer."""
    return build_release(content, key, out, clock=lambda: T0 + timedelta(hours=hours), **kwargs)


def make_manager(data: Path, keys, fallback: Path, **kwargs) -> ReleaseManager:
    trusted = keys if isinstance(keys, TrustedKeys) else TrustedKeys(k.public for k in keys)
    return ReleaseManager(ReleaseStore(data / "releases"), trusted, fallback, **kwargs)


def rezip(src: Path, dst: Path, change: Callable[[str, bytes], tuple[str, bytes] | None] = lambda n, b: (n, b),
          extra: list[zipfile.ZipInfo | tuple[str, bytes]] = ()) -> Path:
    """Copy a release file entry by entry through ``change`` (None drops an entry)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            changed = change(info.filename, zin.read(info))
            if changed is not None:
                name, data = changed
                new = zipfile.ZipInfo(name, date_time=info.date_time)
                new.external_attr = info.external_attr
                new.create_system = info.create_system
                new.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(new, data)
        for item in extra:
            if isinstance(item, zipfile.ZipInfo):
                zout.writestr(item, b"x")
            else:
                zout.writestr(item[0], item[1])
    return dst


def shown(manager: ReleaseManager) -> tuple:
    """What the kiosk shows, as a fresh start would find it: (release id or None, folder),
    the release's files verified when there is one."""
    state = manager.state()
    if state.current:
        verify_installed(manager.store.release_dir(state.current))
    return state.current, manager.content_to_load()


def release_series(folder: Path, key: SigningKey, count: int) -> dict[int, Path]:
    """Releases 2026.11-1 … 2026.11-``count``, each built a day after the one before."""
    return {v: build(make_content(folder, f"2026.11-{v}"), key, folder / f"v{v}.zip", hours=24 * v).path
            for v in range(1, count + 1)}
