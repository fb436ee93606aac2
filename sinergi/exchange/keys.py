"""This installation's Ed25519 signing key, kept in the data directory (never in the repository), and the
checks of other installations' public keys.

``<SINERGI_DATA_DIR>/exchange/signing-key.pem`` holds the private key (PKCS#8 PEM, file mode 600, directory 700);
``installation-id`` next to it names this installation in every manifest. A public key travels as the base64 of
its 32 raw bytes; its fingerprint is the SHA-256 of those bytes in hex.
"""

import base64
import binascii
import hashlib
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

KEY_FILE = "signing-key.pem"
ID_FILE = "installation-id"


class BadKey(ValueError):
    """A public key that is not a base64 Ed25519 key, or a signing key that cannot be used."""


def format_fingerprint(fingerprint: str) -> str:
    """A fingerprint in groups of four hex digits, easy to read out over the phone."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def exchange_dir() -> Path:
    return Path(settings.DATA_DIR) / "exchange"


def key_path() -> Path:
    return exchange_dir() / KEY_FILE


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    installation_id: str

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_key(self) -> str:
        return base64.b64encode(self.public_bytes).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.public_bytes).hexdigest()

    @property
    def fingerprint_display(self) -> str:
        return format_fingerprint(self.fingerprint)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def _write_private(path: Path, content: bytes) -> None:
    """Create ``path`` readable by its owner only; never follow or overwrite an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    path.chmod(0o600)


def _installation_id() -> str:
    path = exchange_dir() / ID_FILE
    if not path.exists():
        _write_private(path, (uuid.uuid4().hex + "\n").encode())
    return path.read_text().strip()


def signing_key() -> SigningKey | None:
    """The installation's signing key, or None when none has been generated yet."""
    path = key_path()
    if not path.exists():
        return None
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BadKey(
            _("The signing key %(path)s is readable by other users; allow only its owner (chmod 600).") % {"path": path}
        )
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise BadKey(_("The signing key %(path)s cannot be read.") % {"path": path}) from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise BadKey(_("The signing key %(path)s is not an Ed25519 key.") % {"path": path})
    return SigningKey(private=private, installation_id=_installation_id())


def keygen(*, replace: bool = False) -> SigningKey:
    """Generate the installation's signing key. An existing key is kept unless ``replace``: the installations
    that trust it would refuse this one's packages until they trust the new key."""
    directory = exchange_dir()
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    path = key_path()
    if path.exists():
        if not replace:
            raise BadKey(_("This installation already has a signing key: %(path)s.") % {"path": path})
        path.unlink()
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_private(path, pem)
    return SigningKey(private=private, installation_id=_installation_id())


def signing_key_or_create() -> SigningKey:
    """The signing key, generated on first use (the first export)."""
    return signing_key() or keygen()


def public_key_bytes(text: str) -> bytes:
    """The 32 raw bytes of a base64 Ed25519 public key (spaces and line breaks ignored)."""
    compact = "".join((text or "").split())
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadKey(_("The public key is not valid base64.")) from exc
    if len(raw) != 32:
        raise BadKey(_("An Ed25519 public key is 32 bytes; this one is %(count)s.") % {"count": len(raw)})
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise BadKey(_("The public key is not an Ed25519 key.")) from exc
    return raw


def normalise_public_key(text: str) -> str:
    return base64.b64encode(public_key_bytes(text)).decode("ascii")


def fingerprint_of(text: str) -> str:
    return hashlib.sha256(public_key_bytes(text)).hexdigest()


def verify_signature(public_key: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key_bytes(public_key)).verify(signature, data)
    except (InvalidSignature, BadKey, ValueError):
        return False
    return True
