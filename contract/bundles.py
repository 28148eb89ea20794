"""The USB route: a batch written to a file signed by the kiosk, and the collector's
acknowledgement written back next to it.

A bundle is the batch (:mod:`contract.wire`) as JSON inside a gzip file with an
HMAC-SHA256 signature keyed by the sha256 of the kiosk's token (what the collector
keeps), so the collector can check who wrote it without storing the token itself.

Bundles come from USB sticks, so the reader trusts nothing about the file: it opens
regular files only (never a device, a FIFO or a folder, whatever their name, and
without waiting on them), reads at most :data:`~contract.limits.MAX_BUNDLE_FILE_BYTES`,
and measures the inflated size before keeping any of it: a small file that would
inflate past :data:`~contract.limits.MAX_BUNDLE_JSON_BYTES` is refused after a pass
that holds a few MB at a time. The writer splits its exports to stay under both.
Messages (:class:`BundleError`) do not name the file: the caller does, quoted.
"""
from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
import stat
import zlib
from pathlib import Path

from .limits import MAX_BUNDLE_FILE_BYTES, MAX_BUNDLE_JSON_BYTES

BUNDLE_FORMAT = "urssaf-kiosk-stats-bundle/1"
BUNDLE_SUFFIX = ".kstats.gz"
ACK_FORMAT = "urssaf-kiosk-stats-ack/1"
ACK_SUFFIX = ".ack"


class BundleError(ValueError):
    pass


class BundleTooLarge(BundleError):
    """Writing: these events do not fit one bundle (split them)."""


_STEP = 1 << 20


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(payload: str, token_sha256_hex: str) -> str:
    return hmac.new(bytes.fromhex(token_sha256_hex), payload.encode(), hashlib.sha256).hexdigest()


def encode_bundle(batch: dict, token: str) -> bytes:
    """The bundle's gzip bytes; :class:`BundleTooLarge` past the limits a reader enforces."""
    payload = json.dumps(batch, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    doc = {"format": BUNDLE_FORMAT, "kiosk_id": batch["kiosk_id"], "payload": payload,
           "signature": sign(payload, token_hash(token))}
    text = json.dumps(doc).encode()
    if len(text) > MAX_BUNDLE_JSON_BYTES:
        raise BundleTooLarge(f"{len(batch.get('events', []))} events make {len(text)} bytes, "
                             f"over {MAX_BUNDLE_JSON_BYTES}")
    body = gzip.compress(text)
    if len(body) > MAX_BUNDLE_FILE_BYTES:
        raise BundleTooLarge(f"{len(body)} bytes compressed, over {MAX_BUNDLE_FILE_BYTES}")
    return body


def write_bundle(batch: dict, token: str, path: Path) -> Path:
    body = encode_bundle(batch, token)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)  # a pulled USB stick leaves a .part file, never a truncated bundle
    return path


def read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BUNDLE_FILE_BYTES; BundleError otherwise.
    Never blocks on a FIFO, never reads a device (following a symbolic link is fine:
    what it points to is checked)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise BundleError(f"cannot open it ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BundleError(f"not a regular file ({_file_type(info.st_mode)}): only bundle files are imported")
        if info.st_size > MAX_BUNDLE_FILE_BYTES:
            raise BundleError(f"file too large ({info.st_size} bytes, over {MAX_BUNDLE_FILE_BYTES})")
        chunks, size = [], 0
        while chunk := os.read(fd, _STEP):
            size += len(chunk)
            if size > MAX_BUNDLE_FILE_BYTES:  # it grew while being read
                raise BundleError(f"file too large (over {MAX_BUNDLE_FILE_BYTES} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise BundleError(f"cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def inflate(raw: bytes, limit: int = MAX_BUNDLE_JSON_BYTES) -> bytes:
    """gzip ``raw`` inflated, refused past ``limit`` bytes before any of it is kept: a
    first pass only counts (a few MB at a time), the second keeps what the first measured."""
    size = 0
    for piece in _inflated_pieces(raw):
        size += len(piece)
        if size > limit:
            raise BundleError(f"inflates to more than {limit} bytes: refused")
    return b"".join(_inflated_pieces(raw))


def _inflated_pieces(raw: bytes):
    inflater = zlib.decompressobj(wbits=31)
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), _STEP // 16):  # small slices: a short tail to copy each time
            data = view[start:start + _STEP // 16]
            while data and not inflater.eof:
                yield inflater.decompress(data, _STEP)
                data = inflater.unconsumed_tail
            if inflater.eof:
                break
        while not inflater.eof and (out := inflater.decompress(b"", _STEP)):  # what zlib still holds
            yield out
    except zlib.error as exc:
        raise BundleError(f"not a statistics bundle (not gzip: {exc})") from None
    if not inflater.eof:
        raise BundleError("not a statistics bundle (the gzip data is cut short)")


def read_bundle(path: Path) -> dict:
    """The outer document of a bundle (format, kiosk_id, payload, signature), unchecked."""
    text = inflate(read_file(path))
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BundleError(f"not a statistics bundle (not JSON: {exc})") from None
    del text
    if not isinstance(doc, dict) or doc.get("format") != BUNDLE_FORMAT:
        raise BundleError("not a statistics bundle (unknown format)")
    for key in ("kiosk_id", "payload", "signature"):
        if not isinstance(doc.get(key), str):
            raise BundleError(f"damaged bundle (no {key})")
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
            ack = json.loads(read_file(ack_path))
            doc = read_bundle(bundle_path)
        except (OSError, ValueError, RecursionError):
            continue
        if not isinstance(ack, dict) or ack.get("format") != ACK_FORMAT or doc["kiosk_id"] != kiosk_id:
            continue
        digest = hashlib.sha256(doc["payload"].encode()).hexdigest()
        if ack.get("payload_sha256") == digest and hmac.compare_digest(
                str(ack.get("signature")), _ack_signature(digest, token_hash(token))):
            yield bundle_path, doc
