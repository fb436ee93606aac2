"""The exchange package format (version 1): a zip of one government's semester, signed by the sending installation.

::

    manifest.json   format, sender installation id, key fingerprint, government (region code, name), year,
                    semester, created_at, and the SHA-256 of every other file
    data.json       the semester's numbers (see ``sinergi.exchange.data``)
    documents/*.pdf the consolidated semester report(s) and the programme recap, when they could be produced
    signature       base64 of the Ed25519 signature over manifest.json's exact bytes

Reading never trusts the archive: its size, its entries (only these names, no directories or links, no
encryption, no more than a few), each entry's real uncompressed size (read with a bound, whatever the header
says) and the JSON's shape are checked before anything is used. Whether the key is trusted is the caller's
question (``services.package_import``); this module only parses, assembles and checks hashes.
"""

import base64
import binascii
import hashlib
import io
import json
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
KIND = "sinergi-p4gn/semester-package"
MANIFEST = "manifest.json"
DATA = "data.json"
SIGNATURE = "signature"
DOCUMENT_NAME = re.compile(r"^documents/[a-z0-9][a-z0-9._-]{0,100}\.pdf$")
MAX_ENTRIES = 16
MAX_MANIFEST_BYTES = 64 * 1024
MAX_DATA_BYTES = 8 * 1024 * 1024
MAX_SIGNATURE_BYTES = 256
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PackageRefused(Exception):
    """A package that is not safe, not well formed, not authentic or not consistent; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return getattr(settings, "SINERGI_EXCHANGE_MAX_BYTES", 20 * 1024 * 1024)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(value) -> bytes:
    """JSON with sorted keys, UTF-8, no extra spaces: the same data always gives the same bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- writing ---------------------------------------------------------------------------------------------------


def assemble(*, data: dict, documents: dict[str, bytes], key, created_at=None) -> tuple[bytes, dict, bytes]:
    """The package's zip bytes, its manifest and the manifest's exact bytes, signed with ``key``
    (``keys.SigningKey``)."""
    government = data["government"]
    files = {DATA: canonical_json(data)}
    for name, content in sorted(documents.items()):
        if not DOCUMENT_NAME.match(name):
            raise ValueError(f"Not a document name of the package: {name!r}")
        files[name] = content
    manifest = {
        "format": FORMAT_VERSION,
        "kind": KIND,
        "installation": key.installation_id,
        "key_fingerprint": key.fingerprint,
        "government": {"region_code": government["region_code"], "name": government["name"]},
        "year": data["year"],
        "semester": data["semester"],
        "created_at": (created_at or timezone.now()).isoformat(timespec="seconds"),
        "files": {name: sha256(content) for name, content in files.items()},
    }
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    signature = base64.b64encode(key.sign(manifest_bytes)) + b"\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(SIGNATURE, signature)
    return buffer.getvalue(), manifest, manifest_bytes


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass
class Package:
    """A package read from its bytes: shape checked, authenticity not yet."""

    raw: bytes
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return sha256(self.raw)

    @property
    def manifest_sha256(self) -> str:
        return sha256(self.manifest_bytes)

    @property
    def region_code(self) -> str:
        return self.manifest["government"]["region_code"]

    @property
    def documents(self) -> dict[str, bytes]:
        return {name: content for name, content in self.files.items() if name.startswith("documents/")}


def _limit_for(name: str) -> int:
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == DATA:
        return MAX_DATA_BYTES
    if name == SIGNATURE:
        return MAX_SIGNATURE_BYTES
    return max_bytes()


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if name not in (MANIFEST, DATA, SIGNATURE) and not DOCUMENT_NAME.match(name):
        raise PackageRefused(_("The package holds an unexpected file: %(name)s.") % {"name": name[:120]})
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
        raise PackageRefused(_("The package holds a link or a folder: %(name)s.") % {"name": name[:120]})
    if info.flag_bits & 0x1:
        raise PackageRefused(_("The package holds an encrypted file: %(name)s.") % {"name": name[:120]})


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """The entry's bytes, read with a bound whatever its header claims (no zip bomb gets past the limits)."""
    limit = min(_limit_for(info.filename), budget[0])
    if info.file_size > limit:
        raise PackageRefused(_("The file %(name)s in the package is too large.") % {"name": info.filename})
    with archive.open(info) as handle:
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise PackageRefused(_("The file %(name)s in the package is too large.") % {"name": info.filename})
    budget[0] -= len(content)
    return content


def parse_json(content: bytes, name: str):
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageRefused(_("%(name)s in the package is not valid JSON.") % {"name": name}) from exc


# What a damaged zip raises while it is opened or unpacked (a broken deflate stream is a ``zlib.error``).
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
)


def read(raw: bytes) -> Package:
    """Open and check the package's bytes: a zip of the expected names within the limits, a manifest of this
    format naming every other file with a hash. Raises ``PackageRefused``."""
    limit = max_bytes()
    if not raw:
        raise PackageRefused(_("The file is empty."))
    if len(raw) > limit:
        raise PackageRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(raw) / 1048576, 1), "limit": limit // 1048576}
        )
    if not raw.startswith(b"PK\x03\x04"):
        raise PackageRefused(_("The file is not an exchange package (a zip file)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except _DAMAGED as exc:
        raise PackageRefused(_("The file is not an exchange package (a zip file).")) from exc
    if len(infos) > MAX_ENTRIES:
        raise PackageRefused(_("The package holds too many files."))
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise PackageRefused(_("The package holds the same name twice."))
    for info in infos:
        _check_name(info)
    for required in (MANIFEST, DATA, SIGNATURE):
        if required not in names:
            raise PackageRefused(_("The package has no %(name)s.") % {"name": required})
    # Everything together may not unpack to more than four times the upload limit.
    budget = [4 * limit]
    contents = {}
    for info in infos:
        try:
            contents[info.filename] = _read_entry(archive, info, budget)
        except _DAMAGED as exc:
            raise PackageRefused(
                _("The file %(name)s in the package is damaged and cannot be read.") % {"name": info.filename[:120]}
            ) from exc
    manifest_bytes = contents.pop(MANIFEST)
    manifest = parse_json(manifest_bytes, MANIFEST)
    check_manifest(manifest)
    try:
        signature = base64.b64decode(contents.pop(SIGNATURE).strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PackageRefused(_("The package's signature is not readable.")) from exc
    if len(signature) != 64:
        raise PackageRefused(_("The package's signature is not readable."))
    return Package(raw=raw, manifest=manifest, manifest_bytes=manifest_bytes, signature=signature, files=contents)


def check_manifest(manifest) -> None:
    """The manifest's shape: this format version and every field of the right type."""
    if not isinstance(manifest, dict):
        raise PackageRefused(_("manifest.json is not a manifest of an exchange package."))
    version = manifest.get("format")
    if version != FORMAT_VERSION or manifest.get("kind") != KIND:
        raise PackageRefused(
            _("The package's format version %(version)s is not supported (this installation reads version %(ours)s).")
            % {"version": str(version)[:20], "ours": FORMAT_VERSION}
        )
    government = manifest.get("government")
    files = manifest.get("files")
    valid = (
        isinstance(manifest.get("installation"), str)
        and 0 < len(manifest["installation"]) <= 64
        and isinstance(manifest.get("key_fingerprint"), str)
        and SHA256.match(manifest["key_fingerprint"])
        and isinstance(government, dict)
        and isinstance(government.get("region_code"), str)
        and re.fullmatch(r"\d{2}(\.\d{2})?", government["region_code"])
        and isinstance(government.get("name"), str)
        and 0 < len(government["name"]) <= 200
        and _whole(manifest.get("year"), 2000, 2100)
        and manifest.get("semester") in (1, 2)
        and not isinstance(manifest.get("semester"), bool)
        and isinstance(manifest.get("created_at"), str)
        and isinstance(files, dict)
        and all(isinstance(v, str) and SHA256.match(v) for v in files.values())
    )
    if not valid:
        raise PackageRefused(_("manifest.json is not a manifest of an exchange package."))
    try:
        created = datetime.fromisoformat(manifest["created_at"])
    except ValueError as exc:
        raise PackageRefused(_("manifest.json is not a manifest of an exchange package.")) from exc
    if created.tzinfo is None:
        raise PackageRefused(_("manifest.json is not a manifest of an exchange package."))


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_files(package: Package) -> None:
    """Every file but the manifest and the signature is listed in the manifest with its SHA-256, and matches."""
    listed = package.manifest["files"]
    present = set(package.files)
    if set(listed) != present:
        missing = sorted(set(listed) - present)
        extra = sorted(present - set(listed))
        raise PackageRefused(
            _("The package's files do not match its manifest (missing: %(missing)s; not listed: %(extra)s).")
            % {"missing": ", ".join(missing) or "-", "extra": ", ".join(extra) or "-"}
        )
    for name in sorted(present):
        if sha256(package.files[name]) != listed[name]:
            raise PackageRefused(
                _("The SHA-256 of %(name)s does not match the manifest: the file was changed after signing.")
                % {"name": name}
            )
