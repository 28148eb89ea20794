"""The release file: a plain ZIP (any archive tool can look inside), read defensively.

Layout: ``manifest.json``, ``manifest.sig`` (base64 Ed25519 signature), then every
content file under ``exhibits/``. Only regular files, stored or deflated, without
encryption, comments or ZIP64. Before the standard library parses anything, the end
record is checked by hand so that the number of entries and the size of the
directory are bounded; every entry's name and type is checked before it is read, and
every read stops at the size the (signed) manifest gives.
"""
from __future__ import annotations

import base64
import binascii
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from .manifest import unsafe_path_reason
from .messages import ReleaseError, human_size, say

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
CONTENT_PREFIX = "exhibits/"
CHUNK = 1 << 16

_END_RECORD = struct.Struct("<4s4H2LH")  # end of central directory, without comment
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
#: what reading a damaged or truncated archive can raise (never a write error)
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError, ValueError, OSError)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 500 * 1024 * 1024  # the file, and the content once inflated
    max_files: int = 5000
    max_manifest_bytes: int = 8 * 1024 * 1024
    max_signature_bytes: int = 1024


# --- writing ----------------------------------------------------------------------------
def write_archive(fh: BinaryIO, manifest: bytes, signature: bytes, files: Iterable[tuple[str, Path]],
                  date_time: tuple[int, int, int, int, int, int]) -> None:
    """``files``: (path inside exhibits/, file on disk) in manifest order."""
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=False) as zf:
        zf.writestr(_info(MANIFEST_NAME, date_time, len(manifest)), manifest)
        zf.writestr(_info(SIGNATURE_NAME, date_time, 0), base64.b64encode(signature) + b"\n")
        for relative, source in files:
            info = _info(CONTENT_PREFIX + relative, date_time, source.stat().st_size)
            with open(source, "rb") as src, zf.open(info, "w") as dst:
                while chunk := src.read(CHUNK):
                    dst.write(chunk)


def _info(name: str, date_time, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.create_system = 3  # Unix: the mode above is meaningful
    info.file_size = size
    return info


# --- reading ------------------------------------------------------------------------------
class ReleaseArchive:
    """An opened release file whose structure has been checked; use as a context manager."""

    def __init__(self, path: Path, limits: Limits = Limits()):
        self.path = Path(path)
        self.limits = limits
        self._fh = _open_regular(self.path)
        try:
            size = os.fstat(self._fh.fileno()).st_size
            if size > limits.max_bytes:
                raise ReleaseError("file.too_big", size=human_size(size), limit=human_size(limits.max_bytes))
            _check_end_record(self._fh, size, limits)
            try:
                self._zip = zipfile.ZipFile(self._fh)
            except _READ_ERRORS as exc:
                raise ReleaseError("file.damaged", detail=_detail(exc)) from None
            self.entries = _checked_entries(self._zip, limits)
        except BaseException:
            self._fh.close()
            raise

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "ReleaseArchive":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- what it holds ----------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.entries

    def content_entries(self) -> dict[str, zipfile.ZipInfo]:
        """Path inside the content folder -> entry."""
        return {n[len(CONTENT_PREFIX):]: i for n, i in self.entries.items() if n.startswith(CONTENT_PREFIX)}

    def read_small(self, name: str, cap: int) -> bytes:
        parts: list[bytes] = []
        try:
            self.stream(name, cap, parts.append)
        except ReleaseError as exc:
            if exc.key == "file.mismatch":
                raise ReleaseError("manifest.invalid", detail=say("detail.entry_too_large", name=name)) from None
            raise
        return b"".join(parts)

    def read_signature(self) -> bytes:
        text = self.read_small(SIGNATURE_NAME, self.limits.max_signature_bytes)
        try:
            return base64.b64decode(text.strip(), validate=True)
        except binascii.Error:
            return b""

    def stream(self, name: str, cap: int, write: Callable[[bytes], object]) -> int:
        """Inflate entry ``name`` into ``write`` chunk by chunk, never more than ``cap``
        bytes; returns the size. Errors of ``write`` (a full disk) pass through as they are."""
        info = self.entries[name]
        try:
            src = self._zip.open(info)
        except _READ_ERRORS as exc:
            raise ReleaseError("file.damaged", detail=_detail(exc)) from None
        total = 0
        with src:
            while True:
                try:
                    chunk = src.read(CHUNK)
                except _READ_ERRORS as exc:
                    raise ReleaseError("file.damaged", detail=_detail(exc)) from None
                if not chunk:
                    return total
                total += len(chunk)
                if total > cap:
                    raise ReleaseError("file.mismatch", path=name)
                write(chunk)


def _open_regular(path: Path) -> BinaryIO:
    """Open for reading without blocking on a FIFO or reading a device: a regular file only."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ReleaseError("file.missing", path=path) from None
    except OSError as exc:
        raise ReleaseError("file.unreadable", path=path, detail=exc.strerror or exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ReleaseError("file.not_release")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _check_end_record(fh: BinaryIO, size: int, limits: Limits) -> None:
    """The last 22 bytes must be the end record of a small, comment-free, non-ZIP64
    archive whose directory ends right before it. A truncated file fails here."""
    if size < _END_RECORD.size:
        raise ReleaseError("file.damaged", detail=say("detail.too_short"))
    try:
        fh.seek(size - _END_RECORD.size)
        record = fh.read(_END_RECORD.size)
        (sig, disk, cd_disk, entries_here, entries, cd_size, cd_offset, comment) = _END_RECORD.unpack(record)
        fh.seek(max(0, size - _END_RECORD.size - 20))
        before = fh.read(4)
    except (OSError, struct.error) as exc:
        raise ReleaseError("file.damaged", detail=_detail(exc)) from None
    if sig != _END_SIGNATURE:
        raise ReleaseError("file.damaged", detail=say("detail.end_missing"))
    if disk or cd_disk or entries_here != entries or comment or before == _ZIP64_LOCATOR_SIGNATURE:
        raise ReleaseError("file.not_release")
    if cd_offset + cd_size != size - _END_RECORD.size:
        raise ReleaseError("file.damaged", detail=say("detail.toc_misplaced"))
    if entries > limits.max_files + 2:
        raise ReleaseError("file.too_many_files", count=entries, limit=limits.max_files)


def _checked_entries(zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    entries: dict[str, zipfile.ZipInfo] = {}
    infos = zf.infolist()
    if len(infos) > limits.max_files + 2:
        raise ReleaseError("file.too_many_files", count=len(infos), limit=limits.max_files)
    if not any(info.filename == MANIFEST_NAME for info in infos):
        raise ReleaseError("file.not_release")  # some other ZIP (photos on the same stick…)
    total = 0
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16 if info.create_system == 3 else 0
        if name in entries:
            why = "listed twice"
        elif info.flag_bits & 0x1:
            why = "encrypted"
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            why = "unknown compression"
        elif info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: no type given
            why = "a link, a folder or a device, not an ordinary file"
        elif name in (MANIFEST_NAME, SIGNATURE_NAME):
            why = None
        elif name.startswith(CONTENT_PREFIX):
            why = unsafe_path_reason(name[len(CONTENT_PREFIX):])
        else:
            why = "outside the exhibits/ folder"
        if why:
            raise ReleaseError("file.unsafe_entry", name=name[:200], detail=why)
        total += info.file_size
        if total > limits.max_bytes:
            raise ReleaseError("file.too_big", size=human_size(total), limit=human_size(limits.max_bytes))
        entries[name] = info
    return entries


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
