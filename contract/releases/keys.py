"""The organisers' Ed25519 keys: making them, reading them, signing and checking.

A private key is a PEM file (PKCS#8) readable only by its owner. A public key is one
line, ``ed25519:`` followed by the 32-byte key in base64, so it can be pasted into a
kiosk's config; its *key id* (16 hex digits of its SHA-256) names it in manifests
and messages. Signatures cover a fixed context string and the manifest's exact bytes,
so a signature made for anything else never passes for a release. (``cryptography``
is imported only to sign or check: reading the config or starting the kiosk does not
pay for it.)
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .messages import ReleaseError, say

PUBLIC_KEY_PATTERN = r"^ed25519:[A-Za-z0-9+/]{43}=$"
_PUBLIC_KEY_RE = re.compile(PUBLIC_KEY_PATTERN)
SIGNATURE_CONTEXT = b"urssaf-kiosk content release v1\n"


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @classmethod
    def parse(cls, line: str, source: str = "public key") -> "PublicKey":
        line = line.strip()
        if not _PUBLIC_KEY_RE.match(line):
            raise ReleaseError("key.bad_public", source=source)
        try:
            raw = base64.b64decode(line.split(":", 1)[1], validate=True)
        except binascii.Error:
            raise ReleaseError("key.bad_public", source=source) from None
        return cls(raw)

    @classmethod
    def read(cls, path: Path) -> "PublicKey":
        try:
            lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.lstrip().startswith("#")]
        except (OSError, UnicodeDecodeError) as exc:
            raise ReleaseError("file.unreadable", path=path, detail=exc) from None
        if len(lines) != 1:
            raise ReleaseError("key.bad_public", source=str(path))
        return cls.parse(lines[0], source=str(path))

    @property
    def text(self) -> str:
        return "ed25519:" + base64.b64encode(self.raw).decode()

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()[:16]

    def verifies(self, message: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, SIGNATURE_CONTEXT + message)
            return True
        except (InvalidSignature, ValueError):
            return False


class SigningKey:
    def __init__(self, private):
        from cryptography.hazmat.primitives import serialization

        self._private = private
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public = PublicKey(raw)

    @classmethod
    def generate(cls) -> "SigningKey":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def read(cls, path: Path) -> "SigningKey":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ReleaseError("key.unreadable", path=path, detail=exc.strerror or exc) from None
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise ReleaseError("key.unreadable", path=path, detail=str(exc).split("\n")[0]) from None
        if not isinstance(private, Ed25519PrivateKey):
            raise ReleaseError("key.unreadable", path=path, detail=say("detail.not_ed25519"))
        return cls(private)

    def write(self, path: Path) -> Path:
        """Private key to ``path`` (mode 0600, never overwriting), public key to ``path.pub``."""
        path = Path(path)
        from cryptography.hazmat.primitives import serialization

        pub_path = path.with_name(path.name + ".pub")
        for p in (path, pub_path):
            if p.exists() or p.is_symlink():
                raise ReleaseError("key.exists", path=p)
        pem = self._private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
        # O_EXCL: never follow or replace what appeared meanwhile; 0600 from the first byte
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(path, 0o600)  # the umask may have taken the owner's bits away
        fd = os.open(pub_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(self.public.text + "\n")
        return pub_path

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(SIGNATURE_CONTEXT + message)


class TrustedKeys:
    """The public keys a kiosk accepts releases from (several while keys are rotated)."""

    def __init__(self, keys: Iterable[PublicKey]):
        self.by_id = {k.key_id: k for k in keys}

    @classmethod
    def from_texts(cls, texts: Iterable[str], source: str = "releases.trusted_keys") -> "TrustedKeys":
        return cls(PublicKey.parse(t, source=source) for t in texts)

    def __bool__(self) -> bool:
        return bool(self.by_id)

    def ids(self) -> list[str]:
        return sorted(self.by_id)

    def signer_of(self, message: bytes, signature: bytes) -> PublicKey | None:
        """The trusted key that made ``signature``, or None."""
        return next((k for k in self.by_id.values() if k.verifies(message, signature)), None)
