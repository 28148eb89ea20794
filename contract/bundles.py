"""The USB route: a batch written to a file signed by the kiosk, and the collector's
acknowledgement written back next to it.

A bundle is the batch (:mod:`contract.wire`) as JSON inside a gzip file with an
HMAC-SHA256 signature keyed by the sha256 of the kiosk's token (what the collector
keeps), so the collector can check who wrote it without storing the token itself.
"""
from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
from pathlib import Path

BUNDLE_FORMAT = "urssaf-kiosk-stats-bundle/1"
BUNDLE_SUFFIX = ".kstats.gz"
ACK_FORMAT = "urssaf-kiosk-stats-ack/1"
ACK_SUFFIX = ".ack"


class BundleError(ValueError):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(payload: str, token_sha256_hex: str) -> str:
    return hmac.new(bytes.fromhex(token_sha256_hex), payload.encode(), hashlib.sha256).hexdigest()


def write_bundle(batch: dict, token: str, path: Path) -> Path:
    payload = json.dumps(batch, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    doc = {"format": BUNDLE_FORMAT, "kiosk_id": batch["kiosk_id"], "payload": payload,
           "signature": sign(payload, token_hash(token))}
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(gzip.compress(json.dumps(doc).encode()))
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)  # a pulled USB stick leaves a .part file, never a truncated bundle
    return path


def read_bundle(path: Path) -> dict:
    """The outer document of a bundle (format, kiosk_id, payload, signature), unchecked."""
    try:
        doc = json.loads(gzip.decompress(Path(path).read_bytes()))
    except (OSError, EOFError, ValueError) as exc:
        raise BundleError(f"{path}: not a statistics bundle ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{path}: not a statistics bundle (unknown format)")
    for key in ("kiosk_id", "payload", "signature"):
        if not isinstance(doc.get(key), str):
            raise BundleError(f"{path}: damaged bundle (no {key})")
    return doc


def verify_bundle(doc: dict, token_sha256_hex: str) -> bool:
    return hmac.compare_digest(sign(doc["payload"], token_sha256_hex), doc["signature"])


# --- the collector's acknowledgement of a bundle, written back onto the stick ---------
def _ack_signature(payload_sha256: str, token_sha256_hex: str) -> str:
    return hmac.new(bytes.fromhex(token_sha256_hex), f"ack:{payload_sha256}".encode(), hashlib.sha256).hexdigest()


def write_ack(bundle_path: Path, doc: dict, token_sha256_hex: str) -> Path:
    """Say "every event of this bundle is in the collector" next to the bundle."""
    digest = hashlib.sha256(doc["payload"].encode()).hexdigest()
    ack = {"format": ACK_FORMAT, "kiosk_id": doc["kiosk_id"], "payload_sha256": digest,
           "signature": _ack_signature(digest, token_sha256_hex)}
    path = Path(str(bundle_path) + ACK_SUFFIX)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(ack))
    tmp.replace(path)
    return path


def acknowledged_bundles(folder: Path, token: str, kiosk_id: str):
    """The bundles of this kiosk in ``folder`` that carry a valid acknowledgement."""
    for ack_path in sorted(Path(folder).glob(f"*{BUNDLE_SUFFIX}{ACK_SUFFIX}")):
        bundle_path = Path(str(ack_path)[: -len(ACK_SUFFIX)])
        try:
            ack = json.loads(ack_path.read_text())
            doc = read_bundle(bundle_path)
        except (OSError, ValueError):
            continue
        if not isinstance(ack, dict) or ack.get("format") != ACK_FORMAT or doc["kiosk_id"] != kiosk_id:
            continue
        digest = hashlib.sha256(doc["payload"].encode()).hexdigest()
        if ack.get("payload_sha256") == digest and hmac.compare_digest(
                str(ack.get("signature")), _ack_signature(digest, token_hash(token))):
            yield bundle_path, doc
