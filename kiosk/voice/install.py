"""Installing a Vosk model: from a zip file, a folder (a USB stick at a site), or by
its official name when online. The model is copied under the data folder, checked to
load, then its path is recorded in the config. A kiosk never downloads at run time:
this is a staff command."""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .models import ModelError, SpeechModel, find_model_dir

#: where official models are published (only used by this command, when online)
OFFICIAL_URL = "https://alphacephei.com/vosk/models/{name}.zip"
OFFICIAL_NAME = re.compile(r"^vosk-model-[A-Za-z0-9][A-Za-z0-9._-]*$")
_LANG_IN_NAME = re.compile(r"vosk-model-(?:small-)?([a-z]{2})(?:[-_.]|$)")


def guess_language(name: str) -> str | None:
    """``vosk-model-small-fr-0.22`` -> ``fr``; None when the name does not say."""
    found = _LANG_IN_NAME.search(name.lower())
    return found.group(1) if found else None


def _download(name: str, dest: Path) -> Path:
    import httpx

    url = OFFICIAL_URL.format(name=name)
    target = dest / f"{name}.zip"
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=30) as response:
            if response.status_code != 200:
                raise ModelError(f"cannot download {name}: HTTP {response.status_code} from {url}")
            with target.open("wb") as out:
                for block in response.iter_bytes(1 << 20):
                    out.write(block)
    except httpx.HTTPError as exc:
        raise ModelError(f"cannot download {name} (offline?): {exc}") from None
    return target


def _unzip(archive: Path, dest: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(dest)  # extractall drops absolute paths and '..' parts
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"cannot unpack {archive}: {exc}") from None
    found = find_model_dir(dest)
    if found is None:
        raise ModelError(f"no Vosk model inside {archive} (no am/final.mdl and conf/)")
    return found


def install_model(source: str, models_root: Path, language: str | None = None) -> tuple[str, Path]:
    """Install ``source`` under ``models_root``; returns ``(language, model folder)``.
    Raises :class:`ModelError` with a one-line message; nothing is left half-installed."""
    src = Path(source).expanduser()
    with tempfile.TemporaryDirectory(prefix="vosk-install-", dir=_existing(models_root)) as tmp:
        work = Path(tmp)
        if src.is_file():
            name = src.name[:-4] if src.suffix.lower() == ".zip" else src.stem
            found = _unzip(src, work / "unpacked")
        elif src.is_dir():
            found = find_model_dir(src)
            if found is None:
                raise ModelError(f"not a Vosk model folder (no am/final.mdl and conf/): {src}")
            name = found.name if found.name != "model" else src.name
        elif OFFICIAL_NAME.match(source):
            name = source
            found = _unzip(_download(source, work), work / "unpacked")
        else:
            raise ModelError(f"no such file or folder, and not an official model name: {source}")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "model"
        language = language or guess_language(name) or guess_language(found.name)
        if language is None:
            raise ModelError(f"cannot tell the language of '{name}': say it with --lang")
        if src.is_dir():  # copied: the stick will be unplugged
            staged = work / "staged"
            shutil.copytree(found, staged)
        else:
            staged = found  # already unpacked in our temporary folder
        SpeechModel.load(staged)  # raises ModelError when broken
        target = models_root / f"{language}-{name}"
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staged), target)
    return language, target


def _existing(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
