"""The database's packet-signing key: made on first use, kept in the database (issue 13 §3).

The private key lives in ``app_state`` (so encryption of the database covers it); its
creation is audited with the public key's fingerprint, and every packet's cover prints the
fingerprint of the key that signed it.
"""

from __future__ import annotations

from pathlib import Path

from sessionlog.core.changes import Changes, Entity, Written
from sessionlog.export.signing import (
    Ed25519PrivateKey,
    fingerprint,
    new_private_key,
    private_key_from_hex,
    private_key_hex,
    public_raw,
    write_public_key,
)
from sessionlog.services.records import Records

SIGNING_KEY_STATE = "packet_signing_key"


def packet_signing_key(records: Records) -> Written[Ed25519PrivateKey]:
    """This database's private key, made and recorded the first time it is needed (the
    changes then name the setting written; none when the key was already there)."""
    stored = records.get_state(SIGNING_KEY_STATE)
    if stored:
        return Written(private_key_from_hex(stored), Changes())
    with records.transaction():
        stored = records.get_state(SIGNING_KEY_STATE)  # another connection may have made it
        if stored:
            return Written(private_key_from_hex(stored), Changes())
        key = new_private_key()
        records.set_state(SIGNING_KEY_STATE, private_key_hex(key))
        records.audit(
            "create", "signing_key", "packet", {"fingerprint": fingerprint(public_raw(key))}
        )
    return Written(key, Changes.of(Entity.SETTINGS, SIGNING_KEY_STATE))


def export_public_key(records: Records, out: Path) -> str:
    """Write this database's public key as PEM to ``out`` (mode 0600); its fingerprint."""
    key = packet_signing_key(records).value
    write_public_key(key, out)
    return fingerprint(public_raw(key))
