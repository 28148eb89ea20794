"""Importing USB bundles: checked like an HTTP batch, signed by the kiosk's token.

A folder (a USB stick) is imported bundle by bundle: each bundle is a unit (all its
events or none), a bad file never stops the good ones. :func:`import_all` says what
happened to each file and sums it up; the command prints at most
:data:`MAX_ERROR_LINES` refusals. Names are always shown quoted (:func:`quoted`), so a
file name holding a newline or a control character cannot forge an output line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from collector.catalogue import batch_problem
from collector.ingest import IngestResult, ingest
from collector.kiosks import kiosk_token_hash
from contract.bundles import BUNDLE_SUFFIX, BundleError, read_bundle, verify_bundle, write_ack
from contract.wire import BundleBatch

#: refusals printed by ``collector import`` before "… and N more"
MAX_ERROR_LINES = 10


def quoted(value: object) -> str:
    """``value`` as one printable line between double quotes: control, format and
    separator characters (newlines, bidi overrides…) and quotes are escaped."""
    out = []
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def bundle_files(path: Path) -> list[Path]:
    """The bundle itself, or every file named like a bundle in a folder (a USB stick);
    what is not a regular file is refused when it is read."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob(f"*{BUNDLE_SUFFIX}"))
    if not path.exists() and not path.is_symlink():
        raise BundleError("no such file or folder")
    return [path]


def import_bundle(engine: Engine, path: Path) -> IngestResult:
    doc = read_bundle(path)
    expected = kiosk_token_hash(engine, doc["kiosk_id"])
    if expected is None:
        raise BundleError(f"unknown kiosk {quoted(doc['kiosk_id'])} (add it with 'collector add-kiosk')")
    if not verify_bundle(doc, expected):
        raise BundleError(f"signature does not match kiosk {quoted(doc['kiosk_id'])}'s token, nothing imported")
    try:
        batch = BundleBatch.model_validate_json(doc["payload"])
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BundleError(f"invalid bundle, nothing imported: "
                          f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    problem = batch_problem(batch)
    if problem:
        raise BundleError(f"invalid bundle, nothing imported: {problem}")
    if batch.kiosk_id != doc["kiosk_id"]:
        raise BundleError(f"bundle of {quoted(doc['kiosk_id'])} holds events of {quoted(batch.kiosk_id)}")
    result = ingest(engine, batch, source="usb")
    try:  # tell the kiosk, through the stick, that these events are safe here
        write_ack(path, doc, expected)
    except OSError:
        pass  # a read-only stick: the events stay pending on the kiosk, which is safe
    return result


@dataclass
class ImportReport:
    imported: list[tuple[Path, IngestResult]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def new_events(self) -> int:
        return sum(len(r.accepted) for _, r in self.imported)

    @property
    def known_events(self) -> int:
        return sum(len(r.known) for _, r in self.imported)

    def summary(self) -> str:
        text = (f"import: {len(self.imported)} bundle{'s' if len(self.imported) != 1 else ''} imported "
                f"({self.new_events} new events, {self.known_events} already known)")
        if self.refused:
            text += f", {len(self.refused)} file{'s' if len(self.refused) != 1 else ''} refused"
        return text


def import_all(engine: Engine, files: list[Path], on_imported=None, on_refused=None) -> ImportReport:
    """Import each file on its own; a refused one is reported and the next one tried."""
    report = ImportReport()
    for path in files:
        try:
            result = import_bundle(engine, path)
        except BundleError as exc:
            report.refused.append((path, one_line(str(exc))))
            if on_refused:
                on_refused(path, report.refused[-1][1])
            continue
        report.imported.append((path, result))
        if on_imported:
            on_imported(path, result)
    return report


def one_line(text: str) -> str:
    """A message on one printable line (what it quotes from a file may hold anything)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
