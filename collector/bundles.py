"""Importing USB bundles: checked like an HTTP batch, signed by the kiosk's token."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from collector.catalogue import batch_problem
from collector.ingest import IngestResult, ingest
from collector.kiosks import kiosk_token_hash
from contract.bundles import BUNDLE_SUFFIX, BundleError, read_bundle, verify_bundle, write_ack
from contract.wire import BundleBatch


def bundle_files(path: Path) -> list[Path]:
    """The bundle itself, or every bundle in a folder (a USB stick)."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob(f"*{BUNDLE_SUFFIX}"))
    if not path.exists():
        raise BundleError(f"{path}: no such file or folder")
    return [path]


def import_bundle(engine: Engine, path: Path) -> IngestResult:
    doc = read_bundle(path)
    expected = kiosk_token_hash(engine, doc["kiosk_id"])
    if expected is None:
        raise BundleError(f"{path}: unknown kiosk {doc['kiosk_id']!r} (add it with 'collector add-kiosk')")
    if not verify_bundle(doc, expected):
        raise BundleError(f"{path}: signature does not match kiosk {doc['kiosk_id']!r}'s token, nothing imported")
    try:
        batch = BundleBatch.model_validate_json(doc["payload"])
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BundleError(f"{path}: invalid bundle, nothing imported: "
                          f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    problem = batch_problem(batch)
    if problem:
        raise BundleError(f"{path}: invalid bundle, nothing imported: {problem}")
    if batch.kiosk_id != doc["kiosk_id"]:
        raise BundleError(f"{path}: bundle of {doc['kiosk_id']!r} holds events of {batch.kiosk_id!r}")
    result = ingest(engine, batch, source="usb")
    try:  # tell the kiosk, through the stick, that these events are safe here
        write_ack(path, doc, expected)
    except OSError:
        pass  # a read-only stick: the events stay pending on the kiosk, which is safe
    return result
