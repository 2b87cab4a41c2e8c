"""Ed25519 signatures over packet content hashes (issue 13 §3).

Each database holds one private key (made on first use, kept in the database, so it is as
protected as the records); a packet carries the signature of its content hash and the
public key, and prints the key's fingerprint on its cover. The public key a reviewer
trusts comes from ``sessionlog export-key`` (PEM), never from the packet itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

# Re-exported (the "as" form): services name the key type through this module.
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey as Ed25519PrivateKey,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sessionlog.export.files import write_private_file
from sessionlog.export.wording import t

SIGNATURE_DOMAIN = b"sessionlog-packet-signature/1\n"
# The second signature binds the pages as stored to the content they were rendered from
# (docs/packet.md): its own domain, so neither signature can be passed off as the other.
PAGES_SIGNATURE_DOMAIN = b"sessionlog-packet-pages-signature/1\n"


class KeyFileError(ValueError):
    """A public-key file that cannot be used, worded for the user."""


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_from_hex(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text))


def private_key_hex(key: Ed25519PrivateKey) -> str:
    return key.private_bytes_raw().hex()


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes_raw()


def fingerprint(raw_public_key: bytes) -> str:
    """SHA-256 of the raw public key, in groups of four hex digits (for reading aloud)."""
    digest = hashlib.sha256(raw_public_key).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _message(content_sha256: str) -> bytes:
    return SIGNATURE_DOMAIN + content_sha256.encode("ascii")


def sign_digest(key: Ed25519PrivateKey, content_sha256: str) -> bytes:
    return key.sign(_message(content_sha256))


def signature_holds(raw_public_key: bytes, signature: bytes, content_sha256: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(
            signature, _message(content_sha256)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def _pages_message(content_sha256: str, pages_sha256: str) -> bytes:
    return PAGES_SIGNATURE_DOMAIN + f"{content_sha256}\n{pages_sha256}".encode("ascii")


def sign_pages(key: Ed25519PrivateKey, content_sha256: str, pages_sha256: str) -> bytes:
    return key.sign(_pages_message(content_sha256, pages_sha256))


def pages_signature_holds(
    raw_public_key: bytes, signature: bytes, content_sha256: str, pages_sha256: str
) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(
            signature, _pages_message(content_sha256, pages_sha256)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def write_public_key(key: Ed25519PrivateKey, path: Path) -> None:
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    write_private_file(Path(path), pem)


def read_public_key(path: Path) -> bytes:
    """The raw Ed25519 public key in a PEM file written by ``sessionlog export-key``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError(
            t("Cannot read the key file {path}: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise KeyFileError(
            t(
                "{path} is not a public key file (expected the PEM written by 'sessionlog "
                "export-key')",
                path=path,
            )
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(t("{path} holds a public key of another kind, not Ed25519", path=path))
    return key.public_bytes_raw()
